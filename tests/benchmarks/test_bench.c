/* test_bench.c — moccasin-bench on a tiny suite (fcn8_train at 0.9 for half a
 * second, and a generated graph): it finishes, its CSV has one row per run
 * with the promised columns and the paper's number beside ours, its JSON
 * parses back with the curve and the context, and bad usage or a broken
 * published.csv get their exit statuses.  Speed is not asserted.
 */
#include <criterion/criterion.h>

#ifdef MOC_BENCH_PATH
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/cli_run.h"

/* Runs argv (argv[0] is the program path); its exit status. */
static int run(char *const argv[]) {
  cli_run_result r = cli_run_program(argv[0], (const char *const *)argv + 1);
  int status = r.status;
  cli_run_free(&r);
  return status;
}

static char *slurp(const char *path) {
  char *text = cli_run_read_file(path);
  cr_assert_not_null(text, "cannot open %s", path);
  return text;
}

static char dir[] = "/tmp/moc_test_bench_XXXXXX";
static char csv[128], json[128], md[128];

static void setup(void) {
  cr_assert_not_null(mkdtemp(dir));
  snprintf(csv, sizeof csv, "%s/r.csv", dir);
  snprintf(json, sizeof json, "%s/r.json", dir);
  snprintf(md, sizeof md, "%s/r.md", dir);
}

static void teardown(void) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

/* The index of `name` among the comma-separated header fields, or -1. */
static int column(const char *header, const char *name) {
  int index = 0;
  size_t len = strlen(name);
  for (const char *p = header; *p; index++) {
    if (!strncmp(p, name, len) && (p[len] == ',' || p[len] == '\n' || p[len] == '\0'))
      return index;
    p = strchr(p, ',');
    if (!p)
      break;
    p++;
  }
  return -1;
}

/* Field `index` of a CSV line (no quoted commas before it), copied to out. */
static void field(const char *line, int index, char *out, size_t size) {
  for (int i = 0; i < index; i++)
    line = strchr(line, ',') + 1;
  size_t len = strcspn(line, ",\n");
  snprintf(out, size, "%.*s", (int)len, line);
}

TestSuite(bench, .init = setup, .fini = teardown, .timeout = 120);

Test(bench, tiny_suite_writes_csv_json_and_markdown) {
  char *argv[] = {MOC_BENCH_PATH, "--graphs", "fcn8_train", "--budgets", "0.9", "--time-limit",
                  "0.5", "--quiet", "--csv", csv, "--json", json, "--markdown", md, NULL};
  int rc = run(argv);
  cr_assert(rc == 0 || rc == 1, "exit status %d", rc);
  char *text = slurp(csv);
  char *second = strchr(text, '\n') + 1;
  cr_assert_not_null(strchr(second, '\n'));
  cr_assert_eq(*(strchr(second, '\n') + 1), '\0', "one row per run");
  const char *need[] = {"graph", "budget", "status", "cost", "tdi_percent", "lower_bound",
                        "time_to_first_s", "time_to_best_s", "paper_moccasin_tdi",
                        "construct_tdi_percent", "copies", "peak_rss_kib"};
  for (size_t i = 0; i < sizeof need / sizeof *need; i++)
    cr_assert_geq(column(text, need[i]), 0, "no column %s", need[i]);
  char value[64];
  field(second, column(text, "graph"), value, sizeof value);
  cr_assert_str_eq(value, "fcn8_train");
  field(second, column(text, "budget"), value, sizeof value);
  cr_assert_str_eq(value, "0.9");
  field(second, column(text, "paper_moccasin_tdi"), value, sizeof value);
  cr_assert_str_eq(value, "0");
  free(text);
  text = slurp(json);
  cJSON *root = cJSON_Parse(text);
  free(text);
  cr_assert_not_null(root);
  cJSON *runs = cJSON_GetObjectItem(root, "runs");
  cr_assert_eq(cJSON_GetArraySize(runs), 1);
  cJSON *r = cJSON_GetArrayItem(runs, 0);
  cr_assert(cJSON_IsArray(cJSON_GetObjectItem(r, "curve")));
  cr_assert(cJSON_IsString(cJSON_GetObjectItem(r, "status")));
  cr_assert(cJSON_IsObject(cJSON_GetObjectItem(r, "versus")));
  cr_assert(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "context"), "machine")));
  cJSON_Delete(root);
  text = slurp(md);
  cr_assert_not_null(strstr(text, "| fcn8_train"));
  free(text);
}

Test(bench, scaling_runs_a_generated_graph) {
  char *argv[] = {MOC_BENCH_PATH, "--scaling", "--sizes", "60", "--budgets", "0.9",
                  "--time-limit", "0.3", "--quiet", "--csv", csv, NULL};
  int rc = run(argv);
  cr_assert(rc == 0 || rc == 1, "exit status %d", rc);
  char *text = slurp(csv);
  cr_assert_not_null(strstr(text, "random_layered_gen_n60,0.9,"));
  free(text);
}

Test(bench, bad_usage_and_bad_data_have_their_statuses) {
  char *budget[] = {MOC_BENCH_PATH, "--budgets", "1.5", NULL};
  char *option[] = {MOC_BENCH_PATH, "--frobnicate", "1", NULL};
  char *graph[] = {MOC_BENCH_PATH, "--graphs", "no_such_graph", NULL};
  cr_assert_eq(run(budget), 64);
  cr_assert_eq(run(option), 64);
  cr_assert_eq(run(graph), 66);
  FILE *f = fopen(csv, "w");
  fputs("graph,budget\nfcn8_train,0.9\n", f);
  fclose(f);
  char *pub[] = {MOC_BENCH_PATH, "--published", csv, NULL};
  cr_assert_eq(run(pub), 66, "a published.csv without the needed columns");
}

#endif /* MOC_BENCH_PATH */
