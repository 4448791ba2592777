/* order_solve.c — the free-order phase (order.h).
 *
 * A fixed plan of work counted in steps (order moves and local-search
 * steps), so that one seed and one effort limit give one schedule; a time
 * limit only cuts the plan short, and what ran until then is the same
 * prefix of the same plan:
 *
 *   1. Orders: ORDERS annealed orders of least overflow above the budget,
 *      each from its own seed, ORDER_MOVES moves per node (at most
 *      MAX_ORDER_MOVES).  One that fits is a schedule with no recomputation:
 *      the least cost of any schedule.
 *   2. Candidates: those orders and the reference order, each the reference
 *      order of a view of the graph (graph_reorder.c).  First schedules on
 *      them, the cheapest ways first (first_schedules below: with C copies,
 *      then more unless the caller pinned C; the solver reports the C of
 *      its schedule), then SLICE steps of the local search of heuristic.h
 *      on each.
 *   3. Rounds on the cheapest candidate, each from its best schedule with a
 *      fresh seed: JOINT_MOVES order moves that carry the recomputations
 *      along (order_joint.c), then SLICE local-search steps on the order they
 *      leave; until the effort or the time runs out (DEFAULT_ROUNDS rounds
 *      when neither is given).
 *   With no_remat, steps 2 and 3 are replaced by a hunt for the least peak.
 *
 * Every schedule is reported through p->on_incumbent in the node indices of
 * g (a view has the same), where the solver re-scores it on the original
 * graph.
 */
#include <stdlib.h>
#include <string.h>

#include "model/order.h"

enum {
  ORDERS = 2,           /* annealed orders (the reference order is a candidate too) */
  CANDIDATES = ORDERS + 1,
  SLOTS = CANDIDATES + 1, /* and the first order again, for C when C + 1 was needed */
  ORDER_MOVES = 2000,   /* anneal moves per node for each order */
  SLICE = 4000,         /* local-search steps per candidate and per round */
  JOINT_MOVES = 1000,   /* order moves with recomputations per round */
  DEFAULT_ROUNDS = 4,   /* rounds when there is neither a time nor an effort limit */
  EXTRA_COPIES = 2,     /* copies beyond C tried when C finds nothing */
  LAST_RESORT = 8       /* times C, when nothing else found a schedule */
};
/* Anneal moves for one order: ORDER_MOVES per node, at most MAX_ORDER_MOVES
 * (large graphs would otherwise anneal for minutes before any schedule). */
#define MAX_ORDER_MOVES 4000000ull
/* Share of the time limit, from their start, after which the greedy walks of
 * the first schedules give up (on 10,000-node graphs one takes tens of
 * seconds). */
#define QUICK_SHARE 0.25
/* Share of the time limit after which the order search is cut short. */
#define ORDER_SHARE 0.4
/* A stand-in for "no time limit" where heuristic.h wants a positive one. */
#define NO_LIMIT_S 1e9

/* The plan's limits and what has been spent. */
typedef struct plan {
  const moc_graph *g;
  const moc_heur_params *p;
  double started, limit;  /* limit: p->time_limit_s, a cutoff (<= 0: none) */
  uint64_t effort;        /* steps allowed (0: no limit) */
  bool grow;              /* more copies than p->copies may be used */
  double quick_deadline;  /* clock time when the first greedy walks give up (0: none) */
  uint64_t *spent;        /* steps taken */
} plan;

static uint64_t order_moves(const moc_graph *g) {
  uint64_t moves = (uint64_t)ORDER_MOVES * g->n + 10000;
  return moves < MAX_ORDER_MOVES ? moves : MAX_ORDER_MOVES;
}

static double elapsed(const plan *pl) { return moc_order_clock() - pl->started; }

/* The steps granted of `want` (fewer when the effort runs out). */
static uint64_t grant(const plan *pl, uint64_t want) {
  if (!pl->effort) return want;
  uint64_t left = pl->effort > *pl->spent ? pl->effort - *pl->spent : 0;
  return want < left ? want : left;
}

static bool over(const plan *pl) {
  if (pl->p->stop && *pl->p->stop) return true;
  if (pl->effort && *pl->spent >= pl->effort) return true;
  return pl->limit > 0 && elapsed(pl) >= pl->limit;
}

/* The cutoff left before `share` of the time limit (NO_LIMIT_S without one). */
static double cutoff(const plan *pl, double share) {
  if (pl->limit <= 0) return NO_LIMIT_S;
  double left = share * pl->limit - elapsed(pl);
  return left > 1e-3 ? left : 1e-3;
}

