/* bench_run.c — one benchmark run: load (or generate) the graph, solve it
 * under the job's budget and limits, record every progress report, re-score
 * the final schedule with the independent evaluator, and measure the peak
 * resident memory.
 *
 * bench_run_forked runs the job in a child process: the child resets its
 * high-water mark (writing 5 to /proc/self/clear_refs, Linux >= 4.0) so that
 * VmHWM measures this run alone, and sends the flat bench_result back
 * through a pipe.  Past the watchdog the parent sends SIGTERM, which the
 * child turns into the solver's stop flag (the run then reports what it has,
 * with a note); a child still silent 30 s later is killed, and a child that
 * crashes or is killed gives a result with ok = false and the reason.  The
 * suite goes on either way.
 */
#include "benchmarks/bench.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/graph_reader.h"

#define BENCH_GRACE_S 30.0

/* Set by SIGTERM in a forked child; a signal handler can reach nothing else. */
static volatile int stop_requested;

static void on_sigterm(int sig) {
  (void)sig;
  stop_requested = 1;
}

double bench_tdi(const bench_result *r, int64_t cost) {
  if (cost < 0 || r->topo_cost <= 0)
    return cost < 0 ? NAN : 0.0;
  return 100.0 * (double)(cost - r->topo_cost) / (double)r->topo_cost;
}

double bench_time_to_tdi(const bench_result *r, double target, double slack) {
  if (isnan(target))
    return -1;
  for (size_t i = 0; i < r->curve_len; i++)
    if (r->curve[i].cost >= 0 && bench_tdi(r, r->curve[i].cost) <= target + slack + 1e-9)
      return r->curve[i].time_s;
  return -1;
}

static void on_progress(const moc_progress *p, void *user) {
  bench_result *r = user;
  bench_point pt = {p->elapsed_s, p->has_solution ? p->cost : -1, p->lower_bound, ""};
  snprintf(pt.phase, sizeof pt.phase, "%s", p->phase ? p->phase : "");
  if (p->has_solution && p->phase && !strcmp(p->phase, "construct") &&
      (r->construct_cost < 0 || p->cost < r->construct_cost)) {
    r->construct_cost = p->cost;
    r->construct_time_s = p->elapsed_s;
  }
  if (r->curve_len == BENCH_CURVE_MAX) {
    r->curve_truncated = true;
    r->curve[BENCH_CURVE_MAX - 1] = pt;
  } else {
    r->curve[r->curve_len++] = pt;
  }
  if (r->job.verbose)
    fprintf(stderr, "  [%s @ %s] %8.3f s  %-9s cost %lld  TDI %.2f %%  bound %lld\n",
            r->job.graph, r->job.budget, p->elapsed_s, pt.phase, (long long)pt.cost,
            bench_tdi(r, pt.cost), (long long)p->lower_bound);
}

static moc_error graph_from_gen(const gen_graph *g, moc_graph **out, char *msg, size_t size) {
  int64_t *ids = malloc((size_t)g->n * sizeof *ids + 1);
  int64_t *src = malloc((size_t)g->m * sizeof *src + 1);
  int64_t *dst = malloc((size_t)g->m * sizeof *dst + 1);
  int64_t *order = malloc((size_t)g->n * sizeof *order + 1);
  moc_error err = MOC_ERR_NOMEM;
  *out = NULL;
  if (ids && src && dst && order) {
    for (uint32_t v = 0; v < g->n; v++) {
      ids[v] = v;
      order[v] = g->order ? g->order[v] : v;
    }
    for (uint32_t i = 0; i < g->m; i++) {
      src[i] = g->src[i];
      dst[i] = g->dst[i];
    }
    err = moc_graph_from_arrays(g->n, ids, g->cost, g->size, g->m, src, dst, order, out, msg, size);
  } else {
    snprintf(msg, size, "out of memory");
  }
  free(ids);
  free(src);
  free(dst);
  free(order);
  return err;
}

static bool generate(const bench_job *job, gen_graph *gg) {
  if (job->gen_kind == BENCH_GEN_LAYERED) {
    gen_layered_params p = gen_layered_defaults(job->gen_size);
    return gen_random_layered(&p, job->gen_seed, gg);
  }
  gen_transformer_params p = {job->gen_size, 8, 1024, 1024, 16, 32000, 2, 0};
  return gen_transformer(&p, job->gen_seed, gg);
}

