/* corpus_spelling.c — what a star may be, and how a label becomes one (corpus.h): a site
 * or a refused star written in the letters, digits and '_' the format takes, accents and
 * ligatures spelled plain; and the refusal of a star that says which spelling to write. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "carnet/corpus.h"

/* Latin letters that no decomposition takes to ASCII, as they are written without their
 * stroke or ligature (after case folding: "Łódź" is lodz, "Ærø" aero): dropped, they
 * made "Łódź" the cohort odz, apart from a "Lodz" written without it. */
static const struct {
    utf8proc_int32_t letter;
    const char *ascii;
} plain_latin[] = {
    {0x00E6, "ae"}, /* æ */ {0x00F0, "d"},  /* ð */ {0x00F8, "o"}, /* ø */
    {0x00FE, "th"}, /* þ */ {0x0111, "d"},  /* đ */ {0x0127, "h"}, /* ħ */
    {0x0131, "i"},  /* ı */ {0x0138, "k"},  /* ĸ */ {0x0142, "l"}, /* ł */
    {0x014B, "n"},  /* ŋ */ {0x0153, "oe"}, /* œ */ {0x0167, "t"}, /* ŧ */
    {0x0180, "b"},  /* ƀ */ {0x0192, "f"},  /* ƒ */ {0x01B6, "z"}, /* ƶ */
};

/* The ASCII letters a non-ASCII character stands for, or NULL. */
static const char *plain_letters(utf8proc_int32_t cp)
{
    for (size_t i = 0; i < sizeof plain_latin / sizeof plain_latin[0]; i++)
        if (plain_latin[i].letter == cp)
            return plain_latin[i].ascii;
    return NULL;
}

/* Appends letter or digit c to the modality out[0..*o), after a '_' when a run of other
 * characters came before it. */
static void put_modality_char(char c, char *out, size_t size, size_t *o, bool *gap)
{
    if (*o + 1 >= size)
        return;
    if (*gap && *o > 0 && *o + 2 < size)
        out[(*o)++] = '_';
    out[(*o)++] = c;
    *gap = false;
}

/* The plain letters of a letter beyond ASCII that decomposing leaves, its case kept:
 * "l" for ł, "L" for Ł, "Oe" for Œ, "ss" for ß and "SS" for ẞ (trial 92: the capitals were
 * dropped); NULL for none. */
static const char *plain_cased(utf8proc_int32_t cp, char buf[8])
{
    const char *letters = plain_letters(cp);
    utf8proc_int32_t lower = utf8proc_tolower(cp);
    if (!letters && lower != cp && (letters = plain_letters(lower))) {
        snprintf(buf, 8, "%s", letters);
        buf[0] = (char)(buf[0] - 'a' + 'A');
        return buf;
    }
    if (letters)
        return letters;
    utf8proc_uint8_t one[8], *folded = NULL; /* as case folding writes it: ß -> ss */
    utf8proc_ssize_t n = utf8proc_encode_char(cp, one);
    if (n <= 0 ||
        utf8proc_map(one, n, &folded, UTF8PROC_STABLE | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT) < 0)
        return NULL;
    size_t len = strlen((const char *)folded);
    bool ascii =
        len > 0 && len < 8 && strspn((const char *)folded, "abcdefghijklmnopqrstuvwxyz") == len;
    bool capital = utf8proc_tolower(cp) != cp; /* ẞ is Ss, SS in a word of capitals */
    for (size_t i = 0; ascii && i <= len; i++)
        buf[i] = capital && i == 0 ? (char)(folded[i] - 'a' + 'A') : (char)folded[i];
    free(folded);
    return ascii ? buf : NULL;
}

