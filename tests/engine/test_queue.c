/* test_queue.c — watches, events, priorities, the fix-point loop, conflicts,
 * sticky root failure, reset, and the from-scratch check. */
#include <criterion/criterion.h>

#include "support/engine_harness.h"

TestSuite(queue, .timeout = 10);

/* x + d <= y, with counters to observe the engine. */
typedef struct le {
  moc_prop base;
  moc_var x, y;
  int64_t d;
  int notified, resets, runs;
  unsigned last_events;
  bool weak;      /* forget to prune y: the checker must notice */
  int *order;     /* appends its tag to a shared log when run */
  int tag;
  int *log_n;
} le;

static moc_pstatus le_scratch(moc_prop *p, moc_engine *e) {
  le *c = (le *)p;
  TRY(moc_set_ub(e, c->x, moc_ub(e, c->y) - c->d, moc_because(p, 0)));
  TRY(moc_set_lb(e, c->y, moc_lb(e, c->x) + c->d, moc_because(p, 1)));
  return MOC_PROP_OK;
}
static moc_pstatus le_propagate(moc_prop *p, moc_engine *e) {
  le *c = (le *)p;
  c->runs++;
  if (c->order) c->order[(*c->log_n)++] = c->tag;
  if (c->weak) return MOC_PROP_OK;
  return le_scratch(p, e);
}
static bool le_notify(moc_prop *p, moc_engine *e, uint32_t local, unsigned events) {
  (void)e;
  (void)local;
  le *c = (le *)p;
  c->notified++;
  c->last_events = events;
  return true;
}
static void le_reset(moc_prop *p, moc_engine *e) {
  (void)e;
  ((le *)p)->resets++;
}
static const moc_prop_class le_class = {
    .name = "le", .propagate = le_propagate, .propagate_from_scratch = le_scratch,
    .notify = le_notify, .reset = le_reset, .idempotent = true};

static le *post_le(moc_engine *e, moc_var x, moc_var y, int64_t d, unsigned prio) {
  le *c = moc_engine_alloc(e, sizeof *c);
  cr_assert_not_null(c);
  c->x = x;
  c->y = y;
  c->d = d;
  cr_assert_eq(moc_post(e, &c->base, &le_class, prio), 0);
  cr_assert_eq(moc_watch(e, x, &c->base, 0, MOC_EV_LB), 0);
  cr_assert_eq(moc_watch(e, y, &c->base, 1, MOC_EV_UB), 0);
  return c;
}

Test(queue, chain_reaches_fixpoint) {
  moc_engine *e = moc_harness_engine();
  moc_var v[5];
  for (int i = 0; i < 5; i++) v[i] = moc_new_int(e, 0, 20);
  for (int i = 0; i + 1 < 5; i++) post_le(e, v[i], v[i + 1], 3, MOC_PRIO_FAST);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  for (int i = 0; i < 5; i++) MOC_ASSERT_BOUNDS(e, v[i], 3 * i, 20 - 3 * (4 - i));
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_lb(e, v[0], 5, moc_decision()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, v[4], 17, 20);
  moc_backtrack_to(e, 0);
  MOC_ASSERT_BOUNDS(e, v[4], 12, 20);
  cr_assert_gt(moc_engine_propagations(e), 0);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(queue, events_and_masks) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  le *c = post_le(e, x, y, 0, MOC_PRIO_FAST);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  c->notified = 0;
  cr_assert_eq(moc_set_ub(e, x, 8, moc_root()), MOC_PROP_OK);   /* x ub: not watched */
  cr_assert_eq(c->notified, 0);
  cr_assert(!c->base.queued);
  cr_assert_eq(moc_fix(e, x, 8, moc_root()), MOC_PROP_OK);      /* lb + fix */
  cr_assert_eq(c->notified, 1);
  cr_assert_eq(c->last_events, MOC_EV_LB | MOC_EV_FIX);
  cr_assert(c->base.queued);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e, y, 8, 10);
  MOC_ASSERT_CHECKED(e);
  moc_engine_free(e);
}

Test(queue, priorities_run_cheap_first) {
  moc_engine *e = moc_harness_engine();
  int log[16], n = 0;
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  le *slow = post_le(e, x, y, 0, MOC_PRIO_SLOW);
  le *fast = post_le(e, x, y, 0, MOC_PRIO_FAST);
  le *mid = post_le(e, x, y, 0, MOC_PRIO_LINEAR);
  slow->order = fast->order = mid->order = log;
  slow->log_n = fast->log_n = mid->log_n = &n;
  slow->tag = 3, fast->tag = 1, mid->tag = 2;
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(n, 3);
  cr_assert_eq(log[0], 1);
  cr_assert_eq(log[1], 2);
  cr_assert_eq(log[2], 3);
  moc_engine_free(e);
}

