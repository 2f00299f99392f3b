/* profile.c — class profiles, modalities per class and typical segments (see profile.h and
 * reinert-spec.md E.1-E.3). One pass over each unit's lemmas fills a lemma x class count
 * table; every chi2 is then a 2 x 2 table read off it. */
#include "carnet/profile.h"

#include "carnet/grow.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double cn_chi2_signed(double a, double b, double c, double d)
{
    double n = a + b + c + d;
    double den = (a + b) * (c + d) * (a + c) * (b + d);
    if (den <= 0)
        return 0;
    double diff = a * d - b * c;
    double chi2 = n * diff * diff / den;
    return a > (a + b) * (a + c) / n ? chi2 : -chi2;
}

/* The units' lemma sets: segments as prepared, or texts as the union of their segments. */
typedef struct unit_sets {
    size_t *ptr;
    uint32_t *ids;
} unit_sets;

static int text_sets(const cn_prepared *p, unit_sets *u, cn_error *err)
{
    uint32_t nl = cn_intern_count(p->lemma_keys);
    uint32_t *seen = calloc((size_t)nl + 1, sizeof *seen);
    u->ptr = calloc((size_t)p->ntexts + 1, sizeof *u->ptr);
    u->ids = malloc((p->seg_ptr[p->nsegs] + 1) * sizeof *u->ids);
    if (!seen || !u->ptr || !u->ids) {
        free(seen);
        return cn_error_nomem(err);
    }
    size_t w = 0;
    uint32_t s = 0;
    for (uint32_t t = 0; t < p->ntexts; t++) {
        for (; s < p->nsegs && p->segs[s].text == t; s++)
            for (size_t k = p->seg_ptr[s]; k < p->seg_ptr[s + 1]; k++)
                if (seen[p->seg_lemmas[k]] != t + 1) {
                    seen[p->seg_lemmas[k]] = t + 1;
                    u->ids[w++] = p->seg_lemmas[k];
                }
        u->ptr[t + 1] = w;
    }
    free(seen);
    return 0;
}

static int compare_rows(const void *x, const void *y)
{
    const cn_profile_row *a = x, *b = y;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->chi2 != b->chi2)
        return a->chi2 > b->chi2 ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static int compare_typical(const void *x, const void *y)
{
    const cn_typical *a = x, *b = y;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return (a->segment > b->segment) - (a->segment < b->segment);
}

/* A row's counts and chi2; its p-value is left to with_p, for the rows kept only: the
 * chi-squared tail is most of a row's cost, and most lemma rows are below the threshold
 * (fr.txt: 0.1 s of its profiles). */
static cn_profile_row make_row(uint8_t kind, uint32_t id, uint32_t cls, uint32_t a, uint32_t total,
                               uint32_t n_k, uint32_t n)
{
    double chi2 =
        cn_chi2_signed(a, (double)total - a, (double)n_k - a, (double)n - total - n_k + a);
    cn_profile_row r = {kind, id, cls, a, total, chi2, 0};
    return r;
}

static cn_profile_row with_p(cn_profile_row r)
{
    r.p = gsl_cdf_chisq_Q(fabs(r.chi2), 1);
    return r;
}

static int push_row(cn_profile_row **rows, size_t *n, size_t *cap, cn_profile_row r, cn_error *err)
{
    if (cn_grow((void **)rows, cap, *n + 1, sizeof **rows) < 0)
        return cn_error_nomem(err);
    (*rows)[(*n)++] = r;
    return 0;
}

/* Sifts heap[at] down a heap of n whose top is the worst kept (last in compare_typical's
 * order). */
static void sift_down(cn_typical *heap, size_t n, size_t at)
{
    for (;;) {
        size_t worst = at, l = 2 * at + 1, r = l + 1;
        if (l < n && compare_typical(&heap[l], &heap[worst]) > 0)
            worst = l;
        if (r < n && compare_typical(&heap[r], &heap[worst]) > 0)
            worst = r;
        if (worst == at)
            return;
        cn_typical t = heap[at];
        heap[at] = heap[worst];
        heap[worst] = t;
        at = worst;
    }
}

