/* local_search.c — phase 2 entry point: improve a staged schedule.
 *
 * Loads the start schedule (or runs phase 1), then drops every recomputation
 * the budget does not need.
 */
#include <stdlib.h>

#include "model/staged.h"

/* Loads `start` into st when it is staged and fits the budget. */
static int load_start(moc_staged *st, const moc_heur_params *p, const uint32_t *start,
                      size_t start_len) {
  moc_remat *list = NULL;
  size_t count = 0;
  int rc = moc_staged_from_schedule(st->g, start, start_len, &list, &count);
  if (rc == 0) rc = moc_staged_load(st, list, count);
  free(list);
  if (rc == 0 && moc_staged_peak(st) > p->budget) rc = 1;
  return rc;
}

int moc_heur_improve(const moc_graph *g, const moc_heur_params *p, const uint32_t *start,
                     size_t start_len, uint32_t **best, size_t *best_len) {
  if (!g || !p || !best || !best_len || p->copies < 1) return -1;
  moc_staged *st = moc_staged_create(g, p->copies);
  if (!st) return -1;
  int rc = start ? load_start(st, p, start, start_len) : 1;
  if (rc == 1) {
    moc_staged_clear(st);
    uint64_t rng = p->seed * 0x9E3779B97F4A7C15ull + 1;
    rc = moc_heur_repair(st, p->budget, 0.0, &rng);
  }
  if (rc == 0) {
    moc_heur_drop(st, p->budget);
    rc = moc_staged_schedule(st, best, best_len);
  }
  if (rc == 0 && p->on_incumbent)
    p->on_incumbent(p->user, *best, *best_len, moc_staged_cost(st), moc_staged_peak(st));
  moc_staged_free(st);
  return rc;
}
