/* lower_bound.c — a lower bound on the cost of any fixed-order schedule, from
 * memory pressure at each stage.
 *
 * Take stage t, whose main step first computes x = order[t].  Call a tensor
 * u "crossing t" when it was first computed before t, is not an input of x,
 * and some consumer w of u is first computed after t.  In every staged
 * schedule, at x's step either u is resident, or u is computed again in a
 * stage between t + 1 and w's stage — at least one more payment of w_u.  The
 * step's memory holds x, x's inputs and the crossing tensors kept, and it
 * must fit the budget B, so the tensors not kept must add up to at least
 *
 *     excess_t = m_x + m(inputs of x) + m(crossing t) - B
 *
 * (which is exactly how much the reference order overflows at step t).
 * Choosing which to drop is a covering knapsack; its fractional relaxation
 * (cheapest cost per byte first, the last item split) is a valid bound, and
 * since one recomputation may serve several stages, only the largest of the
 * per-stage bounds adds up with sum(w):
 *
 *     LB = sum_v w_v + max_t ceil(fractional cover of excess_t).
 *
 * O(sum_t |crossing t|) expected time (quickselect), O(n) memory.
 */
#include <stdlib.h>

#include "model/lower_bound.h"

typedef struct item {
  int64_t size, cost;
} item;

/* Ascending cost per byte: a.cost / a.size < b.cost / b.size, exactly. */
static int by_ratio(const void *pa, const void *pb) {
  const item *a = pa, *b = pb;
  __int128 l = (__int128)a->cost * b->size, r = (__int128)b->cost * a->size;
  return (l > r) - (l < r);
}

static void swap_items(item *a, item *b) {
  item t = *a;
  *a = *b;
  *b = t;
}

/* Greedy over items sorted by ratio: the cost of covering `excess` (which
 * they are known to cover), the last item split and rounded up. */
static int64_t greedy_cover(item *items, size_t count, int64_t excess) {
  qsort(items, count, sizeof *items, by_ratio);
  int64_t cost = 0;
  for (size_t i = 0; i < count && excess > 0; i++) {
    if (items[i].size <= excess) {
      cost += items[i].cost;
      excess -= items[i].size;
    } else {
      __int128 part = (__int128)items[i].cost * excess;
      cost += (int64_t)((part + items[i].size - 1) / items[i].size);
      excess = 0;
    }
  }
  return cost;
}

/* Three-way partition of items[lo..hi) around the ratio of `pivot`:
 * [lo, *lt) cheaper, [*lt, *gt) equal, [*gt, hi) dearer. */
static void partition(item *items, size_t lo, size_t hi, item pivot, size_t *lt, size_t *gt) {
  size_t a = lo, i = lo, b = hi;
  while (i < b) {
    int c = by_ratio(&items[i], &pivot);
    if (c < 0)
      swap_items(&items[a++], &items[i++]);
    else if (c > 0)
      swap_items(&items[i], &items[--b]);
    else
      i++;
  }
  *lt = a;
  *gt = b;
}

/* The least cost of dropping items of total size >= excess, fractionally,
 * rounded up; -1 when even all of them are not enough.  The cheapest items
 * per byte are taken first, as a sort would, but found by quickselect in
 * expected linear time (the result does not depend on how ties are ordered:
 * items of one ratio cost the same per byte). */
static int64_t fractional_cover(item *items, size_t count, int64_t excess) {
  int64_t total = 0;
  for (size_t i = 0; i < count; i++) total += items[i].size;
  if (total < excess) return -1;
  size_t lo = 0, hi = count;
  int64_t cost = 0;
  while (excess > 0 && hi - lo > 16) {
    item pivot = items[lo + (hi - lo) / 2];
    size_t lt, gt;
    partition(items, lo, hi, pivot, &lt, &gt);
    int64_t below = 0, below_cost = 0, equal = 0, equal_cost = 0;
    for (size_t i = lo; i < lt; i++) below += items[i].size, below_cost += items[i].cost;
    for (size_t i = lt; i < gt; i++) equal += items[i].size, equal_cost += items[i].cost;
    if (below >= excess) {
      hi = lt;
    } else if (below + equal >= excess) {
      return cost + below_cost + greedy_cover(items + lt, gt - lt, excess - below);
    } else {
      cost += below_cost + equal_cost;
      excess -= below + equal;
      lo = gt;
    }
  }
  return excess > 0 ? cost + greedy_cover(items + lo, hi - lo, excess) : cost;
}

/* last_use[v]: the largest position of a consumer of v (-1: none). */
static void last_uses(const moc_graph *g, int64_t *last_use) {
  for (uint32_t v = 0; v < g->n; v++) {
    last_use[v] = -1;
    for (uint32_t j = g->succ_start[v]; j < g->succ_start[v + 1]; j++)
      if ((int64_t)g->position[g->succ[j]] > last_use[v]) last_use[v] = g->position[g->succ[j]];
  }
}

int64_t moc_lower_bound_pressure(const moc_graph *g, int64_t budget) {
  uint32_t n = g->n;
  int64_t *last_use = malloc((n ? n : 1) * sizeof *last_use);
  uint32_t *live = malloc((n ? n : 1) * sizeof *live);   /* computed, still read later */
  uint32_t *input_of = malloc((n ? n : 1) * sizeof *input_of);
  item *items = malloc((n ? n : 1) * sizeof *items);
  if (!last_use || !live || !input_of || !items) {
    free(last_use), free(live), free(input_of), free(items);
    return -1;
  }
  last_uses(g, last_use);
  for (uint32_t v = 0; v < n; v++) input_of[v] = UINT32_MAX;
  size_t nlive = 0;
  int64_t best = 0;
  for (uint32_t t = 0; t < n; t++) {
    uint32_t x = g->order[t];
    int64_t need = g->size[x];
    for (uint32_t j = g->pred_start[x]; j < g->pred_start[x + 1]; j++) {
      input_of[g->pred[j]] = t;
      need += g->size[g->pred[j]];
    }
    /* crossing tensors: live (first computed before t, read at t or later),
     * not an input of x — then necessarily read after t */
    size_t count = 0, keep = 0;
    int64_t crossing = 0;
    for (size_t i = 0; i < nlive; i++) {
      uint32_t u = live[i];
      if (last_use[u] > (int64_t)t) live[keep++] = u;
      if (input_of[u] == t) continue;
      items[count++] = (item){g->size[u], g->cost[u]};
      crossing += g->size[u];
    }
    nlive = keep;
    int64_t excess = need + crossing - budget;
    if (excess > 0) {
      int64_t lb = fractional_cover(items, count, excess);
      if (lb < 0) { /* not even dropping everything fits: no schedule at all */
        best = -2;
        break;
      }
      if (lb > best) best = lb;
    }
    if (last_use[x] > (int64_t)t) live[nlive++] = x;
  }
  free(last_use), free(live), free(input_of), free(items);
  if (best == -2) return -2;
  return g->total_cost + best;
}
