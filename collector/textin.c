/* textin.c — a text file as UTF-8 chunks, converted through glibc's iconv (see textin.h).
 *
 * UTF-8 files pass through untouched (their validation is the reader's, with the line
 * and field it knows). The byte order marks are looked at once, at the start: a UTF-8
 * mark is dropped, so that a spreadsheet's first column keeps its name; a UTF-16 mark
 * means a file no setting here can read.
 *
 * An 8-bit file read in the wrong 8-bit encoding converts without an error and stores
 * every accent wrong: Excel on a Mac saves "CSV (Macintosh)" in Mac Roman, where é is
 * 0x8E, Ž in Windows-1252 (trial 31). What tells them apart is the bytes that follow a small
 * letter: inside a word they are small letters in the right encoding, and capitals or
 * symbols (Ž, ™, ˆ) in the wrong one. Each such byte votes; a file where the other
 * encoding wins is refused at its end, before anything it held is kept. */
#include "carnet/textin.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Converted text takes at most 3 bytes per input byte (U+20AC, the euro sign, is the
 * widest character of Windows-1252). */
#define OUT_SIZE (3 * CN_TEXTIN_CHUNK)

struct cn_textin {
    FILE *f;
    const char *path;
    cn_encoding encoding;
    iconv_t cd;           /* (iconv_t)-1 for UTF-8: the bytes pass through */
    size_t start, nraw;   /* raw[start..nraw) is read but not yet handed out */
    long long raw_offset; /* offset in the file of raw[0] */
    size_t line;          /* line of raw[start]; counted only when converting */
    bool pending_cr;      /* the last byte counted was a CR: a LF next ends no new line */
    bool eof;
    /* the votes of the bytes inside words (8-bit encodings only) */
    cn_encoding other;                  /* the encoding the file is compared with */
    int32_t own_cp[128], other_cp[128]; /* what bytes 0x80-0xFF read as in each; 0: none */
    size_t for_other, for_own;          /* bytes that read as a small letter in one only */
    size_t first_line;                  /* the first byte for the other, and its line */
    unsigned char first_byte;
    unsigned char prev; /* the byte before raw[start] */
    char raw[CN_TEXTIN_CHUNK];
    char out[OUT_SIZE];
};

const char *cn_encoding_name(cn_encoding e)
{
    static const char *const names[] = {"UTF-8", "Windows-1252", "Latin-1", "Mac Roman"};
    return names[e];
}

const char *cn_encoding_option(cn_encoding e)
{
    static const char *const names[] = {"utf-8", "cp1252", "latin1", "macroman"};
    return names[e];
}

static const char *iconv_name(cn_encoding e)
{
    static const char *const names[] = {"UTF-8", "CP1252", "ISO-8859-1", "MACINTOSH"};
    return names[e];
}

/* The characters bytes 0x80-0xFF stand for in encoding e, through iconv; 0 where it
 * defines none. */
static void high_bytes(cn_encoding e, int32_t cp[128])
{
    memset(cp, 0, 128 * sizeof *cp);
    iconv_t cd = iconv_open("UTF-8", iconv_name(e));
    if (cd == (iconv_t)-1)
        return;
    for (int b = 0x80; b <= 0xFF; b++) {
        char in = (char)b, out[8];
        char *src = &in, *dst = out;
        size_t src_left = 1, dst_left = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &src, &src_left, &dst, &dst_left) != (size_t)-1)
            utf8proc_iterate((const utf8proc_uint8_t *)out, (utf8proc_ssize_t)(dst - out),
                             &cp[b - 0x80]);
    }
    iconv_close(cd);
}

static bool small_letter(int32_t cp)
{
    return cp > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* What may follow a small letter in a word: another, or punctuation (l’école, “oui”,
 * attends…). Not a capital or a symbol: Ž, ™ and ˆ there are a misread encoding. */
static bool fits_after_letter(int32_t cp)
{
    if (cp <= 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LL ||
           (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO);
}

/* The vote of byte b after byte before: 1 for the other encoding, -1 for the own, 0 none. */
static int vote(const int32_t own[128], const int32_t other[128], unsigned char before,
                unsigned char b)
{
    if (b < 0x80 || before < 'a' || before > 'z')
        return 0;
    int32_t o = own[b - 0x80], x = other[b - 0x80];
    if (!fits_after_letter(o) && small_letter(x))
        return 1;
    return small_letter(o) && !small_letter(x) ? -1 : 0;
}

cn_encoding cn_encoding_guess(const char *text, size_t n)
{
    int32_t cp1252[128], mac[128];
    high_bytes(CN_ENC_CP1252, cp1252);
    high_bytes(CN_ENC_MACROMAN, mac);
    long score = 0;
    for (size_t i = 1; i < n; i++)
        score += vote(cp1252, mac, (unsigned char)text[i - 1], (unsigned char)text[i]);
    return score > 0 ? CN_ENC_MACROMAN : CN_ENC_CP1252;
}

/* The character cp in UTF-8, for a message; "?" for none. */
static const char *utf8_of(int32_t cp, char out[8])
{
    utf8proc_ssize_t n = cp > 0 ? utf8proc_encode_char(cp, (utf8proc_uint8_t *)out) : 0;
    if (n <= 0)
        return "?";
    out[n] = '\0';
    return out;
}

/* Line breaks as the CSV reader counts them: LF, CR LF and a lone CR (old Mac files). */
static size_t count_lines(const char *p, size_t n, bool *pending_cr)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            lines += !*pending_cr;
        else if (p[i] == '\r')
            lines++;
        *pending_cr = p[i] == '\r';
    }
    return lines;
}

