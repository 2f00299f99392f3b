/* pipeline.c — corpus -> segments -> lemmas -> matrix (see pipeline.h).
 *
 * The corpus is read once; every form is interned once, and the lemma of a (language,
 * form) pair is computed once and cached, so stemming costs per distinct form, not per
 * occurrence. Per segment we keep only its distinct lemma ids: enough for the binary
 * matrix, the profiles and the typical segments. */
#include "carnet/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/accents.h"
#include "carnet/chunks.h"
#include "carnet/expressions.h"
#include "carnet/grow.h"
#include "carnet/lang.h"
#include "carnet/lexicon.h"
#include "carnet/segment.h"
#include "carnet/stopwords.h"
#include "carnet/utf8.h"

#include "pipeline_state.h"

cn_pipeline_params cn_pipeline_defaults(void)
{
    cn_pipeline_params p = {.segment_size = 40,
                            .charset = CN_CHARSET_UNICODE,
                            .lang = CN_CORPUS_DEFAULT_LANG,
                            .min_freq = 3,
                            .max_actives = 20000,
                            .threads = 2};
    return p;
}

/* ---- the state of a preparation --------------------------------------------------- */

int cn_pipeline_grow(void **ptr, size_t *cap, size_t need, size_t elem, cn_error *err)
{
    return cn_grow(ptr, cap, need, elem) < 0 ? cn_error_nomem(err) : 0;
}

/* cn_pipeline_grow for the arrays that hold a corpus's segments and occurrences, each item
 * written before it is read: no zeroing, so their spare capacity costs no memory. */
int cn_pipeline_grow_raw(void **ptr, size_t *cap, size_t need, size_t elem, cn_error *err)
{
    return cn_grow_raw(ptr, cap, need, elem) < 0 ? cn_error_nomem(err) : 0;
}

/* A form new to a language, found in the lexicon or not: its language's coverage. The
 * first CN_PIPELINE_COVERAGE_LANGS languages are counted; a corpus has fewer. */
static void note_coverage(cn_prepared *p, const char *lang, bool known)
{
    size_t k = 0;
    while (k < p->nlexicon_coverage && strcmp(p->lexicon_coverage[k].lang, lang) != 0)
        k++;
    if (k == p->nlexicon_coverage) {
        if (k == CN_PIPELINE_COVERAGE_LANGS)
            return;
        snprintf(p->lexicon_coverage[k].lang, sizeof p->lexicon_coverage[k].lang, "%s", lang);
        p->nlexicon_coverage++;
    }
    p->lexicon_coverage[k].forms++;
    p->lexicon_coverage[k].known += known;
}

/* The status of a lexicon or expressions POS (reinert-spec.md B.1). IRAMUTEQ compares a
 * POS as written with key.cfg's lower-case codes (corpus.py parse_active: `gram in
 * gramact`), so "NOM" is ignored there. Its own dictionaries write every POS in lower
 * case, and an upper-case one is a researcher's spelling, not a choice to drop the word:
 * by default the case is not held against it ("NOM" is "nom"); under --charset iramuteq,
 * as IRAMUTEQ. *other_case: a POS ignored only for its case. */
static uint8_t pos_status(const state *st, const char *pos, bool *other_case)
{
    char low[CN_IGNORED_POS_MAX];
    size_t n = strlen(pos);
    *other_case = false;
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)(pos[i] >= 'A' && pos[i] <= 'Z' ? pos[i] - 'A' + 'a' : pos[i]);
        int exact = cn_lexicon_pos_status(pos), folded = cn_lexicon_pos_status(low);
        *other_case = exact == CN_POS_IGNORED && folded != CN_POS_IGNORED;
        if (st->params->charset != CN_CHARSET_IRAMUTEQ)
            pos = low;
    }
    int ps = cn_lexicon_pos_status(pos);
    return ps == CN_POS_ACTIVE          ? CN_LEMMA_ACTIVE
           : ps == CN_POS_SUPPLEMENTARY ? CN_LEMMA_SUPPLEMENTARY
                                        : CN_LEMMA_IGNORED;
}

