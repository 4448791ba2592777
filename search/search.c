/* search.c — the search handle: creation, settings, hints, results.
 *
 * Arrays indexed by variable (hints, the incumbent) are sized to the
 * engine's variables when set or when a solve starts, never during search.
 */
#include <string.h>

#include "search/internal.h"

moc_search *moc_search_create(moc_engine *e) {
  moc_search *s = moc_engine_alloc(e, sizeof *s);
  if (!s) return NULL;
  s->e = e;
  s->obj = -1;
  s->dflt.select = MOC_SELECT_SMALLEST;
  s->dflt.value = MOC_VALUE_MIN;
  s->dflt.first = -1;
  moc_search_set_brancher(s, NULL);
  moc_search_set_seed(s, 0);
  moc_search_set_limits(s, NULL);
  return s;
}

void moc_search_free(moc_search *s) {
  if (!s) return;
  moc_engine *e = s->e;
  moc_engine_release(e, s->dflt.vars);
  moc_engine_release(e, s->hint);
  moc_engine_release(e, s->has_hint);
  moc_engine_release(e, s->best);
  moc_engine_release(e, s->stack);
  moc_engine_release(e, s->weight);
  moc_engine_release(e, s);
}

moc_engine *moc_search_engine(const moc_search *s) { return s->e; }
void moc_search_set_objective(moc_search *s, moc_var obj) { s->obj = obj; }
void moc_search_set_restarts(moc_search *s, uint64_t luby_unit) { s->luby_unit = luby_unit; }

void moc_search_set_callback(moc_search *s, moc_solution_fn fn, void *user) {
  s->on_solution = fn;
  s->user = user;
}

void moc_search_set_seed(moc_search *s, uint64_t seed) {
  s->rng = seed ^ UINT64_C(0x853C49E6748FEA9B);
}

/* splitmix64 (Steele, Lea, Flood 2014). */
uint64_t moc_search_random(moc_search *s) {
  uint64_t z = (s->rng += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

int moc_search_set_decision_vars(moc_search *s, const moc_var *vars, size_t n) {
  moc_var *copy = moc_engine_realloc(s->e, s->dflt.vars, (n + 1) * sizeof *copy);
  if (!copy) return -1;
  if (n) memcpy(copy, vars, n * sizeof *copy);
  s->dflt.vars = copy;
  s->dflt.n = n;
  /* A fresh position: an old one may be restored by a later backtrack. */
  s->dflt.first = moc_tint_new(s->e, 0);
  return s->dflt.first < 0 ? -1 : 0;
}

void moc_search_set_strategy(moc_search *s, moc_select select, moc_value value) {
  s->dflt.select = select;
  s->dflt.value = value;
}

void moc_search_set_brancher(moc_search *s, const moc_brancher *b) {
  if (b) {
    s->brancher = *b;
  } else {
    s->brancher.choose = moc_default_choose;
    s->brancher.self = &s->dflt;
  }
}

bool moc_search_reserve_hints(moc_search *s) {
  size_t n = moc_num_vars(s->e);
  if (s->hint_cap >= n) return true;
  int64_t *h = moc_engine_realloc(s->e, s->hint, (n + 1) * sizeof *h);
  if (!h) return false;
  s->hint = h;
  uint8_t *has = moc_engine_realloc(s->e, s->has_hint, n + 1);
  if (!has) return false;
  s->has_hint = has;
  s->hint_cap = n;
  return true;
}

void moc_search_set_guided(moc_search *s, bool on) { s->guided = on; }

int moc_search_set_hint(moc_search *s, moc_var x, int64_t value) {
  if (x < 0 || (size_t)x >= moc_num_vars(s->e) || !moc_search_reserve_hints(s)) return -1;
  s->hint[x] = value;
  s->has_hint[x] = 1;
  return 0;
}

void moc_search_clear_hints(moc_search *s) {
  if (s->has_hint) memset(s->has_hint, 0, s->hint_cap);
}

bool moc_search_hint(const moc_search *s, moc_var x, int64_t *value) {
  if ((size_t)x >= s->hint_cap || !s->has_hint[x]) return false;
  *value = s->hint[x];
  return true;
}

bool moc_search_has_solution(const moc_search *s) { return s->has_solution; }
int64_t moc_search_best_objective(const moc_search *s) { return s->best_obj; }
int64_t moc_search_bound(const moc_search *s) { return s->bound; }
const int64_t *moc_search_best(const moc_search *s) { return s->has_solution ? s->best : NULL; }

uint64_t moc_search_wdeg(const moc_search *s, moc_var x) {
  uint64_t w = 1;
  size_t n = moc_watch_count(s->e, x);
  for (size_t i = 0; i < n; i++) {
    uint32_t id = moc_watch_prop(s->e, x, i)->id;
    if (id < s->weight_cap) w += s->weight[id];
  }
  return w;
}
