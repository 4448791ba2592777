/* test_solve.c — `moccasin solve` end to end: every exit status, the result
 * JSON (it parses, its schedule passes the independent evaluator through
 * `moccasin eval`), atomic -o, and SIGINT keeping the best schedule. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/cli_run.h"

TestSuite(solve, .timeout = 120);

static cli_run_result run(const char *const *args) { return cli_run_program(MOC_CLI_PATH, args); }

static double number(const cJSON *j, const char *key) {
  const cJSON *item = cJSON_GetObjectItem(j, key);
  cr_assert(cJSON_IsNumber(item), "key %s", key);
  return item->valuedouble;
}

/* The result file passes `moccasin eval` within its own budget. */
static void expect_evaluator_agrees(const char *graph, const char *result, const char *budget) {
  cli_run_result r = run((const char *[]){"eval", graph, result, "--budget-bytes", budget, NULL});
  cr_assert_eq(r.status, 0, "eval: %s%s", r.out, r.err);
  cli_run_free(&r);
}

Test(solve, worked_example_optimal_to_stdout) {
  char *g = cli_run_temp_file(WORKED);
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "4", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "optimal");
  cr_assert_eq(number(j, "cost"), 5);
  cr_assert_eq(number(j, "peak"), 4);
  cr_assert_eq(number(j, "budget"), 4);
  cr_assert_eq(number(j, "topo_peak"), 5);
  cr_assert_eq(number(j, "topo_cost"), 4);
  cr_assert_float_eq(number(j, "tdi_percent"), 25.0, 1e-9);
  cr_assert_eq(number(j, "lower_bound"), 5);
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "schedule")), 5);
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "frees")), 5);
  cJSON *solver = cJSON_GetObjectItem(j, "solver");
  cr_assert_eq(number(solver, "C"), 2);
  cr_assert_eq(number(solver, "seed"), 1);
  cr_assert(strstr(r.err, "fingerprint"), "%s", r.err);
  cJSON_Delete(j);
  char *result = cli_run_temp_file(r.out);
  expect_evaluator_agrees(g, result, "4");
  cli_run_remove(result);
  cli_run_free(&r);
  cli_run_remove(g);
}

Test(solve, string_ids_round_trip) {
  char *g = cli_run_temp_file(
      "{\"nodes\": [{\"id\": \"in\", \"cost_cpu\": 1, \"cost_ram\": 2}, {\"id\": \"a\\\"b\", \"cost_cpu\": 1, \"cost_ram\": 2},"
      "{\"id\": \"c\", \"cost_cpu\": 1, \"cost_ram\": 1}, {\"id\": \"out\", \"cost_cpu\": 1, \"cost_ram\": 1}],"
      "\"links\": [{\"source\": \"in\", \"target\": \"a\\\"b\"}, {\"source\": \"a\\\"b\", \"target\": \"c\"},"
      "{\"source\": \"c\", \"target\": \"out\"}, {\"source\": \"in\", \"target\": \"out\"}]}");
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "4", "--quiet", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cJSON *schedule = cJSON_GetObjectItem(j, "schedule");
  cr_assert_eq(cJSON_GetArraySize(schedule), 5);
  cr_assert_str_eq(cJSON_GetArrayItem(schedule, 1)->valuestring, "a\"b");
  cr_assert_str_eq(cJSON_GetArrayItem(schedule, 4)->valuestring, "out");
  cJSON_Delete(j);
  char *result = cli_run_temp_file(r.out);
  expect_evaluator_agrees(g, result, "4");
  cli_run_remove(result);
  cli_run_free(&r);
  cli_run_remove(g);
}

