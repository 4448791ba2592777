/* cmd_eval.c — `moccasin eval GRAPH SCHEDULE [--budget F | --budget-bytes N] [--json]`.
 *
 * Scores a schedule with the independent evaluator (model/evaluate.c):
 * validity (naming the first step whose input is missing), peak memory, cost,
 * TDI against the reference topological order, memory per step, and whether a
 * budget holds.  A solver result file is a valid SCHEDULE as it is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/json_out.h"
#include "cli/options.h"
#include "cli/result_json.h"
#include "cli/schedule_reader.h"
#include "cli/solve_outputs.h"

static const char EVAL_USAGE[] =
    "usage: moccasin eval GRAPH SCHEDULE [--budget F | --budget-bytes N] [--json] [--svg FILE]\n"
    "\n"
    "Scores SCHEDULE (a JSON file with a key \"schedule\": a list of node ids, e.g. a\n"
    "solver result; or a bare list) on GRAPH with the independent evaluator.\n"
    "\n"
    "  --budget F         budget as a fraction in (0, 1] of the topological peak\n"
    "  --budget-bytes N   budget in bytes\n"
    "  --json             print one JSON object (keys valid, peak, cost, tdi_percent,\n"
    "                     within_budget, budget, steps, per_step_memory, error)\n"
    "  --svg FILE         plot memory over the steps (with the topological order, the\n"
    "                     budget, the arena of its offsets, recomputations) as SVG\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status: 0 valid (and within the budget when one is given), 1 invalid or\n"
    "over budget, 64 usage, 65 bad input, 66 cannot open a file.\n";

typedef struct verdict {
  const moc_eval *ev;
  int64_t budget;     /* -1: none given */
  double tdi;         /* percent */
  char error[512];    /* why the schedule is invalid ("" when valid) */
} verdict;

static void describe_invalid(const cli_graph *cg, const uint32_t *steps, const moc_eval *ev, char *out,
                             size_t size) {
  char node[160], step_node[160];
  cli_graph_format_id(cg, ev->bad_node, node, sizeof node);
  if (ev->bad_step == ev->length) {
    snprintf(out, size, "node %s is never computed", node);
  } else {
    cli_graph_format_id(cg, steps[ev->bad_step], step_node, sizeof step_node);
    snprintf(out, size, "step %zu (node %s) reads node %s, which is not computed before it", ev->bad_step,
             step_node, node);
  }
}

static void print_text(const verdict *v) {
  const moc_eval *ev = v->ev;
  if (!ev->valid) {
    printf("valid        no: %s\n", v->error);
    return;
  }
  printf("valid        yes\n");
  printf("steps        %zu\n", ev->length);
  printf("peak         %" PRId64 "\n", ev->peak);
  printf("cost         %" PRId64 "\n", ev->cost);
  printf("tdi          %.4f %%\n", v->tdi);
  if (v->budget >= 0)
    printf("budget       %" PRId64 " (%s)\n", v->budget, ev->peak <= v->budget ? "holds" : "exceeded");
}

static void print_json(const verdict *v) {
  const moc_eval *ev = v->ev;
  cli_json j;
  cli_json_init(&j, stdout);
  cli_json_begin_object(&j, NULL);
  cli_json_bool(&j, "valid", ev->valid);
  if (ev->valid) cli_json_null(&j, "error");
  else cli_json_string(&j, "error", v->error);
  cli_json_int(&j, "steps", (int64_t)ev->length);
  if (ev->valid) {
    cli_json_int(&j, "peak", ev->peak);
    cli_json_int(&j, "cost", ev->cost);
    cli_json_double(&j, "tdi_percent", v->tdi);
  } else {
    cli_json_null(&j, "peak");
    cli_json_null(&j, "cost");
    cli_json_null(&j, "tdi_percent");
  }
  if (v->budget >= 0) {
    cli_json_int(&j, "budget", v->budget);
    cli_json_bool(&j, "within_budget", ev->valid && ev->peak <= v->budget);
  } else {
    cli_json_null(&j, "budget");
    cli_json_null(&j, "within_budget");
  }
  cli_json_begin_array(&j, "per_step_memory");
  for (size_t s = 0; ev->valid && s < ev->length; s++) cli_json_int(&j, NULL, ev->memory[s]);
  cli_json_end_array(&j);
  cli_json_end_object(&j);
}

/* Reads both files and evaluates; the verdict's exit status or an error. */
/* The memory plot of a valid schedule, with its arena (default alignment). */
static int plot(const char *svg, const cli_graph *cg, const uint32_t *steps, const verdict *v, cli_error *err) {
  moc_arena *arena = NULL;
  if (moc_arena_plan(cg->graph, steps, v->ev->length, 0, &arena) != MOC_OK)
    return cli_fail(err, CLI_SOFTWARE, "%s: cannot plan the arena", svg);
  int status = cli_outputs_svg(svg, cg, steps, v->ev, v->budget, arena, err);
  moc_arena_free(arena);
  return status;
}

static int run(const char *graph_path, const char *schedule_path, const char *fraction, const char *bytes,
               bool json, const char *svg, cli_error *err) {
  cli_graph cg;
  uint32_t *steps = NULL;
  size_t length = 0;
  moc_eval *ev = NULL;
  bool has_budget;
  verdict v = {NULL, -1, 0.0, ""};
  int status = cli_graph_read(graph_path, &cg, err);
  if (!status) status = cli_budget_resolve(cg.graph, fraction, bytes, &v.budget, &has_budget, err);
  if (!status) status = cli_schedule_read(schedule_path, &cg, &steps, &length, err);
  if (!status) {
    moc_error e = moc_evaluate(cg.graph, steps, length, &ev);
    if (e) status = cli_fail(err, e == MOC_ERR_OVERFLOW ? CLI_DATA : CLI_SOFTWARE, "%s: schedule: %s", schedule_path,
                             e == MOC_ERR_OVERFLOW ? "the total cost exceeds 64 bits" : moc_error_name(e));
  }
  if (!status) {
    v.ev = ev;
    if (ev->valid) v.tdi = cli_tdi_percent(ev->cost, moc_graph_topo_cost(cg.graph));
    else describe_invalid(&cg, steps, ev, v.error, sizeof v.error);
    if (svg && ev->valid) status = plot(svg, &cg, steps, &v, err);
  }
  if (!status) {
    if (json) print_json(&v);
    else print_text(&v);
    status = ev->valid && (v.budget < 0 || ev->peak <= v.budget) ? CLI_OK : CLI_FAILED_CHECK;
  }
  moc_eval_free(ev);
  free(steps);
  cli_graph_free(&cg);
  return status;
}

int cli_cmd_eval(int argc, char **argv) {
  bool json = false;
  const char *fraction = NULL, *bytes = NULL, *svg = NULL;
  const cli_option opts[] = {{"json", 0, NULL, &json},
                             {"budget", 0, &fraction, NULL},
                             {"budget-bytes", 0, &bytes, NULL},
                             {"svg", 0, &svg, NULL}};
  cli_args args;
  cli_error err = {0, ""};
  int status = cli_options_parse(argc, argv, opts, 4, &args, &err);
  if (!status && !args.help && args.count != 2)
    status = cli_fail(&err, CLI_USAGE, "eval: expected GRAPH and SCHEDULE files (see --help)");
  if (!status && args.help) fputs(EVAL_USAGE, stdout);
  else if (!status) status = run(args.positional[0], args.positional[1], fraction, bytes, json, svg, &err);
  if (status > CLI_FAILED_CHECK) cli_report(&err);
  cli_args_free(&args);
  return status;
}
