/* local_search.c — phase 2: ruin and recreate over recomputation sets.
 *
 * From a feasible staged schedule, each round removes every recomputation of
 * a random window of stages (ruin), runs the eviction walk of phase 1 with
 * randomised choices until the peak fits again (recreate), and drops the
 * recomputations the budget no longer needs.  The round is kept when the
 * cost does not rise; otherwise the journal of the state undoes it.  This is the "ruin and recreate"
 * scheme of Schrimpf et al. (J. Comput. Phys. 2000) on the incremental state
 * of staged.c, so a round costs about the size of its window.
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

typedef struct search {
  moc_staged *st;
  const moc_heur_params *p;
  uint64_t rng;
  double t0;
  moc_remat *best;       /* best recomputation set so far */
  size_t best_count;
  int64_t best_cost;
  moc_remat *window;     /* recomputations removed by the current ruin */
  moc_remat *added;      /* recomputations added by the current round */
  uint32_t *seen;        /* seen[v]: stage of v's last journal entry read, or UINT32_MAX */
  uint32_t max_window;   /* largest window, in stages */
} search;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t next(search *s) {
  uint64_t x = s->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  s->rng = x;
  return x;
}

static double uniform(search *s) { return (double)(next(s) >> 11) * 0x1p-53; }

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

/* Removes the recomputations of a random window of stages; returns how many. */
static size_t ruin(search *s) {
  moc_staged *st = s->st;
  uint32_t len = 1 + (uint32_t)(next(s) % s->max_window);
  uint32_t first = (uint32_t)(next(s) % st->n), last = first + len;
  if (last > st->n) last = st->n;
  size_t k = 0;
  for (uint32_t t = first; t < last; t++)
    for (uint32_t i = 0; i < st->sl_len[t]; i++) s->window[k++] = (moc_remat){st->sl[t][i], t};
  for (size_t i = 0; i < k; i++) moc_staged_remove(st, s->window[i].node, s->window[i].stage);
  return k;
}

/* Drops, where the budget allows, the recomputations added since `mark`
 * that are still there (each once: the journal is read backwards). */
static void drop_added(search *s, size_t mark) {
  moc_staged *st = s->st;
  size_t k = 0;
  for (size_t j = st->jlen; j-- > mark;) {
    moc_remat r = st->jr[j];
    if (s->seen[r.node] == r.stage) continue;
    s->seen[r.node] = r.stage;
    if (!st->jadd[j]) continue;
    s->added[k++] = r;
  }
  for (size_t i = 0; i < k; i++) s->seen[s->added[i].node] = UINT32_MAX;
  for (size_t j = mark; j < st->jlen; j++) s->seen[st->jr[j].node] = UINT32_MAX;
  moc_heur_drop_some(st, s->p->budget, s->added, k);
}

/* One round; returns -1 when out of memory. */
static int round_once(search *s) {
  moc_staged *st = s->st;
  int64_t budget = s->p->budget, before = moc_staged_cost(st);
  size_t mark = moc_staged_mark(st);
  if (ruin(s) == 0) return 0;
  int rc = moc_heur_repair(st, budget, 0.3 + uniform(s), &s->rng);
  if (rc < 0) return -1;
  if (rc == 0) drop_added(s, mark);
  if (rc != 0 || moc_staged_peak(st) > budget || moc_staged_cost(st) > before) {
    moc_staged_undo(st, mark);
    return 0;
  }
  moc_staged_forget(st);
  if (moc_staged_cost(st) < s->best_cost) return keep_best(s);
  return 0;
}

static int stopped(const search *s, uint64_t rounds) {
  const moc_heur_params *p = s->p;
  if (p->stop && *p->stop) return 1;
  if (p->max_iterations && rounds >= p->max_iterations) return 1;
  double limit = p->time_limit_s > 0 ? p->time_limit_s : 0.1;
  return now_s() - s->t0 >= limit;
}

/* Runs rounds until a limit; the best set ends up in s->best. */
static int run(search *s) {
  moc_staged *st = s->st;
  if (moc_staged_journal(st, 1, 1024) != 0) return -1;
  moc_staged_forget(st);
  for (uint64_t rounds = 0; !stopped(s, rounds); rounds++) {
    if (round_once(s) < 0) return -1;
  }
  moc_staged_journal(st, 0, 0);
  return 0;
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
  s.rng = p->seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  s.best = malloc(room * sizeof *s.best);
  s.window = malloc(room * sizeof *s.window);
  s.added = malloc(room * sizeof *s.added);
  s.seen = malloc(((size_t)st->n + 1) * sizeof *s.seen);
  for (uint32_t v = 0; s.seen && v <= st->n; v++) s.seen[v] = UINT32_MAX;
  s.max_window = st->n / 20 > 2 ? st->n / 20 : 2;
  int rc = (s.best && s.window && s.added && s.seen) ? keep_best(&s) : -1;
  if (rc == 0) rc = run(&s);
  if (rc == 0) rc = moc_staged_load(st, s.best, s.best_count);
  free(s.best);
  free(s.window);
  free(s.added);
  free(s.seen);
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
