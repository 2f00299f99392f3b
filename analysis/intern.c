/* intern.c — string interning with open addressing (see intern.h).
 * Strings live in one growing arena addressed by offset, so growth never invalidates an
 * id; the probe table holds ids only and is rebuilt at 50 % load. FNV-1a hashing. */
#include "carnet/intern.h"

#include <stdlib.h>
#include <string.h>

struct cn_intern {
    char *arena;
    size_t arena_len, arena_cap;
    size_t *offset; /* id -> arena offset */
    uint32_t *length;
    uint32_t count, ids_cap;
    uint32_t *slots; /* CN_INTERN_NONE = empty */
    uint32_t nslots; /* a power of two */
};

static uint64_t hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

cn_intern *cn_intern_new(void)
{
    cn_intern *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->nslots = 1024;
    t->slots = malloc(t->nslots * sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    memset(t->slots, 0xff, t->nslots * sizeof *t->slots);
    return t;
}

void cn_intern_free(cn_intern *t)
{
    if (!t)
        return;
    free(t->arena);
    free(t->offset);
    free(t->length);
    free(t->slots);
    free(t);
}

static bool same(const cn_intern *t, uint32_t id, const char *key, size_t len)
{
    return t->length[id] == len && memcmp(t->arena + t->offset[id], key, len) == 0;
}

uint32_t cn_intern_find(const cn_intern *t, const char *key, size_t len)
{
    uint32_t mask = t->nslots - 1;
    for (uint64_t i = hash(key, len) & mask;; i = (i + 1) & mask) {
        uint32_t id = t->slots[i];
        if (id == CN_INTERN_NONE)
            return CN_INTERN_NONE;
        if (same(t, id, key, len))
            return id;
    }
}

static bool grow_slots(cn_intern *t)
{
    uint32_t n = t->nslots * 2;
    uint32_t *slots = malloc(n * sizeof *slots);
    if (!slots)
        return false;
    memset(slots, 0xff, n * sizeof *slots);
    for (uint32_t id = 0; id < t->count; id++) {
        uint64_t i = hash(t->arena + t->offset[id], t->length[id]) & (n - 1);
        while (slots[i] != CN_INTERN_NONE)
            i = (i + 1) & (n - 1);
        slots[i] = id;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return true;
}

uint32_t cn_intern_add(cn_intern *t, const char *key, size_t len, bool *added)
{
    uint32_t mask = t->nslots - 1;
    uint64_t i;
    for (i = hash(key, len) & mask; t->slots[i] != CN_INTERN_NONE; i = (i + 1) & mask)
        if (same(t, t->slots[i], key, len)) {
            if (added)
                *added = false;
            return t->slots[i];
        }
    if (t->count == t->ids_cap) {
        uint32_t cap = t->ids_cap ? 2 * t->ids_cap : 1024;
        size_t *off = realloc(t->offset, cap * sizeof *off);
        if (!off)
            return CN_INTERN_NONE;
        t->offset = off;
        uint32_t *lens = realloc(t->length, cap * sizeof *lens);
        if (!lens)
            return CN_INTERN_NONE;
        t->length = lens;
        t->ids_cap = cap;
    }
    if (t->arena_len + len + 1 > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 65536;
        while (cap < t->arena_len + len + 1)
            cap *= 2;
        char *arena = realloc(t->arena, cap);
        if (!arena)
            return CN_INTERN_NONE;
        t->arena = arena;
        t->arena_cap = cap;
    }
    uint32_t id = t->count++;
    t->offset[id] = t->arena_len;
    t->length[id] = (uint32_t)len;
    memcpy(t->arena + t->arena_len, key, len);
    t->arena[t->arena_len + len] = '\0';
    t->arena_len += len + 1;
    t->slots[i] = id;
    if (added)
        *added = true;
    if ((uint64_t)t->count * 2 > t->nslots && !grow_slots(t))
        return CN_INTERN_NONE;
    return id;
}

const char *cn_intern_str(const cn_intern *t, uint32_t id)
{
    return t->arena + t->offset[id];
}

uint32_t cn_intern_count(const cn_intern *t)
{
    return t->count;
}
