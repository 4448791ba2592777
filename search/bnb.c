/* bnb.c — depth-first branch-and-bound with restarts (MiniCP's DFSearch and
 * Minimize, as an explicit loop over a stack of open decisions).
 *
 * A node: tighten obj <= best - 1 (once there is an incumbent), propagate;
 * on success ask the brancher, push a level and apply the decision's first
 * branch; when the brancher has nothing left, the node is a solution.  On a
 * failure (or after a solution, to look for a better one), pop decisions
 * whose both branches were tried and apply the negation of the deepest open
 * one, one level up.  A run ends when the stack is exhausted, when its own
 * failure budget is spent (restart, neighbourhood), or at a global limit.
 */
#include <string.h>

#include "search/internal.h"

/* obj <= best - 1, when there is an incumbent to beat. */
static bool tighten(moc_search *s) {
  if (s->obj < 0 || !s->has_solution) return true;
  return moc_set_ub(s->e, s->obj, s->best_obj - 1, moc_root()) == MOC_PROP_OK;
}

/* Weighs the propagator that failed (dom/wdeg). */
static void blame(moc_search *s) {
  uint32_t id = moc_engine_conflict_prop(s->e);
  if (id < s->weight_cap && s->weight[id] < UINT32_MAX) s->weight[id]++;
}

/* The brancher's decision, or obj = lb(obj) when it is done but obj is not
 * fixed; false at a solution. */
static bool choose(moc_search *s, moc_branch *b) {
  if (s->brancher.choose(s->brancher.self, s, b)) return true;
  if (s->obj < 0 || moc_is_fixed(s->e, s->obj)) return false;
  *b = (moc_branch){s->obj, false, moc_lb(s->e, s->obj)};
  return true;
}

/* Applies the first branch (second false) or its negation. */
static bool apply(moc_search *s, const moc_branch *b, bool second) {
  moc_engine *e = s->e;
  if (!b->ge && !second) return moc_set_ub(e, b->var, b->value, moc_decision()) == MOC_PROP_OK;
  if (!b->ge) return moc_set_lb(e, b->var, b->value + 1, moc_decision()) == MOC_PROP_OK;
  if (!second) return moc_set_lb(e, b->var, b->value, moc_decision()) == MOC_PROP_OK;
  return moc_set_ub(e, b->var, b->value - 1, moc_decision()) == MOC_PROP_OK;
}

/* Pushes a frame and a level for b; false when out of memory. */
static bool open_frame(moc_search *s, const moc_branch *b) {
  if (s->depth == s->stack_cap) {
    size_t cap = s->stack_cap ? 2 * s->stack_cap : 64;
    moc_frame *st = moc_engine_realloc(s->e, s->stack, cap * sizeof *st);
    if (!st) return false;
    s->stack = st;
    s->stack_cap = cap;
  }
  if (moc_push_level(s->e) != 0) return false;
  s->stack[s->depth++] = (moc_frame){*b, moc_level(s->e), false};
  return true;
}

/* Backtracks to the deepest open decision and applies its negation; sets
 * *alive to whether that node survived.  false when none is left. */
static bool next_branch(moc_search *s, bool *alive) {
  while (s->depth > 0) {
    moc_frame *f = &s->stack[s->depth - 1];
    moc_backtrack_to(s->e, f->level - 1);
    if (f->second) {
      s->depth--;
      continue;
    }
    f->second = true;
    if (moc_push_level(s->e) != 0) {
      s->stopped = true;
      return false;
    }
    *alive = apply(s, &f->b, true);
    return true;
  }
  return false;
}

static void record_solution(moc_search *s) {
  moc_engine *e = s->e;
  size_t n = moc_num_vars(e);
  for (size_t x = 0; x < n && x < s->best_cap; x++) s->best[x] = moc_lb(e, (moc_var)x);
  if (s->guided && s->hint_cap >= n) {
    memcpy(s->hint, s->best, n * sizeof *s->hint);
    memset(s->has_hint, 1, n);
  }
  s->has_solution = true;
  s->solutions++;
  if (s->obj >= 0) {
    s->best_obj = moc_lb(e, s->obj);
    if (s->bound > s->best_obj) s->bound = s->best_obj;
  }
  if (s->on_solution) {
    moc_search_progress p = moc_search_stats(s);
    s->on_solution(e, &p, s->user);
  }
}

/* A valid decision shrinks the domain on both branches. */
static bool valid(const moc_search *s, const moc_branch *b) {
  int64_t lb = moc_lb(s->e, b->var), ub = moc_ub(s->e, b->var);
  return b->ge ? lb < b->value && b->value <= ub : lb <= b->value && b->value < ub;
}

/* Handles a live node: descend, or record a solution.  Returns false when
 * the run must end (solution without objective, bad decision, memory). */
static bool expand(moc_search *s, bool *alive, moc_run_end *end) {
  moc_branch b;
  if (!choose(s, &b)) {
    record_solution(s);
    *alive = false;
    *end = RUN_SOLVED;
    return s->obj >= 0;
  }
  if (!valid(s, &b)) {
    moc_engine_set_error(s->e, "search: the brancher chose a decision that shrinks nothing");
    s->stopped = true;
    *end = RUN_LIMIT;
    return false;
  }
  s->nodes++;
  if (!open_frame(s, &b)) {
    s->stopped = true;
    *end = RUN_LIMIT;
    return false;
  }
  *alive = apply(s, &b, false);
  return true;
}

/* Tightens and propagates the current node; false when it fails. */
static bool settle(moc_search *s, bool global) {
  if (!tighten(s)) return false;
  if (moc_propagate(s->e) != MOC_PROP_OK) {
    blame(s);
    return false;
  }
  if (global && s->depth == 0 && s->obj >= 0) {
    /* The root's lower bound holds for every solution better than the
     * incumbent; the incumbent itself bounds the rest. */
    int64_t lb = moc_lb(s->e, s->obj);
    if (s->has_solution && lb > s->best_obj) lb = s->best_obj;
    if (lb > s->bound) s->bound = lb;
  }
  return true;
}

/* One step at the current node; false when the run ends (with *end set). */
static bool step(moc_search *s, bool *alive, uint64_t budget, uint64_t fail0, moc_run_end *end) {
  if (*alive) {
    if (moc_search_limit_hit(s)) {
      *end = RUN_LIMIT;
      return false;
    }
    if (!expand(s, alive, end)) return false;
    if (*alive) return true;
  } else {
    s->failures++;
    if (budget && s->failures - fail0 >= budget) {
      *end = RUN_BUDGET;
      return false;
    }
    if (moc_search_limit_hit(s)) {
      *end = RUN_LIMIT;
      return false;
    }
  }
  *alive = true;
  if (next_branch(s, alive)) return true;
  *end = s->stopped ? RUN_LIMIT : RUN_EXHAUSTED;
  return false;
}

moc_run_end moc_search_run(moc_search *s, uint64_t budget, bool global) {
  uint32_t base = moc_level(s->e);
  uint64_t fail0 = s->failures;
  moc_run_end end = RUN_EXHAUSTED;
  bool alive = true;
  s->depth = 0;
  do {
    if (alive) alive = settle(s, global);
  } while (step(s, &alive, budget, fail0, &end));
  moc_backtrack_to(s->e, base);
  s->depth = 0;
  return end;
}
