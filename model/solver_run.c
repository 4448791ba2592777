/* solver_run.c — the phases of a solve, in order.
 *
 *   0. Trivial cases, settled at once: a budget below the graph's lower bound
 *      max_v (m_v + sum of its inputs' sizes) is infeasible for every
 *      schedule; a budget at or above the reference order's peak is met by
 *      that order, whose cost sum(w) is the least any schedule can have; with
 *      C = 1 the reference order is the only staged schedule.
 *   1. Construction (solver_construct.c): the evict-and-recompute walk and
 *      the staged construction (model/construct*.c), a schedule within the
 *      budget, fast, with more copies than C when C (not pinned) finds
 *      nothing; when all fail, the exact search with half of the time
 *      left (a schedule, or the proof that none exists), then the paper's
 *      phase 1: branch-and-bound minimising the peak until it fits the
 *      budget (solver_cp.c).  Details in search_first below.
 *      A caller's hint that fits the budget is an incumbent too.
 *   2. The CP model's root fix-point under the incumbent: often a proof
 *      of optimality at once on small graphs.
 *   3. On graphs of up to 200 nodes, a short local search, then a slice
 *      of the exact search over staged schedules (model/exact*.c,
 *      solver_exact.c) under the incumbent: often the proof of optimality
 *      at once.
 *   4. Improvement: local search over recomputation sets
 *      (model/local_search*.c), most of the remaining time (on graphs of
 *      up to 200 nodes half); on those, then large neighbourhood search
 *      with the exact search as repair (solver_neighbourhood.c), a third of
 *      the rest: cheaper schedules the local search missed.
 *   5. The exact search again with the rest of the time (graphs of up to
 *      2,500 nodes): better schedules,
 *      a lower bound that rises as it goes, and the proof when it finishes;
 *      the CP branch-and-bound (solver_cp.c) only if time is left.
 *
 * In free-order or no-remat mode (issue 8) solver_order.c runs instead.
 * Every schedule goes through moc_solver_offer (re-scored by the evaluator).
 * The lower bound starts at sum(w) (every node is computed at least once)
 * raised by memory pressure (lower_bound.c), then by the exact search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/heuristic.h"
#include "model/lower_bound.h"
#include "model/solver_internal.h"

enum { COMPLETE_SEARCH_SLOTS = 20000, EXACT_SEARCH_NODES = 2500, SMALL_GRAPH = 200 };
enum { LOCAL_STEPS_PER_NODE = 20, LOCAL_STEPS_MIN = 200, LOCAL_STEP_WORK = 20000000 };
#define FIRST_EXACT_SECONDS 0.5
#define NEIGHBOURHOOD_SHARE (1.0 / 3)
#define EXACT_SETUP_S_PER_NODE2 6e-8
#define CP_SETUP_S_PER_SLOT 6e-6

/* Settled without search: the budget cases of any mode, and C = 1, where
 * the reference order is the only staged schedule. */
static moc_error settle_trivial(moc_solver *s, bool *settled) {
  moc_error err = moc_solver_settle_budget(s, settled);
  if (err != MOC_OK || *settled) return err;
  if (s->copies == 1) {
    *settled = true;
    s->status = MOC_STATUS_INFEASIBLE;
    snprintf(s->message, sizeof s->message,
             "with C = 1 only the reference order is possible, and its peak %lld exceeds "
             "the budget %lld",
             (long long)s->g->topo_peak, (long long)s->budget);
  }
  return MOC_OK;
}

/* A caller's hint is the caller's business: one that is invalid or over the
 * budget is ignored, not an internal error. */
static moc_error try_hint(moc_solver *s) {
  if (!s->hint) return MOC_OK;
  moc_eval *ev = NULL;
  moc_error err = moc_evaluate(s->g, s->hint, s->hint_len, &ev);
  if (err != MOC_OK) return err;
  bool fits = ev->valid && ev->peak <= s->budget;
  moc_eval_free(ev);
  return fits ? moc_solver_offer(s, s->hint, s->hint_len, -1, "hint") : MOC_OK;
}

/* The local search's steps with no time limit: LOCAL_STEPS_PER_NODE x n up
 * to 1,000 nodes, LOCAL_STEP_WORK / n beyond (a step costs more on larger
 * graphs: 0.13 ms on 1,000 nodes, 4 ms on 10,000), at least
 * LOCAL_STEPS_MIN; a fixed effort, so that the run does not depend on the
 * speed of the machine.  Measured with the search alone on
 * random_layered_n1000 at 0.8: 200 steps 3.00 %, 20,000 steps 2.72 % in
 * 3 s, where a 10 s run reaches 2.66 %; 10,000 nodes: 2,000 steps ~8 s. */
