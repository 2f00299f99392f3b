/* dhc.c — Reinert's descending hierarchical classification, IRAMUTEQ's way (see dhc.h and
 * reinert-spec.md section C): one node's table, the tree, the terminal classes, the run. */
#include "carnet/dhc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/ca.h"
#include "dhc_cut.h"

cn_dhc_params cn_dhc_defaults(void)
{
    cn_dhc_params p = {.nbcl_p1 = 10,
                       .mincl = 0,
                       .min_split = 2 * CN_DHC_REASSIGN_MIN,
                       .no_reassign = false,
                       .threads = 1};
    return p;
}

int cn_dhc_auto_mincl(uint32_t nrows, int nbcl_p1)
{
    /* R's round() halves to even; nearbyint does so under the default rounding mode, which
     * Carnet never changes. lround would give 753 for 7525 / 10 where IRAMUTEQ has 752. */
    return (int)nearbyint((double)nrows / nbcl_p1);
}

double cn_dhc_chi2(const double *t1, const double *t2, uint32_t p)
{
    double r1 = 0, r2 = 0, a = 0, b = 0;
    for (uint32_t j = 0; j < p; j++) {
        r1 += t1[j];
        r2 += t2[j];
    }
    for (uint32_t j = 0; j < p; j++) {
        double s = t1[j] + t2[j];
        if (s > 0) {
            a += t1[j] * t1[j] / s;
            b += t2[j] * t2[j] / s;
        }
    }
    if (r1 <= 0 || r2 <= 0)
        return 0;
    return (r1 + r2) * (a / r1 + b / r2 - 1);
}

/* ---- one node's table --------------------------------------------------------------- */

/* The table of a node: its rows (global ids, corpus order) with their local columns. */
typedef struct table {
    cn_sparse *m;      /* local rows x local columns */
    uint32_t *row_ids; /* local row -> global row */
    uint32_t *col_ids; /* local column -> global column */
} table;

static void table_free(table *t)
{
    cn_sparse_free(t->m);
    free(t->row_ids);
    free(t->col_ids);
    memset(t, 0, sizeof *t);
}

/* Room in t for any node's table: the whole table g's sizes. Every split's table is built
 * there, as the classification goes: a table of its own for each split took fresh pages
 * from the system each time (faults, then unmapping them: a tenth of the classification on
 * the Italian bench corpus). */
static int table_alloc(table *t, const cn_sparse *g)
{
    t->m = calloc(1, sizeof *t->m);
    t->row_ids = malloc(((size_t)g->nrows + 1) * sizeof *t->row_ids);
    t->col_ids = malloc(((size_t)g->ncols + 1) * sizeof *t->col_ids);
    if (t->m) {
        t->m->rowptr = malloc(((size_t)g->nrows + 1) * sizeof *t->m->rowptr);
        t->m->colidx = malloc((g->nnz + 1) * sizeof *t->m->colidx);
        t->m->colsum = malloc(((size_t)g->ncols + 1) * sizeof *t->m->colsum);
    }
    if (!t->m || !t->row_ids || !t->col_ids || !t->m->rowptr || !t->m->colidx || !t->m->colsum) {
        table_free(t);
        return -1;
    }
    return 0;
}

/* Rows of the node, columns not eliminated on its path and present in at least
 * min_colsum of its rows, into t (its room made at the first call); rows left empty are
 * reported through `dropped`. */
