/* construct_drop.c — phase 1's entry point and the drop pass.
 *
 * moc_heur_construct runs the eviction walk (construct.c) from the
 * topological order; when the walk gets stuck, the stage-weighting search
 * (local_search_weight.c) continues from its state until the peak fits, and
 * failing that randomised walks start over.  Then it drops every
 * recomputation the budget does not need, most expensive first: removing one
 * never invalidates a staged schedule, so a drop is kept whenever the peak
 * still fits.
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

moc_heur_params moc_heur_defaults(int64_t budget) {
  return (moc_heur_params){.budget = budget, .copies = 2, .seed = 1, .time_limit_s = 1.0};
}

enum { RANDOM_ATTEMPTS = 20, WEIGHT_STEPS = 2, WEIGHT_SECONDS = 5 };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct costed {
  int64_t cost;
  moc_remat r;
} costed;

static int by_cost_desc(const void *a, const void *b) {
  const costed *x = a, *y = b;
  if (x->cost != y->cost) return x->cost > y->cost ? -1 : 1;
  if (x->r.stage != y->r.stage) return x->r.stage < y->r.stage ? -1 : 1;
  return x->r.node < y->r.node ? -1 : (x->r.node > y->r.node);
}

size_t moc_heur_drop_some(moc_staged *st, int64_t budget, const moc_remat *list,
                          size_t count) {
  size_t dropped = 0;
  costed *order = malloc((count ? count : 1) * sizeof *order);
  if (!order) return 0;
  for (size_t i = 0; i < count; i++) order[i] = (costed){st->g->cost[list[i].node], list[i]};
  qsort(order, count, sizeof *order, by_cost_desc);
  for (size_t i = 0; i < count; i++) {
    moc_remat r = order[i].r;
    if (moc_staged_remove(st, r.node, r.stage) != 0) continue;
    if (moc_staged_peak(st) > budget)
      moc_staged_add(st, r.node, r.stage);
    else
      dropped++;
  }
  free(order);
  return dropped;
}

size_t moc_heur_drop(moc_staged *st, int64_t budget) {
  size_t count = moc_staged_count(st), dropped = 0;
  moc_remat *list = malloc((count ? count : 1) * sizeof *list);
  if (list) {
    moc_staged_list(st, list);
    dropped = moc_heur_drop_some(st, budget, list, count);
  }
  free(list);
  return dropped;
}

/* The stage-weighting search from the stuck walk's state until the peak
 * fits (it accepts overflowing states on the way); 1 when it does not. */
static int weigh_until_fit(moc_staged *st, const moc_heur_params *p, double deadline) {
  moc_wls *w = moc_wls_create(st, p->budget, p->seed);
  if (!w) return -1;
  int rc = 0;
  for (uint64_t k = 0; rc == 0 && k < WEIGHT_STEPS * (uint64_t)st->n; k++) {
    if ((p->stop && *p->stop) || now_s() > deadline) break;
    rc = moc_wls_step(w);
  }
  moc_wls_free(w);
  return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

/* The walk ranking evictions by their own cost only, from scratch; keeps its
 * result when it fits and is cheaper than the state's (which fits). */
static int try_plain(moc_staged *st, const moc_heur_params *p, double deadline) {
  size_t count = moc_staged_count(st);
  int64_t cost = moc_staged_cost(st);
  moc_remat *keep = malloc((count ? count : 1) * sizeof *keep);
  if (!keep) return -1;
  moc_staged_list(st, keep);
  moc_staged_clear(st);
  int rc = moc_heur_repair_until(st, p->budget, 0.0, NULL, 0, deadline, p->stop);
  if (rc == 0) moc_heur_drop(st, p->budget);
  if (rc == 1 || (rc == 0 && moc_staged_cost(st) >= cost)) rc = moc_staged_load(st, keep, count);
  free(keep);
  return rc < 0 ? -1 : 0;
}

int moc_heur_build(moc_staged *st, const moc_heur_params *p) {
  uint64_t rng = p->seed * 0x9E3779B97F4A7C15ull + 1;
  double deadline = now_s() + (p->time_limit_s > 0 ? p->time_limit_s : WEIGHT_SECONDS);
  int rc = moc_heur_repair_until(st, p->budget, 0.0, &rng, 1, deadline, p->stop);
  if (rc == 0) {
    moc_heur_drop(st, p->budget);
    rc = try_plain(st, p, deadline);
  }
  if (rc == 1) rc = weigh_until_fit(st, p, deadline);
  for (int attempt = 0; rc == 1 && attempt < RANDOM_ATTEMPTS && !(p->stop && *p->stop) &&
                       now_s() < deadline;
       attempt++) {
    moc_staged_clear(st);
    rc = moc_heur_repair_until(st, p->budget, 1.0 + attempt, &rng, 1, deadline, p->stop);
  }
  if (rc == 0) moc_heur_drop(st, p->budget);
  return rc;
}

int moc_heur_construct(const moc_graph *g, const moc_heur_params *p, uint32_t **schedule,
                       size_t *length) {
  if (!g || !p || !schedule || !length || p->copies < 1) return -1;
  moc_staged *st = moc_staged_create(g, p->copies);
  if (!st) return -1;
  int rc = moc_heur_build(st, p);
  if (rc == 0) rc = moc_staged_schedule(st, schedule, length);
  moc_staged_free(st);
  return rc;
}
