/* test_gen.c — moccasin-gen, tested through its command line: every kind
 * writes SPEC §3 JSON describing an acyclic graph with dense ids, sane
 * attributes and the promised node count; the same seed gives the same bytes;
 * `moccasin info` accepts the files; bad usage gets a sysexits status and
 * leaves no file behind.  cJSON comes with the CLI library (moccasin_cli),
 * so the tests exist when both moccasin-gen and the CLI are built.
 */
#include <criterion/criterion.h>

#if defined(MOC_GEN_PATH) && defined(MOC_CLI_PATH)
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/cli_run.h"

/* Runs argv (argv[0] is the program path); its exit status. */
static int run(char *const argv[]) {
  cli_run_result r = cli_run_program(argv[0], (const char *const *)argv + 1);
  int status = r.status;
  cli_run_free(&r);
  return status;
}

static char *slurp(const char *path, size_t *len) {
  char *text = cli_run_read_file(path);
  cr_assert_not_null(text, "cannot open %s", path);
  if (len)
    *len = strlen(text);
  return text;
}

static char dir[] = "/tmp/moc_test_gen_XXXXXX";

static void setup(void) { cr_assert_not_null(mkdtemp(dir)); }

static void teardown(void) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

/* Generates `kind` with extra args into dir/name; returns the exit status. */
static int gen(const char *name, const char *const *args) {
  char out[128];
  snprintf(out, sizeof out, "%s/%s", dir, name);
  char *argv[32] = {MOC_GEN_PATH};
  int c = 1;
  for (; args[c - 1]; c++)
    argv[c] = (char *)args[c - 1];
  argv[c++] = "-o";
  argv[c++] = out;
  argv[c] = NULL;
  return run(argv);
}

static double num(const cJSON *obj, const char *key) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
  cr_assert(cJSON_IsNumber(it), "missing number '%s'", key);
  return it->valuedouble;
}

/* Parses dir/name and checks it; returns the node count. */
static int check_graph(const char *name) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *text = slurp(path, NULL);
  cJSON *root = cJSON_Parse(text);
  free(text);
  cr_assert_not_null(root, "%s is not JSON", name);
  const cJSON *graph = cJSON_GetObjectItemCaseSensitive(root, "graph");
  cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(graph, "name")));
  const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
  const cJSON *links = cJSON_GetObjectItemCaseSensitive(root, "links");
  int n = cJSON_GetArraySize(nodes), i = 0;
  cr_assert_gt(n, 0);
  const cJSON *node;
  cJSON_ArrayForEach(node, nodes) {
    cr_assert_eq((int)num(node, "id"), i++, "ids must be dense and in order");
    bool cm = cJSON_HasObjectItem(node, "cost_cpu");
    cr_assert_geq(num(node, cm ? "cost_cpu" : "duration"), 0);
    cr_assert_geq(num(node, cm ? "cost_ram" : "out_cost"), 0);
  }
  const cJSON *link;
  cJSON_ArrayForEach(link, links) { /* ascending ids are topological: acyclic */
    int s = (int)num(link, "source"), t = (int)num(link, "target");
    cr_assert(s >= 0 && t < n && s < t, "edge %d -> %d", s, t);
  }
  const cJSON *order = cJSON_GetObjectItemCaseSensitive(graph, "order");
  if (order) {
    int *pos = calloc((size_t)n, sizeof *pos), k = 0;
    const cJSON *id;
    cJSON_ArrayForEach(id, order) pos[(int)id->valuedouble] = ++k;
    cr_assert_eq(k, n);
    cJSON_ArrayForEach(link, links) cr_assert_lt(pos[(int)num(link, "source")],
                                                 pos[(int)num(link, "target")]);
    free(pos);
  }
  cJSON_Delete(root);
  return n;
}

