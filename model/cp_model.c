/* cp_model.c — builds the MOCCASIN model (see cp_model.h) on the engine.
 *
 * Follows SPEC §2 and the paper (Bartan et al., ICML 2023, §3) with two
 * exact tightenings: a node nobody reads gets no recomputation copy, and an
 * end never goes past one event after the last stage any consumer can run
 * in.  Sizes and costs are divided by their gcds, the budget rounded down
 * (SPEC §2: rounding up would let a peak of up to g - 1 bytes too many pass).
 */
#include "model/cp_model.h"

#include <stdlib.h>
#include <string.h>

#include "propagators/cover.h"
#include "propagators/linear.h"

static int64_t gcd64(int64_t a, int64_t b) {
  while (b != 0) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static int64_t event_of(int64_t stage, int64_t k) { return stage * (stage + 1) / 2 + k; }

/* One past the latest event at which any consumer of v can start. */
static int64_t latest_end(const moc_graph *g, uint32_t v) {
  int64_t last = -1;
  for (uint32_t j = g->succ_start[v]; j < g->succ_start[v + 1]; j++) {
    int64_t ev = event_of((int64_t)g->n - 1, g->position[g->succ[j]]);
    if (ev > last) last = ev;
  }
  return last + 1;
}

static int make_intervals(moc_cp_model *m) {
  const moc_graph *g = m->g;
  for (uint32_t v = 0; v < g->n; v++) {
    int64_t k = g->position[v];
    bool read = g->succ_start[v + 1] > g->succ_start[v];
    int64_t room = 1 + ((int64_t)g->n - 1 - k); /* stages k .. n-1 */
    m->copies_of[v] = read ? (uint32_t)(room < m->copies ? room : m->copies) : 1;
    int64_t end_ub = read ? latest_end(g, v) : event_of(k, k) + 1;
    for (uint32_t i = 0; i < m->copies_of[v]; i++) {
      moc_interval *iv = &m->iv[(size_t)v * (size_t)m->copies + i];
      int64_t first_stage = i == 0 ? k : k + (int64_t)i;
      int64_t last_stage = i == 0 ? k : (int64_t)g->n - 1;
      iv->offset = k;
      iv->staged = true;
      iv->stage = moc_new_int(m->e, first_stage, last_stage);
      iv->end = moc_new_int(m->e, event_of(first_stage, k) + 1, end_ub);
      if (i == 0) {
        moc_var t = moc_new_int(m->e, 1, 1);
        iv->present = moc_lit_of(t, true);
      } else {
        iv->present = moc_new_bool(m->e);
      }
      if (iv->stage < 0 || iv->end < 0 || iv->present < 0) return -1;
      if (moc_interval_post(m->e, iv) != 0) return -1;
      if (i > 0 && moc_interval_post_before(m->e, iv - 1, iv) != 0) return -1;
    }
  }
  return 0;
}

/* Residency points: every input u of a copy of w is resident at that
 * copy's start, whichever copy of u serves it (the cover constraint says
 * some present copy of u contains it), so u's demand counts there as soon
 * as the consumer's stage is known. */
static moc_cumul_point *residency_points(const moc_cp_model *m, uint32_t *count) {
  const moc_graph *g = m->g;
  size_t total = 0;
  for (uint32_t w = 0; w < g->n; w++)
    total += (size_t)(g->pred_start[w + 1] - g->pred_start[w]) * m->copies_of[w];
  moc_cumul_point *points = malloc((total ? total : 1) * sizeof *points);
  if (!points) return NULL;
  size_t k = 0;
  for (uint32_t w = 0; w < g->n; w++)
    for (uint32_t j = g->pred_start[w]; j < g->pred_start[w + 1]; j++)
      for (uint32_t i = 0; i < m->copies_of[w]; i++)
        points[k++] = (moc_cumul_point){.group = g->pred[j], .at = *moc_cp_interval(m, w, (int)i)};
  *count = (uint32_t)k;
  return points;
}

static int post_memory(moc_cp_model *m, int64_t budget, bool peak_variable) {
  const moc_graph *g = m->g;
  size_t total = 0;
  for (uint32_t v = 0; v < g->n; v++) total += m->copies_of[v];
  moc_interval *tasks = malloc(total * sizeof *tasks);
  int64_t *demand = malloc(total * sizeof *demand);
  uint32_t *group = malloc(total * sizeof *group);
  uint32_t npoints = 0;
  moc_cumul_point *points = residency_points(m, &npoints);
  int rc = -1;
  if (tasks && demand && group && points) {
    int64_t unit = 0;
    for (uint32_t v = 0; v < g->n; v++) unit = gcd64(unit, g->size[v]);
    m->size_unit = unit > 0 ? unit : 1;
    m->capacity = budget / m->size_unit;
    if (peak_variable) {
      int64_t most = g->topo_peak / m->size_unit;
      m->peak = moc_new_int(m->e, m->capacity, most > m->capacity ? most : m->capacity);
    }
    size_t t = 0;
    for (uint32_t v = 0; v < g->n; v++)
      for (uint32_t i = 0; i < m->copies_of[v]; i++) {
        tasks[t] = *moc_cp_interval(m, v, (int)i);
        group[t] = v;
        demand[t++] = g->size[v] / m->size_unit;
      }
    if (peak_variable && m->peak < 0) goto out;
    moc_cumulative_spec spec = {.tasks = tasks, .demand = demand, .n = (uint32_t)total,
                                .horizon = m->horizon, .capacity = m->peak,
                                .capacity_const = m->capacity, .group = group,
                                .ngroups = g->n, .points = points, .npoints = npoints};
    rc = moc_cumulative_post(m->e, &spec, &m->memory);
  }
out:
  free(tasks);
  free(demand);
  free(group);
  free(points);
  return rc;
}

static int post_objective(moc_cp_model *m) {
  const moc_graph *g = m->g;
  int64_t unit = 0;
  for (uint32_t v = 0; v < g->n; v++) unit = gcd64(unit, g->cost[v]);
  m->cost_unit = unit > 0 ? unit : 1;
  size_t count = 0;
  int64_t sum = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    count += m->copies_of[v] - 1;
    sum += (int64_t)(m->copies_of[v] - 1) * (g->cost[v] / m->cost_unit);
  }
  m->objective = moc_new_int(m->e, 0, sum);
  int64_t *a = malloc((count + 1) * sizeof *a);
  moc_var *x = malloc((count + 1) * sizeof *x);
  if (!a || !x || m->objective < 0) {
    free(a);
    free(x);
    return -1;
  }
  size_t t = 0;
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t i = 1; i < m->copies_of[v]; i++) {
      a[t] = g->cost[v] / m->cost_unit;
      x[t++] = moc_lit_var(moc_cp_interval(m, v, (int)i)->present);
    }
  a[t] = -1;
  x[t++] = m->objective;
  int rc = moc_post_linear_eq(m->e, t, a, x, 0);
  free(a);
  free(x);
  return rc;
}

