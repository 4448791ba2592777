/* graph_index.c — open-addressing hash table from node ids to dense indices.
 *
 * Linear probing over a power-of-two table kept at most half full, so a probe
 * sequence is short and always ends at an empty slot.  A slot is empty when
 * its value is EMPTY (no node index reaches UINT32_MAX).  Keys are mixed with
 * the splitmix64 finaliser so that dense or strided ids spread evenly.
 */
#include "model/graph_index.h"

#include <stdlib.h>

#define EMPTY UINT32_MAX
#define FIRST_CAPACITY 64u

struct moc_id_index {
  size_t capacity;  /* slots, a power of two */
  size_t count;     /* slots in use */
  int64_t *keys;    /* keys[i]: an id, meaningful when vals[i] != EMPTY */
  uint32_t *vals;   /* vals[i]: the index of keys[i], or EMPTY */
};

static uint64_t mix(int64_t id) {
  uint64_t z = (uint64_t)id + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static bool allocate(moc_id_index *ix, size_t capacity) {
  ix->keys = malloc(capacity * sizeof *ix->keys);
  ix->vals = malloc(capacity * sizeof *ix->vals);
  if (!ix->keys || !ix->vals) {
    free(ix->keys);
    free(ix->vals);
    return false;
  }
  for (size_t i = 0; i < capacity; i++) ix->vals[i] = EMPTY;
  ix->capacity = capacity;
  return true;
}

static void place(moc_id_index *ix, int64_t id, uint32_t index) {
  size_t mask = ix->capacity - 1;
  size_t i = (size_t)mix(id) & mask;
  while (ix->vals[i] != EMPTY) i = (i + 1) & mask;
  ix->keys[i] = id;
  ix->vals[i] = index;
}

static bool grow(moc_id_index *ix) {
  moc_id_index old = *ix;
  if (!allocate(ix, old.capacity * 2)) {
    *ix = old;
    return false;
  }
  for (size_t i = 0; i < old.capacity; i++)
    if (old.vals[i] != EMPTY) place(ix, old.keys[i], old.vals[i]);
  free(old.keys);
  free(old.vals);
  return true;
}

moc_id_index *moc_id_index_create(void) {
  moc_id_index *ix = calloc(1, sizeof *ix);
  if (!ix) return NULL;
  if (!allocate(ix, FIRST_CAPACITY)) {
    free(ix);
    return NULL;
  }
  return ix;
}

void moc_id_index_free(moc_id_index *ix) {
  if (!ix) return;
  free(ix->keys);
  free(ix->vals);
  free(ix);
}

bool moc_id_index_insert(moc_id_index *ix, int64_t id, uint32_t index) {
  if (2 * (ix->count + 1) > ix->capacity && !grow(ix)) return false;
  place(ix, id, index);
  ix->count++;
  return true;
}

bool moc_id_index_find(const moc_id_index *ix, int64_t id, uint32_t *index) {
  size_t mask = ix->capacity - 1;
  for (size_t i = (size_t)mix(id) & mask; ix->vals[i] != EMPTY; i = (i + 1) & mask) {
    if (ix->keys[i] == id) {
      *index = ix->vals[i];
      return true;
    }
  }
  return false;
}
