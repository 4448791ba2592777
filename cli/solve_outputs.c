/* solve_outputs.c — see solve_outputs.h.  Every file goes through
 * cli_write_file (temporary file + rename), so a failure leaves none behind.
 */
#include "cli/solve_outputs.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/chrome_trace.h"
#include "cli/emit_c.h"
#include "cli/jsonl_log.h"
#include "cli/options.h"
#include "cli/out_file.h"
#include "cli/svg_plot.h"

int cli_outputs_parse(cli_outputs *o, cli_error *err) {
  o->align = MOC_ARENA_DEFAULT_ALIGNMENT;
  if (o->alignment && (!cli_parse_int64(o->alignment, &o->align) || o->align < 1 || o->align > (1 << 20)))
    return cli_fail(err, CLI_USAGE, "--alignment %s: expected an integer from 1 to 1048576", o->alignment);
  if (o->log_format && strcmp(o->log_format, "jsonl") != 0 && strcmp(o->log_format, "text") != 0)
    return cli_fail(err, CLI_USAGE, "--log-format %s: expected text or jsonl", o->log_format);
  o->jsonl = o->log_format && strcmp(o->log_format, "jsonl") == 0;
  return CLI_OK;
}

int cli_outputs_plan(const cli_outputs *o, const cli_result *r, moc_arena **arena, cli_error *err) {
  *arena = NULL;
  if (!r->schedule || !r->eval) return CLI_OK;
  moc_error e = moc_arena_plan(r->cg->graph, r->schedule, r->length, o->align, arena);
  if (e) return cli_fail(err, e == MOC_ERR_OVERFLOW ? CLI_DATA : CLI_SOFTWARE, "arena plan: %s", moc_error_name(e));
  return CLI_OK;
}

typedef struct plot_job {
  const cli_memory_plot *plot;
} plot_job;

static bool write_plot(FILE *f, const void *ctx) { return cli_svg_memory(f, ((const plot_job *)ctx)->plot); }

int cli_outputs_svg(const char *path, const cli_graph *cg, const uint32_t *schedule, const moc_eval *ev,
                    int64_t budget, const moc_arena *arena, cli_error *err) {
  const moc_graph *g = cg->graph;
  size_t n = moc_graph_node_count(g), length = schedule && ev ? ev->length : 0;
  moc_eval *topo = NULL;
  bool *recomputed = calloc(length + 1, sizeof *recomputed), *seen = calloc(n + 1, sizeof *seen);
  if (!recomputed || !seen || moc_evaluate(g, moc_graph_topo_order(g), n, &topo) != MOC_OK) {
    free(recomputed);
    free(seen);
    return cli_fail(err, CLI_SOFTWARE, "%s: out of memory", path);
  }
  for (size_t j = 0; j < length; j++) {
    recomputed[j] = seen[schedule[j]];
    seen[schedule[j]] = true;
  }
  cli_memory_plot plot = {cg->name, length ? ev->memory : NULL, length, recomputed, topo->memory, topo->length,
                          budget, arena ? arena->size : -1};
  plot_job job = {&plot};
  int status = cli_write_file(path, write_plot, &job, err);
  moc_eval_free(topo);
  free(recomputed);
  free(seen);
  return status;
}

typedef struct plan_job {
  const cli_result *r;
  const moc_arena *arena;
} plan_job;

static bool write_trace(FILE *f, const void *ctx) {
  const plan_job *job = ctx;
  return cli_trace_write(f, job->r->cg, job->r->schedule, job->arena);
}

static bool write_c(FILE *f, const void *ctx) {
  const plan_job *job = ctx;
  const cli_result *r = job->r;
  cli_plan plan = {r->cg, r->schedule, job->arena, r->budget, r->eval->cost, moc_status_name(r->status)};
  return cli_emit_c(f, &plan);
}

int cli_outputs_write(const cli_outputs *o, const cli_result *r, const moc_arena *arena, cli_error *err) {
  int status = CLI_OK;
  if (o->svg) status = cli_outputs_svg(o->svg, r->cg, r->schedule, r->eval, r->budget, arena, err);
  if (!arena) {
    if (!status && (o->trace || o->emit_c))
      fprintf(stderr, "moccasin: no schedule: %s not written\n", o->trace && o->emit_c ? "--trace and --emit-c"
                                                                  : o->trace           ? "--trace"
                                                                                       : "--emit-c");
    return status;
  }
  plan_job job = {r, arena};
  if (!status && o->trace) status = cli_write_file(o->trace, write_trace, &job, err);
  if (!status && o->emit_c) status = cli_write_file(o->emit_c, write_c, &job, err);
  return status;
}

moc_error cli_outputs_solve_arena(moc_solver *s, int64_t alignment) {
  moc_arena *arena = NULL;
  moc_error e = moc_solver_solve_arena(s, alignment, 8, &arena);
  moc_arena_free(arena);
  return e;
}

void cli_outputs_report_arena(const cli_result *r) {
  const moc_arena *a = r->arena;
  if (!a) return;
  double over = a->peak > 0 ? (double)(a->size - a->peak) * 100.0 / (double)a->peak : 0.0;
  fprintf(stderr, "arena: %" PRId64 " bytes with offsets aligned to %" PRId64 ", for a summed peak of %" PRId64
          " (+%.2f %% fragmentation)%s\n",
          a->size, a->alignment, a->peak, over, a->size > r->budget ? "; over the budget" : "");
}

void cli_jsonl_start(const cli_graph *cg, const cli_settings *st) {
  const moc_graph *g = cg->graph;
  fputs("{\"event\":\"start\",\"graph\":", stderr);
  cli_jsonl_string(stderr, cg->name);
  fprintf(stderr, ",\"fingerprint\":\"%016" PRIx64 "\",\"nodes\":%zu,\"budget\":%" PRId64 ",\"topo_peak\":%" PRId64
          ",\"topo_cost\":%" PRId64 ",\"min_budget\":%" PRId64 ",\"seed\":%" PRIu64 ",\"C\":%d,\"time_limit_s\":%g}\n",
          moc_graph_fingerprint(g), moc_graph_node_count(g), st->budget, moc_graph_topo_peak(g), moc_graph_topo_cost(g),
          moc_graph_min_budget(g), st->seed, st->copies, st->time_limit);
  fflush(stderr);
}

void cli_jsonl_done(const cli_result *r, bool interrupted) {
  fprintf(stderr, "{\"event\":\"done\",\"status\":\"%s\",\"interrupted\":%s", moc_status_name(r->status),
          interrupted ? "true" : "false");
  if (r->schedule && r->eval)
    fprintf(stderr, ",\"cost\":%" PRId64 ",\"peak\":%" PRId64 ",\"tdi_percent\":%.6g,\"steps\":%zu", r->eval->cost,
            r->eval->peak, cli_tdi_percent(r->eval->cost, moc_graph_topo_cost(r->cg->graph)), r->length);
  else
    fputs(",\"cost\":null,\"peak\":null,\"tdi_percent\":null", stderr);
  if (r->arena) fprintf(stderr, ",\"arena_size\":%" PRId64 ",\"alignment\":%" PRId64, r->arena->size, r->arena->alignment);
  fprintf(stderr, ",\"lower_bound\":%" PRId64 ",\"time_s\":%.6f,\"nodes\":%" PRIu64 ",\"failures\":%" PRIu64 "}\n",
          r->lower_bound, r->stats.time_s, r->stats.nodes, r->stats.failures);
  fflush(stderr);
}
