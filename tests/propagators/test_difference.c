/* test_difference.c — lit -> x + d <= y: both bounds, the condition made
 * false by a certain violation, x == y, and brute-force agreement. */
#include <criterion/criterion.h>

#include "propagators/clause.h"
#include "propagators/difference.h"
#include "support/engine_harness.h"

TestSuite(difference, .timeout = 30);

Test(difference, unconditional_bounds) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  cr_assert_eq(moc_post_difference(e, x, 3, y), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 0, 7);
  MOC_ASSERT_BOUNDS(e, y, 3, 10);
  cr_assert_eq(moc_set_lb(e, x, 7, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, y, 10, 10);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(difference, condition_open_true_false) {
  moc_engine *e = moc_harness_engine();
  moc_lit l = moc_new_bool(e);
  moc_var x = moc_new_int(e, 5, 10), y = moc_new_int(e, 0, 9);
  cr_assert_eq(moc_post_cond_difference(e, l, x, 3, y), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 5, 10);        /* open: no pruning */
  MOC_ASSERT_BOUNDS(e, y, 0, 9);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, l, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 5, 6);
  MOC_ASSERT_BOUNDS(e, y, 8, 9);
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_set_ub(e, y, 7, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(moc_lit_is_false(e, l));     /* 5 + 3 > 7 */
  cr_assert_eq(moc_set_lb(e, x, 10, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(difference, conflict_when_true) {
  moc_engine *e = moc_harness_engine();
  moc_lit l = moc_new_bool(e);
  moc_var x = moc_new_int(e, 5, 10), y = moc_new_int(e, 0, 9);
  cr_assert_eq(moc_post_cond_difference(e, l, x, 3, y), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, l, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_set_ub(e, y, 7, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

Test(difference, same_variable) {
  moc_engine *e = moc_harness_engine();
  moc_lit l = moc_new_bool(e);
  moc_var x = moc_new_int(e, 0, 5);
  cr_assert_eq(moc_post_cond_difference(e, l, x, -1, x), 0);
  cr_assert_eq(moc_post_cond_difference(e, l, x, 2, x), 0);
  cr_assert(moc_lit_is_false(e, l));
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_post_difference(e, x, 1, x), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  cr_assert_eq(moc_post_difference(e, x, 1, 99), -1);
  moc_engine_free(e);
}

typedef struct dcase {
  int64_t d[3];
  int cond[3];   /* index of the literal's variable in the values, or -1 */
  int x[3], y[3];
  int n;
} dcase;

static bool d_sat(const int64_t *v, void *user) {
  const dcase *k = user;
  for (int i = 0; i < k->n; i++)
    if ((k->cond[i] < 0 || v[k->cond[i]] == 1) && v[k->x[i]] + k->d[i] > v[k->y[i]]) return false;
  return true;
}

/* Several conditional differences over x, y, z and two literals, with an
 * implication between the literals for good measure. */
Test(difference, brute_force_agreement) {
  uint64_t rng = 5;
  for (int round = 0; round < 300; round++) {
    moc_engine *e = moc_harness_engine();
    moc_var v[5];
    for (int i = 0; i < 3; i++) {
      int64_t lo = moc_harness_range(&rng, -3, 3);
      v[i] = moc_new_int(e, lo, lo + moc_harness_range(&rng, 0, 5));
    }
    v[3] = moc_lit_var(moc_new_bool(e));
    v[4] = moc_lit_var(moc_new_bool(e));
    dcase k = {.n = (int)moc_harness_range(&rng, 1, 3)};
    for (int i = 0; i < k.n; i++) {
      k.d[i] = moc_harness_range(&rng, -3, 4);
      k.cond[i] = (int)moc_harness_range(&rng, 2, 4);   /* 2: unconditional */
      if (k.cond[i] == 2) k.cond[i] = -1;
      k.x[i] = (int)moc_harness_range(&rng, 0, 2);
      k.y[i] = (int)moc_harness_range(&rng, 0, 2);
      moc_lit l = k.cond[i] < 0 ? -1 : moc_lit_of(v[k.cond[i]], true);
      cr_assert_eq(moc_post_cond_difference(e, l, v[k.x[i]], k.d[i], v[k.y[i]]), 0);
    }
    char msg[200];
    cr_assert_eq(moc_harness_walk(e, v, 5, d_sat, &k, &rng, 5, msg, sizeof msg), 0, "%s", msg);
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}
