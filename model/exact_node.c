/* exact_node.c — the analysis of one node of the exact search (exact.h): its
 * overflowing steps, a lower bound on the cost still to pay, and the
 * candidates to branch on.
 *
 * At an overflowing step K (key t * n + k, see staged.h), a tensor u is
 * "evictable" when its copy resident at K started before K and is read after
 * K, and the step does not read it.  Its candidates are the stages s whose
 * step for u, key s * n + pos(u), falls strictly between K and the copy's
 * first reader r after K: s from t (when pos(u) > k) or t + 1, to r's stage.
 * An evictable tensor with an allowed candidate (not forbidden, u below C
 * copies, size > 0) is a covering item of size m_u and cost w_u.  The step's
 * bound is the fractional covering knapsack of its excess over the budget
 * (cheapest per byte first, the last item split, rounded up); the node's
 * bound is the largest over its overflowing steps, and a step whose items
 * cannot cover its excess refutes the node.  The search branches at the step
 * with the fewest candidates (ties: the larger bound).
 */
#include <stdlib.h>

#include "model/exact.h"

int moc_exact_forbidden(const moc_exact *x, uint32_t u, uint32_t stage) {
  for (uint32_t i = x->fhead[u]; i != 0; i = x->fnext[i - 1])
    if (x->fstage[i - 1] == stage) return 1;
  return 0;
}

static int room(moc_exact *x, size_t need) {
  if (need <= x->icap) return 0;
  size_t cap = x->icap ? x->icap : 64;
  while (cap < need) cap *= 2;
  moc_exact_item *p = realloc(x->items, cap * sizeof *p);
  if (!p) return -1;
  x->items = p;
  x->icap = cap;
  return 0;
}

/* The node computed at step i of stage t. */
static uint32_t step_node(const moc_staged *st, uint32_t t, uint32_t i) {
  return i < st->sl_len[t] ? st->sl[t][i] : st->g->order[t];
}

/* Key of the first reader after `key` of copy c of u. */
static uint64_t next_reader(const moc_staged *st, uint32_t u, uint32_t c, uint64_t key) {
  const moc_graph *g = st->g;
  size_t base = (size_t)u * st->copies;
  uint64_t next = c + 1 < st->nc[u] ? moc_staged_key(st, st->cs[base + c + 1], g->position[u])
                                    : UINT64_MAX;
  uint64_t best = UINT64_MAX;
  for (uint32_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
    uint32_t y = g->succ[e];
    for (uint32_t j = 0; j < st->nc[y]; j++) {
      uint64_t k = moc_staged_key(st, st->cs[(size_t)y * st->copies + j], g->position[y]);
      if (k > key && k < next && k < best) best = k;
    }
  }
  return best;
}

/* The candidate stages [*lo, *hi] of u at step `key`, or 0 when u is not
 * evictable there (stamp marks the step's inputs). */
static int stage_range(const moc_exact *x, uint32_t u, uint64_t key, uint32_t *lo, uint32_t *hi) {
  const moc_staged *st = x->st;
  const moc_graph *g = x->g;
  if (x->stamp[u] == x->tick || g->size[u] <= 0 || st->nc[u] >= x->copies) return 0;
  size_t base = (size_t)u * st->copies;
  for (uint32_t c = 0; c < st->nc[u]; c++) {
    uint64_t start = moc_staged_key(st, st->cs[base + c], g->position[u]);
    if (start >= key || st->ce[base + c] <= key) continue;
    uint64_t r = next_reader(st, u, c, key);
    uint32_t t = (uint32_t)(key / x->n), k = (uint32_t)(key % x->n);
    *lo = g->position[u] > k ? t : t + 1;
    *hi = (uint32_t)(r / x->n);
    return *lo <= *hi;
  }
  return 0;
}

/* Collects into x->items the evictable tensors of step i of stage t: one
 * item per tensor (candidates == 0) or one per allowed candidate.  Returns
 * how many, or -1 when out of memory. */