int moc_cp_build(moc_cp_model *m, const moc_graph *g, int64_t budget, int copies,
                 bool peak_variable) {
  memset(m, 0, sizeof *m);
  m->peak = -1;
  m->g = g;
  m->n = g->n;
  m->copies = copies;
  m->horizon = event_of((int64_t)g->n - 1, (int64_t)g->n - 1) + 1;
  m->e = moc_engine_create(NULL);
  m->copies_of = calloc(g->n ? g->n : 1, sizeof *m->copies_of);
  m->iv = calloc((size_t)(g->n ? g->n : 1) * (size_t)copies, sizeof *m->iv);
  if (!m->e || !m->copies_of || !m->iv) return -1;
  if (make_intervals(m) != 0 || post_memory(m, budget, peak_variable) != 0 || post_objective(m) != 0 ||
      moc_cp_post_covers(m) != 0)
    return -1;
  return moc_propagate(m->e) == MOC_PROP_OK ? 0 : 1;
}

void moc_cp_free(moc_cp_model *m) {
  moc_engine_free(m->e);
  free(m->copies_of);
  free(m->iv);
  memset(m, 0, sizeof *m);
}

size_t moc_cp_read_remats(const moc_cp_model *m, moc_remat *out) {
  size_t count = 0;
  for (uint32_t v = 0; v < m->n; v++)
    for (uint32_t i = 1; i < m->copies_of[v]; i++) {
      const moc_interval *iv = moc_cp_interval(m, v, (int)i);
      if (!moc_lit_is_true(m->e, iv->present)) continue;
      out[count].node = v;
      out[count].stage = (uint32_t)moc_lb(m->e, iv->stage);
      count++;
    }
  return count;
}
