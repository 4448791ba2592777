/* test_extras_sweep.c — `moccasin sweep`: the monotone repair on made-up
 * curves (schedules carried up, bounds and infeasibility carried down), and
 * end to end on the SPEC worked example and a paper graph: exit status, the
 * CSV columns, costs that never increase as the budget grows, the SVG and
 * JSON outputs, bad --budgets, --remat auto or a count. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/sweep.h"
#include "support/cli_run.h"

TestSuite(extras_sweep, .timeout = 120);

static void set_point(sweep_point *p, int64_t budget, moc_status st, int64_t cost, int64_t lb) {
  memset(p, 0, sizeof *p);
  p->budget = budget;
  p->status = st;
  p->cost = p->peak = cost;
  p->lower_bound = lb;
  if (cost >= 0) {
    p->schedule = malloc(sizeof *p->schedule);
    p->schedule[0] = (uint32_t)cost;
    p->length = 1;
  }
}

Test(extras_sweep, monotone_repair) {
  sweep_point pts[5];
  set_point(&pts[0], 100, MOC_STATUS_FEASIBLE, 12, 10);  /* worse than the one below: carried up */
  set_point(&pts[1], 90, MOC_STATUS_FEASIBLE, 11, 9);    /* bound 9 < 10: raised to 10 */
  set_point(&pts[2], 80, MOC_STATUS_UNKNOWN, -1, 9);     /* no schedule: gets the one below */
  set_point(&pts[3], 70, MOC_STATUS_FEASIBLE, 13, 13);   /* cost == bound: optimal */
  set_point(&pts[4], 60, MOC_STATUS_INFEASIBLE, -1, 0);
  sweep sw = {NULL, pts, 5};
  cr_assert(sweep_make_monotone(&sw));
  int64_t cost[] = {11, 11, 13, 13, -1};
  for (int i = 0; i < 5; i++) cr_assert_eq(pts[i].cost, cost[i], "point %d", i);
  cr_assert(pts[0].adopted && !pts[1].adopted && pts[2].adopted && !pts[3].adopted);
  cr_assert_eq(pts[1].lower_bound, 10);
  cr_assert_eq(pts[2].lower_bound, 10);
  cr_assert_eq(pts[3].status, MOC_STATUS_OPTIMAL);
  cr_assert_eq(pts[2].status, MOC_STATUS_FEASIBLE);
  cr_assert_eq(pts[4].status, MOC_STATUS_INFEASIBLE);
  for (int i = 0; i < 5; i++) free(pts[i].schedule);
}

Test(extras_sweep, infeasible_is_carried_down) {
  sweep_point pts[2];
  set_point(&pts[0], 100, MOC_STATUS_INFEASIBLE, -1, 0);
  set_point(&pts[1], 90, MOC_STATUS_UNKNOWN, -1, 0);
  sweep sw = {NULL, pts, 2};
  cr_assert(sweep_make_monotone(&sw));
  cr_assert_eq(pts[1].status, MOC_STATUS_INFEASIBLE);
}

/* Reads the CSV: checks the header, returns the rows' costs (-1: none) by decreasing budget. */
static size_t read_costs(const char *csv, int64_t *costs, char statuses[][16], size_t max) {
  cr_assert(strncmp(csv, "budget,budget_bytes,status,cost,tdi_percent,lower_bound,", 56) == 0, "%s", csv);
  size_t n = 0;
  for (const char *line = strchr(csv, '\n'); line && line[1] && n < max; line = strchr(line + 1, '\n')) {
    const char *f = line + 1;
    for (int field = 0; field < 2; field++) f = strchr(f, ',') + 1;
    const char *comma = strchr(f, ',');
    snprintf(statuses[n], 16, "%.*s", (int)(comma - f), f);
    costs[n++] = comma[1] == ',' ? -1 : strtoll(comma + 1, NULL, 10);
  }
  return n;
}

static void expect_monotone(const int64_t *costs, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    if (costs[i + 1] >= 0) cr_assert(costs[i] >= 0 && costs[i] <= costs[i + 1], "row %zu: cost rises with budget", i);
}

