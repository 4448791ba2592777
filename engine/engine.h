/* engine.h — the constraint kernel: variables, literals, trail, watches, the
 * propagation queue and the fix-point loop.
 *
 * The engine knows nothing of graphs or schedules.  It owns integer variables
 * with bounds domains [lb, ub] (64-bit values: costs and sums reach 10^15, and
 * one value type keeps every propagator free of conversions), Boolean
 * literals (0/1 variables), a trail of bound changes with decision levels and
 * reasons, trailed integers for propagator state, and the propagators.
 * Architecture after MiniCP (state, variables, fix-point in separate rooms),
 * the trail after MiniSat (trail + level delimiters), the propagator contract
 * after Pumpkin (one required function, a from-scratch oracle).
 *
 * Values live in [MOC_INT_MIN, MOC_INT_MAX] = [-2^62, 2^62]: then lb - 1,
 * ub + 1 and x + d for |d| < 2^62 never overflow, and propagators need only
 * check their own products and sums (at post time).
 *
 * Usage (a tiny model):
 *
 *     moc_engine *e = moc_engine_create(NULL);
 *     moc_var x = moc_new_int(e, 0, 10), y = moc_new_int(e, 0, 10);
 *     ...post propagators (see propagators/)...
 *     if (moc_propagate(e) == MOC_PROP_CONFLICT) ...infeasible...
 *     moc_push_level(e);
 *     if (moc_set_ub(e, x, 3, moc_decision()) == MOC_PROP_OK &&
 *         moc_propagate(e) == MOC_PROP_OK) ...read moc_lb / moc_ub...
 *     moc_backtrack_to(e, 0);
 *     moc_engine_free(e);
 *
 * Propagator checklist (STYLE.md):
 *   - fail (return MOC_PROP_CONFLICT) when everything is fixed and violated;
 *   - keep persistent state in trailed integers (moc_tint), never raw addresses;
 *   - 64-bit arithmetic for sums, with care for overflow (check at post time);
 *   - say in the file comment whether it is idempotent (and set the class flag);
 *   - write propagate_from_scratch and its tests first, then make it incremental;
 *   - never allocate while propagating: reserve at post time with moc_engine_alloc.
 *
 * Events: when a bound of x changes, every watcher of x whose mask meets the
 * events gets notify(p, e, local, events) at once (even when already queued,
 * so that it may record the change: the change being announced is the last
 * trail entry, moc_trail_at(e, moc_trail_size(e) - 1), with the old bounds),
 * and is queued when notify returns true (or is NULL).  notify must not change
 * domains.  A propagator is not queued by its own changes when its class says
 * idempotent (its notify still runs).  Backtracking sends no events: state to restore lives in
 * trailed integers.  When the queue is cleared (conflict, backtrack), reset is
 * called for every propagator that was still pending, and for the one whose
 * propagate just failed.  Push a level only at a fix-point (after
 * moc_propagate returned OK): work pending at a push is lost on backtrack.
 *
 * Checking (debug oracle): with moc_engine_set_checking(e, true), after every
 * fix-point each propagator that has propagate_from_scratch runs it one level
 * above the current one; if it changes a domain or fails, the fix-point was
 * not reached: moc_engine_check_failures counts it (never aborts), and the
 * changes are undone.  Off by default; tests turn it on.
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

#define MOC_INT_MAX (INT64_C(1) << 62)
#define MOC_INT_MIN (-(INT64_C(1) << 62))

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
  /* true: one propagate call reaches this propagator's own fix-point, so its
   * own domain changes do not queue it again */
  bool idempotent;
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

/* The part of the engine that inline getters read; struct moc_engine starts
 * with it (engine/internal.h).  Read-only for everybody but the engine. */
typedef struct moc_bounds {
  int64_t lb, ub;
} moc_bounds;
typedef struct moc_engine_view {
  moc_bounds *dom;   /* bounds of each variable */
  int64_t *tval;     /* value of each trailed integer */
  uint32_t level;    /* current decision level, 0 = root */
  uint32_t nvars;    /* number of variables */
} moc_engine_view;
static inline const moc_engine_view *moc_view(const moc_engine *e) {
  return (const moc_engine_view *)(const void *)e;
}

/* ---- life cycle ---- */
moc_engine *moc_engine_create(const moc_allocator *alloc);
void moc_engine_free(moc_engine *e);
/* Zeroed memory owned by the engine, released by moc_engine_free; for
 * propagator structs and their scratch.  NULL when out of memory. */
void *moc_engine_alloc(moc_engine *e, size_t bytes);
/* Resizes a block from moc_engine_alloc (NULL ptr: allocates); new bytes are
 * zeroed.  NULL when out of memory, and the old block stays valid. */
void *moc_engine_realloc(moc_engine *e, void *ptr, size_t bytes);
/* Gives a block from moc_engine_alloc back before the engine is freed. */
void moc_engine_release(moc_engine *e, void *ptr);
/* A one-line message about the last caller mistake or resource failure,
 * "" when none. */
const char *moc_engine_error(const moc_engine *e);
/* Sets that message (propagators refusing a post use it). */
void moc_engine_set_error(moc_engine *e, const char *msg);

/* ---- variables (create at level 0, before search) ---- */
moc_var moc_new_int(moc_engine *e, int64_t lb, int64_t ub);  /* -1: out of memory or bad bounds */
moc_lit moc_new_bool(moc_engine *e);                          /* positive literal; -1: out of memory */
static inline size_t moc_num_vars(const moc_engine *e) { return moc_view(e)->nvars; }

