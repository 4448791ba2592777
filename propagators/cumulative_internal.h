/* cumulative_internal.h — the cumulative propagator's struct, shared by
 * cumulative.c (posting, keeping the profile in step with the search) and
 * cumulative_filter.c (the time-tabling passes).
 *
 * Two profiles: `inc`, kept incrementally across calls, and `scr`, rebuilt
 * by propagate_from_scratch, so that the debug oracle never disturbs the
 * incremental state it checks (`scr` is reserved when the oracle first runs:
 * the one allocation outside posting, on a debugging path only).
 *
 * Keeping `inc` in step with backtracking without a backtrack hook: every
 * time a task's part in `inc` changes, its index is appended to `log`, and
 * the trailed integer `log_mark` is set to the log's length at the end of
 * each call.  A backtrack restores log_mark to the length it had then; on
 * entry, the tasks logged beyond it are re-synchronised with their (restored)
 * bounds, and the log is cut back.  If the log overflowed, every task is.
 * Those tasks are logged again even when their part does not move: it was
 * written in the undone branch, so a later backtrack must revisit it.
 */
#ifndef MOC_PROPAGATORS_CUMULATIVE_INTERNAL_H
#define MOC_PROPAGATORS_CUMULATIVE_INTERNAL_H

#include "propagators/cumulative.h"
#include "propagators/cumulative_profile.h"

/* Items: the n tasks, then the residency points (item n + p for point p).
 * Each item has a part in the profile: a task its compulsory part, a point
 * [s, s + 1) when active. */

/* A profile and the part [lo[k], hi[k]) each item has in it (empty: lo = hi). */
typedef struct moc_tt_state {
  moc_profile prof;
  int64_t *lo, *hi;
} moc_tt_state;

/* An excluded segment while a task is filtered (its own part, its group's
 * points), in the coordinates of the pass. */
typedef struct moc_tt_seg {
  int64_t lo, hi;
} moc_tt_seg;

struct moc_cumulative {
  moc_prop base;
  moc_interval *task;     /* the intervals */
  uint32_t n;             /* tasks */
  uint32_t nitems;        /* tasks + points */
  int64_t *demand;        /* per item (a point: its group's demand) */
  int64_t horizon;
  moc_var capvar;         /* -1: capconst */
  int64_t capconst;

  uint32_t *group;        /* per task, or NULL without points */
  moc_cumul_point *point; /* the residency points */
  uint32_t npoints;
  uint32_t *gt_start, *gt;  /* tasks of group g: gt[gt_start[g] .. gt_start[g+1]) */
  uint32_t *gp_start, *gp;  /* points of group g, likewise */
  moc_tt_seg *excl;       /* scratch: up to max points per group + 1 segments */

  moc_tt_state inc;       /* the incremental profile */
  moc_tt_state scr;       /* the from-scratch oracle's profile (reserved on first use) */
  bool scr_ready;

  uint32_t *dirty;        /* items whose bounds changed since they were synced */
  uint32_t ndirty;
  uint8_t *flags;         /* per item: FLAG_DIRTY, FLAG_MOVED, FLAG_RELOG */
  uint32_t *moved;        /* tasks with FLAG_MOVED: bounds changed since last filtered */
  uint32_t nmoved;
  uint32_t *cand;         /* scratch: the tasks to filter in one round */
  bool cap_changed;       /* the capacity's upper bound moved */

  uint32_t *log;          /* items whose part in inc changed, in order */
  uint64_t log_len;       /* entries appended (may exceed log_cap: overflow) */
  uint32_t log_cap;
  moc_tint log_mark;      /* log_len at the end of the last call (trailed) */

  int64_t hull_lo, hull_hi;  /* where inc changed since the last filtering round */
  uint64_t rebuilds;      /* profiles rebuilt after an exhausted pool (tests: 0) */
};

enum { FLAG_DIRTY = 1, FLAG_MOVED = 2, FLAG_RELOG = 4 };

/* The part item k should have now: a task's compulsory part [lst, ect) if
 * present; a point's [s, s + 1) if its interval is present with fixed start
 * s outside the compulsory parts of its group's tasks; else empty. */
void moc_cumul_part(const moc_cumulative *c, const moc_engine *e, uint32_t k, int64_t *lo,
                    int64_t *hi);
/* The capacity now (the upper bound of capvar or the constant). */
int64_t moc_cumul_cap(const moc_cumulative *c, const moc_engine *e);
/* Time-tabling on task i against st's profile minus i's own part and its
 * group's points; st is not changed. */
moc_pstatus moc_cumul_filter_task(moc_cumulative *c, moc_engine *e, moc_tt_state *st, uint32_t i);
/* Reserves st for the tasks and points over [0, horizon); false when out of
 * memory. */
bool moc_cumul_alloc_state(moc_engine *e, moc_tt_state *st, uint32_t tasks, uint32_t points,
                           int64_t horizon);
/* The class, for posting (cumulative.c). */
extern const moc_prop_class moc_cumulative_class;
/* Marks item k dirty (with extra flags). */
void moc_cumul_mark(moc_cumulative *c, uint32_t k, uint8_t extra);

#endif /* MOC_PROPAGATORS_CUMULATIVE_INTERNAL_H */
