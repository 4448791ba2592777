/* graph_build.c — see graph_build.h. */
#include "support/graph_build.h"

#include <stdlib.h>

uint64_t gbuild_next(gbuild_rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint32_t gbuild_below(gbuild_rng *r, uint32_t bound) { return (uint32_t)(gbuild_next(r) % bound); }

moc_graph *gbuild_worked_example(void) {
  static const int64_t ids[] = {0, 1, 2, 3}, costs[] = {1, 1, 1, 1}, sizes[] = {2, 2, 1, 1};
  static const int64_t src[] = {0, 1, 2, 0}, dst[] = {1, 2, 3, 3};
  moc_graph *g = NULL;
  if (moc_graph_from_arrays(4, ids, costs, sizes, 4, src, dst, NULL, &g, NULL, 0) != MOC_OK) return NULL;
  return g;
}

moc_graph *gbuild_random_dag(gbuild_rng *r, uint32_t n, uint32_t percent) {
  moc_graph *g = moc_graph_create();
  if (!g) return NULL;
  for (uint32_t v = 0; v < n; v++) moc_graph_add_node(g, v, gbuild_below(r, 10), gbuild_below(r, 10));
  for (uint32_t v = 0; v < n; v++)
    for (uint32_t u = 0; u < v; u++)
      if (gbuild_below(r, 100) < percent) moc_graph_add_edge(g, u, v);
  if (moc_graph_finish(g) != MOC_OK) {
    moc_graph_free(g);
    return NULL;
  }
  return g;
}
