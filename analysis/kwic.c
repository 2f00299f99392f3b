/* kwic.c — the concordance of a form in a finished run (see kwic.h): the rules carnet-analyse
 * kwic follows, here where a test can call them (trial 78: they lived in the command, and
 * a Turkish query was folded apart from the run's texts: trial 76). */
#include "carnet/kwic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carnet/accents.h"
#include "carnet/expressions.h"
#include "carnet/intern.h"
#include "carnet/lang.h"
#include "carnet/manifest.h"
#include "carnet/pipeline.h"
#include "carnet/quote.h"
#include "carnet/sha256.h"
#include "carnet/text.h"

/* Classes of the segments, from OUT/segments.csv (its first three fields). The corpus read
 * again must give the run's segments, each in its text: a run folder made with another
 * segmentation (another version of Carnet) would otherwise show other classes. */
static uint32_t *read_classes(const char *dir, const cn_prepared *p, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/segments.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    uint32_t *cls = calloc((size_t)p->nsegs + 1, sizeof *cls);
    char *line = NULL;
    size_t cap = 0, rows = 0, lineno = 0;
    unsigned seg, text, k;
    int rc = cls ? 0 : cn_error_nomem(err);
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        if (sscanf(line, "%u,%u,%u,", &seg, &text, &k) != 3)
            continue; /* the header */
        /* a run made before text_id was the corpus's numbering counted the kept texts */
        if (seg != rows + 1 || seg > p->nsegs ||
            (cn_prepared_text_number(p, p->segs[seg - 1].text) != text &&
             p->segs[seg - 1].text + 1 != text))
            rc = cn_error_code(err, CN_EINVALID,
                               "%s:%zu: segment %u of text %u is not the corpus's segment %u "
                               "(%u segments): the run was made with another segmentation "
                               "(another version of Carnet?); run it again",
                               path, lineno, seg, text, seg, p->nsegs);
        else
            cls[rows++] = k;
    }
    if (rc == 0 && rows != p->nsegs)
        rc = cn_error_code(err, CN_EINVALID,
                           "%s: %zu segments, the corpus gives %u: the run was made with another "
                           "segmentation (another version of Carnet?); run it again",
                           path, rows, p->nsegs);
    free(line);
    fclose(f);
    if (rc < 0) {
        free(cls);
        return NULL;
    }
    return cls;
}

/* The form searched: itself, the lemmas it stands for in the run, and its stem in the
 * language of the texts being read. */
typedef struct query {
    const char *form;
    size_t len;
    bool *lemmas;   /* lemma -> one of the query's (NULL with --exact) */
    bool any_lemma; /* the query is a form or a lemma of the run */
    /* A form the run does not have: its lemma in each text's language is the one its stem
     * would have made (stem_lemma), so that "dormir" finds "dors"; never a stop word's
     * lemma, which a form of the same stem is not (trial 66: "sola" found "solo"). */
    bool stems;
    uint32_t stem_lemma;          /* CN_INTERN_NONE: no such lemma in this language */
    cn_pipeline_stemmer *stemmer; /* NULL with --exact */
    char lang[16];
    char *stem; /* malloc'd */
    size_t stem_len;
    bool fold;          /* the run had --fold-accents: forms are compared without accents */
    char only_lang[16]; /* "dose (en)", as a run of two languages names a lemma: "en" */
} query;

/* The stemmer of lang, the query's stem with it and the run's lemma of that stem (keyed as
 * the pipeline keys an active stemmed lemma, "a" LANG "\x1f" STEM), when the language
 * changes. */
static int query_lang(const cn_prepared *p, query *q, const char *lang, cn_error *err)
{
    if (strcmp(q->lang, lang) == 0)
        return 0;
    cn_pipeline_stemmer_free(q->stemmer);
    free(q->stem);
    q->stem = NULL;
    q->stem_len = 0;
    q->stem_lemma = CN_INTERN_NONE;
    snprintf(q->lang, sizeof q->lang, "%s", lang);
    if (!(q->stemmer = cn_pipeline_stemmer_new(lang)))
        return 0; /* no stemmer for the language: the form alone */
    size_t n;
    const char *s = cn_pipeline_stem(q->stemmer, q->form, q->len, &n);
    if (s && !(q->stem = strndup(s, n)))
        return cn_error_nomem(err);
    q->stem_len = s ? n : 0;
    char head[sizeof q->lang + 1], key[600];
    snprintf(head, sizeof head, "a%s", lang);
    size_t klen = cn_intern_join(key, sizeof key, head, q->stem ? q->stem : "", q->stem_len);
    if (q->stem && klen < sizeof key)
        q->stem_lemma = cn_intern_find(p->lemma_keys, key, klen);
    return 0;
}

