/* json_doc.h — a JSON file read whole, parsed by cJSON, with exact integers.
 *
 * cJSON keeps numbers as doubles, which are exact only below 2^53; costs and
 * sizes may reach 2^63.  So the raw text is scanned once for number tokens in
 * document order, the cJSON tree is walked in the same order, and each number
 * item's valueint is set to its token's index: cli_doc_int64 then parses the
 * token's own text exactly ("12", "-3", "1e3", "4.0" are integers; "2.5" is
 * not; anything outside int64 is "beyond 64 bits").
 */
#ifndef MOC_CLI_JSON_DOC_H
#define MOC_CLI_JSON_DOC_H

#include <cjson/cJSON.h>

#include "cli/cli.h"

typedef struct cli_doc {
  const char *path;  /* the file name, for messages */
  char *text;        /* the whole file, NUL-terminated */
  size_t length;     /* bytes in text */
  cJSON *root;       /* the parsed tree */
  size_t *num_at;    /* num_at[k]: offset of the k-th number token */
  size_t num_count;
} cli_doc;

/* Reads and parses `path` (stdin for "-"); CLI_NO_INPUT or CLI_DATA on failure. */
int cli_doc_load(const char *path, cli_doc *doc, cli_error *err);
/* Parses text already in memory (copied); `path` names it in messages. */
int cli_doc_parse(const char *path, const char *text, size_t length, cli_doc *doc, cli_error *err);
void cli_doc_free(cli_doc *doc);

typedef enum cli_num {
  CLI_NUM_OK = 0,
  CLI_NUM_NOT_NUMBER,    /* the item is not a JSON number */
  CLI_NUM_NOT_INTEGER,   /* a number with a fractional part */
  CLI_NUM_TOO_BIG        /* an integer outside int64 */
} cli_num;

/* The exact integer value of a number item of this document. */
cli_num cli_doc_int64(const cli_doc *doc, const cJSON *item, int64_t *value);
/* A short English phrase for a failed cli_num ("not an integer", ...). */
const char *cli_num_cause(cli_num result);

#endif /* MOC_CLI_JSON_DOC_H */
