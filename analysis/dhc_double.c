/* dhc_double.c — IRAMUTEQ's double classification (see dhc.h and reinert-spec.md D.1).
 * Both trees are plain simple classifications; what is new here is the crossing of their
 * nodes and the greedy choice of pairs. The trees are at most 2 x nbcl_p1 nodes each, so
 * the crossing table is tiny next to the classifications themselves.
 *
 * The sign of each split's CA axis is arbitrary: it decides only which child is numbered
 * 2i and which 2i + 1, but IRAMUTEQ walks the pairs by those numbers, so its classes
 * depend on it. The sign draws redo the walk (not the trees) under random numberings and
 * count the partitions that come out; the chi2 and split orders walk pairs by
 * numbering-free keys. */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/dhc.h"

#define DOUBLE_MIN_CHI2 3.84

cn_dhc_double_params cn_dhc_double_defaults(void)
{
    cn_dhc_double_params p = {.pair_order = CN_PAIR_ORDER_IRAMUTEQ,
                              .sign_draws = CN_DHC_SIGN_DRAWS,
                              .seed = CN_DHC_SIGN_SEED};
    return p;
}

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

/* A tree's nodes as each segment sees them. A segment is in node c when its UC's label
 * just after the split that made c (split c / 2) is c: then c and its ancestors hold it
 * until a later split drops it (label 0 from then on, never back). So its nodes are the
 * deepest label its UC had, and that label's ancestors: deep[s] (0 for none) and
 * holds[l * (n + 1) + c], true when node c >= 2 is l or an ancestor of l. The crossing
 * reads these instead of a label per node and split, the same answers in two lookups. */
typedef struct membership {
    int n;          /* highest node number */
    int32_t *deep;  /* per segment */
    uint8_t *holds; /* (n + 1) x (n + 1) */
} membership;

static void membership_free(membership *b)
{
    free(b->deep);
    free(b->holds);
}

static int membership_init(membership *b, const cn_dhc *d, const uint32_t *uc, uint32_t nsegs,
                           int n, cn_error *err)
{
    b->n = n;
    b->deep = calloc((size_t)nsegs + 1, sizeof *b->deep);
    b->holds = calloc(((size_t)n + 1) * ((size_t)n + 1), 1);
    int32_t *of_uc = calloc((size_t)d->nrows + 1, sizeof *of_uc);
    if (!b->deep || !b->holds || !of_uc) {
        free(of_uc);
        return cn_error_nomem(err);
    }
    for (uint32_t u = 0; u < d->nrows; u++)
        for (int split = d->nsplits - 1; split >= 0 && !of_uc[u]; split--)
            of_uc[u] = cn_dhc_label(d, split, u);
    for (uint32_t s = 0; s < nsegs; s++)
        b->deep[s] = uc[s] == CN_NO_UC ? 0 : of_uc[uc[s]];
    free(of_uc);
    for (int l = 2; l <= n; l++)
        for (int c = l; c >= 2; c = d->parent[c])
            b->holds[(size_t)l * ((size_t)n + 1) + (size_t)c] = 1;
    return 0;
}

/* True when segment s is in node c (c >= 2) of the tree. */
static bool in_node(const membership *b, uint32_t s, int c)
{
    return b->holds[(size_t)b->deep[s] * ((size_t)b->n + 1) + (size_t)c];
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

/* A crossed pair worth taking. c1, c2 are the nodes as the trees numbered them; k1, k2
 * their numbers under the ordering being walked (the same, unless drawn). w1, w2, f1, f2
 * (node sizes and first segments) identify the nodes whatever their numbers. */
typedef struct candidate {
    int c1, c2;
    int k1, k2;
    uint32_t n;
    double chi2;
    uint32_t w1, w2, f1, f2;
    size_t order; /* position in the chi2 ranking, for a stable re-sort */
} candidate;

static int by_chi2(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->chi2 != b->chi2)
        return a->chi2 > b->chi2 ? -1 : 1;
    if (a->k1 != b->k1)
        return a->k1 - b->k1;
    return a->k2 - b->k2;
}

