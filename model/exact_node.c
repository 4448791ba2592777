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
 * copies, size > 0) is a covering item of size m_u and cost w_u.  A step's
 * bound is first the fractional covering knapsack of its excess over the
 * budget (cheapest per byte first, the last item split, rounded up, with the
 * inputs priced by exact_inputs.c), then the 0-1 cover with the inputs
 * (exact_whole.c), searched only below the goal (the extra cost that would
 * cut the node).  Steps are recorded largest excess first, and once one
 * reaches the goal the analysis stops, as the node is cut (most are: the
 * rest of the steps is never looked at).  The node's bound is the largest over
 * its steps or their cost-split sum (exact_bound.c), and a step whose items
 * cannot cover its excess refutes the node.  The candidates of a step are
 * priced with the 0-1 cover of that step (price_candidates); the search
 * branches at the step, among the few of largest bound and the one with the
 * fewest candidates, whose candidates survive that pricing the fewest.
 */
#include <stdlib.h>
#include <string.h>

#include "model/exact.h"

/* The branching step is chosen among this many steps of largest own bound
 * (and the one with the fewest candidates). */
#define BRANCH_STEPS 4

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

/* moc_exact_justify, remembered for the rest of the analysis (the steps of
 * a node share most of their candidates). */
static int64_t justify(moc_exact *x, uint32_t u, uint32_t s) {
  uint64_t key = (uint64_t)u * x->n + s;
  size_t h = (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 54) % MOC_EXACT_JUSTIFY_CACHE;
  if (x->jtick[h] == x->atick && x->jkey[h] == key) return x->jval[h];
  int64_t v = moc_exact_justify(x, u, s);
  x->jtick[h] = x->atick, x->jkey[h] = key, x->jval[h] = v;
  return v;
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
      int64_t extra = s == hi ? 0 : justify(x, u, s);
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

/* The dead inputs of the step's items x->items[0..count) (exact_inputs.c),
 * item j's in x->wdead[x->wdlen + x->tfirst[j] .. + x->tfirst[j + 1]), beyond
 * the kept lists; items[j].extra = j.  -1 when out of memory. */
static int dead_lists(moc_exact *x, uint64_t key, long count) {
  uint32_t *f = grow(x->tfirst, &x->tfcap, (size_t)count + 1, sizeof *f);
  if (!f) return -1;
  x->tfirst = f;
  uint32_t len = 0;
  for (long j = 0; j < count; j++) {
    uint32_t *d = grow(x->wdead, &x->wdcap, x->wdlen + len + x->n, sizeof *d);
    if (!d) return -1;
    x->wdead = d;
    x->items[j].extra = j;
    x->tfirst[j] = len;
    len += moc_exact_dead_inputs(x, &x->items[j], key, x->wdead + x->wdlen + len);
  }
  x->tfirst[count] = len;
  return 0;
}

/* Keeps the items exact_inputs.c left for the step (x->items[0..count), in
 * moc_exact_by_ratio order of their compute costs, extra: their index for
 * dead_lists) in x->wpool, with their dead inputs. */
static int keep_items(moc_exact *x, moc_exact_step *k, long count) {
  moc_exact_item *w = grow(x->wpool, &x->wcap, x->wlen + (size_t)count, sizeof *w);
  if (!w) return -1;
  x->wpool = w;
  uint32_t *f = grow(x->wdfirst, &x->wdfcap, x->wlen + (size_t)count + 1, sizeof *f);
  if (!f) return -1;
  x->wdfirst = f;
  k->wfirst = x->wlen;
  k->wcount = (size_t)count;
  size_t base = x->wdlen;
  for (long j = 0; j < count; j++) {
    moc_exact_item it = x->items[j];
    size_t from = base + x->tfirst[it.extra], len = x->tfirst[it.extra + 1] - x->tfirst[it.extra];
    memmove(x->wdead + x->wdlen, x->wdead + from, len * sizeof *x->wdead);
    x->wdfirst[x->wlen] = (uint32_t)x->wdlen;
    x->wdlen += len;
    it.cost = x->g->cost[it.node];
    it.extra = (int64_t)x->wlen;
    x->wpool[x->wlen++] = it;
  }
  x->wdfirst[x->wlen] = (uint32_t)x->wdlen;
  return 0;
}

/* Records the overflowing step i of stage t with its items and own
 * (fractional) bound.  1: its items cannot cover it (the node is refuted),
 * -1: out of memory. */
static int record(moc_exact *x, uint32_t t, uint32_t i, int64_t excess) {
  moc_exact_step k = {t, i, 0, excess, 0, 0, x->plen, 0, 0, 0};
  long count = collect(x, t, i, 0, &k.cands);
  if (count < 0) return -1;
  moc_exact_step *steps = grow(x->steps, &x->scap, x->nsteps + 1, sizeof *steps);
  if (!steps) return -1;
  x->steps = steps;
  moc_exact_item *pool = grow(x->pool, &x->pcap, x->plen + (size_t)count, sizeof *pool);
  if (!pool) return -1;
  x->pool = pool;
  for (long j = 0; j < count; j++) x->pool[x->plen++] = x->items[j];
  k.count = (size_t)count;
  k.key = moc_staged_key(x->st, t, x->g->position[step_node(x->st, t, i)]);
  int sorted = 1;
  if (dead_lists(x, k.key, count) != 0) return -1;
  moc_exact_charge_inputs(x, x->items, &count, &sorted);
  if (keep_items(x, &k, count) != 0) return -1;
  k.alone = moc_exact_cover(x->items, (size_t)count, excess, sorted);
  if (k.alone < 0) return 1;
  x->steps[x->nsteps++] = k;
  return 0;
}

/* The overflowing steps into x->pend, largest excess first; -1 when out
 * of memory. */
static int pending_steps(moc_exact *x) {
  uint32_t count = moc_seg_over(&x->st->seg, x->budget, x->over, x->overval);
  x->npend = 0;
  for (uint32_t j = 0; j < count; j++) {
    uint32_t t = x->over[j], steps = moc_staged_stage_profile(x->st, t, x->mem);
    for (uint32_t i = 0; i < steps; i++) {
      if (x->mem[i] <= x->budget) continue;
      moc_exact_step *p = grow(x->pend, &x->pcap2, x->npend + 1, sizeof *p);
      if (!p) return -1;
      x->pend = p;
      x->pend[x->npend++] = (moc_exact_step){.t = t, .i = i, .excess = x->mem[i] - x->budget};
    }
  }
  for (size_t i = 1; i < x->npend; i++) {
    moc_exact_step st = x->pend[i];
    size_t j = i;
    for (; j > 0 && x->pend[j - 1].excess < st.excess; j--) x->pend[j] = x->pend[j - 1];
    x->pend[j] = st;
  }
  return 0;
}

/* Records the pending steps, largest excess first, each with its fractional
 * bound raised to its 0-1 cover (below the goal), until one reaches the
 * goal (*kind OPEN, the node is cut) or refutes the node (*kind DEAD).
 * Returns the largest own bound, -1 when out of memory. */
static int64_t step_bounds(moc_exact *x, moc_exact_kind *kind) {
  int64_t best = 0;
  *kind = MOC_EXACT_DEAD;
  for (size_t k = 0; k < x->npend; k++) {
    int rc = record(x, x->pend[k].t, x->pend[k].i, x->pend[k].excess);
    if (rc != 0) return rc < 0 ? -1 : 0;
    moc_exact_step *s = &x->steps[x->nsteps - 1];
    if (s->alone < x->goal) {
      int64_t whole = moc_exact_cover_from(x, s, 0, 0, s->alone);
      if (whole == INT64_MAX) return 0;
      if (whole > s->alone) s->alone = whole;
    }
    if (s->alone > best) best = s->alone;
    if (best >= x->goal) break;
  }
  *kind = MOC_EXACT_OPEN;
  return best;
}

/* Whether item a comes before b in moc_exact_by_ratio order, stages aside. */
static int ranks_before(const moc_exact_item *a, const moc_exact_item *b) {
  __int128 l = (__int128)a->cost * b->size, r = (__int128)b->cost * a->size;
  return l != r ? l < r : a->node < b->node;
}

/* Whether a candidate survives its pricing (it is cut before it is
 * analysed otherwise). */
static int survives(const moc_exact *x, const moc_exact_item *c) {
  int64_t w = x->g->cost[c->node];
  return c->extra < x->goal && w < x->goal - c->extra;
}

/* Raises the extra cost of the candidates x->cand[mark..) of step b: the
 * child of a candidate of u forbids every candidate before it, so the
 * tensors before u in the list can no longer leave b in its subtree, and u
 * does.  Its extra cost is at least the 0-1 cover of b with u taken and those
 * tensors excluded (exact_whole.c), less w_u, which the search adds.
 * Returns how many survive; stops early (pricing only part of them) once
 * more than `limit` do. */
static size_t price_candidates(moc_exact *x, const moc_exact_step *b, size_t mark, size_t limit) {
  const moc_exact_item *w = x->wpool + b->wfirst;
  size_t p = 0, alive = 0;
  int64_t forced = 0;
  for (size_t i = mark; i < x->clen && alive <= limit; i++) {
    moc_exact_item *c = &x->cand[i];
    if (i == mark || c->node != c[-1].node) {
      while (p < b->wcount && ranks_before(&w[p], c)) p++;
      int64_t w_u = x->g->cost[c->node];
      if (p < b->wcount && w[p].node == c->node) {
        forced = moc_exact_cover_from(x, b, p, 1, w_u);
        if (forced < INT64_MAX) forced -= w_u;
      } else {
        forced = moc_exact_cover_from(x, b, p, 0, 0);
      }
    }
    if (forced > c->extra) c->extra = forced;
    alive += survives(x, c);
  }
  return alive;
}

/* Pushes the priced candidates of the branching step: among the steps of
 * largest own bound (x->steps is in moc_exact_by_alone order after the
 * split) and the one with the fewest candidates, the step whose candidates
 * survive their pricing the fewest (ties: the larger own bound). */
static int branch(moc_exact *x) {
  size_t mark = x->clen, best_count = 0, best_alive = SIZE_MAX, fewest = 0;
  int64_t best_alone = -1;
  for (size_t k = 1; k < x->nsteps; k++)
    if (x->steps[k].cands < x->steps[fewest].cands) fewest = k;
  for (size_t j = 0; j <= BRANCH_STEPS && j <= x->nsteps && best_alive > 0; j++) {
    size_t k = j == 0 ? fewest : j - 1;
    if (j > 0 && (k == fewest || k >= x->nsteps)) continue;
    const moc_exact_step *s = &x->steps[k];
    size_t at = mark + best_count;
    x->clen = at;
    if (push_candidates(x, s->t, s->i) != 0) return -1;
    size_t alive = price_candidates(x, s, at, best_alive);
    if (alive < best_alive || (alive == best_alive && s->alone > best_alone)) {
      best_alive = alive, best_alone = s->alone, best_count = x->clen - at;
      memmove(x->cand + mark, x->cand + at, best_count * sizeof *x->cand);
    }
    x->clen = mark + best_count;
  }
  return 0;
}

int moc_exact_analyse(moc_exact *x, moc_exact_kind *kind, int64_t *bound) {
  *bound = 0;
  if (moc_staged_peak(x->st) <= x->budget) {
    *kind = MOC_EXACT_FITS;
    return 0;
  }
  x->nsteps = x->plen = x->wlen = x->wdlen = 0;
  x->atick++;
  if (pending_steps(x) != 0) return -1;
  *bound = step_bounds(x, kind);
  if (*bound < 0) return -1;
  if (*kind != MOC_EXACT_OPEN || *bound >= x->goal) return 0;
  int64_t split = moc_exact_split_bound(x);
  if (split > *bound) *bound = split;
  if (*bound >= x->goal) return 0;
  return branch(x);
}