/* Whether an occurrence (a form, or a glued expression's lemma, counted as lemma) is the
 * query: the form itself, or (unless exact) a form of one of its lemmas or stem. */
static bool matches_form(const query *q, bool exact, const char *form, size_t len, uint32_t lemma)
{
    if (len == q->len && memcmp(form, q->form, len) == 0)
        return true;
    if (exact)
        return false;
    if (q->lemmas[lemma])
        return true;
    return q->stems && q->stem_lemma != CN_INTERN_NONE && lemma == q->stem_lemma;
}

/* With --fold-accents, the run's forms had no accents, nor has the query: "etre" finds
 * "être" too, as the run counted them. */
static bool matches(const query *q, bool exact, const cn_quote_occurrence *o)
{
    char *plain;
    size_t len;
    if (!q->fold || cn_accents_fold(o->form, o->len, &plain, &len, NULL) < 0)
        return matches_form(q, exact, o->form, o->len, o->lemma);
    bool hit = matches_form(q, exact, plain, len, o->lemma);
    free(plain);
    return hit;
}

/* The lemmas the query stands for: the lemma of the query as a form of the run, and any
 * lemma shown as the query (a --lexicon lemma such as "aller", an expression's lemma such
 * as "rendez_vous", a stem's display form). */
static int query_lemmas(const cn_prepared *p, query *q, cn_error *err)
{
    uint32_t nl = cn_intern_count(p->lemma_keys);
    if (!(q->lemmas = calloc((size_t)nl + 1, sizeof *q->lemmas)))
        return cn_error_nomem(err);
    uint32_t f = cn_intern_find(p->forms, q->form, q->len);
    if (f != CN_INTERN_NONE)
        q->lemmas[p->form_lemma[f]] = q->any_lemma = true;
    for (uint32_t l = 0; l < nl; l++) { /* "dose" and "dose (en)" alike */
        const char *name = cn_lemma_base_name(p, l), *named = cn_lemma_name(p, l);
        if ((strlen(name) == q->len && memcmp(name, q->form, q->len) == 0) ||
            (strlen(named) == q->len && memcmp(named, q->form, q->len) == 0))
            q->lemmas[l] = q->any_lemma = true;
    }
    return 0;
}

/* An open concordance: the run's manifest and parameters, its corpus prepared again, its
 * segments' classes, the texts read and the query. */
struct cn_kwic {
    cn_manifest m;
    cn_pipeline_params pp;
    cn_prepared *p;
    cn_expressions *exprs;
    uint32_t *cls;
    bool *texts; /* kept text -> read (--where); NULL: every text */
    cn_tokens fold;
    char *plain; /* the query without accents, with --fold-accents */
    query q;
    int only_class;
    bool exact;
};

/* The run's texts that satisfy the --where conditions of kwic, in *out (NULL without any).
 * They are checked as the run checks its own: a variable the run's texts lack, or a
 * modality none of them has, is refused with the ones they have (cn_where_check), since
 * an empty concordance would read as "the word is not there". */
static int where_texts(const cn_prepared *p, const cn_where *w, const char *corpus, bool **out,
                       cn_error *err)
{
    *out = NULL;
    if (w->n == 0)
        return 0;
    bool *keep = calloc((size_t)p->ntexts + 1, sizeof *keep);
    cn_where_tally *tally = calloc(1, sizeof *tally); /* too large for a stack frame */
    int rc = keep && tally ? 0 : cn_error_nomem(err);
    for (uint32_t t = 0; rc == 0 && t < p->ntexts; t++) {
        const cn_corpus_text *text = &p->corpus->texts[p->texts[t]];
        cn_corpus_where_note(tally, text);
        rc = cn_corpus_check_where(text, w, corpus, err);
        keep[t] = rc == 0 && cn_where_keep(w, cn_corpus_where_value, (void *)text, tally);
    }
    if (rc == 0)
        rc = cn_where_check(w, tally, corpus, err);
    free(tally);
    if (rc < 0) {
        free(keep);
        return -1;
    }
    *out = keep;
    return 0;
}

/* The run's languages (text_lang of its kept texts), each once, ", "-separated. */
static void run_languages(const cn_prepared *p, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint32_t t = 0; t < p->ntexts; t++) {
        bool seen = false;
        for (uint32_t u = 0; u < t && !seen; u++)
            seen = strcmp(p->text_lang[u], p->text_lang[t]) == 0;
        if (!seen && used < size)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                                     p->text_lang[t]);
    }
}

