/* clause.h — clauses (disjunctions of literals) and implications.
 *
 * One clause store per engine holds any number of clauses and propagates
 * them with two watched literals (MiniSat): unit propagation, and a conflict
 * when every literal of a clause is false.  Literals are over 0/1 variables
 * (moc_new_bool, or any variable with domain within [0, 1]).
 *
 *     moc_clauses *cs = moc_clauses_create(e);
 *     moc_lit ab[] = {a, moc_lit_not(b)};
 *     moc_clauses_add(cs, ab, 2);                 a or not b
 *     moc_clauses_add_implication(cs, p1, p0);    p1 -> p0
 *
 * Clauses are added at level 0.  Adding simplifies against the current root
 * domains: true clauses are dropped, false literals removed, a unit clause
 * sets its literal, an empty one makes the next moc_propagate fail.
 */
#ifndef MOC_PROPAGATORS_CLAUSE_H
#define MOC_PROPAGATORS_CLAUSE_H

#include "engine/engine.h"

typedef struct moc_clauses moc_clauses;

/* Creates and posts an empty clause store; NULL when out of memory. */
moc_clauses *moc_clauses_create(moc_engine *e);
/* Adds lits[0] or ... or lits[n-1].  0 on success, -1 on a bad literal, a
 * call above level 0, or out of memory (message on the engine). */
int moc_clauses_add(moc_clauses *cs, const moc_lit *lits, size_t n);
/* Adds a -> b, that is (not a) or b. */
int moc_clauses_add_implication(moc_clauses *cs, moc_lit a, moc_lit b);
/* Number of clauses stored (after simplification). */
size_t moc_clauses_count(const moc_clauses *cs);

#endif /* MOC_PROPAGATORS_CLAUSE_H */
