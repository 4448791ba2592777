/* engine_microbench.c — propagations per second of the engine on a synthetic
 * problem, a baseline to compare later changes against.
 *
 * The problem: n start variables in [0, H] and n presence literals;
 * a chain of conditional differences p_i -> s_i + d_i <= s_{i+1}, random
 * unconditional differences s_a + 1 <= s_b (a < b), implications
 * p_b -> p_a, at least half of the literals true (a linear constraint), and
 * the objective  sum c_i p_i + s_{n-1}  (a linear equality), minimised by
 * branch-and-bound with random tie-breaking and Luby restarts under a time
 * limit.  Usage: engine-microbench [n] [seconds] [seed] [guided 0|1]
 * [select: 0 smallest, 1 first, 2 dom/wdeg] [lns 0|1: first solution, then
 * moc_search_lns_loop]
 *
 * Baseline (2026-11-29, Release, n = 1000, 3 s, seed 1, shared 2-core
 * machine): 23-27 million propagations and about 110 thousand nodes per CPU
 * second (6-13 million propagations per wall second, depending on load).
 * Engine size then: engine/ 866 lines, propagators/ (linear, clause,
 * difference) 621, search/ 941, with headers.  With lns = 1 the same 3 s
 * reach objective 2060 instead of 2424.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "propagators/clause.h"
#include "propagators/difference.h"
#include "propagators/linear.h"
#include "search/search.h"

static uint64_t next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

typedef struct problem {
  moc_engine *e;
  moc_var *s, *p, obj;
  int n;
} problem;

static int build(problem *pb, int n, uint64_t seed) {
  moc_engine *e = pb->e = moc_engine_create(NULL);
  pb->n = n;
  pb->s = calloc((size_t)n, sizeof(moc_var));
  pb->p = calloc((size_t)n, sizeof(moc_var));
  int64_t *coef = calloc((size_t)n + 2, sizeof(int64_t));
  moc_var *terms = calloc((size_t)n + 2, sizeof(moc_var));
  if (!e || !pb->s || !pb->p || !coef || !terms) return -1;
  int64_t horizon = 3 * (int64_t)n, csum = 0;
  for (int i = 0; i < n; i++) {
    pb->s[i] = moc_new_int(e, 0, horizon);
    pb->p[i] = moc_lit_var(moc_new_bool(e));
  }
  moc_clauses *cs = moc_clauses_create(e);
  for (int i = 0; i + 1 < n; i++) {
    int64_t d = (int64_t)(next(&seed) % 5);
    if (moc_post_cond_difference(e, moc_lit_of(pb->p[i], true), pb->s[i], d, pb->s[i + 1])) return -1;
    int a = (int)(next(&seed) % (uint64_t)n), b = (int)(next(&seed) % (uint64_t)n);
    if (a < b && moc_post_difference(e, pb->s[a], 1, pb->s[b])) return -1;
    if (a < b && moc_clauses_add_implication(cs, moc_lit_of(pb->p[b], true), moc_lit_of(pb->p[a], true)))
      return -1;
  }
  for (int i = 0; i < n; i++) coef[i] = -1;
  if (moc_post_linear_le(e, (size_t)n, coef, pb->p, -(int64_t)n / 2)) return -1;
  for (int i = 0; i < n; i++) coef[i] = 1 + (int64_t)(next(&seed) % 9), csum += coef[i];
  coef[n] = 1, terms[n] = pb->s[n - 1];
  coef[n + 1] = -1;
  for (int i = 0; i < n; i++) terms[i] = pb->p[i];
  pb->obj = terms[n + 1] = moc_new_int(e, 0, csum + horizon);
  if (moc_post_linear_eq(e, (size_t)n + 2, coef, terms, 0)) return -1;
  free(coef);
  free(terms);
  return 0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double seconds = argc > 2 ? atof(argv[2]) : 3.0;
  uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
  bool guided = argc > 4 && atoi(argv[4]) != 0;
  moc_select select = argc > 5 ? (moc_select)atoi(argv[5]) : MOC_SELECT_SMALLEST;
  bool lns = argc > 6 && atoi(argv[6]) != 0;
  if (n < 2 || seconds <= 0) {
    fprintf(stderr, "usage: engine-microbench [n >= 2] [seconds > 0] [seed] [guided 0|1] [select 0|1|2] [lns 0|1]\n");
    return 2;
  }
  problem pb;
  if (build(&pb, n, seed) != 0) {
    fprintf(stderr, "engine-microbench: building the problem failed: %s\n", moc_engine_error(pb.e));
    return 1;
  }
  moc_var *vars = calloc(2 * (size_t)n, sizeof(moc_var));
  for (int i = 0; i < n; i++) vars[i] = pb.p[i], vars[n + i] = pb.s[i];
  moc_search *s = moc_search_create(pb.e);
  moc_search_set_objective(s, pb.obj);
  moc_search_set_decision_vars(s, vars, 2 * (size_t)n);
  moc_search_set_strategy(s, select, MOC_VALUE_SPLIT);
  moc_search_set_seed(s, seed);
  moc_search_set_restarts(s, 50);
  moc_search_set_guided(s, guided);
  moc_search_limits lim = {.time_s = seconds};
  moc_search_set_limits(s, &lim);
  clock_t cpu0 = clock();
  moc_search_status st;
  if (lns) {
    moc_search_limits first = {.time_s = seconds, .max_failures = 100};
    moc_search_set_limits(s, &first);
    st = moc_search_solve(s);
    moc_search_set_limits(s, &lim);
    if (st == MOC_SEARCH_FEASIBLE) st = moc_search_lns_loop(s, vars, 2 * (size_t)n, NULL);
  } else {
    st = moc_search_solve(s);
  }
  double cpu = (double)(clock() - cpu0) / CLOCKS_PER_SEC;
  moc_search_progress p = moc_search_stats(s);
  uint64_t props = moc_engine_propagations(pb.e);
  printf("engine-microbench n=%d vars=%zu props=%zu seed=%llu\n", n, moc_num_vars(pb.e),
         moc_num_props(pb.e), (unsigned long long)seed);
  printf("status=%d time=%.2fs nodes=%llu failures=%llu restarts=%llu solutions=%llu best=%lld\n",
         (int)st, p.time_s, (unsigned long long)p.nodes, (unsigned long long)p.failures,
         (unsigned long long)p.restarts, (unsigned long long)p.solutions,
         (long long)moc_search_best_objective(s));
  printf("propagations=%llu propagations/s=%.0f nodes/s=%.0f (wall)\n", (unsigned long long)props,
         (double)props / p.time_s, (double)p.nodes / p.time_s);
  printf("cpu=%.2fs propagations/cpu-s=%.0f nodes/cpu-s=%.0f\n", cpu, (double)props / cpu,
         (double)p.nodes / cpu);
  moc_search_free(s);
  moc_engine_free(pb.e);
  free(vars);
  free(pb.s);
  free(pb.p);
  return 0;
}
