/* graph.c — building a graph through the C API, and reading it back.
 *
 * A graph is built by add_node / add_edge / set_order calls and frozen by
 * moc_graph_finish (graph_finish.c), which derives the adjacency, the reference
 * order and the figures of SPEC §1.  Everything a caller can get wrong is
 * checked here or at finish and reported as an error code with a one-line
 * message on the handle (SPEC §5): duplicate ids, unknown ids, negative
 * values; cycles, bad orders and 64-bit overflow are found at finish.
 */
#include "model/graph_internal.h"
#include "model/graph_index.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES (UINT32_MAX - 1u)

moc_error moc_graph_fail(moc_graph *g, moc_error err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->message, sizeof g->message, fmt, ap);
  va_end(ap);
  return err;
}

moc_graph *moc_graph_create(void) {
  moc_graph *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  g->id_index = moc_id_index_create();
  if (!g->id_index) {
    free(g);
    return NULL;
  }
  return g;
}

void moc_graph_free(moc_graph *g) {
  if (!g) return;
  free(g->ids);
  free(g->cost);
  free(g->size);
  free(g->edge_src);
  free(g->edge_dst);
  free(g->given_order);
  moc_id_index_free(g->id_index);
  free(g->pred_start);
  free(g->pred);
  free(g->succ_start);
  free(g->succ);
  free(g->order);
  free(g->position);
  free(g);
}

const char *moc_graph_error_message(const moc_graph *g) { return g ? g->message : ""; }

/* Grows an array of `count` elements of `elem` bytes to `cap` elements. */
static bool resize(void **array, size_t cap, size_t elem) {
  void *p = realloc(*array, cap * elem);
  if (!p) return false;
  *array = p;
  return true;
}

static bool grow_nodes(moc_graph *g) {
  uint32_t cap = g->cap_nodes ? (g->cap_nodes > MAX_NODES / 2 ? MAX_NODES : 2 * g->cap_nodes) : 16;
  if (!resize((void **)&g->ids, cap, sizeof *g->ids)) return false;
  if (!resize((void **)&g->cost, cap, sizeof *g->cost)) return false;
  if (!resize((void **)&g->size, cap, sizeof *g->size)) return false;
  g->cap_nodes = cap;
  return true;
}

moc_error moc_graph_add_node(moc_graph *g, int64_t id, int64_t cost, int64_t size) {
  if (!g) return MOC_ERR_ARGUMENT;
  if (g->finished) return moc_graph_fail(g, MOC_ERR_STATE, "node %lld added after finish", (long long)id);
  if (cost < 0) return moc_graph_fail(g, MOC_ERR_NEGATIVE, "node %lld: negative cost %lld", (long long)id, (long long)cost);
  if (size < 0) return moc_graph_fail(g, MOC_ERR_NEGATIVE, "node %lld: negative size %lld", (long long)id, (long long)size);
  uint32_t other;
  if (moc_id_index_find(g->id_index, id, &other))
    return moc_graph_fail(g, MOC_ERR_DUPLICATE_ID, "duplicate node id %lld", (long long)id);
  if (g->n == MAX_NODES) return moc_graph_fail(g, MOC_ERR_OVERFLOW, "too many nodes");
  if (g->n == g->cap_nodes && !grow_nodes(g)) return moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  if (!moc_id_index_insert(g->id_index, id, g->n)) return moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  g->ids[g->n] = id;
  g->cost[g->n] = cost;
  g->size[g->n] = size;
  g->n++;
  return MOC_OK;
}

moc_error moc_graph_add_edge(moc_graph *g, int64_t src_id, int64_t dst_id) {
  if (!g) return MOC_ERR_ARGUMENT;
  if (g->finished)
    return moc_graph_fail(g, MOC_ERR_STATE, "edge %lld -> %lld added after finish", (long long)src_id, (long long)dst_id);
  uint32_t src, dst;
  if (!moc_id_index_find(g->id_index, src_id, &src))
    return moc_graph_fail(g, MOC_ERR_UNKNOWN_ID, "edge %lld -> %lld: unknown node id %lld", (long long)src_id,
                          (long long)dst_id, (long long)src_id);
  if (!moc_id_index_find(g->id_index, dst_id, &dst))
    return moc_graph_fail(g, MOC_ERR_UNKNOWN_ID, "edge %lld -> %lld: unknown node id %lld", (long long)src_id,
                          (long long)dst_id, (long long)dst_id);
  if (g->edge_count == UINT32_MAX) return moc_graph_fail(g, MOC_ERR_OVERFLOW, "too many edges");
  if (g->edge_count == g->edge_cap) {
    uint32_t cap = g->edge_cap ? (g->edge_cap > UINT32_MAX / 2 ? UINT32_MAX : 2 * g->edge_cap) : 16;
    if (!resize((void **)&g->edge_src, cap, sizeof *g->edge_src) ||
        !resize((void **)&g->edge_dst, cap, sizeof *g->edge_dst))
      return moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
    g->edge_cap = cap;
  }
  g->edge_src[g->edge_count] = src;
  g->edge_dst[g->edge_count] = dst;
  g->edge_count++;
  return MOC_OK;
}

