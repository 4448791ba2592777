/* test_graph.c — the graph API: building, every error it must catch, the
 * topological-order rule of SPEC §1, the budget lower bound, fingerprints. */
#include <criterion/criterion.h>
#include <string.h>

#include "model/graph.h"
#include "support/graph_build.h"

TestSuite(graph, .timeout = 30);

Test(graph, worked_example_figures) {
  moc_graph *g = gbuild_worked_example();
  cr_assert_not_null(g);
  cr_assert_eq(moc_graph_node_count(g), 4);
  cr_assert_eq(moc_graph_edge_count(g), 4);
  cr_assert_eq(moc_graph_topo_peak(g), 5);
  cr_assert_eq(moc_graph_topo_cost(g), 4);
  cr_assert_eq(moc_graph_min_budget(g), 4);
  cr_assert_eq(moc_graph_order_source(g), MOC_ORDER_ASCENDING_ID);
  const uint32_t *order = moc_graph_topo_order(g);
  for (uint32_t t = 0; t < 4; t++) cr_assert_eq(order[t], t);
  cr_assert_eq(g->total_cost, 4);
  cr_assert_eq(g->total_size, 6);
  moc_graph_free(g);
}

Test(graph, csr_sorted_and_deduplicated) {
  moc_graph *g = moc_graph_create();
  for (int64_t id = 10; id < 15; id++) cr_assert_eq(moc_graph_add_node(g, id, 1, 1), MOC_OK);
  int64_t edges[][2] = {{12, 14}, {10, 14}, {12, 14}, {11, 14}, {10, 12}, {10, 14}, {10, 11}};
  for (size_t i = 0; i < 7; i++) cr_assert_eq(moc_graph_add_edge(g, edges[i][0], edges[i][1]), MOC_OK);
  cr_assert_eq(moc_graph_finish(g), MOC_OK);
  cr_assert_eq(moc_graph_edge_count(g), 5);
  uint32_t v14 = 4;
  cr_assert_eq(g->pred_start[v14 + 1] - g->pred_start[v14], 3);
  cr_assert_eq(g->pred[g->pred_start[v14]], 0);
  cr_assert_eq(g->pred[g->pred_start[v14] + 1], 1);
  cr_assert_eq(g->pred[g->pred_start[v14] + 2], 2);
  cr_assert_eq(g->succ_start[1] - g->succ_start[0], 3);
  cr_assert_eq(g->succ[g->succ_start[0]], 1);
  cr_assert_eq(g->succ[g->succ_start[0] + 1], 2);
  cr_assert_eq(g->succ[g->succ_start[0] + 2], 4);
  uint32_t idx;
  cr_assert(moc_graph_find(g, 13, &idx));
  cr_assert_eq(idx, 3);
  cr_assert_not(moc_graph_find(g, 15, &idx));
  cr_assert_eq(moc_graph_node_id(g, 2), 12);
  moc_graph_free(g);
}

Test(graph, many_sparse_ids_are_found) {
  moc_graph *g = moc_graph_create();
  for (int64_t i = 0; i < 5000; i++) cr_assert_eq(moc_graph_add_node(g, i * 1000003 - 7, i % 5, i % 7), MOC_OK);
  for (int64_t i = 1; i < 5000; i++) cr_assert_eq(moc_graph_add_edge(g, (i - 1) * 1000003 - 7, i * 1000003 - 7), MOC_OK);
  cr_assert_eq(moc_graph_finish(g), MOC_OK);
  for (int64_t i = 0; i < 5000; i++) {
    uint32_t idx;
    cr_assert(moc_graph_find(g, i * 1000003 - 7, &idx));
    cr_assert_eq(idx, (uint32_t)i);
  }
  cr_assert_eq(moc_graph_order_source(g), MOC_ORDER_ASCENDING_ID);
  moc_graph_free(g);
}

/* ---- errors ---- */

Test(graph, duplicate_id) {
  moc_graph *g = moc_graph_create();
  cr_assert_eq(moc_graph_add_node(g, 7, 1, 1), MOC_OK);
  cr_assert_eq(moc_graph_add_node(g, 7, 2, 2), MOC_ERR_DUPLICATE_ID);
  cr_assert(strstr(moc_graph_error_message(g), "7"));
  cr_assert_eq(moc_graph_node_count(g), 1);
  moc_graph_free(g);
}

