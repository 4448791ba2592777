/* test_order_joint.c — order moves that carry recomputations along
 * (model/order_joint.c) on many random small graphs: every schedule they
 * report and return is valid on the original graph and within the budget,
 * never dearer than the start, staged on the view's final (topological)
 * order, and the same seed gives the same schedule. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/order.h"
#include "support/random_graph.h"

TestSuite(order_joint, .timeout = 120);

typedef struct seen {
  const moc_graph *g;
  int64_t budget, last;
  int calls;
} seen;

/* Every incumbent: valid on the original graph, within budget, cheaper. */
static void on_incumbent(void *user, const uint32_t *s, size_t len, int64_t cost, int64_t peak) {
  seen *w = user;
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(w->g, s, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_eq(ev->cost, cost);
  cr_assert_eq(ev->peak, peak);
  cr_assert_leq(peak, w->budget);
  cr_assert_lt(cost, w->last);
  w->last = cost;
  w->calls++;
  moc_eval_free(ev);
}

/* Runs the moves from the construction on a greedy order; the result's cost,
 * or -1 when there was nothing to start from.  *out gets the schedule. */
static int64_t run(const moc_graph *g, uint64_t seed, int64_t budget, uint32_t **out,
                   size_t *out_len) {
  uint32_t *o = malloc(g->n * sizeof *o), *pos = malloc(g->n * sizeof *pos);
  cr_assert_eq(moc_order_greedy(g, seed, 1.0, o), 0);
  moc_graph view;
  cr_assert(moc_graph_view(&view, g, o, pos));
  seen w = {g, budget, INT64_MAX, 0};
  moc_heur_params hp = moc_heur_defaults(budget);
  hp.seed = seed;
  hp.on_incumbent = on_incumbent;
  hp.user = &w;
  uint32_t *start = NULL;
  size_t len = 0;
  int64_t cost = -1;
  *out = NULL;
  if (moc_heur_construct(&view, &hp, &start, &len) == 0) {
    moc_eval *ev = NULL;
    cr_assert_eq(moc_evaluate(g, start, len, &ev), MOC_OK);
    w.last = ev->cost;
    moc_eval_free(ev);
    cr_assert_eq(moc_order_joint(&view, &hp, start, len, 300, out, out_len), 0);
    cr_assert(moc_order_is_topological(g, view.order));
    moc_remat *list = NULL;
    size_t count = 0;
    cr_assert_eq(moc_staged_from_schedule(&view, *out, *out_len, &list, &count), 0);
    free(list);
    moc_eval *fin = NULL;
    cr_assert_eq(moc_evaluate(g, *out, *out_len, &fin), MOC_OK);
    cr_assert(fin->valid);
    cr_assert_leq(fin->peak, budget);
    cr_assert_leq(fin->cost, w.last);
    cost = fin->cost;
    moc_eval_free(fin);
    free(start);
  }
  free(o);
  free(pos);
  return cost;
}

Test(order_joint, schedules_stay_valid_within_budget_and_never_dearer) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 4, 40, 9);
    int64_t lo = moc_graph_min_budget(g), hi = moc_graph_topo_peak(g);
    int64_t budgets[] = {lo + (hi - lo) / 4, (lo + hi) / 2};
    for (int b = 0; b < 2; b++) {
      uint32_t *s = NULL;
      size_t len = 0;
      run(g, seed, budgets[b], &s, &len);
      free(s);
    }
    moc_graph_free(g);
  }
}

Test(order_joint, a_seed_gives_one_schedule) {
  for (uint64_t seed = 1; seed <= 12; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 10, 40, 9);
    int64_t budget = (moc_graph_min_budget(g) + moc_graph_topo_peak(g)) / 2;
    uint32_t *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    int64_t ca = run(g, seed, budget, &a, &la), cb = run(g, seed, budget, &b, &lb);
    cr_assert_eq(ca, cb);
    cr_assert_eq(la, lb);
    if (a) cr_assert_eq(memcmp(a, b, la * sizeof *a), 0);
    free(a);
    free(b);
    moc_graph_free(g);
  }
}