moc_error moc_graph_set_order(moc_graph *g, const int64_t *ids, size_t count) {
  if (!g || (!ids && count > 0)) return MOC_ERR_ARGUMENT;
  if (g->finished) return moc_graph_fail(g, MOC_ERR_STATE, "order given after finish");
  int64_t *copy = malloc((count ? count : 1) * sizeof *copy);
  if (!copy) return moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  if (count) memcpy(copy, ids, count * sizeof *copy);
  free(g->given_order);
  g->given_order = copy;
  g->given_order_len = count;
  return MOC_OK;
}

static void copy_message(const char *text, char *msg, size_t msg_size) {
  if (!msg || msg_size == 0) return;
  snprintf(msg, msg_size, "%s", text);
}

moc_error moc_graph_from_arrays(size_t n, const int64_t *ids, const int64_t *costs, const int64_t *sizes,
                                size_t m, const int64_t *edge_src, const int64_t *edge_dst,
                                const int64_t *order, moc_graph **out, char *msg, size_t msg_size) {
  if (!out) return MOC_ERR_ARGUMENT;
  *out = NULL;
  if ((n && (!ids || !costs || !sizes)) || (m && (!edge_src || !edge_dst))) {
    copy_message("NULL array", msg, msg_size);
    return MOC_ERR_ARGUMENT;
  }
  moc_graph *g = moc_graph_create();
  if (!g) {
    copy_message("out of memory", msg, msg_size);
    return MOC_ERR_NOMEM;
  }
  moc_error err = MOC_OK;
  for (size_t i = 0; i < n && !err; i++) err = moc_graph_add_node(g, ids[i], costs[i], sizes[i]);
  for (size_t i = 0; i < m && !err; i++) err = moc_graph_add_edge(g, edge_src[i], edge_dst[i]);
  if (!err && order) err = moc_graph_set_order(g, order, n);
  if (!err) err = moc_graph_finish(g);
  if (err) {
    copy_message(g->message, msg, msg_size);
    moc_graph_free(g);
    return err;
  }
  copy_message("", msg, msg_size);
  *out = g;
  return MOC_OK;
}

/* ---- queries ---- */

size_t moc_graph_node_count(const moc_graph *g) { return g ? g->n : 0; }
size_t moc_graph_edge_count(const moc_graph *g) { return g && g->finished ? g->m : 0; }
int64_t moc_graph_node_id(const moc_graph *g, uint32_t index) { return g && index < g->n ? g->ids[index] : -1; }
int64_t moc_graph_node_cost(const moc_graph *g, uint32_t index) { return g && index < g->n ? g->cost[index] : -1; }
int64_t moc_graph_node_size(const moc_graph *g, uint32_t index) { return g && index < g->n ? g->size[index] : -1; }

bool moc_graph_find(const moc_graph *g, int64_t id, uint32_t *index) {
  uint32_t found;
  if (!g || !moc_id_index_find(g->id_index, id, &found)) return false;
  if (index) *index = found;
  return true;
}

const uint32_t *moc_graph_topo_order(const moc_graph *g) { return g && g->finished ? g->order : NULL; }
moc_order_source moc_graph_order_source(const moc_graph *g) { return g ? g->order_source : MOC_ORDER_GIVEN; }
int64_t moc_graph_topo_peak(const moc_graph *g) { return g ? g->topo_peak : 0; }
int64_t moc_graph_topo_cost(const moc_graph *g) { return g ? g->topo_cost : 0; }
int64_t moc_graph_min_budget(const moc_graph *g) { return g ? g->min_budget : 0; }
uint64_t moc_graph_fingerprint(const moc_graph *g) { return g ? g->fingerprint : 0; }