static int by_second_node(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->k2 != b->k2)
        return b->k2 - a->k2; /* deepest (latest) second-tree nodes first */
    return (a->order > b->order) - (a->order < b->order);
}

static int cmp_desc(uint32_t a, uint32_t b)
{
    return (a < b) - (a > b);
}

/* Carnet's order: chi2, then the segments in both, then the node sizes, largest first;
 * last the nodes' first segments. Two nodes of one tree with the same size and first
 * segment are the same segments (disjoint or nested), so the order is total and no
 * renumbering of siblings can change it. The node numbers only break a tie between
 * pairs of identical segments, whose classes are the same whichever is taken. */
static int by_chi2_invariant(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    int c;
    if (a->chi2 != b->chi2)
        return a->chi2 > b->chi2 ? -1 : 1;
    if ((c = cmp_desc(a->n, b->n)) || (c = cmp_desc(a->w1, b->w1)) || (c = cmp_desc(a->w2, b->w2)))
        return c;
    if (a->f1 != b->f1)
        return a->f1 < b->f1 ? -1 : 1;
    if (a->f2 != b->f2)
        return a->f2 < b->f2 ? -1 : 1;
    return a->c1 != b->c1 ? a->c1 - b->c1 : a->c2 - b->c2;
}

/* Carnet's split order: the split that made the second-tree node, latest first (as
 * IRAMUTEQ goes by the node's number, but a sibling swap moves c2 between 2s and 2s + 1,
 * never c2 / 2), then as the chi2 order. It still prefers the deep, small nodes: on every
 * corpus measured (README) it kept IRAMUTEQ's classes where they do not depend on the
 * signs, and gave one of IRAMUTEQ's results where they do. */
static int by_split_invariant(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->c2 / 2 != b->c2 / 2)
        return b->c2 / 2 - a->c2 / 2;
    return by_chi2_invariant(x, y);
}

static const char *const pair_order_names[] = {"iramuteq", "chi2", "split"};
#define NPAIR_ORDERS (int)(sizeof pair_order_names / sizeof *pair_order_names)

const char *cn_pair_order_name(int order)
{
    return order >= 0 && order < NPAIR_ORDERS ? pair_order_names[order] : NULL;
}

int cn_pair_order_parse(const char *name)
{
    for (int i = 0; name && i < NPAIR_ORDERS; i++)
        if (strcmp(name, pair_order_names[i]) == 0)
            return i;
    return -1;
}

/* The two trees crossed: what every walk over the pairs starts from. */
typedef struct crossing {
    const cn_dhc *t1, *t2;
    membership b1, b2; /* which nodes hold each segment */
    uint32_t nsegs;
    int n1, n2; /* highest node number of each tree */
    candidate *cand;
    size_t ncand;
} crossing;

/* Node sizes, first segments and the crossing table, in segments; then the candidates:
 * pairs of at least mincl segments positively associated with chi2 > 3.84 (D.1 3-6). */
