/* test_evaluate.c — the independent evaluator: the SPEC §1 worked example,
 * and agreement with a brute-force re-computation of the memory model on many
 * random small schedules (valid ones with recomputations, and invalid ones). */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/graph.h"
#include "support/graph_build.h"

TestSuite(evaluate, .timeout = 60);

static moc_eval *evaluate(const moc_graph *g, const uint32_t *s, size_t len) {
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
  cr_assert_not_null(ev);
  return ev;
}

Test(evaluate, worked_example_topological) {
  moc_graph *g = gbuild_worked_example();
  uint32_t s[] = {0, 1, 2, 3};
  moc_eval *ev = evaluate(g, s, 4);
  cr_assert(ev->valid);
  cr_assert_eq(ev->peak, 5);
  cr_assert_eq(ev->cost, 4);
  int64_t mem[] = {2, 4, 5, 4};
  for (int j = 0; j < 4; j++) cr_assert_eq(ev->memory[j], mem[j], "step %d", j);
  /* frees: after 2: {1}; after 3: {0, 2, 3} */
  cr_assert_eq(ev->free_start[2] - ev->free_start[0], 0);
  cr_assert_eq(ev->free_start[3] - ev->free_start[2], 1);
  cr_assert_eq(ev->free_nodes[ev->free_start[2]], 1);
  cr_assert_eq(ev->free_start[4] - ev->free_start[3], 3);
  cr_assert_eq(ev->free_nodes[ev->free_start[3]], 0);
  moc_eval_free(ev);
  moc_graph_free(g);
}

Test(evaluate, worked_example_recompute) {
  moc_graph *g = gbuild_worked_example();
  uint32_t s[] = {0, 1, 2, 0, 3};
  moc_eval *ev = evaluate(g, s, 5);
  cr_assert(ev->valid);
  cr_assert_eq(ev->peak, 4);
  cr_assert_eq(ev->cost, 5);
  int64_t mem[] = {2, 4, 3, 3, 4};
  for (int j = 0; j < 5; j++) cr_assert_eq(ev->memory[j], mem[j], "step %d", j);
  /* frees: after 1: {0}; after 2: {1}; after 4: {2, 0, 3} */
  cr_assert_eq(ev->free_start[2] - ev->free_start[1], 1);
  cr_assert_eq(ev->free_nodes[ev->free_start[1]], 0);
  cr_assert_eq(ev->free_nodes[ev->free_start[2]], 1);
  cr_assert_eq(ev->free_start[5] - ev->free_start[4], 3);
  cr_assert_eq(ev->free_start[5], 5);
  moc_eval_free(ev);
  moc_graph_free(g);
}

Test(evaluate, invalid_names_step_and_input) {
  moc_graph *g = gbuild_worked_example();
  uint32_t missing_input[] = {0, 2, 1, 3};
  moc_eval *ev = evaluate(g, missing_input, 4);
  cr_assert_not(ev->valid);
  cr_assert_eq(ev->bad_step, 1);
  cr_assert_eq(ev->bad_node, 1);
  moc_eval_free(ev);
  uint32_t never[] = {0, 1, 2};
  ev = evaluate(g, never, 3);
  cr_assert_not(ev->valid);
  cr_assert_eq(ev->bad_step, 3);
  cr_assert_eq(ev->bad_node, 3);
  moc_eval_free(ev);
  moc_graph_free(g);
}

Test(evaluate, arguments) {
  moc_graph *g = gbuild_worked_example();
  moc_eval *ev = NULL;
  uint32_t out_of_range[] = {0, 4};
  cr_assert_eq(moc_evaluate(g, out_of_range, 2, &ev), MOC_ERR_ARGUMENT);
  cr_assert_null(ev);
  cr_assert_eq(moc_evaluate(g, NULL, 2, &ev), MOC_ERR_ARGUMENT);
  cr_assert_eq(moc_evaluate(NULL, out_of_range, 1, &ev), MOC_ERR_ARGUMENT);
  moc_graph *open = moc_graph_create();
  moc_graph_add_node(open, 1, 1, 1);
  cr_assert_eq(moc_evaluate(open, out_of_range, 1, &ev), MOC_ERR_STATE);
  moc_graph_free(open);
  moc_graph_free(g);
  moc_eval_free(NULL);
}

Test(evaluate, cost_overflow) {
  int64_t ids[] = {0}, costs[] = {INT64_MAX / 2 + 1}, sizes[] = {1};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(1, ids, costs, sizes, 0, NULL, NULL, NULL, &g, NULL, 0), MOC_OK);
  uint32_t s[] = {0, 0};
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, 2, &ev), MOC_ERR_OVERFLOW);
  cr_assert_null(ev);
  moc_graph_free(g);
}

/* ---- brute force: the memory model of SPEC §1 read literally ---- */

static bool is_pred(const moc_graph *g, uint32_t u, uint32_t v) {
  for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
    if (g->pred[i] == u) return true;
  return false;
}

/* Does step r read the computation made at step i? (s_i is an input of s_r and
 * no step strictly between recomputes it) */
