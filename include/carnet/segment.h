/* segment.h — cutting a block's tokens into text segments by IRAMUTEQ's rule: about
 * `size` tokens, cut at the strongest punctuation near the target, rightmost on ties.
 * Pure function over caller-owned arrays. */
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

#endif
