/* internal.h — the search handle, shared by the search/ sources only.
 *
 * Everything hangs off one handle (Kissat): the engine it drives, the
 * brancher, limits, the PRNG, the incumbent and the decision stack.  Memory
 * comes from the engine (moc_engine_alloc / realloc) and is given back by
 * moc_search_free, or with the engine.
 */
#ifndef MOC_SEARCH_INTERNAL_H
#define MOC_SEARCH_INTERNAL_H

#include "search/search.h"

/* One open decision on the stack. */
typedef struct moc_frame {
  moc_branch b;     /* the decision */
  uint32_t level;   /* the level pushed for it */
  bool second;      /* its negation is being explored */
} moc_frame;

/* The default brancher's state. */
typedef struct moc_default_brancher {
  moc_var *vars;     /* decision variables */
  size_t n;
  moc_select select;
  moc_value value;
  moc_tint first;    /* FIRST: vars before it are fixed; -1 when none */
} moc_default_brancher;

/* Why a DFS run ended. */
typedef enum moc_run_end {
  RUN_EXHAUSTED,    /* no open branch left under the base level */
  RUN_SOLVED,       /* a solution and no objective: done */
  RUN_BUDGET,       /* the run's own failure budget (restart or lns) */
  RUN_LIMIT         /* a global limit or the stop flag */
} moc_run_end;

struct moc_search {
  moc_engine *e;
  moc_var obj;                 /* objective to minimise, or -1 */
  moc_brancher brancher;       /* the one in use */
  moc_default_brancher dflt;   /* the default one */
  uint64_t rng;                /* PRNG state (splitmix64) */
  uint64_t luby_unit;          /* restart unit in failures, 0: no restarts */

  moc_search_limits limits;
  double start;                /* monotonic seconds when limits were set */
  bool stopped;                /* a global limit was hit */
  uint64_t ticks;              /* limit checks, to read the clock every 64 */

  moc_solution_fn on_solution;
  void *user;

  bool guided;                 /* each solution becomes the hints */
  int64_t *hint;               /* by variable */
  uint8_t *has_hint;
  size_t hint_cap;

  bool has_solution;
  int64_t best_obj;
  int64_t bound;               /* proven lower bound of obj */
  int64_t *best;               /* incumbent, by variable */
  size_t best_cap;

  uint32_t *weight;            /* by propagator: failures it caused (dom/wdeg) */
  size_t weight_cap;
  moc_frame *stack;            /* open decisions */
  size_t depth, stack_cap;
  uint64_t nodes, failures, restarts, solutions;
};

/* limits.c */
double moc_search_now(void);
bool moc_search_limit_hit(moc_search *s);

/* bnb.c: depth-first search under the current level, at most `budget`
 * failures (0: unlimited); leaves the engine at that level.  `global`: the
 * current level is the whole problem, so its bounds are proven bounds. */
moc_run_end moc_search_run(moc_search *s, uint64_t budget, bool global);
/* Sizes the incumbent (and, when guided, the hints) to the engine's
 * variables; false when out of memory. */
bool moc_search_reserve(moc_search *s);
bool moc_search_reserve_hints(moc_search *s);

/* brancher.c */
bool moc_default_choose(void *self, moc_search *s, moc_branch *out);

#endif /* MOC_SEARCH_INTERNAL_H */
