/* versions.h — a library's version line: as built against (the headers' macros, or where
 * else it comes from) and as running (what the loaded library reports), and the list that
 * --version prints. What a methods section cites. Each program lists the libraries it
 * links, and only those (a version line is no reason to load a library): the analysis's in
 * run_versions.h (carnet-analyse, a run's manifest.json), carnet-collect's in
 * collect_versions.h. Ownership: every string is static or lives in the caller's
 * cn_version; nothing fails. */
#ifndef CARNET_VERSIONS_H
#define CARNET_VERSIONS_H

#include <stddef.h>
#include <stdio.h>

enum { CN_VERSIONS_MAX = 12, CN_VERSION_TEXT = 48 };

typedef struct cn_version {
    const char *library;           /* "SQLite", "utf8proc", ... */
    const char *built_from;        /* "headers", or where else the built version comes from */
    char built[CN_VERSION_TEXT];   /* the version built against */
    char running[CN_VERSION_TEXT]; /* the running library's own, "" when it cannot say */
} cn_version;

/* One library, built against `built` (from its headers) and running `running` (NULL: it
 * cannot say); library is static. */
void cn_version_set(cn_version *v, const char *library, const char *built, const char *running);

/* The git commit the program was built from (12 hex digits, "-dirty" after them when the
 * tree had uncommitted changes), or "unknown" when it was not built from a git clone: the
 * version alone does not change between commits. Written at build time
 * (scripts/build_commit.cmake); static. */
const char *cn_versions_commit(void);

/* "PROG VERSION (commit C)" then one line per library of v[0..n): what --version prints. */
void cn_versions_print(const char *prog, const char *version, const cn_version *v, int n,
                       FILE *out);

#endif
