/* options.c — option tables, number arguments and budgets (see options.h). */
#include "cli/options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_option *find_long(const cli_option *opts, size_t n, const char *name, size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
  return NULL;
}

static const cli_option *find_short(const cli_option *opts, size_t n, char c) {
  for (size_t i = 0; i < n; i++)
    if (opts[i].short_name == c) return &opts[i];
  return NULL;
}

/* Applies one option; `inline_value` is the text after '=' or NULL.  *used
 * becomes true when the next argument was consumed as the value. */
static int apply(const cli_option *opt, const char *shown, const char *inline_value, const char *next, bool *used,
                 cli_error *err) {
  *used = false;
  if (opt->flag) {
    if (inline_value) return cli_fail(err, CLI_USAGE, "%s: takes no value", shown);
    if (*opt->flag) return cli_fail(err, CLI_USAGE, "%s: given twice", shown);
    *opt->flag = true;
    return CLI_OK;
  }
  if (*opt->value) return cli_fail(err, CLI_USAGE, "%s: given twice", shown);
  if (!inline_value && !next) return cli_fail(err, CLI_USAGE, "%s: missing value", shown);
  *opt->value = inline_value ? inline_value : next;
  *used = inline_value == NULL;
  return CLI_OK;
}

void cli_args_free(cli_args *args) {
  free(args->positional);
  args->positional = NULL;
  args->count = 0;
}

int cli_options_parse(int argc, char **argv, const cli_option *opts, size_t n_opts, cli_args *args,
                      cli_error *err) {
  args->count = 0;
  args->help = false;
  args->positional = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *args->positional);
  if (!args->positional) return cli_fail(err, CLI_SOFTWARE, "out of memory");
  char **positional = args->positional;
  bool only_positional = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (only_positional || a[0] != '-' || a[1] == '\0') {
      positional[args->count++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_positional = true;
      continue;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      args->help = true;
      continue;
    }
    const cli_option *opt;
    const char *inline_value = NULL;
    if (a[1] == '-') {
      const char *eq = strchr(a + 2, '=');
      size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
      opt = find_long(opts, n_opts, a + 2, len);
      inline_value = eq ? eq + 1 : NULL;
    } else {
      opt = a[2] == '\0' ? find_short(opts, n_opts, a[1]) : NULL;
    }
    if (!opt) return cli_fail(err, CLI_USAGE, "%s: unknown option (see --help)", a);
    bool used;
    int status = apply(opt, a, inline_value, next, &used, err);
    if (status) return status;
    i += used;
  }
  return CLI_OK;
}

bool cli_parse_int64(const char *text, int64_t *value) {
  if (!text || !*text || !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))) return false;
  char *end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno || *end != '\0') return false;
  *value = (int64_t)v;
  return true;
}

bool cli_parse_seconds(const char *text, double *value) {
  if (!text || !*text || !((text[0] >= '0' && text[0] <= '9') || text[0] == '.')) return false;
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || *end != '\0' || !isfinite(v) || v < 0) return false;
  *value = v;
  return true;
}

int cli_parse_remat(const char *text, int *copies, bool *pinned, cli_error *err) {
  *copies = 2;
  *pinned = false;
  if (!text || strcmp(text, "auto") == 0) return CLI_OK;
  int64_t v;
  if (!cli_parse_int64(text, &v) || v < 1 || v > 1000000)
    return cli_fail(err, CLI_USAGE, "--remat %s: C must be an integer >= 1 or auto", text);
  *copies = (int)v;
  *pinned = true;
  return CLI_OK;
}

int cli_budget_resolve(const moc_graph *g, const char *fraction, const char *bytes, int64_t *budget, bool *given,
                       cli_error *err) {
  *given = fraction || bytes;
  *budget = -1;
  if (fraction && bytes) return cli_fail(err, CLI_USAGE, "--budget and --budget-bytes: give only one");
  if (bytes) {
    if (!cli_parse_int64(bytes, budget) || *budget < 0)
      return cli_fail(err, CLI_USAGE, "--budget-bytes %s: not a byte count (an integer >= 0 within 64 bits)", bytes);
  } else if (fraction) {
    moc_error e = moc_graph_budget_from_fraction(g, fraction, budget);
    if (e == MOC_ERR_BAD_FRACTION)
      return cli_fail(err, CLI_USAGE, "--budget %s: not a decimal fraction in (0, 1] (e.g. 0.8)", fraction);
    if (e) return cli_fail(err, CLI_SOFTWARE, "--budget %s: %s", fraction, moc_error_name(e));
  }
  return CLI_OK;
}
