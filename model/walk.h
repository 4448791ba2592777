/* walk.h — the inside of the evict-and-recompute walk, shared by
 * construct_walk.c (the frames that follow the order) and
 * construct_walk_evict.c (what to evict, and the debts an eviction leaves).
 *
 * Owing and owed: a tensor evicted while something later still needs it is
 * "owing": it will be recomputed when that need comes.  Every input of an
 * owing node is "owed" (counted in owed[]) and stays resident until the
 * recomputation, or, when it is not resident, is owing too (the walk
 * recomputes it first).  So a recomputation never reaches further than what
 * was priced when the eviction was chosen.
 */
#ifndef MOC_MODEL_WALK_H
#define MOC_MODEL_WALK_H

#include "model/heuristic.h"

typedef struct walk_frame {
  uint32_t x;      /* the node this frame computes */
  uint32_t phase;  /* 0: missing inputs, 1: all inputs, 2: compute */
  uint32_t i;      /* next input of the current pass */
  size_t pin_base; /* pins of this frame start there */
} walk_frame;

typedef struct walker {
  const moc_graph *g;
  moc_walk_params p;
  double deadline;   /* 0: none */
  uint32_t *spos;    /* successors' positions, ascending, in succ's CSR ranges */
  uint32_t *next;    /* next[u]: index into spos of u's next first-computation reader */
  uint32_t *ridx;    /* ridx[u]: place in res, or UINT32_MAX when not resident */
  uint32_t *res;     /* the resident tensors */
  uint32_t nres;
  int64_t mem;       /* sum of resident sizes */
  uint32_t *pin;     /* pin[u]: frames that need u resident now */
  uint8_t *in_top;   /* scratch: pinned by the top frame */
  uint32_t *nc;      /* nc[u]: computations of u so far */
  uint8_t *owing;    /* owing[u]: evicted, and to be recomputed */
  uint32_t *owed;    /* owed[i]: owing nodes that read i */
  uint32_t *used;    /* used[u] = t + 1: u was computed or read in stage t */
  uint32_t *need;    /* need[u]: when owing u will be recomputed (a stage) */
  uint32_t *stamp;   /* visit marks of the eviction pricing */
  uint32_t stamp_now;
  uint32_t *stack;   /* scratch for closures (n entries) */
  uint32_t *heap_id; /* scratch: eviction candidates ... */
  double *heap_key;  /* ... by their best possible score */
  walk_frame *fs;
  uint32_t depth;
  uint32_t *pins;    /* the pin stack */
  size_t npins, pins_cap;
  size_t max_steps;  /* gives up beyond this schedule length */
  uint64_t work;     /* candidates and closure edges visited by the eviction choice */
  uint64_t max_work; /* gives up beyond this work */
  uint32_t *out;     /* the schedule */
  size_t len, cap;
  uint32_t max_copies;
  uint32_t t;        /* the current stage */
} walker;

static inline int walk_resident(const walker *w, uint32_t u) { return w->ridx[u] != UINT32_MAX; }

/* The next first computation (stage) reading u, UINT32_MAX when none. */
static inline uint32_t walk_next_use(const walker *w, uint32_t u) {
  return w->next[u] < w->g->succ_start[u + 1] ? w->spos[w->next[u]] : UINT32_MAX;
}

/* The stage of u's last first-computation reader (its own when none). */
static inline uint32_t walk_last_use(const walker *w, uint32_t u) {
  uint32_t hi = w->g->succ_start[u + 1];
  return hi > w->g->succ_start[u] ? w->spos[hi - 1] : w->g->position[u];
}

/* construct_walk_evict.c */
void walk_take(walker *w, uint32_t u);    /* u becomes resident */
void walk_drop(walker *w, uint32_t u);    /* u leaves memory (no bookkeeping of debts) */
/* Evicts one tensor to make room; 1 when none may go. */
int walk_evict_one(walker *w);
/* u was just computed: its debt, if owing, is paid. */
void walk_repaid(walker *w, uint32_t u);
/* Drops u when nothing needs it any more. */
void walk_release(walker *w, uint32_t u);

#endif /* MOC_MODEL_WALK_H */
