/* arena.c — the arena plan of a schedule: every tensor instance (the output
 * of each step) gets a byte offset in one arena (model/arena_greedy.c does the
 * placing).
 *
 * The lifetimes are those of the independent evaluator (model/evaluate.c,
 * SPEC §1): the output of step j is resident from j through the last step
 * that reads it (a step reads the most recent computation of each input), or
 * at j only when nobody reads it.  They are traced here again, in the same
 * forward pass, so that the plan never depends on anything but the schedule.
 */
#include <stdlib.h>

#include "model/arena_internal.h"
#include "model/graph.h"

#define NONE SIZE_MAX

void moc_arena_free(moc_arena *a) {
  if (!a) return;
  free(a->offset);
  free(a->bytes);
  free(a->last);
  free(a);
}

static moc_arena *allocate_arena(size_t length) {
  moc_arena *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->length = length;
  a->offset = calloc(length + 1, sizeof *a->offset);
  a->bytes = calloc(length + 1, sizeof *a->bytes);
  a->last = calloc(length + 1, sizeof *a->last);
  if (!a->offset || !a->bytes || !a->last) {
    moc_arena_free(a);
    return NULL;
  }
  return a;
}

/* Lifetimes of the schedule's outputs; false when the schedule is invalid.
 * recent[] is scratch of n entries. */
static bool trace_lifetimes(const moc_graph *g, const uint32_t *s, size_t length, size_t *recent,
                            moc_arena *a) {
  for (uint32_t v = 0; v < g->n; v++) recent[v] = NONE;
  for (size_t j = 0; j < length; j++) {
    uint32_t v = s[j];
    for (uint32_t i = g->pred_start[v]; i < g->pred_start[v + 1]; i++) {
      uint32_t u = g->pred[i];
      if (recent[u] == NONE) return false;
      a->last[recent[u]] = j;
    }
    a->last[j] = j;
    a->bytes[j] = g->size[v];
    recent[v] = j;
  }
  for (uint32_t v = 0; v < g->n; v++)
    if (recent[v] == NONE) return false;
  return true;
}

/* The summed peak: the largest total of bytes resident at one step. */
static int64_t summed_peak(const moc_arena *a, int64_t *delta) {
  for (size_t j = 0; j <= a->length; j++) delta[j] = 0;
  for (size_t j = 0; j < a->length; j++) {
    delta[j] += a->bytes[j];
    delta[a->last[j] + 1] -= a->bytes[j];
  }
  int64_t level = 0, peak = 0;
  for (size_t j = 0; j < a->length; j++) {
    level += delta[j];
    if (level > peak) peak = level;
  }
  return peak;
}

static moc_error plan(const moc_graph *g, const uint32_t *schedule, moc_arena *a, size_t *first,
                      int64_t *delta) {
  if (!trace_lifetimes(g, schedule, a->length, first, a)) return MOC_ERR_ARGUMENT;
  for (size_t j = 0; j < a->length; j++) first[j] = j;
  moc_arena_outcome outcome;
  moc_error err = moc_arena_search(a->length, a->bytes, first, a->last, a->alignment, a->offset, &outcome);
  if (err != MOC_OK) return err;
  a->size = outcome.size;
  a->greedy_size = outcome.greedy_size;
  a->ordering = outcome.ordering;
  a->peak = summed_peak(a, delta);
  return MOC_OK;
}

moc_error moc_arena_plan(const moc_graph *g, const uint32_t *schedule, size_t length,
                         int64_t alignment, moc_arena **out) {
  if (!out) return MOC_ERR_ARGUMENT;
  *out = NULL;
  if (!g || (!schedule && length > 0) || alignment < 0) return MOC_ERR_ARGUMENT;
  if (!g->finished) return MOC_ERR_STATE;
  if (length >= SIZE_MAX / 16) return MOC_ERR_ARGUMENT;
  for (size_t j = 0; j < length; j++)
    if (schedule[j] >= g->n) return MOC_ERR_ARGUMENT;
  moc_arena *a = allocate_arena(length);
  size_t scratch = length > g->n ? length : g->n;
  size_t *first = malloc((scratch + 1) * sizeof *first);
  int64_t *delta = malloc((length + 2) * sizeof *delta);
  moc_error err = MOC_ERR_NOMEM;
  if (a && first && delta) {
    a->alignment = alignment == 0 ? MOC_ARENA_DEFAULT_ALIGNMENT : alignment;
    err = plan(g, schedule, a, first, delta);
  }
  free(first);
  free(delta);
  if (err != MOC_OK) {
    moc_arena_free(a);
    return err;
  }
  *out = a;
  return MOC_OK;
}
