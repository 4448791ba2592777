/* difference.h — (conditional) difference constraints  lit -> x + d <= y.
 *
 * When lit is true, x + d <= y holds and both bounds are propagated:
 * y >= lb(x) + d and x <= ub(y) - d.  While lit is open, a certain violation
 * (lb(x) + d > ub(y)) makes lit false.  When lit is false nothing is
 * required.  These are the precedences that hold only when something is
 * present (optional tasks, copies of a node).
 */
#ifndef MOC_PROPAGATORS_DIFFERENCE_H
#define MOC_PROPAGATORS_DIFFERENCE_H

#include "engine/engine.h"

/* Posts x + d <= y.  0 on success, -1 on bad arguments or out of memory. */
int moc_post_difference(moc_engine *e, moc_var x, int64_t d, moc_var y);
/* Posts lit -> x + d <= y (lit over a 0/1 variable). */
int moc_post_cond_difference(moc_engine *e, moc_lit lit, moc_var x, int64_t d, moc_var y);

#endif /* MOC_PROPAGATORS_DIFFERENCE_H */