/* Notes that a new lemma is ignored for its POS (from the expressions file or the
 * lexicon), so that the warning can list each such POS with what it cost. */
static int note_ignored(state *st, uint32_t lemma, const char *pos, bool expressions,
                        bool other_case)
{
    cn_prepared *p = st->p;
    size_t k = 0;
    while (k < p->nignored_pos &&
           !(p->ignored_pos[k].expressions == expressions &&
             strncmp(p->ignored_pos[k].pos, pos, CN_IGNORED_POS_MAX - 1) == 0))
        k++;
    if (k == p->nignored_pos) {
        if (cn_pipeline_grow((void **)&p->ignored_pos, &st->ignored_pos_cap, k + 1,
                             sizeof *p->ignored_pos, st->err) < 0)
            return -1;
        cn_ignored_pos *ip = &p->ignored_pos[p->nignored_pos++];
        memset(ip, 0, sizeof *ip);
        snprintf(ip->pos, sizeof ip->pos, "%s", pos);
        ip->expressions = expressions;
        ip->other_case = other_case;
    }
    if (cn_pipeline_grow((void **)&st->ignored, &st->ignored_cap, st->nignored + 1,
                         sizeof *st->ignored, st->err) < 0)
        return -1;
    st->ignored[st->nignored++] = (struct ignored_lemma){lemma, (uint32_t)k};
    return 0;
}

/* After the pass: each form's and lemma's occurrences, from each spelling's (cached.count):
 * two fewer random writes per occurrence on the merging thread, the same sums. */
static void count_frequencies(state *st)
{
    cn_prepared *p = st->p;
    cn_pipeline_fold_counts(st);
    uint32_t n = cn_intern_count(st->form_lang);
    for (uint32_t id = 0; id < n; id++) {
        p->form_freq[st->cache[id].form] += st->cache[id].count;
        p->lemmas[st->cache[id].lemma].freq += st->cache[id].count;
    }
}

/* After the pass: each ignored POS's lemmas that occur, and their occurrences; a POS
 * none of whose lemmas occurs is dropped (it cost nothing). */
static void count_ignored(state *st)
{
    cn_prepared *p = st->p;
    for (size_t i = 0; i < st->nignored; i++) {
        uint64_t f = p->lemmas[st->ignored[i].lemma].freq;
        p->ignored_pos[st->ignored[i].pos].lemmas += f > 0;
        p->ignored_pos[st->ignored[i].pos].occurrences += f;
    }
    size_t w = 0;
    for (size_t k = 0; k < p->nignored_pos; k++)
        if (p->ignored_pos[k].occurrences > 0)
            p->ignored_pos[w++] = p->ignored_pos[k];
    p->nignored_pos = w;
}

/* IRAMUTEQ makes supplementary every lemma that begins and ends with '_' (corpus.py,
 * parse_active), '_' and '__' too: a typed blank ("je me sens ___") is no theme. Without a
 * lexicon a form is its own lemma (or its stem's, which may lose the '_'), so the form is
 * tested; with one, or for an expression, the lemma it is given (trial 70: a lexicon's
 * "dupont -> _medecin_" and an expression glued into "_centre_" were active, classified). */
static bool is_pseudo_variable(const char *form, size_t len)
{
    return len >= 1 && form[0] == '_' && form[len - 1] == '_';
}

/* With --fold-accents, forms come folded: the expressions' words are looked up folded
 * too, or an expression with an accent ("la méthadone") would never match. */
static int fold_expression_words(state *st)
{
    uint32_t n = cn_intern_count(st->exprs->words);
    st->expr_folded = cn_intern_new();
    st->expr_folded_word = malloc(((size_t)n + 1) * sizeof *st->expr_folded_word);
    if (!st->expr_folded || !st->expr_folded_word)
        return cn_error_nomem(st->err);
    for (uint32_t w = 0; w < n; w++) {
        const char *word = cn_intern_str(st->exprs->words, w);
        char *plain;
        size_t len;
        bool added;
        if (cn_accents_fold(word, strlen(word), &plain, &len, st->err) < 0)
            return -1;
        uint32_t k = cn_intern_add(st->expr_folded, plain, len, &added);
        free(plain);
        if (k == CN_INTERN_NONE)
            return cn_error_nomem(st->err);
        if (added) /* two words one folded spelling: the first one's */
            st->expr_folded_word[k] = w;
    }
    return 0;
}

