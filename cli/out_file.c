/* out_file.c — see out_file.h. */
#include "cli/out_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A target that exists and is not a regular file (/dev/null, a pipe, a
 * terminal) is written in place: renaming a temporary file over it would
 * replace the device itself with a file. */
static int write_in_place(const char *path, bool (*writer)(FILE *f, const void *ctx), const void *ctx,
                          cli_error *err) {
  FILE *f = fopen(path, "w");
  if (!f) return cli_fail(err, CLI_CANT_CREATE, "%s: cannot open: %s", path, strerror(errno));
  bool ok = writer(f, ctx) && fflush(f) == 0;
  ok = fclose(f) == 0 && ok;
  return ok ? CLI_OK : cli_fail(err, CLI_CANT_CREATE, "%s: cannot write", path);
}

int cli_write_file(const char *path, bool (*writer)(FILE *f, const void *ctx), const void *ctx, cli_error *err) {
  if (strcmp(path, "-") == 0) {
    if (!writer(stdout, ctx) || fflush(stdout) != 0) return cli_fail(err, CLI_CANT_CREATE, "stdout: cannot write");
    return CLI_OK;
  }
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) return write_in_place(path, writer, ctx, err);
  size_t len = strlen(path) + sizeof ".tmp-XXXXXX";
  char *temp = malloc(len);
  if (!temp) return cli_fail(err, CLI_SOFTWARE, "%s: out of memory", path);
  snprintf(temp, len, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(temp);
  if (fd >= 0) fchmod(fd, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    int saved = errno;
    if (fd >= 0) close(fd), unlink(temp);
    free(temp);
    return cli_fail(err, CLI_CANT_CREATE, "%s: cannot create: %s", path, strerror(saved));
  }
  errno = 0;
  bool ok = writer(f, ctx) && fflush(f) == 0 && fsync(fileno(f)) == 0;
  int saved = errno;
  ok = fclose(f) == 0 && ok;
  if (!ok || rename(temp, path) != 0) {
    if (ok || saved == 0) saved = errno;
    unlink(temp);
    free(temp);
    return cli_fail(err, CLI_CANT_CREATE, "%s: cannot write%s%s", path, saved ? ": " : "", saved ? strerror(saved) : "");
  }
  free(temp);
  return CLI_OK;
}
