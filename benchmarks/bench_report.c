/* bench_report.c — the human-facing reports: the table on stdout, the CSV
 * (one row per run) and the Markdown page, plus bench_compare, which sets a
 * run against the published numbers.
 *
 * Conventions in every report: TDI in %, times in seconds from the start of
 * the solve, "-" (table, Markdown) or an empty field (CSV) for a figure that
 * does not exist (no schedule, never reached, not published).
 */
#include "benchmarks/bench.h"

#include <math.h>
#include <string.h>

static void published(const bench_published *pub, const bench_result *r, const char *method,
                      double *tdi, double *time_s, double *half_unit) {
  const bench_published_row *row = bench_published_find(pub, r->job.graph, r->job.budget, method);
  bool ok = row && !strcmp(row->status, "ok");
  *tdi = ok ? row->tdi : NAN;
  if (time_s)
    *time_s = ok ? row->time_s : NAN;
  if (half_unit)
    *half_unit = ok ? row->tdi_half_unit : 0.0;
}

static double per_tdi_point(const bench_result *r) {
  for (size_t i = 0; i < r->curve_len; i++)
    if (r->curve[i].cost >= 0) {
      double drop = bench_tdi(r, r->curve[i].cost) - bench_tdi(r, r->cost);
      return drop > 1e-9 ? (r->time_to_best_s - r->curve[i].time_s) / drop : -1;
    }
  return -1;
}

bench_versus bench_compare(const bench_result *r, const bench_published *pub) {
  bench_versus v;
  double half_paper, half_best;
  published(pub, r, "moccasin_cpsat", &v.paper_tdi, &v.paper_time_s, &half_paper);
  published(pub, r, "checkmate_milp", &v.checkmate_tdi, &v.checkmate_time_s, NULL);
  published(pub, r, "fastsa", &v.fastsa_tdi, &v.fastsa_time_s, NULL);
  published(pub, r, "best_known", &v.best_known_tdi, NULL, &half_best);
  v.time_to_paper_s = bench_time_to_tdi(r, v.paper_tdi, half_paper);
  v.time_to_best_known_s = bench_time_to_tdi(r, v.best_known_tdi, half_best);
  v.time_per_tdi_point_s = per_tdi_point(r);
  v.construct_tdi = bench_tdi(r, r->construct_cost);
  return v;
}

static double gap_percent(const bench_result *r) {
  return r->cost > 0 ? 100.0 * (double)(r->cost - r->lower_bound) / (double)r->cost : NAN;
}

const char *bench_order_text(const bench_result *r) {
  return r->job.no_remat ? "no-remat" : r->job.free_order ? "free" : "fixed";
}

static const char *status_text(const bench_result *r) {
  return r->ok ? moc_status_name(r->status) : "error";
}

/* "%.*f" or "-" for NAN / negative times. */
static const char *fmt(char *buf, size_t size, double v, int digits) {
  if (isnan(v) || v < -0.5)
    snprintf(buf, size, "-");
  else
    snprintf(buf, size, "%.*f", digits, v);
  return buf;
}

/* One table or Markdown row; `sep` separates cells. */
static void row(FILE *f, const bench_result *r, const bench_published *pub, const char *sep,
                const char *open, const char *close) {
  bench_versus v = bench_compare(r, pub);
  char b[16][32];
  fprintf(f, "%s%-26s%s%-4s%s%-10s%s%d%s%7s%s%7s%s%6s%s%6s%s%6s%s%7s%s%7s%s%7s%s%6s%s%5s%s%10llu"
          "%s%8llu%s%6.0f%s%s\n",
          open, r->job.graph, sep, r->job.budget, sep, status_text(r), sep, r->copies, sep,
          fmt(b[0], 32, bench_tdi(r, r->cost), 2), sep, fmt(b[1], 32, v.construct_tdi, 2), sep,
          fmt(b[2], 32, v.paper_tdi, 1), sep, fmt(b[3], 32, v.fastsa_tdi, 2), sep,
          fmt(b[4], 32, v.best_known_tdi, 1), sep, fmt(b[5], 32, r->time_to_first_s, 3), sep,
          fmt(b[6], 32, r->time_to_best_s, 2), sep, fmt(b[7], 32, v.time_to_paper_s, 2), sep,
          fmt(b[8], 32, gap_percent(r), 2), sep, !r->ok ? "-" : r->verified ? "yes" : "NO", sep,
          (unsigned long long)r->search_nodes, sep, (unsigned long long)r->failures, sep,
          (double)r->peak_rss_kib / 1024.0, sep, close);
}