/* The first CN_TYPICAL_MAX of each class, in compare_typical's order, moved to the front of
 * all (n segments, classes 1..K); returns how many, SIZE_MAX when out of memory. The order
 * is total (a segment is scored once), so this is exactly the head of each class in the
 * sorted whole, without sorting the whole: a heap of the best so far per class. */
static size_t keep_best(cn_typical *all, size_t n, uint32_t K)
{
    size_t *start = calloc((size_t)K + 2, sizeof *start);
    cn_typical *by_class = malloc((n + 1) * sizeof *by_class);
    if (!start || !by_class) {
        free(start);
        free(by_class);
        return SIZE_MAX;
    }
    for (size_t i = 0; i < n; i++)
        start[all[i].cls + 1]++;
    for (uint32_t k = 1; k <= K; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++)
        by_class[start[all[i].cls]++] = all[i]; /* start[k] ends at class k's end */
    size_t w = 0, from = 0;
    for (uint32_t k = 1; k <= K; k++) {
        cn_typical *heap = all + w;
        size_t kept = 0;
        for (size_t i = from; i < start[k]; i++) {
            if (kept < CN_TYPICAL_MAX) {
                heap[kept++] = by_class[i];
                for (size_t at = kept - 1;
                     at > 0 && compare_typical(&heap[(at - 1) / 2], &heap[at]) < 0;
                     at = (at - 1) / 2) {
                    cn_typical t = heap[at];
                    heap[at] = heap[(at - 1) / 2];
                    heap[(at - 1) / 2] = t;
                }
            } else if (compare_typical(&by_class[i], &heap[0]) < 0) {
                heap[0] = by_class[i];
                sift_down(heap, kept, 0);
            }
        }
        qsort(heap, kept, sizeof *heap, compare_typical);
        w += kept;
        from = start[k];
    }
    free(start);
    free(by_class);
    return w;
}

/* Typical segments: per class, the sum of the chi2 of the class's positive active profile
 * forms that a segment holds (IRAMUTEQ's default score); of class `only` alone when it is
 * not 0 (a set against the rest: the rest has no row to score by). */
static int typical_segments(const cn_prepared *p, bool unit_texts, const uint32_t *unit_class,
                            uint32_t only, cn_profiles *pr, cn_error *err)
{
    uint32_t nl = cn_intern_count(p->lemma_keys), K = pr->nclasses;
    double *weight = calloc((size_t)nl * K + 1, sizeof *weight);
    cn_typical *all = malloc(((size_t)p->nsegs + 1) * sizeof *all);
    if (!weight || !all) {
        free(weight);
        free(all);
        return cn_error_nomem(err);
    }
    for (size_t i = 0; i < pr->nrows; i++) {
        const cn_profile_row *r = &pr->rows[i];
        if (r->kind == CN_ROW_ACTIVE && r->chi2 > CN_PROFILE_THRESHOLD)
            weight[(size_t)r->id * K + r->cls - 1] = r->chi2;
    }
    size_t n = 0;
    for (uint32_t s = 0; s < p->nsegs; s++) {
        uint32_t k = unit_class[unit_texts ? p->segs[s].text : s];
        if (k == 0 || (only && k != only))
            continue;
        double score = 0;
        for (size_t q = p->seg_ptr[s]; q < p->seg_ptr[s + 1]; q++)
            score += weight[(size_t)p->seg_lemmas[q] * K + k - 1];
        if (score > 0)
            all[n++] = (cn_typical){k, 0, score, s};
    }
    size_t w = keep_best(all, n, K);
    if (w == SIZE_MAX) {
        free(weight);
        free(all);
        return cn_error_nomem(err);
    }
    for (size_t i = 0; i < w; i++)
        all[i].rank = i > 0 && all[i - 1].cls == all[i].cls ? all[i - 1].rank + 1 : 1;
    pr->typical = all;
    pr->ntypical = w;
    pr->weight = weight;
    return 0;
}

