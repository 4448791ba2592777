/* schedule_check.c — see schedule_check.h. */
#include "support/schedule_check.h"

#include <criterion/criterion.h>
#include <stdlib.h>

/* Evaluates and checks validity and budget; the caller frees the result. */
static moc_eval *evaluate_within(const moc_graph *g, const uint32_t *schedule, size_t length,
                                 int64_t budget) {
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, schedule, length, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_leq(ev->peak, budget);
  return ev;
}

void expect_schedule_within(const moc_graph *g, const uint32_t *schedule, size_t length, int64_t budget) {
  moc_eval_free(evaluate_within(g, schedule, length, budget));
}

void expect_schedule_fits(const moc_graph *g, const uint32_t *schedule, size_t length, int64_t budget,
                          int64_t cost) {
  moc_eval *ev = evaluate_within(g, schedule, length, budget);
  cr_assert_eq(ev->cost, cost);
  moc_eval_free(ev);
}

void expect_staged_fits(const moc_graph *g, const moc_remat *remats, size_t count, int64_t budget, int64_t cost) {
  uint32_t *schedule = NULL;
  size_t length = 0;
  cr_assert_eq(moc_staged_to_schedule(g, remats, count, &schedule, &length), 0);
  expect_schedule_fits(g, schedule, length, budget, cost);
  free(schedule);
}

uint32_t most_computations(const moc_solver *s, size_t n) {
  size_t length = 0;
  const uint32_t *schedule = moc_solver_schedule(s, &length);
  uint32_t *count = calloc(n ? n : 1, sizeof *count), most = 0;
  cr_assert_not_null(count);
  for (size_t j = 0; schedule && j < length; j++) {
    cr_assert_lt(schedule[j], n);
    if (++count[schedule[j]] > most) most = count[schedule[j]];
  }
  free(count);
  return most;
}
