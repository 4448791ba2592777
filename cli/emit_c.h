/* emit_c.h — the plan as a C header for firmware: execution order, free
 * points and arena offsets as const arrays, with a comment header naming the
 * graph, its fingerprint, the budget and the cost.
 *
 * The header declares everything (extern const); the one translation unit
 * that defines MOC_PLAN_DEFINE before including it also defines the arrays.
 * It needs only <stdint.h> and compiles as C99 or later, or C++.
 */
#ifndef MOC_CLI_EMIT_C_H
#define MOC_CLI_EMIT_C_H

#include "cli/graph_reader.h"

typedef struct cli_plan {
  const cli_graph *cg;
  const uint32_t *schedule;  /* node indices, arena->length steps */
  const moc_arena *arena;    /* its arena plan (offsets, sizes, lifetimes) */
  int64_t budget;            /* bytes (-1: none) */
  int64_t cost;              /* the schedule's cost */
  const char *status;        /* "optimal", "feasible", ... or NULL */
} cli_plan;

/* Writes the header; false on a write error or out of memory. */
bool cli_emit_c(FILE *f, const cli_plan *plan);

#endif /* MOC_CLI_EMIT_C_H */