static bool reads(const moc_graph *g, const uint32_t *s, size_t i, size_t r) {
  if (r <= i || !is_pred(g, s[i], s[r])) return false;
  for (size_t k = i + 1; k < r; k++)
    if (s[k] == s[i]) return false;
  return true;
}

/* Last step at which the computation of step i is resident. */
static size_t residency_end(const moc_graph *g, const uint32_t *s, size_t len, size_t i) {
  size_t end = i;
  for (size_t r = i + 1; r < len; r++)
    if (reads(g, s, i, r)) end = r;
  return end;
}

static void check_invalid(const moc_graph *g, const uint32_t *s, size_t len, const moc_eval *ev) {
  uint32_t n = (uint32_t)moc_graph_node_count(g);
  for (size_t j = 0; j < len; j++)
    for (uint32_t u = 0; u < n; u++) {
      if (!is_pred(g, u, s[j])) continue;
      bool seen = false;
      for (size_t i = 0; i < j; i++) seen = seen || s[i] == u;
      if (!seen) {
        cr_assert_not(ev->valid);
        cr_assert_eq(ev->bad_step, j);
        cr_assert_eq(ev->bad_node, u);
        return;
      }
    }
  for (uint32_t v = 0; v < n; v++) {
    bool seen = false;
    for (size_t i = 0; i < len; i++) seen = seen || s[i] == v;
    if (!seen) {
      cr_assert_not(ev->valid);
      cr_assert_eq(ev->bad_step, len);
      cr_assert_eq(ev->bad_node, v);
      return;
    }
  }
  cr_assert(ev->valid);
}

static void check_valid(const moc_graph *g, const uint32_t *s, size_t len, const moc_eval *ev) {
  int64_t peak = 0, cost = 0;
  size_t freed = 0;
  for (size_t j = 0; j < len; j++) {
    int64_t mem = 0;
    cost += moc_graph_node_cost(g, s[j]);
    for (size_t i = 0; i <= j; i++)
      if (residency_end(g, s, len, i) >= j) mem += moc_graph_node_size(g, s[i]);
    cr_assert_eq(ev->memory[j], mem, "step %zu", j);
    if (mem > peak) peak = mem;
    cr_assert_eq(ev->free_start[j], freed);
    for (size_t i = 0; i <= j; i++)
      if (residency_end(g, s, len, i) == j) cr_assert_eq(ev->free_nodes[freed++], s[i]);
    cr_assert_eq(ev->free_start[j + 1], freed);
  }
  cr_assert_eq(freed, len);
  cr_assert_eq(ev->peak, peak);
  cr_assert_eq(ev->cost, cost);
}

/* A valid schedule: a random topological order, with random recomputations of
 * nodes whose inputs are all available inserted along the way. */
static size_t random_valid(gbuild_rng *r, const moc_graph *g, uint32_t *s, size_t cap) {
  uint32_t n = (uint32_t)moc_graph_node_count(g);
  bool done[16] = {false};
  size_t len = 0;
  for (uint32_t placed = 0; placed < n && len < cap;) {
    uint32_t v = gbuild_below(r, n);
    bool ready = true;
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) ready = ready && done[g->pred[i]];
    if (!ready || (done[v] && gbuild_below(r, 100) < 70)) continue;
    if (!done[v]) placed++;
    done[v] = true;
    s[len++] = v;
  }
  return len;
}

Test(evaluate, agrees_with_brute_force) {
  gbuild_rng r = {2024};
  uint32_t s[24];
  int valid_seen = 0, invalid_seen = 0;
  for (int round = 0; round < 3000; round++) {
    uint32_t n = 1 + gbuild_below(&r, 7);
    moc_graph *g = gbuild_random_dag(&r, n, 45);
    cr_assert_not_null(g);
    size_t len;
    if (gbuild_below(&r, 2) == 0) {
      len = random_valid(&r, g, s, 24);
    } else {
      len = gbuild_below(&r, 13);
      for (size_t j = 0; j < len; j++) s[j] = gbuild_below(&r, n);
    }
    moc_eval *ev = evaluate(g, s, len);
    check_invalid(g, s, len, ev);
    if (ev->valid) {
      check_valid(g, s, len, ev);
      valid_seen++;
    } else {
      invalid_seen++;
    }
    moc_eval_free(ev);
    moc_graph_free(g);
  }
  cr_assert_gt(valid_seen, 1000);
  cr_assert_gt(invalid_seen, 500);
}

Test(evaluate, topo_figures_match_evaluator) {
  gbuild_rng r = {7};
  for (int round = 0; round < 300; round++) {
    moc_graph *g = gbuild_random_dag(&r, 1 + gbuild_below(&r, 12), 30);
    moc_eval *ev = evaluate(g, moc_graph_topo_order(g), moc_graph_node_count(g));
    cr_assert(ev->valid);
    cr_assert_eq(ev->peak, moc_graph_topo_peak(g));
    cr_assert_eq(ev->cost, moc_graph_topo_cost(g));
    cr_assert_eq(ev->cost, g->total_cost);
    moc_eval_free(ev);
    moc_graph_free(g);
  }
}
