/* options.h — command-line options for the commands, and the budget options
 * they share.
 *
 * A command lists its options in a table; cli_options_parse accepts
 * "--name value", "--name=value" and short "-x value", collects positional
 * arguments, stops at "--", and rejects unknown options, missing values and
 * repeated options with a usage error (status 64).  "--help"/"-h" is always
 * known.
 */
#ifndef MOC_CLI_OPTIONS_H
#define MOC_CLI_OPTIONS_H

#include "cli/cli.h"

typedef struct cli_option {
  const char *name;    /* long name without the dashes */
  char short_name;     /* 0 when none */
  const char **value;  /* where the value goes (options with a value), else NULL */
  bool *flag;          /* set to true when present (flags), else NULL */
} cli_option;

typedef struct cli_args {
  char **positional;   /* the positional arguments, in order (malloc'ed) */
  size_t count;        /* how many */
  bool help;           /* --help or -h was given */
} cli_args;

/* Parses argv[1..argc); release args with cli_args_free (also after an error). */
int cli_options_parse(int argc, char **argv, const cli_option *opts, size_t n_opts, cli_args *args,
                      cli_error *err);
void cli_args_free(cli_args *args);

/* A whole decimal int64 ("123", "-5"); false on anything else or overflow. */
bool cli_parse_int64(const char *text, int64_t *value);
/* A finite non-negative decimal number of seconds ("10", "0.5"). */
bool cli_parse_seconds(const char *text, double *value);
/* --remat: "auto" (or no option, text NULL) leaves C = 2 unpinned, the
 * solver's default; an integer C >= 1 pins it.  A usage error otherwise. */
int cli_parse_remat(const char *text, int *copies, bool *pinned, cli_error *err);

/* The budget from --budget F or --budget-bytes N (at most one of them):
 * *given tells whether one was given; bad values are usage errors. */
int cli_budget_resolve(const moc_graph *g, const char *fraction, const char *bytes, int64_t *budget, bool *given,
                       cli_error *err);

#endif /* MOC_CLI_OPTIONS_H */