/* The language whose letters the query is folded with: the first text's, when every kept
 * text's letters fold as its do (text.h); else NULL, the letters as most languages. */
static const char *run_letters(const cn_prepared *p, cn_charset charset)
{
    cn_tokens first = {0}, other = {0};
    cn_tokens_set_language(&first, p->ntexts ? p->text_lang[0] : NULL, charset);
    for (uint32_t t = 1; t < p->ntexts; t++) {
        cn_tokens_set_language(&other, p->text_lang[t], charset);
        if (other.turkic != first.turkic || other.romanian != first.romanian)
            return NULL;
    }
    return p->ntexts ? p->text_lang[0] : NULL;
}

/* A lemma as a run of several languages names it in its tables, "dose (en)" (the code in
 * any form --lang reads: "dose (EN)", "dose(english)"): *len, the length of its word, and
 * the language in q->only_lang; else *len = strlen(text). A language the run's texts are
 * not in is CN_EINVALID: the query would find nothing, and say so as "2 words". */
static int query_language(const cn_prepared *p, bool lexicon, const char *text, query *q,
                          size_t *len, cn_error *err)
{
    *len = strlen(text);
    while (*len > 0 && (text[*len - 1] == ' ' || text[*len - 1] == '\t')) /* a cell's copy */
        --*len;
    const char *open = memchr(text, '(', *len);
    if (!open || open == text || text[*len - 1] != ')' ||
        (size_t)(text + *len - open) - 2 >= sizeof q->only_lang)
        return 0;
    char written[sizeof q->only_lang], code[CN_LANG_CODE_MAX];
    snprintf(written, sizeof written, "%.*s", (int)(text + *len - open - 2), open + 1);
    /* a word and something in brackets is no word: the brackets name a language, or the
     * query is wrong either way, and the language's fault says more than "2 words" */
    if (cn_lang_normalise_for(written, lexicon, code, err) < 0)
        return cn_error_prefix(err, "'%s'", text);
    for (uint32_t t = 0; t < p->ntexts; t++)
        if (strcmp(p->text_lang[t], code) == 0) {
            memcpy(q->only_lang, code, sizeof code);
            while (open > text && open[-1] == ' ')
                open--;
            *len = (size_t)(open - text);
            return 0;
        }
    char langs[256];
    run_languages(p, langs, sizeof langs);
    return cn_error_code(err, CN_EINVALID,
                         "'%s': the run has no text in '%s' (its texts are in %s)", text, code,
                         langs);
}

/* The query as the run would count it: one word, folded, or the words of one of its
 * expressions ("rendez-vous" is the expression rendez_vous), in one language when it
 * names one as the run's tables do ("dose (en)"). toks keeps q->form. */
static int query_form(const cn_prepared *p, bool lexicon, const char *text, cn_charset charset,
                      const cn_expressions *exprs, cn_tokens *toks, query *q, cn_error *err)
{
    cn_quote_occurrence *occ = NULL;
    size_t n = 0, cap = 0, len;
    int rc = query_language(p, lexicon, text, q, &len, err);
    /* folded as the texts of its language were: "Işık" is "ışık" in a Turkish run (trial
     * 76: the query lowered I to i and found nothing) */
    cn_tokens_set_language(toks, q->only_lang[0] ? q->only_lang : run_letters(p, charset), charset);
    if (rc == 0)
        rc = cn_quote_text_occurrences(text, len, charset, exprs, toks, &occ, &n, &cap, err);
    if (rc == 0 && n != 1)
        rc = cn_error_code(err, CN_EINVALID,
                           "'%s': %zu words: kwic looks for one word, or for an expression of "
                           "the run's --expressions",
                           text, n);
    if (rc == 0) {
        q->form = occ[0].form;
        q->len = occ[0].len;
    }
    free(occ);
    return rc;
}

/* The corpus kwic reads: the one given (--corpus), else the one the run recorded; either
 * way the very file the run read (its SHA-256), or the segments would not be the run's. */
static int check_corpus(const char *corpus, bool given, const cn_manifest *m, const char *manifest,
                        cn_error *err)
{
    char hex[CN_SHA256_HEX];
    long long bytes;
    cn_error why = {0};
    if (cn_sha256_file(corpus, hex, &bytes, &why) < 0) {
        if (given)
            return cn_error_code(err, CN_ENOTFOUND, "%s", why.msg);
        return cn_error_code(err, CN_ENOTFOUND,
                             "%s (the run's corpus, as %s records it): if it has moved, give its "
                             "new place with --corpus FILE",
                             why.msg, manifest);
    }
    if (strcmp(hex, m->input_sha256) != 0)
        return cn_error_code(err, CN_EINVALID,
                             "%s: changed since the run: its SHA-256 is %.12s..., %s records "
                             "%.12s...; its segments are no longer the run's: give the corpus "
                             "the run read (--corpus FILE), or run again",
                             corpus, hex, manifest, m->input_sha256);
    return 0;
}

