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

cn_quote_source cn_quote_source_of(const cn_corpus_text *t, const char *speaker,
                                   const char *time_var)
{
    cn_quote_source q = {cn_corpus_value(t, speaker ? speaker : CN_QUOTE_PARTICIPANT),
                         cn_corpus_value(t, CN_QUOTE_DATE), NULL, NULL};
    if (time_var && strcmp(time_var, CN_QUOTE_DATE) != 0 &&
        (q.time = cn_corpus_value(t, time_var)) != NULL)
        q.time_var = time_var;
    return q;
}

bool cn_quote_is_cohort(const char *star, const char *speaker, const char *time_var)
{
    return !star_of(star, speaker ? speaker : CN_QUOTE_PARTICIPANT) &&
           !star_of(star, CN_QUOTE_DATE) && !(time_var && star_of(star, time_var));
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

/* Under --charset iramuteq, the expression whose lemma the i-th word of raw (the text
 * tokenised raw: IRAMUTEQ's cleaned spelling, not folded) reads as, as the pipeline takes
 * a replaced word (cn_expressions_by_lemma on that spelling), or NULL. */
static const cn_expression *replaced(const cn_expressions *xs, const cn_tokens *raw, size_t i)
{
    const cn_token *t = &raw->t[i];
    size_t e = cn_expressions_by_lemma(xs, raw->forms + t->form, t->form_len);
    return e < xs->n ? &xs->v[e] : NULL;
}

/* The occurrences of toks (raw: the same text tokenised raw, under --charset iramuteq). */
static int text_words(const cn_tokens *toks, const cn_tokens *raw, const cn_expressions *exprs,
                      cn_quote_occurrence **occ, size_t *n, size_t *cap, cn_error *err)
{
    for (size_t i = 0; i < toks->n; i++) {
        const cn_token *t = &toks->t[i];
        if (t->kind == CN_TOKEN_PUNCT)
            continue;
        const cn_expression *x = !exprs ? NULL
                                 : raw  ? replaced(exprs, raw, i)
                                        : expression_at(exprs, toks, i);
        size_t last = x && !raw ? i + x->n - 1 : i;
        if (cn_grow((void **)occ, cap, *n + 1, sizeof **occ) < 0)
            return cn_error_nomem(err);
        (*occ)[(*n)++] =
            (cn_quote_occurrence){t->start, toks->t[last].end, x ? x->lemma : toks->forms + t->form,
                                  x ? strlen(x->lemma) : t->form_len, CN_INTERN_NONE};
        i = last;
    }
    return 0;
}

int cn_quote_text_occurrences(const char *text, size_t len, cn_charset charset,
                              const cn_expressions *exprs, cn_tokens *toks,
                              cn_quote_occurrence **occ, size_t *n, size_t *cap, cn_error *err)
{
    const cn_text_replace *rep = exprs ? exprs->replace : NULL;
    size_t nrep = exprs ? exprs->nreplace : 0;
    bool iramuteq = charset == CN_CHARSET_IRAMUTEQ && exprs;
    cn_tokens raw = {.raw = true}; /* the same tokens, as the pipeline reads them */
    *n = 0;
    cn_tokens_reset(toks);
    int rc = cn_text_tokenise_replacing(text, len, charset, rep, nrep, toks, err);
    if (rc == 0 && iramuteq)
        rc = cn_text_tokenise_replacing(text, len, charset, rep, nrep, &raw, err);
    if (rc == 0 && iramuteq && raw.n != toks->n)
        rc = cn_error_code(err, CN_EINVALID, "'%.*s': read as %zu then %zu tokens", (int)len, text,
                           toks->n, raw.n);
    if (rc == 0)
        rc = text_words(toks, iramuteq ? &raw : NULL, exprs, occ, n, cap, err);
    cn_tokens_free(&raw);
    return rc;
}

int cn_quote_occurrences(const cn_prepared *p, uint32_t s, cn_quote_occurrence **occ, size_t *n,
                         size_t *cap, cn_error *err)
{
    size_t count = p->occ_ptr[s + 1] - p->occ_ptr[s];
    size_t at = p->segs[s].start; /* spans in the block, not the segment */
    *n = 0;
    /* unpacked into the end of *occ, then widened in place from the front: a
     * cn_quote_occurrence is larger than a cn_occurrence, so nothing is overwritten unread */
    size_t bytes = (count + 1) * sizeof **occ;
    if (cn_grow((void **)occ, cap, count + 1, sizeof **occ) < 0)
        return cn_error_nomem(err);
    cn_occurrence *packed = (cn_occurrence *)((char *)*occ + bytes) - count;
    cn_prepared_occurrences(p, s, packed);
    for (size_t i = 0; i < count; i++) {
        cn_occurrence o = packed[i];
        const char *form = cn_intern_str(p->forms, o.form);
        (*occ)[i] =
            (cn_quote_occurrence){at + o.start, at + o.start + o.len, form, strlen(form), o.lemma};
    }
    *n = count;
    return 0;
}

int cn_quote_marks(const cn_prepared *p, const cn_profiles *pr, uint32_t s, uint32_t k,
                   cn_quote_occurrence **marks, size_t *n, size_t *cap, cn_error *err)
{
    uint32_t K = pr->nclasses;
    *n = 0;
    if (k == 0 || k > K || !pr->weight)
        return 0;
    size_t all;
    if (cn_quote_occurrences(p, s, marks, &all, cap, err) < 0)
        return -1;
    for (size_t i = 0; i < all; i++)
        if (pr->weight[(size_t)(*marks)[i].lemma * K + k - 1] > 0)
            (*marks)[(*n)++] = (*marks)[i];
    return 0;
}
