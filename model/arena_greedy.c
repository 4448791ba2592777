/* arena_greedy.c — the arena planner on bare intervals: offsets for buffers
 * that live over step ranges, no two buffers live at a common step sharing a
 * byte, the arena (the highest end) as small as we can make it cheaply.
 *
 * It follows TensorFlow Lite Micro's GreedyMemoryPlanner: take the buffers
 * in some order (TFLM: by size, largest first); put each at the lowest
 * aligned offset where it fits among the already placed buffers that overlap
 * it in time.  The placed buffers are kept in a list sorted by offset, so
 * finding the gap is one scan:
 *
 *     offset ^     +-----+            the new buffer [first, last] only
 *            |     |  c  |  +----+    collides with a and c (overlap in time);
 *            | +---+--+--+  | d  |    scanning a, c by offset, the first gap
 *            | |   a  |     +----+    of its size (aligned) above 0 wins.
 *            +-+------+-----------> step
 *
 * Then it improves on TFLM: other orders (longest lifetime first, largest
 * size * lifetime first, earliest first, and most crowded first: the largest
 * summed load over the buffer's lifetime, which places the buffers of the
 * peak region together and wins on schedules that stay near the budget),
 * each with first fit and best fit, then seeded local moves that bring a
 * buffer (often one touching the top of the arena) earlier in the best order.
 * The smallest arena wins, ties to the earlier candidate, and the moves use a
 * fixed seed, so the result is deterministic.  The
 * summed peak (rounded up to the alignment) is a lower bound: reaching it
 * stops the search.  Each greedy pass is O(count^2); the number of passes is
 * capped by a work budget so large schedules stay fast (beyond SMALL_COUNT
 * steps the budget may leave TFLM's order alone: 12,000 steps took 3.5 s).
 */
#include <stdlib.h>
#include <string.h>

#include "model/arena_internal.h"

#define WORK_BUDGET 4.0e7  /* scan steps for all the passes together */
#define MIN_PASSES 16     /* at least the initial orders and a few moves */
#define MAX_PASSES 400
#define SMALL_COUNT 2000  /* schedules up to this many steps get MIN_PASSES */

typedef struct planner {
  size_t count;
  const int64_t *bytes;
  const size_t *first, *last;
  int64_t alignment;
  int64_t lower_bound;  /* the summed peak, aligned: no arena is smaller */
  size_t *placed;       /* scratch: placed buffers by ascending offset */
  int64_t *offsets;     /* scratch: offsets of the current pass */
  int64_t *keys;        /* scratch: sort keys of the order being built */
  const int64_t *load;  /* load[j]: bytes resident at step j (summed) */
  size_t passes_left;   /* greedy passes the work budget still allows */
  bool best_fit;        /* placement rule: best fit, else first fit (TFLM) */
  uint64_t rng;         /* splitmix64 state of the local moves (fixed seed) */
} planner;

static int64_t align_up(int64_t x, int64_t a) {
  int64_t r = x % a;
  return r ? x + (a - r) : x;
}

static bool overlap(const planner *p, size_t a, size_t b) {
  return p->first[a] <= p->last[b] && p->first[b] <= p->last[a];
}

/* Where buffer b goes among the placed buffers (placed[0..n) by ascending
 * offset) that overlap it in time.  First fit (TFLM): the lowest aligned
 * offset with room.  Best fit: the smallest gap with room, else the top. */
static int64_t find_gap(const planner *p, size_t n, size_t b) {
  int64_t candidate = 0, best = -1, best_gap = INT64_MAX;
  for (size_t i = 0; i < n; i++) {
    size_t q = p->placed[i];
    if (!overlap(p, q, b) || p->bytes[q] == 0) continue;
    if (candidate + p->bytes[b] <= p->offsets[q]) {
      if (!p->best_fit) return candidate;
      if (p->offsets[q] - candidate < best_gap) {
        best_gap = p->offsets[q] - candidate;
        best = candidate;
      }
    }
    int64_t top = align_up(p->offsets[q] + p->bytes[q], p->alignment);
    if (top > candidate) candidate = top;
  }
  return best >= 0 ? best : candidate;
}

/* One greedy pass over `order`: fills p->offsets, returns the arena size. */
static int64_t greedy_pass(planner *p, const size_t *order) {
  int64_t arena = 0;
  for (size_t n = 0; n < p->count; n++) {
    size_t b = order[n];
    int64_t at = p->bytes[b] == 0 ? 0 : find_gap(p, n, b);
    p->offsets[b] = at;
    size_t i = n;
    while (i > 0 && p->offsets[p->placed[i - 1]] > at) {
      p->placed[i] = p->placed[i - 1];
      i--;
    }
    p->placed[i] = b;
    if (at + p->bytes[b] > arena) arena = at + p->bytes[b];
  }
  if (p->passes_left > 0) p->passes_left--;
  return align_up(arena, p->alignment);
}

/* ---- orders ---- */

typedef enum ordering { BY_SIZE, BY_LIFETIME, BY_AREA, BY_START, BY_CROWD, ORDERINGS } ordering;

