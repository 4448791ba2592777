/* fuzz_reader.c — libFuzzer target for the JSON front end.
 *
 * The input is read as a graph file (cli/json_doc.c + cli/graph_reader.c);
 * when it is a valid graph, the same input is also read as a schedule for
 * that graph and evaluated, its topological order is re-scored, and a budget
 * is derived.  Any crash, leak, sanitizer report, hang or internal error
 * (status 70) is a bug.
 */
#include <stdlib.h>

#include "cli/graph_reader.h"
#include "cli/schedule_reader.h"

static void exercise(const cli_graph *cg, const cli_doc *doc) {
  uint32_t *steps = NULL;
  size_t length = 0;
  cli_error err;
  moc_eval *ev = NULL;
  if (cli_schedule_from_doc(doc, cg, &steps, &length, &err) == CLI_OK &&
      moc_evaluate(cg->graph, steps, length, &ev) == MOC_OK)
    moc_eval_free(ev);
  free(steps);
  const moc_graph *g = cg->graph;
  if (moc_evaluate(g, moc_graph_topo_order(g), moc_graph_node_count(g), &ev) == MOC_OK) {
    if (!ev->valid || ev->peak != moc_graph_topo_peak(g) || ev->peak < moc_graph_min_budget(g)) abort();
    moc_eval_free(ev);
  }
  int64_t budget;
  if (moc_graph_budget_from_fraction(g, "0.8", &budget) != MOC_OK || budget > moc_graph_topo_peak(g)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cli_doc doc;
  cli_error err;
  cli_graph cg = {0};
  err.status = CLI_OK;
  if (cli_doc_parse("fuzz.json", (const char *)data, size, &doc, &err) == CLI_OK &&
      cli_graph_from_doc(&doc, &cg, &err) == CLI_OK)
    exercise(&cg, &doc);
  /* Internal errors (e.g. the number scan disagreeing with cJSON) are bugs too. */
  if (err.status == CLI_SOFTWARE) abort();
  cli_graph_free(&cg);
  cli_doc_free(&doc);
  return 0;
}
