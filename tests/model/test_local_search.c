/* test_local_search.c — phase 2 on many random small graphs: every schedule
 * it returns or reports passes the independent evaluator within the budget
 * at the reported cost, it never returns anything worse than its start, and
 * the same seed and effort give the same schedule. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/staged.h"
#include "support/graph_build.h"

TestSuite(local_search, .timeout = 120);

typedef struct seen {
  const moc_graph *g;
  int64_t budget;
  int64_t last_cost;
  int calls;
} seen;

static void check(const moc_graph *g, int64_t budget, const uint32_t *s, size_t len,
                  int64_t cost) {
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_leq(ev->peak, budget);
  cr_assert_eq(ev->cost, cost);
  moc_eval_free(ev);
}

static void on_incumbent(void *user, const uint32_t *s, size_t len, int64_t cost, int64_t peak) {
  seen *k = user;
  check(k->g, k->budget, s, len, cost);
  cr_assert_leq(peak, k->budget);
  if (k->calls > 0) cr_assert_lt(cost, k->last_cost);
  k->last_cost = cost;
  k->calls++;
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
      check(g, budget, best, best_len, c1);
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
  if (ra == 0) {
    cr_assert_eq(la, lb);
    for (size_t j = 0; j < la; j++) cr_assert_eq(a[j], b[j]);
  }
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
  check(g, 4, best, len, 5);
  free(best);
  p.budget = 3;
  cr_assert_eq(moc_heur_improve(g, &p, NULL, 0, &best, &len), 1);
  moc_graph_free(g);
}
