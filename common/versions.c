/* versions.c — the libraries' versions, built against and running (see versions.h). */
#include "carnet/versions.h"

#include <cairo.h>
#include <cjson/cJSON.h>
#include <gsl/gsl_version.h>
#include <igraph/igraph_version.h>
#include <microhttpd.h>
#include <nettle/version.h>
#include <png.h>
#include <sqlite3.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

#ifndef CARNET_STEMMER_VERSION
#define CARNET_STEMMER_VERSION "unknown"
#endif

/* MHD_VERSION is 0xMMmmpp00: "0.9.75". */
static void mhd_text(unsigned long hex, char *buf, size_t size)
{
    snprintf(buf, size, "%lx.%lx.%lx", (hex >> 24) & 0xff, (hex >> 16) & 0xff, (hex >> 8) & 0xff);
}

static void set(cn_version *v, const char *library, const char *built, const char *running)
{
    v->library = library;
    v->built_from = "headers";
    snprintf(v->built, sizeof v->built, "%s", built);
    snprintf(v->running, sizeof v->running, "%s", running ? running : "");
}

#define STR2(x) #x
#define STR(x) STR2(x)

void cn_versions(cn_version v[CN_VERSIONS_N])
{
    char buf[CN_VERSION_TEXT];
    set(&v[0], "SQLite", SQLITE_VERSION, sqlite3_libversion());
    set(&v[1], "utf8proc",
        STR(UTF8PROC_VERSION_MAJOR) "." STR(UTF8PROC_VERSION_MINOR) "." STR(UTF8PROC_VERSION_PATCH),
        utf8proc_version());
    /* libstemmer has no version call nor macro: the package CMake found at build time. */
    set(&v[2], "libstemmer", CARNET_STEMMER_VERSION, NULL);
    v[2].built_from = "Debian package libstemmer-dev at build time; the library has no version "
                      "call)";
    set(&v[3], "cJSON",
        STR(CJSON_VERSION_MAJOR) "." STR(CJSON_VERSION_MINOR) "." STR(CJSON_VERSION_PATCH),
        cJSON_Version());
    set(&v[4], "GSL", GSL_VERSION, gsl_version);
    const char *igraph_running = NULL;
    int major, minor, patch;
    igraph_version(&igraph_running, &major, &minor, &patch);
    set(&v[5], "igraph", IGRAPH_VERSION, igraph_running);
    set(&v[6], "cairo", CAIRO_VERSION_STRING, cairo_version_string());
    char mhd_built[CN_VERSION_TEXT];
    mhd_text(MHD_VERSION, mhd_built, sizeof mhd_built);
    set(&v[7], "libmicrohttpd", mhd_built, MHD_get_version());
    snprintf(buf, sizeof buf, "%d.%d", nettle_version_major(), nettle_version_minor());
    set(&v[8], "nettle", STR(NETTLE_VERSION_MAJOR) "." STR(NETTLE_VERSION_MINOR), buf);
    /* the figures' PNG files are encoded by these two: their bytes follow their versions */
    set(&v[9], "libpng", PNG_LIBPNG_VER_STRING, png_get_libpng_ver(NULL));
    set(&v[10], "zlib", ZLIB_VERSION, zlibVersion());
}

void cn_versions_print(const char *prog, const char *version, FILE *out)
{
    cn_version v[CN_VERSIONS_N];
    cn_versions(v);
    fprintf(out, "%s %s\nlibraries (built against; running):\n", prog, version);
    for (int i = 0; i < CN_VERSIONS_N; i++) {
        fprintf(out, "  %-14s %-10s", v[i].library, v[i].built);
        if (v[i].running[0])
            fprintf(out, " running %s", v[i].running);
        if (strcmp(v[i].built_from, "headers") != 0)
            fprintf(out, " (%s)", v[i].built_from);
        fputc('\n', out);
    }
}
