/* cp_model.h — the MOCCASIN model of SPEC §2 on the constraint engine.
 *
 * For node v at topological position k = position[v] and copy i < C_v:
 *
 *   present  p[v,i]   (p[v,0] true; p[v,i] -> p[v,i-1])
 *   stage    S[v,i]   in [k, n-1]  (S[v,0] = k: the first copy is pinned)
 *   start              e(S, k) = S(S+1)/2 + k   (an exact monotone map)
 *   end      E[v,i]   exclusive event index, > start
 *
 * with copies of v ordered and disjoint (end[v,i-1] <= start[v,i]), the
 * memory cumulative (sizes / g <= floor(B / g), g = gcd of the sizes), the
 * cover constraint per node over its consumers' copies, and the objective
 * obj = sum over recomputation copies of (w_v / h) p[v,i]  (h = gcd of costs),
 * so the cost of a solution is topo_cost + h * obj.  C_v = 1 for a node
 * nobody reads: recomputing it can never help.
 *
 *     stage t:   | recompute order[0..t-1] (any subset, ascending) | order[t] |
 *     events:      e(t,0)        ...          e(t,t-1)                e(t,t)
 *
 * The model only builds and reads; search (search/) and the solver's phases
 * (solver_cp.c) decide what to do with it.
 */
#ifndef MOC_MODEL_CP_MODEL_H
#define MOC_MODEL_CP_MODEL_H

#include "engine/engine.h"
#include "model/graph.h"
#include "model/heuristic.h"
#include "propagators/cumulative.h"
#include "propagators/interval.h"

typedef struct moc_cp_model {
  moc_engine *e;           /* owns every variable and propagator */
  const moc_graph *g;
  uint32_t n;
  int copies;              /* C */
  uint32_t *copies_of;     /* C_v: copies allowed for node v (1 or C) */
  moc_interval *iv;        /* iv[v * C + i], i < copies_of[v] */
  moc_var objective;       /* sum of scaled recomputation costs */
  int64_t size_unit;       /* g: gcd of the sizes (1 when all are 0) */
  int64_t cost_unit;       /* h: gcd of the costs (1 when all are 0) */
  int64_t capacity;        /* floor(B / g) */
  int64_t horizon;         /* n(n+1)/2 events */
  moc_cumulative *memory;  /* the cumulative propagator */
  moc_var peak;            /* with a peak variable: the cumulative's capacity
                              (scaled), in [floor(B / g), floor(topo_peak / g)];
                              else -1 */
} moc_cp_model;

/* Builds the model at level 0 and runs the root fix-point.  With
 * `peak_variable`, the memory capacity is a variable to minimise (the
 * paper's phase 1) whose least value stands for "within the budget B".
 * Returns 0, 1 when the root fix-point already proves the budget
 * infeasible, -1 when out of memory or a post was refused. */
int moc_cp_build(moc_cp_model *m, const moc_graph *g, int64_t budget, int copies,
                 bool peak_variable);
void moc_cp_free(moc_cp_model *m);

static inline const moc_interval *moc_cp_interval(const moc_cp_model *m, uint32_t v, int i) {
  return &m->iv[(size_t)v * (size_t)m->copies + (size_t)i];
}

/* Posts the cover constraints (cp_cover.c); 0, or -1 when out of memory. */
int moc_cp_post_covers(moc_cp_model *m);

/* The recomputations of the current (fully fixed) assignment: present copies
 * i >= 1 with their stages.  `out` has room for n * (C - 1) entries; returns
 * the count. */
size_t moc_cp_read_remats(const moc_cp_model *m, moc_remat *out);

/* Cost in original units of a scaled objective value. */
static inline int64_t moc_cp_cost_of(const moc_cp_model *m, int64_t objective) {
  return m->g->total_cost + objective * m->cost_unit;
}

#endif /* MOC_MODEL_CP_MODEL_H */
