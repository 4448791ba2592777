/* json_doc.c — loading JSON files with exact 64-bit integers (see json_doc.h).
 *
 * The token scan mirrors cJSON 1.7's grammar: outside strings, a number starts
 * at '-' or a digit and runs over [0-9+-.eE]; cJSON accepts a document only
 * when every such run is one whole number, so once cJSON has parsed the text
 * the k-th run is the k-th number item of a document-order walk.  A mismatch
 * (which would be a cJSON change) is reported, never guessed around.
 */
#include "cli/json_doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES ((size_t)1 << 30)

static bool number_char(char c) { return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E'; }

/* Lists the offsets of number tokens; false when out of memory. */
static bool scan_numbers(cli_doc *doc) {
  size_t cap = 64, count = 0;
  size_t *at = malloc(cap * sizeof *at);
  if (!at) return false;
  const char *t = doc->text;
  for (size_t i = 0; i < doc->length;) {
    char c = t[i];
    if (c == '"') {
      for (i++; i < doc->length && t[i] != '"'; i++)
        if (t[i] == '\\') i++;
      i++;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      if (count == cap) {
        size_t *grown = realloc(at, 2 * cap * sizeof *at);
        if (!grown) {
          free(at);
          return false;
        }
        at = grown, cap *= 2;
      }
      at[count++] = i;
      while (i < doc->length && number_char(t[i])) i++;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      while (i < doc->length && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))) i++;
    } else {
      i++;
    }
  }
  doc->num_at = at;
  doc->num_count = count;
  return true;
}

/* Document-order walk numbering the number items through valueint. */
static void number_items(cJSON *item, size_t *k) {
  for (; item; item = item->next) {
    if (cJSON_IsNumber(item)) item->valueint = (int)(*k)++;
    if (item->child) number_items(item->child, k);
  }
}

static void locate(const char *text, size_t offset, size_t *line, size_t *column) {
  *line = 1, *column = 1;
  for (size_t i = 0; i < offset; i++) {
    if (text[i] == '\n') (*line)++, *column = 1;
    else (*column)++;
  }
}

/* Parses `text` (malloc'ed, NUL-terminated, owned by doc from now on). */
static int adopt(const char *path, char *text, size_t length, cli_doc *doc, cli_error *err) {
  memset(doc, 0, sizeof *doc);
  doc->path = path;
  doc->text = text;
  doc->length = length;
  if (length > MAX_FILE_BYTES) return cli_fail(err, CLI_DATA, "%s: file: larger than 1 GiB", path);
  if (strlen(text) != length) return cli_fail(err, CLI_DATA, "%s: file: not JSON (a NUL byte)", path);
  if (!scan_numbers(doc)) return cli_fail(err, CLI_SOFTWARE, "%s: file: out of memory", path);
  const char *end = NULL;
  doc->root = cJSON_ParseWithOpts(text, &end, 1);
  if (!doc->root) {
    size_t line, column, offset = end && end >= text ? (size_t)(end - text) : 0;
    if (offset > length) offset = length;
    locate(text, offset, &line, &column);
    return cli_fail(err, CLI_DATA, "%s: line %zu, column %zu: not JSON", path, line, column);
  }
  size_t k = 0;
  number_items(doc->root, &k);
  if (k != doc->num_count)
    return cli_fail(err, CLI_SOFTWARE, "%s: file: %zu number tokens but %zu numbers parsed", path, doc->num_count, k);
  return CLI_OK;
}

int cli_doc_parse(const char *path, const char *text, size_t length, cli_doc *doc, cli_error *err) {
  char *copy = malloc(length + 1);
  if (!copy) {
    memset(doc, 0, sizeof *doc);
    return cli_fail(err, CLI_SOFTWARE, "%s: file: out of memory", path);
  }
  memcpy(copy, text, length);
  copy[length] = '\0';
  return adopt(path, copy, length, doc, err);
}

/* Reads a whole stream into a malloc'ed, NUL-terminated buffer. */
static char *slurp(FILE *f, size_t *length) {
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  while (buf) {
    len += fread(buf + len, 1, cap - 1 - len, f);
    if (len < cap - 1 || cap > MAX_FILE_BYTES) break;
    char *grown = realloc(buf, 2 * cap);
    if (!grown) free(buf);
    buf = grown, cap *= 2;
  }
  if (buf) buf[len] = '\0';
  *length = len;
  return buf;
}

