/* hashids.c — ids by hash, open addressing with linear probes (see hashids.h). The set
 * stays at most half full, so a probe is short and always meets an empty slot. */
#include "carnet/hashids.h"

#include <stdlib.h>

uint64_t cn_hashids_fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

/* The slot of hash among ids of the sign negative, else the empty slot where it would go. */
static cn_hashid_slot *slot_of(cn_hashid_slot *slots, size_t cap, uint64_t hash, int negative)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        cn_hashid_slot *s = &slots[i];
        if (s->id == 0 || (s->hash == hash && (s->id < 0) == (negative != 0)))
            return s;
    }
}

int64_t cn_hashids_get(const cn_hashids *set, uint64_t hash, int negative)
{
    return set->cap ? slot_of(set->slots, set->cap, hash, negative)->id : 0;
}

static int grow(cn_hashids *set)
{
    size_t cap = set->cap ? 2 * set->cap : 1024;
    cn_hashid_slot *grown = calloc(cap, sizeof *grown);
    if (!grown)
        return -1;
    for (size_t i = 0; i < set->cap; i++) {
        const cn_hashid_slot *old = &set->slots[i];
        if (old->id != 0)
            *slot_of(grown, cap, old->hash, old->id < 0) = *old;
    }
    free(set->slots);
    set->slots = grown;
    set->cap = cap;
    return 0;
}

int cn_hashids_put(cn_hashids *set, uint64_t hash, int64_t id)
{
    if (2 * (set->used + 1) > set->cap && grow(set) < 0)
        return -1;
    cn_hashid_slot *s = slot_of(set->slots, set->cap, hash, id < 0);
    if (s->id == 0)
        set->used++;
    *s = (cn_hashid_slot){hash, id};
    return 0;
}

void cn_hashids_clear(cn_hashids *set)
{
    free(set->slots);
    *set = (cn_hashids){0};
}