/* The id of form among the expressions' words, or CN_INTERN_NONE. */
static uint32_t expression_word(const state *st, const char *form, size_t len)
{
    if (!st->exprs)
        return CN_INTERN_NONE;
    if (!st->expr_folded)
        return cn_intern_find(st->exprs->words, form, len);
    uint32_t k = cn_intern_find(st->expr_folded, form, len);
    return k == CN_INTERN_NONE ? k : st->expr_folded_word[k];
}

/* The memo's number for a language and token kind (a number is never stemmed), or -1
 * past MEMO_LANGS languages: a form's lemma depends on these and the form alone, so
 * spellings of one form ("Famille", "famille") are stemmed and classified once. */
static int memo_lang(state *st, const char *lang, cn_token_kind kind)
{
    int k = 0;
    while (k < st->nmemo_langs && strcmp(st->memo_langs[k], lang) != 0)
        k++;
    if (k == st->nmemo_langs) {
        if (k == MEMO_LANGS)
            return -1;
        memcpy(st->memo_langs[k], lang, strlen(lang) + 1);
        st->nmemo_langs++;
    }
    return k * 3 + (int)kind;
}

/* Interns a new (language, form): its form id and its lemma (stem, or the form itself for
 * a supplementary form: a number, a _pseudo_variable_ or a stop word). */
static int resolve(state *st, const char *lang, const char *form, size_t len, cn_token_kind kind,
                   cached *out)
{
    cn_prepared *p = st->p;
    bool added;
    uint32_t f = cn_intern_add(p->forms, form, len, &added);
    if (f == CN_INTERN_NONE ||
        cn_pipeline_grow((void **)&p->form_freq, &st->forms_cap, (size_t)f + 1,
                         sizeof *p->form_freq, st->err) < 0 ||
        cn_pipeline_grow((void **)&p->form_lemma, &st->form_lemma_cap, (size_t)f + 1,
                         sizeof *p->form_lemma, st->err) < 0)
        return cn_error_nomem(st->err);
    bool new_form = added;
    int memo = memo_lang(st, lang, kind);
    if (!new_form && memo >= 0 && f < st->memo_cap && st->memo[f].key == (uint32_t)memo + 1) {
        out->form = f; /* another spelling of a form seen in this language: its lemma */
        out->lemma = st->memo[f].lemma;
        out->expr_word = expression_word(st, form, len);
        return 0;
    }
    bool supplementary = kind == CN_TOKEN_NUMBER ||
                         (!st->lexicon && is_pseudo_variable(form, len)) ||
                         cn_stopwords_has(st->stop, lang, form, len);
    uint8_t status = supplementary ? CN_LEMMA_SUPPLEMENTARY : CN_LEMMA_ACTIVE;
    const char *pos = "nr"; /* a lexicon's, for an ignored lemma's warning */
    bool other_case = false;
    char key[600];
    size_t klen;
    char head[CN_LANG_CODE_MAX + 1]; /* the key's kind ('l', 'a') and language */
    head[0] = st->lexicon && !supplementary ? 'l' : 'a';
    memcpy(head + 1, lang, strlen(lang) + 1);
    if (st->lexicon && !supplementary) {
        /* IRAMUTEQ's lemmatisation: a listed form takes its lemma and POS; an unknown one
         * is its own lemma with POS nr (active). The lemma's status is its first form's. */
        const char *lemma = NULL;
        if (!cn_lexicon_find(st->lexicon, form, len, &lemma, &pos))
            lemma = NULL;
        note_coverage(p, lang, lemma != NULL);
        if (lemma) {
            if (cn_pipeline_grow((void **)&p->form_listed, &p->form_listed_cap, (size_t)f + 1,
                                 sizeof *p->form_listed, st->err) < 0)
                return -1;
            p->form_listed[f] = 1;
        }
        status = pos_status(st, pos, &other_case);
        if (lemma ? is_pseudo_variable(lemma, strlen(lemma)) : is_pseudo_variable(form, len))
            status = CN_LEMMA_SUPPLEMENTARY;
        if (lemma)
            klen = cn_intern_join(key, sizeof key, head, lemma, strlen(lemma));
        else
            klen = cn_intern_join(key, sizeof key, head, form, len);
    } else if (supplementary) {
        klen = cn_intern_join(key, sizeof key, "s", form, len);
    } else {
        cn_pipeline_stemmer *stem = cn_pipeline_stemmer_for(st, lang);
        size_t slen = st->pre_stem_len;
        const char *s = !stem          ? NULL
                        : st->pre_stem ? st->pre_stem
                                       : cn_pipeline_stem(stem, form, len, &slen);
        if (!s)
            return cn_error_set(st->err, "cannot stem in language '%s'", lang);
        klen = cn_intern_join(key, sizeof key, head, s, slen);
    }
    if (klen >= sizeof key) /* cut, as snprintf did */
        klen = sizeof key - 1;
    uint32_t l = cn_intern_add(p->lemma_keys, key, klen, &added);
    if (l == CN_INTERN_NONE ||
        cn_pipeline_grow((void **)&p->lemmas, &st->lemmas_cap, (size_t)l + 1, sizeof *p->lemmas,
                         st->err) < 0 ||
        cn_pipeline_grow_marks(st, l) < 0)
        return cn_error_nomem(st->err);
    if (added) {
        p->lemmas[l].status = status;
        p->lemmas[l].column = -1;
        if (status == CN_LEMMA_IGNORED && note_ignored(st, l, pos, false, other_case) < 0)
            return -1;
    }
    if (new_form)
        p->form_lemma[f] = l;
    if (memo >= 0) {
        if (cn_pipeline_grow((void **)&st->memo, &st->memo_cap, (size_t)f + 1, sizeof *st->memo,
                             st->err) < 0)
            return -1;
        st->memo[f] = (struct form_memo){(uint32_t)memo + 1, l};
    }
    out->form = f;
    out->lemma = l;
    out->expr_word = expression_word(st, form, len);
    return 0;
}

