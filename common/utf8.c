/* utf8.c — strict UTF-8 validation (see utf8.h): the well-formed sequences of Unicode's
 * table 3-7, which are exactly those utf8proc's decoder accepts (test_corpus checks every
 * sequence of 1 and 2 bytes, and of 3 and 4 bytes every lead with every second byte and the
 * bytes where the table changes after it, against it), so that the whole project
 * agrees with the normaliser on what a valid sequence is. Written out rather than a call
 * to utf8proc_iterate per character: validating was two fifths of reading the French
 * bench corpus, where one byte in 22 is not ASCII (reading it: 22.6 -> 16.8 ms). */
#include "carnet/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "carnet/markup.h"

/* The length of the well-formed sequence at p, whose lead byte is not ASCII, n bytes
 * being left; 0 when it is none (a stray continuation byte, an overlong form, a
 * surrogate, a code point above U+10FFFF, or a sequence cut short). */
static size_t sequence_length(const unsigned char *p, size_t n)
{
    unsigned char b = p[0], lo = 0x80, hi = 0xBF; /* the second byte's range */
    size_t len;
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        lo = b == 0xE0 ? 0xA0 : lo; /* below: overlong */
        hi = b == 0xED ? 0x9F : hi; /* above: surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        lo = b == 0xF0 ? 0x90 : lo; /* below: overlong */
        hi = b == 0xF4 ? 0x8F : hi; /* above: past U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

bool cn_utf8_valid(const char *buf, size_t len, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0;
    while (i < len) {
        /* ASCII eight bytes at a time: most of any corpus is ASCII */
        while (i + 8 <= len) {
            uint64_t word, high;
            memcpy(&word, p + i, 8);
            if ((high = word & 0x8080808080808080ULL) != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)__builtin_ctzll(high) / 8; /* straight to the first high byte */
#endif
                break;
            }
            i += 8;
        }
        while (i < len && p[i] < 0x80)
            i++;
        if (i == len)
            break;
        size_t n = sequence_length(p + i, len - i);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
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

void cn_utf8_iconv_hint(char *buf, size_t size, const char *path, const char *from)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t stem = dot && dot > (slash ? slash : path) ? (size_t)(dot - path) : strlen(path);
    char copy[CN_ERROR_MAX / 4], in[CN_ERROR_MAX / 4], out[CN_ERROR_MAX / 4];
    /* the converted copy beside it, corpus.txt -> corpus-utf8.txt: the file itself stays;
     * the copy is the diaries' text, so the owner's alone (umask), as Carnet writes */
    int n = snprintf(copy, sizeof copy, "%.*s-utf8%s", (int)stem, path, path + stem);
    if (n > 0 && (size_t)n < sizeof copy && cn_markup_shell_word(path, in, sizeof in) &&
        cn_markup_shell_word(copy, out, sizeof out)) {
        n = snprintf(buf, size, "(umask 077 && iconv -f %s -t utf-8 %s > %s)", from, in, out);
        if (n > 0 && (size_t)n < size)
            return;
    }
    snprintf(buf, size, "iconv -f %s -t utf-8, the file as its input", from);
}

/* The length of the well-formed UTF-8 sequence of 2 to 4 bytes at s[0..n), else 0. */
static size_t multibyte_at(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xC2 && s[0] <= 0xDF   ? 2
                 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                                : 0;
    size_t bad;
    return len && len <= n && cn_utf8_valid((const char *)s, len, &bad) ? len : 0;
}

int cn_utf8_file_verdict(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) /* a pipe is not read twice */
        return -1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char buf[65536 + 4];
    size_t kept = 0, got, valid = 0, invalid = 0;
    bool first = true, bom = false;
    while ((got = fread(buf + kept, 1, sizeof buf - 4 - kept, f)) > 0) {
        size_t n = kept + got, i = 0;
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            bom = true;
        first = false;
        while (i + 4 <= n) { /* a sequence cut by the buffer's end is read with the next */
            size_t len = buf[i] < 0x80 ? 0 : multibyte_at(buf + i, 4);
            valid += len > 0;
            invalid += buf[i] >= 0x80 && len == 0;
            i += len ? len : 1;
        }
        kept = n - i;
        memmove(buf, buf + i, kept);
    }
    for (size_t i = 0; i < kept;) {
        size_t len = buf[i] < 0x80 ? 0 : multibyte_at(buf + i, kept - i);
        valid += len > 0;
        invalid += buf[i] >= 0x80 && len == 0;
        i += len ? len : 1;
    }
    fclose(f);
    return bom || (valid > 0 && valid >= invalid);
}

int cn_utf8_refuse(cn_error *err, const char *path, size_t line, size_t byte)
{
    char where[64];
    snprintf(where, sizeof where, "byte %zu", byte);
    return cn_utf8_refuse_at(err, path, line, where);
}

