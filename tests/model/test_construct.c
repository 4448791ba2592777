/* test_construct.c — phase 1 on many random small graphs: every schedule it
 * returns passes the independent evaluator within the budget, it finds one
 * whenever exhaustive search over the staged space (C = 2) does, and it is
 * deterministic. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/staged.h"
#include "support/graph_build.h"
#include "support/schedule_check.h"

TestSuite(construct, .timeout = 120);

/* Least peak over every staged schedule with at most one recomputation per
 * node: node order[k] gets none or one in a stage k+1..n-1. */
static int64_t exhaustive_min_peak(const moc_graph *g) {
  moc_staged *st = moc_staged_create(g, 2);
  uint32_t n = g->n, choice[8] = {0};
  int64_t best = moc_staged_peak(st);
  for (;;) {
    uint32_t k = 0;
    while (k < n && choice[k] == n - 1 - k) choice[k++] = 0;
    if (k == n) break;
    choice[k]++;
    moc_staged_clear(st);
    for (uint32_t i = 0; i < n; i++)
      if (choice[i]) cr_assert_eq(moc_staged_add(st, g->order[i], i + choice[i]), 0);
    if (moc_staged_peak(st) < best) best = moc_staged_peak(st);
  }
  moc_staged_free(st);
  return best;
}

Test(construct, worked_example) {
  moc_graph *g = gbuild_worked_example();
  moc_heur_params p = moc_heur_defaults(4);
  uint32_t *s = NULL;
  size_t len = 0;
  cr_assert_eq(moc_heur_construct(g, &p, &s, &len), 0);
  expect_schedule_within(g, s, len, 4);
  cr_assert_eq(len, 5);
  free(s);
  p.budget = 3;
  cr_assert_eq(moc_heur_construct(g, &p, &s, &len), 1);
  moc_graph_free(g);
}

Test(construct, finds_a_schedule_whenever_one_exists) {
  gbuild_rng r = {2024};
  int tried = 0, fails = 0;
  for (int round = 0; round < 250; round++) {
    uint32_t n = 2 + gbuild_below(&r, 5);
    moc_graph *g = gbuild_random_dag(&r, n, 30 + gbuild_below(&r, 50));
    int64_t least = exhaustive_min_peak(g);
    for (int64_t b = least; b <= g->topo_peak; b++) {
      moc_heur_params p = moc_heur_defaults(b);
      uint32_t *s = NULL;
      size_t len = 0;
      int rc = moc_heur_construct(g, &p, &s, &len);
      if (rc) { fails++; cr_log_warn("round %d: budget %ld, least peak %ld, topo %ld", round, (long)b, (long)least, (long)g->topo_peak); } else
      expect_schedule_within(g, s, len, b);
      free(s);
      tried++;
    }
    moc_graph_free(g);
  }
  cr_assert_gt(tried, 250);
  cr_assert_eq(fails, 0, "%d of %d", fails, tried);
}

Test(construct, deterministic) {
  gbuild_rng r = {99};
  moc_graph *g = gbuild_random_dag(&r, 40, 10);
  moc_heur_params p = moc_heur_defaults((g->topo_peak * 8 + 9) / 10);
  uint32_t *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  int ra = moc_heur_construct(g, &p, &a, &la), rb = moc_heur_construct(g, &p, &b, &lb);
  cr_assert_eq(ra, rb);
  if (ra == 0) {
    cr_assert_eq(la, lb);
    for (size_t j = 0; j < la; j++) cr_assert_eq(a[j], b[j]);
    expect_schedule_within(g, a, la, p.budget);
  }
  free(a);
  free(b);
  moc_graph_free(g);
}
