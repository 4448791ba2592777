/* graph_finish.c — freezing a graph: adjacency, reference order, figures.
 *
 * moc_graph_finish turns the edge list into sorted, duplicate-free CSR lists
 * both ways, checks that the graph is acyclic and that the 64-bit sums hold,
 * picks the reference topological order by the rule of SPEC §1 (the given
 * order after checking it; else ascending id when that is topological; else
 * Kahn's algorithm taking the smallest id first), scores that order with the
 * independent evaluator, and computes the budget lower bound
 * max_v (m_v + sum of predecessor sizes) and the XXH3-64 fingerprint.
 */
#include "model/graph_internal.h"
#include "model/graph_index.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static void drop_derived(moc_graph *g) {
  free(g->pred_start);
  free(g->pred);
  free(g->succ_start);
  free(g->succ);
  free(g->order);
  free(g->position);
  g->pred_start = g->pred = g->succ_start = g->succ = g->order = g->position = NULL;
  g->m = 0;
}

static moc_error sum_totals(moc_graph *g) {
  int64_t cost = 0, size = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    if (__builtin_add_overflow(cost, g->cost[v], &cost))
      return moc_graph_fail(g, MOC_ERR_OVERFLOW, "the sum of node costs exceeds 64 bits");
    if (__builtin_add_overflow(size, g->size[v], &size))
      return moc_graph_fail(g, MOC_ERR_OVERFLOW, "the sum of node sizes exceeds 64 bits");
  }
  g->total_cost = cost;
  g->total_size = size;
  return MOC_OK;
}

static int compare_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Predecessor lists by counting sort on the target, each sorted and deduplicated;
 * successor lists follow from them already sorted. */
static bool build_adjacency(moc_graph *g) {
  uint32_t n = g->n, e = g->edge_count;
  g->pred_start = calloc((size_t)n + 1, sizeof *g->pred_start);
  g->succ_start = calloc((size_t)n + 1, sizeof *g->succ_start);
  g->pred = malloc(((size_t)e + 1) * sizeof *g->pred);
  g->succ = malloc(((size_t)e + 1) * sizeof *g->succ);
  uint32_t *fill = calloc((size_t)n + 1, sizeof *fill);
  if (!g->pred_start || !g->succ_start || !g->pred || !g->succ || !fill) {
    free(fill);
    return false;
  }
  for (uint32_t i = 0; i < e; i++) g->pred_start[g->edge_dst[i] + 1]++;
  for (uint32_t v = 0; v < n; v++) g->pred_start[v + 1] += g->pred_start[v];
  for (uint32_t i = 0; i < e; i++) {
    uint32_t v = g->edge_dst[i];
    g->pred[g->pred_start[v] + fill[v]++] = g->edge_src[i];
  }
  uint32_t m = 0;
  for (uint32_t v = 0; v < n; v++) {
    uint32_t *list = g->pred + g->pred_start[v];
    uint32_t len = g->pred_start[v + 1] - g->pred_start[v];
    qsort(list, len, sizeof *list, compare_u32);
    g->pred_start[v] = m;
    for (uint32_t i = 0; i < len; i++)
      if (i == 0 || list[i] != list[i - 1]) g->pred[m++] = list[i];
  }
  g->pred_start[n] = m;
  g->m = m;
  for (uint32_t i = 0; i < m; i++) g->succ_start[g->pred[i] + 1]++;
  for (uint32_t v = 0; v < n; v++) g->succ_start[v + 1] += g->succ_start[v];
  memset(fill, 0, ((size_t)n + 1) * sizeof *fill);
  for (uint32_t v = 0; v < n; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) {
      uint32_t u = g->pred[i];
      g->succ[g->succ_start[u] + fill[u]++] = v;
    }
  free(fill);
  return true;
}

/* ---- Kahn's algorithm, smallest id first (a binary min-heap on ids) ---- */

static bool id_less(const moc_graph *g, uint32_t a, uint32_t b) { return g->ids[a] < g->ids[b]; }

static void heap_push(const moc_graph *g, uint32_t *heap, uint32_t *len, uint32_t v) {
  uint32_t i = (*len)++;
  while (i > 0 && id_less(g, v, heap[(i - 1) / 2])) {
    heap[i] = heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  heap[i] = v;
}

static uint32_t heap_pop(const moc_graph *g, uint32_t *heap, uint32_t *len) {
  uint32_t top = heap[0], last = heap[--(*len)], i = 0;
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= *len) break;
    if (c + 1 < *len && id_less(g, heap[c + 1], heap[c])) c++;
    if (!id_less(g, heap[c], last)) break;
    heap[i] = heap[c];
    i = c;
  }
  if (*len > 0) heap[i] = last;
  return top;
}