Test(solve, paper_graph_to_file_and_evaluator_agrees) {
  char graph[512], out[64];
  snprintf(graph, sizeof graph, "%s/benchmarks/graphs/fcn8_train.json", MOC_SOURCE_DIR);
  snprintf(out, sizeof out, "/tmp/moccasin-solve-%d.json", (int)getpid());
  cli_run_result r = run((const char *[]){"solve", graph, "--budget", "0.8", "--time-limit", "2", "-o", out, NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_str_eq(r.out, "");
  char *text = cli_run_read_file(out);
  cJSON *j = cJSON_Parse(text);
  cr_assert_not_null(j);
  cr_assert_eq(number(j, "budget"), 10787836416.0);
  cr_assert_leq(number(j, "peak"), 10787836416.0);
  expect_evaluator_agrees(graph, out, "10787836416");
  cJSON_Delete(j);
  free(text);
  unlink(out);
  cli_run_free(&r);
}

/* Without a schedule in the paper's fixed order, the user hears that the
 * solver may choose the order too; not when it already may. */
Test(solve, no_schedule_in_fixed_order_points_to_free_order) {
  char *g = cli_run_temp_file(WORKED);
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "4", "--remat", "1", NULL});
  cr_assert_eq(r.status, 3, "%s", r.err);
  cr_assert(strstr(r.err, "fixed (the paper's model); --order free may find one"), "%s", r.err);
  cli_run_free(&r);
  r = run((const char *[]){"solve", g, "--budget-bytes", "4", "--remat", "1", "--order", "free", NULL});
  cr_assert_eq(r.status, 4, "%s", r.err); /* the free-order search proves nothing */
  cr_assert_null(strstr(r.err, "--order free may"), "%s", r.err);
  cli_run_free(&r);
  r = run((const char *[]){"solve", g, "--budget-bytes", "4", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_null(strstr(r.err, "--order free may"), "%s", r.err);
  cli_run_free(&r);
  cli_run_remove(g);
}

Test(solve, infeasible_statuses) {
  char *g = cli_run_temp_file(WORKED);
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "3", "--quiet", NULL});
  cr_assert_eq(r.status, 3, "%s", r.err);
  cr_assert(strstr(r.err, "budget 3 is below 4"), "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "infeasible");
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "schedule")), 0);
  cJSON_Delete(j);
  cli_run_free(&r);
  /* with one computation per node, only the topological order (peak 5) remains */
  r = run((const char *[]){"solve", g, "--budget-bytes", "4", "--remat", "1", "--quiet", NULL});
  cr_assert_eq(r.status, 3, "%s", r.err);
  cli_run_free(&r);
  cli_run_remove(g);
}

Test(solve, limit_without_schedule) {
  char graph[512];
  snprintf(graph, sizeof graph, "%s/benchmarks/graphs/random_layered_n1000.json", MOC_SOURCE_DIR);
  cli_run_result r = run((const char *[]){"solve", graph, "--budget", "0.8", "--time-limit", "0.000001", NULL});
  cr_assert_eq(r.status, 4, "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "unknown");
  cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "cost")));
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "schedule")), 0);
  cr_assert(strstr(r.err, "unknown: no schedule"), "%s", r.err);
  cJSON_Delete(j);
  cli_run_free(&r);
}

static void expect_failure(const char *const *args, int status, const char *needle) {
  cli_run_result r = run(args);
  cr_assert_eq(r.status, status, "status %d: %s", r.status, r.err);
  cr_assert(strstr(r.err, needle), "'%s' not in '%s'", needle, r.err);
  cr_assert_str_eq(r.out, "");
  cli_run_free(&r);
}

