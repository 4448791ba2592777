/* test_order.c — the order module (model/order.h) on many random small
 * graphs: every order it builds is topological, the profile agrees with the
 * independent evaluator, views and clones score schedules like the original
 * graph, the least-peak search never loses to the reference order and agrees
 * with exhaustive search on tiny graphs, and everything is deterministic. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/order.h"
#include "support/random_graph.h"

TestSuite(order, .timeout = 120);

static int64_t eval_peak(const moc_graph *g, const uint32_t *s, size_t len) {
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  int64_t peak = ev->peak;
  moc_eval_free(ev);
  return peak;
}

Test(order, greedy_orders_are_topological_and_profiles_match_the_evaluator) {
  moc_order_work w;
  for (uint64_t seed = 1; seed <= 200; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 1, 30, 9);
    cr_assert_not_null(g);
    uint32_t *o = malloc(g->n * sizeof *o);
    cr_assert_eq(moc_order_work_init(&w, g->n), 0);
    for (int k = 0; k < 3; k++) {
      cr_assert_eq(moc_order_greedy(g, seed + (uint64_t)k, 0.5 * k, o), 0);
      cr_assert(moc_order_is_topological(g, o), "seed %llu", (unsigned long long)seed);
      cr_assert_eq(moc_order_profile(g, o, &w), eval_peak(g, o, g->n));
    }
    cr_assert_eq(moc_order_profile(g, g->order, &w), g->topo_peak);
    moc_order_work_free(&w);
    free(o);
    moc_graph_free(g);
  }
}

Test(order, is_topological_rejects_bad_orders) {
  moc_graph *g = moc_test_random_graph(7, 5, 5, 9);
  uint32_t o[5];
  memcpy(o, g->order, sizeof o);
  cr_assert(moc_order_is_topological(g, o));
  o[1] = o[0];
  cr_assert_not(moc_order_is_topological(g, o));
  moc_graph_free(g);
}

/* Least peak over all topological orders, by recursion over ready nodes. */
static void enumerate(const moc_graph *g, uint32_t *o, uint32_t t, uint8_t *used,
                      moc_order_work *w, int64_t *best) {
  if (t == g->n) {
    int64_t p = moc_order_profile(g, o, w);
    if (p < *best) *best = p;
    return;
  }
  for (uint32_t v = 0; v < g->n; v++) {
    if (used[v]) continue;
    bool ready = true;
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) ready &= used[g->pred[i]];
    if (!ready) continue;
    used[v] = 1;
    o[t] = v;
    enumerate(g, o, t + 1, used, w, best);
    used[v] = 0;
  }
}

Test(order, min_peak_matches_exhaustive_search_on_tiny_graphs) {
  moc_order_work w;
  for (uint64_t seed = 1; seed <= 120; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 2, 7, 9);
    uint32_t o[8], scratch[8];
    uint8_t used[8] = {0};
    cr_assert_eq(moc_order_work_init(&w, g->n), 0);
    int64_t best = INT64_MAX, peak = 0;
    enumerate(g, scratch, 0, used, &w, &best);
    moc_order_params p = {.target = 0, .seed = seed, .max_moves = 4000};
    cr_assert_eq(moc_order_min_peak(g, &p, o, &peak), 0);
    cr_assert(moc_order_is_topological(g, o));
    cr_assert_eq(peak, eval_peak(g, o, g->n));
    cr_assert_leq(peak, g->topo_peak);
    cr_assert_eq(peak, best, "seed %llu: found %lld, least %lld", (unsigned long long)seed,
                 (long long)peak, (long long)best);
    moc_order_work_free(&w);
    moc_graph_free(g);
  }
}

Test(order, anneal_reaches_a_target_and_is_deterministic) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 20, 60, 9);
    uint32_t *a = malloc(g->n * sizeof *a), *b = malloc(g->n * sizeof *b);
    int64_t pa = 0, pb = 0;
    moc_order_params p = {.target = g->topo_peak, .seed = seed, .max_moves = 3000};
    cr_assert_eq(moc_order_min_peak(g, &p, a, &pa), 0);
    cr_assert_leq(pa, g->topo_peak);
    p.target = 0;
    cr_assert_eq(moc_order_min_peak(g, &p, a, &pa), 0);
    cr_assert_eq(moc_order_min_peak(g, &p, b, &pb), 0);
    cr_assert(moc_order_is_topological(g, a));
    cr_assert_eq(pa, pb);
    cr_assert_eq(memcmp(a, b, g->n * sizeof *a), 0);
    cr_assert_eq(pa, eval_peak(g, a, g->n));
    free(a);
    free(b);
    moc_graph_free(g);
  }
}

