/* exact.c — the exact search over staged schedules: iterative deepening on
 * the cost over recomputation sets (see exact.h for the branching and its
 * completeness argument, exact_node.c for the bound).
 *
 * A node's f is the largest of its parent's f (pathmax) and its cost plus
 * its bound; an iteration expands the nodes with f <= threshold and records
 * the least f it cut.  When it completes, no schedule is cheaper than
 * min(upper, least cut f): that is the proven lower bound.  A schedule found
 * on the way becomes the upper bound and lowers the threshold to upper - 1,
 * so the last iteration is a branch-and-bound under the incumbent.  The
 * thresholds grow geometrically from the root bound, so that early
 * iterations raise the bound quickly and the repeated work stays within a
 * constant factor of the last iteration.
 */
#include "model/exact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
  moc_exact x;
  const moc_exact_params *p;
  moc_exact_result *r;
  int64_t threshold;   /* expand nodes with f <= threshold */
  int64_t cut;         /* least f cut in this iteration */
  int64_t most;        /* C x sum(w): no staged schedule costs more */
  int stopped;
  int aborted;         /* the iteration ran past its node cap */
  uint64_t cap, istart;  /* node cap of the iteration (0: none), nodes at its start */
  uint32_t checks;       /* calls of limited() */
  struct timespec started;
  moc_remat *list;     /* scratch for incumbents */
} run;

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static double seconds_since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) * 1e-9;
}

static int limited(run *r) {
  if (r->stopped || r->aborted) return 1;
  if (r->cap && r->r->nodes - r->istart >= r->cap) {
    r->aborted = 1;
    return 1;
  }
  const moc_exact_params *p = r->p;
  uint64_t nodes = r->r->nodes;
  /* the clock is read once in 64 checks on small graphs, where a node takes
   * microseconds; on every check on larger ones, where it may take 0.1 s
   * (random_layered_n1000 at 0.65 with C = 6: 25 ms, and 64 of them ran
   * 0.23 s past the time limit) */
  int clock = r->x.n > 200 || (++r->checks & 63) == 0;
  if ((p->stop && *p->stop) || (p->node_limit && nodes >= p->node_limit) ||
      (clock && p->time_limit_s > 0 && seconds_since(&r->started) >= p->time_limit_s))
    r->stopped = 1;
  return r->stopped;
}

static int forbid(moc_exact *x, moc_exact_item c) {
  if (x->flen == x->fcap) {
    size_t cap = x->fcap ? 2 * x->fcap : 256;
    uint32_t *nx = realloc(x->fnext, cap * sizeof *nx);
    if (!nx) return -1;
    x->fnext = nx;
    uint32_t *fs = realloc(x->fstage, cap * sizeof *fs);
    if (!fs) return -1;
    x->fstage = fs;
    x->fcap = cap;
  }
  x->fnext[x->flen] = x->fhead[c.node];
  x->fstage[x->flen] = c.stage;
  x->fhead[c.node] = (uint32_t)++x->flen;
  return 0;
}

/* Pops the forbidden entries above `mark` (nodes given by the candidates
 * that pushed them, last first). */
static void unforbid(moc_exact *x, const moc_exact_item *pushed, size_t count) {
  for (size_t i = count; i-- > 0;) {
    x->flen--;
    x->fhead[pushed[i].node] = x->fnext[x->flen];
  }
}

static void found(run *r, int64_t cost) {
  if (cost >= r->r->upper) return;
  r->r->upper = cost;
  r->threshold = min64(r->threshold, cost - 1);
  size_t count = moc_staged_count(r->x.st);
  moc_staged_list(r->x.st, r->list);
  if (r->p->on_incumbent) r->p->on_incumbent(r->p->user, r->list, count, cost);
}

static void cut(run *r, int64_t f) { r->cut = min64(r->cut, f); }

static int dfs(run *r, int64_t f_parent);

