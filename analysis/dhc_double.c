/* dhc_double.c — IRAMUTEQ's double classification (see dhc.h and reinert-spec.md D.1).
 * Both trees are plain simple classifications; what is new here is the crossing of their
 * nodes and the greedy choice of pairs. The trees are at most 2 x nbcl_p1 nodes each, so
 * the crossing table is tiny next to the classifications themselves. */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/dhc.h"

#define DOUBLE_MIN_CHI2 3.84

typedef struct job {
    const cn_sparse *m;
    const cn_dhc_params *params;
    cn_dhc *result;
    cn_error err;
    int rc;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    j->rc = cn_dhc_run(j->m, j->params, &j->result, &j->err);
    return NULL;
}

/* Node of tree d that segment s belongs to at the split that created node c, i.e. its
 * label in column c / 2 (1-based split), through its UC. */
static bool in_node(const cn_dhc *d, const uint32_t *uc, uint32_t s, int c)
{
    int split = c / 2;
    if (uc[s] == CN_NO_UC || split < 1 || split > d->nsplits)
        return false;
    return cn_dhc_label(d, split - 1, uc[s]) == c;
}

static bool related(const cn_dhc *d, int a, int b)
{
    for (int x = a; x > 0; x = d->parent[x])
        if (x == b)
            return true;
    for (int x = b; x > 0; x = d->parent[x])
        if (x == a)
            return true;
    return false;
}

typedef struct candidate {
    int c1, c2;
    uint32_t n;
    double chi2;
    size_t order; /* position in the chi2 ranking, for a stable re-sort */
} candidate;

static int by_chi2(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->chi2 != b->chi2)
        return a->chi2 > b->chi2 ? -1 : 1;
    if (a->c1 != b->c1)
        return a->c1 - b->c1;
    return a->c2 - b->c2;
}

static int by_second_node(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->c2 != b->c2)
        return b->c2 - a->c2; /* deepest (latest) second-tree nodes first */
    return (a->order > b->order) - (a->order < b->order);
}