/* The embedded stop lists that hold a folded form, as bits (cached.stop_langs): looked
 * up once per spelling, so each text's evidence of its language costs nothing more. */
static uint8_t stop_languages(const state *st, const char *form, size_t len)
{
    return (uint8_t)cn_stopwords_langs(st->detect, st->ndetect, form, len);
}

/* The embedded lists, into st->detect, with their accents. */
static int load_detect(state *st)
{
    if (!(st->detect = cn_stopwords_new()))
        return cn_error_nomem(st->err);
    for (; st->ndetect < CN_PIPELINE_STOPLANGS && cn_stoplists[st->ndetect].lang; st->ndetect++)
        if (cn_stopwords_add_lang(st->detect, cn_stoplists[st->ndetect].lang, st->err) < 0)
            return -1;
    return 0;
}

/* lookup with key holding "lang\x1f" (head bytes), written once per block. */
static int lookup(state *st, const char *lang, char *key, size_t head, const char *raw, size_t len,
                  cn_token_kind kind, uint32_t *out)
{
    len = cn_chunks_spelling_len(raw, len); /* a 'word' this long is noise: keep its start */
    memcpy(key + head, raw, len);
    return cn_pipeline_lookup_key(st, lang, head - 1, key, head + len, kind, NULL, NULL, out);
}

/* A new spelling's form and lemma from what a chunk's worker folded and stemmed. */
static int resolve_prepared(state *st, const char *lang, cn_token_kind kind,
                            const cn_chunk_prep *pre, const char *text, cached *out)
{
    if (pre->stemmed) {
        st->pre_stem = text + pre->stem;
        st->pre_stem_len = pre->stem_len;
    }
    int rc = resolve(st, lang, text + pre->form, pre->form_len, kind, out);
    st->pre_stem = NULL;
    out->stop_langs = pre->stop_langs;
    return rc;
}

