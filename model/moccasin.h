/* moccasin.h — the one public header of the moccasin library.
 *
 * moccasin plans tensor rematerialization: given a compute graph (nodes with a
 * compute cost and an output size, edges "v reads u") and a memory budget, it
 * finds a schedule (a sequence of node ids, recomputations allowed) whose peak
 * memory stays within the budget at the least total compute cost.  It follows
 * the MOCCASIN formulation (Bartan et al., ICML 2023) on its own constraint
 * engine.
 *
 * Conventions:
 *   - Opaque handles, create / set / solve / get / free.  No global state: any
 *     number of graphs and solvers may live in one process.
 *   - Every fallible call returns a moc_error; MOC_OK is 0.  The handle keeps a
 *     one-line message about the last error (moc_graph_error_message,
 *     moc_solver_error_message).  The library never prints and never aborts.
 *   - Nodes are addressed by their dense index 0..n-1 (the order of
 *     moc_graph_add_node calls); the caller's own 64-bit id of each node is kept
 *     for messages and output (moc_graph_node_id).
 *   - Costs, sizes and sums are int64_t.
 */
#ifndef MOCCASIN_H
#define MOCCASIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MOCCASIN_VERSION_MAJOR 0
#define MOCCASIN_VERSION_MINOR 1
#define MOCCASIN_VERSION_PATCH 0

/* ---- errors -------------------------------------------------------------- */

typedef enum moc_error {
  MOC_OK = 0,
  MOC_ERR_NOMEM,          /* an allocation failed */
  MOC_ERR_ARGUMENT,       /* a NULL pointer, an index out of range, ... */
  MOC_ERR_STATE,          /* call not allowed now (e.g. add_node after finish) */
  MOC_ERR_DUPLICATE_ID,   /* two nodes with one id */
  MOC_ERR_UNKNOWN_ID,     /* an edge or order names an id that is not a node */
  MOC_ERR_NEGATIVE,       /* a negative cost or size */
  MOC_ERR_OVERFLOW,       /* a sum of costs or sizes beyond 64 bits */
  MOC_ERR_CYCLE,          /* the graph is not acyclic */
  MOC_ERR_BAD_ORDER,      /* a given order is not a topological order of all nodes */
  MOC_ERR_BAD_FRACTION,   /* a budget fraction outside (0, 1] or not a decimal */
  MOC_ERR_BAD_COPIES,     /* C < 1 */
  MOC_ERR_INTERNAL        /* a broken invariant: a bug, please report */
} moc_error;

/* A static English name of an error code ("duplicate id", ...). */
const char *moc_error_name(moc_error err);

/* ---- graphs -------------------------------------------------------------- */

typedef struct moc_graph moc_graph;

/* Where the topological order used as the reference came from (SPEC §1). */
typedef enum moc_order_source {
  MOC_ORDER_GIVEN = 0,     /* moc_graph_set_order (a file's graph.order) */
  MOC_ORDER_ASCENDING_ID,  /* ascending node id, which was topological */
  MOC_ORDER_KAHN           /* Kahn's algorithm, smallest id first */
} moc_order_source;

const char *moc_order_source_name(moc_order_source src);

/* An empty graph, or NULL when out of memory. */
moc_graph *moc_graph_create(void);
void moc_graph_free(moc_graph *g);

/* Adds node `id` with compute cost `cost` >= 0 and output size `size` >= 0.
 * Its index is the number of nodes added before it. */
moc_error moc_graph_add_node(moc_graph *g, int64_t id, int64_t cost, int64_t size);
/* Adds the edge src -> dst (dst reads src's output), by ids.  A repeated edge
 * is accepted and kept once. */
moc_error moc_graph_add_edge(moc_graph *g, int64_t src_id, int64_t dst_id);
/* Gives the reference order as a list of n ids (optional; checked at finish). */
moc_error moc_graph_set_order(moc_graph *g, const int64_t *ids, size_t count);
/* Checks the graph (acyclic, order topological, sums within 64 bits), fixes
 * the reference order and computes the derived figures below.  No node or
 * edge can be added afterwards. */
moc_error moc_graph_finish(moc_graph *g);
/* The message of the last error on this graph ("" when none). */
const char *moc_graph_error_message(const moc_graph *g);

