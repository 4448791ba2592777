/* restarts.c — the Luby sequence that spaces restarts (Luby, Sinclair,
 * Zuckerman 1993), in MiniSat's 15-line form: 1 1 2 1 1 2 4 1 1 2 1 1 2 4 8 ...
 * A run i may fail unit * luby(i) times before the search restarts.
 */
#include "search/internal.h"

uint64_t moc_luby(uint64_t i) {
  uint64_t x = i - 1, size = 1;
  unsigned seq = 0;
  /* Find the finite subsequence that contains index x, and its size. */
  while (size < x + 1) {
    seq++;
    size = 2 * size + 1;
  }
  while (size - 1 != x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return UINT64_C(1) << seq;
}

/* ---- the top-level solve: runs separated by restarts ---- */

/* Failure counts for every propagator posted so far. */
static bool reserve_weights(moc_search *s) {
  size_t n = moc_num_props(s->e);
  if (s->weight_cap >= n) return true;
  uint32_t *w = moc_engine_realloc(s->e, s->weight, (n + 1) * sizeof *w);
  if (!w) return false;
  s->weight = w;
  s->weight_cap = n;
  return true;
}

bool moc_search_reserve(moc_search *s) {
  size_t n = moc_num_vars(s->e);
  if (s->guided && !moc_search_reserve_hints(s)) return false;
  if (!reserve_weights(s)) return false;
  if (s->best_cap >= n) return true;
  int64_t *b = moc_engine_realloc(s->e, s->best, (n + 1) * sizeof *b);
  if (!b) return false;
  s->best = b;
  s->best_cap = n;
  return true;
}

moc_search_status moc_search_solve(moc_search *s) {
  if (!moc_search_reserve(s)) return s->has_solution ? MOC_SEARCH_FEASIBLE : MOC_SEARCH_UNKNOWN;
  if (s->obj >= 0 && !s->has_solution) s->bound = moc_lb(s->e, s->obj);
  moc_run_end end;
  for (uint64_t run = 1;; run++) {
    uint64_t budget = s->luby_unit ? s->luby_unit * moc_luby(run) : 0;
    end = moc_search_run(s, budget, true);
    if (end != RUN_BUDGET) break;
    s->restarts++;
  }
  if (end == RUN_EXHAUSTED) {
    if (!s->has_solution) return MOC_SEARCH_INFEASIBLE;
    if (s->obj < 0) return MOC_SEARCH_FEASIBLE;
    s->bound = s->best_obj;
    return MOC_SEARCH_OPTIMAL;
  }
  return s->has_solution ? MOC_SEARCH_FEASIBLE : MOC_SEARCH_UNKNOWN;
}
