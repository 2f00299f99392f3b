/* pipeline_vocab.c — after the pass over the texts (pipeline.c): the active vocabulary, each
 * lemma's display form and the units x active-lemmas matrix. */
#include "pipeline_state.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked_lemma {
    uint64_t freq;
    uint32_t lemma;
    const char *key;
} ranked_lemma;

static int compare_ranked(const void *x, const void *y)
{
    const ranked_lemma *a = x, *b = y;
    if (a->freq != b->freq)
        return a->freq > b->freq ? -1 : 1;
    return -strcmp(a->key, b->key); /* IRAMUTEQ sorts (frequency, lemma) descending */
}

int cn_pipeline_select_actives(state *st)
{
    cn_prepared *p = st->p;
    uint32_t nl = cn_intern_count(p->lemma_keys), n = 0;
    ranked_lemma *r = malloc(((size_t)nl + 1) * sizeof *r);
    if (!r)
        return cn_error_nomem(st->err);
    for (uint32_t l = 0; l < nl; l++)
        if (p->lemmas[l].status == CN_LEMMA_ACTIVE &&
            p->lemmas[l].freq >= (uint64_t)st->params->min_freq)
            r[n++] = (ranked_lemma){p->lemmas[l].freq, l, cn_intern_str(p->lemma_keys, l)};
    qsort(r, n, sizeof *r, compare_ranked);
    if (n > (uint32_t)st->params->max_actives)
        n = (uint32_t)st->params->max_actives;
    p->col_lemma = malloc(((size_t)n + 1) * sizeof *p->col_lemma);
    if (!p->col_lemma) {
        free(r);
        return cn_error_nomem(st->err);
    }
    for (uint32_t c = 0; c < n; c++) {
        p->col_lemma[c] = r[c].lemma;
        p->lemmas[r[c].lemma].column = (int32_t)c;
    }
    p->ncols = n;
    free(r);
    return 0;
}

/* Each lemma is shown as its most frequent form (the counts of all its spellings); on
 * equal counts, the form seen first. In linear time: the spellings grouped by lemma with a
 * counting sort, which keeps each group in order of first sight, and each group's forms
 * totalled in a scratch indexed by form. A sort of all spellings by (lemma, form) took
 * 20 ms of French `stats` (279,000 spellings), on the one thread left at that point. */
typedef struct form_tally {
    uint64_t total;
    uint32_t group; /* 1 + the lemma whose group last counted it; UINT32_MAX: weighed */
} form_tally;

int cn_pipeline_choose_display_forms(state *st)
{
    cn_prepared *p = st->p;
    uint32_t n = cn_intern_count(st->form_lang), nl = cn_intern_count(p->lemma_keys);
    uint32_t nf = cn_intern_count(p->forms);
    size_t *start = calloc((size_t)nl + 2, sizeof *start);
    uint32_t *order = malloc(((size_t)n + 1) * sizeof *order);
    form_tally *tally = calloc((size_t)nf + 1, sizeof *tally);
    if (!start || !order || !tally) {
        free(start);
        free(order);
        free(tally);
        return cn_error_nomem(st->err);
    }
    for (uint32_t i = 0; i < n; i++)
        start[st->cache[i].lemma + 2]++;
    for (uint32_t l = 0; l < nl; l++)
        start[l + 2] += start[l + 1];
    for (uint32_t i = 0; i < n; i++) /* start[l + 1]: where lemma l's next spelling goes */
        order[start[st->cache[i].lemma + 1]++] = i;
    for (uint32_t l = 0; l < nl; l++) { /* lemma l's spellings: order[start[l]..start[l+1]) */
        for (size_t k = start[l]; k < start[l + 1]; k++) {
            const cached *c = &st->cache[order[k]];
            form_tally *t = &tally[c->form];
            if (t->group != l + 1) /* one form, several spellings ("Famille", "famille") */
                *t = (form_tally){0, l + 1};
            t->total += c->count;
        }
        uint64_t best = 0;
        for (size_t k = start[l]; k < start[l + 1]; k++) { /* a form at its first spelling */
            form_tally *t = &tally[st->cache[order[k]].form];
            if (t->group == UINT32_MAX)
                continue;
            if (k == start[l] || t->total > best) {
                p->lemmas[l].display = st->cache[order[k]].form;
                best = t->total;
            }
            t->group = UINT32_MAX;
        }
    }
    free(start);
    free(order);
    free(tally);
    return 0;
}

/* Whether the kept texts were read in more than one language. */
static bool several_languages(const cn_prepared *p)
{
    for (uint32_t t = 1; t < p->ntexts; t++)
        if (strcmp(p->text_lang[t], p->text_lang[0]) != 0)
            return true;
    return false;
}

/* Lemma l's name with its language, "dose (en)", in p->lemma_named. Only the keys of a
 * language's lemmas ('a' stems, 'l' lexicon or expression lemmas: "alang\x1f...") get
 * here. */
