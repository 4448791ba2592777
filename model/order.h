/* order.h — choosing the order of first computations (issue 8, "free order";
 * internal API of the library).
 *
 * MOCCASIN and Checkmate pin the first computation of every node to one
 * topological order.  FastSA (Imanishi et al., NeurIPS 2023) showed that a
 * better order alone lowers the peak sharply.  This module searches orders
 * and reuses the fixed-order machinery of heuristic.h on each candidate:
 *
 *   profile    the memory of an order without recomputation: peak, and the
 *              overflow area above a threshold         (order_profile.c)
 *   view       a graph that shares every array of a finished graph but has
 *              another reference order, so that the staged heuristics run on
 *              it unchanged (node indices are the same)  (graph_reorder.c)
 *   greedy     a memory-aware constructive order: the ready node whose step
 *              uses the least memory and frees the most   (order_greedy.c)
 *   anneal     simulated annealing over orders: a node moves inside its
 *              precedence window; the score is the overflow area above a
 *              target, then the peak                       (order_anneal.c)
 *   joint      the same moves on a schedule with recomputations, which
 *              follow the nodes they precede; a greedy repair restores the
 *              budget, the cost scores the move            (order_joint.c)
 *   solve      the free-order phase: orders of least overflow, then the
 *              staged construction and local search on the best of them,
 *              each schedule offered on the original graph; a plan of
 *              work counted in steps, the clock a cutoff (order_solve.c)
 *
 * A schedule found on a view is a schedule of the original graph too (same
 * nodes, same edges): the evaluator scores it the same way.  Everything is
 * deterministic for a seed when it runs under a move or step limit.
 */
#ifndef MOC_MODEL_ORDER_H
#define MOC_MODEL_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/graph.h"
#include "model/heuristic.h"

/* ---- views and clones (graph_reorder.c) ------------------------------------ */

/* Fills *view with a graph that borrows every array of g (finished) but has
 * `order` as its reference order; `position` (n entries) is filled with its
 * inverse.  `order` must be a topological order of g (checked: false when it
 * is not).  The view's topo_peak is that order's peak.  A view owns nothing:
 * never pass it to moc_graph_free; it lives as long as g, order, position. */
bool moc_graph_view(moc_graph *view, const moc_graph *g, uint32_t *order, uint32_t *position);

/* A finished, independent copy of g whose reference order is `order` (a
 * topological order, else MOC_ERR_BAD_ORDER).  Free with moc_graph_free. */
moc_error moc_graph_reorder(const moc_graph *g, const uint32_t *order, moc_graph **out);

/* ---- profiles of orders without recomputation (order_profile.c) ------------ */

/* Seconds on the monotonic clock (for cutoffs). */
double moc_order_clock(void);

/* True when order[0..n) lists every node once and every edge goes forward. */
bool moc_order_is_topological(const moc_graph *g, const uint32_t *order);

/* Scratch for profiles: positions, ends of lifetimes, the memory per step. */
typedef struct moc_order_work {
  uint32_t n;
  uint32_t *position;  /* position[v]: the step of v */
  int64_t *mem;        /* mem[j]: memory at step j (SPEC §1 model) */
} moc_order_work;

int moc_order_work_init(moc_order_work *w, uint32_t n);  /* 0, or -1 out of memory */
void moc_order_work_free(moc_order_work *w);

/* The memory profile of a topological order into w->mem; returns its peak. */
int64_t moc_order_profile(const moc_graph *g, const uint32_t *order, moc_order_work *w);
/* The same when w->position already holds the inverse of order. */
int64_t moc_order_profile_at(const moc_graph *g, const uint32_t *order, moc_order_work *w);
/* The overflow area of a profile: sum over steps of max(0, mem - target). */
int64_t moc_order_excess(const moc_order_work *w, int64_t target);

/* ---- incremental profiles under moves (order_delta.c) ----------------------- */

/* An order with its profile, kept up to date move by move: moc_order_state_try
 * applies a move and computes the memory of the steps it touches; then
 * commit keeps it or revert undoes it (exactly one of the two). */
typedef struct moc_order_state {
  const moc_graph *g;
  uint32_t n;
  uint32_t *order;          /* the caller's order, changed in place */
  uint32_t *pos;            /* pos[v]: step of v */
  uint32_t *end;            /* end[v]: step of v's last reader (its own without one) */
  int64_t *mem;             /* memory per step */
  int64_t *block_max;       /* max of mem over each block of 64 steps */
  uint32_t *stamp, epoch;   /* marks of the nodes affected by the move */
  uint32_t *affected, naffected;
  uint32_t *old_pos;        /* old_pos[k]: step of affected[k] before the move */
  int64_t *fresh;           /* new memory of steps a..b */
  uint32_t a, b, from, to;  /* the pending move and its range */
} moc_order_state;

