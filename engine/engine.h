/* engine.h — the constraint kernel's contract: variables, literals, trail,
 * watches, the propagation queue and the fix-point loop.
 *
 * The engine knows nothing of graphs or schedules.  It owns integer variables
 * with bounds domains [lb, ub] (64-bit values: costs and sums reach 10^15, and
 * one value type keeps every propagator free of conversions), Boolean
 * literals (0/1 variables), a trail of bound changes with decision levels and
 * reasons, trailed integers for propagator state, and the propagators.
 *
 * THIS FILE IS A CONTRACT SKETCH written before the implementation; the
 * implementation (engine/*.c) may make getters static inline and add
 * functions, but keeps these names and meanings, because propagators/ and
 * model/ are written against them.
 *
 * Propagator checklist (STYLE.md):
 *   - fail (return MOC_CONFLICT) when everything is fixed and violated;
 *   - keep persistent state in trailed integers (moc_tint), never raw addresses;
 *   - 64-bit arithmetic for sums, with care for overflow;
 *   - say in the file comment whether it is idempotent;
 *   - write propagate_from_scratch and its tests first, then make it incremental;
 *   - never allocate while propagating: reserve at post time with moc_engine_alloc.
 */
#ifndef MOC_ENGINE_ENGINE_H
#define MOC_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct moc_engine moc_engine;

typedef int32_t moc_var;   /* an integer variable: a dense index, >= 0 */
typedef int32_t moc_lit;   /* a literal: 2 * var + (1 if negated) over a 0/1 variable */
typedef int32_t moc_tint;  /* a trailed 64-bit integer: a dense index */

/* Outcome of propagation: a conflict is a normal return value, not an error. */
typedef enum moc_pstatus { MOC_PROP_OK = 0, MOC_PROP_CONFLICT = 1 } moc_pstatus;

/* Change domains only through the engine, inside TRY: returns on conflict. */
#define TRY(expr)                                                              \
  do {                                                                         \
    if ((expr) != MOC_PROP_OK) return MOC_PROP_CONFLICT;                       \
  } while (0)

/* Why a bound changed: which propagator and a small code it chooses, so that
 * an explanation can be asked for later (lazy clause generation). */
typedef struct moc_reason {
  uint32_t prop;  /* propagator id, or MOC_REASON_DECISION / MOC_REASON_ROOT */
  uint32_t code;  /* the propagator's own code */
} moc_reason;
#define MOC_REASON_DECISION UINT32_C(0xFFFFFFFF)
#define MOC_REASON_ROOT UINT32_C(0xFFFFFFFE)

/* Events a propagator may watch on a variable. */
enum { MOC_EV_LB = 1u, MOC_EV_UB = 2u, MOC_EV_FIX = 4u, MOC_EV_ANY = 7u };

/* Priorities: 0 runs first (cheap: clauses, differences), larger later. */
enum { MOC_PRIO_FAST = 0, MOC_PRIO_LINEAR = 1, MOC_PRIO_GLOBAL = 2, MOC_PRIO_SLOW = 3,
       MOC_PRIO_LEVELS = 4 };

typedef struct moc_prop moc_prop;

/* The const table of functions every propagator class provides. */
typedef struct moc_prop_class {
  const char *name;
  /* required: narrow domains to a (not necessarily idempotent) fix-point */
  moc_pstatus (*propagate)(moc_prop *p, moc_engine *e);
  /* optional debug oracle: the same filtering computed from nothing */
  moc_pstatus (*propagate_from_scratch)(moc_prop *p, moc_engine *e);
  /* optional: a watched variable changed; return true to be scheduled.
   * NULL means "always schedule". */
  bool (*notify)(moc_prop *p, moc_engine *e, uint32_t local, unsigned events);
  /* optional: the queue was cleared (conflict or backtrack) while this
   * propagator was pending; drop any pending deltas gathered by notify. */
  void (*reset)(moc_prop *p, moc_engine *e);
  /* optional (learning, later): the reason code of a bound change as a
   * conjunction of bound literals; unused until learning exists */
  void (*explain)(moc_prop *p, moc_engine *e, uint32_t code, void *out);
} moc_prop_class;

