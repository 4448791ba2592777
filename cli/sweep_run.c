/* sweep_run.c — the budgets of a sweep, solving them, and the monotone
 * repair (see sweep.h).
 *
 * Fractions are handled as exact decimals (millionths) and handed to the
 * library as text, so the budgets are exactly those of `solve --budget F`.
 */
#include "cli/sweep.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/jsonl_log.h"

#define MICRO 1000000
#define MAX_POINTS 1000

/* A decimal in (0, 1] with at most 6 decimals, in millionths. */
static bool parse_fraction(const char *text, size_t len, int64_t *micro) {
  int64_t whole = 0, frac = 0, scale = MICRO;
  size_t i = 0;
  bool digits = false;
  for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, digits = true)
    if ((whole = whole * 10 + (text[i] - '0')) > 1) return false;
  if (i < len && text[i] == '.')
    for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++, digits = true) {
      if (scale == 1) return false;
      scale /= 10;
      frac += (text[i] - '0') * scale;
    }
  *micro = whole * MICRO + frac;
  return digits && i == len && *micro > 0 && *micro <= MICRO;
}

static int add_point(sweep *sw, int64_t micro, cli_error *err) {
  if (sw->count == MAX_POINTS) return cli_fail(err, CLI_USAGE, "--budgets: more than %d budgets", MAX_POINTS);
  sweep_point *p = &sw->points[sw->count];
  memset(p, 0, sizeof *p);
  int len = snprintf(p->fraction, sizeof p->fraction, "%" PRId64 ".%06" PRId64, micro / MICRO, micro % MICRO);
  while (len > 1 && p->fraction[len - 1] == '0') p->fraction[--len] = '\0';
  if (p->fraction[len - 1] == '.') p->fraction[--len] = '\0';
  p->f = (double)micro / MICRO;
  p->cost = p->peak = -1;
  if (moc_graph_budget_from_fraction(sw->cg->graph, p->fraction, &p->budget) != MOC_OK)
    return cli_fail(err, CLI_USAGE, "--budgets: bad fraction %s", p->fraction);
  sw->count++;
  return CLI_OK;
}

static int parse_range(const char *spec, sweep *sw, cli_error *err) {
  const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  int64_t hi, lo, step;
  if (!c2 || !parse_fraction(spec, (size_t)(c1 - spec), &hi) ||
      !parse_fraction(c1 + 1, (size_t)(c2 - c1 - 1), &lo) || !parse_fraction(c2 + 1, strlen(c2 + 1), &step) ||
      lo > hi)
    return cli_fail(err, CLI_USAGE,
                    "--budgets %s: expected HI:LO:STEP, fractions in (0, 1] with HI >= LO, e.g. 1.0:0.5:0.05", spec);
  for (int64_t v = hi; v >= lo; v -= step) {
    int status = add_point(sw, v, err);
    if (status) return status;
  }
  return CLI_OK;
}

static int parse_list(const char *spec, sweep *sw, cli_error *err) {
  for (const char *s = spec;;) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    int64_t v;
    if (!parse_fraction(s, len, &v))
      return cli_fail(err, CLI_USAGE, "--budgets %s: expected fractions in (0, 1] like 0.9,0.8", spec);
    int status = add_point(sw, v, err);
    if (status || !comma) return status;
    s = comma + 1;
  }
}

static int by_decreasing_budget(const void *a, const void *b) {
  const sweep_point *p = a, *q = b;
  return p->budget != q->budget ? (p->budget < q->budget ? 1 : -1) : (p->f < q->f) - (p->f > q->f);
}

int sweep_parse_budgets(const char *spec, const cli_graph *cg, sweep *sw, cli_error *err) {
  sw->cg = cg;
  sw->count = 0;
  sw->points = calloc(MAX_POINTS, sizeof *sw->points);
  if (!sw->points) return cli_fail(err, CLI_SOFTWARE, "out of memory");
  int status = strchr(spec, ':') ? parse_range(spec, sw, err) : parse_list(spec, sw, err);
  if (!status) qsort(sw->points, sw->count, sizeof *sw->points, by_decreasing_budget);
  return status;
}

void sweep_free(sweep *sw) {
  for (size_t i = 0; sw->points && i < sw->count; i++) free(sw->points[i].schedule);
  free(sw->points);
  sw->points = NULL;
  sw->count = 0;
}

/* ---- solving ---- */

static bool fits(const moc_graph *g, const sweep_point *above, int64_t budget) {
  if (!above || !above->schedule) return false;
  moc_eval *ev = NULL;
  bool ok = moc_evaluate(g, above->schedule, above->length, &ev) == MOC_OK && ev->valid && ev->peak <= budget;
  moc_eval_free(ev);
  return ok;
}

static int keep_result(const moc_solver *s, sweep_point *p, cli_error *err) {
  size_t length = 0;
  const uint32_t *schedule = moc_solver_schedule(s, &length);
  p->status = moc_solver_status(s);
  p->lower_bound = moc_solver_lower_bound(s);
  p->time_s = moc_solver_stats(s).time_s;
  if (!schedule) return CLI_OK;
  p->schedule = malloc((length + 1) * sizeof *p->schedule);
  if (!p->schedule) return cli_fail(err, CLI_SOFTWARE, "out of memory");
  memcpy(p->schedule, schedule, length * sizeof *schedule);
  p->length = length;
  p->cost = moc_solver_cost(s);
  p->peak = moc_solver_peak(s);
  return CLI_OK;
}

