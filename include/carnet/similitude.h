/* similitude.h — the similitude graph of a run (reinert-spec.md E.10): the most frequent
 * active lemmas linked by the segments they share, reduced to a maximum spanning tree
 * (simi.h), written as similitude.graphml and similitude_edges.csv. The cn_simi is the
 * caller's (cn_simi_free); 0 or -1 with a message. */
#ifndef CARNET_SIMILITUDE_H
#define CARNET_SIMILITUDE_H

#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/simi.h"

/* The tree of the CN_SIMILITUDE_VERTICES most frequent active lemmas. */
#define CN_SIMILITUDE_VERTICES 100
int cn_similitude_compute(const cn_prepared *p, cn_simi *s, cn_error *err);
int cn_similitude_write(const char *dir, const cn_prepared *p, const cn_simi *s, cn_error *err);

#endif
