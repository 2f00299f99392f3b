/* fuzz_import.c — cn_import_file on any bytes as a CSV file (or, built with
 * FUZZ_IMPORT_JSON, a JSON file), into a fresh copy of a study that already holds the
 * demo's participants, read in one of the encodings --encoding takes (picked by a hash of
 * the bytes, so that every seed stays whole and mutations reach all four). All or nothing:
 * a refused import must leave every table's content exactly as it was; an accepted one
 * must add the rows it reports and nothing else. Only the public API is used, so the
 * target keeps working while import.c changes. */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "carnet/import.h"
#include "carnet/jsonraw.h"
#include "carnet/utf8.h"
#include "carnet/store.h"
#include "fuzz_util.h"

#ifdef FUZZ_IMPORT_JSON
#define FUZZ_NAME "in.json"
#define FUZZ_FORMAT CN_FORMAT_JSON
#else
#define FUZZ_NAME "in.csv"
#define FUZZ_FORMAT CN_FORMAT_CSV
#endif

/* The template study, made once: its bytes are copied for every input. */
static unsigned char *template_db;
static size_t template_size;

static void make_template(void)
{
    const char *path = fuzz_path(0, "template.db");
    unlink(path);
    cn_study study = {.name = "fuzz", .diary_months = 6, .lost_after_days = 150, .lang = "fr"};
    cn_store *store = NULL;
    cn_error err = {0};
    cn_import_options options = {.format = CN_FORMAT_CSV};
    cn_import_result result;
    if (cn_store_create(path, &study, &store, &err) < 0 ||
        cn_date_parse("2026-06-01", &options.today, &err) < 0 ||
        cn_import_file(store, CARNET_SOURCE_DIR "/corpora/demo/participants.csv", &options, &result,
                       &err) < 0)
        fuzz_fail("template study: %s", err.msg);
    cn_store_close(store);
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
        fuzz_fail("cannot read %s", path);
    template_size = (size_t)ftell(f);
    rewind(f);
    template_db = malloc(template_size);
    if (!template_db || fread(template_db, 1, template_size, f) != template_size)
        fuzz_fail("cannot read %s", path);
    fclose(f);
}

/* FNV-1a over bytes, folded into *h. */
static void hash_bytes(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ p[i]) * 0x100000001b3ULL;
}

/* A fingerprint of the database's whole content: the schema, then every row of every
 * table in rowid order, column by column with its type; and the rows of two tables. */
typedef struct content {
    uint64_t hash;
    long long participants, entries;
} content;

static content read_content(const char *path)
{
    sqlite3 *db;
    content c = {0xcbf29ce484222325ULL, 0, 0};
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fuzz_fail("cannot open %s", path);
    sqlite3_stmt *tables, *rows;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master ORDER BY type, name", -1,
                           &tables, NULL) != SQLITE_OK)
        fuzz_fail("%s", sqlite3_errmsg(db));
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        const char *sql = (const char *)sqlite3_column_text(tables, 1);
        hash_bytes(&c.hash, name, strlen(name) + 1);
        if (!sql || strncmp(sql, "CREATE TABLE", 12) != 0)
            continue;
        hash_bytes(&c.hash, sql, strlen(sql) + 1);
        /* table names come from the schema, not from the input */
        char query[512];
        snprintf(query, sizeof query, "SELECT * FROM \"%s\" ORDER BY rowid", name);
        if (sqlite3_prepare_v2(db, query, -1, &rows, NULL) != SQLITE_OK)
            continue; /* WITHOUT ROWID tables: none in Carnet's schema */
        long long count = 0;
        while (sqlite3_step(rows) == SQLITE_ROW) {
            count++;
            for (int k = 0; k < sqlite3_column_count(rows); k++) {
                int type = sqlite3_column_type(rows, k);
                const void *v = sqlite3_column_blob(rows, k);
                hash_bytes(&c.hash, &type, sizeof type);
                if (v)
                    hash_bytes(&c.hash, v, (size_t)sqlite3_column_bytes(rows, k));
            }
        }
        sqlite3_finalize(rows);
        if (strcmp(name, "participant") == 0)
            c.participants = count;
        else if (strcmp(name, "entry") == 0)
            c.entries = count;
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return c;
}

static const char *fresh_study(void)
{
    const char *path = fuzz_path(2, "study.db");
    const uint8_t *bytes = template_db;
    return fuzz_write(2, "study.db", bytes, template_size) ? path : NULL;
}

#ifdef FUZZ_IMPORT_JSON
/* The strict grammar check never accepts what cJSON, which is lenient, refuses: a text it
 * calls whole is parsed, or the import would blame memory for a broken file. */
static void check_grammar(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t bad;
    if (memchr(text, '\0', size) || !cn_utf8_valid(text, size, &bad) ||
        !cn_jsonraw_well_formed(text, size, CJSON_NESTING_LIMIT, &bad))
        return;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, size, &end, 0);
    if (!root)
        fuzz_fail("well formed by cn_jsonraw_well_formed, refused by cJSON");
    cJSON_Delete(root);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!template_db)
        make_template();
#ifdef FUZZ_IMPORT_JSON
    check_grammar(data, size);
#endif
    const char *input = fuzz_write(1, FUZZ_NAME, data, size);
    const char *db = fresh_study();
    content before = read_content(db);
    cn_store *store = NULL;
    cn_error err = {0};
    if (cn_store_open(db, &store, &err) < 0)
        fuzz_fail("cannot open the copy: %s", err.msg);
    uint64_t h = 0xcbf29ce484222325ULL;
    hash_bytes(&h, data, size);
    cn_import_options options = {.format = FUZZ_FORMAT,
                                 .encoding = (cn_encoding)(h % (CN_ENC_MACROMAN + 1))};
    cn_date_parse("2026-06-01", &options.today, &err);
    cn_import_result result = {0};
    int rc = cn_import_file(store, input, &options, &result, &err);
    cn_store_close(store);
    content after = read_content(db);
    if (rc < 0) {
        if (!err.msg[0])
            fuzz_fail("refused without a message");
        if (after.hash != before.hash)
            fuzz_fail("a refused import changed the database (%s)", err.msg);
        return 0;
    }
    if (after.participants - before.participants != (long long)result.participants_added ||
        after.entries - before.entries != (long long)result.entries_added)
        fuzz_fail("reported %zu participants and %zu entries added; the tables grew by %lld "
                  "and %lld",
                  result.participants_added, result.entries_added,
                  after.participants - before.participants, after.entries - before.entries);
    return 0;
}
