/* out_file.h — writing an output file atomically: into a temporary file next
 * to the target, renamed over it only when everything was written, so that a
 * failed run leaves no partial file (SPEC §5).  "-" means stdout. */
#ifndef MOC_CLI_OUT_FILE_H
#define MOC_CLI_OUT_FILE_H

#include <stdio.h>

#include "cli/cli.h"

/* Writes `path` with writer(f, ctx) (which returns false on failure); status
 * CLI_CANT_CREATE with a message when the file cannot be written. */
int cli_write_file(const char *path, bool (*writer)(FILE *f, const void *ctx), const void *ctx, cli_error *err);

#endif /* MOC_CLI_OUT_FILE_H */
