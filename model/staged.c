/* staged.c — the incremental staged-schedule state: copies of each node,
 * their last readers, and the per-stage memory profile (see staged.h).
 *
 * Adding or removing a recomputation (v, t) changes the lifetimes of v's
 * copy before it and of the copies of v's inputs read in stage t, nothing
 * else.  A change therefore sweeps the copy itself into (or out of) the
 * through() sums, edits the copy lists, moves the other lifetimes by their
 * difference only ("retime"), remembering the stages where lifetimes start
 * or end, and recomputes local() for those stages.  Cost: O(deg(v) * C *
 * (outdeg + log n)) plus the stages' own sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "model/staged.h"

moc_staged *moc_staged_create(const moc_graph *g, int copies) {
  if (!g || copies < 1) return NULL;
  moc_staged *st = calloc(1, sizeof *st);
  if (!st) return NULL;
  uint32_t n = g->n, c = (uint32_t)copies;
  st->g = g;
  st->n = n;
  st->copies = c;
  st->nc = calloc(n + 1, sizeof *st->nc);
  st->cs = calloc((size_t)n * c + 1, sizeof *st->cs);
  st->ce = calloc((size_t)n * c + 1, sizeof *st->ce);
  st->sl = calloc(n + 1, sizeof *st->sl);
  st->sl_len = calloc(n + 1, sizeof *st->sl_len);
  st->sl_cap = calloc(n + 1, sizeof *st->sl_cap);
  st->local = calloc(n + 1, sizeof *st->local);
  st->touched = calloc(n + 1, sizeof *st->touched);
  st->mark = calloc(n + 1, sizeof *st->mark);
  st->diff = calloc(n + 2, sizeof *st->diff);
  if (!st->nc || !st->cs || !st->ce || !st->sl || !st->sl_len || !st->sl_cap || !st->local ||
      !st->touched || !st->mark || !st->diff || moc_seg_init(&st->seg, n) != 0) {
    moc_staged_free(st);
    return NULL;
  }
  st->seg.log = &st->wlog;
  moc_staged_clear(st);
  return st;
}

void moc_staged_free(moc_staged *st) {
  if (!st) return;
  if (st->sl)
    for (uint32_t t = 0; t < st->n; t++) free(st->sl[t]);
  free(st->sl);
  free(st->sl_len);
  free(st->sl_cap);
  free(st->nc);
  free(st->cs);
  free(st->ce);
  free(st->local);
  free(st->touched);
  free(st->mark);
  free(st->diff);
  free(st->jr);
  free(st->jadd);
  free(st->wlog.w);
  moc_seg_free(&st->seg);
  free(st);
}

/* Key of the last reader of copy i of v (its own key when nobody reads it). */
static uint64_t last_reader(const moc_staged *st, uint32_t v, uint32_t i) {
  const moc_graph *g = st->g;
  const uint32_t *s = st->cs + (size_t)v * st->copies;
  uint32_t lo = s[i], hi = i + 1 < st->nc[v] ? s[i + 1] : UINT32_MAX;
  uint64_t best = moc_staged_key(st, lo, g->position[v]);
  for (uint32_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++) {
    uint32_t x = g->succ[e];
    const uint32_t *xs = st->cs + (size_t)x * st->copies;
    for (uint32_t j = st->nc[x]; j-- > 0;) {
      if (xs[j] >= hi) continue;
      if (xs[j] >= lo) {
        uint64_t k = moc_staged_key(st, xs[j], g->position[x]);
        if (k > best) best = k;
      }
      break;
    }
  }
  return best;
}

static void touch(moc_staged *st, uint32_t t) {
  if (st->mark[t]) return;
  st->mark[t] = 1;
  st->touched[st->touched_len++] = t;
}

/* Adds (sign = 1) or removes (sign = -1) the through() part of copy i of v
 * and marks the stages whose local() it enters: its end stage, and its start
 * stage when it ends there (a copy that leaves its start stage covers the
 * rest of that stage whatever its end). */
static void sweep_copy(moc_staged *st, uint32_t v, uint32_t i, int64_t sign) {
  size_t at = (size_t)v * st->copies + i;
  uint32_t s = st->cs[at];
  uint32_t e = (uint32_t)(st->ce[at] / st->n);
  if (e > s + 1) moc_seg_add(&st->seg, s + 1, e - 1, st->g->size[v] * sign);
  touch(st, e);
}

static void sweep(moc_staged *st, uint32_t v, int64_t sign) {
  for (uint32_t i = 0; i < st->nc[v]; i++) sweep_copy(st, v, i, sign);
}