/* lookup, the key "lang\x1fspelling" made: what the parallel path's chunks hold, with what
 * the chunk's worker worked out for it (pre, its strings in pre_text), or NULL. */
int cn_pipeline_lookup_key(state *st, const char *lang, size_t llen, const char *key, size_t klen,
                           cn_token_kind kind, const cn_chunk_prep *pre, const char *pre_text,
                           uint32_t *out)
{
    const char *raw = key + llen + 1;
    size_t len = klen - (size_t)(raw - key);
    bool added;
    uint32_t id = cn_intern_add(st->form_lang, key, klen, &added);
    if (id == CN_INTERN_NONE || cn_pipeline_grow((void **)&st->cache, &st->cache_cap,
                                                 (size_t)id + 1, sizeof *st->cache, st->err) < 0)
        return cn_error_nomem(st->err);
    if (added && pre && pre->ok) {
        if (resolve_prepared(st, lang, kind, pre, pre_text, &st->cache[id]) < 0)
            return -1;
    } else if (added) {
        size_t form, flen;
        char *plain = NULL; /* --fold-accents: the form without its accents */
        cn_tokens_reset(&st->fold);
        /* the key is (language, spelling) */
        cn_tokens_set_language(&st->fold, lang, st->params->charset);
        int rc = cn_text_fold(raw, len, &st->fold, &form, &flen, st->err);
        /* with its accents, whatever --fold-accents: "à" is no English "a" */
        uint8_t stop_langs = rc == 0 ? stop_languages(st, st->fold.forms + form, flen) : 0;
        if (rc == 0 && st->params->fold_accents)
            rc = cn_accents_fold(st->fold.forms + form, flen, &plain, &flen, st->err);
        if (rc == 0)
            rc = resolve(st, lang, plain ? plain : st->fold.forms + form, flen, kind,
                         &st->cache[id]);
        st->cache[id].stop_langs = stop_langs;
        free(plain);
        if (rc < 0)
            return -1;
    }
    if (added) {
        st->cache[id].expr = CN_INTERN_NONE;
        if (st->exprs && st->params->charset == CN_CHARSET_IRAMUTEQ) {
            size_t x = cn_expressions_by_lemma(st->exprs, raw, len);
            if (x < st->exprs->n)
                st->cache[id].expr = (uint32_t)x;
        }
        if (cn_pipeline_note_hot(st, id) < 0)
            return -1;
    }
    *out = id;
    return 0;
}

/* The cache entry standing for expression e in a language: its lemma is the expression's
 * (glued with '_' in IRAMUTEQ's files), shown as itself, counted as one occurrence. */
static int expression_entry(state *st, const char *lang, const cn_expression *e, uint32_t *out)
{
    cn_prepared *p = st->p;
    char key[600];
    int klen = snprintf(key, sizeof key, "\x1e%s\x1f%s", lang, e->lemma);
    if (klen < 0 || (size_t)klen >= sizeof key)
        return cn_error_set(st->err, "expression '%.40s...' is too long", e->lemma);
    bool added;
    uint32_t id = cn_intern_add(st->form_lang, key, (size_t)klen, &added);
    if (id == CN_INTERN_NONE || cn_pipeline_grow((void **)&st->cache, &st->cache_cap,
                                                 (size_t)id + 1, sizeof *st->cache, st->err) < 0)
        return cn_error_nomem(st->err);
    if (added) {
        uint32_t f = cn_intern_add(p->forms, e->lemma, strlen(e->lemma), NULL);
        klen = snprintf(key, sizeof key, "l%s\x1f%s", lang, e->lemma);
        uint32_t l = cn_intern_add(p->lemma_keys, key, (size_t)klen, &added);
        if (f == CN_INTERN_NONE || l == CN_INTERN_NONE ||
            cn_pipeline_grow((void **)&p->form_freq, &st->forms_cap, (size_t)f + 1,
                             sizeof *p->form_freq, st->err) < 0 ||
            cn_pipeline_grow((void **)&p->form_lemma, &st->form_lemma_cap, (size_t)f + 1,
                             sizeof *p->form_lemma, st->err) < 0 ||
            cn_pipeline_grow((void **)&p->lemmas, &st->lemmas_cap, (size_t)l + 1, sizeof *p->lemmas,
                             st->err) < 0 ||
            cn_pipeline_grow_marks(st, l) < 0)
            return cn_error_nomem(st->err);
        if (added) {
            bool other_case = false;
            p->lemmas[l].status = is_pseudo_variable(e->lemma, strlen(e->lemma))
                                      ? CN_LEMMA_SUPPLEMENTARY
                                  : e->pos ? pos_status(st, e->pos, &other_case)
                                           : CN_LEMMA_ACTIVE;
            p->lemmas[l].column = -1;
            if (p->lemmas[l].status == CN_LEMMA_IGNORED &&
                note_ignored(st, l, e->pos, true, other_case) < 0)
                return -1;
        }
        p->form_lemma[f] = l;
        st->cache[id] = (cached){f, l, 0, CN_INTERN_NONE, CN_INTERN_NONE, 0};
        if (cn_pipeline_note_hot(st, id) < 0)
            return -1;
    }
    *out = id;
    return 0;
}

