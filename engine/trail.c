/* trail.c — domain changes, the trail, decision levels, trailed integers.
 *
 * Every bound change appends {var, old lb, old ub, reason} to the trail
 * (MiniSat's trail, Pumpkin's reasons): undoing is popping, and the same
 * entries are the implication graph once learning exists.  Level delimiters
 * (marks) record where each level starts.  Trailed integers are saved at most
 * once per level, found by a stamp that changes at every push and backtrack
 * (MiniCP's StateManager), and never at level 0, which is never undone.
 *
 * Trail growth: push_level reserves room for two changes per variable; a
 * fix-point that changes more grows the trail (amortised doubling).  Should
 * that fail, the change is refused as a conflict and the error is set.
 */
#include <assert.h>

#include "engine/internal.h"

bool moc_trail_reserve(moc_engine *e, size_t extra) {
  size_t need = e->trail_n + extra;
  if (need <= e->trail_cap) return true;
  size_t cap = e->trail_cap ? e->trail_cap : 256;
  while (cap < need) cap *= 2;
  if (!moc_mem_grow(e, (void **)&e->trail, sizeof(moc_trail_entry), e->trail_cap, cap))
    return false;
  e->trail_cap = cap;
  return true;
}

/* Tells the watchers of x about `events`, queueing those that ask for it. */
static void fire(moc_engine *e, moc_var x, unsigned events) {
  const moc_watch_list *wl = &e->watches[x];
  for (uint32_t i = 0; i < wl->n; i++) {
    const moc_watcher *w = &wl->w[i];
    if (!(w->mask & events)) continue;
    moc_prop *p = w->p;
    const moc_prop_class *cls = p->cls;
    if (cls->notify ? cls->notify(p, e, w->local, events) : !p->queued)
      if (!(p == e->current && cls->idempotent)) moc_schedule(e, p);
  }
}

/* Appends the current bounds of x to the trail. */
static bool record(moc_engine *e, moc_var x, moc_reason why) {
  if (e->trail_n == e->trail_cap && !moc_trail_reserve(e, 1)) return false;
  moc_trail_entry *t = &e->trail[e->trail_n++];
  t->var = x;
  t->why = why;
  t->old_lb = e->view.dom[x].lb;
  t->old_ub = e->view.dom[x].ub;
  return true;
}

moc_pstatus moc_set_lb(moc_engine *e, moc_var x, int64_t v, moc_reason why) {
  assert(x >= 0 && (uint32_t)x < e->view.nvars);
  moc_bounds *d = &e->view.dom[x];
  if (v <= d->lb) return MOC_PROP_OK;
  if (v > d->ub) return MOC_PROP_CONFLICT;
  if (!record(e, x, why)) return MOC_PROP_CONFLICT;
  d->lb = v;
  fire(e, x, v == d->ub ? MOC_EV_LB | MOC_EV_FIX : MOC_EV_LB);
  return MOC_PROP_OK;
}

moc_pstatus moc_set_ub(moc_engine *e, moc_var x, int64_t v, moc_reason why) {
  assert(x >= 0 && (uint32_t)x < e->view.nvars);
  moc_bounds *d = &e->view.dom[x];
  if (v >= d->ub) return MOC_PROP_OK;
  if (v < d->lb) return MOC_PROP_CONFLICT;
  if (!record(e, x, why)) return MOC_PROP_CONFLICT;
  d->ub = v;
  fire(e, x, v == d->lb ? MOC_EV_UB | MOC_EV_FIX : MOC_EV_UB);
  return MOC_PROP_OK;
}

/* One trail entry and one round of events for both bounds. */
moc_pstatus moc_fix(moc_engine *e, moc_var x, int64_t v, moc_reason why) {
  assert(x >= 0 && (uint32_t)x < e->view.nvars);
  moc_bounds *d = &e->view.dom[x];
  if (v < d->lb || v > d->ub) return MOC_PROP_CONFLICT;
  if (d->lb == d->ub) return MOC_PROP_OK;
  if (!record(e, x, why)) return MOC_PROP_CONFLICT;
  unsigned events = MOC_EV_FIX | (v > d->lb ? MOC_EV_LB : 0u) | (v < d->ub ? MOC_EV_UB : 0u);
  d->lb = d->ub = v;
  fire(e, x, events);
  return MOC_PROP_OK;
}

