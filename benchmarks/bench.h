/* bench.h — what the files of moccasin-bench share.
 *
 * A run is one (graph, budget) pair solved once.  bench_run.c executes it,
 * normally in a forked child so that the peak resident memory it reports is
 * the run's own, and hands back a bench_result (a flat struct, sent whole
 * through a pipe).  bench_published.c holds the published numbers the
 * results are set against; bench_report.c and bench_json.c write the table,
 * CSV, Markdown and JSON; bench_main.c parses the command line and drives the
 * default suite or the scaling series.
 */
#ifndef MOC_BENCH_BENCH_H
#define MOC_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "benchmarks/gen.h"
#include "model/moccasin.h"

/* ---- one run -------------------------------------------------------------- */

/* Graphs the bench can generate itself (moccasin-gen's generators with their
 * default shapes): "random-layered:N" (N nodes) and "transformer:L" (L blocks). */
typedef enum bench_gen_kind { BENCH_FILE = 0, BENCH_GEN_LAYERED, BENCH_GEN_TRANSFORMER } bench_gen_kind;

/* What to run: a graph file, or a generated graph. */
typedef struct bench_job {
  char graph[128];          /* the name shown in reports (file stem) */
  char path[1024];          /* the graph file (BENCH_FILE) */
  bench_gen_kind gen_kind;  /* or the graph to generate ... */
  uint32_t gen_size;        /* ... nodes or blocks ... */
  uint64_t gen_seed;        /* ... and its seed */
  char budget[16];          /* the budget fraction as text ("0.8") */
  double time_limit_s;      /* <= 0: none */
  uint64_t seed;
  int copies;               /* C; 0 keeps the solver's default */
  uint64_t fail_limit, node_limit; /* 0: none */
  bool free_order;          /* moc_solver_set_order_mode(MOC_ORDER_FREE) */
  bool no_remat;            /* moc_solver_set_no_remat */
  bool verbose;             /* one stderr line per incumbent */
} bench_job;

#define BENCH_CURVE_MAX 2048

/* One progress report of the solver: an incumbent or a better bound. */
typedef struct bench_point {
  double time_s;
  int64_t cost;             /* -1 while no schedule */
  int64_t lower_bound;
  char phase[16];
} bench_point;

typedef struct bench_result {
  bench_job job;
  bool ok;                  /* the run finished and reported */
  char error[1024];         /* why not, when !ok */
  char graph_name[200];     /* graph.name */
  uint32_t nodes, edges;
  uint64_t fingerprint;
  int64_t budget, topo_peak, topo_cost, min_budget;
  moc_status status;
  int64_t cost, peak, lower_bound;   /* cost and peak -1 without a schedule */
  bool verified;            /* the evaluator agrees: valid, within budget, same cost */
  double time_s, time_to_first_s, time_to_best_s;
  uint64_t search_nodes, failures, restarts, incumbents;
  int copies;               /* the C the solver used */
  uint64_t seed;
  int64_t construct_cost;   /* best schedule of the constructive phase, -1: none */
  double construct_time_s;
  long peak_rss_kib;        /* of the process that ran this run */
  size_t curve_len;         /* points in curve (the last one is always the latest) */
  bool curve_truncated;
  bench_point curve[BENCH_CURVE_MAX];
} bench_result;

/* Runs the job in this process. */
void bench_run_inline(const bench_job *job, bench_result *out);
/* Runs the job in a forked child; a child that crashes or outlives
 * watchdog_s seconds gives a result with ok = false. */
void bench_run_forked(const bench_job *job, bench_result *out, double watchdog_s);

/* TDI % of a cost against the result's topological cost. */
double bench_tdi(const bench_result *r, int64_t cost);
/* First time the curve reaches TDI <= target + slack, or -1. */
double bench_time_to_tdi(const bench_result *r, double target, double slack);

/* ---- published numbers ---------------------------------------------------- */

typedef struct bench_published_row {
  char graph[64], budget[16], method[32], status[24];
  double tdi;               /* NAN when not given */
  double tdi_half_unit;     /* half of the last printed digit: 0.05 for "2.3" */
  double time_s;            /* NAN when not given */
} bench_published_row;

typedef struct bench_published {
  bench_published_row *rows;
  size_t count;
} bench_published;

/* Reads benchmarks/published.csv; false with a message on failure. */
bool bench_published_load(const char *path, bench_published *out, char *msg, size_t msg_size);
void bench_published_free(bench_published *p);
/* The row for graph, budget and method, or NULL. */
const bench_published_row *bench_published_find(const bench_published *p, const char *graph,
                                                const char *budget, const char *method);

/* ---- reports -------------------------------------------------------------- */

/* The run's context, printed in the JSON and Markdown headers. */
typedef struct bench_context {
  char date[32];            /* UTC, ISO 8601 */
  char machine[400];        /* CPU model, cores, kernel */
  char commit[64];          /* git commit of the sources, or "unknown" */
  char load[64];            /* /proc/loadavg at the start: other work on the machine */
  char command[1024];       /* the command line */
  double time_limit_s;
  bool scaling;             /* the scaling series: its own table layout */
} bench_context;

void bench_context_fill(bench_context *c, int argc, char **argv);

void bench_report_table(FILE *f, const bench_result *runs, size_t count,
                        const bench_published *pub);
/* The scaling series' table: growth with n of time to first, time per TDI
 * point and memory. */
void bench_report_scaling(FILE *f, const bench_result *runs, size_t count);
bool bench_report_csv(const char *path, const bench_result *runs, size_t count,
                      const bench_published *pub);
bool bench_report_markdown(const char *path, const bench_context *ctx, const bench_result *runs,
                           size_t count, const bench_published *pub);
bool bench_report_json(const char *path, const bench_context *ctx, const bench_result *runs,
                       size_t count, const bench_published *pub);

/* The comparison figures of one run against the published rows. */
typedef struct bench_versus {
  double paper_tdi, paper_time_s;     /* MOCCASIN (CP-SAT), NAN when unknown */
  double checkmate_tdi, checkmate_time_s;
  double fastsa_tdi, fastsa_time_s;
  double best_known_tdi;
  double time_to_paper_s;             /* when we first reached the paper's TDI, -1: never */
  double time_to_best_known_s;
  double time_per_tdi_point_s;        /* (t_best - t_first) / (TDI_first - TDI_best), -1 */
  double construct_tdi;               /* NAN without a constructive schedule */
} bench_versus;

bench_versus bench_compare(const bench_result *r, const bench_published *pub);
/* "fixed" (the paper's order of first computations), "free" or "no-remat". */
const char *bench_order_text(const bench_result *r);

#endif /* MOC_BENCH_BENCH_H */