/* The longest expression whose words are tokens i, i + 1, ... of the block (whole words,
 * no punctuation between them), or NULL. */
static const cn_expression *match_expression(state *st, const cn_tokens *toks, size_t i,
                                             uint32_t first_word)
{
    const cn_expressions *xs = st->exprs;
    for (size_t e = cn_expressions_first(xs, first_word); e < xs->n && xs->v[e].first == first_word;
         e++) {
        const cn_expression *x = &xs->v[e];
        if (x->n > toks->n - i)
            continue;
        bool ok = true;
        for (uint32_t k = 1; k < x->n && ok; k++) {
            uint32_t id = st->ids[i + k];
            ok = id != CN_INTERN_NONE && st->cache[id].expr_word == xs->seq[x->words + k];
        }
        if (ok)
            return x;
    }
    return NULL;
}

/* The spelling the cache knows a word token by: as written, or under --charset iramuteq as
 * IRAMUTEQ's cleaning left it (expressions replaced). */
static const char *token_spelling(const state *st, const cn_tokens *toks, const char *body,
                                  const cn_token *t, size_t *len)
{
    if (st->params->charset == CN_CHARSET_IRAMUTEQ) {
        *len = t->form_len;
        return toks->forms + t->form;
    }
    *len = t->end - t->start;
    return body + t->start;
}

/* Gives each token of a block its cache id, and glues the expressions before the block is
 * cut (reinert-spec.md A.2 step 4), so that an expression is one token of the segment
 * window as in IRAMUTEQ: by default, their words as whole tokens, longest first, into one
 * token spanning them; under --charset iramuteq the tokeniser has replaced them already,
 * and a token reading as an expression's lemma stands for it. */
static int resolve_block(state *st, const char *lang, const char *body, cn_tokens *toks)
{
    if (cn_pipeline_grow((void **)&st->ids, &st->ids_cap, toks->n + 1, sizeof *st->ids, st->err) <
        0)
        return -1;
    char key[CN_CHUNKS_SPELLING_MAX + 20];
    size_t head = cn_intern_join(key, sizeof key, lang, "", 0);
    for (size_t i = 0; i < toks->n; i++) {
        const cn_token *t = &toks->t[i];
        st->ids[i] = CN_INTERN_NONE;
        /* A punctuation token has no spelling: under --charset iramuteq a block of only
         * punctuation has no forms buffer at all. */
        if (t->kind != CN_TOKEN_PUNCT) {
            size_t len;
            const char *word = token_spelling(st, toks, body, t, &len);
            if (lookup(st, lang, key, head, word, len, t->kind, &st->ids[i]) < 0)
                return -1;
        }
        uint32_t x = st->ids[i] == CN_INTERN_NONE ? CN_INTERN_NONE : st->cache[st->ids[i]].expr;
        if (x != CN_INTERN_NONE && expression_entry(st, lang, &st->exprs->v[x], &st->ids[i]) < 0)
            return -1;
    }
    if (!st->exprs || st->params->charset == CN_CHARSET_IRAMUTEQ)
        return 0;
    size_t w = 0;
    for (size_t i = 0; i < toks->n; i++, w++) {
        uint32_t id = st->ids[i];
        const cn_expression *x = NULL;
        if (id != CN_INTERN_NONE && st->cache[id].expr_word != CN_INTERN_NONE)
            x = match_expression(st, toks, i, st->cache[id].expr_word);
        toks->t[w] = toks->t[i];
        st->ids[w] = id;
        if (x) {
            toks->t[w].end = toks->t[i + x->n - 1].end;
            toks->t[w].kind = CN_TOKEN_WORD;
            if (expression_entry(st, lang, x, &st->ids[w]) < 0)
                return -1;
            i += x->n - 1;
        }
    }
    toks->n = w;
    return 0;
}

