/* pipeline_stem.c — a text's language and the Snowball stemmers: cn_pipeline_stemmer
 * (pipeline.h), the one a preparation keeps per language, its stop list loaded with it,
 * and the checks a text passes before its words are read (pipeline_state.h). */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/lang.h"
#include "carnet/langcode.h"
#include "carnet/markup.h"
#include "carnet/pipeline.h"
#include "carnet/stopwords.h"

#include "pipeline_state.h"

struct cn_pipeline_stemmer {
    struct sb_stemmer *sb;
};

cn_pipeline_stemmer *cn_pipeline_stemmer_new(const char *lang)
{
    cn_pipeline_stemmer *s = malloc(sizeof *s);
    if (s && !(s->sb = sb_stemmer_new(lang, "UTF_8"))) {
        free(s);
        s = NULL;
    }
    return s;
}

const char *cn_pipeline_stem(cn_pipeline_stemmer *s, const char *form, size_t len, size_t *stem_len)
{
    const sb_symbol *stem = sb_stemmer_stem(s->sb, (const sb_symbol *)form, (int)len);
    *stem_len = stem ? (size_t)sb_stemmer_length(s->sb) : 0;
    return (const char *)stem;
}

void cn_pipeline_stemmer_free(cn_pipeline_stemmer *s)
{
    if (s)
        sb_stemmer_delete(s->sb);
    free(s);
}

/* Whether the installed libstemmer has an algorithm for lang: sb_stemmer_new's NULL is
 * either an unknown language or no memory, and the researcher must be told which. */
bool cn_pipeline_stemmer_known(const char *lang)
{
    /* libstemmer lists its algorithms by name ("french"), where the texts' languages are
     * codes ("fr"): comparing with its list called every code unknown, and memory running
     * out was reported as "no Snowball stemmer for language 'fr'" */
    char code[CN_LANG_CODE_MAX];
    cn_error ignored = {0};
    return cn_lang_normalise(lang, code, &ignored) == 0;
}

/* The stemmer of lang, its stop list loaded; NULL when there is none (an unknown language:
 * no message) or on failure (the message in st->err). */
cn_pipeline_stemmer *cn_pipeline_stemmer_for(state *st, const char *lang)
{
    for (int i = 0; i < st->nstemmers; i++)
        if (strcmp(st->stemmers[i].lang, lang) == 0)
            return st->stemmers[i].stemmer;
    if (st->nstemmers == (int)(sizeof st->stemmers / sizeof *st->stemmers)) {
        cn_error_set(st->err, "more than %d languages in one corpus",
                     (int)(sizeof st->stemmers / sizeof *st->stemmers));
        return NULL;
    }
    cn_pipeline_stemmer *s = cn_pipeline_stemmer_new(lang);
    if (!s) {
        if (cn_pipeline_stemmer_known(lang))
            cn_error_nomem(st->err);
        return NULL;
    }
    stemmer_slot *slot = &st->stemmers[st->nstemmers++];
    snprintf(slot->lang, sizeof slot->lang, "%s", lang);
    slot->stemmer = s;
    if (cn_stopwords_add_lang(st->stop, lang, st->err) < 0)
        return NULL;
    return s;
}

/* What a run refused for a text's language can do, into out: keep the texts it reads (those
 * of several languages each on their own), or nothing, when no kept text is in one; and
 * lemmatise with a lexicon, which needs no stemmer. */
static void way_out(const state *st, char *out, size_t size)
{
    const cn_prepared *p = st->p;
    char readable[200];
    const char *lexicon = "; lemmas from --lexicon FILE need no stemmer";
    if (!cn_lang_readable(p->corpus, p->texts, p->ntexts, readable, sizeof readable))
        snprintf(out, size, "--where lang=... keeps the texts of the other languages%s", lexicon);
    else if (!readable[0])
        snprintf(out, size, "no text kept is in a language a stemmer reads%s", lexicon);
    else
        snprintf(out, size, "--where lang=%s keeps the texts of the other languages%s%s", readable,
                 strchr(readable, ',') ? " (with --by lang, each classified on its own)" : "",
                 lexicon);
}

/* The language of a text: its *lang_ star, else --lang; normalised (lang.h). */
int cn_pipeline_text_language(state *st, const cn_corpus_text *t, const char *path, char *out)
{
    if (cn_corpus_check_one_value(t, "lang", path, "a text is read in one language", st->err) < 0)
        return -1;
    for (size_t i = 0; i < t->nstars; i++)
        if (strncmp(t->stars[i], "*lang_", 6) == 0 && t->stars[i][6]) {
            const char *star = t->stars[i] + 6;
            if (st->star_lang[0] && strcmp(star, st->star_lang) == 0) {
                memcpy(out, st->star_code, sizeof st->star_code);
                return 0;
            }
            if (cn_lang_normalise_for(star, st->lexicon != NULL, out, st->err) < 0) {
                /* the other languages can still be classified, without these texts */
                char why[CN_ERROR_MAX], way[512] = "";
                memcpy(why, st->err->msg, sizeof why);
                if (!st->lexicon) /* else any ISO code is read: the star is mistyped */
                    way_out(st, way, sizeof way);
                /* IRAMUTEQ reads *lang_ as any variable: a corpus of its may hold a
                 * survey's answer there (*lang_1, *lang_other: trial 89) */
                char iso[CN_LANGCODE_MAX], rename[300] = "", word[160];
                if (cn_langcode_for_study(star, iso, NULL) < 0 &&
                    cn_markup_shell_word(path, word, sizeof word))
                    snprintf(rename, sizeof rename,
                             "; *lang_ is each text's language here: if it is not, rename it "
                             "(umask 077 && sed 's/[*]lang_/*language_/g' %s > renamed.txt)",
                             word);
                return cn_error_code(st->err, CN_ELANGUAGE, "%s:%zu: %.60s: %.400s%s%s%s", path,
                                     t->line, t->stars[i], why, *way ? "; " : "", way, rename);
            }
            if (strlen(star) < sizeof st->star_lang) {
                memcpy(st->star_lang, star, strlen(star) + 1);
                memcpy(st->star_code, out, sizeof st->star_code);
            }
            return 0;
        }
    memcpy(out, st->lang, sizeof st->lang);
    return 0;
}

/* The checks a text passes before its words are read, in corpus order: its language, and a
 * stemmer for it (whose stop list is then loaded). */
int cn_pipeline_text_head(state *st, uint32_t index, const char *path)
{
    cn_prepared *p = st->p;
    const cn_corpus_text *t = &p->corpus->texts[p->texts[index]];
    _Static_assert(sizeof p->text_lang[0] == CN_LANG_CODE_MAX, "a text's language is a code");
    char *lang = p->text_lang[index];
    if (cn_pipeline_text_language(st, t, path, lang) < 0)
        return -1;
    if (!st->lexicon && !cn_pipeline_stemmer_for(st, lang)) {
        if (cn_pipeline_stemmer_known(
                lang)) /* libstemmer has it: memory ran out, or its stop list */
            return cn_error_prefix(st->err, "%s:%zu", path, t->line);
        return cn_error_code(st->err, CN_ELANGUAGE, "%s:%zu: no Snowball stemmer for language '%s'",
                             path, t->line, lang);
    }
    return 0;
}
