/* exact_inputs.c — a stronger covering item for one overflowing step of the
 * exact search (exact.h): the inputs a recomputation must read.
 *
 * When u leaves step K through a new copy in stage s (K < (s, pos u) < its
 * next reader), that copy reads each input v of u.  Call v "dead at K" when
 * its copy resident around K ended before K and no copy of v starts between
 * K and u's latest possible new step: then u's new copy reads a copy of v
 * started before K, which stays resident through K — unless v too is
 * recomputed after K, at cost w_v.  So u relieves K by m_u minus the sizes of
 * its dead inputs it does not pay to recompute.  A dead input shared by two
 * items of the step would be counted twice, so only inputs dead for exactly
 * one item are charged (the others are ignored, which only weakens the
 * bound).  The options of u (which inputs to recompute) are folded into one
 * item of size m_u (the largest relief) priced at the least cost per byte of
 * any option — a fractional cover then never pays more than a real choice.
 * An item with no positive relief is dropped from the cover.
 */
#include <stdlib.h>

#include "model/exact.h"

/* Whether input v is dead at `key` for a copy of u starting before `until`. */
static int dead_input(const moc_staged *st, uint32_t v, uint64_t key, uint64_t until) {
  const moc_graph *g = st->g;
  size_t base = (size_t)v * st->copies;
  uint32_t c = st->nc[v];
  while (c > 0 && moc_staged_key(st, st->cs[base + c - 1], g->position[v]) > key) c--;
  if (c == 0) return 0;
  if (st->ce[base + c - 1] >= key) return 0; /* resident at key: already counted */
  return c == st->nc[v] || moc_staged_key(st, st->cs[base + c], g->position[v]) >= until;
}

uint32_t moc_exact_dead_inputs(const moc_exact *x, const moc_exact_item *it, uint64_t key,
                               uint32_t *out) {
  const moc_graph *g = x->g;
  uint64_t until = moc_staged_key(x->st, it->stage, g->position[it->node]);
  uint32_t count = 0;
  for (uint32_t e = g->pred_start[it->node]; e < g->pred_start[it->node + 1]; e++) {
    uint32_t v = g->pred[e];
    if (g->size[v] > 0 && dead_input(x->st, v, key, until)) out[count++] = v;
  }
  return count;
}

/* a->cost / a->size < b->cost / b->size (sizes > 0), exactly. */
static int cheaper(int64_t ac, int64_t as, int64_t bc, int64_t bs) {
  return (__int128)ac * bs < (__int128)bc * as;
}

/* The least cost per byte over u's options, as (*cost, *size); 0 when no
 * option relieves the step. */
static int best_option(moc_exact *x, const moc_exact_item *it, const uint32_t *dead,
                       uint32_t count, int64_t *cost, int64_t *size) {
  int64_t s = it->size, c = it->cost;
  uint32_t k = 0;
  for (uint32_t j = 0; j < count; j++) {
    uint32_t v = dead[j];
    if (x->dcount[v] != 1) continue; /* shared: not charged */
    s -= x->g->size[v];
    if (x->st->nc[v] < x->copies) x->opt[k++] = (moc_exact_item){x->g->size[v], x->g->cost[v], v, 0, 0};
  }
  moc_exact_sort_items(x->opt, k);
  int found = 0;
  for (uint32_t j = 0; j <= k; j++) {
    if (s > 0 && (!found || cheaper(c, s, *cost, *size))) *cost = c, *size = s, found = 1;
    if (j < k) s += x->opt[j].size, c += x->opt[j].cost;
  }
  return found;
}

void moc_exact_charge_inputs(moc_exact *x, moc_exact_item *items, long *count, int *sorted) {
  const uint32_t *dead = x->wdead + x->wdlen, *first = x->tfirst;
  x->dtick++;
  for (uint32_t d = 0; d < first[*count]; d++) {
    uint32_t v = dead[d];
    if (x->dstamp[v] != x->dtick) x->dstamp[v] = x->dtick, x->dcount[v] = 0;
    x->dcount[v]++;
  }
  long keep = 0;
  for (long j = 0; j < *count; j++) {
    moc_exact_item it = items[j];
    uint32_t at = first[it.extra], n = first[it.extra + 1] - at;
    int64_t c = it.cost, s = it.size;
    if (n > 0 && !best_option(x, &it, dead + at, n, &c, &s)) continue;
    int64_t priced = (int64_t)((__int128)it.size * c / s);
    if (priced != it.cost) *sorted = 0;
    it.cost = priced;
    items[keep++] = it;
  }
  *count = keep;
}
