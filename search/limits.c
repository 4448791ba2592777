/* limits.c — effort limits: wall clock, failures, nodes, a stop flag.
 *
 * Failures and nodes are budgets (MiniSat): deterministic, so equal budgets
 * give equal runs.  The clock is read only every 64 calls, which keeps it off
 * the hot path; the stop flag, a plain volatile read, is checked every call.
 */
#include <time.h>

#include "search/internal.h"

double moc_search_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

bool moc_search_limit_hit(moc_search *s) {
  if (s->stopped) return true;
  const moc_search_limits *l = &s->limits;
  bool hit = (l->stop && *l->stop) || (l->max_failures && s->failures >= l->max_failures) ||
             (l->max_nodes && s->nodes >= l->max_nodes);
  if (!hit && l->time_s > 0 && (s->ticks++ & 63) == 0)
    hit = moc_search_now() - s->start >= l->time_s;
  if (hit) s->stopped = true;
  return hit;
}

void moc_search_set_limits(moc_search *s, const moc_search_limits *limits) {
  moc_search_limits none = {0, 0, 0, NULL};
  s->limits = limits ? *limits : none;
  s->start = moc_search_now();
  s->stopped = false;
}

bool moc_search_stopped(const moc_search *s) { return s->stopped; }

moc_search_progress moc_search_stats(const moc_search *s) {
  moc_search_progress p = {moc_search_now() - s->start, s->has_solution ? s->best_obj : 0,
                           s->bound, s->nodes, s->failures, s->restarts, s->solutions};
  return p;
}