static int cross(crossing *x, int mincl, cn_error *err)
{
    int n1 = x->n1, n2 = x->n2;
    size_t cells = ((size_t)n1 + 1) * ((size_t)n2 + 1);
    uint32_t *w1 = calloc((size_t)n1 + 1, sizeof *w1), *w2 = calloc((size_t)n2 + 1, sizeof *w2);
    uint32_t *f1 = malloc(((size_t)n1 + 1) * sizeof *f1),
             *f2 = malloc(((size_t)n2 + 1) * sizeof *f2);
    uint32_t *table = calloc(cells, sizeof *table);
    x->cand = malloc(cells * sizeof *x->cand);
    int rc = 0;
    if (!w1 || !w2 || !f1 || !f2 || !table || !x->cand) {
        rc = cn_error_nomem(err);
        goto done;
    }
    for (int c = 0; c <= n1; c++)
        f1[c] = UINT32_MAX;
    for (int c = 0; c <= n2; c++)
        f2[c] = UINT32_MAX;
    for (uint32_t s = 0; s < x->nsegs; s++) {
        for (int c1 = 2; c1 <= n1; c1++) {
            if (!in_node(&x->b1, s, c1))
                continue;
            w1[c1]++;
            if (f1[c1] == UINT32_MAX)
                f1[c1] = s;
            for (int c2 = 2; c2 <= n2; c2++)
                if (in_node(&x->b2, s, c2))
                    table[(size_t)c1 * ((size_t)n2 + 1) + (size_t)c2]++;
        }
        for (int c2 = 2; c2 <= n2; c2++)
            if (in_node(&x->b2, s, c2)) {
                w2[c2]++;
                if (f2[c2] == UINT32_MAX)
                    f2[c2] = s;
            }
    }
    double N = x->nsegs;
    for (int c1 = 2; c1 <= n1; c1++)
        for (int c2 = 2; c2 <= n2; c2++) {
            uint32_t n12 = table[(size_t)c1 * ((size_t)n2 + 1) + (size_t)c2];
            if (n12 < (uint32_t)mincl)
                continue;
            double a = n12, b = (double)w1[c1] - n12, c = (double)w2[c2] - n12;
            double v = N - w2[c2] - ((double)w1[c1] - n12);
            double den = (a + b) * (c + v) * (a + c) * (b + v);
            if (den <= 0)
                continue;
            double chi2 = N * (a * v - b * c) * (a * v - b * c) / den;
            if (a < (a + b) * (a + c) / N)
                chi2 = -chi2;
            if (chi2 > DOUBLE_MIN_CHI2)
                x->cand[x->ncand++] =
                    (candidate){c1, c2, c1, c2, n12, chi2, w1[c1], w2[c2], f1[c1], f2[c2], 0};
        }
done:
    free(w1);
    free(w2);
    free(f1);
    free(f2);
    free(table);
    return rc;
}

/* Scratch of one walk over the candidates, allocated once for every draw. */
typedef struct walker {
    candidate *sorted;
    int *used1, *used2;
} walker;

static int walker_init(walker *w, const crossing *x, cn_error *err)
{
    w->sorted = malloc((x->ncand + 1) * sizeof *w->sorted);
    w->used1 = malloc(((size_t)x->n1 + 1) * sizeof *w->used1);
    w->used2 = malloc(((size_t)x->n2 + 1) * sizeof *w->used2);
    return w->sorted && w->used1 && w->used2 ? 0 : cn_error_nomem(err);
}

static void walker_free(walker *w)
{
    free(w->sorted);
    free(w->used1);
    free(w->used2);
}

/* D.1 step 7 with the nodes numbered num1[c], num2[c] (NULL: as the trees numbered them),
 * in the given pair order: the pairs taken, into pairs (room for every candidate); returns
 * how many. A node taken blocks itself, its descendants and its ancestors in its tree. */
static int walk(const crossing *x, int order, const int *num1, const int *num2, walker *w,
                cn_dhc_pair *pairs)
{
    for (size_t i = 0; i < x->ncand; i++) {
        w->sorted[i] = x->cand[i];
        w->sorted[i].k1 = num1 ? num1[x->cand[i].c1] : x->cand[i].c1;
        w->sorted[i].k2 = num2 ? num2[x->cand[i].c2] : x->cand[i].c2;
    }
    if (order == CN_PAIR_ORDER_CHI2) {
        qsort(w->sorted, x->ncand, sizeof *w->sorted, by_chi2_invariant);
    } else if (order == CN_PAIR_ORDER_SPLIT) {
        qsort(w->sorted, x->ncand, sizeof *w->sorted, by_split_invariant);
    } else {
        qsort(w->sorted, x->ncand, sizeof *w->sorted, by_chi2);
        for (size_t i = 0; i < x->ncand; i++)
            w->sorted[i].order = i;
        qsort(w->sorted, x->ncand, sizeof *w->sorted, by_second_node);
    }
    memset(w->used1, 0, ((size_t)x->n1 + 1) * sizeof *w->used1);
    memset(w->used2, 0, ((size_t)x->n2 + 1) * sizeof *w->used2);
    int npairs = 0;
    for (size_t i = 0; i < x->ncand; i++) {
        const candidate *c = &w->sorted[i];
        if (w->used1[c->c1] || w->used2[c->c2])
            continue;
        pairs[npairs++] = (cn_dhc_pair){c->c1, c->c2, c->n, c->chi2};
        for (int a = 2; a <= x->n1; a++)
            w->used1[a] |= related(x->t1, a, c->c1);
        for (int b = 2; b <= x->n2; b++)
            w->used2[b] |= related(x->t2, b, c->c2);
    }
    return npairs;
}

