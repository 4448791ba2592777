/* test_cumulative.c — the cumulative propagator: hand-made cases (overload,
 * pushes, optional intervals turning absent, capacity variable), brute force
 * over small random instances, incremental against from-scratch under random
 * search with backtracking, and 64-bit demands near 2^40. */
#include <criterion/criterion.h>

#include "propagators/cumulative.h"
#include "propagators/cumulative_internal.h"
#include "sched_brute.h"

TestSuite(cumulative, .timeout = 120);

static moc_interval plain(moc_engine *e, int64_t slo, int64_t shi, int64_t elo, int64_t ehi,
                          bool optional) {
  moc_interval iv = {moc_new_int(e, slo, shi), moc_new_int(e, elo, ehi), moc_new_bool(e), 0, false};
  cr_assert(iv.stage >= 0 && iv.end >= 0 && iv.present >= 0);
  if (!optional) cr_assert_eq(moc_set_lit(e, iv.present, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_interval_post(e, &iv), 0);
  return iv;
}

static moc_cumulative *post(moc_engine *e, const moc_interval *iv, const int64_t *d, uint32_t n,
                            int64_t horizon, moc_var capvar, int64_t cap) {
  moc_cumulative_spec s = {.tasks = iv, .demand = d, .n = n, .horizon = horizon,
                           .capacity = capvar, .capacity_const = cap};
  moc_cumulative *c = NULL;
  cr_assert_eq(moc_cumulative_post(e, &s, &c), 0);
  return c;
}

Test(cumulative, overload_of_fixed_intervals_fails) {
  moc_engine *e = moc_harness_engine();
  moc_interval iv[2] = {plain(e, 0, 0, 5, 5, false), plain(e, 3, 3, 8, 8, false)};
  int64_t d[2] = {3, 4};
  post(e, iv, d, 2, 10, -1, 6);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

Test(cumulative, pushes_start_and_end_past_overload) {
  moc_engine *e = moc_harness_engine();
  /* a fixed block [4, 7) of demand 5; b (demand 2, cap 6) must avoid it */
  moc_interval iv[3] = {plain(e, 4, 4, 7, 7, false), plain(e, 2, 9, 6, 20, false),
                        plain(e, 0, 9, 1, 6, false)};
  int64_t d[3] = {5, 2, 2};
  moc_cumulative *c = post(e, iv, d, 3, 20, -1, 6);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  /* b covers [s, 6) at least: s <= 3 would cover event 4..5: start >= 7 */
  MOC_ASSERT_BOUNDS(e, iv[1].stage, 7, 9);
  MOC_ASSERT_BOUNDS(e, iv[1].end, 8, 20);
  /* c ends by 6; covering [min(lst, end-1), end) must avoid [4, 7): end <= 4 */
  MOC_ASSERT_BOUNDS(e, iv[2].end, 1, 4);
  MOC_ASSERT_BOUNDS(e, iv[2].stage, 0, 3);
  cr_assert_eq(moc_cumulative_profile_at(c, 5), 5);
  cr_assert_eq(moc_cumulative_profile_peak(c), 5);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(cumulative, optional_interval_without_place_becomes_absent) {
  moc_engine *e = moc_harness_engine();
  moc_interval iv[2] = {plain(e, 0, 0, 10, 10, false), plain(e, 2, 5, 3, 9, true)};
  int64_t d[2] = {4, 3};
  post(e, iv, d, 2, 10, -1, 6);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(moc_task_absent(e, &iv[1]));
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(cumulative, capacity_variable_gets_the_peak) {
  moc_engine *e = moc_harness_engine();
  moc_interval iv[2] = {plain(e, 0, 0, 6, 6, false), plain(e, 2, 2, 4, 9, false)};
  int64_t d[2] = {3, 4};
  moc_var cap = moc_new_int(e, 0, 100);
  post(e, iv, d, 2, 10, cap, 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, cap, 7, 100);
  cr_assert_eq(moc_set_ub(e, cap, 7, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_set_ub(e, cap, 6, moc_root()), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

typedef struct cum_case {
  int64_t demand[SB_MAX];
  int64_t cap;      /* used when capvar is -1 */
  bool capvar;
} cum_case;

static bool cum_sat(const sb_assign *a, void *user) {
  const cum_case *k = user;
  int64_t cap = k->capvar ? a->extra : k->cap;
  for (int i = 0; i < a->n; i++)
    if (a->present[i] && a->end[i] < a->start[i] + 1) return false;
  for (int64_t t = 0; t < 64; t++) {
    int64_t sum = 0;
    for (int i = 0; i < a->n; i++)
      if (a->present[i] && a->start[i] <= t && t < a->end[i]) sum += k->demand[i];
    if (sum > cap) return false;
  }
  return true;
}

/* n random intervals (staged or plain, some optional) over a short horizon. */
static void random_intervals(moc_engine *e, uint64_t *seed, moc_interval *iv, int n, bool staged,
                             int64_t horizon) {
  for (int i = 0; i < n; i++) {
    int64_t off = staged ? moc_harness_range(seed, 0, 2) : 0;
    int64_t slo = moc_harness_range(seed, 0, staged ? 3 : horizon - 2);
    int64_t shi = slo + moc_harness_range(seed, 0, staged ? 1 : 3);
    int64_t elo = moc_harness_range(seed, 1, horizon - 1);
    int64_t ehi = elo + moc_harness_range(seed, 0, 3);
    if (ehi > horizon) ehi = horizon;
    moc_interval x = {moc_new_int(e, slo, shi), moc_new_int(e, elo, ehi), moc_new_bool(e), off,
                      staged};
    iv[i] = x;
    if (moc_harness_range(seed, 0, 2) > 0)
      cr_assert_eq(moc_set_lit(e, x.present, moc_root()), MOC_PROP_OK);
    cr_assert_eq(moc_interval_post(e, &iv[i]), 0);
  }
}

Test(cumulative, agrees_with_brute_force) {
  uint64_t seed = 21;
  int checked = 0;
  for (int round = 0; round < 300; round++) {
    moc_engine *e = moc_harness_engine();
    int n = (int)moc_harness_range(&seed, 2, 3);
    bool staged = round % 3 == 0;
    moc_interval iv[SB_MAX];
    random_intervals(e, &seed, iv, n, staged, 12);
    cum_case k = {{0}, moc_harness_range(&seed, 2, 6), round % 4 == 1};
    for (int i = 0; i < n; i++) k.demand[i] = moc_harness_range(&seed, 0, 4);
    moc_var cap = k.capvar ? moc_new_int(e, 0, moc_harness_range(&seed, 2, 6)) : -1;
    post(e, iv, k.demand, (uint32_t)n, 20, cap, k.cap);
    char msg[200];
    cr_assert_eq(sb_check(e, iv, n, cap, cum_sat, &k, msg, sizeof msg), 0, "round %d: %s", round,
                 msg);
    if (!moc_engine_failed(e)) {
      cr_assert_eq(moc_push_level(e), 0);
      moc_interval *x = &iv[moc_harness_range(&seed, 0, n - 1)];
      int64_t mid = (moc_lb(e, x->stage) + moc_ub(e, x->stage)) / 2;
      if (moc_set_ub(e, x->stage, mid, moc_decision()) == MOC_PROP_OK &&
          moc_set_lit(e, x->present, moc_decision()) == MOC_PROP_OK) {
        cr_assert_eq(sb_check(e, iv, n, cap, cum_sat, &k, msg, sizeof msg), 0,
                     "round %d after decision: %s", round, msg);
        checked++;
      }
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
  cr_assert_gt(checked, 50);
}

/* Recomputes the profile of compulsory parts from the bounds. */
static void assert_profile(const moc_engine *e, const moc_cumulative *c, const moc_interval *iv,
                           const int64_t *d, int n, int64_t horizon) {
  for (int64_t t = 0; t < horizon; t++) {
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
      if (!moc_task_present(e, &iv[i])) continue;
      if (moc_task_lst(e, &iv[i], MOC_FWD) <= t && t < moc_task_ect(e, &iv[i], MOC_FWD))
        sum += d[i];
    }
    cr_assert_eq(moc_cumulative_profile_at(c, t), sum, "event %lld", (long long)t);
  }
}

/* Random dives with random backtracks: the engine's checking mode compares
 * every fix-point with propagate_from_scratch; the profile is recomputed. */
Test(cumulative, incremental_matches_from_scratch) {
  uint64_t seed = 77;
  for (int round = 0; round < 200; round++) {
    moc_engine *e = moc_harness_engine();
    int n = (int)moc_harness_range(&seed, 4, SB_MAX);
    int64_t horizon = 30;
    moc_interval iv[SB_MAX];
    int64_t d[SB_MAX];
    random_intervals(e, &seed, iv, n, round % 2 == 0, horizon);
    for (int i = 0; i < n; i++) {
      moc_set_lb(e, iv[i].end, 1, moc_root());
      d[i] = moc_harness_range(&seed, 1, 5);
    }
    moc_cumulative *c = post(e, iv, d, (uint32_t)n, horizon, -1, moc_harness_range(&seed, 5, 9));
    if (moc_propagate(e) != MOC_PROP_OK) {
      moc_engine_free(e);
      continue;
    }
    for (int step = 0; step < 40; step++) {
      if (moc_level(e) > 0 && moc_harness_range(&seed, 0, 3) == 0)
        moc_backtrack_to(e, (uint32_t)moc_harness_range(&seed, 0, moc_level(e) - 1));
      cr_assert_eq(moc_push_level(e), 0);
      /* an effective decision, so that the propagator runs (and catches up) */
      moc_interval *x = &iv[moc_harness_range(&seed, 0, n - 1)];
      moc_var v = moc_harness_range(&seed, 0, 1) ? x->stage : x->end;
      if (moc_is_fixed(e, v)) v = v == x->stage ? x->end : x->stage;
      if (moc_is_fixed(e, v)) continue;
      int64_t mid = moc_harness_range(&seed, moc_lb(e, v), moc_ub(e, v) - 1);
      moc_pstatus st = moc_harness_range(&seed, 0, 1) ? moc_set_ub(e, v, mid, moc_decision())
                                                      : moc_set_lb(e, v, mid + 1, moc_decision());
      if (st == MOC_PROP_OK && moc_harness_range(&seed, 0, 3) == 0)
        st = moc_set_lit(e, x->present, moc_decision());
      if (st == MOC_PROP_OK) st = moc_propagate(e);
      if (st != MOC_PROP_OK) {
        moc_backtrack_to(e, moc_level(e) - 1);
        continue;
      }
      assert_profile(e, c, iv, d, n, horizon);
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}

Test(cumulative, demands_near_two_to_the_forty) {
  moc_engine *e = moc_harness_engine();
  enum { N = 3000 };
  static moc_interval iv[N];
  static int64_t d[N];
  int64_t big = INT64_C(1) << 40, total = 0;
  for (int i = 0; i < N; i++) {
    iv[i] = plain(e, i % 7, i % 7, 100 + i % 5, 200, false);
    d[i] = big - i;
    total += d[i];
  }
  /* all of them overlap on [6, 100): the peak is the total (~3.3e15) */
  moc_var cap = moc_new_int(e, 0, INT64_C(1) << 60);
  moc_cumulative *c = post(e, iv, d, N, 200, cap, 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_cumulative_profile_peak(c), total);
  MOC_ASSERT_BOUNDS(e, cap, total, INT64_C(1) << 60);
  cr_assert_eq(moc_set_ub(e, cap, total - 1, moc_root()), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

/* A part that grows one event at a time keeps a canonical tree: the node
 * pool (sized for one range here) is never exhausted. */
Test(cumulative, growing_part_stays_within_the_node_pool) {
  moc_engine *e = moc_harness_engine();
  moc_engine_set_checking(e, false);
  moc_interval iv[1] = {plain(e, 0, 0, 1, 4096, false)};
  int64_t d[1] = {5};
  moc_cumulative *c = post(e, iv, d, 1, 4096, -1, 10);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  for (int64_t t = 2; t <= 4096; t++) {
    cr_assert_eq(moc_push_level(e), 0);
    cr_assert_eq(moc_set_lb(e, iv[0].end, t, moc_decision()), MOC_PROP_OK);
    cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  }
  cr_assert_eq(moc_cumulative_profile_at(c, 4095), 5);
  cr_assert_eq(c->rebuilds, 0);
  moc_engine_free(e);
}
