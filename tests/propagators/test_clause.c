/* test_clause.c — the clause store: unit propagation, conflicts, implications,
 * simplification at add time, and brute-force agreement on random CNFs. */
#include <criterion/criterion.h>

#include "propagators/clause.h"
#include "support/engine_harness.h"

TestSuite(clause, .timeout = 30);

Test(clause, unit_propagation_and_conflict) {
  moc_engine *e = moc_harness_engine();
  moc_lit a = moc_new_bool(e), b = moc_new_bool(e), c = moc_new_bool(e);
  moc_clauses *cs = moc_clauses_create(e);
  cr_assert_not_null(cs);
  moc_lit abc[] = {a, b, c};
  cr_assert_eq(moc_clauses_add(cs, abc, 3), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, moc_lit_not(a), moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(!moc_lit_is_fixed(e, c));
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, moc_lit_not(c), moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(moc_lit_is_true(e, b));
  moc_backtrack_to(e, 1);
  cr_assert(!moc_lit_is_fixed(e, b));
  cr_assert_eq(moc_set_lit(e, moc_lit_not(b), moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_set_lit(e, moc_lit_not(c), moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_backtrack_to(e, 0);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(clause, implication_chain) {
  moc_engine *e = moc_harness_engine();
  moc_clauses *cs = moc_clauses_create(e);
  moc_lit p[6];
  for (int i = 0; i < 6; i++) p[i] = moc_new_bool(e);
  for (int i = 1; i < 6; i++) cr_assert_eq(moc_clauses_add_implication(cs, p[i], p[i - 1]), 0);
  cr_assert_eq(moc_clauses_count(cs), 5);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lit(e, p[4], moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  for (int i = 0; i <= 4; i++) cr_assert(moc_lit_is_true(e, p[i]));
  cr_assert(!moc_lit_is_fixed(e, p[5]));
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_set_lit(e, moc_lit_not(p[2]), moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  for (int i = 2; i < 6; i++) cr_assert(moc_lit_is_false(e, p[i]));
  cr_assert(!moc_lit_is_fixed(e, p[1]));
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(clause, simplification_at_add) {
  moc_engine *e = moc_harness_engine();
  moc_clauses *cs = moc_clauses_create(e);
  moc_lit a = moc_new_bool(e), b = moc_new_bool(e);
  moc_lit taut[] = {a, b, moc_lit_not(a)};
  cr_assert_eq(moc_clauses_add(cs, taut, 3), 0);
  moc_lit dup[] = {b, b};
  cr_assert_eq(moc_clauses_add(cs, dup, 2), 0);     /* unit: b */
  cr_assert_eq(moc_clauses_count(cs), 0);
  cr_assert(moc_lit_is_true(e, b));
  moc_lit sat[] = {a, b};
  cr_assert_eq(moc_clauses_add(cs, sat, 2), 0);     /* already true */
  cr_assert_eq(moc_clauses_count(cs), 0);
  moc_var x = moc_new_int(e, 0, 2);
  moc_lit bad[] = {moc_lit_of(x, true)};
  cr_assert_eq(moc_clauses_add(cs, bad, 1), -1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  moc_lit nb[] = {moc_lit_not(b)};
  cr_assert_eq(moc_clauses_add(cs, nb, 1), 0);      /* false unit: fails */
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  cr_assert(moc_engine_failed(e));
  moc_engine_free(e);

  e = moc_harness_engine();
  cs = moc_clauses_create(e);
  cr_assert_eq(moc_clauses_add(cs, NULL, 0), 0);     /* the empty clause */
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

typedef struct cnf {
  int n;             /* clauses */
  int size[8];
  moc_lit lit[8][3];
} cnf;

static bool cnf_sat(const int64_t *v, void *user) {
  const cnf *f = user;
  for (int c = 0; c < f->n; c++) {
    bool any = false;
    for (int k = 0; k < f->size[c]; k++) {
      moc_lit l = f->lit[c][k];
      any |= (v[moc_lit_var(l)] == 1) != moc_lit_negated(l);
    }
    if (!any) return false;
  }
  return true;
}

Test(clause, brute_force_agreement) {
  uint64_t rng = 11;
  for (int round = 0; round < 400; round++) {
    moc_engine *e = moc_harness_engine();
    moc_clauses *cs = moc_clauses_create(e);
    int nv = (int)moc_harness_range(&rng, 2, 6);
    moc_var v[6];
    for (int i = 0; i < nv; i++) v[i] = moc_lit_var(moc_new_bool(e));
    cnf f = {.n = (int)moc_harness_range(&rng, 1, 8)};
    for (int c = 0; c < f.n; c++) {
      f.size[c] = (int)moc_harness_range(&rng, round % 10 == 0 ? 1 : 2, 3);
      for (int k = 0; k < f.size[c]; k++)
        f.lit[c][k] = moc_lit_of(v[moc_harness_rand(&rng) % nv], moc_harness_rand(&rng) & 1);
      cr_assert_eq(moc_clauses_add(cs, f.lit[c], f.size[c]), 0);
    }
    char msg[200];
    cr_assert_eq(moc_harness_walk(e, v, nv, cnf_sat, &f, &rng, 5, msg, sizeof msg), 0, "%s", msg);
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}

Test(clause, many_variables) {
  moc_engine *e = moc_harness_engine();
  enum { M = 3000 };
  moc_lit p[M];
  for (int i = 0; i < M; i++) {
    moc_new_int(e, 0, 10);
    p[i] = moc_new_bool(e);
  }
  moc_clauses *cs = moc_clauses_create(e);
  for (int i = 1; i < M; i++) cr_assert_eq(moc_clauses_add_implication(cs, p[i], p[i - 1]), 0, "%d", i);
  moc_engine_set_checking(e, false);
  cr_assert_eq(moc_set_lit(e, p[M - 1], moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  for (int i = 0; i < M; i++) cr_assert(moc_lit_is_true(e, p[i]));
  moc_engine_free(e);
}
