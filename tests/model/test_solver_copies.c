/* test_solver_copies.c — the number of copies C the solver uses and states.
 *
 * On many random tiny graphs and every budget from the graph's lower bound
 * to its topological peak: with C pinned to 2 no node is computed more than
 * twice and the stated C is 2; by default (C = 2, more only when 2 finds no
 * schedule) every schedule passes the evaluator, the stated C is at least
 * 2 and at least the most computations of one node, and it is 2 whenever
 * the pinned C = 2 found a schedule.  A graph built to need three copies
 * gets a schedule by default and states C = 3.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/moccasin.h"
#include "support/random_graph.h"
#include "support/schedule_check.h"

TestSuite(solver_copies, .timeout = 120);

static void check_schedule(const moc_graph *g, const moc_solver *s, int64_t budget) {
  size_t len = 0;
  const uint32_t *sched = moc_solver_schedule(s, &len);
  expect_schedule_fits(g, sched, len, budget, moc_solver_cost(s));
}

static bool has_schedule(const moc_solver *s) {
  moc_status st = moc_solver_status(s);
  return st == MOC_STATUS_FEASIBLE || st == MOC_STATUS_OPTIMAL;
}

static moc_solver *solve(const moc_graph *g, int64_t budget, bool pinned) {
  moc_solver *s = moc_solver_create(g);
  cr_assert_not_null(s);
  if (pinned) cr_assert_eq(moc_solver_set_copies(s, 2), MOC_OK);
  cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
  cr_assert_eq(moc_solver_set_time_limit(s, 2.0), MOC_OK);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  return s;
}

Test(solver_copies, states_the_copies_it_uses) {
  for (uint64_t seed = 1; seed <= 150; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 3, 7, 9);
    cr_assert_not_null(g);
    for (int64_t b = moc_graph_min_budget(g); b < moc_graph_topo_peak(g); b++) {
      moc_solver *pinned = solve(g, b, true), *free_c = solve(g, b, false);
      cr_assert_eq(moc_solver_stats(pinned).copies, 2);
      if (has_schedule(pinned)) {
        check_schedule(g, pinned, b);
        cr_assert_leq(most_computations(pinned, moc_graph_node_count(g)), 2);
        cr_assert(has_schedule(free_c));
        cr_assert_eq(moc_solver_stats(free_c).copies, 2, "seed %llu budget %lld",
                     (unsigned long long)seed, (long long)b);
      }
      if (has_schedule(free_c)) {
        check_schedule(g, free_c, b);
        int c = moc_solver_stats(free_c).copies;
        cr_assert_geq(c, 2);
        cr_assert_geq((uint32_t)c, most_computations(free_c, moc_graph_node_count(g)));
      }
      moc_solver_free(pinned);
      moc_solver_free(free_c);
    }
    moc_graph_free(g);
  }
}

/* Nodes a y1 x1 r1 y2 x2 r2 in this order.  a (4 bytes, no inputs) is read
 * by r1 and r2; y_i -> x_i -> r_i with 4-byte
 * y and x: a cannot stay resident while an x is computed under budget 8, so
 * it is computed three times; with C = 2 no schedule fits. */
static moc_graph *three_copies(void) {
  moc_graph *g = moc_graph_create();
  int64_t size[] = {4, 4, 4, 0, 4, 4, 0};
  for (int64_t v = 0; v < 7; v++) cr_assert_eq(moc_graph_add_node(g, v, 1, size[v]), MOC_OK);
  int64_t edges[][2] = {{0, 3}, {0, 6}, {1, 2}, {2, 3}, {4, 5}, {5, 6}};
  for (int e = 0; e < 6; e++) cr_assert_eq(moc_graph_add_edge(g, edges[e][0], edges[e][1]), MOC_OK);
  cr_assert_eq(moc_graph_finish(g), MOC_OK);
  return g;
}

Test(solver_copies, more_copies_when_two_find_nothing) {
  moc_graph *g = three_copies();
  moc_solver *pinned = solve(g, 8, true), *free_c = solve(g, 8, false);
  cr_assert_eq(moc_solver_status(pinned), MOC_STATUS_INFEASIBLE);
  cr_assert_not_null(strstr(moc_solver_error_message(pinned), "at most 2 computations per node"),
                     "%s", moc_solver_error_message(pinned));
  cr_assert(has_schedule(free_c));
  check_schedule(g, free_c, 8);
  cr_assert_eq(most_computations(free_c, moc_graph_node_count(g)), 3);
  cr_assert_eq(moc_solver_stats(free_c).copies, 3);
  moc_solver_free(pinned);
  moc_solver_free(free_c);
  moc_graph_free(g);
}

Test(solver_copies, auto_undoes_a_pin) {
  moc_graph *g = moc_test_random_graph(3, 5, 5, 9);
  cr_assert_not_null(g);
  moc_solver *s = moc_solver_create(g);
  cr_assert_eq(moc_solver_set_copies(s, 1), MOC_OK);
  cr_assert_eq(moc_solver_set_copies_auto(s), MOC_OK);
  cr_assert_eq(moc_solver_set_budget_bytes(s, moc_graph_topo_peak(g)), MOC_OK);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_eq(moc_solver_stats(s).copies, 2);
  cr_assert_eq(moc_solver_set_copies_auto(NULL), MOC_ERR_ARGUMENT);
  moc_solver_free(s);
  moc_graph_free(g);
}
