/* solver_incumbent.c — the gate every schedule passes through.
 *
 * Whatever phase finds a schedule (construction, local search, constraint
 * search), it is handed to moc_solver_offer, which re-scores it with the
 * independent evaluator (model/evaluate.c).  Only the evaluator's figures are
 * ever reported.  A phase that claims a schedule fits the budget when the
 * evaluator says otherwise, or claims a cost the evaluator does not confirm,
 * has a bug: the run stops with MOC_ERR_INTERNAL rather than return a silent
 * wrong answer.  Limits, progress reports, the budgets settled without
 * search and the bridge from heuristic phases live here too, since all are
 * about "what the caller sees, and when".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/solver_internal.h"

double moc_solver_elapsed(const moc_solver *s) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - s->started.tv_sec) +
         (double)(now.tv_nsec - s->started.tv_nsec) * 1e-9;
}

bool moc_solver_should_stop(moc_solver *s) {
  if (s->stop) return true;
  if ((s->user_stop && *s->user_stop) ||
      (s->time_limit_s > 0 && moc_solver_elapsed(s) >= s->time_limit_s))
    s->stop = 1;
  return s->stop != 0;
}

void moc_solver_report(moc_solver *s, const char *phase) {
  if (!s->progress) return;
  moc_progress p;
  memset(&p, 0, sizeof p);
  p.elapsed_s = moc_solver_elapsed(s);
  p.has_solution = s->best != NULL;
  p.cost = s->best_cost;
  p.peak = s->best_peak;
  p.lower_bound = s->lower_bound;
  p.nodes = s->stats.nodes;
  p.failures = s->stats.failures;
  p.restarts = s->stats.restarts;
  p.phase = phase;
  s->progress(&p, s->progress_user);
}

void moc_solver_raise_bound(moc_solver *s, int64_t bound, const char *phase) {
  if (s->best_cost >= 0 && bound > s->best_cost) bound = s->best_cost;
  if (bound <= s->lower_bound) return;
  s->lower_bound = bound;
  moc_solver_report(s, phase);
}

void moc_solver_staged_infeasible(moc_solver *s) {
  s->status = MOC_STATUS_INFEASIBLE;
  snprintf(s->message, sizeof s->message,
           "no staged schedule with at most %d computations per node fits the budget %lld",
           s->copies, (long long)s->budget);
}

static moc_error reject(moc_solver *s, const char *phase, const char *why) {
  s->internal_error = true;
  s->stop = 1;
  snprintf(s->message, sizeof s->message, "internal error: the %s phase returned a schedule %s",
           phase, why);
  return MOC_ERR_INTERNAL;
}

moc_error moc_solver_offer(moc_solver *s, const uint32_t *schedule, size_t length,
                           int64_t claimed_cost, const char *phase) {
  moc_eval *ev = NULL;
  moc_error err = moc_evaluate(s->g, schedule, length, &ev);
  if (err != MOC_OK) return err;
  if (!ev->valid) {
    moc_eval_free(ev);
    return reject(s, phase, "that the evaluator finds invalid");
  }
  if (ev->peak > s->budget) {
    moc_eval_free(ev);
    return reject(s, phase, "over the budget");
  }
  if (claimed_cost >= 0 && ev->cost != claimed_cost) {
    moc_eval_free(ev);
    return reject(s, phase, "whose cost the evaluator does not confirm");
  }
  if (s->best && ev->cost >= s->best_cost) {
    moc_eval_free(ev);
    return MOC_OK;
  }
  uint32_t *copy = malloc((length ? length : 1) * sizeof *copy);
  if (!copy) {
    moc_eval_free(ev);
    return MOC_ERR_NOMEM;
  }
  memcpy(copy, schedule, length * sizeof *copy);
  free(s->best);
  moc_eval_free(s->best_eval);
  s->best = copy;
  s->best_len = length;
  s->best_eval = ev;
  s->best_cost = ev->cost;
  s->best_peak = ev->peak;
  s->stats.incumbents++;
  s->stats.time_to_best_s = moc_solver_elapsed(s);
  if (s->stats.time_to_first_s < 0) s->stats.time_to_first_s = s->stats.time_to_best_s;
  if (s->status == MOC_STATUS_UNKNOWN) s->status = MOC_STATUS_FEASIBLE;
  moc_solver_report(s, phase);
  return MOC_OK;
}

static void on_heur_incumbent(void *user, const uint32_t *schedule, size_t length, int64_t cost,
                              int64_t peak) {
  moc_phase_ctx *ctx = user;
  (void)peak;
  if (ctx->err != MOC_OK) return;
  ctx->err = moc_solver_offer(ctx->s, schedule, length, cost, ctx->phase);
  moc_solver_should_stop(ctx->s);
}

moc_heur_params moc_solver_heur_params(moc_solver *s, moc_phase_ctx *ctx) {
  moc_heur_params p;
  memset(&p, 0, sizeof p);
  p.budget = s->budget;
  p.copies = s->copies;
  p.seed = s->seed;
  p.stop = s->user_stop;
  p.on_incumbent = on_heur_incumbent;
  p.user = ctx;
  return p;
}

double moc_solver_remaining(const moc_solver *s) {
  if (s->time_limit_s <= 0) return 0;
  double left = s->time_limit_s - moc_solver_elapsed(s);
  return left > 1e-3 ? left : 1e-3;
}

moc_error moc_solver_settle_budget(moc_solver *s, bool *settled) {
  const moc_graph *g = s->g;
  *settled = true;
  if (s->budget < g->min_budget) {
    s->status = MOC_STATUS_INFEASIBLE;
    snprintf(s->message, sizeof s->message,
             "budget %lld is below the lower bound %lld of every schedule",
             (long long)s->budget, (long long)g->min_budget);
    return MOC_OK;
  }
  if (s->budget >= g->topo_peak) {
    moc_error err = moc_solver_offer(s, g->order, g->n, g->topo_cost, "topological");
    if (err == MOC_OK) s->status = MOC_STATUS_OPTIMAL;
    return err;
  }
  *settled = false;
  return MOC_OK;
}
