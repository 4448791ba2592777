/* cumulative_internal.h — the cumulative propagator's struct, shared by
 * cumulative.c (posting, keeping the profile in step with the search) and
 * cumulative_filter.c (the time-tabling passes).
 *
 * Two profiles: `inc`, kept incrementally across calls, and `scr`, rebuilt
 * by propagate_from_scratch, so that the debug oracle never disturbs the
 * incremental state it checks.
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

/* A profile and the part [lo[i], hi[i]) each task has in it (empty: lo = hi). */
typedef struct moc_tt_state {
  moc_profile prof;
  int64_t *lo, *hi;
} moc_tt_state;

struct moc_cumulative {
  moc_prop base;
  moc_interval *task;     /* the intervals */
  int64_t *demand;        /* their demands */
  uint32_t n;
  int64_t horizon;
  moc_var capvar;         /* -1: capconst */
  int64_t capconst;

  moc_tt_state inc;       /* the incremental profile */
  moc_tt_state scr;       /* the from-scratch oracle's profile */

  uint32_t *dirty;        /* tasks whose bounds changed since they were synced */
  uint32_t ndirty;
  uint8_t *flags;         /* per task: FLAG_DIRTY, FLAG_MOVED, FLAG_RELOG */
  uint32_t *moved;        /* tasks with FLAG_MOVED: bounds changed since last filtered */
  uint32_t nmoved;
  uint32_t *cand;         /* scratch: the tasks to filter in one round */
  bool cap_changed;       /* the capacity's upper bound moved */

  uint32_t *log;          /* tasks whose part in inc changed, in order */
  uint64_t log_len;       /* entries appended (may exceed log_cap: overflow) */
  uint32_t log_cap;
  moc_tint log_mark;      /* log_len at the end of the last call (trailed) */

  int64_t hull_lo, hull_hi;  /* where inc changed since the last filtering round */
};

enum { FLAG_DIRTY = 1, FLAG_MOVED = 2, FLAG_RELOG = 4 };

/* The compulsory part of task i now: [lst, ect) if present, else empty. */
void moc_cumul_part(const moc_cumulative *c, const moc_engine *e, uint32_t i, int64_t *lo,
                    int64_t *hi);
/* The capacity now (the upper bound of capvar or the constant). */
int64_t moc_cumul_cap(const moc_cumulative *c, const moc_engine *e);
/* Time-tabling on task i against st's profile minus i's own part there;
 * st is not changed. */
moc_pstatus moc_cumul_filter_task(moc_cumulative *c, moc_engine *e, moc_tt_state *st, uint32_t i);

#endif /* MOC_PROPAGATORS_CUMULATIVE_INTERNAL_H */
