/* gen.h — instance generators shared by moccasin-gen and moccasin-bench.
 *
 * A generator fills a gen_graph: nodes 0..n-1 with a compute cost, an output
 * size and an optional label, edges as index pairs, and optionally a
 * reference topological order.  gen_write_json turns it into the networkx
 * node-link JSON of SPEC §3 (the bench builds a moc_graph from it directly
 * for its scaling series).  Every generator is a pure function
 * of its parameters and seed: same seed, same graph, same bytes.
 *
 * All randomness comes from gen_rng (splitmix64, Steele et al. 2014), kept in
 * a local struct: no global state.
 */
#ifndef MOC_BENCH_GEN_H
#define MOC_BENCH_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- random numbers ------------------------------------------------------ */

typedef struct gen_rng {
  uint64_t state;
} gen_rng;

static inline uint64_t gen_rng_next(gen_rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, bound) (bound > 0), without modulo bias worth measuring here:
 * 64-bit draws against bounds below 2^32. */
static inline uint64_t gen_rng_below(gen_rng *r, uint64_t bound) {
  return gen_rng_next(r) % bound;
}

/* Uniform in [0, 1). */
static inline double gen_rng_unit(gen_rng *r) {
  return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- the graph being generated ------------------------------------------- */

#define GEN_LABEL_LEN 40

typedef struct gen_graph {
  char name[200];          /* graph.name */
  uint32_t n, cap_n;       /* nodes, allocated */
  int64_t *cost;           /* compute cost w_v */
  int64_t *size;           /* output size m_v (bytes) */
  bool labelled;           /* nodes carry names */
  char (*label)[GEN_LABEL_LEN]; /* node names when labelled */
  uint32_t m, cap_m;       /* edges, allocated */
  uint32_t *src, *dst;     /* edge i: src[i] -> dst[i] */
  uint32_t *order;         /* a topological order of the n nodes, or NULL */
  bool checkmate_keys;     /* write cost_cpu/cost_ram (else duration/out_cost) */
} gen_graph;

void gen_graph_init(gen_graph *g, bool labelled);
void gen_graph_free(gen_graph *g);
/* Appends a node; returns its index, or UINT32_MAX when out of memory. */
uint32_t gen_graph_add_node(gen_graph *g, int64_t cost, int64_t size, const char *label);
bool gen_graph_add_edge(gen_graph *g, uint32_t src, uint32_t dst);

/* ---- generators ---------------------------------------------------------- */

/* Random layered DAG after Gagrani et al. 2022 (see gen_layered.c). */
typedef struct gen_layered_params {
  uint32_t nodes;          /* total nodes, source and sink included (>= 3) */
  double width;            /* w: mean layer width is 2 w sqrt(n) */
  double layer_var;        /* nlv: widths uniform in mean * [1 - nlv, 1 + nlv] */
  double edge_density;     /* ed: preds per node from the previous layer = floor(ed * width) + 1 */
  double skip_density;     /* scd: long skip connections (see gen_layered.c) */
} gen_layered_params;

gen_layered_params gen_layered_defaults(uint32_t nodes);
bool gen_random_layered(const gen_layered_params *p, uint64_t seed, gen_graph *out);

/* Training graph of a multilayer perceptron: a chain of `layers` dense layers
 * with random widths, the loss, and the backward chain (see gen_nets.c). */
typedef struct gen_chain_params {
  uint32_t layers;         /* forward layers (>= 1) */
  uint32_t batch;          /* rows of every activation */
  bool forward_only;       /* only the forward chain, no loss nor backward */
} gen_chain_params;
bool gen_chain(const gen_chain_params *p, uint64_t seed, gen_graph *out);

/* Training graph of a U-Net with skip connections (see gen_nets.c). */
typedef struct gen_unet_params {
  uint32_t levels;         /* down-sampling steps (>= 1) */
  uint32_t batch, image, channels; /* input batch, side in pixels, base channels */
  uint32_t jitter_pct;     /* seeded noise on costs, in percent (0: exact FLOPs) */
} gen_unet_params;
bool gen_unet(const gen_unet_params *p, uint64_t seed, gen_graph *out);

/* Training graph of a decoder-only transformer (see gen_transformer.c). */
typedef struct gen_transformer_params {
  uint32_t layers;         /* blocks L (>= 1) */
  uint32_t batch, seq, hidden, heads, vocab;
  uint32_t dtype_bytes;    /* bytes per element of every tensor */
  uint32_t jitter_pct;     /* seeded noise on costs, in percent (0: exact FLOPs) */
} gen_transformer_params;
bool gen_transformer(const gen_transformer_params *p, uint64_t seed, gen_graph *out);

/* Adds the loss and the backward pass to a forward graph whose last node is
 * the network's output (see gen_training.c).  `out` must be initialised. */
bool gen_training(const gen_graph *fwd, gen_graph *out);

/* Multiplies each cost by a seeded factor in [1 - pct/100, 1 + pct/100]. */
void gen_jitter_costs(gen_graph *g, uint32_t pct, uint64_t seed);

/* ---- output -------------------------------------------------------------- */

/* Writes SPEC §3 JSON; false on a write error. */
bool gen_write_json(const gen_graph *g, FILE *f);

#endif /* MOC_BENCH_GEN_H */
