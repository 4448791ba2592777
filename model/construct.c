/* construct.c — phase 1: evict and recompute at the first overflowing step.
 *
 * Walks the memory profile of a staged state from the left.  At the first
 * step j whose memory exceeds the budget, every copy resident at j that step
 * j neither computes nor reads is a candidate for eviction: recomputing it in
 * the stage of its next reader ends the old copy at its last read before j.
 * The recomputation reads the node's own inputs, which may then live longer,
 * so candidates are ranked by cost per byte, the best few are tried exactly
 * on the incremental state, and the one with the least cost per byte of
 * overflow removed from the rest of j's stage (without breaking an earlier
 * step) is kept.  Every round adds
 * one recomputation, so the walk ends after at most n * (C - 1) rounds.
 */
#include <stdlib.h>

#include "model/staged.h"

enum { EXACT_TRIES = 4 };

typedef struct candidate {
  uint32_t node, stage;
  double score;  /* estimated cost per byte (lower first) */
} candidate;

typedef struct walk {
  moc_staged *st;
  int64_t budget;
  int64_t *mem;      /* profile of the overflowing stage */
  candidate *cand;   /* candidates at the overflowing step */
  uint32_t ncand;
  uint32_t stage, step;  /* the overflowing step */
  uint64_t key;
  moc_remat *bundle; /* recomputations added by the current trial */
  uint32_t nbundle;
  uint32_t depth;    /* 0: v alone; 1: with its inputs dead at the step */
} walk;

