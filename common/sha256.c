/* sha256.c — a digest as hex, and a file's digest (see sha256.h). */
#include "carnet/sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

void cn_sha256_hex(const uint8_t digest[CN_SHA256_SIZE], char hex[CN_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < CN_SHA256_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * CN_SHA256_SIZE] = '\0';
}

int cn_sha256_file(const char *path, char hex[CN_SHA256_HEX], long long *bytes, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    *bytes = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&ctx, n, buf);
        *bytes += (long long)n;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return cn_error_code(err, CN_EIO, "%s: read error", path);
    uint8_t digest[CN_SHA256_SIZE];
    sha256_digest(&ctx, CN_SHA256_SIZE, digest);
    cn_sha256_hex(digest, hex);
    return 0;
}
