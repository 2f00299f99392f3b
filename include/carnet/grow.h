/* grow.h — growing arrays: the one way Carnet's modules make room for one more item.
 * Works on the caller's array; returns 0, or -1 when memory runs out (array unchanged). */
#ifndef CARNET_GROW_H
#define CARNET_GROW_H

#include <stddef.h>

/* Makes *ptr, an array of *cap items of elem bytes, hold at least need items, doubling
 * its capacity (from 16); the new items are zeroed. */
int cn_grow(void **ptr, size_t *cap, size_t need, size_t elem);

#endif