int moc_order_state_init(moc_order_state *s, const moc_graph *g, uint32_t *order);
void moc_order_state_free(moc_order_state *s);
/* Recomputes everything from s->order (after the caller changed it). */
void moc_order_state_reset(moc_order_state *s);
/* Applies the move from -> to (inside the node's precedence window); returns
 * the new peak, and in *excess_delta the change of the overflow above target. */
int64_t moc_order_state_try(moc_order_state *s, uint32_t from, uint32_t to, int64_t target,
                            int64_t *excess_delta);
void moc_order_state_commit(moc_order_state *s);
void moc_order_state_revert(moc_order_state *s);

/* ---- constructive orders (order_greedy.c) ---------------------------------- */

/* A topological order built step by step: among the ready nodes, the one
 * whose step needs the least memory, then the one that frees the most (net
 * growth of the live set), ties by a seeded random draw when noise > 0 (and
 * by index otherwise).  `noise` in [0, 1] scales random perturbations of the
 * scores.  Returns 0, or -1 when out of memory. */
int moc_order_greedy(const moc_graph *g, uint64_t seed, double noise, uint32_t *out);

/* ---- simulated annealing over orders (order_anneal.c) ----------------------- */

typedef struct moc_order_params {
  int64_t target;            /* overflow is measured above this (<= 0: hunt the least peak) */
  uint64_t seed;
  double time_limit_s;       /* a cutoff; <= 0: none (then max_moves must be set) */
  uint64_t max_moves;        /* proposed moves; they pace the cooling (0: the clock does) */
  volatile int *stop;        /* stops soon after *stop != 0 (may be NULL) */
  uint64_t *spent;           /* when not NULL, the moves proposed are added here */
} moc_order_params;

/* Improves `order` (topological, n entries) in place: moves a random node to
 * a random step of its precedence window, accepted by simulated annealing on
 * the overflow above p->target (the peak breaks ties).  Ends at the best
 * order met.  *peak receives its peak.  Returns 0, or -1 when out of memory. */
int moc_order_anneal(const moc_graph *g, const moc_order_params *p, uint32_t *order,
                     int64_t *peak);

/* The order of least peak found (no recomputation): greedy starts and the
 * reference order, then annealing, under the limits of p.  Returns 0 or -1. */
int moc_order_min_peak(const moc_graph *g, const moc_order_params *p, uint32_t *out,
                       int64_t *peak);

/* ---- order moves with recomputations (order_joint.c) ----------------------- */

/* Improves a schedule that is staged on view's order (view from
 * moc_graph_view; its order and position arrays change): `moves` moves of a
 * node inside its precedence window that carry the recomputations along,
 * repair the budget greedily and drop what is not needed, each kept when the
 * cost does not rise.  Ends with the view's order set to that of the best
 * schedule, which goes to *best (staged on it; never worse than the start)
 * and each improvement to p->on_incumbent.  p->time_limit_s is a cutoff.
 * Returns 0, 1 when the start is not staged on the order or over the
 * budget, -1 when out of memory. */
int moc_order_joint(moc_graph *view, const moc_heur_params *p, const uint32_t *schedule,
                    size_t length, uint64_t moves, uint32_t **best, size_t *best_len);

/* ---- the free-order phase (order_solve.c) ----------------------------------- */

/* Searches orders and recomputations for a schedule within p->budget: first
 * an order whose own peak fits (then no recomputation at all), else the
 * staged construction and local search (heuristic.h) on the orders of least
 * overflow, with more copies than p->copies when those find nothing and
 * `grow` allows (and the evict-and-recompute walk of heuristic.h).  Every
 * schedule found goes to p->on_incumbent (node indices of g, the original
 * graph).  With no_remat only orders are searched.  The work is a fixed plan
 * of steps (order moves, local-search steps): `effort` caps them (0: no
 * cap), p->time_limit_s only cuts the plan short, so a seed and an effort
 * with no time limit give one result.  *steps receives the steps taken.
 * Returns 0 when a schedule was found, 1 when none was, -1 out of memory. */
int moc_order_solve(const moc_graph *g, const moc_heur_params *p, bool no_remat, bool grow,
                    uint64_t effort, uint64_t *steps);

#endif /* MOC_MODEL_ORDER_H */