static int build_table(const cn_sparse *g, const uint32_t *rows, uint32_t nrows,
                       const uint8_t *eliminated, uint32_t min_colsum, int32_t *local_of,
                       uint32_t *colsum, table *t, uint32_t *dropped, uint32_t *ndropped,
                       cn_error *err)
{
    memset(colsum, 0, g->ncols * sizeof *colsum);
    for (uint32_t r = 0; r < nrows; r++)
        for (size_t k = g->rowptr[rows[r]]; k < g->rowptr[rows[r] + 1]; k++)
            colsum[g->colidx[k]]++;
    uint32_t p = 0;
    for (uint32_t j = 0; j < g->ncols; j++) {
        local_of[j] = -1;
        if (colsum[j] >= min_colsum && !(eliminated && eliminated[j]))
            local_of[j] = (int32_t)p++;
    }
    if (!t->m && table_alloc(t, g) < 0)
        return cn_error_nomem(err);
    for (uint32_t j = 0; j < g->ncols; j++)
        if (local_of[j] >= 0) {
            t->col_ids[local_of[j]] = j;
            t->m->colsum[local_of[j]] = colsum[j]; /* dropped rows held none of them */
        }
    uint32_t n = 0;
    size_t w = 0;
    *ndropped = 0;
    t->m->rowptr[0] = 0;
    for (uint32_t r = 0; r < nrows; r++) {
        size_t start = w;
        for (size_t k = g->rowptr[rows[r]]; k < g->rowptr[rows[r] + 1]; k++)
            if (local_of[g->colidx[k]] >= 0)
                t->m->colidx[w++] = (uint32_t)local_of[g->colidx[k]];
        if (w == start) {
            dropped[(*ndropped)++] = rows[r];
            continue;
        }
        t->row_ids[n++] = rows[r];
        t->m->rowptr[n] = w;
    }
    t->m->nrows = n;
    t->m->ncols = p;
    t->m->nnz = w;
    return 0;
}

/* ---- the tree ----------------------------------------------------------------------- */

typedef struct leaf {
    int id;
    uint8_t *eliminated; /* global columns eliminated on the path to this node */
    double *warm;        /* its parent's second CA axis over the global columns: where its own
                            axis's iteration starts (NULL: the root, from the fixed start) */
    bool splittable;
} leaf;

typedef struct run {
    const cn_sparse *g;
    const cn_dhc_params *params;
    cn_dhc *d;
    int32_t *current; /* leaf label of each row now */
    leaf *leaves;
    int nleaves;
    int32_t *local_of;
    uint32_t *colsum;
    uint32_t *rows, *dropped;
    table table;       /* each split's, built in the same room */
    cn_ca_space space; /* the CA's, reused from one split to the next */
    cn_error *err;
} run;

/* IRAMUTEQ picks the largest leaf; ties go to the first in string order of the ids. */
static int pick_leaf(run *r)
{
    uint32_t *size = calloc((size_t)r->d->max_node + 2, sizeof *size);
    if (!size)
        return -2;
    for (uint32_t i = 0; i < r->g->nrows; i++)
        if (r->current[i] > 0)
            size[r->current[i]]++;
    int best = -1;
    for (int k = 0; k < r->nleaves; k++) {
        leaf *l = &r->leaves[k];
        if (!l->splittable || size[l->id] < (uint32_t)r->params->min_split || size[l->id] < 2)
            continue;
        if (best < 0 || size[l->id] > size[r->leaves[best].id]) {
            best = k;
        } else if (size[l->id] == size[r->leaves[best].id]) {
            char x[16], y[16];
            snprintf(x, sizeof x, "%d", l->id);
            snprintf(y, sizeof y, "%d", r->leaves[best].id);
            if (strcmp(x, y) < 0)
                best = k;
        }
    }
    free(size);
    return best;
}

