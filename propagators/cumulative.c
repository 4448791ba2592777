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
 * propagate_from_scratch rebuilds a second profile from the bounds alone and
 * filters every task until nothing changes: the oracle of the tests.
 */
#include "propagators/cumulative_internal.h"

void moc_cumul_part(const moc_cumulative *c, const moc_engine *e, uint32_t i, int64_t *lo,
                    int64_t *hi) {
  const moc_interval *iv = &c->task[i];
  *lo = *hi = 0;
  if (!moc_task_present(e, iv)) return;
  int64_t l = moc_task_lst(e, iv, MOC_FWD), h = moc_task_ect(e, iv, MOC_FWD);
  if (l < h) {
    *lo = l;
    *hi = h;
  }
}

int64_t moc_cumul_cap(const moc_cumulative *c, const moc_engine *e) {
  return c->capvar >= 0 ? moc_ub(e, c->capvar) : c->capconst;
}

static void widen(moc_cumulative *c, int64_t lo, int64_t hi) {
  if (lo >= hi) return;
  if (lo < c->hull_lo) c->hull_lo = lo;
  if (hi > c->hull_hi) c->hull_hi = hi;
}

/* Moves task i's part in st to its compulsory part now; true if it moved. */
static bool sync(moc_cumulative *c, const moc_engine *e, moc_tt_state *st, uint32_t i) {
  int64_t lo, hi;
  moc_cumul_part(c, e, i, &lo, &hi);
  if (lo == st->lo[i] && hi == st->hi[i]) return false;
  moc_profile_add(&st->prof, st->lo[i], st->hi[i], -c->demand[i]);
  moc_profile_add(&st->prof, lo, hi, c->demand[i]);
  st->lo[i] = lo;
  st->hi[i] = hi;
  return true;
}

/* Re-synchronises task i in inc and logs it if its part changed, or if its
 * part dates from a branch since undone (relog). */
static void sync_inc(moc_cumulative *c, const moc_engine *e, uint32_t i, bool relog) {
  int64_t old_lo = c->inc.lo[i], old_hi = c->inc.hi[i];
  if (!sync(c, e, &c->inc, i) && !relog) return;
  widen(c, old_lo, old_hi);
  widen(c, c->inc.lo[i], c->inc.hi[i]);
  if (c->log_len < c->log_cap) c->log[c->log_len] = i;
  c->log_len++;
}

static void mark(moc_cumulative *c, uint32_t i, uint8_t extra) {
  c->flags[i] |= extra;
  if (c->flags[i] & FLAG_DIRTY) return;
  c->flags[i] |= FLAG_DIRTY;
  c->dirty[c->ndirty++] = i;
}

/* Step (1): tasks whose part changed in a branch since undone. */
static void reconcile(moc_cumulative *c, moc_engine *e) {
  uint64_t m = (uint64_t)moc_tint_get(e, c->log_mark);
  if (m >= c->log_len) return;
  if (c->log_len > c->log_cap) {
    for (uint32_t i = 0; i < c->n; i++) mark(c, i, FLAG_RELOG);
  } else {
    for (uint64_t k = m; k < c->log_len; k++) mark(c, c->log[k], FLAG_RELOG);
  }
  c->log_len = m;
}

