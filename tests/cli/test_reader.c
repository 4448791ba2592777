/* test_reader.c — the JSON graph reader in-process: both dialects of SPEC §3,
 * string ids, exact 64-bit numbers, and every bad input of SPEC §5 with its
 * status and a message naming the file, the place and the cause. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/graph_reader.h"
#include "cli/schedule_reader.h"

TestSuite(reader, .timeout = 30);

typedef struct parsed {
  int status;
  cli_error err;
  cli_graph cg;
  cli_doc doc;
} parsed;

static parsed *parse(const char *text) {
  parsed *p = calloc(1, sizeof *p);
  p->status = cli_doc_parse("g.json", text, strlen(text), &p->doc, &p->err);
  if (!p->status) p->status = cli_graph_from_doc(&p->doc, &p->cg, &p->err);
  return p;
}

static void release(parsed *p) {
  cli_graph_free(&p->cg);
  cli_doc_free(&p->doc);
  free(p);
}

static void expect_error(const char *text, int status, const char *place, const char *cause) {
  parsed *p = parse(text);
  cr_assert_eq(p->status, status, "status %d for %s (%s)", p->status, text, p->err.text);
  cr_assert(strncmp(p->err.text, "g.json: ", 8) == 0, "%s", p->err.text);
  cr_assert(strstr(p->err.text, place), "place '%s' not in '%s'", place, p->err.text);
  cr_assert(strstr(p->err.text, cause), "cause '%s' not in '%s'", cause, p->err.text);
  cr_assert_null(strchr(p->err.text, '\n'));
  release(p);
}

#define CHECKMATE_NODES                                                                  \
  "\"nodes\": [{\"id\": 0, \"name\": \"a\", \"cost_cpu\": 1, \"cost_ram\": 2},"        \
  " {\"id\": 1, \"name\": \"b\", \"cost_cpu\": 1, \"cost_ram\": 2},"                   \
  " {\"id\": 2, \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": 3, \"cost_cpu\": 1, \"cost_ram\": 1}]"

Test(reader, checkmate_dialect_worked_example) {
  parsed *p = parse("{\"graph\": {\"name\": \"ex\"}, " CHECKMATE_NODES ", \"links\": [{\"source\": 0, \"target\": 1},"
                    " {\"source\": 1, \"target\": 2}, {\"source\": 2, \"target\": 3}, {\"source\": 0, \"target\": 3}]}");
  cr_assert_eq(p->status, CLI_OK, "%s", p->err.text);
  cr_assert_str_eq(p->cg.name, "ex");
  cr_assert_eq(moc_graph_topo_peak(p->cg.graph), 5);
  cr_assert_eq(moc_graph_topo_cost(p->cg.graph), 4);
  cr_assert_eq(moc_graph_min_budget(p->cg.graph), 4);
  cr_assert_null(p->cg.labels);
  release(p);
}

Test(reader, layered_dialect_with_order) {
  parsed *p = parse("{\"graph\": {\"name\": \"L\", \"order\": [10, 30, 20]}, \"nodes\": ["
                    "{\"name\": 10, \"duration\": 3, \"out_cost\": 5}, {\"name\": 20, \"duration\": 4, \"out_cost\": 6},"
                    "{\"name\": 30, \"duration\": 5, \"out_cost\": 7}], \"edges\": [{\"0\": 10, \"1\": 20}, {\"0\": 10, \"1\": 30}]}");
  cr_assert_eq(p->status, CLI_OK, "%s", p->err.text);
  cr_assert_eq(moc_graph_order_source(p->cg.graph), MOC_ORDER_GIVEN);
  const uint32_t *o = moc_graph_topo_order(p->cg.graph);
  cr_assert_eq(moc_graph_node_id(p->cg.graph, o[1]), 30);
  cr_assert_eq(moc_graph_topo_cost(p->cg.graph), 12);
  cr_assert_eq(moc_graph_edge_count(p->cg.graph), 2);
  release(p);
}

Test(reader, string_ids) {
  parsed *p = parse("{\"nodes\": [{\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1},"
                    " {\"id\": \"y\", \"cost_cpu\": 2, \"cost_ram\": 1}],"
                    " \"links\": [{\"source\": \"x\", \"target\": \"y\"}], \"graph\": {\"order\": [\"x\", \"y\"]}}");
  cr_assert_eq(p->status, CLI_OK, "%s", p->err.text);
  cr_assert_not_null(p->cg.labels);
  cr_assert_str_eq(p->cg.labels[1], "y");
  cr_assert_str_eq(p->cg.name, "g.json");
  char buf[32];
  cli_graph_format_id(&p->cg, 0, buf, sizeof buf);
  cr_assert_str_eq(buf, "\"x\"");
  release(p);
  expect_error("{\"nodes\": [{\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1}],"
               " \"links\": []}", CLI_DATA, "nodes[1]", "duplicate node id \"x\"");
  expect_error("{\"nodes\": [{\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": \"x\", \"target\": \"q\"}]}",
               CLI_DATA, "links[0].target", "unknown node id \"q\"");
  expect_error("{\"nodes\": [{\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": 2, \"cost_cpu\": 1, \"cost_ram\": 1}],"
               " \"links\": []}", CLI_DATA, "nodes[1].id", "not a string");
  expect_error("{\"nodes\": [{\"id\": \"x\", \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": \"y\", \"cost_cpu\": 1, \"cost_ram\": 1}],"
               " \"links\": [{\"source\": \"x\", \"target\": \"y\"}, {\"source\": \"y\", \"target\": \"x\"}]}",
               CLI_DATA, "graph", "cycle through node id \"");
}

Test(reader, exact_large_numbers) {
  parsed *p = parse("{\"nodes\": [{\"id\": 9007199254740993, \"cost_cpu\": 4611686018427387905, \"cost_ram\": 1e3},"
                    " {\"id\": -9223372036854775808, \"cost_cpu\": 1.0, \"cost_ram\": 25e-1e0}], \"links\": []}");
  cr_assert_neq(p->status, CLI_OK); /* 25e-1e0 is not JSON */
  release(p);
  p = parse("{\"nodes\": [{\"id\": 9007199254740993, \"cost_cpu\": 4611686018427387905, \"cost_ram\": 1e3},"
            " {\"id\": -9223372036854775808, \"cost_cpu\": 1.0, \"cost_ram\": 2500e-2}], \"links\": []}");
  cr_assert_eq(p->status, CLI_OK, "%s", p->err.text);
  cr_assert_eq(moc_graph_node_id(p->cg.graph, 0), 9007199254740993);
  cr_assert_eq(moc_graph_node_cost(p->cg.graph, 0), 4611686018427387905);
  cr_assert_eq(moc_graph_node_size(p->cg.graph, 0), 1000);
  cr_assert_eq(moc_graph_node_id(p->cg.graph, 1), INT64_MIN);
  cr_assert_eq(moc_graph_node_size(p->cg.graph, 1), 25);
  release(p);
}

