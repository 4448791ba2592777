/* staged_trial.c — trials on the staged state: a log of overwritten words
 * and its rollback (see staged.h).
 *
 * The local searches score a move by applying it, reading the score and
 * taking it back.  Taking a recomputation back through moc_staged_remove
 * costs as much as adding it (last readers, stage profiles, tree updates);
 * restoring the words the add overwrote costs a fraction of that.  The same
 * idea as the trail of a constraint solver, which saves old values instead
 * of recomputing them on backtrack (e.g. MiniSat's trail, Gecode's copying
 * versus recomputation trade-off).
 */
#include <stdlib.h>
#include <string.h>

#include "model/staged.h"

void moc_wlog_grow_put(moc_wlog *log, void *at, uint32_t width) {
  size_t cap = log->cap ? 2 * log->cap : 1024;
  moc_write *w = realloc(log->w, cap * sizeof *w);
  if (!w) {
    log->failed = 1;
    return;
  }
  log->w = w;
  log->cap = cap;
  moc_wlog_put(log, at, width);
}

void moc_wlog_move(moc_wlog *log, uintptr_t from, size_t bytes, void *to) {
  if (!log->on) return;
  for (size_t i = 0; i < log->len; i++) {
    uintptr_t at = (uintptr_t)log->w[i].at;
    if (at >= from && at < from + bytes) log->w[i].at = (char *)to + (at - from);
  }
}

void moc_staged_try(moc_staged *st) {
  st->wlog.len = 0;
  st->wlog.failed = 0;
  st->wlog.on = 1;
}

int moc_staged_rollback(moc_staged *st) {
  moc_wlog *log = &st->wlog;
  log->on = 0;
  for (size_t i = log->len; i-- > 0;) {
    moc_write *w = &log->w[i];
    if (w->width == 8)
      *(uint64_t *)w->at = w->old;
    else
      *(uint32_t *)w->at = (uint32_t)w->old;
  }
  log->len = 0;
  return log->failed ? -1 : 0;
}
