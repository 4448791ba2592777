/* construct.c — phase 1: evict and recompute at the first overflowing step.
 *
 * Walks the memory profile of a staged state from the left.  At the first
 * step j whose memory exceeds the budget, the copies that can be evicted
 * (construct_evict.c) are ranked by cost per byte; the first few that help
 * are tried exactly on the incremental state, alone and with their dead
 * inputs (each taken back by a rollback of its writes, staged_trial.c: a
 * removal would recompute what the add changed), and the trial with the
 * least cost per byte of overflow removed from the rest of j's stage
 * (without breaking an earlier step) is kept.
 * Every round adds at least one recomputation, so the walk ends after at
 * most n * (C - 1) rounds.
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

enum { EXACT_TRIES = 4, MAX_TRIED = 24, BLOCKED = 1000, CLOCK_EVERY = 16 };

typedef struct candidate {
  moc_evict e;
  double score;  /* estimated cost per byte (lower first) */
} candidate;

typedef struct walk {
  moc_staged *st;
  int64_t budget;
  int64_t *mem;      /* profile of the overflowing stage */
  candidate *cand;   /* candidates at the overflowing step */
  moc_evict *list;   /* the same, as found */
  uint32_t ncand;
  uint32_t stage, step;  /* the overflowing step */
  uint64_t key;
  uint32_t floor;    /* stages before it were given up on and are not checked */
  int rank_inputs;   /* rank candidates with the inputs they revive */
  moc_evict *bundle; /* what the current trial did */
  uint32_t nbundle;
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
  if (x->e.node != y->e.node) return x->e.node < y->e.node ? -1 : 1;
  return 0;
}

/* Inserts c into the MAX_TRIED best candidates so far (sorted). */
static void keep_best(walk *w, candidate c) {
  uint32_t k = w->ncand;
  if (k == MAX_TRIED) {
    if (by_score(&c, &w->cand[MAX_TRIED - 1]) >= 0) return;
    k--;
  } else {
    w->ncand++;
  }
  while (k > 0 && by_score(&c, &w->cand[k - 1]) < 0) {
    w->cand[k] = w->cand[k - 1];
    k--;
  }
  w->cand[k] = c;
}

/* The best MAX_TRIED candidates at the overflowing step, sorted by
 * estimated cost per byte (the node's and the dead inputs' it would revive;
 * far last when such an input has no copy left).  A candidate whose own
 * cost per byte already ranks it out is not priced further. */
static void collect(walk *w, double noise, uint64_t *rng) {
  const moc_graph *g = w->st->g;
  uint32_t found = moc_evict_candidates(w->st, w->stage, w->step, w->list);
  w->ncand = 0;
  for (uint32_t c = 0; c < found; c++) {
    uint32_t v = w->list[c].node;
    double factor = noise > 0 ? 1.0 + noise * (double)(rng_next(rng) >> 11) * 0x1p-53 : 1.0;
    double own = (double)(g->cost[v] + 1) / (double)g->size[v] * factor;
    candidate lower = {w->list[c], own};
    if (w->ncand == MAX_TRIED && by_score(&lower, &w->cand[MAX_TRIED - 1]) >= 0) continue;
    int blocked = 0;
    int64_t inputs = moc_evict_input_cost(w->st, w->list[c], w->key, &blocked);
    if (!w->rank_inputs) inputs = blocked = 0;
    double score = (double)(g->cost[v] + inputs + 1) / (double)g->size[v];
    if (blocked) score *= BLOCKED;
    keep_best(w, (candidate){w->list[c], score * factor});
  }
}

/* The overflow from the overflowing step to the end of its stage (the sum
 * over those steps of the bytes above the budget), or INT64_MAX when an
 * earlier step overflows. */
