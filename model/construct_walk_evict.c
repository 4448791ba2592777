/* construct_walk_evict.c — what the walk evicts, and what an eviction owes
 * (see walk.h for owing and owed).
 *
 * Evicting u until its next need at stage T costs the recomputation of u
 * and of its "closure": the inputs that will not be resident at T, their
 * inputs that will not be, and so on.  Inputs resident now stay resident
 * until T (they become owed), which holds their memory longer.  The rule
 * ranks a candidate by
 *
 *     BELADY  (size(u) * (T - now) - kept) / (closure cost + 1)
 *     CHEAP   size(u) / (closure cost + 1) - kept / (T - now)
 *
 * where kept is the memory x stages the owed inputs add (Belady's rule for
 * caches weighted by the recomputation cost, as DTR does).  T is the next
 * first computation that reads u, or the recomputation of an owing reader.
 * Every resident tensor is scored with its own cost alone (an upper bound
 * on its score); candidates are priced exactly in order of that bound until
 * no bound can beat the best price.  Last resorts, in turn: tensors read in
 * the current stage, closures larger than CLOSURE_MAX and evictions that do
 * not pay; then tensors pinned by frames below the top one (they fetch them
 * again when they resume).
 */
#include "model/walk.h"

enum { CLOSURE_MAX = 24 };

void walk_take(walker *w, uint32_t u) {
  w->ridx[u] = w->nres;
  w->res[w->nres++] = u;
  w->mem += w->g->size[u];
}

void walk_drop(walker *w, uint32_t u) {
  uint32_t at = w->ridx[u], last = w->res[--w->nres];
  w->res[at] = last;
  w->ridx[last] = at;
  w->ridx[u] = UINT32_MAX;
  w->mem -= w->g->size[u];
}

void walk_release(walker *w, uint32_t u) {
  if (walk_resident(w, u) && w->pin[u] == 0 && w->owed[u] == 0 &&
      walk_next_use(w, u) == UINT32_MAX)
    walk_drop(w, u);
}

/* The stage where an evicted u would be needed again (UINT32_MAX: never):
 * its next first-computation reader, or an owing reader's recomputation. */
static uint32_t need_at(const walker *w, uint32_t u) {
  const moc_graph *g = w->g;
  uint32_t use = walk_next_use(w, u);
  if (!w->owed[u]) return use;
  for (uint32_t e = g->succ_start[u]; e < g->succ_start[u + 1]; e++) {
    uint32_t s = g->succ[e];
    if (w->owing[s] && w->need[s] < use) use = w->need[s];
  }
  return use;
}

typedef struct price {
  uint32_t size; /* nodes of the closure */
  double cost;  /* recomputation of the closure */
  double kept;  /* memory x stages of inputs held longer */
  int big;      /* the closure exceeds CLOSURE_MAX */
  int blocked;  /* a node of the closure has no copy left */
} price;

/* Prices evicting u until `when` by a walk over the closure; stops early
 * (marking it big) once the closure is bigger than `max_nodes` or costs
 * more than `max_cost`. */
static price price_of(walker *w, uint32_t u, uint32_t when, uint32_t max_nodes, double max_cost) {
  const moc_graph *g = w->g;
  price pr = {1, (double)g->cost[u], 0, 0, 0};
  uint32_t top = 0, seen = 1, mark = ++w->stamp_now;
  w->stamp[u] = mark;
  w->stack[top++] = u;
  while (top > 0 && !pr.blocked && !pr.big) {
    uint32_t x = w->stack[--top];
    for (uint32_t e = g->pred_start[x]; e < g->pred_start[x + 1]; e++) {
      uint32_t i = g->pred[e];
      w->work++;
      if (w->stamp[i] == mark) continue;
      w->stamp[i] = mark;
      if (walk_resident(w, i)) {
        uint32_t dies = walk_last_use(w, i) > w->t ? walk_last_use(w, i) : w->t;
        if (dies < when && w->owed[i] == 0) pr.kept += (double)g->size[i] * (double)(when - dies);
        continue;
      }
      if (w->owing[i]) continue;
      if (w->p.copies && w->nc[i] >= w->p.copies) pr.blocked = 1;
      pr.cost += (double)g->cost[i];
      if (++seen > max_nodes || pr.cost > max_cost) pr.big = 1;
      pr.size = seen;
      w->stack[top++] = i;
    }
  }
  return pr;
}

static double score(const walker *w, uint32_t u, uint32_t when, price pr) {
  double dist = when == UINT32_MAX ? (double)w->g->n : (double)(when - w->t) + 1.0;
  double size = (double)w->g->size[u];
  if (w->p.rule == MOC_WALK_CHEAP) return size / (pr.cost + 1.0) - pr.kept / dist;
  return (size * dist - pr.kept) / (pr.cost + 1.0);
}

