/* test_paper_graphs.c — the figures issue 2 must reproduce on the six paper
 * graphs bundled in benchmarks/graphs/ (topological peak and cost computed
 * with the paper authors' own evaluator, and the budget lower bounds). */
#include <criterion/criterion.h>

#include "cli/graph_reader.h"

TestSuite(paper_graphs, .timeout = 60);

typedef struct figures {
  const char *file;
  size_t nodes;
  int64_t peak, cost, min_budget;
} figures;

static const figures PAPER[] = {
    {"random_layered_n100.json", 100, 46319, 47769, 20020},
    {"random_layered_n250.json", 250, 146840, 125569, 87600},
    {"random_layered_n500.json", 500, 284439, 255302, 49399},
    {"random_layered_n1000.json", 1000, 608619, 497270, 48950},
    {"resnet50_train.json", 353, 38059356160, 405670, 3699376128},
    {"fcn8_train.json", 73, 13484795520, 10275337746048, 8287944704},
};

Test(paper_graphs, topological_figures) {
  for (size_t i = 0; i < sizeof PAPER / sizeof *PAPER; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/benchmarks/graphs/%s", MOC_SOURCE_DIR, PAPER[i].file);
    cli_graph cg;
    cli_error err;
    cr_assert_eq(cli_graph_read(path, &cg, &err), CLI_OK, "%s", err.text);
    cr_assert_eq(moc_graph_node_count(cg.graph), PAPER[i].nodes, "%s", PAPER[i].file);
    cr_assert_eq(moc_graph_topo_peak(cg.graph), PAPER[i].peak, "%s", PAPER[i].file);
    cr_assert_eq(moc_graph_topo_cost(cg.graph), PAPER[i].cost, "%s", PAPER[i].file);
    cr_assert_eq(moc_graph_min_budget(cg.graph), PAPER[i].min_budget, "%s", PAPER[i].file);
    int64_t b80, b90;
    cr_assert_eq(moc_graph_budget_from_fraction(cg.graph, "0.8", &b80), MOC_OK);
    cr_assert_eq(moc_graph_budget_from_fraction(cg.graph, "0.9", &b90), MOC_OK);
    cr_assert_eq(b80, (PAPER[i].peak * 8 + 9) / 10);
    cr_assert_eq(b90, (PAPER[i].peak * 9 + 9) / 10);
    cli_graph_free(&cg);
  }
}
