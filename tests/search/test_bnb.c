/* test_bnb.c — branch-and-bound against exhaustive enumeration on small
 * random knapsack-like problems with implications and conditional
 * differences; strategies, restarts, hints, satisfaction, infeasibility. */
#include <criterion/criterion.h>

#include "propagators/clause.h"
#include "propagators/difference.h"
#include "propagators/linear.h"
#include "search/search.h"
#include "support/engine_harness.h"

TestSuite(bnb, .timeout = 60);

/* Items with weights and values, a capacity, implications take[a] -> take[b],
 * and a start time per item: if taken, start[a] + 2 <= start[b] for chosen
 * pairs.  Minimise -(total value) + (sum of starts). */
typedef struct knap {
  int n;
  int64_t w[8], v[8], cap;
  int nimp, imp[6][2];
  int nprec, prec[4][2];
} knap;

static knap random_knap(uint64_t *rng) {
  knap k = {.n = (int)moc_harness_range(rng, 2, 7)};
  int64_t total = 0;
  for (int i = 0; i < k.n; i++) {
    k.w[i] = moc_harness_range(rng, 1, 9);
    k.v[i] = moc_harness_range(rng, 0, 9);
    total += k.w[i];
  }
  k.cap = moc_harness_range(rng, 0, total);
  k.nimp = (int)moc_harness_range(rng, 0, 5);
  for (int i = 0; i < k.nimp; i++)
    for (int j = 0; j < 2; j++) k.imp[i][j] = (int)(moc_harness_rand(rng) % (uint64_t)k.n);
  k.nprec = (int)moc_harness_range(rng, 0, 3);
  for (int i = 0; i < k.nprec; i++)
    for (int j = 0; j < 2; j++) k.prec[i][j] = (int)(moc_harness_rand(rng) % (uint64_t)k.n);
  return k;
}

/* Exhaustive optimum over take bits (starts: each item's smallest start in
 * 0..3 given the precedences, found by enumeration as well). */
static bool brute(const knap *k, int64_t *best) {
  bool found = false;
  for (unsigned m = 0; m < (1u << k->n); m++) {
    int64_t w = 0, val = 0;
    bool ok = true;
    for (int i = 0; i < k->n; i++) w += (m >> i & 1) ? k->w[i] : 0, val += (m >> i & 1) ? k->v[i] : 0;
    for (int i = 0; i < k->nimp; i++) ok &= !(m >> k->imp[i][0] & 1) || (m >> k->imp[i][1] & 1);
    if (w > k->cap || !ok) continue;
    unsigned combos = 1u << (2 * k->n);
    for (unsigned s = 0; s < combos; s++) {
      int64_t st[8], sum = 0;
      bool good = true;
      for (int i = 0; i < k->n; i++) st[i] = (s >> (2 * i)) & 3, sum += st[i];
      for (int i = 0; i < k->nprec; i++) {
        int a = k->prec[i][0], b = k->prec[i][1];
        if ((m >> a & 1) && st[a] + 2 > st[b]) good = false;
      }
      if (!good) continue;
      int64_t obj = sum - val;
      if (!found || obj < *best) *best = obj;
      found = true;
    }
  }
  return found;
}

typedef struct built {
  moc_var take[8], start[8], obj;
  moc_var all[16];
  int nall;
} built;

static built build(moc_engine *e, const knap *k) {
  built b;
  moc_clauses *cs = moc_clauses_create(e);
  cr_assert_not_null(cs);
  int64_t coef[17];
  moc_var terms[17];
  int64_t vsum = 0;
  for (int i = 0; i < k->n; i++) {
    b.take[i] = moc_lit_var(moc_new_bool(e));
    b.start[i] = moc_new_int(e, 0, 3);
    vsum += k->v[i];
  }
  cr_assert_eq(moc_post_linear_le(e, (size_t)k->n, k->w, b.take, k->cap), 0);
  for (int i = 0; i < k->nimp; i++)
    cr_assert_eq(moc_clauses_add_implication(cs, moc_lit_of(b.take[k->imp[i][0]], true),
                                              moc_lit_of(b.take[k->imp[i][1]], true)), 0);
  for (int i = 0; i < k->nprec; i++)
    cr_assert_eq(moc_post_cond_difference(e, moc_lit_of(b.take[k->prec[i][0]], true),
                                          b.start[k->prec[i][0]], 2, b.start[k->prec[i][1]]), 0);
  b.obj = moc_new_int(e, -vsum, 3 * k->n);
  int t = 0;
  for (int i = 0; i < k->n; i++) {
    coef[t] = -k->v[i], terms[t++] = b.take[i];
    coef[t] = 1, terms[t++] = b.start[i];
  }
  coef[t] = -1, terms[t++] = b.obj;
  cr_assert_eq(moc_post_linear_eq(e, (size_t)t, coef, terms, 0), 0);
  b.nall = 0;
  for (int i = 0; i < k->n; i++) b.all[b.nall++] = b.take[i];
  for (int i = 0; i < k->n; i++) b.all[b.nall++] = b.start[i];
  return b;
}