Test(reader, numbers_beyond_64_bits) {
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 9223372036854775808, \"cost_ram\": 1}], \"links\": []}", CLI_DATA,
               "nodes[0].cost_cpu", "beyond 64 bits");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1e19}], \"links\": []}", CLI_DATA,
               "nodes[0].cost_ram", "beyond 64 bits");
  expect_error("{\"nodes\": [{\"id\": 123456789012345678901234567890, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": []}",
               CLI_DATA, "nodes[0].id", "beyond 64 bits");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": -1e40}]}",
               CLI_DATA, "links[0].target", "beyond 64 bits");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 2.5, \"cost_ram\": 1}], \"links\": []}", CLI_DATA,
               "nodes[0].cost_cpu", "not an integer");
}

Test(reader, bad_inputs) {
  expect_error("{\"nodes\": [", CLI_DATA, "line 1, column", "not JSON");
  expect_error("[1, 2]", CLI_DATA, "top level", "not an object");
  expect_error("{\"links\": []}", CLI_DATA, "nodes", "missing");
  expect_error("{\"nodes\": 3, \"links\": []}", CLI_DATA, "nodes", "not a list");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}]}", CLI_DATA, "links", "missing");
  expect_error("{\"nodes\": [7], \"links\": []}", CLI_DATA, "nodes[0]", "not an object");
  expect_error("{\"nodes\": [{\"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": []}", CLI_DATA, "nodes[0]", "missing id");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_ram\": 1}], \"links\": []}", CLI_DATA, "nodes[0]", "missing cost");
  expect_error("{\"nodes\": [{\"id\": 0, \"duration\": 1}], \"links\": []}", CLI_DATA, "nodes[0]", "missing size");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": -1, \"cost_ram\": 1}], \"links\": []}", CLI_DATA,
               "nodes[0].cost_cpu", "negative cost");
  expect_error("{\"nodes\": [{\"id\": 0, \"duration\": 1, \"out_cost\": -4}], \"links\": []}", CLI_DATA,
               "nodes[0].out_cost", "negative size");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": \"1\", \"cost_ram\": 1}], \"links\": []}", CLI_DATA,
               "nodes[0].cost_cpu", "not a number");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}],"
               " \"links\": []}", CLI_DATA, "nodes[1]", "duplicate node id 0");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 5}]}",
               CLI_DATA, "links[0]", "unknown node id 5");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0}]}", CLI_DATA,
               "links[0]", "missing target");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}],"
               " \"links\": [{\"source\": 0, \"target\": 1}, {\"source\": 1, \"target\": 0}]}", CLI_DATA, "graph", "cycle");
  expect_error("{\"graph\": {\"order\": [1, 0]}, \"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1},"
               " {\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 1}]}",
               CLI_DATA, "graph.order", "not topological");
  expect_error("{\"graph\": {\"order\": [0]}, \"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1},"
               " {\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": []}", CLI_DATA, "graph.order", "1 ids for 2 nodes");
  expect_error("{\"graph\": {\"order\": 5}, \"nodes\": [], \"links\": []}", CLI_DATA, "graph.order", "not a list");
  expect_error("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 9223372036854775807, \"cost_ram\": 1},"
               " {\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": []}", CLI_DATA, "nodes", "exceeds 64 bits");
}