/* Random moves inside precedence windows, committed or reverted at random:
 * the incremental profile always equals a profile from scratch. */
Test(order, incremental_profile_matches_a_full_profile) {
  moc_order_work w;
  uint64_t rng = 99;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 2, 60, 9);
    uint32_t n = g->n, *o = malloc(n * sizeof *o);
    memcpy(o, g->order, n * sizeof *o);
    moc_order_state st;
    cr_assert_eq(moc_order_state_init(&st, g, o), 0);
    cr_assert_eq(moc_order_work_init(&w, n), 0);
    int64_t target = g->topo_peak / 2, excess = 0;
    moc_order_profile(g, o, &w);
    excess = moc_order_excess(&w, target);
    for (int k = 0; k < 300; k++) {
      uint32_t t = (uint32_t)(moc_test_rand(&rng) % n), v = o[t], lo = 0, hi = n - 1;
      for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
        if (st.pos[g->pred[i]] + 1 > lo) lo = st.pos[g->pred[i]] + 1;
      for (uint32_t i = g->succ_start[v]; i < g->succ_start[v + 1]; i++)
        if (st.pos[g->succ[i]] - 1 < hi) hi = st.pos[g->succ[i]] - 1;
      uint32_t to = lo + (uint32_t)(moc_test_rand(&rng) % (hi - lo + 1));
      int64_t delta = 0, peak = moc_order_state_try(&st, t, to, target, &delta);
      cr_assert(moc_order_is_topological(g, o));
      cr_assert_eq(peak, moc_order_profile(g, o, &w));
      cr_assert_eq(excess + delta, moc_order_excess(&w, target));
      if (moc_test_rand(&rng) & 1) {
        moc_order_state_commit(&st);
        excess += delta;
      } else {
        moc_order_state_revert(&st);
      }
      int64_t full = moc_order_profile(g, o, &w);
      for (uint32_t j = 0; j < n; j++) cr_assert_eq(st.mem[j], w.mem[j], "seed %llu step %u", (unsigned long long)seed, j);
      cr_assert_leq(full, g->total_size);
    }
    moc_order_state_free(&st);
    moc_order_work_free(&w);
    free(o);
    moc_graph_free(g);
  }
}

/* A schedule built on a view scores the same on the view, the original
 * graph and an owning clone with the same order. */
Test(order, views_and_clones_score_like_the_original) {
  for (uint64_t seed = 1; seed <= 60; seed++) {
    moc_graph *g = moc_test_random_graph(seed, 3, 40, 9);
    uint32_t *o = malloc(g->n * sizeof *o), *pos = malloc(g->n * sizeof *pos);
    cr_assert_eq(moc_order_greedy(g, seed, 1.0, o), 0);
    moc_graph view, *clone = NULL;
    cr_assert(moc_graph_view(&view, g, o, pos));
    cr_assert_eq(moc_graph_reorder(g, o, &clone), MOC_OK);
    cr_assert_eq(view.topo_peak, clone->topo_peak);
    cr_assert_eq(clone->fingerprint, g->fingerprint);
    cr_assert_eq(memcmp(clone->order, o, g->n * sizeof *o), 0);
    moc_heur_params hp = moc_heur_defaults(view.topo_peak - view.topo_peak / 10);
    uint32_t *s = NULL;
    size_t len = 0;
    if (moc_heur_construct(&view, &hp, &s, &len) == 0) {
      int64_t peak = eval_peak(g, s, len);
      cr_assert_eq(peak, eval_peak(&view, s, len));
      cr_assert_eq(peak, eval_peak(clone, s, len));
      cr_assert_leq(peak, hp.budget);
      free(s);
    }
    moc_graph_free(clone);
    free(o);
    free(pos);
    moc_graph_free(g);
  }
}

Test(order, reorder_rejects_a_non_topological_order) {
  moc_graph *g = moc_test_random_graph(3, 6, 6, 9);
  uint32_t o[6], pos[6];
  for (uint32_t t = 0; t < 6; t++) o[t] = g->order[5 - t];
  moc_graph *clone = (moc_graph *)1;
  moc_graph view;
  if (!moc_order_is_topological(g, o)) {
    cr_assert_eq(moc_graph_reorder(g, o, &clone), MOC_ERR_BAD_ORDER);
    cr_assert_null(clone);
    cr_assert_not(moc_graph_view(&view, g, o, pos));
  }
  moc_graph_free(g);
}