static int name_with_language(cn_prepared *p, uint32_t l, cn_error *err)
{
    const char *key = cn_intern_str(p->lemma_keys, l), *name = cn_lemma_base_name(p, l);
    int lang = (int)strcspn(key + 1, "\x1f");
    size_t len = strlen(name) + (size_t)lang + 4;
    char *named = malloc(len);
    if (!named)
        return cn_error_nomem(err);
    snprintf(named, len, "%s (%.*s)", name, lang, key + 1);
    p->lemma_name_id[l] = cn_intern_add(p->lemma_named, named, strlen(named), NULL);
    free(named);
    return p->lemma_name_id[l] == CN_INTERN_NONE ? cn_error_nomem(err) : 0;
}

int cn_pipeline_name_lemmas(state *st)
{
    cn_prepared *p = st->p;
    if (!several_languages(p)) /* one language: no two lemmas are shown alike */
        return 0;
    uint32_t nl = cn_intern_count(p->lemma_keys);
    cn_intern *names = cn_intern_new();
    uint32_t *first = malloc(((size_t)nl + 1) * sizeof *first); /* name id -> its first lemma */
    bool *alike = calloc((size_t)nl + 1, sizeof *alike);
    int rc = names && first && alike ? 0 : cn_error_nomem(st->err);
    bool any = false; /* two lemmas alike */
    for (uint32_t l = 0; rc == 0 && l < nl; l++) {
        const char *name = cn_lemma_base_name(p, l);
        bool added;
        uint32_t id = cn_intern_add(names, name, strlen(name), &added);
        if (id == CN_INTERN_NONE) {
            rc = cn_error_nomem(st->err);
        } else if (added) {
            first[id] = l;
        } else {
            alike[first[id]] = alike[l] = any = true;
        }
    }
    if (rc == 0 && any) {
        p->lemma_named = cn_intern_new();
        p->lemma_name_id = malloc(((size_t)nl + 1) * sizeof *p->lemma_name_id);
        if (!p->lemma_named || !p->lemma_name_id)
            rc = cn_error_nomem(st->err);
        for (uint32_t l = 0; rc == 0 && l < nl; l++) {
            p->lemma_name_id[l] = CN_INTERN_NONE;
            /* a supplementary form is one lemma in every language: it keeps its name, and
             * the language's lemma alike with it ("son" stopped in French, "son (en)") is
             * the one named */
            if (alike[l] && cn_intern_str(p->lemma_keys, l)[0] != 's')
                rc = name_with_language(p, l, st->err);
        }
    }
    cn_intern_free(names);
    free(first);
    free(alike);
    return rc;
}

static int compare_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Sorts v[0..n) and drops repeats; returns how many are left. Rows are short (a segment's
 * active lemmas): insertion sort, qsort for a long one (a whole text's). */
static size_t sort_distinct(uint32_t *v, size_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, compare_u32);
    } else {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || v[i] != v[w - 1])
            v[w++] = v[i];
    return w;
}

/* The units x active-lemmas matrix, written row by row: units are segments, or texts whose
 * segments are consecutive (they are made in text order). The same matrix as
 * cn_sparse_from_pairs on (unit, column) pairs, without the pairs' 8 bytes an entry nor a
 * qsort call per row. */
int cn_pipeline_build_matrix(state *st)
{
    cn_prepared *p = st->p;
    bool texts = st->params->unit_texts;
    uint32_t nrows = texts ? p->ntexts : p->nsegs;
    size_t nnz = 0;
    for (size_t k = 0; k < p->seg_ptr[p->nsegs]; k++)
        nnz += p->lemmas[p->seg_lemmas[k]].column >= 0;
    cn_sparse *m = calloc(1, sizeof *m);
    if (!m)
        return cn_error_nomem(st->err);
    m->nrows = nrows;
    m->ncols = p->ncols;
    m->rowptr = calloc((size_t)nrows + 1, sizeof *m->rowptr);
    m->colidx = malloc((nnz ? nnz : 1) * sizeof *m->colidx);
    if (!m->rowptr || !m->colidx) {
        cn_sparse_free(m);
        return cn_error_nomem(st->err);
    }
    size_t w = 0;
    uint32_t s = 0;
    for (uint32_t r = 0; r < nrows; r++) {
        size_t start = w;
        for (; s < p->nsegs && (texts ? p->segs[s].text == r : s == r); s++)
            for (size_t k = p->seg_ptr[s]; k < p->seg_ptr[s + 1]; k++) {
                int32_t c = p->lemmas[p->seg_lemmas[k]].column;
                if (c >= 0)
                    m->colidx[w++] = (uint32_t)c;
            }
        w = start + sort_distinct(m->colidx + start, w - start);
        m->rowptr[r + 1] = w;
    }
    m->nnz = w;
    p->matrix = m;
    return 0;
}
