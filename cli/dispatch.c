/* dispatch.c — `moccasin COMMAND ...`: picks the command and runs it.
 *
 * Each command lives in its own file (cmd_<name>.c) with its own options and
 * --help; this table is the only place that lists them.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command COMMANDS[] = {
    {"info", cli_cmd_info, "sizes, topological peak and cost, budget lower bound, fingerprint"},
    {"eval", cli_cmd_eval, "score a schedule with the independent evaluator"},
    {"solve", cli_cmd_solve, "a least-cost schedule within a memory budget"},
    {"sweep", cli_cmd_sweep, "solve a range of budgets: the cost-budget table and plot"},
};

static void usage(FILE *f) {
  fprintf(f,
          "usage: moccasin COMMAND [ARGS...]   (moccasin COMMAND --help for details)\n"
          "\n"
          "Plans tensor rematerialization (MOCCASIN, ICML 2023) on its own constraint engine.\n"
          "\n"
          "commands:\n");
  for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
    fprintf(f, "  %-6s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
  fprintf(f, "\n  --version  print the version\n");
}

int cli_main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(name, "--version") == 0) {
    printf("moccasin %d.%d.%d\n", MOCCASIN_VERSION_MAJOR, MOCCASIN_VERSION_MINOR, MOCCASIN_VERSION_PATCH);
    return CLI_OK;
  }
  for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
    if (strcmp(name, COMMANDS[i].name) == 0) return COMMANDS[i].run(argc - 1, argv + 1);
  fprintf(stderr, "moccasin: %s: unknown command (see moccasin --help)\n", name);
  return CLI_USAGE;
}
