/* staged.h — the inside of moc_staged, shared by staged*.c, construct*.c and
 * local_search*.c (not part of any public interface).
 *
 * Steps are named by a key: the step of stage t that computes the node of
 * position k has key t * n + k (k = t for the stage's first computation, k < t
 * for a recomputation), so keys sort like the schedule.  A computation
 * ("copy") of node v is resident from its own key to the key of its last
 * reader (SPEC §1).  Per stage t the memory splits in two:
 *
 *     through(t)  sizes of copies started before t and last read after t
 *     local(t)    the highest sum, over the steps of stage t, of the copies
 *                 that start or end inside stage t
 *
 * so that the peak of stage t is through(t) + local(t).  A segment tree over
 * stages holds these sums with range-add (through) and point-add (local).
 */
#ifndef MOC_MODEL_STAGED_H
#define MOC_MODEL_STAGED_H

#include "model/heuristic.h"

/* The write log of a trial (staged_trial.c): the address, width (4 or 8
 * bytes) and old value of every word the state overwrites while `on`, so
 * that a rollback restores it in O(writes) instead of undoing the changes
 * with the same work as doing them. */
typedef struct moc_write {
  void *at;
  uint64_t old;
  uint32_t width;
} moc_write;

typedef struct moc_wlog {
  moc_write *w;
  size_t len, cap;
  int on;
  int failed;      /* an entry could not be recorded: no rollback possible */
} moc_wlog;

/* A logged buffer of `bytes` bytes at address `from` moved to `to`
 * (realloc): its entries follow it. */
void moc_wlog_move(moc_wlog *log, uintptr_t from, size_t bytes, void *to);
/* Records the current value of the word at `at` (growing the log). */
void moc_wlog_grow_put(moc_wlog *log, void *at, uint32_t width);

static inline void moc_wlog_put(moc_wlog *log, void *at, uint32_t width) {
  if (!log || !log->on) return;
  if (log->len == log->cap) {
    moc_wlog_grow_put(log, at, width);
    return;
  }
  moc_write *w = &log->w[log->len++];
  w->at = at;
  w->width = width;
  w->old = width == 8 ? *(uint64_t *)at : *(uint32_t *)at;
}

/* Max/add segment tree over stages 0..n-1 (staged_tree.c). */
typedef struct moc_seg {
  uint32_t n;      /* leaves */
  int64_t *max;    /* max[i]: max of the subtree, own tag included */
  int64_t *tag;    /* tag[i]: added to every leaf of the subtree */
  moc_wlog *log;   /* writes go here during a trial (may be NULL) */
  /* deferred pulls (moc_seg_defer .. moc_seg_flush) */
  uint32_t *pend;  /* boundary leaves of the range adds since the defer */
  uint32_t npend, cap;
  uint32_t *stamp; /* stamp[i] == tick: node i recomputed in this flush */
  uint32_t tick;
  int deferring;
} moc_seg;

int moc_seg_init(moc_seg *s, uint32_t n);
void moc_seg_free(moc_seg *s);
void moc_seg_clear(moc_seg *s);
void moc_seg_add(moc_seg *s, uint32_t lo, uint32_t hi, int64_t delta);  /* [lo, hi] */
/* Between moc_seg_defer and moc_seg_flush, moc_seg_add only tags: the
 * flush then recomputes each ancestor of the adds once.  No query may come
 * in between. */
void moc_seg_defer(moc_seg *s);
void moc_seg_flush(moc_seg *s);
int64_t moc_seg_max(const moc_seg *s, uint32_t lo, uint32_t hi);        /* [lo, hi] */
int64_t moc_seg_get(const moc_seg *s, uint32_t i);
/* The first leaf at or after `from` above limit; -1: none. */
int64_t moc_seg_first_over_from(const moc_seg *s, int64_t limit, uint32_t from);
/* The leaves above limit, ascending, with their values; returns how many
 * (idx and val need room for n).  O((count + 1) log n). */
uint32_t moc_seg_over(const moc_seg *s, int64_t limit, uint32_t *idx, int64_t *val);

struct moc_staged {
  const moc_graph *g;
  uint32_t n;
  uint32_t copies;     /* C */
  uint32_t *nc;        /* nc[v]: computations of v (>= 1) */
  uint32_t *cs;        /* cs[v*C + i]: stage of copy i, ascending; cs[v*C] = position[v] */
  uint64_t *ce;        /* ce[v*C + i]: key of the last step reading copy i (own key if none) */
  uint32_t **sl;       /* sl[t]: nodes recomputed in stage t, ascending position */
  uint32_t *sl_len, *sl_cap;
  int64_t *local;      /* local(t) as above */
  moc_seg seg;         /* through(t) + local(t) per stage */
  int64_t cost;        /* cost of the whole schedule */
  size_t count;        /* recomputations */
  /* journal of changes, for moc_staged_undo */
  moc_remat *jr;       /* jr[i]: the recomputation added or removed */
  uint8_t *jadd;       /* jadd[i]: 1 added, 0 removed */
  size_t jlen, jcap;
  int journaling;      /* record changes while non-zero */
  moc_wlog wlog;       /* writes of the trial in progress (staged_trial.c) */
  /* scratch */
  uint32_t *touched;   /* stages whose local must be refreshed */
  uint32_t touched_len;
  uint8_t *mark;       /* mark[t]: t is in touched */
  int64_t *diff;       /* n + 2 entries for stage profiles */
};

