/* gen_nets.c — training graphs of two textbook network shapes: a chain of
 * dense layers and a U-Net with skip connections.
 *
 * Sizes come from real tensor shapes (fp32, 4 bytes an element) and costs
 * from FLOP counts in units of 10^6 FLOPs (rounded up, at least 1):
 *   dense  x[B, a] -> y[B, b]          2 B a b FLOPs
 *   conv   k x k, [B, H, W, c] -> c'   2 B H W c c' k^2 FLOPs
 *   elementwise / copy ops             one FLOP an output element
 * The chain is the classic case of Chen et al. ("Training deep nets with
 * sublinear memory cost", 2016); the U-Net follows Ronneberger et al. (2015):
 * two 3x3 convolutions per level, 2x2 max-pooling down, 2x2 transposed
 * convolutions up, and the encoder's output concatenated into the decoder at
 * every level.  gen_training adds the loss and the backward pass.
 */
#include "benchmarks/gen.h"

#include <stdlib.h>

#define MFLOP 1000000ULL

static int64_t mflops(uint64_t flops) {
  return (int64_t)((flops + MFLOP - 1) / MFLOP) + (flops == 0);
}

bool gen_chain(const gen_chain_params *p, uint64_t seed, gen_graph *out) {
  static const uint32_t widths[] = {256, 512, 1024, 2048, 4096};
  if (p->layers == 0 || p->batch == 0)
    return false;
  gen_rng rng = {seed};
  gen_graph fwd;
  gen_graph_init(&fwd, true);
  uint64_t prev = widths[gen_rng_below(&rng, 5)];
  bool ok = gen_graph_add_node(&fwd, 1, (int64_t)(4 * p->batch * prev), "input") == 0;
  for (uint32_t i = 1; ok && i <= p->layers; i++) {
    uint64_t w = widths[gen_rng_below(&rng, 5)];
    char label[GEN_LABEL_LEN];
    snprintf(label, sizeof label, "dense%u", i);
    uint32_t v = gen_graph_add_node(&fwd, mflops(2 * p->batch * prev * w),
                                    (int64_t)(4 * p->batch * w), label);
    ok = v != UINT32_MAX && gen_graph_add_edge(&fwd, v - 1, v);
    prev = w;
  }
  fwd.checkmate_keys = true;
  if (ok && p->forward_only) {
    *out = fwd;
  } else {
    ok = ok && gen_training(&fwd, out);
    gen_graph_free(&fwd);
  }
  snprintf(out->name, sizeof out->name, "mlp_chain_L%u_b%u%s_seed%llu", p->layers, p->batch,
           p->forward_only ? "_forward" : "_train", (unsigned long long)seed);
  return ok;
}

/* ---- U-Net ---------------------------------------------------------------- */

typedef struct unet_ctx {
  gen_graph *g;
  uint64_t batch;
  bool ok;
} unet_ctx;

/* Adds an op producing [B, side, side, ch]; returns its index. */
static uint32_t op(unet_ctx *c, const char *label, uint64_t flops, uint64_t side, uint64_t ch,
                   uint32_t in1, uint32_t in2) {
  if (!c->ok)
    return 0;
  uint32_t v = gen_graph_add_node(c->g, mflops(flops), (int64_t)(4 * c->batch * side * side * ch),
                                  label);
  c->ok = v != UINT32_MAX && (in1 == UINT32_MAX || gen_graph_add_edge(c->g, in1, v)) &&
          (in2 == UINT32_MAX || gen_graph_add_edge(c->g, in2, v));
  return v;
}

static uint64_t conv_flops(uint64_t b, uint64_t side, uint64_t cin, uint64_t cout, uint64_t k) {
  return 2 * b * side * side * cin * cout * k * k;
}

/* Two 3x3 convolutions at one level; returns the second. */
static uint32_t double_conv(unet_ctx *c, const char *tag, uint32_t level, uint32_t in,
                            uint64_t side, uint64_t cin, uint64_t cout) {
  char l1[GEN_LABEL_LEN], l2[GEN_LABEL_LEN];
  snprintf(l1, sizeof l1, "%s%u_conv1", tag, level);
  snprintf(l2, sizeof l2, "%s%u_conv2", tag, level);
  uint32_t a = op(c, l1, conv_flops(c->batch, side, cin, cout, 3), side, cout, in, UINT32_MAX);
  return op(c, l2, conv_flops(c->batch, side, cout, cout, 3), side, cout, a, UINT32_MAX);
}

static void unet_forward(unet_ctx *c, const gen_unet_params *p) {
  uint32_t skip[32];
  uint64_t side = p->image, ch = p->channels, b = p->batch;
  uint32_t x = op(c, "input", 0, side, 3, UINT32_MAX, UINT32_MAX);
  uint64_t cin = 3;
  for (uint32_t k = 0; k < p->levels; k++, side /= 2, cin = ch, ch *= 2) {
    char label[GEN_LABEL_LEN];
    skip[k] = double_conv(c, "down", k, x, side, cin, ch);
    snprintf(label, sizeof label, "down%u_pool", k);
    x = op(c, label, b * side * side * ch, side / 2, ch, skip[k], UINT32_MAX);
  }
  x = double_conv(c, "bottom", p->levels, x, side, cin, ch);
  for (uint32_t k = p->levels; k-- > 0;) {
    char label[GEN_LABEL_LEN];
    side *= 2;
    ch /= 2;
    snprintf(label, sizeof label, "up%u_upconv", k);
    x = op(c, label, conv_flops(b, side, 2 * ch, ch, 2) / 4, side, ch, x, UINT32_MAX);
    snprintf(label, sizeof label, "up%u_concat", k);
    x = op(c, label, b * side * side * 2 * ch, side, 2 * ch, x, skip[k]);
    x = double_conv(c, "up", k, x, side, 2 * ch, ch);
  }
  op(c, "head_conv1x1", conv_flops(b, side, ch, 2, 1), side, 2, x, UINT32_MAX);
}

bool gen_unet(const gen_unet_params *p, uint64_t seed, gen_graph *out) {
  if (p->levels == 0 || p->levels >= 32 || p->batch == 0 || p->channels == 0 ||
      p->image >> p->levels == 0 || p->image % (1u << p->levels) != 0)
    return false;
  /* every level's convolutions cost about the same; keep them far from 2^64 */
  double c4 = 4.0 * p->channels;
  if (2.0 * p->batch * p->image * p->image * c4 * c4 * 9.0 > 1e18)
    return false;
  gen_graph fwd;
  gen_graph_init(&fwd, true);
  unet_ctx c = {&fwd, p->batch, true};
  unet_forward(&c, p);
  fwd.checkmate_keys = true;
  bool ok = c.ok && gen_training(&fwd, out);
  gen_graph_free(&fwd);
  gen_jitter_costs(out, p->jitter_pct, seed);
  snprintf(out->name, sizeof out->name, "unet_D%u_b%u_%ux%u_c%u_train_j%u_seed%llu", p->levels,
           p->batch, p->image, p->image, p->channels, p->jitter_pct, (unsigned long long)seed);
  return ok;
}
