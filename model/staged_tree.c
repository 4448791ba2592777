/* staged_tree.c — a max/add segment tree over stages, the memory profile of a
 * staged schedule (see staged.h).
 *
 * A perfect binary tree in an array (node 1 the root, children 2i and 2i+1,
 * leaf i at n + i, n a power of two; the padding leaves stay 0).  Tags are
 * never pushed down: max[i] already includes tag[i], so a query adds the
 * tags of the ancestors on its way down, and a range add tags the canonical
 * nodes bottom-up and recomputes their ancestors (the two boundary paths
 * once each, up to where they meet, then their common part once: a point
 * update, the most frequent, walks one path).  All operations are O(log n).
 * A batch of adds (one change of the staged state) may defer its pulls:
 * the flush then recomputes the union of their paths once.
 */
#include <stdlib.h>

#include "model/staged.h"

static int64_t max2(int64_t a, int64_t b) { return a > b ? a : b; }

int moc_seg_init(moc_seg *s, uint32_t n) {
  s->n = 1;
  while (s->n < n) s->n *= 2;
  s->log = NULL;
  s->npend = s->tick = 0;
  s->deferring = 0;
  s->cap = 2 * s->n;
  s->max = calloc(2 * (size_t)s->n, sizeof *s->max);
  s->tag = calloc(2 * (size_t)s->n, sizeof *s->tag);
  s->pend = malloc(s->cap * sizeof *s->pend);
  s->stamp = calloc(2 * (size_t)s->n, sizeof *s->stamp);
  if (!s->max || !s->tag || !s->pend || !s->stamp) {
    moc_seg_free(s);
    return -1;
  }
  return 0;
}

void moc_seg_free(moc_seg *s) {
  free(s->max);
  free(s->tag);
  free(s->pend);
  free(s->stamp);
  s->max = s->tag = NULL;
  s->pend = s->stamp = NULL;
}

void moc_seg_clear(moc_seg *s) {
  for (size_t i = 0; i < 2 * (size_t)s->n; i++) s->max[i] = s->tag[i] = 0;
}

static void pull_one(moc_seg *s, size_t i) {
  moc_wlog_put(s->log, &s->max[i], 8);
  s->max[i] = max2(s->max[2 * i], s->max[2 * i + 1]) + s->tag[i];
}

/* Recomputes the ancestors of leaves a <= b: both paths level by level until
 * they meet, then the common one, each node once. */
static void pull(moc_seg *s, size_t a, size_t b) {
  for (a >>= 1, b >>= 1; a != b; a >>= 1, b >>= 1) {
    pull_one(s, a);
    pull_one(s, b);
  }
  for (; a > 0; a >>= 1) pull_one(s, a);
}

/* Bottom-up: tag the canonical nodes of [lo, hi], then recompute the
 * ancestors of the two boundary leaves (every tagged node hangs off them). */
void moc_seg_add(moc_seg *s, uint32_t lo, uint32_t hi, int64_t delta) {
  if (lo > hi || delta == 0) return;
  size_t l = (size_t)lo + s->n, r = (size_t)hi + s->n + 1, first = l, last = r - 1;
  while (l < r) {
    if (l & 1) {
      moc_wlog_put(s->log, &s->max[l], 8);
      moc_wlog_put(s->log, &s->tag[l], 8);
      s->max[l] += delta;
      s->tag[l++] += delta;
    }
    if (r & 1) {
      --r;
      moc_wlog_put(s->log, &s->max[r], 8);
      moc_wlog_put(s->log, &s->tag[r], 8);
      s->max[r] += delta;
      s->tag[r] += delta;
    }
    l >>= 1;
    r >>= 1;
  }
  if (!s->deferring) {
    pull(s, first, last);
    return;
  }
  if (s->npend + 2 > s->cap) moc_seg_flush(s);
  s->pend[s->npend++] = (uint32_t)first;
  s->pend[s->npend++] = (uint32_t)last;
}

