/* cumulative_profile.c — the sparse segment tree of cumulative_profile.h.
 *
 * Range add without lazy propagation: a node's addend applies to its whole
 * range and stays there; max and min are kept bottom-up (node = add +
 * max/min of its children, the null node standing for a zero child).  A
 * node left with a zero addend and no children goes back to the free list,
 * which is what bounds the memory by the ranges alive, not by history.
 * Searches descend with the sum of the ancestors' addends and prune every
 * subtree whose max (or min) rules it out.
 */
#include "propagators/cumulative_profile.h"

#include <assert.h>

static int depth_of(int64_t size) {
  int d = 0;
  while ((INT64_C(1) << d) < size) d++;
  return d;
}

/* Live nodes at depth l: path nodes of range ends (2 per range, 1 per unit)
 * and the canonical children hanging off them (2 per range), and never more
 * than 2^l.  Summed over the levels, with room for two ranges in motion. */
static uint64_t node_bound(int depth, uint64_t ranges, uint64_t units) {
  uint64_t per_level = 4 * (ranges + 2) + units, total = 2;
  for (int l = 0; l <= depth; l++) {
    uint64_t level = l < 63 ? UINT64_C(1) << l : UINT64_MAX;
    total += level < per_level ? level : per_level;
  }
  return total;
}

int moc_profile_init(moc_profile *pr, moc_engine *e, int64_t horizon, uint32_t ranges,
                     uint32_t units) {
  pr->size = 1;
  while (pr->size < horizon) {
    if (pr->size > INT64_MAX / 4) return -1;
    pr->size *= 2;
  }
  uint64_t want = node_bound(depth_of(pr->size), ranges, units);
  if (want > UINT32_MAX) return -1;
  pr->capacity = (uint32_t)want;
  pr->node = moc_engine_alloc(e, (size_t)want * sizeof *pr->node);
  if (!pr->node) return -1;
  moc_profile_clear(pr);
  return 0;
}

void moc_profile_clear(moc_profile *pr) {
  pr->fresh = 1;
  pr->free_list = 0;
  pr->root = 0;
  pr->exhausted = false;
}

static uint32_t new_node(moc_profile *pr) {
  uint32_t x = pr->free_list;
  if (x) {
    pr->free_list = pr->node[x].kid[0];
  } else if (pr->fresh < pr->capacity) {
    x = pr->fresh++;
  } else {
    pr->exhausted = true;
    return 0;
  }
  moc_profile_node zero = {0, 0, 0, {0, 0}};
  pr->node[x] = zero;
  return x;
}

static void pull(moc_profile *pr, uint32_t x) {
  moc_profile_node *nd = &pr->node[x];
  const moc_profile_node *l = &pr->node[nd->kid[0]], *r = &pr->node[nd->kid[1]];
  nd->max = nd->add + (l->max > r->max ? l->max : r->max);
  nd->min = nd->add + (l->min < r->min ? l->min : r->min);
}

static uint32_t update(moc_profile *pr, uint32_t x, int64_t lo, int64_t hi, int64_t a, int64_t b,
                       int64_t delta) {
  if (b <= lo || hi <= a) return x;
  if (!x) x = new_node(pr);
  if (!x) return 0;
  if (a <= lo && hi <= b) {
    pr->node[x].add += delta;
    pull(pr, x);
  } else {
    int64_t mid = lo + (hi - lo) / 2;
    uint32_t l = update(pr, pr->node[x].kid[0], lo, mid, a, b, delta);
    uint32_t r = update(pr, pr->node[x].kid[1], mid, hi, a, b, delta);
    pr->node[x].kid[0] = l;
    pr->node[x].kid[1] = r;
    pull(pr, x);
  }
  moc_profile_node *nd = &pr->node[x];
  if (nd->add != 0 || nd->kid[0] || nd->kid[1]) return x;
  nd->kid[0] = pr->free_list;
  pr->free_list = x;
  return 0;
}

