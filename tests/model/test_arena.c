/* test_arena.c — the arena planner (model/arena*.c): the worked example,
 * many random interval sets and random schedules checked pair by pair
 * (tests/support/arena_check.c), lifetimes that agree with the evaluator,
 * alignment, bad arguments, and the arena-aware solve. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "support/arena_check.h"
#include "support/graph_build.h"

TestSuite(arena, .timeout = 60);

static moc_arena *plan(const moc_graph *g, const uint32_t *s, size_t len, int64_t alignment) {
  moc_arena *a = NULL;
  cr_assert_eq(moc_arena_plan(g, s, len, alignment, &a), MOC_OK);
  cr_assert_not_null(a);
  char why[256] = "";
  cr_assert(arena_check_plan(a, why, sizeof why), "%s", why);
  return a;
}

Test(arena, worked_example_is_tight) {
  moc_graph *g = gbuild_worked_example();
  uint32_t topo[] = {0, 1, 2, 3}, remat[] = {0, 1, 2, 0, 3};
  moc_arena *a = plan(g, topo, 4, 1);
  cr_assert_eq(a->peak, 5);
  cr_assert_eq(a->size, 5);
  size_t last[] = {3, 2, 3, 3};
  for (int j = 0; j < 4; j++) cr_assert_eq(a->last[j], last[j], "step %d", j);
  moc_arena_free(a);
  a = plan(g, remat, 5, 1);
  cr_assert_eq(a->peak, 4);
  cr_assert_eq(a->size, 4);
  moc_arena_free(a);
  moc_graph_free(g);
}

Test(arena, default_alignment_is_16) {
  moc_graph *g = gbuild_worked_example();
  uint32_t topo[] = {0, 1, 2, 3};
  moc_arena *a = plan(g, topo, 4, 0);
  cr_assert_eq(a->alignment, MOC_ARENA_DEFAULT_ALIGNMENT);
  for (int j = 0; j < 4; j++) cr_assert_eq(a->offset[j] % 16, 0);
  cr_assert_eq(a->size, 48, "three tensors live at once, each in its own 16-byte slot");
  moc_arena_free(a);
  moc_graph_free(g);
}

Test(arena, rejects_bad_input) {
  moc_graph *g = gbuild_worked_example();
  uint32_t missing[] = {0, 2, 1, 3}, out_of_range[] = {0, 9};
  moc_arena *a = NULL;
  cr_assert_eq(moc_arena_plan(g, missing, 4, 16, &a), MOC_ERR_ARGUMENT);
  cr_assert_null(a);
  cr_assert_eq(moc_arena_plan(g, out_of_range, 2, 16, &a), MOC_ERR_ARGUMENT);
  cr_assert_eq(moc_arena_plan(g, missing, 4, -1, &a), MOC_ERR_ARGUMENT);
  int64_t bytes[] = {5}, offsets[1], size = 0;
  size_t first[] = {2}, last[] = {1};
  cr_assert_eq(moc_arena_plan_intervals(1, bytes, first, last, 16, offsets, &size, NULL), MOC_ERR_ARGUMENT);
  int64_t huge[] = {INT64_MAX / 2, INT64_MAX / 2, 10};
  size_t f3[] = {0, 0, 0}, l3[] = {0, 0, 0};
  int64_t off3[3];
  cr_assert_eq(moc_arena_plan_intervals(3, huge, f3, l3, 16, off3, &size, NULL), MOC_ERR_OVERFLOW);
  moc_graph_free(g);
}

Test(arena, random_intervals_never_collide_and_beat_greedy_somewhere) {
  gbuild_rng r = {20240607};
  static const int64_t alignments[] = {1, 4, 16, 64};
  int improved = 0;
  for (int round = 0; round < 400; round++) {
    size_t count = 1 + gbuild_below(&r, 40), steps = 1 + gbuild_below(&r, 25);
    int64_t bytes[40], offsets[40], size = 0, greedy = 0;
    size_t first[40], last[40];
    for (size_t i = 0; i < count; i++) {
      bytes[i] = gbuild_below(&r, 5) == 0 ? 0 : 1 + gbuild_below(&r, 200);
      first[i] = gbuild_below(&r, (uint32_t)steps);
      last[i] = first[i] + gbuild_below(&r, (uint32_t)(steps - first[i]));
    }
    int64_t alignment = alignments[gbuild_below(&r, 4)];
    cr_assert_eq(moc_arena_plan_intervals(count, bytes, first, last, alignment, offsets, &size, &greedy), MOC_OK);
    char why[256] = "";
    cr_assert(arena_check_intervals(count, bytes, first, last, offsets, alignment, size, why, sizeof why),
              "round %d: %s", round, why);
    cr_assert_leq(size, greedy, "round %d: never worse than TFLM's greedy-by-size", round);
    if (size < greedy) improved++;
  }
  cr_assert_gt(improved, 0, "the extra orders and local moves should help at least once");
}

/* The topological order with random recomputations inserted (always valid:
 * a node's inputs were computed before its first computation). */