/* The closure cost beyond which evicting u cannot score above `target`. */
static double score_cost_cap(const walker *w, uint32_t u, uint32_t when, double target) {
  double dist = (double)(when - w->t) + 1.0, size = (double)w->g->size[u];
  if (w->p.rule == MOC_WALK_CHEAP) return size / target;
  return size * dist / target;
}

/* Max-heap of candidates by their upper-bound score. */
static void sift_down(uint32_t *id, double *key, uint32_t len, uint32_t i) {
  for (;;) {
    uint32_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < len && key[l] > key[m]) m = l;
    if (r < len && key[r] > key[m]) m = r;
    if (m == i) return;
    double k = key[i];
    uint32_t x = id[i];
    key[i] = key[m];
    id[i] = id[m];
    key[m] = k;
    id[m] = x;
    i = m;
  }
}

/* The tensor to evict, or UINT32_MAX.  `lax` 1: tensors read in this stage
 * and big closures allowed, and evictions that do not pay; 2: also tensors
 * pinned by frames below the top one (they recompute them when they resume).  Every resident
 * tensor is a candidate, scored first with its own cost alone (an upper
 * bound); they are priced best bound first until no bound can beat the best
 * price found. */
static uint32_t victim(walker *w, int lax) {
  const moc_graph *g = w->g;
  uint32_t len = 0;
  w->work += w->nres;
  for (uint32_t k = 0; k < w->nres; k++) {
    uint32_t u = w->res[k];
    if (g->size[u] <= 0 || (w->used[u] == w->t + 1 && !lax)) continue;
    if (w->pin[u] && (lax < 2 || w->in_top[u])) continue;
    if (w->p.copies && w->nc[u] >= w->p.copies) continue;
    price own = {1, (double)g->cost[u], 0, 0, 0};
    w->heap_id[len] = u;
    w->heap_key[len++] = score(w, u, need_at(w, u), own);
  }
  for (uint32_t i = len / 2; i-- > 0;) sift_down(w->heap_id, w->heap_key, len, i);
  uint32_t best = UINT32_MAX;
  double best_score = 0;
  while (len > 0 && (best == UINT32_MAX || w->heap_key[0] > best_score)) {
    uint32_t u = w->heap_id[0], when = need_at(w, u);
    w->heap_id[0] = w->heap_id[--len];
    w->heap_key[0] = w->heap_key[len];
    sift_down(w->heap_id, w->heap_key, len, 0);
    price pr = {1, (double)g->cost[u], 0, 0, 0};
    if (when != UINT32_MAX) {
      double max_cost = best == UINT32_MAX || lax ? 1e300 : score_cost_cap(w, u, when, best_score);
      pr = price_of(w, u, when, lax ? g->n : CLOSURE_MAX, max_cost);
    }
    if (pr.blocked || (pr.big && !lax)) continue;
    double sc = score(w, u, when, pr);
    if (sc <= 0 && !lax) continue;
    if (best == UINT32_MAX || sc > best_score) {
      best = u;
      best_score = sc;
    }
  }
  return best;
}

/* u was evicted and is needed later: it and the non-resident part of its
 * closure become owing, and their inputs owed. */
static void owe(walker *w, uint32_t u, uint32_t when) {
  const moc_graph *g = w->g;
  uint32_t top = 0;
  w->owing[u] = 1;
  w->need[u] = when;
  w->stack[top++] = u;
  while (top > 0) {
    uint32_t x = w->stack[--top];
    for (uint32_t e = g->pred_start[x]; e < g->pred_start[x + 1]; e++) {
      uint32_t i = g->pred[e];
      w->owed[i]++;
      if (walk_resident(w, i) || w->owing[i]) continue;
      w->owing[i] = 1;
      w->need[i] = when;
          w->stack[top++] = i;
    }
  }
}

/* Marks (on = 1) or clears the tensors the top frame has pinned. */
static void mark_top(walker *w, uint8_t on) {
  size_t base = w->depth > 0 ? w->fs[w->depth - 1].pin_base : w->npins;
  for (size_t k = base; k < w->npins; k++) w->in_top[w->pins[k]] = on;
}

int walk_evict_one(walker *w) {
  uint32_t u = victim(w, 0);
  if (u == UINT32_MAX) u = victim(w, 1);
  if (u == UINT32_MAX) {
    mark_top(w, 1);
    u = victim(w, 2);
    mark_top(w, 0);
  }
  if (u == UINT32_MAX) return 1;
  uint32_t when = need_at(w, u);
  walk_drop(w, u);
  if (when != UINT32_MAX) owe(w, u, when);
  return 0;
}

void walk_repaid(walker *w, uint32_t u) {
  const moc_graph *g = w->g;
  if (!w->owing[u]) return;
  w->owing[u] = 0;
  for (uint32_t e = g->pred_start[u]; e < g->pred_start[u + 1]; e++) w->owed[g->pred[e]]--;
}
