/* test_trail.c — the trail as a narrative: set, push, set, backtrack, check;
 * trailed integers, variables, literals, levels, the allocator. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "support/engine_harness.h"

TestSuite(trail, .timeout = 10);

Test(trail, narrative) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10);
  moc_var y = moc_new_int(e, -5, 5);
  cr_assert_eq(moc_num_vars(e), 2);
  cr_assert_eq(moc_level(e), 0);

  cr_assert_eq(moc_set_lb(e, x, 2, moc_root()), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 2, 10);
  cr_assert_eq(moc_trail_size(e), 1);

  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_level(e), 1);
  cr_assert_eq(moc_set_ub(e, x, 7, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_set_lb(e, x, 4, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_fix(e, y, 0, moc_decision()), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, x, 4, 7);
  MOC_ASSERT_BOUNDS(e, y, 0, 0);

  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_fix(e, x, 5, moc_decision()), MOC_PROP_OK);
  cr_assert(moc_is_fixed(e, x));
  const moc_trail_entry *t = moc_trail_at(e, moc_trail_size(e) - 1);
  cr_assert_eq(t->var, x);
  cr_assert_eq(t->old_lb, 4);
  cr_assert_eq(t->old_ub, 7);
  cr_assert_eq(t->why.prop, MOC_REASON_DECISION);

  moc_backtrack_to(e, 1);
  MOC_ASSERT_BOUNDS(e, x, 4, 7);
  MOC_ASSERT_BOUNDS(e, y, 0, 0);
  moc_backtrack_to(e, 0);
  MOC_ASSERT_BOUNDS(e, x, 2, 10);
  MOC_ASSERT_BOUNDS(e, y, -5, 5);
  cr_assert_eq(moc_trail_size(e), 1);
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_level(e), 0);
  moc_engine_free(e);
}

Test(trail, refused_changes) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10);
  cr_assert_eq(moc_set_lb(e, x, 0, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_set_ub(e, x, 12, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_trail_size(e), 0, "no-op changes are not trailed");
  cr_assert_eq(moc_set_lb(e, x, 11, moc_root()), MOC_PROP_CONFLICT);
  cr_assert_eq(moc_set_ub(e, x, -1, moc_root()), MOC_PROP_CONFLICT);
  cr_assert_eq(moc_fix(e, x, 11, moc_root()), MOC_PROP_CONFLICT);
  MOC_ASSERT_BOUNDS(e, x, 0, 10);
  cr_assert_eq(moc_new_int(e, 3, 2), -1);
  cr_assert_eq(moc_new_int(e, 0, MOC_INT_MAX + 1), -1);
  cr_assert_str_neq(moc_engine_error(e), "");
  moc_engine_free(e);
}

Test(trail, literals) {
  moc_engine *e = moc_harness_engine();
  moc_lit a = moc_new_bool(e);
  cr_assert(!moc_lit_negated(a));
  cr_assert(!moc_lit_is_true(e, a) && !moc_lit_is_false(e, a));
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, moc_lit_not(a), moc_decision()), MOC_PROP_OK);
  cr_assert(moc_lit_is_false(e, a) && moc_lit_is_true(e, moc_lit_not(a)));
  cr_assert_eq(moc_set_lit(e, a, moc_decision()), MOC_PROP_CONFLICT);
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_set_lit(e, a, moc_root()), MOC_PROP_OK);
  cr_assert(moc_lit_is_true(e, a));
  cr_assert_eq(moc_lit_of(moc_lit_var(a), false), moc_lit_not(a));
  moc_engine_free(e);
}

Test(trail, trailed_integers) {
  moc_engine *e = moc_harness_engine();
  moc_tint t = moc_tint_new(e, 10);
  moc_tint u = moc_tint_new(e, -3);
  moc_tint_set(e, t, 11);                  /* level 0: permanent */
  cr_assert_eq(moc_push_level(e), 0);
  moc_tint_set(e, t, 12);
  moc_tint_set(e, t, 13);
  moc_tint_set(e, u, 0);
  cr_assert_eq(moc_push_level(e), 0);
  moc_tint_set(e, t, 14);
  cr_assert_eq(moc_tint_get(e, t), 14);
  moc_backtrack_to(e, 1);
  cr_assert_eq(moc_tint_get(e, t), 13);
  moc_tint_set(e, t, 20);                  /* saved again after the backtrack */
  cr_assert_eq(moc_push_level(e), 0);
  moc_tint_set(e, u, 5);
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_tint_get(e, t), 11);
  cr_assert_eq(moc_tint_get(e, u), -3);
  moc_engine_free(e);
}

Test(trail, many_levels_and_variables) {
  moc_engine *e = moc_harness_engine();
  enum { N = 300, L = 200 };
  moc_var v[N];
  moc_tint t[N];
  for (int i = 0; i < N; i++) {
    v[i] = moc_new_int(e, 0, 1000);
    t[i] = moc_tint_new(e, 0);
  }
  for (int l = 1; l <= L; l++) {
    cr_assert_eq(moc_push_level(e), 0);
    for (int i = 0; i < N; i++) {
      cr_assert_eq(moc_set_lb(e, v[i], l, moc_decision()), MOC_PROP_OK);
      cr_assert_eq(moc_set_ub(e, v[i], 1000 - l, moc_decision()), MOC_PROP_OK);
      moc_tint_set(e, t[i], l);
    }
  }
  moc_backtrack_to(e, 50);
  for (int i = 0; i < N; i++) {
    MOC_ASSERT_BOUNDS(e, v[i], 50, 950);
    cr_assert_eq(moc_tint_get(e, t[i]), 50);
  }
  moc_backtrack_to(e, 0);
  for (int i = 0; i < N; i++) MOC_ASSERT_BOUNDS(e, v[i], 0, 1000);
  moc_engine_free(e);
}

/* A counting allocator: everything allocated is freed. */
typedef struct counter {
  long live;
  size_t bytes;
} counter;
static void *c_alloc(size_t n, void *u) {
  ((counter *)u)->live++;
  ((counter *)u)->bytes += n;
  return malloc(n);
}
static void *c_realloc(void *p, size_t o, size_t n, void *u) {
  ((counter *)u)->bytes += n - o;
  return realloc(p, n);
}
static void c_free(void *p, size_t n, void *u) {
  ((counter *)u)->live--;
  ((counter *)u)->bytes -= n;
  free(p);
}

Test(trail, caller_allocator) {
  counter c = {0, 0};
  moc_allocator a = {c_alloc, c_realloc, c_free, &c};
  moc_engine *e = moc_engine_create(&a);
  cr_assert_not_null(e);
  for (int i = 0; i < 100; i++) moc_new_int(e, 0, i);
  cr_assert_not_null(moc_engine_alloc(e, 1000));
  int64_t *z = moc_engine_alloc(e, 64 * sizeof(int64_t));
  for (int i = 0; i < 64; i++) cr_assert_eq(z[i], 0);
  cr_assert_eq(moc_push_level(e), 0);
  moc_engine_free(e);
  cr_assert_eq(c.live, 0);
  cr_assert_eq(c.bytes, 0);
}
