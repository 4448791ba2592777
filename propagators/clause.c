/* clause.c — a clause store propagated with two watched literals.
 *
 * Each clause of two or more literals watches its first two; the watch list
 * of a literal holds the clauses that watch it and must look again when it
 * becomes false (MiniSat's propagate).  Watches move without trailing: after
 * backtracking, watched literals are still unassigned or true, so the
 * invariant survives (Gent et al., "Watched literals for constraint
 * propagation").  Every watch list is reserved as large as the number of
 * clauses containing its literal, so moving a watch never allocates.
 *
 * The engine announces each fixed 0/1 variable through notify; the literal
 * that became false goes on a pending list (one entry per variable at most
 * between runs), which propagate drains, its own implications included: the
 * store is idempotent.  Reason code of an implied literal: its clause index.
 */
#include <stdlib.h>

#include "propagators/clause.h"

typedef struct watch_list {
  uint32_t *c;   /* clause indices watching this literal */
  uint32_t n, cap;
} watch_list;

struct moc_clauses {
  moc_prop base;
  moc_engine *e;
  moc_lit *lits;        /* every clause's literals, one after another */
  uint32_t nlits, lits_cap;
  uint32_t *start;      /* clause i is lits[start[i] .. start[i + 1]) */
  uint32_t nclauses, start_cap;
  watch_list *watch;    /* by literal */
  uint32_t nwatch;      /* literals covered: 2 * variables seen */
  uint8_t *known;       /* by variable: registered with the engine */
  uint32_t known_cap;   /* == nwatch / 2 */
  uint32_t nknown;      /* variables registered */
  moc_lit *pending;     /* literals made false since the last run */
  uint32_t npending, pending_cap;
  bool empty;           /* an empty clause was added: fail */
};

/* Looks at the clauses watching the false literal f. */
static moc_pstatus visit(moc_clauses *cs, moc_engine *e, moc_lit f) {
  watch_list *wl = &cs->watch[f];
  uint32_t i = 0, j = 0;
  while (i < wl->n) {
    uint32_t c = wl->c[i++];
    moc_lit *l = cs->lits + cs->start[c];
    uint32_t size = cs->start[c + 1] - cs->start[c];
    if (l[0] == f) l[0] = l[1], l[1] = f;
    if (moc_lit_is_true(e, l[0])) {
      wl->c[j++] = c;
      continue;
    }
    uint32_t k = 2;
    while (k < size && moc_lit_is_false(e, l[k])) k++;
    if (k < size) {
      l[1] = l[k], l[k] = f;
      watch_list *to = &cs->watch[l[1]];
      to->c[to->n++] = c;
      continue;
    }
    wl->c[j++] = c;
    if (moc_set_lit(e, l[0], moc_because(&cs->base, c)) != MOC_PROP_OK) {
      while (i < wl->n) wl->c[j++] = wl->c[i++];
      wl->n = j;
      return MOC_PROP_CONFLICT;
    }
  }
  wl->n = j;
  return MOC_PROP_OK;
}

static moc_pstatus propagate(moc_prop *p, moc_engine *e) {
  moc_clauses *cs = (moc_clauses *)p;
  if (cs->empty) return MOC_PROP_CONFLICT;
  for (uint32_t h = 0; h < cs->npending; h++) {
    if (visit(cs, e, cs->pending[h]) != MOC_PROP_OK) {
      cs->npending = 0;
      return MOC_PROP_CONFLICT;
    }
  }
  cs->npending = 0;
  return MOC_PROP_OK;
}

/* The oracle: every clause has a true literal or two non-false ones. */
static moc_pstatus from_scratch(moc_prop *p, moc_engine *e) {
  moc_clauses *cs = (moc_clauses *)p;
  if (cs->empty) return MOC_PROP_CONFLICT;
  for (uint32_t c = 0; c < cs->nclauses; c++) {
    moc_lit open = -1;
    uint32_t nopen = 0;
    bool sat = false;
    for (uint32_t k = cs->start[c]; k < cs->start[c + 1] && !sat; k++) {
      if (moc_lit_is_true(e, cs->lits[k])) sat = true;
      else if (!moc_lit_is_false(e, cs->lits[k])) open = cs->lits[k], nopen++;
    }
    if (sat || nopen >= 2) continue;
    if (nopen == 0) return MOC_PROP_CONFLICT;
    TRY(moc_set_lit(e, open, moc_because(p, c)));
  }
  return MOC_PROP_OK;
}

static bool notify(moc_prop *p, moc_engine *e, uint32_t x, unsigned events) {
  (void)events;
  moc_clauses *cs = (moc_clauses *)p;
  moc_lit f = moc_lit_of((moc_var)x, moc_lb(e, (moc_var)x) == 0);
  if (cs->watch[f].n == 0) return false;
  cs->pending[cs->npending++] = f;
  return true;
}

static void reset(moc_prop *p, moc_engine *e) {
  (void)e;
  ((moc_clauses *)p)->npending = 0;
}

static const moc_prop_class clause_class = {
    .name = "clauses",
    .propagate = propagate,
    .propagate_from_scratch = from_scratch,
    .notify = notify,
    .reset = reset,
    .idempotent = true,
};