static int split_leaf(run *r, int k, int split_index, bool *done_split)
{
    const cn_sparse *g = r->g;
    leaf node = r->leaves[k];
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->nrows; i++)
        if (r->current[i] == node.id)
            r->rows[n++] = i;
    uint32_t ndropped = 0;
    uint32_t min_colsum = node.id == 1 ? 1 : 4; /* below the root, columns need 4 rows */
    if (build_table(g, r->rows, n, node.eliminated, min_colsum, r->local_of, r->colsum, &r->table,
                    r->dropped, &ndropped, r->err) < 0)
        return -1;
    table t = r->table; /* the room's pointers, filled for this node */
    *done_split = false;
    if (t.m->nrows < 2 || t.m->ncols < 2 || t.m->nrows < (uint32_t)r->params->min_split) {
        r->leaves[k].splittable = false;
        return 0;
    }
    cn_dhc_split rec = {.node = node.id,
                        .child1 = 2 * split_index,
                        .child2 = 2 * split_index + 1,
                        .removed = ndropped};
    uint32_t p = t.m->ncols, rows = t.m->nrows;
    double *coord = malloc(rows * sizeof *coord);
    uint8_t *group = malloc(rows);
    cn_dhc_sums z = {.t1 = malloc(p * sizeof(uint32_t)),
                     .t2 = malloc(p * sizeof(uint32_t)),
                     .s = calloc(p, sizeof(uint32_t)),
                     .total = (double)t.m->nnz};
    double *start = node.warm ? malloc(p * sizeof *start) : NULL;
    double *second = malloc(p * sizeof *second);
    double *warm1 = malloc(g->ncols * sizeof *warm1), *warm2 = malloc(g->ncols * sizeof *warm2);
    uint8_t *elim1 = NULL, *elim2 = NULL;
    int rc = -1;
    double sigma;
    if (!coord || !group || !z.t1 || !z.t2 || !z.s || (node.warm && !start) || !second || !warm1 ||
        !warm2) {
        cn_error_nomem(r->err);
        goto done;
    }
    memcpy(z.s, t.m->colsum, p * sizeof *z.s);
    for (uint32_t j = 0; start && j < p; j++)
        start[j] = node.warm[t.col_ids[j]];
    /* Most splits cut a few rows off a large node, whose next axis was its parent's
     * second: starting there takes a quarter fewer Lanczos steps on real corpora. */
    cn_ca_warm warm = {.start = start, .second = second, .space = &r->space};
    if (cn_ca_first_axis_warm(t.m, r->params->threads, &warm, coord, &sigma, r->err) < 0 ||
        cn_dhc_cut_scan(t.m, coord, &z, group, &rec, r->err) < 0)
        goto done;
    if (!r->params->no_reassign && cn_dhc_cut_reassign(t.m, &z, group, &rec, r->err) < 0)
        goto done;
    cn_dhc_sums_recompute(&z, t.m, group);
    rec.chi2 = cn_dhc_sums_chi2(&z);
    for (uint32_t i = 0; i < rows; i++)
        rec.size1 += group[i] == 1;
    rec.size2 = rows - rec.size1;
    if (rec.size1 == 0 || rec.size2 == 0) { /* no contrast at all: a split of nothing */
        r->leaves[k].splittable = false;
        r->d->uncut++;
        rc = 0;
        goto done;
    }

    /* Feature elimination for the children. */
    uint32_t n1 = rec.size1, n2 = rec.size2;
    double hi = n1 > n2 ? n1 : n2, lo = n1 > n2 ? n2 : n1;
    rec.threshold = round((1.9 * hi / lo + 1.9) * 1e6) / 1e6;
    elim1 = malloc(g->ncols);
    elim2 = malloc(g->ncols);
    if (!elim1 || !elim2) {
        cn_error_nomem(r->err);
        goto done;
    }
    if (node.eliminated) {
        memcpy(elim1, node.eliminated, g->ncols);
        memcpy(elim2, node.eliminated, g->ncols);
    } else {
        memset(elim1, 0, g->ncols);
        memset(elim2, 0, g->ncols);
    }
    for (uint32_t j = 0; j < p; j++) {
        /* the table is binary: column counts are rows of each child holding column j */
        uint32_t a = z.t1[j], b = z.t2[j];
        double chi2 = cn_dhc_cut_column_chi2(a, b, n1, n2, rec.threshold);
        if (chi2 <= rec.threshold)
            continue;
        double expected1 = (double)(a + b) * n1 / (n1 + n2);
        if (a < expected1)
            elim1[t.col_ids[j]] = 1;
        else if (a > expected1)
            elim2[t.col_ids[j]] = 1;
    }

    /* New labels. */
    for (uint32_t q = 0; q < ndropped; q++)
        r->current[r->dropped[q]] = 0;
    for (uint32_t i = 0; i < rows; i++)
        r->current[t.row_ids[i]] = group[i] == 1 ? rec.child1 : rec.child2;
    r->d->parent[rec.child1] = node.id;
    r->d->parent[rec.child2] = node.id;
    memset(warm1, 0, g->ncols * sizeof *warm1);
    for (uint32_t j = 0; j < p; j++)
        warm1[t.col_ids[j]] = second[j];
    memcpy(warm2, warm1, g->ncols * sizeof *warm2);
    free(node.eliminated);
    free(node.warm);
    r->leaves[k] = (leaf){.id = rec.child1, .eliminated = elim1, .warm = warm1, .splittable = true};
    r->leaves[r->nleaves++] =
        (leaf){.id = rec.child2, .eliminated = elim2, .warm = warm2, .splittable = true};
    elim1 = elim2 = NULL;
    warm1 = warm2 = NULL;
    r->d->splits[split_index - 1] = rec;
    *done_split = true;
    rc = 0;
