/* graph_reader.c — reading a graph file (see graph_reader.h).
 *
 * One pass per part of the file: nodes, then edges, then graph.order, then
 * moc_graph_finish.  Each part checks what it can name precisely (the
 * element, the key, the cause) before handing values to the library, which
 * checks the rest (unknown ids, cycles, orders, overflow of sums); library
 * messages are prefixed with the file and the part they came from.
 */
#include "cli/graph_reader.h"

#include <stdlib.h>
#include <string.h>

typedef struct reader {
  const cli_doc *doc;
  cli_graph *cg;
  cli_error *err;
  bool string_ids;
} reader;

/* The first of two keys present in `obj` (dialects), or NULL. */
static const cJSON *either(const cJSON *obj, const char *key, const char *other) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
  return item ? item : cJSON_GetObjectItemCaseSensitive(obj, other);
}

/* An exact non-negative integer at obj[key] (or obj[other]); `what` is "cost" or "size". */
static int read_amount(reader *r, const cJSON *node, size_t i, const char *key, const char *other,
                       const char *what, int64_t *out) {
  const cJSON *item = either(node, key, other);
  const char *path = r->doc->path;
  if (!item) return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu]: missing %s (%s or %s)", path, i, what, key, other);
  cli_num res = cli_doc_int64(r->doc, item, out);
  if (res != CLI_NUM_OK) return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu].%s: %s", path, i, item->string, cli_num_cause(res));
  if (*out < 0)
    return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu].%s: negative %s %lld", path, i, item->string, what, (long long)*out);
  return CLI_OK;
}

/* The library id of node i: its number, or i itself when ids are strings. */
static int read_node_id(reader *r, const cJSON *node, size_t i, int64_t *id) {
  const cJSON *item = either(node, "id", "name");
  const char *path = r->doc->path;
  if (!item) return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu]: missing id (id or name)", path, i);
  if (i == 0) r->string_ids = cJSON_IsString(item);
  if (r->string_ids) {
    if (!cJSON_IsString(item))
      return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu].%s: not a string, unlike the first node's id", path, i, item->string);
    r->cg->labels[i] = strdup(item->valuestring);
    if (!r->cg->labels[i]) return cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", path);
    *id = (int64_t)i;
    return CLI_OK;
  }
  cli_num res = cli_doc_int64(r->doc, item, id);
  if (res != CLI_NUM_OK) return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu].%s: %s", path, i, item->string, cli_num_cause(res));
  return CLI_OK;
}

static int read_nodes(reader *r) {
  const char *path = r->doc->path;
  const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(r->doc->root, "nodes");
  if (!nodes) return cli_fail(r->err, CLI_DATA, "%s: nodes: missing", path);
  if (!cJSON_IsArray(nodes)) return cli_fail(r->err, CLI_DATA, "%s: nodes: not a list", path);
  size_t n = (size_t)cJSON_GetArraySize(nodes), i = 0;
  r->cg->labels = calloc(n + 1, sizeof *r->cg->labels);
  if (!r->cg->labels) return cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", path);
  for (const cJSON *node = nodes->child; node; node = node->next, i++) {
    if (!cJSON_IsObject(node)) return cli_fail(r->err, CLI_DATA, "%s: nodes[%zu]: not an object", path, i);
    int64_t id, cost, size;
    int status = read_node_id(r, node, i, &id);
    if (!status) status = read_amount(r, node, i, "cost_cpu", "duration", "cost", &cost);
    if (!status) status = read_amount(r, node, i, "cost_ram", "out_cost", "size", &size);
    if (status) return status;
    moc_error e = moc_graph_add_node(r->cg->graph, id, cost, size);
    if (e) return cli_fail(r->err, e == MOC_ERR_NOMEM ? CLI_SOFTWARE : CLI_DATA, "%s: nodes[%zu]: %s", path, i,
                           moc_graph_error_message(r->cg->graph));
  }
  if (!r->string_ids) {
    free(r->cg->labels);
    r->cg->labels = NULL;
    return CLI_OK;
  }
  r->cg->sorted = malloc((n + 1) * sizeof *r->cg->sorted);
  if (!r->cg->sorted) return cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", path);
  uint32_t dup;
  if (!cli_labels_index(r->cg, (uint32_t)n, &dup))
    return cli_fail(r->err, CLI_DATA, "%s: nodes[%u]: duplicate node id \"%s\"", path, dup, r->cg->labels[dup]);
  return CLI_OK;
}

