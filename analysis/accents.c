/* accents.c — folding accents away (see accents.h): decompose and case-fold with
 * utf8proc, drop the nonspacing marks that sit on a letter of an alphabet where accents
 * are optional in transcription, compose again. */
#include "carnet/accents.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Latin (with IPA and its extensions), Greek and Cyrillic: diaries transcribed without
 * accents drop them on these letters, and a letter stays itself without its mark. */
static bool accents_optional(utf8proc_int32_t base)
{
    return base < 0x0530 || (base >= 0x1E00 && base < 0x2000);
}

/* An ASCII string has no mark to drop and is its own NFD and NFC: folding it is lowering
 * A-Z, without utf8proc's three passes (most forms of most corpora are ASCII). */
static int fold_ascii(const char *s, size_t len, char **out, size_t *out_len, cn_error *err)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return cn_error_nomem(err);
    for (size_t i = 0; i < len; i++)
        copy[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    copy[len] = '\0';
    *out = copy;
    *out_len = len;
    return 0;
}

/* U+00C0 to U+017F (Latin-1's letters, Latin Extended-A) folded one by one, as
 * cn_accents_fold_unicode folds each alone (test_textpath checks every entry, alone and
 * beside the others). None folds to a combining mark, and none composes with the
 * character after it: a string of ASCII and these letters folds character by character. */
