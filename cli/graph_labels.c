/* graph_labels.c — graphs whose node ids are strings.
 *
 * The library speaks 64-bit ids; a file may name its nodes "conv1", "relu2".
 * Node k then gets the library id k and its string, its label, is kept: a
 * sorted copy serves lookups (binary search) and finds repeated labels, and
 * library messages that mention "id k" are rewritten to show the label.
 */
#include "cli/graph_reader.h"

#include <stdlib.h>
#include <string.h>

static int compare_label(const void *a, const void *b) {
  const cli_label *x = a, *y = b;
  int c = strcmp(x->text, y->text);
  if (c) return c;
  return (x->index > y->index) - (x->index < y->index);
}

bool cli_labels_index(cli_graph *cg, uint32_t n, uint32_t *dup) {
  for (uint32_t v = 0; v < n; v++) cg->sorted[v] = (cli_label){cg->labels[v], v};
  qsort(cg->sorted, n, sizeof *cg->sorted, compare_label);
  uint32_t worst = UINT32_MAX;
  for (uint32_t k = 1; k < n; k++)
    if (strcmp(cg->sorted[k].text, cg->sorted[k - 1].text) == 0 && cg->sorted[k].index < worst)
      worst = cg->sorted[k].index;
  *dup = worst;
  return worst == UINT32_MAX;
}

bool cli_labels_find(const cli_graph *cg, uint32_t n, const char *text, uint32_t *index) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(cg->sorted[mid].text, text);
    if (c == 0) {
      *index = cg->sorted[mid].index;
      return true;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/* Appends at most `len` bytes of `text` to out (size bytes, NUL-terminated). */
static void append(char *out, size_t size, size_t *used, const char *text, size_t len) {
  while (len-- > 0 && *used + 1 < size) out[(*used)++] = *text++;
  out[*used] = '\0';
}

void cli_labels_relabel(const cli_graph *cg, const char *message, char *out, size_t size) {
  size_t used = 0, n = moc_graph_node_count(cg->graph);
  out[0] = '\0';
  for (const char *p = message; *p;) {
    const char *digits = strncmp(p, "id ", 3) == 0 ? p + 3 : strncmp(p, "input ", 6) == 0 ? p + 6 : NULL;
    if (digits && *digits >= '0' && *digits <= '9') {
      char *end;
      unsigned long long k = strtoull(digits, &end, 10);
      append(out, size, &used, p, (size_t)(digits - p));
      if (k < n) {
        append(out, size, &used, "\"", 1);
        append(out, size, &used, cg->labels[k], strlen(cg->labels[k]));
        append(out, size, &used, "\"", 1);
      } else {
        append(out, size, &used, digits, (size_t)(end - digits));
      }
      p = end;
    } else {
      append(out, size, &used, p, 1);
      p++;
    }
  }
}
