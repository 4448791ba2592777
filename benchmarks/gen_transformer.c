/* gen_transformer.c — the training graph of a decoder-only transformer
 * (GPT-2 shape: Radford et al. 2019; pre-layer-norm blocks).
 *
 * Shapes: batch B, sequence S, hidden H, heads A, vocabulary V; every tensor
 * holds `dtype_bytes` bytes an element.  One block, input x[B, S, H]:
 *
 *   ln1 = layernorm(x)            [B,S,H]     5 BSH FLOPs
 *   q, k, v = ln1 W_{q,k,v}       [B,S,H]     2 BSH^2 each
 *   scores = q k^T / sqrt(H/A)    [B,A,S,S]   2 BS^2H
 *   probs = softmax(scores)       [B,A,S,S]   5 BAS^2
 *   ctx = probs v                 [B,S,H]     2 BS^2H
 *   proj = ctx W_o                [B,S,H]     2 BSH^2
 *   res1 = x + proj               [B,S,H]     BSH
 *   ln2 = layernorm(res1)         [B,S,H]     5 BSH
 *   up = ln2 W_1                  [B,S,4H]    8 BSH^2
 *   act = gelu(up)                [B,S,4H]    8 * 4BSH
 *   down = act W_2                [B,S,H]     8 BSH^2
 *   res2 = res1 + down            [B,S,H]     BSH     (the block's output)
 *
 * Around the blocks: tokens [B,S] (int32), embed [B,S,H], a final layernorm
 * and the logits [B,S,V] (2 BSHV).  Costs in units of 10^6 FLOPs, rounded up.
 * gen_training adds the loss and the backward pass: 2 + 14 L + 2 forward
 * nodes, about 28 L + 8 in all (L = 72 gives 2,024 nodes).
 */
#include "benchmarks/gen.h"

typedef struct tf_ctx {
  gen_graph *g;
  uint64_t dtype;          /* bytes an element */
  bool ok;
} tf_ctx;

static uint32_t op(tf_ctx *c, const char *what, uint32_t layer, double flops, uint64_t elems,
                   uint32_t in1, uint32_t in2) {
  if (!c->ok)
    return 0;
  char label[GEN_LABEL_LEN];
  if (layer == UINT32_MAX)
    snprintf(label, sizeof label, "%s", what);
  else
    snprintf(label, sizeof label, "block%u_%s", layer, what);
  int64_t cost = (int64_t)(flops / 1e6) + 1;
  uint32_t v = gen_graph_add_node(c->g, cost, (int64_t)(elems * c->dtype), label);
  c->ok = v != UINT32_MAX && (in1 == UINT32_MAX || gen_graph_add_edge(c->g, in1, v)) &&
          (in2 == UINT32_MAX || gen_graph_add_edge(c->g, in2, v));
  return v;
}

static uint32_t block(tf_ctx *c, const gen_transformer_params *p, uint32_t l, uint32_t x) {
  const uint32_t none = UINT32_MAX;
  double b = p->batch, s = p->seq, h = p->hidden, a = p->heads;
  uint64_t bsh = (uint64_t)p->batch * p->seq * p->hidden;
  uint64_t bass = (uint64_t)p->batch * p->heads * p->seq * p->seq;
  uint32_t ln1 = op(c, "ln1", l, 5.0 * (double)bsh, bsh, x, none);
  uint32_t q = op(c, "q", l, 2.0 * (double)bsh * h, bsh, ln1, none);
  uint32_t k = op(c, "k", l, 2.0 * (double)bsh * h, bsh, ln1, none);
  uint32_t v = op(c, "v", l, 2.0 * (double)bsh * h, bsh, ln1, none);
  uint32_t sc = op(c, "scores", l, 2.0 * b * s * s * h, bass, q, k);
  uint32_t pr = op(c, "softmax", l, 5.0 * b * a * s * s, bass, sc, none);
  uint32_t ctx = op(c, "context", l, 2.0 * b * s * s * h, bsh, pr, v);
  uint32_t proj = op(c, "attn_out", l, 2.0 * (double)bsh * h, bsh, ctx, none);
  uint32_t res1 = op(c, "residual1", l, (double)bsh, bsh, x, proj);
  uint32_t ln2 = op(c, "ln2", l, 5.0 * (double)bsh, bsh, res1, none);
  uint32_t up = op(c, "mlp_up", l, 8.0 * (double)bsh * h, 4 * bsh, ln2, none);
  uint32_t act = op(c, "gelu", l, 32.0 * (double)bsh, 4 * bsh, up, none);
  uint32_t down = op(c, "mlp_down", l, 8.0 * (double)bsh * h, bsh, act, none);
  return op(c, "residual2", l, (double)bsh, bsh, res1, down);
}

static bool valid(const gen_transformer_params *p) {
  if (p->layers == 0 || p->batch == 0 || p->seq == 0 || p->hidden == 0 || p->heads == 0 ||
      p->vocab == 0 || p->dtype_bytes == 0 || p->hidden % p->heads != 0)
    return false;
  /* the largest tensor and the largest op must stay far below 2^63 */
  double bsh = (double)p->batch * p->seq * p->hidden;
  double elems = (double)p->batch * p->seq * ((double)p->heads * p->seq + p->vocab + 4.0 * p->hidden);
  return elems * p->dtype_bytes < 1e15 && 2.0 * bsh * ((double)p->vocab + p->seq) < 1e20;
}

bool gen_transformer(const gen_transformer_params *p, uint64_t seed, gen_graph *out) {
  if (!valid(p))
    return false;
  gen_graph fwd;
  gen_graph_init(&fwd, true);
  tf_ctx c = {&fwd, p->dtype_bytes, true};
  uint64_t bs = (uint64_t)p->batch * p->seq, bsh = bs * p->hidden;
  uint32_t tok = op(&c, "tokens", UINT32_MAX, 0.0, bs * 4 / p->dtype_bytes + 1, UINT32_MAX,
                    UINT32_MAX);
  uint32_t x = op(&c, "embed", UINT32_MAX, (double)bsh, bsh, tok, UINT32_MAX);
  for (uint32_t l = 0; l < p->layers; l++)
    x = block(&c, p, l, x);
  x = op(&c, "final_ln", UINT32_MAX, 5.0 * (double)bsh, bsh, x, UINT32_MAX);
  op(&c, "logits", UINT32_MAX, 2.0 * (double)bsh * p->vocab, bs * p->vocab, x, UINT32_MAX);
  fwd.checkmate_keys = true;
  bool ok = c.ok && gen_training(&fwd, out);
  gen_graph_free(&fwd);
  gen_jitter_costs(out, p->jitter_pct, seed);
  snprintf(out->name, sizeof out->name,
           "transformer_L%u_b%u_s%u_h%u_a%u_v%u_train_j%u_seed%llu", p->layers, p->batch, p->seq,
           p->hidden, p->heads, p->vocab, p->jitter_pct, (unsigned long long)seed);
  return ok;
}
