/* solver_exact.c — the exact search (exact.h) as a phase of the solver:
 * started under the incumbent, its schedules go through the evaluator gate
 * (moc_solver_offer) and its rising lower bound is reported as it is proven.
 * When it exhausts its space, the incumbent is optimal (or, with none, the
 * budget is infeasible) for the C in use.
 */
#include <stdlib.h>

#include "model/exact.h"
#include "model/solver_internal.h"

typedef struct exact_ctx {
  moc_solver *s;
  moc_error err;
  bool bounds;  /* report the bounds it proves */
} exact_ctx;

moc_error moc_solver_offer_staged(moc_solver *s, const moc_remat *remats, size_t count,
                                  int64_t cost, const char *phase) {
  uint32_t *schedule = NULL;
  size_t length = 0;
  if (moc_staged_to_schedule(s->g, remats, count, &schedule, &length) != 0) return MOC_ERR_NOMEM;
  moc_error err = moc_solver_offer(s, schedule, length, cost, phase);
  free(schedule);
  return err;
}

static void on_incumbent(void *user, const moc_remat *remats, size_t count, int64_t cost) {
  exact_ctx *ctx = user;
  if (ctx->err == MOC_OK) ctx->err = moc_solver_offer_staged(ctx->s, remats, count, cost, "exact");
}

static void on_bound(void *user, int64_t bound) {
  exact_ctx *ctx = user;
  if (ctx->bounds) moc_solver_raise_bound(ctx->s, bound, "exact");
}

static moc_error run(moc_solver *s, double time_limit_s, bool bounds) {
  exact_ctx ctx = {s, MOC_OK, bounds};
  moc_exact_params p = {0};
  p.budget = s->budget;
  p.copies = s->copies;
  p.upper = s->best ? s->best_cost : INT64_MAX;
  p.node_limit = s->node_limit;
  p.time_limit_s = time_limit_s;
  p.stop = s->user_stop;
  p.on_incumbent = on_incumbent;
  p.on_bound = on_bound;
  p.user = &ctx;
  moc_exact_result r;
  if (moc_exact_solve(s->g, &p, &r) != 0) return MOC_ERR_NOMEM;
  s->stats.nodes += r.nodes;
  if (ctx.err != MOC_OK) return ctx.err;
  if (r.exhausted) moc_solver_exact_exhausted(s, "exact");
  return MOC_OK;
}

void moc_solver_exact_exhausted(moc_solver *s, const char *phase) {
  if (s->best) {
    s->status = MOC_STATUS_OPTIMAL;
    moc_solver_raise_bound(s, s->best_cost, phase);
  } else {
    moc_solver_staged_infeasible(s);
  }
}

moc_error moc_solver_exact(moc_solver *s, double time_limit_s) {
  return run(s, time_limit_s, true);
}

moc_error moc_solver_exact_first(moc_solver *s, double time_limit_s) {
  return run(s, time_limit_s, false);
}