/* D.1 step 8: class k = the segments in both nodes of pair k, 0 for the others. The nodes
 * taken are never nested in their tree, so a segment is in one pair at most. */
static void classes_of(const crossing *x, const cn_dhc_pair *pairs, int npairs, uint32_t *class_of,
                       uint32_t *class_size)
{
    if (class_size)
        memset(class_size, 0, (size_t)npairs * sizeof *class_size);
    for (uint32_t s = 0; s < x->nsegs; s++) {
        class_of[s] = 0;
        for (int k = 0; k < npairs; k++)
            if (in_node(&x->b1, s, pairs[k].c1) && in_node(&x->b2, s, pairs[k].c2)) {
                class_of[s] = (uint32_t)k + 1;
                if (class_size)
                    class_size[k]++;
                break;
            }
    }
}

/* ---- sign draws ----------------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A random sibling ordering of a tree: each split's children 2s and 2s + 1 keep their
 * numbers or swap them, as the opposite sign of that split's axis would have numbered
 * them (the later splits' numbers do not depend on it). */
static void draw_numbering(int *num, int nsplits, uint64_t *state)
{
    num[0] = 0;
    num[1] = 1;
    for (int s = 1; s <= nsplits; s++) {
        int swap = (int)(splitmix64(state) >> 63);
        num[2 * s] = 2 * s + swap;
        num[2 * s + 1] = 2 * s + 1 - swap;
    }
}

/* Classes renumbered by their first segment: two partitions are equal iff their
 * canonical arrays are. Returns the number of classes. */
static int canonical(const uint32_t *class_of, uint32_t nsegs, int nclasses, uint32_t *map,
                     uint32_t *out)
{
    memset(map, 0, ((size_t)nclasses + 1) * sizeof *map);
    uint32_t next = 0;
    for (uint32_t s = 0; s < nsegs; s++) {
        uint32_t k = class_of[s];
        if (k && !map[k])
            map[k] = ++next;
        out[s] = k ? map[k] : 0;
    }
    return (int)next;
}

static uint64_t hash_of(const uint32_t *a, uint32_t n)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (uint32_t i = 0; i < n; i++) {
        h = (h ^ a[i]) * 0x100000001b3u;
    }
    return h;
}

/* An outcome met while drawing, with its partition (canonical) until the end. */
typedef struct met {
    uint32_t *partition;
    uint64_t hash;
    int nclasses, draws, first;
} met;

typedef struct drawing {
    const crossing *x;
    walker w;
    cn_dhc_pair *pairs;
    uint32_t *class_of, *canon, *map;
    int *num1, *num2;
    met *outcomes;
    int noutcomes;
} drawing;

static void drawing_free(drawing *g)
{
    walker_free(&g->w);
    free(g->pairs);
    free(g->class_of);
    free(g->canon);
    free(g->map);
    free(g->num1);
    free(g->num2);
    for (int i = 0; i < g->noutcomes; i++)
        free(g->outcomes[i].partition);
    free(g->outcomes);
}

/* The outcome of one draw counted: an outcome met before, or a new one. */
static int count_outcome(drawing *g, int draw, int nclasses, cn_error *err)
{
    uint32_t n = g->x->nsegs;
    uint64_t h = hash_of(g->canon, n);
    for (int i = 0; i < g->noutcomes; i++) {
        met *o = &g->outcomes[i];
        if (o->hash == h && o->nclasses == nclasses &&
            memcmp(o->partition, g->canon, (size_t)n * sizeof *g->canon) == 0) {
            o->draws++;
            return 0;
        }
    }
    met *o = &g->outcomes[g->noutcomes];
    if (!(o->partition = malloc(((size_t)n + 1) * sizeof *o->partition)))
        return cn_error_nomem(err);
    memcpy(o->partition, g->canon, (size_t)n * sizeof *g->canon);
    o->hash = h;
    o->nclasses = nclasses;
    o->draws = 1;
    o->first = draw;
    g->noutcomes++;
    return 0;
}