#define LATIN_FIRST 0xC0
#define LATIN_END 0x180
static const char *const latin_folded[LATIN_END - LATIN_FIRST] = {
    /* U+00C0 */ "a",
    /* U+00C1 */ "a",
    /* U+00C2 */ "a",
    /* U+00C3 */ "a",
    /* U+00C4 */ "a",
    /* U+00C5 */ "a",
    /* U+00C6 */ "\xc3\xa6",
    /* U+00C7 */ "c",
    /* U+00C8 */ "e",
    /* U+00C9 */ "e",
    /* U+00CA */ "e",
    /* U+00CB */ "e",
    /* U+00CC */ "i",
    /* U+00CD */ "i",
    /* U+00CE */ "i",
    /* U+00CF */ "i",
    /* U+00D0 */ "\xc3\xb0",
    /* U+00D1 */ "n",
    /* U+00D2 */ "o",
    /* U+00D3 */ "o",
    /* U+00D4 */ "o",
    /* U+00D5 */ "o",
    /* U+00D6 */ "o",
    /* U+00D7 */ "\xc3\x97",
    /* U+00D8 */ "\xc3\xb8",
    /* U+00D9 */ "u",
    /* U+00DA */ "u",
    /* U+00DB */ "u",
    /* U+00DC */ "u",
    /* U+00DD */ "y",
    /* U+00DE */ "\xc3\xbe",
    /* U+00DF */ "ss",
    /* U+00E0 */ "a",
    /* U+00E1 */ "a",
    /* U+00E2 */ "a",
    /* U+00E3 */ "a",
    /* U+00E4 */ "a",
    /* U+00E5 */ "a",
    /* U+00E6 */ "\xc3\xa6",
    /* U+00E7 */ "c",
    /* U+00E8 */ "e",
    /* U+00E9 */ "e",
    /* U+00EA */ "e",
    /* U+00EB */ "e",
    /* U+00EC */ "i",
    /* U+00ED */ "i",
    /* U+00EE */ "i",
    /* U+00EF */ "i",
    /* U+00F0 */ "\xc3\xb0",
    /* U+00F1 */ "n",
    /* U+00F2 */ "o",
    /* U+00F3 */ "o",
    /* U+00F4 */ "o",
    /* U+00F5 */ "o",
    /* U+00F6 */ "o",
    /* U+00F7 */ "\xc3\xb7",
    /* U+00F8 */ "\xc3\xb8",
    /* U+00F9 */ "u",
    /* U+00FA */ "u",
    /* U+00FB */ "u",
    /* U+00FC */ "u",
    /* U+00FD */ "y",
    /* U+00FE */ "\xc3\xbe",
    /* U+00FF */ "y",
    /* U+0100 */ "a",
    /* U+0101 */ "a",
    /* U+0102 */ "a",
    /* U+0103 */ "a",
    /* U+0104 */ "a",
    /* U+0105 */ "a",
    /* U+0106 */ "c",
    /* U+0107 */ "c",
    /* U+0108 */ "c",
    /* U+0109 */ "c",
    /* U+010A */ "c",
    /* U+010B */ "c",
    /* U+010C */ "c",
    /* U+010D */ "c",
    /* U+010E */ "d",
    /* U+010F */ "d",
    /* U+0110 */ "\xc4\x91",
    /* U+0111 */ "\xc4\x91",
    /* U+0112 */ "e",
    /* U+0113 */ "e",
    /* U+0114 */ "e",
    /* U+0115 */ "e",
    /* U+0116 */ "e",
    /* U+0117 */ "e",
    /* U+0118 */ "e",
    /* U+0119 */ "e",
    /* U+011A */ "e",
    /* U+011B */ "e",
    /* U+011C */ "g",
    /* U+011D */ "g",
    /* U+011E */ "g",
    /* U+011F */ "g",
    /* U+0120 */ "g",
    /* U+0121 */ "g",
    /* U+0122 */ "g",
    /* U+0123 */ "g",
    /* U+0124 */ "h",
    /* U+0125 */ "h",
    /* U+0126 */ "\xc4\xa7",
    /* U+0127 */ "\xc4\xa7",
    /* U+0128 */ "i",
    /* U+0129 */ "i",
    /* U+012A */ "i",
    /* U+012B */ "i",
    /* U+012C */ "i",
    /* U+012D */ "i",
    /* U+012E */ "i",
    /* U+012F */ "i",
    /* U+0130 */ "i",
    /* U+0131 */ "\xc4\xb1",
    /* U+0132 */ "\xc4\xb3",
    /* U+0133 */ "\xc4\xb3",
    /* U+0134 */ "j",
    /* U+0135 */ "j",
    /* U+0136 */ "k",
    /* U+0137 */ "k",
    /* U+0138 */ "\xc4\xb8",
    /* U+0139 */ "l",
    /* U+013A */ "l",
    /* U+013B */ "l",
    /* U+013C */ "l",
    /* U+013D */ "l",
    /* U+013E */ "l",
    /* U+013F */ "\xc5\x80",
    /* U+0140 */ "\xc5\x80",
    /* U+0141 */ "\xc5\x82",
    /* U+0142 */ "\xc5\x82",
    /* U+0143 */ "n",
    /* U+0144 */ "n",
    /* U+0145 */ "n",
    /* U+0146 */ "n",
    /* U+0147 */ "n",
    /* U+0148 */ "n",
    /* U+0149 */ "\xca\xbcn",
    /* U+014A */ "\xc5\x8b",
    /* U+014B */ "\xc5\x8b",
    /* U+014C */ "o",
    /* U+014D */ "o",
    /* U+014E */ "o",
    /* U+014F */ "o",
    /* U+0150 */ "o",
    /* U+0151 */ "o",
    /* U+0152 */ "\xc5\x93",
    /* U+0153 */ "\xc5\x93",
    /* U+0154 */ "r",
    /* U+0155 */ "r",
    /* U+0156 */ "r",
    /* U+0157 */ "r",
    /* U+0158 */ "r",
    /* U+0159 */ "r",
    /* U+015A */ "s",
    /* U+015B */ "s",
    /* U+015C */ "s",
    /* U+015D */ "s",
    /* U+015E */ "s",
    /* U+015F */ "s",
    /* U+0160 */ "s",
    /* U+0161 */ "s",
    /* U+0162 */ "t",
    /* U+0163 */ "t",
    /* U+0164 */ "t",
    /* U+0165 */ "t",
    /* U+0166 */ "\xc5\xa7",
    /* U+0167 */ "\xc5\xa7",
    /* U+0168 */ "u",
    /* U+0169 */ "u",
    /* U+016A */ "u",
    /* U+016B */ "u",
    /* U+016C */ "u",
    /* U+016D */ "u",
    /* U+016E */ "u",
    /* U+016F */ "u",
    /* U+0170 */ "u",
    /* U+0171 */ "u",
    /* U+0172 */ "u",
    /* U+0173 */ "u",
    /* U+0174 */ "w",
    /* U+0175 */ "w",
    /* U+0176 */ "y",
    /* U+0177 */ "y",
    /* U+0178 */ "y",
    /* U+0179 */ "z",
    /* U+017A */ "z",
    /* U+017B */ "z",
    /* U+017C */ "z",
    /* U+017D */ "z",
    /* U+017E */ "z",
    /* U+017F */ "s"};

