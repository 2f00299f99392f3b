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

/* igraph's default error handler aborts the process: under a memory limit a run died in
 * its spanning tree ("d_indheap reserve failed") instead of saying "out of memory". While
 * cn_simi_tree calls it, the handler is igraph's "ignore" (which still frees igraph's own
 * partial work), and every call's code is checked. (Debian's igraph is built without
 * thread safety: its handler is process-wide, so similitude trees are made on one thread
 * at a time, as a run does.) */
#define TRY(call)                                                                                  \
    do {                                                                                           \
        if ((e = (call)) != IGRAPH_SUCCESS)                                                        \
            goto done;                                                                             \
    } while (0)

static int igraph_failed(igraph_error_t e, cn_error *err)
{
    if (e == IGRAPH_ENOMEM)
        return cn_error_nomem(err);
    return cn_error_set(err, "similitude: igraph: %s", igraph_strerror(e));
}

/* The weighted graph of the co-occurrences: an edge for each pair of vertices sharing a
 * unit, with 1 / co-occurrences as its length (inverse) and the count (weight). */
static igraph_error_t cooccurrence_graph(const uint32_t *co, uint32_t nv,
                                         igraph_vector_int_t *edges, igraph_vector_t *inverse,
                                         igraph_vector_t *weight, igraph_t *g)
{
    for (uint32_t i = 0; i < nv; i++)
        for (uint32_t j = i + 1; j < nv; j++) {
            uint32_t c = co[(size_t)i * nv + j];
            if (c == 0)
                continue;
            IGRAPH_CHECK(igraph_vector_int_push_back(edges, i));
            IGRAPH_CHECK(igraph_vector_int_push_back(edges, j));
            IGRAPH_CHECK(igraph_vector_push_back(inverse, 1.0 / c));
            IGRAPH_CHECK(igraph_vector_push_back(weight, c));
        }
    return igraph_create(g, edges, nv, IGRAPH_UNDIRECTED);
}

/* The tree's layout into out->x, out->y, scaled to [-1, 1]: seeded, so the picture is the
 * same at every run; unweighted, because co-occurrence weights pull the frequent forms
 * into one knot. */
static void scale_layout(const igraph_matrix_t *layout, uint32_t nv, cn_simi *out)
{
    double lo[2] = {1e300, 1e300}, hi[2] = {-1e300, -1e300};
    for (uint32_t v = 0; v < nv; v++)
        for (int d = 0; d < 2; d++) {
            double c = MATRIX(*layout, v, d);
            lo[d] = c < lo[d] ? c : lo[d];
            hi[d] = c > hi[d] ? c : hi[d];
        }
    for (uint32_t v = 0; v < nv; v++) {
        double sx = hi[0] > lo[0] ? hi[0] - lo[0] : 1, sy = hi[1] > lo[1] ? hi[1] - lo[1] : 1;
        out->x[v] = 2 * (MATRIX(*layout, v, 0) - lo[0]) / sx - 1;
        out->y[v] = 2 * (MATRIX(*layout, v, 1) - lo[1]) / sy - 1;
    }
}

/* The maximum spanning tree of co (nv x nv, upper triangle) and its layout into out. */
static int spanning_tree(const uint32_t *co, uint32_t nv, cn_simi *out, cn_error *err)
{
    igraph_vector_int_t edges, tree, tree_edges;
    igraph_vector_t inverse, weight;
    igraph_t g, t;
    igraph_matrix_t layout;
    /* what exists, to destroy: the objects in the order they are made */
    enum {
        EDGES = 1,
        INVERSE = 2,
        WEIGHT = 4,
        G = 8,
        TREE = 16,
        TREE_EDGES = 32,
        T = 64,
        LAYOUT = 128
    };
    unsigned made = 0;
    igraph_error_t e = IGRAPH_SUCCESS;
    int rc = 0;
    igraph_error_handler_t *handler = igraph_set_error_handler(igraph_error_handler_ignore);
    TRY(igraph_vector_int_init(&edges, 0));
    made |= EDGES;
    TRY(igraph_vector_init(&inverse, 0));
    made |= INVERSE;
    TRY(igraph_vector_init(&weight, 0));
    made |= WEIGHT;
    TRY(cooccurrence_graph(co, nv, &edges, &inverse, &weight, &g));
    made |= G;
    TRY(igraph_vector_int_init(&tree, 0));
    made |= TREE;
    TRY(igraph_minimum_spanning_tree(&g, &tree, &inverse));
    igraph_integer_t ne = igraph_vector_int_size(&tree);
    out->from = malloc(((size_t)ne + 1) * sizeof *out->from);
    out->to = malloc(((size_t)ne + 1) * sizeof *out->to);
    out->weight = malloc(((size_t)ne + 1) * sizeof *out->weight);
    out->x = malloc((size_t)nv * sizeof *out->x);
    out->y = malloc((size_t)nv * sizeof *out->y);
    if (!out->from || !out->to || !out->weight || !out->x || !out->y) {
        e = IGRAPH_ENOMEM;
        goto done;
    }
    TRY(igraph_vector_int_init(&tree_edges, 0));
    made |= TREE_EDGES;
    for (igraph_integer_t k = 0; k < ne; k++) {
        igraph_integer_t id = VECTOR(tree)[k], from, to;
        TRY(igraph_edge(&g, id, &from, &to));
        out->from[k] = (uint32_t)from;
        out->to[k] = (uint32_t)to;
        out->weight[k] = VECTOR(weight)[id];
        TRY(igraph_vector_int_push_back(&tree_edges, from));
        TRY(igraph_vector_int_push_back(&tree_edges, to));
    }
    out->nedges = (uint32_t)ne;
    TRY(igraph_create(&t, &tree_edges, nv, IGRAPH_UNDIRECTED));
    made |= T;
    igraph_rng_seed(igraph_rng_default(), CN_SIMI_LAYOUT_SEED);
    TRY(igraph_matrix_init(&layout, 0, 0));
    made |= LAYOUT;
    TRY(igraph_layout_fruchterman_reingold(&t, &layout, 0, 500, nv, IGRAPH_LAYOUT_NOGRID, NULL,
                                           NULL, NULL, NULL, NULL));
    scale_layout(&layout, nv, out);
done:
    if (e != IGRAPH_SUCCESS)
        rc = igraph_failed(e, err);
    if (made & LAYOUT)
        igraph_matrix_destroy(&layout);
    if (made & T)
        igraph_destroy(&t);
    if (made & TREE_EDGES)
        igraph_vector_int_destroy(&tree_edges);
    if (made & TREE)
        igraph_vector_int_destroy(&tree);
    if (made & G)
        igraph_destroy(&g);
    if (made & WEIGHT)
        igraph_vector_destroy(&weight);
    if (made & INVERSE)
        igraph_vector_destroy(&inverse);
    if (made & EDGES)
        igraph_vector_int_destroy(&edges);
    igraph_set_error_handler(handler);
    return rc;
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
    int rc = cooccurrences(ptr, ids, nunits, vertices, nv, max_id, co, err);
    if (rc == 0)
        rc = spanning_tree(co, nv, out, err);
    free(co);
    if (rc < 0)
        cn_simi_free(out);
    return rc;
}
