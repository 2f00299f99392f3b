/* intern.c — string interning with open addressing (see intern.h).
 * Strings live in one growing arena addressed by offset, so growth never invalidates an
 * id; the probe table is rebuilt at 50 % load. The pipeline looks up every token of a
 * corpus here, so a lookup touches two cache lines at most: its slot, which holds 24 bits
 * of the key's hash beside the key's place in the arena (a probe that meets another key
 * rarely reads further), and that place, where the key's id and length sit just before
 * its bytes. The whole hash sits before them, so that the table grows without hashing its
 * keys again: growing had read each record where the old slots sent it, out of the cache
 * (a fifth of the interning time of stats on the French bench corpus; best CPU of 15
 * alternating runs 964 -> 959 ms, median 1092 -> 1062). The hash takes eight bytes at a
 * time. Ids never depend on the hash (order of first sight), so neither do outputs. */
#include "carnet/intern.h"

#include <stdlib.h>
#include <string.h>

struct cn_intern {
    char *arena; /* records: hash (8 bytes), id (4), length (4), the key's bytes, NUL */
    size_t arena_len, arena_cap;
    size_t *offset; /* id -> arena offset of its bytes */
    uint32_t count, ids_cap;
    uint64_t *slots; /* TAG bits of the hash | arena offset of the key's bytes; EMPTY */
    uint32_t nslots; /* a power of two */
};

#define EMPTY UINT64_MAX
#define PLACE 0x000000FFFFFFFFFFULL /* 40 bits of arena offset: a terabyte */
#define TAG (~PLACE)
#define HEAD 16 /* the hash, id and length before each key's bytes */

/* A multiply-xorshift mix of the key read as 64-bit words (splitmix64's constants); the
 * byte order of the words only moves keys between slots. */