static void report_order(const plan *pl, const uint32_t *order, int64_t peak) {
  const moc_heur_params *p = pl->p;
  if (p->on_incumbent) p->on_incumbent(p->user, order, pl->g->n, pl->g->total_cost, peak);
}

/* One candidate order for recomputations: its view and its best schedule. */
typedef struct candidate {
  uint32_t *order, *position;
  moc_graph view;
  int copies;           /* C of the staged layout on it */
  uint32_t *best;       /* best schedule found on it (NULL: none) */
  size_t best_len;
  int64_t best_cost;
} candidate;

/* Runs the staged local search on c for `steps` steps with `seed`, from its
 * best schedule when it has one and not `fresh`, else from phase 1 (the
 * whole construction: a greedy walk's schedule can be a local optimum the
 * search does not leave, fcn8 at 0.9 stayed at 0.136 % where the
 * construction gives 0.029 %); the better result is kept.  0, 1 when nothing
 * fits, -1 out of memory. */
static int improve_on(const plan *pl, candidate *c, uint64_t steps, uint64_t seed, bool fresh) {
  const moc_heur_params *p = pl->p;
  moc_heur_params q = *p;
  q.copies = c->copies;
  q.seed = seed;
  q.max_iterations = steps ? steps : 1;
  q.time_limit_s = cutoff(pl, 1.0);
  *pl->spent += steps;
  uint32_t *best = NULL;
  size_t len = 0;
  int rc = fresh ? moc_heur_improve(&c->view, &q, NULL, 0, &best, &len)
                 : moc_heur_improve(&c->view, &q, c->best, c->best_len, &best, &len);
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

/* Order moves that carry c's recomputations (order_joint.c) for `moves`
 * moves: c's view and best schedule follow.  0, or -1 out of memory. */
static int joint_on(const plan *pl, candidate *c, uint64_t moves, uint64_t seed) {
  if (!c->best || moves == 0) return 0;
  moc_heur_params q = *pl->p;
  q.copies = c->copies;
  q.seed = seed;
  q.time_limit_s = cutoff(pl, 1.0);
  *pl->spent += moves;
  uint32_t *best = NULL;
  size_t len = 0;
  int rc = moc_order_joint(&c->view, &q, c->best, c->best_len, moves, &best, &len);
  if (rc != 0) return rc < 0 ? -1 : 0;
  moc_eval *ev = NULL;
  if (moc_evaluate(&c->view, best, len, &ev) != MOC_OK) {
    free(best);
    return -1;
  }
  /* the view's order is now that of `best`: it replaces c's schedule */
  free(c->best);
  c->best = best;
  c->best_len = len;
  c->best_cost = ev->cost;
  moc_eval_free(ev);
  return 0;
}

/* The index of the cheapest candidate with a schedule, or -1. */
static int cheapest(const candidate *c, int count) {
  int pick = -1;
  for (int k = 0; k < count; k++)
    if (c[k].best && (pick < 0 || c[k].best_cost < c[pick].best_cost)) pick = k;
  return pick;
}

/* A state within the budget, after the drop pass, becomes c's best schedule
 * with `copies` copies, and is reported.  0, or -1 out of memory. */
static int adopt(const plan *pl, candidate *c, moc_staged *st, int copies) {
  const moc_heur_params *p = pl->p;
  moc_heur_drop(st, p->budget);
  if (moc_staged_schedule(st, &c->best, &c->best_len) != 0) return -1;
  c->copies = copies;
  c->best_cost = moc_staged_cost(st);
  if (p->on_incumbent)
    p->on_incumbent(p->user, c->best, c->best_len, c->best_cost, moc_staged_peak(st));
  return 0;
}

/* The greedy walk of construct.c alone on c with `copies` copies: a cheap
 * first schedule.  0 found (c's best), 1 stuck, -1 out of memory. */
static int quick_start(const plan *pl, candidate *c, int copies) {
  const moc_heur_params *p = pl->p;
  moc_staged *st = moc_staged_create(&c->view, copies);
  if (!st) return -1;
  int rc = moc_heur_repair_until(st, p->budget, 0.0, NULL, 1, pl->quick_deadline, p->stop);
  if (rc == 0) rc = adopt(pl, c, st, copies);
  moc_staged_free(st);
  return rc;
}

/* The evict-and-recompute walk (construct_walk.c) on c's order, in the
 * staged layout when that stays within the budget: C copies, or as many as
 * it needs when the plan may grow.  0 found (c's best), 1 none, -1 memory. */
static int walk_start(const plan *pl, candidate *c) {
  const moc_heur_params *p = pl->p;
  moc_walk_params wp = moc_walk_defaults(p->budget);
  wp.copies = pl->grow ? 0 : (uint32_t)p->copies;
  wp.time_limit_s = pl->limit > 0 ? cutoff(pl, 1.0) : 0;
  wp.stop = p->stop;
  uint32_t *sched = NULL, most = 0;
  size_t len = 0, count = 0;
  int rc = moc_walk(&c->view, &wp, &sched, &len, &most);
  moc_remat *list = NULL;
  if (rc == 0) rc = moc_staged_from_schedule(&c->view, sched, len, &list, &count);
  int copies = (int64_t)most > p->copies ? (int)most : p->copies;
  moc_staged *st = rc == 0 ? moc_staged_create(&c->view, copies) : NULL;
  if (rc == 0) rc = st ? moc_staged_load(st, list, count) : -1;
  if (rc == 0 && moc_staged_peak(st) > p->budget) rc = 1;
  if (rc == 0) rc = adopt(pl, c, st, copies);
  moc_staged_free(st);
  free(list);
  free(sched);
  return rc;
}

/* First schedules, cheapest ways first: the greedy walk of construct.c on
 * every candidate with C copies, then C + 1, C + 2 (when the plan may
 * grow), then the evict-and-recompute walk on the first (it is slower).
 * When that needed more than C
 * (or found nothing), the last slot retries C on the first order with the
 * whole construction (its fallbacks are slower, and C copies, when they fit,
 * search better than more).  A slice of the local search follows on each
 * candidate with a schedule; when there is none, the whole construction
 * with LAST_RESORT C copies (if the plan may grow). */
static int first_schedules(plan *pl, candidate *c, int count) {
  int copies = pl->p->copies, rc = 1;
  if (pl->limit > 0) {
    double share = QUICK_SHARE * pl->limit, left = cutoff(pl, 1.0);
    pl->quick_deadline = moc_order_clock() + (share < left ? share : left);
  }
  for (int extra = 0; rc == 1 && extra <= (pl->grow ? EXTRA_COPIES : 0); extra++)
    for (int k = 0; k < count - 1; k++) {
      int r = quick_start(pl, &c[k], copies + extra);
      if (r < 0) return -1;
      if (r == 0) rc = 0;
    }
  if (rc == 1 && (rc = walk_start(pl, &c[0])) < 0) return -1;
  c[count - 1].copies = copies;
  int first = cheapest(c, count);
  for (int k = 0; k < count; k++) {
    bool retry = k == count - 1 && (first < 0 || c[first].copies > copies);
    if (!c[k].best && !retry) continue;
    if (pl->p->stop && *pl->p->stop) break;
    if (k > 0 && over(pl) && cheapest(c, count) >= 0) break;
    if (improve_on(pl, &c[k], grant(pl, SLICE), pl->p->seed + (uint64_t)k, true) < 0) return -1;
  }
  if (cheapest(c, count) >= 0 || !pl->grow || (pl->p->stop && *pl->p->stop)) return 0;
  c[0].copies = LAST_RESORT * copies;  /* the whole construction with many copies */
  return improve_on(pl, &c[0], grant(pl, SLICE), pl->p->seed, true) < 0 ? -1 : 0;
}

/* Steps 2 and 3 on the candidates: 0 found, 1 none, -1 no memory. */
static int remat_on(plan *pl, candidate *c, int count) {
  if (first_schedules(pl, c, count) < 0) return -1;
  int pick = cheapest(c, count);
  if (pick < 0) return 1;
  bool unlimited = !pl->effort && pl->limit <= 0;
  for (uint64_t round = 1; !over(pl) && (!unlimited || round <= DEFAULT_ROUNDS); round++) {
    uint64_t seed = pl->p->seed + (uint64_t)count * round;
    if (joint_on(pl, &c[pick], grant(pl, JOINT_MOVES), seed) < 0) return -1;
    if (!over(pl) && improve_on(pl, &c[pick], grant(pl, SLICE), seed, false) < 0) return -1;
  }
  return 0;
}

/* The candidates (annealed orders, then the reference order) and their
 * views; -1 when out of memory. */
static int make_candidates(const plan *pl, uint32_t **orders, candidate *c) {
  memset(c, 0, SLOTS * sizeof *c);
  size_t n = pl->g->n;
  for (int k = 0; k < SLOTS; k++) {
    const uint32_t *from = k < ORDERS ? orders[k] : k < CANDIDATES ? pl->g->order : orders[0];
    c[k].order = malloc((n + 1) * sizeof *c[k].order);
    c[k].position = malloc((n + 1) * sizeof *c[k].position);
    if (!c[k].order || !c[k].position) return -1;
    memcpy(c[k].order, from, n * sizeof *c[k].order);
    if (!moc_graph_view(&c[k].view, pl->g, c[k].order, c[k].position)) return -1;
  }
  return 0;
}

static int recompute(plan *pl, uint32_t **orders) {
  candidate c[SLOTS];
  int rc = make_candidates(pl, orders, c);
  if (rc == 0) rc = remat_on(pl, c, SLOTS);
  for (int k = 0; k < SLOTS; k++) {
    free(c[k].order);
    free(c[k].position);
    free(c[k].best);
  }
  return rc;
}

/* No recomputation: the least peak, starting from the best order. */
static int hunt(const plan *pl, uint32_t *order, int64_t peak) {
  const moc_graph *g = pl->g;
  moc_order_params op = {.seed = pl->p->seed, .stop = pl->p->stop, .spent = pl->spent};
  op.max_moves = grant(pl, order_moves(g));
  op.time_limit_s = pl->limit > 0 ? cutoff(pl, 1.0) : 0;
  uint32_t *cand = malloc(((size_t)g->n + 1) * sizeof *cand);
  if (!cand) return -1;
  memcpy(cand, order, (size_t)g->n * sizeof *cand);
  int64_t least = 0;
  int rc = op.max_moves ? moc_order_anneal(g, &op, cand, &least) : 0;
  if (rc == 0 && op.max_moves && least < peak) {
    memcpy(order, cand, (size_t)g->n * sizeof *order);
    peak = least;
  }
  free(cand);
  if (rc != 0) return -1;
  if (peak > pl->p->budget) return 1;
  report_order(pl, order, peak);
  return 0;
}

/* Step 1: the annealed orders, sorted by their overflow (least first).
 * Returns 0, 2 when one fits the budget (orders[0]), -1 no memory. */
static int find_orders(const plan *pl, uint32_t **orders, int64_t *peak0) {
  const moc_graph *g = pl->g;
  int64_t peak[ORDERS], score[ORDERS];
  moc_order_work w;
  if (moc_order_work_init(&w, g->n) != 0) return -1;
  int rc = 0;
  for (int k = 0; k < ORDERS && rc == 0; k++) {
    moc_order_params op = {.target = pl->p->budget, .stop = pl->p->stop, .spent = pl->spent};
    op.seed = pl->p->seed + 1000003ull * (uint64_t)k;
    op.max_moves = grant(pl, order_moves(g));
    op.time_limit_s = pl->limit > 0 ? cutoff(pl, ORDER_SHARE * (k + 1) / ORDERS) : 0;
    if (op.max_moves == 0) op.time_limit_s = 0;  /* no effort left: the starts only */
    if ((rc = moc_order_min_peak(g, &op, orders[k], &peak[k])) != 0) break;
    moc_order_profile(g, orders[k], &w);
    score[k] = moc_order_excess(&w, pl->p->budget);
    for (int j = k; j > 0 && score[j] < score[j - 1]; j--) {
      uint32_t *o = orders[j];
      int64_t t = score[j], pk = peak[j];
      orders[j] = orders[j - 1], score[j] = score[j - 1], peak[j] = peak[j - 1];
      orders[j - 1] = o, score[j - 1] = t, peak[j - 1] = pk;
    }
    if (score[0] == 0) break;
  }
  moc_order_work_free(&w);
  *peak0 = peak[0];
  return rc != 0 ? -1 : score[0] == 0 ? 2 : 0;
}

int moc_order_solve(const moc_graph *g, const moc_heur_params *p, bool no_remat, bool grow,
                    uint64_t effort, uint64_t *steps) {
  if (!g || !p || !g->finished || !steps) return -1;
  plan pl = {g, p, moc_order_clock(), p->time_limit_s, effort, grow, 0, steps};
  uint32_t *orders[ORDERS];
  int rc = 0;
  for (int k = 0; k < ORDERS; k++) {
    orders[k] = malloc(((size_t)g->n + 1) * sizeof *orders[k]);
    if (!orders[k]) rc = -1;
  }
  int64_t peak = 0;
  if (rc == 0) rc = find_orders(&pl, orders, &peak);
  if (rc == 2 && !no_remat) {
    report_order(&pl, orders[0], peak);
    rc = 0;
  } else if (rc >= 0 && no_remat) {
    rc = hunt(&pl, orders[0], peak);
  } else if (rc == 0) {
    rc = recompute(&pl, orders);
  }
  for (int k = 0; k < ORDERS; k++) free(orders[k]);
  return rc;
}