static void attach(moc_staged *st, uint32_t v) {
  size_t base = (size_t)v * st->copies;
  for (uint32_t i = 0; i < st->nc[v]; i++) st->ce[base + i] = last_reader(st, v, i);
  sweep(st, v, 1);
}

/* Updates copy i of u when its last reader moved. */
static void retime(moc_staged *st, uint32_t u, uint32_t i) {
  size_t at = (size_t)u * st->copies + i;
  uint64_t now = last_reader(st, u, i);
  if (now == st->ce[at]) return;
  uint32_t s = st->cs[at];
  uint32_t old_end = (uint32_t)(st->ce[at] / st->n), new_end = (uint32_t)(now / st->n);
  /* through() covers s+1 .. end-1: add or take off the difference */
  if (new_end > old_end)
    moc_seg_add(&st->seg, old_end > s + 1 ? old_end : s + 1, new_end - 1, st->g->size[u]);
  else if (new_end < old_end)
    moc_seg_add(&st->seg, new_end > s + 1 ? new_end : s + 1, old_end - 1, -st->g->size[u]);
  touch(st, old_end);
  touch(st, new_end);
  moc_wlog_put(&st->wlog, &st->ce[at], 8);
  st->ce[at] = now;
}

/* After copy i of v (in stage t) was added or removed (and swept in or
 * out): the only lifetimes that can move, those of v's copy before it (its
 * later readers go to or come from the changed copy) and of the input
 * copies the changed copy reads in stage t. */
static void retime_around(moc_staged *st, uint32_t v, uint32_t t, uint32_t i) {
  const moc_graph *g = st->g;
  retime(st, v, i - 1);
  for (uint32_t e = g->pred_start[v]; e < g->pred_start[v + 1]; e++) {
    uint32_t u = g->pred[e];
    retime(st, u, moc_staged_copy_at(st, u, t));
  }
}

static void refresh(moc_staged *st) {
  for (uint32_t i = 0; i < st->touched_len; i++) {
    uint32_t t = st->touched[i];
    int64_t now = moc_staged_local(st, t);
    moc_seg_add(&st->seg, t, t, now - st->local[t]);
    moc_wlog_put(&st->wlog, &st->local[t], 8);
    st->local[t] = now;
    st->mark[t] = 0;
  }
  st->touched_len = 0;
}

/* During a trial: logs copies i..last of v, v's copy count, the list of
 * stage t and the totals, before an add or remove edits them. */
static void save_lists(moc_staged *st, uint32_t v, uint32_t t, uint32_t i, uint32_t last) {
  moc_wlog *log = &st->wlog;
  if (!log->on) return;
  size_t base = (size_t)v * st->copies;
  for (uint32_t k = i; k <= last; k++) {
    moc_wlog_put(log, &st->cs[base + k], 4);
    moc_wlog_put(log, &st->ce[base + k], 8);
  }
  moc_wlog_put(log, &st->nc[v], 4);
  for (uint32_t k = 0; k <= st->sl_len[t] && k < st->sl_cap[t]; k++) moc_wlog_put(log, &st->sl[t][k], 4);
  moc_wlog_put(log, &st->sl_len[t], 4);
  moc_wlog_put(log, &st->cost, 8);
  moc_wlog_put(log, &st->count, 8);
}

static int grow_stage(moc_staged *st, uint32_t t) {
  if (st->sl_len[t] < st->sl_cap[t]) return 0;
  uint32_t cap = st->sl_cap[t] ? 2 * st->sl_cap[t] : 4;
  uintptr_t from = (uintptr_t)st->sl[t];
  uint32_t *p = realloc(st->sl[t], cap * sizeof *p);
  if (!p) return -1;
  moc_wlog_move(&st->wlog, from, st->sl_cap[t] * sizeof *p, p);
  st->sl[t] = p;
  st->sl_cap[t] = cap;
  return 0;
}

static int journal_room(moc_staged *st) {
  if (!st->journaling || st->jlen < st->jcap) return 0;
  return moc_staged_journal(st, 1, st->jcap ? 2 * st->jcap : 64);
}

static void record(moc_staged *st, uint32_t v, uint32_t t, uint8_t added) {
  if (!st->journaling) return;
  moc_wlog_put(&st->wlog, &st->jlen, 8);
  st->jr[st->jlen] = (moc_remat){v, t};
  st->jadd[st->jlen++] = added;
}

