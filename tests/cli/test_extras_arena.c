/* test_extras_arena.c — arena plans on the six paper graphs (read through the
 * CLI reader): the topological order and a solver result at budget 0.8, each
 * planned with alignment 16 and 1 and checked pair by pair: no two tensors
 * resident at a common step share a byte, offsets aligned, arena >= peak. */
#include <criterion/criterion.h>

#include "cli/graph_reader.h"
#include "support/arena_check.h"

TestSuite(extras_arena, .timeout = 120);

static const char *const FILES[] = {"random_layered_n100.json", "random_layered_n250.json",
                                    "random_layered_n500.json", "random_layered_n1000.json",
                                    "resnet50_train.json",      "fcn8_train.json"};

static void check(const moc_graph *g, const uint32_t *s, size_t len, int64_t alignment, const char *what) {
  moc_arena *a = NULL;
  cr_assert_eq(moc_arena_plan(g, s, len, alignment, &a), MOC_OK, "%s", what);
  char why[256] = "";
  cr_assert(arena_check_plan(a, why, sizeof why), "%s: %s", what, why);
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
  cr_assert_eq(a->peak, ev->peak, "%s", what);
  moc_eval_free(ev);
  moc_arena_free(a);
}

Test(extras_arena, paper_graphs_topological_and_solved) {
  for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/benchmarks/graphs/%s", MOC_SOURCE_DIR, FILES[i]);
    cli_graph cg;
    cli_error err;
    cr_assert_eq(cli_graph_read(path, &cg, &err), CLI_OK, "%s", err.text);
    size_t n = moc_graph_node_count(cg.graph);
    check(cg.graph, moc_graph_topo_order(cg.graph), n, 16, FILES[i]);
    check(cg.graph, moc_graph_topo_order(cg.graph), n, 1, FILES[i]);
    moc_solver *s = moc_solver_create(cg.graph);
    cr_assert_eq(moc_solver_set_budget_fraction(s, "0.8"), MOC_OK);
    cr_assert_eq(moc_solver_set_time_limit(s, 0.3), MOC_OK);
    cr_assert_eq(moc_solver_solve(s), MOC_OK);
    size_t len = 0;
    const uint32_t *sched = moc_solver_schedule(s, &len);
    if (sched) check(cg.graph, sched, len, 16, FILES[i]);
    moc_solver_free(s);
    cli_graph_free(&cg);
  }
}
