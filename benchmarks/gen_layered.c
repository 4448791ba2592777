/* gen_layered.c — random layered DAGs in the spirit of the paper's instances.
 *
 * The MOCCASIN paper benchmarks on the "layered graphs" of Gagrani et al.,
 * "Neural Topological Ordering for Computation Graphs" (NeurIPS 2022,
 * appendix A), named random_layered_n<N>_w<W>_nlv<NLV>_ed<ED>_scd<SCD>.  We
 * follow those five parameters and fitted the rules below to the four paper
 * files in benchmarks/graphs (n = 100, 250, 500, 1000):
 *
 *   source (id 0) -> layer 1 -> layer 2 -> ... -> layer L -> sink (id n-1)
 *
 *   - layer widths: uniform integers in m * [1 - nlv, 1 + nlv] with mean
 *     m = 2 w sqrt(n) (paper files: mean width 5.2, 11.3, 16.1, 20.4 against
 *     2 w sqrt(n) = 5.4, 13.6, 16.1, 19.6; width sd / mean ~0.48, here 0.43);
 *     the last layer takes what is left;
 *   - every node of layer i >= 2 reads floor(ed * W(i-1)) + 1 distinct nodes of
 *     layer i-1 (observed exactly in the paper files' uniform layers), then
 *     every node of layer i-1 left without a reader gets one in layer i;
 *   - skip connections: for each node of layer j and each earlier layer
 *     i <= j-2, with probability scd / 3.5, one edge from a random node of
 *     layer i (paper files: 0.045, 0.051, 0.049, 0.035 per node and layer);
 *   - duration (compute cost) uniform in [1, 999], 0 for source and sink
 *     (paper: uniform on [1, 998]);
 *   - out_cost (size) = 10 * (1 + floor(800 * min(U1, U2, U3))), a Beta(1, 3)
 *     law on [10, 8000] (paper: mean 1989, deciles 290 / 1500 / 4430, 99 %
 *     6270; Beta(1, 3) * 8000 gives 2000, 276 / 1650 / 4287, 6280);
 *   - graph.order: a random topological order that prefers the most recently
 *     readied node half of the time (the paper files' orders lean depth-first
 *     the same way).
 * Differences: the paper's sink has id 1 and its files carry drawing
 * positions; ours has id n-1 and none, so ascending ids are topological.
 */
#include "benchmarks/gen.h"

#include <math.h>
#include <stdlib.h>

gen_layered_params gen_layered_defaults(uint32_t nodes) {
  gen_layered_params p = {nodes, 0.31, 0.75, 0.2, 0.14};
  return p;
}

/* Layer widths summing to n - 2; *start[i] is the first node of layer i
 * (node 1 is the first inner node).  Returns the number of layers or 0. */
static uint32_t draw_layers(const gen_layered_params *p, gen_rng *rng, uint32_t **start) {
  uint32_t inner = p->nodes - 2, count = 0, cap = 16, next = 1;
  double mean = fmax(1.0, 2.0 * p->width * sqrt((double)p->nodes));
  uint32_t lo = (uint32_t)fmax(1.0, floor(mean * (1.0 - p->layer_var)));
  uint32_t hi = (uint32_t)fmax((double)lo, ceil(mean * (1.0 + p->layer_var)));
  uint32_t *s = malloc((cap + 1) * sizeof *s);
  while (s && next <= inner) {
    uint32_t w = lo + (uint32_t)gen_rng_below(rng, hi - lo + 1);
    if (w > inner + 1 - next)
      w = inner + 1 - next;
    if (count == cap) {
      uint32_t *t = realloc(s, (2 * cap + 1) * sizeof *t);
      if (!t) {
        free(s);
        return 0;
      }
      s = t;
      cap *= 2;
    }
    s[count++] = next;
    next += w;
  }
  if (!s)
    return 0;
  s[count] = next; /* sentinel: one past the last inner node */
  *start = s;
  return count;
}

static void add_nodes(gen_graph *g, uint32_t n, gen_rng *rng) {
  for (uint32_t v = 0; v < n; v++) {
    double u = fmin(gen_rng_unit(rng), fmin(gen_rng_unit(rng), gen_rng_unit(rng)));
    int64_t size = 10 * (1 + (int64_t)floor(800.0 * u));
    int64_t cost = (v == 0 || v == n - 1) ? 0 : 1 + (int64_t)gen_rng_below(rng, 999);
    gen_graph_add_node(g, cost, size, NULL);
  }
}

/* Edges from layer [a0, a1) into layer [b0, b1): each node of the second reads
 * k distinct nodes of the first; orphans of the first get a reader. */
