/* result_json.h — the result file of SPEC §4, written atomically.
 *
 * {"graph", "fingerprint", "nodes", "edges", "budget", "topo_peak", "topo_cost",
 *  "min_budget", "order_source", "order", "status", "cost", "peak",
 *  "tdi_percent", "lower_bound", "schedule", "frees", "arena_size", "alignment",
 *  "offsets", "solver": {...}}
 * Ids are printed as the file gave them (numbers or strings).  Without -o the
 * JSON goes to stdout; with -o it is written to a temporary file next to the
 * target and renamed over it, so a failed or interrupted run leaves no
 * partial file.
 */
#ifndef MOC_CLI_RESULT_JSON_H
#define MOC_CLI_RESULT_JSON_H

#include "cli/graph_reader.h"

typedef struct cli_result {
  const cli_graph *cg;
  int64_t budget;
  moc_status status;
  int64_t lower_bound;
  const uint32_t *schedule;  /* NULL when there is none */
  size_t length;
  const moc_eval *eval;      /* the evaluator's verdict on the schedule (frees) */
  const moc_arena *arena;    /* its arena plan (arena_size, alignment, offsets), or NULL */
  moc_stats stats;
} cli_result;

/* TDI in percent: 100 * (cost - topo_cost) / topo_cost (0 when both are 0). */
double cli_tdi_percent(int64_t cost, int64_t topo_cost);
/* Writes the result to `path` atomically, or to stdout when path is NULL. */
int cli_result_write(const cli_result *r, const char *path, cli_error *err);

#endif /* MOC_CLI_RESULT_JSON_H */
