/* store_internal.h — what the collector's modules share about the open database:
 * the SQLite handle and small helpers for prepared statements. Not a public header. */
#ifndef CARNET_STORE_INTERNAL_H
#define CARNET_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "carnet/store.h"

struct cn_store {
    sqlite3 *db;
    char path[4096];
    int depth; /* open cn_store_begin calls: the outermost is BEGIN, the inner ones savepoints */
};

/* Prepares sql on the store's connection; on failure writes SQLite's message to err. */
int cn_store_prepare(cn_store *store, const char *sql, sqlite3_stmt **stmt, cn_error *err);

/* Runs a statement that returns no rows, then finalizes it. */
int cn_store_exec(cn_store *store, const char *sql, cn_error *err);

/* Binds text, or NULL when text is NULL or empty. */
int cn_store_bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text);

/* Copies column text into a fixed buffer ("" for NULL). */
void cn_store_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t size);

#endif
