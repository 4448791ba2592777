/* lower_bound.h — lower bounds on the cost of fixed-order schedules
 * (lower_bound.c). */
#ifndef MOC_MODEL_LOWER_BOUND_H
#define MOC_MODEL_LOWER_BOUND_H

#include "model/graph.h"

/* sum(w) plus the largest per-stage fractional covering bound (see
 * lower_bound.c).  -1 when out of memory, -2 when some stage cannot fit the
 * budget whatever is dropped (no schedule exists). */
int64_t moc_lower_bound_pressure(const moc_graph *g, int64_t budget);

#endif
