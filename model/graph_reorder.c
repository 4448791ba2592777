/* graph_reorder.c — a graph with another reference order (see order.h).
 *
 * The staged machinery of heuristic.h reads the order of first computations
 * from g->order and g->position.  To run it on a candidate order, a *view*
 * borrows every array of the finished graph (adjacency, costs, sizes) and
 * swaps in the candidate order: O(n + m) to build, nothing copied.  A clone
 * (moc_graph_reorder) is the independent, owning version of the same thing,
 * built through the public constructor so that it is checked like any graph.
 * Node indices are the same in both, so schedules carry over unchanged.
 */
#include <stdlib.h>

#include "model/order.h"

bool moc_graph_view(moc_graph *view, const moc_graph *g, uint32_t *order, uint32_t *position) {
  if (!view || !g || !g->finished || !order || !position) return false;
  if (!moc_order_is_topological(g, order)) return false;
  *view = *g;
  view->order = order;
  view->position = position;
  view->given_order = NULL;
  view->given_order_len = 0;
  view->order_source = MOC_ORDER_GIVEN;
  for (uint32_t t = 0; t < g->n; t++) position[order[t]] = t;
  moc_order_work w;
  if (moc_order_work_init(&w, g->n) != 0) return false;
  view->topo_peak = moc_order_profile(g, order, &w);
  moc_order_work_free(&w);
  return true;
}

/* Every edge as a pair of ids, in CSR order. */
static void edge_ids(const moc_graph *g, int64_t *src, int64_t *dst) {
  size_t k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++, k++) {
      src[k] = g->ids[g->pred[i]];
      dst[k] = g->ids[v];
    }
}

moc_error moc_graph_reorder(const moc_graph *g, const uint32_t *order, moc_graph **out) {
  if (!out) return MOC_ERR_ARGUMENT;
  *out = NULL;
  if (!g || !g->finished || !order) return MOC_ERR_ARGUMENT;
  if (!moc_order_is_topological(g, order)) return MOC_ERR_BAD_ORDER;
  int64_t *src = malloc(((size_t)g->m + 1) * sizeof *src);
  int64_t *dst = malloc(((size_t)g->m + 1) * sizeof *dst);
  int64_t *ids = malloc(((size_t)g->n + 1) * sizeof *ids);
  moc_error err = MOC_ERR_NOMEM;
  if (src && dst && ids) {
    edge_ids(g, src, dst);
    for (uint32_t t = 0; t < g->n; t++) ids[t] = g->ids[order[t]];
    err = moc_graph_from_arrays(g->n, g->ids, g->cost, g->size, g->m, src, dst, ids, out, NULL, 0);
  }
  free(src);
  free(dst);
  free(ids);
  return err;
}