static long collect(moc_exact *x, uint32_t t, uint32_t i, int candidates) {
  const moc_graph *g = x->g;
  uint32_t node = step_node(x->st, t, i);
  uint64_t key = moc_staged_key(x->st, t, g->position[node]);
  x->tick++;
  for (uint32_t p = g->pred_start[node]; p < g->pred_start[node + 1]; p++)
    x->stamp[g->pred[p]] = x->tick;
  long count = 0;
  for (uint32_t q = 0; q <= t && q < x->n; q++) {
    uint32_t u = g->order[q], lo, hi;
    if (u == node || !stage_range(x, u, key, &lo, &hi)) continue;
    for (uint32_t s = hi + 1; s-- > lo;) {
      if (moc_exact_forbidden(x, u, s)) continue;
      if (room(x, (size_t)count + 1) != 0) return -1;
      x->items[count++] = (moc_exact_item){g->size[u], g->cost[u], u, s};
      if (!candidates) break;
    }
  }
  return count;
}

/* Ascending cost per byte, then later stage first. */
static int by_ratio(const void *pa, const void *pb) {
  const moc_exact_item *a = pa, *b = pb;
  __int128 l = (__int128)a->cost * b->size, r = (__int128)b->cost * a->size;
  if (l != r) return (l > r) - (l < r);
  if (a->node != b->node) return (a->node > b->node) - (a->node < b->node);
  return (a->stage < b->stage) - (a->stage > b->stage);
}

/* Fractional covering knapsack over x->items[0..count); -1 when even all
 * items do not cover the excess. */
static int64_t cover(moc_exact *x, long count, int64_t excess) {
  if (count > 1) qsort(x->items, (size_t)count, sizeof *x->items, by_ratio);
  int64_t cost = 0;
  for (long j = 0; j < count && excess > 0; j++) {
    const moc_exact_item *it = &x->items[j];
    if (it->size <= excess) {
      cost += it->cost;
      excess -= it->size;
    } else {
      __int128 part = (__int128)it->cost * excess;
      cost += (int64_t)((part + it->size - 1) / it->size);
      excess = 0;
    }
  }
  return excess > 0 ? -1 : cost;
}

static int push_candidates(moc_exact *x, uint32_t t, uint32_t i) {
  long count = collect(x, t, i, 1);
  if (count < 0) return -1;
  if (count > 1) qsort(x->items, (size_t)count, sizeof *x->items, by_ratio);
  if (x->clen + (size_t)count > x->ccap) {
    size_t cap = x->ccap ? x->ccap : 256;
    while (cap < x->clen + (size_t)count) cap *= 2;
    moc_remat *p = realloc(x->cand, cap * sizeof *p);
    if (!p) return -1;
    x->cand = p;
    x->ccap = cap;
  }
  for (long j = 0; j < count; j++) x->cand[x->clen++] = (moc_remat){x->items[j].node, x->items[j].stage};
  return 0;
}

/* The overflowing steps of stage t: raises *bound, picks the branching
 * step (*bt, *bi, fewest candidates in *bc).  1: refuted, -1: out of memory. */
static int stage_steps(moc_exact *x, uint32_t t, int64_t *bound, uint32_t *bt, uint32_t *bi,
                       long *bc, int64_t *bb) {
  uint32_t steps = moc_staged_stage_profile(x->st, t, x->mem);
  for (uint32_t i = 0; i < steps; i++) {
    if (x->mem[i] <= x->budget) continue;
    long count = collect(x, t, i, 0);
    if (count < 0) return -1;
    int64_t b = cover(x, count, x->mem[i] - x->budget);
    if (b < 0) return 1;
    if (b > *bound) *bound = b;
    long cands = collect(x, t, i, 1);
    if (cands < 0) return -1;
    if (*bc < 0 || cands < *bc || (cands == *bc && b > *bb)) {
      *bt = t, *bi = i, *bc = cands, *bb = b;
    }
  }
  return 0;
}

int moc_exact_analyse(moc_exact *x, moc_exact_kind *kind, int64_t *bound) {
  *bound = 0;
  if (moc_staged_peak(x->st) <= x->budget) {
    *kind = MOC_EXACT_FITS;
    return 0;
  }
  uint32_t count = moc_seg_over(&x->st->seg, x->budget, x->over, x->overval);
  uint32_t bt = 0, bi = 0;
  long bc = -1;
  int64_t bb = -1;
  for (uint32_t j = 0; j < count; j++) {
    int rc = stage_steps(x, x->over[j], bound, &bt, &bi, &bc, &bb);
    if (rc < 0) return -1;
    if (rc > 0) {
      *kind = MOC_EXACT_DEAD;
      return 0;
    }
  }
  *kind = MOC_EXACT_OPEN;
  return push_candidates(x, bt, bi);
}
