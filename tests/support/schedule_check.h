/* schedule_check.h — the independent evaluator as the referee in tests: a
 * schedule (or a staged recomputation set) is valid, fits the budget and
 * costs what the code under test claims.  Criterion assertions. */
#ifndef MOC_TESTS_SUPPORT_SCHEDULE_CHECK_H
#define MOC_TESTS_SUPPORT_SCHEDULE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "model/heuristic.h"
#include "model/moccasin.h"

/* The evaluator finds `schedule` valid, with peak <= budget. */
void expect_schedule_within(const moc_graph *g, const uint32_t *schedule, size_t length, int64_t budget);
/* The same, and its cost is `cost`. */
void expect_schedule_fits(const moc_graph *g, const uint32_t *schedule, size_t length, int64_t budget,
                          int64_t cost);
/* The same for the schedule of a staged recomputation set. */
void expect_staged_fits(const moc_graph *g, const moc_remat *remats, size_t count, int64_t budget, int64_t cost);
/* The most computations of one node in the solver's schedule (n nodes; 0
 * when it has none). */
uint32_t most_computations(const moc_solver *s, size_t n);

#endif
