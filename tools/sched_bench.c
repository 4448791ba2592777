/* sched_bench.c — throughput of the scheduling propagators on the MOCCASIN
 * model of a real graph (issue 4's measurement).
 *
 * Builds the model of SPEC §2 straight from a graph file: C copies per node
 * (copy 0 present at its own stage, the others optional), ordered disjoint
 * copies, one cumulative over all copies (capacity: a fraction of the
 * topological peak), and the cover constraints (one propagator per producer
 * node, or per edge).  Then random dives: pick an undecided variable at
 * random (a copy's presence, stage or end), split its domain or decide the
 * presence, propagate, undo the decision on a conflict, restart at a leaf or
 * after a depth limit.  Prints propagations, decisions and conflicts per
 * second.  The engine is left to its own fix-point; no objective.
 *
 *     sched_bench GRAPH.json [--copies C] [--fraction F] [--seconds T]
 *                 [--seed S] [--cover node|edge] [--no-cumulative] [--no-points]
 *                 [--bound]
 *
 * --no-points: the cumulative without residency points (groups), to measure
 * what they buy.  --bound: the capacity is a variable; prints the lower
 * bound on the peak that the root fix-point proves (no dives).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/graph_reader.h"
#include "model/graph.h"
#include "propagators/cover.h"
#include "propagators/cumulative.h"

typedef struct options {
  const char *path;
  uint32_t copies;
  double fraction;
  double seconds;
  uint64_t seed;
  bool per_edge;
  bool cumulative;
  bool points;
  bool bound;     /* capacity as a variable: report the root lower bound on the peak */
} options;

