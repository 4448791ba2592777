/* exact_whole.c — the 0-1 covering bound of one overflowing step of the
 * exact search (exact.h), with the inputs of the recomputations.
 *
 * The fractional cover (exact_bound.c) lets a tensor leave a step in part,
 * and exact_inputs.c can charge an input only to the one item that needs it.
 * Here the step is covered by whole items, and every input v that a chosen
 * item's recomputation must read while v is dead at the step (its copy ended
 * before the step, exact_inputs.c) is accounted for once, however many
 * chosen items share it: either v is recomputed after the step (w_v, when v
 * has a copy left) or its old copy stays resident through the step (m_v more
 * to cover).  Any schedule of the subtree picks, at the step, a set S of
 * tensors that leave it and for each dead input of S one of these two ways;
 * its cost is at least the least cost of such a choice whose relief covers
 * the excess, which the branch-and-bound below finds (items in ascending cost
 * per byte, take before leave; a taken item's new dead inputs are decided at
 * once).  It is pruned by the fractional cover of the rest, which ignores
 * the inputs of items not yet taken (so it never exceeds their true cost).
 * It looks only for covers cheaper than the goal (x->goal, the cost that
 * cuts the node): the answer is then min(least cover, goal).  The same
 * search with the first items excluded and the next one taken prices a
 * candidate of the branching step (exact_node.c).  It gives up after a fixed
 * number of nodes: the caller's bound then stands.
 */
#include "model/exact.h"

/* Nodes of the search before it gives up. */
#define WHOLE_NODES 2048
/* Dead inputs of one item decided one by one; beyond, they count as free
 * (a weaker but valid bound). */
#define WHOLE_INPUTS 6

typedef struct whole {
  moc_exact *x;
  const moc_exact_item *items;
  const uint32_t *dfirst;  /* dead inputs of items[j]: x->wdead[dfirst[j] .. dfirst[j + 1]) */
  size_t count;
  int64_t best;
  uint32_t nodes, top;
} whole;

/* ceil(c * need / size) without 128-bit division when the product fits. */
static int64_t part_cost(int64_t c, int64_t need, int64_t size) {
  int64_t prod;
  if (!__builtin_mul_overflow(c, need, &prod)) return prod / size + (prod % size != 0);
  __int128 part = (__int128)c * need;
  return (int64_t)(part / size) + ((part % size) != 0);
}

/* Fractional cover of `need` by items[j..) at their compute costs, rounded
 * up; INT64_MAX when they cannot cover. */
static int64_t rest_cover(const whole *k, size_t j, int64_t need) {
  int64_t cost = 0;
  for (; j < k->count; j++) {
    const moc_exact_item *it = &k->items[j];
    if (it->size >= need) return cost + part_cost(it->cost, need, it->size);
    cost += it->cost;
    need -= it->size;
  }
  return INT64_MAX;
}

static void search(whole *k, size_t j, int64_t need, int64_t cost);

/* Decides the new dead inputs kstack[i..end) one by one, then goes on with
 * item j. */
static void decide(whole *k, uint32_t i, uint32_t end, size_t j, int64_t need, int64_t cost) {
  if (i == end) {
    search(k, j, need, cost);
    return;
  }
  const moc_graph *g = k->x->g;
  uint32_t v = k->x->kstack[i];
  if (k->x->st->nc[v] < k->x->copies) decide(k, i + 1, end, j, need, cost + g->cost[v]);
  decide(k, i + 1, end, j, need + g->size[v], cost);
}

/* Takes items[j]: pushes its dead inputs not yet taken in. */
static void take(whole *k, size_t j, int64_t need, int64_t cost) {
  moc_exact *x = k->x;
  const moc_exact_item *it = &k->items[j];
  uint32_t first = k->top, end = first;
  for (uint32_t d = k->dfirst[j]; d < k->dfirst[j + 1] && end - first < WHOLE_INPUTS; d++) {
    uint32_t v = x->wdead[d];
    if (x->kmark[v]) continue;
    x->kmark[v] = 1;
    x->kstack[end++] = v;
  }
  k->top = end;
  decide(k, first, end, j + 1, need - it->size, cost + it->cost);
  for (uint32_t d = first; d < end; d++) x->kmark[x->kstack[d]] = 0;
  k->top = first;
}

static void search(whole *k, size_t j, int64_t need, int64_t cost) {
  if (need <= 0) {
    if (cost < k->best) k->best = cost;
    return;
  }
  if (k->nodes == 0) return;
  k->nodes--;
  int64_t rest = rest_cover(k, j, need);
  if (rest == INT64_MAX || cost + rest >= k->best) return;
  take(k, j, need, cost);
  search(k, j + 1, need, cost);
}

int64_t moc_exact_cover_from(moc_exact *x, const moc_exact_step *s, size_t first, int forced,
                             int64_t fallback) {
  if (first >= s->wcount) return forced ? fallback : x->goal;
  whole k = {x, x->wpool + s->wfirst + first, x->wdfirst + s->wfirst + first, s->wcount - first,
             x->goal, WHOLE_NODES, 0};
  if (forced)
    take(&k, 0, s->excess, 0);
  else
    search(&k, 0, s->excess, 0);
  return k.nodes == 0 ? fallback : k.best;
}