/* The modalities of the texts (stars, then thematic labels of their blocks, numbered in
 * corpus order), each text's distinct star modalities, and which texts have a thematic
 * block: the same for every profile of a run, read once for all of them. */
struct cn_profile_mods {
    cn_intern *modalities;
    size_t *text_mod_ptr; /* ntexts + 1 offsets into text_mods */
    uint32_t *text_mods;
    bool *thematic_text; /* texts with a thematic block: only theirs are looked up per unit */
};

void cn_profile_mods_free(cn_profile_mods *m)
{
    if (!m)
        return;
    cn_intern_free(m->modalities);
    free(m->text_mod_ptr);
    free(m->text_mods);
    free(m->thematic_text);
    free(m);
}

/* One text's star modalities (once each: "*g_a *g_a" is one) and thematic labels. */
static int read_text_mods(cn_profile_mods *m, const cn_corpus_text *ct, uint32_t t, size_t *w)
{
    size_t first = *w;
    for (size_t s = 0; s < ct->nstars; s++) {
        uint32_t id = cn_intern_add(m->modalities, ct->stars[s], strlen(ct->stars[s]), NULL);
        if (id == CN_INTERN_NONE)
            return -1;
        bool repeated = false;
        for (size_t q = first; q < *w && !repeated; q++)
            repeated = m->text_mods[q] == id;
        if (!repeated)
            m->text_mods[(*w)++] = id;
    }
    m->text_mod_ptr[t + 1] = *w;
    /* thematic labels are modalities of their block's segments (IRAMUTEQ) */
    for (size_t b = 0; b < ct->nblocks; b++) {
        if (!ct->blocks[b].thematic)
            continue;
        m->thematic_text[t] = true;
        if (cn_intern_add(m->modalities, ct->blocks[b].thematic, strlen(ct->blocks[b].thematic),
                          NULL) == CN_INTERN_NONE)
            return -1;
    }
    return 0;
}

int cn_profile_mods_new(const cn_prepared *p, cn_profile_mods **out, cn_error *err)
{
    cn_profile_mods *m = calloc(1, sizeof *m);
    if (!m)
        return cn_error_nomem(err);
    size_t nstars = 0;
    for (uint32_t t = 0; t < p->ntexts; t++)
        nstars += p->corpus->texts[p->texts[t]].nstars;
    m->modalities = cn_intern_new();
    m->text_mod_ptr = calloc((size_t)p->ntexts + 1, sizeof *m->text_mod_ptr);
    m->text_mods = malloc((nstars + 1) * sizeof *m->text_mods);
    m->thematic_text = calloc((size_t)p->ntexts + 1, sizeof *m->thematic_text);
    if (!m->modalities || !m->text_mod_ptr || !m->text_mods || !m->thematic_text) {
        cn_profile_mods_free(m);
        return cn_error_nomem(err);
    }
    size_t w = 0;
    for (uint32_t t = 0; t < p->ntexts; t++)
        if (read_text_mods(m, &p->corpus->texts[p->texts[t]], t, &w) < 0) {
            cn_profile_mods_free(m);
            return cn_error_nomem(err);
        }
    *out = m;
    return 0;
}

/* A copy of the modalities for a result to own: the same strings added in id order get the
 * same ids. */
static cn_intern *copy_modalities(const cn_intern *from)
{
    cn_intern *to = cn_intern_new();
    uint32_t n = cn_intern_count(from);
    for (uint32_t id = 0; to && id < n; id++) {
        const char *str = cn_intern_str(from, id);
        if (cn_intern_add(to, str, strlen(str), NULL) != id) {
            cn_intern_free(to);
            return NULL;
        }
    }
    return to;
}