void moc_profile_add(moc_profile *pr, int64_t a, int64_t b, int64_t delta) {
  if (a < 0) a = 0;
  if (b > pr->size) b = pr->size;
  if (a >= b || delta == 0) return;
  pr->root = update(pr, pr->root, 0, pr->size, a, b, delta);
}

int64_t moc_profile_max(const moc_profile *pr) {
  return pr->node[pr->root].max > 0 ? pr->node[pr->root].max : 0;
}

int64_t moc_profile_value(const moc_profile *pr, int64_t tau) {
  if (tau < 0 || tau >= pr->size) return 0;
  int64_t lo = 0, hi = pr->size, sum = 0;
  for (uint32_t x = pr->root; x; ) {
    sum += pr->node[x].add;
    int64_t mid = lo + (hi - lo) / 2;
    int side = tau >= mid;
    if (side) lo = mid; else hi = mid;
    x = pr->node[x].kid[side];
  }
  return sum;
}

/* One search: the extreme event of [lo, hi) inside node x (range [nlo, nhi),
 * ancestors' addends summing to acc) that satisfies the threshold test;
 * `last` picks the rightmost.  Returns whether one was found, in *at. */
typedef struct search {
  const moc_profile *pr;
  int64_t lo, hi, thr;
  bool above, last;
} search;

static bool ruled_out(const search *s, const moc_profile_node *nd, int64_t acc) {
  return s->above ? acc + nd->max <= s->thr : acc + nd->min > s->thr;
}

static bool descend(const search *s, uint32_t x, int64_t nlo, int64_t nhi, int64_t acc,
                    int64_t *at) {
  if (s->hi <= nlo || nhi <= s->lo) return false;
  const moc_profile_node *nd = &s->pr->node[x];
  if (ruled_out(s, nd, acc)) return false;
  if (!nd->kid[0] && !nd->kid[1]) {  /* constant on its range: every event qualifies */
    *at = s->last ? (nhi < s->hi ? nhi : s->hi) - 1 : (nlo > s->lo ? nlo : s->lo);
    return true;
  }
  int64_t mid = nlo + (nhi - nlo) / 2;
  acc += nd->add;
  if (s->last)
    return descend(s, nd->kid[1], mid, nhi, acc, at) || descend(s, nd->kid[0], nlo, mid, acc, at);
  return descend(s, nd->kid[0], nlo, mid, acc, at) || descend(s, nd->kid[1], mid, nhi, acc, at);
}

/* Outside [0, size) the value is 0 <= thr: only "at most" searches hit it. */
int64_t moc_profile_first(const moc_profile *pr, int64_t lo, int64_t hi, int64_t thr, bool above) {
  assert(thr >= 0);
  if (lo >= hi) return hi;
  if (!above && lo < 0) return lo;
  search s = {pr, lo, hi < pr->size ? hi : pr->size, thr, above, false};
  int64_t at;
  if (descend(&s, pr->root, 0, pr->size, 0, &at)) return at;
  if (!above && hi > pr->size) return lo > pr->size ? lo : pr->size;
  return hi;
}

int64_t moc_profile_last(const moc_profile *pr, int64_t lo, int64_t hi, int64_t thr, bool above) {
  assert(thr >= 0);
  if (lo >= hi) return lo - 1;
  if (!above && hi > pr->size) return hi - 1;
  search s = {pr, lo > 0 ? lo : 0, hi, thr, above, true};
  int64_t at;
  if (descend(&s, pr->root, 0, pr->size, 0, &at)) return at;
  if (!above && lo < 0) return hi < 0 ? hi - 1 : -1;
  return lo - 1;
}

uint32_t moc_profile_nodes_used(const moc_profile *pr) {
  uint32_t freed = 0;
  for (uint32_t x = pr->free_list; x; x = pr->node[x].kid[0]) freed++;
  return pr->fresh - 1 - freed;
}
