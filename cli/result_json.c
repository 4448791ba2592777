/* result_json.c — writing a solver result (see result_json.h). */
#include "cli/result_json.h"

#include "cli/out_file.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json_out.h"

double cli_tdi_percent(int64_t cost, int64_t topo_cost) {
  if (topo_cost == 0) return cost == 0 ? 0.0 : (double)INFINITY;
  return (double)((long double)(cost - topo_cost) * 100.0L / (long double)topo_cost);
}

static void write_graph_part(cli_json *j, const cli_result *r) {
  const moc_graph *g = r->cg->graph;
  char fingerprint[17];
  snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64, moc_graph_fingerprint(g));
  cli_json_string(j, "graph", r->cg->name);
  cli_json_string(j, "fingerprint", fingerprint);
  cli_json_int(j, "nodes", (int64_t)moc_graph_node_count(g));
  cli_json_int(j, "edges", (int64_t)moc_graph_edge_count(g));
  cli_json_int(j, "budget", r->budget);
  cli_json_int(j, "topo_peak", moc_graph_topo_peak(g));
  cli_json_int(j, "topo_cost", moc_graph_topo_cost(g));
  cli_json_int(j, "min_budget", moc_graph_min_budget(g));
  cli_json_string(j, "order_source", moc_order_source_name(moc_graph_order_source(g)));
  const uint32_t *order = moc_graph_topo_order(g);
  cli_json_begin_array(j, "order");
  for (size_t t = 0; t < moc_graph_node_count(g); t++) cli_json_node(j, NULL, r->cg, order[t]);
  cli_json_end_array(j);
}

static void write_schedule_part(cli_json *j, const cli_result *r) {
  const moc_eval *ev = r->schedule ? r->eval : NULL;
  cli_json_string(j, "status", moc_status_name(r->status));
  if (ev) {
    cli_json_int(j, "cost", ev->cost);
    cli_json_int(j, "peak", ev->peak);
    cli_json_double(j, "tdi_percent", cli_tdi_percent(ev->cost, moc_graph_topo_cost(r->cg->graph)));
  } else {
    cli_json_null(j, "cost");
    cli_json_null(j, "peak");
    cli_json_null(j, "tdi_percent");
  }
  cli_json_int(j, "lower_bound", r->lower_bound);
  cli_json_begin_array(j, "schedule");
  for (size_t s = 0; ev && s < r->length; s++) cli_json_node(j, NULL, r->cg, r->schedule[s]);
  cli_json_end_array(j);
  cli_json_begin_array(j, "frees");
  for (size_t s = 0; ev && s < ev->length; s++) {
    cli_json_begin_array(j, NULL);
    for (size_t k = ev->free_start[s]; k < ev->free_start[s + 1]; k++) cli_json_node(j, NULL, r->cg, ev->free_nodes[k]);
    cli_json_end_array(j);
  }
  cli_json_end_array(j);
  const moc_arena *a = ev ? r->arena : NULL;
  if (a) {
    cli_json_int(j, "arena_size", a->size);
    cli_json_int(j, "alignment", a->alignment);
  } else {
    cli_json_null(j, "arena_size");
    cli_json_null(j, "alignment");
  }
  cli_json_begin_array(j, "offsets");
  for (size_t s = 0; a && s < a->length; s++) cli_json_int(j, NULL, a->offset[s]);
  cli_json_end_array(j);
}

static void write_solver_part(cli_json *j, const moc_stats *st) {
  cli_json_begin_object(j, "solver");
  cli_json_double(j, "time_s", st->time_s);
  cli_json_double(j, "time_to_first_s", st->time_to_first_s);
  cli_json_double(j, "time_to_best_s", st->time_to_best_s);
  cli_json_int(j, "nodes", (int64_t)st->nodes);
  cli_json_int(j, "failures", (int64_t)st->failures);
  cli_json_int(j, "restarts", (int64_t)st->restarts);
  cli_json_int(j, "incumbents", (int64_t)st->incumbents);
  cli_json_int(j, "seed", (int64_t)st->seed);
  cli_json_int(j, "C", st->copies);
  cli_json_end_object(j);
}

static void write_result(FILE *f, const cli_result *r) {
  cli_json j;
  cli_json_init(&j, f);
  cli_json_begin_object(&j, NULL);
  write_graph_part(&j, r);
  write_schedule_part(&j, r);
  write_solver_part(&j, &r->stats);
  cli_json_end_object(&j);
}

static bool write_result_to(FILE *f, const void *ctx) {
  write_result(f, ctx);
  return !ferror(f);
}

int cli_result_write(const cli_result *r, const char *path, cli_error *err) {
  if (!path) {
    write_result(stdout, r);
    if (fflush(stdout) != 0) return cli_fail(err, CLI_CANT_CREATE, "stdout: cannot write: %s", strerror(errno));
    return CLI_OK;
  }
  return cli_write_file(path, write_result_to, r, err);
}
