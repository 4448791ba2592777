/* test_exact_bound.c — the node bound of the exact search (model/exact.h)
 * against enumeration of every superset.
 *
 * On random graphs of 5..7 nodes, at several budgets, from random
 * recomputation sets R (C = 2), the analysis of R (exact_node.c with the
 * fractional, 0-1 and cost-split bounds of exact_bound.c, exact_inputs.c
 * and exact_whole.c) must hold for every superset of R, enumerated in full:
 * FITS only when R fits, DEAD only when no superset fits, and otherwise
 * cost(R) + bound never above the cheapest superset that fits — with no
 * goal, and with random goals (a bound may then stop at the goal, never
 * above the truth below it).
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/exact.h"
#include "model/staged.h"
#include "support/random_graph.h"

/* The least cost of a superset of the state's set that fits the budget,
 * adding recomputations to nodes order[t..) (INT64_MAX: none). */
static int64_t cheapest(moc_staged *st, int64_t budget, uint32_t t) {
  const moc_graph *g = st->g;
  if (t == g->n) return moc_staged_peak(st) <= budget ? moc_staged_cost(st) : INT64_MAX;
  uint32_t v = g->order[t];
  int64_t best = cheapest(st, budget, t + 1);
  for (uint32_t s = t + 1; s < g->n && st->nc[v] < st->copies; s++) {
    if (moc_staged_add(st, v, s) != 0) continue;
    int64_t c = cheapest(st, budget, t + 1);
    if (c < best) best = c;
    cr_assert_eq(moc_staged_remove(st, v, s), 0);
  }
  return best;
}

/* Loads a random set of up to two recomputations. */
static void random_set(moc_staged *st, uint64_t *rng) {
  const moc_graph *g = st->g;
  uint32_t count = (uint32_t)(moc_test_rand(rng) % 3);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t t = (uint32_t)(moc_test_rand(rng) % g->n);
    if (t + 1 >= g->n) continue;
    uint32_t s = t + 1 + (uint32_t)(moc_test_rand(rng) % (g->n - t - 1));
    (void)moc_staged_add(st, g->order[t], s);
  }
}

static void check_case(const moc_graph *g, int64_t budget, uint64_t *rng) {
  moc_exact_params p = {0};
  p.budget = budget;
  p.copies = 2;
  moc_exact x;
  cr_assert_eq(moc_exact_init(&x, g, &p), 0);
  random_set(x.st, rng);
  int64_t cost = moc_staged_cost(x.st);
  int64_t best = cheapest(x.st, budget, 0);
  for (int round = 0; round < 3; round++) {
    x.goal = round == 0 ? INT64_MAX : 1 + (int64_t)(moc_test_rand(rng) % 40);
    moc_exact_kind kind;
    int64_t bound = -1;
    x.clen = 0;
    cr_assert_eq(moc_exact_analyse(&x, &kind, &bound), 0);
    if (kind == MOC_EXACT_FITS) cr_assert_leq(moc_staged_peak(x.st), budget);
    if (kind == MOC_EXACT_DEAD) cr_assert_eq(best, INT64_MAX, "refuted, yet a superset fits");
    if (kind == MOC_EXACT_OPEN && best < INT64_MAX)
      cr_assert_leq(cost + bound, best, "bound %lld above the cheapest superset %lld (goal %lld)",
                    (long long)(cost + bound), (long long)best, (long long)x.goal);
  }
  moc_exact_release(&x);
}

Test(exact_bound, never_above_the_cheapest_superset, .timeout = 300) {
  uint64_t rng = 2024;
  int cases = 0;
  for (uint64_t seed = 1; seed <= 150; seed++) {
    moc_graph *g = moc_test_random_graph(seed + 9000, 5, 7, 20);
    if (!g) continue;
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    for (int k = 0; k < 4; k++, cases++)
      for (int r = 0; r < 3; r++) check_case(g, lo + (hi - lo) * k / 4, &rng);
    moc_graph_free(g);
  }
  cr_assert_geq(cases, 400);
}