Test(graph, unknown_ids_in_edges) {
  moc_graph *g = moc_graph_create();
  moc_graph_add_node(g, 1, 1, 1);
  cr_assert_eq(moc_graph_add_edge(g, 1, 99), MOC_ERR_UNKNOWN_ID);
  cr_assert(strstr(moc_graph_error_message(g), "99"));
  cr_assert_eq(moc_graph_add_edge(g, -5, 1), MOC_ERR_UNKNOWN_ID);
  cr_assert(strstr(moc_graph_error_message(g), "-5"));
  moc_graph_free(g);
}

Test(graph, negative_values) {
  moc_graph *g = moc_graph_create();
  cr_assert_eq(moc_graph_add_node(g, 1, -1, 1), MOC_ERR_NEGATIVE);
  cr_assert(strstr(moc_graph_error_message(g), "cost"));
  cr_assert_eq(moc_graph_add_node(g, 1, 1, -3), MOC_ERR_NEGATIVE);
  cr_assert(strstr(moc_graph_error_message(g), "size"));
  cr_assert_eq(moc_graph_node_count(g), 0);
  moc_graph_free(g);
}

Test(graph, overflow_of_sums) {
  moc_graph *g = moc_graph_create();
  moc_graph_add_node(g, 1, INT64_MAX, 1);
  moc_graph_add_node(g, 2, 1, 1);
  cr_assert_eq(moc_graph_finish(g), MOC_ERR_OVERFLOW);
  moc_graph_free(g);
  g = moc_graph_create();
  moc_graph_add_node(g, 1, 1, INT64_MAX / 2 + 1);
  moc_graph_add_node(g, 2, 1, INT64_MAX / 2 + 1);
  cr_assert_eq(moc_graph_finish(g), MOC_ERR_OVERFLOW);
  cr_assert(strstr(moc_graph_error_message(g), "size"));
  moc_graph_free(g);
}

Test(graph, cycle_is_named) {
  moc_graph *g = moc_graph_create();
  for (int64_t id = 0; id < 5; id++) moc_graph_add_node(g, id, 1, 1);
  moc_graph_add_edge(g, 0, 1);
  moc_graph_add_edge(g, 1, 2);
  moc_graph_add_edge(g, 2, 3);
  moc_graph_add_edge(g, 3, 1);
  moc_graph_add_edge(g, 3, 4);
  cr_assert_eq(moc_graph_finish(g), MOC_ERR_CYCLE);
  const char *msg = moc_graph_error_message(g);
  cr_assert(strstr(msg, "1") || strstr(msg, "2") || strstr(msg, "3"), "%s", msg);
  cr_assert_null(moc_graph_topo_order(g));
  moc_graph_free(g);
}

Test(graph, self_loop_is_a_cycle) {
  moc_graph *g = moc_graph_create();
  moc_graph_add_node(g, 4, 1, 1);
  moc_graph_add_edge(g, 4, 4);
  cr_assert_eq(moc_graph_finish(g), MOC_ERR_CYCLE);
  cr_assert(strstr(moc_graph_error_message(g), "4"));
  moc_graph_free(g);
}

static moc_error finish_with_order(const int64_t *order, size_t len) {
  moc_graph *g = moc_graph_create();
  for (int64_t id = 0; id < 3; id++) moc_graph_add_node(g, id, 1, 1);
  moc_graph_add_edge(g, 0, 1);
  moc_graph_add_edge(g, 0, 2);
  moc_graph_set_order(g, order, len);
  moc_error err = moc_graph_finish(g);
  moc_graph_free(g);
  return err;
}

Test(graph, bad_orders) {
  int64_t good[] = {0, 2, 1}, short_[] = {0, 1}, unknown[] = {0, 1, 9}, twice[] = {0, 1, 1}, backwards[] = {1, 0, 2};
  cr_assert_eq(finish_with_order(good, 3), MOC_OK);
  cr_assert_eq(finish_with_order(short_, 2), MOC_ERR_BAD_ORDER);
  cr_assert_eq(finish_with_order(unknown, 3), MOC_ERR_BAD_ORDER);
  cr_assert_eq(finish_with_order(twice, 3), MOC_ERR_BAD_ORDER);
  cr_assert_eq(finish_with_order(backwards, 3), MOC_ERR_BAD_ORDER);
}

Test(graph, state_errors) {
  moc_graph *g = gbuild_worked_example();
  cr_assert_eq(moc_graph_add_node(g, 9, 1, 1), MOC_ERR_STATE);
  cr_assert_eq(moc_graph_add_edge(g, 0, 1), MOC_ERR_STATE);
  cr_assert_eq(moc_graph_finish(g), MOC_ERR_STATE);
  int64_t order[] = {0, 1, 2, 3};
  cr_assert_eq(moc_graph_set_order(g, order, 4), MOC_ERR_STATE);
  moc_graph_free(g);
  cr_assert_eq(moc_graph_add_node(NULL, 1, 1, 1), MOC_ERR_ARGUMENT);
}

