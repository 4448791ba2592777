/* solver_order.c — the solver in free-order and no-remat mode (issue 8).
 *
 * The options moc_solver_set_order_mode and moc_solver_set_no_remat, and the
 * phases of a solve when the order of first computations is free:
 *
 *   0. Trivial cases: a budget below max_v (m_v + sum of its inputs' sizes)
 *      is infeasible whatever the order; a budget at or above the reference
 *      order's peak is met by that order at the least possible cost sum(w).
 *   1. The order search with recomputations on the best order found and on
 *      the reference order (order_solve.c), or the order search alone with
 *      no_remat (or C = 1).
 *
 * The fixed-order CP proof says nothing about other orders, so the only
 * lower bound here is sum(w) (every node is computed at least once), and a
 * schedule is optimal only when its cost reaches it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/order.h"
#include "model/solver_internal.h"

moc_error moc_solver_set_order_mode(moc_solver *s, moc_order_mode mode) {
  if (!s) return MOC_ERR_ARGUMENT;
  if (mode != MOC_ORDER_FIXED && mode != MOC_ORDER_FREE) {
    snprintf(s->message, sizeof s->message, "unknown order mode %d", (int)mode);
    return MOC_ERR_ARGUMENT;
  }
  s->order_mode = mode;
  return MOC_OK;
}

moc_error moc_solver_set_no_remat(moc_solver *s, bool no_remat) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->no_remat = no_remat;
  return MOC_OK;
}

typedef struct free_ctx {
  moc_solver *s;
  moc_error err;
} free_ctx;

static void on_incumbent(void *user, const uint32_t *schedule, size_t length, int64_t cost,
                         int64_t peak) {
  free_ctx *ctx = user;
  (void)peak;
  if (ctx->err != MOC_OK) return;
  ctx->err = moc_solver_offer(ctx->s, schedule, length, cost,
                              length == ctx->s->g->n ? "order" : "order+remat");
  moc_solver_should_stop(ctx->s);
}

static moc_heur_params params(moc_solver *s, free_ctx *ctx) {
  moc_heur_params p;
  memset(&p, 0, sizeof p);
  p.budget = s->budget;
  p.copies = s->copies;
  p.seed = s->seed;
  p.time_limit_s = s->time_limit_s > 0 ? s->time_limit_s - moc_solver_elapsed(s) : 0;
  if (s->time_limit_s > 0 && p.time_limit_s <= 0) p.time_limit_s = 1e-3;
  p.stop = &s->stop;
  p.on_incumbent = on_incumbent;
  p.user = ctx;
  return p;
}

static bool settle_trivial(moc_solver *s, moc_error *err) {
  const moc_graph *g = s->g;
  *err = MOC_OK;
  if (s->budget < g->min_budget) {
    s->status = MOC_STATUS_INFEASIBLE;
    snprintf(s->message, sizeof s->message,
             "budget %lld is below the lower bound %lld of every schedule",
             (long long)s->budget, (long long)g->min_budget);
    return true;
  }
  if (s->budget < g->topo_peak) return false;
  *err = moc_solver_offer(s, g->order, g->n, g->topo_cost, "topological");
  return true;
}

moc_error moc_solver_run_free(moc_solver *s) {
  moc_error err = MOC_OK;
  bool no_remat = s->no_remat || s->copies == 1;
  if (!settle_trivial(s, &err)) {
    free_ctx ctx = {s, MOC_OK};
    moc_heur_params p = params(s, &ctx);
    int rc = moc_order_solve(s->g, &p, no_remat);
    if (rc < 0) return MOC_ERR_NOMEM;
    if ((err = ctx.err) != MOC_OK) return err;
    if (!s->best && no_remat && s->status == MOC_STATUS_UNKNOWN)
      snprintf(s->message, sizeof s->message,
               "no order without recomputation within the budget %lld was found",
               (long long)s->budget);
  }
  if (err == MOC_OK && s->best && s->best_cost <= s->lower_bound) s->status = MOC_STATUS_OPTIMAL;
  return err;
}
