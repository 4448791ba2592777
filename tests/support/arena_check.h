/* arena_check.h — an independent check of an arena plan, for tests: offsets
 * aligned, inside the arena, and no two tensors resident at a common step
 * sharing a byte (every pair, O(length^2)); the arena is at least the summed
 * peak. */
#ifndef MOC_TESTS_SUPPORT_ARENA_CHECK_H
#define MOC_TESTS_SUPPORT_ARENA_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/moccasin.h"

/* Checks buffers i < count (bytes[i] at first[i] .. last[i], at offsets[i])
 * against an arena of `size` bytes; on failure writes why and returns false. */
bool arena_check_intervals(size_t count, const int64_t *bytes, const size_t *first, const size_t *last,
                           const int64_t *offsets, int64_t alignment, int64_t size, char *why, size_t why_size);
/* The same for a schedule's plan (first[j] = j), plus size >= peak. */
bool arena_check_plan(const moc_arena *a, char *why, size_t why_size);

#endif
