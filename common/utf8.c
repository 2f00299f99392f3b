/* utf8.c — strict UTF-8 validation (see utf8.h), delegated to utf8proc's decoder so the
 * whole project agrees with the normaliser on what a valid sequence is. */
#include "carnet/utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

bool cn_utf8_valid(const char *buf, size_t len, size_t *bad_offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)buf;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time: most of any corpus is ASCII. */
        while (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

size_t cn_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    /* s[max] exists: back up over continuation bytes (10xxxxxx) to a character start */
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

size_t cn_utf8_prefix(const char *s, size_t max)
{
    return cn_utf8_cut(s, strnlen(s, max + 1), max);
}

size_t cn_utf8_bom(const char *buf, size_t len)
{
    return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}
