/* solve_report.c — the human side of `moccasin solve`, all on stderr so that
 * stdout carries only the result JSON. */
#include "cli/solve_report.h"

#include <inttypes.h>

#include "cli/jsonl_log.h"

static double gap_percent(int64_t cost, int64_t bound) {
  if (cost <= 0 || bound >= cost) return 0.0;
  return (double)((long double)(cost - bound) * 100.0L / (long double)cost);
}

void cli_report_header(const cli_graph *cg, const cli_settings *st) {
  const moc_graph *g = cg->graph;
  fprintf(stderr, "graph       %s (%s)\n", cg->name, cg->path);
  fprintf(stderr, "fingerprint %016" PRIx64 "\n", moc_graph_fingerprint(g));
  fprintf(stderr, "nodes       %zu, %zu edges, order %s\n", moc_graph_node_count(g), moc_graph_edge_count(g),
          moc_order_source_name(moc_graph_order_source(g)));
  if (st->fraction)
    fprintf(stderr, "budget      %" PRId64 " bytes (%s of the topological peak)\n", st->budget, st->fraction);
  else
    fprintf(stderr, "budget      %" PRId64 " bytes\n", st->budget);
  fprintf(stderr, "topological peak %" PRId64 ", cost %" PRId64 "; budget lower bound %" PRId64 "\n",
          moc_graph_topo_peak(g), moc_graph_topo_cost(g), moc_graph_min_budget(g));
  fprintf(stderr, "seed        %" PRIu64 ", C %d%s", st->seed, st->copies, st->copies_pinned ? "" : " (auto)");
  if (st->time_limit > 0) fprintf(stderr, ", time limit %g s", st->time_limit);
  if (st->fail_limit > 0) fprintf(stderr, ", fail limit %" PRIu64, st->fail_limit);
  if (st->node_limit > 0) fprintf(stderr, ", node limit %" PRIu64, st->node_limit);
  fprintf(stderr, "\n%10s  %20s  %10s  %20s  %8s  %s\n", "time", "cost", "TDI %", "bound", "gap %", "phase");
}

void cli_report_progress(const moc_progress *p, void *user) {
  const cli_settings *st = user;
  const char *phase = p->phase ? p->phase : "";
  if (st->jsonl) {
    cli_jsonl_progress(&(cli_jsonl){stderr, st->topo_cost, st->budget}, p);
    return;
  }
  if (!p->has_solution) {
    fprintf(stderr, "%9.3fs  %20s  %10s  %20" PRId64 "  %8s  %s\n", p->elapsed_s, "-", "-", p->lower_bound, "-", phase);
    return;
  }
  fprintf(stderr, "%9.3fs  %20" PRId64 "  %10.4f  %20" PRId64 "  %8.4f  %s\n", p->elapsed_s, p->cost,
          cli_tdi_percent(p->cost, st->topo_cost), p->lower_bound, gap_percent(p->cost, p->lower_bound), phase);
}

void cli_report_summary(const cli_result *r, bool interrupted) {
  const moc_stats *st = &r->stats;
  if (interrupted) fprintf(stderr, "interrupted: the best schedule found so far is kept\n");
  if (r->schedule && r->eval) {
    int64_t cost = r->eval->cost;
    fprintf(stderr, "%s: cost %" PRId64 " (TDI %.4f %%), peak %" PRId64 " of budget %" PRId64 ", bound %" PRId64
            " (gap %.4f %%), %zu steps\n",
            moc_status_name(r->status), cost, cli_tdi_percent(cost, moc_graph_topo_cost(r->cg->graph)), r->eval->peak,
            r->budget, r->lower_bound, gap_percent(cost, r->lower_bound), r->length);
  } else {
    fprintf(stderr, "%s: no schedule within budget %" PRId64 "\n", moc_status_name(r->status), r->budget);
  }
  fprintf(stderr, "search: %.3f s (first schedule %.3f s, best %.3f s), %" PRIu64 " nodes, %" PRIu64
          " failures, %" PRIu64 " restarts\n",
          st->time_s, st->time_to_first_s, st->time_to_best_s, st->nodes, st->failures, st->restarts);
}
