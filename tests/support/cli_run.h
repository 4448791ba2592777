/* cli_run.h — running the built moccasin executable from tests: its exit
 * status and what it printed, and temporary input files. */
#ifndef MOC_TESTS_SUPPORT_CLI_RUN_H
#define MOC_TESTS_SUPPORT_CLI_RUN_H

#include <stddef.h>

/* The worked example of SPEC §2 (a -> b -> c -> d, a -> d; sizes 2 2 1 1,
 * cost 1 each) as a graph file. */
#define WORKED                                                                                           \
  "{\"graph\": {\"name\": \"worked\"}, \"nodes\": [{\"id\": 0, \"cost_cpu\": 1, \"cost_ram\": 2},"       \
  "{\"id\": 1, \"cost_cpu\": 1, \"cost_ram\": 2}, {\"id\": 2, \"cost_cpu\": 1, \"cost_ram\": 1},"         \
  "{\"id\": 3, \"cost_cpu\": 1, \"cost_ram\": 1}], \"links\": [{\"source\": 0, \"target\": 1},"           \
  "{\"source\": 1, \"target\": 2}, {\"source\": 2, \"target\": 3}, {\"source\": 0, \"target\": 3}]}"

typedef struct cli_run_result {
  int status;   /* exit status, or 128 + signal */
  char *out;    /* everything written on stdout (NUL-terminated) */
  char *err;    /* everything written on stderr */
} cli_run_result;

/* Runs `program` with the NULL-terminated arguments `args` (argv[1..]). */
cli_run_result cli_run_program(const char *program, const char *const *args);
/* The same, sending SIGINT to the program after `delay_ms` milliseconds. */
cli_run_result cli_run_program_interrupted(const char *program, const char *const *args, unsigned delay_ms);
void cli_run_free(cli_run_result *r);

/* Writes `content` to a new temporary file; returns its path (malloc'ed;
 * remove it with cli_run_remove). */
char *cli_run_temp_file(const char *content);
void cli_run_remove(char *path);
/* The whole content of a file (malloc'ed), or NULL. */
char *cli_run_read_file(const char *path);

#endif
