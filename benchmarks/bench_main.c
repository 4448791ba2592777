/* bench_main.c — moccasin-bench: reproduces the paper's experiments and sets
 * our results beside the published ones.
 *
 * Default suite: the paper's 12 runs, the six graphs of benchmarks/graphs at
 * budgets 0.9 and 0.8 of the topological order's peak.  --scaling instead
 * generates random layered graphs of growing size (moccasin-gen's generator)
 * and reports how time to the first schedule, time per TDI point and memory
 * grow with n.  Each run goes in a forked child (bench_run.c); the table goes
 * to stdout, progress to stderr, and --csv / --json / --markdown write files.
 * Exit status: 0 when every run finished within its limits and every
 * schedule passed the evaluator, 1 otherwise, 64 bad usage, 66 an input file cannot be read,
 * 73 a report cannot be written.
 */
#include "benchmarks/bench.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef MOC_BENCH_DATA_DIR
#define MOC_BENCH_DATA_DIR "benchmarks"
#endif

#define MAX_ITEMS 64

static const char USAGE[] =
    "usage: moccasin-bench [options]\n"
    "\n"
    "Runs the paper's experiments (six graphs x budgets 0.9, 0.8) and compares with the\n"
    "published numbers of MOCCASIN (CP-SAT), Checkmate and FastSA.\n"
    "\n"
    "  --graphs A,B,...   graph names in --graph-dir, paths to .json files, or graphs\n"
    "                     generated on the fly: random-layered:N (N nodes), transformer:L\n"
    "                     (L blocks, about 28 L + 8 nodes), as moccasin-gen makes them\n"
    "                     [random_layered_n100,..._n1000,resnet50_train,fcn8_train]\n"
    "  --budgets F,...    budget fractions of the topological peak [0.9,0.8]\n"
    "  --time-limit S     seconds per run [10]; 0: none\n"
    "  --seed K           solver seed [1]\n"
    "  --remat C          copies per node, C (also --copies) [the solver's default, 2]\n"
    "  --fail-limit N     failures per run [none]\n"
    "  --node-limit N     search nodes per run [none]\n"
    "  --order MODE       fixed: first computations in the reference order, as in the\n"
    "                     paper [fixed]; free: the solver may reorder them too\n"
    "  --no-remat         no recomputation: the best topological order only\n"
    "  --csv FILE         one row per run\n"
    "  --json FILE        everything, with the anytime curves\n"
    "  --markdown FILE    a report page (as benchmarks/RESULTS.md)\n"
    "  --graph-dir DIR    [" MOC_BENCH_DATA_DIR "/graphs]\n"
    "  --published FILE   [" MOC_BENCH_DATA_DIR "/published.csv]\n"
    "  --scaling          the scaling series: random-layered:N for each N of --sizes,\n"
    "                     in a table of growth with n\n"
    "  --sizes N,...      [100,300,1000,3000,10000]\n"
    "  --no-fork          run in this process (peak memory is then cumulative)\n"
    "  --quiet            no progress lines on stderr\n"
    "  -h, --help         this help\n";

static const char *const DEFAULT_GRAPHS[] = {
    "random_layered_n100", "random_layered_n250", "random_layered_n500",
    "random_layered_n1000", "resnet50_train", "fcn8_train"};

typedef struct options {
  char *graphs[MAX_ITEMS], *budgets[MAX_ITEMS], *sizes[MAX_ITEMS];
  int graph_count, budget_count, size_count;
  bench_job base;            /* limits, seed, C shared by every job */
  const char *csv, *json, *markdown, *graph_dir, *published;
  bool scaling, fork, quiet;
} options;

static int usage_error(const char *what, const char *arg) {
  fprintf(stderr, "moccasin-bench: %s '%s'\n(moccasin-bench --help for usage)\n", what, arg);
  return EX_USAGE;
}

/* Splits a comma-separated list into `items` (pointers into `list`). */
static int split_list(char *list, char **items, int *count) {
  *count = 0;
  char *save = NULL;
  for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    if (*count == MAX_ITEMS)
      return usage_error("too many items in list", list);
    items[(*count)++] = t;
  }
  return *count ? 0 : usage_error("empty list", "");
}

static bool parse_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  if (!s || !*s || *s == '-')
    return false;
  *out = strtoull(s, &end, 10);
  return !errno && !*end;
}

