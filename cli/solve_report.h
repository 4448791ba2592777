/* solve_report.h — what `moccasin solve` tells on stderr: a header, one line
 * per new incumbent or bound (through moc_solver_set_progress), a summary. */
#ifndef MOC_CLI_SOLVE_REPORT_H
#define MOC_CLI_SOLVE_REPORT_H

#include "cli/result_json.h"

typedef struct cli_settings {
  int copies;           /* C */
  bool copies_pinned;   /* --remat N: C is never exceeded (--remat auto, or none: it may be) */
  double time_limit;    /* seconds, 0: none */
  uint64_t fail_limit;  /* 0: none */
  uint64_t node_limit;  /* 0: none (free order: steps of its search) */
  uint64_t seed;
  moc_order_mode order; /* --order fixed|free */
  bool no_remat;        /* --no-remat */
  int64_t budget;       /* bytes */
  const char *fraction; /* --budget text, or NULL */
  int64_t topo_cost;    /* for TDI in progress lines */
  bool jsonl;           /* --log-format jsonl: progress lines as JSON objects */
  int64_t arena_alignment; /* --arena-budget: > 0 makes the arena (so aligned) fit the budget */
} cli_settings;

void cli_report_header(const cli_graph *cg, const cli_settings *st);
/* A moc_progress_fn; `user` is the cli_settings. */
void cli_report_progress(const moc_progress *p, void *user);
void cli_report_summary(const cli_result *r, bool interrupted);

#endif /* MOC_CLI_SOLVE_REPORT_H */
