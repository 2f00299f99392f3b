/* segment.c — IRAMUTEQ's token segmentation (see segment.h and reinert-spec.md A.3).
 * The window holds size + 15 tokens after the start plus the end marker; when the marker
 * is inside, the rest of the block is the last segment. Otherwise each position k of the
 * window scores weight / (|size - k| + 1) and the best wins, scanning from the right with
 * a strict comparison, so ties go to the rightmost position. */
#include "carnet/segment.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

static bool has_form(const cn_token *tokens, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (tokens[i].kind != CN_TOKEN_PUNCT)
            return true;
    return false;
}

size_t cn_segment(const cn_token *tokens, size_t n, size_t size, cn_span *spans)
{
    size_t count = 0, pos = 0;
    while (pos < n) {
        size_t remaining = n - pos;
        size_t window = size + 15 < remaining ? size + 15 : remaining;
        size_t cut;
        if (window == remaining) {
            cut = remaining - 1; /* the end marker is in the window: all the rest */
        } else {
            double best = 0;
            cut = window;
            for (size_t k = window + 1; k-- > 0;) {
                size_t d = k > size ? k - size : size - k;
                double score = tokens[pos + k].weight / (double)(d + 1);
                if (score > best) {
                    best = score;
                    cut = k;
                }
            }
        }
        if (has_form(tokens, pos, pos + cut))
            spans[count++] = (cn_span){pos, pos + cut};
        pos += cut + 1;
    }
    return count;
}

/* The code point at body[at] and its length in bytes (1 for a byte that is not UTF-8). */
static utf8proc_int32_t char_at(const char *body, size_t at, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)body + at, -1, &cp);
    *len = n > 0 ? (size_t)n : 1;
    return n > 0 ? cp : -1;
}

/* A space between words: ASCII white space, a no-break or other Unicode space (French
 * typography puts a narrow no-break space inside « »). */
static bool is_space(utf8proc_int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           (cp > 127 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

/* A chunk that opens what follows it: an opening bracket or quote, a dash, a plus. */
static bool opens(utf8proc_int32_t cp)
{
    if (cp == '+' || cp == '-' || cp == '"')
        return true;
    if (cp < 0)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI || c == UTF8PROC_CATEGORY_PD;
}

/* Where the gap body[from, to) between two segments' tokens is cut: what is before the cut
 * goes to the earlier segment, the rest to the later. */
static size_t gap_cut(const char *body, size_t from, size_t to)
{
    size_t at = from, len;
    while (at < to) {
        utf8proc_int32_t cp = char_at(body, at, &len);
        if (is_space(cp)) {
            at += len;
            continue;
        }
        size_t chunk = at; /* a run of other characters */
        bool first_opens = opens(cp);
        while (at < to && !is_space(char_at(body, at, &len)))
            at += len;
        bool touches_earlier = chunk == from, touches_later = at == to;
        if ((touches_later && !touches_earlier) || (!touches_earlier && first_opens) ||
            (touches_earlier && touches_later && first_opens))
            return chunk;
    }
    return to;
}

/* body[from, to) without the spaces at its right end: where it ends. */
static size_t trim_end(const char *body, size_t from, size_t to)
{
    size_t last = from; /* the end of the last character other than a space */
    for (size_t at = from, len; at < to; at += len)
        if (!is_space(char_at(body, at, &len)))
            last = at + len;
    return last;
}

/* body[from, to) without the spaces at its left end: where it begins. */
static size_t trim_start(const char *body, size_t from, size_t to)
{
    size_t at = from, len;
    while (at < to && is_space(char_at(body, at, &len)))
        at += len;
    return at;
}

void cn_segment_edges(const char *body, const cn_token *tokens, const cn_span *spans, size_t n,
                      size_t k, size_t *start, size_t *end)
{
    size_t first = tokens[spans[k].first].start, last = tokens[spans[k].last].end;
    if (k == 0)
        *start = trim_start(body, 0, first);
    else
        *start = trim_start(body, gap_cut(body, tokens[spans[k - 1].last].end, first), first);
    if (k + 1 == n)
        *end = trim_end(body, last, last + strlen(body + last));
    else
        *end = trim_end(body, last, gap_cut(body, last, tokens[spans[k + 1].first].start));
}
