/* jsonl_log.c — see jsonl_log.h.  Written with fprintf so that 64-bit
 * integers stay exact; each line is flushed so a reader sees it at once. */
#include "cli/jsonl_log.h"

#include <inttypes.h>
#include <math.h>

void cli_jsonl_string(FILE *f, const char *text) {
  fputc('"', f);
  for (const char *c = text ? text : ""; *c; c++) {
    unsigned char ch = (unsigned char)*c;
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch == '\n') fputs("\\n", f);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

static void number_or_null(FILE *f, const char *key, bool known, double value) {
  if (known && isfinite(value)) fprintf(f, ",\"%s\":%.6g", key, value);
  else fprintf(f, ",\"%s\":null", key);
}

void cli_jsonl_progress(const cli_jsonl *log, const moc_progress *p) {
  FILE *f = log->f;
  bool has = p->has_solution;
  fprintf(f, "{\"event\":\"progress\",\"time_s\":%.6f,\"phase\":", p->elapsed_s);
  cli_jsonl_string(f, p->phase);
  fprintf(f, ",\"has_solution\":%s", has ? "true" : "false");
  if (log->budget >= 0) fprintf(f, ",\"budget\":%" PRId64, log->budget);
  if (has) fprintf(f, ",\"cost\":%" PRId64, p->cost);
  else fputs(",\"cost\":null", f);
  double tdi = log->topo_cost > 0 ? (double)(p->cost - log->topo_cost) * 100.0 / (double)log->topo_cost : 0.0;
  number_or_null(f, "tdi_percent", has, tdi);
  fprintf(f, ",\"lower_bound\":%" PRId64, p->lower_bound);
  double gap = p->cost > 0 ? (double)(p->cost - p->lower_bound) * 100.0 / (double)p->cost : 0.0;
  number_or_null(f, "gap_percent", has, gap);
  if (has) fprintf(f, ",\"peak\":%" PRId64, p->peak);
  else fputs(",\"peak\":null", f);
  fprintf(f, ",\"nodes\":%" PRIu64 ",\"failures\":%" PRIu64 ",\"restarts\":%" PRIu64 "}\n", p->nodes, p->failures,
          p->restarts);
  fflush(f);
}

void cli_jsonl_progress_fn(const moc_progress *p, void *user) { cli_jsonl_progress(user, p); }