typedef struct bench {
  moc_engine *e;
  const moc_graph *g;
  uint32_t n, C;
  moc_interval *iv;      /* iv[v * C + i] */
  moc_var *decision;     /* the variables dives decide on */
  uint32_t ndecision;
  int64_t horizon, capacity;
  moc_var capvar;        /* the peak variable with --bound, else -1 */
} bench;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rnd(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static int64_t event(int64_t t, int64_t k) { return t * (t + 1) / 2 + k; }

static int make_intervals(bench *b) {
  b->iv = calloc((size_t)b->n * b->C, sizeof *b->iv);
  b->decision = calloc((size_t)b->n * b->C * 3, sizeof *b->decision);
  if (!b->iv || !b->decision) return -1;
  for (uint32_t v = 0; v < b->n; v++) {
    int64_t k = b->g->position[v];
    for (uint32_t i = 0; i < b->C; i++) {
      moc_interval *x = &b->iv[v * b->C + i];
      x->stage = moc_new_int(b->e, k, i == 0 ? k : (int64_t)b->n - 1);
      x->end = moc_new_int(b->e, event(k, k) + 1, b->horizon);
      x->present = moc_new_bool(b->e);
      x->offset = k;
      x->staged = true;
      if (x->stage < 0 || x->end < 0 || x->present < 0) return -1;
      if (i == 0 && moc_set_lit(b->e, x->present, moc_root()) != MOC_PROP_OK) return -1;
      if (moc_interval_post(b->e, x) != 0) return -1;
      if (i > 0 && moc_interval_post_before(b->e, x - 1, x) != 0) return -1;
      if (i > 0) b->decision[b->ndecision++] = moc_lit_var(x->present);
      if (i > 0) b->decision[b->ndecision++] = x->stage;
      b->decision[b->ndecision++] = x->end;
    }
  }
  return 0;
}

/* Residency points: u is resident at the start of every copy of each
 * successor (the cover constraint guarantees it). */
static moc_cumul_point *residency(const bench *b, uint32_t *count) {
  const moc_graph *g = b->g;
  moc_cumul_point *pt = malloc(((size_t)g->m + 1) * b->C * sizeof *pt);
  if (!pt) return NULL;
  *count = 0;
  for (uint32_t u = 0; u < b->n; u++)
    for (uint32_t k = g->succ_start[u]; k < g->succ_start[u + 1]; k++)
      for (uint32_t j = 0; j < b->C; j++)
        pt[(*count)++] = (moc_cumul_point){u, b->iv[g->succ[k] * b->C + j]};
  return pt;
}

static int post_cumulative(bench *b, bool points) {
  uint32_t m = b->n * b->C;
  int64_t *demand = malloc(m * sizeof *demand);
  uint32_t *group = malloc(m * sizeof *group);
  uint32_t npoints = 0;
  moc_cumul_point *pt = points ? residency(b, &npoints) : NULL;
  int rc = -1;
  if (demand && group && (pt || !points)) {
    for (uint32_t j = 0; j < m; j++) demand[j] = b->g->size[j / b->C];
    for (uint32_t j = 0; j < m; j++) group[j] = j / b->C;
    moc_cumulative_spec s = {.tasks = b->iv, .demand = demand, .n = m, .horizon = b->horizon,
                             .capacity = b->capvar, .capacity_const = b->capacity};
    if (points) {
      s.group = group;
      s.ngroups = b->n;
      s.points = pt;
      s.npoints = npoints;
    }
    rc = moc_cumulative_post(b->e, &s, NULL);
  }
  free(demand);
  free(group);
  free(pt);
  return rc;
}

static int post_covers(bench *b, bool per_edge) {
  const moc_graph *g = b->g;
  moc_interval *cons = malloc(((size_t)g->m + 1) * b->C * sizeof *cons);
  if (!cons) return -1;
  int rc = 0;
  for (uint32_t u = 0; u < b->n && rc == 0; u++) {
    uint32_t nc = 0;
    for (uint32_t k = g->succ_start[u]; k < g->succ_start[u + 1] && rc == 0; k++) {
      for (uint32_t j = 0; j < b->C; j++) cons[nc++] = b->iv[g->succ[k] * b->C + j];
      if (per_edge) {
        moc_cover_spec s = {&b->iv[u * b->C], b->C, cons, nc};
        rc = moc_cover_post(b->e, &s);
        nc = 0;
      }
    }
    if (!per_edge && nc > 0) {
      moc_cover_spec s = {&b->iv[u * b->C], b->C, cons, nc};
      rc = moc_cover_post(b->e, &s);
    }
  }
  free(cons);
  return rc;
}

/* A random undecided variable, or -1 when all are fixed. */
static moc_var pick(const bench *b, uint64_t *seed) {
  for (int tries = 0; tries < 64; tries++) {
    moc_var x = b->decision[rnd(seed) % b->ndecision];
    if (!moc_is_fixed(b->e, x)) return x;
  }
  for (uint32_t k = 0; k < b->ndecision; k++)
    if (!moc_is_fixed(b->e, b->decision[k])) return b->decision[k];
  return -1;
}

/* Mostly "no recomputation" for presences, random splits otherwise. */
static moc_pstatus decide(bench *b, moc_var x, uint64_t *seed) {
  int64_t lb = moc_lb(b->e, x), ub = moc_ub(b->e, x);
  if (lb == 0 && ub == 1 && rnd(seed) % 10 < 8) return moc_set_ub(b->e, x, 0, moc_decision());
  int64_t mid = lb + (int64_t)(rnd(seed) % (uint64_t)(ub - lb));
  if (rnd(seed) % 2) return moc_set_ub(b->e, x, mid, moc_decision());
  return moc_set_lb(b->e, x, mid + 1, moc_decision());
}

typedef struct counts {
  uint64_t decisions, conflicts, leaves, restarts;
} counts;

static void dive(bench *b, const options *o, counts *c) {
  uint64_t seed = o->seed;
  double end = now() + o->seconds;
  while (now() < end) {
    for (int k = 0; k < 256; k++) {
      moc_var x = pick(b, &seed);
      if (x < 0 || moc_level(b->e) >= 4000) {
        c->leaves += x < 0;
        c->restarts++;
        moc_backtrack_to(b->e, 0);
        continue;
      }
      if (moc_push_level(b->e) != 0) return;
      c->decisions++;
      if (decide(b, x, &seed) != MOC_PROP_OK || moc_propagate(b->e) != MOC_PROP_OK) {
        c->conflicts++;
        moc_backtrack_to(b->e, moc_level(b->e) - 1);
      }
    }
  }
}

static int parse(int argc, char **argv, options *o) {
  *o = (options){NULL, 2, 0.9, 5.0, 1, false, true, true, false};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--no-cumulative")) o->cumulative = false;
    else if (!strcmp(a, "--no-points")) o->points = false;
    else if (!strcmp(a, "--bound")) o->bound = true;
    else if (!strcmp(a, "--copies") && v) o->copies = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(a, "--fraction") && v) o->fraction = strtod(argv[++i], NULL);
    else if (!strcmp(a, "--seconds") && v) o->seconds = strtod(argv[++i], NULL);
    else if (!strcmp(a, "--seed") && v) o->seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(a, "--cover") && v) o->per_edge = !strcmp(argv[++i], "edge");
    else if (a[0] != '-' && !o->path) o->path = a;
    else return -1;
  }
  return o->path && o->copies >= 1 && o->fraction > 0 ? 0 : -1;
}

