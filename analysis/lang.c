/* lang.c — language codes for the analysis (see lang.h): the languages langcode.h names,
 * less those the linked libstemmer does not list, so that an accepted code always has a
 * stemmer. */
#include "carnet/lang.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Whether this libstemmer has the language (an older one lacks a few). */
static bool stemmed(const cn_langcode *l)
{
    for (const char **name = sb_stemmer_list(); *name; name++)
        if (strcmp(*name, l->name) == 0)
            return true;
    return false;
}

void cn_lang_known(char *buf, size_t size)
{
    size_t at = 0, n;
    const cn_langcode *languages = cn_langcode_table(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && at < size; i++)
        if (stemmed(&languages[i]))
            at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? ", " : "", languages[i].code);
}

/* A language Snowball does not stem is named so: "unknown" would send the researcher
 * looking for a typo in a code that is right. */
static int unknown(const char *code, cn_error *err)
{
    char known[256], iso[CN_LANGCODE_MAX];
    cn_lang_known(known, sizeof known);
    if (*code && !strpbrk(code, " \t") && cn_langcode_for_study(code, iso, NULL) == 0)
        return cn_error_code(err, CN_EINVALID,
                             "no Snowball stemmer for language '%.40s' (known: %s)", code, known);
    return cn_error_code(err, CN_EINVALID, "unknown language '%.40s'%s (known: %s)", code,
                         cn_langcode_region_hint(code), known);
}

int cn_lang_normalise(const char *code, char out[CN_LANG_CODE_MAX], cn_error *err)
{
    const cn_langcode *l = cn_langcode_find(code);
    if (!l || !stemmed(l))
        return unknown(code, err);
    snprintf(out, CN_LANG_CODE_MAX, "%s", l->code);
    return 0;
}

int cn_lang_normalise_for(const char *code, bool lexicon, char out[CN_LANG_CODE_MAX], cn_error *err)
{
    char iso[CN_LANGCODE_MAX];
    if (!lexicon)
        return cn_lang_normalise(code, out, err);
    if (cn_lang_normalise(code, out, NULL) == 0)
        return 0;
    if (*code && cn_langcode_for_study(code, iso, NULL) == 0 && strlen(iso) == 2) {
        snprintf(out, CN_LANG_CODE_MAX, "%s", iso);
        return 0;
    }
    char known[256];
    cn_lang_known(known, sizeof known);
    return cn_error_code(err, CN_EINVALID,
                         "unknown language '%.40s' (an ISO 639-1 code, or one of %s)", code, known);
}

/* Whether ","-separated list holds code as one of its items. */
static bool listed(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *at = list; (at = strstr(at, code)); at += n)
        if ((at == list || at[-1] == ',') && (at[n] == ',' || at[n] == '\0'))
            return true;
    return false;
}

bool cn_lang_readable(const cn_corpus *c, const uint32_t *texts, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    const char *last = NULL; /* a diary's texts come together: each value read once a run */
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *value = cn_corpus_value(&c->texts[texts[i]], "lang");
        char code[CN_LANG_CODE_MAX];
        if (!value || !*value) {
            buf[0] = '\0';
            return false;
        }
        if (last && strcmp(value, last) == 0)
            continue;
        last = value;
        if (cn_lang_normalise(value, code, NULL) < 0 || listed(buf, code))
            continue;
        if (at + strlen(code) + 2 > size)
            continue; /* a longer code may not fit, a shorter one still may */
        at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? "," : "", code);
    }
    return true;
}
