/* test_order_solver.c — the solver in free-order and no-remat mode: every
 * schedule passes the evaluator on the original graph within the budget, a
 * no-remat schedule computes each node exactly once, free mode never does
 * worse than the budget's trivial cases, and a seed with an effort limit
 * (the node limit: order moves and local-search steps) gives one result. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/moccasin.h"
#include "support/random_graph.h"
#include "support/schedule_check.h"

TestSuite(order_solver, .timeout = 120);

/* The effort of most runs here: enough for these small graphs, and fast. */
enum { EFFORT = 20000 };

static moc_solver *solve_with(const moc_graph *g, int64_t budget, bool no_remat, uint64_t seed,
                              uint64_t effort) {
  moc_solver *s = moc_solver_create(g);
  cr_assert_not_null(s);
  cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
  cr_assert_eq(moc_solver_set_order_mode(s, MOC_ORDER_FREE), MOC_OK);
  cr_assert_eq(moc_solver_set_no_remat(s, no_remat), MOC_OK);
  cr_assert_eq(moc_solver_set_seed(s, seed), MOC_OK);
  cr_assert_eq(moc_solver_set_node_limit(s, effort), MOC_OK);
  cr_assert_eq(moc_solver_solve(s), MOC_OK, "%s", moc_solver_error_message(s));
  return s;
}

static moc_solver *solve(const moc_graph *g, int64_t budget, bool no_remat, uint64_t seed) {
  return solve_with(g, budget, no_remat, seed, EFFORT);
}

static void check_result(const moc_graph *g, moc_solver *s, int64_t budget) {
  size_t len = 0;
  const uint32_t *sched = moc_solver_schedule(s, &len);
  moc_status st = moc_solver_status(s);
  if (!sched) {
    cr_assert(st == MOC_STATUS_UNKNOWN || st == MOC_STATUS_INFEASIBLE);
    return;
  }
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, sched, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_leq(ev->peak, budget);
  cr_assert_eq(ev->cost, moc_solver_cost(s));
  cr_assert_geq(ev->cost, moc_graph_topo_cost(g));
  cr_assert_leq(moc_solver_lower_bound(s), ev->cost);
  if (st == MOC_STATUS_OPTIMAL) cr_assert_eq(ev->cost, moc_solver_lower_bound(s));
  moc_eval_free(ev);
}

Test(order_solver, free_schedules_pass_the_evaluator_within_budget) {
  for (uint64_t seed = 1; seed <= 30; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 2, 30, 9);
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    int64_t budgets[] = {lo - 1, lo, (lo + hi) / 2, hi - 1, hi};
    for (int b = 0; b < 5; b++) {
      if (budgets[b] < 0) continue;
      moc_solver *s = solve(g, budgets[b], false, seed);
      check_result(g, s, budgets[b]);
      if (budgets[b] < lo) cr_assert_eq(moc_solver_status(s), MOC_STATUS_INFEASIBLE);
      if (budgets[b] >= hi) cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL);
      moc_solver_free(s);
    }
    moc_graph_free(g);
  }
}

Test(order_solver, no_remat_computes_each_node_once) {
  for (uint64_t seed = 1; seed <= 60; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 2, 30, 9);
    size_t n = moc_graph_node_count(g);
    int64_t budget = moc_graph_topo_peak(g) - moc_graph_topo_peak(g) / 8;
    moc_solver *s = solve(g, budget, true, seed);
    check_result(g, s, budget);
    size_t len = 0;
    const uint32_t *sched = moc_solver_schedule(s, &len);
    if (sched) {
      cr_assert_eq(len, n);
      uint8_t *seen = calloc(n, 1);
      for (size_t j = 0; j < len; j++) cr_assert_eq(seen[sched[j]]++, 0);
      free(seen);
      cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL);
    } else {
      moc_status expect = budget < moc_graph_min_budget(g) ? MOC_STATUS_INFEASIBLE
                                                           : MOC_STATUS_UNKNOWN;
      cr_assert_eq(moc_solver_status(s), expect);
    }
    moc_solver_free(s);
    moc_graph_free(g);
  }
}

static void assert_same_schedule(moc_solver *a, moc_solver *b) {
  size_t la = 0, lb = 0;
  const uint32_t *sa = moc_solver_schedule(a, &la), *sb = moc_solver_schedule(b, &lb);
  cr_assert_eq(la, lb);
  cr_assert((sa == NULL) == (sb == NULL));
  if (sa) cr_assert_eq(memcmp(sa, sb, la * sizeof *sa), 0);
}

Test(order_solver, free_mode_is_deterministic_for_a_seed_and_an_effort) {
  for (uint64_t seed = 1; seed <= 8; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 10, 40, 9);
    int64_t budget = (moc_graph_min_budget(g) + moc_graph_topo_peak(g)) / 2;
    uint64_t effort = 5000 + 3000 * seed;
    moc_solver *a = solve_with(g, budget, false, 5, effort);
    moc_solver *b = solve_with(g, budget, false, 5, effort);
    assert_same_schedule(a, b);
    cr_assert_eq(moc_solver_stats(a).nodes, moc_solver_stats(b).nodes);
    cr_assert_leq(moc_solver_stats(a).nodes, effort);
    moc_solver_free(a);
    moc_solver_free(b);
    moc_graph_free(g);
  }
}

/* Tight budgets, where the order alone does not fit and C copies may not
 * either: whatever C the schedule uses is reported, and it is valid; a C
 * the caller set is never exceeded. */
Test(order_solver, tight_budgets_report_the_copies_used_and_keep_a_pinned_c) {
  for (uint64_t seed = 1; seed <= 20; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 20, 40, 9);
    int64_t lo = moc_graph_min_budget(g), budget = lo + (moc_graph_topo_peak(g) - lo) / 8;
    size_t n = moc_graph_node_count(g);
    moc_solver *s = solve(g, budget, false, seed);
    check_result(g, s, budget);
    uint32_t most = most_computations(s, n);
    if (most) cr_assert_eq((uint32_t)moc_solver_stats(s).copies, most > 2 ? most : 2);
    moc_solver_free(s);
    s = moc_solver_create(g);
    cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
    cr_assert_eq(moc_solver_set_order_mode(s, MOC_ORDER_FREE), MOC_OK);
    cr_assert_eq(moc_solver_set_copies(s, 2), MOC_OK);
    cr_assert_eq(moc_solver_set_node_limit(s, EFFORT), MOC_OK);
    cr_assert_eq(moc_solver_solve(s), MOC_OK, "%s", moc_solver_error_message(s));
    check_result(g, s, budget);
    cr_assert_leq(most_computations(s, n), 2);
    cr_assert_eq(moc_solver_stats(s).copies, 2);
    moc_solver_free(s);
    moc_graph_free(g);
  }
}

Test(order_solver, rejects_an_unknown_mode) {
  moc_graph *g = moc_test_random_graph(1, 3, 3, 9);
  moc_solver *s = moc_solver_create(g);
  cr_assert_eq(moc_solver_set_order_mode(s, (moc_order_mode)7), MOC_ERR_ARGUMENT);
  cr_assert_eq(moc_solver_set_order_mode(NULL, MOC_ORDER_FREE), MOC_ERR_ARGUMENT);
  moc_solver_free(s);
  moc_graph_free(g);
}
