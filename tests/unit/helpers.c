/* helpers.c — fixtures shared by the unit tests (see helpers.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "helpers.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

/* The process's own folder, which holds every test_tempdir and goes at exit: the tests'
 * studies are not left behind, run after run (thousands had piled up in a build folder).
 * CARNET_KEEP_TEST_DIRS=1 keeps it, to look at what a failing test wrote. */
static char process_dir[2048];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_process_dir(void)
{
    const char *keep = getenv("CARNET_KEEP_TEST_DIRS");
    if (process_dir[0] && !(keep && *keep && strcmp(keep, "0") != 0))
        nftw(process_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *test_tempdir(void)
{
    if (!process_dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(process_dir, sizeof process_dir, "%s/carnet-test-XXXXXX",
                 base && *base ? base : "/tmp");
        assert_non_null(mkdtemp(process_dir));
        atexit(remove_process_dir);
    }
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/XXXXXX", process_dir);
    assert_non_null(mkdtemp(path));
    return path;
}

char *test_write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

cn_store *test_new_store(const char *dir, char **path_out)
{
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/study.db", dir);
    cn_study study = {.name = "test", .diary_months = 6, .lost_after_days = 150, .lang = "fr"};
    cn_store *store = NULL;
    cn_error err = {0};
    if (cn_store_create(path, &study, &store, &err) < 0)
        fail_msg("%s", err.msg);
    if (path_out)
        *path_out = path;
    else
        free(path);
    return store;
}

long long test_count(const char *db_path, const char *table)
{
    static const char *const allowed[] = {"entry", "participant", "audit"};
    const char *sql = NULL;
    static const char *const queries[] = {"SELECT count(*) FROM entry",
                                          "SELECT count(*) FROM participant",
                                          "SELECT count(*) FROM audit"};
    for (int i = 0; i < 3; i++)
        if (strcmp(table, allowed[i]) == 0)
            sql = queries[i];
    assert_non_null(sql);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

cn_date test_date(const char *text)
{
    cn_date out = 0;
    cn_error err = {0};
    if (cn_date_parse(text, &out, &err) < 0)
        fail_msg("%s", err.msg);
    return out;
}