/* Builds and finishes a graph from arrays in one call.  `order` may be NULL.
 * On failure *out is NULL and, when msg is not NULL, a message is copied
 * into msg (at most msg_size bytes, NUL-terminated). */
moc_error moc_graph_from_arrays(size_t n, const int64_t *ids, const int64_t *costs,
                                const int64_t *sizes, size_t m, const int64_t *edge_src,
                                const int64_t *edge_dst, const int64_t *order,
                                moc_graph **out, char *msg, size_t msg_size);

/* Queries, valid after moc_graph_finish. */
size_t moc_graph_node_count(const moc_graph *g);
size_t moc_graph_edge_count(const moc_graph *g);
int64_t moc_graph_node_id(const moc_graph *g, uint32_t index);
int64_t moc_graph_node_cost(const moc_graph *g, uint32_t index);
int64_t moc_graph_node_size(const moc_graph *g, uint32_t index);
/* The index of the node with this id, or false when there is none. */
bool moc_graph_find(const moc_graph *g, int64_t id, uint32_t *index);
/* The reference topological order, as node indices (n of them). */
const uint32_t *moc_graph_topo_order(const moc_graph *g);
moc_order_source moc_graph_order_source(const moc_graph *g);
/* Peak memory and total cost of the reference order (SPEC §1 memory model). */
int64_t moc_graph_topo_peak(const moc_graph *g);
int64_t moc_graph_topo_cost(const moc_graph *g);
/* No budget below max_v (size_v + sum of predecessor sizes) is feasible. */
int64_t moc_graph_min_budget(const moc_graph *g);
/* XXH3-64 of the canonical graph (ids, costs, sizes, sorted edges). */
uint64_t moc_graph_fingerprint(const moc_graph *g);

/* B = ceil(f * topo_peak) for a decimal fraction f in (0, 1] given as text
 * ("0.8", "1", ".75"), computed exactly in integers. */
moc_error moc_graph_budget_from_fraction(const moc_graph *g, const char *fraction,
                                         int64_t *budget);

/* ---- the independent evaluator ------------------------------------------- */

/* The referee for every schedule (SPEC §1): validity, memory at every step,
 * peak, cost, and the tensors freed right after each step. */
typedef struct moc_eval {
  bool valid;            /* every node appears and every input was computed before */
  size_t bad_step;       /* when !valid: the first offending step (== length when a node never appears) */
  uint32_t bad_node;     /* when !valid: the missing input (or the node that never appears) */
  size_t length;         /* number of steps */
  int64_t peak;          /* max of memory[] (0 for an empty schedule) */
  int64_t cost;          /* sum of costs of all steps */
  int64_t *memory;       /* memory[j]: bytes resident at step j (length entries) */
  size_t *free_start;    /* frees after step j: free_nodes[free_start[j] .. free_start[j+1]) */
  uint32_t *free_nodes;  /* node indices */
} moc_eval;

/* Evaluates `schedule` (node indices, `length` steps).  On MOC_OK *out holds a
 * result to release with moc_eval_free (also when the schedule is invalid:
 * then only valid, bad_step and bad_node are meaningful). */
moc_error moc_evaluate(const moc_graph *g, const uint32_t *schedule, size_t length,
                       moc_eval **out);
void moc_eval_free(moc_eval *ev);

/* ---- the solver ---------------------------------------------------------- */

typedef struct moc_solver moc_solver;

typedef enum moc_status {
  MOC_STATUS_UNKNOWN = 0,   /* no schedule found, and none proven impossible (a limit
                               was reached; by default, also when only C = 2 was
                               proven to have none: see moc_solver_error_message) */
  MOC_STATUS_FEASIBLE,      /* a schedule within the budget; optimality not proven */
  MOC_STATUS_OPTIMAL,       /* a schedule proven of least cost (for the model's C) */
  MOC_STATUS_INFEASIBLE     /* proven: no schedule fits the budget (no staged
                               schedule with the C pinned, or, by default,
                               with any C; moc_solver_error_message says which) */
} moc_status;

const char *moc_status_name(moc_status st);

