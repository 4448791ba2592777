/* solver.c — the public life cycle of a moc_solver: create, options, solve,
 * results, free.
 *
 * The solver owns copies of everything the caller hands it (the hint) and of
 * every result it returns, so the caller's arrays may go away after a call.
 * The work itself is in solver_run.c; every schedule any phase finds passes
 * through solver_incumbent.c, where the independent evaluator re-scores it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/solver_internal.h"

static moc_error fail(moc_solver *s, moc_error err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->message, sizeof s->message, fmt, ap);
  va_end(ap);
  return err;
}

static void clear_results(moc_solver *s) {
  free(s->best);
  s->best = NULL;
  s->best_len = 0;
  moc_eval_free(s->best_eval);
  s->best_eval = NULL;
  s->best_cost = -1;
  s->best_peak = -1;
  s->lower_bound = 0;
  s->status = MOC_STATUS_UNKNOWN;
  s->internal_error = false;
  s->stop = 0;
  memset(&s->stats, 0, sizeof s->stats);
  s->stats.time_to_first_s = -1;
  s->stats.time_to_best_s = -1;
}

moc_solver *moc_solver_create(const moc_graph *g) {
  if (!g || !g->finished) return NULL;
  moc_solver *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->g = g;
  s->copies = s->copies_asked = 2;
  s->seed = 1;
  clear_results(s);
  return s;
}

void moc_solver_free(moc_solver *s) {
  if (!s) return;
  clear_results(s);
  free(s->hint);
  free(s);
}

const char *moc_solver_error_message(const moc_solver *s) { return s ? s->message : ""; }

moc_error moc_solver_set_budget_bytes(moc_solver *s, int64_t budget) {
  if (!s) return MOC_ERR_ARGUMENT;
  if (budget < 0) return fail(s, MOC_ERR_NEGATIVE, "budget %lld is negative", (long long)budget);
  s->budget = budget;
  s->budget_set = true;
  return MOC_OK;
}

moc_error moc_solver_set_budget_fraction(moc_solver *s, const char *fraction) {
  if (!s || !fraction) return MOC_ERR_ARGUMENT;
  int64_t budget = 0;
  moc_error err = moc_graph_budget_from_fraction(s->g, fraction, &budget);
  if (err != MOC_OK)
    return fail(s, err, "budget fraction '%s': %s", fraction,
                err == MOC_ERR_BAD_FRACTION ? "not a decimal in (0, 1]" : moc_error_name(err));
  return moc_solver_set_budget_bytes(s, budget);
}

moc_error moc_solver_set_copies(moc_solver *s, int copies) {
  if (!s) return MOC_ERR_ARGUMENT;
  if (copies < 1) return fail(s, MOC_ERR_BAD_COPIES, "C = %d: at least one copy is needed", copies);
  s->copies = s->copies_asked = copies;
  s->copies_pinned = true;
  return MOC_OK;
}

moc_error moc_solver_set_copies_auto(moc_solver *s) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->copies = s->copies_asked = 2;
  s->copies_pinned = false;
  return MOC_OK;
}

moc_error moc_solver_set_time_limit(moc_solver *s, double seconds) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->time_limit_s = seconds;
  return MOC_OK;
}

moc_error moc_solver_set_fail_limit(moc_solver *s, uint64_t failures) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->fail_limit = failures;
  return MOC_OK;
}

moc_error moc_solver_set_node_limit(moc_solver *s, uint64_t nodes) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->node_limit = nodes;
  return MOC_OK;
}

moc_error moc_solver_set_seed(moc_solver *s, uint64_t seed) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->seed = seed;
  return MOC_OK;
}

moc_error moc_solver_set_hint(moc_solver *s, const uint32_t *schedule, size_t length) {
  if (!s || (!schedule && length > 0)) return MOC_ERR_ARGUMENT;
  for (size_t j = 0; j < length; j++)
    if (schedule[j] >= s->g->n)
      return fail(s, MOC_ERR_ARGUMENT, "hint step %zu: node index %u out of range", j,
                  (unsigned)schedule[j]);
  uint32_t *copy = NULL;
  if (length > 0) {
    copy = malloc(length * sizeof *copy);
    if (!copy) return fail(s, MOC_ERR_NOMEM, "out of memory");
    memcpy(copy, schedule, length * sizeof *copy);
  }
  free(s->hint);
  s->hint = copy;
  s->hint_len = length;
  return MOC_OK;
}

moc_error moc_solver_set_progress(moc_solver *s, moc_progress_fn fn, void *user) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->progress = fn;
  s->progress_user = user;
  return MOC_OK;
}

moc_error moc_solver_set_stop_flag(moc_solver *s, volatile int *flag) {
  if (!s) return MOC_ERR_ARGUMENT;
  s->user_stop = flag;
  return MOC_OK;
}

moc_error moc_solver_solve(moc_solver *s) {
  if (!s) return MOC_ERR_ARGUMENT;
  if (!s->budget_set) return fail(s, MOC_ERR_STATE, "no budget set");
  clear_results(s);
  s->message[0] = '\0';
  clock_gettime(CLOCK_MONOTONIC, &s->started);
  s->copies = s->copies_asked;
  s->stats.copies = s->copies;
  s->stats.seed = s->seed;
  moc_error err = moc_solver_run(s);
  s->stats.time_s = moc_solver_elapsed(s);
  if (err == MOC_OK && s->internal_error) err = MOC_ERR_INTERNAL;
  if (err != MOC_OK && s->message[0] == '\0')
    snprintf(s->message, sizeof s->message, "%s", moc_error_name(err));
  return err;
}

moc_status moc_solver_status(const moc_solver *s) { return s ? s->status : MOC_STATUS_UNKNOWN; }
int64_t moc_solver_budget(const moc_solver *s) { return s ? s->budget : -1; }
int64_t moc_solver_cost(const moc_solver *s) { return s ? s->best_cost : -1; }
int64_t moc_solver_peak(const moc_solver *s) { return s ? s->best_peak : -1; }
int64_t moc_solver_lower_bound(const moc_solver *s) { return s ? s->lower_bound : 0; }

const uint32_t *moc_solver_schedule(const moc_solver *s, size_t *length) {
  if (length) *length = s && s->best ? s->best_len : 0;
  return s ? s->best : NULL;
}

const moc_eval *moc_solver_eval(const moc_solver *s) { return s ? s->best_eval : NULL; }

moc_stats moc_solver_stats(const moc_solver *s) {
  moc_stats none;
  memset(&none, 0, sizeof none);
  return s ? s->stats : none;
}
