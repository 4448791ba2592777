/* engine_harness.c — the propagator test bench (see engine_harness.h).
 *
 * Brute force is the model: enumerate every assignment of the current
 * domains, then ask the engine (CaDiCaL's model-based testing, Pumpkin's
 * test solver).
 */
#include "support/engine_harness.h"

#include <stdio.h>
#include <stdlib.h>

moc_engine *moc_harness_engine(void) {
  moc_engine *e = moc_engine_create(NULL);
  cr_assert_not_null(e);
  moc_engine_set_checking(e, true);
  return e;
}

uint64_t moc_harness_rand(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

int64_t moc_harness_range(uint64_t *state, int64_t lo, int64_t hi) {
  uint64_t span = (uint64_t)(hi - lo) + 1;
  return lo + (int64_t)(moc_harness_rand(state) % span);
}

/* Next assignment in odometer order; false after the last one. */
static bool next(int64_t *val, const int64_t *lo, const int64_t *hi, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (val[i] < hi[i]) {
      val[i]++;
      return true;
    }
    val[i] = lo[i];
  }
  return false;
}

/* Fixes every var to val and propagates, one level up; backtracks. */
static bool accepts(moc_engine *e, const moc_var *vars, const int64_t *val, size_t n) {
  uint32_t base = moc_level(e);
  cr_assert_eq(moc_push_level(e), 0);
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) ok = moc_fix(e, vars[i], val[i], moc_decision()) == MOC_PROP_OK;
  if (ok) ok = moc_propagate(e) == MOC_PROP_OK;
  moc_backtrack_to(e, base);
  return ok;
}

static void note(int *bad, char *msg, size_t size, const char *what, size_t i) {
  if ((*bad)++ == 0) snprintf(msg, size, "%s (variable %zu)", what, i);
}

/* Like note, naming the assignment. */
static void note_values(int *bad, char *msg, size_t size, const char *what, const int64_t *val,
                        size_t n) {
  if ((*bad)++ != 0) return;
  int k = snprintf(msg, size, "%s:", what);
  for (size_t i = 0; i < n && k > 0 && (size_t)k < size; i++)
    k += snprintf(msg + k, size - (size_t)k, " %lld", (long long)val[i]);
}

int moc_harness_brute(moc_engine *e, const moc_var *vars, size_t n, moc_harness_sat_fn sat,
                      void *user, char *msg, size_t msg_size) {
  int bad = 0;
  if (msg_size) msg[0] = '\0';
  int64_t *lo = calloc(5 * n + 1, sizeof(int64_t));
  cr_assert_not_null(lo);
  int64_t *hi = lo + n, *val = hi + n, *smin = val + n, *smax = smin + n;
  for (size_t i = 0; i < n; i++) {
    lo[i] = val[i] = moc_lb(e, vars[i]);
    hi[i] = moc_ub(e, vars[i]);
    smin[i] = INT64_MAX;
    smax[i] = INT64_MIN;
  }
  size_t solutions = 0;
  do {
    if (!sat(val, user)) continue;
    solutions++;
    for (size_t i = 0; i < n; i++) {
      if (val[i] < smin[i]) smin[i] = val[i];
      if (val[i] > smax[i]) smax[i] = val[i];
    }
  } while (next(val, lo, hi, n));

  if (moc_propagate(e) != MOC_PROP_OK) {
    if (solutions > 0) note(&bad, msg, msg_size, "propagation failed but a solution exists", 0);
  } else if (solutions > 0) {
    for (size_t i = 0; i < n; i++)
      if (moc_lb(e, vars[i]) > smin[i] || moc_ub(e, vars[i]) < smax[i])
        note(&bad, msg, msg_size, "propagation removed a value of a solution", i);
  }

  for (size_t i = 0; i < n; i++) val[i] = lo[i];
  do {
    bool want = sat(val, user), got = accepts(e, vars, val, n);
    if (want && !got) note_values(&bad, msg, msg_size, "rejected satisfying", val, n);
    if (!want && got) note_values(&bad, msg, msg_size, "accepted violating", val, n);
  } while (next(val, lo, hi, n));
  free(lo);
  return bad;
}

int moc_harness_walk(moc_engine *e, const moc_var *vars, size_t n, moc_harness_sat_fn sat,
                     void *user, uint64_t *rng, int steps, char *msg, size_t msg_size) {
  uint32_t base = moc_level(e);
  int bad = moc_harness_brute(e, vars, n, sat, user, msg, msg_size);
  for (int step = 0; step < steps && bad == 0 && n > 0; step++) {
    if (moc_propagate(e) != MOC_PROP_OK) break;
    cr_assert_eq(moc_push_level(e), 0);
    moc_var x = vars[moc_harness_rand(rng) % n];
    int64_t b = moc_harness_range(rng, moc_lb(e, x), moc_ub(e, x));
    moc_pstatus st = moc_harness_rand(rng) & 1 ? moc_set_lb(e, x, b, moc_decision())
                                               : moc_set_ub(e, x, b, moc_decision());
    cr_assert_eq(st, MOC_PROP_OK);
    bad += moc_harness_brute(e, vars, n, sat, user, msg, msg_size);
  }
  moc_backtrack_to(e, base);
  return bad;
}
