/* utf8.h — strict UTF-8 validation shared by the collector's imports and the corpus reader.
 * Pure functions on caller-owned buffers; nothing is allocated. */
#ifndef CARNET_UTF8_H
#define CARNET_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when buf[0..len) is well-formed UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF). On false, *bad_offset (if not NULL) is the byte offset of the first
 * invalid sequence. */
bool cn_utf8_valid(const char *buf, size_t len, size_t *bad_offset);

#endif
