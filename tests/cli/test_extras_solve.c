/* test_extras_solve.c — solve's and eval's extra outputs end to end: the
 * result JSON's arena_size, alignment and offsets (checked pair by pair
 * against the lifetimes of the schedule), --svg (parses), --trace (one event
 * per step), --emit-c (compiles), --log-format jsonl (every stderr line is a
 * JSON object), and bad --alignment / --log-format values. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/arena_check.h"
#include "support/cli_run.h"

TestSuite(extras_solve, .timeout = 120);

static cli_run_result run(const char *const *args) { return cli_run_program(MOC_CLI_PATH, args); }

static cJSON *read_json(const char *path) {
  char *text = cli_run_read_file(path);
  cr_assert_not_null(text, "%s was not written", path);
  cJSON *root = cJSON_Parse(text);
  cr_assert_not_null(root, "%s is not JSON", path);
  free(text);
  return root;
}

/* The offsets of a result for the worked example, checked pair by pair
 * against the lifetimes of its schedule. */
static void check_offsets(cJSON *result, int64_t alignment) {
  cJSON *offsets = cJSON_GetObjectItem(result, "offsets"), *schedule = cJSON_GetObjectItem(result, "schedule");
  size_t len = (size_t)cJSON_GetArraySize(schedule);
  cr_assert_eq((size_t)cJSON_GetArraySize(offsets), len, "one offset per step");
  cr_assert_leq(len, 16);
  cr_assert_eq(cJSON_GetObjectItem(result, "alignment")->valueint, alignment);
  int64_t arena = (int64_t)cJSON_GetObjectItem(result, "arena_size")->valuedouble;
  cr_assert_geq(arena, (int64_t)cJSON_GetObjectItem(result, "peak")->valuedouble);
  int64_t ids[4] = {0, 1, 2, 3}, costs[4] = {1, 1, 1, 1}, sizes[4] = {2, 2, 1, 1}, src[4] = {0, 1, 2, 0},
          dst[4] = {1, 2, 3, 3};
  moc_graph *g = NULL;
  cr_assert_eq(moc_graph_from_arrays(4, ids, costs, sizes, 4, src, dst, NULL, &g, NULL, 0), MOC_OK);
  uint32_t steps[16];
  for (size_t j = 0; j < len; j++) steps[j] = (uint32_t)cJSON_GetArrayItem(schedule, (int)j)->valueint;
  moc_arena *a = NULL;
  cr_assert_eq(moc_arena_plan(g, steps, len, alignment, &a), MOC_OK);
  for (size_t j = 0; j < len; j++) a->offset[j] = (int64_t)cJSON_GetArrayItem(offsets, (int)j)->valuedouble;
  a->size = arena;
  char why[256] = "";
  cr_assert(arena_check_plan(a, why, sizeof why), "%s", why);
  moc_arena_free(a);
  moc_graph_free(g);
}

Test(extras_solve, every_output_of_solve) {
  char *g = cli_run_temp_file(WORKED), *out = cli_run_temp_file(""), *svg = cli_run_temp_file(""),
       *trace = cli_run_temp_file(""), *plan = cli_run_temp_file("");
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "4", "-o", out, "--svg", svg, "--trace", trace,
                                          "--emit-c", plan, "--alignment", "8", "--log-format", "jsonl", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *result = read_json(out);
  cr_assert_eq(cJSON_GetObjectItem(result, "cost")->valueint, 5);
  check_offsets(result, 8);
  cJSON_Delete(result);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", svg);
  cr_assert_eq(system(cmd), 0);
  cJSON *t = read_json(trace), *e;
  int complete = 0;
  cJSON_ArrayForEach(e, cJSON_GetObjectItem(t, "traceEvents")) complete += strcmp(cJSON_GetObjectItem(e, "ph")->valuestring, "X") == 0;
  cr_assert_eq(complete, 5);
  cJSON_Delete(t);
  snprintf(cmd, sizeof cmd,
           "printf '#define MOC_PLAN_DEFINE\\n#include \"%s\"\\nint main(void) { return (int)moc_plan_node[0]; }\\n' | "
           "cc -std=c11 -Wall -Wextra -Werror -pedantic -x c - -o /dev/null",
           plan);
  cr_assert_eq(system(cmd), 0, "the emitted plan does not compile");
  int lines = 0;
  for (char *line = strtok(r.err, "\n"); line; line = strtok(NULL, "\n"), lines++) {
    cJSON *o = cJSON_Parse(line);
    cr_assert_not_null(o, "not a JSON line: %s", line);
    cJSON_Delete(o);
  }
  cr_assert_geq(lines, 2, "at least start and done");
  cli_run_free(&r);
  cli_run_remove(g), cli_run_remove(out), cli_run_remove(svg), cli_run_remove(trace), cli_run_remove(plan);
}

