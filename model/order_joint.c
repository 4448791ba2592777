/* order_joint.c — order moves that carry the recomputations along (order.h).
 *
 * The annealing of order_anneal.c scores orders without recomputation, and
 * the local search of heuristic.h tunes the recomputations on one order.
 * This joins the two.  A move takes a node to another step of its precedence
 * window, as in order_anneal.c, and keeps every recomputation (v, t) attached
 * to the node whose first computation it precedes (order[t]); those that
 * would now come before v's own first computation are dropped:
 *
 *     before   . . [v'] x . . . . w  . .       v' recomputes v before x
 *     move w   . . [v'] x w . . . .  . .       v' still before x
 *
 * The greedy repair of construct.c then restores the budget where the move
 * broke it and the drop pass removes what the new order no longer needs.  A
 * move is kept when the cost does not rise (plateaus let the order drift),
 * so every kept state is a schedule within the budget.  The work is counted
 * in moves; the clock only cuts it short.
 */
#include <stdlib.h>
#include <string.h>

#include "model/order.h"
#include "model/staged.h"

enum { CLOCK_EVERY = 16 };

typedef struct joint {
  moc_graph *view;          /* its order and position change move by move */
  const moc_heur_params *p;
  moc_staged *st;
  moc_remat *cur, *trial, *best;  /* recomputation sets (room for n (C - 1)) */
  size_t ncur, ntrial, nbest;
  int64_t cur_cost, best_cost;
  uint32_t *best_order;
  uint64_t rng;
  double started;
} joint;

static uint64_t next(joint *j) {
  uint64_t x = j->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  j->rng = x;
  return x;
}

/* A random move (from, to) inside a precedence window of the view's order. */
static bool draw(joint *j, uint32_t *from, uint32_t *to) {
  const moc_graph *g = j->view;
  uint32_t t = (uint32_t)(next(j) % g->n), v = g->order[t], lo = 0, hi = g->n - 1;
  for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
    if (g->position[g->pred[i]] + 1 > lo) lo = g->position[g->pred[i]] + 1;
  for (uint32_t i = g->succ_start[v]; i < g->succ_start[v + 1]; i++)
    if (g->position[g->succ[i]] - 1 < hi) hi = g->position[g->succ[i]] - 1;
  if (hi <= lo) return false;
  uint32_t p = lo + (uint32_t)(next(j) % (hi - lo));
  *from = t;
  *to = p >= t ? p + 1 : p;
  return true;
}

/* Moves the node at step from to step to in the view's order. */
static void shift(moc_graph *g, uint32_t from, uint32_t to) {
  uint32_t *o = g->order, v = o[from];
  if (from < to) memmove(o + from, o + from + 1, (size_t)(to - from) * sizeof *o);
  else memmove(o + to + 1, o + to, (size_t)(from - to) * sizeof *o);
  o[to] = v;
  uint32_t a = from < to ? from : to, b = from < to ? to : from;
  for (uint32_t t = a; t <= b; t++) g->position[o[t]] = t;
}

/* The stage that step s became after the move from -> to. */
static uint32_t moved(uint32_t s, uint32_t from, uint32_t to) {
  if (s == from) return to;
  if (from < to && s > from && s <= to) return s - 1;
  if (to < from && s >= to && s < from) return s + 1;
  return s;
}

/* The current set under the move, into trial (invalid entries dropped). */
static void carry(joint *j, uint32_t from, uint32_t to) {
  j->ntrial = 0;
  for (size_t i = 0; i < j->ncur; i++) {
    moc_remat r = {j->cur[i].node, moved(j->cur[i].stage, from, to)};
    if (r.stage > j->view->position[r.node]) j->trial[j->ntrial++] = r;
  }
}

/* The cost of the trial set on the moved order after repair and drop, or
 * INT64_MAX when the repair is stuck; -2 when out of memory. */
static int64_t score(joint *j) {
  int rc = moc_staged_load(j->st, j->trial, j->ntrial);
  if (rc == 0 && moc_staged_peak(j->st) > j->p->budget)
    rc = moc_heur_repair(j->st, j->p->budget, 0.0, &j->rng);
  if (rc < 0) return -2;
  if (rc != 0) return INT64_MAX;
  moc_heur_drop(j->st, j->p->budget);
  return moc_staged_cost(j->st);
}