int cn_profiles_compute(const cn_prepared *p, bool unit_texts, const uint32_t *unit_class,
                        uint32_t nclasses, cn_profiles **out, cn_error *err)
{
    cn_profile_mods *mods = NULL;
    if (cn_profile_mods_new(p, &mods, err) < 0)
        return -1;
    int rc = cn_profiles_compute_with(p, mods, unit_texts, unit_class, nclasses, out, err);
    cn_profile_mods_free(mods);
    return rc;
}

/* Adds unit u's lemmas (sets) and modalities (its text's stars, and its block's thematic
 * label) to column col of the count tables, whose rows are stride wide. */
static void count_unit(const cn_prepared *p, const cn_profile_mods *mods, const unit_sets *sets,
                       bool unit_texts, uint32_t u, uint32_t stride, uint32_t col, uint32_t *count,
                       uint32_t *mcount)
{
    for (size_t q = sets->ptr[u]; q < sets->ptr[u + 1]; q++)
        count[(size_t)sets->ids[q] * stride + col]++;
    uint32_t t = unit_texts ? u : p->segs[u].text;
    for (size_t q = mods->text_mod_ptr[t]; q < mods->text_mod_ptr[t + 1]; q++)
        mcount[(size_t)mods->text_mods[q] * stride + col]++;
    if (!unit_texts && mods->thematic_text[t]) { /* most texts have none: no block to read */
        const char *thematic = p->corpus->texts[p->texts[t]].blocks[p->segs[u].block].thematic;
        if (thematic)
            mcount[(size_t)cn_intern_find(mods->modalities, thematic, strlen(thematic)) * stride +
                   col]++;
    }
}

int cn_profiles_compute_with(const cn_prepared *p, const cn_profile_mods *mods, bool unit_texts,
                             const uint32_t *unit_class, uint32_t nclasses, cn_profiles **out,
                             cn_error *err)
{
    cn_profiles *pr = calloc(1, sizeof *pr);
    if (!pr)
        return cn_error_nomem(err);
    pr->nclasses = nclasses;
    unit_sets sets = {p->seg_ptr, p->seg_lemmas}, owned = {0};
    uint32_t nunits = unit_texts ? p->ntexts : p->nsegs;
    uint32_t nl = cn_intern_count(p->lemma_keys), K = nclasses;
    uint32_t *count = NULL, *mcount = NULL;
    size_t cap = 0;
    int rc = -1;
    if (unit_texts) {
        if (text_sets(p, &owned, err) < 0)
            goto done;
        sets = owned;
    }
    pr->class_units = calloc((size_t)K + 1, sizeof *pr->class_units);
    count = calloc((size_t)nl * K + 1, sizeof *count);
    pr->modalities = copy_modalities(mods->modalities);
    if (!pr->class_units || !count || !pr->modalities) {
        cn_error_nomem(err);
        goto done;
    }
    uint32_t nm = cn_intern_count(pr->modalities);
    mcount = calloc((size_t)nm * K + 1, sizeof *mcount);
    if (!mcount) {
        cn_error_nomem(err);
        goto done;
    }
    for (uint32_t u = 0; u < nunits; u++) {
        uint32_t k = unit_class[u];
        if (k == 0)
            continue;
        pr->class_units[k - 1]++;
        pr->classified++;
        count_unit(p, mods, &sets, unit_texts, u, K, k - 1, count, mcount);
    }
    for (uint32_t l = 0; l < nl; l++) {
        uint32_t total = 0;
        for (uint32_t k = 0; k < K; k++)
            total += count[(size_t)l * K + k];
        if (total < CN_PROFILE_MIN_TOTAL || p->lemmas[l].status == CN_LEMMA_IGNORED)
            continue;
        uint8_t kind =
            p->lemmas[l].status == CN_LEMMA_ACTIVE ? CN_ROW_ACTIVE : CN_ROW_SUPPLEMENTARY;
        for (uint32_t k = 0; k < K; k++) {
            cn_profile_row r = make_row(kind, l, k + 1, count[(size_t)l * K + k], total,
                                        pr->class_units[k], pr->classified);
            if (fabs(r.chi2) > CN_PROFILE_THRESHOLD &&
                push_row(&pr->rows, &pr->nrows, &cap, with_p(r), err) < 0)
                goto done;
        }
    }
    size_t mcap = 0;
    for (uint32_t m = 0; m < nm; m++) {
        uint32_t total = 0;
        for (uint32_t k = 0; k < K; k++)
            total += mcount[(size_t)m * K + k];
        for (uint32_t k = 0; k < K; k++) {
            cn_profile_row r = with_p(make_row(CN_ROW_MODALITY, m, k + 1, mcount[(size_t)m * K + k],
                                               total, pr->class_units[k], pr->classified));
            if (push_row(&pr->modality_rows, &pr->nmodality_rows, &mcap, r, err) < 0)
                goto done;
            /* in the profiles, a modality needs as many units as a word: a text of its own
             * month, one segment, read as over-represented at p = 0.03 in any class of
             * under a fifth of the units (trial 84) */
            if (total >= CN_PROFILE_MIN_TOTAL && fabs(r.chi2) > CN_PROFILE_THRESHOLD &&
                push_row(&pr->rows, &pr->nrows, &cap, r, err) < 0)
                goto done;
        }
    }
    if (pr->nrows > 1)
        qsort(pr->rows, pr->nrows, sizeof *pr->rows, compare_rows);
    if (typical_segments(p, unit_texts, unit_class, 0, pr, err) < 0)
        goto done;
    pr->count = count;
    pr->mcount = mcount;
    count = mcount = NULL;
    rc = 0;
done:
    free(count);
    free(mcount);
    free(owned.ptr);
    free(owned.ids);
    if (rc < 0) {
        cn_profiles_free(pr);
        return -1;
    }
    *out = pr;
    return 0;
}

