/* cumulative_post.c — posting the cumulative propagator (validation, memory
 * reserved up front, watches, the group index) and the part each item should
 * have in the profile.
 *
 * Memory: O(tasks + points) arrays and a profile whose node pool is sized
 * for every item's part at once (cumulative_profile.h), nothing in the
 * horizon: for the paper's n = 1000 graph with two copies, about 400,000
 * nodes (13 MB).  The oracle's profile is reserved on its first use only.
 */
#include "propagators/cumulative_internal.h"

static void task_part(const moc_engine *e, const moc_interval *iv, int64_t *lo, int64_t *hi) {
  *lo = *hi = 0;
  if (!moc_task_present(e, iv)) return;
  int64_t l = moc_task_lst(e, iv, MOC_FWD), h = moc_task_ect(e, iv, MOC_FWD);
  if (l < h) {
    *lo = l;
    *hi = h;
  }
}

void moc_cumul_part(const moc_cumulative *c, const moc_engine *e, uint32_t k, int64_t *lo,
                    int64_t *hi) {
  if (k < c->n) {
    task_part(e, &c->task[k], lo, hi);
    return;
  }
  const moc_cumul_point *pt = &c->point[k - c->n];
  *lo = *hi = 0;
  if (!moc_task_present(e, &pt->at) || !moc_is_fixed(e, pt->at.stage)) return;
  int64_t s = moc_task_est(e, &pt->at, MOC_FWD);
  if (s < 0 || s >= c->horizon) return;
  for (uint32_t j = c->gt_start[pt->group]; j < c->gt_start[pt->group + 1]; j++) {
    int64_t l, h;
    task_part(e, &c->task[c->gt[j]], &l, &h);
    if (l <= s && s < h) return;
  }
  *lo = s;
  *hi = s + 1;
}

int64_t moc_cumul_cap(const moc_cumulative *c, const moc_engine *e) {
  return c->capvar >= 0 ? moc_ub(e, c->capvar) : c->capconst;
}

static bool valid_spec(const moc_cumulative_spec *s) {
  if (!s->tasks || !s->demand || s->horizon < 1 || s->n >= UINT32_MAX / 8) return false;
  if (s->npoints >= UINT32_MAX / 8 - s->n || (s->npoints > 0 && (!s->points || !s->group)))
    return false;
  int64_t sum = 0;
  for (uint32_t i = 0; i < s->n; i++) {
    if (s->demand[i] < 0 || s->demand[i] > (INT64_C(1) << 62) - sum) return false;
    if (s->group && s->group[i] >= s->ngroups) return false;
    sum += s->demand[i];
  }
  for (uint32_t p = 0; p < s->npoints; p++)
    if (s->points[p].group >= s->ngroups) return false;
  return s->capacity >= 0 || s->capacity_const >= 0;
}

static void *zalloc(moc_engine *e, size_t count, size_t each, bool *ok) {
  void *p = moc_engine_alloc(e, (count + 1) * each);
  if (!p) *ok = false;
  return p;
}

bool moc_cumul_alloc_state(moc_engine *e, moc_tt_state *st, uint32_t tasks, uint32_t points,
                           int64_t horizon) {
  bool ok = moc_profile_init(&st->prof, e, horizon, tasks, points) == 0;
  st->lo = zalloc(e, tasks + points, sizeof(int64_t), &ok);
  st->hi = zalloc(e, tasks + points, sizeof(int64_t), &ok);
  return ok;
}

static moc_cumulative *make(moc_engine *e, const moc_cumulative_spec *s, uint32_t npoints) {
  moc_cumulative *c = moc_engine_alloc(e, sizeof *c);
  if (!c) return NULL;
  bool ok = true;
  uint32_t m = s->n + npoints;
  c->n = s->n;
  c->nitems = m;
  c->npoints = npoints;
  c->task = zalloc(e, s->n, sizeof *c->task, &ok);
  c->demand = zalloc(e, m, sizeof *c->demand, &ok);
  c->dirty = zalloc(e, m, sizeof *c->dirty, &ok);
  c->flags = zalloc(e, m, sizeof *c->flags, &ok);
  c->cand = zalloc(e, s->n, sizeof *c->cand, &ok);
  c->moved = zalloc(e, s->n, sizeof *c->moved, &ok);
  c->log_cap = 4 * m + 64;
  c->log = zalloc(e, c->log_cap, sizeof *c->log, &ok);
  ok = ok && moc_cumul_alloc_state(e, &c->inc, s->n, npoints, s->horizon);
  c->excl = zalloc(e, 2, sizeof *c->excl, &ok);
  c->log_mark = moc_tint_new(e, 0);
  return ok && c->log_mark >= 0 ? c : NULL;
}

