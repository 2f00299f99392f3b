/* versions.h — the libraries Carnet is built with, and their versions: as built against
 * (the headers' macros, or for libstemmer, which has no version call, the Debian package
 * recorded by CMake at build time) and as running (what the loaded library reports).
 * What a methods section cites: both programs' --version and manifest.json use this list.
 * Ownership: every string is static or lives in the caller's cn_version; nothing fails. */
#ifndef CARNET_VERSIONS_H
#define CARNET_VERSIONS_H

#include <stddef.h>
#include <stdio.h>

enum { CN_VERSIONS_N = 11, CN_VERSION_TEXT = 48 };

typedef struct cn_version {
    const char *library;           /* "SQLite", "utf8proc", ... */
    const char *built_from;        /* "headers", or where else the built version comes from */
    char built[CN_VERSION_TEXT];   /* the version built against */
    char running[CN_VERSION_TEXT]; /* the running library's own, "" when it cannot say */
} cn_version;

/* Fills v[0..CN_VERSIONS_N) in a fixed order. */
void cn_versions(cn_version v[CN_VERSIONS_N]);

/* "PROG VERSION" then one line per library: what --version prints. */
void cn_versions_print(const char *prog, const char *version, FILE *out);

#endif
