/* local_search_weight.c — a stage-weighting local search over recomputation
 * sets, the diversifying partner of ruin and recreate.
 *
 * The state may overflow.  It is scored by cost + lambda * sum over the
 * overflowing stages of weight(t) * (peak(t) - B), lambda being the mean cost
 * per byte of the graph.  While the state overflows, a random overflowing
 * stage is picked and the best-scoring eviction there (alone or with its dead
 * inputs, construct_evict.c) is applied; while it fits, the recomputation
 * whose removal scores best is removed.  Each step adds 1 to the weight of
 * every stage still overflowing, so stages that stay hard pull harder, and a
 * node changed recently is tabu for a few steps.  This is the clause/row
 * weighting scheme of SAT and set-covering local search (e.g. Gao et al.,
 * "An efficient local search heuristic with row weighting for the unicost
 * set covering problem", EJOR 2015) with memory excess as the rows.
 */
#include <stdlib.h>

#include "model/staged.h"

/* TRIES shortlisted evictions are scored exactly; when none improves, at most
 * WIDE_TRIES more (every candidate on the paper's graphs, whose steps have
 * at most ~300 resident tensors; on 10,000-node graphs a step can have
 * thousands, and scoring them all made one step take seconds). */
enum { TABU_BASE = 5, TABU_SPREAD = 5, TRIES = 8, WIDE_TRIES = 512, REMOVE_TRIES = 64 };

struct moc_wls {
  moc_staged *st;
  int64_t budget;
  double lambda;       /* cost units per byte of excess */
  double *omega;       /* omega[t]: weight of stage t */
  uint32_t *over;      /* overflowing stages (scratch) */
  int64_t *over_val;   /* their peaks */
  uint32_t nover;
  uint64_t *tabu;      /* tabu[v]: step until which v is not changed */
  moc_evict *cand, *bundle;  /* evictions at the chosen step; what a trial did */
  moc_remat *list;
  uint32_t nbundle;
  int64_t *mem;
  double *key;         /* ranking keys (scratch) */
  uint64_t step;
  uint64_t rng;
};

static uint64_t next(moc_wls *w) {
  uint64_t x = w->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  w->rng = x;
  return x;
}

moc_wls *moc_wls_create(moc_staged *st, int64_t budget, uint64_t seed) {
  moc_wls *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  size_t n = st->n + 1, room = (size_t)st->n * st->copies + 1;
  w->st = st;
  w->budget = budget;
  w->rng = seed * 0x9E3779B97F4A7C15ull + 0xD1B54A32D192ED03ull;
  w->omega = malloc(n * sizeof *w->omega);
  w->over = malloc(n * sizeof *w->over);
  w->over_val = malloc(n * sizeof *w->over_val);
  w->tabu = calloc(n, sizeof *w->tabu);
  w->cand = malloc(n * sizeof *w->cand);
  w->bundle = malloc(n * sizeof *w->bundle);
  w->list = malloc(room * sizeof *w->list);
  w->mem = malloc((n + 1) * sizeof *w->mem);
  w->key = malloc(room * sizeof *w->key);
  if (!w->omega || !w->over || !w->over_val || !w->tabu || !w->cand || !w->bundle || !w->list ||
      !w->mem || !w->key) {
    moc_wls_free(w);
    return NULL;
  }
  double cost = 0, size = 0;
  for (uint32_t v = 0; v < st->n; v++) {
    cost += (double)st->g->cost[v];
    size += (double)st->g->size[v];
  }
  w->lambda = size > 0 ? cost / size : 1;
  for (uint32_t t = 0; t < st->n; t++) w->omega[t] = 1;
  return w;
}

void moc_wls_free(moc_wls *w) {
  if (!w) return;
  free(w->omega);
  free(w->over);
  free(w->over_val);
  free(w->tabu);
  free(w->cand);
  free(w->bundle);
  free(w->list);
  free(w->mem);
  free(w->key);
  free(w);
}

static double score(moc_wls *w) {
  w->nover = moc_seg_over(&w->st->seg, w->budget, w->over, w->over_val);
  double excess = 0;
  for (uint32_t i = 0; i < w->nover; i++)
    excess += w->omega[w->over[i]] * (double)(w->over_val[i] - w->budget);
  return (double)moc_staged_cost(w->st) + w->lambda * excess;
}

static void tabu(moc_wls *w, uint32_t v) {
  w->tabu[v] = w->step + TABU_BASE + next(w) % TABU_SPREAD;
}

/* The overflowing step of stage t with the highest memory. */
static uint32_t peak_step(moc_wls *w, uint32_t t) {
  uint32_t steps = moc_staged_stage_profile(w->st, t, w->mem), best = 0;
  for (uint32_t i = 1; i < steps; i++)
    if (w->mem[i] > w->mem[best]) best = i;
  return best;
}

/* Estimated score change of eviction e seen from stage `from` (until e.stage):
 * its cost, minus the weighted excess it would take off the overflowing
 * stages in between (at most its size at each). */
static double estimate(const moc_wls *w, moc_evict e, uint32_t from) {
  const moc_graph *g = w->st->g;
  uint32_t v = e.node, to = e.stage;
  double gain = 0;
  for (uint32_t i = 0; i < w->nover; i++) {
    uint32_t t = w->over[i];
    if (t < from) continue;
    if (t >= to) break;
    int64_t ex = w->over_val[i] - w->budget;
    gain += w->omega[t] * (double)(ex < g->size[v] ? ex : g->size[v]);
  }
  return (double)g->cost[v] - w->lambda * gain;
}

