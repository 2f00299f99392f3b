/* copies.c — the copies of a study that its own folder shows (store.h's
 * cn_store_copies_beside): what an erasure or a recode cannot reach, named by the command
 * that leaves them, and the runs folder of a renamed study, named by the desk. */
#include "carnet/store.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/outfile.h"

#define COPIES_MAX 64 /* more are not named: a folder of 64 copies is said well enough */

/* "study.db.schema7.bak" or "study.db.schema7-2.bak" for base "study.db". */
static bool is_kept_copy(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || strncmp(name + n, ".schema", 7) != 0)
        return false;
    const char *p = name + n + 7;
    size_t digits = strspn(p, "0123456789");
    if (digits == 0)
        return false;
    p += digits;
    if (*p == '-') {
        digits = strspn(p + 1, "0123456789");
        if (digits == 0)
            return false;
        p += 1 + digits;
    }
    return strcmp(p, ".bak") == 0;
}

static bool is_runs(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".runs") == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t cn_store_copies_beside(const char *db_path, cn_store_copy_fn each, void *ctx)
{
    const char *slash = strrchr(db_path, '/');
    const char *base = slash ? slash + 1 : db_path;
    int folder_len = slash ? (int)(slash - db_path) : 0; /* the copies' names: as db_path's */
    char folder[4096];
    cn_out_folder_of(db_path, folder, sizeof folder);
    DIR *dir = opendir(folder);
    if (!dir)
        return 0;
    char *names[COPIES_MAX];
    size_t n = 0;
    struct dirent *e;
    while (n < COPIES_MAX && (e = readdir(dir)))
        if ((is_kept_copy(e->d_name, base) || is_runs(e->d_name)) &&
            (names[n] = strdup(e->d_name)) != NULL)
            n++;
    closedir(dir);
    qsort(names, n, sizeof *names, by_name);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        char path[8200];
        struct stat st;
        snprintf(path, sizeof path, "%.*s%s%s", folder_len, db_path, slash ? "/" : "", names[i]);
        bool runs = is_runs(names[i]) && !is_kept_copy(names[i], base);
        /* a kept copy is a file, a runs folder a folder: anything else is not ours */
        if (lstat(path, &st) == 0 && (runs ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))) {
            each(path, runs, ctx);
            found++;
        }
        free(names[i]);
    }
    return found;
}
