/* quote.c — a typical segment's source and marked words (see quote.h). */
#include "carnet/quote.h"

#include <string.h>

#include "carnet/grow.h"

/* True when star is "*var_..." */
static bool star_of(const char *star, const char *var)
{
    size_t len = strlen(var);
    return star[0] == '*' && strncmp(star + 1, var, len) == 0 && star[1 + len] == '_';
}

cn_quote_source cn_quote_source_of(const cn_corpus_text *t, const char *time_var)
{
    cn_quote_source q = {cn_corpus_value(t, CN_QUOTE_PARTICIPANT), NULL, NULL};
    const char *date = cn_corpus_value(t, CN_QUOTE_DATE);
    const char *time = time_var ? cn_corpus_value(t, time_var) : NULL;
    if (date) {
        q.when_var = CN_QUOTE_DATE;
        q.when = date;
    } else if (time) {
        q.when_var = time_var;
        q.when = time;
    }
    return q;
}

bool cn_quote_is_cohort(const char *star, const char *time_var)
{
    return !star_of(star, CN_QUOTE_PARTICIPANT) && !star_of(star, CN_QUOTE_DATE) &&
           !(time_var && star_of(star, time_var));
}

/* True when lemma l is among segment s's lemmas: a form spelt alike in two languages
 * keeps its first language's lemma in p->form_lemma, so that lemma must be the
 * segment's own for the word to be marked. */
static bool segment_has(const cn_prepared *p, uint32_t s, uint32_t l)
{
    for (size_t q = p->seg_ptr[s]; q < p->seg_ptr[s + 1]; q++)
        if (p->seg_lemmas[q] == l)
            return true;
    return false;
}

/* The expression the pipeline glues at word token i (the longest whose folded words follow
 * from i), or NULL. */
static const cn_expression *expression_at(const cn_expressions *xs, const cn_tokens *toks, size_t i)
{
    const cn_token *t = &toks->t[i];
    uint32_t first = cn_intern_find(xs->words, toks->forms + t->form, t->form_len);
    if (first == CN_INTERN_NONE)
        return NULL;
    for (size_t e = cn_expressions_first(xs, first); e < xs->n && xs->v[e].first == first; e++) {
        const cn_expression *x = &xs->v[e];
        bool ok = i + x->n <= toks->n;
        for (uint32_t k = 1; k < x->n && ok; k++) {
            const cn_token *w = &toks->t[i + k];
            ok = w->kind != CN_TOKEN_PUNCT && cn_intern_find(xs->words, toks->forms + w->form,
                                                             w->form_len) == xs->seq[x->words + k];
        }
        if (ok)
            return x;
    }
    return NULL;
}

int cn_quote_text_occurrences(const char *text, size_t len, cn_charset charset,
                              const cn_expressions *exprs, cn_tokens *toks,
                              cn_quote_occurrence **occ, size_t *n, size_t *cap, cn_error *err)
{
    *n = 0;
    cn_tokens_reset(toks);
    if (cn_text_tokenise(text, len, charset, toks, err) < 0)
        return -1;
    for (size_t i = 0; i < toks->n; i++) {
        const cn_token *t = &toks->t[i];
        if (t->kind == CN_TOKEN_PUNCT)
            continue;
        const cn_expression *x = exprs ? expression_at(exprs, toks, i) : NULL;
        size_t last = x ? i + x->n - 1 : i;
        if (cn_grow((void **)occ, cap, *n + 1, sizeof **occ) < 0)
            return cn_error_nomem(err);
        (*occ)[(*n)++] =
            (cn_quote_occurrence){t->start, toks->t[last].end, x ? x->lemma : toks->forms + t->form,
                                  x ? strlen(x->lemma) : t->form_len};
        i = last;
    }
    return 0;
}

int cn_quote_occurrences(const cn_prepared *p, uint32_t s, cn_charset charset,
                         const cn_expressions *exprs, cn_tokens *toks, cn_quote_occurrence **occ,
                         size_t *n, size_t *cap, cn_error *err)
{
    const cn_seg *seg = &p->segs[s];
    const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
    if (cn_quote_text_occurrences(body + seg->start, seg->end - seg->start, charset, exprs, toks,
                                  occ, n, cap, err) < 0)
        return -1;
    for (size_t i = 0; i < *n; i++) { /* spans in the block, not the segment */
        (*occ)[i].start += seg->start;
        (*occ)[i].end += seg->start;
    }
    return 0;
}

/* Whether stemmer gives a and b[0..blen) the same stem. */
static bool same_stem(cn_pipeline_stemmer *stemmer, const char *a, size_t alen, const char *b,
                      size_t blen)
{
    size_t n, m;
    const char *sa = cn_pipeline_stem(stemmer, a, alen, &n);
    char copy[256]; /* the stemmer's buffer is reused by the next call */
    if (!sa || n >= sizeof copy)
        return false;
    memcpy(copy, sa, n);
    const char *sb = cn_pipeline_stem(stemmer, b, blen, &m);
    return sb && m == n && memcmp(copy, sb, n) == 0;
}

/* The lemma of segment s that form (an occurrence of it) was counted as. form_lemma keeps
 * the lemma of a form's first language: a spelling the corpus has in two languages ("dose"
 * in French and English texts) is then found among the segment's active lemmas as the one
 * whose shown form has its stem in the segment's language. CN_INTERN_NONE when none. */
static uint32_t lemma_in_segment(const cn_prepared *p, uint32_t s, uint32_t form,
                                 cn_pipeline_stemmer **stemmer)
{
    uint32_t l = p->form_lemma[form];
    if (segment_has(p, s, l))
        return l;
    if (!*stemmer && !(*stemmer = cn_pipeline_stemmer_new(p->text_lang[p->segs[s].text])))
        return CN_INTERN_NONE;
    const char *f = cn_intern_str(p->forms, form);
    for (size_t q = p->seg_ptr[s]; q < p->seg_ptr[s + 1]; q++) {
        const cn_lemma *c = &p->lemmas[p->seg_lemmas[q]];
        const char *shown = cn_intern_str(p->forms, c->display);
        if (c->status == CN_LEMMA_ACTIVE && same_stem(*stemmer, f, strlen(f), shown, strlen(shown)))
            return p->seg_lemmas[q];
    }
    return CN_INTERN_NONE;
}

int cn_quote_marks(const cn_prepared *p, const cn_profiles *pr, uint32_t s, uint32_t k,
                   cn_charset charset, const cn_expressions *exprs, cn_tokens *toks,
                   cn_quote_occurrence **marks, size_t *n, size_t *cap, cn_error *err)
{
    uint32_t K = pr->nclasses;
    *n = 0;
    if (k == 0 || k > K || !pr->weight)
        return 0;
    size_t all;
    if (cn_quote_occurrences(p, s, charset, exprs, toks, marks, &all, cap, err) < 0)
        return -1;
    cn_pipeline_stemmer *stemmer = NULL; /* made only for a form of two languages */
    for (size_t i = 0; i < all; i++) {
        const cn_quote_occurrence *o = &(*marks)[i];
        uint32_t form = cn_intern_find(p->forms, o->form, o->len);
        uint32_t l =
            form == CN_INTERN_NONE ? CN_INTERN_NONE : lemma_in_segment(p, s, form, &stemmer);
        if (l != CN_INTERN_NONE && pr->weight[(size_t)l * K + k - 1] > 0)
            (*marks)[(*n)++] = *o;
    }
    cn_pipeline_stemmer_free(stemmer);
    return 0;
}
