/* schedule_reader.h — a schedule file: {"schedule": [ids...]} (a solver
 * result is accepted as is) or a bare list of ids. */
#ifndef MOC_CLI_SCHEDULE_READER_H
#define MOC_CLI_SCHEDULE_READER_H

#include "cli/graph_reader.h"

/* Reads the schedule of file `path` as node indices of cg (malloc'ed *steps). */
int cli_schedule_read(const char *path, const cli_graph *cg, uint32_t **steps, size_t *length, cli_error *err);
/* The same from a parsed document. */
int cli_schedule_from_doc(const cli_doc *doc, const cli_graph *cg, uint32_t **steps, size_t *length,
                          cli_error *err);

#endif /* MOC_CLI_SCHEDULE_READER_H */
