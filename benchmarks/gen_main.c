/* gen_main.c — moccasin-gen, the instance generator's command line.
 *
 *   moccasin-gen KIND [options] [-o FILE]
 *
 * KIND is random-layered, chain, unet or transformer (see gen.h and the
 * generator files for what each builds).  The graph goes to FILE (written to
 * FILE.tmp and renamed, so a failure leaves no partial file) or to stdout.
 * Exit statuses follow sysexits.h: 64 bad usage, 70 generation failed (out of
 * memory), 73 cannot create the output file, 74 write error.
 */
#include "benchmarks/gen.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

static const char USAGE[] =
    "usage: moccasin-gen KIND [options] [-o FILE]\n"
    "\n"
    "Writes a seeded compute graph as networkx node-link JSON (SPEC section 3).\n"
    "Same KIND, options and seed: same bytes.\n"
    "\n"
    "kinds and their options (defaults in brackets):\n"
    "  random-layered  --nodes N [1000] --width W [0.31] --nlv X [0.75] --ed X [0.2]\n"
    "                  --scd X [0.14]   random layered DAG after Gagrani et al. 2022\n"
    "  chain           --layers L [32] --batch B [64] [--forward-only]\n"
    "                  dense-layer chain (training graph unless --forward-only)\n"
    "  unet            --levels D [4] --batch B [8] --image S [256] --channels C [32]\n"
    "                  --jitter P [0]   U-Net training graph with skip connections\n"
    "  transformer     --layers L [12] --batch B [8] --seq S [1024] --hidden H [1024]\n"
    "                  --heads A [16] --vocab V [32000] --dtype-bytes D [2] --jitter P [0]\n"
    "                  decoder-only transformer training graph (about 28 L + 8 nodes)\n"
    "\n"
    "common options:\n"
    "  --seed K        random seed [1]\n"
    "  -o, --output F  output file [stdout]\n"
    "  -h, --help      this help\n";

typedef struct gen_options {
  const char *kind, *output;
  uint64_t seed;
  gen_layered_params layered;
  gen_chain_params chain;
  gen_unet_params unet;
  gen_transformer_params tf;
} gen_options;

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "moccasin-gen: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(moccasin-gen --help for usage)\n");
  return EX_USAGE;
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out) {
  char *end;
  errno = 0;
  if (!s || *s == '-' || *s == '\0')
    return false;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v > max)
    return false;
  *out = v;
  return true;
}

static bool parse_u32(const char *s, uint32_t *out) {
  uint64_t v;
  if (!parse_u64(s, UINT32_MAX, &v))
    return false;
  *out = (uint32_t)v;
  return true;
}

static bool parse_double(const char *s, double lo, double hi, double *out) {
  char *end;
  errno = 0;
  if (!s || *s == '\0')
    return false;
  double v = strtod(s, &end);
  if (errno || *end || !(v >= lo && v <= hi))
    return false;
  *out = v;
  return true;
}

/* Options that take a 32-bit count: name, kind it belongs to, where it goes. */
typedef struct count_option {
  const char *name, *kind;
  size_t offset;
} count_option;

static const count_option COUNTS[] = {
    {"--nodes", "random-layered", offsetof(gen_options, layered.nodes)},
    {"--layers", "chain", offsetof(gen_options, chain.layers)},
    {"--batch", "chain", offsetof(gen_options, chain.batch)},
    {"--levels", "unet", offsetof(gen_options, unet.levels)},
    {"--batch", "unet", offsetof(gen_options, unet.batch)},
    {"--image", "unet", offsetof(gen_options, unet.image)},
    {"--channels", "unet", offsetof(gen_options, unet.channels)},
    {"--jitter", "unet", offsetof(gen_options, unet.jitter_pct)},
    {"--layers", "transformer", offsetof(gen_options, tf.layers)},
    {"--batch", "transformer", offsetof(gen_options, tf.batch)},
    {"--seq", "transformer", offsetof(gen_options, tf.seq)},
    {"--hidden", "transformer", offsetof(gen_options, tf.hidden)},
    {"--heads", "transformer", offsetof(gen_options, tf.heads)},
    {"--vocab", "transformer", offsetof(gen_options, tf.vocab)},
    {"--dtype-bytes", "transformer", offsetof(gen_options, tf.dtype_bytes)},
    {"--jitter", "transformer", offsetof(gen_options, tf.jitter_pct)},
};

/* Real-valued options of random-layered. */
typedef struct real_option {
  const char *name;
  size_t offset;
  double lo, hi;
} real_option;

static const real_option REALS[] = {
    {"--width", offsetof(gen_options, layered.width), 0.001, 1000.0},
    {"--nlv", offsetof(gen_options, layered.layer_var), 0.0, 0.99},
    {"--ed", offsetof(gen_options, layered.edge_density), 0.0, 1.0},
    {"--scd", offsetof(gen_options, layered.skip_density), 0.0, 3.0},
};

static void set_defaults(gen_options *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1;
  o->layered = gen_layered_defaults(1000);
  o->chain = (gen_chain_params){32, 64, false};
  o->unet = (gen_unet_params){4, 8, 256, 32, 0};
  o->tf = (gen_transformer_params){12, 8, 1024, 1024, 16, 32000, 2, 0};
}

