/* heuristic.h — the heuristic side of the solver: staged schedules, a
 * constructive phase 1 and a local search (internal API of the library).
 *
 * Everything here works in the *staged* form of SPEC §2 (Checkmate's layout,
 * kept by MOCCASIN): stage t = 0..n-1 computes order[t] for the first time and
 * may, before that, recompute nodes order[k], k < t, in ascending k.  A staged
 * schedule is therefore just a set of recomputations (node, stage) with
 * stage > position[node], at most C - 1 of them per node.  Every such set is
 * a valid schedule; what varies is its peak and its cost.
 *
 *   moc_staged      the mutable state: copies per node, the memory profile
 *                   kept per stage in a segment tree, incremental add/remove
 *                   of one recomputation in O(deg * C * log n)  (staged*.c)
 *   construct       walk the order, evict and recompute at the first
 *                   overflowing step until the peak fits   (construct*.c)
 *   improve         drop useless recomputations, then a stage-weighting
 *                   local search (evict at weighted overflowing stages, remove
 *                   when the peak fits) under a time limit (local_search*.c)
 *
 * All functions are deterministic for a given seed and never print.
 */
#ifndef MOC_MODEL_HEURISTIC_H
#define MOC_MODEL_HEURISTIC_H

#include <stddef.h>
#include <stdint.h>

#include "model/graph.h"

/* One recomputation: `node` is computed again in stage `stage`
 * (stage > position[node]). */
typedef struct moc_remat {
  uint32_t node;
  uint32_t stage;
} moc_remat;

/* ---- conversions between schedules and recomputation sets ----------------- */

/* The schedule of a recomputation set: per stage its recomputations in
 * ascending position, then order[stage].  `remats` need not be sorted;
 * entries must satisfy stage > position[node] and stage < n.  Returns 0, or
 * -1 when out of memory or an entry is out of range.  *schedule is malloc'ed. */
int moc_staged_to_schedule(const moc_graph *g, const moc_remat *remats, size_t count,
                           uint32_t **schedule, size_t *length);

/* The recomputations of a schedule whose first computations follow the
 * reference order: a repeated node is assigned to the stage of the next first
 * computation.  Returns 0, 1 when the schedule's first computations do not
 * follow the order (or a node never appears), -1 when out of memory.
 * *remats is malloc'ed (NULL when there are none). */
int moc_staged_from_schedule(const moc_graph *g, const uint32_t *schedule, size_t length,
                             moc_remat **remats, size_t *count);

/* ---- the incremental state ------------------------------------------------- */

typedef struct moc_staged moc_staged;

/* A state with no recomputation (the topological order), allowing `copies`
 * computations per node (C >= 1).  NULL when out of memory. */
moc_staged *moc_staged_create(const moc_graph *g, int copies);
void moc_staged_free(moc_staged *st);

/* Adds recomputation (v, t).  Returns 0, 1 when not allowed (t <= position[v],
 * t >= n, v already computed in stage t, or v already has C copies), -1 when
 * out of memory (the state is then unchanged). */
int moc_staged_add(moc_staged *st, uint32_t v, uint32_t t);
/* Removes recomputation (v, t).  Returns 0, 1 when there is none, -1 when
 * the journal (below) cannot grow. */
int moc_staged_remove(moc_staged *st, uint32_t v, uint32_t t);
/* Removes every recomputation (and empties the journal). */
void moc_staged_clear(moc_staged *st);

/* The journal: while on, every add and remove is recorded so that
 * moc_staged_undo can revert the state to an earlier mark.  Turning it on
 * reserves room for `reserve` entries (0 or -1 when out of memory); adds fail
 * with -1 when the journal cannot grow. */
int moc_staged_journal(moc_staged *st, int on, size_t reserve);
size_t moc_staged_mark(const moc_staged *st);
void moc_staged_undo(moc_staged *st, size_t mark);
/* Empties the journal (the current state becomes the oldest mark, 0). */
void moc_staged_forget(moc_staged *st);

int64_t moc_staged_peak(const moc_staged *st);   /* peak of the whole schedule */
int64_t moc_staged_cost(const moc_staged *st);   /* topo cost + recomputations */
size_t moc_staged_count(const moc_staged *st);   /* number of recomputations */
size_t moc_staged_length(const moc_staged *st);  /* steps: n + count */
/* The peak over the steps of stages first..last (inclusive). */
int64_t moc_staged_range_peak(const moc_staged *st, uint32_t first, uint32_t last);

/* The recomputations in (stage, position) order; writes moc_staged_count()
 * entries into out. */
void moc_staged_list(const moc_staged *st, moc_remat *out);
/* Loads a recomputation set (clears first).  Returns 0, 1 when an entry is
 * not allowed, -1 when out of memory. */
int moc_staged_load(moc_staged *st, const moc_remat *remats, size_t count);
/* The current schedule (malloc'ed); 0 or -1 when out of memory. */
int moc_staged_schedule(const moc_staged *st, uint32_t **schedule, size_t *length);

/* ---- the evict-and-recompute walk (construct_walk.c) ---------------------- */