/* Children of the node whose candidates are x->cand[mark..end). */
static int expand(run *r, size_t mark, size_t end, int64_t f) {
  moc_exact *x = &r->x;
  int64_t cost = moc_staged_cost(x->st);
  size_t pushed = 0;
  int rc = 0;
  for (size_t i = mark; i < end && rc == 0 && !limited(r); i++) {
    moc_exact_item c = x->cand[i];
    int64_t w = r->x.g->cost[c.node];
    int64_t own = c.extra > INT64_MAX - w ? INT64_MAX : w + c.extra;
    int64_t fc = max64(f, own > INT64_MAX - cost ? INT64_MAX : cost + own);
    if (fc > r->threshold) {
      cut(r, fc);
    } else {
      int added = moc_staged_add(x->st, c.node, c.stage);
      if (added < 0) return -1;
      if (added == 0) {
        rc = dfs(r, fc);
        if (moc_staged_remove(x->st, c.node, c.stage) < 0) rc = -1;
      }
    }
    if (rc == 0 && forbid(x, c) != 0) rc = -1;
    else if (rc == 0) pushed++;
  }
  unforbid(x, x->cand + mark, pushed);
  return rc;
}

static int dfs(run *r, int64_t f_parent) {
  moc_exact *x = &r->x;
  if (limited(r)) return 0;
  r->r->nodes++;
  size_t mark = x->clen;
  moc_exact_kind kind;
  int64_t h;
  int64_t cost = moc_staged_cost(x->st);
  /* cost <= f_parent <= threshold: the goal is positive */
  x->goal = r->threshold == INT64_MAX ? INT64_MAX : r->threshold - cost + 1;
  if (moc_exact_analyse(x, &kind, &h) != 0) return -1;
  if (kind == MOC_EXACT_FITS) found(r, cost);
  if (kind != MOC_EXACT_OPEN) return 0;
  int64_t f = max64(f_parent, cost + h);
  int rc = 0;
  if (f > r->threshold)
    cut(r, f);
  else
    rc = expand(r, mark, x->clen, f);
  x->clen = mark;
  return rc;
}

void moc_exact_release(moc_exact *x) {
  moc_staged_free(x->st);
  free(x->fhead), free(x->fnext), free(x->fstage), free(x->cand);
  free(x->mem), free(x->over), free(x->overval), free(x->stamp), free(x->items);
  free(x->steps), free(x->pool), free(x->rem), free(x->rstamp);
  free(x->dcount), free(x->dstamp), free(x->opt), free(x->fmark), free(x->rank);
  free(x->wpool), free(x->wdfirst), free(x->wdead), free(x->kstack), free(x->kmark);
  free(x->tfirst), free(x->pend);
}

/* x->rank: the nodes of positive size in moc_exact_by_ratio order, so that
 * every list of items or candidates is collected already sorted. */
static void rank_nodes(moc_exact *x) {
  const moc_graph *g = x->g;
  uint32_t k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    if (g->size[v] > 0) x->opt[k++] = (moc_exact_item){g->size[v], g->cost[v], v, 0, 0};
  if (k > 1) qsort(x->opt, k, sizeof *x->opt, moc_exact_by_ratio);
  for (uint32_t i = 0; i < k; i++) x->rank[i] = x->opt[i].node;
  x->nrank = k;
}

int moc_exact_init(moc_exact *x, const moc_graph *g, const moc_exact_params *p) {
  memset(x, 0, sizeof *x);
  x->g = g;
  x->n = g->n;
  x->budget = p->budget;
  x->copies = (uint32_t)p->copies;
  x->st = moc_staged_create(g, p->copies);
  if (!x->st || (p->start_count && moc_staged_load(x->st, p->start, p->start_count) != 0)) return -1;
  size_t leaves = (size_t)x->st->seg.n + 1;
  x->fhead = calloc(g->n + 1, sizeof *x->fhead);
  x->mem = malloc((g->n + 2) * sizeof *x->mem);
  x->over = malloc(leaves * sizeof *x->over);
  x->overval = malloc(leaves * sizeof *x->overval);
  x->stamp = calloc(g->n + 1, sizeof *x->stamp);
  x->rem = calloc(g->n + 1, sizeof *x->rem);
  x->rstamp = calloc(g->n + 1, sizeof *x->rstamp);
  x->dcount = calloc(g->n + 1, sizeof *x->dcount);
  x->dstamp = calloc(g->n + 1, sizeof *x->dstamp);
  x->opt = malloc((g->n + 1) * sizeof *x->opt);
  x->fmark = calloc(g->n + 1, sizeof *x->fmark);
  x->rank = malloc((g->n + 1) * sizeof *x->rank);
  x->kstack = malloc(((size_t)g->n + 1) * sizeof *x->kstack);
  x->kmark = calloc(g->n + 1, sizeof *x->kmark);
  if (!x->rank || !x->opt) return -1;
  rank_nodes(x);
  return x->fhead && x->mem && x->over && x->overval && x->stamp && x->rem && x->rstamp &&
                 x->dcount && x->dstamp && x->opt && x->fmark && x->kstack && x->kmark
             ? 0
             : -1;
}

