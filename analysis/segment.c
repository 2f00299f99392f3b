/* segment.c — IRAMUTEQ's token segmentation (see segment.h and reinert-spec.md A.3).
 * The window holds size + 15 tokens after the start plus the end marker; when the marker
 * is inside, the rest of the block is the last segment. Otherwise each position k of the
 * window scores weight / (|size - k| + 1) and the best wins, scanning from the right with
 * a strict comparison, so ties go to the rightmost position. */
#include "carnet/segment.h"

#include <stdbool.h>

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
