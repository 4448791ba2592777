/* solver_arena.c — solving for the arena, not only the summed peak.
 *
 * A firmware runtime needs every tensor at a fixed offset in one arena, and
 * fragmentation can make the arena (model/arena.c) larger than the summed
 * peak the MOCCASIN model bounds.  This file post-checks the solver's result:
 * it plans the arena of the incumbent and, while the arena exceeds the budget
 * B by some excess, solves again with the summed-peak budget lowered by that
 * excess, hinted with the previous schedule; a round that finds no schedule
 * sends the next one halfway back up (a bisection between the last budget
 * without a schedule and the last one whose arena was too large).  It stops
 * when the arena fits, after max_rounds, or when no budget is left between
 * those two.  With a time limit, each round but the last gets half of the
 * time left.
 *
 * Only round 1 speaks for the arena problem at B: its lower bound is valid
 * (the arena constraint is stricter than the summed one) and, when its
 * schedule already fits, so is a proof of optimality.  Later rounds solve a
 * tighter problem, whose bounds and proofs say nothing about B.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/solver_internal.h"

typedef struct saved_options {
  int64_t budget;
  double time_limit_s;
  uint32_t *hint;
  size_t hint_len;
} saved_options;

static double seconds_since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* Hints the next round with the current incumbent (owned by this file). */
static moc_error hint_incumbent(moc_solver *s, const saved_options *saved) {
  uint32_t *copy = malloc((s->best_len + 1) * sizeof *copy);
  if (!copy) return MOC_ERR_NOMEM;
  memcpy(copy, s->best, s->best_len * sizeof *copy);
  if (s->hint != saved->hint) free(s->hint);
  s->hint = copy;
  s->hint_len = s->best_len;
  return MOC_OK;
}

static void drop_incumbent(moc_solver *s, moc_status status) {
  free(s->best);
  s->best = NULL;
  s->best_len = 0;
  moc_eval_free(s->best_eval);
  s->best_eval = NULL;
  s->best_cost = -1;
  s->best_peak = -1;
  s->status = status;
}

static void restore(moc_solver *s, const saved_options *saved, const struct timespec *t0) {
  if (s->hint != saved->hint) free(s->hint);
  s->hint = saved->hint;
  s->hint_len = saved->hint_len;
  s->budget = saved->budget;
  s->time_limit_s = saved->time_limit_s;
  s->stats.time_s = seconds_since(t0);
}

/* One round at s->budget; *excess is how much the incumbent's arena exceeds
 * `budget` (*arena is kept when it fits). */
static moc_error round_once(moc_solver *s, int64_t alignment, int64_t budget, moc_arena **arena,
                            int64_t *excess) {
  moc_error err = moc_solver_solve(s);
  if (err != MOC_OK || !s->best) return err;
  err = moc_arena_plan(s->g, s->best, s->best_len, alignment, arena);
  if (err != MOC_OK) return err;
  *excess = (*arena)->size - budget;
  if (*excess <= 0) return MOC_OK;
  moc_arena_free(*arena);
  *arena = NULL;
  return MOC_OK;
}

/* The summed-peak budget of the next round: below the last one that gave a
 * schedule whose arena was too large (hi) by the excess, but above the last
 * one that gave no schedule (lo); halfway when the step would pass lo.
 * -1 when no budget is left to try. */
static int64_t next_budget(const moc_solver *s, int64_t lo, int64_t hi, int64_t excess) {
  int64_t b = hi - excess;
  if (b <= lo) b = lo + (hi - lo) / 2;
  if (b <= lo || b >= hi || b < s->g->min_budget) return -1;
  return b;
}

moc_error moc_solver_solve_arena(moc_solver *s, int64_t alignment, int max_rounds,
                                 moc_arena **arena) {
  if (!s || !arena || max_rounds < 1 || alignment < 0) return MOC_ERR_ARGUMENT;
  *arena = NULL;
  saved_options saved = {s->budget, s->time_limit_s, s->hint, s->hint_len};
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  moc_status first_status = MOC_STATUS_UNKNOWN;
  int64_t first_bound = 0, excess = 0, lo = -1, hi = s->budget;
  moc_error err = MOC_OK;
  for (int round = 0; round < max_rounds && err == MOC_OK && !*arena; round++) {
    double left = saved.time_limit_s - seconds_since(&t0);
    if (round > 0) {
      if (s->best) hi = s->budget;
      else lo = s->budget;
      int64_t b = next_budget(s, lo, hi, excess);
      if (b < 0 || (s->user_stop && *s->user_stop) || (saved.time_limit_s > 0 && left <= 0)) break;
      if (s->best && (err = hint_incumbent(s, &saved)) != MOC_OK) break;
      s->budget = b;
    }
    if (saved.time_limit_s > 0) s->time_limit_s = round + 1 < max_rounds ? left / 2 : left;
    err = round_once(s, alignment, saved.budget, arena, &excess);
    if (round == 0) {
      first_status = s->status;
      first_bound = s->lower_bound;
    } else if (*arena && s->status == MOC_STATUS_OPTIMAL) {
      s->status = MOC_STATUS_FEASIBLE;
    }
  }
  restore(s, &saved, &t0);
  if (err != MOC_OK) return err;
  s->lower_bound = first_bound;
  if (!*arena) {
    drop_incumbent(s, first_status == MOC_STATUS_INFEASIBLE ? MOC_STATUS_INFEASIBLE : MOC_STATUS_UNKNOWN);
    if (first_status != MOC_STATUS_INFEASIBLE)
      snprintf(s->message, sizeof s->message,
               "no schedule whose arena fits the budget %lld was found", (long long)saved.budget);
  }
  return MOC_OK;
}