static const char *const ORDERING_NAMES[ORDERINGS] = {"size", "lifetime", "area", "start", "crowd"};

/* Descending key, then ascending first step, then ascending index. */
static void sort_by_keys(const planner *p, size_t *order) {
  for (size_t i = 1; i < p->count; i++) {
    size_t b = order[i], j = i;
    while (j > 0) {
      size_t a = order[j - 1];
      bool before = p->keys[a] > p->keys[b] ||
                    (p->keys[a] == p->keys[b] && (p->first[a] < p->first[b] ||
                                                  (p->first[a] == p->first[b] && a < b)));
      if (before) break;
      order[j] = a;
      j--;
    }
    order[j] = b;
  }
}

/* Area keys can overflow: they saturate (an order is only a heuristic). */
static void build_order(planner *p, ordering o, size_t *order) {
  for (size_t i = 0; i < p->count; i++) {
    int64_t len = (int64_t)(p->last[i] - p->first[i] + 1);
    int64_t key = p->bytes[i];
    if (o == BY_LIFETIME) key = len;
    if (o == BY_AREA && __builtin_mul_overflow(p->bytes[i], len, &key)) key = INT64_MAX;
    if (o == BY_START) key = -(int64_t)p->first[i];
    if (o == BY_CROWD) {
      key = 0;
      for (size_t j = p->first[i]; j <= p->last[i]; j++) key = p->load[j] > key ? p->load[j] : key;
    }
    p->keys[i] = key;
    order[i] = i;
  }
  sort_by_keys(p, order);
}

/* ---- local moves ---- */