/* Loads or generates the job's graph; false with r->error set. */
static bool load_graph(const bench_job *job, bench_result *r, moc_graph **g) {
  if (job->gen_kind == BENCH_FILE) {
    cli_graph cg;
    cli_error err = {0, ""};
    if (cli_graph_read(job->path, &cg, &err) != CLI_OK) {
      snprintf(r->error, sizeof r->error, "%s", err.text);
      return false;
    }
    snprintf(r->graph_name, sizeof r->graph_name, "%s", cg.name ? cg.name : job->graph);
    *g = cg.graph;
    cg.graph = NULL;
    cli_graph_free(&cg);
    return true;
  }
  gen_graph gg;
  gen_graph_init(&gg, false);
  bool ok = generate(job, &gg);
  if (!ok)
    snprintf(r->error, sizeof r->error, "generation failed");
  else if (graph_from_gen(&gg, g, r->error, sizeof r->error) != MOC_OK)
    ok = false;
  snprintf(r->graph_name, sizeof r->graph_name, "%s", gg.name);
  gen_graph_free(&gg);
  return ok;
}

static bool configure(moc_solver *s, const bench_job *job, bench_result *r, volatile int *stop) {
  moc_error err = moc_solver_set_budget_fraction(s, job->budget);
  if (!err && stop)
    err = moc_solver_set_stop_flag(s, stop);
  if (!err && job->copies > 0)
    err = moc_solver_set_copies(s, job->copies);
  if (!err)
    err = moc_solver_set_time_limit(s, job->time_limit_s);
  if (!err)
    err = moc_solver_set_seed(s, job->seed);
  if (!err && job->fail_limit)
    err = moc_solver_set_fail_limit(s, job->fail_limit);
  if (!err && job->node_limit)
    err = moc_solver_set_node_limit(s, job->node_limit);
  if (!err && job->free_order)
    err = moc_solver_set_order_mode(s, MOC_ORDER_FREE);
  if (!err && job->no_remat)
    err = moc_solver_set_no_remat(s, true);
  if (!err)
    err = moc_solver_set_progress(s, on_progress, r);
  if (err)
    snprintf(r->error, sizeof r->error, "solver option: %s: %s", moc_error_name(err),
             moc_solver_error_message(s));
  return err == MOC_OK;
}

/* Re-scores the final schedule: valid, within budget, same cost and peak. */
static bool verify(const moc_graph *g, const moc_solver *s, const bench_result *r) {
  size_t length = 0;
  const uint32_t *sched = moc_solver_schedule(s, &length);
  if (!sched)
    return r->status != MOC_STATUS_FEASIBLE && r->status != MOC_STATUS_OPTIMAL;
  moc_eval *ev = NULL;
  if (moc_evaluate(g, sched, length, &ev) != MOC_OK)
    return false;
  bool ok = ev->valid && ev->peak <= r->budget && ev->cost == r->cost && ev->peak == r->peak;
  moc_eval_free(ev);
  return ok;
}

static void collect(const moc_graph *g, const moc_solver *s, bench_result *r) {
  moc_stats st = moc_solver_stats(s);
  r->status = moc_solver_status(s);
  r->budget = moc_solver_budget(s);
  r->cost = moc_solver_cost(s);
  r->peak = moc_solver_peak(s);
  r->lower_bound = moc_solver_lower_bound(s);
  r->time_s = st.time_s;
  r->time_to_first_s = st.time_to_first_s;
  r->time_to_best_s = st.time_to_best_s;
  r->search_nodes = st.nodes;
  r->failures = st.failures;
  r->restarts = st.restarts;
  r->incumbents = st.incumbents;
  r->copies = st.copies;
  r->seed = st.seed;
  r->verified = verify(g, s, r);
}

static long peak_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6))
      kib = strtol(line + 6, NULL, 10);
  if (f)
    fclose(f);
  if (kib < 0) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
      kib = ru.ru_maxrss;
  }
  return kib;
}

