/* test_extras_writers.c — the output writers of cli/: the memory and sweep
 * SVGs parse (xmllint --noout) and hold the budget line, the series and one
 * marker per recomputation; the Chrome trace parses and has one complete
 * event per tensor instance with the plan's offsets; the emitted C header
 * compiles with -Wall -Wextra -Werror -pedantic and, run, finds its own
 * offsets free of collisions; JSONL progress lines parse. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/chrome_trace.h"
#include "cli/emit_c.h"
#include "cli/jsonl_log.h"
#include "cli/svg_plot.h"
#include "support/cli_run.h"

TestSuite(extras_writers, .timeout = 120);

#define LABELLED                                                                                              \
  "{\"graph\": {\"name\": \"worked */ <&>\"}, \"nodes\": [{\"id\": \"in\", \"cost_cpu\": 1, \"cost_ram\": 2}," \
  "{\"id\": \"a\\\"q\", \"cost_cpu\": 1, \"cost_ram\": 2}, {\"id\": \"b\\\\\", \"cost_cpu\": 1, \"cost_ram\": 1}," \
  "{\"id\": \"out\", \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": \"in\", \"target\": \"a\\\"q\"}," \
  "{\"source\": \"a\\\"q\", \"target\": \"b\\\\\"}, {\"source\": \"b\\\\\", \"target\": \"out\"},"             \
  "{\"source\": \"in\", \"target\": \"out\"}]}"

typedef struct fixture {
  cli_graph cg;
  uint32_t schedule[5];  /* 0 1 2 0 3: one recomputation */
  moc_eval *ev, *topo;
  moc_arena *arena;
  char *graph_path;
} fixture;

static void setup_fixture(fixture *fx, const char *graph_json) {
  fx->graph_path = cli_run_temp_file(graph_json);
  cli_error err;
  cr_assert_eq(cli_graph_read(fx->graph_path, &fx->cg, &err), CLI_OK, "%s", err.text);
  uint32_t s[5] = {0, 1, 2, 0, 3};
  memcpy(fx->schedule, s, sizeof s);
  cr_assert_eq(moc_evaluate(fx->cg.graph, fx->schedule, 5, &fx->ev), MOC_OK);
  cr_assert_eq(moc_evaluate(fx->cg.graph, moc_graph_topo_order(fx->cg.graph), 4, &fx->topo), MOC_OK);
  cr_assert_eq(moc_arena_plan(fx->cg.graph, fx->schedule, 5, 16, &fx->arena), MOC_OK);
}

static void teardown_fixture(fixture *fx) {
  moc_eval_free(fx->ev);
  moc_eval_free(fx->topo);
  moc_arena_free(fx->arena);
  cli_graph_free(&fx->cg);
  cli_run_remove(fx->graph_path);
}

static size_t count(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static char *write_to_temp(bool (*writer)(FILE *, const void *), const void *what, char **path) {
  *path = cli_run_temp_file("");
  FILE *f = fopen(*path, "w");
  cr_assert_not_null(f);
  cr_assert(writer(f, what));
  cr_assert_eq(fclose(f), 0);
  return cli_run_read_file(*path);
}

static void expect_xml(const char *path) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
  cr_assert_eq(system(cmd), 0, "xmllint rejects %s (is libxml2-utils installed?)", path);
}

static bool memory_writer(FILE *f, const void *p) { return cli_svg_memory(f, p); }

Test(extras_writers, memory_svg_parses_and_shows_everything) {
  fixture fx;
  setup_fixture(&fx, LABELLED);
  bool recomputed[5] = {false, false, false, true, false};
  cli_memory_plot plot = {fx.cg.name, fx.ev->memory, 5, recomputed, fx.topo->memory, 4, 4, fx.arena->size};
  char *path, *svg = write_to_temp(memory_writer, &plot, &path);
  expect_xml(path);
  cr_assert_eq(count(svg, "<polyline class=\"schedule\""), 1);
  cr_assert_eq(count(svg, "<polyline class=\"topological\""), 1);
  cr_assert_eq(count(svg, "<line class=\"budget\""), 1);
  cr_assert_eq(count(svg, "<line class=\"arena\""), 1);
  cr_assert_eq(count(svg, "class=\"recompute\""), 1);
  cr_assert(strstr(svg, "budget 4 B"), "%s", svg);
  cr_assert(strstr(svg, "worked */ &lt;&amp;&gt;"), "the title is escaped");
  free(svg);
  cli_run_remove(path);
  teardown_fixture(&fx);
}

Test(extras_writers, bytes_in_human_units) {
  char buf[32];
  cli_format_bytes(512, buf, sizeof buf);
  cr_assert_str_eq(buf, "512 B");
  cli_format_bytes(37056, buf, sizeof buf);
  cr_assert_str_eq(buf, "36.2 KiB");
  cli_format_bytes(38059356160, buf, sizeof buf);
  cr_assert_str_eq(buf, "35.4 GiB");
}

