/* evaluate.c — the independent evaluator: the referee for every schedule.
 *
 * It follows the memory model of SPEC §1 (the one the MOCCASIN authors use to
 * score schedules) literally, in one forward pass:
 *   - step j computes s_j and reads, for each predecessor u, the most recent
 *     computation of u before j (last[u]); if there is none the schedule is
 *     invalid at step j;
 *   - the tensor computed at step i is resident from i through the last step
 *     that reads it (end[i], inclusive), or at step i only when nobody reads it;
 *   - memory[j] is the total size of the tensors resident at j, summed with a
 *     difference array; the frees after step j are the tensors with end == j.
 * Time O(T + sum of in-degrees of the scheduled nodes), memory O(n + T).  No
 * cleverness on purpose: everything the solver returns is checked against it.
 */
#include "model/graph.h"

#include <stdlib.h>

#define NONE SIZE_MAX

static moc_eval *allocate_eval(size_t length) {
  moc_eval *ev = calloc(1, sizeof *ev);
  if (!ev) return NULL;
  ev->length = length;
  ev->memory = calloc(length + 1, sizeof *ev->memory);
  ev->free_start = calloc(length + 2, sizeof *ev->free_start);
  ev->free_nodes = calloc(length + 1, sizeof *ev->free_nodes);
  if (!ev->memory || !ev->free_start || !ev->free_nodes) {
    moc_eval_free(ev);
    return NULL;
  }
  return ev;
}

void moc_eval_free(moc_eval *ev) {
  if (!ev) return;
  free(ev->memory);
  free(ev->free_start);
  free(ev->free_nodes);
  free(ev);
}

/* The forward pass: fills end[] and decides validity (first missing input,
 * then the first node that never appears).  last[] is scratch of n entries. */
static void trace_reads(const moc_graph *g, const uint32_t *s, size_t length, size_t *last, size_t *end,
                        moc_eval *ev) {
  ev->valid = true;
  for (uint32_t v = 0; v < g->n; v++) last[v] = NONE;
  for (size_t j = 0; j < length; j++) {
    uint32_t v = s[j];
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) {
      uint32_t u = g->pred[i];
      if (last[u] == NONE) {
        ev->valid = false;
        ev->bad_step = j;
        ev->bad_node = u;
        return;
      }
      end[last[u]] = j;
    }
    end[j] = j;
    last[v] = j;
  }
  for (uint32_t v = 0; v < g->n; v++)
    if (last[v] == NONE) {
      ev->valid = false;
      ev->bad_step = length;
      ev->bad_node = v;
      return;
    }
}

/* Memory per step from the residency intervals [i, end[i]]; delta[] is
 * scratch of length + 1 entries.  Every partial sum is the memory at a step,
 * which holds at most one copy of each node: it is bounded by total_size. */
static void sum_memory(const moc_graph *g, const uint32_t *s, size_t length, const size_t *end,
                       int64_t *delta, moc_eval *ev) {
  for (size_t j = 0; j <= length; j++) delta[j] = 0;
  for (size_t i = 0; i < length; i++) {
    delta[i] += g->size[s[i]];
    delta[end[i] + 1] -= g->size[s[i]];
  }
  int64_t resident = 0;
  for (size_t j = 0; j < length; j++) {
    resident += delta[j];
    ev->memory[j] = resident;
    if (resident > ev->peak) ev->peak = resident;
  }
}

/* Frees after step j: the nodes of the steps whose residency ends at j, by
 * ascending step (a counting sort on end[]). */
static void list_frees(const uint32_t *s, size_t length, const size_t *end, moc_eval *ev) {
  for (size_t i = 0; i < length; i++) ev->free_start[end[i] + 1]++;
  for (size_t j = 0; j < length; j++) ev->free_start[j + 1] += ev->free_start[j];
  for (size_t i = 0; i < length; i++) ev->free_nodes[ev->free_start[end[i]]++] = s[i];
  for (size_t j = length; j > 0; j--) ev->free_start[j] = ev->free_start[j - 1];
  ev->free_start[0] = 0;
}

static moc_error check_arguments(const moc_graph *g, const uint32_t *schedule, size_t length, moc_eval **out) {
  if (!out) return MOC_ERR_ARGUMENT;
  *out = NULL;
  if (!g || (!schedule && length > 0)) return MOC_ERR_ARGUMENT;
  if (!g->finished) return MOC_ERR_STATE;
  if (length >= SIZE_MAX / 16) return MOC_ERR_ARGUMENT;
  for (size_t j = 0; j < length; j++)
    if (schedule[j] >= g->n) return MOC_ERR_ARGUMENT;
  return MOC_OK;
}

moc_error moc_evaluate(const moc_graph *g, const uint32_t *schedule, size_t length, moc_eval **out) {
  moc_error err = check_arguments(g, schedule, length, out);
  if (err) return err;
  moc_eval *ev = allocate_eval(length);
  size_t *last = malloc(((size_t)g->n + 1) * sizeof *last);
  size_t *end = malloc((length + 1) * sizeof *end);
  int64_t *delta = malloc((length + 1) * sizeof *delta);
  if (!ev || !last || !end || !delta) {
    err = MOC_ERR_NOMEM;
    goto done;
  }
  trace_reads(g, schedule, length, last, end, ev);
  if (ev->valid) {
    for (size_t j = 0; j < length; j++)
      if (__builtin_add_overflow(ev->cost, g->cost[schedule[j]], &ev->cost)) {
        err = MOC_ERR_OVERFLOW;
        goto done;
      }
    sum_memory(g, schedule, length, end, delta, ev);
    list_frees(schedule, length, end, ev);
  }
done:
  free(last);
  free(end);
  free(delta);
  if (err) {
    moc_eval_free(ev);
    return err;
  }
  *out = ev;
  return MOC_OK;
}