/* Cuts a block whose tokens have their cache ids in st->ids into segments, and counts them. */
static int segment_block(state *st, uint32_t index, uint32_t b, const char *body,
                         const cn_tokens *toks, cn_span **spans, size_t *spans_cap)
{
    if (cn_pipeline_grow((void **)spans, spans_cap, toks->n + 1, sizeof **spans, st->err) < 0)
        return -1;
    size_t n = cn_segment(toks->t, toks->n, st->params->segment_size, *spans);
    for (size_t k = 0; k < n; k++)
        if (cn_pipeline_add_segment(st, index, b, body, toks, *spans, n, k) < 0)
            return -1;
    return 0;
}

static int prepare_text(state *st, uint32_t index, const char *path, cn_tokens *toks,
                        cn_span **spans, size_t *spans_cap)
{
    cn_prepared *p = st->p;
    const cn_corpus_text *t = &p->corpus->texts[p->texts[index]];
    if (cn_pipeline_text_head(st, index, path) < 0)
        return -1;
    const char *lang = p->text_lang[index];
    cn_pipeline_start_text(st, index);
    for (size_t b = 0; b < t->nblocks; b++) {
        const char *body = t->blocks[b].body;
        cn_tokens_reset(toks);
        const cn_expressions *x = st->exprs;
        if (cn_text_tokenise_replacing(body, strlen(body), st->params->charset,
                                       x ? x->replace : NULL, x ? x->nreplace : 0, toks,
                                       st->err) < 0)
            return cn_error_prefix(st->err, "%s:%zu", path, t->blocks[b].line);
        if (resolve_block(st, lang, body, toks) < 0 ||
            segment_block(st, index, (uint32_t)b, body, toks, spans, spans_cap) < 0)
            return -1;
    }
    return 0;
}

