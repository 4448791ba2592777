/* graph_index.h — the id -> index lookup of a graph (graph.h's id_index).
 *
 * Callers name nodes by arbitrary 64-bit ids; the library works with dense
 * indices.  This is an open-addressing hash table with linear probing, keyed
 * by the id mixed through a splitmix64 finaliser.  It only grows: nodes are
 * never removed from a graph.
 */
#ifndef MOC_MODEL_GRAPH_INDEX_H
#define MOC_MODEL_GRAPH_INDEX_H

#include <stdbool.h>
#include <stdint.h>

typedef struct moc_id_index moc_id_index;

moc_id_index *moc_id_index_create(void);
void moc_id_index_free(moc_id_index *ix);
/* Inserts id -> index.  Returns false when out of memory; the caller has
 * checked beforehand that the id is not present. */
bool moc_id_index_insert(moc_id_index *ix, int64_t id, uint32_t index);
/* Finds the index of `id`; false when absent. */
bool moc_id_index_find(const moc_id_index *ix, int64_t id, uint32_t *index);

#endif /* MOC_MODEL_GRAPH_INDEX_H */
