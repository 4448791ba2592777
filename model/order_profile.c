/* order_profile.c — the memory of a topological order without recomputation.
 *
 * Each node is computed once, at its step position[v]; its output stays
 * resident through its last reader's step (through its own step when nobody
 * reads it), the memory model of SPEC §1.  A difference array over steps
 * gives the whole profile in O(n + m):
 *
 *     step      0   1   2   3   4
 *     v         [===========]          +size[v] at position[v],
 *                               ^       -size[v] just after its last reader
 *
 * The overflow area above a target (sum of the bytes above it, over all
 * steps) is the smooth score the order search minimises: it falls with every
 * step brought under the target, where the peak alone is flat.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/order.h"

int moc_order_work_init(moc_order_work *w, uint32_t n) {
  w->n = n;
  w->position = malloc(((size_t)n + 1) * sizeof *w->position);
  w->mem = malloc(((size_t)n + 2) * sizeof *w->mem);
  if (w->position && w->mem) return 0;
  moc_order_work_free(w);
  return -1;
}

void moc_order_work_free(moc_order_work *w) {
  free(w->position);
  free(w->mem);
  w->position = NULL;
  w->mem = NULL;
}

double moc_order_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool moc_order_is_topological(const moc_graph *g, const uint32_t *order) {
  uint32_t *pos = malloc(((size_t)g->n + 1) * sizeof *pos);
  if (!pos) return false;
  bool ok = true;
  for (uint32_t v = 0; v < g->n; v++) pos[v] = UINT32_MAX;
  for (uint32_t t = 0; t < g->n && ok; t++) {
    if (order[t] >= g->n || pos[order[t]] != UINT32_MAX) ok = false;
    else pos[order[t]] = t;
  }
  for (uint32_t v = 0; v < g->n && ok; v++)
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1] && ok; i++)
      ok = pos[g->pred[i]] < pos[v];
  free(pos);
  return ok;
}

int64_t moc_order_profile(const moc_graph *g, const uint32_t *order, moc_order_work *w) {
  for (uint32_t t = 0; t < g->n; t++) w->position[order[t]] = t;
  return moc_order_profile_at(g, order, w);
}

int64_t moc_order_profile_at(const moc_graph *g, const uint32_t *order, moc_order_work *w) {
  uint32_t n = g->n;
  int64_t *mem = w->mem;
  memset(mem, 0, ((size_t)n + 1) * sizeof *mem);
  for (uint32_t t = 0; t < n; t++) {
    uint32_t v = order[t], end = t;
    for (uint32_t i = g->succ_start[v]; i < g->succ_start[v + 1]; i++)
      if (w->position[g->succ[i]] > end) end = w->position[g->succ[i]];
    mem[t] += g->size[v];
    mem[end + 1] -= g->size[v];
  }
  int64_t run = 0, peak = 0;
  for (uint32_t t = 0; t < n; t++) {
    run += mem[t];
    mem[t] = run;
    if (run > peak) peak = run;
  }
  return peak;
}

int64_t moc_order_excess(const moc_order_work *w, int64_t target) {
  int64_t area = 0;
  for (uint32_t t = 0; t < w->n; t++)
    if (w->mem[t] > target && __builtin_add_overflow(area, w->mem[t] - target, &area))
      return INT64_MAX;
  return area;
}
