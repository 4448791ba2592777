/* sweep.h — `moccasin sweep`: the cost–budget curve of one graph.
 *
 * The budgets are solved from the highest to the lowest, each with its own
 * time limit, each hinted with the schedule of the budget above it when that
 * schedule fits.  Then the curve is made consistent, since a schedule that
 * fits a budget fits every larger one and a lower bound at a budget holds at
 * every smaller one: bounds are carried down, schedules are carried up where
 * they are cheaper, so the costs never increase as the budget grows.
 */
#ifndef MOC_CLI_SWEEP_H
#define MOC_CLI_SWEEP_H

#include "cli/graph_reader.h"

typedef struct sweep_point {
  char fraction[24];     /* the budget as given, e.g. "0.85" */
  double f;              /* the same as a number */
  int64_t budget;        /* bytes: ceil(f * topo_peak) */
  moc_status status;
  int64_t cost, peak;    /* -1 without a schedule */
  int64_t lower_bound;
  uint32_t *schedule;    /* node indices (malloc'ed), NULL without one */
  size_t length;
  double time_s;         /* solver time at this budget */
  bool adopted;          /* the schedule came from a smaller budget */
} sweep_point;

typedef struct sweep {
  const cli_graph *cg;
  sweep_point *points;   /* by decreasing budget */
  size_t count;
} sweep;

typedef struct sweep_settings {
  double time_limit;     /* per budget, seconds */
  int copies;
  bool copies_pinned;    /* --remat C; auto (default): C = 2, more when 2 finds nothing */
  uint64_t seed;
  bool quiet;            /* no per-budget lines on stderr */
  bool jsonl;            /* per-budget lines as JSON objects */
} sweep_settings;

/* Parses "HI:LO:STEP" (a decreasing range, ends included) or "F1,F2,..."
 * into points with their budgets, sorted by decreasing budget. */
int sweep_parse_budgets(const char *spec, const cli_graph *cg, sweep *sw, cli_error *err);
/* Solves every point, then makes the curve monotone. */
int sweep_solve(sweep *sw, const sweep_settings *st, cli_error *err);
/* Carries bounds down and schedules up (also used by tests); false when out
 * of memory. */
bool sweep_make_monotone(sweep *sw);
void sweep_free(sweep *sw);

#endif /* MOC_CLI_SWEEP_H */
