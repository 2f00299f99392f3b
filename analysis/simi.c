/* simi.c — co-occurrence maximum spanning tree and its layout, with igraph (see simi.h).
 * The co-occurrence table of the chosen forms is dense: a few hundred vertices at most. */
#include "carnet/simi.h"

#include <igraph/igraph.h>
#include <stdlib.h>
#include <string.h>

void cn_simi_free(cn_simi *s)
{
    free(s->from);
    free(s->to);
    free(s->weight);
    free(s->x);
    free(s->y);
    memset(s, 0, sizeof *s);
}

static int cooccurrences(const size_t *ptr, const uint32_t *ids, uint32_t nunits,
                         const uint32_t *vertices, uint32_t nv, uint32_t max_id, uint32_t *co,
                         cn_error *err)
{
    int32_t *vertex_of = malloc(((size_t)max_id + 1) * sizeof *vertex_of);
    uint32_t *here = malloc(((size_t)nv + 1) * sizeof *here);
    if (!vertex_of || !here) {
        free(vertex_of);
        free(here);
        return cn_error_nomem(err);
    }
    for (uint32_t i = 0; i <= max_id; i++)
        vertex_of[i] = -1;
    for (uint32_t v = 0; v < nv; v++)
        vertex_of[vertices[v]] = (int32_t)v;
    for (uint32_t u = 0; u < nunits; u++) {
        uint32_t n = 0;
        for (size_t k = ptr[u]; k < ptr[u + 1]; k++)
            if (ids[k] <= max_id && vertex_of[ids[k]] >= 0)
                here[n++] = (uint32_t)vertex_of[ids[k]];
        for (uint32_t a = 0; a < n; a++)
            for (uint32_t b = a + 1; b < n; b++) {
                uint32_t i = here[a] < here[b] ? here[a] : here[b];
                uint32_t j = here[a] < here[b] ? here[b] : here[a];
                co[(size_t)i * nv + j]++;
            }
    }
    free(vertex_of);
    free(here);
    return 0;
}

int cn_simi_tree(const size_t *ptr, const uint32_t *ids, uint32_t nunits, const uint32_t *vertices,
                 uint32_t nv, uint32_t max_id, cn_simi *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    out->nvertices = nv;
    if (nv < 2)
        return 0;
    uint32_t *co = calloc((size_t)nv * nv, sizeof *co);
    if (!co)
        return cn_error_nomem(err);
    if (cooccurrences(ptr, ids, nunits, vertices, nv, max_id, co, err) < 0) {
        free(co);
        return -1;
    }
    igraph_vector_int_t edges, tree;
    igraph_vector_t inverse, weight_of_edge;
    igraph_t g;
    igraph_matrix_t layout;
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&inverse, 0);
    igraph_vector_init(&weight_of_edge, 0);
    for (uint32_t i = 0; i < nv; i++)
        for (uint32_t j = i + 1; j < nv; j++)
            if (co[(size_t)i * nv + j] > 0) {
                igraph_vector_int_push_back(&edges, i);
                igraph_vector_int_push_back(&edges, j);
                igraph_vector_push_back(&inverse, 1.0 / co[(size_t)i * nv + j]);
                igraph_vector_push_back(&weight_of_edge, co[(size_t)i * nv + j]);
            }
    igraph_create(&g, &edges, nv, IGRAPH_UNDIRECTED);
    igraph_vector_int_init(&tree, 0);
    igraph_minimum_spanning_tree(&g, &tree, &inverse);
    igraph_integer_t ne = igraph_vector_int_size(&tree);
    out->from = malloc(((size_t)ne + 1) * sizeof *out->from);
    out->to = malloc(((size_t)ne + 1) * sizeof *out->to);
    out->weight = malloc(((size_t)ne + 1) * sizeof *out->weight);
    out->x = malloc((size_t)nv * sizeof *out->x);
    out->y = malloc((size_t)nv * sizeof *out->y);
    int rc = 0;
    if (!out->from || !out->to || !out->weight || !out->x || !out->y) {
        rc = cn_error_nomem(err);
    } else {
        igraph_vector_int_t tree_edges;
        igraph_vector_int_init(&tree_edges, 0);
        for (igraph_integer_t e = 0; e < ne; e++) {
            igraph_integer_t id = VECTOR(tree)[e], from, to;
            igraph_edge(&g, id, &from, &to);
            out->from[e] = (uint32_t)from;
            out->to[e] = (uint32_t)to;
            out->weight[e] = VECTOR(weight_of_edge)[id];
            igraph_vector_int_push_back(&tree_edges, from);
            igraph_vector_int_push_back(&tree_edges, to);
        }
        out->nedges = (uint32_t)ne;
        /* Layout of the tree: seeded, so the picture is the same at every run; unweighted,
         * because co-occurrence weights pull the frequent forms into one knot. */
        igraph_t t;
        igraph_create(&t, &tree_edges, nv, IGRAPH_UNDIRECTED);
        igraph_rng_seed(igraph_rng_default(), 20250106);
        igraph_matrix_init(&layout, 0, 0);
        igraph_layout_fruchterman_reingold(&t, &layout, 0, 500, nv, IGRAPH_LAYOUT_NOGRID, NULL,
                                           NULL, NULL, NULL, NULL);
        double lo[2] = {1e300, 1e300}, hi[2] = {-1e300, -1e300};
        for (uint32_t v = 0; v < nv; v++)
            for (int d = 0; d < 2; d++) {
                double c = MATRIX(layout, v, d);
                lo[d] = c < lo[d] ? c : lo[d];
                hi[d] = c > hi[d] ? c : hi[d];
            }
        for (uint32_t v = 0; v < nv; v++) {
            double sx = hi[0] > lo[0] ? hi[0] - lo[0] : 1, sy = hi[1] > lo[1] ? hi[1] - lo[1] : 1;
            out->x[v] = 2 * (MATRIX(layout, v, 0) - lo[0]) / sx - 1;
            out->y[v] = 2 * (MATRIX(layout, v, 1) - lo[1]) / sy - 1;
        }
        igraph_matrix_destroy(&layout);
        igraph_destroy(&t);
        igraph_vector_int_destroy(&tree_edges);
    }
    igraph_vector_int_destroy(&tree);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&inverse);
    igraph_vector_destroy(&weight_of_edge);
    free(co);
    if (rc < 0)
        cn_simi_free(out);
    return rc;
}