/* Moves the TRIES candidates of best estimate (with a little noise) to the
 * front; returns how many to try. */
static uint32_t shortlist(moc_wls *w, moc_evict *c, uint32_t n, uint32_t from) {
  uint32_t k = n < TRIES ? n : TRIES;
  for (uint32_t i = 0; i < n; i++) {
    double f = 1.0 + 0.1 * (double)(next(w) >> 11) * 0x1p-53;
    double e = estimate(w, c[i], from);
    w->key[i] = e < 0 ? e / f : e * f;
  }
  for (uint32_t i = 0; i < k; i++) {
    uint32_t m = i;
    for (uint32_t j = i + 1; j < n; j++)
      if (w->key[j] < w->key[m]) m = j;
    moc_evict tr = c[i];
    c[i] = c[m];
    c[m] = tr;
    double tk = w->key[i];
    w->key[i] = w->key[m];
    w->key[m] = tk;
  }
  return k;
}

typedef struct choice {
  double score;
  uint32_t cand, depth;
  int found;
} choice;

/* Scores candidates [from, to) exactly, alone and with their dead inputs
 * (each applied as a trial and rolled back, staged_trial.c). */
static int try_range(moc_wls *w, uint32_t from, uint32_t to, uint64_t key, choice *best) {
  moc_staged *st = w->st;
  for (uint32_t c = from; c < to; c++)
    for (uint32_t d = 0; d <= 1; d++) {
      moc_staged_try(st);
      int rc = moc_evict_bundle(st, w->cand[c], key, (int)d, w->bundle, &w->nbundle);
      double s = rc == 0 ? score(w) : 0;
      w->nbundle = 0;
      if (moc_staged_rollback(st) != 0 || rc < 0) return -1;
      if (rc > 0) continue;
      if (!best->found || s < best->score) *best = (choice){s, c, d, 1};
    }
  return 0;
}

/* Applies the best eviction at a random overflowing stage (the shortlist
 * first, up to WIDE_TRIES more when no shortlisted move improves); 1 when
 * none. */
static int evict_best(moc_wls *w, double now) {
  moc_staged *st = w->st;
  uint32_t t = w->over[next(w) % w->nover], step = peak_step(w, t);
  uint64_t key = moc_evict_key(st, t, step);
  uint32_t n = moc_evict_candidates(st, t, step, w->cand), k = 0;
  for (uint32_t c = 0; c < n; c++)
    if (w->tabu[w->cand[c].node] <= w->step) w->cand[k++] = w->cand[c];
  n = k;
  k = shortlist(w, w->cand, n, t);
  choice best = {0, 0, 0, 0};
  if (try_range(w, 0, k, key, &best) < 0) return -1;
  uint32_t wide = n - k < WIDE_TRIES ? n : k + WIDE_TRIES;
  if ((!best.found || best.score >= now) && try_range(w, k, wide, key, &best) < 0) return -1;
  if (!best.found) return 1;
  if (moc_evict_bundle(st, w->cand[best.cand], key, (int)best.depth, w->bundle, &w->nbundle) < 0)
    return -1;
  for (uint32_t i = 0; i < w->nbundle; i++) tabu(w, w->bundle[i].node);
  w->nbundle = 0;
  return 0;
}

/* Moves REMOVE_TRIES random recomputations to the front (all of them when
 * there are no more); returns how many to try. */
static size_t sample(moc_wls *w, moc_remat *r, size_t n) {
  if (n <= REMOVE_TRIES) return n;
  for (size_t i = 0; i < REMOVE_TRIES; i++) {
    size_t j = i + next(w) % (n - i);
    moc_remat tr = r[i];
    r[i] = r[j];
    r[j] = tr;
  }
  return REMOVE_TRIES;
}

/* Removes the recomputation whose removal scores best; 1 when none. */
static int remove_best(moc_wls *w) {
  moc_staged *st = w->st;
  size_t count = moc_staged_count(st);
  moc_staged_list(st, w->list);
  count = sample(w, w->list, count);
  double best = 0;
  size_t pick = count;
  for (size_t i = 0; i < count; i++) {
    moc_remat r = w->list[i];
    if (w->tabu[r.node] > w->step) continue;
    moc_staged_try(st);
    int rc = moc_staged_remove(st, r.node, r.stage);
    double s = score(w);
    if (moc_staged_rollback(st) != 0 || rc != 0) return -1;
    if (pick == count || s < best) {
      best = s;
      pick = i;
    }
  }
  if (pick == count) return 1;
  if (moc_staged_remove(st, w->list[pick].node, w->list[pick].stage) != 0) return -1;
  tabu(w, w->list[pick].node);
  return 0;
}

int moc_wls_step(moc_wls *w) {
  w->step++;
  double now = score(w);
  int rc = w->nover ? evict_best(w, now) : remove_best(w);
  if (rc < 0) return -1;
  score(w);
  for (uint32_t i = 0; i < w->nover; i++) w->omega[w->over[i]] += 1;
  return moc_staged_peak(w->st) <= w->budget;
}
