/* local_search_cross.c — window crossover of two recomputation sets, the
 * recombination step of the local search (local_search.c).
 *
 * Memory overflows in separate regions of stages, and the recomputations
 * that relieve one region hardly touch another, so two good sets are often
 * each better in a different region: the weighting search finds a region's
 * best at one moment and loses it while it works elsewhere.  The crossover
 * takes the outer set and replaces its recomputations in a window of stages
 * [x1, x2] by the inner set's, for the windows whose ends are stages where
 * either set recomputes something (a sweep over x2 for each x1, so each
 * child costs one add or remove per recomputation moved).  A child that
 * fits the budget and is cheaper than the best so far is kept; one that is
 * cheaper but overflows is repaired by the greedy eviction walk first (a few
 * of them).  The winner loses what it no longer needs (drop pass).  This is
 * the two-point crossover of memetic algorithms, with exact incremental
 * evaluation and repair (e.g. Moscato and Cotta, "A gentle introduction to
 * memetic algorithms", 2003).
 */
#include <stdlib.h>
#include <time.h>

#include "model/staged.h"

enum { SPAN = 48, REPAIRS = 64 };

typedef struct cross {
  moc_staged *st;
  int64_t budget;
  double deadline;
  volatile int *stop;
  const moc_remat *out, *in;  /* outer and inner sets, in stage order */
  size_t nout, nin;
  moc_remat *child;           /* cheapest fitting child so far */
  size_t nchild;
  int64_t child_cost;
  uint32_t repairs;           /* repairs left */
} cross;

static int expired(const cross *c) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if (c->stop && *c->stop) return 1;
  return c->deadline > 0 && (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 >= c->deadline;
}

/* Distinct stages of both sets, ascending; returns how many. */
static size_t cut_points(const cross *c, uint32_t *cuts) {
  size_t i = 0, j = 0, k = 0;
  while (i < c->nout || j < c->nin) {
    uint32_t t;
    if (j >= c->nin || (i < c->nout && c->out[i].stage <= c->in[j].stage))
      t = c->out[i++].stage;
    else
      t = c->in[j++].stage;
    if (k == 0 || cuts[k - 1] != t) cuts[k++] = t;
  }
  return k;
}

/* Replaces, in the state, the outer set's recomputations of stage t by the
 * inner set's (an inner one that is not allowed is left out).  The cursors
 * *io and *ii move past stage t.  Returns 0 or -1 (out of memory). */
static int swap_stage(cross *c, uint32_t t, size_t *io, size_t *ii) {
  while (*io < c->nout && c->out[*io].stage < t) (*io)++;
  while (*ii < c->nin && c->in[*ii].stage < t) (*ii)++;
  for (; *io < c->nout && c->out[*io].stage == t; (*io)++)
    if (moc_staged_remove(c->st, c->out[*io].node, t) < 0) return -1;
  for (; *ii < c->nin && c->in[*ii].stage == t; (*ii)++)
    if (moc_staged_add(c->st, c->in[*ii].node, t) < 0) return -1;
  return 0;
}

static void keep(cross *c) {
  c->child_cost = moc_staged_cost(c->st);
  c->nchild = moc_staged_count(c->st);
  moc_staged_list(c->st, c->child);
}

/* A cheaper child that overflows: the greedy walk and the drop pass, on the
 * journal, then back. */
static int repair(cross *c) {
  moc_staged *st = c->st;
  size_t mark = moc_staged_mark(st);
  uint64_t rng = 1;
  c->repairs--;
  int rc = moc_heur_repair_until(st, c->budget, 0.0, &rng, 1, c->deadline, c->stop);
  if (rc == 0) {
    moc_heur_drop(st, c->budget);
    if (moc_staged_cost(st) < c->child_cost) keep(c);
  }
  moc_staged_undo(st, mark);
  return rc < 0 ? -1 : 0;
}

static int consider(cross *c) {
  if (moc_staged_cost(c->st) >= c->child_cost) return 0;
  if (moc_staged_peak(c->st) <= c->budget) {
    keep(c);
    return 0;
  }
  return c->repairs ? repair(c) : 0;
}

/* Every window [cuts[a], cuts[b]], b - a < SPAN, of the inner set in the
 * outer one; the state returns to the outer set after each a. */
static int sweep(cross *c, const uint32_t *cuts, size_t ncuts) {
  if (moc_staged_load(c->st, c->out, c->nout) != 0) return -1;
  for (size_t a = 0; a < ncuts && !expired(c); a++) {
    size_t io = 0, ii = 0, mark = moc_staged_mark(c->st);
    for (size_t b = a; b < ncuts && b - a < SPAN; b++) {
      if (swap_stage(c, cuts[b], &io, &ii) < 0 || consider(c) < 0) return -1;
    }
    moc_staged_undo(c->st, mark);
  }
  return 0;
}

int moc_ls_crossover(moc_staged *st, const moc_cross_params *p, const moc_remat *a, size_t na,
                     const moc_remat *b, size_t nb, moc_remat *child, size_t *nchild,
                     int64_t *cost) {
  uint32_t *cuts = malloc((na + nb + 1) * sizeof *cuts);
  if (!cuts || moc_staged_journal(st, 1, 2 * (na + nb) + 64) != 0) {
    free(cuts);
    return -1;
  }
  cross c = {st, p->budget, p->deadline, p->stop, a, b, na, nb, child, 0, *cost, REPAIRS};
  size_t ncuts = cut_points(&c, cuts);
  int rc = sweep(&c, cuts, ncuts);
  c.out = b, c.nout = nb, c.in = a, c.nin = na;
  if (rc == 0) rc = sweep(&c, cuts, ncuts);
  free(cuts);
  moc_staged_journal(st, 0, 0);
  moc_staged_forget(st);
  if (rc < 0 || c.child_cost >= *cost) return rc < 0 ? -1 : 1;
  if (moc_staged_load(st, c.child, c.nchild) != 0) return -1;
  moc_heur_drop(st, p->budget);
  *nchild = moc_staged_count(st);
  *cost = moc_staged_cost(st);
  moc_staged_list(st, child);
  return 0;
}
