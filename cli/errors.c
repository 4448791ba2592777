/* errors.c — the front end's error record: one message, one exit status. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>

int cli_fail(cli_error *e, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->text, sizeof e->text, fmt, ap);
  va_end(ap);
  e->status = status;
  return status;
}

void cli_report(const cli_error *e) { fprintf(stderr, "moccasin: %s\n", e->text); }
