/* engine.c — the engine handle: life cycle, memory, variables, statistics.
 *
 * All memory goes through one allocator (the caller's, or malloc), as in
 * Kissat; arrays grow by doubling when something is created.  Memory handed
 * to propagators (moc_engine_alloc) is kept on a list and released with the
 * engine.  Errors are returned, with a message on the handle; nothing here
 * prints or aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

static void *std_alloc(size_t bytes, void *user) {
  (void)user;
  return malloc(bytes);
}
static void *std_realloc(void *ptr, size_t old_bytes, size_t new_bytes, void *user) {
  (void)old_bytes;
  (void)user;
  return realloc(ptr, new_bytes);
}
static void std_free(void *ptr, size_t bytes, void *user) {
  (void)bytes;
  (void)user;
  free(ptr);
}

void *moc_mem_alloc(moc_engine *e, size_t bytes) { return e->mem.alloc(bytes, e->mem.user); }

void moc_mem_free(moc_engine *e, void *ptr, size_t bytes) {
  if (ptr) e->mem.free(ptr, bytes, e->mem.user);
}

bool moc_mem_grow(moc_engine *e, void **ptr, size_t elem, size_t old_n, size_t new_n) {
  if (new_n <= old_n) return true;
  if (new_n > SIZE_MAX / elem) return false;
  void *p = *ptr ? e->mem.realloc(*ptr, old_n * elem, new_n * elem, e->mem.user)
                 : e->mem.alloc(new_n * elem, e->mem.user);
  if (!p) {
    moc_engine_set_error(e, "out of memory");
    return false;
  }
  *ptr = p;
  return true;
}

void moc_engine_set_error(moc_engine *e, const char *msg) {
  size_t n = strlen(msg);
  if (n >= sizeof e->error) n = sizeof e->error - 1;
  memcpy(e->error, msg, n);
  e->error[n] = '\0';
}

const char *moc_engine_error(const moc_engine *e) { return e->error; }

moc_engine *moc_engine_create(const moc_allocator *alloc) {
  moc_allocator mem = {std_alloc, std_realloc, std_free, NULL};
  if (alloc) mem = *alloc;
  moc_engine *e = mem.alloc(sizeof *e, mem.user);
  if (!e) return NULL;
  memset(e, 0, sizeof *e);
  e->mem = mem;
  e->stamp = 1;
  e->conflict_level = UINT32_MAX;
  e->conflict_prop = UINT32_MAX;
  return e;
}

void moc_engine_free(moc_engine *e) {
  if (!e) return;
  for (size_t x = 0; x < e->view.nvars; x++)
    moc_mem_free(e, e->watches[x].w, e->watches[x].cap * sizeof(moc_watcher));
  moc_mem_free(e, e->watches, e->var_cap * sizeof(moc_watch_list));
  moc_mem_free(e, e->view.dom, e->var_cap * sizeof(moc_bounds));
  moc_mem_free(e, e->trail, e->trail_cap * sizeof(moc_trail_entry));
  moc_mem_free(e, e->marks, e->marks_cap * sizeof(moc_level_mark));
  moc_mem_free(e, e->view.tval, e->tint_cap * sizeof(int64_t));
  moc_mem_free(e, e->tstamp, e->tint_cap * sizeof(uint64_t));
  moc_mem_free(e, e->tsaves, e->tsaves_cap * sizeof(moc_tint_save));
  moc_mem_free(e, e->props, e->prop_cap * sizeof(moc_prop *));
  for (int q = 0; q < MOC_PRIO_LEVELS; q++)
    moc_mem_free(e, e->queue[q].ids, e->prop_cap * sizeof(uint32_t));
  for (moc_block *b = e->blocks; b;) {
    moc_block *next = b->next;
    moc_mem_free(e, b, b->bytes);
    b = next;
  }
  moc_allocator mem = e->mem;
  mem.free(e, sizeof *e, mem.user);
}

/* The header is padded to 32 bytes so that the payload stays aligned. */
#define BLOCK_HEAD ((sizeof(moc_block) + 31) & ~(size_t)31)

