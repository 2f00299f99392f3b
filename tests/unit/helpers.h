/* helpers.h — small fixtures for the unit tests: temporary files and a fresh study. */
#ifndef CARNET_TEST_HELPERS_H
#define CARNET_TEST_HELPERS_H

#include <stddef.h>

#include "carnet/date.h"
#include "carnet/store.h"

/* A fresh directory under $TMPDIR (or /tmp), removed with everything in it when the test
 * program exits (unless CARNET_KEEP_TEST_DIRS=1); the path is malloc'd. */
char *test_tempdir(void);
/* Writes len bytes to dir/name and returns the malloc'd path. */
char *test_write_file(const char *dir, const char *name, const char *data, size_t len);
/* Creates dir/study.db with default settings; aborts the test on failure. */
cn_store *test_new_store(const char *dir, char **path_out);
/* Counts rows of a table through a separate connection: "entry", "participant", "audit". */
long long test_count(const char *db_path, const char *table);

/* The date of a "YYYY-MM-DD" text; fails the test when it does not parse. */
cn_date test_date(const char *text);

#endif