static inline int64_t moc_lb(const moc_engine *e, moc_var x) { return moc_view(e)->dom[x].lb; }
static inline int64_t moc_ub(const moc_engine *e, moc_var x) { return moc_view(e)->dom[x].ub; }
static inline bool moc_is_fixed(const moc_engine *e, moc_var x) {
  return moc_view(e)->dom[x].lb == moc_view(e)->dom[x].ub;
}

static inline moc_var moc_lit_var(moc_lit l) { return l >> 1; }
static inline moc_lit moc_lit_not(moc_lit l) { return l ^ 1; }
static inline moc_lit moc_lit_of(moc_var x, bool positive) { return (x << 1) | (positive ? 0 : 1); }
static inline bool moc_lit_negated(moc_lit l) { return (l & 1) != 0; }
static inline bool moc_lit_is_true(const moc_engine *e, moc_lit l) {
  const moc_bounds *d = &moc_view(e)->dom[moc_lit_var(l)];
  return moc_lit_negated(l) ? d->ub <= 0 : d->lb >= 1;
}
static inline bool moc_lit_is_false(const moc_engine *e, moc_lit l) {
  return moc_lit_is_true(e, moc_lit_not(l));
}
static inline bool moc_lit_is_fixed(const moc_engine *e, moc_lit l) {
  return moc_is_fixed(e, moc_lit_var(l));
}

/* ---- domain changes (during propagation or search) ---- */
moc_pstatus moc_set_lb(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_set_ub(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_fix(moc_engine *e, moc_var x, int64_t v, moc_reason why);
moc_pstatus moc_set_lit(moc_engine *e, moc_lit l, moc_reason why);  /* make l true */
static inline moc_reason moc_because(const moc_prop *p, uint32_t code) {
  moc_reason r = {p->id, code};
  return r;
}
static inline moc_reason moc_decision(void) {
  moc_reason r = {MOC_REASON_DECISION, 0};
  return r;
}
static inline moc_reason moc_root(void) {
  moc_reason r = {MOC_REASON_ROOT, 0};
  return r;
}

/* ---- trailed integers (propagator state restored on backtrack) ---- */
moc_tint moc_tint_new(moc_engine *e, int64_t value);  /* -1: out of memory */
static inline int64_t moc_tint_get(const moc_engine *e, moc_tint t) { return moc_view(e)->tval[t]; }
void moc_tint_set(moc_engine *e, moc_tint t, int64_t value);

/* ---- propagators ---- */
/* Registers p (whose struct starts with moc_prop, allocated by the caller,
 * typically with moc_engine_alloc) and schedules it once.  0 on success,
 * -1 when out of memory. */
int moc_post(moc_engine *e, moc_prop *p, const moc_prop_class *cls, unsigned priority);
/* Calls notify(p, local, events) when one of `events` happens to x.
 * 0 on success, -1 when out of memory. */
int moc_watch(moc_engine *e, moc_var x, moc_prop *p, uint32_t local, unsigned events);
void moc_schedule(moc_engine *e, moc_prop *p);
size_t moc_num_props(const moc_engine *e);
moc_prop *moc_prop_at(const moc_engine *e, uint32_t id);
/* The watchers of x, read-only (for branchers weighing variables). */
size_t moc_watch_count(const moc_engine *e, moc_var x);
moc_prop *moc_watch_prop(const moc_engine *e, moc_var x, size_t i);

/* ---- fix-point and levels ---- */
/* Runs the queue to a fix-point.  After a conflict it keeps answering
 * MOC_PROP_CONFLICT until the caller backtracks below the conflict's level;
 * a conflict at level 0 makes the engine failed for good (moc_engine_failed). */
moc_pstatus moc_propagate(moc_engine *e);
bool moc_engine_failed(const moc_engine *e);
/* Declares the current node infeasible, as a conflict would (for posts that
 * find a constraint false at once): at level 0 the engine fails for good. */
void moc_engine_fail(moc_engine *e);
static inline uint32_t moc_level(const moc_engine *e) { return moc_view(e)->level; }
int moc_push_level(moc_engine *e);                 /* -1: out of memory */
void moc_backtrack_to(moc_engine *e, uint32_t level);

/* ---- the trail, read-only (explanations, tests) ---- */
typedef struct moc_trail_entry {
  moc_var var;        /* the variable whose bounds changed */
  moc_reason why;     /* who changed them */
  int64_t old_lb;     /* bounds before the change */
  int64_t old_ub;
} moc_trail_entry;
size_t moc_trail_size(const moc_engine *e);
const moc_trail_entry *moc_trail_at(const moc_engine *e, size_t i);

/* ---- debug oracle ---- */
void moc_engine_set_checking(moc_engine *e, bool on);
uint64_t moc_engine_check_failures(const moc_engine *e);
/* Name of the propagator class of the first check failure, "" when none. */
const char *moc_engine_check_culprit(const moc_engine *e);

/* ---- statistics ---- */
uint64_t moc_engine_propagations(const moc_engine *e);
uint64_t moc_engine_conflicts(const moc_engine *e);
/* The id of the propagator whose failure ended the last moc_propagate, or
 * UINT32_MAX (it succeeded, or failed without running anything). */
uint32_t moc_engine_conflict_prop(const moc_engine *e);

#endif /* MOC_ENGINE_ENGINE_H */
