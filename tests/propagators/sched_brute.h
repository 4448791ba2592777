/* sched_brute.h — brute force for propagators over optional intervals
 * (header-only helper of the tests in tests/propagators/test_interval*,
 * test_cumulative*, test_cover*).
 *
 * The engine harness compares bounds with every solution; with optional
 * intervals that is too strict, because the variables of an absent interval
 * are don't-cares that propagators may narrow.  Here a solution is projected:
 * an absent interval contributes only its presence.  Checks:
 *   1. soundness: after the fix-point, every solution's presence values, and
 *      the start stage and end of its present intervals, are still in their
 *      domains (and the fix-point fails only when there is no solution);
 *   2. checking: every full assignment of the domains from before step 1
 *      (absent intervals' variables at their current lower bounds) is
 *      accepted exactly when it satisfies the constraint.
 */
#ifndef MOC_TESTS_SCHED_BRUTE_H
#define MOC_TESTS_SCHED_BRUTE_H

#include <stdio.h>

#include "propagators/interval.h"
#include "support/engine_harness.h"

enum { SB_MAX = 8 };

typedef struct sb_assign {
  int n;                  /* intervals */
  bool present[SB_MAX];
  int64_t stage[SB_MAX], start[SB_MAX], end[SB_MAX];
  int64_t extra;          /* the value of the optional extra variable */
} sb_assign;

typedef bool (*sb_sat_fn)(const sb_assign *a, void *user);

typedef struct sb_dom {
  int64_t plo[SB_MAX], phi[SB_MAX], slo[SB_MAX], shi[SB_MAX], elo[SB_MAX], ehi[SB_MAX];
  int64_t xlo, xhi;
} sb_dom;

static inline void sb_read(const moc_engine *e, const moc_interval *iv, int n, moc_var extra,
                           sb_dom *d) {
  for (int i = 0; i < n; i++) {
    moc_var p = moc_lit_var(iv[i].present);
    d->plo[i] = moc_lb(e, p);
    d->phi[i] = moc_ub(e, p);
    if (moc_lit_negated(iv[i].present)) {
      int64_t t = d->plo[i];
      d->plo[i] = 1 - d->phi[i];
      d->phi[i] = 1 - t;
    }
    d->slo[i] = moc_lb(e, iv[i].stage);
    d->shi[i] = moc_ub(e, iv[i].stage);
    d->elo[i] = moc_lb(e, iv[i].end);
    d->ehi[i] = moc_ub(e, iv[i].end);
  }
  d->xlo = extra >= 0 ? moc_lb(e, extra) : 0;
  d->xhi = extra >= 0 ? moc_ub(e, extra) : 0;
}

/* Odometer over (presence, stage, end) per interval, then the extra var. */
static inline bool sb_next(sb_assign *a, const sb_dom *d) {
  for (int i = 0; i < a->n; i++) {
    if (a->present[i] && a->end[i] < d->ehi[i]) { a->end[i]++; return true; }
    a->end[i] = d->elo[i];
    if (a->present[i] && a->stage[i] < d->shi[i]) { a->stage[i]++; return true; }
    a->stage[i] = d->slo[i];
    if (!a->present[i] && d->phi[i] == 1) { a->present[i] = true; return true; }
    a->present[i] = d->plo[i] == 1;
  }
  if (a->extra < d->xhi) { a->extra++; return true; }
  a->extra = d->xlo;
  return false;
}

static inline void sb_first(sb_assign *a, int n, const sb_dom *d) {
  a->n = n;
  for (int i = 0; i < n; i++) {
    a->present[i] = d->plo[i] == 1;
    a->stage[i] = d->slo[i];
    a->end[i] = d->elo[i];
  }
  a->extra = d->xlo;
}

static inline void sb_starts(sb_assign *a, const moc_interval *iv) {
  for (int i = 0; i < a->n; i++) a->start[i] = moc_interval_start_of(&iv[i], a->stage[i]);
}

static inline bool sb_in(const sb_assign *a, const sb_dom *d) {
  for (int i = 0; i < a->n; i++) {
    int64_t p = a->present[i];
    if (p < d->plo[i] || p > d->phi[i]) return false;
    if (!p) continue;
    if (a->stage[i] < d->slo[i] || a->stage[i] > d->shi[i]) return false;
    if (a->end[i] < d->elo[i] || a->end[i] > d->ehi[i]) return false;
  }
  return a->extra >= d->xlo && a->extra <= d->xhi;
}

static inline bool sb_accepts(moc_engine *e, const moc_interval *iv, moc_var extra,
                              const sb_assign *a) {
  uint32_t base = moc_level(e);
  cr_assert_eq(moc_push_level(e), 0);
  bool ok = true;
  for (int i = 0; i < a->n && ok; i++) {
    moc_lit l = a->present[i] ? iv[i].present : moc_lit_not(iv[i].present);
    ok = moc_set_lit(e, l, moc_decision()) == MOC_PROP_OK;
    int64_t s = a->present[i] ? a->stage[i] : moc_lb(e, iv[i].stage);
    int64_t t = a->present[i] ? a->end[i] : moc_lb(e, iv[i].end);
    if (ok) ok = moc_fix(e, iv[i].stage, s, moc_decision()) == MOC_PROP_OK;
    if (ok) ok = moc_fix(e, iv[i].end, t, moc_decision()) == MOC_PROP_OK;
  }
  if (ok && extra >= 0) ok = moc_fix(e, extra, a->extra, moc_decision()) == MOC_PROP_OK;
  if (ok) ok = moc_propagate(e) == MOC_PROP_OK;
  moc_backtrack_to(e, base);
  return ok;
}

/* Runs checks 1 and 2; returns the number of disagreements, the first in msg. */
static inline int sb_check(moc_engine *e, const moc_interval *iv, int n, moc_var extra,
                           sb_sat_fn sat, void *user, char *msg, size_t size) {
  sb_dom before, after;
  sb_assign a;
  int bad = 0;
  long solutions = 0;
  msg[0] = '\0';
  sb_read(e, iv, n, extra, &before);
  bool failed = moc_propagate(e) != MOC_PROP_OK;
  sb_read(e, iv, n, extra, &after);
  sb_first(&a, n, &before);
  do {
    sb_starts(&a, iv);
    if (!sat(&a, user)) continue;
    solutions++;
    if ((failed || !sb_in(&a, &after)) && bad++ == 0)
      snprintf(msg, size, "fix-point removed a solution (failed=%d)", failed);
  } while (sb_next(&a, &before));
  if (failed) return bad;
  sb_first(&a, n, &before);
  do {
    sb_starts(&a, iv);
    bool want = sat(&a, user), got = sb_accepts(e, iv, extra, &a);
    if (want != got && bad++ == 0)
      snprintf(msg, size, "full assignment: want %d got %d", want, got);
  } while (sb_next(&a, &before));
  (void)solutions;
  return bad;
}

#endif /* MOC_TESTS_SCHED_BRUTE_H */
