/* test_linear.c — sum a_i x_i <= c: hand-made cases, conflicts, overflow
 * refusal, and brute-force agreement (incremental, step by step). */
#include <criterion/criterion.h>

#include "propagators/linear.h"
#include "support/engine_harness.h"

TestSuite(linear, .timeout = 30);

Test(linear, hand_made_bounds) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  int64_t a[] = {2, 3};
  moc_var v[] = {x, y};
  cr_assert_eq(moc_post_linear_le(e, 2, a, v, 12), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 0, 6);
  MOC_ASSERT_BOUNDS(e, y, 0, 4);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lb(e, x, 3, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, y, 0, 2);
  cr_assert_eq(moc_set_lb(e, y, 2, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 3, 3);
  moc_backtrack_to(e, 0);
  MOC_ASSERT_BOUNDS(e, y, 0, 4);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(linear, negative_coefficients) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  int64_t a[] = {1, -1};
  moc_var v[] = {x, y};
  cr_assert_eq(moc_post_linear_le(e, 2, a, v, -2), 0);  /* x + 2 <= y */
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 0, 8);
  MOC_ASSERT_BOUNDS(e, y, 2, 10);
  cr_assert_eq(moc_set_ub(e, y, 5, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 0, 3);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(linear, conflict_and_merging) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 1, 5), y = moc_new_int(e, 1, 5);
  int64_t a[] = {1, 2, -1, 1};
  moc_var v[] = {x, y, x, y};   /* merges to 3y <= 2 */
  cr_assert_eq(moc_post_linear_le(e, 4, a, v, 2), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  cr_assert(moc_engine_failed(e));
  moc_engine_free(e);

  e = moc_harness_engine();
  int64_t none[] = {0};
  cr_assert_eq(moc_post_linear_le(e, 0, none, NULL, -1), 0);  /* 0 <= -1 */
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

Test(linear, overflow_is_refused) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, INT64_C(1) << 30);
  int64_t a[] = {INT64_C(1) << 40};
  cr_assert_eq(moc_post_linear_le(e, 1, a, &x, 5), -1);
  cr_assert_str_neq(moc_engine_error(e), "");
  int64_t b[] = {INT64_MAX, INT64_MAX};
  moc_var v[] = {x, x};
  cr_assert_eq(moc_post_linear_le(e, 2, b, v, 5), -1);
  moc_engine_free(e);
}

Test(linear, large_costs_objective) {
  moc_engine *e = moc_harness_engine();
  enum { N = 1000 };
  int64_t w[N + 1];
  moc_var v[N + 1];
  int64_t total = 0;
  for (int i = 0; i < N; i++) {
    v[i] = moc_lit_var(moc_new_bool(e));
    w[i] = INT64_C(1000000000000) + i;
    total += w[i];
  }
  v[N] = moc_new_int(e, 0, INT64_C(1) << 55);
  w[N] = -1;
  cr_assert_eq(moc_post_linear_eq(e, N + 1, w, v, 0), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, v[N], 0, total);
  cr_assert_eq(moc_set_ub(e, v[N], w[0] + w[1] - 1, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_set_lb(e, v[1], 1, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, v[0], 0, 0);
  MOC_ASSERT_BOUNDS(e, v[N], w[1], w[1]);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

typedef struct lin_case {
  size_t n;
  int64_t a[4], c;
  bool eq;
} lin_case;

static bool lin_sat(const int64_t *v, void *user) {
  const lin_case *k = user;
  int64_t s = 0;
  for (size_t i = 0; i < k->n; i++) s += k->a[i] * v[i];
  return k->eq ? s == k->c : s <= k->c;
}

Test(linear, brute_force_agreement) {
  uint64_t rng = 7;
  for (int round = 0; round < 400; round++) {
    moc_engine *e = moc_harness_engine();
    lin_case k = {.n = (size_t)moc_harness_range(&rng, 1, 4), .eq = round % 4 == 3};
    moc_var v[4];
    for (size_t i = 0; i < k.n; i++) {
      k.a[i] = moc_harness_range(&rng, -5, 5);
      int64_t lo = moc_harness_range(&rng, -3, 3);
      v[i] = moc_new_int(e, lo, lo + moc_harness_range(&rng, 0, 4));
    }
    k.c = moc_harness_range(&rng, -10, 10);
    cr_assert_eq(k.eq ? moc_post_linear_eq(e, k.n, k.a, v, k.c)
                      : moc_post_linear_le(e, k.n, k.a, v, k.c), 0);
    char msg[200];
    cr_assert_eq(moc_harness_walk(e, v, k.n, lin_sat, &k, &rng, 4, msg, sizeof msg), 0,
                 "%s; a = %lld %lld %lld %lld, c = %lld, eq %d", msg, (long long)k.a[0],
                 (long long)k.a[1], (long long)k.a[2], (long long)k.a[3], (long long)k.c, k.eq);
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}
