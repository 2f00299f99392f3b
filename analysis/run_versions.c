/* run_versions.c — the analysis's libraries and their versions (see run_versions.h). */
#include "carnet/run_versions.h"

#include "carnet/figure.h"

#include <cairo.h>
#include <cjson/cJSON.h>
#include <gsl/gsl_version.h>
#include <igraph/igraph_version.h>
#include <nettle/version.h>
#include <png.h>
#include <utf8proc.h>
#include <zlib.h>

#ifndef CARNET_STEMMER_VERSION
#define CARNET_STEMMER_VERSION "unknown"
#endif

#define STR2(x) #x
#define STR(x) STR2(x)

const char *cn_run_stemmer_version(void)
{
    return CARNET_STEMMER_VERSION;
}

int cn_run_versions(cn_version *v)
{
    char buf[CN_VERSION_TEXT];
    int n = 0;
    cn_version_set(
        &v[n++], "utf8proc",
        STR(UTF8PROC_VERSION_MAJOR) "." STR(UTF8PROC_VERSION_MINOR) "." STR(UTF8PROC_VERSION_PATCH),
        utf8proc_version());
    /* libstemmer has no version call nor macro: the package CMake found at build time. */
    cn_version_set(&v[n], "libstemmer", cn_run_stemmer_version(), NULL);
    v[n++].built_from = "Debian package libstemmer-dev at build time; the library has no "
                        "version call";
    cn_version_set(
        &v[n++], "cJSON",
        STR(CJSON_VERSION_MAJOR) "." STR(CJSON_VERSION_MINOR) "." STR(CJSON_VERSION_PATCH),
        cJSON_Version());
    cn_version_set(&v[n++], "GSL", GSL_VERSION, gsl_version);
    const char *igraph_running = NULL;
    int major, minor, patch;
    igraph_version(&igraph_running, &major, &minor, &patch);
    cn_version_set(&v[n++], "igraph", IGRAPH_VERSION, igraph_running);
    cn_version_set(&v[n++], "cairo", CAIRO_VERSION_STRING, cairo_version_string());
    snprintf(buf, sizeof buf, "%d.%d", nettle_version_major(), nettle_version_minor());
    cn_version_set(&v[n++], "nettle", STR(NETTLE_VERSION_MAJOR) "." STR(NETTLE_VERSION_MINOR), buf);
    /* the figures' PNG files are encoded by these two: their bytes follow their versions */
    cn_version_set(&v[n++], "libpng", PNG_LIBPNG_VER_STRING, png_get_libpng_ver(NULL));
    cn_version_set(&v[n++], "zlib", ZLIB_VERSION, zlibVersion());
    /* the figures' labels are measured in their font: another face (DejaVu Sans missing)
     * fits other words in them (trial 71) */
    cn_figure_font_used(buf, sizeof buf);
    cn_version_set(&v[n], "figures' font", CN_FIGURE_FONT, buf);
    v[n++].built_from = "the family the figures ask for; running: the face fontconfig gave";
    return n;
}
