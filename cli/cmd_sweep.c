/* cmd_sweep.c — `moccasin sweep GRAPH [--budgets HI:LO:STEP] ...`: the
 * cost–budget table of a graph (sweep.h does the solving), printed as a
 * table on stdout and written as CSV, JSON and an SVG plot of TDI against
 * budget.  This is how people choose a budget.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json_out.h"
#include "cli/options.h"
#include "cli/out_file.h"
#include "cli/result_json.h"
#include "cli/svg_plot.h"
#include "cli/sweep.h"

static const char SWEEP_USAGE[] =
    "usage: moccasin sweep GRAPH [--budgets HI:LO:STEP | --budgets F1,F2,...] [--time-limit S]\n"
    "                      [--remat C|auto] [--seed K] [--csv FILE] [--json FILE] [--svg FILE]\n"
    "                      [--log-format text|jsonl] [--quiet]\n"
    "\n"
    "Solves GRAPH at every budget, from the largest to the smallest, each hinted with\n"
    "the schedule of the budget above it, and prints the cost-budget table.  Costs never\n"
    "increase as the budget grows: a schedule that fits a smaller budget is carried up\n"
    "when it is cheaper (marked \"carried\"), lower bounds are carried down.\n"
    "\n"
    "  --budgets SPEC      fractions of the topological peak (default 1.0:0.5:0.05)\n"
    "  --time-limit S      seconds per budget (default 10)\n"
    "  --remat C           computations per node at most (C >= 1); auto (the default):\n"
    "                      C = 2, more only when 2 finds no schedule\n"
    "  --seed K            random seed (default 1)\n"
    "  --csv FILE          the table as CSV (budget,budget_bytes,status,cost,tdi_percent,\n"
    "                      lower_bound,peak,time_s,carried)\n"
    "  --json FILE         the table and every schedule as JSON\n"
    "  --svg FILE          TDI against budget, as an SVG plot\n"
    "  --log-format F      per-budget lines on stderr as text (default) or jsonl\n"
    "  --quiet             no per-budget lines on stderr\n"
    "  -h, --help          this text\n"
    "\n"
    "Exit status: 0 done, 64 usage, 65 bad graph, 66 cannot open GRAPH, 73 cannot\n"
    "write an output file.\n";

typedef struct sweep_options {
  const char *budgets, *time_limit, *remat, *seed, *csv, *json, *svg, *log_format;
  bool quiet;
} sweep_options;

static double tdi_of(const sweep *sw, const sweep_point *p) {
  return cli_tdi_percent(p->cost, moc_graph_topo_cost(sw->cg->graph));
}

static void print_table(const sweep *sw) {
  printf("%-8s %14s  %-10s %16s %9s %16s %7s %8s\n", "budget", "bytes", "status", "cost", "TDI %", "lower bound",
         "gap %", "time s");
  for (size_t i = 0; i < sw->count; i++) {
    const sweep_point *p = &sw->points[i];
    printf("%-8s %14" PRId64 "  %-10s ", p->fraction, p->budget, moc_status_name(p->status));
    if (p->cost >= 0)
      printf("%16" PRId64 " %9.3f %16" PRId64 " %7.2f %8.2f%s\n", p->cost, tdi_of(sw, p), p->lower_bound,
             p->cost > 0 ? (double)(p->cost - p->lower_bound) * 100.0 / (double)p->cost : 0.0, p->time_s,
             p->adopted ? "  carried" : "");
    else
      printf("%16s %9s %16" PRId64 " %7s %8.2f\n", "-", "-", p->lower_bound, "-", p->time_s);
  }
}

static bool write_csv(FILE *f, const void *ctx) {
  const sweep *sw = ctx;
  fputs("budget,budget_bytes,status,cost,tdi_percent,lower_bound,peak,time_s,carried\n", f);
  for (size_t i = 0; i < sw->count; i++) {
    const sweep_point *p = &sw->points[i];
    fprintf(f, "%s,%" PRId64 ",%s,", p->fraction, p->budget, moc_status_name(p->status));
    if (p->cost >= 0) fprintf(f, "%" PRId64 ",%.6f,", p->cost, tdi_of(sw, p));
    else fputs(",,", f);
    fprintf(f, "%" PRId64 ",", p->lower_bound);
    if (p->peak >= 0) fprintf(f, "%" PRId64, p->peak);
    fprintf(f, ",%.3f,%d\n", p->time_s, p->adopted ? 1 : 0);
  }
  return !ferror(f);
}

static void json_point(cli_json *j, const sweep *sw, const sweep_point *p) {
  cli_json_begin_object(j, NULL);
  cli_json_double(j, "budget_fraction", p->f);
  cli_json_int(j, "budget", p->budget);
  cli_json_string(j, "status", moc_status_name(p->status));
  if (p->cost >= 0) {
    cli_json_int(j, "cost", p->cost);
    cli_json_int(j, "peak", p->peak);
    cli_json_double(j, "tdi_percent", tdi_of(sw, p));
  } else {
    cli_json_null(j, "cost");
    cli_json_null(j, "peak");
    cli_json_null(j, "tdi_percent");
  }
  cli_json_int(j, "lower_bound", p->lower_bound);
  cli_json_double(j, "time_s", p->time_s);
  cli_json_bool(j, "carried", p->adopted);
  cli_json_begin_array(j, "schedule");
  for (size_t k = 0; k < p->length; k++) cli_json_node(j, NULL, sw->cg, p->schedule[k]);
  cli_json_end_array(j);
  cli_json_end_object(j);
}

static bool write_json(FILE *f, const void *ctx) {
  const sweep *sw = ctx;
  const moc_graph *g = sw->cg->graph;
  char fingerprint[17];
  snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64, moc_graph_fingerprint(g));
  cli_json j;
  cli_json_init(&j, f);
  cli_json_begin_object(&j, NULL);
  cli_json_string(&j, "graph", sw->cg->name);
  cli_json_string(&j, "fingerprint", fingerprint);
  cli_json_int(&j, "nodes", (int64_t)moc_graph_node_count(g));
  cli_json_int(&j, "topo_peak", moc_graph_topo_peak(g));
  cli_json_int(&j, "topo_cost", moc_graph_topo_cost(g));
  cli_json_int(&j, "min_budget", moc_graph_min_budget(g));
  cli_json_begin_array(&j, "points");
  for (size_t i = 0; i < sw->count; i++) json_point(&j, sw, &sw->points[i]);
  cli_json_end_array(&j);
  cli_json_end_object(&j);
  return !ferror(f);
}

static bool write_svg(FILE *f, const void *ctx) {
  const sweep *sw = ctx;
  cli_sweep_point *pts = calloc(sw->count + 1, sizeof *pts);
  if (!pts) return false;
  for (size_t i = 0; i < sw->count; i++) {
    const sweep_point *p = &sw->points[i];
    pts[i] = (cli_sweep_point){p->f, p->budget, p->cost >= 0, p->cost >= 0 ? tdi_of(sw, p) : 0.0,
                               p->status == MOC_STATUS_OPTIMAL};
  }
  bool ok = cli_svg_sweep(f, sw->cg->name, pts, sw->count);
  free(pts);
  return ok;
}

static int parse_settings(const sweep_options *o, sweep_settings *st, cli_error *err) {
  int64_t v;
  *st = (sweep_settings){10.0, 2, false, 1, o->quiet, false};
  if (o->time_limit && !cli_parse_seconds(o->time_limit, &st->time_limit))
    return cli_fail(err, CLI_USAGE, "--time-limit %s: not a number of seconds >= 0", o->time_limit);
  int status = cli_parse_remat(o->remat, &st->copies, &st->copies_pinned, err);
  if (status) return status;
  if (o->seed) {
    if (!cli_parse_int64(o->seed, &v) || v < 0) return cli_fail(err, CLI_USAGE, "--seed %s: not an integer >= 0", o->seed);
    st->seed = (uint64_t)v;
  }
  if (o->log_format && strcmp(o->log_format, "jsonl") != 0 && strcmp(o->log_format, "text") != 0)
    return cli_fail(err, CLI_USAGE, "--log-format %s: expected text or jsonl", o->log_format);
  st->jsonl = o->log_format && strcmp(o->log_format, "jsonl") == 0;
  return CLI_OK;
}

static int run(const char *path, const sweep_options *o, cli_error *err) {
  sweep_settings st;
  cli_graph cg;
  sweep sw = {0};
  int status = parse_settings(o, &st, err);
  if (status) return status;
  if ((status = cli_graph_read(path, &cg, err))) return status;
  status = sweep_parse_budgets(o->budgets ? o->budgets : "1.0:0.5:0.05", &cg, &sw, err);
  if (!status) status = sweep_solve(&sw, &st, err);
  if (!status && o->csv) status = cli_write_file(o->csv, write_csv, &sw, err);
  if (!status && o->json) status = cli_write_file(o->json, write_json, &sw, err);
  if (!status && o->svg) status = cli_write_file(o->svg, write_svg, &sw, err);
  if (!status) print_table(&sw);
  sweep_free(&sw);
  cli_graph_free(&cg);
  return status;
}

int cli_cmd_sweep(int argc, char **argv) {
  sweep_options o = {0};
  const cli_option opts[] = {
      {"budgets", 0, &o.budgets, NULL}, {"time-limit", 0, &o.time_limit, NULL}, {"remat", 0, &o.remat, NULL},
      {"seed", 0, &o.seed, NULL},       {"csv", 0, &o.csv, NULL},               {"json", 0, &o.json, NULL},
      {"svg", 0, &o.svg, NULL},         {"log-format", 0, &o.log_format, NULL}, {"quiet", 0, NULL, &o.quiet},
  };
  cli_args args;
  cli_error err = {0, ""};
  int status = cli_options_parse(argc, argv, opts, sizeof opts / sizeof *opts, &args, &err);
  if (!status && !args.help && args.count != 1)
    status = cli_fail(&err, CLI_USAGE, "sweep: expected one GRAPH file (see --help)");
  if (!status && args.help) fputs(SWEEP_USAGE, stdout);
  else if (!status) status = run(args.positional[0], &o, &err);
  if (status) cli_report(&err);
  cli_args_free(&args);
  return status;
}