/* Counting sort of n keys in [0, g) into start[0..g] and list. */
static void index_by(const uint32_t *key, uint32_t n, uint32_t g, uint32_t *start,
                     uint32_t *list) {
  for (uint32_t i = 0; i < n; i++) start[key[i] + 1]++;
  for (uint32_t k = 0; k < g; k++) start[k + 1] += start[k];
  for (uint32_t i = 0; i < n; i++) list[start[key[i]]++] = i;
  for (uint32_t k = g; k > 0; k--) start[k] = start[k - 1];
  start[0] = 0;
}

/* Groups: copies, the two indexes, equal demands, the exclusion scratch. */
static int make_groups(moc_engine *e, moc_cumulative *c, const moc_cumulative_spec *s) {
  bool ok = true;
  uint32_t g = s->ngroups;
  c->group = zalloc(e, s->n, sizeof *c->group, &ok);
  c->point = zalloc(e, s->npoints, sizeof *c->point, &ok);
  uint32_t *pkey = zalloc(e, s->npoints, sizeof *pkey, &ok);
  c->gt_start = zalloc(e, g + 1, sizeof *c->gt_start, &ok);
  c->gp_start = zalloc(e, g + 1, sizeof *c->gp_start, &ok);
  c->gt = zalloc(e, s->n, sizeof *c->gt, &ok);
  c->gp = zalloc(e, s->npoints, sizeof *c->gp, &ok);
  if (!ok) return -1;
  for (uint32_t i = 0; i < s->n; i++) c->group[i] = s->group[i];
  for (uint32_t p = 0; p < s->npoints; p++) c->point[p] = s->points[p];
  for (uint32_t p = 0; p < s->npoints; p++) pkey[p] = s->points[p].group;
  index_by(c->group, s->n, g, c->gt_start, c->gt);
  index_by(pkey, s->npoints, g, c->gp_start, c->gp);
  uint32_t most = 0;
  for (uint32_t k = 0; k < g; k++) {
    uint32_t np = c->gp_start[k + 1] - c->gp_start[k];
    most = np > most ? np : most;
    if (np > 0 && c->gt_start[k + 1] == c->gt_start[k]) return -1;  /* points of no task */
    for (uint32_t j = c->gt_start[k]; j < c->gt_start[k + 1]; j++)
      if (s->demand[c->gt[j]] != s->demand[c->gt[c->gt_start[k]]]) return -1;
  }
  for (uint32_t p = 0; p < s->npoints; p++)
    c->demand[s->n + p] = s->demand[c->gt[c->gt_start[pkey[p]]]];
  c->excl = zalloc(e, most + 2, sizeof *c->excl, &ok);
  return ok ? 0 : -1;
}

static int watch_all(moc_engine *e, moc_cumulative *c) {
  for (uint32_t i = 0; i < c->n; i++) {
    const moc_interval *iv = &c->task[i];
    if (moc_watch(e, iv->stage, &c->base, i, MOC_EV_LB | MOC_EV_UB) != 0 ||
        moc_watch(e, iv->end, &c->base, i, MOC_EV_LB | MOC_EV_UB) != 0 ||
        moc_watch(e, moc_lit_var(iv->present), &c->base, i, MOC_EV_FIX) != 0)
      return -1;
  }
  for (uint32_t p = 0; p < c->npoints; p++) {
    const moc_interval *iv = &c->point[p].at;
    if (moc_watch(e, iv->stage, &c->base, c->n + p, MOC_EV_FIX) != 0 ||
        moc_watch(e, moc_lit_var(iv->present), &c->base, c->n + p, MOC_EV_FIX) != 0)
      return -1;
  }
  return c->capvar >= 0 ? moc_watch(e, c->capvar, &c->base, c->nitems, MOC_EV_UB) : 0;
}

int moc_cumulative_post(moc_engine *e, const moc_cumulative_spec *spec, moc_cumulative **out) {
  if (!valid_spec(spec)) return -1;
  moc_cumulative *c = make(e, spec, spec->npoints);
  if (!c) return -1;
  if (spec->group && make_groups(e, c, spec) != 0) return -1;
  for (uint32_t i = 0; i < spec->n; i++) {
    c->task[i] = spec->tasks[i];
    c->demand[i] = spec->demand[i];
  }
  for (uint32_t k = 0; k < c->nitems; k++) moc_cumul_mark(c, k, 0);
  c->horizon = spec->horizon;
  c->capvar = spec->capacity;
  c->capconst = spec->capacity_const;
  c->hull_lo = INT64_MAX;
  c->hull_hi = INT64_MIN;
  if (moc_post(e, &c->base, &moc_cumulative_class, MOC_PRIO_GLOBAL) != 0) return -1;
  if (watch_all(e, c) != 0) return -1;
  if (out) *out = c;
  return 0;
}

int64_t moc_cumulative_profile_at(const moc_cumulative *c, int64_t tau) {
  return moc_profile_value(&c->inc.prof, tau);
}

int64_t moc_cumulative_profile_peak(const moc_cumulative *c) {
  return moc_profile_max(&c->inc.prof);
}