static uint64_t local_steps(const moc_solver *s) {
  uint64_t n = s->g->n ? s->g->n : 1;
  uint64_t steps = LOCAL_STEPS_PER_NODE * n, most = LOCAL_STEP_WORK / n;
  if (steps > most) steps = most;
  return steps > LOCAL_STEPS_MIN ? steps : LOCAL_STEPS_MIN;
}

/* The local search for `share` seconds (a share of moc_solver_remaining,
 * so 0 with no time limit: then for local_steps(s) steps), or for `steps`
 * steps when that comes first (0: no such limit). */
static moc_error improve_for(moc_solver *s, double share, uint64_t steps) {
  if (!s->best) return MOC_OK;
  moc_phase_ctx ctx = {s, "local", MOC_OK};
  moc_heur_params p = moc_solver_heur_params(s, &ctx);
  p.time_limit_s = share;
  p.max_iterations = steps;
  if (s->time_limit_s <= 0) p.max_iterations = local_steps(s);
  uint32_t *best = NULL;
  size_t best_len = 0;
  int rc = moc_heur_improve(s->g, &p, s->best, s->best_len, &best, &best_len);
  if (rc < 0) return MOC_ERR_NOMEM;
  moc_error err = ctx.err;
  if (rc == 0 && err == MOC_OK && best) err = moc_solver_offer(s, best, best_len, -1, "local");
  free(best);
  return err;
}

static moc_error improve(moc_solver *s, double share) { return improve_for(s, share, 0); }

/* The incumbent meets the lower bound: optimal (status set). */
static bool at_bound(moc_solver *s) {
  if (!s->best || s->best_cost > s->lower_bound) return false;
  s->status = MOC_STATUS_OPTIMAL;
  return true;
}

/* The share of the remaining time the local search gets before branch-and-
 * bound.  Complete search pays on small models (it proves optimality within
 * seconds on graphs of ~100 nodes); on large ones it rarely finishes, and the
 * local search keeps improving, so it gets nearly all the time.  On small
 * graphs the neighbourhood search follows with a third of what is left. */
static double heuristic_share(const moc_solver *s) {
  return s->g->n <= SMALL_GRAPH ? 0.5 : 0.9;
}

/* On small graphs, a first slice of the exact search (10 % of the time)
 * before the long local search: it often proves the incumbent optimal at
 * once.  The incumbent is first polished by a short local search
 * (local_steps(s) steps, at most 5 % of the time; ~20 ms on 100 nodes):
 * where C = 2 found nothing and the walk's schedule came first, that
 * incumbent can be far from optimal (125 % TDI on a generated 100-node
 * graph at 0.8, where the search reaches 11.6 %), and the exact search
 * then spent its slice under a bound that pruned nothing.  Without a time
 * limit the whole exact search comes later anyway. */
static moc_error exact_slice(moc_solver *s) {
  if (s->g->n > SMALL_GRAPH || s->time_limit_s <= 0 || moc_solver_should_stop(s)) return MOC_OK;
  moc_error err = improve_for(s, 0.05 * moc_solver_remaining(s), local_steps(s));
  if (err != MOC_OK || at_bound(s) || moc_solver_should_stop(s)) return err;
  return moc_solver_exact(s, 0.1 * moc_solver_remaining(s));
}

/* On small graphs, after the local search: large neighbourhood search with
 * the exact search as repair (solver_neighbourhood.c) for NEIGHBOURHOOD_SHARE
 * of the time left, before the deepening takes the rest.  The deepening
 * raises the bound, but reaches schedules far above it only when its
 * threshold does; the local search moves one recomputation at a time.  On
 * 13 runs of generated 100-200-node graphs that our 10 s runs did not
 * prove, four ended cheaper (11.62 -> 10.65 % TDI, 5.97 -> 5.70, 5.73 ->
 * 5.63, 7.85 -> 7.84), none dearer; three bounds fell (rl100s5 @ 0.8 gap
 * 2.02 -> 2.25 %).  With a quarter of the time for the local search instead
 * of half (the deepening keeping its half) one run ended dearer, 7.85 ->
 * 8.66 %: its local search needed 3.4 s. */