static int parse_value(options *o, const char *opt, char *val) {
  char *end;
  uint64_t u;
  if (!strcmp(opt, "--graphs"))
    return split_list(val, o->graphs, &o->graph_count);
  if (!strcmp(opt, "--budgets"))
    return split_list(val, o->budgets, &o->budget_count);
  if (!strcmp(opt, "--sizes"))
    return split_list(val, o->sizes, &o->size_count);
  if (!strcmp(opt, "--time-limit")) {
    o->base.time_limit_s = strtod(val, &end);
    return *end || !(o->base.time_limit_s >= 0) ? usage_error("bad time limit", val) : 0;
  }
  if (!strcmp(opt, "--seed"))
    return parse_u64(val, &o->base.seed) ? 0 : usage_error("bad seed", val);
  if (!strcmp(opt, "--remat") || !strcmp(opt, "--copies")) {
    bool ok = parse_u64(val, &u) && u >= 1 && u <= 64;
    o->base.copies = (int)u;
    return ok ? 0 : usage_error("bad C (1..64)", val);
  }
  if (!strcmp(opt, "--order")) {
    o->base.free_order = !strcmp(val, "free");
    return o->base.free_order || !strcmp(val, "fixed") ? 0 : usage_error("bad order mode", val);
  }
  if (!strcmp(opt, "--fail-limit"))
    return parse_u64(val, &o->base.fail_limit) ? 0 : usage_error("bad fail limit", val);
  if (!strcmp(opt, "--node-limit"))
    return parse_u64(val, &o->base.node_limit) ? 0 : usage_error("bad node limit", val);
  const char **paths[] = {&o->csv, &o->json, &o->markdown, &o->graph_dir, &o->published};
  const char *names[] = {"--csv", "--json", "--markdown", "--graph-dir", "--published"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(opt, names[i])) {
      *paths[i] = val;
      return 0;
    }
  return usage_error("unknown option", opt);
}

/* Returns -1 to go on, else an exit status. */
static int parse(options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(USAGE, stdout);
      return 0;
    }
    if (!strcmp(a, "--scaling") || !strcmp(a, "--no-fork") || !strcmp(a, "--quiet") ||
        !strcmp(a, "--no-remat")) {
      o->scaling |= !strcmp(a, "--scaling");
      o->base.no_remat |= !strcmp(a, "--no-remat");
      o->fork &= strcmp(a, "--no-fork") != 0;
      o->quiet |= !strcmp(a, "--quiet");
      continue;
    }
    if (i + 1 == argc)
      return usage_error("missing value after", a);
    int rc = parse_value(o, a, argv[++i]);
    if (rc)
      return rc;
  }
  for (int b = 0; b < o->budget_count; b++) {
    char *end;
    double f = strtod(o->budgets[b], &end);
    if (*end || !(f > 0 && f <= 1) || strlen(o->budgets[b]) >= sizeof o->base.budget)
      return usage_error("bad budget fraction (0 < f <= 1)", o->budgets[b]);
  }
  return -1;
}

/* A generated graph "random-layered:N" or "transformer:L"; 1 when g is one,
 * 0 when it is not, an exit status when it is malformed. */
static int generated_job(const char *g, bench_job *job) {
  static const char *const prefix[] = {"random-layered:", "transformer:"};
  static const char *const name[] = {"random_layered_gen_n", "transformer_gen_L"};
  for (int k = 0; k < 2; k++) {
    size_t len = strlen(prefix[k]);
    if (strncmp(g, prefix[k], len))
      continue;
    uint64_t size;
    if (!parse_u64(g + len, &size) || size < (k ? 1u : 3u) || size > 10000000)
      return usage_error("bad size in", g);
    job->gen_kind = k ? BENCH_GEN_TRANSFORMER : BENCH_GEN_LAYERED;
    job->gen_size = (uint32_t)size;
    job->gen_seed = job->seed;
    snprintf(job->graph, sizeof job->graph, "%s%llu", name[k], (unsigned long long)size);
    return 1;
  }
  return 0;
}

/* The job for graph g: generated, a name in graph_dir, or a path to a file. */
static int graph_job(const options *o, const char *g, bench_job *job) {
  int gen = generated_job(g, job);
  if (gen)
    return gen == 1 ? 0 : gen;
  size_t len = strlen(g);
  bool is_path = strchr(g, '/') || (len > 5 && !strcmp(g + len - 5, ".json"));
  if (is_path)
    snprintf(job->path, sizeof job->path, "%s", g);
  else
    snprintf(job->path, sizeof job->path, "%s/%s.json", o->graph_dir, g);
  const char *base = strrchr(g, '/') ? strrchr(g, '/') + 1 : g;
  snprintf(job->graph, sizeof job->graph, "%.*s", (int)strcspn(base, "."), base);
  if (access(job->path, R_OK) != 0) {
    fprintf(stderr, "moccasin-bench: %s: cannot read: %s\n", job->path, strerror(errno));
    return EX_NOINPUT;
  }
  return 0;
}

static int build_jobs(const options *o, bench_job *jobs, size_t *count) {
  *count = 0;
  for (int i = 0; i < o->graph_count; i++)
    for (int b = 0; b < o->budget_count; b++) {
      bench_job *job = &jobs[(*count)++];
      *job = o->base;
      snprintf(job->budget, sizeof job->budget, "%s", o->budgets[b]);
      int rc = graph_job(o, o->graphs[i], job);
      if (rc)
        return rc;
    }
  return 0;
}