/* ---- one set of units against all the others (the themes) ------------------------- */

struct cn_profile_totals {
    bool unit_texts;
    unit_sets sets;     /* each unit's lemmas: the prepared segments', or texts' (owned) */
    unit_sets owned;    /* the texts' sets, when the units are texts */
    uint32_t *lemma;    /* units holding each lemma */
    uint32_t *modality; /* units holding each modality */
};

void cn_profile_totals_free(cn_profile_totals *t)
{
    if (!t)
        return;
    free(t->owned.ptr);
    free(t->owned.ids);
    free(t->lemma);
    free(t->modality);
    free(t);
}

int cn_profile_totals_new(const cn_prepared *p, const cn_profile_mods *mods, bool unit_texts,
                          cn_profile_totals **out, cn_error *err)
{
    cn_profile_totals *t = calloc(1, sizeof *t);
    if (!t)
        return cn_error_nomem(err);
    t->unit_texts = unit_texts;
    t->sets = (unit_sets){p->seg_ptr, p->seg_lemmas};
    if (unit_texts) {
        if (text_sets(p, &t->owned, err) < 0) {
            cn_profile_totals_free(t);
            return -1;
        }
        t->sets = t->owned;
    }
    t->lemma = calloc((size_t)cn_intern_count(p->lemma_keys) + 1, sizeof *t->lemma);
    t->modality = calloc((size_t)cn_intern_count(mods->modalities) + 1, sizeof *t->modality);
    if (!t->lemma || !t->modality) {
        cn_profile_totals_free(t);
        return cn_error_nomem(err);
    }
    uint32_t nunits = unit_texts ? p->ntexts : p->nsegs;
    for (uint32_t u = 0; u < nunits; u++)
        count_unit(p, mods, &t->sets, unit_texts, u, 1, 0, t->lemma, t->modality);
    *out = t;
    return 0;
}

/* Class 1's rows above the threshold: its lemma rows then its modality rows, from its
 * counts (count1, mcount1) and the totals; only what class 1 holds can be above. */