Test(graph, from_arrays_reports_message) {
  int64_t ids[] = {1, 2}, costs[] = {1, 1}, sizes[] = {1, 1}, src[] = {1}, dst[] = {3};
  moc_graph *g = (moc_graph *)1;
  char msg[128];
  cr_assert_eq(moc_graph_from_arrays(2, ids, costs, sizes, 1, src, dst, NULL, &g, msg, sizeof msg), MOC_ERR_UNKNOWN_ID);
  cr_assert_null(g);
  cr_assert(strstr(msg, "3"), "%s", msg);
}

Test(graph, error_names) {
  for (int e = MOC_OK; e <= MOC_ERR_INTERNAL; e++) cr_assert_gt(strlen(moc_error_name((moc_error)e)), 0);
  cr_assert_str_eq(moc_error_name(MOC_ERR_CYCLE), "cycle");
  cr_assert_str_eq(moc_status_name(MOC_STATUS_OPTIMAL), "optimal");
  cr_assert_str_eq(moc_order_source_name(MOC_ORDER_KAHN), "kahn");
}

/* ---- the topological-order rule ---- */

Test(graph, given_order_is_used) {
  int64_t ids[] = {0, 1, 2}, costs[] = {1, 1, 1}, sizes[] = {1, 2, 3}, src[] = {0, 0}, dst[] = {1, 2};
  int64_t order[] = {0, 2, 1};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(3, ids, costs, sizes, 2, src, dst, order, &g, NULL, 0), MOC_OK);
  cr_assert_eq(moc_graph_order_source(g), MOC_ORDER_GIVEN);
  const uint32_t *o = moc_graph_topo_order(g);
  cr_assert(o[0] == 0 && o[1] == 2 && o[2] == 1);
  cr_assert(g->position[0] == 0 && g->position[2] == 1 && g->position[1] == 2);
  moc_graph_free(g);
}

Test(graph, kahn_takes_smallest_id_first) {
  /* nodes added as ids 30, 10, 20, 5; edges 30->10, 20->5: ascending id (5,10,20,30) is not
   * topological; Kahn with smallest id first gives 20, 5, 30, 10. */
  int64_t ids[] = {30, 10, 20, 5}, costs[] = {1, 1, 1, 1}, sizes[] = {1, 1, 1, 1}, src[] = {30, 20}, dst[] = {10, 5};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(4, ids, costs, sizes, 2, src, dst, NULL, &g, NULL, 0), MOC_OK);
  cr_assert_eq(moc_graph_order_source(g), MOC_ORDER_KAHN);
  const uint32_t *o = moc_graph_topo_order(g);
  int64_t expect[] = {20, 5, 30, 10};
  for (uint32_t t = 0; t < 4; t++) {
    cr_assert_eq(moc_graph_node_id(g, o[t]), expect[t]);
    cr_assert_eq(g->position[o[t]], t);
  }
  moc_graph_free(g);
}

Test(graph, ascending_id_when_topological) {
  int64_t ids[] = {30, 10, 20}, costs[] = {1, 1, 1}, sizes[] = {1, 1, 1}, src[] = {10, 20}, dst[] = {30, 30};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(3, ids, costs, sizes, 2, src, dst, NULL, &g, NULL, 0), MOC_OK);
  cr_assert_eq(moc_graph_order_source(g), MOC_ORDER_ASCENDING_ID);
  const uint32_t *o = moc_graph_topo_order(g);
  cr_assert(o[0] == 1 && o[1] == 2 && o[2] == 0);
  moc_graph_free(g);
}

/* ---- lower bound and fingerprint ---- */

Test(graph, min_budget_matches_definition) {
  gbuild_rng r = {42};
  for (int round = 0; round < 200; round++) {
    uint32_t n = 1 + gbuild_below(&r, 8);
    moc_graph *g = gbuild_random_dag(&r, n, 40);
    cr_assert_not_null(g);
    int64_t best = 0;
    for (uint32_t v = 0; v < n; v++) {
      int64_t need = moc_graph_node_size(g, v);
      for (uint32_t u = 0; u < n; u++)
        for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
          if (g->pred[i] == u) need += moc_graph_node_size(g, u);
      if (need > best) best = need;
    }
    cr_assert_eq(moc_graph_min_budget(g), best);
    cr_assert_geq(moc_graph_topo_peak(g), best);
    moc_graph_free(g);
  }
}

