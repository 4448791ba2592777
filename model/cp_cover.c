/* cp_cover.c — posts the cover constraints of the MOCCASIN model: one cover
 * propagator per node u that somebody reads, over u's copies and every copy
 * of every successor of u (propagators/cover.h). */
#include <stdlib.h>

#include "model/cp_model.h"
#include "propagators/cover.h"

int moc_cp_post_covers(moc_cp_model *m) {
  const moc_graph *g = m->g;
  size_t most = 1;
  for (uint32_t u = 0; u < g->n; u++) {
    size_t count = 0;
    for (uint32_t j = g->succ_start[u]; j < g->succ_start[u + 1]; j++)
      count += m->copies_of[g->succ[j]];
    if (count > most) most = count;
  }
  moc_interval *consumers = malloc(most * sizeof *consumers);
  if (!consumers) return -1;
  int rc = 0;
  for (uint32_t u = 0; u < g->n && rc == 0; u++) {
    uint32_t count = 0;
    for (uint32_t j = g->succ_start[u]; j < g->succ_start[u + 1]; j++) {
      uint32_t v = g->succ[j];
      for (uint32_t i = 0; i < m->copies_of[v]; i++) consumers[count++] = *moc_cp_interval(m, v, (int)i);
    }
    if (count == 0) continue;
    moc_cover_spec spec = {.producer = moc_cp_interval(m, u, 0), .nprod = m->copies_of[u],
                           .consumer = consumers, .ncons = count};
    rc = moc_cover_post(m->e, &spec);
  }
  free(consumers);
  return rc;
}