static moc_error neighbourhood_slice(moc_solver *s) {
  if (!s->best || s->g->n > SMALL_GRAPH || s->time_limit_s <= 0 || moc_solver_should_stop(s))
    return MOC_OK;
  return moc_solver_neighbourhoods(s, NEIGHBOURHOOD_SHARE * moc_solver_remaining(s));
}

/* Whether the exact and CP phases may run: their models take memory and
 * set-up time in n x C, too much for the few seconds they would get on
 * large graphs, where the local search keeps improving anyway.  The exact
 * search has a tighter limit of its own, EXACT_SEARCH_NODES: its node
 * analysis grows with n times the candidates of a step, so that on 10,000
 * nodes it analysed 3 nodes a second in 2 GB (2,248 nodes: 130 MB). */
static bool complete_search_fits(const moc_solver *s) {
  return (uint64_t)s->g->n * (uint64_t)s->copies <= COMPLETE_SEARCH_SLOTS;
}

/* Whether the time left gives a complete search room to search: their
 * set-up is not interrupted.  The exact search's (the root's analysis) grows
 * with about n^2: measured 0.03-0.05 s on 800-1,000-node random layered
 * graphs and 0.22-0.26 s on 2,000 nodes (any C); the CP model's with n x C:
 * 0.12 s for 20,000 slots.  Both ran 1 s runs of 2,000-node graphs up to
 * 0.2 s past their limit with nothing searched. */
static bool has_time(const moc_solver *s, double setup) {
  return s->time_limit_s <= 0 || moc_solver_remaining(s) >= 2 * setup;
}

static bool exact_has_time(const moc_solver *s) {
  double n = (double)s->g->n;
  return has_time(s, EXACT_SETUP_S_PER_NODE2 * n * n);
}

static bool cp_has_time(const moc_solver *s) {
  return has_time(s, CP_SETUP_S_PER_SLOT * (double)s->g->n * (double)s->copies);
}

/* C not pinned and no schedule with C = 2 found (or one proven not to
 * exist): more copies (moc_solver_construct_more).  When they find nothing
 * either, the status and message are the C = 2 search's again. */
static moc_error more_copies(moc_solver *s) {
  moc_status was = s->status;
  char message[sizeof s->message];
  memcpy(message, s->message, sizeof message);
  s->status = MOC_STATUS_UNKNOWN;
  moc_error err = moc_solver_construct_more(s);
  if (err == MOC_OK && !s->best) {
    s->status = was;
    memcpy(s->message, message, sizeof message);
  }
  return err;
}

/* C not pinned, no staged schedule with C copies (proven) and none found
 * with more: the exact search with one copy per stage (complete, as a staged
 * schedule computes a node at most once a stage) on graphs where n x n fits
 * the complete searches: a schedule (C becomes the most computations of one
 * node in it), or the proof that no staged schedule fits with any C.
 * Otherwise, or when its time runs out, the status is unknown and the
 * message says what was proven. */
static moc_error any_copies(moc_solver *s) {
  int asked = s->copies;
  uint32_t n = s->g->n;
  moc_error err = MOC_OK;
  bool proven = false;
  if ((uint64_t)n * n <= COMPLETE_SEARCH_SLOTS && exact_has_time(s) && !moc_solver_should_stop(s)) {
    s->copies = (int)n;
    s->status = MOC_STATUS_UNKNOWN;
    err = moc_solver_exact_first(s, moc_solver_remaining(s)); /* nothing else is left to try */
    proven = s->status == MOC_STATUS_INFEASIBLE;
  }
  if (err != MOC_OK) return err;
  int most = moc_solver_most_computations(s);
  if (most < 0) return MOC_ERR_NOMEM;
  s->copies = s->best ? most : asked;
  if (s->best) return MOC_OK;
  if (proven) {
    snprintf(s->message, sizeof s->message,
             "no staged schedule fits the budget %lld, with any number of computations per node",
             (long long)s->budget);
    return MOC_OK;
  }
  s->status = MOC_STATUS_UNKNOWN;
  snprintf(s->message, sizeof s->message,
           "no staged schedule with at most %d computations per node fits the budget %lld "
           "(proven); none was found with more",
           asked, (long long)s->budget);
  return MOC_OK;
}