/* How the walk picks the tensor to evict. */
typedef enum moc_walk_rule {
  MOC_WALK_BELADY = 0,  /* size * distance to the next reader / recomputation cost */
  MOC_WALK_CHEAP        /* size / recomputation cost, farther next reader on ties */
} moc_walk_rule;

typedef struct moc_walk_params {
  int64_t budget;        /* every step's memory stays <= budget */
  uint32_t copies;       /* computations per node at most (0: unlimited) */
  moc_walk_rule rule;
  double time_limit_s;   /* gives up after it (<= 0: none) */
  size_t max_steps;      /* gives up beyond this schedule length (0: 64 (n + 1)) */
  uint64_t max_work;     /* gives up beyond this many candidate and closure visits of the
                            eviction choice (0: 128 n^2 + 2^20) */
  volatile int *stop;    /* gives up soon after *stop != 0 (may be NULL) */
} moc_walk_params;

/* Unlimited copies, Belady's rule, no limits. */
moc_walk_params moc_walk_defaults(int64_t budget);

/* Walks the reference order, recomputing evicted inputs just before use
 * and evicting by the rule whenever memory would exceed the budget.  The
 * schedule's first computations follow the order; recomputations need not
 * keep the staged layout.  Returns 0 (schedule malloc'ed, *max_copies the
 * most computations of one node), 1 when the walk got stuck or hit a
 * limit, -1 when out of memory. */
int moc_walk(const moc_graph *g, const moc_walk_params *p, uint32_t **schedule, size_t *length,
             uint32_t *max_copies);

/* ---- phase 1 and the local search ------------------------------------------ */

typedef void (*moc_heur_incumbent_fn)(void *user, const uint32_t *schedule, size_t length,
                                      int64_t cost, int64_t peak);

typedef struct moc_heur_params {
  int64_t budget;              /* B: every returned schedule has peak <= B */
  int copies;                  /* C >= 1 computations per node (2 in the paper) */
  uint64_t seed;               /* the random stream; same seed, same result */
  double time_limit_s;         /* improve: wall-clock limit (<= 0: a small default effort) */
  uint64_t max_iterations;     /* improve: local-search steps (0: no limit) */
  volatile int *stop;          /* stops soon after *stop != 0 (may be NULL) */
  moc_heur_incumbent_fn on_incumbent;  /* each improving feasible schedule (may be NULL) */
  void *user;                  /* passed to on_incumbent */
} moc_heur_params;

/* Default parameters for budget B: C = 2, seed 1, 1 s. */
moc_heur_params moc_heur_defaults(int64_t budget);

/* Phase 1: a schedule with peak <= budget, built by walking the order and
 * evicting at the first overflowing step.  Returns 0 (schedule set,
 * malloc'ed), 1 when no schedule was found, -1 when out of memory. */
int moc_heur_construct(const moc_graph *g, const moc_heur_params *p, uint32_t **schedule,
                       size_t *length);

/* Phase 1 on a state (from its current recomputations): the greedy walk;
 * when it gets stuck, the stage-weighting search from there, then randomised
 * walks from scratch, both only until p->time_limit_s (5 s when that is
 * <= 0) has passed; then the drop pass.
 * Returns 0, 1 when no schedule was found, -1 when out of memory. */
int moc_heur_build(moc_staged *st, const moc_heur_params *p);

/* The eviction walk on a state: adds recomputations until the peak fits.  Returns 0,
 * 1 when stuck at some stage (it then walks on past that stage, so that only
 * the stages it gave up on still overflow), -1 when out of memory.
 * `noise` >= 0 randomises the eviction choice (0: greedy); `rng` is the
 * caller's xorshift state (unused when noise is 0). */
int moc_heur_repair(moc_staged *st, int64_t budget, double noise, uint64_t *rng);
/* The same; rank_inputs = 0 ranks evictions by the node's own cost per byte
 * only (moc_heur_repair ranks with the inputs they revive). */
int moc_heur_repair_ranked(moc_staged *st, int64_t budget, double noise, uint64_t *rng,
                           int rank_inputs);
/* The same, giving up (1) once the monotonic clock passes `deadline`
 * (seconds of CLOCK_MONOTONIC; 0: none) or *stop is set (stop may be NULL). */
int moc_heur_repair_until(moc_staged *st, int64_t budget, double noise, uint64_t *rng,
                          int rank_inputs, double deadline, volatile int *stop);

/* Removes recomputations whose removal keeps the peak within budget, most
 * expensive first.  Returns the number removed. */
size_t moc_heur_drop(moc_staged *st, int64_t budget);
/* The same over the given recomputations only (absent ones are skipped). */
size_t moc_heur_drop_some(moc_staged *st, int64_t budget, const moc_remat *list, size_t count);

/* Phase 2: improves a schedule.  `start` (staged, peak <= budget) may be
 * NULL: then phase 1 runs first.  *best receives the best schedule found
 * (never worse than start).  Returns 0, 1 when there is no feasible
 * schedule (start invalid and construction failed), -1 when out of memory. */
int moc_heur_improve(const moc_graph *g, const moc_heur_params *p, const uint32_t *start,
                     size_t start_len, uint32_t **best, size_t *best_len);

#endif /* MOC_MODEL_HEURISTIC_H */
