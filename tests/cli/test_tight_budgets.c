/* test_tight_budgets.c — budgets below the paper's, where C = 2 finds no
 * schedule: random_layered_n100 at 0.7 and 0.65 of its topological peak.
 * There the evict-and-recompute walk gives up with any number of copies, and
 * the staged construction with C = 2 finds nothing, but with three or four
 * copies it does.  By default (C not pinned) the solver must find a schedule
 * within the budget, state a C of at least 3 and at least the most
 * computations of one node, and report no lower bound above the cost (a
 * bound the exact search proves for C = 2 does not hold for more copies).
 * With an effort limit and no time limit, two runs give the same schedule. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli/graph_reader.h"
#include "model/moccasin.h"
#include "support/schedule_check.h"

TestSuite(tight_budgets, .timeout = 120);

static void read_n100(cli_graph *cg) {
  char path[512];
  snprintf(path, sizeof path, "%s/benchmarks/graphs/random_layered_n100.json", MOC_SOURCE_DIR);
  cli_error err;
  cr_assert_eq(cli_graph_read(path, cg, &err), CLI_OK, "%s", err.text);
}

Test(tight_budgets, more_copies_where_two_find_nothing) {
  cli_graph cg;
  read_n100(&cg);
  const char *fractions[] = {"0.7", "0.65"};
  for (int i = 0; i < 2; i++) {
    moc_solver *s = moc_solver_create(cg.graph);
    cr_assert_not_null(s);
    cr_assert_eq(moc_solver_set_budget_fraction(s, fractions[i]), MOC_OK);
    cr_assert_eq(moc_solver_set_time_limit(s, 3.0), MOC_OK);
    cr_assert_eq(moc_solver_solve(s), MOC_OK);
    moc_status st = moc_solver_status(s);
    cr_assert(st == MOC_STATUS_FEASIBLE || st == MOC_STATUS_OPTIMAL, "%s: status %d", fractions[i],
              (int)st);
    int64_t budget = 0;
    cr_assert_eq(moc_graph_budget_from_fraction(cg.graph, fractions[i], &budget), MOC_OK);
    size_t length = 0;
    const uint32_t *schedule = moc_solver_schedule(s, &length);
    expect_schedule_fits(cg.graph, schedule, length, budget, moc_solver_cost(s));
    int c = moc_solver_stats(s).copies;
    cr_assert_geq(c, 3, "%s", fractions[i]);
    cr_assert_geq((uint32_t)c, most_computations(s, moc_graph_node_count(cg.graph)), "%s", fractions[i]);
    cr_assert_leq(moc_solver_lower_bound(s), moc_solver_cost(s), "%s", fractions[i]);
    cr_assert_geq(moc_solver_lower_bound(s), moc_graph_topo_cost(cg.graph));
    moc_solver_free(s);
  }
  cli_graph_free(&cg);
}

Test(tight_budgets, same_schedule_for_the_same_effort) {
  cli_graph cg;
  read_n100(&cg);
  uint32_t *first = NULL;
  size_t first_len = 0;
  for (int run = 0; run < 2; run++) {
    moc_solver *s = moc_solver_create(cg.graph);
    cr_assert_not_null(s);
    cr_assert_eq(moc_solver_set_budget_fraction(s, "0.7"), MOC_OK);
    cr_assert_eq(moc_solver_set_node_limit(s, 2000), MOC_OK);
    cr_assert_eq(moc_solver_solve(s), MOC_OK);
    size_t len = 0;
    const uint32_t *sched = moc_solver_schedule(s, &len);
    cr_assert_not_null(sched);
    cr_assert_geq(moc_solver_stats(s).copies, 3);
    if (run == 0) {
      first = malloc(len * sizeof *first);
      cr_assert_not_null(first);
      memcpy(first, sched, len * sizeof *first);
      first_len = len;
    } else {
      cr_assert_eq(len, first_len);
      cr_assert_arr_eq(first, sched, len * sizeof *sched);
    }
    moc_solver_free(s);
  }
  free(first);
  cli_graph_free(&cg);
}
