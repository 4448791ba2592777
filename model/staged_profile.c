/* staged_profile.c — memory inside one stage, and the queries and bulk
 * operations of the staged state (see staged.h).
 *
 * Stage t runs its recomputations sl[t][0..m-1] (ascending position) and
 * then order[t].  A copy that starts in stage t covers its steps from its own
 * step to its last reader (or to the end of the stage); a copy started
 * earlier whose last reader is in stage t covers the steps up to that reader.
 * These partial lifetimes are summed with a difference array over the m + 1
 * steps; copies passing through the whole stage are in through(t).
 */
#include <stdlib.h>
#include <string.h>

#include "model/staged.h"

/* Index within stage t of the step computing the node of position k. */
static uint32_t step_index(const moc_staged *st, uint32_t t, uint32_t k) {
  const uint32_t *l = st->sl[t];
  uint32_t lo = 0, hi = st->sl_len[t];
  if (k == t) return hi;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (st->g->position[l[mid]] < k)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Partial lifetimes of stage t into st->diff as a difference array. */
static uint32_t partial(moc_staged *st, uint32_t t) {
  const moc_graph *g = st->g;
  uint32_t m = st->sl_len[t], C = st->copies;
  uint64_t first = moc_staged_key(st, t, 0); /* the keys of stage t: [first, first + n) */
  memset(st->diff, 0, (m + 2) * sizeof *st->diff);
  for (uint32_t i = 0; i <= m; i++) {
    uint32_t x = i < m ? st->sl[t][i] : g->order[t];
    uint64_t key = moc_staged_key(st, t, g->position[x]);
    uint32_t c = i < m ? moc_staged_copy_at(st, x, t) : 0;
    uint64_t e = st->ce[(size_t)x * C + c];
    uint32_t last = e - first < st->n ? step_index(st, t, (uint32_t)(e - first)) : m;
    st->diff[i] += g->size[x];
    st->diff[last + 1] -= g->size[x];
    for (uint32_t p = g->pred_start[x]; p < g->pred_start[x + 1]; p++) {
      uint32_t u = g->pred[p];
      uint32_t cu = moc_staged_copy_at(st, u, t);
      size_t at = (size_t)u * C + cu;
      if (st->cs[at] < t && st->ce[at] == key) {
        st->diff[0] += g->size[u];
        st->diff[i + 1] -= g->size[u];
      }
    }
  }
  return m + 1;
}

int64_t moc_staged_local(moc_staged *st, uint32_t t) {
  uint32_t steps = partial(st, t);
  int64_t run = 0, best = 0;
  for (uint32_t i = 0; i < steps; i++) {
    run += st->diff[i];
    if (run > best) best = run;
  }
  return best;
}

uint32_t moc_staged_stage_profile(moc_staged *st, uint32_t t, int64_t *mem) {
  uint32_t steps = partial(st, t);
  int64_t run = moc_seg_get(&st->seg, t) - st->local[t];
  for (uint32_t i = 0; i < steps; i++) {
    run += st->diff[i];
    mem[i] = run;
  }
  return steps;
}

int64_t moc_staged_peak(const moc_staged *st) { return st->n ? st->seg.max[1] : 0; }
int64_t moc_staged_cost(const moc_staged *st) { return st->cost; }
size_t moc_staged_count(const moc_staged *st) { return st->count; }
size_t moc_staged_length(const moc_staged *st) { return st->n + st->count; }

int64_t moc_staged_range_peak(const moc_staged *st, uint32_t first, uint32_t last) {
  if (last >= st->n) last = st->n - 1;
  return moc_seg_max(&st->seg, first, last);
}

void moc_staged_list(const moc_staged *st, moc_remat *out) {
  size_t k = 0;
  for (uint32_t t = 0; t < st->n; t++)
    for (uint32_t i = 0; i < st->sl_len[t]; i++) out[k++] = (moc_remat){st->sl[t][i], t};
}

int moc_staged_load(moc_staged *st, const moc_remat *remats, size_t count) {
  moc_staged_clear(st);
  for (size_t i = 0; i < count; i++) {
    int rc = moc_staged_add(st, remats[i].node, remats[i].stage);
    if (rc != 0) return rc;
  }
  return 0;
}

int moc_staged_schedule(const moc_staged *st, uint32_t **schedule, size_t *length) {
  size_t len = st->n + st->count, k = 0;
  uint32_t *s = malloc((len ? len : 1) * sizeof *s);
  if (!s) return -1;
  for (uint32_t t = 0; t < st->n; t++) {
    for (uint32_t i = 0; i < st->sl_len[t]; i++) s[k++] = st->sl[t][i];
    s[k++] = st->g->order[t];
  }
  *schedule = s;
  *length = len;
  return 0;
}
