/* grow.h — growing arrays: the one way Carnet's modules make room for one more item.
 * Works on the caller's array; returns 0, or -1 when memory runs out (array unchanged). */
#ifndef CARNET_GROW_H
#define CARNET_GROW_H

#include <stddef.h>

/* The reallocation behind cn_grow; call cn_grow. */
int cn_grow_slow(void **ptr, size_t *cap, size_t need, size_t elem);

/* Makes *ptr, an array of *cap items of elem bytes, hold at least need items, doubling
 * its capacity (from 16); the new items are zeroed. Inline for its common case, room
 * already there: the pipeline calls it several times per word of a corpus. */
static inline int cn_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : cn_grow_slow(ptr, cap, need, elem);
}

/* cn_grow without zeroing the new items, for arrays only ever read where they were
 * written: the pages of capacity not yet used are never touched, so a corpus's largest
 * arrays (occurrences) cost memory for what they hold, not for what doubling reserved. */
int cn_grow_raw_slow(void **ptr, size_t *cap, size_t need, size_t elem);
static inline int cn_grow_raw(void **ptr, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : cn_grow_raw_slow(ptr, cap, need, elem);
}

#endif