/* Writes Kahn's order into out[]; returns how many nodes it placed (< n on a cycle).
 * indegree[] is scratch of n entries. */
static uint32_t kahn(const moc_graph *g, uint32_t *out, uint32_t *indegree, uint32_t *heap) {
  uint32_t len = 0, placed = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    indegree[v] = g->pred_start[v + 1] - g->pred_start[v];
    if (indegree[v] == 0) heap_push(g, heap, &len, v);
  }
  while (len > 0) {
    uint32_t u = heap_pop(g, heap, &len);
    out[placed++] = u;
    for (uint32_t i = g->succ_start[u]; i < g->succ_start[u + 1]; i++)
      if (--indegree[g->succ[i]] == 0) heap_push(g, heap, &len, g->succ[i]);
  }
  return placed;
}

/* After a failed Kahn pass (indegree[v] > 0 marks the nodes left), walks
 * predecessors among those nodes until one repeats: that node is on a cycle. */
static moc_error report_cycle(moc_graph *g, const uint32_t *indegree, uint32_t *seen) {
  uint32_t v = 0;
  while (indegree[v] == 0) v++;
  memset(seen, 0, (size_t)g->n * sizeof *seen);
  while (!seen[v]) {
    seen[v] = 1;
    uint32_t i = g->pred_start[v];
    while (indegree[g->pred[i]] == 0) i++;
    v = g->pred[i];
  }
  return moc_graph_fail(g, MOC_ERR_CYCLE, "the graph has a cycle through node id %lld", (long long)g->ids[v]);
}

static bool is_topological(const moc_graph *g, const uint32_t *position) {
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
      if (position[g->pred[i]] >= position[v]) return false;
  return true;
}

static void set_positions(moc_graph *g) {
  for (uint32_t t = 0; t < g->n; t++) g->position[g->order[t]] = t;
}

/* Checks the caller's order and, when it is a topological order of all nodes, adopts it. */
static moc_error adopt_given_order(moc_graph *g) {
  if (g->given_order_len != g->n)
    return moc_graph_fail(g, MOC_ERR_BAD_ORDER, "the given order has %zu ids for %u nodes", g->given_order_len, g->n);
  for (uint32_t v = 0; v < g->n; v++) g->position[v] = UINT32_MAX;
  for (uint32_t t = 0; t < g->n; t++) {
    int64_t id = g->given_order[t];
    uint32_t v;
    if (!moc_id_index_find(g->id_index, id, &v))
      return moc_graph_fail(g, MOC_ERR_BAD_ORDER, "the given order names unknown node id %lld", (long long)id);
    if (g->position[v] != UINT32_MAX)
      return moc_graph_fail(g, MOC_ERR_BAD_ORDER, "the given order lists node id %lld twice", (long long)id);
    g->position[v] = t;
    g->order[t] = v;
  }
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
      if (g->position[g->pred[i]] >= g->position[v])
        return moc_graph_fail(g, MOC_ERR_BAD_ORDER,
                              "the given order is not topological: node id %lld comes before its input %lld",
                              (long long)g->ids[v], (long long)g->ids[g->pred[i]]);
  g->order_source = MOC_ORDER_GIVEN;
  return MOC_OK;
}

static moc_error choose_order(moc_graph *g) {
  g->order = malloc(((size_t)g->n + 1) * sizeof *g->order);
  g->position = malloc(((size_t)g->n + 1) * sizeof *g->position);
  uint32_t *scratch = malloc(((size_t)g->n + 1) * sizeof *scratch);
  uint32_t *heap = malloc(((size_t)g->n + 1) * sizeof *heap);
  moc_error err = MOC_OK;
  if (!g->order || !g->position || !scratch || !heap) {
    err = moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  } else if (kahn(g, g->order, scratch, heap) < g->n) {
    err = report_cycle(g, scratch, heap);
  } else if (g->given_order) {
    err = adopt_given_order(g);
  } else {
    /* No cycle.  Ascending id (a heap sort on ids) is used when every edge goes forward in it. */
    uint32_t len = 0;
    for (uint32_t v = 0; v < g->n; v++) heap_push(g, heap, &len, v);
    for (uint32_t t = 0; t < g->n; t++) g->order[t] = heap_pop(g, heap, &len);
    set_positions(g);
    if (is_topological(g, g->position)) {
      g->order_source = MOC_ORDER_ASCENDING_ID;
    } else {
      kahn(g, g->order, scratch, heap);
      g->order_source = MOC_ORDER_KAHN;
    }
    set_positions(g);
  }
  free(scratch);
  free(heap);
  return err;
}

