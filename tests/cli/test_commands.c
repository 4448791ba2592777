/* test_commands.c — the moccasin executable end to end: info and eval output
 * (text and JSON), exit statuses of SPEC §5's bad inputs, --help on every
 * command, unknown options. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <string.h>

#include "support/cli_run.h"

TestSuite(commands, .timeout = 60);

static cli_run_result run(const char *const *args) { return cli_run_program(MOC_CLI_PATH, args); }

/* Exit status, and stderr is one line "moccasin: ..." containing `needle`. */
static void expect_failure(const char *const *args, int status, const char *needle) {
  cli_run_result r = run(args);
  cr_assert_eq(r.status, status, "status %d, stderr: %s", r.status, r.err);
  cr_assert(strncmp(r.err, "moccasin: ", 10) == 0, "%s", r.err);
  cr_assert(strstr(r.err, needle), "'%s' not in '%s'", needle, r.err);
  char *nl = strchr(r.err, '\n');
  cr_assert(nl && nl[1] == '\0', "not one line: %s", r.err);
  cr_assert_str_eq(r.out, "");
  cli_run_free(&r);
}

Test(commands, info_text_and_json) {
  char *g = cli_run_temp_file(WORKED);
  cli_run_result r = run((const char *[]){"info", g, NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "topo peak    5\n"), "%s", r.out);
  cr_assert(strstr(r.out, "min budget   4\n"), "%s", r.out);
  cli_run_free(&r);
  r = run((const char *[]){"info", "--json", g, NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  const char *keys[] = {"nodes", "edges", "topo_peak", "topo_cost", "min_budget"};
  double values[] = {4, 4, 5, 4, 4};
  for (int i = 0; i < 5; i++) cr_assert_eq(cJSON_GetObjectItem(j, keys[i])->valuedouble, values[i], "%s", keys[i]);
  cr_assert_eq(strlen(cJSON_GetObjectItem(j, "fingerprint")->valuestring), 16);
  cr_assert_str_eq(cJSON_GetObjectItem(j, "graph")->valuestring, "worked");
  cJSON_Delete(j);
  cli_run_free(&r);
  cli_run_remove(g);
}

Test(commands, eval_worked_example) {
  char *g = cli_run_temp_file(WORKED), *s = cli_run_temp_file("{\"schedule\": [0, 1, 2, 0, 3]}");
  cli_run_result r = run((const char *[]){"eval", g, s, "--budget-bytes", "4", "--json", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "valid")));
  cr_assert_eq(cJSON_GetObjectItem(j, "peak")->valuedouble, 4);
  cr_assert_eq(cJSON_GetObjectItem(j, "cost")->valuedouble, 5);
  cr_assert_float_eq(cJSON_GetObjectItem(j, "tdi_percent")->valuedouble, 25.0, 1e-9);
  cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "within_budget")));
  cJSON *mem = cJSON_GetObjectItem(j, "per_step_memory");
  double expect[] = {2, 4, 3, 3, 4};
  cr_assert_eq(cJSON_GetArraySize(mem), 5);
  for (int i = 0; i < 5; i++) cr_assert_eq(cJSON_GetArrayItem(mem, i)->valuedouble, expect[i]);
  cJSON_Delete(j);
  cli_run_free(&r);
  /* the topological order exceeds 0.8 * 5 = 4 bytes: status 1 */
  cli_run_remove(s);
  s = cli_run_temp_file("[0, 1, 2, 3]");
  r = run((const char *[]){"eval", g, s, "--budget", "0.8", NULL});
  cr_assert_eq(r.status, 1, "%s", r.err);
  cr_assert(strstr(r.out, "peak         5\n"), "%s", r.out);
  cr_assert(strstr(r.out, "budget       4 (exceeded)"), "%s", r.out);
  cli_run_free(&r);
  cli_run_remove(s);
  s = cli_run_temp_file("{\"schedule\": [0, 2, 1, 3]}");
  r = run((const char *[]){"eval", g, s, NULL});
  cr_assert_eq(r.status, 1);
  cr_assert(strstr(r.out, "step 1 (node 2) reads node 1"), "%s", r.out);
  cli_run_free(&r);
  cli_run_remove(s);
  cli_run_remove(g);
}