void moc_seg_defer(moc_seg *s) { s->deferring = 1; }

/* The pending leaves all sit at the bottom level, so going up one level
 * at a time recomputes every node after its children, each node once. */
void moc_seg_flush(moc_seg *s) {
  if (++s->tick == 0) {
    for (size_t i = 0; i < 2 * (size_t)s->n; i++) s->stamp[i] = 0;
    s->tick = 1;
  }
  uint32_t k = s->npend;
  while (k > 0) {
    uint32_t m = 0;
    for (uint32_t j = 0; j < k; j++) {
      uint32_t p = s->pend[j] >> 1;
      if (p == 0 || s->stamp[p] == s->tick) continue;
      s->stamp[p] = s->tick;
      pull_one(s, p);
      s->pend[m++] = p;
    }
    k = m;
  }
  s->npend = 0;
  s->deferring = 0;
}

static int64_t max_rec(const moc_seg *s, size_t i, uint32_t lo, uint32_t hi, uint32_t l,
                       uint32_t r) {
  if (l <= lo && hi <= r) return s->max[i];
  uint32_t mid = lo + (hi - lo) / 2;
  int64_t best = INT64_MIN;
  if (l <= mid) best = max_rec(s, 2 * i, lo, mid, l, r);
  if (r > mid) best = max2(best, max_rec(s, 2 * i + 1, mid + 1, hi, l, r));
  return best + s->tag[i];
}

int64_t moc_seg_max(const moc_seg *s, uint32_t lo, uint32_t hi) {
  if (lo > hi) return INT64_MIN;
  return max_rec(s, 1, 0, s->n - 1, lo, hi);
}

int64_t moc_seg_get(const moc_seg *s, uint32_t at) {
  size_t i = 1;
  uint32_t lo = 0, hi = s->n - 1;
  int64_t sum = 0;
  while (lo < hi) {
    sum += s->tag[i];
    uint32_t mid = lo + (hi - lo) / 2;
    if (at <= mid) {
      i = 2 * i;
      hi = mid;
    } else {
      i = 2 * i + 1;
      lo = mid + 1;
    }
  }
  return sum + s->max[i];
}

/* `above`: the sum of the tags of i's proper ancestors (limit is already
 * lowered by it). */
static uint32_t over_rec(const moc_seg *s, size_t i, uint32_t lo, uint32_t hi, int64_t limit,
                         int64_t above, uint32_t *idx, int64_t *val, uint32_t count) {
  if (s->max[i] <= limit) return count;
  if (lo == hi) {
    idx[count] = lo;
    val[count] = s->max[i] + above;
    return count + 1;
  }
  uint32_t mid = lo + (hi - lo) / 2;
  int64_t t = s->tag[i];
  count = over_rec(s, 2 * i, lo, mid, limit - t, above + t, idx, val, count);
  return over_rec(s, 2 * i + 1, mid + 1, hi, limit - t, above + t, idx, val, count);
}

uint32_t moc_seg_over(const moc_seg *s, int64_t limit, uint32_t *idx, int64_t *val) {
  return over_rec(s, 1, 0, s->n - 1, limit, 0, idx, val, 0);
}

static int64_t first_from_rec(const moc_seg *s, size_t i, uint32_t lo, uint32_t hi,
                              int64_t limit, uint32_t from) {
  if (hi < from || s->max[i] <= limit) return -1;
  if (lo == hi) return lo;
  uint32_t mid = lo + (hi - lo) / 2;
  int64_t left = first_from_rec(s, 2 * i, lo, mid, limit - s->tag[i], from);
  if (left >= 0) return left;
  return first_from_rec(s, 2 * i + 1, mid + 1, hi, limit - s->tag[i], from);
}

int64_t moc_seg_first_over_from(const moc_seg *s, int64_t limit, uint32_t from) {
  return first_from_rec(s, 1, 0, s->n - 1, limit, from);
}
