/* test_solver_exhaustive.c — the solver's proofs against exhaustive search.
 *
 * On hundreds of random tiny graphs (n <= 6), enumerate the whole staged
 * space of SPEC §2 — for each stage t, every subset of earlier nodes to
 * recompute before order[t], each node computed at most C times — score every
 * schedule with the evaluator, and check at every budget from the graph's
 * lower bound to its topological peak that moc_solver_solve proves exactly
 * the exhaustive optimum (status optimal, same cost), or proves
 * infeasibility exactly when no schedule fits; that the memory-pressure
 * lower bound never exceeds the optimum; and that the exact search alone
 * (model/exact.h), from scratch and under the optimum as incumbent, proves the
 * same optimum, never reports a bound above it, and reports only schedules
 * the evaluator confirms.  By default (C not pinned) the solver finds a
 * schedule exactly when one exists with any number of copies.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/exact.h"
#include "model/lower_bound.h"
#include "model/moccasin.h"
#include "model/solver_internal.h"
#include "support/random_graph.h"
#include "support/schedule_check.h"

#define MAX_N 6
#define MAX_STEPS (MAX_N * MAX_N)

typedef struct enumeration {
  const moc_graph *g;
  const uint32_t *order;
  uint32_t n;
  int copies;
  uint32_t schedule[MAX_STEPS];
  int computed[MAX_N];     /* computations of each node so far */
  int64_t *best_by_peak;   /* best_by_peak[p]: least cost among schedules of peak p */
  int64_t max_peak;
} enumeration;

static void score(enumeration *en, size_t length) {
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(en->g, en->schedule, length, &ev), MOC_OK);
  cr_assert(ev->valid, "a staged schedule must be valid");
  if (ev->peak <= en->max_peak) {
    int64_t *slot = &en->best_by_peak[ev->peak];
    if (*slot < 0 || ev->cost < *slot) *slot = ev->cost;
  }
  moc_eval_free(ev);
}

/* Stage t: every subset of order[0..t-1] to recompute (ascending), then order[t]. */
static void enumerate(enumeration *en, uint32_t t, size_t length) {
  if (t == en->n) {
    score(en, length);
    return;
  }
  for (uint32_t mask = 0; mask < (1u << t); mask++) {
    size_t len = length;
    bool ok = true;
    for (uint32_t k = 0; k < t && ok; k++) {
      if (!(mask & (1u << k))) continue;
      uint32_t v = en->order[k];
      if (en->computed[v] >= en->copies) ok = false;
      en->computed[v]++;
      en->schedule[len++] = v;
    }
    if (ok) {
      en->computed[en->order[t]]++;
      en->schedule[len] = en->order[t];
      enumerate(en, t + 1, len + 1);
      en->computed[en->order[t]]--;
    }
    for (uint32_t k = 0; k < t; k++)
      if (mask & (1u << k)) en->computed[en->order[k]]--;
  }
}

static void check_budget(const moc_graph *g, int64_t budget, int copies, int64_t expected) {
  moc_solver *s = moc_solver_create(g);
  cr_assert_not_null(s);
  cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
  cr_assert_eq(moc_solver_set_copies(s, copies), MOC_OK);
  cr_assert_eq(moc_solver_solve(s), MOC_OK, "%s", moc_solver_error_message(s));
  if (expected < 0) {
    cr_assert_eq(moc_solver_status(s), MOC_STATUS_INFEASIBLE, "budget %lld: expected infeasible",
                 (long long)budget);
  } else {
    cr_assert_eq(moc_solver_status(s), MOC_STATUS_OPTIMAL, "budget %lld: expected optimal %lld",
                 (long long)budget, (long long)expected);
    cr_assert_eq(moc_solver_cost(s), expected, "budget %lld", (long long)budget);
    size_t len = 0;
    const uint32_t *sched = moc_solver_schedule(s, &len);
    expect_schedule_fits(g, sched, len, budget, expected);
  }
  moc_solver_free(s);
}

typedef struct exact_seen {
  const moc_graph *g;
  int64_t budget, optimum, last_cost, max_bound;
} exact_seen;

