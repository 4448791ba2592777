/* cumulative.c — the cumulative propagator: posting, the incremental upkeep
 * of the profile of compulsory parts, and the filtering rounds.
 *
 * A call: (1) undo, from the log, the profile changes of branches that were
 * backtracked (cumulative_internal.h); (2) re-synchronise the tasks whose
 * bounds changed (notify keeps the list), widening the "hull" of events where
 * the profile moved; (3) rounds: check the peak against the capacity, filter
 * every task that moved or whose window [est, lct) meets the hull, repeat
 * while filtering moves the profile.  Cost per call: O(changed tasks * log H)
 * for the profile, plus a scan of the task list per round.
 *
 * Residency points follow their group: whenever a task's part moves, the
 * points of its group are re-synchronised too, so that a group is never
 * counted twice at one event.
 *
 * propagate_from_scratch rebuilds a second profile from the bounds alone and
 * filters every task until nothing changes: the oracle of the tests.
 * Posting and the part of each item: cumulative_post.c.
 */
#include "propagators/cumulative_internal.h"

static void widen(moc_cumulative *c, int64_t lo, int64_t hi) {
  if (lo >= hi) return;
  if (lo < c->hull_lo) c->hull_lo = lo;
  if (hi > c->hull_hi) c->hull_hi = hi;
}

/* Widens the hull by the events a part gained, [lo, hi) minus [olo, ohi).
 * Only gains can prune: a part shrinks only when a backtrack restores
 * domains that were a fix-point for the smaller profile already.  (A part
 * re-synchronised after a backtrack widens by all of it: its old record is
 * from the undone branch, not from the restored fix-point.) */
static void widen_added(moc_cumulative *c, int64_t olo, int64_t ohi, int64_t lo, int64_t hi) {
  if (olo >= ohi) {
    widen(c, lo, hi);
    return;
  }
  widen(c, lo, hi < olo ? hi : olo);
  widen(c, lo > ohi ? lo : ohi, hi);
}

/* The safety net of an exhausted node pool (which the bound of
 * cumulative_profile.h rules out): the profile again from the records. */
static void rebuild(moc_cumulative *c, moc_tt_state *st) {
  c->rebuilds++;
  moc_profile_clear(&st->prof);
  for (uint32_t k = 0; k < c->nitems; k++)
    moc_profile_add(&st->prof, st->lo[k], st->hi[k], c->demand[k]);
}

/* Moves item k's part in st to what it should be now; true if it moved. */
static bool sync(moc_cumulative *c, const moc_engine *e, moc_tt_state *st, uint32_t k) {
  int64_t lo, hi;
  moc_cumul_part(c, e, k, &lo, &hi);
  if (lo == st->lo[k] && hi == st->hi[k]) return false;
  /* remove, then add: the tree keeps only canonical decompositions, which is
   * what bounds its size (cumulative_profile.h) */
  moc_profile_add(&st->prof, st->lo[k], st->hi[k], -c->demand[k]);
  moc_profile_add(&st->prof, lo, hi, c->demand[k]);
  st->lo[k] = lo;
  st->hi[k] = hi;
  if (st->prof.exhausted) rebuild(c, st);
  return true;
}

/* Re-synchronises item k in inc and logs it if its part changed, or if its
 * part dates from a branch since undone (relog). */
static bool sync_item(moc_cumulative *c, const moc_engine *e, uint32_t k, bool relog) {
  int64_t old_lo = c->inc.lo[k], old_hi = c->inc.hi[k];
  bool moved = sync(c, e, &c->inc, k);
  if (!moved && !relog) return false;
  if (relog) widen(c, c->inc.lo[k], c->inc.hi[k]);
  else widen_added(c, old_lo, old_hi, c->inc.lo[k], c->inc.hi[k]);
  if (c->log_len < c->log_cap) c->log[c->log_len] = k;
  c->log_len++;
  return moved;
}

/* Task i, then (if its part moved) the points of its group. */
static void sync_inc(moc_cumulative *c, const moc_engine *e, uint32_t i, bool relog) {
  if (!sync_item(c, e, i, relog) || !c->group) return;
  uint32_t g = c->group[i];
  for (uint32_t k = c->gp_start[g]; k < c->gp_start[g + 1]; k++)
    sync_item(c, e, c->n + c->gp[k], (c->flags[c->n + c->gp[k]] & FLAG_RELOG) != 0);
}

/* The same for the oracle's profile. */
static void sync_scr(moc_cumulative *c, const moc_engine *e, uint32_t i) {
  if (!sync(c, e, &c->scr, i) || !c->group) return;
  uint32_t g = c->group[i];
  for (uint32_t k = c->gp_start[g]; k < c->gp_start[g + 1]; k++)
    sync(c, e, &c->scr, c->n + c->gp[k]);
}

void moc_cumul_mark(moc_cumulative *c, uint32_t k, uint8_t extra) {
  c->flags[k] |= extra;
  if (c->flags[k] & FLAG_DIRTY) return;
  c->flags[k] |= FLAG_DIRTY;
  c->dirty[c->ndirty++] = k;
}

/* Step (1): tasks whose part changed in a branch since undone. */
static void reconcile(moc_cumulative *c, moc_engine *e) {
  uint64_t m = (uint64_t)moc_tint_get(e, c->log_mark);
  if (m >= c->log_len) return;
  if (c->log_len > c->log_cap) {
    for (uint32_t k = 0; k < c->nitems; k++) moc_cumul_mark(c, k, FLAG_RELOG);
  } else {
    for (uint64_t k = m; k < c->log_len; k++) moc_cumul_mark(c, c->log[k], FLAG_RELOG);
  }
  c->log_len = m;
}

