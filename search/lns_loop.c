/* lns_loop.c — a ready-made large neighbourhood search policy over a list of
 * variables, built on moc_search_lns (Shaw 1998; the adaptive size follows
 * CP-SAT's LNS workers).
 *
 * Each round keeps most variables at their incumbent values and frees a
 * fraction `relax` of them: alternately a random subset, and a contiguous
 * window of the list (give the list in a meaningful order — chronological,
 * say — and windows free related variables together); or whatever the
 * caller's neighbourhood function marks.  The size adapts: a
 * neighbourhood exhausted without improvement grows by 10 %, one that spends
 * its failure budget without improvement shrinks by 5 %.  After 20 rounds
 * without improvement, one round frees everything, with a budget that
 * doubles each time; when such a round is exhausted, the incumbent is proven
 * optimal.
 */
#include <math.h>

#include "search/internal.h"

enum { STALL = 20 };  /* rounds without improvement before a whole-problem round */

/* Marks k of the n positions free: a contiguous window (circular) or a
 * random subset by a partial Fisher-Yates shuffle of `order`. */
static void pick_free(moc_search *s, uint8_t *is_free, size_t *order, size_t n, size_t k,
                      bool window) {
  for (size_t i = 0; i < n; i++) is_free[i] = 0, order[i] = i;
  size_t start = (size_t)(moc_search_random(s) % n);
  for (size_t j = 0; j < k; j++) {
    if (window) {
      is_free[(start + j) % n] = 1;
      continue;
    }
    size_t r = j + (size_t)(moc_search_random(s) % (n - j));
    size_t t = order[j];
    order[j] = order[r], order[r] = t;
    is_free[order[j]] = 1;
  }
}

/* One round: frees k variables (the caller's choice, or ours), fixes the
 * others to the incumbent. */
static moc_search_status round_once(moc_search *s, const moc_var *vars, size_t n, size_t k,
                                    uint64_t round, const moc_lns_options *o, uint64_t budget,
                                    void *scratch) {
  uint8_t *is_free = scratch;
  size_t *order = (size_t *)(void *)(is_free + ((n + 7) & ~(size_t)7));
  moc_var *fixed = (moc_var *)(void *)(order + n);
  int64_t *vals = (int64_t *)(void *)(fixed + n + (n & 1));
  if (o->neighbourhood && k < n) {
    for (size_t i = 0; i < n; i++) is_free[i] = 0;
    o->neighbourhood(o->user, s, round, k, is_free, n);
  } else {
    pick_free(s, is_free, order, n, k, round & 1);
  }
  const int64_t *best = moc_search_best(s);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!is_free[i]) fixed[m] = vars[i], vals[m++] = best[vars[i]];
  return moc_search_lns(s, fixed, vals, m, budget);
}

moc_search_status moc_search_lns_loop(moc_search *s, const moc_var *vars, size_t n,
                                      const moc_lns_options *opt) {
  moc_lns_options o = {0.3, 200, 0, NULL, NULL};
  if (opt) o = *opt;
  if (!(o.relax > 0 && o.relax <= 1)) o.relax = 0.3;
  if (!s->has_solution || n == 0) return s->has_solution ? MOC_SEARCH_FEASIBLE : MOC_SEARCH_UNKNOWN;
  size_t bytes = ((n + 7) & ~(size_t)7) + n * sizeof(size_t) + (n + 1) * sizeof(moc_var) +
                 n * sizeof(int64_t) + 16;
  void *scratch = moc_engine_alloc(s->e, bytes);
  if (!scratch) return MOC_SEARCH_FEASIBLE;
  moc_search_status result = MOC_SEARCH_FEASIBLE;
  double relax = o.relax;
  unsigned full = 0, stall = 0;
  for (uint64_t r = 0; !o.max_rounds || r < o.max_rounds; r++) {
    size_t k = (size_t)ceil(relax * (double)n);
    /* After STALL rounds without improvement, try the whole problem, with a
     * budget that doubles each time: a proof comes eventually. */
    bool whole = k >= n || stall >= STALL;
    uint64_t budget = o.fail_budget;
    if (whole) {
      k = n;
      stall = 0;
      if (budget) budget <<= full < 40 ? full++ : 40;
    }
    uint64_t before = s->solutions;
    moc_search_status st = round_once(s, vars, n, k, r, &o, budget, scratch);
    if (st == MOC_SEARCH_OPTIMAL && k == n) {
      s->bound = s->best_obj;
      result = MOC_SEARCH_OPTIMAL;
      break;
    }
    if (s->stopped) break;
    if (s->solutions != before) {
      stall = 0;
      continue;
    }
    stall++;
    if (!whole) relax *= st == MOC_SEARCH_OPTIMAL ? 1.1 : 0.95;
    if (relax > 1) relax = 1;
    if (relax * (double)n < 1) relax = 1.0 / (double)n;
  }
  moc_engine_release(s->e, scratch);
  return result;
}
