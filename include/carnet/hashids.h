/* hashids.h — ids found by a 64-bit hash, for callers that confirm what a hash finds (an
 * import's duplicate check): one id per hash and kind, the kind being the id's sign.
 * The set owns its slots (cn_hashids_clear frees them); cn_hashids_put returns -1 only
 * when memory runs out, the set then unchanged. A zeroed cn_hashids is an empty set. */
#ifndef CARNET_HASHIDS_H
#define CARNET_HASHIDS_H

#include <stddef.h>
#include <stdint.h>

typedef struct cn_hashid_slot {
    uint64_t hash;
    int64_t id; /* 0: empty */
} cn_hashid_slot;

typedef struct cn_hashids {
    cn_hashid_slot *slots;
    size_t cap, used; /* cap a power of two, used at most half of it */
} cn_hashids;

/* The id stored for hash among the positive ids (negative false) or the negative ones, or
 * 0 when there is none. */
int64_t cn_hashids_get(const cn_hashids *set, uint64_t hash, int negative);
/* Stores id (not 0) for hash, replacing the id of the same hash and sign; 0, or -1. */
int cn_hashids_put(cn_hashids *set, uint64_t hash, int64_t id);
void cn_hashids_clear(cn_hashids *set);

/* FNV-1a over data, from h (0xcbf29ce484222325 to start): a spread of hashes, not a
 * secret, for keys whose matches the caller confirms. */
uint64_t cn_hashids_fnv(uint64_t h, const void *data, size_t n);

#endif
