/* test_cover.c — the cover propagator: the producer's end stretched to the
 * consumers it alone serves, consumers made absent or failing, brute force
 * over small random instances, and random dives with backtracking under the
 * engine's from-scratch checking. */
#include <criterion/criterion.h>

#include "propagators/cover.h"
#include "sched_brute.h"

TestSuite(cover, .timeout = 120);

static moc_interval staged(moc_engine *e, int64_t k, int64_t slo, int64_t shi, int64_t elo,
                           int64_t ehi, bool optional) {
  moc_interval iv = {moc_new_int(e, slo, shi), moc_new_int(e, elo, ehi), moc_new_bool(e), k, true};
  cr_assert(iv.stage >= 0 && iv.end >= 0 && iv.present >= 0);
  if (!optional) cr_assert_eq(moc_set_lit(e, iv.present, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_interval_post(e, &iv), 0);
  return iv;
}

static void post(moc_engine *e, const moc_interval *p, uint32_t np, const moc_interval *c,
                 uint32_t nc) {
  moc_cover_spec s = {p, np, c, nc};
  cr_assert_eq(moc_cover_post(e, &s), 0);
}

Test(cover, single_copy_stretches_to_last_consumer) {
  moc_engine *e = moc_harness_engine();
  /* u = node 0 at e(0,0) = 0; consumers: node 1 at e(1,1) = 2, node 2 at e(4,2) = 12 */
  moc_interval u = staged(e, 0, 0, 0, 1, 20, false);
  moc_interval c[2] = {staged(e, 1, 1, 1, 3, 20, false), staged(e, 2, 4, 4, 13, 20, false)};
  post(e, &u, 1, c, 2);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, u.end, 13, 20);
  cr_assert_eq(moc_set_ub(e, u.end, 12, moc_root()), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

Test(cover, optional_consumer_without_server_becomes_absent) {
  moc_engine *e = moc_harness_engine();
  moc_interval u = staged(e, 0, 0, 0, 1, 5, false);
  /* a second copy of node 1 at stages 3..4: events 7, 11; u is gone by 5 */
  moc_interval c = staged(e, 1, 3, 4, 8, 20, true);
  post(e, &u, 1, &c, 1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(moc_task_absent(e, &c));
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(cover, the_only_candidate_copy_becomes_present) {
  moc_engine *e = moc_harness_engine();
  /* u0 ends by 3; u1 (optional) may start at stages 2..5 = events 3, 6, 10, 15 */
  moc_interval u[2] = {staged(e, 0, 0, 0, 1, 3, false), staged(e, 0, 2, 5, 4, 30, true)};
  cr_assert_eq(moc_interval_post_before(e, &u[0], &u[1]), 0);
  moc_interval c = staged(e, 2, 3, 4, 9, 30, false); /* events 8 or 12 */
  post(e, u, 2, &c, 1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert(moc_task_present(e, &u[1]));
  MOC_ASSERT_BOUNDS(e, u[1].stage, 2, 4);  /* start <= 11 */
  MOC_ASSERT_BOUNDS(e, u[1].end, 9, 30);   /* end >= 8 + 1 */
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

static bool cover_sat(const sb_assign *a, void *user) {
  int np = *(const int *)user;
  for (int i = 0; i < a->n; i++)
    if (a->present[i] && a->end[i] < a->start[i] + 1) return false;
  for (int i = 0; i + 1 < np; i++) {
    if (a->present[i + 1] && !a->present[i]) return false;
    if (a->present[i + 1] && a->end[i] > a->start[i + 1]) return false;
  }
  for (int j = np; j < a->n; j++) {
    if (!a->present[j]) continue;
    bool served = false;
    for (int i = 0; i < np; i++)
      served = served || (a->present[i] && a->start[i] < a->start[j] && a->start[j] < a->end[i]);
    if (!served) return false;
  }
  return true;
}

/* Producer copies (node at k = 0..1) then consumers (later nodes). */
static int random_instance(moc_engine *e, uint64_t *seed, moc_interval *iv, int *np) {
  *np = (int)moc_harness_range(seed, 1, 2);
  int nc = (int)moc_harness_range(seed, 1, 2);
  int64_t ku = moc_harness_range(seed, 0, 1);
  for (int i = 0; i < *np + nc; i++) {
    bool prod = i < *np;
    int64_t k = prod ? ku : ku + moc_harness_range(seed, 1, 2);
    int64_t slo = k + (prod && i == 0 ? 0 : moc_harness_range(seed, 0, 2));
    int64_t shi = prod && i == 0 ? slo : slo + moc_harness_range(seed, 0, 2);
    int64_t elo = moc_harness_range(seed, 1, 12), ehi = elo + moc_harness_range(seed, 0, 4);
    iv[i] = staged(e, k, slo, shi, elo, ehi, i > 0 && moc_harness_range(seed, 0, 1));
  }
  for (int i = 0; i + 1 < *np; i++) cr_assert_eq(moc_interval_post_before(e, &iv[i], &iv[i + 1]), 0);
  post(e, iv, (uint32_t)*np, iv + *np, (uint32_t)nc);
  return *np + nc;
}

Test(cover, agrees_with_brute_force) {
  uint64_t seed = 31;
  int checked = 0;
  for (int round = 0; round < 300; round++) {
    moc_engine *e = moc_harness_engine();
    moc_interval iv[SB_MAX];
    int np, n = random_instance(e, &seed, iv, &np);
    char msg[200];
    cr_assert_eq(sb_check(e, iv, n, -1, cover_sat, &np, msg, sizeof msg), 0, "round %d: %s",
                 round, msg);
    if (!moc_engine_failed(e)) {
      cr_assert_eq(moc_push_level(e), 0);
      moc_interval *x = &iv[moc_harness_range(&seed, 0, n - 1)];
      if (moc_set_lit(e, x->present, moc_decision()) == MOC_PROP_OK &&
          moc_set_ub(e, x->end, moc_ub(e, x->end) - 1, moc_decision()) == MOC_PROP_OK) {
        cr_assert_eq(sb_check(e, iv, n, -1, cover_sat, &np, msg, sizeof msg), 0,
                     "round %d after decision: %s", round, msg);
        checked++;
      }
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
  cr_assert_gt(checked, 30);
}

/* A chain of producers/consumers, random dives: checking mode compares every
 * fix-point with the from-scratch revision of all consumers. */
Test(cover, incremental_matches_from_scratch) {
  uint64_t seed = 41;
  for (int round = 0; round < 200; round++) {
    moc_engine *e = moc_harness_engine();
    enum { NODES = 5, C = 2 };
    moc_interval iv[NODES][C];
    for (int v = 0; v < NODES; v++)
      for (int i = 0; i < C; i++) {
        iv[v][i] = staged(e, v, v, i == 0 ? v : NODES - 1, 1, 15, i > 0);
        if (i > 0) cr_assert_eq(moc_interval_post_before(e, &iv[v][i - 1], &iv[v][i]), 0);
      }
    for (int u = 0; u < NODES; u++) {
      moc_interval cons[NODES * C];
      uint32_t nc = 0;
      for (int v = u + 1; v < NODES; v++)
        if (moc_harness_range(&seed, 0, 1))
          for (int j = 0; j < C; j++) cons[nc++] = iv[v][j];
      post(e, iv[u], C, cons, nc);
    }
    if (moc_propagate(e) != MOC_PROP_OK) {
      moc_engine_free(e);
      continue;
    }
    for (int step = 0; step < 30; step++) {
      if (moc_level(e) > 0 && moc_harness_range(&seed, 0, 3) == 0)
        moc_backtrack_to(e, (uint32_t)moc_harness_range(&seed, 0, moc_level(e) - 1));
      cr_assert_eq(moc_push_level(e), 0);
      moc_interval *x = &iv[moc_harness_range(&seed, 0, NODES - 1)][moc_harness_range(&seed, 0, C - 1)];
      moc_var v = moc_harness_range(&seed, 0, 1) ? x->stage : x->end;
      moc_pstatus st = MOC_PROP_OK;
      if (!moc_is_fixed(e, v)) {
        int64_t mid = moc_harness_range(&seed, moc_lb(e, v), moc_ub(e, v) - 1);
        st = moc_harness_range(&seed, 0, 1) ? moc_set_ub(e, v, mid, moc_decision())
                                            : moc_set_lb(e, v, mid + 1, moc_decision());
      } else if (!moc_lit_is_fixed(e, x->present)) {
        st = moc_set_lit(e, moc_harness_range(&seed, 0, 1) ? x->present : moc_lit_not(x->present),
                         moc_decision());
      }
      if (st == MOC_PROP_OK) st = moc_propagate(e);
      if (st != MOC_PROP_OK) moc_backtrack_to(e, moc_level(e) - 1);
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}
