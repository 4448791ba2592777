/* test_limits.c — limits stop the search and keep the incumbent; the same
 * seed gives the same run; two engines do not interfere; the progress
 * callback; the neighbourhood step. */
#include <criterion/criterion.h>

#include "propagators/clause.h"
#include "propagators/linear.h"
#include "search/search.h"
#include "support/engine_harness.h"

TestSuite(limits, .timeout = 60);

enum { N = 30 };

/* A knapsack too large to finish quickly: maximise value under two
 * capacities, with a chain of implications on every fifth item. */
typedef struct big {
  moc_engine *e;
  moc_search *s;
  moc_var x[N], obj;
  int n;
} big;

/* n items (at most N); capacities scale with n. */
static big make_sized(uint64_t seed, bool checking, int n) {
  big b;
  b.n = n;
  b.e = moc_engine_create(NULL);
  cr_assert_not_null(b.e);
  moc_engine_set_checking(b.e, checking);
  int64_t w1[N], w2[N], v[N + 1];
  moc_var t[N + 1];
  int64_t vs = 0;
  for (int i = 0; i < n; i++) {
    b.x[i] = moc_lit_var(moc_new_bool(b.e));
    w1[i] = moc_harness_range(&seed, 10, 60);
    w2[i] = moc_harness_range(&seed, 10, 60);
    v[i] = -moc_harness_range(&seed, 10, 60);
    vs += v[i];
    t[i] = b.x[i];
  }
  cr_assert_eq(moc_post_linear_le(b.e, (size_t)n, w1, b.x, 13 * n), 0);
  cr_assert_eq(moc_post_linear_le(b.e, (size_t)n, w2, b.x, 13 * n), 0);
  moc_clauses *cs = moc_clauses_create(b.e);
  for (int i = 5; i < n; i += 5)
    cr_assert_eq(moc_clauses_add_implication(cs, moc_lit_of(b.x[i], true), moc_lit_of(b.x[i - 5], true)), 0);
  b.obj = moc_new_int(b.e, vs, 0);
  t[n] = b.obj;
  v[n] = -1;
  cr_assert_eq(moc_post_linear_eq(b.e, (size_t)n + 1, v, t, 0), 0);
  b.s = moc_search_create(b.e);
  moc_search_set_objective(b.s, b.obj);
  moc_search_set_decision_vars(b.s, b.x, (size_t)n);
  moc_search_set_strategy(b.s, MOC_SELECT_SMALLEST, MOC_VALUE_MAX);
  return b;
}

static big make_big(uint64_t seed, bool checking) { return make_sized(seed, checking, N); }

static void free_big(big *b) {
  moc_search_free(b->s);
  moc_engine_free(b->e);
}

Test(limits, node_limit_keeps_the_incumbent) {
  big b = make_big(1, false);
  moc_search_limits lim = {.max_nodes = 200};
  moc_search_set_limits(b.s, &lim);
  moc_search_status st = moc_search_solve(b.s);
  cr_assert_eq(st, MOC_SEARCH_FEASIBLE);
  cr_assert(moc_search_stopped(b.s));
  cr_assert(moc_search_has_solution(b.s));
  cr_assert_leq(moc_search_stats(b.s).nodes, 200);
  const int64_t *best = moc_search_best(b.s);
  cr_assert_eq(best[b.obj], moc_search_best_objective(b.s));
  cr_assert_leq(moc_search_bound(b.s), moc_search_best_objective(b.s));
  cr_assert_eq(moc_level(b.e), 0);
  free_big(&b);
}

Test(limits, failure_limit_stop_flag_and_time) {
  big b = make_big(2, false);
  moc_search_limits lim = {.max_failures = 50};
  moc_search_set_limits(b.s, &lim);
  cr_assert_neq(moc_search_solve(b.s), MOC_SEARCH_OPTIMAL);
  cr_assert_leq(moc_search_stats(b.s).failures, 50);
  free_big(&b);

  b = make_big(2, false);
  volatile int stop = 1;
  moc_search_limits lim2 = {.stop = &stop};
  moc_search_set_limits(b.s, &lim2);
  cr_assert_eq(moc_search_solve(b.s), MOC_SEARCH_UNKNOWN);
  cr_assert(moc_search_stopped(b.s));
  free_big(&b);

  b = make_big(3, false);
  moc_search_limits lim3 = {.time_s = 0.05};
  moc_search_set_limits(b.s, &lim3);
  moc_search_status st = moc_search_solve(b.s);
  cr_assert(st == MOC_SEARCH_FEASIBLE || st == MOC_SEARCH_OPTIMAL);
  free_big(&b);
}

