/* solver_cp.h — what the two constraint phases share (solver_cp.c): the
 * model and its search opened under the incumbent, the incumbent read back
 * as one stage per copy, and the conclusions drawn from a finished search.
 * The cp_run is the unit a complete search or a neighbourhood search is
 * built from.
 */
#ifndef MOC_MODEL_SOLVER_CP_H
#define MOC_MODEL_SOLVER_CP_H

#include "model/cp_model.h"
#include "model/solver_internal.h"
#include "search/search.h"

typedef struct cp_run {
  moc_solver *s;
  moc_cp_model m;
  moc_search *search;
  moc_remat *remats;   /* scratch: n * C entries */
  int64_t *assigned;   /* assigned[v * C + i]: the incumbent's stage of copy i, or -1 */
  bool peak_mode;      /* minimising the peak (phase 1), not the cost */
  moc_error err;       /* the first error met in a callback */
} cp_run;

/* Builds the model and its search, hints the incumbent and bounds the
 * objective below it.  *refuted: the root fix-point already shows that
 * nothing cheaper than the incumbent (or, without one, nothing) exists.
 * In peak mode the search minimises the peak instead (phase 1). */
moc_error moc_cp_run_open(cp_run *run, moc_solver *s, bool peak_mode, bool *refuted);
void moc_cp_run_close(cp_run *run);
/* Re-reads the incumbent into `assigned` and the search's hints. */
moc_error moc_cp_run_assign(cp_run *run);
/* Settles what an exhausted search proves, or the bound it proved. */
void moc_cp_run_conclude(cp_run *run, moc_search_status st);

#endif
