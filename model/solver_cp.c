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
#include "model/solver_cp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cp_brancher.h"

static void on_solution(const moc_engine *e, const moc_search_progress *p, void *user) {
  cp_run *run = user;
  (void)e;
  if (run->err != MOC_OK) return;
  if (run->peak_mode && p->objective > run->m.capacity) return; /* still over budget */
  size_t count = moc_cp_read_remats(&run->m, run->remats);
  uint32_t *schedule = NULL;
  size_t length = 0;
  if (moc_staged_to_schedule(run->s->g, run->remats, count, &schedule, &length) != 0) {
    run->err = MOC_ERR_NOMEM;
    return;
  }
  int64_t cost = run->peak_mode ? -1 : moc_cp_cost_of(&run->m, p->objective);
  run->err = moc_solver_offer(run->s, schedule, length, cost, "cp");
  free(schedule);
}

static int by_stage(const void *a, const void *b) {
  const moc_remat *x = a, *y = b;
  return (x->stage > y->stage) - (x->stage < y->stage);
}

moc_error moc_cp_run_assign(cp_run *run) {
  moc_cp_model *m = &run->m;
  size_t slots = (size_t)m->n * (size_t)m->copies;
  for (size_t k = 0; k < slots; k++) run->assigned[k] = -1;
  if (!run->s->best) return MOC_OK;
  moc_remat *remats = NULL;
  size_t count = 0;
  int rc = moc_staged_from_schedule(run->s->g, run->s->best, run->s->best_len, &remats, &count);
  if (rc < 0) return MOC_ERR_NOMEM;
  if (rc > 0) return MOC_OK; /* not a staged schedule: no hints */
  /* copy i of v takes v's i-th recomputation in stage order */
  if (count > 0) qsort(remats, count, sizeof *remats, by_stage);
  for (size_t r = 0; r < count; r++) {
    uint32_t v = remats[r].node;
    for (uint32_t i = 1; i < m->copies_of[v]; i++) {
      int64_t *slot = &run->assigned[(size_t)v * (size_t)m->copies + i];
      if (*slot < 0) {
        *slot = remats[r].stage;
        break;
      }
    }
  }
  free(remats);
  moc_search_clear_hints(run->search);
  int bad = 0;
  for (uint32_t v = 0; v < m->n; v++)
    for (uint32_t i = 1; i < m->copies_of[v]; i++) {
      const moc_interval *iv = moc_cp_interval(m, v, (int)i);
      int64_t stage = run->assigned[(size_t)v * (size_t)m->copies + i];
      bool present = stage >= 0;
      bad |= moc_search_set_hint(run->search, moc_lit_var(iv->present),
                                 present != moc_lit_negated(iv->present));
      if (present) bad |= moc_search_set_hint(run->search, iv->stage, stage);
    }
  return bad ? MOC_ERR_NOMEM : MOC_OK;
}

static moc_search *make_search(cp_run *run) {
  moc_solver *s = run->s;
  moc_search *search = moc_search_create(run->m.e);
  if (!search) return NULL;
  moc_search_set_objective(search, run->peak_mode ? run->m.peak : run->m.objective);
  moc_brancher b = moc_cp_brancher(&run->m);
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

moc_error moc_cp_run_open(cp_run *run, moc_solver *s, bool peak_mode, bool *refuted) {
  memset(run, 0, sizeof *run);
  run->s = s;
  run->peak_mode = peak_mode;
  *refuted = false;
  int rc = moc_cp_build(&run->m, s->g, s->budget, s->copies, peak_mode);
  if (rc < 0) return MOC_ERR_NOMEM;
  if (rc == 1) {
    *refuted = true;
    return MOC_OK;
  }
  size_t slots = (size_t)run->m.n * (size_t)run->m.copies + 1;
  run->remats = malloc(slots * sizeof *run->remats);
  run->assigned = malloc(slots * sizeof *run->assigned);
  run->search = make_search(run);
  if (!run->remats || !run->assigned || !run->search) return MOC_ERR_NOMEM;
  moc_error err = moc_cp_run_assign(run);
  if (err != MOC_OK || !s->best) return err;
  int64_t objective = (s->best_cost - s->g->total_cost) / run->m.cost_unit;
  moc_reason root = {MOC_REASON_ROOT, 0};
  if (moc_set_ub(run->m.e, run->m.objective, objective - 1, root) != MOC_PROP_OK ||
      moc_propagate(run->m.e) != MOC_PROP_OK)
    *refuted = true;
  return MOC_OK;
}

void moc_cp_run_close(cp_run *run) {
  moc_search_free(run->search);
  free(run->remats);
  free(run->assigned);
  moc_cp_free(&run->m);
  memset(run, 0, sizeof *run);
}

void moc_cp_run_conclude(cp_run *run, moc_search_status st) {
  moc_solver *s = run->s;
  if (run->search) {
    moc_search_progress stats = moc_search_stats(run->search);
    s->stats.nodes += stats.nodes;
    s->stats.failures += stats.failures;
    s->stats.restarts += stats.restarts;
  }
  if (st == MOC_SEARCH_OPTIMAL || st == MOC_SEARCH_INFEASIBLE) {
    if (s->best) {
      s->status = MOC_STATUS_OPTIMAL;
      moc_solver_raise_bound(s, s->best_cost, "cp");
    } else {
      moc_solver_staged_infeasible(s);
    }
  } else if (run->search) {
    moc_solver_raise_bound(s, moc_cp_cost_of(&run->m, moc_search_bound(run->search)), "cp");
  }
}

moc_error moc_solver_cp_root(moc_solver *s) {
  cp_run run;
  bool refuted = false;
  moc_error err = moc_cp_run_open(&run, s, false, &refuted);
  if (err == MOC_OK && refuted && (s->best || !run.search)) moc_cp_run_conclude(&run, MOC_SEARCH_INFEASIBLE);
  moc_cp_run_close(&run);
  return err;
}

moc_error moc_solver_cp_peak(moc_solver *s) {
  cp_run run;
  bool refuted = false;
  moc_error err = moc_cp_run_open(&run, s, true, &refuted);
  if (err == MOC_OK && refuted) {
    moc_cp_run_conclude(&run, MOC_SEARCH_INFEASIBLE);
  } else if (err == MOC_OK) {
    moc_search_status st = moc_search_solve(run.search);
    err = run.err;
    /* exhausted without a schedule within the budget: none exists */
    if (err == MOC_OK && !s->best && (st == MOC_SEARCH_OPTIMAL || st == MOC_SEARCH_INFEASIBLE))
      moc_cp_run_conclude(&run, MOC_SEARCH_INFEASIBLE);
  }
  moc_cp_run_close(&run);
  return err;
}

moc_error moc_solver_cp(moc_solver *s) {
  cp_run run;
  bool refuted = false;
  moc_error err = moc_cp_run_open(&run, s, false, &refuted);
  if (err == MOC_OK && refuted && s->best && !run.search) {
    err = MOC_ERR_INTERNAL; /* the model refutes a budget the incumbent meets */
    snprintf(s->message, sizeof s->message,
             "internal error: the CP model refutes a budget the incumbent meets");
  } else if (err == MOC_OK && refuted) {
    moc_cp_run_conclude(&run, MOC_SEARCH_INFEASIBLE);
  } else if (err == MOC_OK) {
    moc_search_status st = moc_search_solve(run.search);
    err = run.err;
    if (err == MOC_OK) moc_cp_run_conclude(&run, st);
  }
  moc_cp_run_close(&run);
  return err;
}