/* Step (2): re-synchronise the dirty items; dirty tasks will be filtered. */
static void drain(moc_cumulative *c, const moc_engine *e) {
  while (c->ndirty > 0) {
    uint32_t k = c->dirty[--c->ndirty];
    bool relog = (c->flags[k] & FLAG_RELOG) != 0;
    if (k >= c->n) {
      c->flags[k] = 0;
      sync_item(c, e, k, relog);
      continue;
    }
    if (!(c->flags[k] & FLAG_MOVED)) c->moved[c->nmoved++] = k;
    c->flags[k] = FLAG_MOVED;
    sync_inc(c, e, k, relog);
  }
}

static moc_pstatus check_peak(moc_cumulative *c, moc_engine *e, const moc_profile *pr) {
  int64_t peak = moc_profile_max(pr);
  if (c->capvar >= 0) return moc_set_lb(e, c->capvar, peak, moc_because(&c->base, 1));
  return peak > c->capconst ? MOC_PROP_CONFLICT : MOC_PROP_OK;
}

/* Whether task i is to be filtered this round: it moved, or its window
 * meets the hull, and its demand exceeds the slack cap - peak. */
static bool wanted(const moc_cumulative *c, const moc_engine *e, uint32_t i, bool moved,
                   int64_t slack) {
  const moc_interval *iv = &c->task[i];
  if (c->demand[i] <= slack || moc_task_absent(e, iv)) return false;
  if (moved || c->cap_changed) return true;
  return moc_task_est(e, iv, MOC_FWD) < c->hull_hi && c->hull_lo < moc_task_lct(e, iv, MOC_FWD);
}

/* The tasks to filter this round: only the moved ones unless the profile or
 * the capacity changed, then a scan of all tasks. */
static uint32_t candidates(moc_cumulative *c, const moc_engine *e) {
  uint32_t k = 0;
  int64_t slack = moc_cumul_cap(c, e) - moc_profile_max(&c->inc.prof);
  bool scan = c->cap_changed || c->hull_lo < c->hull_hi;
  for (uint32_t j = 0; j < (scan ? c->n : c->nmoved); j++) {
    uint32_t i = scan ? j : c->moved[j];
    bool moved = (c->flags[i] & FLAG_MOVED) != 0;
    c->flags[i] &= (uint8_t)~FLAG_MOVED;
    if (wanted(c, e, i, moved, slack)) c->cand[k++] = i;
  }
  c->nmoved = 0;
  c->cap_changed = false;
  c->hull_lo = INT64_MAX;
  c->hull_hi = INT64_MIN;
  return k;
}

static moc_pstatus rounds(moc_cumulative *c, moc_engine *e) {
  for (;;) {
    drain(c, e);
    TRY(check_peak(c, e, &c->inc.prof));
    uint32_t k = candidates(c, e);
    if (k == 0) return MOC_PROP_OK;
    for (uint32_t j = 0; j < k; j++) {
      uint32_t i = c->cand[j];
      TRY(moc_cumul_filter_task(c, e, &c->inc, i));
      sync_inc(c, e, i, false);
    }
  }
}

static moc_pstatus cumul_propagate(moc_prop *p, moc_engine *e) {
  moc_cumulative *c = (moc_cumulative *)p;
  reconcile(c, e);
  moc_pstatus status = rounds(c, e);
  moc_tint_set(e, c->log_mark, (int64_t)c->log_len);
  return status;
}

/* The oracle: a fresh profile, every task filtered until nothing changes. */
static moc_pstatus cumul_from_scratch(moc_prop *p, moc_engine *e) {
  moc_cumulative *c = (moc_cumulative *)p;
  if (!c->scr_ready) {
    if (!moc_cumul_alloc_state(e, &c->scr, c->n, c->npoints, c->horizon)) return MOC_PROP_OK;
    c->scr_ready = true;
  }
  moc_profile_clear(&c->scr.prof);
  for (uint32_t k = 0; k < c->nitems; k++) c->scr.lo[k] = c->scr.hi[k] = 0;
  for (;;) {
    size_t before = moc_trail_size(e);
    for (uint32_t k = 0; k < c->nitems; k++) sync(c, e, &c->scr, k);
    TRY(check_peak(c, e, &c->scr.prof));
    for (uint32_t i = 0; i < c->n; i++) {
      TRY(moc_cumul_filter_task(c, e, &c->scr, i));
      sync_scr(c, e, i);
    }
    if (moc_trail_size(e) == before) return MOC_PROP_OK;
  }
}

/* local: a task, n + p for point p, nitems for the capacity. */
static bool cumul_notify(moc_prop *p, moc_engine *e, uint32_t local, unsigned events) {
  (void)e;
  (void)events;
  moc_cumulative *c = (moc_cumulative *)p;
  if (local == c->nitems) c->cap_changed = true;
  else moc_cumul_mark(c, local, 0);
  return true;
}

const moc_prop_class moc_cumulative_class = {
    .name = "cumulative",
    .propagate = cumul_propagate,
    .propagate_from_scratch = cumul_from_scratch,
    .notify = cumul_notify,
    .idempotent = true,
};
