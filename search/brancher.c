/* brancher.c — the default brancher: pick a variable, then a value.
 *
 * Variable: the unfixed decision variable with the smallest domain
 * (first-fail, Haralick & Elliott), ties broken at random by scanning from a
 * random position drawn from the search's seeded PRNG; or the smallest
 * domain divided by the weighted degree (dom/wdeg: the failures caused by
 * the propagators watching it); or the first unfixed one, found from a
 * trailed position.  Value: the hint when it lies in the domain (x <= h, or
 * x >= h when h is the upper bound, so that the hint is reached within two
 * decisions), else the minimum, the maximum, or a split at the middle.
 */
#include "search/internal.h"

/* The first unfixed variable from the trailed position `first`, which only
 * moves forward along a branch (the variables before it stay fixed). */
static moc_var select_first(const moc_default_brancher *d, moc_search *s) {
  moc_engine *e = moc_search_engine(s);
  size_t i = d->first >= 0 ? (size_t)moc_tint_get(e, d->first) : 0;
  while (i < d->n && moc_is_fixed(e, d->vars[i])) i++;
  if (d->first >= 0) moc_tint_set(e, d->first, (int64_t)i);
  return i < d->n ? d->vars[i] : -1;
}

/* The smallest domain, scanning circularly from a random position: the
 * first of the smallest found wins, so ties fall at random for one draw.
 * A domain of two values cannot be beaten, so the scan stops there. */
static moc_var select_smallest(const moc_default_brancher *d, moc_search *s) {
  const moc_engine *e = moc_search_engine(s);
  moc_var best = -1;
  uint64_t best_size = UINT64_MAX;
  size_t at = d->n ? (size_t)(moc_search_random(s) % d->n) : 0;
  for (size_t k = 0; k < d->n; k++, at = at + 1 == d->n ? 0 : at + 1) {
    moc_var x = d->vars[at];
    uint64_t size = (uint64_t)moc_ub(e, x) - (uint64_t)moc_lb(e, x);
    if (size == 0 || size >= best_size) continue;
    best = x;
    best_size = size;
    if (size == 1) break;
  }
  return best;
}

/* The smallest domain size / weighted degree, scanning from a random start
 * (ties fall at random); sizes and weights compared by cross products in
 * double, exact enough to rank. */
static moc_var select_wdeg(const moc_default_brancher *d, moc_search *s) {
  const moc_engine *e = moc_search_engine(s);
  moc_var best = -1;
  double best_size = 0, best_w = 1;
  size_t at = d->n ? (size_t)(moc_search_random(s) % d->n) : 0;
  for (size_t k = 0; k < d->n; k++, at = at + 1 == d->n ? 0 : at + 1) {
    moc_var x = d->vars[at];
    uint64_t size = (uint64_t)moc_ub(e, x) - (uint64_t)moc_lb(e, x);
    if (size == 0) continue;
    double w = (double)moc_search_wdeg(s, x);
    if (best < 0 || (double)size * best_w < best_size * w) {
      best = x;
      best_size = (double)size;
      best_w = w;
    }
  }
  return best;
}

static moc_var select_var(const moc_default_brancher *d, moc_search *s) {
  switch (d->select) {
  case MOC_SELECT_FIRST:
    return select_first(d, s);
  case MOC_SELECT_WDEG:
    return select_wdeg(d, s);
  default:
    return select_smallest(d, s);
  }
}

bool moc_default_choose(void *self, moc_search *s, moc_branch *out) {
  const moc_default_brancher *d = self;
  moc_var x = select_var(d, s);
  if (x < 0) return false;
  const moc_engine *e = moc_search_engine(s);
  int64_t lb = moc_lb(e, x), ub = moc_ub(e, x), h;
  out->var = x;
  if (moc_search_hint(s, x, &h) && h >= lb && h <= ub) {
    out->ge = h == ub;
    out->value = h;
    return true;
  }
  switch (d->value) {
  case MOC_VALUE_MAX:
    out->ge = true;
    out->value = ub;
    break;
  case MOC_VALUE_SPLIT:
    out->ge = false;
    out->value = lb + (int64_t)(((uint64_t)ub - (uint64_t)lb) / 2);
    break;
  default:
    out->ge = false;
    out->value = lb;
  }
  return true;
}