static uint64_t rng_next(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

static int by_score(const void *a, const void *b) {
  const candidate *x = a, *y = b;
  if (x->score != y->score) return x->score < y->score ? -1 : 1;
  if (x->node != y->node) return x->node < y->node ? -1 : 1;
  return 0;
}

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

/* The candidates at the overflowing step, sorted by estimated score. */
static void collect(walk *w, double noise, uint64_t *rng) {
  moc_staged *st = w->st;
  const moc_graph *g = st->g;
  uint32_t at = w->step < st->sl_len[w->stage] ? st->sl[w->stage][w->step] : g->order[w->stage];
  w->ncand = 0;
  for (uint32_t k = 0; k <= w->stage; k++) {
    uint32_t v = g->order[k];
    size_t base = (size_t)v * st->copies;
    if (st->nc[v] >= st->copies || g->size[v] <= 0 || reads(g, at, v)) continue;
    uint32_t i = moc_staged_copy_at(st, v, w->stage);
    uint64_t start = moc_staged_key(st, st->cs[base + i], k);
    if (start >= w->key || st->ce[base + i] <= w->key) continue;
    uint32_t t = next_reader(st, v, i, w->key);
    if (t == UINT32_MAX || moc_staged_key(st, t, k) <= w->key) continue;
    double score = (double)g->cost[v] / (double)g->size[v];
    if (noise > 0) score *= 1.0 + noise * (double)(rng_next(rng) >> 11) * 0x1p-53;
    w->cand[w->ncand++] = (candidate){v, t, score};
  }
  qsort(w->cand, w->ncand, sizeof *w->cand, by_score);
}

/* The overflow from the overflowing step to the end of its stage (the sum
 * over those steps of the bytes above the budget), or INT64_MAX when an
 * earlier step overflows. */
static int64_t overflow_area(walk *w) {
  moc_staged *st = w->st;
  if (w->stage > 0 && moc_staged_range_peak(st, 0, w->stage - 1) > w->budget) return INT64_MAX;
  uint32_t steps = moc_staged_stage_profile(st, w->stage, w->mem);
  int64_t area = 0;
  for (uint32_t i = 0; i < steps; i++) {
    if (w->mem[i] <= w->budget) continue;
    if (i < w->step) return INT64_MAX;
    area += w->mem[i] - w->budget;
  }
  return area;
}

/* Adds (v, t) and, recursively, (u, t) for every input u of v whose copy
 * was dead at the overflowing step: keeping u alive until stage t would put
 * it back at that step.  The additions are pushed on w->bundle. */
static int add_bundle(walk *w, uint32_t v, uint32_t t, uint32_t depth) {
  moc_staged *st = w->st;
  const moc_graph *g = st->g;
  int rc = moc_staged_add(st, v, t);
  if (rc != 0) return rc;
  w->bundle[w->nbundle++] = (moc_remat){v, t};
  uint64_t read = moc_staged_key(st, t, g->position[v]);
  for (uint32_t e = g->pred_start[v]; e < g->pred_start[v + 1]; e++) {
    uint32_t u = g->pred[e];
    size_t at = (size_t)u * st->copies + moc_staged_copy_at(st, u, t);
    if (st->cs[at] == t || st->ce[at] != read) continue;
    /* v is now the last reader of u's copy: was it dead at the step? */
    if (depth > 0 || w->depth == 0) continue;
    if (second_last_reader(st, u, at, read) >= w->key) continue;
    if (add_bundle(w, u, t, depth + 1) < 0) return -1;
  }
  return 0;
}

static void undo_bundle(walk *w) {
  while (w->nbundle > 0) {
    moc_remat r = w->bundle[--w->nbundle];
    moc_staged_remove(w->st, r.node, r.stage);
  }
}

static int64_t bundle_cost(const walk *w) {
  int64_t sum = 0;
  for (uint32_t i = 0; i < w->nbundle; i++) sum += w->st->g->cost[w->bundle[i].node];
  return sum;
}

/* Tries the candidates in order; applies the best of the first few that
 * lower the memory at the step.  Returns 0, 1 when none helps, -1 no memory. */
static int evict(walk *w) {
  int64_t before = overflow_area(w);
  double best = 0;
  uint32_t found = 0, pick = 0, pick_depth = 0;
  for (uint32_t c = 0; c < w->ncand && found < EXACT_TRIES; c++) {
    int helped = 0;
    for (w->depth = 0; w->depth <= 1; w->depth++) {
      int rc = add_bundle(w, w->cand[c].node, w->cand[c].stage, 0);
      if (rc < 0) return -1;
      int64_t after = w->nbundle ? overflow_area(w) : INT64_MAX;
      int64_t gain = before - after;
      double cost = (double)bundle_cost(w);
      undo_bundle(w);
      if (gain <= 0) continue;
      double ratio = cost / (double)gain;
      if (found + helped == 0 || ratio < best) {
        best = ratio;
        pick = c;
        pick_depth = w->depth;
      }
      helped = 1;
    }
    found += (uint32_t)helped;
  }
  if (found == 0) return 1;
  w->depth = pick_depth;
  int rc = add_bundle(w, w->cand[pick].node, w->cand[pick].stage, 0);
  w->nbundle = 0;
  return rc < 0 ? -1 : 0;
}

/* Finds the first overflowing step; 0 when there is none. */
static int locate(walk *w) {
  moc_staged *st = w->st;
  int64_t t = moc_staged_first_over(st, w->budget);
  if (t < 0) return 0;
  w->stage = (uint32_t)t;
  uint32_t steps = moc_staged_stage_profile(st, w->stage, w->mem);
  w->step = 0;
  while (w->step + 1 < steps && w->mem[w->step] <= w->budget) w->step++;
  uint32_t x = w->step < st->sl_len[w->stage] ? st->sl[w->stage][w->step]
                                              : st->g->order[w->stage];
  w->key = moc_staged_key(st, w->stage, st->g->position[x]);
  return 1;
}

int moc_heur_repair(moc_staged *st, int64_t budget, double noise, uint64_t *rng) {
  walk w = {.st = st, .budget = budget};
  w.mem = malloc(((size_t)st->n + 2) * sizeof *w.mem);
  w.cand = malloc(((size_t)st->n + 1) * sizeof *w.cand);
  w.bundle = malloc(((size_t)st->n + 1) * sizeof *w.bundle);
  int rc = (w.mem && w.cand && w.bundle) ? 0 : -1;
  while (rc == 0 && locate(&w)) {
    collect(&w, noise, rng);
    rc = evict(&w);
  }
  free(w.mem);
  free(w.cand);
  free(w.bundle);
  return rc;
}