static int by_draws(const void *x, const void *y)
{
    const met *a = x, *b = y;
    if (a->draws != b->draws)
        return b->draws - a->draws;
    return a->first - b->first;
}

static int by_size_desc(const void *x, const void *y)
{
    return cmp_desc(*(const uint32_t *)x, *(const uint32_t *)y);
}

void cn_dhc_signs_free(cn_dhc_signs *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->noutcomes; i++)
        free(s->outcomes[i].class_size);
    free(s->outcomes);
    free(s->class_back);
    free(s);
}

/* For each class of the classes shown (class_of, nclasses), add o's draws to back[k - 1]
 * when one class of o has a Jaccard index >= CN_DHC_SIGN_JACCARD with it. */
static int add_comebacks(const uint32_t *class_of, const uint32_t *size, int nclasses, const met *o,
                         uint32_t nsegs, double *back, cn_error *err)
{
    size_t cols = (size_t)o->nclasses + 1;
    uint32_t *both = calloc(((size_t)nclasses + 1) * cols, sizeof *both);
    uint32_t *osize = calloc(cols, sizeof *osize);
    if (!both || !osize) {
        free(both);
        free(osize);
        return cn_error_nomem(err);
    }
    for (uint32_t s = 0; s < nsegs; s++) {
        both[(size_t)class_of[s] * cols + o->partition[s]]++;
        osize[o->partition[s]]++;
    }
    for (int k = 1; k <= nclasses; k++) {
        double best = 0;
        for (size_t j = 1; j < cols; j++) {
            double n = both[(size_t)k * cols + j];
            double jac = n > 0 ? n / ((double)size[k - 1] + osize[j] - n) : 0;
            if (jac > best)
                best = jac;
        }
        if (best >= CN_DHC_SIGN_JACCARD)
            back[k - 1] += o->draws;
    }
    free(both);
    free(osize);
    return 0;
}

