/* solver_internal.h — the inside of a moc_solver, shared by the files of the
 * solver: solver.c (life cycle, options, results), solver_incumbent.c (every
 * schedule offered by any phase is re-scored by the independent evaluator
 * before it is accepted) and solver_run.c (the phases: trivial cases,
 * construction, local search, constraint search).
 */
#ifndef MOC_MODEL_SOLVER_INTERNAL_H
#define MOC_MODEL_SOLVER_INTERNAL_H

#include <time.h>

#include "model/graph.h"
#include "model/heuristic.h"

struct moc_solver {
  const moc_graph *g;

  /* options */
  int64_t budget;           /* bytes; valid when budget_set */
  bool budget_set;
  int copies;               /* C in effect during a solve (may grow, see below) */
  int copies_asked;         /* C as set: the start of every solve */
  bool copies_pinned;       /* set by the caller: C never grows beyond it */
  double time_limit_s;      /* <= 0: none */
  uint64_t fail_limit;      /* 0: none */
  uint64_t node_limit;      /* 0: none */
  uint64_t seed;
  uint32_t *hint;           /* a schedule to start from, or NULL */
  size_t hint_len;
  moc_progress_fn progress; /* may be NULL */
  void *progress_user;
  volatile int *user_stop;  /* the caller's stop flag, or NULL */
  moc_order_mode order_mode; /* fixed (the paper's) or free (solver_order.c) */
  bool no_remat;            /* each node computed once: search orders only */

  /* the run */
  struct timespec started;  /* when solve began */
  volatile int stop;        /* set when a limit is reached or the caller stops */
  bool internal_error;      /* an offered schedule failed re-scoring */

  /* results */
  moc_status status;
  uint32_t *best;           /* incumbent schedule (node indices) */
  size_t best_len;
  int64_t best_cost;        /* -1: none */
  int64_t best_peak;
  moc_eval *best_eval;      /* the evaluator's verdict on best */
  int64_t lower_bound;
  moc_stats stats;

  char message[256];
};

/* solver_incumbent.c */
double moc_solver_elapsed(const moc_solver *s);
/* True when the time limit passed or the caller's flag is up (and then the
 * internal stop flag is raised so every phase sees it). */
bool moc_solver_should_stop(moc_solver *s);
/* Offers a schedule found by a phase.  It is evaluated; when it is valid and
 * within budget and cheaper than the incumbent it becomes the incumbent and
 * progress is reported.  A schedule the phase claimed feasible that the
 * evaluator rejects, or whose cost differs from `claimed_cost` (>= 0 to
 * check), sets internal_error.  Returns MOC_OK, MOC_ERR_NOMEM or
 * MOC_ERR_INTERNAL. */
moc_error moc_solver_offer(moc_solver *s, const uint32_t *schedule, size_t length,
                           int64_t claimed_cost, const char *phase);
/* Raises the proven lower bound (and reports it). */
void moc_solver_raise_bound(moc_solver *s, int64_t bound, const char *phase);
/* A complete search found no staged schedule with the current C: the
 * status becomes infeasible, with a message that names C (the proof covers
 * staged schedules with at most C computations per node, no more). */
void moc_solver_staged_infeasible(moc_solver *s);
void moc_solver_report(moc_solver *s, const char *phase);

/* solver_cp.c: branch-and-bound on the CP model under the incumbent. */
moc_error moc_solver_cp(moc_solver *s);
/* The same model's root fix-point alone, under the incumbent: a proof of
 * optimality (or of infeasibility) when propagation already refutes any
 * cheaper schedule. */
moc_error moc_solver_cp_root(moc_solver *s);
/* Phase 1 when construction fails: branch-and-bound minimising the peak,
 * stopping at the first schedule within the budget (the paper's phase 1). */
moc_error moc_solver_cp_peak(moc_solver *s);

/* solver_exact.c: the exact search (exact.h) under the incumbent, for at
 * most time_limit_s seconds (<= 0: the solver's own limits only): better
 * schedules, a rising lower bound, and the proof when it finishes. */
moc_error moc_solver_exact(moc_solver *s, double time_limit_s);
/* The same without reporting its bounds: for a C that may still grow, where
 * a bound proven for this C would not hold for the solve. */
moc_error moc_solver_exact_first(moc_solver *s, double time_limit_s);
/* The exact search covered every staged set with this C: the incumbent is
 * optimal (status and bound, reported as `phase`), or with none no staged
 * schedule fits. */
void moc_solver_exact_exhausted(moc_solver *s, const char *phase);
/* moc_solver_offer for a staged recomputation set (solver_exact.c). */
moc_error moc_solver_offer_staged(moc_solver *s, const moc_remat *remats, size_t count,
                                  int64_t cost, const char *phase);
/* solver_neighbourhood.c: large neighbourhood search around the incumbent
 * with the exact search as repair, for `seconds` (nothing without a time
 * limit or an incumbent). */
moc_error moc_solver_neighbourhoods(moc_solver *s, double seconds);

/* solver_order.c: the phases of a solve in free-order or no-remat mode. */
moc_error moc_solver_run_free(moc_solver *s);

/* What a heuristic phase reports back through (solver_incumbent.c): its
 * incumbents are offered under the phase's name; the first error stays. */
typedef struct moc_phase_ctx {
  moc_solver *s;
  const char *phase;
  moc_error err;
} moc_phase_ctx;
/* Heuristic parameters from the solver's options: budget, C, seed, the
 * caller's stop flag, incumbents offered through ctx; no time limit (each
 * phase sets its own share). */
moc_heur_params moc_solver_heur_params(moc_solver *s, moc_phase_ctx *ctx);
/* The remaining time, or 0 without a time limit (at least 1 ms with one). */
double moc_solver_remaining(const moc_solver *s);
/* Cases settled without search, in any order mode: a budget below the
 * graph's lower bound (infeasible), or at or above the reference order's
 * peak (that order, optimal).  *settled tells whether one applied. */
moc_error moc_solver_settle_budget(moc_solver *s, bool *settled);

/* solver_construct.c: phase 1 in fixed-order mode (the walk, the staged
 * construction, and more copies when C, not pinned, finds nothing). */
moc_error moc_solver_construct(moc_solver *s);
/* When nothing is found with C (not pinned): the staged construction with
 * C = 3, 4, 6, 8, ... 32 in turn, each with a short slice of time, then (with
 * a time limit) from 32 down with longer ones; the first C that finds a
 * schedule stays for the rest of the solve, C is back to what it was when
 * none does. */
moc_error moc_solver_construct_more(moc_solver *s);
/* stats.copies: C, or the most computations of one node in the incumbent
 * when that is more. */
moc_error moc_solver_report_copies(moc_solver *s);
/* The most computations of one node in the incumbent (0: none; -1: out of
 * memory). */
int moc_solver_most_computations(const moc_solver *s);

/* solver_run.c */
moc_error moc_solver_run(moc_solver *s);

#endif /* MOC_MODEL_SOLVER_INTERNAL_H */
