/* pipeline_stem.c — the Snowball stemmers: cn_pipeline_stemmer (pipeline.h), and the one
 * a preparation keeps per language, its stop list loaded with it (pipeline_state.h). */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/lang.h"
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
