/* stability.c — the classes of a classification against N classifications of seeded 90 %
 * subsamples of its units (see stability.h). Draws are handed out to threads one at a
 * time; each draw's result goes into its own row of the Jaccard table and the summary is
 * added up in draw order afterwards, so threads change the speed, never the numbers. */
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/stability.h"

/* ---- the generator: splitmix64, one state per draw ----------------------------------- */

static uint64_t next64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform number in [0, bound), bound > 0: rejection keeps it unbiased. */
static uint64_t below(uint64_t *s, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound, x;
    do
        x = next64(s);
    while (x >= limit);
    return x % bound;
}

int cn_stability_sample(uint64_t seed, int draw, uint32_t units, uint32_t n, uint32_t *out,
                        cn_error *err)
{
    if (n > units)
        return cn_error_code(err, CN_EINVALID, "cannot draw %u units of %u", n, units);
    /* The draw's own state from the seed and its number: no draw reads another's. */
    uint64_t a = seed, b = (uint64_t)draw, s = next64(&a) ^ next64(&b);
    /* Selection sampling: each unit is kept with probability needed / left, which draws
     * n of units without replacement, already in increasing order. */
    uint32_t needed = n, k = 0;
    for (uint32_t i = 0; i < units && needed > 0; i++)
        if (below(&s, units - i) < needed) {
            out[k++] = i;
            needed--;
        }
    return 0;
}

/* ---- matching a draw's classes to the classes assessed ------------------------------ */

int cn_stability_match(const uint32_t *full, int nclasses, const uint32_t *rows,
                       const uint32_t *sub, int nsub, uint32_t n, double *jac, cn_error *err)
{
    size_t w = (size_t)nsub + 1;
    uint32_t *t = calloc(((size_t)nclasses + 1) * w, sizeof *t); /* full class x draw class */
    uint32_t *a = calloc((size_t)nclasses + 1, sizeof *a), *b = calloc(w, sizeof *b);
    if (!t || !a || !b) {
        free(t);
        free(a);
        free(b);
        return cn_error_nomem(err);
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = full[rows[i]], j = sub[i];
        if (k > (uint32_t)nclasses || j > (uint32_t)nsub) {
            free(t);
            free(a);
            free(b);
            return cn_error_code(err, CN_EINVALID, "unit %u: class %u or %u out of range", rows[i],
                                 k, j);
        }
        t[k * w + j]++;
        a[k]++; /* the class restricted to the drawn units */
        b[j]++; /* the draw's class, whatever the unit's class in the whole */
    }
    for (int k = 1; k <= nclasses; k++) {
        double best = 0; /* a class none of whose units was drawn is not found */
        for (int j = 1; j <= nsub; j++) {
            uint32_t both = t[(size_t)k * w + (size_t)j];
            double x = both ? (double)both / (double)(a[k] + b[j] - both) : 0;
            if (x > best)
                best = x;
        }
        jac[k - 1] = best;
    }
    free(t);
    free(a);
    free(b);
    return 0;
}

/* ---- the draws ---------------------------------------------------------------------- */

typedef struct engine engine;
/* Classifies the units rows[0 .. n) (increasing) into *out. */
typedef int classify_fn(const engine *e, const uint32_t *rows, uint32_t n, cn_dhc **out,
                        cn_error *err);

struct engine {
    const cn_dhc *d;
    const cn_stability_params *sp;
    cn_dhc_params dp; /* the classification's, without its progress */
    classify_fn *classify;
    const cn_sparse *m;
    const uint32_t *uc1, *uc2; /* double only */
    uint32_t drawn;
    double *jaccard;
    pthread_mutex_t lock; /* guards next, done, stop and the progress calls */
    int next, done;
    bool stop;
};

/* The rows of m that are drawn, as a matrix of their own. */
static int submatrix(const cn_sparse *m, const uint32_t *rows, uint32_t n, cn_sparse **out,
                     cn_error *err)
{
    cn_sparse *s = calloc(1, sizeof *s);
    size_t nnz = 0;
    for (uint32_t i = 0; i < n; i++)
        nnz += m->rowptr[rows[i] + 1] - m->rowptr[rows[i]];
    if (s) {
        s->rowptr = malloc(((size_t)n + 1) * sizeof *s->rowptr);
        s->colidx = malloc((nnz + 1) * sizeof *s->colidx);
    }
    if (!s || !s->rowptr || !s->colidx) {
        cn_sparse_free(s);
        return cn_error_nomem(err);
    }
    s->nrows = n;
    s->ncols = m->ncols;
    s->nnz = nnz;
    s->rowptr[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t from = m->rowptr[rows[i]], len = m->rowptr[rows[i] + 1] - from;
        memcpy(s->colidx + s->rowptr[i], m->colidx + from, len * sizeof *s->colidx);
        s->rowptr[i + 1] = s->rowptr[i] + len;
    }
    *out = s;
    return 0;
}