/* One iteration under r->threshold: 1 when it completed, 2 when it ran
 * past its node cap, 0 when stopped, -1 when out of memory. */
static int iterate(run *r) {
  r->cut = INT64_MAX;
  r->aborted = 0;
  r->istart = r->r->nodes;
  int rc = dfs(r, 0);
  if (rc < 0) return -1;
  if (r->stopped) return 0;
  return r->aborted ? 2 : 1;
}

/* A bound above r->most says that no schedule exists at all: it becomes
 * INT64_MAX (and is not reported as a cost). */
static void raise_bound(run *r, int64_t bound) {
  if (bound > r->most) bound = INT64_MAX;
  if (bound <= r->r->bound) return;
  r->r->bound = bound;
  if (r->p->on_bound && bound < INT64_MAX) r->p->on_bound(r->p->user, bound);
}

/* The next step of the threshold: doubled while iterations stay cheap
 * (at most four times the nodes of the one before), cut back to a quarter
 * when one grows faster, so that the bound keeps rising in small steps once
 * iterations get expensive. */
static int64_t next_step(int64_t step, uint64_t nodes, uint64_t before) {
  if (before > 0 && nodes > 4 * before) return max64(1, step / 4);
  return step < INT64_MAX / 2 ? 2 * step : step;
}

/* The least node cap of an iteration. */
#define ITERATION_NODES 20000
/* An iteration may always use this share of the nodes the limits leave.
 * With the cap at four times the iteration before alone, an iteration that
 * outgrew it was given up and retried with a quarter of the step, and the
 * step then doubled back over iterations of nearly the same size: on a
 * generated 100-node graph at 0.8, started at its optimum, the proof took
 * 3.6 million nodes (23 s) where the last iteration alone needed 0.5
 * million; with this floor 1.3 million (7.6 s).  On 12 other such runs of
 * 30 s the bound ended within 0.05 % of where it did before, or 0.33 %
 * higher (one). */
#define ITERATION_SHARE 0.125

/* The nodes the limits leave (HUGE_VAL with none), at the rate so far. */
static double nodes_left(const run *r) {
  const moc_exact_params *p = r->p;
  double left = HUGE_VAL, nodes = (double)r->r->nodes;
  if (p->node_limit) left = (double)p->node_limit - nodes;
  if (p->time_limit_s > 0) {
    double spent = seconds_since(&r->started);
    double by_time = spent > 0 ? (p->time_limit_s - spent) * nodes / spent : 0;
    if (by_time < left) left = by_time;
  }
  return left;
}

/* The node cap of the next iteration (0: none, for the first): four times
 * the one before, at least ITERATION_NODES, and at least ITERATION_SHARE of
 * what the limits leave when there are limits. */
static uint64_t iteration_cap(const run *r, uint64_t before) {
  if (before == 0) return 0;
  uint64_t cap = (uint64_t)max64((int64_t)(4 * before), ITERATION_NODES);
  double share = ITERATION_SHARE * nodes_left(r);
  return share > (double)cap && share < 1e18 ? (uint64_t)share : cap;
}