/* When the construction found nothing: with C not pinned, on small graphs
 * the exact search with C = 2 (a tenth of the time, at most half a second:
 * C = 2 where it quickly finds a schedule), then more copies; then the exact
 * search with half of the time (on graphs where it runs: it finds a
 * schedule or proves there is none, e.g. a 29-node graph in 0.7 s where the
 * CP search proved nothing in 60 s); with C not pinned and that proof, the
 * search for any C (any_copies); else the paper's phase 1 (minimise the
 * peak by CP).  While C may still grow, the bounds proven for C = 2 are not
 * reported: they would not hold for more copies. */
static moc_error search_first(moc_solver *s, bool *settled) {
  moc_error err = MOC_OK;
  bool grows = !s->copies_pinned;
  bool exact = !s->best && s->g->n <= EXACT_SEARCH_NODES && complete_search_fits(s) &&
               s->time_limit_s > 0 && !moc_solver_should_stop(s);
  if (exact && grows && s->g->n <= SMALL_GRAPH) {
    double share = 0.1 * moc_solver_remaining(s);
    err = moc_solver_exact_first(s, share < FIRST_EXACT_SECONDS ? share : FIRST_EXACT_SECONDS);
  }
  if (err == MOC_OK && !s->best && grows && !moc_solver_should_stop(s)) err = more_copies(s);
  if (err == MOC_OK && exact && !s->best && s->status != MOC_STATUS_INFEASIBLE &&
      exact_has_time(s) && !moc_solver_should_stop(s))
    err = (grows ? moc_solver_exact_first : moc_solver_exact)(s, 0.5 * moc_solver_remaining(s));
  bool none_with_c = s->status == MOC_STATUS_INFEASIBLE;
  if (err == MOC_OK && !s->best && grows && none_with_c) {
    err = any_copies(s);
    *settled = !s->best; /* what was proven is stated; C = 2 has nothing more to say */
  }
  if (err == MOC_OK && !s->best && !none_with_c && !moc_solver_should_stop(s))
    err = moc_solver_cp_peak(s);
  return err;
}

static moc_error run_fixed(moc_solver *s) {
  bool settled = false;
  moc_error err = settle_trivial(s, &settled);
  if (err != MOC_OK || settled) return err;
  if ((err = try_hint(s)) != MOC_OK) return err;
  if (!moc_solver_should_stop(s) && (err = moc_solver_construct(s)) != MOC_OK) return err;
  /* the bound after the first schedule: on large graphs it takes seconds */
  int64_t bound = moc_lower_bound_pressure(s->g, s->budget);
  if (bound == -1) return MOC_ERR_NOMEM;
  if (bound > s->lower_bound) s->lower_bound = bound;
  if ((err = search_first(s, &settled)) != MOC_OK) return err;
  if (s->status == MOC_STATUS_INFEASIBLE || settled) return MOC_OK;
  if (!complete_search_fits(s)) return improve(s, moc_solver_remaining(s));
  if (cp_has_time(s) && !moc_solver_should_stop(s) && (err = moc_solver_cp_root(s)) != MOC_OK)
    return err;
  if (s->status == MOC_STATUS_OPTIMAL || s->status == MOC_STATUS_INFEASIBLE) return MOC_OK;
  if ((err = exact_slice(s)) != MOC_OK) return err;
  if (s->status == MOC_STATUS_OPTIMAL || s->status == MOC_STATUS_INFEASIBLE) return MOC_OK;
  double share = heuristic_share(s) * moc_solver_remaining(s);
  if (!moc_solver_should_stop(s) && (err = improve(s, share)) != MOC_OK) return err;
  if (at_bound(s)) return MOC_OK;
  if ((err = neighbourhood_slice(s)) != MOC_OK) return err;
  if (at_bound(s)) return MOC_OK;
  if (s->g->n <= EXACT_SEARCH_NODES && exact_has_time(s) && !moc_solver_should_stop(s) &&
      (err = moc_solver_exact(s, moc_solver_remaining(s))) != MOC_OK)
    return err;
  if (s->status == MOC_STATUS_OPTIMAL || s->status == MOC_STATUS_INFEASIBLE) return MOC_OK;
  if (cp_has_time(s) && !moc_solver_should_stop(s) && (err = moc_solver_cp(s)) != MOC_OK) return err;
  return MOC_OK;
}

moc_error moc_solver_run(moc_solver *s) {
  s->lower_bound = s->g->total_cost;
  if (s->order_mode == MOC_ORDER_FREE || s->no_remat) return moc_solver_run_free(s);
  moc_error err = run_fixed(s);
  return err == MOC_OK ? moc_solver_report_copies(s) : err;
}
