/* test_exact.c — the exact search (model/exact.h) against an independent
 * reference beyond the reach of enumeration.
 *
 * On random graphs of 7..10 nodes (where enumerating every staged schedule
 * is too slow), at several budgets between the graph's lower bound and its
 * topological peak, the exact search alone must prove the same optimum as
 * the CP branch-and-bound (solver_cp.c, a different model and search), or
 * infeasibility exactly when it does; every bound it reports stays at or
 * below that optimum, and every schedule it reports passes the evaluator.
 * This exercises the pruning of exact_canon.c and the bounds of
 * exact_bound.c / exact_inputs.c on trees deeper than the tiny graphs give.
 * The dive (one branch-and-bound instead of the deepening) must agree too,
 * and a search from part of an optimal set (a neighbourhood) must find it
 * again and report only schedules that contain the part.
 * (tests/model/test_solver_exhaustive.c checks it against enumeration.)
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/exact.h"
#include "model/solver_internal.h"
#include "support/random_graph.h"
#include "support/schedule_check.h"

typedef struct seen {
  const moc_graph *g;
  int64_t budget, optimum, max_bound;
} seen;

static void on_incumbent(void *user, const moc_remat *remats, size_t count, int64_t cost) {
  seen *e = user;
  expect_staged_fits(e->g, remats, count, e->budget, cost);
}

static void on_bound(void *user, int64_t bound) {
  seen *e = user;
  if (e->optimum >= 0) cr_assert_leq(bound, e->optimum, "bound above the optimum");
  e->max_bound = bound;
}

/* The CP branch-and-bound alone, under a node limit: the optimum, -1 when
 * infeasible, -2 when it did not finish (the case is then skipped). */
static int64_t cp_optimum(const moc_graph *g, int64_t budget, int copies) {
  moc_solver *s = moc_solver_create(g);
  moc_solver_set_budget_bytes(s, budget);
  moc_solver_set_copies(s, copies);
  moc_solver_set_node_limit(s, 20000);
  clock_gettime(CLOCK_MONOTONIC, &s->started);
  cr_assert_eq(moc_solver_cp(s), MOC_OK);
  int64_t cost = s->status == MOC_STATUS_OPTIMAL      ? s->best_cost
                 : s->status == MOC_STATUS_INFEASIBLE ? -1
                                                      : -2;
  moc_solver_free(s);
  return cost;
}

/* Returns whether the case was checked (CP finished).  With `dive`, the
 * search is the single branch-and-bound (exact.h): from no incumbent when
 * dive is 1; when 2, from an incumbent one unit above the optimum, as the
 * solver starts it (it must still find the optimum and prove it). */
static bool check(const moc_graph *g, int64_t budget, int copies, int dive) {
  int64_t expected = cp_optimum(g, budget, copies);
  if (expected == -2) return false;
  seen e = {g, budget, expected, -1};
  moc_exact_params p = {0};
  p.budget = budget;
  p.copies = copies;
  p.dive = dive != 0;
  p.upper = dive == 2 && expected >= 0 ? expected + 1 : INT64_MAX;
  p.on_incumbent = on_incumbent;
  p.on_bound = on_bound;
  p.user = &e;
  moc_exact_result r;
  cr_assert_eq(moc_exact_solve(g, &p, &r), 0);
  cr_assert(r.exhausted);
  if (expected < 0) {
    cr_assert_eq(r.upper, INT64_MAX, "budget %lld: exact found a schedule, CP proved none",
                 (long long)budget);
  } else {
    cr_assert_eq(r.upper, expected, "budget %lld: exact %lld, CP %lld", (long long)budget,
                 (long long)r.upper, (long long)expected);
    cr_assert_eq(r.bound, expected);
  }
  return true;
}

/* Returns how many of the graph's cases were checked. */
static int check_graph(uint64_t seed, int copies, int dive) {
  moc_graph *g = moc_test_random_graph(seed, 7, 10, 20);
  cr_assert_not_null(g);
  int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
  int checked = 0;
  for (int k = 0; k < 5; k++) checked += check(g, lo + (hi - lo) * k / 5, copies, dive);
  moc_graph_free(g);
  return checked;
}

Test(exact, matches_cp_on_small_graphs, .timeout = 300) {
  int checked = 0;
  for (uint64_t seed = 1; seed <= 250; seed++) checked += check_graph(seed, 2, 0);
  cr_assert_geq(checked, 1000, "only %d of 1250 cases checked", checked);
}

Test(exact, matches_cp_with_three_copies, .timeout = 300) {
  int checked = 0;
  for (uint64_t seed = 501; seed <= 540; seed++) checked += check_graph(seed, 3, 0);
  cr_assert_geq(checked, 150, "only %d of 200 cases checked", checked);
}

Test(exact, dive_matches_cp, .timeout = 300) {
  int checked = 0;
  for (uint64_t seed = 601; seed <= 660; seed++) checked += check_graph(seed, 2, 2);
  for (uint64_t seed = 661; seed <= 670; seed++) checked += check_graph(seed, 3, 2);
  for (uint64_t seed = 671; seed <= 690; seed++) checked += check_graph(seed, 2, 1);
  cr_assert_geq(checked, 360, "only %d of 450 cases checked", checked);
}

/* A search from a start set: every schedule it reports contains the set,
 * and from a part of an optimal set it finds the optimum again. */
