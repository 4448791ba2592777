/* test_cumulative_profile.c — the sparse segment tree against a plain array:
 * random range adds and removals, values, maximum, first/last searches in
 * both senses, and the memory bound (nodes return to the pool). */
#include <criterion/criterion.h>

#include "propagators/cumulative_profile.h"
#include "support/engine_harness.h"

TestSuite(profile, .timeout = 60);

enum { H = 100 };

static int64_t brute_first(const int64_t *v, int64_t lo, int64_t hi, int64_t thr, bool above) {
  for (int64_t t = lo; t < hi; t++) {
    int64_t x = t >= 0 && t < H ? v[t] : 0;
    if (above ? x > thr : x <= thr) return t;
  }
  return hi;
}

static int64_t brute_last(const int64_t *v, int64_t lo, int64_t hi, int64_t thr, bool above) {
  for (int64_t t = hi - 1; t >= lo; t--) {
    int64_t x = t >= 0 && t < H ? v[t] : 0;
    if (above ? x > thr : x <= thr) return t;
  }
  return lo - 1;
}

typedef struct range { int64_t a, b, d; } range;

Test(profile, agrees_with_an_array) {
  moc_engine *e = moc_harness_engine();
  moc_profile pr;
  cr_assert_eq(moc_profile_init(&pr, e, H, 40, 0), 0);
  int64_t v[H] = {0};
  range live[40];
  int nlive = 0;
  uint64_t seed = 3;
  for (int step = 0; step < 20000; step++) {
    bool add = nlive == 0 || (nlive < 40 && moc_harness_range(&seed, 0, 1));
    range r;
    if (add) {
      r.a = moc_harness_range(&seed, 0, H - 1);
      r.b = moc_harness_range(&seed, r.a, H);
      r.d = moc_harness_range(&seed, 0, 9);
      live[nlive++] = r;
    } else {
      int k = (int)moc_harness_range(&seed, 0, nlive - 1);
      r = live[k];
      live[k] = live[--nlive];
      r.d = -r.d;
    }
    moc_profile_add(&pr, r.a, r.b, r.d);
    int64_t mx = 0;
    for (int64_t t = r.a; t < r.b; t++) v[t] += r.d;
    for (int t = 0; t < H; t++) mx = v[t] > mx ? v[t] : mx;
    cr_assert_eq(moc_profile_max(&pr), mx);
    int64_t t = moc_harness_range(&seed, -3, H + 3);
    cr_assert_eq(moc_profile_value(&pr, t), t >= 0 && t < H ? v[t] : 0);
    int64_t lo = moc_harness_range(&seed, -5, H + 5), hi = moc_harness_range(&seed, lo, H + 40);
    int64_t thr = moc_harness_range(&seed, 0, 25);
    for (int above = 0; above < 2; above++) {
      cr_assert_eq(moc_profile_first(&pr, lo, hi, thr, above), brute_first(v, lo, hi, thr, above),
                   "first [%lld,%lld) thr %lld above %d", (long long)lo, (long long)hi,
                   (long long)thr, above);
      cr_assert_eq(moc_profile_last(&pr, lo, hi, thr, above), brute_last(v, lo, hi, thr, above),
                   "last [%lld,%lld) thr %lld above %d", (long long)lo, (long long)hi,
                   (long long)thr, above);
    }
  }
  while (nlive > 0) {
    range r = live[--nlive];
    moc_profile_add(&pr, r.a, r.b, -r.d);
  }
  cr_assert_eq(moc_profile_nodes_used(&pr), 0);
  cr_assert_eq(moc_profile_max(&pr), 0);
  moc_engine_free(e);
}

Test(profile, huge_horizon_small_memory) {
  moc_engine *e = moc_harness_engine();
  moc_profile pr;
  int64_t horizon = INT64_C(50000000);
  cr_assert_eq(moc_profile_init(&pr, e, horizon, 1000, 0), 0);
  uint64_t seed = 9;
  for (int k = 0; k < 1000; k++) {
    int64_t a = moc_harness_range(&seed, 0, horizon - 1);
    moc_profile_add(&pr, a, moc_harness_range(&seed, a, horizon), INT64_C(1) << 40);
  }
  cr_assert_leq(moc_profile_nodes_used(&pr), 1000u * 4u * 27u);
  cr_assert_geq(moc_profile_max(&pr), INT64_C(1) << 40);
  moc_engine_free(e);
}

Test(profile, unit_ranges_fit_their_reservation) {
  moc_engine *e = moc_harness_engine();
  moc_profile pr;
  cr_assert_eq(moc_profile_init(&pr, e, 1000, 0, 1000), 0);
  for (int64_t t = 0; t < 1000; t++) moc_profile_add(&pr, t, t + 1, t + 1);
  cr_assert_eq(moc_profile_max(&pr), 1000);
  cr_assert_eq(moc_profile_first(&pr, 0, 1000, 499, true), 499);
  moc_engine_free(e);
}

Test(profile, an_exhausted_pool_says_so_and_clears) {
  moc_engine *e = moc_harness_engine();
  moc_profile pr;
  cr_assert_eq(moc_profile_init(&pr, e, 1 << 20, 0, 0), 0);
  for (int64_t t = 0; t < 5000 && !pr.exhausted; t++) moc_profile_add(&pr, 3 * t, 3 * t + 1, 1);
  cr_assert(pr.exhausted);
  moc_profile_clear(&pr);
  cr_assert(!pr.exhausted);
  moc_profile_add(&pr, 10, 20, 7);
  cr_assert_eq(moc_profile_max(&pr), 7);
  moc_engine_free(e);
}