/* The summary of the outcomes met, most frequent first, against the classes shown (d). */
static int sum_up(drawing *g, const cn_dhc *d, const cn_dhc_double_params *dp, cn_dhc_signs **out,
                  cn_error *err)
{
    const crossing *x = g->x;
    qsort(g->outcomes, (size_t)g->noutcomes, sizeof *g->outcomes, by_draws);
    cn_dhc_signs *s = calloc(1, sizeof *s);
    if (!s)
        return cn_error_nomem(err);
    s->draws = dp->sign_draws;
    s->seed = dp->seed;
    s->shown = -1;
    s->outcomes = calloc((size_t)g->noutcomes + 1, sizeof *s->outcomes);
    s->class_back = calloc((size_t)d->nclasses + 1, sizeof *s->class_back);
    int rc = s->outcomes && s->class_back ? 0 : cn_error_nomem(err);
    int shown_classes =
        rc == 0 ? canonical(d->class_of, x->nsegs, d->nclasses, g->map, g->canon) : 0;
    for (int i = 0; rc == 0 && i < g->noutcomes; i++) {
        const met *o = &g->outcomes[i];
        cn_dhc_outcome *r = &s->outcomes[s->noutcomes++];
        r->draws = o->draws;
        r->nclasses = o->nclasses;
        if (!(r->class_size = calloc((size_t)o->nclasses + 1, sizeof *r->class_size))) {
            rc = cn_error_nomem(err);
            break;
        }
        for (uint32_t seg = 0; seg < x->nsegs; seg++)
            if (o->partition[seg]) {
                r->class_size[o->partition[seg] - 1]++;
                r->classified++;
            }
        qsort(r->class_size, (size_t)o->nclasses, sizeof *r->class_size, by_size_desc);
        if (o->nclasses == shown_classes &&
            memcmp(o->partition, g->canon, (size_t)x->nsegs * sizeof *g->canon) == 0) {
            s->shown = i;
            s->shown_draws = o->draws;
        }
        rc =
            add_comebacks(d->class_of, d->class_size, d->nclasses, o, x->nsegs, s->class_back, err);
    }
    for (int k = 0; rc == 0 && k < d->nclasses; k++)
        s->class_back[k] /= s->draws;
    if (rc < 0) {
        cn_dhc_signs_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* The crossing and the walk redone under dp->sign_draws random sibling orderings of both
 * trees, drawn one after the other from dp->seed: the same draws on any number of
 * threads. Only the pair walk and the segments' classes are redone, not the trees. */
static int draw_signs(const crossing *x, const cn_dhc *d, const cn_dhc_double_params *dp,
                      cn_dhc_signs **out, cn_error *err)
{
    drawing g = {.x = x};
    int most = (int)x->ncand; /* classes of one walk: at most one per candidate */
    g.pairs = malloc((x->ncand + 1) * sizeof *g.pairs);
    g.class_of = malloc(((size_t)x->nsegs + 1) * sizeof *g.class_of);
    g.canon = malloc(((size_t)x->nsegs + 1) * sizeof *g.canon);
    g.map = malloc(((size_t)(most > d->nclasses ? most : d->nclasses) + 1) * sizeof *g.map);
    g.num1 = malloc(((size_t)x->n1 + 1) * sizeof *g.num1);
    g.num2 = malloc(((size_t)x->n2 + 1) * sizeof *g.num2);
    g.outcomes = calloc((size_t)dp->sign_draws + 1, sizeof *g.outcomes);
    int rc = walker_init(&g.w, x, err);
    if (rc == 0 &&
        (!g.pairs || !g.class_of || !g.canon || !g.map || !g.num1 || !g.num2 || !g.outcomes))
        rc = cn_error_nomem(err);
    uint64_t state = dp->seed;
    for (int draw = 0; rc == 0 && draw < dp->sign_draws; draw++) {
        draw_numbering(g.num1, x->t1->nsplits, &state);
        draw_numbering(g.num2, x->t2->nsplits, &state);
        int np = walk(x, dp->pair_order, g.num1, g.num2, &g.w, g.pairs);
        classes_of(x, g.pairs, np, g.class_of, NULL);
        int nclasses = canonical(g.class_of, x->nsegs, np, g.map, g.canon);
        rc = count_outcome(&g, draw, nclasses, err);
    }
    if (rc == 0)
        rc = sum_up(&g, d, dp, out, err);
    drawing_free(&g);
    return rc;
}

/* ---- the double classification -------------------------------------------------------- */

/* The classes of d from the crossing: the walk as the trees numbered their nodes. */
static int choose_pairs(const crossing *x, int order, cn_dhc *d, cn_error *err)
{
    walker w;
    int rc = walker_init(&w, x, err);
    d->pairs = calloc(x->ncand + 1, sizeof *d->pairs);
    if (rc == 0 && !d->pairs)
        rc = cn_error_nomem(err);
    if (rc == 0)
        d->npairs = walk(x, order, NULL, NULL, &w, d->pairs);
    walker_free(&w);
    if (rc < 0)
        return rc;
    d->nclasses = d->npairs;
    d->class_of = calloc((size_t)x->nsegs + 1, sizeof *d->class_of);
    d->class_size = calloc((size_t)d->nclasses + 1, sizeof *d->class_size);
    d->terminal = calloc((size_t)d->nclasses + 1, sizeof *d->terminal);
    if (!d->class_of || !d->class_size || !d->terminal)
        return cn_error_nomem(err);
    for (int k = 0; k < d->nclasses; k++)
        d->terminal[k] = d->pairs[k].c1;
    classes_of(x, d->pairs, d->npairs, d->class_of, d->class_size);
    return 0;
}

/* Each segment's phase-1 leaf in tree t, through its UC (0 when it has none). */
static int keep_leaves(const cn_dhc *t, const uint32_t *uc, uint32_t nsegs, int32_t **out,
                       cn_error *err)
{
    if (!(*out = calloc((size_t)nsegs + 1, sizeof **out)))
        return cn_error_nomem(err);
    for (uint32_t s = 0; t->nsplits > 0 && s < nsegs; s++)
        (*out)[s] = uc[s] == CN_NO_UC ? 0 : cn_dhc_label(t, t->nsplits - 1, uc[s]);
    return 0;
}

int cn_dhc_double(const cn_sparse *m1, const uint32_t *uc1, const cn_sparse *m2,
                  const uint32_t *uc2, uint32_t nsegs, const cn_dhc_params *params,
                  const cn_dhc_double_params *dp, int threads, cn_dhc **out, cn_error *err)
{
    cn_dhc_double_params none = {CN_PAIR_ORDER_IRAMUTEQ, 0, 0};
    if (!dp)
        dp = &none;
    if (dp->sign_draws < 0 || dp->sign_draws > CN_DHC_SIGN_DRAWS_MAX ||
        !cn_pair_order_name(dp->pair_order))
        return cn_error_code(err, CN_EINVALID,
                             "double classification: sign draws %d (0 to %d), pair order %d",
                             dp->sign_draws, CN_DHC_SIGN_DRAWS_MAX, dp->pair_order);
    cn_dhc_params p = *params;
    if (p.mincl == 0) /* IRAMUTEQ: from the number of rows of the first UC table */
        p.mincl = cn_dhc_auto_mincl(m1->nrows, p.nbcl_p1);
    /* Each tree runs on its own thread and, with 4 threads or more, shares the rest among
     * its CA products; p.threads never changes a result. */
    p.threads = threads >= 4 ? threads / 2 : 1;
    job a = {m1, &p, NULL, {{0}, 0, NULL}, 0}, b = {m2, &p, NULL, {{0}, 0, NULL}, 0};
    pthread_t thread;
    bool parallel = threads > 1 && pthread_create(&thread, NULL, run_job, &b) == 0;
    run_job(&a);
    if (parallel)
        pthread_join(thread, NULL);
    else
        run_job(&b);
    if (a.rc < 0 || b.rc < 0) {
        const job *bad = a.rc < 0 ? &a : &b;
        int code = bad->err.code < 0 ? bad->err.code : CN_ERR;
        cn_error_code(err, code, "%s", bad->err.msg);
        cn_dhc_free(a.result);
        cn_dhc_free(b.result);
        return code;
    }
    crossing x = {.t1 = a.result,
                  .t2 = b.result,
                  .nsegs = nsegs,
                  .n1 = 2 * a.result->nsplits + 1,
                  .n2 = 2 * b.result->nsplits + 1};
    cn_dhc *d = calloc(1, sizeof *d);
    int rc = d ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = membership_init(&x.b1, a.result, uc1, nsegs, x.n1, err);
    if (rc == 0)
        rc = membership_init(&x.b2, b.result, uc2, nsegs, x.n2, err);
    if (rc == 0)
        rc = cross(&x, p.mincl, err);
    if (rc == 0) {
        d->nrows = nsegs;
        d->mincl = p.mincl;
        /* neither tree split: nothing told the units apart, which the crossing cannot mend */
        if (a.result->nsplits == 0 && b.result->nsplits == 0)
            d->uncut = a.result->uncut + b.result->uncut;
        d->pair_order = dp->pair_order;
        rc = choose_pairs(&x, dp->pair_order, d, err);
    }
    if (rc == 0)
        rc = keep_leaves(a.result, uc1, nsegs, &d->leaf[0], err);
    if (rc == 0)
        rc = keep_leaves(b.result, uc2, nsegs, &d->leaf[1], err);
    if (rc == 0 && dp->sign_draws > 0)
        rc = draw_signs(&x, d, dp, &d->signs, err);
    free(x.cand);
    membership_free(&x.b1);
    membership_free(&x.b2);
    cn_dhc_free(a.result);
    cn_dhc_free(b.result);
    if (rc < 0) {
        cn_dhc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}
