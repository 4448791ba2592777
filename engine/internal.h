/* internal.h — the engine's struct, shared by the engine's own .c files only.
 *
 * Everything is a flat array indexed by a dense handle (variables, trailed
 * integers, propagators), grown by doubling through the engine's allocator
 * when something is created, never while propagating (MiniSat, Kissat).
 * Propagators and search see only engine/engine.h.
 */
#ifndef MOC_ENGINE_INTERNAL_H
#define MOC_ENGINE_INTERNAL_H

#include "engine/engine.h"

/* One registration of a propagator on a variable. */
typedef struct moc_watcher {
  moc_prop *p;     /* the propagator (its struct never moves) */
  uint32_t local;  /* handed back to notify */
  unsigned mask;   /* MOC_EV_* events of interest */
} moc_watcher;

typedef struct moc_watch_list {
  moc_watcher *w;  /* the watchers of one variable */
  uint32_t n;      /* how many */
  uint32_t cap;    /* allocated */
} moc_watch_list;

/* A saved trailed integer. */
typedef struct moc_tint_save {
  moc_tint t;      /* which one */
  int64_t old;     /* its value before the first change at this level */
} moc_tint_save;

/* Where each level starts in the two trails. */
typedef struct moc_level_mark {
  size_t trail;    /* size of the bound trail when the level was pushed */
  size_t tsaves;   /* size of the trailed-integer trail */
} moc_level_mark;

/* A FIFO ring of propagator ids; each propagator is in at most one ring. */
typedef struct moc_ring {
  uint32_t *ids;
  uint32_t head;   /* next to pop */
  uint32_t count;  /* how many queued */
} moc_ring;

/* A block handed out by moc_engine_alloc, freed with the engine. */
typedef struct moc_block {
  struct moc_block *prev, *next;  /* the engine's list of blocks */
  size_t bytes;                   /* including the padded header */
} moc_block;

struct moc_engine {
  moc_engine_view view;      /* must come first: the inline getters read it */
  moc_allocator mem;         /* the allocator everything goes through */
  size_t var_cap;            /* allocated variables */
  moc_watch_list *watches;   /* per variable */

  moc_trail_entry *trail;    /* every bound change, in order */
  size_t trail_n, trail_cap;
  moc_level_mark *marks;     /* marks[l] = trail sizes when level l+1 was pushed */
  uint32_t marks_cap;

  uint64_t *tstamp;          /* per trailed integer: stamp of its last save */
  size_t tint_n, tint_cap;
  moc_tint_save *tsaves;     /* trailed-integer saves, one per integer per level */
  size_t tsaves_n, tsaves_cap;
  uint64_t stamp;            /* changes at every push and backtrack */

  moc_prop **props;          /* by id */
  uint32_t prop_n, prop_cap;
  moc_ring queue[MOC_PRIO_LEVELS];
  moc_prop *current;         /* the propagator running now, or NULL */
  uint32_t conflict_prop;    /* id of the one that failed the last moc_propagate */

  bool failed;               /* a conflict at level 0: infeasible for good */
  uint32_t conflict_level;   /* level of the last conflict until backtracked
                                below it, else UINT32_MAX */
  bool checking;             /* run the from-scratch oracle after fix-points */
  uint64_t check_failures;
  const char *check_culprit;
  uint64_t propagations, conflicts;
  moc_block *blocks;         /* memory from moc_engine_alloc */
  char error[128];           /* last caller mistake or resource failure */
};

/* Memory through the engine's allocator. */
void *moc_mem_alloc(moc_engine *e, size_t bytes);
/* Grows *ptr from old_n to new_n elements of size elem; false when out of memory. */
bool moc_mem_grow(moc_engine *e, void **ptr, size_t elem, size_t old_n, size_t new_n);
void moc_mem_free(moc_engine *e, void *ptr, size_t bytes);

/* Queue (engine/queue.c). */
void moc_queue_clear(moc_engine *e);
bool moc_queue_reserve(moc_engine *e, uint32_t cap);

/* Ensures room for `extra` more bound-trail entries; false when out of memory. */
bool moc_trail_reserve(moc_engine *e, size_t extra);

#endif /* MOC_ENGINE_INTERNAL_H */