static int classify_simple(const engine *e, const uint32_t *rows, uint32_t n, cn_dhc **out,
                           cn_error *err)
{
    cn_sparse *s = NULL;
    if (submatrix(e->m, rows, n, &s, err) < 0)
        return -1;
    int rc = cn_dhc_run(s, &e->dp, out, err);
    cn_sparse_free(s);
    return rc;
}

/* The UC table of the drawn segments: UCs renumbered in order, each the union of its
 * drawn segments' rows; (*seg_uc)[i] is drawn segment i's UC. */
static int uc_table(const cn_sparse *m, const uint32_t *uc, const uint32_t *rows, uint32_t n,
                    uint32_t **seg_uc, cn_sparse **out, cn_error *err)
{
    uint32_t maxuc = 0;
    for (uint32_t i = 0; i < n; i++)
        if (uc[rows[i]] != CN_NO_UC && uc[rows[i]] >= maxuc)
            maxuc = uc[rows[i]] + 1;
    size_t nnz = 0;
    for (uint32_t i = 0; i < n; i++)
        nnz += m->rowptr[rows[i] + 1] - m->rowptr[rows[i]];
    uint32_t *renum = malloc(((size_t)maxuc + 1) * sizeof *renum);
    uint32_t *su = malloc(((size_t)n + 1) * sizeof *su);
    uint32_t *pr = malloc((nnz + 1) * sizeof *pr), *pc = malloc((nnz + 1) * sizeof *pc);
    int rc = -1;
    if (!renum || !su || !pr || !pc) {
        cn_error_nomem(err);
        goto done;
    }
    for (uint32_t u = 0; u < maxuc; u++)
        renum[u] = CN_NO_UC;
    uint32_t nuc = 0;
    size_t np = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t u = uc[rows[i]];
        if (u == CN_NO_UC) {
            su[i] = CN_NO_UC;
            continue;
        }
        if (renum[u] == CN_NO_UC)
            renum[u] = nuc++;
        su[i] = renum[u];
        for (size_t q = m->rowptr[rows[i]]; q < m->rowptr[rows[i] + 1]; q++) {
            pr[np] = su[i];
            pc[np++] = m->colidx[q];
        }
    }
    rc = cn_sparse_from_pairs(nuc, m->ncols, pr, pc, np, out, err);
done:
    free(renum);
    free(pr);
    free(pc);
    if (rc < 0)
        free(su);
    else
        *seg_uc = su;
    return rc;
}

static int classify_double(const engine *e, const uint32_t *rows, uint32_t n, cn_dhc **out,
                           cn_error *err)
{
    uint32_t *u1 = NULL, *u2 = NULL;
    cn_sparse *m1 = NULL, *m2 = NULL;
    int rc = -1;
    /* one thread inside a draw: the draws themselves share the cores */
    if (uc_table(e->m, e->uc1, rows, n, &u1, &m1, err) == 0 &&
        uc_table(e->m, e->uc2, rows, n, &u2, &m2, err) == 0) {
        cn_dhc_double_params ddp = cn_dhc_double_defaults();
        ddp.pair_order = e->sp->pair_order;
        ddp.sign_draws = 0;
        rc = cn_dhc_double(m1, u1, m2, u2, n, &e->dp, &ddp, 1, out, err);
    }
    free(u1);
    free(u2);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
    return rc;
}

/* One draw: its sample, its classification, its row of the Jaccard table. */
static int one_draw(engine *e, int draw, uint32_t *rows, cn_error *err)
{
    int k = e->d->nclasses;
    cn_dhc *sub = NULL;
    if (cn_stability_sample(e->sp->seed, draw, e->d->nrows, e->drawn, rows, err) < 0 ||
        e->classify(e, rows, e->drawn, &sub, err) < 0 ||
        cn_stability_match(e->d->class_of, k, rows, sub->class_of, sub->nclasses, e->drawn,
                           e->jaccard + (size_t)draw * (size_t)k, err) < 0) {
        cn_dhc_free(sub);
        return cn_error_prefix(err, "--stability: draw %d", draw + 1);
    }
    cn_dhc_free(sub);
    return 0;
}