/* Parses one option at argv[*i] (and its value); returns 0 or an exit code. */
static int parse_option(gen_options *o, int argc, char **argv, int *i) {
  const char *arg = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
  if (!strcmp(arg, "--forward-only") && !strcmp(o->kind, "chain")) {
    o->chain.forward_only = true;
    return 0;
  }
  ++*i;
  if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
    o->output = val;
    return val ? 0 : usage_error("%s needs a file name", arg);
  }
  if (!strcmp(arg, "--seed"))
    return parse_u64(val, UINT64_MAX, &o->seed) ? 0 : usage_error("bad --seed '%s'", val ? val : "");
  for (size_t k = 0; k < sizeof COUNTS / sizeof *COUNTS; k++)
    if (!strcmp(arg, COUNTS[k].name) && !strcmp(o->kind, COUNTS[k].kind))
      return parse_u32(val, (uint32_t *)((char *)o + COUNTS[k].offset))
                 ? 0
                 : usage_error("bad value '%s' (a non-negative integer below 2^32)", val ? val : "");
  for (size_t k = 0; k < sizeof REALS / sizeof *REALS; k++)
    if (!strcmp(arg, REALS[k].name) && !strcmp(o->kind, "random-layered"))
      return parse_double(val, REALS[k].lo, REALS[k].hi, (double *)((char *)o + REALS[k].offset))
                 ? 0
                 : usage_error("bad or out-of-range value '%s'", val ? val : "");
  return usage_error("unknown option '%s' for this kind", arg);
}

static bool generate(const gen_options *o, gen_graph *g) {
  if (!strcmp(o->kind, "random-layered"))
    return gen_random_layered(&o->layered, o->seed, g);
  if (!strcmp(o->kind, "chain"))
    return gen_chain(&o->chain, o->seed, g);
  if (!strcmp(o->kind, "unet"))
    return gen_unet(&o->unet, o->seed, g);
  return gen_transformer(&o->tf, o->seed, g);
}

/* Shapes the generators refuse, told before generating. */
static const char *check_shape(const gen_options *o) {
  if (!strcmp(o->kind, "random-layered") && o->layered.nodes < 3)
    return "--nodes must be at least 3";
  if (!strcmp(o->kind, "chain") && (o->chain.layers == 0 || o->chain.batch == 0))
    return "--layers and --batch must be positive";
  if (!strcmp(o->kind, "unet") &&
      (o->unet.levels == 0 || o->unet.levels > 16 || o->unet.image % (1u << o->unet.levels) != 0 ||
       o->unet.image >> o->unet.levels == 0))
    return "--levels must be 1..16 and --image a positive multiple of 2^levels";
  if (!strcmp(o->kind, "transformer") && o->tf.heads && o->tf.hidden % o->tf.heads != 0)
    return "--hidden must be a multiple of --heads";
  return NULL;
}

static int write_output(const gen_options *o, const gen_graph *g) {
  if (!o->output)
    return gen_write_json(g, stdout) && fflush(stdout) == 0 ? 0 : EX_IOERR;
  struct stat st;
  if (stat(o->output, &st) == 0 && !S_ISREG(st.st_mode)) {
    /* a device or a pipe: write in place (renaming over it would replace it) */
    FILE *f = fopen(o->output, "w");
    bool ok = f && gen_write_json(g, f);
    ok = f && fclose(f) == 0 && ok;
    if (!ok)
      fprintf(stderr, "moccasin-gen: %s: write failed: %s\n", o->output, strerror(errno));
    return ok ? 0 : EX_IOERR;
  }
  size_t len = strlen(o->output) + 5;
  char *tmp = malloc(len);
  if (!tmp)
    return EX_OSERR;
  snprintf(tmp, len, "%s.tmp", o->output);
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "moccasin-gen: %s: cannot create: %s\n", tmp, strerror(errno));
    free(tmp);
    return EX_CANTCREAT;
  }
  bool ok = gen_write_json(g, f);
  ok = (fclose(f) == 0) && ok && rename(tmp, o->output) == 0;
  if (!ok) {
    fprintf(stderr, "moccasin-gen: %s: write failed: %s\n", o->output, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok ? 0 : EX_IOERR;
}

int main(int argc, char **argv) {
  gen_options o;
  set_defaults(&o);
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    fputs(USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? EX_USAGE : 0;
  }
  o.kind = argv[1];
  if (strcmp(o.kind, "random-layered") && strcmp(o.kind, "chain") && strcmp(o.kind, "unet") &&
      strcmp(o.kind, "transformer"))
    return usage_error("unknown kind '%s' (random-layered, chain, unet, transformer)", o.kind);
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(USAGE, stdout);
      return 0;
    }
    int rc = parse_option(&o, argc, argv, &i);
    if (rc)
      return rc;
  }
  const char *bad = check_shape(&o);
  if (bad)
    return usage_error("%s", bad);
  gen_graph g;
  gen_graph_init(&g, false);
  if (!generate(&o, &g)) {
    gen_graph_free(&g);
    fprintf(stderr, "moccasin-gen: %s: generation failed (out of memory or sizes beyond 64 bits)\n",
            o.kind);
    return EX_SOFTWARE;
  }
  int rc = write_output(&o, &g);
  gen_graph_free(&g);
  return rc;
}
