/* langcode.c — the languages Carnet names, and reading one as written (see langcode.h).
 * One table names each language Snowball stems by its ISO 639-1 code, its 639-2 codes and
 * its English name (libstemmer's algorithm name). */
#include "carnet/langcode.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const cn_langcode languages[] = {
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

const cn_langcode *cn_langcode_table(size_t *n)
{
    *n = NLANGUAGES;
    return languages;
}

static const cn_langcode *exact(const char *code)
{
    for (int i = 0; i < NLANGUAGES; i++) {
        const cn_langcode *l = &languages[i];
        if (strcmp(code, l->code) == 0 || strcmp(code, l->iso3) == 0 ||
            (l->iso3b && strcmp(code, l->iso3b) == 0) || strcmp(code, l->name) == 0)
            return l;
    }
    return NULL;
}

/* Letters, digits and '-' or '_' only, and short: a code, not a sentence. */
static bool looks_like_code(const char *code)
{
    size_t n = strlen(code);
    return n > 0 && n < 32 &&
           strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* The length of code's language part, lower-cased into base: letters up to a region's '-'
 * or '_' (pt-BR, es-419); 0 when it is empty, too long or holds a digit. */
static size_t language_part(const char *code, char base[CN_LANGCODE_MAX])
{
    size_t n = 0;
    for (; code[n] && code[n] != '-' && code[n] != '_'; n++) {
        char c = code[n];
        if (n + 1 == CN_LANGCODE_MAX || (c >= '0' && c <= '9'))
            return 0;
        base[n] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    base[n] = '\0';
    return n;
}

const cn_langcode *cn_langcode_find(const char *written)
{
    char base[CN_LANGCODE_MAX];
    size_t n = looks_like_code(written) ? language_part(written, base) : 0;
    if (n == 0)
        return NULL;
    const cn_langcode *l = exact(base);
    if (!l && n == 4 && !written[n]) {
        /* a region glued on, as IRAMUTEQ's own corpora write it: ptbr, frca, engb */
        base[2] = '\0';
        l = exact(base);
    }
    return l;
}

int cn_langcode_for_study(const char *written, char out[CN_LANGCODE_MAX], cn_error *err)
{
    const cn_langcode *l = cn_langcode_find(written);
    if (l) {
        snprintf(out, CN_LANGCODE_MAX, "%s", l->code);
        return 0;
    }
    size_t n = strlen(written);
    if (n == 0 ||
        (n == 2 && strspn(written, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == 2)) {
        for (size_t i = 0; i <= n; i++)
            out[i] = written[i] >= 'A' && written[i] <= 'Z' ? (char)(written[i] + 32) : written[i];
        return 0;
    }
    return cn_error_code(err, CN_EINVALID,
                         "'%.40s' is not a language code Carnet reads: write the language's "
                         "2-letter ISO 639-1 code (fr, en, pt...); 3-letter codes and English "
                         "names are read only for the languages the analysis stems",
                         written);
}

const char *cn_langcode_exported(const char *stored)
{
    const cn_langcode *l = cn_langcode_find(stored);
    return l ? l->code : stored;
}
