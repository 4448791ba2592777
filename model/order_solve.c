/* order_solve.c — the free-order phase (order.h).
 *
 *   1. An order whose own peak fits the budget: starting orders, then
 *      annealing on the overflow above the budget (a share of the time).
 *      When the overflow reaches zero the order alone is a schedule, at the
 *      least cost any schedule can have.
 *   2. Otherwise, recomputations: each candidate order (the annealed one and
 *      the reference one) becomes the reference order of a view of the graph
 *      (graph_reorder.c), the staged construction and local search of
 *      heuristic.h run on it for a slice of the time, and the cheapest
 *      candidate gets the rest.
 *   With no_remat, step 2 is replaced by a hunt for the least peak, and the
 *   order of least peak is reported if it fits.
 *
 * Every schedule is reported through p->on_incumbent in the node indices of
 * g (a view has the same), where the solver re-scores it on the original
 * graph.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/order.h"

/* Share of the time for the order search when recomputation may follow. */
#define ORDER_SHARE 0.4
/* Share of the rest for each candidate order before the winner takes the rest. */
#define CANDIDATE_SHARE 0.25

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Order-search parameters for `seconds` (<= 0: a default number of moves). */
static moc_order_params order_params(const moc_graph *g, const moc_heur_params *p,
                                     int64_t target, double seconds) {
  moc_order_params op = {.target = target, .seed = p->seed, .stop = p->stop};
  if (seconds > 0)
    op.time_limit_s = seconds;
  else
    op.max_moves = 100 * (uint64_t)g->n + 10000;
  return op;
}

static void report_order(const moc_graph *g, const moc_heur_params *p, const uint32_t *order,
                         int64_t peak) {
  if (p->on_incumbent) p->on_incumbent(p->user, order, g->n, g->total_cost, peak);
}

/* One candidate order for recomputations: its view and its best schedule. */
typedef struct candidate {
  uint32_t *order, *position;
  moc_graph view;
  uint32_t *best;       /* best schedule found on it (NULL: none) */
  size_t best_len;
  int64_t best_cost;
} candidate;

/* Runs the staged local search on c for `seconds`, from its best schedule
 * when it has one (else from phase 1).  0, 1 when nothing fits, -1 memory. */
static int improve_on(candidate *c, const moc_heur_params *p, double seconds) {
  moc_heur_params q = *p;
  q.time_limit_s = seconds;
  if (seconds <= 0) q.max_iterations = 200;
  uint32_t *best = NULL;
  size_t len = 0;
  int rc = moc_heur_improve(&c->view, &q, c->best, c->best_len, &best, &len);
  if (rc != 0) return rc;
  moc_eval *ev = NULL;
  if (moc_evaluate(&c->view, best, len, &ev) != MOC_OK) {
    free(best);
    return -1;
  }
  if (ev->valid && ev->peak <= p->budget && (!c->best || ev->cost < c->best_cost)) {
    free(c->best);
    c->best = best;
    c->best_len = len;
    c->best_cost = ev->cost;
    best = NULL;
    if (p->on_incumbent) p->on_incumbent(p->user, c->best, len, ev->cost, ev->peak);
  }
  moc_eval_free(ev);
  free(best);
  return 0;
}

/* Recomputations on each candidate order (the annealed one, the reference
 * one) for a slice of the time, then the rest on the cheapest.  0 found,
 * 1 none, -1 no memory. */
static int remat_on(const moc_graph *g, const moc_heur_params *p, uint32_t *order,
                    double seconds) {
  candidate c[2];
  memset(c, 0, sizeof c);
  c[0].order = order;
  c[1].order = g->order;
  int rc = 0, found = 1;
  double t0 = now_s(), slice = seconds > 0 ? seconds * CANDIDATE_SHARE : 0;
  for (int k = 0; k < 2 && rc >= 0; k++) {
    /* a second candidate only when the first left at least as much time as it took */
    if (k > 0 && seconds > 0 && 2 * (now_s() - t0) >= seconds) break;
    c[k].position = malloc(((size_t)g->n + 1) * sizeof *c[k].position);
    if (!c[k].position || !moc_graph_view(&c[k].view, g, c[k].order, c[k].position)) rc = -1;
    else if ((rc = improve_on(&c[k], p, slice)) == 0) found = 0;
    if (p->stop && *p->stop) break;
  }
  int pick = c[1].best && (!c[0].best || c[1].best_cost < c[0].best_cost);
  double rest = seconds > 0 ? seconds - (now_s() - t0) : 0;
  if (rc >= 0 && c[pick].best && rest > 0 && !(p->stop && *p->stop))
    rc = improve_on(&c[pick], p, rest);
  for (int k = 0; k < 2; k++) {
    free(c[k].position);
    free(c[k].best);
  }
  return rc < 0 ? -1 : found;
}

/* No recomputation: the least peak within the rest of the time. */
static int hunt(const moc_graph *g, const moc_heur_params *p, uint32_t *order, int64_t peak,
                double seconds) {
  if (seconds > 0 || p->time_limit_s <= 0) {
    moc_order_params op = order_params(g, p, 0, seconds);
    int64_t least = 0;
    uint32_t *cand = malloc(((size_t)g->n + 1) * sizeof *cand);
    if (!cand) return -1;
    memcpy(cand, order, (size_t)g->n * sizeof *cand);
    int rc = moc_order_anneal(g, &op, cand, &least);
    if (rc == 0 && least < peak) {
      memcpy(order, cand, (size_t)g->n * sizeof *order);
      peak = least;
    }
    free(cand);
    if (rc != 0) return -1;
  }
  if (peak > p->budget) return 1;
  report_order(g, p, order, peak);
  return 0;
}

int moc_order_solve(const moc_graph *g, const moc_heur_params *p, bool no_remat) {
  if (!g || !p || !g->finished) return -1;
  double t0 = now_s(), limit = p->time_limit_s;
  uint32_t *order = malloc(((size_t)g->n + 1) * sizeof *order);
  if (!order) return -1;
  moc_order_params op = order_params(g, p, p->budget, limit > 0 ? ORDER_SHARE * limit : 0);
  int64_t peak = 0;
  int rc = moc_order_min_peak(g, &op, order, &peak);
  double rest = limit > 0 ? limit - (now_s() - t0) : 0;
  if (rc == 0 && no_remat) {
    rc = hunt(g, p, order, peak, rest);
  } else if (rc == 0 && peak <= p->budget) {
    report_order(g, p, order, peak);
  } else if (rc == 0) {
    rc = remat_on(g, p, order, rest > 0 ? rest : (limit > 0 ? 0.01 : 0));
  }
  free(order);
  return rc;
}