static int build(bench *b, const options *o) {
  b->n = b->g->n;
  b->C = o->copies;
  b->horizon = event((int64_t)b->n - 1, (int64_t)b->n - 1) + 1;
  b->capacity = (int64_t)((double)b->g->topo_peak * o->fraction + 0.999999);
  b->e = moc_engine_create(NULL);
  if (!b->e || make_intervals(b) != 0) return -1;
  b->capvar = o->bound ? moc_new_int(b->e, 0, MOC_INT_MAX) : -1;
  if (o->cumulative && post_cumulative(b, o->points) != 0) return -1;
  return post_covers(b, o->per_edge);
}

int main(int argc, char **argv) {
  options o;
  if (parse(argc, argv, &o) != 0) {
    fprintf(stderr, "usage: sched_bench GRAPH.json [--copies C] [--fraction F] [--seconds T] "
                    "[--seed S] [--cover node|edge] [--no-cumulative] [--no-points] [--bound]\n");
    return 2;
  }
  cli_graph cg;
  cli_error err = {0, ""};
  if (cli_graph_read(o.path, &cg, &err) != 0) {
    fprintf(stderr, "%s\n", err.text);
    return 1;
  }
  bench b = {0};
  b.g = cg.graph;
  double t0 = now();
  if (build(&b, &o) != 0) {
    fprintf(stderr, "sched_bench: cannot build the model (out of memory?)\n");
    return 1;
  }
  double t1 = now();
  moc_pstatus root = moc_propagate(b.e);
  double t2 = now();
  printf("graph %s: n %u, edges %u, copies %u, horizon %lld, capacity %lld (%.2f x peak %lld)\n",
         cg.name, b.n, cg.graph->m, b.C, (long long)b.horizon, (long long)b.capacity, o.fraction,
         (long long)cg.graph->topo_peak);
  printf("cover %s, cumulative %s, residency points %s, props posted %zu\n",
         o.per_edge ? "per edge" : "per node", o.cumulative ? "on" : "off",
         o.points ? "on" : "off", moc_num_props(b.e));
  printf("build %.3f s, root fix-point %.3f s (%s, %llu propagations)\n", t1 - t0, t2 - t1,
         root == MOC_PROP_OK ? "ok" : "infeasible",
         (unsigned long long)moc_engine_propagations(b.e));
  if (o.bound && root == MOC_PROP_OK)
    printf("root lower bound on the peak %lld (static bound %lld, topological peak %lld)\n",
           (long long)moc_lb(b.e, b.capvar), (long long)cg.graph->min_budget,
           (long long)cg.graph->topo_peak);
  if (root == MOC_PROP_OK && !o.bound) {
    counts c = {0, 0, 0, 0};
    uint64_t p0 = moc_engine_propagations(b.e);
    double t3 = now();
    dive(&b, &o, &c);
    double dt = now() - t3;
    uint64_t props = moc_engine_propagations(b.e) - p0;
    printf("dives %.1f s: %llu decisions (%.0f/s), %llu propagations (%.0f/s), %llu conflicts, "
           "%llu leaves, %llu restarts\n",
           dt, (unsigned long long)c.decisions, (double)c.decisions / dt,
           (unsigned long long)props, (double)props / dt, (unsigned long long)c.conflicts,
           (unsigned long long)c.leaves, (unsigned long long)c.restarts);
  }
  moc_engine_free(b.e);
  free(b.iv);
  free(b.decision);
  cli_graph_free(&cg);
  return 0;
}