static void seen_incumbent(void *user, const moc_remat *remats, size_t count, int64_t cost) {
  exact_seen *e = user;
  expect_staged_fits(e->g, remats, count, e->budget, cost);
  cr_assert(e->last_cost < 0 || cost < e->last_cost, "incumbents must improve");
  e->last_cost = cost;
}

static void seen_bound(void *user, int64_t bound) {
  exact_seen *e = user;
  /* where no schedule fits, any bound is true until infeasibility is proven */
  if (e->optimum >= 0) cr_assert_leq(bound, e->optimum, "exact search bound above the optimum");
  cr_assert_gt(bound, e->max_bound, "bounds must rise");
  e->max_bound = bound;
}

/* The exact search alone, from scratch (upper unknown) and under the
 * optimum: exhausted with exactly the optimum, or with no schedule. */
static void check_exact(const moc_graph *g, int64_t budget, int copies, int64_t expected) {
  for (int under = 0; under <= 1; under++) {
    if (under && expected < 0) continue;
    exact_seen e = {g, budget, expected, -1, -1};
    moc_exact_params p = {0};
    p.budget = budget;
    p.copies = copies;
    p.upper = under ? expected : INT64_MAX;
    p.on_incumbent = seen_incumbent;
    p.on_bound = seen_bound;
    p.user = &e;
    moc_exact_result r;
    cr_assert_eq(moc_exact_solve(g, &p, &r), 0);
    cr_assert(r.exhausted, "budget %lld: the exact search must finish", (long long)budget);
    if (expected < 0) {
      cr_assert_eq(r.upper, INT64_MAX);
      cr_assert_eq(r.bound, INT64_MAX);
    } else {
      cr_assert_eq(r.upper, expected, "budget %lld: exact %lld, exhaustive %lld", (long long)budget,
                   (long long)r.upper, (long long)expected);
      cr_assert_eq(r.bound, expected);
      if (under) cr_assert_eq(e.last_cost, -1, "nothing cheaper than the optimum");
    }
  }
}

/* The paper's phase 1 alone (peak minimisation until the budget fits): it
 * finds a schedule exactly when one exists. */
static void check_phase_one(const moc_graph *g, int64_t budget, int copies, int64_t expected) {
  moc_solver *s = moc_solver_create(g);
  moc_solver_set_budget_bytes(s, budget);
  moc_solver_set_copies(s, copies);
  clock_gettime(CLOCK_MONOTONIC, &s->started);
  cr_assert_eq(moc_solver_cp_peak(s), MOC_OK);
  if (expected < 0) {
    cr_assert_null(s->best, "budget %lld: phase 1 found a schedule where none fits", (long long)budget);
    cr_assert_eq(s->status, MOC_STATUS_INFEASIBLE);
  } else {
    cr_assert_not_null(s->best, "budget %lld: phase 1 missed a schedule", (long long)budget);
    cr_assert_leq(s->best_peak, budget);
    cr_assert_geq(s->best_cost, expected);
  }
  moc_solver_free(s);
}

/* The whole staged space of g with at most `copies` computations per node:
 * en->best_by_peak filled (the caller frees it). */
static void enumerate_all(enumeration *en, const moc_graph *g, int copies) {
  memset(en, 0, sizeof *en);
  en->g = g;
  en->order = moc_graph_topo_order(g);
  en->n = (uint32_t)moc_graph_node_count(g);
  en->copies = copies;
  en->max_peak = moc_graph_topo_peak(g);
  en->best_by_peak = malloc((size_t)(en->max_peak + 1) * sizeof(int64_t));
  cr_assert_not_null(en->best_by_peak);
  for (int64_t p = 0; p <= en->max_peak; p++) en->best_by_peak[p] = -1;
  enumerate(en, 0, 0);
}

