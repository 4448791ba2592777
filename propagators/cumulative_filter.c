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
 * Each step costs a few O(log H) searches of the profile (the task's own
 * part is discounted by searching it with threshold thr + d) and crosses one
 * overloaded block.  A task whose window holds no event above thr is skipped
 * after one search.  If s passes lst, i has no place: absent if optional, a
 * conflict if present.  Otherwise est := s and ect := s + 1.  The backward
 * run pushes lct (and lst) the same way.
 */
#include "propagators/cumulative_internal.h"

/* What a pass needs: the profile, the direction, the threshold, and the
 * segments where the profile holds the task's own group (its own part and
 * its group's points), ascending in view coordinates, with the demand to
 * discount there. */
typedef struct view {
  const moc_profile *pr;
  moc_dir d;
  int64_t thr;
  const moc_tt_seg *seg;
  uint32_t nseg;
  int64_t dem;
} view;

/* The first event of [lo, hi) in the view where the profile is above thr
 * (above) or at most thr; hi when none. */
static int64_t first_in_range(const view *v, int64_t lo, int64_t hi, int64_t thr, bool above) {
  if (lo >= hi) return hi;
  if (v->d == MOC_FWD) return moc_profile_first(v->pr, lo, hi, thr, above);
  return -1 - moc_profile_last(v->pr, -hi, -lo, thr, above);
}

/* The same for the profile without the task's group: the excluded segments
 * are searched with threshold thr + dem. */
static int64_t first_in(const view *v, int64_t lo, int64_t hi, bool above) {
  int64_t at = lo;
  for (uint32_t k = 0; k < v->nseg && at < hi; k++) {
    const moc_tt_seg *g = &v->seg[k];
    if (g->hi <= at) continue;
    if (g->lo >= hi) break;
    int64_t a = g->lo > at ? g->lo : at, b = g->hi < hi ? g->hi : hi;
    int64_t t = first_in_range(v, at, a, v->thr, above);
    if (t < a) return t;
    t = first_in_range(v, a, b, v->thr + v->dem, above);
    if (t < b) return t;
    at = b;
  }
  return first_in_range(v, at, hi, v->thr, above);
}

/* The earliest start of task i in the view compatible with the profile, or
 * lst + 1 when there is none. */
static int64_t earliest_fit(const moc_cumulative *c, const moc_engine *e, const view *v,
                            uint32_t i) {
  const moc_interval *iv = &c->task[i];
  int64_t lst = moc_task_lst(e, iv, v->d), ect = moc_task_ect(e, iv, v->d);
  int64_t s = moc_task_est(e, iv, v->d);
  while (s <= lst) {
    int64_t hi = s + 1 > ect ? s + 1 : ect;
    int64_t tau = first_in(v, s, hi, true);
    if (tau >= hi) return s;
    s = moc_task_next_start(iv, v->d, first_in(v, tau + 1, lst + 1, false));
  }
  return lst + 1;
}

/* Task i's own part and its group's points in st, ascending, in direction d
 * (into c->excl); returns how many. */
static uint32_t excluded(const moc_cumulative *c, const moc_tt_state *st, uint32_t i, moc_dir d) {
  uint32_t m = 0;
  moc_tt_seg *out = c->excl;
  if (st->lo[i] < st->hi[i]) out[m++] = (moc_tt_seg){st->lo[i], st->hi[i]};
  if (c->group) {
    uint32_t g = c->group[i];
    for (uint32_t k = c->gp_start[g]; k < c->gp_start[g + 1]; k++) {
      uint32_t item = c->n + c->gp[k];
      if (st->lo[item] < st->hi[item]) out[m++] = (moc_tt_seg){st->lo[item], st->hi[item]};
    }
  }
  for (uint32_t a = 1; a < m; a++)  /* insertion sort: a handful of segments */
    for (uint32_t b = a; b > 0 && out[b - 1].lo > out[b].lo; b--) {
      moc_tt_seg t = out[b];
      out[b] = out[b - 1];
      out[b - 1] = t;
    }
  if (d == MOC_BWD)
    for (uint32_t a = 0; a < m / 2; a++) {
      moc_tt_seg t = out[a];
      out[a] = out[m - 1 - a];
      out[m - 1 - a] = t;
    }
  if (d == MOC_BWD)
    for (uint32_t a = 0; a < m; a++) out[a] = (moc_tt_seg){-out[a].hi, -out[a].lo};
  return m;
}

static moc_pstatus pass(moc_cumulative *c, moc_engine *e, const moc_tt_state *st, uint32_t i,
                        moc_dir d, int64_t thr) {
  const moc_interval *iv = &c->task[i];
  moc_reason why = moc_because(&c->base, 0);
  if (moc_task_absent(e, iv)) return MOC_PROP_OK;
  view v = {&st->prof, d, thr, c->excl, excluded(c, st, i, d), c->demand[i]};
  int64_t s = earliest_fit(c, e, &v, i);
  if (s <= moc_task_est(e, iv, d)) return MOC_PROP_OK;
  TRY(moc_task_set_est(e, iv, d, s, why));
  return moc_task_set_ect(e, iv, d, s + 1, why);
}

/* Filters task i to its own fix-point: forward and backward until quiet. */
static moc_pstatus filter_loop(moc_cumulative *c, moc_engine *e, const moc_tt_state *st,
                               uint32_t i, int64_t thr) {
  for (;;) {
    size_t before = moc_trail_size(e);
    TRY(pass(c, e, st, i, MOC_FWD, thr));
    TRY(pass(c, e, st, i, MOC_BWD, thr));
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
  /* nothing above thr in the window, own part included: nothing to do */
  int64_t est = moc_task_est(e, iv, MOC_FWD), lct = moc_task_lct(e, iv, MOC_FWD);
  if (moc_profile_max(&st->prof) <= thr ||
      moc_profile_first(&st->prof, est, lct, thr, true) >= lct)
    return MOC_PROP_OK;
  return filter_loop(c, e, st, i, thr);
}
