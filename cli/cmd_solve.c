/* cmd_solve.c — `moccasin solve GRAPH (--budget F | --budget-bytes N) ...`.
 *
 * Reads the graph, checks the budget against the lower bound of every
 * schedule (below it: infeasible at once, with the number), runs the solver
 * with a progress line per new incumbent or bound on stderr, re-scores the
 * returned schedule with the independent evaluator (a disagreement is an
 * internal error, status 70), and writes the SPEC §4 result to -o (atomically)
 * or stdout.  SIGINT (or SIGTERM) asks the solver to stop; the best schedule is still
 * written.  Exit status: 0 schedule found, 3 infeasible, 4 limit without a
 * schedule, 64/65/66 bad usage/data/input, 70 internal error, 73 cannot write.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "cli/result_json.h"
#include "cli/solve_outputs.h"
#include "cli/solve_report.h"

static const char SOLVE_USAGE[] =
    "usage: moccasin solve GRAPH (--budget F | --budget-bytes N) [--remat C|auto] [--time-limit S]\n"
    "                      [--fail-limit K] [--node-limit K] [--seed K] [--order fixed|free]\n"
    "                      [--no-remat]\n"
    "                      [-o RESULT.json] [--quiet] [--alignment N] [--svg FILE]\n"
    "                      [--trace FILE] [--emit-c FILE] [--log-format text|jsonl]\n"
    "                      [--arena-budget]\n"
    "\n"
    "Finds a schedule of GRAPH whose peak memory fits the budget at the least compute\n"
    "cost (MOCCASIN), and writes the result JSON (SPEC §4) to RESULT.json or stdout.\n"
    "\n"
    "  --budget F          budget as a fraction in (0, 1] of the topological peak\n"
    "  --budget-bytes N    budget in bytes\n"
    "  --remat C           computations per node at most (C >= 1); auto (the default):\n"
    "                      C = 2, more only when 2 finds no schedule (the C used is reported)\n"
    "  --time-limit S      stop after S seconds (default: none)\n"
    "  --fail-limit K      stop after K failures of the tree search (default: none)\n"
    "  --node-limit K      stop after K search nodes (default: none); with --order free,\n"
    "                      K steps of the order search (order moves and local-search\n"
    "                      steps): with no --time-limit the run is then repeatable\n"
    "  --seed K            random seed (default 1)\n"
    "  --order MODE        fixed: first computations in the graph's order (the paper's,\n"
    "                      default); free: the solver chooses that order too\n"
    "  --no-remat          no recomputation: the order of least peak (implies free)\n"
    "  -o, --output FILE   write the result there (atomically) instead of stdout\n"
    "  --quiet             no header, progress or summary on stderr\n"
    "  --alignment N       byte alignment of the arena offsets in the result (default 16)\n"
    "  --arena-budget      the arena of the offsets must fit the budget too, not only the\n"
    "                      summed peak (re-solves with a lower budget while it does not)\n"
    "  --svg FILE          plot memory over the steps (schedule, topological order,\n"
    "                      budget, arena, recomputations) as SVG\n"
    "  --trace FILE        tensor lifetimes and offsets as a Chrome trace (Perfetto)\n"
    "  --emit-c FILE       the plan as a C header: order, frees, offsets, arena size\n"
    "  --log-format F      progress on stderr as text (default) or jsonl (JSON lines)\n"
    "  -h, --help          this text\n"
    "\n"
    "Exit status: 0 a schedule was found (optimal or feasible), 3 the budget is\n"
    "infeasible (proven), 4 a limit was reached with no schedule, 64 usage, 65 bad\n"
    "graph, 66 cannot open GRAPH, 70 internal error, 73 cannot write RESULT.json.\n";

/* Set by SIGINT or SIGTERM, read by the solver: the one piece of process-wide
 * state in the front end, as a signal handler can reach nothing else. */
static volatile int interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

typedef struct solve_options {
  const char *fraction, *bytes, *remat, *time_limit, *fail_limit, *node_limit, *seed, *order;
  const char *output;
  bool quiet, no_remat;
  cli_outputs out;  /* --svg, --trace, --emit-c, --log-format, --alignment */
} solve_options;