int cn_utf8_refuse_at(cn_error *err, const char *path, size_t line, const char *where)
{
    int verdict = cn_utf8_file_verdict(path);
    if (verdict == 1)
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: invalid UTF-8 at %s, in a file that is UTF-8 elsewhere: "
                             "this character alone is of another encoding (pasted from another "
                             "program?); type it again there, and convert nothing",
                             path, line, where);
    char hint[CN_ERROR_MAX / 2];
    cn_utf8_iconv_hint(hint, sizeof hint, path, "cp1252");
    /* a pipe cannot be read again to tell: both ways out, each with when it is the one */
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: invalid UTF-8 at %s: saved as Windows-1252 or Latin-1? "
                         "convert it: %s%s",
                         path, line, where, hint,
                         verdict < 0 ? "; but if its accents read right elsewhere, this "
                                       "character alone is wrong: type it again, and convert "
                                       "nothing"
                                     : "");
}

const char *cn_utf8_wide(const char *line, size_t len)
{
    if (len < 2 ||
        !((line[0] == '\xff' && line[1] == '\xfe') || (line[0] == '\xfe' && line[1] == '\xff') ||
          (line[0] != '\0' && line[1] == '\0') || (line[0] == '\0' && line[1] != '\0') ||
          (line[0] == '\0' && line[1] == '\0')))
        return NULL;
    /* two NULs in a row, or after FF FE: UTF-32 */
    bool wide =
        (len >= 4 && line[2] == '\0' && line[3] == '\0') || (line[0] == '\0' && line[1] == '\0');
    return wide ? "UTF-32" : "UTF-16";
}

/* The signatures of the files researchers keep their texts in besides text itself. */
static const struct {
    const char *magic;
    size_t len;
    const char *what, *instead;
} not_text[] = {
    {"PK\x03\x04", 4, "a zip archive (a Word, Excel or OpenDocument file is one)",
     "save it as plain text, UTF-8 (Word: Save as, Plain text; Excel: CSV UTF-8), or unzip"
     " it"},
    {"\xD0\xCF\x11\xE0", 4, "an old Word or Excel file (.doc, .xls)",
     "save it as plain text, UTF-8 (Word: Save as, Plain text; Excel: CSV UTF-8)"},
    {"{\\rtf", 5, "an RTF document", "save it as plain text, UTF-8"},
    {"%PDF-", 5, "a PDF document", "copy its text into a plain text file, UTF-8"},
    {"\x1f\x8b", 2, "a gzip-compressed file", "decompress it first (gunzip)"},
    {"BZh", 3, "a bzip2-compressed file", "decompress it first (bunzip2)"},
    {"\xFD"
     "7zXZ",
     6, "an xz-compressed file", "decompress it first (unxz)"},
    {"\x89PNG", 4, "a PNG image", "give the text file"},
    {"\xFF\xD8\xFF", 3, "a JPEG image", "give the text file"},
    {"SQLite format 3", 15, "a SQLite database (a study?)",
     "export what you need from it first (carnet-collect export)"},
};

const char *cn_utf8_not_text(const char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof not_text / sizeof *not_text; i++)
        if (len >= not_text[i].len && memcmp(buf, not_text[i].magic, not_text[i].len) == 0)
            return not_text[i].what;
    return NULL;
}

int cn_utf8_refuse_not_text(cn_error *err, const char *path, const char *what)
{
    const char *instead = "give a text file";
    for (size_t i = 0; i < sizeof not_text / sizeof *not_text; i++)
        if (strcmp(not_text[i].what, what) == 0)
            instead = not_text[i].instead;
    return cn_error_code(err, CN_EINVALID, "%s: the file is %s, not text: %s", path, what, instead);
}

int cn_utf8_refuse_wide(cn_error *err, const char *path, const char *wide)
{
    char hint[CN_ERROR_MAX / 2];
    cn_utf8_iconv_hint(hint, sizeof hint, path, strcmp(wide, "UTF-32") == 0 ? "utf-32" : "utf-16");
    return cn_error_code(err, CN_EINVALID, "%s: the file is %s, not UTF-8: save it as UTF-8: %s",
                         path, wide, hint);
}

bool cn_utf8_blank(const char *s, size_t len, uint32_t *first)
{
    if (first)
        *first = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0)
            return false; /* not the valid UTF-8 the caller promised: not blank either */
        if (first && i == 0)
            *first = (uint32_t)c;
        utf8proc_category_t cat = utf8proc_category(c);
        bool blank = cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
                     cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CC ||
                     utf8proc_get_property(c)->ignorable;
        if (!blank)
            return false;
        i += (size_t)n;
    }
    return true;
}

int cn_utf8_check_first_line(cn_error *err, const char *path, const char *line, size_t len)
{
    const char *kind = cn_utf8_not_text(line, len), *wide = cn_utf8_wide(line, len);
    return kind   ? cn_utf8_refuse_not_text(err, path, kind)
           : wide ? cn_utf8_refuse_wide(err, path, wide)
                  : 0;
}
