/* exact.h — an exact search over staged schedules (internal API of the
 * library): the proof of optimality on graphs of ~100 nodes, and a lower
 * bound that rises while it runs on larger ones.
 *
 * The search works on recomputation sets R (model/heuristic.h), growing them
 * one recomputation at a time on an incremental moc_staged state.  At a set R
 * whose schedule overflows the budget at some step K, every feasible superset
 * R* of R must make some tensor u resident at K (neither computed nor read
 * there) absent at K; with R* ⊇ R, the next reader r of u after K still
 * exists, so R* recomputes u in a stage whose step falls strictly between K
 * and r.  These (u, stage) pairs are the children of R: child i adds
 * candidate i and forbids candidates 1..i-1 in its subtree, so the subtrees
 * partition the supersets and no set is visited twice.  The same argument is
 * the bound: the excess at K must be covered by tensors with an allowed
 * candidate, each costing its compute cost at least once (a covering
 * knapsack per overflowing step: fractional, then 0-1 with the inputs the
 * recomputations must read, exact_whole.c; the largest over the steps, or
 * their cost-split sum, exact_bound.c).
 *
 * The search runs as iterative deepening on the cost (IDA*, thresholds
 * growing geometrically, pathmax on the bound): every completed iteration
 * proves a lower bound (the least bound of the nodes it cut), so the bound
 * rises while the search goes on; an iteration that finds a schedule keeps
 * going as branch-and-bound under it.  Files: exact.c (the search),
 * exact_node.c (the analysis of one node: overflowing steps, candidates,
 * bound), exact_bound.c, exact_whole.c, exact_inputs.c (the bounds),
 * exact_canon.c (which stages to try).  Deterministic; never prints.
 */
#ifndef MOC_MODEL_EXACT_H
#define MOC_MODEL_EXACT_H

#include <stdint.h>
#include <time.h>

#include "model/heuristic.h"
#include "model/staged.h"

typedef void (*moc_exact_incumbent_fn)(void *user, const moc_remat *remats, size_t count,
                                       int64_t cost);
typedef void (*moc_exact_bound_fn)(void *user, int64_t bound);

typedef struct moc_exact_params {
  int64_t budget;          /* B */
  int copies;              /* C >= 1 */
  int64_t upper;           /* look only for costs < upper (INT64_MAX: no incumbent) */
  uint64_t node_limit;     /* 0: none */
  double time_limit_s;     /* <= 0: none */
  volatile int *stop;      /* stops soon after *stop != 0 (may be NULL) */
  moc_exact_incumbent_fn on_incumbent;  /* each cheaper schedule found (may be NULL) */
  moc_exact_bound_fn on_bound;          /* each raised lower bound (may be NULL) */
  void *user;
  int dive;  /* 1: one branch-and-bound under the incumbent instead of the deepening */
  /* The search covers the supersets of this set only (a neighbourhood; its
   * bounds then hold for them alone).  NULL: every set.  A set that does
   * not load (more copies of a node than C) fails the solve (-1). */
  const moc_remat *start;
  size_t start_count;
} moc_exact_params;

typedef struct moc_exact_result {
  int exhausted;     /* 1: no schedule cheaper than the final upper exists */
  int64_t upper;     /* cost of the best schedule found, or params.upper */
  int64_t bound;     /* proven lower bound on the cost of any schedule (INT64_MAX: none exists) */
  uint64_t nodes;
} moc_exact_result;

/* Runs the search.  Returns 0, or -1 when out of memory. */
int moc_exact_solve(const moc_graph *g, const moc_exact_params *p, moc_exact_result *r);

/* ---- inside (exact.c, exact_node.c) ---------------------------------------- */

/* A covering item (a tensor that may leave a step) or a candidate (with the
 * stage of its recomputation). */
typedef struct moc_exact_item {
  int64_t size, cost;
  uint32_t node, stage;
  int64_t extra;       /* candidates: the least cost still to pay to justify it */
} moc_exact_item;

/* An overflowing step of the node at hand, with its covering items in
 * x->pool[first .. first + count). */
typedef struct moc_exact_step {
  uint32_t t, i;       /* stage, step index within it */
  uint64_t key;
  int64_t excess;      /* memory over the budget */
  int64_t alone;       /* its own covering bound */
  long cands;          /* allowed stages of its items (the branching measure) */
  size_t first, count;
  size_t wfirst, wcount;  /* its items kept by exact_inputs.c, in x->wpool */
} moc_exact_step;

#define MOC_EXACT_JUSTIFY_CACHE 1024

