/* search.h — depth-first branch-and-bound over an engine: branching,
 * restarts, limits, solution hints and the neighbourhood-search step.
 *
 * Architecture after MiniCP (DFS and branch-and-bound as small pieces) and
 * MiniSat (Luby restarts, budgets): a decision is a bound split on one
 * variable, x <= v (then x > v on backtrack) or x >= v (then x < v), chosen
 * by a pluggable brancher.  With an objective variable, every solution
 * tightens obj <= best - 1 at each node that follows, so exhausting the
 * search space proves optimality.  The search owns a PRNG (seeded by the
 * caller) for tie-breaking: the same seed and the same effort limits (nodes,
 * failures) give the same result, bit for bit; only the wall-clock limit and
 * the stop flag make runs differ.
 *
 * Posting the objective.  Make an integer variable obj and tie it to a linear
 * sum with the linear propagator (propagators/linear.h):
 *
 *     moc_var terms[n + 1]; int64_t coef[n + 1];
 *     ...terms[i] = p_i, coef[i] = w_i for i < n...
 *     moc_var obj = moc_new_int(e, 0, sum_of_w);
 *     terms[n] = obj; coef[n] = -1;
 *     moc_post_linear_eq(e, n + 1, coef, terms, 0);     sum w_i p_i - obj == 0
 *
 * Solving (usage example):
 *
 *     static void on_solution(const moc_engine *e, const moc_search_progress *p, void *user) {
 *       my_model *m = user;               copy what you need: moc_lb(e, x) of fixed vars
 *       fprintf(stderr, "%.2fs cost %lld bound %lld\n", p->time_s, (long long)p->objective,
 *               (long long)p->bound);
 *     }
 *
 *     moc_search *s = moc_search_create(e);
 *     moc_search_set_objective(s, obj);
 *     moc_search_set_decision_vars(s, vars, n);        default brancher's variables
 *     moc_search_set_seed(s, 42);
 *     moc_search_set_restarts(s, 100);                 Luby x 100 failures; 0: none
 *     moc_search_limits lim = {.time_s = 10.0, .max_failures = 0, .max_nodes = 0, .stop = NULL};
 *     moc_search_set_limits(s, &lim);                  the clock starts now
 *     moc_search_set_callback(s, on_solution, m);
 *     moc_search_set_hint(s, vars[0], 1);              optional: tried first
 *     moc_search_status st = moc_search_solve(s);
 *     if (moc_search_has_solution(s)) best = moc_search_best_objective(s);
 *     ...neighbourhood search: fix part of the incumbent, re-solve the rest...
 *     for (size_t i = 0; i < k; i++) vals[i] = moc_search_best(s)[fixed_vars[i]];
 *     st = moc_search_lns(s, fixed_vars, vals, k, 500);   fail limit 500
 *     ...or the ready-made policy, until the limits or a proof...
 *     st = moc_search_lns_loop(s, vars, n, NULL);
 *     moc_search_free(s);
 *
 * The engine must be at a fix-point at the level where solve or lns is
 * called (after moc_propagate, or untouched since posting); both return at
 * that level.  Variables are read with moc_lb/moc_ub inside the callback,
 * where every decision variable and the objective are fixed; the callback
 * must not change the engine.  Bounds found at the level of the call stay:
 * when solve runs at level 0, obj <= best - 1 is a root fact afterwards, and
 * once optimality is proven the engine is failed for good (its root has no
 * better solution).  Search inside a pushed level to keep the engine usable.
 */
#ifndef MOC_SEARCH_SEARCH_H
#define MOC_SEARCH_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

typedef struct moc_search moc_search;

typedef enum moc_search_status {
  MOC_SEARCH_UNKNOWN = 0,  /* stopped by a limit before any solution */
  MOC_SEARCH_FEASIBLE,     /* a solution, optimality not proven (or no objective) */
  MOC_SEARCH_OPTIMAL,      /* the space was exhausted under the best bound */
  MOC_SEARCH_INFEASIBLE    /* the space was exhausted without a solution */
} moc_search_status;

/* A decision: first branch x <= value (ge false) or x >= value (ge true);
 * the second branch is its negation, x > value or x < value. */
typedef struct moc_branch {
  moc_var var;
  bool ge;
  int64_t value;
} moc_branch;

/* A brancher: fills *out with the next decision and returns true, or returns
 * false when all of its variables are fixed: that node is a solution, so its
 * variables must be enough for the propagators to check every constraint
 * (the search itself only adds obj = lb(obj) when obj is still open).  It must pick a decision whose
 * both branches shrink the domain (lb <= value < ub for x <= value,
 * lb < value <= ub for x >= value). */
typedef struct moc_brancher {
  bool (*choose)(void *self, moc_search *s, moc_branch *out);
  void *self;
} moc_brancher;

/* Variable selection and value choice of the default brancher. */
typedef enum moc_select {
  MOC_SELECT_SMALLEST = 0,  /* smallest domain, random ties */
  MOC_SELECT_FIRST,         /* first unfixed, in the given order */
  MOC_SELECT_WDEG           /* smallest domain / weighted degree (Boussemart et al. 2004) */
} moc_select;
typedef enum moc_value { MOC_VALUE_MIN = 0, MOC_VALUE_MAX, MOC_VALUE_SPLIT } moc_value;

/* Effort limits; zero (or NULL) means none.  Failures and nodes count from
 * the search's creation, across solve and lns calls.  Once a limit is hit,
 * every later solve or lns returns at once, until moc_search_set_limits. */
