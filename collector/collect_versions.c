/* collect_versions.c — carnet-collect's libraries and their versions (see
 * collect_versions.h). */
#include "carnet/collect_versions.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <microhttpd.h>
#include <nettle/version.h>
#include <sqlite3.h>
#include <utf8proc.h>

#define STR2(x) #x
#define STR(x) STR2(x)

/* MHD_VERSION is 0xMMmmpp00: "0.9.75". */
static void mhd_text(unsigned long hex, char *buf, size_t size)
{
    snprintf(buf, size, "%lx.%lx.%lx", (hex >> 24) & 0xff, (hex >> 16) & 0xff, (hex >> 8) & 0xff);
}

int cn_collect_versions(cn_version *v)
{
    char buf[CN_VERSION_TEXT];
    int n = 0;
    cn_version_set(&v[n++], "SQLite", SQLITE_VERSION, sqlite3_libversion());
    cn_version_set(
        &v[n++], "utf8proc",
        STR(UTF8PROC_VERSION_MAJOR) "." STR(UTF8PROC_VERSION_MINOR) "." STR(UTF8PROC_VERSION_PATCH),
        utf8proc_version());
    cn_version_set(
        &v[n++], "cJSON",
        STR(CJSON_VERSION_MAJOR) "." STR(CJSON_VERSION_MINOR) "." STR(CJSON_VERSION_PATCH),
        cJSON_Version());
    cn_version_set(&v[n], "libcsv", STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE), NULL);
    v[n++].built_from = "its header's; the library has no version call";
    mhd_text(MHD_VERSION, buf, sizeof buf);
    cn_version_set(&v[n++], "libmicrohttpd", buf, MHD_get_version());
    snprintf(buf, sizeof buf, "%d.%d", nettle_version_major(), nettle_version_minor());
    cn_version_set(&v[n++], "nettle", STR(NETTLE_VERSION_MAJOR) "." STR(NETTLE_VERSION_MINOR), buf);
    return n;
}
