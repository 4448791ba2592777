/* solver_order.c — the solver in free-order and no-remat mode (issue 8).
 *
 * The options moc_solver_set_order_mode and moc_solver_set_no_remat, and the
 * phases of a solve when the order of first computations is free:
 *
 *   0. Trivial cases: a budget below max_v (m_v + sum of its inputs' sizes)
 *      is infeasible whatever the order; a budget at or above the reference
 *      order's peak is met by that order at the least possible cost sum(w).
 *   1. The order search with recomputations on the best orders found and on
 *      the reference order (order_solve.c), or the order search alone with
 *      no_remat (or C = 1).  The node limit caps its steps (order moves and
 *      local-search steps, reported as nodes): with a node limit and no time
 *      limit a seed gives one schedule; a time limit only cuts the same plan
 *      short.  When C copies find nothing, more are used unless the caller
 *      pinned C, and the C of the schedule is reported in the statistics.
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

moc_error moc_solver_run_free(moc_solver *s) {
  bool no_remat = s->no_remat || s->copies == 1;
  bool settled = false;
  moc_error err = moc_solver_settle_budget(s, &settled);
  if (err == MOC_OK && !settled) {
    moc_phase_ctx ctx = {s, "order", MOC_OK};
    moc_heur_params p = moc_solver_heur_params(s, &ctx);
    p.time_limit_s = moc_solver_remaining(s);
    uint64_t steps = 0;
    int rc = moc_order_solve(s->g, &p, no_remat, !s->copies_pinned, s->node_limit, &steps);
    s->stats.nodes = steps;
    if (rc < 0) return MOC_ERR_NOMEM;
    if ((err = ctx.err) != MOC_OK) return err;
    if (!s->best && no_remat && s->status == MOC_STATUS_UNKNOWN)
      snprintf(s->message, sizeof s->message,
               "no order without recomputation within the budget %lld was found",
               (long long)s->budget);
  }
  if (err == MOC_OK && s->best && s->best_cost <= s->lower_bound) s->status = MOC_STATUS_OPTIMAL;
  if (err == MOC_OK) err = moc_solver_report_copies(s);
  return err;
}
