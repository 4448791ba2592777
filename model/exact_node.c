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

/* p with room for `need` elements of `size` bytes (*cap updated), or NULL
 * when out of memory (p is then unchanged). */
static void *grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need == 0) need = 1; /* never NULL on success */
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *q = realloc(p, c * size);
  if (q) *cap = c;
  return q;
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

/* Marks the forbidden stages of u (fmark[s] == ftick) and returns how
 * many fall in [lo, hi]. */
static long mark_forbidden(moc_exact *x, uint32_t u, uint32_t lo, uint32_t hi) {
  long count = 0;
  x->ftick++;
  for (uint32_t i = x->fhead[u]; i != 0; i = x->fnext[i - 1]) {
    uint32_t s = x->fstage[i - 1];
    if (x->fmark[s] != x->ftick) count += s >= lo && s <= hi;
    x->fmark[s] = x->ftick;
  }
  return count;
}

/* Appends an item or candidate; -1 when out of memory. */
static int append(moc_exact *x, long *count, moc_exact_item it) {
  moc_exact_item *items = grow(x->items, &x->icap, (size_t)*count + 1, sizeof *items);
  if (!items) return -1;
  x->items = items;
  x->items[(*count)++] = it;
  return 0;
}

/* Collects into x->items the evictable tensors of step i of stage t: one
 * item per tensor (candidates == 0; *stages then counts the allowed stages,
 * canonical or not, a cheap measure of the branching) or one per allowed
 * canonical candidate, in moc_exact_by_ratio order (x->rank).  Returns how
 * many, or -1 when out of memory. */
static long collect(moc_exact *x, uint32_t t, uint32_t i, int candidates, long *stages) {
  const moc_graph *g = x->g;
  uint32_t node = step_node(x->st, t, i);
  uint64_t key = moc_staged_key(x->st, t, g->position[node]);
  x->tick++;
  for (uint32_t p = g->pred_start[node]; p < g->pred_start[node + 1]; p++)
    x->stamp[g->pred[p]] = x->tick;
  long count = 0;
  for (uint32_t q = 0; q < x->nrank; q++) {
    uint32_t u = x->rank[q], lo, hi;
    if (g->position[u] > t || u == node || !stage_range(x, u, key, &lo, &hi)) continue;
    if (stages) *stages += (long)(hi - lo + 1) - mark_forbidden(x, u, lo, hi);
    else mark_forbidden(x, u, lo, hi);
    for (uint32_t s = hi + 1; s-- > lo;) {
      if (x->fmark[s] == x->ftick) continue;
      int64_t extra = s == hi ? 0 : moc_exact_justify(x, u, s);
      if (extra == INT64_MAX) continue;
      if (append(x, &count, (moc_exact_item){g->size[u], g->cost[u], u, s, extra}) != 0) return -1;
      if (!candidates) break;
    }
  }
  return count;
}

static int push_candidates(moc_exact *x, uint32_t t, uint32_t i) {
  long count = collect(x, t, i, 1, NULL);
  if (count < 0) return -1;
  moc_exact_item *cand = grow(x->cand, &x->ccap, x->clen + (size_t)count, sizeof *cand);
  if (!cand) return -1;
  x->cand = cand;
  for (long j = 0; j < count; j++) x->cand[x->clen++] = x->items[j];
  return 0;
}

/* Records the overflowing step i of stage t with its items and own bound.
 * 1: its items cannot cover it (the node is refuted), -1: out of memory. */
static int record(moc_exact *x, uint32_t t, uint32_t i, int64_t excess, long *stages) {
  long count = collect(x, t, i, 0, stages), count0 = count;
  if (count < 0) return -1;
  moc_exact_step *steps = grow(x->steps, &x->scap, x->nsteps + 1, sizeof *steps);
  if (!steps) return -1;
  x->steps = steps;
  moc_exact_item *pool = grow(x->pool, &x->pcap, x->plen + (size_t)count, sizeof *pool);
  if (!pool) return -1;
  x->pool = pool;
  for (long j = 0; j < count; j++) x->pool[x->plen++] = x->items[j];
  uint64_t key = moc_staged_key(x->st, t, x->g->position[step_node(x->st, t, i)]);
  int sorted = 1;
  moc_exact_charge_inputs(x, key, x->items, &count, &sorted);
  int64_t alone = moc_exact_cover(x->items, (size_t)count, excess, sorted);
  if (alone < 0) return 1;
  x->steps[x->nsteps++] = (moc_exact_step){t, i, excess, alone, x->plen - (size_t)count0, (size_t)count0};
  return 0;
}

/* The overflowing steps of stage t; picks the branching step (fewest
 * candidates, ties: larger own bound).  1: refuted, -1: out of memory. */
static int stage_steps(moc_exact *x, uint32_t t, uint32_t *bt, uint32_t *bi, long *bc, int64_t *bb) {
  uint32_t steps = moc_staged_stage_profile(x->st, t, x->mem);
  for (uint32_t i = 0; i < steps; i++) {
    if (x->mem[i] <= x->budget) continue;
    long cands = 0;
    int rc = record(x, t, i, x->mem[i] - x->budget, &cands);
    if (rc != 0) return rc;
    int64_t b = x->steps[x->nsteps - 1].alone;
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
  x->nsteps = x->plen = 0;
  for (uint32_t j = 0; j < count; j++) {
    int rc = stage_steps(x, x->over[j], &bt, &bi, &bc, &bb);
    if (rc < 0) return -1;
    if (rc > 0) {
      *kind = MOC_EXACT_DEAD;
      return 0;
    }
  }
  int64_t split = moc_exact_split_bound(x);
  *bound = split > bb ? split : bb;
  for (size_t k = 0; k < x->nsteps; k++)
    if (x->steps[k].alone > *bound) *bound = x->steps[k].alone;
  *kind = MOC_EXACT_OPEN;
  return push_candidates(x, bt, bi);
}
