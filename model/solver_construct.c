/* solver_construct.c — phase 1 of a fixed-order solve: a first schedule
 * within the budget, fast, and the number of copies C the rest works with.
 *
 *   1. The evict-and-recompute walk (construct_walk.c), limited to C copies
 *      when the caller pinned C, unlimited otherwise.  Fast when it
 *      succeeds (a 10,000-node graph in about a second), slow when it
 *      fails, so its time is limited (walk_seconds).  Its schedule is put in
 *      the staged layout when that keeps it within the budget, so that the
 *      local search can work on it.  It is offered at once when it keeps to
 *      C.
 *   2. The staged construction with C copies (construct*.c): often cheaper;
 *      when the walk found nothing it gets a third of the remaining time
 *      with C pinned (the rest is for the complete searches, which may prove
 *      that no schedule exists), a short slice otherwise (then more copies
 *      follow, moc_solver_construct_more), else
 *      twice the walk's time (at least 1 s, at most a quarter of the
 *      remaining time; with no time limit, its effort limits).
 *   3. When C (not pinned) found nothing, the walk's schedule with the
 *      copies it uses: C grows to that number for the rest of the solve
 *      (issue 7: the number of copies is the solver's to choose when the
 *      paper's C = 2 finds no schedule), and the statistics report it.
 */
#include <stdlib.h>

#include "model/heuristic.h"
#include "model/solver_internal.h"

enum { WALK_TIMES = 2 };
#define WAITING_SECONDS 0.6
#define WALK_SECONDS 0.25
#define WALK_SECONDS_PER_NODE 3e-4

/* moc_solver_construct_more: the C tried after C = 2, in two passes.  The
 * first, in ascending C, gives each a short slice: on graphs of up to 1,000
 * nodes the staged construction succeeds within ~0.1 s where it succeeds,
 * so a failure is not to hold up the next C for long, and the least C that
 * works keeps the schedule close to the paper's model.  The second, for the
 * graphs where none did (larger ones at tight budgets), goes from the most
 * copies down with longer slices, half of the remaining time, at most
 * growing with n: the most copies allow the most schedules, and at 0.7 /
 * 0.65 the construction with C = 32 needed 0.2-2.1 s on 1,200-3,000-node
 * graphs, 6.5 s on 5,000 nodes (with 0.3 of the remaining time, two
 * 2,500-3,000-node graphs of 10 s runs had no schedule).  With no time
 * limit each runs to its own end (0: its effort limits), so that the run
 * does not depend on the speed of the machine. */
static const int MORE_COPIES[] = {3, 4, 6, 8, 12, 16, 24, 32};
static const double MORE_SHARE[] = {0.05, 0.5};          /* of the remaining time */
static const double MORE_SECONDS[] = {0.25, 0.25};       /* at most, plus ... */
static const double MORE_SECONDS_PER_NODE[] = {0, 1.5e-3}; /* ... this times n */

/* `share` of the remaining time, at most `seconds` + `per_node` x n; 0 (the
 * callee's effort limits) with no time limit. */
static double slice(const moc_solver *s, double share, double seconds, double per_node) {
  if (s->time_limit_s <= 0) return 0;
  double part = share * moc_solver_remaining(s), most = seconds + per_node * s->g->n;
  return part < most ? part : most;
}

static double more_slice(const moc_solver *s, int pass) {
  return slice(s, MORE_SHARE[pass], MORE_SECONDS[pass], MORE_SECONDS_PER_NODE[pass]);
}

typedef struct walked {
  uint32_t *schedule;
  size_t length;
  uint32_t copies;  /* most computations of one node */
} walked;

/* The staged layout of a walk's schedule when it stays within the budget:
 * replaces w->schedule.  Returns 0 (done or not possible), -1 no memory. */
static int restage(const moc_solver *s, walked *w) {
  moc_remat *remats = NULL;
  size_t count = 0;
  int rc = moc_staged_from_schedule(s->g, w->schedule, w->length, &remats, &count);
  moc_staged *st = rc == 0 ? moc_staged_create(s->g, (int)w->copies) : NULL;
  if (rc == 0 && !st) rc = -1;
  if (rc == 0) rc = moc_staged_load(st, remats, count);
  uint32_t *staged = NULL;
  size_t length = 0;
  if (rc == 0 && moc_staged_peak(st) <= s->budget) rc = moc_staged_schedule(st, &staged, &length);
  moc_staged_free(st);
  free(remats);
  if (staged) {
    free(w->schedule);
    w->schedule = staged;
    w->length = length;
  }
  return rc < 0 ? -1 : 0;
}

/* The walk's time: half of the remaining time, at most WALK_SECONDS plus
 * WALK_SECONDS_PER_NODE x n.  Walks that succeed are fast, those that fail
 * slow: on 36 generated and paper graphs of 20-10,000 nodes at budgets 0.5 -
 * 0.9, every successful walk took at most 0.15 s (10,000 nodes at 0.8: 0.89
 * s), while failing ones ran to their limits for 1-17 s on 1,000-3,000
 * nodes (490 s on 10,000 nodes at 0.7), time the staged construction needs
 * (it found a schedule at 0.7 on a 1,200-node graph the walk failed on).
 * The limit leaves a successful walk on 10,000 nodes 3.6 times its time
 * here, for slower machines: where it succeeds nothing else is as fast. */