static bool link_adjacent(gen_graph *g, const gen_layered_params *p, gen_rng *rng, uint32_t a0,
                          uint32_t a1, uint32_t b0, uint32_t b1, uint32_t *scratch, bool *read) {
  uint32_t wa = a1 - a0;
  uint32_t k = (uint32_t)floor(p->edge_density * wa) + 1;
  if (k > wa)
    k = wa;
  for (uint32_t i = 0; i < wa; i++)
    read[i] = false;
  for (uint32_t v = b0; v < b1; v++) {
    for (uint32_t i = 0; i < wa; i++)
      scratch[i] = a0 + i;
    for (uint32_t i = 0; i < k; i++) { /* partial Fisher-Yates */
      uint32_t j = i + (uint32_t)gen_rng_below(rng, wa - i);
      uint32_t u = scratch[j];
      scratch[j] = scratch[i];
      read[u - a0] = true;
      if (!gen_graph_add_edge(g, u, v))
        return false;
    }
  }
  for (uint32_t i = 0; i < wa; i++)
    if (!read[i] && !gen_graph_add_edge(g, a0 + i, b0 + (uint32_t)gen_rng_below(rng, b1 - b0)))
      return false;
  return true;
}

static bool link_skips(gen_graph *g, const gen_layered_params *p, gen_rng *rng,
                       const uint32_t *start, uint32_t layers) {
  double prob = p->skip_density / 3.5;
  for (uint32_t j = 2; j < layers; j++)
    for (uint32_t v = start[j]; v < start[j + 1]; v++)
      for (uint32_t i = 0; i + 1 < j; i++) {
        if (gen_rng_unit(rng) >= prob)
          continue;
        uint32_t u = start[i] + (uint32_t)gen_rng_below(rng, start[i + 1] - start[i]);
        if (!gen_graph_add_edge(g, u, v))
          return false;
      }
  return true;
}

static bool link_layers(gen_graph *g, const gen_layered_params *p, gen_rng *rng,
                        const uint32_t *start, uint32_t layers) {
  uint32_t n = p->nodes, widest = 1;
  for (uint32_t i = 0; i < layers; i++)
    if (start[i + 1] - start[i] > widest)
      widest = start[i + 1] - start[i];
  uint32_t *scratch = malloc(widest * sizeof *scratch);
  bool *read = malloc(widest * sizeof *read);
  bool ok = scratch && read;
  for (uint32_t v = start[0]; ok && v < start[1]; v++)
    ok = gen_graph_add_edge(g, 0, v);
  for (uint32_t i = 1; ok && i < layers; i++)
    ok = link_adjacent(g, p, rng, start[i - 1], start[i], start[i], start[i + 1], scratch, read);
  ok = ok && link_skips(g, p, rng, start, layers);
  for (uint32_t v = start[layers - 1]; ok && v < start[layers]; v++)
    ok = gen_graph_add_edge(g, v, n - 1);
  free(scratch);
  free(read);
  return ok;
}

/* Kahn's algorithm; the next node is the most recently readied one with
 * probability 1/2, else a uniformly random ready node. */
static bool draw_order(gen_graph *g, gen_rng *rng) {
  uint32_t n = g->n, m = g->m, head = 0, count = 0;
  uint32_t *indeg = calloc(n, sizeof *indeg), *start = calloc(n + 1, sizeof *start);
  uint32_t *adj = malloc((m + 1) * sizeof *adj), *ready = malloc(n * sizeof *ready);
  g->order = malloc(n * sizeof *g->order);
  bool ok = indeg && start && adj && ready && g->order;
  for (uint32_t i = 0; ok && i < m; i++) {
    indeg[g->dst[i]]++;
    start[g->src[i] + 1]++;
  }
  for (uint32_t v = 0; ok && v < n; v++)
    start[v + 1] += start[v];
  for (uint32_t i = 0; ok && i < m; i++) /* start[v] runs to the end of v's block */
    adj[start[g->src[i]]++] = g->dst[i];
  for (uint32_t v = n; ok && v > 0; v--)
    start[v] = start[v - 1];
  if (ok)
    start[0] = 0;
  for (uint32_t v = 0; ok && v < n; v++)
    if (indeg[v] == 0)
      ready[count++] = v;
  while (ok && count > 0) {
    uint32_t pick = gen_rng_below(rng, 2) ? count - 1 : (uint32_t)gen_rng_below(rng, count);
    uint32_t v = ready[pick];
    ready[pick] = ready[--count];
    g->order[head++] = v;
    for (uint32_t e = start[v]; e < start[v + 1]; e++)
      if (--indeg[adj[e]] == 0)
        ready[count++] = adj[e];
  }
  free(indeg);
  free(start);
  free(adj);
  free(ready);
  return ok && head == n;
}

bool gen_random_layered(const gen_layered_params *p, uint64_t seed, gen_graph *out) {
  if (p->nodes < 3)
    return false;
  gen_rng rng = {seed};
  uint32_t *start = NULL;
  uint32_t layers = draw_layers(p, &rng, &start);
  if (layers == 0)
    return false;
  snprintf(out->name, sizeof out->name, "random_layered_n%u_w%.2f_nlv%.2f_ed%.2f_scd%.2f_seed%llu",
           p->nodes, p->width, p->layer_var, p->edge_density, p->skip_density,
           (unsigned long long)seed);
  add_nodes(out, p->nodes, &rng);
  bool ok = out->n == p->nodes && link_layers(out, p, &rng, start, layers);
  free(start);
  return ok && draw_order(out, &rng);
}