typedef struct sweep_args {
  const cli_sweep_point *points;
  size_t count;
} sweep_args;

static bool sweep_writer(FILE *f, const void *p) {
  const sweep_args *a = p;
  return cli_svg_sweep(f, "sweep <test>", a->points, a->count);
}

Test(extras_writers, sweep_svg_parses) {
  cli_sweep_point pts[] = {{1.0, 100, true, 0.0, true}, {0.9, 90, true, 1.5, false}, {0.8, 80, false, 0, false}};
  sweep_args args = {pts, 3};
  char *path, *svg = write_to_temp(sweep_writer, &args, &path);
  expect_xml(path);
  cr_assert_eq(count(svg, "class=\"point\""), 2);
  cr_assert_eq(count(svg, "class=\"none\""), 1);
  cr_assert_eq(count(svg, "<polyline class=\"tdi\""), 1);
  free(svg);
  cli_run_remove(path);
}

typedef struct trace_args {
  const fixture *fx;
} trace_args;

static bool trace_writer(FILE *f, const void *p) {
  const fixture *fx = ((const trace_args *)p)->fx;
  return cli_trace_write(f, &fx->cg, fx->schedule, fx->arena);
}

Test(extras_writers, trace_has_one_event_per_instance) {
  fixture fx;
  setup_fixture(&fx, LABELLED);
  trace_args args = {&fx};
  char *path, *text = write_to_temp(trace_writer, &args, &path);
  cJSON *root = cJSON_Parse(text);
  cr_assert_not_null(root, "the trace is not JSON");
  cJSON *events = cJSON_GetObjectItem(root, "traceEvents"), *e;
  cr_assert(cJSON_IsArray(events));
  size_t complete = 0, counters = 0;
  int64_t lane_end[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
  cJSON_ArrayForEach(e, events) {
    const char *ph = cJSON_GetStringValue(cJSON_GetObjectItem(e, "ph"));
    cr_assert_not_null(ph);
    if (strcmp(ph, "C") == 0) counters++;
    if (strcmp(ph, "X") != 0) continue;
    cJSON *args_item = cJSON_GetObjectItem(e, "args");
    int step = cJSON_GetObjectItem(args_item, "step")->valueint;
    int ts = cJSON_GetObjectItem(e, "ts")->valueint, dur = cJSON_GetObjectItem(e, "dur")->valueint;
    int tid = cJSON_GetObjectItem(e, "tid")->valueint;
    cr_assert_eq(ts, step);
    cr_assert_eq((size_t)(ts + dur - 1), fx.arena->last[step]);
    cr_assert_eq((int64_t)cJSON_GetObjectItem(args_item, "offset")->valuedouble, fx.arena->offset[step]);
    cr_assert_eq((int64_t)cJSON_GetObjectItem(args_item, "bytes")->valuedouble, fx.arena->bytes[step]);
    cr_assert_eq(cJSON_IsTrue(cJSON_GetObjectItem(args_item, "recomputed")), step == 3);
    cr_assert(tid >= 0 && tid < 8);
    cr_assert_lt(lane_end[tid], ts, "two events overlap in lane %d", tid);
    lane_end[tid] = ts + dur - 1;
    complete++;
  }
  cr_assert_eq(complete, 5, "one event per tensor instance");
  cr_assert_eq(counters, 5, "one memory counter per step");
  cJSON_Delete(root);
  free(text);
  cli_run_remove(path);
  teardown_fixture(&fx);
}

/* A program that includes the plan and checks it: every pair of outputs
 * resident at a common step (lifetimes rebuilt from the free lists) is
 * disjoint in the arena, every offset is aligned and inside the arena. */
static const char PLAN_CHECK[] =
    "#define MOC_PLAN_DEFINE\n"
    "#include \"plan.h\"\n"
    "int main(void) {\n"
    "  uint32_t last[MOC_PLAN_STEPS];\n"
    "  for (uint32_t j = 0; j < MOC_PLAN_STEPS; j++)\n"
    "    for (uint32_t k = moc_plan_free_start[j]; k < moc_plan_free_start[j + 1]; k++)\n"
    "      last[moc_plan_free_step[k]] = j;\n"
    "  if (moc_plan_free_start[MOC_PLAN_STEPS] != MOC_PLAN_STEPS) return 1;\n"
    "  for (uint32_t a = 0; a < MOC_PLAN_STEPS; a++) {\n"
    "    if (moc_plan_offset[a] % MOC_PLAN_ALIGNMENT || moc_plan_offset[a] + moc_plan_bytes[a] > MOC_PLAN_ARENA_SIZE)\n"
    "      return 2;\n"
    "    if (moc_plan_node[a] >= MOC_PLAN_NODES || last[a] < a) return 3;\n"
    "    for (uint32_t b = 0; b < a; b++)\n"
    "      if (last[b] >= a && moc_plan_offset[b] < moc_plan_offset[a] + moc_plan_bytes[a] &&\n"
    "          moc_plan_offset[a] < moc_plan_offset[b] + moc_plan_bytes[b])\n"
    "        return 4;\n"
    "  }\n"
    "  return 0;\n"
    "}\n";

static void emit_compile_and_run(const char *graph_path, const uint32_t *schedule, size_t length, bool labels) {
  cli_graph cg;
  cli_error err;
  cr_assert_eq(cli_graph_read(graph_path, &cg, &err), CLI_OK, "%s", err.text);
  cr_assert_eq(cg.labels != NULL, labels);
  moc_arena *a = NULL;
  cr_assert_eq(moc_arena_plan(cg.graph, schedule, length, 16, &a), MOC_OK);
  char dir[] = "/tmp/moc_emit_XXXXXX", path[512], cmd[2048];
  cr_assert_not_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/plan.h", dir);
  FILE *f = fopen(path, "w");
  cli_plan plan = {&cg, schedule, a, 123, 456, "feasible"};
  cr_assert(cli_emit_c(f, &plan));
  fclose(f);
  snprintf(path, sizeof path, "%s/check.c", dir);
  f = fopen(path, "w");
  fputs(PLAN_CHECK, f);
  fclose(f);
  snprintf(path, sizeof path, "%s/other.c", dir);
  f = fopen(path, "w");
  fputs("#include \"plan.h\"\nconst uint64_t *first_offset(void) { return moc_plan_offset; }\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd,
           "cd %s && cc -std=c99 -Wall -Wextra -Werror -pedantic -c other.c -o other.o && "
           "cc -std=c11 -Wall -Wextra -Werror -pedantic check.c other.o -o check && ./check && "
           "rm -f plan.h check.c other.c other.o check",
           dir);
  cr_assert_eq(system(cmd), 0, "the emitted plan does not compile or fails its own check: %s", dir);
  rmdir(dir);
  moc_arena_free(a);
  cli_graph_free(&cg);
}

Test(extras_writers, emitted_c_compiles_with_string_ids) {
  char *g = cli_run_temp_file(LABELLED);
  uint32_t schedule[] = {0, 1, 2, 0, 3};
  emit_compile_and_run(g, schedule, 5, true);
  cli_run_remove(g);
}

Test(extras_writers, emitted_c_compiles_for_a_paper_graph) {
  char path[512];
  snprintf(path, sizeof path, "%s/benchmarks/graphs/resnet50_train.json", MOC_SOURCE_DIR);
  cli_graph cg;
  cli_error err;
  cr_assert_eq(cli_graph_read(path, &cg, &err), CLI_OK, "%s", err.text);
  size_t n = moc_graph_node_count(cg.graph);
  uint32_t *order = malloc(n * sizeof *order);
  memcpy(order, moc_graph_topo_order(cg.graph), n * sizeof *order);
  cli_graph_free(&cg);
  emit_compile_and_run(path, order, n, false);
  free(order);
}

Test(extras_writers, jsonl_lines_parse) {
  char *path = cli_run_temp_file("");
  FILE *f = fopen(path, "w");
  cli_jsonl log = {f, 100, 40};
  moc_progress p;
  memset(&p, 0, sizeof p);
  p.phase = "con\"struct";
  cli_jsonl_progress_fn(&p, &log);
  p.has_solution = true;
  p.cost = 125;
  p.lower_bound = 110;
  p.peak = 38;
  p.elapsed_s = 0.5;
  p.phase = "local";
  cli_jsonl_progress_fn(&p, &log);
  fclose(f);
  char *text = cli_run_read_file(path), *line = text;
  for (int i = 0; i < 2; i++) {
    char *nl = strchr(line, '\n');
    cr_assert_not_null(nl);
    *nl = '\0';
    cJSON *o = cJSON_Parse(line);
    cr_assert_not_null(o, "not JSON: %s", line);
    cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "event")), "progress");
    cr_assert_eq(cJSON_GetObjectItem(o, "budget")->valueint, 40);
    cr_assert_eq(cJSON_IsNull(cJSON_GetObjectItem(o, "cost")), i == 0);
    if (i == 1) {
      cr_assert_eq(cJSON_GetObjectItem(o, "cost")->valueint, 125);
      cr_assert_float_eq(cJSON_GetObjectItem(o, "tdi_percent")->valuedouble, 25.0, 1e-9);
      cr_assert_float_eq(cJSON_GetObjectItem(o, "gap_percent")->valuedouble, 12.0, 1e-9);
    }
    cJSON_Delete(o);
    line = nl + 1;
  }
  cr_assert_str_eq(line, "");
  free(text);
  cli_run_remove(path);
}
