/* smoke.c — a tiny program built against the *installed* moccasin: it
 * includes <moccasin.h>, builds the SPEC §1 worked example and scores the
 * recomputing schedule.  Exit status 0 when every figure is right. */
#include <moccasin.h>
#include <stdio.h>

int main(void) {
  const int64_t ids[] = {0, 1, 2, 3}, costs[] = {1, 1, 1, 1}, sizes[] = {2, 2, 1, 1};
  const int64_t src[] = {0, 1, 2, 0}, dst[] = {1, 2, 3, 3};
  char msg[256];
  moc_graph *g = NULL;
  if (moc_graph_from_arrays(4, ids, costs, sizes, 4, src, dst, NULL, &g, msg, sizeof msg) != MOC_OK) {
    fprintf(stderr, "smoke: %s\n", msg);
    return 1;
  }
  const uint32_t schedule[] = {0, 1, 2, 0, 3};
  moc_eval *ev = NULL;
  int ok = moc_graph_topo_peak(g) == 5 && moc_graph_topo_cost(g) == 4 && moc_graph_min_budget(g) == 4 &&
           moc_evaluate(g, schedule, 5, &ev) == MOC_OK && ev->valid && ev->peak == 4 && ev->cost == 5;
  printf("smoke: moccasin %d.%d.%d, fingerprint %016llx: %s\n", MOCCASIN_VERSION_MAJOR, MOCCASIN_VERSION_MINOR,
         MOCCASIN_VERSION_PATCH, (unsigned long long)moc_graph_fingerprint(g), ok ? "ok" : "WRONG");
  moc_eval_free(ev);
  moc_graph_free(g);
  return ok ? 0 : 1;
}
