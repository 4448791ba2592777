/* graph_reader.h — networkx node-link JSON -> moc_graph (SPEC §3).
 *
 * Both dialects of the paper's files are read: nodes carry `id` (or `name`
 * when there is no `id`) and `cost_cpu`/`cost_ram` or `duration`/`out_cost`;
 * edges are in `links` or `edges` with `source`/`target` or "0"/"1";
 * `graph.name` and an optional `graph.order`.  Ids are 64-bit integers, or
 * strings: then node k gets the integer id k inside the library and its
 * string (a label) is kept to be printed back.  Every bad input of SPEC §5
 * gives a message "FILE: place: cause" and status CLI_DATA (65), or
 * CLI_NO_INPUT (66) when the file cannot be read.
 */
#ifndef MOC_CLI_GRAPH_READER_H
#define MOC_CLI_GRAPH_READER_H

#include <stdio.h>

#include "cli/json_doc.h"

typedef struct cli_label {
  const char *text;  /* the string id */
  uint32_t index;    /* its node */
} cli_label;

typedef struct cli_graph {
  moc_graph *graph;     /* finished */
  char *name;           /* graph.name, or the file name */
  const char *path;     /* the file name, for messages */
  char **labels;        /* labels[v]: node v's string id, or NULL when ids are numbers */
  cli_label *sorted;    /* the labels by text, for lookups (NULL when ids are numbers) */
} cli_graph;

/* Reads the graph file `path` ("-" for stdin). */
int cli_graph_read(const char *path, cli_graph *out, cli_error *err);
/* Builds the graph from an already parsed document. */
int cli_graph_from_doc(const cli_doc *doc, cli_graph *out, cli_error *err);
void cli_graph_free(cli_graph *cg);

/* The node named by `item` (a number, or a string when ids are strings) of
 * document `doc`; `place` names the item in messages. */
int cli_graph_lookup(const cli_graph *cg, const cli_doc *doc, const cJSON *item, const char *place,
                     uint32_t *index, cli_error *err);
/* Node v's id as text: the integer, or the label. */
void cli_graph_format_id(const cli_graph *cg, uint32_t v, char *buf, size_t size);

/* ---- string ids (graph_labels.c) ---- */

/* Sorts the labels for lookup; false when a label repeats (*dup gets its later node). */
bool cli_labels_index(cli_graph *cg, uint32_t n, uint32_t *dup);
/* The node of label `text`, or false. */
bool cli_labels_find(const cli_graph *cg, uint32_t n, const char *text, uint32_t *index);
/* Rewrites "id <k>" in a library message into "id \"<label k>\"" (string ids only). */
void cli_labels_relabel(const cli_graph *cg, const char *message, char *out, size_t size);

#endif /* MOC_CLI_GRAPH_READER_H */
