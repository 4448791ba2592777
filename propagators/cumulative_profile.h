/* cumulative_profile.h — the resource profile of the cumulative propagator:
 * a function from events to summed demands, changed by adding a constant on
 * a range, queried for its maximum and for the first or last event of a range
 * above (or at most) a threshold.
 *
 * It is a sparse segment tree over [0, size), size the first power of two
 * >= the horizon.  A node exists only while it or a descendant carries a
 * non-zero addend, so the memory is O(parts * log horizon), never O(horizon):
 * a range [a, b) lives on the two root-to-leaf paths of a and b - 1 and on
 * at most two children of each path node (a range of one event: one path);
 * so a level holds at most 4 ranges + units nodes, and the top levels fewer.  Every operation is O(log size).
 *
 *        [0,8): add 0, max 5
 *         /            \
 *   [0,4): add 2     [4,8): null (0)       profile: 2 2 5 5 0 0 0 0
 *        \
 *       [2,4): add 3
 *
 * Events outside [0, size) have value 0.  The pool of nodes is reserved when
 * the profile is made (for a given number of simultaneous ranges), so no
 * operation allocates.  Not trailed: the cumulative propagator keeps it in
 * step with the search (cumulative.c).
 */
#ifndef MOC_PROPAGATORS_CUMULATIVE_PROFILE_H
#define MOC_PROPAGATORS_CUMULATIVE_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"

typedef struct moc_profile_node {
  int64_t add;         /* added to every event of the node's range */
  int64_t max, min;    /* add + max / min over the children (a null child is 0) */
  uint32_t kid[2];     /* children, 0 for none; kid[0] links the free list */
} moc_profile_node;

typedef struct moc_profile {
  moc_profile_node *node;  /* node[0] is the null node: all zeros, never written */
  uint32_t capacity;       /* nodes in the pool */
  uint32_t fresh;          /* first never-used node */
  uint32_t free_list;      /* freed nodes, linked through kid[0] */
  uint32_t root;
  int64_t size;            /* the tree spans [0, size) */
  bool exhausted;          /* an add found no free node and was dropped (never, by
                              the bound; the owner then clears and re-adds) */
} moc_profile;

/* Reserves a profile over [0, horizon) for `ranges` simultaneous ranges of
 * any length plus `units` simultaneous ranges of one event (a unit range
 * needs one root-to-leaf path, a general one up to four), from the engine's
 * memory.  0, or -1 when out of memory or too big. */
int moc_profile_init(moc_profile *pr, moc_engine *e, int64_t horizon, uint32_t ranges,
                     uint32_t units);
/* Back to the zero function (keeps the pool, clears `exhausted`). */
void moc_profile_clear(moc_profile *pr);
/* Adds delta to every event of [a, b) (clipped to [0, size)). */
void moc_profile_add(moc_profile *pr, int64_t a, int64_t b, int64_t delta);
int64_t moc_profile_max(const moc_profile *pr);
int64_t moc_profile_value(const moc_profile *pr, int64_t tau);
/* First event tau of [lo, hi) with value > thr (above) or value <= thr
 * (!above); hi when there is none.  Requires thr >= 0. */
int64_t moc_profile_first(const moc_profile *pr, int64_t lo, int64_t hi, int64_t thr, bool above);
/* Last such event of [lo, hi); lo - 1 when there is none. */
int64_t moc_profile_last(const moc_profile *pr, int64_t lo, int64_t hi, int64_t thr, bool above);
/* Nodes in use (for tests of the memory bound). */
uint32_t moc_profile_nodes_used(const moc_profile *pr);

#endif /* MOC_PROPAGATORS_CUMULATIVE_PROFILE_H */
