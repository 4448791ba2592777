/* cli.h — what the command-line front end's files share: exit statuses,
 * the error record every reader fills, and the commands.
 *
 * Every bad input ends in one line on stderr, "moccasin: FILE: place: cause",
 * and an exit status from sysexits.h (64 usage, 65 bad data, 66 cannot open
 * input, 70 internal error); solve adds 3 (infeasible) and 4 (limit, no
 * schedule).  Only cli/ prints; the library returns codes.
 */
#ifndef MOC_CLI_CLI_H
#define MOC_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sysexits.h>

#include "model/moccasin.h"

enum {
  CLI_OK = 0,
  CLI_FAILED_CHECK = 1,         /* eval: the schedule is invalid or over budget */
  CLI_INFEASIBLE = 3,           /* solve: the budget is proven infeasible */
  CLI_NO_SCHEDULE = 4,          /* solve: a limit was reached with no schedule */
  CLI_USAGE = EX_USAGE,         /* 64: bad command line */
  CLI_DATA = EX_DATAERR,        /* 65: bad input data */
  CLI_NO_INPUT = EX_NOINPUT,    /* 66: an input file cannot be opened */
  CLI_SOFTWARE = EX_SOFTWARE,   /* 70: internal error */
  CLI_CANT_CREATE = EX_CANTCREAT /* 73: an output file cannot be written */
};

/* The first error met: its exit status and its message (without "moccasin: "). */
typedef struct cli_error {
  int status;
  char text[1024];
} cli_error;

/* Records a printf-style message and status in e; returns the status. */
int cli_fail(cli_error *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints "moccasin: <text>" on stderr. */
void cli_report(const cli_error *e);

/* The commands: argv[0] is the command's name; each returns an exit status. */
int cli_main(int argc, char **argv);
int cli_cmd_info(int argc, char **argv);
int cli_cmd_eval(int argc, char **argv);
int cli_cmd_solve(int argc, char **argv);
int cli_cmd_sweep(int argc, char **argv);

#endif /* MOC_CLI_CLI_H */
