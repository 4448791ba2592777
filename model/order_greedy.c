/* order_greedy.c — a memory-aware constructive order (see order.h).
 *
 * List scheduling on the live set, as in memory-aware schedulers for task
 * graphs (e.g. Liu's heuristics for tree traversals, and the "ready node that
 * frees the most" rule of the MOCCASIN issue): the live set holds the outputs
 * computed so far that a later node still reads.  Computing a ready node v
 * needs live + size[v] at its step; afterwards the inputs of which v was the
 * last reader leave, and v stays when somebody reads it.  Each step takes
 * the ready node that keeps the running peak lowest, then the one whose net
 * growth of the live set is least; a seeded random perturbation of that
 * growth diversifies the orders of several starts.
 */
#include <stdlib.h>

#include "model/order.h"

typedef struct greedy {
  const moc_graph *g;
  uint32_t *left;     /* left[u]: successors of u not yet computed */
  uint32_t *missing;  /* missing[v]: predecessors of v not yet computed */
  uint32_t *ready;    /* the ready nodes (unordered) */
  uint32_t nready;
  int64_t live, peak; /* live set and running peak */
  uint64_t rng;
  double noise;       /* scale of the perturbation, in bytes */
} greedy;

static uint64_t next(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

/* Net growth of the live set when v is computed now. */
static int64_t growth(const greedy *q, uint32_t v) {
  const moc_graph *g = q->g;
  int64_t net = g->succ_start[v + 1] > g->succ_start[v] ? g->size[v] : 0;
  for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++)
    if (q->left[g->pred[i]] == 1) net -= g->size[g->pred[i]];
  return net;
}

/* Index in q->ready of the node to compute next. */
static uint32_t choose(greedy *q) {
  uint32_t best = 0;
  int64_t best_peak = 0;
  double best_net = 0;
  for (uint32_t r = 0; r < q->nready; r++) {
    uint32_t v = q->ready[r];
    int64_t step = q->live + q->g->size[v];
    int64_t peak = step > q->peak ? step : q->peak;
    double net = (double)growth(q, v);
    if (q->noise > 0) net += q->noise * (double)(next(&q->rng) >> 11) * 0x1p-53;
    bool better = r == 0 || peak < best_peak ||
                  (peak == best_peak && (net < best_net || (net == best_net && v < q->ready[best])));
    if (better) best = r, best_peak = peak, best_net = net;
  }
  return best;
}

static void compute(greedy *q, uint32_t v) {
  const moc_graph *g = q->g;
  int64_t step = q->live + g->size[v];
  if (step > q->peak) q->peak = step;
  for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) {
    uint32_t u = g->pred[i];
    if (--q->left[u] == 0) q->live -= g->size[u];
  }
  if (q->left[v] > 0) q->live += g->size[v];
  for (uint32_t i = g->succ_start[v]; i < g->succ_start[v + 1]; i++)
    if (--q->missing[g->succ[i]] == 0) q->ready[q->nready++] = g->succ[i];
}

static double mean_size(const moc_graph *g) {
  return g->n ? (double)g->total_size / (double)g->n : 0;
}

int moc_order_greedy(const moc_graph *g, uint64_t seed, double noise, uint32_t *out) {
  uint32_t n = g->n;
  greedy q = {.g = g, .rng = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull};
  q.noise = noise * mean_size(g);
  q.left = malloc(((size_t)n + 1) * sizeof *q.left);
  q.missing = malloc(((size_t)n + 1) * sizeof *q.missing);
  q.ready = malloc(((size_t)n + 1) * sizeof *q.ready);
  int rc = (q.left && q.missing && q.ready) ? 0 : -1;
  for (uint32_t v = 0; rc == 0 && v < n; v++) {
    q.left[v] = g->succ_start[v + 1] - g->succ_start[v];
    q.missing[v] = g->pred_start[v + 1] - g->pred_start[v];
    if (q.missing[v] == 0) q.ready[q.nready++] = v;
  }
  for (uint32_t t = 0; rc == 0 && t < n; t++) {
    uint32_t r = choose(&q), v = q.ready[r];
    q.ready[r] = q.ready[--q.nready];
    out[t] = v;
    compute(&q, v);
  }
  free(q.left);
  free(q.missing);
  free(q.ready);
  return rc;
}