Test(graph, fingerprint_is_canonical) {
  int64_t ids[] = {0, 1, 2, 3}, costs[] = {1, 1, 1, 1}, sizes[] = {2, 2, 1, 1};
  int64_t src[] = {0, 1, 2, 0}, dst[] = {1, 2, 3, 3};
  int64_t rids[] = {3, 1, 0, 2}, rcosts[] = {1, 1, 1, 1}, rsizes[] = {1, 2, 2, 1};
  int64_t rsrc[] = {0, 0, 2, 1, 1}, rdst[] = {3, 1, 3, 2, 2};
  moc_graph *a = NULL, *b = NULL, *c = NULL;
  cr_assert_eq(moc_graph_from_arrays(4, ids, costs, sizes, 4, src, dst, NULL, &a, NULL, 0), MOC_OK);
  cr_assert_eq(moc_graph_from_arrays(4, rids, rcosts, rsizes, 5, rsrc, rdst, NULL, &b, NULL, 0), MOC_OK);
  cr_assert_eq(moc_graph_fingerprint(a), moc_graph_fingerprint(b));
  costs[2] = 2;
  cr_assert_eq(moc_graph_from_arrays(4, ids, costs, sizes, 4, src, dst, NULL, &c, NULL, 0), MOC_OK);
  cr_assert_neq(moc_graph_fingerprint(a), moc_graph_fingerprint(c));
  moc_graph_free(a);
  moc_graph_free(b);
  moc_graph_free(c);
}

/* ---- budget from a decimal fraction ---- */

static int64_t budget_of(const moc_graph *g, const char *text, moc_error *err) {
  int64_t b = -1;
  *err = moc_graph_budget_from_fraction(g, text, &b);
  return b;
}

Test(graph, budget_fraction_exact) {
  moc_graph *g = gbuild_worked_example(); /* topo peak 5 */
  moc_error err;
  cr_assert_eq(budget_of(g, "0.8", &err), 4);
  cr_assert_eq(budget_of(g, "0.9", &err), 5);
  cr_assert_eq(budget_of(g, "1", &err), 5);
  cr_assert_eq(budget_of(g, "1.000", &err), 5);
  cr_assert_eq(budget_of(g, ".75", &err), 4);
  cr_assert_eq(budget_of(g, "0.2", &err), 1);
  cr_assert_eq(budget_of(g, "0.19", &err), 1);
  cr_assert_eq(budget_of(g, "0.000000000000000001", &err), 1);
  cr_assert_eq(budget_of(g, "0.500000000000000000000000", &err), 3);
  cr_assert_eq(err, MOC_OK);
  const char *bad[] = {"0", "0.0", ".", "", "1.01", "2", "10", "abc", "-0.5", "+0.5", "0.5x", "1e-1", " 0.5",
                       "0.1234567890123456789", "0..5", "0,5"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    budget_of(g, bad[i], &err);
    cr_assert_eq(err, MOC_ERR_BAD_FRACTION, "fraction '%s'", bad[i]);
  }
  moc_graph_free(g);
}

Test(graph, budget_fraction_large_peak) {
  int64_t ids[] = {0}, costs[] = {1}, sizes[] = {INT64_MAX};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(1, ids, costs, sizes, 0, NULL, NULL, NULL, &g, NULL, 0), MOC_OK);
  moc_error err;
  cr_assert_eq(budget_of(g, "0.5", &err), INT64_MAX / 2 + 1);
  cr_assert_eq(budget_of(g, "0.999999999999999999", &err), INT64_MAX - 9);
  cr_assert_eq(budget_of(g, "1", &err), INT64_MAX);
  moc_graph_free(g);
  int64_t sizes2[] = {13484795520};
  cr_assert_eq(moc_graph_from_arrays(1, ids, costs, sizes2, 0, NULL, NULL, NULL, &g, NULL, 0), MOC_OK);
  cr_assert_eq(budget_of(g, "0.8", &err), 10787836416);
  cr_assert_eq(budget_of(g, "0.9", &err), 12136315968);
  moc_graph_free(g);
}

Test(graph, empty_graph) {
  moc_graph *g = moc_graph_create();
  cr_assert_eq(moc_graph_finish(g), MOC_OK);
  cr_assert_eq(moc_graph_topo_peak(g), 0);
  cr_assert_eq(moc_graph_min_budget(g), 0);
  moc_graph_free(g);
}