/* Everything observable about a limited run. */
typedef struct trace {
  uint64_t nodes, failures, restarts, solutions;
  int64_t objs[64];
  int nobjs;
  int64_t best[N];
} trace;

static void record(const moc_engine *e, const moc_search_progress *p, void *user) {
  (void)e;
  trace *t = user;
  if (t->nobjs > 0) cr_assert_lt(p->objective, t->objs[t->nobjs - 1], "incumbents improve");
  cr_assert_leq(p->bound, p->objective);
  if (t->nobjs < 64) t->objs[t->nobjs++] = p->objective;
}

static trace run_seed(uint64_t seed) {
  big b = make_big(4, false);
  trace t = {0};
  moc_search_set_seed(b.s, seed);
  moc_search_set_restarts(b.s, 10);
  moc_search_set_callback(b.s, record, &t);
  moc_search_limits lim = {.max_failures = 3000};
  moc_search_set_limits(b.s, &lim);
  moc_search_solve(b.s);
  moc_search_progress p = moc_search_stats(b.s);
  t.nodes = p.nodes, t.failures = p.failures, t.restarts = p.restarts, t.solutions = p.solutions;
  for (int i = 0; i < N; i++) t.best[i] = moc_search_best(b.s)[b.x[i]];
  free_big(&b);
  return t;
}

Test(limits, same_seed_same_run) {
  trace a = run_seed(17), b = run_seed(17);
  cr_assert_gt(a.restarts, 0);
  cr_assert_eq(a.nodes, b.nodes);
  cr_assert_eq(a.failures, b.failures);
  cr_assert_eq(a.restarts, b.restarts);
  cr_assert_eq(a.solutions, b.solutions);
  cr_assert_eq(a.nobjs, b.nobjs);
  for (int i = 0; i < a.nobjs; i++) cr_assert_eq(a.objs[i], b.objs[i]);
  for (int i = 0; i < N; i++) cr_assert_eq(a.best[i], b.best[i]);
}

Test(limits, two_engines_interleaved) {
  big a = make_sized(5, true, 14), b = make_sized(6, true, 14);
  big ra = make_sized(5, false, 14), rb = make_sized(6, false, 14);
  moc_search_status sra = moc_search_solve(ra.s), srb = moc_search_solve(rb.s);
  /* Interleave: lns steps with nothing fixed alternate between the two. */
  moc_search_status sa = MOC_SEARCH_UNKNOWN, sb = MOC_SEARCH_UNKNOWN;
  for (int i = 0; i < 40 && (sa != MOC_SEARCH_OPTIMAL || sb != MOC_SEARCH_OPTIMAL); i++) {
    if (sa != MOC_SEARCH_OPTIMAL) sa = moc_search_lns(a.s, NULL, NULL, 0, UINT64_C(20) << i);
    if (sb != MOC_SEARCH_OPTIMAL) sb = moc_search_lns(b.s, NULL, NULL, 0, UINT64_C(20) << i);
  }
  cr_assert_eq(sra, MOC_SEARCH_OPTIMAL);
  cr_assert_eq(srb, MOC_SEARCH_OPTIMAL);
  cr_assert_eq(sa, MOC_SEARCH_OPTIMAL);
  cr_assert_eq(sb, MOC_SEARCH_OPTIMAL);
  cr_assert_eq(moc_search_best_objective(a.s), moc_search_best_objective(ra.s));
  cr_assert_eq(moc_search_best_objective(b.s), moc_search_best_objective(rb.s));
  MOC_ASSERT_CHECKED(a.e);
  MOC_ASSERT_CHECKED(b.e);
  free_big(&a), free_big(&b), free_big(&ra), free_big(&rb);
}