Test(reader, unreadable_file) {
  cli_graph cg;
  cli_error err;
  cr_assert_eq(cli_graph_read("/nonexistent/graph.json", &cg, &err), CLI_NO_INPUT);
  cr_assert(strstr(err.text, "/nonexistent/graph.json: cannot open"), "%s", err.text);
  cli_graph_free(&cg);
}

Test(reader, schedules) {
  parsed *p = parse("{" CHECKMATE_NODES ", \"links\": [{\"source\": 0, \"target\": 1}]}");
  cr_assert_eq(p->status, CLI_OK, "%s", p->err.text);
  const char *texts[] = {"{\"schedule\": [0, 1, 2, 0, 3], \"status\": \"optimal\"}", "[3, 2]", "{\"schedule\": [0, 7]}",
                         "{\"steps\": []}", "{\"schedule\": [\"0\"]}"};
  int expect[] = {CLI_OK, CLI_OK, CLI_DATA, CLI_DATA, CLI_DATA};
  size_t lengths[] = {5, 2, 0, 0, 0};
  for (int i = 0; i < 5; i++) {
    cli_doc doc;
    cli_error err;
    uint32_t *steps = NULL;
    size_t length = 99;
    int status = cli_doc_parse("s.json", texts[i], strlen(texts[i]), &doc, &err);
    if (!status) status = cli_schedule_from_doc(&doc, &p->cg, &steps, &length, &err);
    cr_assert_eq(status, expect[i], "%s: %s", texts[i], err.text);
    if (!status) cr_assert_eq(length, lengths[i]);
    if (i == 2) cr_assert(strstr(err.text, "s.json: schedule[1]: unknown node id 7"), "%s", err.text);
    free(steps);
    cli_doc_free(&doc);
  }
  release(p);
}