/* Numbers of the command line into the solver's settings. */
static int parse_settings(const solve_options *o, cli_settings *st, cli_error *err) {
  int64_t v;
  st->time_limit = 0, st->fail_limit = 0, st->node_limit = 0, st->seed = 1;
  int status = cli_parse_remat(o->remat, &st->copies, &st->copies_pinned, err);
  if (status) return status;
  if (o->time_limit && !cli_parse_seconds(o->time_limit, &st->time_limit))
    return cli_fail(err, CLI_USAGE, "--time-limit %s: not a number of seconds >= 0", o->time_limit);
  if (o->fail_limit) {
    if (!cli_parse_int64(o->fail_limit, &v) || v < 0)
      return cli_fail(err, CLI_USAGE, "--fail-limit %s: not an integer >= 0", o->fail_limit);
    st->fail_limit = (uint64_t)v;
  }
  if (o->node_limit) {
    if (!cli_parse_int64(o->node_limit, &v) || v < 0)
      return cli_fail(err, CLI_USAGE, "--node-limit %s: not an integer >= 0", o->node_limit);
    st->node_limit = (uint64_t)v;
  }
  if (o->seed) {
    if (!cli_parse_int64(o->seed, &v) || v < 0) return cli_fail(err, CLI_USAGE, "--seed %s: not an integer >= 0", o->seed);
    st->seed = (uint64_t)v;
  }
  st->order = MOC_ORDER_FIXED;
  st->no_remat = o->no_remat;
  if (o->order && strcmp(o->order, "free") == 0) st->order = MOC_ORDER_FREE;
  else if (o->order && strcmp(o->order, "fixed") != 0)
    return cli_fail(err, CLI_USAGE, "--order %s: expected fixed or free", o->order);
  return CLI_OK;
}

static int configure(moc_solver *s, const cli_settings *st, int64_t budget, bool quiet, cli_error *err) {
  moc_error e = moc_solver_set_budget_bytes(s, budget);
  if (!e) e = st->copies_pinned ? moc_solver_set_copies(s, st->copies) : moc_solver_set_copies_auto(s);
  if (!e) e = moc_solver_set_time_limit(s, st->time_limit);
  if (!e) e = moc_solver_set_fail_limit(s, st->fail_limit);
  if (!e) e = moc_solver_set_node_limit(s, st->node_limit);
  if (!e) e = moc_solver_set_seed(s, st->seed);
  if (!e) e = moc_solver_set_order_mode(s, st->order);
  if (!e) e = moc_solver_set_no_remat(s, st->no_remat);
  if (!e) e = moc_solver_set_stop_flag(s, &interrupted);
  if (!e && !quiet) e = moc_solver_set_progress(s, cli_report_progress, (void *)st);
  if (e) return cli_fail(err, e == MOC_ERR_BAD_COPIES ? CLI_USAGE : CLI_SOFTWARE, "solver: %s", moc_solver_error_message(s));
  return CLI_OK;
}

/* The independent evaluator must agree with the solver on its schedule. */
static int check_schedule(const moc_solver *s, const moc_graph *g, int64_t budget, cli_error *err) {
  size_t length;
  const uint32_t *schedule = moc_solver_schedule(s, &length);
  if (!schedule) return CLI_OK;
  moc_eval *ev = NULL;
  if (moc_evaluate(g, schedule, length, &ev) != MOC_OK)
    return cli_fail(err, CLI_SOFTWARE, "internal error: the solver's schedule cannot be evaluated");
  bool agree = ev->valid && ev->peak <= budget && ev->cost == moc_solver_cost(s) && ev->peak == moc_solver_peak(s);
  int64_t peak = ev->peak, cost = ev->cost;
  bool valid = ev->valid;
  moc_eval_free(ev);
  if (!agree)
    return cli_fail(err, CLI_SOFTWARE,
                    "internal error: the evaluator disagrees with the solver (valid %d, peak %" PRId64 " vs %" PRId64
                    ", cost %" PRId64 " vs %" PRId64 ", budget %" PRId64 ")",
                    valid, peak, moc_solver_peak(s), cost, moc_solver_cost(s), budget);
  return CLI_OK;
}

static int exit_status(moc_status st) {
  switch (st) {
    case MOC_STATUS_OPTIMAL:
    case MOC_STATUS_FEASIBLE: return CLI_OK;
    case MOC_STATUS_INFEASIBLE: return CLI_INFEASIBLE;
    case MOC_STATUS_UNKNOWN: return CLI_NO_SCHEDULE;
  }
  return CLI_SOFTWARE;
}

/* Runs the solver under a SIGINT handler; fills the result. */
static int run_solver(const cli_graph *cg, const cli_settings *st, cli_result *r, moc_solver **out, bool quiet,
                      cli_error *err) {
  moc_solver *s = moc_solver_create(cg->graph);
  *out = s;
  if (!s) return cli_fail(err, CLI_SOFTWARE, "solver: out of memory");
  int status = configure(s, st, r->budget, quiet, err);
  if (status) return status;
  struct sigaction action = {0}, previous_int, previous_term;
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  interrupted = 0;
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
  moc_error e = st->arena_alignment > 0 ? cli_outputs_solve_arena(s, st->arena_alignment) : moc_solver_solve(s);
  sigaction(SIGINT, &previous_int, NULL);
  sigaction(SIGTERM, &previous_term, NULL);
  if (e) return cli_fail(err, CLI_SOFTWARE, "solver: %s: %s", moc_error_name(e), moc_solver_error_message(s));
  status = check_schedule(s, cg->graph, r->budget, err);
  if (status) return status;
  r->status = moc_solver_status(s);
  r->lower_bound = moc_solver_lower_bound(s);
  r->schedule = moc_solver_schedule(s, &r->length);
  r->eval = moc_solver_eval(s);
  r->stats = moc_solver_stats(s);
  const char *said = moc_solver_error_message(s);
  if (r->status == MOC_STATUS_INFEASIBLE || (!r->schedule && said[0]))
    fprintf(stderr, "moccasin: %s: %s\n", cg->path, said);
  if (!r->schedule && st->order == MOC_ORDER_FIXED && !quiet)
    fprintf(stderr, "moccasin: %s: no schedule with the order of first computations fixed (the paper's model); "
            "--order free may find one\n", cg->path);
  return CLI_OK;
}

