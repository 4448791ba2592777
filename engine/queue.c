/* queue.c — propagators, watches, the priority queue and the fix-point loop.
 *
 * One FIFO ring per priority (MOC_PRIO_*), each as large as the propagator
 * table, so scheduling never allocates: a propagator is in at most one ring
 * (its `queued` flag).  The fix-point loop always pops from the cheapest
 * non-empty ring (Gecode, OR-Tools).  A conflict clears the queue, calls
 * reset on the failing propagator and on every one still pending, and at
 * level 0 makes the engine
 * failed for good.  With checking on, the from-scratch oracle of every
 * propagator runs after each fix-point (Pumpkin's debug propagation).
 */
#include "engine/internal.h"

/* Grows the propagator table and the rings to `cap`; all or nothing. */
bool moc_queue_reserve(moc_engine *e, uint32_t cap) {
  if (cap <= e->prop_cap) return true;
  uint32_t *ids[MOC_PRIO_LEVELS] = {NULL};
  bool ok = true;
  for (int q = 0; q < MOC_PRIO_LEVELS && ok; q++) {
    ids[q] = moc_mem_alloc(e, cap * sizeof(uint32_t));
    ok = ids[q] != NULL;
  }
  if (ok) ok = moc_mem_grow(e, (void **)&e->props, sizeof(moc_prop *), e->prop_cap, cap);
  if (!ok) {
    for (int q = 0; q < MOC_PRIO_LEVELS; q++) moc_mem_free(e, ids[q], cap * sizeof(uint32_t));
    moc_engine_set_error(e, "out of memory");
    return false;
  }
  for (int q = 0; q < MOC_PRIO_LEVELS; q++) {
    moc_ring *r = &e->queue[q];
    for (uint32_t i = 0; i < r->count; i++) ids[q][i] = r->ids[(r->head + i) % e->prop_cap];
    moc_mem_free(e, r->ids, e->prop_cap * sizeof(uint32_t));
    r->ids = ids[q];
    r->head = 0;
  }
  e->prop_cap = cap;
  return true;
}

void moc_schedule(moc_engine *e, moc_prop *p) {
  if (p->queued) return;
  moc_ring *r = &e->queue[p->priority];
  uint32_t at = r->head + r->count;
  r->ids[at >= e->prop_cap ? at - e->prop_cap : at] = p->id;
  r->count++;
  p->queued = true;
}

/* The next propagator to run, cheapest priority first; NULL when empty. */
static moc_prop *pop(moc_engine *e) {
  for (int q = 0; q < MOC_PRIO_LEVELS; q++) {
    moc_ring *r = &e->queue[q];
    if (r->count == 0) continue;
    uint32_t id = r->ids[r->head];
    r->head = r->head + 1 == e->prop_cap ? 0 : r->head + 1;
    r->count--;
    moc_prop *p = e->props[id];
    p->queued = false;
    return p;
  }
  return NULL;
}

void moc_queue_clear(moc_engine *e) {
  moc_prop *p;
  while ((p = pop(e)) != NULL)
    if (p->cls->reset) p->cls->reset(p, e);
}

int moc_post(moc_engine *e, moc_prop *p, const moc_prop_class *cls, unsigned priority) {
  if (!p || !cls || !cls->propagate) {
    moc_engine_set_error(e, "moc_post: missing propagator or propagate function");
    return -1;
  }
  if (e->prop_n == e->prop_cap && !moc_queue_reserve(e, e->prop_cap ? 2 * e->prop_cap : 64))
    return -1;
  p->cls = cls;
  p->id = e->prop_n;
  p->priority = (uint8_t)(priority < MOC_PRIO_LEVELS ? priority : MOC_PRIO_LEVELS - 1);
  p->queued = false;
  e->props[e->prop_n++] = p;
  moc_schedule(e, p);
  return 0;
}

int moc_watch(moc_engine *e, moc_var x, moc_prop *p, uint32_t local, unsigned events) {
  if (x < 0 || (uint32_t)x >= e->view.nvars) {
    moc_engine_set_error(e, "moc_watch: no such variable");
    return -1;
  }
  moc_watch_list *wl = &e->watches[x];
  if (wl->n == wl->cap) {
    uint32_t cap = wl->cap ? 2 * wl->cap : 4;
    if (!moc_mem_grow(e, (void **)&wl->w, sizeof(moc_watcher), wl->cap, cap)) return -1;
    wl->cap = cap;
  }
  wl->w[wl->n++] = (moc_watcher){p, local, events};
  return 0;
}

size_t moc_num_props(const moc_engine *e) { return e->prop_n; }
uint32_t moc_engine_conflict_prop(const moc_engine *e) { return e->conflict_prop; }
size_t moc_watch_count(const moc_engine *e, moc_var x) { return e->watches[x].n; }
moc_prop *moc_watch_prop(const moc_engine *e, moc_var x, size_t i) { return e->watches[x].w[i].p; }
moc_prop *moc_prop_at(const moc_engine *e, uint32_t id) { return e->props[id]; }

/* Runs every from-scratch oracle one level up; any change or failure means
 * the incremental fix-point was not one.  Everything is undone. */
static void check_fixpoint(moc_engine *e) {
  uint32_t level = e->view.level;
  for (uint32_t i = 0; i < e->prop_n; i++) {
    moc_prop *p = e->props[i];
    if (!p->cls->propagate_from_scratch) continue;
    if (moc_push_level(e) != 0) return;
    size_t before = e->trail_n;
    moc_pstatus st = p->cls->propagate_from_scratch(p, e);
    if (st != MOC_PROP_OK || e->trail_n != before) {
      if (e->check_failures++ == 0) e->check_culprit = p->cls->name;
    }
    moc_backtrack_to(e, level);
  }
}

void moc_engine_fail(moc_engine *e) {
  moc_queue_clear(e);
  e->conflict_level = e->view.level;
  if (e->view.level == 0) e->failed = true;
}

moc_pstatus moc_propagate(moc_engine *e) {
  e->conflict_prop = UINT32_MAX;
  if (e->failed || e->conflict_level <= e->view.level) return MOC_PROP_CONFLICT;
  moc_prop *p;
  while ((p = pop(e)) != NULL) {
    e->current = p;
    moc_pstatus st = p->cls->propagate(p, e);
    e->current = NULL;
    e->propagations++;
    if (st != MOC_PROP_OK) {
      e->conflicts++;
      e->conflict_prop = p->id;
      if (p->cls->reset) p->cls->reset(p, e);
      moc_engine_fail(e);
      return MOC_PROP_CONFLICT;
    }
  }
  if (e->checking) check_fixpoint(e);
  return MOC_PROP_OK;
}
