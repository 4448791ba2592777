/* schedule_reader.c — reading a schedule: a list of node ids, each resolved
 * against the graph (numbers, or strings when the graph's ids are strings). */
#include "cli/schedule_reader.h"

#include <stdio.h>
#include <stdlib.h>

int cli_schedule_from_doc(const cli_doc *doc, const cli_graph *cg, uint32_t **steps, size_t *length,
                          cli_error *err) {
  *steps = NULL;
  *length = 0;
  const cJSON *list = doc->root;
  if (cJSON_IsObject(list)) {
    list = cJSON_GetObjectItemCaseSensitive(doc->root, "schedule");
    if (!list) return cli_fail(err, CLI_DATA, "%s: schedule: missing", doc->path);
  }
  if (!cJSON_IsArray(list)) return cli_fail(err, CLI_DATA, "%s: schedule: not a list", doc->path);
  size_t count = (size_t)cJSON_GetArraySize(list), k = 0;
  uint32_t *out = malloc((count + 1) * sizeof *out);
  if (!out) return cli_fail(err, CLI_SOFTWARE, "%s: out of memory", doc->path);
  for (const cJSON *item = list->child; item; item = item->next, k++) {
    char place[48];
    snprintf(place, sizeof place, "schedule[%zu]", k);
    int status = cli_graph_lookup(cg, doc, item, place, &out[k], err);
    if (status) {
      free(out);
      return status;
    }
  }
  *steps = out;
  *length = count;
  return CLI_OK;
}

int cli_schedule_read(const char *path, const cli_graph *cg, uint32_t **steps, size_t *length, cli_error *err) {
  cli_doc doc;
  *steps = NULL;
  *length = 0;
  int status = cli_doc_load(path, &doc, err);
  if (!status) status = cli_schedule_from_doc(&doc, cg, steps, length, err);
  cli_doc_free(&doc);
  return status;
}