uint64_t cn_intern_hash(const char *key, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
    for (; len >= 8; key += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, key, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (len > 0) { /* the last 1 to 7 bytes, a byte at a time: no memcpy call */
        uint64_t w = 0;
        for (size_t i = 0; i < len; i++)
            w |= (uint64_t)(unsigned char)key[i] << (8 * i);
        h = (h ^ w) * 0x94D049BB133111EBULL;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

/* The id and length stored before the bytes at arena offset at. */
static uint32_t record_id(const cn_intern *t, size_t at)
{
    uint32_t id;
    memcpy(&id, t->arena + at - 8, 4);
    return id;
}

static uint32_t record_len(const cn_intern *t, size_t at)
{
    uint32_t len;
    memcpy(&len, t->arena + at - 4, 4);
    return len;
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
    memset(t->slots, 0xff, t->nslots * sizeof *t->slots); /* all EMPTY */
    return t;
}

void cn_intern_free(cn_intern *t)
{
    if (!t)
        return;
    free(t->arena);
    free(t->offset);
    free(t->slots);
    free(t);
}

/* Whether slot (not EMPTY) holds key, whose hash is h. */
static bool same(const cn_intern *t, uint64_t slot, uint64_t h, const char *key, size_t len)
{
    size_t at = (size_t)(slot & PLACE);
    return (slot & TAG) == (h & TAG) && record_len(t, at) == len &&
           memcmp(t->arena + at, key, len) == 0;
}

uint32_t cn_intern_find(const cn_intern *t, const char *key, size_t len)
{
    uint32_t mask = t->nslots - 1;
    uint64_t h = cn_intern_hash(key, len);
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t slot = t->slots[i];
        if (slot == EMPTY)
            return CN_INTERN_NONE;
        if (same(t, slot, h, key, len))
            return record_id(t, (size_t)(slot & PLACE));
    }
}

/* Doubles the slots, each key placed by the hash its record keeps: the records are read
 * in the order they were written, one after another, rather than where the old slots
 * sent the reads. */
static bool grow_slots(cn_intern *t)
{
    if (t->nslots > UINT32_MAX / 2)
        return false;
    uint32_t n = t->nslots * 2;
    uint64_t *slots = malloc(n * sizeof *slots);
    if (!slots)
        return false;
    memset(slots, 0xff, n * sizeof *slots);
    for (uint32_t id = 0; id < t->count; id++) {
        size_t at = t->offset[id];
        uint64_t h;
        memcpy(&h, t->arena + at - HEAD, 8);
        uint64_t i = h & (n - 1);
        while (slots[i] != EMPTY)
            i = (i + 1) & (n - 1);
        slots[i] = (h & TAG) | at;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return true;
}

/* Room for one more id and a record of len bytes; false when memory runs out. */
static bool reserve(cn_intern *t, size_t len)
{
    if (t->count == t->ids_cap) {
        uint32_t cap = t->ids_cap ? 2 * t->ids_cap : 1024;
        size_t *off = realloc(t->offset, cap * sizeof *off);
        if (!off)
            return false;
        t->offset = off;
        t->ids_cap = cap;
    }
    if (t->arena_len + HEAD + len + 1 > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 65536;
        while (cap < t->arena_len + HEAD + len + 1)
            cap *= 2;
        char *arena = realloc(t->arena, cap);
        if (!arena)
            return false;
        t->arena = arena;
        t->arena_cap = cap;
    }
    return t->arena_len + HEAD + len < PLACE && len < UINT32_MAX;
}

bool cn_intern_is_large(const cn_intern *t)
{
    return (size_t)t->nslots * sizeof *t->slots > CN_INTERN_CACHE_BYTES;
}

void cn_intern_prefetch_slot(const cn_intern *t, uint64_t h)
{
    __builtin_prefetch(&t->slots[h & (t->nslots - 1)]);
}

/* The first slot of the probe only: a key that collided is the rare case. The slot may
 * still be on its way, or the table grown since: a wrong address is only a wasted hint. */
void cn_intern_prefetch_record(const cn_intern *t, uint64_t h)
{
    uint64_t slot = t->slots[h & (t->nslots - 1)];
    if (slot != EMPTY && (slot & TAG) == (h & TAG))
        __builtin_prefetch(t->arena + (size_t)(slot & PLACE) - 8);
}

uint32_t cn_intern_add(cn_intern *t, const char *key, size_t len, bool *added)
{
    return cn_intern_add_hashed(t, key, len, cn_intern_hash(key, len), added);
}

uint32_t cn_intern_add_hashed(cn_intern *t, const char *key, size_t len, uint64_t h, bool *added)
{
    uint32_t mask = t->nslots - 1;
    uint64_t i;
    for (i = h & mask; t->slots[i] != EMPTY; i = (i + 1) & mask)
        if (same(t, t->slots[i], h, key, len)) {
            if (added)
                *added = false;
            return record_id(t, (size_t)(t->slots[i] & PLACE));
        }
    if (!reserve(t, len))
        return CN_INTERN_NONE;
    uint32_t id = t->count++, len32 = (uint32_t)len;
    size_t at = t->arena_len + HEAD;
    memcpy(t->arena + t->arena_len, &h, 8);
    memcpy(t->arena + t->arena_len + 8, &id, 4);
    memcpy(t->arena + t->arena_len + 12, &len32, 4);
    memcpy(t->arena + at, key, len);
    t->arena[at + len] = '\0';
    t->arena_len = at + len + 1;
    t->offset[id] = at;
    t->slots[i] = (h & TAG) | at;
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

size_t cn_intern_join(char *buf, size_t size, const char *head, const char *tail, size_t tail_len)
{
    size_t hlen = strlen(head), total = hlen + 1 + tail_len, at = 0;
    if (total < size) { /* the common case, in two copies */
        memcpy(buf, head, hlen);
        buf[hlen] = '\x1f';
        memcpy(buf + hlen + 1, tail, tail_len);
        buf[total] = '\0';
        return total;
    }
    const char *piece[3] = {head, "\x1f", tail};
    size_t plen[3] = {hlen, 1, tail_len};
    for (int k = 0; k < 3 && size > 0; k++) {
        size_t n = plen[k] < size - 1 - at ? plen[k] : size - 1 - at;
        memcpy(buf + at, piece[k], n);
        at += n;
    }
    if (size > 0)
        buf[at] = '\0';
    return total;
}