static void compute_min_budget(moc_graph *g) {
  int64_t best = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    int64_t need = g->size[v]; /* at most total_size: no overflow */
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) need += g->size[g->pred[i]];
    if (need > best) best = need;
  }
  g->min_budget = best;
}

typedef struct canon_node { int64_t id, cost, size; } canon_node;
typedef struct canon_edge { int64_t src, dst; } canon_edge;

static int compare_node(const void *a, const void *b) {
  int64_t x = ((const canon_node *)a)->id, y = ((const canon_node *)b)->id;
  return (x > y) - (x < y);
}

static int compare_edge(const void *a, const void *b) {
  const canon_edge *x = a, *y = b;
  if (x->src != y->src) return (x->src > y->src) - (x->src < y->src);
  return (x->dst > y->dst) - (x->dst < y->dst);
}

/* The canonical graph: n, then (id, cost, size) by ascending id, then m, then
 * the edges as (source id, target id) pairs in ascending order; every number
 * as 8 little-endian bytes.  Independent of the order nodes and edges came in. */
static bool compute_fingerprint(moc_graph *g) {
  size_t words = 2 + 3 * (size_t)g->n + 2 * (size_t)g->m;
  canon_node *nodes = malloc(((size_t)g->n + 1) * sizeof *nodes);
  canon_edge *edges = malloc(((size_t)g->m + 1) * sizeof *edges);
  unsigned char *bytes = malloc(words * 8);
  if (!nodes || !edges || !bytes) {
    free(nodes), free(edges), free(bytes);
    return false;
  }
  for (uint32_t v = 0; v < g->n; v++) nodes[v] = (canon_node){g->ids[v], g->cost[v], g->size[v]};
  uint32_t k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
      edges[k++] = (canon_edge){g->ids[g->pred[i]], g->ids[v]};
  qsort(nodes, g->n, sizeof *nodes, compare_node);
  qsort(edges, g->m, sizeof *edges, compare_edge);
  size_t w = 0;
  int64_t *word = malloc(words * sizeof *word);
  if (!word) {
    free(nodes), free(edges), free(bytes);
    return false;
  }
  word[w++] = g->n;
  for (uint32_t v = 0; v < g->n; v++) word[w++] = nodes[v].id, word[w++] = nodes[v].cost, word[w++] = nodes[v].size;
  word[w++] = g->m;
  for (uint32_t i = 0; i < g->m; i++) word[w++] = edges[i].src, word[w++] = edges[i].dst;
  for (size_t i = 0; i < words; i++)
    for (int b = 0; b < 8; b++) bytes[8 * i + (size_t)b] = (unsigned char)((uint64_t)word[i] >> (8 * b));
  g->fingerprint = XXH3_64bits(bytes, words * 8);
  free(nodes), free(edges), free(bytes), free(word);
  return true;
}

static moc_error score_order(moc_graph *g) {
  moc_eval *ev = NULL;
  moc_error err = moc_evaluate(g, g->order, g->n, &ev);
  if (err) return moc_graph_fail(g, err, "scoring the reference order failed: %s", moc_error_name(err));
  if (!ev->valid) {
    moc_eval_free(ev);
    return moc_graph_fail(g, MOC_ERR_INTERNAL, "the reference order is not a valid schedule");
  }
  g->topo_peak = ev->peak;
  g->topo_cost = ev->cost;
  moc_eval_free(ev);
  return MOC_OK;
}

moc_error moc_graph_finish(moc_graph *g) {
  if (!g) return MOC_ERR_ARGUMENT;
  if (g->finished) return moc_graph_fail(g, MOC_ERR_STATE, "the graph is already finished");
  moc_error err = sum_totals(g);
  if (err) return err;
  if (!build_adjacency(g)) {
    drop_derived(g);
    return moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  }
  err = choose_order(g);
  if (!err && !compute_fingerprint(g)) err = moc_graph_fail(g, MOC_ERR_NOMEM, "out of memory");
  if (!err) {
    compute_min_budget(g);
    g->finished = true;
    err = score_order(g);
    g->finished = !err;
  }
  if (err) {
    drop_derived(g);
    return err;
  }
  free(g->edge_src);
  free(g->edge_dst);
  g->edge_src = g->edge_dst = NULL;
  g->edge_count = g->edge_cap = 0;
  g->message[0] = '\0';
  return MOC_OK;
}
