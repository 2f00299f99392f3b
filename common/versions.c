/* versions.c — a library's version line, built against and running (see versions.h). */
#include "carnet/versions.h"

#include <stdbool.h>
#include <string.h>

void cn_version_set(cn_version *v, const char *library, const char *built, const char *running)
{
    v->library = library;
    v->built_from = "headers";
    snprintf(v->built, sizeof v->built, "%s", built);
    snprintf(v->running, sizeof v->running, "%s", running ? running : "");
}

void cn_versions_print(const char *prog, const char *version, const cn_version *v, int n, FILE *out)
{
    fprintf(out, "%s %s (commit %s)\nlibraries (built against; running):\n", prog, version,
            cn_versions_commit());
    for (int i = 0; i < n; i++) {
        bool from_headers = strcmp(v[i].built_from, "headers") == 0;
        fprintf(out, "  %-14s %s", v[i].library, v[i].built);
        if (v[i].running[0] || !from_headers) /* the columns line up, no space ends a line */
            fprintf(out, "%*s", (int)(strlen(v[i].built) < 10 ? 10 - strlen(v[i].built) : 0), "");
        if (v[i].running[0])
            fprintf(out, " running %s", v[i].running);
        if (!from_headers)
            fprintf(out, " (%s)", v[i].built_from);
        fputc('\n', out);
    }
}
