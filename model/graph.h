/* graph.h — the inside of a moc_graph, for the rest of the library.
 *
 * A finished graph is stored as compressed adjacency (CSR) both ways, with the
 * reference topological order and its inverse, so that the evaluator, the
 * heuristics and the CP model read everything in O(1) per item.  Node indices
 * are dense (0..n-1, in the order nodes were added); `ids` maps back to the
 * caller's ids.  Predecessor and successor lists are sorted by index and hold
 * no duplicates.
 */
#ifndef MOC_MODEL_GRAPH_H
#define MOC_MODEL_GRAPH_H

#include "model/moccasin.h"

struct moc_graph {
  /* as built */
  uint32_t n;              /* nodes */
  uint32_t m;              /* edges (after removing repeats) */
  uint32_t cap_nodes;      /* allocated capacity of the per-node arrays */
  int64_t *ids;            /* ids[v]: the caller's id of node v */
  int64_t *cost;           /* cost[v] = w_v >= 0 */
  int64_t *size;           /* size[v] = m_v >= 0 */
  /* edges while building (pairs of indices), freed by finish */
  uint32_t *edge_src, *edge_dst;
  uint32_t edge_count, edge_cap;
  int64_t *given_order;    /* ids of graph.order, or NULL */
  size_t given_order_len;
  void *id_index;          /* id -> index lookup (owned by graph.c) */
  bool finished;

  /* after finish */
  uint32_t *pred_start;    /* preds of v: pred[pred_start[v] .. pred_start[v+1]) */
  uint32_t *pred;
  uint32_t *succ_start;    /* succs of v: succ[succ_start[v] .. succ_start[v+1]) */
  uint32_t *succ;
  uint32_t *order;         /* order[t]: the node first computed at stage t */
  uint32_t *position;      /* position[v] = t with order[t] = v (the k_v of SPEC §2) */
  moc_order_source order_source;
  int64_t topo_peak, topo_cost, min_budget;
  int64_t total_cost, total_size;  /* sums over all nodes (checked for overflow) */
  uint64_t fingerprint;

  char message[256];       /* last error */
};

#endif /* MOC_MODEL_GRAPH_H */
