/* lns.c — the building block of large neighbourhood search (Shaw 1998):
 * fix part of the problem to chosen values one level above the current,
 * search the rest for a better solution under a failure budget, keep what
 * is found, and return to the full problem by backtracking.  Choosing which
 * variables to fix, and when to stop, is the caller's policy.
 */
#include "search/internal.h"

moc_search_status moc_search_lns(moc_search *s, const moc_var *vars, const int64_t *values, size_t n,
                                 uint64_t max_failures) {
  moc_engine *e = s->e;
  uint32_t start = moc_level(e);
  uint64_t before = s->solutions;
  if (!moc_search_reserve(s) || moc_push_level(e) != 0)
    return s->has_solution ? MOC_SEARCH_FEASIBLE : MOC_SEARCH_UNKNOWN;
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) ok = moc_fix(e, vars[i], values[i], moc_decision()) == MOC_PROP_OK;
  moc_run_end end = ok ? moc_search_run(s, max_failures, false) : RUN_EXHAUSTED;
  moc_backtrack_to(e, start);
  if (end == RUN_EXHAUSTED)
    return s->has_solution ? MOC_SEARCH_OPTIMAL : MOC_SEARCH_INFEASIBLE;
  return s->solutions > before ? MOC_SEARCH_FEASIBLE : MOC_SEARCH_UNKNOWN;
}
