/* exact_canon.c — canonical schedules for the exact search (exact.h): which
 * recomputation stages need to be tried at all.
 *
 * Shifting a recomputation (u, s) to (u, s + 1) never raises the memory of
 * any step, nor the cost, when
 *   (A) no step of stage s after u's reads the new copy (the main step of s
 *       does not read u, and no consumer of u is recomputed in stage s), and
 *   (C) every input v of u (m_v > 0) is read at (s + 1, pos u) from the same
 *       copy as at (s, pos u) — v is not recomputed in stage s + 1 — and that
 *       copy has another reader at or after (s + 1, pos u), so that reading it
 *       later does not lengthen it.
 * (If u is recomputed in s + 1 too, the copy of stage s is read by nobody,
 * and a schedule with fewest recomputations has no such copy.)  So among the
 * optimal schedules with fewest recomputations, the one with the largest sum
 * of recomputation stages breaks (A) or (C) at every recomputation: it is
 * "canonical", and the search only needs to find that one.
 *
 * A candidate (u, s) below the stage of u's next reader is justified only
 * by a change still to come, or by the state as it is: some consumer of u
 * recomputed in stage s (paying its cost), some input recomputed in s + 1 or
 * after (s, pos u) (paying its cost), or an input whose copy read at
 * (s, pos u) has no later reader now (free).  The cheapest such
 * justification is a lower bound on the extra cost of every canonical
 * schedule under the candidate; none at all, and no canonical schedule
 * contains it.  Every condition used only gets harder to meet deeper in the
 * search (copies are only added, forbidden candidates only grow), so the
 * verdict holds for the whole subtree.
 */
#include "model/exact.h"

/* Whether v has a copy computed in stage t. */
static int has_copy(const moc_staged *st, uint32_t v, uint32_t t) {
  const uint32_t *cs = st->cs + (size_t)v * st->copies;
  for (uint32_t i = 0; i < st->nc[v]; i++)
    if (cs[i] == t) return 1;
  return 0;
}

/* The cheapest recomputation of a consumer of u in stage s that would read
 * u's copy of stage s. */
static int64_t consumer_reason(const moc_exact *x, uint32_t u, uint32_t s) {
  const moc_graph *g = x->g;
  int64_t best = INT64_MAX;
  for (uint32_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
    uint32_t y = g->succ[e];
    if (g->position[y] >= s) continue;
    if (has_copy(x->st, y, s)) return 0;
    if (x->st->nc[y] < x->copies && !moc_exact_forbidden(x, y, s) && g->cost[y] < best)
      best = g->cost[y];
  }
  return best;
}

/* The cheapest way input v can break (C) for (u, s): 0 when it does now. */
static int64_t input_reason(const moc_exact *x, uint32_t v, uint32_t u, uint32_t s) {
  const moc_staged *st = x->st;
  const moc_graph *g = x->g;
  if (has_copy(st, v, s + 1)) return 0;
  uint64_t at = moc_staged_key(st, s, g->position[u]), next = moc_staged_key(st, s + 1, g->position[u]);
  size_t base = (size_t)v * st->copies;
  uint32_t c = st->nc[v];
  while (c > 1 && moc_staged_key(st, st->cs[base + c - 1], g->position[v]) > at) c--;
  if (st->ce[base + c - 1] < next) return 0;
  return st->nc[v] < x->copies ? g->cost[v] : INT64_MAX;
}

int64_t moc_exact_justify(const moc_exact *x, uint32_t u, uint32_t s) {
  const moc_graph *g = x->g;
  if (s + 1 >= x->n) return 0;
  int64_t best = consumer_reason(x, u, s);
  for (uint32_t e = g->pred_start[u]; e < g->pred_start[u + 1] && best > 0; e++) {
    uint32_t v = g->pred[e];
    if (g->size[v] <= 0) continue;
    int64_t r = input_reason(x, v, u, s);
    if (r < best) best = r;
  }
  return best;
}
