/* cumulative_filter.c — the time-tabling passes of the cumulative
 * propagator, written once for the forward direction and run mirrored.
 *
 * Task i with demand d, threshold thr = cap - d: an event tau is overloaded
 * for i when the profile of the OTHER tasks exceeds thr there.  Started at s,
 * i covers at least [s, max(s + 1, ect)), so s is possible only if that
 * stretch holds no overloaded event.  The pass walks s forward from est:
 *
 *     profile  ....####.....##......        # overloaded for i
 *     s        ^ covers [s, ect) -> hits the first #, so s jumps past the
 *                 block to the first event that is not overloaded (and is a
 *                 start of i's slot), and tries again
 *
 * Each step costs two O(log H) searches of the profile and crosses one
 * overloaded block.  If s passes lst, i has no place: absent if optional, a
 * conflict if present.  Otherwise est := s and ect := s + 1.  The backward
 * run pushes lct (and lst) the same way.
 */
#include "propagators/cumulative_internal.h"

/* The first event of [lo, hi) in direction d whose value is above thr
 * (above) or at most thr (!above); hi when none.  Backward event tau' is
 * forward event -1 - tau'. */
static int64_t first_in(const moc_profile *pr, moc_dir d, int64_t lo, int64_t hi, int64_t thr,
                        bool above) {
  if (d == MOC_FWD) return moc_profile_first(pr, lo, hi, thr, above);
  return -1 - moc_profile_last(pr, -hi, -lo, thr, above);
}

/* The earliest start of task i in direction d compatible with the profile,
 * or lst + 1 when there is none. */
static int64_t earliest_fit(const moc_cumulative *c, const moc_engine *e, const moc_profile *pr,
                            uint32_t i, moc_dir d, int64_t thr) {
  const moc_interval *iv = &c->task[i];
  int64_t lst = moc_task_lst(e, iv, d), ect = moc_task_ect(e, iv, d);
  int64_t s = moc_task_est(e, iv, d);
  while (s <= lst) {
    int64_t hi = s + 1 > ect ? s + 1 : ect;
    int64_t tau = first_in(pr, d, s, hi, thr, true);
    if (tau >= hi) return s;
    s = moc_task_next_start(iv, d, first_in(pr, d, tau + 1, lst + 1, thr, false));
  }
  return lst + 1;
}

static moc_pstatus pass(moc_cumulative *c, moc_engine *e, const moc_profile *pr, uint32_t i,
                        moc_dir d, int64_t thr) {
  const moc_interval *iv = &c->task[i];
  moc_reason why = moc_because(&c->base, 0);
  if (moc_task_absent(e, iv)) return MOC_PROP_OK;
  int64_t s = earliest_fit(c, e, pr, i, d, thr);
  if (s <= moc_task_est(e, iv, d)) return MOC_PROP_OK;
  TRY(moc_task_set_est(e, iv, d, s, why));
  return moc_task_set_ect(e, iv, d, s + 1, why);
}

/* Filters task i to its own fix-point: forward and backward until quiet. */
static moc_pstatus filter_loop(moc_cumulative *c, moc_engine *e, const moc_profile *pr,
                               uint32_t i, int64_t thr) {
  for (;;) {
    size_t before = moc_trail_size(e);
    TRY(pass(c, e, pr, i, MOC_FWD, thr));
    TRY(pass(c, e, pr, i, MOC_BWD, thr));
    if (moc_trail_size(e) == before || moc_task_absent(e, &c->task[i])) return MOC_PROP_OK;
  }
}

moc_pstatus moc_cumul_filter_task(moc_cumulative *c, moc_engine *e, moc_tt_state *st,
                                  uint32_t i) {
  const moc_interval *iv = &c->task[i];
  int64_t d = c->demand[i];
  if (d == 0 || moc_task_absent(e, iv)) return MOC_PROP_OK;
  if (moc_task_present(e, iv) && moc_task_fixed(e, iv)) return MOC_PROP_OK;
  int64_t thr = moc_cumul_cap(c, e) - d;
  if (thr < 0) return moc_task_make_absent(e, iv, moc_because(&c->base, 0));
  moc_profile_add(&st->prof, st->lo[i], st->hi[i], -d);
  moc_pstatus status = filter_loop(c, e, &st->prof, i, thr);
  moc_profile_add(&st->prof, st->lo[i], st->hi[i], d);
  return status;
}