static void header(FILE *f, const char *sep, const char *open, const char *close) {
  fprintf(f, "%s%-26s%s%-4s%s%-10s%s%s%s%7s%s%7s%s%6s%s%6s%s%6s%s%7s%s%7s%s%7s%s%6s%s%5s%s%10s%s"
             "%8s%s%6s%s%s\n",
          open, "graph", sep, "B", sep, "status", sep, "C", sep, "TDI%", sep, "constr", sep,
          "paper", sep, "FastSA", sep, "best", sep, "first_s", sep, "best_s", sep, "@paper", sep,
          "gap%", sep, "eval", sep, "nodes", sep, "fails", sep, "RSS_MB", sep, close);
}

void bench_report_table(FILE *f, const bench_result *runs, size_t count,
                        const bench_published *pub) {
  header(f, " ", "", "");
  for (size_t i = 0; i < count; i++) {
    row(f, &runs[i], pub, " ", "", "");
    if (runs[i].error[0])
      fprintf(f, "    %s: %s\n", runs[i].ok ? "note" : "error", runs[i].error);
  }
  fprintf(f, "TDI%%: ours; constr: the constructive phase alone; paper: MOCCASIN (CP-SAT, 16 "
             "workers); best: best known (issue 7); @paper: when we first reached the paper's "
             "TDI; gap%%: (cost - lower bound) / cost; eval: the evaluator re-scored the "
             "schedule.\n");
}

void bench_report_scaling(FILE *f, const bench_result *runs, size_t count) {
  fprintf(f, "%8s %8s %-5s %-10s %9s %9s %8s %8s %10s %8s\n", "n", "edges", "B", "status",
          "first_s", "TDI_first", "TDI", "best_s", "s/TDIpt", "RSS_MB");
  for (size_t i = 0; i < count; i++) {
    const bench_result *r = &runs[i];
    double first_tdi = NAN;
    for (size_t k = 0; k < r->curve_len && isnan(first_tdi); k++)
      if (r->curve[k].cost >= 0)
        first_tdi = bench_tdi(r, r->curve[k].cost);
    char b[6][32];
    fprintf(f, "%8u %8u %-5s %-10s %9s %9s %8s %8s %10s %8.0f\n", r->nodes, r->edges,
            r->job.budget, status_text(r), fmt(b[0], 32, r->time_to_first_s, 3),
            fmt(b[1], 32, first_tdi, 2), fmt(b[2], 32, bench_tdi(r, r->cost), 2),
            fmt(b[3], 32, r->time_to_best_s, 2), fmt(b[4], 32, per_tdi_point(r), 3),
            (double)r->peak_rss_kib / 1024.0);
    if (r->error[0])
      fprintf(f, "    %s: %s\n", r->ok ? "note" : "error", r->error);
  }
  fprintf(f, "first_s: time to the first schedule within budget; TDI_first: its TDI; s/TDIpt: "
             "seconds of search per TDI point gained after it; RSS_MB: peak resident memory of "
             "the run's process.\n");
}

/* ---- CSV ------------------------------------------------------------------ */

static const char CSV_HEADER[] =
    "graph,budget,status,cost,tdi_percent,lower_bound,lb_tdi_percent,gap_percent,"
    "time_to_first_s,time_to_best_s,time_s,paper_moccasin_tdi,paper_moccasin_time_s,"
    "time_to_paper_tdi_s,paper_checkmate_tdi,fastsa_tdi,best_known_tdi,time_to_best_known_s,"
    "construct_cost,construct_tdi_percent,construct_time_s,time_per_tdi_point_s,copies,seed,"
    "time_limit_s,nodes,edges,search_nodes,failures,restarts,incumbents,peak_rss_kib,"
    "fingerprint,budget_bytes,topo_peak,topo_cost,peak,verified,order,graph_name,error\n";

static void csv_num(FILE *f, double v, bool last) {
  if (!(isnan(v) || v < -0.5))
    fprintf(f, "%.6g", v);
  fputc(last ? '\n' : ',', f);
}