/* The library id named by an edge end or an order entry. */
static int read_ref(reader *r, const cJSON *item, const char *place, int64_t *id) {
  uint32_t index;
  if (r->string_ids) {
    int status = cli_graph_lookup(r->cg, r->doc, item, place, &index, r->err);
    *id = (int64_t)index;
    return status;
  }
  cli_num res = cli_doc_int64(r->doc, item, id);
  if (res != CLI_NUM_OK) return cli_fail(r->err, CLI_DATA, "%s: %s: %s", r->doc->path, place, cli_num_cause(res));
  return CLI_OK;
}

static int read_edges(reader *r) {
  const char *path = r->doc->path;
  const cJSON *links = either(r->doc->root, "links", "edges");
  if (!links) return cli_fail(r->err, CLI_DATA, "%s: links: missing (links or edges)", path);
  if (!cJSON_IsArray(links)) return cli_fail(r->err, CLI_DATA, "%s: %s: not a list", path, links->string);
  size_t i = 0;
  for (const cJSON *link = links->child; link; link = link->next, i++) {
    char place[96];
    if (!cJSON_IsObject(link)) return cli_fail(r->err, CLI_DATA, "%s: %s[%zu]: not an object", path, links->string, i);
    const cJSON *src = either(link, "source", "0"), *dst = either(link, "target", "1");
    if (!src || !dst)
      return cli_fail(r->err, CLI_DATA, "%s: %s[%zu]: missing %s", path, links->string, i,
                      src ? "target (target or \"1\")" : "source (source or \"0\")");
    int64_t s, d;
    snprintf(place, sizeof place, "%s[%zu].%s", links->string, i, src->string);
    int status = read_ref(r, src, place, &s);
    snprintf(place, sizeof place, "%s[%zu].%s", links->string, i, dst->string);
    if (!status) status = read_ref(r, dst, place, &d);
    if (status) return status;
    moc_error e = moc_graph_add_edge(r->cg->graph, s, d);
    if (e) return cli_fail(r->err, e == MOC_ERR_NOMEM ? CLI_SOFTWARE : CLI_DATA, "%s: %s[%zu]: %s", path,
                           links->string, i, moc_graph_error_message(r->cg->graph));
  }
  return CLI_OK;
}

static int read_order(reader *r, const cJSON *graph) {
  const char *path = r->doc->path;
  const cJSON *order = graph ? cJSON_GetObjectItemCaseSensitive(graph, "order") : NULL;
  if (!order || cJSON_IsNull(order)) return CLI_OK;
  if (!cJSON_IsArray(order)) return cli_fail(r->err, CLI_DATA, "%s: graph.order: not a list", path);
  size_t count = (size_t)cJSON_GetArraySize(order), k = 0;
  int64_t *ids = malloc((count + 1) * sizeof *ids);
  if (!ids) return cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", path);
  int status = CLI_OK;
  for (const cJSON *item = order->child; item && !status; item = item->next, k++) {
    char place[64];
    snprintf(place, sizeof place, "graph.order[%zu]", k);
    status = read_ref(r, item, place, &ids[k]);
  }
  if (!status && moc_graph_set_order(r->cg->graph, ids, count) != MOC_OK)
    status = cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", path);
  free(ids);
  return status;
}

static int read_name(reader *r, const cJSON *graph) {
  const cJSON *name = graph ? cJSON_GetObjectItemCaseSensitive(graph, "name") : NULL;
  const char *text = cJSON_IsString(name) ? name->valuestring : r->doc->path;
  r->cg->name = strdup(text);
  return r->cg->name ? CLI_OK : cli_fail(r->err, CLI_SOFTWARE, "%s: out of memory", r->doc->path);
}

