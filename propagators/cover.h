/* cover.h — the precedence of MOCCASIN (SPEC §2) for one producer node u:
 * for every consumer interval c (a copy j of a successor v of u),
 *
 *     present(c) -> some present copy i of u has start(i) < start(c) < end(i)
 *
 * (u was computed before c and is still resident when c runs).  One
 * propagator per node u over all of u's copies and all its consumers' copies:
 * one wake-up per change instead of one per edge, and u's end is stretched to
 * the last consumer it alone must serve.
 *
 * Filtering, for each consumer c that is not absent: copy i of u is a
 * candidate when some start s of c in [est(c), lst(c)] has est(i) < s <
 * lct(i).  Then
 *   - no candidate: c becomes absent (a conflict if present);
 *   - est(c) >= min over candidates of est(i) + 1, lst(c) <= max of lct(i) - 1;
 *   - c present and one candidate i: i becomes present, lst(i) <= lst(c) - 1
 *     and ect(i) >= est(c) + 1.
 * Incremental: a change of a consumer revises that consumer; a change of a
 * copy of u revises them all.  Idempotent (it revises until nothing moves).
 */
#ifndef MOC_PROPAGATORS_COVER_H
#define MOC_PROPAGATORS_COVER_H

#include "propagators/interval.h"

typedef struct moc_cover_spec {
  const moc_interval *producer;  /* the copies of u (copied) */
  uint32_t nprod;
  const moc_interval *consumer;  /* the copies of u's successors (copied) */
  uint32_t ncons;
} moc_cover_spec;

/* Posts the constraint.  0, or -1 on a bad spec or out of memory. */
int moc_cover_post(moc_engine *e, const moc_cover_spec *spec);

#endif /* MOC_PROPAGATORS_COVER_H */
