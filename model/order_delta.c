/* order_delta.c — the memory profile of an order under one move, in time
 * proportional to the move (see order.h, moc_order_state).
 *
 * Moving the node at step `from` to step `to` shifts the steps between by
 * one.  Let [a, b] be the steps from min(from, to) to max(from, to):
 *
 *     steps      . . . a-1 | a . . . . . . b | b+1 . . .
 *     memory     unchanged |   recomputed    | unchanged
 *
 * Outside [a, b] nothing changes: a lifetime that starts or ends inside the
 * range covers the same steps outside it before and after (its other end is
 * fixed, or inside the range too).  Inside, only the lifetimes of the nodes
 * in the range and of their inputs (whose last reader may have moved) change;
 * their old and new lifetimes, clipped to [a, b], go into a difference array.
 * The peak outside the range comes from per-block maxima (blocks of 64
 * steps).  A move therefore costs O(b - a + their degrees + n / 64).
 */
#include <stdlib.h>
#include <string.h>

#include "model/order.h"

enum { BLOCK = 64 };

static uint32_t last_reader(const moc_order_state *s, uint32_t x) {
  const moc_graph *g = s->g;
  uint32_t e = s->pos[x];
  for (uint32_t i = g->succ_start[x]; i < g->succ_start[x + 1]; i++)
    if (s->pos[g->succ[i]] > e) e = s->pos[g->succ[i]];
  return e;
}

static void block_refresh(moc_order_state *s, uint32_t first, uint32_t last) {
  for (uint32_t k = first / BLOCK; k <= last / BLOCK; k++) {
    uint32_t lo = k * BLOCK, hi = lo + BLOCK < s->n ? lo + BLOCK : s->n;
    int64_t m = s->mem[lo];
    for (uint32_t j = lo + 1; j < hi; j++)
      if (s->mem[j] > m) m = s->mem[j];
    s->block_max[k] = m;
  }
}

int moc_order_state_init(moc_order_state *s, const moc_graph *g, uint32_t *order) {
  memset(s, 0, sizeof *s);
  uint32_t n = g->n;
  s->g = g;
  s->n = n;
  s->order = order;
  s->pos = malloc(((size_t)n + 1) * sizeof *s->pos);
  s->end = malloc(((size_t)n + 1) * sizeof *s->end);
  s->mem = malloc(((size_t)n + 2) * sizeof *s->mem);
  s->block_max = malloc(((size_t)n / BLOCK + 2) * sizeof *s->block_max);
  s->stamp = calloc((size_t)n + 1, sizeof *s->stamp);
  s->affected = malloc(((size_t)n + 1) * sizeof *s->affected);
  s->old_pos = malloc(((size_t)n + 1) * sizeof *s->old_pos);
  s->fresh = malloc(((size_t)n + 2) * sizeof *s->fresh);
  if (!s->pos || !s->end || !s->mem || !s->block_max || !s->stamp || !s->affected ||
      !s->old_pos || !s->fresh) {
    moc_order_state_free(s);
    return -1;
  }
  moc_order_state_reset(s);
  return 0;
}

void moc_order_state_free(moc_order_state *s) {
  free(s->pos);
  free(s->end);
  free(s->mem);
  free(s->block_max);
  free(s->stamp);
  free(s->affected);
  free(s->old_pos);
  free(s->fresh);
  memset(s, 0, sizeof *s);
}

void moc_order_state_reset(moc_order_state *s) {
  const moc_graph *g = s->g;
  uint32_t n = s->n;
  for (uint32_t t = 0; t < n; t++) s->pos[s->order[t]] = t;
  memset(s->mem, 0, ((size_t)n + 1) * sizeof *s->mem);
  for (uint32_t v = 0; v < n; v++) {
    s->end[v] = last_reader(s, v);
    s->mem[s->pos[v]] += g->size[v];
    s->mem[s->end[v] + 1] -= g->size[v];
  }
  for (uint32_t t = 1; t < n; t++) s->mem[t] += s->mem[t - 1];
  if (n) block_refresh(s, 0, n - 1);
}

