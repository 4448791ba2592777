/* solver_neighbourhood.c — large neighbourhood search with the exact search
 * as its repair, a phase of the solver on small graphs.
 *
 * A move takes NEIGHBOURHOOD recomputations out of the incumbent, chosen at
 * random, keeps the others, and lets the exact search (exact.h, as a dive:
 * one branch-and-bound under the incumbent) look for the cheapest way to
 * fit the budget from there, with new recomputations anywhere.  It finds
 * what the local search misses: trades whose every partial step makes the
 * memory worse somewhere else.  On a generated 100-node graph at 0.8 one
 * recomputation of cost 428 went for four of 378 in all, through a chain of
 * repairs over 40 stages; the local search (which moves one recomputation at
 * a time) and the deepening (whose threshold never got that high) had not
 * found it in 60 s.
 *
 * Random subsets, not recomputations that lie near each other: the chain
 * above starts with two recomputations 27 stages apart.  (Windows of nearby
 * stages, re-solved exactly, were tried on random_layered_n500 and gained 1
 * cost unit.)  Each repair has a node limit, so that one hard neighbourhood
 * does not take the phase; the bounds it proves hold for the neighbourhood
 * only and are not reported.  When the repairs stop paying (patience) the
 * rest of the phase's time goes to the deepening, which proves optimality
 * on many of these graphs.  Schedules go through moc_solver_offer.
 */
#include <stdlib.h>
#include <string.h>

#include "model/exact.h"
#include "model/solver_internal.h"

enum { NEIGHBOURHOOD = 3, REPAIR_NODES = 50000 };

typedef struct lns {
  moc_solver *s;
  moc_error err;
  moc_remat *set;   /* the incumbent's recomputations */
  size_t count;
  moc_remat *kept;  /* the set without the neighbourhood */
  uint64_t rng;
} lns;

static uint64_t next(lns *l) {
  uint64_t x = l->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  l->rng = x;
  return x;
}

static void on_incumbent(void *user, const moc_remat *remats, size_t count, int64_t cost) {
  lns *l = user;
  if (l->err == MOC_OK) l->err = moc_solver_offer_staged(l->s, remats, count, cost, "exact-lns");
}

/* The incumbent's recomputations into l->set (replacing the old list). */
static moc_error load_incumbent(lns *l) {
  free(l->set);
  l->set = NULL;
  l->count = 0;
  if (moc_staged_from_schedule(l->s->g, l->s->best, l->s->best_len, &l->set, &l->count) != 0)
    return MOC_ERR_NOMEM;
  moc_remat *kept = realloc(l->kept, (l->count + 1) * sizeof *kept);
  if (!kept) return MOC_ERR_NOMEM;
  l->kept = kept;
  return MOC_OK;
}

/* Keeps all but NEIGHBOURHOOD random recomputations (none when there are
 * no more: the neighbourhood is then the whole problem, searched once, and
 * when that dive completes the incumbent is optimal); returns how many were
 * kept. */
static size_t pick(lns *l) {
  size_t take = l->count < NEIGHBOURHOOD ? l->count : NEIGHBOURHOOD;
  memcpy(l->kept, l->set, l->count * sizeof *l->kept);
  size_t kept = l->count;
  for (size_t i = 0; i < take; i++) {
    size_t j = (size_t)(next(l) % kept);
    l->kept[j] = l->kept[--kept];
  }
  return kept;
}

/* One repair of a random neighbourhood of the incumbent, for at most
 * `seconds`; *whole when the neighbourhood was the whole problem. */
static moc_error repair(lns *l, double seconds, bool *whole) {
  moc_solver *s = l->s;
  moc_exact_params p = {0};
  p.budget = s->budget;
  p.copies = s->copies;
  p.upper = s->best_cost;
  p.dive = 1;
  p.start = l->kept;
  p.start_count = pick(l);
  *whole = p.start_count == 0;
  p.node_limit = REPAIR_NODES;
  p.time_limit_s = seconds;
  p.stop = s->user_stop;
  p.on_incumbent = on_incumbent;
  p.user = l;
  moc_exact_result r;
  if (moc_exact_solve(s->g, &p, &r) != 0) return MOC_ERR_NOMEM;
  s->stats.nodes += r.nodes;
  /* the dive covered every set: nothing is cheaper than the incumbent */
  if (l->err == MOC_OK && *whole && r.exhausted) moc_solver_exact_exhausted(s, "exact-lns");
  return l->err;
}

/* Repairs without a gain after which the phase gives its time back: twice
 * the number of neighbourhoods of the incumbent (by then a random pick has
 * missed about one in seven of them), capped so that it cannot overflow. */
static uint64_t patience(size_t count) {
  if (count > 2000) return UINT64_MAX;
  uint64_t c = count, subsets = c * (c - 1) * (c - 2) / 6;
  return 2 * (subsets > 1 ? subsets : 1);
}

moc_error moc_solver_neighbourhoods(moc_solver *s, double seconds) {
  if (!s->best || s->time_limit_s <= 0) return MOC_OK;
  double end = moc_solver_elapsed(s) + seconds;
  lns l = {s, MOC_OK, NULL, 0, NULL, s->seed * 0x9E3779B97F4A7C15ull | 1};
  moc_error err = load_incumbent(&l);
  uint64_t idle = 0;
  while (err == MOC_OK && l.count > 0 && idle < patience(l.count) && !moc_solver_should_stop(s)) {
    double left = end - moc_solver_elapsed(s);
    if (left <= 0) break;
    int64_t before = s->best_cost;
    bool whole = false;
    err = repair(&l, left, &whole);
    if (whole) break; /* the same whole problem again would repeat the same dive */
    idle++;
    if (err == MOC_OK && s->best_cost < before) {
      idle = 0;
      err = load_incumbent(&l);
    }
  }
  free(l.set);
  free(l.kept);
  return err;
}