int cn_prepare(const char *path, const cn_pipeline_params *params, cn_prepared **out, cn_error *err)
{
    cn_prepared *p = calloc(1, sizeof *p);
    state st = {.p = p, .params = params, .err = err};
    cn_tokens toks = {.raw = true};
    cn_span *spans = NULL;
    size_t spans_cap = 0;
    int rc = -1;
    if (!p)
        return cn_error_nomem(err);
    if (cn_corpus_read_threads(path, params->threads, &p->corpus, err) < 0)
        goto done;
    p->forms = cn_intern_new();
    p->lemma_keys = cn_intern_new();
    st.form_lang = cn_intern_new();
    st.fold.raw = false;
    st.stop = cn_stopwords_new();
    p->texts = malloc((p->corpus->ntexts + 1) * sizeof *p->texts);
    p->text_lang = calloc(p->corpus->ntexts + 1, sizeof *p->text_lang);
    p->seg_ptr = calloc(1024, sizeof *p->seg_ptr);
    p->text_ptr = calloc(p->corpus->ntexts + 2, sizeof *p->text_ptr);
    p->text_words = calloc(p->corpus->ntexts + 1, sizeof *p->text_words);
    p->text_stops = calloc((p->corpus->ntexts + 1) * CN_PIPELINE_STOPLANGS, sizeof *p->text_stops);
    st.seg_ptr_cap = 1024;
    if (!p->forms || !p->lemma_keys || !st.form_lang || !st.stop || !p->texts || !p->text_lang ||
        !p->seg_ptr || !p->text_words || !p->text_stops) {
        cn_error_nomem(err);
        goto done;
    }
    if (cn_lang_normalise_for(params->lang, params->lexicon != NULL, st.lang, err) < 0) {
        cn_error_prefix(err, "--lang");
        goto done;
    }
    if (params->fold_accents && params->lexicon) {
        /* the lexicon's forms keep their accents: most would no longer be found */
        cn_error_code(err, CN_EINVALID,
                      "--fold-accents cannot be used with --lexicon (its forms have accents)");
        goto done;
    }
    if (params->fold_accents) /* "meme" is the stop word "même" */
        cn_stopwords_fold_accents(st.stop);
    if (params->stopwords && cn_stopwords_add_file(st.stop, params->stopwords, err) < 0)
        goto done;
    if (load_detect(&st) < 0)
        goto done;
    if (params->lexicon && cn_lexicon_read(params->lexicon, params->charset, &st.lexicon, err) < 0)
        goto done;
    if (st.lexicon) /* for the warning: a form given twice takes its last line */
        p->lexicon_duplicates = *cn_lexicon_duplicates_of(st.lexicon);
    if (params->expressions && cn_expressions_read(params->expressions, &st.exprs, err) < 0)
        goto done;
    if (st.exprs && params->fold_accents && fold_expression_words(&st) < 0)
        goto done;
    cn_where_tally tally;
    memset(&tally, 0, sizeof tally);
    for (size_t i = 0; i < p->corpus->ntexts; i++) {
        if (params->where.n) /* the variables seen, for a condition that keeps no text */
            cn_corpus_where_note(&tally, &p->corpus->texts[i]);
        if (cn_corpus_check_where(&p->corpus->texts[i], &params->where, path, err) < 0)
            goto done;
        if (cn_where_keep(&params->where, cn_corpus_where_value, &p->corpus->texts[i], &tally))
            p->texts[p->ntexts++] = (uint32_t)i;
    }
    if (cn_where_check(&params->where, &tally, path, err) < 0)
        goto done;
    if (p->ntexts == 0) {
        cn_error_code(err, CN_EEMPTY, "%s: no text", path);
        goto done;
    }
    uint32_t step = p->ntexts / 100 + 1, first = 0;
    if (params->threads > 1 && !st.exprs && cn_pipeline_prepare_parallel(&st, path, &first) < 0)
        goto done;
    for (uint32_t i = first; i < p->ntexts; i++) {
        if (prepare_text(&st, i, path, &toks, &spans, &spans_cap) < 0)
            goto done;
        if (params->progress && i % step == 0)
            params->progress(params->progress_ctx, "reading texts", (double)i / p->ntexts);
    }
    count_frequencies(&st);
    count_ignored(&st);
    if (cn_pipeline_choose_display_forms(&st) < 0 || cn_pipeline_name_lemmas(&st) < 0 ||
        cn_pipeline_select_actives(&st) < 0 ||
        (!params->counts_only && cn_pipeline_build_matrix(&st) < 0))
        goto done;
    rc = 0;
done:
    for (int i = 0; i < st.nstemmers; i++)
        cn_pipeline_stemmer_free(st.stemmers[i].stemmer);
    cn_stopwords_free(st.stop);
    cn_stopwords_free(st.detect);
    cn_lexicon_free(st.lexicon);
    cn_expressions_free(st.exprs);
    cn_intern_free(st.expr_folded);
    free(st.expr_folded_word);
    cn_intern_free(st.form_lang);
    cn_tokens_free(&st.fold);
    free(st.cache);
    free(st.memo);
    free(st.seen);
    free(st.hot);
    free(st.hot_stops);
    free(st.seg_mark);
    free(st.ids);
    free(st.ignored);
    cn_tokens_free(&toks);
    free(spans);
    if (rc < 0) {
        cn_error_nomem_during(err, path, "reading and counting its texts");
        cn_prepared_free(p);
        return -1;
    }
    *out = p;
    return 0;
}