static double walk_seconds(const moc_solver *s) {
  return slice(s, 0.5, WALK_SECONDS, WALK_SECONDS_PER_NODE);
}

/* Step 1; w->schedule stays NULL when the walk finds nothing. */
static int walk(moc_solver *s, walked *w) {
  moc_walk_params p = moc_walk_defaults(s->budget);
  p.copies = s->copies_pinned ? (uint32_t)s->copies : 0;
  p.time_limit_s = walk_seconds(s);
  p.stop = &s->stop;
  int rc = moc_walk(s->g, &p, &w->schedule, &w->length, &w->copies);
  if (rc != 0) {
    w->schedule = NULL;
    return rc < 0 ? -1 : 0;
  }
  return restage(s, w);
}

/* Offers the walk's schedule; adopts its C when it becomes the incumbent. */
static moc_error offer_walk(moc_solver *s, const walked *w) {
  uint64_t before = s->stats.incumbents;
  moc_error err = moc_solver_offer(s, w->schedule, w->length, -1, "walk");
  if (err == MOC_OK && s->stats.incumbents > before && (int64_t)w->copies > s->copies)
    s->copies = (int)w->copies;
  return err;
}

/* Step 2: the staged construction with C copies, for `limit` seconds. */
static moc_error construct(moc_solver *s, double limit) {
  moc_phase_ctx ctx = {s, "construct", MOC_OK};
  moc_heur_params p = moc_solver_heur_params(s, &ctx);
  p.time_limit_s = limit;
  uint32_t *schedule = NULL;
  size_t length = 0;
  int rc = moc_heur_construct(s->g, &p, &schedule, &length);
  if (rc < 0) return MOC_ERR_NOMEM;
  moc_error err = ctx.err;
  if (rc == 0 && err == MOC_OK) err = moc_solver_offer(s, schedule, length, -1, "construct");
  free(schedule);
  return err;
}

/* The time of step 2 when the walk found a schedule: WALK_TIMES the walk's
 * time, at least a second, at most a quarter of what remains (where C = 2
 * finds nothing, as on 10,000-node random layered graphs at 0.8, the
 * staged construction would spend it all in vain).  While the walk's
 * schedule waits (it needs more copies than C), at least WAITING_SECONDS
 * instead of a second: on 31 generated and paper runs where the walk needed
 * 3 to 279 copies, the construction with C = 2 found its schedule within
 * 0.52 s (all but one within 0.25 s) or not at all in the second, and the
 * first schedule is to come within a second (issue 7).  With no time limit
 * 0: the construction's own effort limits (and its safety net of a few
 * seconds), so that the run does not depend on how long the walk took. */
static double construct_share(double remaining, double walk_time, bool waiting) {
  if (remaining <= 0) return 0;
  double share = WALK_TIMES * walk_time, least = waiting ? WAITING_SECONDS : 1.0;
  if (share < least) share = least;
  return share > remaining / 4 ? remaining / 4 : share;
}

moc_error moc_solver_construct(moc_solver *s) {
  walked w = {NULL, 0, 0};
  double started = moc_solver_elapsed(s);
  if (walk(s, &w) < 0) return MOC_ERR_NOMEM;
  moc_error err = MOC_OK;
  if (w.schedule && (int64_t)w.copies <= s->copies) err = offer_walk(s, &w);
  double limit = moc_solver_remaining(s);
  if (w.schedule) limit = construct_share(limit, moc_solver_elapsed(s) - started, !s->best);
  else if (!s->copies_pinned) limit = more_slice(s, 0); /* more copies follow */
  else if (limit > 0) limit /= 3; /* the rest for the complete searches (solver_run.c) */
  if (err == MOC_OK && !moc_solver_should_stop(s)) err = construct(s, limit);
  if (err == MOC_OK && !s->best && w.schedule) err = offer_walk(s, &w);
  free(w.schedule);
  return err;
}

moc_error moc_solver_construct_more(moc_solver *s) {
  int asked = s->copies;
  moc_error err = MOC_OK;
  size_t count = sizeof MORE_COPIES / sizeof MORE_COPIES[0];
  /* with no time limit the first pass ran each C to its effort limits, and a
   * second would repeat it */
  int passes = s->time_limit_s > 0 ? 2 : 1;
  for (int pass = 0; pass < passes; pass++)
    for (size_t i = 0; i < count && err == MOC_OK && !s->best && !moc_solver_should_stop(s); i++) {
      int c = MORE_COPIES[pass == 0 ? i : count - 1 - i];
      /* no node is computed more than n times */
      if (c <= asked || (uint32_t)c > s->g->n) continue;
      s->copies = c;
      err = construct(s, more_slice(s, pass));
    }
  if (!s->best) s->copies = asked;
  return err;
}

int moc_solver_most_computations(const moc_solver *s) {
  if (!s->best) return 0;
  uint32_t *count = calloc((size_t)s->g->n + 1, sizeof *count);
  if (!count) return -1;
  uint32_t most = 0;
  for (size_t j = 0; j < s->best_len; j++)
    if (++count[s->best[j]] > most) most = count[s->best[j]];
  free(count);
  return (int)most;
}

moc_error moc_solver_report_copies(moc_solver *s) {
  int most = moc_solver_most_computations(s);
  if (most < 0) return MOC_ERR_NOMEM;
  s->stats.copies = most > s->copies ? most : s->copies;
  return MOC_OK;
}
