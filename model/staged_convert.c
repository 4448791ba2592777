/* staged_convert.c — between schedules (node sequences) and recomputation
 * sets (node, stage): the two views of a staged schedule (SPEC §2).
 *
 * A schedule is laid out stage by stage: the recomputations of stage t in
 * ascending position, then order[t].  Reading a schedule back assigns every
 * repeated node to the stage of the next first computation.
 */
#include <stdlib.h>

#include "model/heuristic.h"

/* Sorts remats by (stage, position) with two counting passes. */
static int sort_remats(const moc_graph *g, const moc_remat *in, size_t count, moc_remat *out) {
  uint32_t n = g->n;
  size_t *start = calloc((size_t)n + 1, sizeof *start);
  moc_remat *tmp = malloc((count ? count : 1) * sizeof *tmp);
  if (!start || !tmp) {
    free(start);
    free(tmp);
    return -1;
  }
  for (size_t i = 0; i < count; i++) start[g->position[in[i].node] + 1]++;
  for (uint32_t k = 0; k < n; k++) start[k + 1] += start[k];
  for (size_t i = 0; i < count; i++) tmp[start[g->position[in[i].node]]++] = in[i];
  for (uint32_t k = 0; k <= n; k++) start[k] = 0;
  for (size_t i = 0; i < count; i++) start[tmp[i].stage + 1]++;
  for (uint32_t k = 0; k < n; k++) start[k + 1] += start[k];
  for (size_t i = 0; i < count; i++) out[start[tmp[i].stage]++] = tmp[i];
  free(start);
  free(tmp);
  return 0;
}

int moc_staged_to_schedule(const moc_graph *g, const moc_remat *remats, size_t count,
                           uint32_t **schedule, size_t *length) {
  for (size_t i = 0; i < count; i++)
    if (remats[i].node >= g->n || remats[i].stage >= g->n ||
        remats[i].stage <= g->position[remats[i].node])
      return -1;
  moc_remat *sorted = malloc((count ? count : 1) * sizeof *sorted);
  uint32_t *s = malloc(((size_t)g->n + count + 1) * sizeof *s);
  if (!sorted || !s || sort_remats(g, remats, count, sorted) != 0) {
    free(sorted);
    free(s);
    return -1;
  }
  size_t k = 0, r = 0;
  for (uint32_t t = 0; t < g->n; t++) {
    while (r < count && sorted[r].stage == t) s[k++] = sorted[r++].node;
    s[k++] = g->order[t];
  }
  free(sorted);
  *schedule = s;
  *length = k;
  return 0;
}

int moc_staged_from_schedule(const moc_graph *g, const uint32_t *schedule, size_t length,
                             moc_remat **remats, size_t *count) {
  uint8_t *seen = calloc((size_t)g->n + 1, 1);
  moc_remat *out = malloc((length ? length : 1) * sizeof *out);
  if (!seen || !out) {
    free(seen);
    free(out);
    return -1;
  }
  size_t k = 0;
  uint32_t next = 0;
  int rc = 0;
  for (size_t j = 0; j < length && rc == 0; j++) {
    uint32_t v = schedule[j];
    if (v >= g->n)
      rc = 1;
    else if (seen[v])
      out[k++] = (moc_remat){v, next};
    else if (next < g->n && g->order[next] == v) {
      seen[v] = 1;
      next++;
    } else
      rc = 1;
  }
  if (rc == 0 && next < g->n) rc = 1;
  for (size_t i = 0; i < k && rc == 0; i++)
    if (out[i].stage >= g->n) rc = 1;
  free(seen);
  if (rc != 0 || k == 0) {
    free(out);
    out = NULL;
  }
  *remats = out;
  *count = rc == 0 ? k : 0;
  return rc;
}