static void link_block(moc_engine *e, moc_block *b) {
  b->prev = NULL;
  b->next = e->blocks;
  if (e->blocks) e->blocks->prev = b;
  e->blocks = b;
}

static void unlink_block(moc_engine *e, moc_block *b) {
  if (b->prev) b->prev->next = b->next;
  else e->blocks = b->next;
  if (b->next) b->next->prev = b->prev;
}

void *moc_engine_alloc(moc_engine *e, size_t bytes) {
  if (bytes > SIZE_MAX - BLOCK_HEAD) return NULL;
  moc_block *b = moc_mem_alloc(e, BLOCK_HEAD + bytes);
  if (!b) {
    moc_engine_set_error(e, "out of memory");
    return NULL;
  }
  memset(b, 0, BLOCK_HEAD + bytes);
  b->bytes = BLOCK_HEAD + bytes;
  link_block(e, b);
  return (char *)b + BLOCK_HEAD;
}

void *moc_engine_realloc(moc_engine *e, void *ptr, size_t bytes) {
  if (!ptr) return moc_engine_alloc(e, bytes);
  if (bytes > SIZE_MAX - BLOCK_HEAD) return NULL;
  moc_block *b = (moc_block *)(void *)((char *)ptr - BLOCK_HEAD);
  size_t old = b->bytes;
  unlink_block(e, b);
  moc_block *nb = e->mem.realloc(b, old, BLOCK_HEAD + bytes, e->mem.user);
  if (!nb) {
    link_block(e, b);
    moc_engine_set_error(e, "out of memory");
    return NULL;
  }
  if (BLOCK_HEAD + bytes > old) memset((char *)nb + old, 0, BLOCK_HEAD + bytes - old);
  nb->bytes = BLOCK_HEAD + bytes;
  link_block(e, nb);
  return (char *)nb + BLOCK_HEAD;
}

void moc_engine_release(moc_engine *e, void *ptr) {
  if (!ptr) return;
  moc_block *b = (moc_block *)(void *)((char *)ptr - BLOCK_HEAD);
  unlink_block(e, b);
  moc_mem_free(e, b, b->bytes);
}

moc_var moc_new_int(moc_engine *e, int64_t lb, int64_t ub) {
  if (lb > ub || lb < MOC_INT_MIN || ub > MOC_INT_MAX) {
    moc_engine_set_error(e, "moc_new_int: empty domain or bounds beyond +-2^62");
    return -1;
  }
  size_t n = e->view.nvars;
  if (n >= INT32_MAX / 2) {
    moc_engine_set_error(e, "moc_new_int: too many variables");
    return -1;
  }
  if (n == e->var_cap) {
    size_t cap = n ? 2 * n : 64;
    if (!moc_mem_grow(e, (void **)&e->view.dom, sizeof(moc_bounds), n, cap)) return -1;
    if (!moc_mem_grow(e, (void **)&e->watches, sizeof(moc_watch_list), n, cap)) return -1;
    e->var_cap = cap;
  }
  e->view.dom[n].lb = lb;
  e->view.dom[n].ub = ub;
  memset(&e->watches[n], 0, sizeof e->watches[n]);
  e->view.nvars = (uint32_t)(n + 1);
  return (moc_var)n;
}

moc_lit moc_new_bool(moc_engine *e) {
  moc_var x = moc_new_int(e, 0, 1);
  return x < 0 ? -1 : moc_lit_of(x, true);
}

bool moc_engine_failed(const moc_engine *e) { return e->failed; }
uint64_t moc_engine_propagations(const moc_engine *e) { return e->propagations; }
uint64_t moc_engine_conflicts(const moc_engine *e) { return e->conflicts; }

void moc_engine_set_checking(moc_engine *e, bool on) { e->checking = on; }
uint64_t moc_engine_check_failures(const moc_engine *e) { return e->check_failures; }
const char *moc_engine_check_culprit(const moc_engine *e) {
  return e->check_culprit ? e->check_culprit : "";
}