typedef struct worker {
    engine *e;
    int rc;
    int failed; /* the draw that failed, or -1 */
    cn_error err;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    engine *e = w->e;
    uint32_t *rows = malloc(((size_t)e->drawn + 1) * sizeof *rows);
    if (!rows) {
        w->rc = cn_error_nomem(&w->err);
        w->failed = 0;
    }
    while (rows) {
        pthread_mutex_lock(&e->lock);
        int draw = e->stop || e->next >= e->sp->draws ? -1 : e->next++;
        pthread_mutex_unlock(&e->lock);
        if (draw < 0)
            break;
        if ((w->rc = one_draw(e, draw, rows, &w->err)) < 0) {
            w->failed = draw;
            pthread_mutex_lock(&e->lock);
            e->stop = true;
            pthread_mutex_unlock(&e->lock);
            break;
        }
        pthread_mutex_lock(&e->lock);
        e->done++;
        if (e->sp->progress)
            e->sp->progress(e->sp->progress_ctx, "stability", (double)e->done / e->sp->draws);
        pthread_mutex_unlock(&e->lock);
    }
    free(rows);
    return NULL;
}

/* Runs every draw on sp->threads threads; -1 with the message of the first failed draw. */
static int run_draws(engine *e, cn_error *err)
{
    int n = e->sp->threads < 1 ? 1 : e->sp->threads;
    if (n > e->sp->draws)
        n = e->sp->draws;
    worker *w = calloc((size_t)n, sizeof *w);
    pthread_t *th = calloc((size_t)n, sizeof *th);
    bool *started = calloc((size_t)n, sizeof *started);
    if (!w || !th || !started || pthread_mutex_init(&e->lock, NULL) != 0) {
        free(w);
        free(th);
        free(started);
        return cn_error_nomem(err);
    }
    for (int i = 0; i < n; i++)
        w[i] = (worker){.e = e, .failed = -1};
    /* a thread that cannot start leaves its share to the others */
    for (int i = 1; i < n; i++)
        started[i] = pthread_create(&th[i], NULL, work, &w[i]) == 0;
    work(&w[0]);
    for (int i = 1; i < n; i++)
        if (started[i])
            pthread_join(th[i], NULL);
    pthread_mutex_destroy(&e->lock);
    int first = -1;
    for (int i = 0; i < n; i++)
        if (w[i].rc < 0 && (first < 0 || w[i].failed < w[first].failed))
            first = i;
    int rc = 0;
    if (first >= 0) {
        *err = w[first].err;
        rc = w[first].rc;
    }
    free(w);
    free(th);
    free(started);
    return rc;
}

/* Mean, minimum and count found of each class, added up in draw order. */
static void summarise(cn_stability *s)
{
    for (int k = 0; k < s->nclasses; k++) {
        cn_stability_class *c = &s->classes[k];
        double sum = 0;
        c->min = 1;
        for (int d = 0; d < s->draws; d++) {
            double x = s->jaccard[(size_t)d * (size_t)s->nclasses + (size_t)k];
            sum += x;
            c->min = x < c->min ? x : c->min;
            c->found += x >= CN_STABILITY_FOUND;
        }
        c->mean = sum / s->draws;
    }
}

static int assess(engine *e, cn_stability **out, cn_error *err)
{
    *out = NULL;
    const cn_stability_params *sp = e->sp;
    if (sp->draws < 1 || sp->draws > CN_STABILITY_MAX_DRAWS)
        return cn_error_code(err, CN_EINVALID, "--stability %d: expected 1 to %d draws", sp->draws,
                             CN_STABILITY_MAX_DRAWS);
    uint32_t units = e->d->nrows;
    e->drawn = (uint32_t)llround(CN_STABILITY_SHARE * units);
    if (e->drawn < 2)
        return cn_error_code(err, CN_EEMPTY,
                             "--stability: %u units are too few to draw subsamples from", units);
    e->dp.progress = NULL;
    e->dp.progress_ctx = NULL;
    /* A minimum given in units would be a tenth harder to reach in a subsample: a class of
     * exactly that size could never come back, and the index would measure the option,
     * not the class. It is scaled as the automatic one (units / classes) is. */
    if (e->dp.mincl > 0) {
        long long scaled = llround((double)e->dp.mincl * e->drawn / units);
        e->dp.mincl = scaled < 1 ? 1 : (int)scaled;
    }
    cn_stability *s = calloc(1, sizeof *s);
    int k = e->d->nclasses;
    if (!s || !(s->classes = calloc((size_t)k + 1, sizeof *s->classes)) ||
        !(s->jaccard = calloc((size_t)sp->draws * (size_t)k + 1, sizeof *s->jaccard))) {
        cn_stability_free(s);
        return cn_error_nomem(err);
    }
    *s = (cn_stability){.draws = sp->draws,
                        .seed = sp->seed,
                        .units = units,
                        .drawn = e->drawn,
                        .mincl_drawn = e->dp.mincl,
                        .nclasses = k,
                        .classes = s->classes,
                        .jaccard = s->jaccard};
    e->jaccard = s->jaccard;
    if (k > 0 && run_draws(e, err) < 0) { /* no class: nothing to look for */
        cn_stability_free(s);
        return -1;
    }
    summarise(s);
    *out = s;
    return 0;
}

