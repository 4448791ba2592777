/* random_graph.h — seeded random tiny graphs for tests.
 *
 * moc_test_random_graph(seed, min_n, max_n, max_value) builds and finishes a
 * random DAG with min_n..max_n nodes, costs and sizes in 0..max_value (zeros
 * included on purpose), non-dense ids, and sometimes a given reference order
 * that is not ascending id.  The same seed gives the same graph.
 */
#ifndef MOC_TEST_RANDOM_GRAPH_H
#define MOC_TEST_RANDOM_GRAPH_H

#include <stdint.h>

#include "model/moccasin.h"

uint64_t moc_test_rand(uint64_t *state);   /* splitmix64 */
moc_graph *moc_test_random_graph(uint64_t seed, uint32_t min_n, uint32_t max_n, int64_t max_value);

#endif
