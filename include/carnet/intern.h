/* intern.h — interned strings: each distinct string gets a dense id (0, 1, 2 ... in
 * order of first sight) and is stored once in an arena. The table owns its strings;
 * cn_intern_free releases everything. Ids are stable for the table's life. Errors: only
 * memory runs out, said by a NULL table or a CN_INTERN_NONE id. */
#ifndef CARNET_INTERN_H
#define CARNET_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CN_INTERN_NONE UINT32_MAX

typedef struct cn_intern cn_intern;

cn_intern *cn_intern_new(void);
void cn_intern_free(cn_intern *table);

/* The id of key[0..len), added if new (*added says which, when not NULL);
 * CN_INTERN_NONE when memory runs out. */
uint32_t cn_intern_add(cn_intern *table, const char *key, size_t len, bool *added);
/* The id of key, or CN_INTERN_NONE. */
uint32_t cn_intern_find(const cn_intern *table, const char *key, size_t len);

/* Many lookups in a row, their memory waits overlapped: a corpus's rarer words miss the
 * cache, and a lookup that waits for its slot, then its key, leaves the core idle. The
 * caller hashes keys ahead (cn_intern_hash), asks for the slot of a key some lookups
 * ahead and for the key's record of a nearer one, then adds with the hash it has. The
 * prefetches are hints: results never depend on them. */
uint64_t cn_intern_hash(const char *key, size_t len);
/* Whether the table's slots outgrow a core's cache (CN_INTERN_CACHE_BYTES), so that its
 * lookups miss and asking ahead pays; on a smaller table the prefetches only cost. */
#define CN_INTERN_CACHE_BYTES ((size_t)1 << 20)
bool cn_intern_is_large(const cn_intern *table);
void cn_intern_prefetch_slot(const cn_intern *table, uint64_t hash);
void cn_intern_prefetch_record(const cn_intern *table, uint64_t hash);
/* cn_intern_add for a key whose cn_intern_hash is hash. */
uint32_t cn_intern_add_hashed(cn_intern *table, const char *key, size_t len, uint64_t hash,
                              bool *added);

const char *cn_intern_str(const cn_intern *table, uint32_t id); /* NUL-terminated */
uint32_t cn_intern_count(const cn_intern *table);

/* Writes the key head "\x1f" tail[0..tail_len) into buf (size bytes), as snprintf's
 * "%s\x1f%.*s" would, cut to size - 1 bytes and NUL-terminated, and returns its whole
 * length (>= size: it was cut). No format parsing: the pipeline builds such keys for
 * every new spelling. */
size_t cn_intern_join(char *buf, size_t size, const char *head, const char *tail, size_t tail_len);

#endif
