/* textin.c — a text file as UTF-8 chunks, converted through glibc's iconv (see textin.h).
 *
 * UTF-8 files pass through untouched (their validation is the reader's, with the line
 * and field it knows). The byte order marks are looked at once, at the start: a UTF-8
 * mark is dropped, so that a spreadsheet's first column keeps its name; a UTF-16 mark
 * means a file no setting here can read.
 *
 * An 8-bit file read in the wrong 8-bit encoding converts without an error and stores
 * every accent wrong: Excel on a Mac saves "CSV (Macintosh)" in Mac Roman, where é is
 * 0x8E, Ž in Windows-1252 (trial 31). Each byte above 0x7F is read in both encodings and
 * each reading scored in its place (plausibility): a small letter inside a word, a quote
 * opening before a word, a capital at a word's start are what texts hold; a capital after
 * a letter and before a small one (JournŽe, MÈthadone), a mark between capitals (PASS…E),
 * a symbol inside a word (h™pital), a byte the encoding leaves undefined are not. A byte
 * whose other reading scores 3 or more above its own is misread, and one such byte
 * refuses the file, at its end, before anything it held is kept; with bytes misread the
 * other way too, the file mixes both encodings. Where both readings are plausible (a
 * curly apostrophe in Windows-1252 is a small í in Mac Roman) the byte says nothing: a
 * short text whose only 8-bit bytes are such may still pass in the wrong one
 * (tests/cli/t0017-encodings.sh counts them).
 *
 * A file given an 8-bit encoding that is UTF-8 already would be stored as "journÃ©e".
 * Single bytes of Mac Roman text can spell UTF-8 too ("’é" is D5 8E, an Armenian letter in
 * UTF-8), so it is the whole file that decides: one that is valid UTF-8 throughout, with
 * characters beyond ASCII other than letters of another script glued after a Latin one
 * (those are Mac Roman pairs), is refused as UTF-8; so is one where a sequence spells a
 * Latin letter or typography in UTF-8 (é as C3 A9) beside bytes UTF-8 cannot hold: it
 * mixes the two, and its UTF-8 lines would be stored garbled (no 8-bit text spells one by
 * chance: in Windows-1252 it is Ã©, in Mac Roman √©). Read as UTF-8 because no encoding
 * was said, a file with such glued letters is refused as Mac Roman's (trial 34). */
#include "carnet/textin.h"
#include "carnet/utf8.h"

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
    /* the reading of every byte, at the end of the file (8-bit encodings only) */
    cn_encoding other;                  /* the encoding the file is compared with */
    int32_t own_cp[128], other_cp[128]; /* what bytes 0x80-0xFF read as in each; 0: none */
    size_t scan_line;                   /* the line of the next byte scanned */
    bool scan_cr;                       /* its line counting's pending CR */
    int held, held_before;              /* the byte scanned last (-1: none), its side before */
    int u8_before;                      /* the byte before the next one UTF-8 reads; -1 */
    size_t held_line;
    int misread, well_read; /* the sums of the strong differences either way */
    size_t misread_line;    /* the first misread byte */
    unsigned char misread_byte;
    size_t well_read_line; /* the first byte read much better than the other way */
    struct utf8_scan {
        unsigned need, len;              /* continuation bytes still expected; bytes so far */
        unsigned char seq[4], low, high; /* the sequence; the bounds of its next byte */
        bool invalid;                    /* bytes UTF-8 cannot hold */
        size_t multi, latin, glued;      /* whole characters beyond ASCII; Latin ones; letters of
                                            another script glued after a Latin one */
        bool after_letter;               /* the sequence follows an ASCII letter */
        size_t glued_line;
        char glued_char[5];
        size_t first_line, latin_line; /* the first of each */
        long long first_offset;
        char first[5], latin_char[5];
        size_t seq_line; /* the line and offset of the sequence's first byte */
        long long seq_offset;
    } u8;
    char raw[CN_TEXTIN_CHUNK];
    char out[OUT_SIZE];
};

const char *cn_encoding_name(cn_encoding e)
{
    static const char *const names[] = {"UTF-8", "Windows-1252", "Latin-1", "Mac Roman", "UTF-8"};
    return names[e];
}

