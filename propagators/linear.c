/* linear.c — sum_i a_i * x_i <= c, bounds consistent, incremental.
 *
 * The trailed integer `minsum` holds sum_i min(a_i * x_i), the smallest value
 * the left side can take; notify keeps it current from the trail entry of
 * each change (old bound vs new), so propagate never rescans to learn it.
 * With slack = c - minsum, each term may grow by at most slack above its
 * minimum:  a > 0:  x <= lb + floor(slack / a);   a < 0:  x >= ub - floor(slack / |a|).
 * Tightening those bounds leaves minsum unchanged, so one pass is a
 * fix-point: the propagator is idempotent.  It is woken only when the slack
 * falls below the widest term seen at post time, max |a_i| (ub_i - lb_i),
 * and its scan stops at the first term (by that width, descending) that the
 * slack covers.
 * Overflow is excluded at post (see linear.h): terms and sums stay within
 * 2^61, so slack and every bound computed fit in 64 bits.
 * Reason codes: the index of the term whose bound was tightened.
 */
#include <stdlib.h>

#include "propagators/linear.h"

#define LIMIT (INT64_C(1) << 61)

typedef struct linear {
  moc_prop base;
  uint32_t n;        /* number of terms */
  int64_t c;         /* right-hand side, clamped into [-LIMIT - 1, LIMIT] */
  int64_t max_span;  /* max |a_i| (ub_i - lb_i) at post time: the wake-up filter */
  moc_tint minsum;   /* sum of the smallest contributions, trailed */
  int64_t *a;        /* coefficients, none zero */
  moc_var *x;        /* variables, all distinct */
  int64_t *span;     /* |a_i| (ub_i - lb_i) at post time, non-increasing */
} linear;

static int64_t min_term(const moc_engine *e, int64_t a, moc_var x) {
  return a > 0 ? a * moc_lb(e, x) : a * moc_ub(e, x);
}

/* Tightens every term against `slack` (>= 0).  Terms are sorted by their
 * span at post time, which bounds their span now: the scan stops at the
 * first one that cannot move. */
static moc_pstatus filter(linear *l, moc_engine *e, int64_t slack) {
  for (uint32_t i = 0; i < l->n && l->span[i] > slack; i++) {
    int64_t a = l->a[i], lb = moc_lb(e, l->x[i]), ub = moc_ub(e, l->x[i]);
    if (a > 0) {
      if (a * (ub - lb) > slack) TRY(moc_set_ub(e, l->x[i], lb + slack / a, moc_because(&l->base, i)));
    } else {
      if (-a * (ub - lb) > slack) TRY(moc_set_lb(e, l->x[i], ub - slack / -a, moc_because(&l->base, i)));
    }
  }
  return MOC_PROP_OK;
}

static moc_pstatus propagate(moc_prop *p, moc_engine *e) {
  linear *l = (linear *)p;
  int64_t slack = l->c - moc_tint_get(e, l->minsum);
  if (slack < 0) return MOC_PROP_CONFLICT;
  if (slack >= l->max_span) return MOC_PROP_OK;
  return filter(l, e, slack);
}

/* The oracle recomputes minsum; a trailed value that disagrees is reported
 * as a failure, so the checker catches broken bookkeeping too. */
static moc_pstatus from_scratch(moc_prop *p, moc_engine *e) {
  linear *l = (linear *)p;
  int64_t sum = 0;
  for (uint32_t i = 0; i < l->n; i++) sum += min_term(e, l->a[i], l->x[i]);
  if (sum != moc_tint_get(e, l->minsum) || sum > l->c) return MOC_PROP_CONFLICT;
  return filter(l, e, l->c - sum);
}

static bool notify(moc_prop *p, moc_engine *e, uint32_t i, unsigned events) {
  (void)events;
  linear *l = (linear *)p;
  const moc_trail_entry *t = moc_trail_at(e, moc_trail_size(e) - 1);
  int64_t a = l->a[i], delta;
  if (a > 0) delta = a * (moc_lb(e, l->x[i]) - t->old_lb);
  else delta = -a * (t->old_ub - moc_ub(e, l->x[i]));
  int64_t sum = moc_tint_get(e, l->minsum) + delta;
  moc_tint_set(e, l->minsum, sum);
  return l->c - sum < l->max_span;
}

static const moc_prop_class linear_class = {
    .name = "linear_le",
    .propagate = propagate,
    .propagate_from_scratch = from_scratch,
    .notify = notify,
    .idempotent = true,
};

typedef struct term {
  moc_var x;
  int64_t a;
  int64_t span;   /* |a| (ub - lb), filled after merging */
} term;

static int by_var(const void *p, const void *q) {
  moc_var x = ((const term *)p)->x, y = ((const term *)q)->x;
  return (x > y) - (x < y);
}

/* Widest first; ties by variable, so that posting is deterministic. */
static int by_span(const void *p, const void *q) {
  const term *s = p, *t = q;
  if (s->span != t->span) return s->span < t->span ? 1 : -1;
  return (s->x > t->x) - (s->x < t->x);
}

