/* bench_context.c — what a report says about where it came from: the date
 * (UTC), the machine (CPU model, online cores, kernel), the git commit of the
 * sources the bench was built from (MOC_BENCH_DATA_DIR is benchmarks/ in that
 * tree; "-dirty" when it has local changes), the load average when the
 * bench started (timings on a shared machine depend on it) and the command
 * line.
 */
#include "benchmarks/bench.h"

#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef MOC_BENCH_DATA_DIR
#define MOC_BENCH_DATA_DIR "."
#endif

static void cpu_model(char *out, size_t size) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  snprintf(out, size, "unknown CPU");
  while (f && fgets(line, sizeof line, f)) {
    char *colon = strchr(line, ':');
    if (!strncmp(line, "model name", 10) && colon) {
      snprintf(out, size, "%s", colon + 2);
      out[strcspn(out, "\n")] = '\0';
      break;
    }
  }
  if (f)
    fclose(f);
}

static void git_commit(char *out, size_t size) {
  snprintf(out, size, "unknown");
  FILE *p = popen("git -C '" MOC_BENCH_DATA_DIR "' describe --always --dirty --abbrev=12 "
                  "2>/dev/null",
                  "r");
  if (!p)
    return;
  char line[128];
  if (fgets(line, sizeof line, p)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0])
      snprintf(out, size, "%.*s", (int)(size - 1), line);
  }
  pclose(p);
}

static void load_average(char *out, size_t size) {
  FILE *f = fopen("/proc/loadavg", "r");
  double one, five, fifteen;
  if (f && fscanf(f, "%lf %lf %lf", &one, &five, &fifteen) == 3)
    snprintf(out, size, "%.2f %.2f %.2f (1, 5, 15 min)", one, five, fifteen);
  else
    snprintf(out, size, "unknown");
  if (f)
    fclose(f);
}

void bench_context_fill(bench_context *c, int argc, char **argv) {
  memset(c, 0, sizeof *c);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(c->date, sizeof c->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  char cpu[160];
  cpu_model(cpu, sizeof cpu);
  struct utsname u;
  bool named = uname(&u) == 0;
  snprintf(c->machine, sizeof c->machine, "%s, %ld cores online, %s %s", cpu,
           sysconf(_SC_NPROCESSORS_ONLN), named ? u.sysname : "?", named ? u.release : "?");
  git_commit(c->commit, sizeof c->commit);
  load_average(c->load, sizeof c->load);
  size_t used = 0;
  for (int i = 0; i < argc && used + 1 < sizeof c->command; i++) {
    const char *arg = argv[i], *slash = strrchr(arg, '/');
    if (i == 0 && slash) /* the program by its name, not its build path */
      arg = slash + 1;
    int k = snprintf(c->command + used, sizeof c->command - used, "%s%s", i ? " " : "", arg);
    if (k < 0)
      break;
    used += (size_t)k;
  }
}
