/* chrome_trace.h — tensor lifetimes and arena offsets in the Chrome trace
 * event format (JSON), for chrome://tracing or https://ui.perfetto.dev.
 *
 * One complete event ("ph": "X") per tensor instance: the output of step j,
 * from ts = j to its last reader (one step = one microsecond of trace time),
 * named after its node, with args {node, step, last_step, offset, bytes,
 * recomputed}; instances are spread over lanes (threads) so none overlap in a
 * lane.  Counter events ("ph": "C") give memory and arena occupancy per step.
 */
#ifndef MOC_CLI_CHROME_TRACE_H
#define MOC_CLI_CHROME_TRACE_H

#include "cli/graph_reader.h"

/* Writes the trace of `schedule` (a->length steps) planned as `a`; false on
 * a write error or out of memory. */
bool cli_trace_write(FILE *f, const cli_graph *cg, const uint32_t *schedule, const moc_arena *a);

#endif /* MOC_CLI_CHROME_TRACE_H */
