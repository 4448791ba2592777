/* test_solver_api.c — the solver's public contract: options and their
 * errors, the settled cases (infeasible below the lower bound, the reference
 * order at or above its peak, C = 1), hints, limits, the stop flag and the
 * progress callback.  Every returned schedule is re-scored here too. */
#include <criterion/criterion.h>
#include <string.h>

#include "model/moccasin.h"
#include "support/random_graph.h"

/* The SPEC's worked example: 0 -> 1 -> 2 -> 3 and 0 -> 3. */
static moc_graph *worked_example(void) {
  int64_t ids[] = {0, 1, 2, 3}, w[] = {1, 1, 1, 1}, m[] = {2, 2, 1, 1};
  int64_t src[] = {0, 1, 2, 0}, dst[] = {1, 2, 3, 3};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(4, ids, w, m, 4, src, dst, NULL, &g, NULL, 0), MOC_OK);
  return g;
}

static void assert_schedule_ok(const moc_graph *g, const moc_solver *s) {
  size_t len = 0;
  const uint32_t *sched = moc_solver_schedule(s, &len);
  cr_assert_not_null(sched);
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, sched, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_leq(ev->peak, moc_solver_budget(s));
  cr_assert_eq(ev->cost, moc_solver_cost(s));
  cr_assert_eq(ev->peak, moc_solver_peak(s));
  moc_eval_free(ev);
}

Test(solver_api, worked_example_budgets, .timeout = 30) {
  moc_graph *g = worked_example();
  int64_t expect[] = {-1, -1, -1, -1, 5, 4}; /* cost by budget; -1 infeasible */
  for (int64_t b = 0; b <= 5; b++) {
    moc_solver *s = moc_solver_create(g);
    cr_assert_eq(moc_solver_set_budget_bytes(s, b), MOC_OK);
    cr_assert_eq(moc_solver_solve(s), MOC_OK);
    if (expect[b] < 0) {
      cr_assert_eq(moc_solver_status(s), MOC_STATUS_INFEASIBLE, "budget %lld", (long long)b);
      cr_assert_null(moc_solver_schedule(s, NULL));
    } else {
      cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL, "budget %lld", (long long)b);
      cr_assert_eq(moc_solver_cost(s), expect[b]);
      cr_assert_eq(moc_solver_lower_bound(s), expect[b]);
      assert_schedule_ok(g, s);
    }
    moc_solver_free(s);
  }
  moc_graph_free(g);
}

Test(solver_api, option_errors, .timeout = 10) {
  moc_graph *g = worked_example();
  moc_solver *s = moc_solver_create(g);
  cr_assert_eq(moc_solver_solve(s), MOC_ERR_STATE, "no budget yet");
  cr_assert_eq(moc_solver_set_copies(s, 0), MOC_ERR_BAD_COPIES);
  cr_assert_eq(moc_solver_set_budget_bytes(s, -1), MOC_ERR_NEGATIVE);
  cr_assert_eq(moc_solver_set_budget_fraction(s, "1.5"), MOC_ERR_BAD_FRACTION);
  cr_assert(strstr(moc_solver_error_message(s), "1.5") != NULL);
  cr_assert_eq(moc_solver_set_budget_fraction(s, "0"), MOC_ERR_BAD_FRACTION);
  uint32_t bad_hint[] = {0, 9};
  cr_assert_eq(moc_solver_set_hint(s, bad_hint, 2), MOC_ERR_ARGUMENT);
  cr_assert_eq(moc_solver_set_budget_fraction(s, "0.8"), MOC_OK);
  cr_assert_eq(moc_solver_budget(s), 4); /* ceil(0.8 * 5) */
  moc_solver_free(s);
  cr_assert_null(moc_solver_create(NULL));
  moc_graph_free(g);
}

Test(solver_api, one_copy_only_the_reference_order, .timeout = 10) {
  moc_graph *g = worked_example();
  moc_solver *s = moc_solver_create(g);
  moc_solver_set_copies(s, 1);
  moc_solver_set_budget_bytes(s, 4);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_eq(moc_solver_status(s), MOC_STATUS_INFEASIBLE);
  moc_solver_set_budget_bytes(s, 5);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL);
  cr_assert_eq(moc_solver_cost(s), 4);
  moc_solver_free(s);
  moc_graph_free(g);
}

