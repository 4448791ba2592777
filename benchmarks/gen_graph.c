/* gen_graph.c — the growable graph every generator fills and its JSON writer.
 *
 * The JSON is networkx node-link (SPEC §3), written by hand with fprintf so
 * that integers stay exact and the bytes depend on nothing but the graph:
 * {"directed": true, "multigraph": false,
 *  "graph": {"name": ..., "order": [...]},
 *  "nodes": [{"id": 0, "name": ..., "duration": w, "out_cost": m}, ...],
 *  "links": [{"source": u, "target": v}, ...]}
 * Checkmate-style graphs use "cost_cpu"/"cost_ram" instead of
 * "duration"/"out_cost", as the paper's files do.
 */
#include "benchmarks/gen.h"

#include <stdlib.h>
#include <string.h>

void gen_graph_init(gen_graph *g, bool labelled) {
  memset(g, 0, sizeof *g);
  g->labelled = labelled;
}

void gen_graph_free(gen_graph *g) {
  free(g->cost);
  free(g->size);
  free(g->label);
  free(g->src);
  free(g->dst);
  free(g->order);
  memset(g, 0, sizeof *g);
}

static bool grow_nodes(gen_graph *g) {
  uint32_t cap = g->cap_n ? 2 * g->cap_n : 64;
  int64_t *cost = realloc(g->cost, cap * sizeof *cost);
  if (cost)
    g->cost = cost;
  int64_t *size = realloc(g->size, cap * sizeof *size);
  if (size)
    g->size = size;
  if (!cost || !size)
    return false;
  if (g->labelled) {
    char(*label)[GEN_LABEL_LEN] = realloc(g->label, cap * sizeof *label);
    if (!label)
      return false;
    g->label = label;
  }
  g->cap_n = cap;
  return true;
}

uint32_t gen_graph_add_node(gen_graph *g, int64_t cost, int64_t size, const char *label) {
  if (g->n == g->cap_n && !grow_nodes(g))
    return UINT32_MAX;
  uint32_t v = g->n++;
  g->cost[v] = cost;
  g->size[v] = size;
  if (g->labelled)
    snprintf(g->label[v], GEN_LABEL_LEN, "%s", label ? label : "");
  return v;
}

bool gen_graph_add_edge(gen_graph *g, uint32_t src, uint32_t dst) {
  if (g->m == g->cap_m) {
    uint32_t cap = g->cap_m ? 2 * g->cap_m : 128;
    uint32_t *s = realloc(g->src, cap * sizeof *s);
    if (s)
      g->src = s;
    uint32_t *d = realloc(g->dst, cap * sizeof *d);
    if (d)
      g->dst = d;
    if (!s || !d)
      return false;
    g->cap_m = cap;
  }
  g->src[g->m] = src;
  g->dst[g->m] = dst;
  g->m++;
  return true;
}

void gen_jitter_costs(gen_graph *g, uint32_t pct, uint64_t seed) {
  if (pct == 0)
    return;
  gen_rng rng = {seed ^ 0x6a09e667f3bcc909ULL};
  for (uint32_t v = 0; v < g->n; v++) {
    int64_t span = (int64_t)gen_rng_below(&rng, 2 * (uint64_t)pct + 1) - (int64_t)pct;
    /* costs here stay below 10^15, so cost * 100 cannot overflow */
    g->cost[v] = g->cost[v] * (100 + span) / 100;
  }
}

static void write_order(const gen_graph *g, FILE *f) {
  if (!g->order)
    return;
  fputs(", \"order\": [", f);
  for (uint32_t t = 0; t < g->n; t++)
    fprintf(f, "%s%u", t ? ", " : "", g->order[t]);
  fputc(']', f);
}

static void write_node(const gen_graph *g, uint32_t v, FILE *f) {
  const char *wkey = g->checkmate_keys ? "cost_cpu" : "duration";
  const char *mkey = g->checkmate_keys ? "cost_ram" : "out_cost";
  fprintf(f, "    {\"id\": %u", v);
  if (g->labelled)
    fprintf(f, ", \"name\": \"%s\"", g->label[v]);
  fprintf(f, ", \"%s\": %lld, \"%s\": %lld}", wkey, (long long)g->cost[v], mkey,
          (long long)g->size[v]);
}

bool gen_write_json(const gen_graph *g, FILE *f) {
  fprintf(f, "{\"directed\": true, \"multigraph\": false,\n \"graph\": {\"name\": \"%s\"",
          g->name);
  write_order(g, f);
  fputs("},\n \"nodes\": [\n", f);
  for (uint32_t v = 0; v < g->n; v++) {
    write_node(g, v, f);
    fputs(v + 1 < g->n ? ",\n" : "\n", f);
  }
  fputs(" ],\n \"links\": [\n", f);
  for (uint32_t i = 0; i < g->m; i++)
    fprintf(f, "    {\"source\": %u, \"target\": %u}%s", g->src[i], g->dst[i],
            i + 1 < g->m ? ",\n" : "\n");
  fputs(" ]\n}\n", f);
  return !ferror(f);
}
