/* test_solve_order.c — `moccasin solve --order free` and `--no-remat` end to
 * end: the schedules pass `moccasin eval` within the budget, a free order
 * reaches 0 % TDI where the paper's fixed order cannot, a no-remat schedule
 * lists each node once, a node limit makes a free-order run repeatable, and a
 * bad mode is a usage error. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/cli_run.h"

TestSuite(solve_order, .timeout = 120);

static cli_run_result run(const char *const *args) { return cli_run_program(MOC_CLI_PATH, args); }

static void paper_graph(char *path, size_t size, const char *name) {
  snprintf(path, size, "%s/benchmarks/graphs/%s.json", MOC_SOURCE_DIR, name);
}

/* Solves, checks the result with `moccasin eval`, returns the parsed JSON. */
static cJSON *solve_and_check(const char *graph, const char *const *extra) {
  const char *args[16] = {"solve", graph, "--quiet"};
  size_t k = 3;
  while (*extra) args[k++] = *extra++;
  args[k] = NULL;
  cli_run_result r = run(args);
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j);
  char budget[32];
  snprintf(budget, sizeof budget, "%.0f", cJSON_GetObjectItem(j, "budget")->valuedouble);
  char *result = cli_run_temp_file(r.out);
  cli_run_result e = run((const char *[]){"eval", graph, result, "--budget-bytes", budget, NULL});
  cr_assert_eq(e.status, 0, "eval: %s%s", e.out, e.err);
  cli_run_free(&e);
  cli_run_remove(result);
  cli_run_free(&r);
  return j;
}

Test(solve_order, free_order_reaches_zero_tdi_on_n250_at_0_8) {
  char graph[1024];
  paper_graph(graph, sizeof graph, "random_layered_n250");
  cJSON *j = solve_and_check(graph, (const char *[]){"--budget", "0.8", "--order", "free",
                                                     "--time-limit", "10", NULL});
  cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "optimal");
  cr_assert_float_eq(cJSON_GetObjectItem(j, "tdi_percent")->valuedouble, 0.0, 1e-12);
  cJSON_Delete(j);
}

Test(solve_order, no_remat_lists_each_node_once) {
  char graph[1024];
  paper_graph(graph, sizeof graph, "random_layered_n100");
  cJSON *j = solve_and_check(graph, (const char *[]){"--budget", "0.9", "--no-remat",
                                                     "--time-limit", "2", NULL});
  const cJSON *s = cJSON_GetObjectItem(j, "schedule");
  cr_assert_eq(cJSON_GetArraySize(s), 100);
  int seen[1024] = {0};
  const cJSON *id;
  cJSON_ArrayForEach(id, s) {
    int v = (int)id->valuedouble;
    cr_assert(v >= 0 && v < 1024);
    cr_assert_eq(seen[v]++, 0, "node %d twice", v);
  }
  cJSON_Delete(j);
}

Test(solve_order, a_node_limit_makes_a_free_run_repeatable) {
  char graph[1024];
  paper_graph(graph, sizeof graph, "random_layered_n100");
  const char *const extra[] = {"--budget", "0.7", "--order", "free", "--node-limit", "230000",
                               "--seed", "3", NULL};
  cJSON *a = solve_and_check(graph, extra), *b = solve_and_check(graph, extra);
  cr_assert(cJSON_Compare(cJSON_GetObjectItem(a, "schedule"), cJSON_GetObjectItem(b, "schedule"), 1));
  const cJSON *solver = cJSON_GetObjectItem(a, "solver");
  cr_assert_leq(cJSON_GetObjectItem(solver, "nodes")->valuedouble, 230000);
  cJSON_Delete(a);
  cJSON_Delete(b);
}

Test(solve_order, a_bad_mode_is_a_usage_error) {
  char graph[1024];
  paper_graph(graph, sizeof graph, "random_layered_n100");
  cli_run_result r = run((const char *[]){"solve", graph, "--budget", "0.9", "--order", "any", NULL});
  cr_assert_eq(r.status, 64);
  cr_assert(strstr(r.err, "--order"), "%s", r.err);
  cli_run_free(&r);
}
