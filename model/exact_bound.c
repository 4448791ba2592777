/* exact_bound.c — the bounds of the exact search (exact.h): the fractional
 * covering knapsack of one overflowing step, and a cost-splitting bound over
 * all of them.
 *
 * Every overflowing step K needs tensors to leave it, each through a new
 * recomputation (exact.h); one recomputation of u may serve several steps,
 * so the steps' own bounds do not add up — only their largest is a bound.
 * Cost splitting (a Lagrangian decomposition of the covering LP) makes them
 * add: give each step a share l(u, K) >= 0 of w_u with sum_K l(u, K) <= w_u;
 * any schedule then pays at least sum_K cover_K(l(., K)).  The shares are
 * chosen greedily, steps by decreasing own bound: a step's cover is computed
 * with what is left of each cost, and then it keeps, of each of its items,
 * min(left, ceil(pi * m_u)), pi its critical cost per byte.  That share
 * leaves the step's cover value unchanged (items dearer than pi now cost
 * exactly pi per byte, which the cover never paid more than), and the rest
 * stays for the later steps.  Shares are integers; each step's cover is
 * rounded down before adding, so the sum is exact arithmetic throughout.
 */
#include <stdlib.h>

#include "model/exact.h"

/* The split runs over the steps of largest own bound only: beyond a few
 * dozen its gain is small and its cost (a sort per step) is not. */
#define SPLIT_STEPS 32

int moc_exact_by_ratio(const void *pa, const void *pb) {
  const moc_exact_item *a = pa, *b = pb;
  __int128 l = (__int128)a->cost * b->size, r = (__int128)b->cost * a->size;
  if (l != r) return (l > r) - (l < r);
  if (a->node != b->node) return (a->node > b->node) - (a->node < b->node);
  return (a->stage < b->stage) - (a->stage > b->stage);
}

/* Below this many elements, sorts are by insertion (the lists come nearly
 * sorted); above, by qsort. */
#define INSERTION_SORT 32

void moc_exact_sort_items(moc_exact_item *items, size_t count) {
  if (count > INSERTION_SORT) {
    qsort(items, count, sizeof *items, moc_exact_by_ratio);
    return;
  }
  for (size_t i = 1; i < count; i++) {
    moc_exact_item it = items[i];
    size_t j = i;
    for (; j > 0 && moc_exact_by_ratio(&items[j - 1], &it) > 0; j--) items[j] = items[j - 1];
    items[j] = it;
  }
}

void moc_exact_sort_steps(moc_exact_step *steps, size_t count) {
  if (count > INSERTION_SORT) {
    qsort(steps, count, sizeof *steps, moc_exact_by_alone);
    return;
  }
  for (size_t i = 1; i < count; i++) {
    moc_exact_step st = steps[i];
    size_t j = i;
    for (; j > 0 && moc_exact_by_alone(&steps[j - 1], &st) > 0; j--) steps[j] = steps[j - 1];
    steps[j] = st;
  }
}

/* The greedy cover: *floor_value its value rounded down, *crit the item at
 * the critical ratio; -1 when the items cannot cover the excess. */
static int greedy(moc_exact_item *items, size_t count, int64_t excess, int sorted,
                  int64_t *floor_value, int64_t *ceil_value, size_t *crit) {
  if (!sorted) moc_exact_sort_items(items, count);
  int64_t cost = 0, up = 0;
  for (size_t j = 0; j < count && excess > 0; j++) {
    const moc_exact_item *it = &items[j];
    *crit = j;
    if (it->size <= excess) {
      cost += it->cost;
      excess -= it->size;
    } else {
      __int128 part = (__int128)it->cost * excess;
      up = (part % it->size) != 0;
      cost += (int64_t)(part / it->size);
      excess = 0;
    }
  }
  *floor_value = cost;
  *ceil_value = cost + up;
  return excess > 0 ? -1 : 0;
}

int64_t moc_exact_cover(moc_exact_item *items, size_t count, int64_t excess, int sorted) {
  int64_t lo, hi;
  size_t crit = 0;
  return greedy(items, count, excess, sorted, &lo, &hi, &crit) < 0 ? -1 : hi;
}

int moc_exact_by_alone(const void *pa, const void *pb) {
  const moc_exact_step *a = pa, *b = pb;
  if (a->alone != b->alone) return (a->alone < b->alone) - (a->alone > b->alone);
  if (a->t != b->t) return (a->t > b->t) - (a->t < b->t);
  return (a->i > b->i) - (a->i < b->i);
}

/* The share of w_u the step keeps at critical ratio c / m. */
static int64_t share(int64_t left, int64_t size, int64_t c, int64_t m) {
  __int128 want = ((__int128)c * size + m - 1) / m;
  return want < left ? (int64_t)want : left;
}

int64_t moc_exact_split_bound(moc_exact *x) {
  moc_exact_sort_steps(x->steps, x->nsteps);
  x->rtick++;
  int64_t total = 0;
  size_t steps = x->nsteps < SPLIT_STEPS ? x->nsteps : SPLIT_STEPS;
  for (size_t k = 0; k < steps; k++) {
    moc_exact_item *items = x->pool + x->steps[k].first;
    size_t count = x->steps[k].count;
    int sorted = 1; /* the items come sorted by their full costs */
    for (size_t j = 0; j < count; j++) {
      uint32_t u = items[j].node;
      if (x->rstamp[u] != x->rtick) x->rem[u] = x->g->cost[u], x->rstamp[u] = x->rtick;
      sorted &= items[j].cost == x->rem[u];
      items[j].cost = x->rem[u];
    }
    int64_t lo, hi;
    size_t crit = 0;
    if (greedy(items, count, x->steps[k].excess, sorted, &lo, &hi, &crit) < 0) return -1;
    total += lo;
    int64_t c = items[crit].cost, m = items[crit].size;
    for (size_t j = 0; j < count; j++) x->rem[items[j].node] -= share(items[j].cost, items[j].size, c, m);
  }
  return total;
}
