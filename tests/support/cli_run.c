/* cli_run.c — see cli_run.h.  fork + exec with stdout and stderr redirected
 * to temporary files (no pipes: no deadlock on large outputs). */
#include "support/cli_run.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *cli_run_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
    len += got;
    if (len + 1 == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

char *cli_run_temp_file(const char *content) {
  char *path = strdup("/tmp/moccasin-test-XXXXXX");
  int fd = path ? mkstemp(path) : -1;
  if (fd < 0) {
    free(path);
    return NULL;
  }
  size_t len = strlen(content);
  for (size_t off = 0; off < len;) {
    ssize_t w = write(fd, content + off, len - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
  close(fd);
  return path;
}

void cli_run_remove(char *path) {
  if (!path) return;
  unlink(path);
  free(path);
}

static cli_run_result run(const char *program, const char *const *args, unsigned delay_ms) {
  cli_run_result r = {-1, NULL, NULL};
  char *out_path = cli_run_temp_file(""), *err_path = cli_run_temp_file("");
  size_t argc = 0;
  while (args[argc]) argc++;
  char **argv = calloc(argc + 2, sizeof *argv);
  argv[0] = (char *)program;
  for (size_t i = 0; i < argc; i++) argv[i + 1] = (char *)args[i];
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(out_path, O_WRONLY | O_TRUNC), err = open(err_path, O_WRONLY | O_TRUNC);
    int in = open("/dev/null", O_RDONLY);
    dup2(out, 1);
    dup2(err, 2);
    dup2(in, 0);
    execv(program, argv);
    _exit(127);
  }
  if (pid > 0 && delay_ms > 0) {
    struct timespec pause = {(time_t)(delay_ms / 1000), (long)(delay_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    kill(pid, SIGINT);
  }
  int ws = 0;
  if (pid > 0 && waitpid(pid, &ws, 0) == pid)
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
  r.out = cli_run_read_file(out_path);
  r.err = cli_run_read_file(err_path);
  cli_run_remove(out_path);
  cli_run_remove(err_path);
  free(argv);
  return r;
}

cli_run_result cli_run_program(const char *program, const char *const *args) { return run(program, args, 0); }

cli_run_result cli_run_program_interrupted(const char *program, const char *const *args, unsigned delay_ms) {
  return run(program, args, delay_ms ? delay_ms : 1);
}

void cli_run_free(cli_run_result *r) {
  free(r->out);
  free(r->err);
  r->out = r->err = NULL;
}
