/* arena_internal.h — the arena planner's inside, shared by arena.c (schedules
 * to intervals, the public plan) and arena_greedy.c (the planner itself).
 */
#ifndef MOC_MODEL_ARENA_INTERNAL_H
#define MOC_MODEL_ARENA_INTERNAL_H

#include "model/moccasin.h"

/* What one run of the planner found besides the offsets. */
typedef struct moc_arena_outcome {
  int64_t size;          /* the best arena */
  int64_t greedy_size;   /* TFLM's greedy-by-size arena */
  int64_t lower_bound;   /* the summed peak, aligned */
  const char *ordering;  /* the order that won (a static string) */
} moc_arena_outcome;

/* Plans buffers i < count (bytes[i] resident at first[i] .. last[i]) with
 * offsets aligned to `alignment` >= 1; offsets[] gets count entries. */
moc_error moc_arena_search(size_t count, const int64_t *bytes, const size_t *first, const size_t *last,
                           int64_t alignment, int64_t *offsets, moc_arena_outcome *outcome);

#endif /* MOC_MODEL_ARENA_INTERNAL_H */