static size_t random_schedule(gbuild_rng *r, const moc_graph *g, uint32_t *s) {
  size_t n = moc_graph_node_count(g), len = 0;
  const uint32_t *order = moc_graph_topo_order(g);
  for (size_t t = 0; t < n; t++) {
    while (t > 0 && gbuild_below(r, 3) == 0) s[len++] = order[gbuild_below(r, (uint32_t)t)];
    s[len++] = order[t];
  }
  return len;
}

Test(arena, random_schedules_agree_with_the_evaluator) {
  gbuild_rng r = {77};
  uint32_t s[400];
  for (int round = 0; round < 200; round++) {
    moc_graph *g = gbuild_random_dag(&r, 2 + gbuild_below(&r, 30), 10 + gbuild_below(&r, 40));
    cr_assert_not_null(g);
    size_t len = random_schedule(&r, g, s);
    moc_eval *ev = NULL;
    cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
    cr_assert(ev->valid);
    moc_arena *a = plan(g, s, len, round % 2 ? 1 : 8);
    cr_assert_eq(a->peak, ev->peak, "round %d", round);
    for (size_t step = 0; step < len; step++) {
      int64_t resident = 0;
      for (size_t j = 0; j <= step; j++)
        if (a->last[j] >= step) resident += a->bytes[j];
      cr_assert_eq(resident, ev->memory[step], "round %d step %zu", round, step);
    }
    moc_arena_free(a);
    moc_eval_free(ev);
    moc_graph_free(g);
  }
}

Test(arena, solve_arena_fits_the_budget) {
  gbuild_rng r = {4242};
  for (int round = 0; round < 40; round++) {
    moc_graph *g = gbuild_random_dag(&r, 4 + gbuild_below(&r, 9), 30);
    cr_assert_not_null(g);
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    int64_t budget = lo + (hi - lo) / 2 + 17;
    moc_solver *s = moc_solver_create(g);
    cr_assert_eq(moc_solver_set_budget_bytes(s, budget), MOC_OK);
    cr_assert_eq(moc_solver_set_node_limit(s, 2000), MOC_OK);
    moc_arena *a = NULL;
    cr_assert_eq(moc_solver_solve_arena(s, 16, 6, &a), MOC_OK);
    cr_assert_eq(moc_solver_budget(s), budget, "the caller's budget is restored");
    if (a) {
      size_t len = 0;
      const uint32_t *sched = moc_solver_schedule(s, &len);
      cr_assert_not_null(sched);
      cr_assert_eq(a->length, len);
      cr_assert_leq(a->size, budget, "round %d", round);
      cr_assert_neq(moc_solver_status(s), MOC_STATUS_UNKNOWN);
      cr_assert_leq(moc_solver_lower_bound(s), moc_solver_cost(s));
    } else {
      cr_assert_null(moc_solver_schedule(s, NULL));
      cr_assert_eq(moc_solver_cost(s), -1);
    }
    moc_arena_free(a);
    moc_solver_free(s);
    moc_graph_free(g);
  }
}