/* A stop list, lexicon or expressions file of the run, as the run read it (when the run
 * recorded its SHA-256): kwic applies it to see the words as the run did. */
static int check_file(const char *option, const char *path, const char *sha, const char *manifest,
                      cn_error *err)
{
    char hex[CN_SHA256_HEX];
    long long bytes;
    if (!path || !path[0] || !sha[0])
        return 0;
    if (cn_sha256_file(path, hex, &bytes, err) < 0)
        return cn_error_prefix(err, "the run's %s, as %s records it", option, manifest);
    if (strcmp(hex, sha) != 0)
        return cn_error_code(err, CN_EINVALID,
                             "%s: the run's %s has changed since the run (%s records SHA-256 "
                             "%.12s..., it is now %.12s...): kwic would not read the words as "
                             "the run did; put it back, or run again",
                             path, option, manifest, sha, hex);
    return 0;
}

/* --class K must be one of the run's classes (the highest class of its segments). */
static int check_class(const char *dir, int only_class, const uint32_t *cls, uint32_t nsegs,
                       cn_error *err)
{
    uint32_t top = 0;
    for (uint32_t i = 0; i < nsegs; i++)
        top = cls[i] > top ? cls[i] : top;
    if (only_class < 0 || (uint32_t)only_class <= top)
        return 0;
    if (top == 0)
        return cn_error_code(err, CN_EINVALID,
                             "%s: --class %d: the run has no class (it classified nothing)", dir,
                             only_class);
    return cn_error_code(err, CN_EINVALID,
                         "%s: --class %d: the run has classes 1 to %u only (%u %s; 0: the "
                         "unclassified)",
                         dir, only_class, top, top, top == 1 ? "class" : "classes");
}

/* A --by run's folder has no manifest of its own, but all/ and each cohort's folder have:
 * err then says to give one of those. */
static void by_folder(const char *dir, cn_error *err)
{
    size_t len = strlen(dir) + sizeof "/all/manifest.json";
    char *all = malloc(len);
    if (!all)
        return;
    snprintf(all, len, "%s/all/manifest.json", dir);
    if (access(all, F_OK) == 0)
        cn_error_code(err, CN_EINVALID,
                      "%s: the folder of a --by run: give its whole-corpus run (%s/all) or one "
                      "cohort's folder in it",
                      dir, dir);
    free(all);
}

/* kwic.h */
int cn_kwic_each(cn_kwic *k, int (*fn)(const cn_kwic_hit *hit, void *ctx), void *ctx, size_t *hits,
                 cn_error *err)
{
    const cn_prepared *p = k->p;
    query *q = &k->q;
    cn_quote_occurrence *occ = NULL;
    size_t n, cap = 0;
    int rc = 0;
    *hits = 0;
    for (uint32_t s = 0; rc == 0 && s < p->nsegs; s++) {
        if (k->only_class >= 0 && k->cls[s] != (uint32_t)k->only_class)
            continue;
        const cn_seg *seg = &p->segs[s];
        if (k->texts && !k->texts[seg->text])
            continue;
        if (q->only_lang[0] && strcmp(p->text_lang[seg->text], q->only_lang) != 0)
            continue;
        if ((q->stems && query_lang(p, q, p->text_lang[seg->text], err) < 0) ||
            cn_quote_occurrences(p, s, &occ, &n, &cap, err) < 0) {
            rc = -1;
            break;
        }
        const cn_corpus_text *t = &p->corpus->texts[p->texts[seg->text]];
        const char *body = t->blocks[seg->block].body + seg->start;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            if (!matches(q, k->exact, &occ[i]))
                continue;
            cn_kwic_hit hit = {cn_prepared_text_number(p, seg->text),
                               k->cls[s],
                               (const char *const *)t->stars,
                               t->nstars,
                               body,
                               seg->end - seg->start,
                               occ[i].start - seg->start,
                               occ[i].end - seg->start};
            (*hits)++;
            rc = fn(&hit, ctx);
        }
    }
    free(occ);
    return rc;
}

const char *cn_kwic_widened(const cn_kwic *k)
{
    return k->exact ? "" : k->q.stems ? " and its stem" : " and the other forms of its lemma";
}