static int solve_point(const sweep *sw, sweep_point *p, const sweep_point *above, const sweep_settings *st,
                       cli_error *err) {
  const moc_graph *g = sw->cg->graph;
  moc_solver *s = moc_solver_create(g);
  if (!s) return cli_fail(err, CLI_SOFTWARE, "solver: out of memory");
  moc_error e = moc_solver_set_budget_bytes(s, p->budget);
  if (!e) e = st->copies_pinned ? moc_solver_set_copies(s, st->copies) : moc_solver_set_copies_auto(s);
  if (!e) e = moc_solver_set_time_limit(s, st->time_limit);
  if (!e) e = moc_solver_set_seed(s, st->seed);
  if (!e && fits(g, above, p->budget)) e = moc_solver_set_hint(s, above->schedule, above->length);
  if (!e) e = moc_solver_solve(s);
  int status = e ? cli_fail(err, e == MOC_ERR_BAD_COPIES ? CLI_USAGE : CLI_SOFTWARE, "solver at budget %s: %s",
                            p->fraction, moc_solver_error_message(s))
                 : keep_result(s, p, err);
  moc_solver_free(s);
  return status;
}

static void report_point(const sweep *sw, const sweep_point *p, const sweep_settings *st) {
  int64_t topo = moc_graph_topo_cost(sw->cg->graph);
  double tdi = p->cost >= 0 && topo > 0 ? (double)(p->cost - topo) * 100.0 / (double)topo : 0.0;
  if (st->jsonl) {
    fprintf(stderr, "{\"event\":\"budget\",\"budget_fraction\":%s,\"budget\":%" PRId64 ",\"status\":\"%s\"",
            p->fraction, p->budget, moc_status_name(p->status));
    if (p->cost >= 0) fprintf(stderr, ",\"cost\":%" PRId64 ",\"tdi_percent\":%.6g", p->cost, tdi);
    else fputs(",\"cost\":null,\"tdi_percent\":null", stderr);
    fprintf(stderr, ",\"lower_bound\":%" PRId64 ",\"time_s\":%.3f}\n", p->lower_bound, p->time_s);
  } else if (p->cost >= 0) {
    fprintf(stderr, "budget %-6s %12" PRId64 " B  %-10s cost %" PRId64 "  TDI %.3f %%  bound %" PRId64 "  %.2f s\n",
            p->fraction, p->budget, moc_status_name(p->status), p->cost, tdi, p->lower_bound, p->time_s);
  } else {
    fprintf(stderr, "budget %-6s %12" PRId64 " B  %-10s no schedule  %.2f s\n", p->fraction, p->budget,
            moc_status_name(p->status), p->time_s);
  }
  fflush(stderr);
}

int sweep_solve(sweep *sw, const sweep_settings *st, cli_error *err) {
  for (size_t i = 0; i < sw->count; i++) {
    int status = solve_point(sw, &sw->points[i], i > 0 ? &sw->points[i - 1] : NULL, st, err);
    if (status) return status;
    if (!st->quiet) report_point(sw, &sw->points[i], st);
  }
  return sweep_make_monotone(sw) ? CLI_OK : cli_fail(err, CLI_SOFTWARE, "out of memory");
}

/* ---- the monotone repair ---- */

static bool adopt(sweep_point *to, const sweep_point *from) {
  uint32_t *copy = malloc((from->length + 1) * sizeof *copy);
  if (!copy) return false;
  memcpy(copy, from->schedule, from->length * sizeof *copy);
  free(to->schedule);
  to->schedule = copy;
  to->length = from->length;
  to->cost = from->cost;
  to->peak = from->peak;
  to->adopted = true;
  to->status = MOC_STATUS_FEASIBLE;
  return true;
}

bool sweep_make_monotone(sweep *sw) {
  sweep_point *pt = sw->points;
  for (size_t i = 0; i + 1 < sw->count; i++) {
    if (pt[i].status == MOC_STATUS_INFEASIBLE && !pt[i + 1].schedule) pt[i + 1].status = MOC_STATUS_INFEASIBLE;
    if (pt[i].status != MOC_STATUS_INFEASIBLE && pt[i].lower_bound > pt[i + 1].lower_bound &&
        pt[i + 1].status != MOC_STATUS_INFEASIBLE)
      pt[i + 1].lower_bound = pt[i].lower_bound;
  }
  for (size_t i = sw->count; i-- > 1;) {
    const sweep_point *lower = &pt[i];
    sweep_point *higher = &pt[i - 1];
    if (lower->schedule && (!higher->schedule || lower->cost < higher->cost) && !adopt(higher, lower)) return false;
  }
  for (size_t i = 0; i < sw->count; i++)
    if (pt[i].schedule && pt[i].cost <= pt[i].lower_bound) pt[i].status = MOC_STATUS_OPTIMAL;
  return true;
}
