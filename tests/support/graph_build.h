/* graph_build.h — small helpers for tests that build graphs: a local PRNG
 * (splitmix64, fixed seeds, never rand()) and random DAGs. */
#ifndef MOC_TESTS_SUPPORT_GRAPH_BUILD_H
#define MOC_TESTS_SUPPORT_GRAPH_BUILD_H

#include "model/moccasin.h"

typedef struct gbuild_rng { uint64_t state; } gbuild_rng;

uint64_t gbuild_next(gbuild_rng *r);
/* Uniform in [0, bound) (bound > 0). */
uint32_t gbuild_below(gbuild_rng *r, uint32_t bound);

/* The SPEC §1 worked example: w = 1,1,1,1, m = 2,2,1,1, edges 0->1 1->2 2->3 0->3. */
moc_graph *gbuild_worked_example(void);

/* A random DAG on n nodes with ids 0..n-1 (edges from lower to higher id with
 * probability percent/100), costs in [0, 9], sizes in [0, 9]; finished. */
moc_graph *gbuild_random_dag(gbuild_rng *r, uint32_t n, uint32_t percent);

#endif