static int report(joint *j) {
  const moc_heur_params *p = j->p;
  if (!p->on_incumbent) return 0;
  uint32_t *sched = NULL;
  size_t len = 0;
  if (moc_staged_schedule(j->st, &sched, &len) != 0) return -1;
  p->on_incumbent(p->user, sched, len, j->best_cost, moc_staged_peak(j->st));
  free(sched);
  return 0;
}

/* One move: kept when the cost does not rise.  0, or -1 out of memory. */
static int step(joint *j) {
  uint32_t from, to;
  if (!draw(j, &from, &to)) return 0;
  shift(j->view, from, to);
  carry(j, from, to);
  int64_t cost = score(j);
  if (cost == -2) return -1;
  if (cost > j->cur_cost) {
    shift(j->view, to, from);
    return 0;
  }
  j->ncur = moc_staged_count(j->st);
  moc_staged_list(j->st, j->cur);
  j->cur_cost = cost;
  if (cost >= j->best_cost) return 0;
  j->best_cost = cost;
  j->nbest = j->ncur;
  memcpy(j->best, j->cur, j->ncur * sizeof *j->best);
  memcpy(j->best_order, j->view->order, (size_t)j->view->n * sizeof *j->best_order);
  return report(j);
}

static bool stopped(const joint *j, uint64_t k) {
  const moc_heur_params *p = j->p;
  if (p->stop && *p->stop) return true;
  return k % CLOCK_EVERY == 0 && p->time_limit_s > 0 &&
         moc_order_clock() - j->started >= p->time_limit_s;
}

/* Runs the moves; leaves the best order in the view and its set in st. */
static int run(joint *j, uint64_t moves) {
  int rc = 0;
  for (uint64_t k = 0; k < moves && rc == 0 && !stopped(j, k); k++) rc = step(j);
  uint32_t n = j->view->n;
  memcpy(j->view->order, j->best_order, (size_t)n * sizeof *j->best_order);
  for (uint32_t t = 0; t < n; t++) j->view->position[j->view->order[t]] = t;
  int lr = moc_staged_load(j->st, j->best, j->nbest);
  return rc < 0 || lr < 0 ? -1 : rc;
}

static int start(joint *j, const uint32_t *schedule, size_t length) {
  moc_remat *list = NULL;
  size_t count = 0;
  int rc = moc_staged_from_schedule(j->view, schedule, length, &list, &count);
  if (rc == 0) rc = moc_staged_load(j->st, list, count);
  free(list);
  if (rc == 0 && moc_staged_peak(j->st) > j->p->budget) rc = 1;
  if (rc != 0) return rc;
  j->ncur = j->nbest = moc_staged_count(j->st);
  moc_staged_list(j->st, j->cur);
  memcpy(j->best, j->cur, j->ncur * sizeof *j->best);
  j->cur_cost = j->best_cost = moc_staged_cost(j->st);
  memcpy(j->best_order, j->view->order, (size_t)j->view->n * sizeof *j->best_order);
  return 0;
}

int moc_order_joint(moc_graph *view, const moc_heur_params *p, const uint32_t *schedule,
                    size_t length, uint64_t moves, uint32_t **best, size_t *best_len) {
  if (!view || !p || !schedule || !best || !best_len || p->copies < 1) return -1;
  size_t room = (size_t)view->n * (size_t)(p->copies - 1) + 1;
  joint j = {.view = view, .p = p, .started = moc_order_clock()};
  j.rng = p->seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  j.st = moc_staged_create(view, p->copies);
  j.cur = malloc(room * sizeof *j.cur);
  j.trial = malloc(room * sizeof *j.trial);
  j.best = malloc(room * sizeof *j.best);
  j.best_order = malloc(((size_t)view->n + 1) * sizeof *j.best_order);
  int rc = j.st && j.cur && j.trial && j.best && j.best_order ? 0 : -1;
  if (rc == 0) rc = start(&j, schedule, length);
  if (rc == 0) rc = run(&j, moves);
  if (rc == 0) rc = moc_staged_schedule(j.st, best, best_len);
  moc_staged_free(j.st);
  free(j.cur);
  free(j.trial);
  free(j.best);
  free(j.best_order);
  return rc;
}
