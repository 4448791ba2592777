/* cp_brancher.c — how the search walks the MOCCASIN model: chronologically.
 *
 * Among the recomputation copies that are still open — presence undecided,
 * or present with the stage not fixed — take the one whose earliest stage is
 * smallest, and decide its presence first (absent first: no recomputation is
 * the cheap choice; the hint's value when there is a hint), then its stage
 * (earliest first, or the hint's).  Once every presence and stage is fixed,
 * the cover propagator has raised each end to one past the last consumer its
 * copy must serve, and the ends are fixed to those lower bounds, the least
 * memory they can take.  Absent copies are never branched on: their
 * variables mean nothing.
 */
#include "model/cp_brancher.h"

static bool decide(moc_search *s, moc_var x, int64_t preferred, moc_branch *out) {
  moc_engine *e = moc_search_engine(s);
  int64_t lb = moc_lb(e, x), ub = moc_ub(e, x);
  int64_t hint;
  if (moc_search_hint(s, x, &hint) && hint >= lb && hint <= ub) preferred = hint;
  if (preferred <= lb) {
    *out = (moc_branch){x, false, lb};  /* x <= lb, then x > lb */
  } else {
    *out = (moc_branch){x, true, preferred};  /* x >= preferred, then x < preferred */
  }
  return true;
}

static bool choose(void *self, moc_search *s, moc_branch *out) {
  const moc_cp_model *m = self;
  moc_engine *e = moc_search_engine(s);
  const moc_interval *pick = NULL;
  int64_t pick_stage = 0;
  for (uint32_t v = 0; v < m->n; v++)
    for (uint32_t i = 1; i < m->copies_of[v]; i++) {
      const moc_interval *iv = moc_cp_interval(m, v, (int)i);
      if (moc_lit_is_false(e, iv->present)) continue;
      if (moc_lit_is_true(e, iv->present) && moc_is_fixed(e, iv->stage)) continue;
      int64_t st = moc_lb(e, iv->stage);
      if (!pick || st < pick_stage) {
        pick = iv;
        pick_stage = st;
      }
    }
  if (pick) {
    if (!moc_lit_is_true(e, pick->present)) {
      moc_var p = moc_lit_var(pick->present);
      return decide(s, p, moc_lit_negated(pick->present) ? 1 : 0, out);
    }
    return decide(s, pick->stage, moc_lb(e, pick->stage), out);
  }
  for (uint32_t v = 0; v < m->n; v++)
    for (uint32_t i = 0; i < m->copies_of[v]; i++) {
      const moc_interval *iv = moc_cp_interval(m, v, (int)i);
      if (moc_lit_is_true(e, iv->present) && !moc_is_fixed(e, iv->end)) {
        *out = (moc_branch){iv->end, false, moc_lb(e, iv->end)};
        return true;
      }
    }
  return false;
}

moc_brancher moc_cp_brancher(const moc_cp_model *m) {
  moc_brancher b = {choose, (void *)m};
  return b;
}