static void announce(const bench_result *r) {
  if (r->ok && r->cost < 0)
    fprintf(stderr, "moccasin-bench: %s @ %s: %s, no schedule, %.0f MB\n", r->job.graph,
            r->job.budget, moc_status_name(r->status), (double)r->peak_rss_kib / 1024.0);
  else if (r->ok)
    fprintf(stderr, "moccasin-bench: %s @ %s: %s, cost %lld, TDI %.2f %%, first %.3f s, best "
                    "%.2f s, %.0f MB\n",
            r->job.graph, r->job.budget, moc_status_name(r->status), (long long)r->cost,
            bench_tdi(r, r->cost), r->time_to_first_s, r->time_to_best_s,
            (double)r->peak_rss_kib / 1024.0);
  else
    fprintf(stderr, "moccasin-bench: %s @ %s: error: %s\n", r->job.graph, r->job.budget, r->error);
  if (r->ok && r->error[0])
    fprintf(stderr, "moccasin-bench: %s @ %s: note: %s\n", r->job.graph, r->job.budget, r->error);
}

static int written(const char *path, bool ok) {
  if (ok)
    return 0;
  fprintf(stderr, "moccasin-bench: %s: cannot write\n", path);
  return EX_CANTCREAT;
}

static int write_reports(const options *o, const bench_context *ctx, const bench_result *runs,
                         size_t count, const bench_published *pub) {
  int rc = 0;
  if (o->csv)
    rc |= written(o->csv, bench_report_csv(o->csv, runs, count, pub));
  if (o->json)
    rc |= written(o->json, bench_report_json(o->json, ctx, runs, count, pub));
  if (o->markdown)
    rc |= written(o->markdown, bench_report_markdown(o->markdown, ctx, runs, count, pub));
  return rc;
}

static int run_all(const options *o, const bench_job *jobs, size_t count,
                   const bench_context *ctx, const bench_published *pub) {
  bench_result *runs = calloc(count, sizeof *runs);
  if (!runs) {
    fprintf(stderr, "moccasin-bench: out of memory\n");
    return EX_OSERR;
  }
  bool all_ok = true;
  for (size_t i = 0; i < count; i++) {
    double limit = jobs[i].time_limit_s;
    double watchdog = limit > 0 ? 1.5 * limit + 10 : 1e9;
    if (o->fork)
      bench_run_forked(&jobs[i], &runs[i], watchdog);
    else
      bench_run_inline(&jobs[i], &runs[i]);
    announce(&runs[i]);
    all_ok &= runs[i].ok && runs[i].verified && !runs[i].error[0];
  }
  if (o->scaling)
    bench_report_scaling(stdout, runs, count);
  else
    bench_report_table(stdout, runs, count, pub);
  int rc = write_reports(o, ctx, runs, count, pub);
  free(runs);
  return rc ? rc : all_ok ? 0 : 1;
}

int main(int argc, char **argv) {
  static char default_budgets[] = "0.9,0.8", default_sizes[] = "100,300,1000,3000,10000";
  options o = {.fork = true, .graph_dir = MOC_BENCH_DATA_DIR "/graphs",
               .published = MOC_BENCH_DATA_DIR "/published.csv"};
  o.base.time_limit_s = 10;
  o.base.seed = 1;
  bench_context ctx; /* before parsing, which splits the lists of argv in place */
  bench_context_fill(&ctx, argc, argv);
  int rc = parse(&o, argc, argv);
  if (rc >= 0)
    return rc;
  o.base.verbose = !o.quiet;
  if (!o.budget_count)
    split_list(default_budgets, o.budgets, &o.budget_count);
  if (!o.size_count)
    split_list(default_sizes, o.sizes, &o.size_count);
  char scaled[MAX_ITEMS][40];
  for (int i = 0; o.scaling && i < o.size_count; i++) {
    snprintf(scaled[i], sizeof scaled[i], "random-layered:%.20s", o.sizes[i]);
    o.graphs[i] = scaled[i];
  }
  if (o.scaling)
    o.graph_count = o.size_count;
  for (size_t i = 0; !o.graph_count && i < sizeof DEFAULT_GRAPHS / sizeof *DEFAULT_GRAPHS; i++)
    o.graphs[i] = (char *)DEFAULT_GRAPHS[i];
  if (!o.graph_count)
    o.graph_count = (int)(sizeof DEFAULT_GRAPHS / sizeof *DEFAULT_GRAPHS);
  bench_published pub;
  char msg[512];
  if (!bench_published_load(o.published, &pub, msg, sizeof msg)) {
    fprintf(stderr, "moccasin-bench: %s\n", msg);
    return EX_NOINPUT;
  }
  bench_job *jobs = calloc((size_t)o.graph_count * (size_t)o.budget_count, sizeof *jobs);
  size_t count = 0;
  rc = jobs ? build_jobs(&o, jobs, &count) : EX_OSERR;
  if (rc == 0) {
    ctx.time_limit_s = o.base.time_limit_s;
    ctx.scaling = o.scaling;
    rc = run_all(&o, jobs, count, &ctx, &pub);
  }
  free(jobs);
  bench_published_free(&pub);
  return rc;
}