static void csv_row(FILE *f, const bench_result *r, const bench_published *pub) {
  bench_versus v = bench_compare(r, pub);
  bool sol = r->cost >= 0;
  fprintf(f, "%s,%s,%s,", r->job.graph, r->job.budget, status_text(r));
  if (sol)
    fprintf(f, "%lld", (long long)r->cost);
  fputc(',', f);
  csv_num(f, bench_tdi(r, r->cost), false);
  fprintf(f, "%lld,", (long long)r->lower_bound);
  double lb_tdi = r->ok ? bench_tdi(r, r->lower_bound) : NAN;
  double nums[] = {lb_tdi, gap_percent(r), r->time_to_first_s, r->time_to_best_s, r->time_s,
                   v.paper_tdi, v.paper_time_s, v.time_to_paper_s, v.checkmate_tdi, v.fastsa_tdi,
                   v.best_known_tdi, v.time_to_best_known_s, (double)r->construct_cost,
                   v.construct_tdi, r->construct_cost >= 0 ? r->construct_time_s : NAN,
                   v.time_per_tdi_point_s};
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
    csv_num(f, nums[i], false);
  fprintf(f, "%d,%llu,%g,%u,%u,%llu,%llu,%llu,%llu,%ld,%016llx,%lld,%lld,%lld,%lld,%d,%s,\"%s\",\"",
          r->copies, (unsigned long long)r->job.seed, r->job.time_limit_s, r->nodes, r->edges,
          (unsigned long long)r->search_nodes, (unsigned long long)r->failures,
          (unsigned long long)r->restarts, (unsigned long long)r->incumbents, r->peak_rss_kib,
          (unsigned long long)r->fingerprint, (long long)r->budget, (long long)r->topo_peak,
          (long long)r->topo_cost, (long long)r->peak, r->verified ? 1 : 0, bench_order_text(r),
          r->graph_name);
  for (const char *p = r->error; *p; p++) { /* CSV quoting: double the quotes */
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  fputs("\"\n", f);
}

bool bench_report_csv(const char *path, const bench_result *runs, size_t count,
                      const bench_published *pub) {
  FILE *f = fopen(path, "w");
  if (!f)
    return false;
  fputs(CSV_HEADER, f);
  for (size_t i = 0; i < count; i++)
    csv_row(f, &runs[i], pub);
  return fclose(f) == 0;
}

/* ---- Markdown ------------------------------------------------------------- */

bool bench_report_markdown(const char *path, const bench_context *ctx, const bench_result *runs,
                           size_t count, const bench_published *pub) {
  FILE *f = fopen(path, "w");
  if (!f)
    return false;
  fprintf(f, "# moccasin-bench results\n\n");
  fprintf(f, "- date: %s\n- machine: %s\n- load average at start: %s\n- commit: %s\n- command: "
             "`%s`\n- time limit per run: %g s\n",
          ctx->date, ctx->machine, ctx->load, ctx->commit, ctx->command, ctx->time_limit_s);
  fprintf(f, "- order of first computations: %s; C (copies per node): in the table\n\n",
          count > 0 ? bench_order_text(&runs[0]) : "-");
  if (ctx->scaling) {
    fputs("```\n", f);
    bench_report_scaling(f, runs, count);
    fputs("```\n", f);
  }
  header(f, " | ", "| ", "");
  fputs("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n", f);
  for (size_t i = 0; i < count; i++)
    row(f, &runs[i], pub, " | ", "| ", "");
  fputs("\nTDI%: ours at the end of the run; constr: the constructive phase alone (the "
        "baseline); paper: MOCCASIN on CP-SAT with 16 workers (Bartan et al. 2023); FastSA: "
        "Imanishi et al. 2023; best: best known (issue 7); first_s / best_s: time to the first "
        "schedule within budget / to the final one; @paper: when we first reached the paper's "
        "TDI (rounded as published); gap%: (cost - lower bound) / cost; eval: the independent "
        "evaluator re-scored the schedule; RSS_MB: peak resident memory of the process that "
        "ran the run.  Published times and sources: benchmarks/published.csv.\n",
        f);
  for (size_t i = 0; i < count; i++)
    if (runs[i].error[0])
      fprintf(f, "\n- %s @ %s: %s: %s\n", runs[i].job.graph, runs[i].job.budget,
              runs[i].ok ? "note" : "error", runs[i].error);
  return fclose(f) == 0;
}