/* Keeps raw[start..nraw) at the front and reads more behind it. */
static int fill(cn_textin *in, cn_error *err)
{
    size_t keep = in->nraw - in->start;
    memmove(in->raw, in->raw + in->start, keep);
    in->raw_offset += (long long)in->start;
    in->start = 0;
    in->nraw = keep;
    size_t got = fread(in->raw + keep, 1, sizeof in->raw - keep, in->f);
    in->nraw += got;
    if (got < sizeof in->raw - keep) {
        if (ferror(in->f))
            return cn_error_code(err, CN_EIO, "%s: read error: %s", in->path, strerror(errno));
        in->eof = true;
    }
    return 0;
}

static bool starts_with(const cn_textin *in, const char *mark, size_t n)
{
    return in->nraw >= n && memcmp(in->raw, mark, n) == 0;
}

static int check_marks(cn_textin *in, cn_error *err)
{
    if (starts_with(in, "\xFF\xFE", 2) || starts_with(in, "\xFE\xFF", 2))
        return cn_error_code(err, CN_EINVALID,
                             "%s: the file is UTF-16 (it begins with a UTF-16 byte order mark): "
                             "save it as UTF-8 (in Excel: 'CSV UTF-8')",
                             in->path);
    if (starts_with(in, "\xEF\xBB\xBF", 3)) {
        if (in->encoding != CN_ENC_UTF8)
            return cn_error_code(err, CN_EINVALID,
                                 "%s: the file begins with a UTF-8 byte order mark: it is "
                                 "UTF-8 already, import it without --encoding %s",
                                 in->path, cn_encoding_option(in->encoding));
        in->start = 3;
    }
    return 0;
}

int cn_textin_open(FILE *f, const char *path, cn_encoding encoding, cn_textin **out, cn_error *err)
{
    *out = NULL;
    cn_textin *in = calloc(1, sizeof *in);
    if (!in)
        return cn_error_nomem(err);
    in->f = f;
    in->path = path;
    in->encoding = encoding;
    in->cd = (iconv_t)-1;
    in->line = 1;
    if (encoding != CN_ENC_UTF8) {
        in->cd = iconv_open("UTF-8", iconv_name(encoding));
        if (in->cd == (iconv_t)-1) {
            int e = errno;
            free(in);
            return cn_error_code(err, CN_EIO, "%s: cannot convert from %s: %s", path,
                                 cn_encoding_name(encoding), strerror(e));
        }
        in->other = encoding == CN_ENC_MACROMAN ? CN_ENC_CP1252 : CN_ENC_MACROMAN;
        high_bytes(encoding, in->own_cp);
        high_bytes(in->other, in->other_cp);
    }
    int rc = fill(in, err);
    if (rc == 0)
        rc = check_marks(in, err);
    if (rc < 0) {
        cn_textin_close(in);
        return rc;
    }
    *out = in;
    return 0;
}

static int refuse_byte(cn_textin *in, const char *bad, cn_error *err)
{
    size_t line = in->line + count_lines(in->raw + in->start, (size_t)(bad - (in->raw + in->start)),
                                         &in->pending_cr);
    unsigned char b = (unsigned char)*bad;
    char shown[8], hint[96] = "";
    if (b >= 0x80 && small_letter(in->other_cp[b - 0x80]))
        snprintf(hint, sizeof hint, " ('%s' in %s: import it with --encoding %s)",
                 utf8_of(in->other_cp[b - 0x80], shown), cn_encoding_name(in->other),
                 cn_encoding_option(in->other));
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: byte 0x%02X (offset %lld in the file) is not a %s character%s",
                         in->path, line, (unsigned)b, in->raw_offset + (long long)(bad - in->raw),
                         cn_encoding_name(in->encoding), hint);
}