/* One call per new incumbent or improved bound. */
typedef struct moc_progress {
  double elapsed_s;      /* seconds since solve started */
  bool has_solution;     /* false while no schedule is known */
  int64_t cost;          /* incumbent cost (original units) */
  int64_t lower_bound;   /* proven lower bound on the cost */
  int64_t peak;          /* incumbent peak */
  uint64_t nodes, failures, restarts;
  const char *phase;     /* "construct", "local", "cp", "lns", ... */
} moc_progress;
typedef void (*moc_progress_fn)(const moc_progress *p, void *user);

/* A solver for a finished graph.  The graph must outlive the solver. */
moc_solver *moc_solver_create(const moc_graph *g);
void moc_solver_free(moc_solver *s);
const char *moc_solver_error_message(const moc_solver *s);

/* Options (set before solve).  One of the two budget setters is required. */
moc_error moc_solver_set_budget_bytes(moc_solver *s, int64_t budget);
moc_error moc_solver_set_budget_fraction(moc_solver *s, const char *fraction);
/* C, the computations allowed per node.  By default C = 2 (the paper's),
 * and when phase 1 finds no schedule with C = 2 the solver may use more
 * copies (up to what the walk of phase 1 uses, or 3, 4, 6, ... 32 tried in
 * turn) and states the C it used in moc_stats.copies.  Setting C pins it:
 * the solver never uses more (C = 1: no recomputation at all).
 * moc_solver_set_copies_auto restores the default. */
moc_error moc_solver_set_copies(moc_solver *s, int copies);
moc_error moc_solver_set_copies_auto(moc_solver *s);
moc_error moc_solver_set_time_limit(moc_solver *s, double seconds);  /* <= 0: none */
moc_error moc_solver_set_fail_limit(moc_solver *s, uint64_t failures); /* 0: none */
moc_error moc_solver_set_node_limit(moc_solver *s, uint64_t nodes);    /* 0: none */
moc_error moc_solver_set_seed(moc_solver *s, uint64_t seed);          /* default 1 */
/* A schedule (node indices) to start from; it is evaluated and used as the
 * first incumbent when it fits the budget, and as search hints either way. */
moc_error moc_solver_set_hint(moc_solver *s, const uint32_t *schedule, size_t length);
moc_error moc_solver_set_progress(moc_solver *s, moc_progress_fn fn, void *user);
/* The search stops soon after *flag becomes non-zero (set from a signal
 * handler or another thread); the best schedule so far is kept. */
moc_error moc_solver_set_stop_flag(moc_solver *s, volatile int *flag);

/* ---- the order of first computations (beyond the paper, issue 8) -------- */

/* MOC_ORDER_FIXED (the default, the paper's model): every node is first
 * computed in the graph's reference order; recomputations are inserted.
 * MOC_ORDER_FREE: the solver may also choose the order of first
 * computations (schedules are still scored by the evaluator, and budgets and
 * TDI are still measured against the reference order).  In free mode the
 * lower bound is sum(w), and a schedule is only proven optimal when its cost
 * reaches it.  Caller hints are not used in free mode. */
typedef enum moc_order_mode { MOC_ORDER_FIXED = 0, MOC_ORDER_FREE } moc_order_mode;
moc_error moc_solver_set_order_mode(moc_solver *s, moc_order_mode mode);
/* No recomputation at all: the schedule is a topological order (each node
 * once), searched for the least peak (implies the free order).  When no
 * order found fits the budget the status is MOC_STATUS_UNKNOWN (or
 * MOC_STATUS_INFEASIBLE below moc_graph_min_budget). */
moc_error moc_solver_set_no_remat(moc_solver *s, bool no_remat);

/* Solves.  Returns MOC_OK unless the call itself failed (out of memory, no
 * budget set, a broken invariant); the outcome is in moc_solver_status. */
moc_error moc_solver_solve(moc_solver *s);

/* Results. */
moc_status moc_solver_status(const moc_solver *s);
int64_t moc_solver_budget(const moc_solver *s);
int64_t moc_solver_cost(const moc_solver *s);         /* -1 without a schedule */
int64_t moc_solver_peak(const moc_solver *s);         /* -1 without a schedule */
int64_t moc_solver_lower_bound(const moc_solver *s);
/* The schedule as node indices; *length steps.  NULL without a schedule.
 * Valid until the solver is freed or solves again. */