moc_pstatus moc_set_lit(moc_engine *e, moc_lit l, moc_reason why) {
  assert(l >= 0);
  moc_var x = moc_lit_var(l);
  return moc_lit_negated(l) ? moc_set_ub(e, x, 0, why) : moc_set_lb(e, x, 1, why);
}

size_t moc_trail_size(const moc_engine *e) { return e->trail_n; }
const moc_trail_entry *moc_trail_at(const moc_engine *e, size_t i) { return &e->trail[i]; }

/* Each trailed integer is saved at most once per level, so room for
 * tsaves_n + tint_n saves suffices until the next push. */
static bool reserve_saves(moc_engine *e, size_t need) {
  if (need <= e->tsaves_cap) return true;
  if (!moc_mem_grow(e, (void **)&e->tsaves, sizeof(moc_tint_save), e->tsaves_cap, 2 * need))
    return false;
  e->tsaves_cap = 2 * need;
  return true;
}

moc_tint moc_tint_new(moc_engine *e, int64_t value) {
  size_t n = e->tint_n;
  if (n >= INT32_MAX) return -1;
  if (n == e->tint_cap) {
    size_t cap = n ? 2 * n : 64;
    if (!moc_mem_grow(e, (void **)&e->view.tval, sizeof(int64_t), n, cap)) return -1;
    if (!moc_mem_grow(e, (void **)&e->tstamp, sizeof(uint64_t), n, cap)) return -1;
    e->tint_cap = cap;
  }
  /* Room for one save of each integer at the current level. */
  if (!reserve_saves(e, e->tsaves_n + n + 1)) return -1;
  e->view.tval[n] = value;
  e->tstamp[n] = 0;
  e->tint_n = n + 1;
  return (moc_tint)n;
}

void moc_tint_set(moc_engine *e, moc_tint t, int64_t value) {
  assert(t >= 0 && (size_t)t < e->tint_n);
  int64_t *slot = &e->view.tval[t];
  if (*slot == value) return;
  if (e->view.level > 0 && e->tstamp[t] != e->stamp) {
    moc_tint_save *s = &e->tsaves[e->tsaves_n++];
    s->t = t;
    s->old = *slot;
    e->tstamp[t] = e->stamp;
  }
  *slot = value;
}

int moc_push_level(moc_engine *e) {
  uint32_t l = e->view.level;
  if (l == e->marks_cap) {
    uint32_t cap = l ? 2 * l : 64;
    if (!moc_mem_grow(e, (void **)&e->marks, sizeof(moc_level_mark), l, cap)) return -1;
    e->marks_cap = cap;
  }
  if (!reserve_saves(e, e->tsaves_n + e->tint_n)) return -1;
  if (!moc_trail_reserve(e, 2 * (size_t)e->view.nvars + 64)) return -1;
  e->marks[l].trail = e->trail_n;
  e->marks[l].tsaves = e->tsaves_n;
  e->view.level = l + 1;
  e->stamp++;
  return 0;
}

void moc_backtrack_to(moc_engine *e, uint32_t level) {
  if (level >= e->view.level) return;
  moc_queue_clear(e);
  const moc_level_mark *m = &e->marks[level];
  while (e->trail_n > m->trail) {
    const moc_trail_entry *t = &e->trail[--e->trail_n];
    e->view.dom[t->var].lb = t->old_lb;
    e->view.dom[t->var].ub = t->old_ub;
  }
  while (e->tsaves_n > m->tsaves) {
    const moc_tint_save *s = &e->tsaves[--e->tsaves_n];
    e->view.tval[s->t] = s->old;
  }
  e->view.level = level;
  e->stamp++;
  if (e->conflict_level > level) e->conflict_level = UINT32_MAX;
}