static uint32_t below(planner *p, size_t bound) {
  uint64_t z = (p->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return (uint32_t)((z ^ (z >> 31)) % bound);
}

/* A position (> 0) of `order` to move earlier: half the time a buffer that
 * touches the top of the arena (the one that makes it this large), else any. */
static size_t pick_position(planner *p, const size_t *order, const int64_t *offsets, int64_t size) {
  if (below(p, 2) == 0) return 1 + below(p, p->count - 1);
  size_t chosen = 0, seen = 0;
  for (size_t pos = 1; pos < p->count; pos++) {
    size_t b = order[pos];
    if (align_up(offsets[b] + p->bytes[b], p->alignment) < size) continue;
    if (below(p, ++seen) == 0) chosen = pos;
  }
  return chosen ? chosen : 1 + below(p, p->count - 1);
}

/* Local search on the placement order from `best` (arena *size, offsets in
 * `out`): move one buffer to a random earlier position, keep the move when
 * the arena does not grow (plateaus are walked), remember the smallest.  It
 * stops at the lower bound or when the pass budget is spent. */
static void local_search(planner *p, size_t *best, int64_t *out, int64_t *size, size_t *cur,
                         size_t *trial, int64_t *cur_offsets) {
  int64_t cur_size = *size;
  memcpy(cur, best, p->count * sizeof *cur);
  memcpy(cur_offsets, out, p->count * sizeof *cur_offsets);
  while (p->count > 1 && p->passes_left > 0 && *size > p->lower_bound) {
    size_t from = pick_position(p, cur, cur_offsets, cur_size), to = below(p, from);
    memcpy(trial, cur, p->count * sizeof *trial);
    size_t b = trial[from];
    memmove(trial + to + 1, trial + to, (from - to) * sizeof *trial);
    trial[to] = b;
    int64_t arena = greedy_pass(p, trial);
    if (arena > cur_size) continue;
    cur_size = arena;
    memcpy(cur, trial, p->count * sizeof *cur);
    memcpy(cur_offsets, p->offsets, p->count * sizeof *cur_offsets);
    if (arena < *size) {
      *size = arena;
      memcpy(best, trial, p->count * sizeof *best);
      memcpy(out, p->offsets, p->count * sizeof *out);
    }
  }
}

/* ---- the search ---- */

/* The summed peak of the intervals, each size aligned: a lower bound. */
static int64_t peak_bound(const planner *p, int64_t *delta, size_t steps) {
  memset(delta, 0, (steps + 1) * sizeof *delta);
  for (size_t i = 0; i < p->count; i++) {
    delta[p->first[i]] += p->bytes[i];
    delta[p->last[i] + 1] -= p->bytes[i];
  }
  int64_t level = 0, peak = 0;
  for (size_t j = 0; j < steps; j++) {
    level += delta[j];
    delta[j] = level;
    if (level > peak) peak = level;
  }
  return align_up(peak, p->alignment);
}

static moc_error check_intervals(size_t count, const int64_t *bytes, const size_t *first,
                                 const size_t *last, int64_t alignment, size_t *steps) {
  int64_t total = 0;
  *steps = 0;
  if (alignment < 1 || alignment > ((int64_t)1 << 40)) return MOC_ERR_ARGUMENT;
  for (size_t i = 0; i < count; i++) {
    if (bytes[i] < 0 || first[i] > last[i] || last[i] >= SIZE_MAX / 2) return MOC_ERR_ARGUMENT;
    if (__builtin_add_overflow(total, bytes[i], &total) ||
        __builtin_add_overflow(total, alignment, &total))
      return MOC_ERR_OVERFLOW;
    if (last[i] + 1 > *steps) *steps = last[i] + 1;
  }
  return MOC_OK;
}

/* Scratch of one search: orders and offsets, count entries each. */
typedef struct scratch {
  size_t *best, *trial, *cur;
  int64_t *cur_offsets, *delta;
} scratch;

/* Tries every order under both placement rules, then local moves on the
 * winner's order with the winner's rule; the result goes to `out`. */
static void search(planner *p, scratch *w, int64_t *out, moc_arena_outcome *oc) {
  static const char *const FIT_NAMES[ORDERINGS] = {"size/best-fit", "lifetime/best-fit", "area/best-fit",
                                                   "start/best-fit", "crowd/best-fit"};
  bool winner_best_fit = false;
  oc->size = INT64_MAX;
  for (int rule = 0; rule < 2; rule++)
    for (int o = 0; o < ORDERINGS; o++) {
      if (p->passes_left == 0 && oc->size < INT64_MAX) break; /* large: TFLM's order alone */
      p->best_fit = rule == 1;
      build_order(p, (ordering)o, w->trial);
      int64_t arena = greedy_pass(p, w->trial);
      if (rule == 0 && o == BY_SIZE) oc->greedy_size = arena;
      if (arena >= oc->size) continue;
      oc->size = arena;
      oc->ordering = rule ? FIT_NAMES[o] : ORDERING_NAMES[o];
      winner_best_fit = p->best_fit;
      memcpy(w->best, w->trial, p->count * sizeof *w->best);
      memcpy(out, p->offsets, p->count * sizeof *out);
      if (oc->size <= p->lower_bound) return;
    }
  p->best_fit = winner_best_fit;
  int64_t before = oc->size;
  local_search(p, w->best, out, &oc->size, w->cur, w->trial, w->cur_offsets);
  if (oc->size < before) oc->ordering = "local";
}

static void release(scratch *w, planner *p) {
  free(w->best);
  free(w->trial);
  free(w->cur);
  free(w->cur_offsets);
  free(w->delta);
  free(p->placed);
  free(p->offsets);
  free(p->keys);
}

moc_error moc_arena_search(size_t count, const int64_t *bytes, const size_t *first, const size_t *last,
                           int64_t alignment, int64_t *offsets, moc_arena_outcome *outcome) {
  size_t steps = 0;
  moc_error err = check_intervals(count, bytes, first, last, alignment, &steps);
  if (err != MOC_OK) return err;
  planner p = {.count = count, .bytes = bytes, .first = first, .last = last, .alignment = alignment, .rng = 0x5eed};
  scratch w;
  size_t cells = count + 1;
  w.best = malloc(cells * sizeof *w.best);
  w.trial = malloc(cells * sizeof *w.trial);
  w.cur = malloc(cells * sizeof *w.cur);
  w.cur_offsets = malloc(cells * sizeof *w.cur_offsets);
  w.delta = malloc((steps + 1) * sizeof *w.delta);
  p.placed = malloc(cells * sizeof *p.placed);
  p.offsets = malloc(cells * sizeof *p.offsets);
  p.keys = malloc(cells * sizeof *p.keys);
  if (!w.best || !w.trial || !w.cur || !w.cur_offsets || !w.delta || !p.placed || !p.offsets || !p.keys) {
    release(&w, &p);
    return MOC_ERR_NOMEM;
  }
  double passes = WORK_BUDGET / ((double)count * (double)count + 1.0);
  /* small schedules get MIN_PASSES whatever the budget; a large one (each
   * pass O(count^2)) as many as the budget allows, at least one */
  if (count <= SMALL_COUNT && passes < MIN_PASSES) passes = MIN_PASSES;
  p.passes_left = passes < 1 ? 1 : passes > MAX_PASSES ? MAX_PASSES : (size_t)passes;
  p.lower_bound = peak_bound(&p, w.delta, steps);
  p.load = w.delta;
  search(&p, &w, offsets, outcome);
  outcome->lower_bound = p.lower_bound;
  release(&w, &p);
  return MOC_OK;
}

moc_error moc_arena_plan_intervals(size_t count, const int64_t *bytes, const size_t *first,
                                   const size_t *last, int64_t alignment, int64_t *offsets,
                                   int64_t *size, int64_t *greedy_size) {
  if ((count > 0 && (!bytes || !first || !last || !offsets)) || !size) return MOC_ERR_ARGUMENT;
  if (alignment == 0) alignment = MOC_ARENA_DEFAULT_ALIGNMENT;
  moc_arena_outcome outcome;
  moc_error err = moc_arena_search(count, bytes, first, last, alignment, offsets, &outcome);
  if (err != MOC_OK) return err;
  *size = outcome.size;
  if (greedy_size) *greedy_size = outcome.greedy_size;
  return MOC_OK;
}
