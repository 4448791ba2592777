/* engine_harness.h — a small test bench for propagators (Pumpkin's test solver).
 *
 * Build a tiny engine (checking on: every fix-point is verified against the
 * from-scratch oracles), post a constraint, run the fix-point, assert bounds,
 * and compare a propagator with brute force over small domains.
 *
 *     moc_engine *e = moc_harness_engine();
 *     moc_var x = moc_new_int(e, 0, 5), y = moc_new_int(e, 0, 5);
 *     ...post x + 2 <= y...
 *     cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
 *     MOC_ASSERT_BOUNDS(e, x, 0, 3);
 *     MOC_ASSERT_BOUNDS(e, y, 2, 5);
 *     moc_var vars[] = {x, y};
 *     char msg[256];
 *     cr_assert_eq(moc_harness_brute(e, vars, 2, x_plus_2_le_y, NULL, msg, sizeof msg), 0, "%s", msg);
 *     MOC_ASSERT_CHECKED(e);          (no from-scratch disagreement so far)
 *     moc_engine_free(e);
 */
#ifndef MOC_TESTS_ENGINE_HARNESS_H
#define MOC_TESTS_ENGINE_HARNESS_H

#include <criterion/criterion.h>

#include "engine/engine.h"

/* A fresh engine with checking on (cr_assert that it is not NULL). */
moc_engine *moc_harness_engine(void);

/* Asserts that x has exactly the bounds [l, u]. */
#define MOC_ASSERT_BOUNDS(e, x, l, u)                                                    \
  cr_assert(moc_lb((e), (x)) == (l) && moc_ub((e), (x)) == (u),                          \
            "var %d is [%lld, %lld], expected [%lld, %lld]", (int)(x),                   \
            (long long)moc_lb((e), (x)), (long long)moc_ub((e), (x)), (long long)(l),    \
            (long long)(u))

/* Asserts that no from-scratch oracle disagreed with an incremental fix-point. */
#define MOC_ASSERT_CHECKED(e)                                                            \
  cr_assert_eq(moc_engine_check_failures(e), 0, "from-scratch check failed in %s",       \
               moc_engine_check_culprit(e))

/* Whether a full assignment (values[i] for vars[i]) satisfies the constraint. */
typedef bool (*moc_harness_sat_fn)(const int64_t *values, void *user);

/* Compares the propagators posted on e with `sat`, over the current domains of
 * vars[0..n-1] (keep the product of their sizes small, say <= 20000):
 *   1. soundness: the fix-point keeps every value of every solution, and fails
 *      only when there is no solution;
 *   2. checking: with all vars fixed, propagation succeeds exactly on the
 *      satisfying assignments.
 * The fix-point of step 1 runs at the current level and stays (so calling
 * this after each restriction tests incremental propagation); step 2 runs one
 * level up and backtracks.  Returns the number of disagreements and
 * describes the first in msg. */
int moc_harness_brute(moc_engine *e, const moc_var *vars, size_t n, moc_harness_sat_fn sat,
                      void *user, char *msg, size_t msg_size);

/* A random descent checked at every step: moc_harness_brute, then `steps`
 * times push a level, tighten one bound of a random variable (random side,
 * random value within its domain), and moc_harness_brute again; stops early
 * when propagation fails.  Backtracks to the level it started at.  Returns
 * the number of disagreements (first one described in msg). */
int moc_harness_walk(moc_engine *e, const moc_var *vars, size_t n, moc_harness_sat_fn sat,
                     void *user, uint64_t *rng, int steps, char *msg, size_t msg_size);

/* splitmix64: a deterministic PRNG for random cases; *state is the seed. */
uint64_t moc_harness_rand(uint64_t *state);
/* A uniform value in [lo, hi]. */
int64_t moc_harness_range(uint64_t *state, int64_t lo, int64_t hi);

#endif /* MOC_TESTS_ENGINE_HARNESS_H */