typedef struct moc_exact {
  const moc_graph *g;
  moc_staged *st;
  int64_t budget;
  uint32_t n, copies;
  /* forbidden candidates: a stack, chained per node (head[u]: top index + 1) */
  uint32_t *fhead;
  uint32_t *fnext;
  uint32_t *fstage;
  size_t flen, fcap;
  uint32_t *fmark;       /* fmark[s] == ftick: stage s is forbidden for the node at hand */
  uint32_t ftick;
  /* candidates of every open node, one stack */
  moc_exact_item *cand;
  size_t clen, ccap;
  /* scratch of the node analysis */
  int64_t *mem;          /* memory per step of one stage */
  uint32_t *over;        /* overflowing stages */
  int64_t *overval;
  uint32_t *rank;        /* the nodes of positive size, cheapest per byte first */
  uint32_t nrank;
  uint32_t *stamp;       /* stamp[u] == tick: u is read by the step at hand */
  uint32_t tick;
  moc_exact_item *items;  /* covering items or candidates of one step */
  size_t icap;
  moc_exact_step *pend;   /* the overflowing steps still to record (t, i, excess) */
  size_t npend, pendcap;
  moc_exact_step *steps;  /* the overflowing steps of the node at hand */
  size_t nsteps, scap;
  moc_exact_item *pool;   /* their items */
  size_t plen, pcap;
  int64_t *rem;           /* cost split: what is left of each node's cost */
  uint32_t *rstamp;       /* rstamp[u] != rtick: rem[u] is w_u */
  uint32_t rtick;
  uint32_t *dcount;       /* items a dead input belongs to ... */
  uint32_t *dstamp;       /* ... valid when dstamp[v] == dtick */
  uint32_t dtick;
  moc_exact_item *opt;    /* the recomputable dead inputs of one item */
  int64_t goal;           /* analysis: a bound of goal or more cuts the node */
  moc_exact_item *wpool;  /* the steps' items kept by exact_inputs.c, at compute cost */
  size_t wlen, wcap;
  uint32_t *wdfirst;      /* wdead[wdfirst[j] .. wdfirst[j + 1]): dead inputs of wpool[j] */
  size_t wdfcap;
  uint32_t *wdead;
  size_t wdlen, wdcap;
  /* moc_exact_justify of this analysis, direct-mapped by (u, s) (exact_node.c) */
  uint64_t jkey[MOC_EXACT_JUSTIFY_CACHE];
  int64_t jval[MOC_EXACT_JUSTIFY_CACHE];
  uint32_t jtick[MOC_EXACT_JUSTIFY_CACHE];
  uint32_t atick;         /* analyses so far */
  uint32_t *tfirst;       /* the dead-input lists of one step's items (exact_node.c) */
  size_t tfcap;
  uint32_t *kstack;       /* dead inputs taken in by the 0-1 cover (exact_whole.c) */
  uint8_t *kmark;         /* kmark[v]: v is on kstack */
} moc_exact;

/* What a node is: within budget, refuted, or open with a bound and a
 * branching step. */
typedef enum { MOC_EXACT_FITS, MOC_EXACT_DEAD, MOC_EXACT_OPEN } moc_exact_kind;

/* The search state for graph g under p's budget and C (x->st at the
 * reference order, nothing forbidden); 0, or -1 when out of memory (release
 * it anyway).  moc_exact_release frees it. */
int moc_exact_init(moc_exact *x, const moc_graph *g, const moc_exact_params *p);
void moc_exact_release(moc_exact *x);
/* Analyses the current state: for MOC_EXACT_OPEN, *bound is a lower bound on
 * the extra cost of any allowed superset; when it is below x->goal, the
 * candidates of the branching step are pushed on x->cand (sorted, best
 * first); a bound of x->goal or more may stop short of the strongest (the
 * node is cut anyway).  -1: out of memory. */
int moc_exact_analyse(moc_exact *x, moc_exact_kind *kind, int64_t *bound);
/* The order of steps by decreasing own bound (then stage, step). */
int moc_exact_by_alone(const void *a, const void *b);
/* Sorts in moc_exact_by_ratio / moc_exact_by_alone order (exact_bound.c). */
void moc_exact_sort_items(moc_exact_item *items, size_t count);
void moc_exact_sort_steps(moc_exact_step *steps, size_t count);
/* The cost-splitting bound over x->steps (exact_bound.c): each node's cost
 * is split among the steps it may serve, and the steps' covering bounds with
 * these shares add up.  Reorders x->steps and the items. */
int64_t moc_exact_split_bound(moc_exact *x);
/* Prices the items of a step with the inputs their recomputations must
 * read (exact_inputs.c): item j's dead inputs are listed at
 * x->wdead + x->wdlen + x->tfirst[items[j].extra] (exact_node.c); drops
 * items that cannot relieve the step. */
void moc_exact_charge_inputs(moc_exact *x, moc_exact_item *items, long *count, int *sorted);
/* The dead inputs (of positive size) of item `it` at the step `key`
 * (exact_inputs.c) into out; returns how many. */
uint32_t moc_exact_dead_inputs(const moc_exact *x, const moc_exact_item *it, uint64_t key,
                               uint32_t *out);
/* The 0-1 cover of overflowing step `s` by its items in x->wpool from the
 * first-th on (the earlier ones excluded), the first-th taken when `forced`,
 * with every dead input of a chosen item either recomputed (its cost) or
 * kept resident through the step (its size) (exact_whole.c), searched only
 * below x->goal: the least cost of such a cover, x->goal when none is
 * cheaper, `fallback` when the search gives up.  Unforced, INT64_MAX when no
 * cover exists at all. */
int64_t moc_exact_cover_from(moc_exact *x, const moc_exact_step *s, size_t first, int forced,
                             int64_t fallback);
/* qsort order of items: ascending cost per byte, then node, then later
 * stage first. */
int moc_exact_by_ratio(const void *a, const void *b);
/* Fractional covering knapsack of `excess` over items[0..count) (sorted in
 * place, cheapest per byte first, unless `sorted` says they are), rounded
 * up; -1 when they cannot cover. */
int64_t moc_exact_cover(moc_exact_item *items, size_t count, int64_t excess, int sorted);
/* The least extra cost of a canonical schedule that recomputes u in stage s
 * below the stage of u's next reader (exact_canon.c); INT64_MAX when no
 * canonical schedule of the subtree can. */
int64_t moc_exact_justify(const moc_exact *x, uint32_t u, uint32_t s);
/* Whether (u, stage) is forbidden in the current subtree. */
int moc_exact_forbidden(const moc_exact *x, uint32_t u, uint32_t stage);

#endif /* MOC_MODEL_EXACT_H */
