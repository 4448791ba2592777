/* test_cumulative_points.c — the cumulative with groups and residency
 * points, inside tiny MOCCASIN models (copies, ordered copies, cover):
 * the inputs of a computation count before their serving copy is known,
 * brute force over all small assignments, and random dives with
 * backtracking under the engine's from-scratch checking. */
#include <criterion/criterion.h>

#include "propagators/cover.h"
#include "propagators/cumulative.h"
#include "propagators/cumulative_internal.h"
#include "sched_brute.h"

TestSuite(cumulative_points, .timeout = 120);

enum { NODES = 4, C = 2 };

typedef struct tiny {
  int n;                         /* nodes (in topological order: node k at index k) */
  bool edge[NODES][NODES];       /* edge[u][v]: v reads u */
  int64_t size[NODES];
  int64_t cap;
  moc_interval iv[NODES * C];    /* iv[v * C + i] */
} tiny;

static int64_t ev(int64_t t, int64_t k) { return t * (t + 1) / 2 + k; }

/* Builds the model of SPEC §2 on a fresh engine; points switch the
 * residency points on.  Returns the cumulative. */
static moc_cumulative *build(moc_engine *e, tiny *m, bool points, int64_t end_slack) {
  int64_t horizon = ev(m->n - 1, m->n - 1) + 1;
  for (int v = 0; v < m->n; v++)
    for (int i = 0; i < C; i++) {
      moc_interval x = {moc_new_int(e, v, i == 0 ? v : m->n - 1),
                        moc_new_int(e, ev(v, v) + 1, horizon), moc_new_bool(e), v, true};
      int64_t last = ev(v, v) + 1 + end_slack + 2 * i;
      if (end_slack >= 0 && last < horizon)
        cr_assert_eq(moc_set_ub(e, x.end, last, moc_root()), MOC_PROP_OK);
      if (i == 0) cr_assert_eq(moc_set_lit(e, x.present, moc_root()), MOC_PROP_OK);
      cr_assert_eq(moc_interval_post(e, &x), 0);
      m->iv[v * C + i] = x;
      if (i > 0) cr_assert_eq(moc_interval_post_before(e, &m->iv[v * C + i - 1], &x), 0);
    }
  moc_cumul_point pt[NODES * NODES * C];
  uint32_t np = 0, group[NODES * C];
  int64_t demand[NODES * C];
  for (int u = 0; u < m->n; u++) {
    moc_interval cons[NODES * C];
    uint32_t nc = 0;
    for (int v = u + 1; v < m->n; v++)
      if (m->edge[u][v])
        for (int j = 0; j < C; j++) {
          cons[nc++] = m->iv[v * C + j];
          pt[np++] = (moc_cumul_point){(uint32_t)u, m->iv[v * C + j]};
        }
    moc_cover_spec s = {&m->iv[u * C], C, cons, nc};
    if (nc > 0) cr_assert_eq(moc_cover_post(e, &s), 0);
  }
  for (int k = 0; k < m->n * C; k++) {
    group[k] = (uint32_t)(k / C);
    demand[k] = m->size[k / C];
  }
  moc_cumulative_spec s = {.tasks = m->iv, .demand = demand, .n = (uint32_t)(m->n * C),
                           .horizon = horizon, .capacity = -1, .capacity_const = m->cap};
  if (points) {
    s.group = group;
    s.ngroups = (uint32_t)m->n;
    s.points = pt;
    s.npoints = np;
  }
  moc_cumulative *cu = NULL;
  cr_assert_eq(moc_cumulative_post(e, &s, &cu), 0);
  return cu;
}

