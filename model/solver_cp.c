/* solver_cp.c — the constraint phase: branch-and-bound on the MOCCASIN
 * model, started under the incumbent's cost.
 *
 * The model (cp_model.c) is built once; the incumbent found by the
 * heuristics is both an upper bound (the search looks only for strictly
 * cheaper schedules: obj <= best - 1) and a hint (its presences and stages
 * are tried first).  When the search exhausts its space, the incumbent is
 * optimal — or, without one, the budget is infeasible.  Every solution is
 * turned into a schedule and offered to the evaluator gate like any other.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/cp_brancher.h"
#include "model/solver_internal.h"
#include "search/search.h"

typedef struct cp_run {
  moc_solver *s;
  moc_cp_model *m;
  moc_remat *remats; /* scratch: n * (C - 1) entries */
  moc_error err;
} cp_run;

static void on_solution(const moc_engine *e, const moc_search_progress *p, void *user) {
  cp_run *run = user;
  (void)e;
  if (run->err != MOC_OK) return;
  size_t count = moc_cp_read_remats(run->m, run->remats);
  uint32_t *schedule = NULL;
  size_t length = 0;
  if (moc_staged_to_schedule(run->s->g, run->remats, count, &schedule, &length) != 0) {
    run->err = MOC_ERR_NOMEM;
    return;
  }
  int64_t cost = moc_cp_cost_of(run->m, p->objective);
  run->err = moc_solver_offer(run->s, schedule, length, cost, "cp");
  free(schedule);
}

static int by_stage(const void *a, const void *b) {
  const moc_remat *x = a, *y = b;
  return (x->stage > y->stage) - (x->stage < y->stage);
}

/* The incumbent's presences and stages become hints: copy i of v takes v's
 * i-th recomputation in stage order; every other copy is hinted absent. */
static int hint_incumbent(moc_solver *s, moc_cp_model *m, moc_search *search) {
  moc_remat *remats = NULL;
  size_t count = 0;
  int rc = moc_staged_from_schedule(s->g, s->best, s->best_len, &remats, &count);
  if (rc != 0) return rc < 0 ? -1 : 0;
  uint32_t *next = calloc(m->n ? m->n : 1, sizeof *next);
  if (!next) {
    free(remats);
    return -1;
  }
  for (uint32_t v = 0; v < m->n; v++) {
    next[v] = 1;
    for (uint32_t i = 1; i < m->copies_of[v]; i++)
      if (moc_search_set_hint(search, moc_lit_var(moc_cp_interval(m, v, (int)i)->present), 0) != 0)
        rc = -1;
  }
  if (count > 0) qsort(remats, count, sizeof *remats, by_stage);
  for (size_t r = 0; r < count && rc == 0; r++) {
    uint32_t v = remats[r].node;
    if (next[v] >= m->copies_of[v]) continue;
    const moc_interval *iv = moc_cp_interval(m, v, (int)next[v]++);
    if (moc_search_set_hint(search, moc_lit_var(iv->present), moc_lit_negated(iv->present) ? 0 : 1) ||
        moc_search_set_hint(search, iv->stage, remats[r].stage))
      rc = -1;
  }
  free(next);
  free(remats);
  return rc;
}

static moc_search *make_search(moc_solver *s, moc_cp_model *m, cp_run *run) {
  moc_search *search = moc_search_create(m->e);
  if (!search) return NULL;
  moc_search_set_objective(search, m->objective);
  moc_brancher b = moc_cp_brancher(m);
  moc_search_set_brancher(search, &b);
  moc_search_set_seed(search, s->seed);
  moc_search_limits lim = {0};
  if (s->time_limit_s > 0) {
    lim.time_s = s->time_limit_s - moc_solver_elapsed(s);
    if (lim.time_s <= 0) lim.time_s = 1e-3;
  }
  lim.max_failures = s->fail_limit;
  lim.max_nodes = s->node_limit;
  lim.stop = s->user_stop;
  moc_search_set_limits(search, &lim);
  moc_search_set_callback(search, on_solution, run);
  return search;
}

/* Settles what the search proved: an exhausted space makes the incumbent
 * optimal, or the budget infeasible; a bound raises the lower bound. */
static void conclude(moc_solver *s, moc_cp_model *m, moc_search *search, moc_search_status st) {
  moc_search_progress stats = moc_search_stats(search);
  s->stats.nodes += stats.nodes;
  s->stats.failures += stats.failures;
  s->stats.restarts += stats.restarts;
  if (st == MOC_SEARCH_OPTIMAL || st == MOC_SEARCH_INFEASIBLE) {
    if (s->best) {
      s->status = MOC_STATUS_OPTIMAL;
      moc_solver_raise_bound(s, s->best_cost, "cp");
    } else {
      s->status = MOC_STATUS_INFEASIBLE;
    }
    return;
  }
  moc_solver_raise_bound(s, moc_cp_cost_of(m, moc_search_bound(search)), "cp");
}

moc_error moc_solver_cp(moc_solver *s) {
  moc_cp_model m;
  int rc = moc_cp_build(&m, s->g, s->budget, s->copies);
  if (rc < 0) {
    moc_cp_free(&m);
    return MOC_ERR_NOMEM;
  }
  cp_run run = {s, &m, NULL, MOC_OK};
  moc_search *search = NULL;
  moc_error err = MOC_OK;
  if (rc == 1) { /* the root fix-point alone refutes the budget */
    if (!s->best) s->status = MOC_STATUS_INFEASIBLE;
    else {
      err = MOC_ERR_INTERNAL;
      snprintf(s->message, sizeof s->message,
               "internal error: the CP model refutes a budget the incumbent meets");
    }
    goto done;
  }
  run.remats = malloc(((size_t)m.n * (size_t)m.copies + 1) * sizeof *run.remats);
  search = make_search(s, &m, &run);
  if (!run.remats || !search) {
    err = MOC_ERR_NOMEM;
    goto done;
  }
  if (s->best) {
    if (hint_incumbent(s, &m, search) < 0) {
      err = MOC_ERR_NOMEM;
      goto done;
    }
    int64_t objective = (s->best_cost - s->g->total_cost) / m.cost_unit;
    moc_reason root = {MOC_REASON_ROOT, 0};
    if (moc_set_ub(m.e, m.objective, objective - 1, root) != MOC_PROP_OK ||
        moc_propagate(m.e) != MOC_PROP_OK) {
      conclude(s, &m, search, MOC_SEARCH_INFEASIBLE); /* nothing cheaper exists */
      goto done;
    }
  }
  moc_search_status st = moc_search_solve(search);
  err = run.err;
  if (err == MOC_OK) conclude(s, &m, search, st);
done:
  moc_search_free(search);
  free(run.remats);
  moc_cp_free(&m);
  return err;
}