Test(extras_solve, default_alignment_and_no_schedule) {
  char *g = cli_run_temp_file(WORKED), *out = cli_run_temp_file(""), *svg = cli_run_temp_file("");
  cli_run_result r = run((const char *[]){"solve", g, "--budget", "1", "-o", out, "--quiet", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *result = read_json(out);
  check_offsets(result, 16);
  cJSON_Delete(result);
  cli_run_free(&r);
  r = run((const char *[]){"solve", g, "--budget-bytes", "3", "-o", out, "--svg", svg, "--quiet", NULL});
  cr_assert_eq(r.status, 3, "%s", r.err);
  result = read_json(out);
  cr_assert(cJSON_IsNull(cJSON_GetObjectItem(result, "arena_size")));
  cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(result, "offsets")), 0);
  cJSON_Delete(result);
  cli_run_free(&r);
  cli_run_remove(g), cli_run_remove(out), cli_run_remove(svg);
}

Test(extras_solve, eval_svg) {
  char *g = cli_run_temp_file(WORKED), *s = cli_run_temp_file("[0, 1, 2, 0, 3]"), *svg = cli_run_temp_file("");
  cli_run_result r = run((const char *[]){"eval", g, s, "--budget-bytes", "4", "--svg", svg, NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  char *text = cli_run_read_file(svg);
  cr_assert(strstr(text, "class=\"budget\"") && strstr(text, "class=\"recompute\""), "%s", text);
  free(text);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", svg);
  cr_assert_eq(system(cmd), 0);
  cli_run_free(&r);
  cli_run_remove(g), cli_run_remove(s), cli_run_remove(svg);
}

Test(extras_solve, bad_values_are_usage_errors) {
  char *g = cli_run_temp_file(WORKED);
  const char *const cases[][2] = {{"--alignment", "0"}, {"--alignment", "x"}, {"--log-format", "xml"}};
  for (size_t i = 0; i < 3; i++) {
    cli_run_result r = run((const char *[]){"solve", g, "--budget", "1", cases[i][0], cases[i][1], NULL});
    cr_assert_eq(r.status, 64, "%s %s: %s", cases[i][0], cases[i][1], r.err);
    cr_assert(strstr(r.err, cases[i][0]), "%s", r.err);
    cr_assert_str_eq(r.out, "");
    cli_run_free(&r);
  }
  cli_run_remove(g);
}

Test(extras_solve, arena_budget) {
  char *g = cli_run_temp_file(WORKED), *out = cli_run_temp_file("");
  cli_run_result r = run((const char *[]){"solve", g, "--budget-bytes", "4", "--arena-budget", "--alignment", "1", "-o",
                                          out, "--quiet", NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cJSON *result = read_json(out);
  cr_assert_eq(cJSON_GetObjectItem(result, "cost")->valueint, 5);
  cr_assert_leq(cJSON_GetObjectItem(result, "arena_size")->valueint, 4);
  check_offsets(result, 1);
  cJSON_Delete(result);
  cli_run_free(&r);
  /* With 16-byte alignment three live tensors need 48 bytes: no schedule fits 20. */
  r = run((const char *[]){"solve", g, "--budget-bytes", "20", "--arena-budget", "-o", out, "--quiet", NULL});
  cr_assert_eq(r.status, 4, "%s", r.err);
  result = read_json(out);
  cr_assert_str_eq(cJSON_GetObjectItem(result, "status")->valuestring, "unknown");
  cJSON_Delete(result);
  cli_run_free(&r);
  cli_run_remove(g), cli_run_remove(out);
}