done:
    free(elim1);
    free(elim2);
    free(warm1);
    free(warm2);
    free(start);
    free(second);
    free(coord);
    free(group);
    free(z.t1);
    free(z.t2);
    free(z.s);
    return rc;
}

/* ---- terminal classes (IRAMUTEQ's find.terminales) ---------------------------------- */

static bool is_descendant(const cn_dhc *d, int node, int ancestor)
{
    for (int x = node; x > 0; x = d->parent[x])
        if (x == ancestor)
            return true;
    return false;
}

typedef struct nodes {
    int *ids;
    int n;
} nodes;

static bool contains(const nodes *list, int id)
{
    for (int i = 0; i < list->n; i++)
        if (list->ids[i] == id)
            return true;
    return false;
}

static void remove_at(nodes *list, int i)
{
    memmove(list->ids + i, list->ids + i + 1, (size_t)(list->n - i - 1) * sizeof *list->ids);
    list->n--;
}

/* True when some node of `list` other than `except` lies under `ancestor`. */
static bool any_under(const cn_dhc *d, const nodes *list, int ancestor, int except)
{
    for (int i = 0; i < list->n; i++)
        if (list->ids[i] != except && list->ids[i] != ancestor &&
            is_descendant(d, list->ids[i], ancestor))
            return true;
    return false;
}

/* Small leaves climb to their parent when it is large enough and none of its other
 * descendants is already a class; otherwise their units are left unclassified. */
static int find_terminals(cn_dhc *d, const uint32_t *size, cn_error *err)
{
    int cap = d->max_node + 1;
    nodes terminals = {malloc((size_t)cap * sizeof(int)), 0};
    nodes check = {malloc((size_t)cap * sizeof(int)), 0};
    bool *is_leaf = calloc((size_t)cap, sizeof *is_leaf);
    if (!terminals.ids || !check.ids || !is_leaf) {
        free(terminals.ids);
        free(check.ids);
        free(is_leaf);
        return cn_error_nomem(err);
    }
    int last = d->nsplits - 1;
    for (uint32_t i = 0; i < d->nrows; i++) {
        int32_t l = last >= 0 ? d->labels[(size_t)last * d->nrows + i] : (d->class_of[i] ? 1 : 0);
        if (l > 0)
            is_leaf[l] = true;
    }
    if (d->nsplits == 0)
        is_leaf[1] = true;
    for (int id = 1; id <= d->max_node; id++) {
        if (!is_leaf[id])
            continue;
        if (size[id] >= (uint32_t)d->mincl)
            terminals.ids[terminals.n++] = id;
        else
            check.ids[check.n++] = id;
    }
    while (check.n > 0) {
        int v = check.ids[0];
        if (!is_leaf[v] && size[v] >= (uint32_t)d->mincl) {
            /* a parent brought to the front: it becomes a class, its leaves go with it */
            terminals.ids[terminals.n++] = v;
            for (int i = check.n - 1; i >= 0; i--)
                if (is_descendant(d, check.ids[i], v))
                    remove_at(&check, i);
            continue;
        }
        int parent = d->parent[v];
        remove_at(&check, 0);
        if (parent == 0 || parent == 1 || size[parent] < (uint32_t)d->mincl ||
            any_under(d, &terminals, parent, v))
            continue; /* v is dropped */
        if (!any_under(d, &check, parent, v)) {
            terminals.ids[terminals.n++] = parent;
            for (int i = check.n - 1; i >= 0; i--)
                if (is_descendant(d, check.ids[i], parent))
                    remove_at(&check, i);
        } else if (!contains(&check, parent)) {
            memmove(check.ids + 1, check.ids, (size_t)check.n * sizeof *check.ids);
            check.ids[0] = parent;
            check.n++;
        }
    }
    d->nclasses = terminals.n;
    d->terminal = terminals.ids;
    free(check.ids);
    free(is_leaf);
    return 0;
}