Test(solver_api, hint_becomes_the_first_incumbent, .timeout = 10) {
  moc_graph *g = worked_example();
  moc_solver *s = moc_solver_create(g);
  uint32_t hint[] = {0, 1, 2, 0, 3};
  moc_solver_set_hint(s, hint, 5);
  moc_solver_set_budget_bytes(s, 4);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL);
  cr_assert_eq(moc_solver_cost(s), 5);
  moc_stats st = moc_solver_stats(s);
  cr_assert_geq(st.incumbents, 1);
  cr_assert_geq(st.time_to_first_s, 0);
  assert_schedule_ok(g, s);
  /* an invalid hint is ignored, not an error */
  uint32_t invalid[] = {3, 2, 1, 0};
  moc_solver_set_hint(s, invalid, 4);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_eq(moc_solver_cost(s), 5);
  moc_solver_free(s);
  moc_graph_free(g);
}

typedef struct progress_log {
  int calls;
  int64_t last_cost, last_bound;
  bool bound_above_cost;
} progress_log;

static void on_progress(const moc_progress *p, void *user) {
  progress_log *log = user;
  log->calls++;
  if (p->has_solution) {
    if (log->last_cost >= 0) cr_assert_leq(p->cost, log->last_cost, "incumbents improve");
    log->last_cost = p->cost;
    if (p->lower_bound > p->cost) log->bound_above_cost = true;
  }
  cr_assert_geq(p->lower_bound, log->last_bound, "bounds never fall");
  log->last_bound = p->lower_bound;
}

Test(solver_api, progress_reports_improve_and_bounds_rise, .timeout = 120) {
  for (uint64_t seed = 300; seed < 340; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 5, 6, 9);
    progress_log log = {0, -1, 0, false};
    moc_solver *s = moc_solver_create(g);
    moc_solver_set_budget_bytes(s, (moc_graph_min_budget(g) + moc_graph_topo_peak(g) + 1) / 2);
    moc_solver_set_progress(s, on_progress, &log);
    cr_assert_eq(moc_solver_solve(s), MOC_OK);
    cr_assert(!log.bound_above_cost);
    if (moc_solver_status(s) == MOC_STATUS_OPTIMAL) {
      cr_assert_geq(log.calls, 1);
      cr_assert_eq(moc_solver_lower_bound(s), moc_solver_cost(s));
      assert_schedule_ok(g, s);
    }
    moc_solver_free(s);
    moc_graph_free(g);
  }
}

Test(solver_api, stop_flag_and_limits_keep_the_incumbent, .timeout = 60) {
  moc_graph *g = moc_test_random_graph(77, 6, 6, 9);
  volatile int stop = 1; /* raised before the start: only settled work is done */
  moc_solver *s = moc_solver_create(g);
  moc_solver_set_budget_bytes(s, moc_graph_topo_peak(g) - 1);
  moc_solver_set_stop_flag(s, &stop);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  cr_assert_neq(moc_solver_status(s), MOC_STATUS_OPTIMAL, "stopped before any proof");
  stop = 0;
  moc_solver_set_node_limit(s, 1);
  moc_solver_set_fail_limit(s, 1);
  cr_assert_eq(moc_solver_solve(s), MOC_OK);
  if (moc_solver_schedule(s, NULL)) assert_schedule_ok(g, s);
  moc_solver_free(s);
  moc_graph_free(g);
}

Test(solver_api, two_solvers_in_one_process, .timeout = 60) {
  moc_graph *g = moc_test_random_graph(5, 6, 6, 9);
  moc_solver *a = moc_solver_create(g), *b = moc_solver_create(g);
  int64_t budget = (moc_graph_min_budget(g) + moc_graph_topo_peak(g)) / 2;
  moc_solver_set_budget_bytes(a, budget);
  moc_solver_set_budget_bytes(b, budget);
  cr_assert_eq(moc_solver_solve(a), MOC_OK);
  cr_assert_eq(moc_solver_solve(b), MOC_OK);
  cr_assert_eq(moc_solver_status(a), moc_solver_status(b));
  cr_assert_eq(moc_solver_cost(a), moc_solver_cost(b));
  moc_solver_free(a);
  moc_solver_free(b);
  moc_graph_free(g);
}