static bool same_file(const char *a, const char *b) {
  char pa[128], pb[128];
  size_t la, lb;
  snprintf(pa, sizeof pa, "%s/%s", dir, a);
  snprintf(pb, sizeof pb, "%s/%s", dir, b);
  char *x = slurp(pa, &la), *y = slurp(pb, &lb);
  bool same = la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

TestSuite(gen, .init = setup, .fini = teardown, .timeout = 60);

Test(gen, random_layered_is_a_valid_dag_of_n_nodes) {
  const char *a[] = {"random-layered", "--nodes", "300", "--seed", "7", NULL};
  cr_assert_eq(gen("rl.json", a), 0);
  cr_assert_eq(check_graph("rl.json"), 300);
}

Test(gen, random_layered_reaches_ten_thousand_nodes) {
  const char *a[] = {"random-layered", "--nodes", "10000", NULL};
  cr_assert_eq(gen("big.json", a), 0);
  cr_assert_eq(check_graph("big.json"), 10000);
}

Test(gen, network_kinds_have_their_node_counts) {
  const char *chain[] = {"chain", "--layers", "10", NULL};
  const char *fwd[] = {"chain", "--layers", "10", "--forward-only", NULL};
  const char *unet[] = {"unet", "--levels", "3", "--image", "64", "--channels", "8", NULL};
  const char *tf[] = {"transformer", "--layers", "2", "--seq", "64", "--hidden", "64",
                      "--heads", "4", "--vocab", "100", NULL};
  cr_assert_eq(gen("chain.json", chain), 0);
  cr_assert_eq(check_graph("chain.json"), 11 + 1 + 10); /* input, dense, loss, grads */
  cr_assert_eq(gen("fwd.json", fwd), 0);
  cr_assert_eq(check_graph("fwd.json"), 11);
  cr_assert_eq(gen("unet.json", unet), 0);
  cr_assert_eq(check_graph("unet.json"), 2 * (7 * 3 + 4)); /* fwd + loss + grads but the input's */
  cr_assert_eq(gen("tf.json", tf), 0);
  cr_assert_eq(check_graph("tf.json"), 28 * 2 + 8);
}

Test(gen, same_seed_same_bytes) {
  const char *a[] = {"random-layered", "--nodes", "500", "--seed", "3", NULL};
  const char *b[] = {"random-layered", "--nodes", "500", "--seed", "4", NULL};
  const char *t[] = {"transformer", "--layers", "3", "--jitter", "10", "--seed", "5", NULL};
  cr_assert_eq(gen("a1.json", a), 0);
  cr_assert_eq(gen("a2.json", a), 0);
  cr_assert_eq(gen("b.json", b), 0);
  cr_assert(same_file("a1.json", "a2.json"));
  cr_assert(!same_file("a1.json", "b.json"));
  cr_assert_eq(gen("t1.json", t), 0);
  cr_assert_eq(gen("t2.json", t), 0);
  cr_assert(same_file("t1.json", "t2.json"));
}

Test(gen, bad_usage_gets_sysexits_and_no_file) {
  char *none[] = {MOC_GEN_PATH, NULL};
  cr_assert_eq(run(none), 64);
  const char *kind[] = {"no-such-kind", NULL};
  const char *value[] = {"random-layered", "--nodes", "abc", NULL};
  const char *small[] = {"random-layered", "--nodes", "2", NULL};
  const char *option[] = {"chain", "--nodes", "5", NULL};
  const char *shape[] = {"unet", "--image", "100", NULL};
  cr_assert_eq(gen("x.json", kind), 64);
  cr_assert_eq(gen("x.json", value), 64);
  cr_assert_eq(gen("x.json", small), 64);
  cr_assert_eq(gen("x.json", option), 64);
  cr_assert_eq(gen("x.json", shape), 64);
  const char *ok[] = {"chain", NULL};
  cr_assert_eq(gen("missing-dir/x.json", ok), 73);
  char path[128];
  snprintf(path, sizeof path, "%s/x.json", dir);
  struct stat st;
  cr_assert_neq(stat(path, &st), 0, "no partial output file");
}

Test(gen, moccasin_info_accepts_every_kind) {
  const char *kinds[][12] = {
      {"random-layered", "--nodes", "200", NULL},
      {"chain", "--layers", "6", NULL},
      {"unet", "--levels", "2", "--image", "32", "--channels", "4", NULL},
      {"transformer", "--layers", "1", "--seq", "32", "--hidden", "32", "--heads", "2", NULL},
  };
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
    cr_assert_eq(gen("g.json", kinds[k]), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/g.json", dir);
    char *argv[] = {MOC_CLI_PATH, "info", path, NULL};
    cr_assert_eq(run(argv), 0, "moccasin info rejects %s", kinds[k][0]);
  }
}

#endif /* MOC_GEN_PATH && MOC_CLI_PATH */
