/* test_interval.c — the staged start map, the task view in both directions,
 * optional intervals turning absent, and the length / ordered-copies
 * propagators against brute force and under random search. */
#include <criterion/criterion.h>

#include "propagators/interval.h"
#include "sched_brute.h"

TestSuite(interval, .timeout = 60);

static moc_interval make_iv(moc_engine *e, bool staged, int64_t offset, int64_t slo, int64_t shi,
                            int64_t elo, int64_t ehi, bool optional) {
  moc_interval iv;
  iv.stage = moc_new_int(e, slo, shi);
  iv.end = moc_new_int(e, elo, ehi);
  iv.present = moc_new_bool(e);
  iv.offset = offset;
  iv.staged = staged;
  cr_assert(iv.stage >= 0 && iv.end >= 0 && iv.present >= 0);
  if (!optional) cr_assert_eq(moc_set_lit(e, iv.present, moc_root()), MOC_PROP_OK);
  return iv;
}

Test(interval, staged_map_inverse_is_exact) {
  moc_interval iv = {0, 0, 0, 7, true};
  for (int64_t x = -20; x < 3000; x++) {
    int64_t lo = moc_interval_stage_at_least(&iv, x), hi = moc_interval_stage_at_most(&iv, x);
    int64_t blo = 0, bhi = -1;
    while (moc_interval_start_of(&iv, blo) < x) blo++;
    while (moc_interval_start_of(&iv, bhi + 1) <= x) bhi++;
    cr_assert_eq(lo, blo, "at_least(%lld)", (long long)x);
    cr_assert_eq(hi, bhi, "at_most(%lld)", (long long)x);
  }
  uint64_t seed = 11;
  for (int k = 0; k < 100000; k++) {
    int64_t t = moc_harness_range(&seed, 0, MOC_STAGE_MAX - 1);
    int64_t x = moc_interval_start_of(&iv, t);
    cr_assert_eq(moc_interval_stage_at_least(&iv, x), t);
    cr_assert_eq(moc_interval_stage_at_least(&iv, x + 1), t + 1);
    cr_assert_eq(moc_interval_stage_at_most(&iv, x), t);
    cr_assert_eq(moc_interval_stage_at_most(&iv, x - 1), t - 1);
  }
}

Test(interval, mirrored_view) {
  moc_engine *e = moc_harness_engine();
  moc_interval iv = make_iv(e, true, 2, 3, 5, 9, 30, false);
  cr_assert_eq(moc_task_est(e, &iv, MOC_FWD), 8);   /* e(3,2) */
  cr_assert_eq(moc_task_lst(e, &iv, MOC_FWD), 17);  /* e(5,2) */
  cr_assert_eq(moc_task_ect(e, &iv, MOC_FWD), 9);
  cr_assert_eq(moc_task_lct(e, &iv, MOC_FWD), 30);
  cr_assert_eq(moc_task_est(e, &iv, MOC_BWD), -30);
  cr_assert_eq(moc_task_lst(e, &iv, MOC_BWD), -9);
  cr_assert_eq(moc_task_ect(e, &iv, MOC_BWD), -17);
  cr_assert_eq(moc_task_lct(e, &iv, MOC_BWD), -8);
  /* start >= 9 rounds up to stage 4 (event 12); backward est -20 is end <= 20 */
  cr_assert_eq(moc_task_set_est(e, &iv, MOC_FWD, 9, moc_root()), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, iv.stage, 4, 5);
  cr_assert_eq(moc_task_set_est(e, &iv, MOC_BWD, -20, moc_root()), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, iv.end, 9, 20);
  /* backward ect -16 is start <= 16: stage 4 */
  cr_assert_eq(moc_task_set_ect(e, &iv, MOC_BWD, -16, moc_root()), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, iv.stage, 4, 4);
  cr_assert_eq(moc_task_next_start(&iv, MOC_FWD, 13), 17);
  cr_assert_eq(moc_task_next_start(&iv, MOC_BWD, 13), 13);
  moc_engine_free(e);
}

Test(interval, optional_without_room_becomes_absent) {
  moc_engine *e = moc_harness_engine();
  moc_interval iv = make_iv(e, true, 0, 1, 3, 2, 8, true);
  cr_assert_eq(moc_interval_post(e, &iv), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_task_set_est(e, &iv, MOC_FWD, 7, moc_root()), MOC_PROP_OK);
  cr_assert(moc_task_absent(e, &iv));
  moc_interval m = make_iv(e, true, 0, 1, 3, 2, 8, false);
  cr_assert_eq(moc_task_set_est(e, &m, MOC_FWD, 7, moc_root()), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

static bool shape_sat(const sb_assign *a, void *user) {
  (void)user;
  for (int i = 0; i < a->n; i++)
    if (a->present[i] && a->end[i] < a->start[i] + 1) return false;
  for (int i = 0; i + 1 < a->n; i++) {
    if (a->present[i + 1] && !a->present[i]) return false;
    if (a->present[i + 1] && a->end[i] > a->start[i + 1]) return false;
  }
  return true;
}

/* Three copies of one node, random small domains, random restrictions. */
Test(interval, copies_against_brute_force) {
  uint64_t seed = 5;
  for (int round = 0; round < 150; round++) {
    moc_engine *e = moc_harness_engine();
    bool staged = round % 2 == 0;
    moc_interval iv[3];
    for (int i = 0; i < 3; i++) {
      int64_t slo = moc_harness_range(&seed, 0, 3), shi = slo + moc_harness_range(&seed, 0, 2);
      int64_t elo = moc_harness_range(&seed, 0, 8), ehi = elo + moc_harness_range(&seed, 0, 4);
      iv[i] = make_iv(e, staged, moc_harness_range(&seed, 0, 2), slo, shi, elo, ehi, i > 0);
      cr_assert_eq(moc_interval_post(e, &iv[i]), 0);
    }
    cr_assert_eq(moc_interval_post_before(e, &iv[0], &iv[1]), 0);
    cr_assert_eq(moc_interval_post_before(e, &iv[1], &iv[2]), 0);
    char msg[200];
    cr_assert_eq(sb_check(e, iv, 3, -1, shape_sat, NULL, msg, sizeof msg), 0, "round %d: %s",
                 round, msg);
    if (!moc_engine_failed(e)) {
      cr_assert_eq(moc_push_level(e), 0);
      int k = (int)moc_harness_range(&seed, 0, 2);
      if (moc_set_lit(e, iv[k].present, moc_decision()) == MOC_PROP_OK)
        cr_assert_eq(sb_check(e, iv, 3, -1, shape_sat, NULL, msg, sizeof msg), 0,
                     "round %d after decision: %s", round, msg);
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}
