/* json_out.c — the streaming JSON writer (see json_out.h). */
#include "cli/json_out.h"

#include <inttypes.h>
#include <math.h>

void cli_json_init(cli_json *j, FILE *f) {
  j->f = f;
  j->depth = 0;
  j->empty[0] = true;
  j->is_object[0] = false;
}

static void write_escaped(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", f);
    else if (*p == '\t') fputs("\\t", f);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

/* The separator, indentation and key before a value. */
static void open_value(cli_json *j, const char *key) {
  if (j->depth > 0) {
    if (!j->empty[j->depth]) fputc(',', j->f);
    if (j->is_object[j->depth]) {
      fputc('\n', j->f);
      for (int d = 0; d < j->depth; d++) fputs("  ", j->f);
    } else if (!j->empty[j->depth]) {
      fputc(' ', j->f);
    }
    j->empty[j->depth] = false;
  }
  if (key) {
    write_escaped(j->f, key);
    fputs(": ", j->f);
  }
}

static void open_container(cli_json *j, const char *key, bool object) {
  open_value(j, key);
  fputc(object ? '{' : '[', j->f);
  if (j->depth + 1 < CLI_JSON_MAX_DEPTH) j->depth++;
  j->empty[j->depth] = true;
  j->is_object[j->depth] = object;
}

static void close_container(cli_json *j, bool object) {
  bool had_members = !j->empty[j->depth];
  if (j->depth > 0) j->depth--;
  if (object && had_members) {
    fputc('\n', j->f);
    for (int d = 0; d < j->depth; d++) fputs("  ", j->f);
  }
  fputc(object ? '}' : ']', j->f);
  if (j->depth == 0) fputc('\n', j->f);
}

void cli_json_begin_object(cli_json *j, const char *key) { open_container(j, key, true); }
void cli_json_end_object(cli_json *j) { close_container(j, true); }
void cli_json_begin_array(cli_json *j, const char *key) { open_container(j, key, false); }
void cli_json_end_array(cli_json *j) { close_container(j, false); }

void cli_json_int(cli_json *j, const char *key, int64_t value) {
  open_value(j, key);
  fprintf(j->f, "%" PRId64, value);
}

void cli_json_double(cli_json *j, const char *key, double value) {
  open_value(j, key);
  if (isfinite(value)) fprintf(j->f, "%.10g", value);
  else fputs("null", j->f);
}

void cli_json_bool(cli_json *j, const char *key, bool value) {
  open_value(j, key);
  fputs(value ? "true" : "false", j->f);
}

void cli_json_null(cli_json *j, const char *key) {
  open_value(j, key);
  fputs("null", j->f);
}

void cli_json_string(cli_json *j, const char *key, const char *value) {
  open_value(j, key);
  write_escaped(j->f, value);
}

void cli_json_node(cli_json *j, const char *key, const cli_graph *cg, uint32_t v) {
  if (cg->labels) cli_json_string(j, key, cg->labels[v]);
  else cli_json_int(j, key, moc_graph_node_id(cg->graph, v));
}
