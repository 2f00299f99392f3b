/* lang.c — language codes (see lang.h). One table names each language Snowball stems by
 * its ISO 639-1 code, its 639-2 codes and its English name; what the linked libstemmer
 * does not list is left out, so an accepted code always has a stemmer. */
#include "carnet/lang.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct language {
    const char *code;  /* ISO 639-1: the stop lists' and the pipeline's key */
    const char *iso3;  /* ISO 639-2/T */
    const char *iso3b; /* ISO 639-2/B when it differs, else NULL */
    const char *name;  /* libstemmer's algorithm name */
} language;

static const language languages[] = {
    {"ar", "ara", NULL, "arabic"},     {"ca", "cat", NULL, "catalan"},
    {"da", "dan", NULL, "danish"},     {"de", "deu", "ger", "german"},
    {"el", "ell", "gre", "greek"},     {"en", "eng", NULL, "english"},
    {"es", "spa", NULL, "spanish"},    {"eu", "eus", "baq", "basque"},
    {"fi", "fin", NULL, "finnish"},    {"fr", "fra", "fre", "french"},
    {"ga", "gle", NULL, "irish"},      {"hi", "hin", NULL, "hindi"},
    {"hu", "hun", NULL, "hungarian"},  {"hy", "hye", "arm", "armenian"},
    {"id", "ind", NULL, "indonesian"}, {"it", "ita", NULL, "italian"},
    {"lt", "lit", NULL, "lithuanian"}, {"ne", "nep", NULL, "nepali"},
    {"nl", "nld", "dut", "dutch"},     {"no", "nor", NULL, "norwegian"},
    {"pt", "por", NULL, "portuguese"}, {"ro", "ron", "rum", "romanian"},
    {"ru", "rus", NULL, "russian"},    {"sr", "srp", NULL, "serbian"},
    {"sv", "swe", NULL, "swedish"},    {"ta", "tam", NULL, "tamil"},
    {"tr", "tur", NULL, "turkish"},    {"yi", "yid", NULL, "yiddish"},
};
enum { NLANGUAGES = sizeof languages / sizeof languages[0] };

/* Whether this libstemmer has the language (an older one lacks a few). */
static bool stemmed(const language *l)
{
    for (const char **name = sb_stemmer_list(); *name; name++)
        if (strcmp(*name, l->name) == 0)
            return true;
    return false;
}

static const language *find(const char *code)
{
    for (int i = 0; i < NLANGUAGES; i++) {
        const language *l = &languages[i];
        if (strcmp(code, l->code) == 0 || strcmp(code, l->iso3) == 0 ||
            (l->iso3b && strcmp(code, l->iso3b) == 0) || strcmp(code, l->name) == 0)
            return stemmed(l) ? l : NULL;
    }
    return NULL;
}

void cn_lang_known(char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < NLANGUAGES && at < size; i++)
        if (stemmed(&languages[i]))
            at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? ", " : "", languages[i].code);
}

static int unknown(const char *code, cn_error *err)
{
    char known[256];
    cn_lang_known(known, sizeof known);
    return cn_error_code(err, CN_EINVALID, "unknown language '%.40s' (known: %s)", code, known);
}

/* Letters, digits and '-' or '_' only, and short: a code, not a sentence. */
static bool looks_like_code(const char *code)
{
    size_t n = strlen(code);
    return n > 0 && n < 32 &&
           strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

int cn_lang_normalise(const char *code, char out[CN_LANG_CODE_MAX], cn_error *err)
{
    if (!looks_like_code(code))
        return unknown(code, err);
    char base[CN_LANG_CODE_MAX];
    size_t n = 0;
    /* the language part, lower-cased: letters up to a region's '-' or '_' (pt-BR, es-419) */
    for (; code[n] && code[n] != '-' && code[n] != '_'; n++) {
        char c = code[n];
        if (n + 1 == sizeof base || (c >= '0' && c <= '9'))
            return unknown(code, err);
        base[n] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    base[n] = '\0';
    const language *l = n ? find(base) : NULL;
    if (!l && n == 4 && !code[n]) {
        /* a region glued on, as IRAMUTEQ's own corpora write it: ptbr, frca, engb */
        base[2] = '\0';
        l = find(base);
    }
    if (!l)
        return unknown(code, err);
    snprintf(out, CN_LANG_CODE_MAX, "%s", l->code);
    return 0;
}
