/* brancher.c — the default brancher: pick a variable, then a value.
 *
 * Variable: the unfixed decision variable with the smallest domain
 * (first-fail, Haralick & Elliott), ties broken uniformly at random by
 * reservoir sampling from the search's seeded PRNG; or simply the first
 * unfixed one.  Value: the hint when it lies in the domain (x <= h, or
 * x >= h when h is the upper bound, so that the hint is reached within two
 * decisions), else the minimum, the maximum, or a split at the middle.
 */
#include "search/internal.h"

static moc_var select_var(const moc_default_brancher *d, moc_search *s) {
  const moc_engine *e = moc_search_engine(s);
  moc_var best = -1;
  uint64_t best_size = 0, ties = 0;
  for (size_t i = 0; i < d->n; i++) {
    moc_var x = d->vars[i];
    if (moc_is_fixed(e, x)) continue;
    if (d->select == MOC_SELECT_FIRST) return x;
    uint64_t size = (uint64_t)moc_ub(e, x) - (uint64_t)moc_lb(e, x);
    if (best < 0 || size < best_size) {
      best = x;
      best_size = size;
      ties = 1;
    } else if (size == best_size && moc_search_random(s) % ++ties == 0) {
      best = x;
    }
  }
  return best;
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
