/* graph_internal.h — helpers shared by the graph's source files (graph.c,
 * graph_finish.c, graph_budget.c); not part of any contract.
 */
#ifndef MOC_MODEL_GRAPH_INTERNAL_H
#define MOC_MODEL_GRAPH_INTERNAL_H

#include "model/graph.h"

/* Records a printf-style message on g and returns err. */
moc_error moc_graph_fail(moc_graph *g, moc_error err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* MOC_MODEL_GRAPH_INTERNAL_H */
