/* cmd_info.c — `moccasin info GRAPH [--json]`: what a graph file holds.
 *
 * Prints the node and edge counts, where the reference topological order came
 * from (SPEC §1), the peak and cost of that order under the evaluator, the
 * lower bound on any feasible budget and the fingerprint.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli/json_out.h"
#include "cli/options.h"

static const char INFO_USAGE[] =
    "usage: moccasin info GRAPH [--json]\n"
    "\n"
    "Reads GRAPH (networkx node-link JSON, '-' for stdin) and prints its size, the\n"
    "reference topological order's source, peak memory and cost, the lower bound on\n"
    "any feasible budget (max over nodes of its size plus its inputs' sizes) and the\n"
    "graph's fingerprint (XXH3-64 of the canonical graph).\n"
    "\n"
    "  --json      print one JSON object (keys graph, nodes, edges, order, topo_peak,\n"
    "              topo_cost, min_budget, fingerprint)\n"
    "  -h, --help  this text\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad graph, 66 cannot open GRAPH.\n";

static void print_text(const cli_graph *cg) {
  const moc_graph *g = cg->graph;
  printf("graph        %s\n", cg->name);
  printf("fingerprint  %016" PRIx64 "\n", moc_graph_fingerprint(g));
  printf("nodes        %zu\n", moc_graph_node_count(g));
  printf("edges        %zu\n", moc_graph_edge_count(g));
  printf("order        %s\n", moc_order_source_name(moc_graph_order_source(g)));
  printf("topo peak    %" PRId64 "\n", moc_graph_topo_peak(g));
  printf("topo cost    %" PRId64 "\n", moc_graph_topo_cost(g));
  printf("min budget   %" PRId64 "\n", moc_graph_min_budget(g));
}

static void print_json(const cli_graph *cg) {
  const moc_graph *g = cg->graph;
  char fingerprint[17];
  snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64, moc_graph_fingerprint(g));
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_begin_object(&j, NULL);
  cli_json_string(&j, "graph", cg->name);
  cli_json_string(&j, "fingerprint", fingerprint);
  cli_json_int(&j, "nodes", (int64_t)moc_graph_node_count(g));
  cli_json_int(&j, "edges", (int64_t)moc_graph_edge_count(g));
  cli_json_string(&j, "order", moc_order_source_name(moc_graph_order_source(g)));
  cli_json_int(&j, "topo_peak", moc_graph_topo_peak(g));
  cli_json_int(&j, "topo_cost", moc_graph_topo_cost(g));
  cli_json_int(&j, "min_budget", moc_graph_min_budget(g));
  cli_json_end_object(&j);
}

int cli_cmd_info(int argc, char **argv) {
  bool json = false;
  const cli_option opts[] = {{"json", 0, NULL, &json}};
  cli_args args;
  cli_error err;
  int status = cli_options_parse(argc, argv, opts, 1, &args, &err);
  if (!status && !args.help && args.count != 1)
    status = cli_fail(&err, CLI_USAGE, "info: expected one GRAPH file (see --help)");
  if (status || args.help) {
    if (status) cli_report(&err);
    else fputs(INFO_USAGE, stdout);
    cli_args_free(&args);
    return status;
  }
  cli_graph cg;
  status = cli_graph_read(args.positional[0], &cg, &err);
  cli_args_free(&args);
  if (status) {
    cli_report(&err);
    cli_graph_free(&cg);
    return err.status;
  }
  if (json) print_json(&cg);
  else print_text(&cg);
  cli_graph_free(&cg);
  return CLI_OK;
}
