/* plan.c — the moccasin library in one page: build a graph through the API,
 * solve it under a memory budget, and print the plan a runtime would follow
 * (what to compute at each step, where its output lives in the arena, what
 * can be freed after it).
 *
 * The graph is a small encoder–decoder: a chain of layers whose early outputs
 * are read again near the end (skip connections), the shape that makes
 * recomputation pay: keeping the early outputs alive costs memory, computing
 * them again costs time.
 *
 *   build:  cmake -S . -B build && cmake --build build --target moccasin-plan-example
 *   run:    ./build/examples/moccasin-plan-example [FRACTION]     (default 0.8)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "moccasin.h"

#define LAYERS 12

/* Node i is layer i: cost in microseconds, output size in bytes (the encoder
 * halves its output at each layer, the decoder's are small).  Layer i reads
 * layer i-1, and decoder layer LAYERS-1-i also reads encoder layer i. */
static moc_graph *build_graph(void) {
  moc_graph *g = moc_graph_create();
  if (!g) return NULL;
  for (int64_t i = 0; i < LAYERS; i++) {
    int64_t depth = i < LAYERS / 2 ? i : LAYERS - 1 - i;
    int64_t cost = 40 + 15 * depth, size = i < LAYERS / 2 ? (int64_t)65536 >> depth : 8192;
    if (moc_graph_add_node(g, i, cost, size) != MOC_OK) goto fail;
  }
  for (int64_t i = 1; i < LAYERS; i++)
    if (moc_graph_add_edge(g, i - 1, i) != MOC_OK) goto fail;
  for (int64_t i = 0; i < LAYERS / 2 - 1; i++)
    if (moc_graph_add_edge(g, i, LAYERS - 1 - i) != MOC_OK) goto fail;
  if (moc_graph_finish(g) != MOC_OK) goto fail;
  return g;
fail:
  fprintf(stderr, "graph: %s\n", moc_graph_error_message(g));
  moc_graph_free(g);
  return NULL;
}

static void print_plan(const moc_graph *g, const uint32_t *schedule, const moc_eval *ev, const moc_arena *a) {
  printf("%4s  %6s  %10s  %8s  %10s  %s\n", "step", "node", "offset", "bytes", "resident", "free after");
  for (size_t j = 0; j < ev->length; j++) {
    printf("%4zu  %6" PRId64 "  %10" PRId64 "  %8" PRId64 "  %10" PRId64 "  ", j, moc_graph_node_id(g, schedule[j]),
           a->offset[j], a->bytes[j], ev->memory[j]);
    for (size_t k = ev->free_start[j]; k < ev->free_start[j + 1]; k++)
      printf("%s%" PRId64, k > ev->free_start[j] ? "," : "", moc_graph_node_id(g, ev->free_nodes[k]));
    printf("\n");
  }
}

int main(int argc, char **argv) {
  const char *fraction = argc > 1 ? argv[1] : "0.8";
  moc_graph *g = build_graph();
  if (!g) return 1;
  moc_solver *s = moc_solver_create(g);
  int status = 1;
  if (!s || moc_solver_set_budget_fraction(s, fraction) != MOC_OK || moc_solver_set_time_limit(s, 5.0) != MOC_OK ||
      moc_solver_solve(s) != MOC_OK) {
    fprintf(stderr, "solver: %s\n", s ? moc_solver_error_message(s) : "out of memory");
    goto done;
  }
  printf("budget %" PRId64 " bytes (%s of the topological peak %" PRId64 "): %s\n", moc_solver_budget(s), fraction,
         moc_graph_topo_peak(g), moc_status_name(moc_solver_status(s)));
  size_t length = 0;
  const uint32_t *schedule = moc_solver_schedule(s, &length);
  if (!schedule) goto done;
  moc_arena *a = NULL;
  if (moc_arena_plan(g, schedule, length, MOC_ARENA_DEFAULT_ALIGNMENT, &a) != MOC_OK) goto done;
  printf("cost %" PRId64 " (topological %" PRId64 "), peak %" PRId64 ", arena %" PRId64 " bytes, %zu steps\n\n",
         moc_solver_cost(s), moc_graph_topo_cost(g), moc_solver_peak(s), a->size, length);
  print_plan(g, schedule, moc_solver_eval(s), a);
  moc_arena_free(a);
  status = 0;
done:
  moc_solver_free(s);
  moc_graph_free(g);
  return status;
}
