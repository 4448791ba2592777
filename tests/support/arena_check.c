/* arena_check.c — see arena_check.h. */
#include "support/arena_check.h"

#include <stdio.h>
#include <stdlib.h>

static bool overlapping(size_t fa, size_t la, size_t fb, size_t lb) { return fa <= lb && fb <= la; }

bool arena_check_intervals(size_t count, const int64_t *bytes, const size_t *first, const size_t *last,
                           const int64_t *offsets, int64_t alignment, int64_t size, char *why, size_t why_size) {
  if (size % alignment != 0) {
    snprintf(why, why_size, "arena size %lld is not a multiple of %lld", (long long)size, (long long)alignment);
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    if (offsets[i] < 0 || offsets[i] % alignment != 0 || offsets[i] + bytes[i] > size) {
      snprintf(why, why_size, "buffer %zu at %lld (%lld bytes) misaligned or outside the arena %lld", i,
               (long long)offsets[i], (long long)bytes[i], (long long)size);
      return false;
    }
    for (size_t k = 0; k < i; k++) {
      if (bytes[i] == 0 || bytes[k] == 0 || !overlapping(first[i], last[i], first[k], last[k])) continue;
      if (offsets[i] < offsets[k] + bytes[k] && offsets[k] < offsets[i] + bytes[i]) {
        snprintf(why, why_size, "buffers %zu and %zu overlap in time and share bytes", k, i);
        return false;
      }
    }
  }
  return true;
}

bool arena_check_plan(const moc_arena *a, char *why, size_t why_size) {
  size_t *first = malloc((a->length + 1) * sizeof *first);
  if (!first) return false;
  for (size_t j = 0; j < a->length; j++) first[j] = j;
  bool ok = arena_check_intervals(a->length, a->bytes, first, a->last, a->offset, a->alignment, a->size, why,
                                  why_size);
  free(first);
  if (ok && (a->size < a->peak || a->greedy_size < a->size)) {
    snprintf(why, why_size, "arena %lld, peak %lld, greedy %lld out of order", (long long)a->size,
             (long long)a->peak, (long long)a->greedy_size);
    return false;
  }
  return ok;
}
