/* test_local_search.c — phase 2 on many random small graphs: every schedule
 * it returns or reports passes the independent evaluator within the budget
 * at the reported cost, it never returns anything worse than its start, and
 * the same seed and effort give the same schedule. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/staged.h"
#include "support/graph_build.h"
#include "support/schedule_check.h"

TestSuite(local_search, .timeout = 120);

typedef struct seen {
  const moc_graph *g;
  int64_t budget;
  int64_t last_cost;
  int calls;
} seen;

static void on_incumbent(void *user, const uint32_t *s, size_t len, int64_t cost, int64_t peak) {
  seen *k = user;
  expect_schedule_fits(k->g, s, len, k->budget, cost);
  cr_assert_leq(peak, k->budget);
  if (k->calls > 0) cr_assert_lt(cost, k->last_cost);
  k->last_cost = cost;
  k->calls++;
}

static void expect_same_schedule(const uint32_t *a, size_t la, const uint32_t *b, size_t lb) {
  cr_assert_eq(la, lb);
  for (size_t j = 0; j < la; j++) cr_assert_eq(a[j], b[j]);
}

static int64_t cost_of(const moc_graph *g, const uint32_t *s, size_t len) {
  int64_t c = 0;
  for (size_t j = 0; j < len; j++) c += g->cost[s[j]];
  return c;
}

Test(local_search, valid_never_worse_and_reported) {
  gbuild_rng r = {4242};
  int improved = 0, runs = 0;
  for (int round = 0; round < 60; round++) {
    uint32_t n = 4 + gbuild_below(&r, 40);
    moc_graph *g = gbuild_random_dag(&r, n, 5 + gbuild_below(&r, 30));
    int64_t lo = g->min_budget, hi = g->topo_peak;
    int64_t budget = lo + (int64_t)gbuild_below(&r, (uint32_t)(hi - lo + 1));
    moc_heur_params p = moc_heur_defaults(budget);
    p.copies = 2 + (int)gbuild_below(&r, 2);
    p.max_iterations = 200;
    p.time_limit_s = 60;
    uint32_t *start = NULL, *best = NULL;
    size_t start_len = 0, best_len = 0;
    if (moc_heur_construct(g, &p, &start, &start_len) == 0) {
      seen k = {g, budget, 0, 0};
      p.on_incumbent = on_incumbent;
      p.user = &k;
      cr_assert_eq(moc_heur_improve(g, &p, start, start_len, &best, &best_len), 0);
      int64_t c0 = cost_of(g, start, start_len), c1 = cost_of(g, best, best_len);
      expect_schedule_fits(g, best, best_len, budget, c1);
      cr_assert_leq(c1, c0);
      cr_assert_geq(k.calls, 1);
      cr_assert_eq(k.last_cost, c1);
      improved += c1 < c0;
      runs++;
      free(best);
    }
    free(start);
    moc_graph_free(g);
  }
  cr_assert_gt(runs, 30);
  cr_log_info("improved %d of %d", improved, runs);
}

Test(local_search, deterministic_for_a_seed) {
  gbuild_rng r = {31337};
  moc_graph *g = gbuild_random_dag(&r, 60, 8);
  moc_heur_params p = moc_heur_defaults((g->topo_peak * 8 + 9) / 10);
  p.max_iterations = 300;
  p.time_limit_s = 60;
  p.seed = 7;
  uint32_t *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  int ra = moc_heur_improve(g, &p, NULL, 0, &a, &la);
  int rb = moc_heur_improve(g, &p, NULL, 0, &b, &lb);
  cr_assert_eq(ra, rb);
  if (ra == 0) expect_same_schedule(a, la, b, lb);
  free(a);
  free(b);
  moc_graph_free(g);
}

Test(local_search, stop_flag_and_bad_start) {
  moc_graph *g = gbuild_worked_example();
  volatile int stop = 1;
  moc_heur_params p = moc_heur_defaults(4);
  p.stop = &stop;
  uint32_t topo[] = {0, 1, 2, 3}, *best = NULL;
  size_t len = 0;
  /* the start overflows the budget: phase 1 runs first */
  cr_assert_eq(moc_heur_improve(g, &p, topo, 4, &best, &len), 0);
  expect_schedule_fits(g, best, len, 4, 5);
  free(best);
  p.budget = 3;
  cr_assert_eq(moc_heur_improve(g, &p, NULL, 0, &best, &len), 1);
  moc_graph_free(g);
}

/* The window crossover: a child it returns fits the budget, is cheaper than
 * the cost it was given, and is what the state holds. */