typedef struct from_start {
  const moc_graph *g;
  int64_t budget;
  const moc_remat *start;
  size_t start_count;
  moc_remat best[64];
  size_t best_count;
} from_start;

static void on_start_incumbent(void *user, const moc_remat *remats, size_t count, int64_t cost) {
  from_start *f = user;
  expect_staged_fits(f->g, remats, count, f->budget, cost);
  for (size_t i = 0; i < f->start_count; i++) {
    bool kept = false;
    for (size_t j = 0; j < count; j++)
      kept = kept || (remats[j].node == f->start[i].node && remats[j].stage == f->start[i].stage);
    cr_assert(kept, "a schedule without the start set's recomputation of %u in stage %u",
              f->start[i].node, f->start[i].stage);
  }
  cr_assert_leq(count, 64);
  memcpy(f->best, remats, count * sizeof *remats);
  f->best_count = count;
}

static moc_exact_result solve_from(from_start *f, int copies, int dive) {
  moc_exact_params p = {0};
  p.budget = f->budget;
  p.copies = copies;
  p.upper = INT64_MAX;
  p.dive = dive;
  p.start = f->start;
  p.start_count = f->start_count;
  p.on_incumbent = on_start_incumbent;
  p.user = f;
  moc_exact_result r;
  cr_assert_eq(moc_exact_solve(f->g, &p, &r), 0);
  cr_assert(r.exhausted);
  return r;
}

Test(exact, start_set_searches_its_supersets, .timeout = 300) {
  int checked = 0;
  for (uint64_t seed = 801; seed <= 900; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 7, 10, 20);
    cr_assert_not_null(g);
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    for (int k = 1; k < 4; k++) {
      from_start f = {g, lo + (hi - lo) * k / 4, NULL, 0, {{0, 0}}, 0};
      moc_exact_result whole = solve_from(&f, 2, 0);
      if (whole.upper == INT64_MAX || f.best_count == 0) continue;
      moc_remat part[64];
      size_t keep = f.best_count / 2 + (seed & 1); /* half, or all but the last half */
      if (keep > f.best_count) keep = f.best_count;
      memcpy(part, f.best, keep * sizeof *part);
      f.start = part;
      f.start_count = keep;
      for (int dive = 0; dive <= 1; dive++) {
        moc_exact_result r = solve_from(&f, 2, dive);
        cr_assert_eq(r.upper, whole.upper, "seed %llu: from %zu of the optimum's recomputations %lld, "
                     "not %lld", (unsigned long long)seed, keep, (long long)r.upper,
                     (long long)whole.upper);
      }
      checked++;
    }
    moc_graph_free(g);
  }
  cr_assert_geq(checked, 100, "only %d cases with recomputations", checked);
}

/* The optimum by the exact search alone (checked against CP above), -1
 * when no schedule fits. */
static int64_t exact_optimum(const moc_graph *g, int64_t budget, int copies) {
  moc_exact_params p = {0};
  p.budget = budget;
  p.copies = copies;
  p.upper = INT64_MAX;
  moc_exact_result r;
  cr_assert_eq(moc_exact_solve(g, &p, &r), 0);
  cr_assert(r.exhausted);
  return r.upper == INT64_MAX ? -1 : r.upper;
}

/* The solver's neighbourhood phase (solver_neighbourhood.c) from phase 1's
 * schedule: never worse, every schedule within the budget, and "optimal"
 * only at the optimum (on graphs of 12-16 nodes the incumbent may have more
 * recomputations than a neighbourhood takes out; claiming optimality after
 * such a dive completed fails here). */
Test(exact, neighbourhoods_claim_optimality_only_at_the_optimum, .timeout = 300) {
  int optimal = 0, checked = 0;
  for (uint64_t seed = 913; seed <= 920; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 12, 16, 20);
    cr_assert_not_null(g);
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    for (int k = 1; k < 6; k++) {
      int64_t budget = lo + (hi - lo) * k / 6, expected = exact_optimum(g, budget, 2);
      if (expected < 0) continue;
      moc_solver *s = moc_solver_create(g);
      moc_solver_set_budget_bytes(s, budget);
      moc_solver_set_copies(s, 2);
      cr_assert_eq(moc_solver_set_time_limit(s, 5.0), MOC_OK);
      clock_gettime(CLOCK_MONOTONIC, &s->started);
      cr_assert_eq(moc_solver_cp_peak(s), MOC_OK);
      if (!s->best) {
        moc_solver_free(s);
        continue;
      }
      int64_t before = s->best_cost;
      s->status = MOC_STATUS_FEASIBLE;
      cr_assert_eq(moc_solver_neighbourhoods(s, 0.05), MOC_OK);
      cr_assert_leq(s->best_cost, before);
      cr_assert_geq(s->best_cost, expected);
      expect_schedule_fits(g, s->best, s->best_len, budget, s->best_cost);
      if (s->status == MOC_STATUS_OPTIMAL) {
        cr_assert_eq(s->best_cost, expected, "seed %llu: optimal at %lld, the optimum %lld",
                     (unsigned long long)seed, (long long)s->best_cost, (long long)expected);
        optimal++;
      }
      checked++;
      moc_solver_free(s);
    }
    moc_graph_free(g);
  }
  cr_assert_geq(checked, 20, "only %d cases", checked);
  cr_assert_gt(optimal, 0, "no whole-problem dive completed: the test tests nothing");
}
