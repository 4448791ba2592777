/* interval.c — the start map of an interval and its task view (est, lst,
 * ect, lct with setters) in both time directions.
 *
 * The staged map t -> t(t+1)/2 + offset is inverted with a floating-point
 * square root corrected by exact integer steps, so every answer is exact.
 * Setters apply the rule of interval.h: an optional interval that a change
 * would leave without room becomes absent; a present one fails.
 */
#include "propagators/interval.h"

#include <math.h>

static int64_t tri(int64_t t) { return t * (t + 1) / 2; }

/* Largest t in [0, MOC_STAGE_MAX] with tri(t) <= y, for y >= 0. */
static int64_t tri_floor_inverse(int64_t y) {
  if (y >= tri(MOC_STAGE_MAX)) return MOC_STAGE_MAX;
  int64_t t = (int64_t)((sqrt(8.0 * (double)y + 1.0) - 1.0) / 2.0);
  if (t < 0) t = 0;
  if (t > MOC_STAGE_MAX) t = MOC_STAGE_MAX;
  while (t > 0 && tri(t) > y) t--;
  while (t < MOC_STAGE_MAX && tri(t + 1) <= y) t++;
  return t;
}

/* x - offset without overflow, clamped to the int64 range. */
static int64_t minus_offset(int64_t x, int64_t offset) {
  if (offset > 0 && x < INT64_MIN + offset) return INT64_MIN;
  if (offset < 0 && x > INT64_MAX + offset) return INT64_MAX;
  return x - offset;
}

int64_t moc_interval_stage_at_least(const moc_interval *iv, int64_t x) {
  int64_t y = minus_offset(x, iv->offset);
  if (!iv->staged) return y;
  if (y <= 0) return 0;
  if (y > tri(MOC_STAGE_MAX)) return MOC_STAGE_MAX + 1;
  int64_t t = tri_floor_inverse(y);
  return tri(t) >= y ? t : t + 1;
}

int64_t moc_interval_stage_at_most(const moc_interval *iv, int64_t x) {
  int64_t y = minus_offset(x, iv->offset);
  if (!iv->staged) return y;
  if (y < 0) return -1;
  return tri_floor_inverse(y);
}

moc_pstatus moc_task_make_absent(moc_engine *e, const moc_interval *iv, moc_reason why) {
  return moc_set_lit(e, moc_lit_not(iv->present), why);
}

int64_t moc_task_next_start(const moc_interval *iv, moc_dir d, int64_t x) {
  if (d == MOC_BWD || !iv->staged) return x;
  int64_t t = moc_interval_stage_at_least(iv, x);
  return t > MOC_STAGE_MAX ? INT64_MAX : moc_interval_start_of(iv, t);
}

bool moc_task_fixed(const moc_engine *e, const moc_interval *iv) {
  return moc_is_fixed(e, iv->stage) && moc_is_fixed(e, iv->end) &&
         moc_is_fixed(e, moc_lit_var(iv->present));
}

/* An optional interval whose new window [est, lct) would hold no unit
 * interval (or whose stage domain would be empty) becomes absent. */
static bool optional_room_lost(const moc_engine *e, const moc_interval *iv, int64_t slo,
                               int64_t shi, int64_t elo, int64_t ehi) {
  if (moc_task_present(e, iv)) return false;
  if (slo > shi || elo > ehi) return true;
  return moc_interval_start_of(iv, slo) >= ehi;
}

/* Forward primitives on the real variables. */
static moc_pstatus start_at_least(moc_engine *e, const moc_interval *iv, int64_t x,
                                  moc_reason why) {
  int64_t t = moc_interval_stage_at_least(iv, x);
  if (moc_task_absent(e, iv) || t <= moc_lb(e, iv->stage)) return MOC_PROP_OK;
  if (optional_room_lost(e, iv, t, moc_ub(e, iv->stage), moc_lb(e, iv->end), moc_ub(e, iv->end)))
    return moc_task_make_absent(e, iv, why);
  return moc_set_lb(e, iv->stage, t, why);
}

static moc_pstatus start_at_most(moc_engine *e, const moc_interval *iv, int64_t x,
                                 moc_reason why) {
  int64_t t = moc_interval_stage_at_most(iv, x);
  if (moc_task_absent(e, iv) || t >= moc_ub(e, iv->stage)) return MOC_PROP_OK;
  if (optional_room_lost(e, iv, moc_lb(e, iv->stage), t, moc_lb(e, iv->end), moc_ub(e, iv->end)))
    return moc_task_make_absent(e, iv, why);
  return moc_set_ub(e, iv->stage, t, why);
}

static moc_pstatus end_at_least(moc_engine *e, const moc_interval *iv, int64_t x,
                                moc_reason why) {
  if (moc_task_absent(e, iv) || x <= moc_lb(e, iv->end)) return MOC_PROP_OK;
  if (optional_room_lost(e, iv, moc_lb(e, iv->stage), moc_ub(e, iv->stage), x, moc_ub(e, iv->end)))
    return moc_task_make_absent(e, iv, why);
  return moc_set_lb(e, iv->end, x, why);
}

static moc_pstatus end_at_most(moc_engine *e, const moc_interval *iv, int64_t x,
                               moc_reason why) {
  if (moc_task_absent(e, iv) || x >= moc_ub(e, iv->end)) return MOC_PROP_OK;
  if (optional_room_lost(e, iv, moc_lb(e, iv->stage), moc_ub(e, iv->stage), moc_lb(e, iv->end), x))
    return moc_task_make_absent(e, iv, why);
  return moc_set_ub(e, iv->end, x, why);
}

/* Negation that keeps the mirrored bounds in range. */
static int64_t mirror(int64_t x) { return x == INT64_MIN ? INT64_MAX : -x; }

moc_pstatus moc_task_set_est(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why) {
  return d == MOC_FWD ? start_at_least(e, iv, x, why) : end_at_most(e, iv, mirror(x), why);
}
moc_pstatus moc_task_set_lst(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why) {
  return d == MOC_FWD ? start_at_most(e, iv, x, why) : end_at_least(e, iv, mirror(x), why);
}
moc_pstatus moc_task_set_ect(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why) {
  return d == MOC_FWD ? end_at_least(e, iv, x, why) : start_at_most(e, iv, mirror(x), why);
}
moc_pstatus moc_task_set_lct(moc_engine *e, const moc_interval *iv, moc_dir d, int64_t x,
                             moc_reason why) {
  return d == MOC_FWD ? end_at_most(e, iv, x, why) : start_at_least(e, iv, mirror(x), why);
}
