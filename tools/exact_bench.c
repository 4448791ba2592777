/* exact_bench.c — the exact search (model/exact.h) alone on a graph file:
 * nodes, time, the bound as it rises, and whether it finished (issue 7's
 * proofs).  The upper bound is given (e.g. the incumbent the solver's
 * heuristics find), or none.
 *
 *     exact_bench GRAPH.json FRACTION [--upper COST] [--copies C] [--seconds T]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/graph_reader.h"
#include "model/exact.h"
#include "model/graph.h"

typedef struct watch {
  struct timespec t0;
} watch;

static double since(const watch *w) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - w->t0.tv_sec) + (double)(now.tv_nsec - w->t0.tv_nsec) * 1e-9;
}

static void on_bound(void *user, int64_t bound) {
  printf("%8.3f s  bound %lld\n", since(user), (long long)bound);
  fflush(stdout);
}

static void on_incumbent(void *user, const moc_remat *r, size_t count, int64_t cost) {
  (void)r;
  printf("%8.3f s  schedule %lld (%zu recomputations)\n", since(user), (long long)cost, count);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: exact_bench GRAPH.json FRACTION [--upper COST] [--copies C] [--seconds T]\n");
    return 64;
  }
  cli_graph cg;
  cli_error err;
  if (cli_graph_read(argv[1], &cg, &err) != 0) {
    fprintf(stderr, "exact_bench: cannot read %s\n", argv[1]);
    return 66;
  }
  moc_exact_params p = {0};
  p.copies = 2;
  p.upper = INT64_MAX;
  p.time_limit_s = 60;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--upper")) p.upper = strtoll(argv[i + 1], NULL, 10);
    if (!strcmp(argv[i], "--copies")) p.copies = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--seconds")) p.time_limit_s = atof(argv[i + 1]);
  }
  const moc_graph *g = cg.graph;
  if (moc_graph_budget_from_fraction(g, argv[2], &p.budget) != MOC_OK) return 64;
  watch w;
  clock_gettime(CLOCK_MONOTONIC, &w.t0);
  p.on_bound = on_bound;
  p.on_incumbent = on_incumbent;
  p.user = &w;
  printf("%s  n %u  budget %lld  topo cost %lld\n", cg.name, g->n, (long long)p.budget,
         (long long)g->topo_cost);
  moc_exact_result r;
  if (moc_exact_solve(g, &p, &r) != 0) return 70;
  printf("%s  %.3f s  nodes %llu  best %lld  bound %lld  (%.0f nodes/s)\n",
         r.exhausted ? "exhausted" : "stopped", since(&w), (unsigned long long)r.nodes,
         (long long)r.upper, (long long)r.bound, (double)r.nodes / since(&w));
  cli_graph_free(&cg);
  return 0;
}