/* kwic.h */
size_t cn_kwic_spellings(const cn_kwic *k, size_t max,
                         void (*fn)(const char *form, uint64_t count, void *ctx), void *ctx)
{
    const cn_prepared *p = k->p;
    char *want = NULL, *plain = NULL;
    size_t wlen, plen, shown = 0;
    cn_error err = {0};
    if (k->q.fold || cn_accents_fold(k->q.form, k->q.len, &want, &wlen, &err) < 0)
        return 0;
    for (uint32_t id = 0; id < cn_intern_count(p->forms) && shown < max; id++) {
        const char *text = cn_intern_str(p->forms, id), *sep = strchr(text, '\x1f');
        if (sep) /* a form of a text in another language is keyed behind it */
            text = sep + 1;
        if (cn_accents_fold(text, strlen(text), &plain, &plen, &err) < 0)
            break;
        if (plen == wlen && memcmp(plain, want, wlen) == 0 &&
            (strlen(text) != k->q.len || memcmp(text, k->q.form, k->q.len) != 0)) {
            fn(text, p->form_freq[id], ctx);
            shown++;
        }
        free(plain);
        plain = NULL;
    }
    free(want);
    return shown;
}

/* kwic.h */
int cn_kwic_open(const char *dir, const char *form, const cn_kwic_options *opt, cn_kwic **out,
                 cn_error *err)
{
    *out = NULL;
    cn_kwic *k = calloc(1, sizeof *k);
    size_t plen = strlen(dir) + sizeof "/manifest.json";
    char *path = malloc(plen);
    if (!k || !path) {
        free(k);
        free(path);
        return cn_error_nomem(err);
    }
    k->only_class = opt->only_class;
    k->exact = opt->exact;
    snprintf(path, plen, "%s/manifest.json", dir);
    static const cn_where none = {0};
    const cn_where *where = opt->where ? opt->where : &none;
    /* what --where looks at: the run's texts, not the whole corpus file (its --where kept
     * some; a modality only the others have is no modality of the run) */
    char run_texts[4200];
    snprintf(run_texts, sizeof run_texts, "%s (the run's texts)", dir);
    int rc = cn_manifest_read(path, &k->m, err);
    if (rc < 0)
        by_folder(dir, err);
    const char *corpus = opt->corpus ? opt->corpus : k->m.input_path;
    cn_pipeline_params *pp = &k->pp;
    if (rc == 0 &&
        (check_corpus(corpus, opt->corpus != NULL, &k->m, path, err) < 0 ||
         check_file("--stopwords", k->m.stopwords, k->m.stopwords_sha256, path, err) < 0 ||
         check_file("--lexicon", k->m.lexicon, k->m.lexicon_sha256, path, err) < 0 ||
         check_file("--expressions", k->m.expressions, k->m.expressions_sha256, path, err) < 0 ||
         cn_manifest_pipeline_params(&k->m, pp, err) < 0 ||
         cn_prepare(corpus, pp, &k->p, err) < 0 || !(k->cls = read_classes(dir, k->p, err)) ||
         check_class(dir, k->only_class, k->cls, k->p->nsegs, err) < 0 ||
         where_texts(k->p, where, run_texts, &k->texts, err) < 0 ||
         (pp->expressions && cn_expressions_read(pp->expressions, &k->exprs, err) < 0) ||
         query_form(k->p, pp->lexicon != NULL, form, pp->charset, k->exprs, &k->fold, &k->q, err) <
             0))
        rc = err->code ? err->code : CN_ERR;
    if (rc == 0 && (k->q.fold = pp->fold_accents)) {
        size_t len;
        if (cn_accents_fold(k->q.form, k->q.len, &k->plain, &len, err) < 0)
            rc = err->code;
        else {
            k->q.form = k->plain;
            k->q.len = len;
        }
    }
    if (rc == 0 && !k->exact && query_lemmas(k->p, &k->q, err) < 0)
        rc = err->code;
    /* with a lexicon the run had no stems; a form of the run has its lemmas */
    k->q.stems = !k->exact && !pp->lexicon && !k->q.any_lemma;
    free(path);
    if (rc < 0) {
        cn_kwic_free(k);
        return rc;
    }
    *out = k;
    return 0;
}

void cn_kwic_free(cn_kwic *k)
{
    if (!k)
        return;
    cn_pipeline_stemmer_free(k->q.stemmer);
    free(k->q.stem);
    free(k->q.lemmas);
    cn_expressions_free(k->exprs);
    cn_tokens_free(&k->fold);
    free(k->plain);
    free(k->cls);
    free(k->texts);
    cn_prepared_free(k->p);
    cn_manifest_free(&k->m);
    free(k);
}