/* +1 when the character at s is a capital letter, -1 a small one, 0 neither or the end. */
static int letter_case(const char *s)
{
    utf8proc_int32_t cp;
    if (!*s || utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
        return 0;
    if (utf8proc_tolower(cp) != cp)
        return 1;
    return utf8proc_toupper(cp) != cp ? -1 : 0;
}

/* A capital's plain letters (letters, more than one, as plain_cased writes them: "Oe") in
 * capitals when the word around is (trial 95: ŒUVRE was offered as OeUVRE): the letter
 * after it a capital, or none and the one before a capital. */
static const char *cased_as_word(const char *letters, char buf[8], const char *next,
                                 bool after_capital)
{
    int after = letter_case(next);
    size_t len = strlen(letters);
    if (len < 2 || len >= 8 || !(letters[0] >= 'A' && letters[0] <= 'Z') ||
        !(after > 0 || (after == 0 && after_capital)))
        return letters;
    for (size_t i = 0; i <= len; i++)
        buf[i] =
            letters[i] >= 'a' && letters[i] <= 'z' ? (char)(letters[i] - 'a' + 'A') : letters[i];
    return buf;
}

/* cn_corpus_modality, the case kept when fold_case is false; *dropped (when not NULL)
 * says whether a letter was left out, of another script (a Cyrillic Р in "P01"), or a digit
 * not written 0-9 changed. */
static bool plain_spelling(const char *label, char *out, size_t size, bool fold_case, bool *dropped)
{
    /* a digit not written 0-9 would be another digit once decomposed (trial 93: *part_P1²
     * offered as *part_P12) or none (١) */
    for (const char *c = label; dropped && *c;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)c, -1, &cp);
        if (n <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        *dropped = *dropped ||
                   (cp >= 0x80 && (cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL ||
                                   cat == UTF8PROC_CATEGORY_NO));
        c += n;
    }
    utf8proc_uint8_t *folded = NULL;
    /* Decompose then drop the marks: "Montréal" -> "montreal". */
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)label, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                         UTF8PROC_STRIPMARK | (fold_case ? UTF8PROC_CASEFOLD : 0));
    const char *src = n >= 0 ? (const char *)folded : label;
    size_t o = 0;
    bool gap = false;
    for (const char *p = src; *p && o + 1 < size;) {
        char c = *p;
        if ((unsigned char)c < 0x80) {
            if (c >= 'A' && c <= 'Z' && fold_case)
                c = (char)(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                put_modality_char(c, out, size, &o, &gap);
            else
                gap = true;
            p++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
        char cased[8], word[8];
        const char *letters = len <= 0    ? NULL
                              : fold_case ? plain_letters(cp)
                                          : plain_cased(cp, cased);
        p += len > 0 ? len : 1;
        if (letters && !fold_case)
            letters =
                cased_as_word(letters, word, p, o > 0 && out[o - 1] >= 'A' && out[o - 1] <= 'Z');
        if (!letters)
            gap = true; /* a letter of another script, a symbol */
        utf8proc_category_t cat = len > 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
        if (!letters && dropped && cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO &&
            cat != UTF8PROC_CATEGORY_LM) /* ʼ, a modifier, is an apostrophe there */
            *dropped = true;
        for (; letters && *letters; letters++)
            put_modality_char(*letters, out, size, &o, &gap);
    }
    out[o] = '\0';
    if (o == 0)
        snprintf(out, size, "na");
    free(folded);
    return o > 0;
}

bool cn_corpus_modality(const char *label, char *out, size_t size)
{
    return plain_spelling(label, out, size, true, NULL);
}

int cn_corpus_star_valid(const char *token)
{
    if (token[0] != '*' || token[1] == '\0')
        return 0;
    for (const char *p = token + 1; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return 0;
    return 1;
}

int cn_corpus_var_valid(const char *name)
{
    size_t n = 0;
    for (const char *p = name; *p; p++, n++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return 0;
    return n > 0 && n < CN_CORPUS_VAR_MAX;
}

/* Into out, the first character of star tok a star refuses, said so that it can be found:
 * an invisible one (a zero-width space, a soft hyphen, pasted from a word processor) by
 * its code point, or the message shows a star that looks right (trial 70); "" when none
 * is found past the '*'. */
static void first_refused(const char *tok, char *out, size_t size)
{
    out[0] = '\0';
    size_t i = 1, character = 2; /* after the '*' */
    while (tok[i]) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)tok + i, -1, &c);
        if (n <= 0)
            return;
        bool ascii_ok = c < 0x80 && (c == '_' || (c >= '0' && c <= '9') ||
                                     ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
        if (!ascii_ok) {
            utf8proc_category_t cat = utf8proc_category(c);
            bool invisible = cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CC ||
                             cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_MN;
            if (invisible)
                snprintf(out, size,
                         ": its character %zu is U+%04X, which shows as nothing:"
                         " delete it",
                         character, (unsigned)c);
            else
                snprintf(out, size, ": its character %zu, '%.*s' (U+%04X), is not one of them",
                         character, (int)n, tok + i, (unsigned)c);
            return;
        }
        i += (size_t)n;
        character++;
    }
}

/* A star with a '-' is most often a code written as usual ("*lang_pt-BR"): the message
 * gives the two spellings a star allows, the '-' made '_' or dropped. */
int cn_corpus_refuse_star(const char *path, size_t line, const char *tok, cn_error *err)
{
    char under[CN_ERROR_MAX / 4], dropped[CN_ERROR_MAX / 4];
    size_t u = 0, d = 0;
    for (const char *c = tok; *c && u + 1 < sizeof under; c++) {
        under[u++] = *c == '-' ? '_' : *c;
        if (*c != '-')
            dropped[d++] = *c;
    }
    under[u] = dropped[d] = '\0';
    if (strchr(tok, '-') && cn_corpus_star_valid(under))
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: star variable '%s' must be '*' then only letters A-Z, "
                             "digits and '_': no '-'; write '%s' or '%s'",
                             path, line, tok, under, dropped);
    char which[96];
    first_refused(tok, which, sizeof which);
    /* the spelling the collector's export would give it: accents dropped, other characters
     * '_' ("*langue_français", "*id=001": trial 89, corpora IRAMUTEQ reads) */
    char plain[CN_ERROR_MAX / 4] = "*", way[CN_ERROR_MAX / 4 + 16] = "";
    /* its case kept: *part_P01* is P01's, not another participant p01's (trial 91); none
     * offered when a letter or a digit would be lost or changed (trials 92, 93) */
    bool lost = false;
    if (plain_spelling(tok + 1, plain + 1, sizeof plain - 1, false, &lost) && !lost &&
        cn_corpus_star_valid(plain) && strchr(plain, '_'))
        snprintf(way, sizeof way, "; write '%s'", plain);
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: star variable '%s' must be '*' then only letters A-Z, digits "
                         "and '_'%s%s",
                         path, line, tok, which, way);
}