int moc_staged_journal(moc_staged *st, int on, size_t reserve) {
  st->journaling = on;
  if (reserve <= st->jcap) return 0;
  moc_remat *jr = realloc(st->jr, reserve * sizeof *jr);
  if (!jr) return -1;
  st->jr = jr;
  uint8_t *ja = realloc(st->jadd, reserve);
  if (!ja) return -1;
  st->jadd = ja;
  st->jcap = reserve;
  return 0;
}

size_t moc_staged_mark(const moc_staged *st) { return st->jlen; }
void moc_staged_forget(moc_staged *st) { st->jlen = 0; }

void moc_staged_undo(moc_staged *st, size_t mark) {
  int on = st->journaling;
  st->journaling = 0;
  while (st->jlen > mark) {
    st->jlen--;
    moc_remat r = st->jr[st->jlen];
    if (st->jadd[st->jlen])
      moc_staged_remove(st, r.node, r.stage);
    else
      moc_staged_add(st, r.node, r.stage);
  }
  st->journaling = on;
}

int moc_staged_add(moc_staged *st, uint32_t v, uint32_t t) {
  const moc_graph *g = st->g;
  if (v >= st->n || t >= st->n || t <= g->position[v] || st->nc[v] >= st->copies) return 1;
  if (journal_room(st) != 0) return -1;
  uint32_t *s = st->cs + (size_t)v * st->copies;
  uint32_t i = st->nc[v];
  while (s[i - 1] > t) i--;
  if (s[i - 1] == t) return 1;
  if (grow_stage(st, t) != 0) return -1;
  uint64_t *e = st->ce + (size_t)v * st->copies;
  save_lists(st, v, t, i, st->nc[v]);
  moc_seg_defer(&st->seg);
  memmove(s + i + 1, s + i, (st->nc[v] - i) * sizeof *s);
  memmove(e + i + 1, e + i, (st->nc[v] - i) * sizeof *e);
  s[i] = t;
  st->nc[v]++;
  uint32_t *l = st->sl[t], j = st->sl_len[t];
  while (j > 0 && g->position[l[j - 1]] > g->position[v]) {
    l[j] = l[j - 1];
    j--;
  }
  l[j] = v;
  st->sl_len[t]++;
  touch(st, t);
  e[i] = last_reader(st, v, i);
  sweep_copy(st, v, i, 1);
  retime_around(st, v, t, i);
  refresh(st);
  moc_seg_flush(&st->seg);
  st->cost += g->cost[v];
  st->count++;
  record(st, v, t, 1);
  return 0;
}

int moc_staged_remove(moc_staged *st, uint32_t v, uint32_t t) {
  const moc_graph *g = st->g;
  if (v >= st->n || t >= st->n) return 1;
  uint32_t *s = st->cs + (size_t)v * st->copies;
  uint32_t i = 1;
  while (i < st->nc[v] && s[i] != t) i++;
  if (i >= st->nc[v]) return 1;
  if (journal_room(st) != 0) return -1;
  uint64_t *e = st->ce + (size_t)v * st->copies;
  save_lists(st, v, t, i, st->nc[v] - 1);
  moc_seg_defer(&st->seg);
  sweep_copy(st, v, i, -1);
  memmove(s + i, s + i + 1, (st->nc[v] - i - 1) * sizeof *s);
  memmove(e + i, e + i + 1, (st->nc[v] - i - 1) * sizeof *e);
  st->nc[v]--;
  uint32_t *l = st->sl[t], j = 0;
  while (l[j] != v) j++;
  memmove(l + j, l + j + 1, (st->sl_len[t] - j - 1) * sizeof *l);
  st->sl_len[t]--;
  touch(st, t);
  retime_around(st, v, t, i);
  refresh(st);
  moc_seg_flush(&st->seg);
  st->cost -= g->cost[v];
  st->count--;
  record(st, v, t, 0);
  return 0;
}

void moc_staged_clear(moc_staged *st) {
  const moc_graph *g = st->g;
  moc_seg_clear(&st->seg);
  for (uint32_t t = 0; t < st->n; t++) {
    st->local[t] = 0;
    st->sl_len[t] = 0;
    st->mark[t] = 0;
  }
  st->touched_len = 0;
  st->jlen = 0;
  for (uint32_t v = 0; v < st->n; v++) {
    st->nc[v] = 1;
    st->cs[(size_t)v * st->copies] = g->position[v];
  }
  for (uint32_t v = 0; v < st->n; v++) attach(st, v);
  for (uint32_t t = 0; t < st->n; t++) touch(st, t);
  refresh(st);
  st->cost = g->topo_cost;
  st->count = 0;
}
