/* local_search.c — phase 2: moc_heur_improve.
 *
 * Loads the start schedule (or runs phase 1), drops the recomputations the
 * budget does not need, then runs the stage-weighting local search of
 * local_search_weight.c until a limit, keeping the best schedule that fits
 * and reporting each improvement.  When a line of search stalls the search
 * moves to another "lane": every other stall back to the best with fresh
 * weights, in between to one of LANES - 1 side lanes, each continuing from its
 * own best (first built by a noisy eviction walk, so that they explore other
 * local optima).  After a side lane's turn its best is recombined with the
 * overall best by the window crossover of local_search_cross.c, which keeps
 * the better recomputations of each region of stages.  (A ruin-and-recreate
 * search over windows of stages was measured against the weighting on the
 * paper's graphs and dropped; restarts from ruined windows, from noisy
 * constructions alone, weight smoothing and randomised initial weights were
 * measured too and brought no steady gain.)
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

enum { RESTART_STEPS = 2000, LANES = 4 };

typedef struct search {
  moc_staged *st;
  const moc_heur_params *p;
  double t0;
  moc_remat *best;       /* best recomputation set so far */
  moc_remat *scratch;    /* room for a child of the crossover */
  uint32_t side;         /* the side lane visited last */
  uint32_t lanes;        /* lanes in use (side lanes stop being built when slow) */
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

static double limit_s(const moc_heur_params *p) {
  return p->time_limit_s > 0 ? p->time_limit_s : 0.1;
}

/* When the search ends by the clock (0: never).  A step limit with no time
 * limit is the whole effort, so that the result does not depend on the
 * speed of the machine; with neither, a tenth of a second. */
static double deadline_of(const search *s) {
  const moc_heur_params *p = s->p;
  if (p->time_limit_s <= 0 && p->max_iterations) return 0;
  return s->t0 + limit_s(p);
}

static int stopped(const search *s, uint64_t rounds) {
  const moc_heur_params *p = s->p;
  if (p->stop && *p->stop) return 1;
  if (p->max_iterations && rounds >= p->max_iterations) return 1;
  double deadline = deadline_of(s);
  return deadline > 0 && now_s() >= deadline;
}

/* A side lane: its best set (cost INT64_MAX until a state fits). */
typedef struct lane {
  moc_remat *set;
  size_t count;
  int64_t cost;
  int built;
} lane;

/* Records a fitting state that beats the lane's best; 1 when it did. */
static int note(lane *ln, const moc_staged *st) {
  if (moc_staged_cost(st) >= ln->cost) return 0;
  ln->cost = moc_staged_cost(st);
  ln->count = moc_staged_count(st);
  moc_staged_list(st, ln->set);
  return 1;
}

/* Crosses the best with a side lane's best; a cheaper child becomes the
 * best. */
static int recombine(search *s, const lane *ln) {
  if (ln->cost == INT64_MAX || ln->cost <= s->best_cost) return 0;
  moc_cross_params cp = {s->p->budget, deadline_of(s), s->p->stop};
  size_t count = 0;
  int64_t cost = s->best_cost;
  int rc = moc_ls_crossover(s->st, &cp, s->best, s->best_count, ln->set, ln->count, s->scratch,
                            &count, &cost);
  if (rc != 0) return rc < 0 ? -1 : 0;
  return keep_best(s);
}

/* Side lane l's first state: the eviction walk from no recomputation, with
 * noise growing with l and the two rankings alternating.  Under a time limit
 * alone, a walk that took over a twentieth of it builds no more lanes. */
static int build(search *s, lane *ln, uint32_t l, uint64_t *rng) {
  moc_staged *st = s->st;
  double t = now_s();
  ln->built = 1;
  moc_staged_clear(st);
  double deadline = s->p->time_limit_s > 0 ? s->t0 + s->p->time_limit_s : 0;
  int rc = moc_heur_repair_until(st, s->p->budget, 0.25 * l, rng, (int)(l & 1), deadline, s->p->stop);
  if (rc == 0) moc_heur_drop(st, s->p->budget);
  if (!s->p->max_iterations && now_s() - t > limit_s(s->p) / 20) s->lanes = l + 1;
  return rc < 0 ? -1 : 0;
}

