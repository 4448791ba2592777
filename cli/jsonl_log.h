/* jsonl_log.h — progress lines for machines: one JSON object per line
 * (JSON Lines), the same figures as the human progress lines.
 *
 *   {"event":"progress","time_s":0.0123,"phase":"local","has_solution":true,
 *    "cost":48866,"tdi_percent":2.296,"lower_bound":47769,"gap_percent":2.24,
 *    "peak":36810,"nodes":0,"failures":0,"restarts":0}
 *
 * Integers are exact (printed as int64); "budget" is added when known, and
 * cost, tdi_percent, peak and gap_percent are null before the first schedule.
 */
#ifndef MOC_CLI_JSONL_LOG_H
#define MOC_CLI_JSONL_LOG_H

#include <stdio.h>

#include "model/moccasin.h"

typedef struct cli_jsonl {
  FILE *f;              /* where lines go (stderr for progress) */
  int64_t topo_cost;    /* for TDI */
  int64_t budget;       /* added to every line when >= 0 */
} cli_jsonl;

/* One progress line. */
void cli_jsonl_progress(const cli_jsonl *log, const moc_progress *p);
/* The same as a moc_progress_fn; `user` is a cli_jsonl. */
void cli_jsonl_progress_fn(const moc_progress *p, void *user);
/* Writes `text` as a JSON string literal (quoted, escaped). */
void cli_jsonl_string(FILE *f, const char *text);

#endif /* MOC_CLI_JSONL_LOG_H */
