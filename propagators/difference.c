/* difference.c — lit -> x + d <= y, bounds consistent.
 *
 *        lb(x)+d                 ub(y)
 *   x+d:    [=========|...........]
 *   y:           [....|===========]
 *                 pruned by each other when lit is true
 *
 * With lit true: y >= lb(x) + d, x <= ub(y) - d.  Neither change feeds the
 * other (x's upper and y's lower bounds are not read), so one pass is a
 * fix-point: idempotent.  With lit open, lb(x) + d > ub(y) sets lit false.
 * Values lie within 2^62 and |d| < 2^62, so x + d and y - d never overflow.
 * x == y is decided at post: the constraint is lit -> d <= 0.
 * Reason codes: 0 (y's lower bound), 1 (x's upper bound), 2 (lit false).
 */
#include "propagators/difference.h"

typedef struct difference {
  moc_prop base;
  moc_lit lit;   /* the condition, or -1 when unconditional */
  moc_var x, y;
  int64_t d;
} difference;

static bool active(const difference *c, const moc_engine *e) {
  return c->lit < 0 || moc_lit_is_true(e, c->lit);
}

static moc_pstatus propagate(moc_prop *p, moc_engine *e) {
  difference *c = (difference *)p;
  if (active(c, e)) {
    TRY(moc_set_lb(e, c->y, moc_lb(e, c->x) + c->d, moc_because(p, 0)));
    return moc_set_ub(e, c->x, moc_ub(e, c->y) - c->d, moc_because(p, 1));
  }
  if (!moc_lit_is_false(e, c->lit) && moc_lb(e, c->x) + c->d > moc_ub(e, c->y))
    return moc_set_lit(e, moc_lit_not(c->lit), moc_because(p, 2));
  return MOC_PROP_OK;
}

/* Nothing to do once the condition is false. */
static bool notify(moc_prop *p, moc_engine *e, uint32_t local, unsigned events) {
  (void)local;
  (void)events;
  difference *c = (difference *)p;
  return c->lit < 0 || !moc_lit_is_false(e, c->lit);
}

static const moc_prop_class difference_class = {
    .name = "difference",
    .propagate = propagate,
    .propagate_from_scratch = propagate,
    .notify = notify,
    .idempotent = true,
};

static bool valid_var(const moc_engine *e, moc_var x) {
  return x >= 0 && (size_t)x < moc_num_vars(e);
}

int moc_post_cond_difference(moc_engine *e, moc_lit lit, moc_var x, int64_t d, moc_var y) {
  bool conditional = lit >= 0;
  if (!valid_var(e, x) || !valid_var(e, y) || d <= MOC_INT_MIN || d >= MOC_INT_MAX ||
      (conditional && (!valid_var(e, moc_lit_var(lit)) || moc_lb(e, moc_lit_var(lit)) < 0 ||
                       moc_ub(e, moc_lit_var(lit)) > 1))) {
    moc_engine_set_error(e, "difference: bad variable, literal or offset");
    return -1;
  }
  if (x == y) {
    if (d <= 0) return 0;
    if (!conditional || moc_set_lit(e, moc_lit_not(lit), moc_root()) != MOC_PROP_OK)
      moc_engine_fail(e);
    return 0;
  }
  difference *c = moc_engine_alloc(e, sizeof *c);
  if (!c) return -1;
  *c = (difference){.lit = conditional ? lit : -1, .x = x, .y = y, .d = d};
  if (moc_post(e, &c->base, &difference_class, MOC_PRIO_FAST) != 0) return -1;
  if (moc_watch(e, x, &c->base, 0, MOC_EV_LB) != 0 || moc_watch(e, y, &c->base, 1, MOC_EV_UB) != 0)
    return -1;
  if (conditional && moc_watch(e, moc_lit_var(lit), &c->base, 2, MOC_EV_FIX) != 0) return -1;
  return 0;
}

int moc_post_difference(moc_engine *e, moc_var x, int64_t d, moc_var y) {
  return moc_post_cond_difference(e, -1, x, d, y);
}