int cn_dhc_double(const cn_sparse *m1, const uint32_t *uc1, const cn_sparse *m2,
                  const uint32_t *uc2, uint32_t nsegs, const cn_dhc_params *params, int threads,
                  cn_dhc **out, cn_error *err)
{
    cn_dhc_params p = *params;
    if (p.mincl == 0) /* IRAMUTEQ: from the number of rows of the first UC table */
        p.mincl = cn_dhc_auto_mincl(m1->nrows, p.nbcl_p1);
    job a = {m1, &p, NULL, {{0}, 0}, 0}, b = {m2, &p, NULL, {{0}, 0}, 0};
    pthread_t thread;
    bool parallel = threads > 1 && pthread_create(&thread, NULL, run_job, &b) == 0;
    run_job(&a);
    if (parallel)
        pthread_join(thread, NULL);
    else
        run_job(&b);
    if (a.rc < 0 || b.rc < 0) {
        cn_error_set(err, "%s", a.rc < 0 ? a.err.msg : b.err.msg);
        cn_dhc_free(a.result);
        cn_dhc_free(b.result);
        return -1;
    }
    cn_dhc *t1 = a.result, *t2 = b.result;
    int n1 = 2 * t1->nsplits + 1, n2 = 2 * t2->nsplits + 1;
    uint32_t *w1 = calloc((size_t)n1 + 1, sizeof *w1), *w2 = calloc((size_t)n2 + 1, sizeof *w2);
    uint32_t *cross = calloc(((size_t)n1 + 1) * ((size_t)n2 + 1), sizeof *cross);
    candidate *cand = malloc(((size_t)n1 + 1) * ((size_t)n2 + 1) * sizeof *cand);
    cn_dhc *d = calloc(1, sizeof *d);
    int rc = -1;
    if (!w1 || !w2 || !cross || !cand || !d) {
        cn_error_nomem(err);
        goto done;
    }
    /* Node sizes and the crossing table, in segments. */
    for (uint32_t s = 0; s < nsegs; s++) {
        for (int c1 = 2; c1 <= n1; c1++) {
            if (!in_node(t1, uc1, s, c1))
                continue;
            w1[c1]++;
            for (int c2 = 2; c2 <= n2; c2++)
                if (in_node(t2, uc2, s, c2))
                    cross[(size_t)c1 * ((size_t)n2 + 1) + (size_t)c2]++;
        }
        for (int c2 = 2; c2 <= n2; c2++)
            w2[c2] += in_node(t2, uc2, s, c2);
    }
    size_t ncand = 0;
    double N = nsegs;
    for (int c1 = 2; c1 <= n1; c1++)
        for (int c2 = 2; c2 <= n2; c2++) {
            uint32_t n12 = cross[(size_t)c1 * ((size_t)n2 + 1) + (size_t)c2];
            if (n12 < (uint32_t)p.mincl)
                continue;
            double x = n12, y = (double)w1[c1] - n12, z = (double)w2[c2] - n12;
            double v = N - w2[c2] - ((double)w1[c1] - n12);
            double den = (x + y) * (z + v) * (x + z) * (y + v);
            if (den <= 0)
                continue;
            double chi2 = N * (x * v - y * z) * (x * v - y * z) / den;
            if (x < (x + y) * (x + z) / N)
                chi2 = -chi2;
            if (chi2 > DOUBLE_MIN_CHI2)
                cand[ncand++] = (candidate){c1, c2, n12, chi2, 0};
        }
    qsort(cand, ncand, sizeof *cand, by_chi2);
    for (size_t i = 0; i < ncand; i++)
        cand[i].order = i;
    qsort(cand, ncand, sizeof *cand, by_second_node);
    d->pairs = calloc(ncand + 1, sizeof *d->pairs);
    int *used1 = calloc((size_t)n1 + 1, sizeof *used1),
        *used2 = calloc((size_t)n2 + 1, sizeof *used2);
    if (!d->pairs || !used1 || !used2) {
        free(used1);
        free(used2);
        cn_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < ncand; i++) {
        const candidate *c = &cand[i];
        if (used1[c->c1] || used2[c->c2])
            continue;
        d->pairs[d->npairs++] = (cn_dhc_pair){c->c1, c->c2, c->n, c->chi2};
        for (int x = 2; x <= n1; x++) /* the node, its descendants and its ancestors */
            used1[x] |= related(t1, x, c->c1);
        for (int x = 2; x <= n2; x++)
            used2[x] |= related(t2, x, c->c2);
    }
    free(used1);
    free(used2);
    d->nrows = nsegs;
    d->mincl = p.mincl;
    d->nclasses = d->npairs;
    d->class_of = calloc((size_t)nsegs + 1, sizeof *d->class_of);
    d->class_size = calloc((size_t)d->nclasses + 1, sizeof *d->class_size);
    d->terminal = calloc((size_t)d->nclasses + 1, sizeof *d->terminal);
    if (!d->class_of || !d->class_size || !d->terminal) {
        cn_error_nomem(err);
        goto done;
    }
    for (int k = 0; k < d->nclasses; k++)
        d->terminal[k] = d->pairs[k].c1;
    for (uint32_t s = 0; s < nsegs; s++)
        for (int k = 0; k < d->npairs; k++)
            if (in_node(t1, uc1, s, d->pairs[k].c1) && in_node(t2, uc2, s, d->pairs[k].c2)) {
                d->class_of[s] = (uint32_t)k + 1;
                d->class_size[k]++;
                break;
            }
    rc = 0;
done:
    free(w1);
    free(w2);
    free(cross);
    free(cand);
    cn_dhc_free(t1);
    cn_dhc_free(t2);
    if (rc < 0) {
        cn_dhc_free(d);
        return -1;
    }
    *out = d;
    return 0;
}
