/* interval.h — optional interval variables and the task vocabulary
 * (est, lst, ect, lct) shared by the scheduling propagators.
 *
 * An interval is [start, end) over event indices, with a presence literal.
 * The start is not an engine variable of its own: it is a monotone, exact map
 * of a "stage" variable S,
 *
 *     staged:  start = S (S + 1) / 2 + offset     (S >= 0)
 *     plain:   start = S + offset
 *
 * In the MOCCASIN model (SPEC §2) node v (topological index k_v) starts at
 * event e(t, k_v) = t (t + 1) / 2 + k_v for a stage t: the stage variable IS
 * the branching variable and offset = k_v.  Because the map is strictly
 * increasing on S >= 0, est = map(lb S) and lst = map(ub S) exactly, and a
 * bound "start >= x" becomes "S >= smallest t with map(t) >= x" (the inverse
 * is an integer square root, O(1)).  So start bounds are always exact and a
 * start never takes an event that is not of its node's slot.  The end is a
 * plain integer variable (exclusive event index).
 *
 * Absent intervals take no part in anything.  The variables of an optional
 * interval are meaningful only when it is present: every propagator here may
 * narrow them as if it were present, and a change that would leave no room
 * for the interval (start or end domain empty, or est >= lct) makes it absent
 * instead of failing, unless it is known present (then it is a conflict).
 *
 * Time direction: every bound accessor and setter takes a moc_dir.  MOC_BWD
 * is the mirrored view, event tau mapped to -1 - tau, so [s, e) becomes
 * [-e, -s): est' = -lct, lst' = -ect, ect' = -lst, lct' = -est.  A filtering
 * pass written for MOC_FWD run with MOC_BWD is its time-reversed twin
 * (OR-Tools' and Gecode's task views).
 */
#ifndef MOC_PROPAGATORS_INTERVAL_H
#define MOC_PROPAGATORS_INTERVAL_H

#include "engine/engine.h"

/* The largest stage a staged interval accepts (its map stays below 2^61). */
#define MOC_STAGE_MAX INT64_C(2000000000)

typedef struct moc_interval {
  moc_var stage;    /* S: the start is map(S) */
  moc_var end;      /* exclusive end event */
  moc_lit present;  /* presence literal (true literal for a mandatory one) */
  int64_t offset;   /* constant added by the map (k_v in the staged model) */
  bool staged;      /* map(t) = t(t+1)/2 + offset, else t + offset */
} moc_interval;

typedef enum moc_dir { MOC_FWD = 0, MOC_BWD = 1 } moc_dir;

/* ---- the start map ---- */
static inline int64_t moc_interval_start_of(const moc_interval *iv, int64_t stage) {
  return iv->staged ? stage * (stage + 1) / 2 + iv->offset : stage + iv->offset;
}
/* Smallest stage t with start_of(t) >= x (may exceed every domain). */
int64_t moc_interval_stage_at_least(const moc_interval *iv, int64_t x);
/* Largest stage t with start_of(t) <= x (may be below every domain). */
int64_t moc_interval_stage_at_most(const moc_interval *iv, int64_t x);

/* ---- presence ---- */
static inline bool moc_task_present(const moc_engine *e, const moc_interval *iv) {
  return moc_lit_is_true(e, iv->present);
}
static inline bool moc_task_absent(const moc_engine *e, const moc_interval *iv) {
  return moc_lit_is_false(e, iv->present);
}
moc_pstatus moc_task_make_absent(moc_engine *e, const moc_interval *iv, moc_reason why);

/* ---- bounds in a direction ---- */
static inline int64_t moc_task_est(const moc_engine *e, const moc_interval *iv, moc_dir d) {
  return d == MOC_FWD ? moc_interval_start_of(iv, moc_lb(e, iv->stage)) : -moc_ub(e, iv->end);
}
static inline int64_t moc_task_lst(const moc_engine *e, const moc_interval *iv, moc_dir d) {
  return d == MOC_FWD ? moc_interval_start_of(iv, moc_ub(e, iv->stage)) : -moc_lb(e, iv->end);
}
static inline int64_t moc_task_ect(const moc_engine *e, const moc_interval *iv, moc_dir d) {
  return d == MOC_FWD ? moc_lb(e, iv->end) : -moc_interval_start_of(iv, moc_ub(e, iv->stage));
}
static inline int64_t moc_task_lct(const moc_engine *e, const moc_interval *iv, moc_dir d) {
  return d == MOC_FWD ? moc_ub(e, iv->end) : -moc_interval_start_of(iv, moc_lb(e, iv->stage));
}
/* Smallest start value >= x the interval can take in direction d (forward:
 * the next event of its slot; backward: any integer). */
int64_t moc_task_next_start(const moc_interval *iv, moc_dir d, int64_t x);
/* All four bounds fixed and the presence decided. */
bool moc_task_fixed(const moc_engine *e, const moc_interval *iv);

/* Setters: start >= x, start <= x, end >= x, end <= x in direction d.  No-op
 * on an absent interval; an optional one left without room becomes absent. */
moc_pstatus moc_task_set_est(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why);
moc_pstatus moc_task_set_lst(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why);
moc_pstatus moc_task_set_ect(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why);
moc_pstatus moc_task_set_lct(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why);

/* ---- posting ---- */
/* Checks iv (stage lb >= 0 and ub <= MOC_STAGE_MAX when staged) and posts
 * "present -> end >= start + 1".  0, or -1 (bad interval or out of memory). */
int moc_interval_post(moc_engine *e, const moc_interval *iv);
/* Ordered, disjoint copies a then b: present(b) -> present(a), and when b is
 * present end(a) <= start(b).  0, or -1 when out of memory. */
int moc_interval_post_before(moc_engine *e, const moc_interval *a, const moc_interval *b);

#endif /* MOC_PROPAGATORS_INTERVAL_H */