Test(queue, conflict_resets_and_root_failure_is_sticky) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10), z = moc_new_int(e, 0, 10);
  le *a = post_le(e, x, y, 1, MOC_PRIO_SLOW);
  le *b = post_le(e, y, z, 1, MOC_PRIO_FAST);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_set_ub(e, y, 7, moc_decision()), MOC_PROP_OK);   /* queues a */
  cr_assert_eq(moc_set_lb(e, y, 5, moc_decision()), MOC_PROP_OK);   /* queues b */
  cr_assert_eq(moc_set_ub(e, z, 5, moc_decision()), MOC_PROP_OK);
  cr_assert(a->base.queued && b->base.queued);
  a->resets = b->resets = 0;
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);  /* b fails first: 5 + 1 <= 5 */
  cr_assert_eq(a->resets, 1, "pending a is reset");
  cr_assert_eq(b->resets, 1, "failing b is reset");
  cr_assert(!a->base.queued && !b->base.queued);
  cr_assert(!moc_engine_failed(e));
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT, "conflict holds until backtracked");
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_backtrack_to(e, 1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_backtrack_to(e, 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_set_ub(e, z, 3, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_set_lb(e, x, 2, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  cr_assert(moc_engine_failed(e));
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT, "root failure is sticky");
  cr_assert_eq(moc_engine_conflicts(e), 2);
  moc_engine_free(e);
}

Test(queue, checker_catches_a_weak_propagator) {
  moc_engine *e = moc_harness_engine();
  moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
  le *c = post_le(e, x, y, 2, MOC_PRIO_FAST);
  c->weak = true;
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_engine_check_failures(e), 1);
  cr_assert_str_eq(moc_engine_check_culprit(e), "le");
  MOC_ASSERT_BOUNDS(e, x, 0, 10);   /* the oracle's changes are undone */
  MOC_ASSERT_BOUNDS(e, y, 0, 10);
  cr_assert_eq(moc_level(e), 0);
  moc_engine_set_checking(e, false);
  cr_assert_eq(moc_set_lb(e, x, 1, moc_root()), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_engine_check_failures(e), 1);
  moc_engine_free(e);
}

static bool le_sat(const int64_t *v, void *user) { return v[0] + *(int64_t *)user <= v[1]; }

Test(queue, harness_brute_force_agrees) {
  uint64_t rng = 42;
  for (int round = 0; round < 100; round++) {
    moc_engine *e = moc_harness_engine();
    int64_t d = moc_harness_range(&rng, -3, 3);
    moc_var v[2];
    for (int i = 0; i < 2; i++) {
      int64_t lo = moc_harness_range(&rng, -4, 4);
      v[i] = moc_new_int(e, lo, lo + moc_harness_range(&rng, 0, 5));
    }
    post_le(e, v[0], v[1], d, MOC_PRIO_FAST);
    char msg[200];
    cr_assert_eq(moc_harness_brute(e, v, 2, le_sat, &d, msg, sizeof msg), 0, "%s", msg);
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}

Test(queue, two_engines_do_not_interfere) {
  moc_engine *e1 = moc_harness_engine(), *e2 = moc_harness_engine();
  moc_var x1 = moc_new_int(e1, 0, 5), y1 = moc_new_int(e1, 0, 5);
  moc_var x2 = moc_new_int(e2, 0, 9), y2 = moc_new_int(e2, 0, 9);
  post_le(e1, x1, y1, 1, MOC_PRIO_FAST);
  post_le(e2, x2, y2, 4, MOC_PRIO_FAST);
  cr_assert_eq(moc_push_level(e1), 0);
  cr_assert_eq(moc_propagate(e1), MOC_PROP_OK);
  cr_assert_eq(moc_propagate(e2), MOC_PROP_OK);
  MOC_ASSERT_BOUNDS(e1, x1, 0, 4);
  MOC_ASSERT_BOUNDS(e2, x2, 0, 5);
  moc_backtrack_to(e1, 0);
  MOC_ASSERT_BOUNDS(e2, x2, 0, 5);
  cr_assert_eq(moc_level(e2), 0);
  moc_engine_free(e1);
  moc_engine_free(e2);
}

/* x + 1 <= y and y + 1 <= x: bounds creep one step per round until they
 * cross; the trail outgrows its reservation and must grow mid-fix-point. */
Test(queue, slow_convergence_grows_the_trail) {
  moc_engine *e = moc_engine_create(NULL);
  moc_var x = moc_new_int(e, 0, 50000), y = moc_new_int(e, 0, 50000);
  post_le(e, x, y, 1, MOC_PRIO_FAST);
  post_le(e, y, x, 1, MOC_PRIO_FAST);
  cr_assert_eq(moc_push_level(e), 0);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  cr_assert_gt(moc_trail_size(e), 20000);
  moc_backtrack_to(e, 0);
  MOC_ASSERT_BOUNDS(e, x, 0, 50000);
  cr_assert_eq(moc_trail_size(e), 0);
  moc_engine_free(e);
}

Test(queue, engine_blocks_resize_and_release) {
  moc_engine *e = moc_engine_create(NULL);
  int64_t *a = moc_engine_alloc(e, 4 * sizeof(int64_t));
  for (int i = 0; i < 4; i++) a[i] = i + 1;
  int64_t *b = moc_engine_alloc(e, 8);
  a = moc_engine_realloc(e, a, 1000 * sizeof(int64_t));
  cr_assert_not_null(a);
  for (int i = 0; i < 4; i++) cr_assert_eq(a[i], i + 1);
  for (int i = 4; i < 1000; i++) cr_assert_eq(a[i], 0);
  moc_engine_release(e, b);
  moc_engine_release(e, NULL);
  moc_engine_free(e);
}