Test(extras_sweep, worked_example_end_to_end) {
  char *g = cli_run_temp_file(WORKED), *csv = cli_run_temp_file(""), *svg = cli_run_temp_file(""),
       *json = cli_run_temp_file("");
  cli_run_result r = cli_run_program(MOC_CLI_PATH, (const char *[]){"sweep", g, "--budgets", "1.0:0.6:0.1", "--time-limit",
                                                                     "1", "--csv", csv, "--svg", svg, "--json", json,
                                                                     "--quiet", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "budget"), "%s", r.out);
  char *text = cli_run_read_file(csv), statuses[8][16];
  int64_t costs[8];
  size_t n = read_costs(text, costs, statuses, 8);
  cr_assert_eq(n, 5);
  int64_t expected[] = {4, 4, 5, 5, -1};
  for (size_t i = 0; i < n; i++) cr_assert_eq(costs[i], expected[i], "row %zu", i);
  cr_assert_str_eq(statuses[4], "infeasible");
  cr_assert_str_eq(statuses[2], "optimal");
  free(text);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", svg);
  cr_assert_eq(system(cmd), 0);
  text = cli_run_read_file(json);
  cJSON *root = cJSON_Parse(text);
  cr_assert_not_null(root);
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "points")), 5);
  cJSON_Delete(root);
  free(text);
  cli_run_free(&r);
  cli_run_remove(g), cli_run_remove(csv), cli_run_remove(svg), cli_run_remove(json);
}

Test(extras_sweep, paper_graph_costs_never_rise_with_budget) {
  char path[512];
  snprintf(path, sizeof path, "%s/benchmarks/graphs/random_layered_n100.json", MOC_SOURCE_DIR);
  char *csv = cli_run_temp_file("");
  cli_run_result r = cli_run_program(
      MOC_CLI_PATH, (const char *[]){"sweep", path, "--budgets", "1:0.75:0.05", "--time-limit", "0.3", "--csv", csv,
                                     "--log-format", "jsonl", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strncmp(r.err, "{\"event\":\"budget\"", 17) == 0, "%s", r.err);
  char *text = cli_run_read_file(csv), statuses[16][16];
  int64_t costs[16];
  size_t n = read_costs(text, costs, statuses, 16);
  cr_assert_eq(n, 6);
  cr_assert_eq(costs[0], 47769, "budget 1 is the topological order");
  expect_monotone(costs, n);
  free(text);
  cli_run_free(&r);
  cli_run_remove(csv);
}

Test(extras_sweep, bad_budgets_are_usage_errors) {
  char *g = cli_run_temp_file(WORKED);
  const char *bad[] = {"0.5:1.0:0.1", "1.0:0.5", "1.5:0.5:0.1", "0.9,abc", "1.0:0.5:0"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    cli_run_result r = cli_run_program(MOC_CLI_PATH, (const char *[]){"sweep", g, "--budgets", bad[i], NULL});
    cr_assert_eq(r.status, 64, "%s: %s", bad[i], r.err);
    cr_assert(strstr(r.err, "--budgets"), "%s", r.err);
    cli_run_free(&r);
  }
  cli_run_remove(g);
}

/* --remat as in solve: auto (the default) or C >= 1; anything else a usage error. */
Test(extras_sweep, remat_auto_or_a_count) {
  char *g = cli_run_temp_file(WORKED);
  const char *good[] = {"auto", "3"};
  for (size_t i = 0; i < 2; i++) {
    cli_run_result r = cli_run_program(
        MOC_CLI_PATH, (const char *[]){"sweep", g, "--budgets", "1.0,0.8", "--time-limit", "1", "--remat", good[i],
                                       "--quiet", NULL});
    cr_assert_eq(r.status, 0, "--remat %s: %s", good[i], r.err);
    cli_run_free(&r);
  }
  const char *bad[] = {"0", "two", "automatic"};
  for (size_t i = 0; i < 3; i++) {
    cli_run_result r = cli_run_program(MOC_CLI_PATH, (const char *[]){"sweep", g, "--remat", bad[i], NULL});
    cr_assert_eq(r.status, 64, "--remat %s: %s", bad[i], r.err);
    cr_assert(strstr(r.err, "C must be an integer >= 1 or auto"), "%s", r.err);
    cli_run_free(&r);
  }
  cli_run_remove(g);
}
