/* cover.c — the cover propagator of cover.h: one producer node, all its
 * consumers' copies.
 *
 *   copy i of u:        [est(i) ........ lct(i))
 *   starts of c:             est(c) ..... lst(c)
 *   c can be served by i at s with est(i) < s < lct(i): the window
 *   [max(est(c), est(i) + 1), min(lst(c), lct(i) - 1)], rounded to c's slot
 *
 * The only state is the list of consumers to revise (not trailed: revising
 * too much is harmless, and after a backtrack the restored domains are a
 * fix-point already).
 */
#include "propagators/cover.h"

typedef struct cover_prop {
  moc_prop base;
  moc_interval *prod;    /* copies of u */
  uint32_t nprod;
  moc_interval *cons;    /* consumer copies */
  uint32_t ncons;
  uint32_t *todo;        /* consumers to revise */
  uint32_t ntodo;
  uint8_t *queued;       /* per consumer: in todo */
  bool prod_changed;     /* a copy of u changed: revise every consumer */
} cover_prop;

static void enqueue(cover_prop *c, uint32_t j) {
  if (c->queued[j]) return;
  c->queued[j] = 1;
  c->todo[c->ntodo++] = j;
}

/* The starts of consumer x that copy i can serve: [*lo, *hi], empty if lo > hi. */
static void window(const moc_engine *e, const moc_interval *x, const moc_interval *i, int64_t *lo,
                   int64_t *hi) {
  int64_t a = moc_task_est(e, x, MOC_FWD), b = moc_task_est(e, i, MOC_FWD) + 1;
  int64_t c = moc_task_lst(e, x, MOC_FWD), d = moc_task_lct(e, i, MOC_FWD) - 1;
  *lo = moc_task_next_start(x, MOC_FWD, a > b ? a : b);
  *hi = c < d ? c : d;
}

/* The copy of u that alone serves present consumer x must cover its start. */
static moc_pstatus force(cover_prop *c, moc_engine *e, const moc_interval *x, uint32_t i) {
  const moc_interval *u = &c->prod[i];
  moc_reason why = moc_because(&c->base, 1);
  TRY(moc_set_lit(e, u->present, why));
  TRY(moc_task_set_lst(e, u, MOC_FWD, moc_task_lst(e, x, MOC_FWD) - 1, why));
  return moc_task_set_ect(e, u, MOC_FWD, moc_task_est(e, x, MOC_FWD) + 1, why);
}

static moc_pstatus revise(cover_prop *c, moc_engine *e, uint32_t j) {
  const moc_interval *x = &c->cons[j];
  moc_reason why = moc_because(&c->base, 0);
  if (moc_task_absent(e, x)) return MOC_PROP_OK;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  uint32_t count = 0, only = 0;
  for (uint32_t i = 0; i < c->nprod; i++) {
    if (moc_task_absent(e, &c->prod[i])) continue;
    int64_t l, h;
    window(e, x, &c->prod[i], &l, &h);
    if (l > h) continue;
    count++;
    only = i;
    lo = l < lo ? l : lo;
    hi = h > hi ? h : hi;
  }
  if (count == 0) return moc_task_make_absent(e, x, why);
  TRY(moc_task_set_est(e, x, MOC_FWD, lo, why));
  TRY(moc_task_set_lst(e, x, MOC_FWD, hi, why));
  if (count == 1 && moc_task_present(e, x)) return force(c, e, x, only);
  return MOC_PROP_OK;
}

static moc_pstatus cover_propagate(moc_prop *p, moc_engine *e) {
  cover_prop *c = (cover_prop *)p;
  for (;;) {
    if (c->prod_changed) {
      c->prod_changed = false;
      for (uint32_t j = 0; j < c->ncons; j++) enqueue(c, j);
    }
    if (c->ntodo == 0) return MOC_PROP_OK;
    uint32_t j = c->todo[--c->ntodo];
    c->queued[j] = 0;
    TRY(revise(c, e, j));
  }
}

static moc_pstatus cover_from_scratch(moc_prop *p, moc_engine *e) {
  cover_prop *c = (cover_prop *)p;
  for (;;) {
    size_t before = moc_trail_size(e);
    for (uint32_t j = 0; j < c->ncons; j++) TRY(revise(c, e, j));
    if (moc_trail_size(e) == before) return MOC_PROP_OK;
  }
}

static bool cover_notify(moc_prop *p, moc_engine *e, uint32_t local, unsigned events) {
  (void)e;
  (void)events;
  cover_prop *c = (cover_prop *)p;
  if (local < c->nprod) c->prod_changed = true;
  else enqueue(c, local - c->nprod);
  return true;
}

static const moc_prop_class cover_class = {
    .name = "cover",
    .propagate = cover_propagate,
    .propagate_from_scratch = cover_from_scratch,
    .notify = cover_notify,
    .idempotent = true,
};

static int watch(moc_engine *e, const moc_interval *iv, moc_prop *p, uint32_t local) {
  if (moc_watch(e, iv->stage, p, local, MOC_EV_LB | MOC_EV_UB) != 0) return -1;
  if (moc_watch(e, iv->end, p, local, MOC_EV_LB | MOC_EV_UB) != 0) return -1;
  return moc_watch(e, moc_lit_var(iv->present), p, local, MOC_EV_FIX);
}

int moc_cover_post(moc_engine *e, const moc_cover_spec *s) {
  if (!s->producer || s->nprod == 0 || (!s->consumer && s->ncons > 0)) return -1;
  if (s->nprod >= UINT32_MAX / 2 - s->ncons) return -1;
  cover_prop *c = moc_engine_alloc(e, sizeof *c);
  if (!c) return -1;
  c->prod = moc_engine_alloc(e, s->nprod * sizeof *c->prod);
  c->cons = moc_engine_alloc(e, (s->ncons + 1) * sizeof *c->cons);
  c->todo = moc_engine_alloc(e, (s->ncons + 1) * sizeof *c->todo);
  c->queued = moc_engine_alloc(e, s->ncons + 1);
  if (!c->prod || !c->cons || !c->todo || !c->queued) return -1;
  c->nprod = s->nprod;
  c->ncons = s->ncons;
  for (uint32_t i = 0; i < s->nprod; i++) c->prod[i] = s->producer[i];
  for (uint32_t j = 0; j < s->ncons; j++) c->cons[j] = s->consumer[j];
  c->prod_changed = true;
  if (moc_post(e, &c->base, &cover_class, MOC_PRIO_LINEAR) != 0) return -1;
  for (uint32_t i = 0; i < s->nprod; i++)
    if (watch(e, &c->prod[i], &c->base, i) != 0) return -1;
  for (uint32_t j = 0; j < s->ncons; j++)
    if (watch(e, &c->cons[j], &c->base, s->nprod + j) != 0) return -1;
  return 0;
}
