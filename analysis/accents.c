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

int cn_accents_fold(const char *s, size_t len, char **out, size_t *out_len, cn_error *err)
{
    size_t ascii = 0;
    while (ascii < len && (unsigned char)s[ascii] < 0x80)
        ascii++;
    if (ascii == len)
        return fold_ascii(s, len, out, out_len, err);
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