/* The header every propagator struct starts with. */
struct moc_prop {
  const moc_prop_class *cls;
  uint32_t id;        /* index in the engine's propagator table, set by moc_post */
  uint8_t priority;   /* queue level, set by moc_post */
  bool queued;        /* in the propagation queue now */
};

/* An optional caller allocator; NULL means malloc/realloc/free. */
typedef struct moc_allocator {
  void *(*alloc)(size_t bytes, void *user);
  void *(*realloc)(void *ptr, size_t old_bytes, size_t new_bytes, void *user);
  void (*free)(void *ptr, size_t bytes, void *user);
  void *user;
} moc_allocator;

/* ---- life cycle ---- */
moc_engine *moc_engine_create(const moc_allocator *alloc);
void moc_engine_free(moc_engine *e);
/* Zeroed memory owned by the engine, released by moc_engine_free; for
 * propagator structs and their scratch.  NULL when out of memory. */
void *moc_engine_alloc(moc_engine *e, size_t bytes);

/* ---- variables (create at level 0, before search) ---- */
moc_var moc_new_int(moc_engine *e, int64_t lb, int64_t ub);  /* -1: out of memory or lb > ub */
moc_lit moc_new_bool(moc_engine *e);                          /* positive literal; -1: out of memory */
size_t moc_num_vars(const moc_engine *e);

int64_t moc_lb(const moc_engine *e, moc_var x);
int64_t moc_ub(const moc_engine *e, moc_var x);
bool moc_is_fixed(const moc_engine *e, moc_var x);

static inline moc_var moc_lit_var(moc_lit l) { return l >> 1; }
static inline moc_lit moc_lit_not(moc_lit l) { return l ^ 1; }
static inline moc_lit moc_lit_of(moc_var x, bool positive) { return (x << 1) | (positive ? 0 : 1); }
static inline bool moc_lit_negated(moc_lit l) { return (l & 1) != 0; }
bool moc_lit_is_true(const moc_engine *e, moc_lit l);
bool moc_lit_is_false(const moc_engine *e, moc_lit l);

/* ---- domain changes (during propagation or search) ---- */
moc_pstatus moc_set_lb(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_set_ub(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_fix(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_set_lit(moc_engine *e, moc_lit l, moc_reason why);  /* make l true */
static inline moc_reason moc_because(const moc_prop *p, uint32_t code) {
  moc_reason r = {p->id, code};
  return r;
}

/* ---- trailed integers (propagator state restored on backtrack) ---- */
moc_tint moc_tint_new(moc_engine *e, int64_t value);  /* -1: out of memory */
int64_t moc_tint_get(const moc_engine *e, moc_tint t);
void moc_tint_set(moc_engine *e, moc_tint t, int64_t value);

/* ---- propagators ---- */
/* Registers p (whose struct starts with moc_prop, allocated by the caller,
 * typically with moc_engine_alloc) and schedules it once.  0 on success,
 * -1 when out of memory. */
int moc_post(moc_engine *e, moc_prop *p, const moc_prop_class *cls, unsigned priority);
/* Calls notify(p, local, events) when one of `events` happens to x. */
int moc_watch(moc_engine *e, moc_var x, moc_prop *p, uint32_t local, unsigned events);
void moc_schedule(moc_engine *e, moc_prop *p);

/* ---- fix-point and levels ---- */
/* Runs the queue to a fix-point.  A conflict at level 0 makes the engine
 * failed for good (moc_engine_failed). */
moc_pstatus moc_propagate(moc_engine *e);
bool moc_engine_failed(const moc_engine *e);
uint32_t moc_level(const moc_engine *e);
int moc_push_level(moc_engine *e);                 /* -1: out of memory */
void moc_backtrack_to(moc_engine *e, uint32_t level);

/* ---- statistics ---- */
uint64_t moc_engine_propagations(const moc_engine *e);

#endif /* MOC_ENGINE_ENGINE_H */
