/* chrome_trace.c — see chrome_trace.h.  Built with cJSON (numbers go through
 * doubles: exact for offsets and sizes below 2^53 bytes, 8 PiB).
 *
 * Lanes are an interval partitioning: instances come in step order, each
 * takes the lowest lane whose last instance has ended (first fit), so the
 * number of lanes is the largest number of tensors resident at once.
 */
#include "cli/chrome_trace.h"

#include <stdlib.h>

#include <cjson/cJSON.h>

static cJSON *metadata(const char *what, int tid, const char *name) {
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "name", what);
  cJSON_AddStringToObject(e, "ph", "M");
  cJSON_AddNumberToObject(e, "pid", 1);
  cJSON_AddNumberToObject(e, "tid", tid);
  cJSON *args = cJSON_AddObjectToObject(e, "args");
  cJSON_AddStringToObject(args, "name", name);
  return e;
}

static cJSON *tensor_event(const cli_graph *cg, const uint32_t *schedule, const moc_arena *a, size_t j, int lane,
                           bool recomputed) {
  char id[160];
  cli_graph_format_id(cg, schedule[j], id, sizeof id);
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "name", id);
  cJSON_AddStringToObject(e, "cat", recomputed ? "tensor,recomputed" : "tensor");
  cJSON_AddStringToObject(e, "ph", "X");
  cJSON_AddNumberToObject(e, "ts", (double)j);
  cJSON_AddNumberToObject(e, "dur", (double)(a->last[j] - j + 1));
  cJSON_AddNumberToObject(e, "pid", 1);
  cJSON_AddNumberToObject(e, "tid", lane);
  cJSON *args = cJSON_AddObjectToObject(e, "args");
  cJSON_AddStringToObject(args, "node", id);
  cJSON_AddNumberToObject(args, "step", (double)j);
  cJSON_AddNumberToObject(args, "last_step", (double)a->last[j]);
  cJSON_AddNumberToObject(args, "offset", (double)a->offset[j]);
  cJSON_AddNumberToObject(args, "bytes", (double)a->bytes[j]);
  cJSON_AddBoolToObject(args, "recomputed", recomputed);
  return e;
}

static cJSON *counter(size_t step, double memory, double top) {
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "name", "memory");
  cJSON_AddStringToObject(e, "ph", "C");
  cJSON_AddNumberToObject(e, "ts", (double)step);
  cJSON_AddNumberToObject(e, "pid", 1);
  cJSON *args = cJSON_AddObjectToObject(e, "args");
  cJSON_AddNumberToObject(args, "resident_bytes", memory);
  cJSON_AddNumberToObject(args, "arena_high_water", top);
  return e;
}

/* Memory and highest occupied arena byte at each step, as counters. */
static void add_counters(cJSON *events, const moc_arena *a) {
  for (size_t step = 0; step < a->length; step++) {
    double memory = 0, top = 0;
    for (size_t j = 0; j <= step; j++) {
      if (a->last[j] < step) continue;
      memory += (double)a->bytes[j];
      double end = (double)(a->offset[j] + a->bytes[j]);
      if (end > top) top = end;
    }
    cJSON_AddItemToArray(events, counter(step, memory, top));
  }
}

/* Tensor events, one per step, on first-fit lanes; false when out of memory. */
static bool add_tensors(cJSON *events, const cli_graph *cg, const uint32_t *schedule, const moc_arena *a) {
  size_t n = moc_graph_node_count(cg->graph), lanes = 0;
  size_t *lane_last = malloc((a->length + 1) * sizeof *lane_last);
  bool *seen = calloc(n + 1, sizeof *seen);
  if (!lane_last || !seen) {
    free(lane_last);
    free(seen);
    return false;
  }
  for (size_t j = 0; j < a->length; j++) {
    size_t lane = 0;
    while (lane < lanes && lane_last[lane] >= j) lane++;
    if (lane == lanes) {
      char name[32];
      snprintf(name, sizeof name, "lane %zu", lane);
      cJSON_AddItemToArray(events, metadata("thread_name", (int)lane, name));
      lanes++;
    }
    lane_last[lane] = a->last[j];
    cJSON_AddItemToArray(events, tensor_event(cg, schedule, a, j, (int)lane, seen[schedule[j]]));
    seen[schedule[j]] = true;
  }
  free(lane_last);
  free(seen);
  return true;
}

bool cli_trace_write(FILE *f, const cli_graph *cg, const uint32_t *schedule, const moc_arena *a) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return false;
  cJSON *events = cJSON_AddArrayToObject(root, "traceEvents");
  cJSON_AddItemToArray(events, metadata("process_name", 0, cg->name ? cg->name : "moccasin"));
  bool ok = add_tensors(events, cg, schedule, a);
  add_counters(events, a);
  cJSON_AddStringToObject(root, "displayTimeUnit", "ms");
  cJSON *other = cJSON_AddObjectToObject(root, "otherData");
  cJSON_AddStringToObject(other, "graph", cg->name ? cg->name : "");
  cJSON_AddNumberToObject(other, "arena_size", (double)a->size);
  cJSON_AddNumberToObject(other, "alignment", (double)a->alignment);
  cJSON_AddNumberToObject(other, "peak", (double)a->peak);
  cJSON_AddStringToObject(other, "time_unit", "1 us = 1 schedule step");
  char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
  cJSON_Delete(root);
  if (!text) return false;
  fputs(text, f);
  fputc('\n', f);
  free(text);
  return !ferror(f);
}
