/* json_out.h — a small streaming JSON writer with exact 64-bit integers.
 *
 * cJSON prints numbers through doubles, which would round costs beyond 2^53;
 * this writer prints int64 with %lld.  Object members go one per line
 * (indented), array elements stay on one line, so a result file reads well
 * and a schedule of 10,000 steps is still one line.  `key` is NULL for
 * array elements and the top-level value.
 */
#ifndef MOC_CLI_JSON_OUT_H
#define MOC_CLI_JSON_OUT_H

#include <stdio.h>

#include "cli/graph_reader.h"

#define CLI_JSON_MAX_DEPTH 16

typedef struct cli_json {
  FILE *f;
  int depth;                             /* open containers */
  bool empty[CLI_JSON_MAX_DEPTH];        /* no element written yet at this depth */
  bool is_object[CLI_JSON_MAX_DEPTH];    /* the container at this depth is an object */
} cli_json;

void cli_json_init(cli_json *j, FILE *f);
void cli_json_begin_object(cli_json *j, const char *key);
void cli_json_end_object(cli_json *j);
void cli_json_begin_array(cli_json *j, const char *key);
void cli_json_end_array(cli_json *j);
void cli_json_int(cli_json *j, const char *key, int64_t value);
/* A finite double with 10 significant digits; NaN and infinities become null. */
void cli_json_double(cli_json *j, const char *key, double value);
void cli_json_bool(cli_json *j, const char *key, bool value);
void cli_json_null(cli_json *j, const char *key);
void cli_json_string(cli_json *j, const char *key, const char *value);
/* Node v's id as the file gave it: a number, or a string label. */
void cli_json_node(cli_json *j, const char *key, const cli_graph *cg, uint32_t v);

#endif /* MOC_CLI_JSON_OUT_H */