/* The code point of the two-byte sequence at s[i] in [LATIN_FIRST, LATIN_END), or 0. */
static unsigned latin_at(const char *s, size_t len, size_t i)
{
    unsigned char a = (unsigned char)s[i], b = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    if (a < 0xC3 || a > 0xC5 || (b & 0xC0) != 0x80)
        return 0;
    return ((unsigned)(a & 0x1F) << 6) | (b & 0x3F);
}

/* Folds s when it is ASCII and latin_folded's letters only (French, Italian, German,
 * Portuguese, Spanish forms mostly are): 1 with *out made, 0 when s holds another
 * character, or CN_ENOMEM. Without utf8proc's three passes and two allocations. */
static int fold_latin(const char *s, size_t len, char **out, size_t *out_len, cn_error *err)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80 && !latin_at(s, len, i++))
            return 0;
    char *w = malloc(2 * len + 1); /* no entry is longer than twice its two bytes */
    if (!w)
        return cn_error_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            w[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        const char *f = latin_folded[latin_at(s, len, i++) - LATIN_FIRST];
        size_t flen = strlen(f);
        memcpy(w + n, f, flen);
        n += flen;
    }
    w[n] = '\0';
    *out = w;
    *out_len = n;
    return 1;
}

int cn_accents_fold(const char *s, size_t len, char **out, size_t *out_len, cn_error *err)
{
    size_t ascii = 0;
    while (ascii < len && (unsigned char)s[ascii] < 0x80)
        ascii++;
    if (ascii == len)
        return fold_ascii(s, len, out, out_len, err);
    int rc = fold_latin(s, len, out, out_len, err);
    return rc != 0 ? (rc < 0 ? rc : 0) : cn_accents_fold_unicode(s, len, out, out_len, err);
}

int cn_accents_fold_unicode(const char *s, size_t len, char **out, size_t *out_len, cn_error *err)
{
    utf8proc_uint8_t *nfd = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfd,
                                      UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM
                   ? cn_error_nomem(err)
                   : cn_error_code(err, CN_EINVALID, "'%.*s': %s", (int)(len > 40 ? 40 : len), s,
                                   utf8proc_errmsg(n));
    /* in place: the kept bytes never outrun the ones read */
    utf8proc_ssize_t r = 0, w = 0;
    utf8proc_int32_t base = 0;
    while (r < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(nfd + r, n - r, &cp);
        if (k <= 0) /* cannot happen: utf8proc wrote it */
            break;
        bool mark = utf8proc_category(cp) == UTF8PROC_CATEGORY_MN;
        if (!mark)
            base = cp;
        if (!mark || !accents_optional(base)) {
            memmove(nfd + w, nfd + r, (size_t)k);
            w += k;
        }
        r += k;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = utf8proc_map(nfd, w, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(nfd);
    if (m < 0)
        return cn_error_nomem(err);
    *out = (char *)nfc;
    *out_len = (size_t)m;
    return 0;
}