int cn_stability_simple(const cn_sparse *m, const cn_dhc_params *dp, const cn_dhc *d,
                        const cn_stability_params *sp, cn_stability **out, cn_error *err)
{
    *out = NULL;
    if (m->nrows != d->nrows)
        return cn_error_code(err, CN_EINVALID, "--stability: %u rows, but %u units classified",
                             m->nrows, d->nrows);
    engine e = {.d = d, .sp = sp, .dp = *dp, .classify = classify_simple, .m = m};
    return assess(&e, out, err);
}

int cn_stability_double(const cn_sparse *seg, const uint32_t *seg_uc1, const uint32_t *seg_uc2,
                        const cn_dhc_params *dp, const cn_dhc *d, const cn_stability_params *sp,
                        cn_stability **out, cn_error *err)
{
    *out = NULL;
    if (seg->nrows != d->nrows)
        return cn_error_code(err, CN_EINVALID, "--stability: %u segments, but %u units classified",
                             seg->nrows, d->nrows);
    engine e = {.d = d,
                .sp = sp,
                .dp = *dp,
                .classify = classify_double,
                .m = seg,
                .uc1 = seg_uc1,
                .uc2 = seg_uc2};
    return assess(&e, out, err);
}

const char *cn_stability_reading(double mean)
{
    return mean >= 0.85                  ? "highly stable"
           : mean >= CN_STABILITY_STABLE ? "stable"
           : mean >= 0.6                 ? "a pattern, its members doubtful"
           : mean > CN_STABILITY_FOUND   ? "not to be trusted"
                                         : "dissolved";
}

void cn_stability_free(cn_stability *s)
{
    if (!s)
        return;
    free(s->classes);
    free(s->jaccard);
    free(s);
}

/* ---- classes.json ------------------------------------------------------------------- */

static double round4(double x)
{
    return round(x * 1e4) / 1e4;
}

void cn_stability_json(const cn_stability *s, cJSON *root, cJSON *classes)
{
    cJSON *o = cJSON_AddObjectToObject(root, "stability");
    cJSON_AddBoolToObject(o, "assessed", s != NULL);
    if (!s) {
        cJSON_AddStringToObject(o, "note", "stability was not assessed (--stability N)");
        return;
    }
    cJSON_AddNumberToObject(o, "draws", s->draws);
    cJSON_AddNumberToObject(o, "seed", (double)s->seed);
    cJSON_AddNumberToObject(o, "units_per_draw", s->drawn);
    cJSON_AddNumberToObject(o, "share", CN_STABILITY_SHARE);
    cJSON_AddNumberToObject(o, "found_at_jaccard", CN_STABILITY_FOUND);
    cJSON_AddNumberToObject(o, "min_class_per_draw", s->mincl_drawn);
    if (s->nclasses == 0) /* no draw was classified */
        cJSON_AddStringToObject(o, "note", "there was no class to look for");
    int k = 0;
    cJSON *c;
    cJSON_ArrayForEach(c, classes)
    {
        if (k >= s->nclasses)
            break;
        cJSON *x = cJSON_AddObjectToObject(c, "stability");
        cJSON_AddNumberToObject(x, "jaccard_mean", round4(s->classes[k].mean));
        cJSON_AddNumberToObject(x, "jaccard_min", round4(s->classes[k].min));
        cJSON_AddNumberToObject(x, "found", s->classes[k].found);
        cJSON_AddNumberToObject(x, "draws", s->draws);
        cJSON_AddStringToObject(x, "reading", cn_stability_reading(s->classes[k].mean));
        k++;
    }
}
