/* grow.c — growing arrays (see grow.h). Doubling keeps appends amortised O(1); zeroing
 * the new items lets counters and flags start at 0 without a separate pass. */
#include "carnet/grow.h"

#include <stdlib.h>
#include <string.h>

int cn_grow_raw_slow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*ptr, n * elem);
    if (!p)
        return -1;
    *ptr = p;
    *cap = n;
    return 0;
}

int cn_grow_slow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    size_t old = *cap;
    if (cn_grow_raw_slow(ptr, cap, need, elem) < 0)
        return -1;
    memset((char *)*ptr + old * elem, 0, (*cap - old) * elem);
    return 0;
}
