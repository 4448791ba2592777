/* bench_published.c — the published numbers the bench compares against,
 * read at run time from benchmarks/published.csv (its header comment says
 * what each column holds and where the numbers come from).
 *
 * The format is plain CSV: '#' lines are comments, the first other line is
 * the header (columns are found by name, so their order may change), fields
 * may be double-quoted.
 */
#include "benchmarks/bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 16

/* Splits `line` in place into at most MAX_FIELDS fields; returns the count. */
static int split(char *line, char **fields) {
  int count = 0;
  char *p = line;
  while (count < MAX_FIELDS) {
    char *out = p;
    fields[count++] = p;
    bool quoted = *p == '"';
    if (quoted)
      p++;
    while (*p && (quoted || (*p != ',' && *p != '\n' && *p != '\r'))) {
      if (quoted && *p == '"') {
        if (p[1] != '"') {
          quoted = false;
          p++;
          continue;
        }
        p++;
      }
      *out++ = *p++;
    }
    bool more = *p == ',';
    *out = '\0';
    if (!more)
      break;
    p++;
  }
  return count;
}

static int column(char **header, int count, const char *name) {
  for (int i = 0; i < count; i++)
    if (!strcmp(header[i], name))
      return i;
  return -1;
}

static double number(const char *text, double *half_unit) {
  char *end;
  if (!*text)
    return NAN;
  double v = strtod(text, &end);
  if (*end)
    return NAN;
  const char *dot = strchr(text, '.');
  if (half_unit)
    *half_unit = 0.5 * pow(10.0, dot ? -(double)strlen(dot + 1) : 0.0);
  return v;
}

static bool add_row(bench_published *p, char **f, const int *col) {
  bench_published_row *rows = realloc(p->rows, (p->count + 1) * sizeof *rows);
  if (!rows)
    return false;
  p->rows = rows;
  bench_published_row *r = &rows[p->count++];
  memset(r, 0, sizeof *r);
  snprintf(r->graph, sizeof r->graph, "%s", f[col[0]]);
  snprintf(r->budget, sizeof r->budget, "%s", f[col[1]]);
  snprintf(r->method, sizeof r->method, "%s", f[col[2]]);
  r->tdi = number(f[col[3]], &r->tdi_half_unit);
  r->time_s = number(f[col[4]], NULL);
  snprintf(r->status, sizeof r->status, "%s", f[col[5]]);
  return true;
}

bool bench_published_load(const char *path, bench_published *out, char *msg, size_t msg_size) {
  static const char *const names[] = {"graph", "budget", "method", "tdi_percent",
                                      "time_to_best_s", "status"};
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(msg, msg_size, "%s: cannot open", path);
    return false;
  }
  char line[2048], *fields[MAX_FIELDS];
  int col[6], width = 0, lineno = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n')
      continue;
    int count = split(line, fields);
    if (width == 0) {
      width = count;
      for (int i = 0; ok && i < 6; i++)
        if ((col[i] = column(fields, count, names[i])) < 0) {
          snprintf(msg, msg_size, "%s:%d: no column '%s'", path, lineno, names[i]);
          ok = false;
        }
    } else if (count != width) {
      snprintf(msg, msg_size, "%s:%d: %d fields, the header has %d", path, lineno, count, width);
      ok = false;
    } else if (!add_row(out, fields, col)) {
      snprintf(msg, msg_size, "out of memory");
      ok = false;
    }
  }
  fclose(f);
  if (ok && width == 0) {
    snprintf(msg, msg_size, "%s: no header line", path);
    ok = false;
  }
  if (!ok)
    bench_published_free(out);
  return ok;
}

void bench_published_free(bench_published *p) {
  free(p->rows);
  p->rows = NULL;
  p->count = 0;
}

const bench_published_row *bench_published_find(const bench_published *p, const char *graph,
                                                const char *budget, const char *method) {
  double b = strtod(budget, NULL);
  for (size_t i = 0; p && i < p->count; i++) {
    const bench_published_row *r = &p->rows[i];
    if (!strcmp(r->graph, graph) && !strcmp(r->method, method) &&
        fabs(strtod(r->budget, NULL) - b) < 1e-9)
      return r;
  }
  return NULL;
}