static void check_optimum_guided(uint64_t seed, moc_select sel, moc_value val, uint64_t restarts,
                                 bool guided) {
  uint64_t rng = seed;
  for (int round = 0; round < 60; round++) {
    knap k = random_knap(&rng);
    int64_t want = 0;
    bool feasible = brute(&k, &want);
    moc_engine *e = moc_harness_engine();
    built b = build(e, &k);
    moc_search *s = moc_search_create(e);
    moc_search_set_objective(s, b.obj);
    cr_assert_eq(moc_search_set_decision_vars(s, b.all, (size_t)b.nall), 0);
    moc_search_set_strategy(s, sel, val);
    moc_search_set_restarts(s, restarts);
    moc_search_set_guided(s, guided);
    moc_search_set_seed(s, (uint64_t)round);
    moc_search_status st = moc_search_solve(s);
    if (!feasible) {
      cr_assert_eq(st, MOC_SEARCH_INFEASIBLE, "round %d", round);
    } else {
      cr_assert_eq(st, MOC_SEARCH_OPTIMAL, "round %d", round);
      cr_assert_eq(moc_search_best_objective(s), want, "round %d: %lld vs %lld", round,
                   (long long)moc_search_best_objective(s), (long long)want);
      cr_assert_eq(moc_search_bound(s), want);
      cr_assert_eq(moc_search_best(s)[b.obj], want);
    }
    cr_assert_eq(moc_level(e), 0);
    MOC_ASSERT_CHECKED(e);
    moc_search_free(s);
    moc_engine_free(e);
  }
}

static void check_optimum(uint64_t seed, moc_select sel, moc_value val, uint64_t restarts) {
  check_optimum_guided(seed, sel, val, restarts, false);
}

Test(bnb, optimum_smallest_min) { check_optimum(1, MOC_SELECT_SMALLEST, MOC_VALUE_MIN, 0); }
Test(bnb, optimum_first_max) { check_optimum(2, MOC_SELECT_FIRST, MOC_VALUE_MAX, 0); }
Test(bnb, optimum_split_with_restarts) { check_optimum(3, MOC_SELECT_SMALLEST, MOC_VALUE_SPLIT, 2); }

Test(bnb, optimum_guided_with_restarts) {
  check_optimum_guided(4, MOC_SELECT_SMALLEST, MOC_VALUE_MIN, 1, true);
}

Test(bnb, optimum_wdeg_with_restarts) { check_optimum(5, MOC_SELECT_WDEG, MOC_VALUE_MIN, 3); }

Test(bnb, luby_sequence) {
  uint64_t want[] = {1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, 1};
  for (uint64_t i = 0; i < 16; i++) cr_assert_eq(moc_luby(i + 1), want[i], "luby(%lu)", i + 1);
}

Test(bnb, satisfaction_and_infeasible) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 5), y = moc_new_int(e, 0, 5);
  cr_assert_eq(moc_post_difference(e, x, 3, y), 0);
  moc_var v[] = {x, y};
  moc_search *s = moc_search_create(e);
  moc_search_set_decision_vars(s, v, 2);
  moc_search_set_strategy(s, MOC_SELECT_FIRST, MOC_VALUE_MAX);
  cr_assert_eq(moc_search_solve(s), MOC_SEARCH_FEASIBLE);
  cr_assert_eq(moc_search_best(s)[x], 2);
  cr_assert_eq(moc_search_best(s)[y], 5);
  moc_search_free(s);
  cr_assert_eq(moc_post_difference(e, y, 0, x), 0);
  s = moc_search_create(e);
  moc_search_set_decision_vars(s, v, 2);
  cr_assert_eq(moc_search_solve(s), MOC_SEARCH_INFEASIBLE);
  cr_assert_null(moc_search_best(s));
  moc_search_free(s);
  moc_engine_free(e);
}

Test(bnb, hints_lead_to_the_optimum_first) {
  uint64_t rng = 99;
  for (int round = 0; round < 20; round++) {
    knap k = random_knap(&rng);
    int64_t want;
    if (!brute(&k, &want)) continue;
    moc_engine *e = moc_harness_engine();
    built b = build(e, &k);
    moc_search *s = moc_search_create(e);
    moc_search_set_objective(s, b.obj);
    moc_search_set_decision_vars(s, b.all, (size_t)b.nall);
    cr_assert_eq(moc_search_solve(s), MOC_SEARCH_OPTIMAL);
    const int64_t *best = moc_search_best(s);
    int64_t hint[16];
    for (int i = 0; i < b.nall; i++) hint[i] = best[b.all[i]];
    moc_search_free(s);
    moc_engine_free(e);

    e = moc_harness_engine();
    b = build(e, &k);
    s = moc_search_create(e);
    moc_search_set_objective(s, b.obj);
    moc_search_set_decision_vars(s, b.all, (size_t)b.nall);
    moc_search_set_strategy(s, MOC_SELECT_SMALLEST, MOC_VALUE_MAX);
    for (int i = 0; i < b.nall; i++) cr_assert_eq(moc_search_set_hint(s, b.all[i], hint[i]), 0);
    cr_assert_eq(moc_search_solve(s), MOC_SEARCH_OPTIMAL);
    cr_assert_eq(moc_search_stats(s).solutions, 1, "the hinted optimum comes first");
    cr_assert_eq(moc_search_best_objective(s), want);
    moc_search_free(s);
    moc_engine_free(e);
  }
}
