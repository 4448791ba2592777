/* random_graph.c — seeded random tiny graphs for tests (see random_graph.h). */
#include "support/random_graph.h"

#include <stdbool.h>
#include <stddef.h>

uint64_t moc_test_rand(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

moc_graph *moc_test_random_graph(uint64_t seed, uint32_t min_n, uint32_t max_n, int64_t max_value) {
  uint64_t st = seed * UINT64_C(7919) + 17;
  uint32_t n = min_n + (uint32_t)(moc_test_rand(&st) % (max_n - min_n + 1));
  /* a hidden topological order: rank[i] is node i's place in it */
  uint32_t perm[64];
  for (uint32_t i = 0; i < n; i++) perm[i] = i;
  bool shuffled = moc_test_rand(&st) % 3 == 0;
  if (shuffled)
    for (uint32_t i = n - 1; i > 0; i--) {
      uint32_t j = (uint32_t)(moc_test_rand(&st) % (i + 1));
      uint32_t t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  moc_graph *g = moc_graph_create();
  for (uint32_t i = 0; i < n; i++) {
    int64_t cost = (int64_t)(moc_test_rand(&st) % (uint64_t)(max_value + 1));
    int64_t size = (int64_t)(moc_test_rand(&st) % (uint64_t)(max_value + 1));
    moc_graph_add_node(g, 100 + 3 * (int64_t)i, cost, size);
  }
  /* edges go forward in the hidden order perm[0], perm[1], ... */
  unsigned density = 30 + (unsigned)(moc_test_rand(&st) % 50);
  for (uint32_t a = 0; a < n; a++)
    for (uint32_t b = a + 1; b < n; b++)
      if (moc_test_rand(&st) % 100 < density)
        moc_graph_add_edge(g, 100 + 3 * (int64_t)perm[a], 100 + 3 * (int64_t)perm[b]);
  if (shuffled && moc_test_rand(&st) % 2 == 0) {
    int64_t order[64];
    for (uint32_t i = 0; i < n; i++) order[i] = 100 + 3 * (int64_t)perm[i];
    moc_graph_set_order(g, order, n);
  }
  if (moc_graph_finish(g) != MOC_OK) {
    moc_graph_free(g);
    return NULL;
  }
  return g;
}
