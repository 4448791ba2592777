/* local_search.c — phase 2: moc_heur_improve.
 *
 * Loads the start schedule (or runs phase 1), drops the recomputations the
 * budget does not need, then runs the stage-weighting local search of
 * local_search_weight.c until a limit, keeping the best schedule that fits
 * and reporting each improvement, restarting from the best with fresh
 * weights when it stalls.  (A ruin-and-recreate search over windows
 * of stages was measured against it on the paper's graphs and dropped: its
 * local optima were worse, and starting the weighting from them hurt.)
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

enum { RESTART_STEPS = 2000 };

typedef struct search {
  moc_staged *st;
  const moc_heur_params *p;
  double t0;
  moc_remat *best;       /* best recomputation set so far */
  size_t best_count;
  int64_t best_cost;
} search;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Records the state as the best; calls the incumbent callback. */
static int keep_best(search *s) {
  moc_staged *st = s->st;
  s->best_count = moc_staged_count(st);
  s->best_cost = moc_staged_cost(st);
  moc_staged_list(st, s->best);
  if (!s->p->on_incumbent) return 0;
  uint32_t *sched = NULL;
  size_t len = 0;
  if (moc_staged_schedule(st, &sched, &len) != 0) return -1;
  s->p->on_incumbent(s->p->user, sched, len, s->best_cost, moc_staged_peak(st));
  free(sched);
  return 0;
}

static int stopped(const search *s, uint64_t rounds) {
  const moc_heur_params *p = s->p;
  if (p->stop && *p->stop) return 1;
  if (p->max_iterations && rounds >= p->max_iterations) return 1;
  double limit = p->time_limit_s > 0 ? p->time_limit_s : 0.1;
  return now_s() - s->t0 >= limit;
}

/* Stage-weighting steps until a limit; the best set ends up in s->best.
 * After `restart` steps without a new best the search starts again from the
 * best with fresh weights and another random stream. */
static int run(search *s) {
  moc_staged *st = s->st;
  uint64_t seed = s->p->seed, idle = 0;
  uint64_t restart = RESTART_STEPS;
  moc_wls *w = moc_wls_create(st, s->p->budget, seed);
  int rc = w ? 0 : -1;
  for (uint64_t steps = 0; rc == 0 && !stopped(s, steps); steps++) {
    rc = moc_wls_step(w);
    if (rc == 1 && moc_staged_cost(st) < s->best_cost) {
      rc = keep_best(s);
      idle = 0;
    } else {
      rc = rc < 0 ? -1 : 0;
    }
    if (rc == 0 && restart && ++idle >= restart) {
      moc_wls_free(w);
      w = moc_wls_create(st, s->p->budget, ++seed * 0x2545F4914F6CDD1Dull);
      rc = w ? moc_staged_load(st, s->best, s->best_count) : -1;
      rc = rc < 0 ? -1 : 0;
      idle = 0;
    }
  }
  moc_wls_free(w);
  return rc;
}

/* Loads `start` into st when it is staged and fits the budget (0), else 1. */
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

static int search_from(moc_staged *st, const moc_heur_params *p) {
  size_t room = (size_t)st->n * (st->copies - 1) + 1;
  search s = {.st = st, .p = p, .t0 = now_s()};
  s.best = malloc(room * sizeof *s.best);
  int rc = s.best ? keep_best(&s) : -1;
  if (rc == 0) rc = run(&s);
  if (rc == 0) rc = moc_staged_load(st, s.best, s.best_count);
  free(s.best);
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
    rc = moc_heur_build(st, p);
  }
  if (rc == 0) {
    moc_heur_drop(st, p->budget);
    rc = search_from(st, p);
  }
  if (rc == 0) rc = moc_staged_schedule(st, best, best_len);
  moc_staged_free(st);
  return rc;
}