static int64_t overflow_area(walk *w) {
  moc_staged *st = w->st;
  if (w->stage > w->floor && moc_staged_range_peak(st, w->floor, w->stage - 1) > w->budget)
    return INT64_MAX;
  uint32_t steps = moc_staged_stage_profile(st, w->stage, w->mem);
  int64_t area = 0;
  for (uint32_t i = 0; i < steps; i++) {
    if (w->mem[i] <= w->budget) continue;
    if (i < w->step) return INT64_MAX;
    area += w->mem[i] - w->budget;
  }
  return area;
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
  for (uint32_t c = 0; c < w->ncand && c < MAX_TRIED && found < EXACT_TRIES; c++) {
    int helped = 0;
    for (uint32_t depth = 0; depth <= 1; depth++) {
      moc_staged_try(w->st);
      int rc = moc_evict_bundle(w->st, w->cand[c].e, w->key, (int)depth, w->bundle, &w->nbundle);
      int64_t after = rc >= 0 && w->nbundle ? overflow_area(w) : INT64_MAX;
      int64_t gain = before - after;
      double cost = (double)bundle_cost(w);
      w->nbundle = 0;
      if (moc_staged_rollback(w->st) != 0 || rc < 0) return -1;
      if (gain <= 0) continue;
      double ratio = cost / (double)gain;
      if (found + helped == 0 || ratio < best) {
        best = ratio;
        pick = c;
        pick_depth = depth;
      }
      helped = 1;
    }
    found += (uint32_t)helped;
  }
  if (found == 0) return 1;
  int rc = moc_evict_bundle(w->st, w->cand[pick].e, w->key, (int)pick_depth, w->bundle,
                            &w->nbundle);
  w->nbundle = 0;
  return rc < 0 ? -1 : 0;
}

/* Finds the first overflowing step; 0 when there is none. */
static int locate(walk *w) {
  moc_staged *st = w->st;
  int64_t t = moc_seg_first_over_from(&st->seg, w->budget, w->floor);
  if (t < 0) return 0;
  w->stage = (uint32_t)t;
  uint32_t steps = moc_staged_stage_profile(st, w->stage, w->mem);
  w->step = 0;
  while (w->step + 1 < steps && w->mem[w->step] <= w->budget) w->step++;
  w->key = moc_evict_key(st, w->stage, w->step);
  return 1;
}

int moc_heur_repair(moc_staged *st, int64_t budget, double noise, uint64_t *rng) {
  return moc_heur_repair_ranked(st, budget, noise, rng, 1);
}

int moc_heur_repair_ranked(moc_staged *st, int64_t budget, double noise, uint64_t *rng,
                           int rank_inputs) {
  return moc_heur_repair_until(st, budget, noise, rng, rank_inputs, 0, NULL);
}

static int out_of_time(double deadline, volatile int *stop) {
  if (stop && *stop) return 1;
  if (deadline <= 0) return 0;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 > deadline;
}

int moc_heur_repair_until(moc_staged *st, int64_t budget, double noise, uint64_t *rng,
                          int rank_inputs, double deadline, volatile int *stop) {
  walk w = {.st = st, .budget = budget, .rank_inputs = rank_inputs};
  w.mem = malloc(((size_t)st->n + 2) * sizeof *w.mem);
  w.cand = malloc(((size_t)st->n + 1) * sizeof *w.cand);
  w.list = malloc(((size_t)st->n + 1) * sizeof *w.list);
  w.bundle = malloc(((size_t)st->n + 1) * sizeof *w.bundle);
  int rc = (w.mem && w.cand && w.list && w.bundle) ? 0 : -1;
  int stuck = 0;
  for (uint32_t round = 1; rc == 0 && locate(&w); round++) {
    if (round % CLOCK_EVERY == 0 && out_of_time(deadline, stop)) {
      rc = 1;
      break;
    }
    collect(&w, noise, rng);
    rc = evict(&w);
    if (rc == 1) {
      /* give this stage up and walk on: the caller finishes the job */
      stuck = 1;
      w.floor = w.stage + 1;
      rc = w.floor < st->n ? 0 : 1;
    }
  }
  if (rc == 0 && stuck) rc = 1;
  free(w.mem);
  free(w.cand);
  free(w.list);
  free(w.bundle);
  return rc;
}