Test(local_search, crossover_child_fits_and_is_cheaper) {
  gbuild_rng r = {777};
  int children = 0;
  for (int round = 0; round < 80; round++) {
    uint32_t n = 6 + gbuild_below(&r, 40);
    moc_graph *g = gbuild_random_dag(&r, n, 10 + gbuild_below(&r, 30));
    int64_t lo = g->min_budget, hi = g->topo_peak;
    int64_t budget = lo + (int64_t)gbuild_below(&r, (uint32_t)(hi - lo + 1));
    moc_staged *st = moc_staged_create(g, 2 + (int)gbuild_below(&r, 2));
    cr_assert_not_null(st);
    size_t room = (size_t)n * st->copies + 1;
    moc_remat *a = malloc(room * sizeof *a), *b = malloc(room * sizeof *b);
    moc_remat *child = malloc(room * sizeof *child);
    uint64_t rng = 99 + (uint64_t)round;
    int ra = moc_heur_repair(st, budget, 0.0, &rng);
    size_t na = moc_staged_count(st);
    int64_t ca = moc_staged_cost(st);
    moc_staged_list(st, a);
    moc_staged_clear(st);
    int rb = moc_heur_repair(st, budget, 2.0, &rng);
    size_t nb = moc_staged_count(st);
    int64_t cb = moc_staged_cost(st);
    moc_staged_list(st, b);
    if (ra == 0 && rb == 0) {
      moc_cross_params cp = {budget, 1e300, NULL};
      int64_t cost = (ca > cb ? ca : cb) + 1;
      size_t nc = 0;
      int rc = moc_ls_crossover(st, &cp, a, na, b, nb, child, &nc, &cost);
      cr_assert(rc == 0 || rc == 1);
      if (rc == 0) {
        cr_assert_lt(cost, (ca > cb ? ca : cb) + 1);
        cr_assert_eq(moc_staged_cost(st), cost);
        cr_assert_eq(moc_staged_count(st), nc);
        uint32_t *s = NULL;
        size_t len = 0;
        cr_assert_eq(moc_staged_to_schedule(g, child, nc, &s, &len), 0);
        expect_schedule_fits(g, s, len, budget, cost);
        free(s);
        children++;
      }
    }
    free(a);
    free(b);
    free(child);
    moc_staged_free(st);
    moc_graph_free(g);
  }
  cr_assert_gt(children, 10);
}

/* Long enough for the lanes and the crossover to run (a turn every 2000
 * steps without progress): still valid, never worse, deterministic. */
Test(local_search, lanes_valid_and_deterministic) {
  gbuild_rng r = {2024};
  for (int round = 0; round < 6; round++) {
    uint32_t n = 20 + gbuild_below(&r, 30);
    moc_graph *g = gbuild_random_dag(&r, n, 10 + gbuild_below(&r, 20));
    moc_heur_params p = moc_heur_defaults((g->topo_peak * 8 + 9) / 10);
    if (p.budget < g->min_budget) p.budget = g->min_budget;
    p.copies = 2 + round % 2;
    p.max_iterations = 7000;
    p.time_limit_s = 600;
    p.seed = 3 + (uint64_t)round;
    uint32_t *start = NULL, *a = NULL, *b = NULL;
    size_t ls = 0, la = 0, lb = 0;
    if (moc_heur_construct(g, &p, &start, &ls) == 0) {
      seen k = {g, p.budget, 0, 0};
      p.on_incumbent = on_incumbent;
      p.user = &k;
      cr_assert_eq(moc_heur_improve(g, &p, start, ls, &a, &la), 0);
      expect_schedule_fits(g, a, la, p.budget, cost_of(g, a, la));
      cr_assert_leq(cost_of(g, a, la), cost_of(g, start, ls));
      p.on_incumbent = NULL;
      cr_assert_eq(moc_heur_improve(g, &p, start, ls, &b, &lb), 0);
      expect_same_schedule(a, la, b, lb);
    }
    free(start);
    free(a);
    free(b);
    moc_graph_free(g);
  }
}

/* With a step limit and no time limit the steps are the whole effort: the
 * search does not stop on the clock (it stopped after a tenth of a second,
 * so that a solve with no time limit depended on the machine), and its
 * result is the one with the same steps and an ample time limit. */
Test(local_search, step_limit_alone_is_the_whole_effort) {
  gbuild_rng r = {4242};
  moc_graph *g = gbuild_random_dag(&r, 160, 6);
  moc_heur_params p = moc_heur_defaults((g->topo_peak * 8 + 9) / 10);
  if (p.budget < g->min_budget) p.budget = g->min_budget;
  p.max_iterations = 6000;
  p.seed = 5;
  uint32_t *start = NULL, *a = NULL, *b = NULL;
  size_t ls = 0, la = 0, lb = 0;
  cr_assert_eq(moc_heur_construct(g, &p, &start, &ls), 0);
  p.time_limit_s = 0;
  cr_assert_eq(moc_heur_improve(g, &p, start, ls, &a, &la), 0);
  p.time_limit_s = 600;
  cr_assert_eq(moc_heur_improve(g, &p, start, ls, &b, &lb), 0);
  expect_schedule_fits(g, a, la, p.budget, cost_of(g, a, la));
  expect_same_schedule(a, la, b, lb);
  free(start);
  free(a);
  free(b);
  moc_graph_free(g);
}