Test(solve, usage_and_input_errors) {
  char *g = cli_run_temp_file(WORKED), *bad = cli_run_temp_file("{\"nodes\": 1}");
  expect_failure((const char *[]){"solve", g, NULL}, 64, "a budget is required");
  expect_failure((const char *[]){"solve", g, "--budget", "1.2", NULL}, 64, "--budget 1.2");
  expect_failure((const char *[]){"solve", g, "--budget", "0.8", "--remat", "0", NULL}, 64, "C must be");
  expect_failure((const char *[]){"solve", g, "--budget", "0.8", "--time-limit", "soon", NULL}, 64, "--time-limit");
  expect_failure((const char *[]){"solve", g, "--budget", "0.8", "--turbo", NULL}, 64, "unknown option");
  expect_failure((const char *[]){"solve", "/nonexistent.json", "--budget", "0.8", NULL}, 66, "cannot open");
  expect_failure((const char *[]){"solve", bad, "--budget", "0.8", NULL}, 65, "nodes: not a list");
  expect_failure((const char *[]){"solve", g, "--budget", "0.8", "-o", "/nonexistent-dir/r.json", NULL}, 73,
                 "cannot create");
  cli_run_result r = run((const char *[]){"solve", "--help", NULL});
  cr_assert_eq(r.status, 0);
  cr_assert(strstr(r.out, "usage: moccasin solve"));
  cli_run_free(&r);
  cli_run_remove(g);
  cli_run_remove(bad);
}

Test(solve, sigint_keeps_best_schedule) {
  char graph[512], out[64];
  snprintf(graph, sizeof graph, "%s/benchmarks/graphs/random_layered_n1000.json", MOC_SOURCE_DIR);
  snprintf(out, sizeof out, "/tmp/moccasin-sigint-%d.json", (int)getpid());
  cli_run_result r = cli_run_program_interrupted(MOC_CLI_PATH,
                                                 (const char *[]){"solve", graph, "--budget", "0.8", "-o", out, NULL}, 3000);
  char *text = cli_run_read_file(out);
  if (r.status == 0) {
    cr_assert_not_null(text, "%s", r.err);
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j);
    cr_assert_gt(cJSON_GetArraySize(cJSON_GetObjectItem(j, "schedule")), 999);
    cJSON_Delete(j);
    expect_evaluator_agrees(graph, out, "486896");
  } else {
    cr_assert_eq(r.status, 4, "status %d: %s", r.status, r.err); /* stopped before any schedule */
  }
  free(text);
  unlink(out);
  cli_run_free(&r);
}

/* The three-copies graph of test_solver_copies.c (a y1 x1 r1 y2 x2 r2):
 * --remat 2 proves budget 8 infeasible, --remat auto (the default) finds a
 * schedule that computes a three times and says C = 3. */
#define THREE                                                                                            \
  "{\"graph\": {\"name\": \"three\"}, \"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 4},"        \
  "{\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 4}, {\"id\": 2, \"cost_cpu\": 1, \"cost_ram\": 4},"         \
  "{\"id\": 3, \"cost_cpu\": 1, \"cost_ram\": 0}, {\"id\": 4, \"cost_cpu\": 1, \"cost_ram\": 4},"         \
  "{\"id\": 5, \"cost_cpu\": 1, \"cost_ram\": 4}, {\"id\": 6, \"cost_cpu\": 1, \"cost_ram\": 0}],"        \
  "\"links\": [{\"source\": 0, \"target\": 3}, {\"source\": 0, \"target\": 6},"                           \
  "{\"source\": 1, \"target\": 2}, {\"source\": 2, \"target\": 3}, {\"source\": 4, \"target\": 5},"       \
  "{\"source\": 5, \"target\": 6}]}"

Test(solve, remat_auto_uses_and_states_more_copies) {
  char *g = cli_run_temp_file(THREE);
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "8", "--remat", "2", "--quiet", NULL});
  cr_assert_eq(r.status, 3, "%s", r.err);
  cr_assert(strstr(r.err, "no staged schedule with at most 2 computations per node"), "%s", r.err);
  cli_run_free(&r);
  r = run((const char *[]){"solve", g, "--budget-bytes", "8", "--remat", "auto", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.err, "C 2 (auto)"), "%s", r.err);
  cJSON *j = cJSON_Parse(r.out);
  cr_assert_not_null(j, "%s", r.out);
  cr_assert_eq(number(cJSON_GetObjectItem(j, "solver"), "C"), 3);
  cJSON_Delete(j);
  char *result = cli_run_temp_file(r.out);
  expect_evaluator_agrees(g, result, "8");
  cli_run_remove(result);
  cli_run_free(&r);
  cli_run_remove(g);
}
