/* gen_training.c — turns a forward network graph into a training graph.
 *
 * Checkmate (Jain et al., MLSys 2020) and the MOCCASIN paper schedule the
 * training graph: the forward ops, the loss, and one backward op per forward
 * activation.  We build it by reverse-mode differentiation at the level of
 * ops:
 *
 *   f_0 .. f_{n-1}   the forward graph as given (topological by index, the
 *                    network output last)
 *   loss             reads f_{n-1}
 *   g_v              the gradient of the loss with respect to f_v's output,
 *                    for v = n-1 down to 0, skipping forward sources (inputs
 *                    need no gradient).  g_{n-1} reads loss and f_{n-1}; any
 *                    other g_v reads, for every consumer s of v, g_s and every
 *                    input of s (the vector-Jacobian product of s needs them).
 *
 * Sizes: g_v is as large as f_v.  Costs: the backward of an op costs about
 * twice its forward (data and weight gradients), split evenly among the op's
 * inputs, so g_v costs the sum over consumers s of ceil(2 w_s / indeg(s)).
 * Indices stay topological, so ascending id is the reference order.
 */
#include "benchmarks/gen.h"

#include <stdlib.h>
#include <string.h>

typedef struct adjacency {
  uint32_t *pred_start, *pred, *succ_start, *succ;
} adjacency;

static void csr(uint32_t n, uint32_t m, const uint32_t *from, const uint32_t *to,
                uint32_t *start, uint32_t *out) {
  memset(start, 0, (n + 1) * sizeof *start);
  for (uint32_t i = 0; i < m; i++)
    start[from[i] + 1]++;
  for (uint32_t v = 0; v < n; v++)
    start[v + 1] += start[v];
  for (uint32_t i = 0; i < m; i++)
    out[start[from[i]]++] = to[i];
  for (uint32_t v = n; v > 0; v--)
    start[v] = start[v - 1];
  start[0] = 0;
}

static bool build_adjacency(const gen_graph *g, adjacency *a) {
  a->pred_start = malloc((g->n + 1) * sizeof *a->pred_start);
  a->succ_start = malloc((g->n + 1) * sizeof *a->succ_start);
  a->pred = malloc((g->m + 1) * sizeof *a->pred);
  a->succ = malloc((g->m + 1) * sizeof *a->succ);
  if (!a->pred_start || !a->succ_start || !a->pred || !a->succ)
    return false;
  csr(g->n, g->m, g->dst, g->src, a->pred_start, a->pred);
  csr(g->n, g->m, g->src, g->dst, a->succ_start, a->succ);
  return true;
}

static void free_adjacency(adjacency *a) {
  free(a->pred_start);
  free(a->pred);
  free(a->succ_start);
  free(a->succ);
}

static int64_t grad_cost(const gen_graph *f, const adjacency *a, uint32_t v) {
  int64_t cost = 0;
  for (uint32_t e = a->succ_start[v]; e < a->succ_start[v + 1]; e++) {
    uint32_t s = a->succ[e];
    int64_t indeg = a->pred_start[s + 1] - a->pred_start[s];
    cost += (2 * f->cost[s] + indeg - 1) / indeg;
  }
  return cost;
}

/* Adds g_v's node and edges; grad[] maps forward nodes to gradient nodes and
 * stamp[] keeps an input read by two consumers of v from giving two edges. */
static bool add_gradient(gen_graph *out, const gen_graph *f, const adjacency *a,
                         uint32_t v, uint32_t loss, uint32_t *grad, uint32_t *stamp) {
  char label[GEN_LABEL_LEN];
  snprintf(label, sizeof label, "grad_%.30s", f->labelled ? f->label[v] : "");
  bool last = v + 1 == f->n;
  uint32_t gv = gen_graph_add_node(out, last ? out->cost[loss] : grad_cost(f, a, v), f->size[v],
                                   label);
  if (gv == UINT32_MAX)
    return false;
  grad[v] = gv;
  if (last)
    return gen_graph_add_edge(out, loss, gv) && gen_graph_add_edge(out, v, gv);
  for (uint32_t e = a->succ_start[v]; e < a->succ_start[v + 1]; e++) {
    uint32_t s = a->succ[e];
    if (!gen_graph_add_edge(out, grad[s], gv))
      return false;
    for (uint32_t q = a->pred_start[s]; q < a->pred_start[s + 1]; q++) {
      uint32_t u = a->pred[q];
      if (stamp[u] == gv)
        continue;
      stamp[u] = gv;
      if (!gen_graph_add_edge(out, u, gv))
        return false;
    }
  }
  return true;
}

static bool copy_forward(gen_graph *out, const gen_graph *f) {
  for (uint32_t v = 0; v < f->n; v++)
    if (gen_graph_add_node(out, f->cost[v], f->size[v], f->labelled ? f->label[v] : NULL) ==
        UINT32_MAX)
      return false;
  for (uint32_t i = 0; i < f->m; i++)
    if (!gen_graph_add_edge(out, f->src[i], f->dst[i]))
      return false;
  return true;
}

bool gen_training(const gen_graph *fwd, gen_graph *out) {
  if (fwd->n == 0)
    return false;
  adjacency a = {0};
  if (out->n == 0)
    out->labelled = fwd->labelled;
  uint32_t *grad = malloc(fwd->n * sizeof *grad);
  uint32_t *stamp = malloc(fwd->n * sizeof *stamp);
  if (stamp)
    memset(stamp, 0xff, fwd->n * sizeof *stamp);
  bool ok = grad && stamp && build_adjacency(fwd, &a) && copy_forward(out, fwd);
  /* the loss: a scalar from the output, about as costly as reading it */
  int64_t loss_cost = fwd->cost[fwd->n - 1] / 100 + 1;
  uint32_t loss = ok ? gen_graph_add_node(out, loss_cost, 4, "loss") : UINT32_MAX;
  ok = ok && loss != UINT32_MAX && gen_graph_add_edge(out, fwd->n - 1, loss);
  for (uint32_t v = fwd->n; ok && v-- > 0;)
    if (a.pred_start[v + 1] > a.pred_start[v] || v + 1 == fwd->n)
      ok = add_gradient(out, fwd, &a, v, loss, grad, stamp);
  free(grad);
  free(stamp);
  free_adjacency(&a);
  out->checkmate_keys = fwd->checkmate_keys;
  return ok;
}