/* Counts the votes of src[0..n), the bytes about to be converted. */
static void count_votes(cn_textin *in, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)src[i];
        int v = vote(in->own_cp, in->other_cp, in->prev, b);
        if (v > 0 && in->for_other++ == 0) {
            in->first_line = in->line + count_lines(src, i, &(bool){in->pending_cr});
            in->first_byte = b;
        }
        in->for_own += v < 0;
        in->prev = b;
    }
}

/* The end of the file: refused when the bytes inside its words read as small letters in
 * the other encoding more often than in the one asked for (twice at least, so that one
 * "Brand™" is no vote against a whole file). */
static int judge(const cn_textin *in, cn_error *err)
{
    if (in->cd == (iconv_t)-1 || in->for_other < 2 || in->for_other <= in->for_own)
        return 0;
    char own[8], other[8];
    unsigned char b = in->first_byte;
    return cn_error_code(
        err, CN_EINVALID,
        "%s:%zu: the file looks like %s, not %s: byte 0x%02X inside a word reads '%s' in %s and "
        "'%s' in %s (%zu such bytes read as letters in %s only, %zu in %s only): import it "
        "with --encoding %s",
        in->path, in->first_line, cn_encoding_name(in->other), cn_encoding_name(in->encoding),
        (unsigned)b, utf8_of(in->own_cp[b - 0x80], own), cn_encoding_name(in->encoding),
        utf8_of(in->other_cp[b - 0x80], other), cn_encoding_name(in->other), in->for_other,
        cn_encoding_name(in->other), in->for_own, cn_encoding_name(in->encoding),
        cn_encoding_option(in->other));
}

/* A file given as Windows-1252 or Latin-1 that holds UTF-8 ("journée" as C3 A9) would be
 * stored as "journÃ©e" without a word: refused at its first such character. In those
 * encodings the same bytes spell a capital with an accent followed by a symbol (Ã©), which
 * no diary holds. */
static int refuse_utf8_in_8bit(cn_textin *in, const char *src, size_t n, cn_error *err)
{
    const unsigned char *p = (const unsigned char *)src;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80)
            continue;
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len < 2) /* no whole UTF-8 character starts here */
            continue;
        size_t line =
            in->line + count_lines(src, i, &(bool){in->pending_cr}); /* in->pending_cr kept */
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: '%.*s' is a UTF-8 character (bytes at offset %lld in the "
                             "file): the file is UTF-8 already, import it without --encoding %s",
                             in->path, line, (int)len, (const char *)(p + i),
                             in->raw_offset + (long long)(src + i - in->raw),
                             cn_encoding_option(in->encoding));
    }
    return 0;
}

/* Converts what raw holds; returns the bytes written to out (0: more input needed). */
static int convert(cn_textin *in, size_t *produced, cn_error *err)
{
    char *src = in->raw + in->start, *dst = in->out;
    size_t src_left = in->nraw - in->start, dst_left = sizeof in->out;
    if (refuse_utf8_in_8bit(in, src, src_left, err) < 0)
        return CN_EINVALID;
    count_votes(in, src, src_left); /* an 8-bit encoding converts every byte, or refuses */
    size_t rc = iconv(in->cd, &src, &src_left, &dst, &dst_left);
    int e = errno;
    if (rc == (size_t)-1 && e == EILSEQ)
        return refuse_byte(in, src, err);
    if (rc == (size_t)-1 && e == EINVAL && in->eof)
        return cn_error_code(err, CN_EINVALID, "%s: the file ends inside a %s character", in->path,
                             cn_encoding_name(in->encoding));
    /* E2BIG cannot happen (OUT_SIZE), EINVAL before the end waits for more input. */
    in->line +=
        count_lines(in->raw + in->start, (size_t)(src - (in->raw + in->start)), &in->pending_cr);
    in->start = (size_t)(src - in->raw);
    *produced = sizeof in->out - dst_left;
    return 0;
}

int cn_textin_read(cn_textin *in, const char **data, size_t *len, cn_error *err)
{
    *data = NULL;
    *len = 0;
    for (;;) {
        if (in->start == in->nraw || (in->cd != (iconv_t)-1 && !in->eof && in->start > 0)) {
            if (in->eof && in->start == in->nraw)
                return judge(in, err);
            if (!in->eof) {
                int rc = fill(in, err);
                if (rc < 0)
                    return rc;
            }
        }
        if (in->start == in->nraw)
            return judge(in, err);
        if (in->cd == (iconv_t)-1) {
            *data = in->raw + in->start;
            *len = in->nraw - in->start;
            in->start = in->nraw;
            return 0;
        }
        size_t produced = 0;
        int rc = convert(in, &produced, err);
        if (rc < 0)
            return rc;
        if (produced) {
            *data = in->out;
            *len = produced;
            return 0;
        }
    }
}

void cn_textin_close(cn_textin *in)
{
    if (!in)
        return;
    if (in->cd != (iconv_t)-1)
        iconv_close(in->cd);
    free(in);
}