/* |a| * max(|lb|, |ub|) when it is at most LIMIT, else -1. */
static int64_t magnitude(const moc_engine *e, int64_t a, moc_var x) {
  int64_t lb = moc_lb(e, x), ub = moc_ub(e, x), m = lb < 0 ? -lb : lb, r;
  if (-ub > m) m = -ub;
  if (ub > m) m = ub;
  if (a < -LIMIT || a > LIMIT || __builtin_mul_overflow(a < 0 ? -a : a, m, &r) || r > LIMIT)
    return -1;
  return r;
}

/* Sorts, merges repeated variables, drops zeros; returns the new count or
 * -1 when a merged coefficient overflows. */
static long merge(term *t, size_t n) {
  qsort(t, n, sizeof *t, by_var);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && t[k - 1].x == t[i].x) {
      if (__builtin_add_overflow(t[k - 1].a, t[i].a, &t[k - 1].a)) return -1;
    } else {
      t[k++] = t[i];
    }
    if (t[k - 1].a == 0) k--;
  }
  return (long)k;
}

static int refuse(moc_engine *e, term *t, const char *why) {
  moc_engine_release(e, t);
  moc_engine_set_error(e, why);
  return -1;
}

/* Copies the merged terms into a posted propagator and its watches. */
static int install(moc_engine *e, const term *t, uint32_t n, int64_t c, int64_t total) {
  linear *l = moc_engine_alloc(e, sizeof *l + n * (2 * sizeof(int64_t) + sizeof(moc_var)));
  if (!l) return -1;
  l->n = n;
  l->a = (int64_t *)(void *)(l + 1);
  l->span = l->a + n;
  l->x = (moc_var *)(void *)(l->span + n);
  l->c = c > total ? total : c < -total - 1 ? -total - 1 : c;
  int64_t sum = 0;
  for (uint32_t i = 0; i < n; i++) {
    l->a[i] = t[i].a;
    l->x[i] = t[i].x;
    l->span[i] = t[i].span;
    if (t[i].span > l->max_span) l->max_span = t[i].span;
    sum += min_term(e, t[i].a, t[i].x);
  }
  l->minsum = moc_tint_new(e, sum);
  if (l->minsum < 0 || moc_post(e, &l->base, &linear_class, MOC_PRIO_LINEAR) != 0) return -1;
  for (uint32_t i = 0; i < n; i++)
    if (moc_watch(e, l->x[i], &l->base, i, t[i].a > 0 ? MOC_EV_LB : MOC_EV_UB) != 0) return -1;
  return 0;
}

int moc_post_linear_le(moc_engine *e, size_t n, const int64_t *a, const moc_var *x, int64_t c) {
  if (n > INT32_MAX || (n > 0 && (!a || !x))) {
    moc_engine_set_error(e, "linear: bad arguments");
    return -1;
  }
  term *t = moc_engine_alloc(e, (n + 1) * sizeof *t);
  if (!t) return -1;
  for (size_t i = 0; i < n; i++) {
    if (x[i] < 0 || (size_t)x[i] >= moc_num_vars(e)) return refuse(e, t, "linear: no such variable");
    t[i] = (term){x[i], a[i], 0};
  }
  long k = merge(t, n);
  if (k < 0) return refuse(e, t, "linear: coefficient overflow");
  int64_t total = 0;
  for (long i = 0; i < k; i++) {
    int64_t m = magnitude(e, t[i].a, t[i].x);
    if (m < 0 || (total += m) > LIMIT) return refuse(e, t, "linear: terms beyond 2^61");
    t[i].span = (t[i].a < 0 ? -t[i].a : t[i].a) * (moc_ub(e, t[i].x) - moc_lb(e, t[i].x));
  }
  qsort(t, (size_t)k, sizeof *t, by_span);
  int rc = install(e, t, (uint32_t)k, c, total);
  moc_engine_release(e, t);
  return rc;
}

/* Right-hand sides beyond 2^61 + 2 say the same as 2^61 + 2: no sum reaches
 * them.  Clamping first keeps -c defined. */
int moc_post_linear_eq(moc_engine *e, size_t n, const int64_t *a, const moc_var *x, int64_t c) {
  c = c > LIMIT + 2 ? LIMIT + 2 : c < -LIMIT - 2 ? -LIMIT - 2 : c;
  if (moc_post_linear_le(e, n, a, x, c) != 0) return -1;
  int64_t *neg = moc_engine_alloc(e, (n + 1) * sizeof *neg);
  if (!neg) return -1;
  for (size_t i = 0; i < n; i++) {
    if (a[i] == INT64_MIN) return refuse(e, (term *)(void *)neg, "linear: coefficient overflow");
    neg[i] = -a[i];
  }
  int rc = moc_post_linear_le(e, n, neg, x, -c);
  moc_engine_release(e, neg);
  return rc;
}