typedef struct moc_search_limits {
  double time_s;           /* wall-clock seconds from moc_search_set_limits */
  uint64_t max_failures;
  uint64_t max_nodes;
  volatile int *stop;      /* non-zero: stop as soon as possible (another thread) */
} moc_search_limits;

/* What the callback learns about each new incumbent. */
typedef struct moc_search_progress {
  double time_s;           /* since moc_search_set_limits (or create) */
  int64_t objective;       /* the new incumbent's objective (0 without one) */
  int64_t bound;           /* a proven lower bound on the objective */
  uint64_t nodes, failures, restarts, solutions;
} moc_search_progress;

/* Called at every solution, with the engine at the solution's node. */
typedef void (*moc_solution_fn)(const moc_engine *e, const moc_search_progress *p, void *user);

/* ---- set up ---- */
moc_search *moc_search_create(moc_engine *e);   /* NULL when out of memory */
void moc_search_free(moc_search *s);
moc_engine *moc_search_engine(const moc_search *s);
void moc_search_set_objective(moc_search *s, moc_var obj);  /* minimise obj */
/* The default brancher's variables (copied); 0 or -1 when out of memory. */
int moc_search_set_decision_vars(moc_search *s, const moc_var *vars, size_t n);
void moc_search_set_strategy(moc_search *s, moc_select select, moc_value value);
/* Replaces the default brancher (NULL restores it). */
void moc_search_set_brancher(moc_search *s, const moc_brancher *b);
void moc_search_set_seed(moc_search *s, uint64_t seed);
void moc_search_set_restarts(moc_search *s, uint64_t luby_unit);
void moc_search_set_limits(moc_search *s, const moc_search_limits *limits);
void moc_search_set_callback(moc_search *s, moc_solution_fn fn, void *user);
/* A preferred value for x, tried first by the default brancher while it is
 * within x's domain.  0, or -1 when out of memory or x is no variable. */
int moc_search_set_hint(moc_search *s, moc_var x, int64_t value);
void moc_search_clear_hints(moc_search *s);
/* Solution-guided search (phase saving for branch-and-bound): every new
 * incumbent replaces the hints, so branchers that follow hints (the default
 * one, and any that read moc_search_hint) dive next to the incumbent first.
 * Off by default. */
void moc_search_set_guided(moc_search *s, bool on);

/* ---- solve ---- */
moc_search_status moc_search_solve(moc_search *s);
/* The neighbourhood step: one level above the current, fixes vars[i] to
 * values[i], searches the rest under `max_failures` more failures (0: none;
 * the global limits still apply) for a solution better than the incumbent,
 * keeps any it finds, and backtracks to where it started.  Returns OPTIMAL
 * when the neighbourhood was exhausted (it holds nothing better than the
 * incumbent now), INFEASIBLE when exhausted without any incumbent at all,
 * FEASIBLE when stopped after improving (or, without objective, on the first
 * solution), UNKNOWN when stopped without improving. */
moc_search_status moc_search_lns(moc_search *s, const moc_var *vars, const int64_t *values, size_t n,
                                 uint64_t max_failures);

/* A ready-made LNS policy (search/lns_loop.c): rounds of moc_search_lns
 * that free a fraction of `vars` (a random subset or a window of the list,
 * alternately) and fix the rest to the incumbent, with an adaptive fraction.
 * Needs an incumbent (returns UNKNOWN without one).  Runs until the global
 * limits (or max_rounds); returns OPTIMAL when a round that frees every
 * variable is exhausted, else FEASIBLE. */
typedef struct moc_lns_options {
  double relax;            /* initial fraction of vars freed, in (0, 1]; default 0.3 */
  uint64_t fail_budget;    /* failures per round (0: none); default 200 */
  uint64_t max_rounds;     /* 0: until a limit or a proof */
  /* Optional structured neighbourhoods: set is_free[i] = 1 for about k of
   * the n positions of vars to free in this round (all start at 0; draw
   * randomness from moc_search_random).  NULL: the built-in alternation.
   * Whole-problem rounds never call it. */
  void (*neighbourhood)(void *user, moc_search *s, uint64_t round, size_t k, uint8_t *is_free,
                        size_t n);
  void *user;
} moc_lns_options;
moc_search_status moc_search_lns_loop(moc_search *s, const moc_var *vars, size_t n,
                                      const moc_lns_options *opt);

/* ---- results ---- */
bool moc_search_has_solution(const moc_search *s);
int64_t moc_search_best_objective(const moc_search *s);
/* The proven lower bound on the objective (the best objective once optimal). */
int64_t moc_search_bound(const moc_search *s);
/* The incumbent: for every variable of the engine, its value at the best
 * solution (its lower bound there, if it was not fixed); NULL before any. */
const int64_t *moc_search_best(const moc_search *s);
bool moc_search_stopped(const moc_search *s);          /* a limit was hit */
moc_search_progress moc_search_stats(const moc_search *s);
/* A value from the search's PRNG (for branchers). */
uint64_t moc_search_random(moc_search *s);
/* How many failures the propagators watching x have caused, plus one: the
 * weighted degree of dom/wdeg (for branchers). */
uint64_t moc_search_wdeg(const moc_search *s, moc_var x);
/* The hint for x, if any (for branchers). */
bool moc_search_hint(const moc_search *s, moc_var x, int64_t *value);

/* The Luby sequence 1 1 2 1 1 2 4 1 1 2 ... (i >= 1). */
uint64_t moc_luby(uint64_t i);

#endif /* MOC_SEARCH_SEARCH_H */