/* Budget below max_v (m_v + inputs): no schedule at all, say so at once. */
static void settle_below_bound(const cli_graph *cg, const cli_settings *st, cli_result *r) {
  r->status = MOC_STATUS_INFEASIBLE;
  r->lower_bound = moc_graph_topo_cost(cg->graph);
  r->stats.copies = st->copies;
  r->stats.seed = st->seed;
  r->stats.time_to_first_s = r->stats.time_to_best_s = -1;
  fprintf(stderr, "moccasin: %s: budget %" PRId64 " is below %" PRId64
          ", the lower bound of every schedule (a node with all its inputs): infeasible\n",
          cg->path, r->budget, moc_graph_min_budget(cg->graph));
}

static int solve(const char *path, const solve_options *o, cli_error *err) {
  cli_settings st;
  cli_graph cg;
  cli_result r = {0};
  moc_solver *s = NULL;
  bool given;
  int status = parse_settings(o, &st, err);
  if (!status) status = cli_graph_read(path, &cg, err);
  else memset(&cg, 0, sizeof cg);
  if (!status) status = cli_budget_resolve(cg.graph, o->fraction, o->bytes, &r.budget, &given, err);
  if (!status && !given) status = cli_fail(err, CLI_USAGE, "solve: a budget is required (--budget F or --budget-bytes N)");
  if (!status) {
    r.cg = &cg;
    st.budget = r.budget;
    st.fraction = o->fraction;
    st.topo_cost = moc_graph_topo_cost(cg.graph);
    st.jsonl = o->out.jsonl;
    st.arena_alignment = o->out.arena_budget ? o->out.align : 0;
    if (!o->quiet) (st.jsonl ? cli_jsonl_start : cli_report_header)(&cg, &st);
    if (r.budget < moc_graph_min_budget(cg.graph)) settle_below_bound(&cg, &st, &r);
    else status = run_solver(&cg, &st, &r, &s, o->quiet, err);
  }
  moc_arena *arena = NULL;
  if (!status) status = cli_outputs_plan(&o->out, &r, &arena, err);
  r.arena = arena;
  if (!status) status = cli_outputs_write(&o->out, &r, arena, err);
  if (!status) status = cli_result_write(&r, o->output, err);
  if (!status) {
    if (!o->quiet) (o->out.jsonl ? cli_jsonl_done : cli_report_summary)(&r, interrupted != 0);
    if (!o->quiet && !o->out.jsonl) cli_outputs_report_arena(&r);
    status = exit_status(r.status);
  }
  moc_arena_free(arena);
  moc_solver_free(s);
  cli_graph_free(&cg);
  return status;
}

int cli_cmd_solve(int argc, char **argv) {
  solve_options o = {0};
  const cli_option opts[] = {
      {"budget", 0, &o.fraction, NULL},       {"budget-bytes", 0, &o.bytes, NULL},
      {"remat", 0, &o.remat, NULL},           {"time-limit", 0, &o.time_limit, NULL},
      {"fail-limit", 0, &o.fail_limit, NULL}, {"node-limit", 0, &o.node_limit, NULL},
      {"seed", 0, &o.seed, NULL},
      {"output", 'o', &o.output, NULL},       {"quiet", 0, NULL, &o.quiet},
      {"order", 0, &o.order, NULL},           {"no-remat", 0, NULL, &o.no_remat},
      {"svg", 0, &o.out.svg, NULL},           {"trace", 0, &o.out.trace, NULL},
      {"emit-c", 0, &o.out.emit_c, NULL},     {"log-format", 0, &o.out.log_format, NULL},
      {"alignment", 0, &o.out.alignment, NULL}, {"arena-budget", 0, NULL, &o.out.arena_budget},
  };
  cli_args args;
  cli_error err = {0, ""};
  int status = cli_options_parse(argc, argv, opts, sizeof opts / sizeof *opts, &args, &err);
  if (!status && !args.help && args.count != 1)
    status = cli_fail(&err, CLI_USAGE, "solve: expected one GRAPH file (see --help)");
  if (!status && !args.help) status = cli_outputs_parse(&o.out, &err);
  if (!status && args.help) fputs(SOLVE_USAGE, stdout);
  else if (!status) status = solve(args.positional[0], &o, &err);
  if (status != CLI_OK && status != CLI_INFEASIBLE && status != CLI_NO_SCHEDULE) cli_report(&err);
  cli_args_free(&args);
  return status;
}