static int finish(reader *r) {
  moc_error e = moc_graph_finish(r->cg->graph);
  if (!e) return CLI_OK;
  const char *part = e == MOC_ERR_BAD_ORDER ? "graph.order" : e == MOC_ERR_OVERFLOW ? "nodes" : "graph";
  char message[512];
  if (r->string_ids) cli_labels_relabel(r->cg, moc_graph_error_message(r->cg->graph), message, sizeof message);
  else snprintf(message, sizeof message, "%s", moc_graph_error_message(r->cg->graph));
  return cli_fail(r->err, e == MOC_ERR_NOMEM || e == MOC_ERR_INTERNAL ? CLI_SOFTWARE : CLI_DATA, "%s: %s: %s",
                  r->doc->path, part, message);
}

int cli_graph_from_doc(const cli_doc *doc, cli_graph *out, cli_error *err) {
  memset(out, 0, sizeof *out);
  out->path = doc->path;
  if (!cJSON_IsObject(doc->root)) return cli_fail(err, CLI_DATA, "%s: top level: not an object", doc->path);
  out->graph = moc_graph_create();
  if (!out->graph) return cli_fail(err, CLI_SOFTWARE, "%s: out of memory", doc->path);
  reader r = {doc, out, err, false};
  const cJSON *graph = cJSON_GetObjectItemCaseSensitive(doc->root, "graph");
  if (graph && !cJSON_IsObject(graph)) return cli_fail(err, CLI_DATA, "%s: graph: not an object", doc->path);
  int status = read_name(&r, graph);
  if (!status) status = read_nodes(&r);
  if (!status) status = read_edges(&r);
  if (!status) status = read_order(&r, graph);
  if (!status) status = finish(&r);
  return status;
}

int cli_graph_read(const char *path, cli_graph *out, cli_error *err) {
  cli_doc doc;
  memset(out, 0, sizeof *out);
  int status = cli_doc_load(path, &doc, err);
  if (!status) status = cli_graph_from_doc(&doc, out, err);
  cli_doc_free(&doc);
  return status;
}

void cli_graph_free(cli_graph *cg) {
  if (!cg) return;
  if (cg->labels) /* filled in node order and NULL-terminated */
    for (size_t v = 0; cg->labels[v]; v++) free(cg->labels[v]);
  moc_graph_free(cg->graph);
  free(cg->labels);
  free(cg->sorted);
  free(cg->name);
  memset(cg, 0, sizeof *cg);
}

int cli_graph_lookup(const cli_graph *cg, const cli_doc *doc, const cJSON *item, const char *place,
                     uint32_t *index, cli_error *err) {
  uint32_t n = (uint32_t)moc_graph_node_count(cg->graph);
  if (cg->labels) {
    if (!cJSON_IsString(item)) return cli_fail(err, CLI_DATA, "%s: %s: not a string id", doc->path, place);
    if (!cli_labels_find(cg, n, item->valuestring, index))
      return cli_fail(err, CLI_DATA, "%s: %s: unknown node id \"%s\"", doc->path, place, item->valuestring);
    return CLI_OK;
  }
  int64_t id;
  cli_num res = cli_doc_int64(doc, item, &id);
  if (res != CLI_NUM_OK) return cli_fail(err, CLI_DATA, "%s: %s: %s", doc->path, place, cli_num_cause(res));
  if (!moc_graph_find(cg->graph, id, index))
    return cli_fail(err, CLI_DATA, "%s: %s: unknown node id %lld", doc->path, place, (long long)id);
  return CLI_OK;
}

void cli_graph_format_id(const cli_graph *cg, uint32_t v, char *buf, size_t size) {
  if (cg->labels) snprintf(buf, size, "\"%s\"", cg->labels[v]);
  else snprintf(buf, size, "%lld", (long long)moc_graph_node_id(cg->graph, v));
}