/* After a stall: from a side lane back to the best (recombining them), from
 * the best to the next side lane. */
static int turn(search *s, lane *lanes, uint32_t *cur, uint64_t *rng) {
  int rc = 0;
  if (*cur != 0) {
    rc = recombine(s, &lanes[*cur]);
    *cur = 0;
  } else if (s->lanes > 1) {
    *cur = s->side = s->side % (s->lanes - 1) + 1;
    lane *ln = &lanes[*cur];
    if (!ln->built) return build(s, ln, *cur, rng);
    return moc_staged_load(s->st, ln->set, ln->count) < 0 ? -1 : 0;
  }
  if (rc == 0) rc = moc_staged_load(s->st, s->best, s->best_count);
  return rc < 0 ? -1 : 0;
}

/* Stage-weighting steps until a limit; the best set ends up in s->best.
 * After RESTART_STEPS steps without a new best of the lane the search turns
 * to the next lane with fresh weights and another random stream. */
static int run(search *s, lane *lanes) {
  moc_staged *st = s->st;
  uint64_t seed = s->p->seed, idle = 0, rng = seed * 0x9E3779B97F4A7C15ull | 1;
  uint32_t cur = 0;
  moc_wls *w = moc_wls_create(st, s->p->budget, seed);
  int rc = w ? 0 : -1;
  for (uint64_t steps = 0; rc == 0 && !stopped(s, steps); steps++) {
    rc = moc_wls_step(w);
    if (rc < 0) break;
    if (rc == 1 && cur != 0 && note(&lanes[cur], st)) idle = 0;
    if (rc == 1 && moc_staged_cost(st) < s->best_cost) {
      idle = 0;
      rc = keep_best(s);
    } else {
      rc = 0;
    }
    if (rc == 0 && ++idle >= RESTART_STEPS) {
      moc_wls_free(w);
      w = moc_wls_create(st, s->p->budget, ++seed * 0x2545F4914F6CDD1Dull);
      rc = w ? turn(s, lanes, &cur, &rng) : -1;
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

/* The search from st's set.  A time limit counts from t0, the start of
 * moc_heur_improve, so that a construction before the search spends the
 * same limit (it did not: on 10,000 nodes a 60 s run took 75 s); the small
 * default effort without one counts from here. */
static int search_from(moc_staged *st, const moc_heur_params *p, double t0) {
  size_t room = (size_t)st->n * (st->copies - 1) + 1;
  if (p->time_limit_s <= 0) t0 = now_s();
  search s = {.st = st, .p = p, .t0 = t0, .lanes = LANES};
  lane lanes[LANES];
  int ok = 1;
  for (uint32_t l = 0; l < LANES; l++) {
    lanes[l] = (lane){malloc(room * sizeof(moc_remat)), 0, INT64_MAX, 0};
    ok = ok && lanes[l].set;
  }
  s.best = malloc(room * sizeof *s.best);
  s.scratch = malloc(room * sizeof *s.scratch);
  int rc = ok && s.best && s.scratch ? keep_best(&s) : -1;
  if (rc == 0) rc = run(&s, lanes);
  if (rc == 0) rc = moc_staged_load(st, s.best, s.best_count);
  for (uint32_t l = 0; l < LANES; l++) free(lanes[l].set);
  free(s.best);
  free(s.scratch);
  return rc;
}

int moc_heur_improve(const moc_graph *g, const moc_heur_params *p, const uint32_t *start,
                     size_t start_len, uint32_t **best, size_t *best_len) {
  if (!g || !p || !best || !best_len || p->copies < 1) return -1;
  double t0 = now_s();
  moc_staged *st = moc_staged_create(g, p->copies);
  if (!st) return -1;
  int rc = start ? load_start(st, p, start, start_len) : 1;
  if (rc == 1) {
    moc_staged_clear(st);
    rc = moc_heur_build(st, p);
  }
  if (rc == 0) {
    moc_heur_drop(st, p->budget);
    rc = search_from(st, p, t0);
  }
  if (rc == 0) rc = moc_staged_schedule(st, best, best_len);
  moc_staged_free(st);
  return rc;
}