static int set_rows(const cn_prepared *p, const cn_profile_totals *t, const uint32_t *count1,
                    const uint32_t *mcount1, uint32_t nm, cn_profiles *pr, cn_error *err)
{
    uint32_t nl = cn_intern_count(p->lemma_keys), n1 = pr->class_units[0], n = pr->classified;
    size_t cap = 0;
    for (uint32_t l = 0; l < nl; l++) {
        if (count1[l] == 0 || t->lemma[l] < CN_PROFILE_MIN_TOTAL ||
            p->lemmas[l].status == CN_LEMMA_IGNORED)
            continue;
        uint8_t kind =
            p->lemmas[l].status == CN_LEMMA_ACTIVE ? CN_ROW_ACTIVE : CN_ROW_SUPPLEMENTARY;
        cn_profile_row r = make_row(kind, l, 1, count1[l], t->lemma[l], n1, n);
        if (r.chi2 > CN_PROFILE_THRESHOLD &&
            push_row(&pr->rows, &pr->nrows, &cap, with_p(r), err) < 0)
            return CN_ENOMEM; /* push_row said so */
    }
    for (uint32_t m = 0; m < nm; m++) {
        if (mcount1[m] == 0 || t->modality[m] < CN_PROFILE_MIN_TOTAL) /* as the classes' */
            continue;
        cn_profile_row r = make_row(CN_ROW_MODALITY, m, 1, mcount1[m], t->modality[m], n1, n);
        if (r.chi2 > CN_PROFILE_THRESHOLD &&
            push_row(&pr->rows, &pr->nrows, &cap, with_p(r), err) < 0)
            return CN_ENOMEM; /* push_row said so */
    }
    if (pr->nrows > 1)
        qsort(pr->rows, pr->nrows, sizeof *pr->rows, compare_rows);
    return 0;
}

int cn_profile_set(const cn_prepared *p, const cn_profile_mods *mods, const cn_profile_totals *t,
                   const uint32_t *unit_class, cn_profiles **out, cn_error *err)
{
    uint32_t nunits = t->unit_texts ? p->ntexts : p->nsegs;
    uint32_t nl = cn_intern_count(p->lemma_keys), nm = cn_intern_count(mods->modalities);
    cn_profiles *pr = calloc(1, sizeof *pr);
    uint32_t *count1 = calloc((size_t)nl + 1, sizeof *count1);
    uint32_t *mcount1 = calloc((size_t)nm + 1, sizeof *mcount1);
    int rc = -1;
    if (!pr || !count1 || !mcount1 || !(pr->class_units = calloc(3, sizeof *pr->class_units)) ||
        !(pr->modalities = copy_modalities(mods->modalities))) {
        rc = cn_error_nomem(err);
        goto done;
    }
    pr->nclasses = 2;
    for (uint32_t u = 0; u < nunits; u++) {
        if (unit_class[u] != 1 && unit_class[u] != 2) {
            rc = cn_error_code(err, CN_EINVALID,
                               "unit %u is in class %u: a set against the rest "
                               "labels every unit 1 or 2",
                               u + 1, unit_class[u]);
            goto done;
        }
        if (unit_class[u] == 1) {
            pr->class_units[0]++;
            count_unit(p, mods, &t->sets, t->unit_texts, u, 1, 0, count1, mcount1);
        }
    }
    pr->classified = nunits;
    pr->class_units[1] = nunits - pr->class_units[0];
    if ((rc = set_rows(p, t, count1, mcount1, nm, pr, err)) == 0)
        rc = typical_segments(p, t->unit_texts, unit_class, 1, pr, err);
done:
    free(count1);
    free(mcount1);
    if (rc < 0) {
        cn_profiles_free(pr);
        return rc;
    }
    *out = pr;
    return 0;
}

void cn_profiles_free(cn_profiles *pr)
{
    if (!pr)
        return;
    free(pr->class_units);
    cn_intern_free(pr->modalities);
    free(pr->rows);
    free(pr->modality_rows);
    free(pr->typical);
    free(pr->weight);
    free(pr->count);
    free(pr->mcount);
    free(pr);
}
