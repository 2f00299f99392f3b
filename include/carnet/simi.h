/* simi.h — similitude analysis: which forms occur together in the same units, reduced to
 * the maximum spanning tree of their co-occurrences and laid out for drawing
 * (reinert-spec.md E.10). A cn_simi is owned by the caller (cn_simi_free); 0 or -1. */
#ifndef CARNET_SIMI_H
#define CARNET_SIMI_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"

typedef struct cn_simi {
    uint32_t nvertices;
    uint32_t nedges;     /* nvertices - components: a tree per connected part */
    uint32_t *from, *to; /* vertex indices */
    double *weight;      /* co-occurrences: units holding both forms */
    double *x, *y;       /* Fruchterman-Reingold layout, in [-1, 1] */
} cn_simi;

/* The seed of the layout's draws, which a run's manifest records. */
#define CN_SIMI_LAYOUT_SEED 20250106

/* units: CSR (ptr, ids) of each unit's distinct ids; vertices[v] is the id of vertex v.
 * Edges weigh the number of units holding both ends; the tree keeps the heaviest
 * (IRAMUTEQ: a minimum spanning tree on 1 / weight). The layout is seeded
 * (CN_SIMI_LAYOUT_SEED): the same input gives the same picture. */
int cn_simi_tree(const size_t *ptr, const uint32_t *ids, uint32_t nunits, const uint32_t *vertices,
                 uint32_t nvertices, uint32_t max_id, cn_simi *out, cn_error *err);
void cn_simi_free(cn_simi *s);

#endif