const char *cn_encoding_option(cn_encoding e)
{
    static const char *const names[] = {"utf-8", "cp1252", "latin1", "macroman", "utf-8"};
    return names[e];
}

static const char *iconv_name(cn_encoding e)
{
    static const char *const names[] = {"UTF-8", "CP1252", "ISO-8859-1", "MACINTOSH", "UTF-8"};
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

/* What lies on one side of a byte, as the scores read it. */
typedef enum side { SIDE_GAP, SIDE_LOWER, SIDE_UPPER, SIDE_DIGIT, SIDE_MARK, SIDE_HIGH } side;

static side side_of(int byte) /* -1: the file's edge */
{
    if (byte < 0 || byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r')
        return SIDE_GAP;
    if (byte >= 0x80)
        return SIDE_HIGH; /* another 8-bit byte: a letter, most likely */
    if (byte >= 'a' && byte <= 'z')
        return SIDE_LOWER;
    if (byte >= 'A' && byte <= 'Z')
        return SIDE_UPPER;
    if (byte >= '0' && byte <= '9')
        return SIDE_DIGIT;
    return SIDE_MARK; /* punctuation, a CSV's separators and quotes */
}

static bool letter_side(side s)
{
    return s == SIDE_LOWER || s == SIDE_UPPER || s == SIDE_HIGH;
}

/* How plausible it is that a text holds character c between before and after: 2 what texts
 * hold there, 1 or 0 what they may, -1 and -2 what they do not. Only -2 marks a misread
 * byte: a capital after a small letter or before one inside a word (JournŽe, MÈthadone),
 * a mark between capitals (PASS…E, RE«U), a symbol inside a word (h™pital) or a math
 * sign before one (÷sten), ƒ, a byte the encoding leaves undefined. A symbol elsewhere is
 * 0, or 2 where it is typed: "20 °C", "1ª vez", "Subutex®". */
static int plausibility(int32_t c, side before, side after)
{
    bool letter_before = letter_side(before), letter_after = letter_side(after);
    bool inside = letter_before && letter_after;
    bool capitals = before == SIDE_UPPER && after == SIDE_UPPER;
    switch (c) {
    case 0x2019:
    case 0x00B4: /* ’, and ´ typed for it: an apostrophe, or a closing quote */
        return letter_before ? 2 : 0;
    case 0x201E:
    case 0x201A:
    case 0x2039:
    case 0x203A: /* „ ‚ ‹ ›: never inside a word, as Portuguese ã and õ read the wrong way */
        if (inside)
            return -2;
        return c == 0x203A ? (!letter_after ? 2 : 0) : !letter_before && letter_after ? 2 : 0;
    case 0x2018:
    case 0x201C:
    case 0x00AB:
    case 0x00BF:
    case 0x00A1: /* opening marks: after a space or a mark, not "20¡C" */
        return capitals ? -2 : before == SIDE_DIGIT ? -1 : !letter_before && letter_after ? 2 : 0;
    case 0x201D:
    case 0x00BB: /* closing marks ("dit“oui” " typed in a hurry) */
        return capitals ? -2 : !letter_after ? 2 : 0;
    case 0x2013:
    case 0x2014: /* dashes */
        return capitals ? -2 : before == SIDE_GAP && after == SIDE_GAP ? 2 : 0;
    case 0x2026: /* … */
        return capitals ? -2 : !letter_after ? 2 : 0;
    case 0x00B7: /* ·, inside Catalan's l·l */
        return inside ? 2 : 0;
    case 0x00AA:
    case 0x00BA: /* ª, º after a number */
        return before == SIDE_DIGIT ? 2 : 0;
    case 0x00B0: /* ° after a number, or before C */
        return before == SIDE_DIGIT || before == SIDE_GAP ? 2 : inside ? -2 : 0;
    case 0x00AE:
    case 0x2122: /* ®, ™ after a name */
        return letter_before && !letter_after ? 2 : inside ? -2 : 0;
    case 0xFB01:
    case 0xFB02: /* ﬁ, ﬂ, pasted from a PDF */
        return letter_before || letter_after ? 1 : 0;
    case 0x0192: /* ƒ: before a price only (the Dutch guilder) */
        return after == SIDE_DIGIT || after == SIDE_GAP ? 0 : -2;
    case 0x221A: /* √, a tick before a list's item */
        return 0;
    }
    if (c <= 0)
        return -2; /* undefined in the encoding */
    utf8proc_category_t cat = utf8proc_category(c);
    if (cat == UTF8PROC_CATEGORY_LL)
        return inside ? 2 : 1;
    if (cat == UTF8PROC_CATEGORY_LU) /* a word's capital comes first: not JournŽe, ŽŽn */
        return before == SIDE_LOWER || (letter_before && after == SIDE_LOWER) ? -2 : 1;
    if (cat == UTF8PROC_CATEGORY_SM)
        return letter_after ? -2 : 0;
    return inside ? -2 : 0; /* other symbols and marks, controls */
}

/* How much better byte b reads in other than in own, between before and after. Latin-1's
 * bytes 0x80-0x9F are controls, which the entry's own check names: no difference. */
static int difference(const int32_t own[128], const int32_t other[128], bool own_latin1,
                      unsigned char b, side before, side after)
{
    if (b < 0x80 || (own_latin1 && b < 0xA0))
        return 0;
    return plausibility(other[b - 0x80], before, after) -
           plausibility(own[b - 0x80], before, after);
}

/* Which of Windows-1252 and Mac Roman text[0..n) reads better: the strong differences only
 * (a byte misread one way), summed each way; *sure when one way has some and wins. */
static cn_encoding guess(const char *text, size_t n, bool *sure)
{
    int32_t cp1252[128], mac[128];
    high_bytes(CN_ENC_CP1252, cp1252);
    high_bytes(CN_ENC_MACROMAN, mac);
    long for_mac = 0, for_cp1252 = 0;
    for (size_t i = 0; i < n; i++) {
        int d = difference(cp1252, mac, false, (unsigned char)text[i],
                           side_of(i ? (unsigned char)text[i - 1] : -1),
                           side_of(i + 1 < n ? (unsigned char)text[i + 1] : -1));
        for_mac += d >= 3 ? d : 0;
        for_cp1252 += d <= -3 ? -d : 0;
    }
    *sure = for_mac != for_cp1252;
    return for_mac > for_cp1252 ? CN_ENC_MACROMAN : CN_ENC_CP1252;
}

const char *cn_encoding_advice(const char *text, size_t n, char *out, size_t size)
{
    bool sure;
    cn_encoding e = guess(text, n, &sure);
    if (!sure)
        snprintf(out, size,
                 "the file is not UTF-8: saved by Excel on Windows, import it with --encoding "
                 "cp1252; on a Mac ('CSV (Macintosh)'), with --encoding macroman");
    else
        snprintf(out, size, "the file looks like %s; import it with --encoding %s",
                 cn_encoding_name(e), cn_encoding_option(e));
    return out;
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

/* Whether byte c ends a line, as the CSV reader counts them: LF, CR LF and a lone CR (old
 * Mac files). */
static bool line_step(char c, bool *pending_cr)
{
    bool ends = c == '\r' || (c == '\n' && !*pending_cr);
    *pending_cr = c == '\r';
    return ends;
}

static size_t count_lines(const char *p, size_t n, bool *pending_cr)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += line_step(p[i], pending_cr);
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
    const char *kind = cn_utf8_not_text(in->raw, in->nraw);
    if (kind) /* trial 94: a workbook renamed .csv was refused for a NUL byte in its header */
        return cn_utf8_refuse_not_text(err, in->path, kind);
    if (starts_with(in, "\xFF\xFE", 2) || starts_with(in, "\xFE\xFF", 2))
        return cn_error_code(err, CN_EINVALID,
                             "%s: the file is UTF-16 (it begins with a UTF-16 byte order mark): "
                             "save it as UTF-8 (in Excel: 'CSV UTF-8')",
                             in->path);
    if (starts_with(in, "\xEF\xBB\xBF", 3)) {
        if (!cn_encoding_is_utf8(in->encoding))
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
    in->held = -1;
    in->u8_before = -1;
    in->scan_line = 1;
    if (!cn_encoding_is_utf8(encoding)) {
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

/* A character the UTF-8 reading found, ended by the sequence's last byte. */
static void utf8_found(struct utf8_scan *u)
{
    utf8proc_int32_t cp;
    utf8proc_iterate(u->seq, u->len, &cp);
    if (u->multi++ == 0) {
        memcpy(u->first, u->seq, u->len);
        u->first[u->len] = '\0';
        u->first_line = u->seq_line;
        u->first_offset = u->seq_offset;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    if (u->after_letter && letter && cp >= 0x250 && u->glued++ == 0) { /* JՎtais */
        memcpy(u->glued_char, u->seq, u->len);
        u->glued_char[u->len] = '\0';
        u->glued_line = u->seq_line;
    }
    bool latin = (cp >= 0xA0 && cp <= 0x17F) || (cp >= 0x2010 && cp <= 0x2044) || cp == 0x20AC;
    if (latin && u->latin++ == 0) {
        memcpy(u->latin_char, u->seq, u->len);
        u->latin_char[u->len] = '\0';
        u->latin_line = u->seq_line;
    }
}

/* Byte b of the file, at line and offset, as UTF-8 reads it: strictly (no overlong form,
 * surrogate or code point above U+10FFFF), as a UTF-8 file always is. */
static void utf8_step(struct utf8_scan *u, int before, unsigned char b, size_t line,
                      long long offset)
{
    if (u->need > 0) {
        if (b >= u->low && b <= u->high) {
            u->seq[u->len++] = b;
            u->low = 0x80;
            u->high = 0xBF;
            if (--u->need == 0)
                utf8_found(u);
            return;
        }
        u->invalid = true;
        u->need = 0; /* and b starts afresh */
    }
    if (b < 0x80)
        return;
    u->len = 1;
    u->seq[0] = b;
    u->after_letter = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
    u->seq_line = line;
    u->seq_offset = offset;
    u->low = 0x80;
    u->high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        u->need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
        u->need = 2;
        u->low = b == 0xE0 ? 0xA0 : 0x80;
        u->high = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        u->need = 3;
        u->low = b == 0xF0 ? 0x90 : 0x80;
        u->high = b == 0xF4 ? 0x8F : 0xBF;
    } else
        u->invalid = true;
}

/* Scores the byte held back, now that what follows it is known (next: -1 at the end). */
static void score_held(cn_textin *in, int next)
{
    if (in->held < 0)
        return;
    int d = difference(in->own_cp, in->other_cp, in->encoding == CN_ENC_LATIN1,
                       (unsigned char)in->held, (side)in->held_before, side_of(next));
    if (d >= 3) {
        if (in->misread == 0) {
            in->misread_line = in->held_line;
            in->misread_byte = (unsigned char)in->held;
        }
        in->misread += d;
    } else if (d <= -3) {
        if (in->well_read == 0)
            in->well_read_line = in->held_line;
        in->well_read -= d;
    }
}

/* Reads src[0..n), the bytes about to be converted, both ways: each byte scored against
 * the other encoding, and the whole as UTF-8. A byte is scored once the next is known. */
static void scan(cn_textin *in, const char *src, size_t n)
{
    bool eight_bit = in->cd != (iconv_t)-1; /* UTF-8 unsaid: read as UTF-8 only */
    long long offset = in->raw_offset + (long long)(src - in->raw);
    for (size_t i = 0; i < n; i++) {
        if (!eight_bit && in->u8.need == 0) { /* UTF-8 skips ASCII runs: every import's path */
            size_t j = i;
            while (j < n && (unsigned char)src[j] < 0x80)
                j++;
            if (j > i) {
                in->scan_line += count_lines(src + i, j - i, &in->scan_cr);
                in->u8_before = (unsigned char)src[j - 1];
                i = j - 1;
                continue;
            }
        }
        unsigned char b = (unsigned char)src[i];
        if (eight_bit) {
            score_held(in, b);
            in->held_before = side_of(in->held); /* the file's edge before its first byte */
            in->held = b;
            in->held_line = in->scan_line;
        }
        utf8_step(&in->u8, in->u8_before, b, in->scan_line, offset + (long long)i);
        in->u8_before = b;
        in->scan_line += line_step((char)b, &in->scan_cr);
    }
}

/* A file read as UTF-8 because no encoding was said: a letter of another script glued to a
 * Latin one, in a file valid UTF-8 throughout, is Mac Roman's ’ and an accent read as
 * UTF-8 (J’étais as "JՎtais"), no word's; said, --encoding utf-8 keeps the text. */
static int judge_unsaid(const cn_textin *in, cn_error *err)
{
    const struct utf8_scan *u = &in->u8;
    if (in->encoding != CN_ENC_UTF8_UNSAID || u->invalid || u->need > 0 || u->glued == 0)
        return 0;
    return cn_error_code(
        err, CN_EINVALID,
        "%s:%zu: '%s' right after a Latin letter is no word's: the file looks like "
        "Mac Roman (a Mac's ’ and an accent read as UTF-8 make such letters); "
        "import it with --encoding macroman, or with --encoding utf-8 if the "
        "text is right as it is",
        in->path, u->glued_line, u->glued_char);
}

/* The end of the file: refused when it is UTF-8, mixes UTF-8 in, or reads better in the
 * other 8-bit encoding (see the top of this file). */
static int judge(cn_textin *in, cn_error *err)
{
    if (in->cd == (iconv_t)-1)
        return judge_unsaid(in, err);
    score_held(in, -1);
    in->held = -1;
    struct utf8_scan *u = &in->u8;
    const char *option = cn_encoding_option(in->encoding);
    if (u->need > 0)
        u->invalid = true;                  /* the file ends inside a sequence */
    if (!u->invalid && u->multi > u->glued) /* glued letters: 8-bit pairs, not UTF-8 */
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: '%s' is a UTF-8 character (bytes at offset %lld in the "
                             "file): the file is UTF-8 already, import it without --encoding %s",
                             in->path, u->first_line, u->first, u->first_offset, option);
    if (u->latin >= 1)
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: '%s' is a UTF-8 character (%zu such in the file), while "
                             "other bytes are not UTF-8: the file mixes UTF-8 with %s or another "
                             "encoding (rows pasted from two files?); save it again in one of them",
                             in->path, u->latin_line, u->latin_char, u->latin,
                             cn_encoding_name(in->encoding));
    if (in->misread < 3)
        return 0;
    char own[8], other[8];
    unsigned char b = in->misread_byte;
    if (in->well_read >= 3 && in->well_read_line == in->misread_line)
        return cn_error_code(
            err, CN_EINVALID,
            "%s:%zu: this line reads partly as %s ('%s', byte 0x%02X, is '%s' in %s) and partly "
            "as %s: save the file again in one encoding",
            in->path, in->misread_line, cn_encoding_name(in->other),
            utf8_of(in->other_cp[b - 0x80], other), (unsigned)b, utf8_of(in->own_cp[b - 0x80], own),
            cn_encoding_name(in->encoding), cn_encoding_name(in->encoding));
    if (in->well_read >= 3)
        return cn_error_code(
            err, CN_EINVALID,
            "%s:%zu: this line reads as %s ('%s', byte 0x%02X, is '%s' in %s), while line %zu "
            "reads as %s: the file mixes the two encodings (rows pasted from two files?); save "
            "it again in one of them",
            in->path, in->misread_line, cn_encoding_name(in->other),
            utf8_of(in->other_cp[b - 0x80], other), (unsigned)b, utf8_of(in->own_cp[b - 0x80], own),
            cn_encoding_name(in->encoding), in->well_read_line, cn_encoding_name(in->encoding));
    return cn_error_code(
        err, CN_EINVALID,
        "%s:%zu: the file looks like %s, not %s: byte 0x%02X reads '%s' in %s and '%s' in %s, "
        "where a text holds the second: import it with --encoding %s",
        in->path, in->misread_line, cn_encoding_name(in->other), cn_encoding_name(in->encoding),
        (unsigned)b, utf8_of(in->own_cp[b - 0x80], own), cn_encoding_name(in->encoding),
        utf8_of(in->other_cp[b - 0x80], other), cn_encoding_name(in->other),
        cn_encoding_option(in->other));
}

/* Converts what raw holds; returns the bytes written to out (0: more input needed). */
static int convert(cn_textin *in, size_t *produced, cn_error *err)
{
    char *src = in->raw + in->start, *dst = in->out;
    size_t src_left = in->nraw - in->start, dst_left = sizeof in->out;
    scan(in, src, src_left); /* an 8-bit encoding converts every byte, or refuses */
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
            if (in->encoding == CN_ENC_UTF8_UNSAID)
                scan(in, *data, *len);
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