int cli_doc_load(const char *path, cli_doc *doc, cli_error *err) {
  memset(doc, 0, sizeof *doc);
  doc->path = path;
  bool from_stdin = strcmp(path, "-") == 0;
  FILE *f = from_stdin ? stdin : fopen(path, "rb");
  if (!f) return cli_fail(err, CLI_NO_INPUT, "%s: cannot open: %s", path, strerror(errno));
  size_t length = 0;
  char *text = slurp(f, &length);
  bool failed = ferror(f) != 0;
  int saved = errno;
  if (!from_stdin) fclose(f);
  if (!text) return cli_fail(err, CLI_SOFTWARE, "%s: file: out of memory", path);
  if (failed) {
    free(text);
    return cli_fail(err, CLI_NO_INPUT, "%s: cannot read: %s", path, strerror(saved));
  }
  return adopt(path, text, length, doc, err);
}

void cli_doc_free(cli_doc *doc) {
  if (!doc) return;
  cJSON_Delete(doc->root);
  free(doc->text);
  free(doc->num_at);
  memset(doc, 0, sizeof *doc);
}

/* ---- exact integers from a number token's text ---- */

typedef struct token_digits {
  const char *whole, *frac;  /* the digits before and after the point */
  size_t whole_len, frac_len;
} token_digits;

static char digit_at(const token_digits *d, size_t k) {
  return k < d->whole_len ? d->whole[k] : d->frac[k - d->whole_len];
}

/* Splits "-12.50e+3" into sign, digit runs and exponent (saturated). */
static void split_token(const char *p, bool *negative, token_digits *d, long *exponent) {
  *negative = *p == '-';
  if (*negative) p++;
  d->whole = p;
  for (d->whole_len = 0; p[d->whole_len] >= '0' && p[d->whole_len] <= '9';) d->whole_len++;
  p += d->whole_len;
  d->frac = p, d->frac_len = 0;
  if (*p == '.') {
    d->frac = ++p;
    while (p[d->frac_len] >= '0' && p[d->frac_len] <= '9') d->frac_len++;
    p += d->frac_len;
  }
  *exponent = 0;
  if (*p == 'e' || *p == 'E') {
    bool minus = *++p == '-';
    if (*p == '-' || *p == '+') p++;
    for (; *p >= '0' && *p <= '9'; p++)
      if (*exponent < 1000000) *exponent = *exponent * 10 + (*p - '0');
    if (minus) *exponent = -*exponent;
  }
}

static cli_num exact_integer(const char *p, int64_t *value) {
  bool negative;
  token_digits d;
  long exponent;
  split_token(p, &negative, &d, &exponent);
  long len = (long)(d.whole_len + d.frac_len), first = 0;
  while (first < len && digit_at(&d, (size_t)first) == '0') first++;
  *value = 0;
  if (first == len) return CLI_NUM_OK;
  long shift = exponent - (long)d.frac_len; /* value = digits[first..len) * 10^shift */
  long last = shift < 0 ? len + shift : len; /* integer digits are [first, last) */
  for (long k = last < first ? first : last; k < len; k++)
    if (digit_at(&d, (size_t)k) != '0') return CLI_NUM_NOT_INTEGER;
  if (last <= first) return CLI_NUM_NOT_INTEGER;
  long zeros = shift > 0 ? shift : 0;
  if (last - first + zeros > 19) return CLI_NUM_TOO_BIG;
  uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
  for (long k = first; k < last + zeros; k++) {
    unsigned digit = k < last ? (unsigned)(digit_at(&d, (size_t)k) - '0') : 0;
    if (v > (limit - digit) / 10) return CLI_NUM_TOO_BIG;
    v = v * 10 + digit;
  }
  *value = negative ? (int64_t)(0 - v) : (int64_t)v;
  return CLI_NUM_OK;
}

cli_num cli_doc_int64(const cli_doc *doc, const cJSON *item, int64_t *value) {
  if (!cJSON_IsNumber(item)) return CLI_NUM_NOT_NUMBER;
  size_t k = (size_t)item->valueint;
  if (item->valueint < 0 || k >= doc->num_count) return CLI_NUM_NOT_NUMBER;
  return exact_integer(doc->text + doc->num_at[k], value);
}

const char *cli_num_cause(cli_num result) {
  switch (result) {
    case CLI_NUM_OK: return "ok";
    case CLI_NUM_NOT_NUMBER: return "not a number";
    case CLI_NUM_NOT_INTEGER: return "not an integer";
    case CLI_NUM_TOO_BIG: return "number beyond 64 bits";
  }
  return "bad number";
}