const uint32_t *moc_solver_schedule(const moc_solver *s, size_t *length);
/* The evaluator's verdict on the schedule (memory per step, frees). */
const moc_eval *moc_solver_eval(const moc_solver *s);

typedef struct moc_stats {
  double time_s;              /* wall-clock time of solve */
  double time_to_first_s;     /* to the first schedule within budget (-1: none) */
  double time_to_best_s;      /* to the final incumbent (-1: none) */
  uint64_t nodes, failures, restarts;
  uint64_t incumbents;        /* number of improving schedules found */
  int copies;                 /* the C used: the most computations of one node
                                 in the schedule when that exceeds the C set */
  uint64_t seed;
} moc_stats;
moc_stats moc_solver_stats(const moc_solver *s);

/* ---- arena offsets ------------------------------------------------------- */

/* A firmware runtime keeps every tensor in one block of memory, the arena.
 * The arena plan gives every tensor instance of a schedule (one per step: the
 * output of that step, resident from its step through its last reader, as
 * moc_evaluate defines) a byte offset such that two instances resident at a
 * common step never share a byte.  Fragmentation can make the arena larger
 * than the summed peak; never smaller.  The planner starts from the
 * greedy-by-size planner of TensorFlow Lite Micro (largest tensor first, each
 * at the lowest offset that fits beside the already placed tensors that
 * overlap it in time), tries other placement orders and local moves, and
 * keeps the smallest arena.  It is deterministic. */

#define MOC_ARENA_DEFAULT_ALIGNMENT 16

typedef struct moc_arena {
  size_t length;          /* tensor instances, one per schedule step */
  int64_t alignment;      /* every offset is a multiple of it */
  int64_t size;           /* arena bytes: max of offset + bytes, rounded up to alignment */
  int64_t greedy_size;    /* the arena TFLM's greedy-by-size order alone needs */
  int64_t peak;           /* the summed peak of the schedule (a lower bound on size) */
  int64_t *offset;        /* offset[j]: where the output of step j lives */
  int64_t *bytes;         /* bytes[j]: its size */
  size_t *last;           /* last[j]: it is resident at steps j .. last[j] (inclusive) */
  const char *ordering;   /* the placement order that won ("size", "lifetime", ...) */
} moc_arena;

/* Plans the arena of a valid schedule (node indices, `length` steps) with
 * offsets aligned to `alignment` (>= 1; 0 means MOC_ARENA_DEFAULT_ALIGNMENT).
 * MOC_ERR_ARGUMENT when the schedule is invalid; MOC_ERR_OVERFLOW when the
 * aligned sizes sum beyond 64 bits.  Release *out with moc_arena_free. */
moc_error moc_arena_plan(const moc_graph *g, const uint32_t *schedule, size_t length,
                         int64_t alignment, moc_arena **out);
void moc_arena_free(moc_arena *a);

/* The planner on bare intervals: `count` buffers, buffer i of bytes[i] >= 0
 * bytes resident at steps first[i] .. last[i] (inclusive, first <= last).
 * Writes offsets[i] (count entries), *size (the arena) and, when greedy_size
 * is not NULL, the size the greedy-by-size order alone reaches. */
moc_error moc_arena_plan_intervals(size_t count, const int64_t *bytes, const size_t *first,
                                   const size_t *last, int64_t alignment, int64_t *offsets,
                                   int64_t *size, int64_t *greedy_size);

/* Solves so that the arena, not only the summed peak, fits the budget B.
 * Round 1 is moc_solver_solve; while the arena of the result exceeds B by
 * some excess, the next round solves again with the summed-peak budget
 * lowered by that excess, hinted with the previous schedule, until the arena
 * fits, no schedule is found, or `max_rounds` (>= 1) rounds are done.  The
 * time limit covers all rounds together.  On return the solver holds the
 * final schedule with the budget reset to B; its status is FEASIBLE when the
 * arena fits (optimality is not proven for the arena problem), and UNKNOWN
 * without a schedule otherwise (INFEASIBLE when round 1 proves it).  *arena
 * gets the plan of the final schedule, or NULL. */
moc_error moc_solver_solve_arena(moc_solver *s, int64_t alignment, int max_rounds,
                                 moc_arena **arena);

#ifdef __cplusplus
}
#endif
#endif /* MOCCASIN_H */
