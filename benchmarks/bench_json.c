/* bench_json.c — the JSON report: everything the bench knows about every run
 * (result, solver statistics, comparison with the published numbers and the
 * anytime curve), with the context that produced it.  Built with cJSON;
 * numbers are exact up to 2^53, far above the paper graphs' costs, and the
 * fingerprint is written as a hex string.  Figures that do not exist are
 * null.
 *
 * {"context": {date, machine, commit, command, time_limit_s},
 *  "runs": [{"graph", "budget", "status", ..., "versus": {...},
 *            "curve": [{"time_s", "cost", "lower_bound", "phase"}, ...]}]}
 */
#include "benchmarks/bench.h"

#include <cjson/cJSON.h>
#include <math.h>

/* A number, or null for NAN and for negative times. */
static void put(cJSON *o, const char *key, double v) {
  if (isnan(v) || v < -0.5)
    cJSON_AddNullToObject(o, key);
  else
    cJSON_AddNumberToObject(o, key, v);
}

static cJSON *versus_json(const bench_result *r, const bench_published *pub) {
  bench_versus v = bench_compare(r, pub);
  cJSON *o = cJSON_CreateObject();
  put(o, "paper_moccasin_tdi", v.paper_tdi);
  put(o, "paper_moccasin_time_s", v.paper_time_s);
  put(o, "time_to_paper_tdi_s", v.time_to_paper_s);
  put(o, "paper_checkmate_tdi", v.checkmate_tdi);
  put(o, "paper_checkmate_time_s", v.checkmate_time_s);
  put(o, "fastsa_tdi", v.fastsa_tdi);
  put(o, "fastsa_time_s", v.fastsa_time_s);
  put(o, "best_known_tdi", v.best_known_tdi);
  put(o, "time_to_best_known_s", v.time_to_best_known_s);
  put(o, "construct_tdi_percent", v.construct_tdi);
  put(o, "time_per_tdi_point_s", v.time_per_tdi_point_s);
  return o;
}

static cJSON *curve_json(const bench_result *r) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < r->curve_len; i++) {
    const bench_point *p = &r->curve[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "time_s", p->time_s);
    put(o, "cost", p->cost < 0 ? NAN : (double)p->cost);
    put(o, "tdi_percent", bench_tdi(r, p->cost));
    cJSON_AddNumberToObject(o, "lower_bound", (double)p->lower_bound);
    cJSON_AddStringToObject(o, "phase", p->phase);
    cJSON_AddItemToArray(a, o);
  }
  return a;
}

static void add_graph(cJSON *o, const bench_result *r) {
  char hex[32];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)r->fingerprint);
  cJSON_AddStringToObject(o, "graph", r->job.graph);
  cJSON_AddStringToObject(o, "graph_name", r->graph_name);
  cJSON_AddStringToObject(o, "path", r->job.path);
  cJSON_AddNumberToObject(o, "nodes", r->nodes);
  cJSON_AddNumberToObject(o, "edges", r->edges);
  cJSON_AddStringToObject(o, "fingerprint", hex);
  cJSON_AddNumberToObject(o, "topo_peak", (double)r->topo_peak);
  cJSON_AddNumberToObject(o, "topo_cost", (double)r->topo_cost);
  cJSON_AddNumberToObject(o, "min_budget", (double)r->min_budget);
  cJSON_AddStringToObject(o, "budget", r->job.budget);
  cJSON_AddNumberToObject(o, "budget_bytes", (double)r->budget);
}

static void add_solver(cJSON *o, const bench_result *r) {
  cJSON *s = cJSON_AddObjectToObject(o, "solver");
  cJSON_AddNumberToObject(s, "time_s", r->time_s);
  put(s, "time_to_first_s", r->time_to_first_s);
  put(s, "time_to_best_s", r->time_to_best_s);
  cJSON_AddNumberToObject(s, "nodes", (double)r->search_nodes);
  cJSON_AddNumberToObject(s, "failures", (double)r->failures);
  cJSON_AddNumberToObject(s, "restarts", (double)r->restarts);
  cJSON_AddNumberToObject(s, "incumbents", (double)r->incumbents);
  cJSON_AddNumberToObject(s, "C", r->copies);
  cJSON_AddStringToObject(s, "order", bench_order_text(r));
  cJSON_AddNumberToObject(s, "seed", (double)r->job.seed);
  cJSON_AddNumberToObject(s, "time_limit_s", r->job.time_limit_s);
}

static cJSON *run_json(const bench_result *r, const bench_published *pub) {
  cJSON *o = cJSON_CreateObject();
  add_graph(o, r);
  cJSON_AddStringToObject(o, "status", r->ok ? moc_status_name(r->status) : "error");
  if (r->error[0])
    cJSON_AddStringToObject(o, r->ok ? "note" : "error", r->error);
  put(o, "cost", r->cost < 0 ? NAN : (double)r->cost);
  put(o, "peak", r->peak < 0 ? NAN : (double)r->peak);
  put(o, "tdi_percent", bench_tdi(r, r->cost));
  cJSON_AddNumberToObject(o, "lower_bound", (double)r->lower_bound);
  put(o, "lb_tdi_percent", r->ok ? bench_tdi(r, r->lower_bound) : NAN);
  put(o, "gap_percent",
      r->cost > 0 ? 100.0 * (double)(r->cost - r->lower_bound) / (double)r->cost : NAN);
  cJSON_AddBoolToObject(o, "verified", r->verified);
  put(o, "construct_cost", r->construct_cost < 0 ? NAN : (double)r->construct_cost);
  put(o, "construct_time_s", r->construct_cost < 0 ? NAN : r->construct_time_s);
  cJSON_AddNumberToObject(o, "peak_rss_kib", (double)r->peak_rss_kib);
  add_solver(o, r);
  cJSON_AddItemToObject(o, "versus", versus_json(r, pub));
  cJSON_AddBoolToObject(o, "curve_truncated", r->curve_truncated);
  cJSON_AddItemToObject(o, "curve", curve_json(r));
  return o;
}

bool bench_report_json(const char *path, const bench_context *ctx, const bench_result *runs,
                       size_t count, const bench_published *pub) {
  cJSON *root = cJSON_CreateObject();
  cJSON *c = cJSON_AddObjectToObject(root, "context");
  cJSON_AddStringToObject(c, "date", ctx->date);
  cJSON_AddStringToObject(c, "machine", ctx->machine);
  cJSON_AddStringToObject(c, "commit", ctx->commit);
  cJSON_AddStringToObject(c, "load_average", ctx->load);
  cJSON_AddStringToObject(c, "command", ctx->command);
  cJSON_AddNumberToObject(c, "time_limit_s", ctx->time_limit_s);
  cJSON *a = cJSON_AddArrayToObject(root, "runs");
  for (size_t i = 0; i < count; i++)
    cJSON_AddItemToArray(a, run_json(&runs[i], pub));
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  FILE *f = text ? fopen(path, "w") : NULL;
  bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
  if (f)
    ok = fclose(f) == 0 && ok;
  cJSON_free(text);
  return ok;
}