static void check_graph(uint64_t seed, int copies) {
  moc_graph *g = moc_test_random_graph(seed, 2, MAX_N, 6);
  enumeration en;
  enumerate_all(&en, g, copies);
  int64_t best = -1; /* least cost among schedules with peak <= budget */
  for (int64_t budget = 0; budget <= en.max_peak; budget++) {
    int64_t c = en.best_by_peak[budget];
    if (c >= 0 && (best < 0 || c < best)) best = c;
    if (budget < moc_graph_min_budget(g)) cr_assert_eq(best, -1, "min_budget is not a bound");
    check_budget(g, budget, copies, best);
    check_exact(g, budget, copies, best);
    if (budget >= moc_graph_min_budget(g)) check_phase_one(g, budget, copies, best);
    if (best >= 0)
      cr_assert_leq(moc_lower_bound_pressure(g, budget), best, "pressure bound above the optimum");
  }
  cr_assert_eq(best, moc_graph_topo_cost(g), "the reference order is optimal at its own peak");
  free(en.best_by_peak);
  moc_graph_free(g);
}

Test(solver_exhaustive, two_copies_match_exhaustive_optimum, .timeout = 300) {
  for (uint64_t seed = 1; seed <= 200; seed++) check_graph(seed, 2);
}

Test(solver_exhaustive, three_copies_match_exhaustive_optimum, .timeout = 300) {
  for (uint64_t seed = 1001; seed <= 1040; seed++) check_graph(seed, 3);
}

/* By default (C not pinned) a budget has a schedule from the solver exactly
 * when some staged schedule with any number of copies fits (enumerated with
 * C = n: a staged schedule computes a node at most once a stage); where none
 * does, the solver proves it for every C and says so.  (Graphs this small
 * rarely need three copies; test_solver_copies and test_tight_budgets have
 * graphs that do.) */
Test(solver_exhaustive, default_copies_find_a_schedule_exactly_when_one_exists, .timeout = 300) {
  int none = 0;
  for (uint64_t seed = 2001; seed <= 2200; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 3, MAX_N, 6);
    enumeration en;
    enumerate_all(&en, g, (int)moc_graph_node_count(g));
    int64_t best = -1;
    for (int64_t budget = 0; budget <= en.max_peak; budget++) {
      int64_t c = en.best_by_peak[budget];
      if (c >= 0 && (best < 0 || c < best)) best = c;
      if (budget < moc_graph_min_budget(g)) continue;
      moc_solver *s = moc_solver_create(g);
      cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
      cr_assert_eq(moc_solver_set_time_limit(s, 2.0), MOC_OK);
      cr_assert_eq(moc_solver_solve(s), MOC_OK);
      size_t len = 0;
      const uint32_t *sched = moc_solver_schedule(s, &len);
      if (best < 0) {
        cr_assert_eq(moc_solver_status(s), MOC_STATUS_INFEASIBLE, "seed %llu budget %lld",
                     (unsigned long long)seed, (long long)budget);
        cr_assert_not_null(strstr(moc_solver_error_message(s), "any number of computations"), "%s",
                           moc_solver_error_message(s));
        none++;
      } else {
        cr_assert_not_null(sched, "seed %llu budget %lld: a schedule exists (cost %lld)",
                           (unsigned long long)seed, (long long)budget, (long long)best);
        expect_schedule_fits(g, sched, len, budget, moc_solver_cost(s));
        cr_assert_geq(moc_solver_cost(s), best);
      }
      moc_solver_free(s);
    }
    free(en.best_by_peak);
    moc_graph_free(g);
  }
  cr_assert_gt(none, 0, "no budget without a schedule: the test tests nothing");
}

Test(solver_exhaustive, same_seed_same_schedule, .timeout = 60) {
  for (uint64_t seed = 7; seed <= 27; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 4, MAX_N, 6);
    int64_t budget = (moc_graph_min_budget(g) + moc_graph_topo_peak(g)) / 2;
    uint32_t first[MAX_STEPS];
    size_t first_len = 0;
    for (int run = 0; run < 2; run++) {
      moc_solver *s = moc_solver_create(g);
      moc_solver_set_budget_bytes(s, budget);
      moc_solver_set_seed(s, 42);
      cr_assert_eq(moc_solver_solve(s), MOC_OK);
      size_t len = 0;
      const uint32_t *sched = moc_solver_schedule(s, &len);
      if (run == 0) {
        first_len = len;
        if (len) memcpy(first, sched, len * sizeof *sched);
      } else {
        cr_assert_eq(len, first_len);
        if (len) cr_assert_arr_eq(first, sched, len * sizeof *sched);
      }
      moc_solver_free(s);
    }
    moc_graph_free(g);
  }
}