/* Step (2): re-synchronise the dirty tasks; they will be filtered. */
static void drain(moc_cumulative *c, const moc_engine *e) {
  while (c->ndirty > 0) {
    uint32_t i = c->dirty[--c->ndirty];
    bool relog = (c->flags[i] & FLAG_RELOG) != 0;
    if (!(c->flags[i] & FLAG_MOVED)) c->moved[c->nmoved++] = i;
    c->flags[i] = FLAG_MOVED;
    sync_inc(c, e, i, relog);
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
  moc_profile_clear(&c->scr.prof);
  for (uint32_t i = 0; i < c->n; i++) c->scr.lo[i] = c->scr.hi[i] = 0;
  for (;;) {
    size_t before = moc_trail_size(e);
    for (uint32_t i = 0; i < c->n; i++) sync(c, e, &c->scr, i);
    TRY(check_peak(c, e, &c->scr.prof));
    for (uint32_t i = 0; i < c->n; i++) {
      TRY(moc_cumul_filter_task(c, e, &c->scr, i));
      sync(c, e, &c->scr, i);
    }
    if (moc_trail_size(e) == before) return MOC_PROP_OK;
  }
}

static bool cumul_notify(moc_prop *p, moc_engine *e, uint32_t local, unsigned events) {
  (void)e;
  (void)events;
  moc_cumulative *c = (moc_cumulative *)p;
  if (local == c->n) c->cap_changed = true;
  else mark(c, local, 0);
  return true;
}

static const moc_prop_class cumulative_class = {
    .name = "cumulative",
    .propagate = cumul_propagate,
    .propagate_from_scratch = cumul_from_scratch,
    .notify = cumul_notify,
    .idempotent = true,
};

/* ---- posting ---- */

static bool valid_spec(const moc_cumulative_spec *s) {
  if (!s->tasks || !s->demand || s->horizon < 1 || s->n >= UINT32_MAX / 8) return false;
  int64_t sum = 0;
  for (uint32_t i = 0; i < s->n; i++) {
    if (s->demand[i] < 0 || s->demand[i] > (INT64_C(1) << 62) - sum) return false;
    sum += s->demand[i];
  }
  return s->capacity >= 0 || s->capacity_const >= 0;
}

static void *zalloc(moc_engine *e, size_t count, size_t each, bool *ok) {
  void *p = moc_engine_alloc(e, (count + 1) * each);
  if (!p) *ok = false;
  return p;
}

static bool alloc_state(moc_engine *e, moc_tt_state *st, uint32_t n, int64_t horizon) {
  bool ok = moc_profile_init(&st->prof, e, horizon, n) == 0;
  st->lo = zalloc(e, n, sizeof(int64_t), &ok);
  st->hi = zalloc(e, n, sizeof(int64_t), &ok);
  return ok;
}

static moc_cumulative *make(moc_engine *e, const moc_cumulative_spec *s) {
  moc_cumulative *c = moc_engine_alloc(e, sizeof *c);
  if (!c) return NULL;
  bool ok = true;
  c->n = s->n;
  c->task = zalloc(e, s->n, sizeof *c->task, &ok);
  c->demand = zalloc(e, s->n, sizeof *c->demand, &ok);
  c->dirty = zalloc(e, s->n, sizeof *c->dirty, &ok);
  c->flags = zalloc(e, s->n, sizeof *c->flags, &ok);
  c->cand = zalloc(e, s->n, sizeof *c->cand, &ok);
  c->moved = zalloc(e, s->n, sizeof *c->moved, &ok);
  c->log_cap = 4 * s->n + 64;
  c->log = zalloc(e, c->log_cap, sizeof *c->log, &ok);
  ok = ok && alloc_state(e, &c->inc, s->n, s->horizon) && alloc_state(e, &c->scr, s->n, s->horizon);
  c->log_mark = moc_tint_new(e, 0);
  return ok && c->log_mark >= 0 ? c : NULL;
}

static int watch_all(moc_engine *e, moc_cumulative *c) {
  for (uint32_t i = 0; i < c->n; i++) {
    const moc_interval *iv = &c->task[i];
    if (moc_watch(e, iv->stage, &c->base, i, MOC_EV_LB | MOC_EV_UB) != 0 ||
        moc_watch(e, iv->end, &c->base, i, MOC_EV_LB | MOC_EV_UB) != 0 ||
        moc_watch(e, moc_lit_var(iv->present), &c->base, i, MOC_EV_FIX) != 0)
      return -1;
  }
  return c->capvar >= 0 ? moc_watch(e, c->capvar, &c->base, c->n, MOC_EV_UB) : 0;
}

int moc_cumulative_post(moc_engine *e, const moc_cumulative_spec *spec, moc_cumulative **out) {
  if (!valid_spec(spec)) return -1;
  moc_cumulative *c = make(e, spec);
  if (!c) return -1;
  for (uint32_t i = 0; i < spec->n; i++) {
    c->task[i] = spec->tasks[i];
    c->demand[i] = spec->demand[i];
    mark(c, i, 0);
  }
  c->horizon = spec->horizon;
  c->capvar = spec->capacity;
  c->capconst = spec->capacity_const;
  c->hull_lo = INT64_MAX;
  c->hull_hi = INT64_MIN;
  if (moc_post(e, &c->base, &cumulative_class, MOC_PRIO_GLOBAL) != 0) return -1;
  if (watch_all(e, c) != 0) return -1;
  if (out) *out = c;
  return 0;
}

int64_t moc_cumulative_profile_at(const moc_cumulative *c, int64_t tau) {
  return moc_profile_value(&c->inc.prof, tau);
}

int64_t moc_cumulative_profile_peak(const moc_cumulative *c) {
  return moc_profile_max(&c->inc.prof);
}
