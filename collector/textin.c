/* textin.c — a text file as UTF-8 chunks, converted through glibc's iconv (see textin.h).
 *
 * UTF-8 files pass through untouched (their validation is the reader's, with the line
 * and field it knows). The byte order marks are looked at once, at the start: a UTF-8
 * mark is dropped, so that a spreadsheet's first column keeps its name; a UTF-16 mark
 * means a file no setting here can read. */
#include "carnet/textin.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
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
    char raw[CN_TEXTIN_CHUNK];
    char out[OUT_SIZE];
};

static const char *encoding_name(cn_encoding e)
{
    return e == CN_ENC_CP1252 ? "Windows-1252" : e == CN_ENC_LATIN1 ? "Latin-1" : "UTF-8";
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
                                 in->path, in->encoding == CN_ENC_CP1252 ? "cp1252" : "latin1");
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
        in->cd = iconv_open("UTF-8", encoding == CN_ENC_CP1252 ? "CP1252" : "ISO-8859-1");
        if (in->cd == (iconv_t)-1) {
            int e = errno;
            free(in);
            return cn_error_code(err, CN_EIO, "%s: cannot convert from %s: %s", path,
                                 encoding_name(encoding), strerror(e));
        }
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
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: byte 0x%02X (offset %lld in the file) is not a %s character",
                         in->path, line, (unsigned)(unsigned char)*bad,
                         in->raw_offset + (long long)(bad - in->raw), encoding_name(in->encoding));
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
                             in->encoding == CN_ENC_CP1252 ? "cp1252" : "latin1");
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
    size_t rc = iconv(in->cd, &src, &src_left, &dst, &dst_left);
    int e = errno;
    if (rc == (size_t)-1 && e == EILSEQ)
        return refuse_byte(in, src, err);
    if (rc == (size_t)-1 && e == EINVAL && in->eof)
        return cn_error_code(err, CN_EINVALID, "%s: the file ends inside a %s character", in->path,
                             encoding_name(in->encoding));
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
                return 0;
            if (!in->eof) {
                int rc = fill(in, err);
                if (rc < 0)
                    return rc;
            }
        }
        if (in->start == in->nraw)
            return 0;
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