static void run(const bench_job *job, bench_result *r, volatile int *stop) {
  memset(r, 0, sizeof *r);
  r->job = *job;
  r->cost = r->peak = r->construct_cost = -1;
  r->time_to_first_s = r->time_to_best_s = -1;
  moc_graph *g = NULL;
  if (!load_graph(job, r, &g))
    return;
  r->nodes = (uint32_t)moc_graph_node_count(g);
  r->edges = (uint32_t)moc_graph_edge_count(g);
  r->fingerprint = moc_graph_fingerprint(g);
  r->topo_peak = moc_graph_topo_peak(g);
  r->topo_cost = moc_graph_topo_cost(g);
  r->min_budget = moc_graph_min_budget(g);
  moc_solver *s = moc_solver_create(g);
  if (!s) {
    snprintf(r->error, sizeof r->error, "out of memory creating the solver");
  } else if (configure(s, job, r, stop)) {
    moc_error err = moc_solver_solve(s);
    if (err)
      snprintf(r->error, sizeof r->error, "solve: %s: %s", moc_error_name(err),
               moc_solver_error_message(s));
    else
      collect(g, s, r);
    r->ok = err == MOC_OK;
  }
  moc_solver_free(s);
  moc_graph_free(g);
  r->peak_rss_kib = peak_rss_kib();
  if (stop && *stop && r->ok)
    snprintf(r->error, sizeof r->error, "stopped by the watchdog (SIGTERM) after %.1f s",
             r->time_s);
}

void bench_run_inline(const bench_job *job, bench_result *r) { run(job, r, NULL); }

static void child(const bench_job *job, int fd) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (f) {
    fputs("5", f);
    fclose(f);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigterm;
  sigaction(SIGTERM, &sa, NULL);
  bench_result *r = malloc(sizeof *r);
  if (!r)
    _exit(EXIT_FAILURE);
  run(job, r, &stop_requested);
  const char *p = (const char *)r;
  size_t left = sizeof *r;
  while (left > 0) {
    ssize_t k = write(fd, p, left);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      _exit(EXIT_FAILURE);
    p += k;
    left -= (size_t)k;
  }
  free(r);
  _exit(EXIT_SUCCESS);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Reads the child's result; returns bytes read (sizeof *r when complete).
 * At the watchdog the child gets SIGTERM, and BENCH_GRACE_S more seconds. */
static size_t receive(int fd, pid_t pid, bench_result *r, double watchdog_s) {
  char *p = (char *)r;
  size_t got = 0;
  double deadline = now_s() + watchdog_s;
  bool warned = false;
  while (got < sizeof *r) {
    double left = deadline - now_s();
    struct pollfd pfd = {fd, POLLIN, 0};
    int ready = left > 0 ? poll(&pfd, 1, (int)(left * 1000) + 1) : 0;
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready == 0 && !warned) {
      kill(pid, SIGTERM);
      warned = true;
      deadline = now_s() + BENCH_GRACE_S;
      continue;
    }
    if (ready <= 0)
      break;
    ssize_t k = read(fd, p + got, sizeof *r - got);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      break;
    got += (size_t)k;
  }
  return got;
}

void bench_run_forked(const bench_job *job, bench_result *out, double watchdog_s) {
  int fds[2];
  fflush(stdout);
  fflush(stderr);
  if (pipe(fds) != 0) {
    bench_run_inline(job, out);
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(job, fds[1]);
  }
  close(fds[1]);
  size_t got = pid > 0 ? receive(fds[0], pid, out, watchdog_s) : 0;
  close(fds[0]);
  bool complete = got == sizeof *out;
  int status = 0;
  if (pid > 0 && !complete)
    kill(pid, SIGKILL);
  if (pid > 0)
    waitpid(pid, &status, 0);
  if (complete)
    return;
  memset(out, 0, sizeof *out);
  out->job = *job;
  out->nodes = job->gen_kind == BENCH_GEN_LAYERED ? job->gen_size : 0;
  out->cost = out->peak = out->construct_cost = -1;
  out->time_to_first_s = out->time_to_best_s = -1;
  if (pid < 0)
    snprintf(out->error, sizeof out->error, "fork failed: %s", strerror(errno));
  else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
    snprintf(out->error, sizeof out->error, "the run crashed (signal %d)", WTERMSIG(status));
  else if (WIFEXITED(status))
    snprintf(out->error, sizeof out->error, "the run exited early (status %d)", WEXITSTATUS(status));
  else
    snprintf(out->error, sizeof out->error,
             "no answer within the %.0f s watchdog nor %.0f s after SIGTERM: killed", watchdog_s,
             BENCH_GRACE_S);
}
