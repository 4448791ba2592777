/* cumulative.h — the cumulative constraint over optional intervals: at every
 * event tau, the demands of the present intervals with start <= tau < end sum
 * to at most the capacity (a constant, or the upper bound of a variable whose
 * lower bound the propagator raises to the peak it can prove: phase 1 of
 * MOCCASIN minimises that variable).
 *
 * Filtering: time-tabling on compulsory parts [lst, ect) of present
 * intervals (Beldiceanu & Carlsson 2002; Letort, Beldiceanu & Carlsson 2012
 * for the sweep idea), with variable durations (the interval must cover
 * [start, max(start + 1, ect))):
 *   - fail when the profile exceeds the capacity;
 *   - push each interval's start past the overloaded events it would cover,
 *     and (mirrored) its end before them;
 *   - an optional interval with no place left becomes absent.
 * With groups and residency points (see the spec) the profile also holds,
 * for each group, its demand at the fixed starts of the present intervals it
 * must serve (outside the compulsory parts of its own tasks); a task is then
 * filtered against the profile without its own part and its group's points.
 * The profile (cumulative_profile.h) is kept incrementally: only intervals
 * whose bounds changed move their compulsory part, and only intervals whose
 * window meets a changed region are filtered again.  Idempotent: the
 * propagator loops until none of its own changes calls for another pass.
 */
#ifndef MOC_PROPAGATORS_CUMULATIVE_H
#define MOC_PROPAGATORS_CUMULATIVE_H

#include "propagators/interval.h"

typedef struct moc_cumulative moc_cumulative;

/* A residency point: group `group` is resident at start(at) whenever `at`
 * is present (the caller guarantees it, e.g. by the cover constraint: some
 * present task of the group contains start(at)). */
typedef struct moc_cumul_point {
  uint32_t group;             /* a group of tasks (see the spec) */
  moc_interval at;            /* the interval whose start the group covers */
} moc_cumul_point;

typedef struct moc_cumulative_spec {
  const moc_interval *tasks;  /* copied */
  const int64_t *demand;      /* >= 0, copied; their sum must stay below 2^62 */
  uint32_t n;                 /* number of intervals */
  int64_t horizon;            /* every start and end lies in [0, horizon] */
  moc_var capacity;           /* a variable, or -1 for capacity_const */
  int64_t capacity_const;     /* >= 0 */
  /* Optional model-specific strengthening (NULL / 0 for none; initialise the
   * spec with designated initializers).  group[i]: the group of task i; the
   * present tasks of a group are pairwise disjoint and share one demand (in
   * MOCCASIN: the copies of one node).  A group counts its demand once at
   * each event where it must be resident: in the compulsory part of one of
   * its tasks, or at a residency point whose interval is present with a fixed
   * start (in MOCCASIN: the start of each present consumer copy with a known
   * stage, so that a node's inputs count at its computation even before the
   * copy that serves them is known). */
  const uint32_t *group;      /* n group ids in [0, ngroups), or NULL */
  uint32_t ngroups;
  const moc_cumul_point *points;  /* copied */
  uint32_t npoints;
} moc_cumulative_spec;

/* Posts the constraint; *out (may be NULL) receives the propagator for the
 * query functions below.  0, or -1 on a bad spec or out of memory. */
int moc_cumulative_post(moc_engine *e, const moc_cumulative_spec *spec, moc_cumulative **out);

/* The profile of compulsory parts as the propagator last saw it: the demand
 * at event tau, and the peak (tests and heuristics). */
int64_t moc_cumulative_profile_at(const moc_cumulative *c, int64_t tau);
int64_t moc_cumulative_profile_peak(const moc_cumulative *c);

#endif /* MOC_PROPAGATORS_CUMULATIVE_H */