Test(cumulative_points, inputs_count_at_each_computation) {
  /* the worked example of SPEC §1: 0->1, 1->2, 2->3, 0->3, sizes 2 2 1 1 */
  tiny m = {.n = 4, .size = {2, 2, 1, 1}, .cap = 100};
  m.edge[0][1] = m.edge[1][2] = m.edge[2][3] = m.edge[0][3] = true;
  moc_engine *e = moc_harness_engine();
  moc_cumulative *cu = build(e, &m, true, -1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  /* node 3 at e(3,3) = 9 needs 0 and 2 resident: 1 + 2 + 1 */
  cr_assert_eq(moc_cumulative_profile_at(cu, 9), 4);
  cr_assert_eq(moc_cumulative_profile_at(cu, 2), 4);  /* node 1 at e(1,1) with node 0 */
  moc_engine_free(e);
  /* without points only the computations themselves count */
  e = moc_harness_engine();
  cu = build(e, &m, false, -1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_OK);
  cr_assert_eq(moc_cumulative_profile_at(cu, 9), 1);
  moc_engine_free(e);
}

Test(cumulative_points, budget_below_the_static_bound_fails_at_the_root) {
  tiny m = {.n = 4, .size = {2, 2, 1, 1}, .cap = 3};
  m.edge[0][1] = m.edge[1][2] = m.edge[2][3] = m.edge[0][3] = true;
  moc_engine *e = moc_harness_engine();
  build(e, &m, true, -1);
  cr_assert_eq(moc_propagate(e), MOC_PROP_CONFLICT);
  moc_engine_free(e);
}

static bool tiny_sat(const sb_assign *a, void *user) {
  const tiny *m = user;
  for (int k = 0; k < a->n; k++)
    if (a->present[k] && a->end[k] < a->start[k] + 1) return false;
  for (int v = 0; v < m->n; v++)
    for (int i = 1; i < C; i++) {
      int k = v * C + i;
      if (a->present[k] && (!a->present[k - 1] || a->end[k - 1] > a->start[k])) return false;
    }
  for (int u = 0; u < m->n; u++)
    for (int v = 0; v < m->n; v++)
      for (int j = 0; j < C && m->edge[u][v]; j++) {
        int c = v * C + j;
        bool ok = !a->present[c];
        for (int i = 0; i < C && !ok; i++) {
          int p = u * C + i;
          ok = a->present[p] && a->start[p] < a->start[c] && a->start[c] < a->end[p];
        }
        if (!ok) return false;
      }
  for (int64_t t = 0; t < ev(m->n - 1, m->n - 1) + 1; t++) {
    int64_t sum = 0;
    for (int k = 0; k < a->n; k++)
      if (a->present[k] && a->start[k] <= t && t < a->end[k]) sum += m->size[k / C];
    if (sum > m->cap) return false;
  }
  return true;
}

static void random_tiny(uint64_t *seed, tiny *m, int n) {
  *m = (tiny){.n = n};
  for (int u = 0; u < n; u++)
    for (int v = u + 1; v < n; v++) m->edge[u][v] = moc_harness_range(seed, 0, 2) > 0;
  int64_t total = 0;
  for (int v = 0; v < n; v++) total += m->size[v] = moc_harness_range(seed, 1, 4);
  m->cap = moc_harness_range(seed, 2 * total / 3, total + 1);
}

Test(cumulative_points, agrees_with_brute_force) {
  uint64_t seed = 57;
  for (int round = 0; round < 250; round++) {
    tiny m;
    random_tiny(&seed, &m, 3);
    moc_engine *e = moc_harness_engine();
    build(e, &m, true, moc_harness_range(&seed, 1, 4));
    char msg[200];
    cr_assert_eq(sb_check(e, m.iv, m.n * C, -1, tiny_sat, &m, msg, sizeof msg), 0, "round %d: %s",
                 round, msg);
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}

Test(cumulative_points, incremental_matches_from_scratch) {
  uint64_t seed = 67;
  for (int round = 0; round < 150; round++) {
    tiny m;
    random_tiny(&seed, &m, NODES);
    moc_engine *e = moc_harness_engine();
    moc_cumulative *cu = build(e, &m, true, -1);
    if (moc_propagate(e) != MOC_PROP_OK) {
      moc_engine_free(e);
      continue;
    }
    for (int step = 0; step < 30; step++) {
      if (moc_level(e) > 0 && moc_harness_range(&seed, 0, 3) == 0)
        moc_backtrack_to(e, (uint32_t)moc_harness_range(&seed, 0, moc_level(e) - 1));
      cr_assert_eq(moc_push_level(e), 0);
      moc_interval *x = &m.iv[moc_harness_range(&seed, 0, m.n * C - 1)];
      moc_var v = moc_harness_range(&seed, 0, 1) ? x->stage : x->end;
      moc_pstatus st = MOC_PROP_OK;
      if (!moc_lit_is_fixed(e, x->present) && moc_harness_range(&seed, 0, 1)) {
        st = moc_set_lit(e, moc_harness_range(&seed, 0, 1) ? x->present : moc_lit_not(x->present),
                         moc_decision());
      } else if (!moc_is_fixed(e, v)) {
        int64_t mid = moc_harness_range(&seed, moc_lb(e, v), moc_ub(e, v) - 1);
        st = moc_harness_range(&seed, 0, 1) ? moc_set_ub(e, v, mid, moc_decision())
                                            : moc_set_lb(e, v, mid + 1, moc_decision());
      }
      if (st == MOC_PROP_OK) st = moc_propagate(e);
      if (st != MOC_PROP_OK) moc_backtrack_to(e, moc_level(e) - 1);
      /* the node pool's bound holds: no add was ever dropped */
      cr_assert_eq(cu->rebuilds, 0);
    }
    MOC_ASSERT_CHECKED(e);
    moc_engine_free(e);
  }
}