static int by_size_then_node(const void *x, const void *y)
{
    const cn_dhc_leaf *a = x, *b = y;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

/* The phase-1 leaves under no final class (the root excepted: it is the whole corpus, not
 * a theme), so that what IRAMUTEQ drops in silence can be shown. size: units per node. */
static int record_discarded(cn_dhc *d, const uint32_t *size, cn_error *err)
{
    if (d->nsplits == 0)
        return 0;
    bool *is_leaf = calloc((size_t)d->max_node + 1, sizeof *is_leaf);
    d->discarded = calloc((size_t)d->max_node + 1, sizeof *d->discarded);
    if (!is_leaf || !d->discarded) {
        free(is_leaf);
        return cn_error_nomem(err);
    }
    const int32_t *last = d->labels + (size_t)(d->nsplits - 1) * d->nrows;
    for (uint32_t i = 0; i < d->nrows; i++)
        if (last[i] > 0)
            is_leaf[last[i]] = true;
    for (int id = 2; id <= d->max_node; id++) {
        bool kept = false;
        for (int k = 0; is_leaf[id] && !kept && k < d->nclasses; k++)
            kept = is_descendant(d, id, d->terminal[k]);
        if (is_leaf[id] && !kept)
            d->discarded[d->ndiscarded++] = (cn_dhc_leaf){id, size[id]};
    }
    if (d->ndiscarded > 1)
        qsort(d->discarded, (size_t)d->ndiscarded, sizeof *d->discarded, by_size_then_node);
    free(is_leaf);
    return 0;
}

static int make_classes(cn_dhc *d, cn_error *err)
{
    uint32_t *size = calloc((size_t)d->max_node + 1, sizeof *size);
    if (!size)
        return cn_error_nomem(err);
    int last = d->nsplits - 1;
    for (uint32_t i = 0; i < d->nrows; i++) {
        int32_t l = last >= 0 ? d->labels[(size_t)last * d->nrows + i] : (d->class_of[i] ? 1 : 0);
        for (int x = l; x > 0; x = d->parent[x])
            size[x]++;
    }
    int rc = find_terminals(d, size, err);
    if (rc == 0)
        rc = record_discarded(d, size, err);
    if (rc == 0) {
        d->class_size = calloc((size_t)d->nclasses + 1, sizeof *d->class_size);
        if (!d->class_size)
            rc = cn_error_nomem(err);
    }
    for (uint32_t i = 0; rc == 0 && i < d->nrows; i++) {
        int32_t l = last >= 0 ? d->labels[(size_t)last * d->nrows + i] : (d->class_of[i] ? 1 : 0);
        d->class_of[i] = 0;
        for (int k = 0; l > 0 && k < d->nclasses; k++)
            if (is_descendant(d, l, d->terminal[k])) {
                d->class_of[i] = (uint32_t)k + 1;
                d->class_size[k]++;
                break;
            }
    }
    free(size);
    return rc;
}

/* The terminal-class selection redone on d's tree with another minimum size: the tree does
 * not depend on it, so this is exactly what a run with that --min-class gives. */
int cn_dhc_classes_with(const cn_dhc *d, int mincl, cn_dhc_outcome *out, cn_error *err)
{
    *out = (cn_dhc_outcome){0};
    if (d->nsplits == 0 || d->npairs > 0)
        return cn_error_code(err, CN_EINVALID, "classes with --min-class: no simple tree");
    cn_dhc t = *d; /* shares d's tree; only terminal and nclasses are its own */
    t.mincl = mincl;
    t.terminal = NULL;
    /* rows counted once per leaf, then leaves walked up the tree: the themes ask this of
     * every left-out leaf, and a walk per row took 4 ms each on 100,000 segments */
    uint32_t *size = calloc((size_t)d->max_node + 1, sizeof *size);
    uint32_t *leaf = calloc((size_t)d->max_node + 1, sizeof *leaf);
    if (!size || !leaf) {
        free(size);
        free(leaf);
        return cn_error_nomem(err);
    }
    for (uint32_t i = 0; i < d->nrows; i++) {
        int32_t l = cn_dhc_label(d, d->nsplits - 1, i);
        leaf[l > 0 ? l : 0]++;
    }
    for (int l = 1; l <= d->max_node; l++)
        for (int x = l; leaf[l] > 0 && x > 0; x = d->parent[x])
            size[x] += leaf[l];
    int rc = find_terminals(&t, size, err);
    if (rc == 0 && !(out->class_size = calloc((size_t)t.nclasses + 1, sizeof *out->class_size)))
        rc = cn_error_nomem(err);
    for (int l = 1; rc == 0 && l <= d->max_node; l++)
        for (int k = 0; leaf[l] > 0 && k < t.nclasses; k++)
            if (is_descendant(&t, l, t.terminal[k])) {
                out->class_size[k] += leaf[l];
                out->classified += leaf[l];
                break;
            }
    out->nclasses = rc == 0 ? t.nclasses : 0;
    out->draws = 1;
    free(t.terminal);
    free(size);
    free(leaf);
    return rc;
}

/* ---- the whole run ------------------------------------------------------------------ */

int cn_dhc_run(const cn_sparse *g, const cn_dhc_params *params, cn_dhc **out, cn_error *err)
{
    if (params->nbcl_p1 < 2)
        return cn_error_set(err, "the number of terminal classes must be at least 2");
    int max_splits = params->nbcl_p1 - 1;
    cn_dhc *d = calloc(1, sizeof *d);
    run r = {.g = g, .params = params, .d = d, .err = err};
    if (!d)
        return cn_error_nomem(err);
    d->nrows = g->nrows;
    d->max_node = 2 * max_splits + 1;
    d->mincl = params->mincl > 0 ? params->mincl : cn_dhc_auto_mincl(g->nrows, params->nbcl_p1);
    d->splits = calloc((size_t)max_splits, sizeof *d->splits);
    d->labels = calloc((size_t)max_splits * g->nrows + 1, sizeof *d->labels);
    d->parent = calloc((size_t)d->max_node + 1, sizeof *d->parent);
    d->class_of = calloc((size_t)g->nrows + 1, sizeof *d->class_of);
    r.current = calloc((size_t)g->nrows + 1, sizeof *r.current);
    r.leaves = calloc((size_t)max_splits + 2, sizeof *r.leaves);
    r.local_of = malloc(((size_t)g->ncols + 1) * sizeof *r.local_of);
    r.colsum = malloc(((size_t)g->ncols + 1) * sizeof *r.colsum);
    r.rows = malloc(((size_t)g->nrows + 1) * sizeof *r.rows);
    r.dropped = malloc(((size_t)g->nrows + 1) * sizeof *r.dropped);
    int rc = -1;
    if (!d->splits || !d->labels || !d->parent || !d->class_of || !r.current || !r.leaves ||
        !r.local_of || !r.colsum || !r.rows || !r.dropped) {
        cn_error_nomem(err);
        goto done;
    }
    /* Rows with no column are unclassified from the start (class 0). */
    for (uint32_t i = 0; i < g->nrows; i++) {
        r.current[i] = g->rowptr[i + 1] > g->rowptr[i] ? 1 : 0;
        d->class_of[i] = (uint32_t)r.current[i];
    }
    r.leaves[r.nleaves++] = (leaf){.id = 1, .splittable = true};
    while (d->nsplits < max_splits) {
        int k = pick_leaf(&r);
        if (k == -2) {
            cn_error_nomem(err);
            goto done;
        }
        if (k < 0)
            break; /* no leaf can be split any more */
        bool split = false;
        if (split_leaf(&r, k, d->nsplits + 1, &split) < 0)
            goto done;
        if (!split)
            continue;
        memcpy(d->labels + (size_t)d->nsplits * g->nrows, r.current, g->nrows * sizeof *r.current);
        d->nsplits++;
    }
    rc = make_classes(d, err);
done:
    for (int k = 0; k < r.nleaves; k++) {
        free(r.leaves[k].eliminated);
        free(r.leaves[k].warm);
    }
    free(r.leaves);
    free(r.current);
    free(r.local_of);
    free(r.colsum);
    free(r.rows);
    free(r.dropped);
    table_free(&r.table);
    cn_ca_space_free(&r.space);
    if (rc < 0) {
        cn_dhc_free(d);
        return -1;
    }
    *out = d;
    return 0;
}

int32_t cn_dhc_label(const cn_dhc *d, int split, uint32_t row)
{
    return d->labels[(size_t)split * d->nrows + row];
}

void cn_dhc_free(cn_dhc *d)
{
    if (!d)
        return;
    free(d->splits);
    free(d->labels);
    free(d->parent);
    free(d->terminal);
    free(d->class_of);
    free(d->class_size);
    free(d->discarded);
    free(d->pairs);
    free(d->leaf[0]);
    free(d->leaf[1]);
    cn_dhc_signs_free(d->signs);
    free(d);
}
