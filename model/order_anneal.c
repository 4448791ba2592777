/* order_anneal.c — simulated annealing over topological orders (order.h).
 *
 * A move takes a random node v at step t and puts it at another step p of
 * its precedence window, the steps after its last input and before its first
 * reader; the nodes in between shift by one:
 *
 *     lo = 1 + max position of v's inputs      hi = min position of v's readers - 1
 *     . . . [ lo . . . t . . . p . . . hi ] . . .        v: t -> p
 *
 * so every move keeps the order topological.  The score is the overflow
 * area above the target, updated over the steps the move touches only
 * (order_delta.c);
 * a worse score is accepted with probability exp(-delta / T), the
 * temperature falling geometrically from a sampled start over the run (as in
 * FastSA, Imanishi et al. 2023, which anneals orders the same way).  The
 * schedule of the temperature counts moves, not seconds, whenever a move
 * budget is given: the time limit is then a cutoff only.  With no
 * target (hunting the least peak) the target follows the best peak down, a
 * little below it, so that the area counts the steps that make the peak.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/order.h"

enum { SAMPLE_MOVES = 64, CLOCK_EVERY = 256 };
/* The temperature at the end of a run, relative to the start. */
#define COOL 1e-2

typedef struct anneal {
  const moc_graph *g;
  const moc_order_params *p;
  uint32_t *order;      /* the current order */
  moc_order_state st;   /* its positions and profile, move by move */
  uint32_t *best;       /* the best order met */
  int64_t best_excess, best_peak;
  int64_t cur_excess, cur_peak;
  int64_t target;
  bool hunting;         /* no target given: follow the best peak down */
  uint64_t rng;
  double t0, temp0, started;
} anneal;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t next(anneal *a) {
  uint64_t x = a->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  a->rng = x;
  return x;
}

static double uniform(anneal *a) { return (double)(next(a) >> 11) * 0x1p-53; }

/* A random move (from, to) inside a precedence window; false when the
 * drawn node cannot move. */
static bool draw(anneal *a, uint32_t *from, uint32_t *to) {
  const moc_graph *g = a->g;
  uint32_t t = (uint32_t)(next(a) % g->n), v = a->order[t], lo = 0, hi = g->n - 1;
  for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
    if (a->st.pos[g->pred[i]] + 1 > lo) lo = a->st.pos[g->pred[i]] + 1;
  for (uint32_t i = g->succ_start[v]; i < g->succ_start[v + 1]; i++)
    if (a->st.pos[g->succ[i]] - 1 < hi) hi = a->st.pos[g->succ[i]] - 1;
  if (hi <= lo) return false;
  uint32_t p = lo + (uint32_t)(next(a) % (hi - lo));
  if (p >= t) p++;
  *from = t;
  *to = p;
  return true;
}

/* The overflow of the current profile above the target. */
static int64_t excess(const anneal *a) {
  int64_t area = 0;
  for (uint32_t t = 0; t < a->g->n; t++)
    if (a->st.mem[t] > a->target && __builtin_add_overflow(area, a->st.mem[t] - a->target, &area))
      return INT64_MAX;
  return area;
}

static bool better(const anneal *a, int64_t excess, int64_t peak) {
  if (a->hunting) return peak < a->best_peak || (peak == a->best_peak && excess < a->best_excess);
  return excess < a->best_excess || (excess == a->best_excess && peak < a->best_peak);
}

static void keep(anneal *a) {
  a->best_excess = a->cur_excess;
  a->best_peak = a->cur_peak;
  memcpy(a->best, a->order, (size_t)a->g->n * sizeof *a->best);
  if (!a->hunting || a->cur_peak > a->target) return;
  int64_t step = a->cur_peak / 256 > 1 ? a->cur_peak / 256 : 1;
  a->target = a->cur_peak - step;
  a->cur_excess = excess(a);
  a->best_excess = a->cur_excess;
}

static int64_t peak_of(const anneal *a) {
  int64_t m = 0;
  for (uint32_t t = 0; t < a->g->n; t++) m = a->st.mem[t] > m ? a->st.mem[t] : m;
  return m;
}

/* The start temperature: the mean worsening of a few random moves. */
static double sample_temperature(anneal *a) {
  double sum = 0;
  uint32_t count = 0, from, to;
  for (uint32_t k = 0; k < SAMPLE_MOVES; k++) {
    if (!draw(a, &from, &to)) continue;
    int64_t delta = 0;
    moc_order_state_try(&a->st, from, to, a->target, &delta);
    moc_order_state_revert(&a->st);
    if (delta > 0) sum += (double)delta, count++;
  }
  return count ? sum / count : 1.0;
}

/* Fraction of the run done: by the move count when there is a move budget
 * (the clock then only cuts the run short, so that the same seed and the
 * same budget walk the same path), else by the clock. */
static double progress(const anneal *a, uint64_t moves) {
  const moc_order_params *p = a->p;
  double elapsed = p->time_limit_s > 0 ? (now_s() - a->started) / p->time_limit_s : 0;
  if (!p->max_moves) return elapsed;
  return elapsed >= 1 ? 1 : (double)moves / (double)p->max_moves;
}

static bool done(const anneal *a) {
  if (a->p->stop && *a->p->stop) return true;
  return !a->hunting && a->best_excess == 0;
}

/* Anneals until the move budget, the clock or the target; returns the
 * number of moves proposed. */
static uint64_t run(anneal *a) {
  double frac = 0, temp = a->temp0;
  uint32_t from, to;
  uint64_t cap = a->p->max_moves ? a->p->max_moves : UINT64_MAX, moves = 0;
  for (; moves < cap && frac < 1 && !done(a); moves++) {
    if (moves % CLOCK_EVERY == 0) {
      frac = progress(a, moves);
      temp = a->temp0 * pow(COOL, frac);
    }
    if (!draw(a, &from, &to)) continue;
    int64_t delta = 0, pk = moc_order_state_try(&a->st, from, to, a->target, &delta);
    if (delta <= 0 || uniform(a) < exp(-(double)delta / temp)) {
      moc_order_state_commit(&a->st);
      a->cur_excess += delta;
      a->cur_peak = pk;
      if (better(a, a->cur_excess, pk)) keep(a);
    } else {
      moc_order_state_revert(&a->st);
    }
  }
  return moves;
}

int moc_order_anneal(const moc_graph *g, const moc_order_params *p, uint32_t *order,
                     int64_t *peak) {
  anneal a = {.g = g, .p = p, .order = order, .started = now_s()};
  a.rng = p->seed * 0x9E3779B97F4A7C15ull + 0xD1B54A32D192ED03ull;
  a.hunting = p->target <= 0;
  a.best = malloc(((size_t)g->n + 1) * sizeof *a.best);
  if (!a.best || moc_order_state_init(&a.st, g, order) != 0) {
    free(a.best);
    return -1;
  }
  a.cur_peak = peak_of(&a);
  a.target = a.hunting ? a.cur_peak : p->target;
  a.cur_excess = excess(&a);
  a.best_peak = INT64_MAX;
  a.best_excess = INT64_MAX;
  keep(&a);
  if (g->n > 1 && (p->max_moves || p->time_limit_s > 0)) {
    a.temp0 = sample_temperature(&a);
    uint64_t moves = run(&a);
    if (p->spent) *p->spent += moves;
  }
  memcpy(order, a.best, (size_t)g->n * sizeof *order);
  *peak = a.best_peak;
  free(a.best);
  moc_order_state_free(&a.st);
  return 0;
}