moc_clauses *moc_clauses_create(moc_engine *e) {
  moc_clauses *cs = moc_engine_alloc(e, sizeof *cs);
  if (!cs) return NULL;
  cs->e = e;
  cs->start = moc_engine_alloc(e, 16 * sizeof(uint32_t));
  if (!cs->start) return NULL;
  cs->start_cap = 16;
  if (moc_post(e, &cs->base, &clause_class, MOC_PRIO_FAST) != 0) return NULL;
  return cs;
}

size_t moc_clauses_count(const moc_clauses *cs) { return cs->nclauses; }

/* ---- adding clauses (level 0) ---- */

static bool grow(moc_engine *e, void **ptr, uint32_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  if (need > UINT32_MAX / 2) return false;
  size_t n = *cap ? 2 * (size_t)*cap : 16;
  while (n < need) n *= 2;
  void *p = moc_engine_realloc(e, *ptr, n * elem);
  if (!p) return false;
  *ptr = p;
  *cap = (uint32_t)n;
  return true;
}

/* Registers variable x: its literals' watch lists, a pending slot, and an
 * engine watch on its fixing. */
static bool know(moc_clauses *cs, moc_var x) {
  moc_engine *e = cs->e;
  if ((uint32_t)x >= cs->known_cap) {
    size_t need = moc_num_vars(e);
    if (!grow(e, (void **)&cs->watch, &cs->nwatch, 2 * need, sizeof(watch_list))) return false;
    if (!grow(e, (void **)&cs->known, &cs->known_cap, cs->nwatch / 2, 1)) return false;
  }
  if (cs->known[x]) return true;
  if (!grow(e, (void **)&cs->pending, &cs->pending_cap, (size_t)cs->nknown + 1, sizeof(moc_lit)))
    return false;
  cs->known[x] = 1;
  cs->nknown++;
  return moc_watch(e, x, &cs->base, (uint32_t)x, MOC_EV_FIX) == 0;
}

/* Room for one more clause watching literal l. */
static bool reserve_watch(moc_clauses *cs, moc_lit l) {
  watch_list *wl = &cs->watch[l];
  return grow(cs->e, (void **)&wl->c, &wl->cap, (size_t)wl->cap + 1, sizeof(uint32_t));
}

static int by_value(const void *p, const void *q) {
  moc_lit a = *(const moc_lit *)p, b = *(const moc_lit *)q;
  return (a > b) - (a < b);
}

/* Sorts and simplifies against the root: returns the number of literals
 * left, or -1 when the clause is already true (or a tautology). */
static long simplify(const moc_engine *e, moc_lit *l, size_t n) {
  qsort(l, n, sizeof *l, by_value);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (moc_lit_is_true(e, l[i])) return -1;
    if (moc_lit_is_false(e, l[i]) || (k > 0 && l[k - 1] == l[i])) continue;
    if (k > 0 && l[k - 1] == moc_lit_not(l[i])) return -1;
    l[k++] = l[i];
  }
  return (long)k;
}

/* Stores a simplified clause of two or more literals and watches two. */
static int store(moc_clauses *cs, const moc_lit *l, uint32_t n) {
  moc_engine *e = cs->e;
  for (uint32_t i = 0; i < n; i++)
    if (!know(cs, moc_lit_var(l[i])) || !reserve_watch(cs, l[i])) return -1;
  if (!grow(e, (void **)&cs->lits, &cs->lits_cap, (size_t)cs->nlits + n, sizeof(moc_lit)) ||
      !grow(e, (void **)&cs->start, &cs->start_cap, (size_t)cs->nclauses + 2, sizeof(uint32_t)))
    return -1;
  uint32_t c = cs->nclauses++;
  cs->start[c] = cs->nlits;
  for (uint32_t i = 0; i < n; i++) cs->lits[cs->nlits++] = l[i];
  cs->start[c + 1] = cs->nlits;
  for (int w = 0; w < 2; w++) {
    watch_list *wl = &cs->watch[l[w]];
    wl->c[wl->n++] = c;
  }
  return 0;
}

static bool valid(const moc_engine *e, moc_lit l) {
  moc_var x = moc_lit_var(l);
  return l >= 0 && (size_t)x < moc_num_vars(e) && moc_lb(e, x) >= 0 && moc_ub(e, x) <= 1;
}

int moc_clauses_add(moc_clauses *cs, const moc_lit *lits, size_t n) {
  moc_engine *e = cs->e;
  if (moc_level(e) != 0 || n > UINT32_MAX / 4 || (n > 0 && !lits)) {
    moc_engine_set_error(e, "clause: added above level 0 or bad arguments");
    return -1;
  }
  moc_lit *l = moc_engine_alloc(e, (n + 1) * sizeof *l);
  if (!l) return -1;
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!valid(e, lits[i])) {
      moc_engine_release(e, l);
      moc_engine_set_error(e, "clause: literal of no 0/1 variable");
      return -1;
    }
    l[i] = lits[i];
  }
  long k = simplify(e, l, n);
  if (k == 0) {
    cs->empty = true;
    moc_schedule(e, &cs->base);
  } else if (k == 1) {
    if (moc_set_lit(e, l[0], moc_root()) != MOC_PROP_OK) cs->empty = true;
    moc_schedule(e, &cs->base);
  } else if (k > 1) {
    rc = store(cs, l, (uint32_t)k);
  }
  moc_engine_release(e, l);
  return rc;
}

int moc_clauses_add_implication(moc_clauses *cs, moc_lit a, moc_lit b) {
  moc_lit l[2] = {moc_lit_not(a), b};
  return moc_clauses_add(cs, l, 2);
}
