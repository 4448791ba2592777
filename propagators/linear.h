/* linear.h — linear inequalities sum_i a_i * x_i <= c over 64-bit values.
 *
 * The objective of a model is usually an integer variable equal to a linear
 * sum: post  sum_i w_i * p_i - obj <= 0  and  obj - sum_i w_i * p_i <= 0
 * (or moc_post_linear_eq with the term -1 * obj and c = 0).
 *
 * Overflow: at post time every |a_i| * max(|lb_i|, |ub_i|), their total and
 * |c| must stay within 2^62; domains only shrink, so no sum the propagator
 * forms later can overflow.  Otherwise the post is refused (-1, message on
 * the engine).
 */
#ifndef MOC_PROPAGATORS_LINEAR_H
#define MOC_PROPAGATORS_LINEAR_H

#include "engine/engine.h"

/* Posts sum_{i<n} a[i] * x[i] <= c.  Repeated variables are merged and zero
 * coefficients dropped.  0 on success, -1 on overflow or out of memory. */
int moc_post_linear_le(moc_engine *e, size_t n, const int64_t *a, const moc_var *x, int64_t c);
/* Posts sum_{i<n} a[i] * x[i] == c as two inequalities. */
int moc_post_linear_eq(moc_engine *e, size_t n, const int64_t *a, const moc_var *x, int64_t c);

#endif /* MOC_PROPAGATORS_LINEAR_H */