/* Moves the node at step from to step to, shifting the steps between. */
static void shift(moc_order_state *s, uint32_t from, uint32_t to) {
  uint32_t *o = s->order, v = o[from];
  if (from < to) {
    memmove(o + from, o + from + 1, (size_t)(to - from) * sizeof *o);
    for (uint32_t t = from; t < to; t++) s->pos[o[t]] = t;
  } else {
    memmove(o + to + 1, o + to, (size_t)(from - to) * sizeof *o);
    for (uint32_t t = to + 1; t <= from; t++) s->pos[o[t]] = t;
  }
  o[to] = v;
  s->pos[v] = to;
}

static void mark(moc_order_state *s, uint32_t x) {
  if (s->stamp[x] == s->epoch) return;
  s->stamp[x] = s->epoch;
  s->old_pos[s->naffected] = s->pos[x];
  s->affected[s->naffected++] = x;
}

/* Adds size over [lo, hi] clipped to the range, into fresh[] (relative). */
static void add_span(moc_order_state *s, uint32_t lo, uint32_t hi, int64_t size) {
  if (lo < s->a) lo = s->a;
  if (hi > s->b) hi = s->b;
  if (lo > hi) return;
  s->fresh[lo - s->a] += size;
  s->fresh[hi - s->a + 1] -= size;
}

static int64_t max_outside(const moc_order_state *s) {
  int64_t m = 0;
  uint32_t ka = s->a / BLOCK, kb = s->b / BLOCK;
  for (uint32_t k = 0; k < ka; k++) m = s->block_max[k] > m ? s->block_max[k] : m;
  for (uint32_t j = ka * BLOCK; j < s->a; j++) m = s->mem[j] > m ? s->mem[j] : m;
  uint32_t stop = (kb + 1) * BLOCK < s->n ? (kb + 1) * BLOCK : s->n;
  for (uint32_t j = s->b + 1; j < stop; j++) m = s->mem[j] > m ? s->mem[j] : m;
  for (uint32_t k = kb + 1; k <= (s->n - 1) / BLOCK; k++)
    m = s->block_max[k] > m ? s->block_max[k] : m;
  return m;
}

int64_t moc_order_state_try(moc_order_state *s, uint32_t from, uint32_t to, int64_t target,
                            int64_t *excess_delta) {
  const moc_graph *g = s->g;
  s->from = from, s->to = to;
  s->a = from < to ? from : to;
  s->b = from < to ? to : from;
  if (++s->epoch == 0) {
    memset(s->stamp, 0, (size_t)s->n * sizeof *s->stamp);
    s->epoch = 1;
  }
  s->naffected = 0;
  for (uint32_t t = s->a; t <= s->b; t++) {
    uint32_t x = s->order[t];
    mark(s, x);
    for (uint32_t i = g->pred_start[x]; i < g->pred_start[x + 1]; i++) mark(s, g->pred[i]);
  }
  shift(s, from, to);
  uint32_t len = s->b - s->a + 1;
  memset(s->fresh, 0, ((size_t)len + 1) * sizeof *s->fresh);
  for (uint32_t k = 0; k < s->naffected; k++) {
    uint32_t x = s->affected[k];
    add_span(s, s->old_pos[k], s->end[x], -g->size[x]);
    add_span(s, s->pos[x], last_reader(s, x), g->size[x]);
  }
  int64_t run = 0, peak = max_outside(s), delta = 0;
  for (uint32_t j = 0; j < len; j++) {
    int64_t before = s->mem[s->a + j];
    run += s->fresh[j];
    int64_t now = before + run;
    s->fresh[j] = now;
    if (now > peak) peak = now;
    delta += (now > target ? now - target : 0) - (before > target ? before - target : 0);
  }
  *excess_delta = delta;
  return peak;
}

void moc_order_state_commit(moc_order_state *s) {
  memcpy(s->mem + s->a, s->fresh, (size_t)(s->b - s->a + 1) * sizeof *s->mem);
  for (uint32_t k = 0; k < s->naffected; k++) s->end[s->affected[k]] = last_reader(s, s->affected[k]);
  block_refresh(s, s->a, s->b);
}

void moc_order_state_revert(moc_order_state *s) { shift(s, s->to, s->from); }
