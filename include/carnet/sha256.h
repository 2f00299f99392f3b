/* sha256.h — SHA-256 (nettle's) as Carnet shows and records it: a digest in lower-case
 * hex (the audit trail's hashes, a run's input), and the digest and size of a whole file.
 * Nothing is allocated; cn_sha256_file returns 0 or a negative cn_error code naming the
 * file. */
#ifndef CARNET_SHA256_H
#define CARNET_SHA256_H

#include <stdint.h>

#include "carnet/error.h"

#define CN_SHA256_SIZE 32                      /* bytes of a digest */
#define CN_SHA256_HEX (2 * CN_SHA256_SIZE + 1) /* a digest as hex, with its NUL */

/* digest as 64 lower-case hex digits. */
void cn_sha256_hex(const uint8_t digest[CN_SHA256_SIZE], char hex[CN_SHA256_HEX]);

/* The SHA-256 of the whole file at path, as hex, and its size in bytes. CN_ENOTFOUND
 * (or CN_EIO) when it cannot be opened, CN_EIO when it cannot be read. */
int cn_sha256_file(const char *path, char hex[CN_SHA256_HEX], long long *bytes, cn_error *err);

#endif