Test(commands, help_everywhere) {
  const char *cmds[] = {"info", "eval", "solve"};
  for (int i = 0; i < 3; i++) {
    cli_run_result r = run((const char *[]){cmds[i], "--help", NULL});
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: moccasin "), "%s", r.out);
    cli_run_free(&r);
  }
  cli_run_result r = run((const char *[]){"--help", NULL});
  cr_assert_eq(r.status, 0);
  cr_assert(strstr(r.out, "info") && strstr(r.out, "eval") && strstr(r.out, "solve"));
  cli_run_free(&r);
}

Test(commands, usage_errors) {
  char *g = cli_run_temp_file(WORKED), *s = cli_run_temp_file("[0, 1, 2, 3]");
  expect_failure((const char *[]){"info", "--frobnicate", g, NULL}, 64, "--frobnicate: unknown option");
  expect_failure((const char *[]){"info", NULL}, 64, "expected one GRAPH");
  expect_failure((const char *[]){"info", "--json", "--json", g, NULL}, 64, "given twice");
  expect_failure((const char *[]){"eval", g, s, "--budget", "1.5", NULL}, 64, "--budget 1.5");
  expect_failure((const char *[]){"eval", g, s, "--budget", "0", NULL}, 64, "(0, 1]");
  expect_failure((const char *[]){"eval", g, s, "--budget", NULL}, 64, "missing value");
  expect_failure((const char *[]){"eval", g, s, "--budget", "0.5", "--budget-bytes", "3", NULL}, 64, "only one");
  expect_failure((const char *[]){"eval", g, s, "--budget-bytes", "99999999999999999999", NULL}, 64, "64 bits");
  expect_failure((const char *[]){"frobnicate", NULL}, 64, "unknown command");
  cli_run_remove(g);
  cli_run_remove(s);
}

Test(commands, bad_input_statuses) {
  char *g = cli_run_temp_file(WORKED);
  expect_failure((const char *[]){"info", "/nonexistent.json", NULL}, 66, "/nonexistent.json: cannot open");
  expect_failure((const char *[]){"eval", g, "/nonexistent.json", NULL}, 66, "/nonexistent.json: cannot open");
  char *bad = cli_run_temp_file("{\"nodes\": [}");
  expect_failure((const char *[]){"info", bad, NULL}, 65, "not JSON");
  cli_run_remove(bad);
  bad = cli_run_temp_file("{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1},"
                          "{\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 1},"
                          "{\"source\": 1, \"target\": 0}]}");
  expect_failure((const char *[]){"info", bad, NULL}, 65, ": graph: the graph has a cycle");
  cli_run_remove(bad);
  bad = cli_run_temp_file("{\"schedule\": [0, 9]}");
  expect_failure((const char *[]){"eval", g, bad, NULL}, 65, "schedule[1]: unknown node id 9");
  cli_run_remove(bad);
  cli_run_remove(g);
}

/* Every bad graph of SPEC §5 through the executable: status 65, one line naming the place. */
Test(commands, spec_bad_graphs) {
  static const struct { const char *text, *needle; } cases[] = {
      {"not json at all", ": line 1, column 1: not JSON"},
      {"{\"nodes\": [{\"id\": 0, \"cost_ram\": 1}], \"links\": []}", ": nodes[0]: missing cost"},
      {"{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1}], \"links\": []}", ": nodes[0]: missing size"},
      {"{\"nodes\": [{\"id\": 0, \"cost_cpu\": -2, \"cost_ram\": 1}], \"links\": []}", ": nodes[0].cost_cpu: negative cost"},
      {"{\"nodes\": [{\"id\": 0, \"duration\": 2, \"out_cost\": -1}], \"links\": []}", ": nodes[0].out_cost: negative size"},
      {"{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 4}]}",
       ": links[0]: edge 0 -> 4: unknown node id 4"},
      {"{\"nodes\": [{\"id\": 3, \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": 3, \"cost_cpu\": 1, \"cost_ram\": 1}],"
       " \"links\": []}", ": nodes[1]: duplicate node id 3"},
      {"{\"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 0}]}",
       ": graph: the graph has a cycle through node id 0"},
      {"{\"graph\": {\"order\": [1, 0]}, \"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 1},"
       " {\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 1}]}",
       ": graph.order: the given order is not topological"},
      {"{\"nodes\": [{\"id\": 0, \"cost_cpu\": 18446744073709551616, \"cost_ram\": 1}], \"links\": []}",
       ": nodes[0].cost_cpu: number beyond 64 bits"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *g = cli_run_temp_file(cases[i].text);
    expect_failure((const char *[]){"info", g, NULL}, 65, cases[i].needle);
    cli_run_remove(g);
  }
}
