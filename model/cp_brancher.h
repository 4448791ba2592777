/* cp_brancher.h — the chronological brancher of the MOCCASIN model
 * (cp_brancher.c). */
#ifndef MOC_MODEL_CP_BRANCHER_H
#define MOC_MODEL_CP_BRANCHER_H

#include "model/cp_model.h"
#include "search/search.h"

/* A brancher over m's presences, stages and ends; m must outlive it. */
moc_brancher moc_cp_brancher(const moc_cp_model *m);

#endif