Test(limits, neighbourhood_step) {
  big b = make_sized(7, true, 16);
  big ref = make_sized(7, false, 16);
  cr_assert_eq(moc_search_solve(ref.s), MOC_SEARCH_OPTIMAL);
  int64_t opt = moc_search_best_objective(ref.s);

  moc_search_limits lim = {.max_nodes = 10};
  moc_search_set_limits(b.s, &lim);
  cr_assert_eq(moc_search_solve(b.s), MOC_SEARCH_FEASIBLE);
  cr_assert_gt(moc_search_best_objective(b.s), opt, "the limited run is not optimal yet");
  moc_search_set_limits(b.s, NULL);
  uint64_t rng = 3;
  moc_var fixed[N];
  int64_t vals[N];
  for (int round = 0; round < 200 && moc_search_best_objective(b.s) > opt; round++) {
    size_t k = 0;
    for (int i = 0; i < b.n; i++)
      if (moc_harness_rand(&rng) % 3 == 0) fixed[k] = b.x[i], vals[k++] = moc_search_best(b.s)[b.x[i]];
    int64_t before = moc_search_best_objective(b.s);
    moc_search_status st = moc_search_lns(b.s, fixed, vals, k, 100);
    cr_assert_eq(moc_level(b.e), 0);
    cr_assert_leq(moc_search_best_objective(b.s), before);
    if (st == MOC_SEARCH_FEASIBLE) cr_assert_lt(moc_search_best_objective(b.s), before);
    cr_assert_neq(st, MOC_SEARCH_INFEASIBLE);
  }
  cr_assert_eq(moc_search_lns(b.s, NULL, NULL, 0, 0), MOC_SEARCH_OPTIMAL);
  cr_assert_eq(moc_search_best_objective(b.s), opt);
  MOC_ASSERT_CHECKED(b.e);
  free_big(&b), free_big(&ref);
}

/* Frees the first k positions: a (poor) structured neighbourhood. */
static void prefix(void *user, moc_search *s, uint64_t round, size_t k, uint8_t *is_free, size_t n) {
  (void)s;
  (void)round;
  (void)n;
  *(int *)user += 1;
  for (size_t i = 0; i < k; i++) is_free[i] = 1;
}

static moc_search_status lns_loop_run(uint64_t seed, int64_t *best, uint64_t *nodes, bool own) {
  big b = make_sized(8, true, 18);
  moc_search_set_seed(b.s, seed);
  moc_search_limits lim = {.max_nodes = 30};
  moc_search_set_limits(b.s, &lim);
  cr_assert_eq(moc_search_solve(b.s), MOC_SEARCH_FEASIBLE);
  moc_search_set_limits(b.s, NULL);
  int calls = 0;
  moc_lns_options opt = {.relax = 0.2, .fail_budget = 30, .max_rounds = 0};
  if (own) opt.neighbourhood = prefix, opt.user = &calls;
  moc_search_status st = moc_search_lns_loop(b.s, b.x, (size_t)b.n, &opt);
  cr_assert_eq(calls > 0, own);
  *best = moc_search_best_objective(b.s);
  *nodes = moc_search_stats(b.s).nodes;
  cr_assert_eq(moc_level(b.e), 0);
  MOC_ASSERT_CHECKED(b.e);
  free_big(&b);
  return st;
}

Test(limits, lns_loop_proves_the_optimum) {
  big ref = make_sized(8, false, 18);
  cr_assert_eq(moc_search_solve(ref.s), MOC_SEARCH_OPTIMAL);
  int64_t opt = moc_search_best_objective(ref.s), a, b;
  free_big(&ref);
  uint64_t na, nb;
  cr_assert_eq(lns_loop_run(9, &a, &na, false), MOC_SEARCH_OPTIMAL);
  cr_assert_eq(a, opt);
  cr_assert_eq(lns_loop_run(9, &b, &nb, false), MOC_SEARCH_OPTIMAL);
  cr_assert_eq(na, nb, "same seed, same run");
  cr_assert_eq(lns_loop_run(9, &b, &nb, true), MOC_SEARCH_OPTIMAL);
  cr_assert_eq(b, opt);
}

Test(limits, lns_loop_without_incumbent_or_with_round_limit) {
  big b = make_sized(9, false, 12);
  cr_assert_eq(moc_search_lns_loop(b.s, b.x, (size_t)b.n, NULL), MOC_SEARCH_UNKNOWN);
  moc_search_limits lim = {.max_nodes = 20};
  moc_search_set_limits(b.s, &lim);
  moc_search_solve(b.s);
  cr_assert(moc_search_has_solution(b.s));
  moc_search_set_limits(b.s, NULL);
  moc_lns_options opt = {.relax = 0.5, .fail_budget = 5, .max_rounds = 3};
  moc_search_status st = moc_search_lns_loop(b.s, b.x, (size_t)b.n, &opt);
  cr_assert(st == MOC_SEARCH_FEASIBLE || st == MOC_SEARCH_OPTIMAL);
  cr_assert_eq(moc_level(b.e), 0);
  free_big(&b);
}
