/* segment.h — cutting a block's tokens into text segments by IRAMUTEQ's rule: about
 * `size` tokens, cut at the strongest punctuation near the target, rightmost on ties; and
 * where each segment's text begins and ends, to quote it. Pure functions over
 * caller-owned arrays. */
#ifndef CARNET_SEGMENT_H
#define CARNET_SEGMENT_H

#include <stddef.h>

#include "carnet/text.h"

#define CN_SEGMENT_SIZE 40

/* A segment is tokens [first, last] of the block (punctuation included; the caller skips
 * it when counting forms). */
typedef struct cn_span {
    size_t first, last;
} cn_span;

/* Writes the segments of tokens[0..n) into spans (room for n spans); returns how many.
 * Segments with no word or number left after punctuation is removed are not returned. */
size_t cn_segment(const cn_token *tokens, size_t n, size_t size, cn_span *spans);

/* Where segment k of a block's spans[0..n) (cn_segment's, over tokens) begins and ends in
 * the block's text body (NUL-terminated), as bytes [*start, *end): its tokens, and the
 * characters around them that no token holds, so that a quote keeps its marks, brackets
 * and signs ("« Courage ! »", "(à suivre)", "-3 kilos"). The characters between two
 * segments go to the earlier one, except those opening the later: a chunk between spaces
 * that begins with an opening bracket or quote, a dash or a plus, and whatever touches the
 * later segment's first token. The first segment begins at the block's first character
 * other than a space, the last ends after its last; segments never overlap. */
void cn_segment_edges(const char *body, const cn_token *tokens, const cn_span *spans, size_t n,
                      size_t k, size_t *start, size_t *end);

#endif
