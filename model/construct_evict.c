/* construct_evict.c — the eviction primitives shared by phase 1 and the
 * local search: which copies can be evicted at a step, and the recomputation
 * (with the inputs it would otherwise revive) that evicts one.
 *
 * A copy resident at step j (key kj) that step j neither computes nor reads
 * can be evicted: recomputing its node in the stage of its next reader ends
 * the old copy at its last read before j.  The recomputation reads the node's
 * inputs; an input whose copy was already dead at j would be kept alive
 * across j again, so a "bundle" recomputes such inputs in the same stage too.
 */
#include "model/staged.h"

/* Stage of the first reader of copy i of v after key, or UINT32_MAX. */
static uint32_t next_reader(const moc_staged *st, uint32_t v, uint32_t i, uint64_t key) {
  const moc_graph *g = st->g;
  const uint32_t *s = st->cs + (size_t)v * st->copies;
  uint32_t hi = i + 1 < st->nc[v] ? s[i + 1] : UINT32_MAX;
  uint64_t best = UINT64_MAX;
  for (uint32_t e = g->succ_start[v]; e < g->succ_start[v + 1]; e++) {
    uint32_t x = g->succ[e];
    const uint32_t *xs = st->cs + (size_t)x * st->copies;
    for (uint32_t j = 0; j < st->nc[x]; j++) {
      if (xs[j] < s[i] || xs[j] >= hi) continue;
      uint64_t k = moc_staged_key(st, xs[j], g->position[x]);
      if (k > key && k < best) best = k;
    }
  }
  return best == UINT64_MAX ? UINT32_MAX : (uint32_t)(best / st->n);
}

/* The key of the last reader of copy `at` of u other than the one at `skip`
 * (the copy's own key when there is none). */
static uint64_t second_last_reader(const moc_staged *st, uint32_t u, size_t at, uint64_t skip) {
  const moc_graph *g = st->g;
  size_t base = (size_t)u * st->copies;
  uint32_t lo = st->cs[at], hi = at + 1 < base + st->nc[u] ? st->cs[at + 1] : UINT32_MAX;
  uint64_t best = moc_staged_key(st, lo, g->position[u]);
  for (uint32_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
    uint32_t x = g->succ[e];
    const uint32_t *xs = st->cs + (size_t)x * st->copies;
    for (uint32_t j = 0; j < st->nc[x]; j++) {
      if (xs[j] < lo || xs[j] >= hi) continue;
      uint64_t k = moc_staged_key(st, xs[j], g->position[x]);
      if (k != skip && k > best) best = k;
    }
  }
  return best;
}

static int reads(const moc_graph *g, uint32_t x, uint32_t v) {
  for (uint32_t e = g->pred_start[x]; e < g->pred_start[x + 1]; e++)
    if (g->pred[e] == v) return 1;
  return 0;
}

uint64_t moc_evict_key(const moc_staged *st, uint32_t stage, uint32_t step) {
  uint32_t x = step < st->sl_len[stage] ? st->sl[stage][step] : st->g->order[stage];
  return moc_staged_key(st, stage, st->g->position[x]);
}

uint32_t moc_evict_candidates(const moc_staged *st, uint32_t stage, uint32_t step,
                              moc_evict *out) {
  const moc_graph *g = st->g;
  uint32_t at = step < st->sl_len[stage] ? st->sl[stage][step] : g->order[stage];
  uint64_t key = moc_evict_key(st, stage, step);
  uint32_t count = 0;
  for (uint32_t k = 0; k <= stage; k++) {
    uint32_t v = g->order[k];
    size_t base = (size_t)v * st->copies;
    if (st->nc[v] >= st->copies || g->size[v] <= 0) continue;
    uint32_t i = moc_staged_copy_at(st, v, stage);
    uint64_t start = moc_staged_key(st, st->cs[base + i], k);
    if (start >= key || st->ce[base + i] <= key || reads(g, at, v)) continue;
    uint32_t t = next_reader(st, v, i, key);
    if (t == UINT32_MAX || moc_staged_key(st, t, k) <= key) continue;
    out[count++] = (moc_evict){v, t};
  }
  return count;
}

int moc_evict_bundle(moc_staged *st, moc_evict e, uint64_t key, int with_inputs, moc_evict *done,
                     uint32_t *count) {
  const moc_graph *g = st->g;
  int rc = moc_staged_add(st, e.node, e.stage);
  if (rc != 0) return rc;
  done[(*count)++] = e;
  if (!with_inputs) return 0;
  uint64_t read = moc_staged_key(st, e.stage, g->position[e.node]);
  for (uint32_t p = g->pred_start[e.node]; p < g->pred_start[e.node + 1]; p++) {
    uint32_t u = g->pred[p];
    size_t at = (size_t)u * st->copies + moc_staged_copy_at(st, u, e.stage);
    /* the node is now the last reader of u's copy: was it dead at the step? */
    if (st->cs[at] == e.stage || st->ce[at] != read) continue;
    if (second_last_reader(st, u, at, read) >= key) continue;
    moc_evict in = {u, e.stage};
    if (moc_evict_bundle(st, in, key, 0, done, count) < 0) return -1;
  }
  return 0;
}

int64_t moc_evict_input_cost(const moc_staged *st, moc_evict e, uint64_t key, int *blocked) {
  const moc_graph *g = st->g;
  int64_t extra = 0;
  *blocked = 0;
  uint64_t read = moc_staged_key(st, e.stage, g->position[e.node]);
  for (uint32_t p = g->pred_start[e.node]; p < g->pred_start[e.node + 1]; p++) {
    uint32_t u = g->pred[p];
    size_t at = (size_t)u * st->copies + moc_staged_copy_at(st, u, e.stage);
    if (st->cs[at] == e.stage || st->ce[at] >= read || st->ce[at] >= key) continue;
    if (st->nc[u] >= st->copies)
      *blocked = 1;
    else
      extra += g->cost[u];
  }
  return extra;
}