static inline uint64_t moc_staged_key(const moc_staged *st, uint32_t t, uint32_t k) {
  return (uint64_t)t * st->n + k;
}

/* Trials (staged_trial.c): after moc_staged_try, adds and removes are
 * logged word by word until moc_staged_rollback restores the state as it
 * was at the try, far cheaper than removing what was added.  Trials do not
 * nest.  Rollback returns 0, or -1 when the log could not grow (out of
 * memory: the state is then undefined). */
void moc_staged_try(moc_staged *st);
int moc_staged_rollback(moc_staged *st);

/* The copy of v that a reader in stage t reads (the last copy with stage <=
 * t).  The last copy, the usual answer, is checked first; otherwise a
 * search by halves, as with many copies (C = 32 at tight budgets) a scan
 * back from the last copy took a sixth of the staged construction's time.
 * Inline: the stage profiles and the eviction candidates call it for every
 * input they meet. */
static inline uint32_t moc_staged_copy_at(const moc_staged *st, uint32_t v, uint32_t t) {
  const uint32_t *s = st->cs + (size_t)v * st->copies;
  uint32_t lo = 0, hi = st->nc[v] - 1;
  if (s[hi] <= t) return hi;
  while (hi - lo > 1) { /* s[lo] <= t < s[hi], or lo = 0 */
    uint32_t mid = lo + (hi - lo) / 2;
    if (s[mid] <= t)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}
/* Memory at each step of stage t into mem[0..m] (m = recomputations in t;
 * mem[m] is the stage's first computation).  Returns m + 1. */
uint32_t moc_staged_stage_profile(moc_staged *st, uint32_t t, int64_t *mem);
/* local(t) recomputed from scratch. */
int64_t moc_staged_local(moc_staged *st, uint32_t t);

/* Eviction primitives (construct_evict.c).  Step `step` of stage `stage`
 * has key moc_evict_key(); an eviction there recomputes `node` in `stage`,
 * the stage of the next reader of its copy resident at the step (a copy the
 * step neither computes nor reads). */
typedef struct moc_evict {
  uint32_t node, stage;
} moc_evict;

uint64_t moc_evict_key(const moc_staged *st, uint32_t stage, uint32_t step);
/* The evictions possible at the step; out needs room for n entries. */
uint32_t moc_evict_candidates(const moc_staged *st, uint32_t stage, uint32_t step,
                              moc_evict *out);
/* Applies e and, when with_inputs, recomputes in e.stage each input of the
 * node whose copy was dead at `key`; pushes what it did on done[*count].
 * Returns 0, 1 when e itself is not possible, -1 when out of memory. */
int moc_evict_bundle(moc_staged *st, moc_evict e, uint64_t key, int with_inputs, moc_evict *done,
                     uint32_t *count);
/* The cost of the inputs that evicting e would have to recompute too (those
 * dead at `key`); *blocked when one of them has no copy left. */
int64_t moc_evict_input_cost(const moc_staged *st, moc_evict e, uint64_t key, int *blocked);

/* The stage-weighting local search (local_search_weight.c), working on st
 * in place.  A step returns 1 when the state fits the budget afterwards,
 * 0 when it overflows, -1 when out of memory. */
typedef struct moc_wls moc_wls;
moc_wls *moc_wls_create(moc_staged *st, int64_t budget, uint64_t seed);
void moc_wls_free(moc_wls *w);
int moc_wls_step(moc_wls *w);

/* Window crossover (local_search_cross.c): the cheapest set that fits the
 * budget and is cheaper than *cost, made of set a with the recomputations of
 * one window of stages taken from set b, or the other way round (both sets in
 * stage order, as moc_staged_list writes them), after the drop pass.  Stops
 * early at the deadline (CLOCK_MONOTONIC seconds; 0: none) or when *stop is set.
 * Returns 0 (child, *nchild and *cost set; the state holds the child), 1 when
 * no child is cheaper (the state is then undefined), -1 when out of memory.
 * child needs room for n * (C - 1) entries; the journal ends up off. */
typedef struct moc_cross_params {
  int64_t budget;
  double deadline;
  volatile int *stop;  /* may be NULL */
} moc_cross_params;

int moc_ls_crossover(moc_staged *st, const moc_cross_params *p, const moc_remat *a, size_t na,
                     const moc_remat *b, size_t nb, moc_remat *child, size_t *nchild,
                     int64_t *cost);

#endif /* MOC_MODEL_STAGED_H */