/* Iterations with thresholds growing from the bound, each capped
 * (iteration_cap): one that runs past its cap is retried with a quarter of
 * the step, so that the bound keeps rising; returns -1 on out of memory. */
static int deepen(run *r) {
  moc_exact_result *res = r->r;
  int64_t step = 1;
  if (res->upper < INT64_MAX && res->upper > res->bound) step = max64(1, (res->upper - res->bound) / 16);
  else step = max64(1, res->bound / 1024);
  r->threshold = res->bound;
  uint64_t before = 0;
  while (res->bound < res->upper) {
    r->threshold = min64(r->threshold, res->upper - 1);
    uint64_t start = res->nodes;
    r->cap = iteration_cap(r, before);
    int rc = iterate(r);
    if (rc < 0) return -1;
    if (rc == 0) return 0;
    if (rc == 2) {
      /* too big a step: retry closer to the bound (or, at step 1, with a larger cap) */
      if (step == 1) before *= 4;
      step = max64(1, step / 4);
      r->threshold = res->bound + step;
      continue;
    }
    raise_bound(r, min64(res->upper, r->cut));
    if (res->bound == INT64_MAX) break; /* no schedule at all */
    step = next_step(step, res->nodes - start, before);
    before = res->nodes - start;
    /* an iteration at r->most is complete: whatever it cuts costs more than any schedule */
    r->threshold = min64(r->most, max64(res->bound, r->threshold > INT64_MAX - step
                                                        ? INT64_MAX
                                                        : r->threshold + step));
  }
  res->exhausted = 1;
  return 0;
}

/* One iteration with the threshold just under the incumbent (with none, at
 * r->most): a depth-first branch-and-bound.  It raises no bound until it
 * completes, and then proves the incumbent optimal; but it reaches schedules
 * far above the bound at once, where the deepening gets there only when its
 * threshold does.  On a generated 100-node graph at 0.8 it found, in 0.6 s,
 * a schedule 50 cost units cheaper than 60 s of local search and deepening:
 * one recomputation traded for four cheap ones, a chain of repairs that
 * each make the memory worse elsewhere before it fits. */
static int dive(run *r) {
  moc_exact_result *res = r->r;
  r->threshold = res->upper < INT64_MAX ? res->upper - 1 : r->most;
  r->cap = 0;
  int rc = iterate(r);
  if (rc < 0) return -1;
  if (rc == 1) {
    raise_bound(r, res->upper);
    res->exhausted = 1;
  }
  return 0;
}

int moc_exact_solve(const moc_graph *g, const moc_exact_params *p, moc_exact_result *res) {
  memset(res, 0, sizeof *res);
  res->upper = p->upper;
  res->bound = g->topo_cost;
  run r;
  memset(&r, 0, sizeof r);
  r.p = p;
  r.r = res;
  r.most = g->total_cost > INT64_MAX / p->copies ? INT64_MAX : g->total_cost * p->copies;
  clock_gettime(CLOCK_MONOTONIC, &r.started);
  int rc = moc_exact_init(&r.x, g, p);
  int64_t root = rc == 0 ? moc_staged_cost(r.x.st) : g->topo_cost; /* the start set's cost */
  if (root > res->bound) res->bound = root;
  r.list = malloc(((size_t)g->n * (size_t)p->copies + 1) * sizeof *r.list);
  if (rc == 0 && r.list) {
    moc_exact_kind kind;
    int64_t h = 0;
    r.x.goal = INT64_MAX;
    rc = moc_exact_analyse(&r.x, &kind, &h);
    r.x.clen = 0;
    if (rc == 0) raise_bound(&r, kind == MOC_EXACT_DEAD ? INT64_MAX : root + h);
    if (rc == 0 && kind == MOC_EXACT_FITS) found(&r, root);
    if (rc == 0 && kind != MOC_EXACT_OPEN) res->exhausted = 1;
    else if (rc == 0) rc = p->dive ? dive(&r) : deepen(&r);
  } else {
    rc = -1;
  }
  if (res->exhausted && res->bound > res->upper) res->bound = res->upper;
  free(r.list);
  moc_exact_release(&r.x);
  return rc;
}
