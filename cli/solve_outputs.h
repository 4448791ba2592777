/* solve_outputs.h — what `moccasin solve` writes besides the result JSON:
 * the arena plan of the schedule (offsets in the result), a memory plot
 * (--svg), a Chrome trace (--trace), a C plan for firmware (--emit-c), and
 * progress as JSON lines (--log-format jsonl).  `moccasin eval --svg` uses
 * the plot too.
 */
#ifndef MOC_CLI_SOLVE_OUTPUTS_H
#define MOC_CLI_SOLVE_OUTPUTS_H

#include "cli/solve_report.h"

typedef struct cli_outputs {
  const char *svg, *trace, *emit_c;       /* output paths, NULL when not asked */
  const char *log_format, *alignment;     /* option texts, NULL when not given */
  int64_t align;                          /* parsed --alignment (default 16) */
  bool jsonl;                             /* --log-format jsonl */
  bool arena_budget;                      /* --arena-budget */
} cli_outputs;

/* Checks --alignment (an integer in [1, 2^20]) and --log-format (text|jsonl). */
int cli_outputs_parse(cli_outputs *o, cli_error *err);
/* Plans the arena of r's schedule into *arena (NULL without a schedule). */
int cli_outputs_plan(const cli_outputs *o, const cli_result *r, moc_arena **arena, cli_error *err);
/* Writes the files asked for (atomically); trace and C plan need a schedule. */
int cli_outputs_write(const cli_outputs *o, const cli_result *r, const moc_arena *arena, cli_error *err);
/* The memory plot of a schedule (may be NULL/0) against the topological order. */
int cli_outputs_svg(const char *path, const cli_graph *cg, const uint32_t *schedule, const moc_eval *ev,
                    int64_t budget, const moc_arena *arena, cli_error *err);

/* Solves so that the arena with offsets aligned to `alignment`, not only the
 * summed peak, fits the budget (moc_solver_solve_arena, up to 8 rounds). */
moc_error cli_outputs_solve_arena(moc_solver *s, int64_t alignment);

/* One line on stderr: the arena size next to the summed peak. */
void cli_outputs_report_arena(const cli_result *r);

/* JSON-lines counterparts of the solve header and summary. */
void cli_jsonl_start(const cli_graph *cg, const cli_settings *st);
void cli_jsonl_done(const cli_result *r, bool interrupted);

#endif /* MOC_CLI_SOLVE_OUTPUTS_H */
