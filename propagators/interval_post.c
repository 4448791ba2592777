/* interval_post.c — the two small propagators that give an interval its
 * shape: "present -> end >= start + 1" and the ordered, disjoint copies of one
 * node ("b present -> a present, and end(a) <= start(b)").
 *
 * Both are bounds-consistent and idempotent; both watch every bound of their
 * intervals and run at MOC_PRIO_FAST.  Neither keeps state.
 */
#include "propagators/interval.h"

typedef struct length_prop {
  moc_prop base;
  moc_interval iv;
} length_prop;

typedef struct before_prop {
  moc_prop base;
  moc_interval a, b;  /* a's copy comes first */
} before_prop;

static moc_pstatus length_propagate(moc_prop *p, moc_engine *e) {
  const moc_interval *iv = &((length_prop *)p)->iv;
  moc_reason why = moc_because(p, 0);
  if (moc_task_absent(e, iv)) return MOC_PROP_OK;
  if (!moc_task_present(e, iv) && moc_task_est(e, iv, MOC_FWD) >= moc_task_lct(e, iv, MOC_FWD))
    return moc_task_make_absent(e, iv, why);
  TRY(moc_task_set_ect(e, iv, MOC_FWD, moc_task_est(e, iv, MOC_FWD) + 1, why));
  return moc_task_set_lst(e, iv, MOC_FWD, moc_task_lct(e, iv, MOC_FWD) - 1, why);
}

static const moc_prop_class length_class = {
    .name = "interval_length",
    .propagate = length_propagate,
    .propagate_from_scratch = length_propagate,
};

static moc_pstatus before_propagate(moc_prop *p, moc_engine *e) {
  const before_prop *bp = (const before_prop *)p;
  const moc_interval *a = &bp->a, *b = &bp->b;
  moc_reason why = moc_because(p, 0);
  if (moc_task_present(e, b)) TRY(moc_set_lit(e, a->present, why));
  if (moc_task_absent(e, a)) TRY(moc_task_make_absent(e, b, why));
  if (moc_task_absent(e, b)) return MOC_PROP_OK;
  /* b present implies a present, so start(b) >= end(a) >= ect(a) */
  TRY(moc_task_set_est(e, b, MOC_FWD, moc_task_ect(e, a, MOC_FWD), why));
  if (moc_task_absent(e, b) || !moc_task_present(e, b)) return MOC_PROP_OK;
  return moc_task_set_lct(e, a, MOC_FWD, moc_task_lst(e, b, MOC_FWD), why);
}

static const moc_prop_class before_class = {
    .name = "interval_before",
    .propagate = before_propagate,
    .propagate_from_scratch = before_propagate,
};

static int watch_interval(moc_engine *e, const moc_interval *iv, moc_prop *p) {
  if (moc_watch(e, iv->stage, p, 0, MOC_EV_LB | MOC_EV_UB) != 0) return -1;
  if (moc_watch(e, iv->end, p, 0, MOC_EV_LB | MOC_EV_UB) != 0) return -1;
  return moc_watch(e, moc_lit_var(iv->present), p, 0, MOC_EV_FIX);
}

int moc_interval_post(moc_engine *e, const moc_interval *iv) {
  if (iv->staged && (moc_lb(e, iv->stage) < 0 || moc_ub(e, iv->stage) > MOC_STAGE_MAX)) return -1;
  length_prop *p = moc_engine_alloc(e, sizeof *p);
  if (!p) return -1;
  p->iv = *iv;
  if (moc_post(e, &p->base, &length_class, MOC_PRIO_FAST) != 0) return -1;
  return watch_interval(e, iv, &p->base);
}

int moc_interval_post_before(moc_engine *e, const moc_interval *a, const moc_interval *b) {
  before_prop *p = moc_engine_alloc(e, sizeof *p);
  if (!p) return -1;
  p->a = *a;
  p->b = *b;
  if (moc_post(e, &p->base, &before_class, MOC_PRIO_FAST) != 0) return -1;
  if (watch_interval(e, a, &p->base) != 0) return -1;
  return watch_interval(e, b, &p->base);
}
