/* audit.c — the audit trail as a SHA-256 hash chain (see audit.h and the schema in store.c).
 *
 * Where the hashing happens: in SQLite, through an application-defined SQL function,
 * cn_sha256(...), that the collector registers on every connection it opens. The triggers
 * call it, so every change is chained inside the same statement and transaction as the change
 * itself, whatever path it took (command, library call), and the verification recomputes the
 * same hashes with the same function, so the encoding is written once; only the fingerprints
 * of an import's entries are computed here in C, with the same encoding, to spare an import a
 * trigger per row (see the appender below). A side effect is wanted: the sqlite3 shell does
 * not know the function, so a plain UPDATE or DELETE on a table with triggers fails there
 * ("no such function: cn_sha256"); whoever goes round that (triggers disabled or dropped), or
 * inserts an entry, leaves rows that no longer match their last record, or have none.
 *
 * cn_sha256 hashes its arguments in an encoding that cannot be ambiguous: for each one a type
 * byte ('n' NULL, 'i' integer, 'f' real, 't' text, 'b' blob), then for integers and reals
 * their 8 bytes, big-endian, and for text and blobs their length on 8 bytes, big-endian, then
 * their bytes. It returns the 32-byte digest as a blob. */
#include "carnet/audit.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"
#include "carnet/sha256.h"
#include "carnet/utf8.h"
#include "store_internal.h"

/* The tag byte and, for text and blobs, the length: one update rather than two. */
static void put_header(struct sha256_ctx *h, uint8_t tag, uint64_t n)
{
    uint8_t bytes[9] = {tag};
    for (int i = 0; i < 8; i++)
        bytes[1 + i] = (uint8_t)(n >> (56 - 8 * i));
    sha256_update(h, sizeof bytes, bytes);
}

static void put_tagged(struct sha256_ctx *h, uint8_t tag, const void *data, size_t len)
{
    put_header(h, tag, len);
    if (len)
        sha256_update(h, len, data);
}

void cn_audit_hash_init(cn_audit_hasher *h)
{
    sha256_init(&h->sha);
}

void cn_audit_hash_null(cn_audit_hasher *h)
{
    uint8_t tag = 'n';
    sha256_update(&h->sha, 1, &tag);
}

void cn_audit_hash_int(cn_audit_hasher *h, int64_t n)
{
    put_header(&h->sha, 'i', (uint64_t)n);
}

static void hash_real(cn_audit_hasher *h, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    put_header(&h->sha, 'f', bits);
}

void cn_audit_hash_text(cn_audit_hasher *h, const char *text, size_t len)
{
    put_tagged(&h->sha, 't', text, len);
}

void cn_audit_hash_blob(cn_audit_hasher *h, const void *blob, size_t len)
{
    put_tagged(&h->sha, 'b', blob, len);
}

void cn_audit_hash_done(cn_audit_hasher *h, uint8_t digest[CN_AUDIT_HASH_SIZE])
{
    sha256_digest(&h->sha, CN_AUDIT_HASH_SIZE, digest);
}

static void sql_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    cn_audit_hasher h;
    cn_audit_hash_init(&h);
    for (int i = 0; i < argc; i++) {
        sqlite3_value *v = argv[i];
        switch (sqlite3_value_type(v)) {
        case SQLITE_INTEGER:
            cn_audit_hash_int(&h, sqlite3_value_int64(v));
            break;
        case SQLITE_FLOAT:
            hash_real(&h, sqlite3_value_double(v));
            break;
        case SQLITE_TEXT: {
            const unsigned char *text = sqlite3_value_text(v);
            if (!text) {
                sqlite3_result_error_nomem(ctx);
                return;
            }
            cn_audit_hash_text(&h, (const char *)text, (size_t)sqlite3_value_bytes(v));
            break;
        }
        case SQLITE_BLOB: {
            const void *blob = sqlite3_value_blob(v);
            int len = sqlite3_value_bytes(v);
            if (!blob && len > 0) {
                sqlite3_result_error_nomem(ctx);
                return;
            }
            cn_audit_hash_blob(&h, blob, (size_t)len);
            break;
        }
        default:
            cn_audit_hash_null(&h);
        }
    }
    uint8_t digest[CN_AUDIT_HASH_SIZE];
    cn_audit_hash_done(&h, digest);
    sqlite3_result_blob(ctx, digest, sizeof digest, SQLITE_TRANSIENT);
}

int cn_audit_register(sqlite3 *db)
{
    /* Deterministic: the same arguments always give the same digest. Innocuous: it has no
     * side effect, so the schema's triggers may call it even with trusted_schema off. */
    return sqlite3_create_function_v2(db, "cn_sha256", -1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                      sql_sha256, NULL, NULL, NULL);
}

static int db_fail(cn_store *store, cn_error *err)
{
    return cn_store_failure(store, err);
}

/* The blob in a column when it is a hash, else NULL. */
static const void *column_hash(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_BLOB ||
        sqlite3_column_bytes(s, col) != CN_AUDIT_HASH_SIZE)
        return NULL;
    return sqlite3_column_blob(s, col);
}

/* ---- the records of an import -------------------------------------------------------- */

struct cn_audit_appender {
    cn_store *store;
    sqlite3_stmt *typed; /* with_content: one record, read from the entry in SQL */
    sqlite3_stmt *pack;  /* else: the record of the pending fingerprints */
    uint8_t *fps;        /* pending fingerprints, CN_AUDIT_HASH_SIZE bytes each */
    size_t n, cap;       /* fingerprints pending; capacity in fingerprints */
    int64_t first;       /* id of the first pending entry; the others follow it */
    char at[32];         /* creation time of the first pending entry */
};

#define ENTRY_VALUE(EXPR) "(SELECT " EXPR " FROM entry AS e WHERE e.id = ?1)"

int cn_audit_appender_open(cn_store *store, bool with_content, cn_audit_appender **out,
                           cn_error *err)
{
    cn_audit_appender *a = calloc(1, sizeof *a);
    if (!a)
        return cn_error_code(err, CN_ENOMEM, "out of memory");
    a->store = store;
    int rc =
        with_content
            ? cn_store_prepare(store,
                               CN_CHAIN_APPEND(ENTRY_VALUE("e.created"), "'entry'", "?1",
                                               "'insert'", "NULL", ENTRY_VALUE(CN_ENTRY_JSON("e")),
                                               ENTRY_VALUE(CN_FP_ENTRY("e"))),
                               &a->typed, err)
            : cn_store_prepare(
                  store,
                  CN_CHAIN_APPEND("?1", "'entry'", "?2", "'fingerprints'", "NULL", "?3", "?4"),
                  &a->pack, err);
    if (rc < 0) {
        cn_audit_appender_close(a);
        return -1;
    }
    *out = a;
    return 0;
}

void cn_audit_appender_close(cn_audit_appender *a)
{
    if (!a)
        return;
    sqlite3_finalize(a->typed);
    sqlite3_finalize(a->pack);
    free(a->fps);
    free(a);
}

/* What CN_FP_ENTRY computes in SQL, from the values the writer has just stored. */
static void entry_fingerprint(const cn_audit_entry *e, uint8_t fp[CN_AUDIT_HASH_SIZE])
{
    cn_audit_hasher h;
    cn_audit_hash_init(&h);
    cn_audit_hash_text(&h, "entry", 5);
    cn_audit_hash_int(&h, e->id);
    cn_audit_hash_int(&h, e->participant_id);
    cn_audit_hash_text(&h, e->date, e->date_len);
    cn_audit_hash_text(&h, e->text, e->text_len);
    cn_audit_hash_text(&h, e->source, strlen(e->source));
    cn_audit_hash_text(&h, e->created, strlen(e->created));
    cn_audit_hash_text(&h, e->updated, strlen(e->updated));
    cn_audit_hash_done(&h, fp);
}

int cn_audit_appender_flush(cn_audit_appender *a, cn_error *err)
{
    if (!a->pack || a->n == 0)
        return 0;
    char after[128];
    snprintf(after, sizeof after, "{\"first_id\":%lld,\"last_id\":%lld,\"entries\":%zu}",
             (long long)a->first, (long long)a->first + (long long)a->n - 1, a->n);
    sqlite3_stmt *s = a->pack;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, a->at, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, a->first);
    sqlite3_bind_text(s, 3, after, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 4, a->fps, (sqlite3_uint64)a->n * CN_AUDIT_HASH_SIZE, SQLITE_STATIC);
    int step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_fail(a->store, err);
    a->n = 0;
    return 0;
}

int cn_audit_append_entry(cn_audit_appender *a, const cn_audit_entry *e, cn_error *err)
{
    if (a->typed) {
        sqlite3_reset(a->typed);
        sqlite3_bind_int64(a->typed, 1, e->id);
        int step = sqlite3_step(a->typed);
        sqlite3_reset(a->typed);
        return step == SQLITE_DONE ? 0 : db_fail(a->store, err);
    }
    /* A record covers consecutive ids: an import's entries get them in a row, unless an id
     * is reused (the last entry deleted before): then a new record begins. */
    if (a->n > 0 && e->id != a->first + (int64_t)a->n && cn_audit_appender_flush(a, err) < 0)
        return -1;
    if (cn_grow((void **)&a->fps, &a->cap, a->n + 1, CN_AUDIT_HASH_SIZE) < 0)
        return cn_error_code(err, CN_ENOMEM, "out of memory");
    if (a->n == 0) {
        a->first = e->id;
        snprintf(a->at, sizeof a->at, "%s", e->created);
    }
    entry_fingerprint(e, a->fps + a->n * CN_AUDIT_HASH_SIZE);
    a->n++;
    return 0;
}

/* ---- starting the chain on an existing study (the migration to version 2) ----------- */

/* Seals the records from id `from` on, in id order: each gets the hash of the one before it
 * and its own over its fields as they are now. The migration to version 2 seals the records
 * written before it (from 1: that binds them from now on, and proves nothing about them
 * before); an erasure or a recode seals again those after the first it changed
 * (cn_audit_rewrite). */
static int seal_records(cn_store *store, int64_t from, cn_error *err)
{
    sqlite3_stmt *next = NULL, *seal = NULL, *before = NULL;
    int rc = -1;
    if (cn_store_prepare(store, "SELECT min(id) FROM audit WHERE id > ?", &next, err) < 0 ||
        cn_store_prepare(store,
                         "UPDATE audit SET prev = ?1, hash = cn_sha256(?1, at, tbl, row_id, action,"
                         " before, after, fp) WHERE id = ?2 RETURNING hash",
                         &seal, err) < 0 ||
        cn_store_prepare(store, "SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1",
                         &before, err) < 0)
        goto done;
    uint8_t prev[CN_AUDIT_HASH_SIZE];
    bool have_prev = false;
    sqlite3_bind_int64(before, 1, from);
    int step = sqlite3_step(before);
    if (step == SQLITE_ROW && sqlite3_column_bytes(before, 0) == CN_AUDIT_HASH_SIZE) {
        memcpy(prev, sqlite3_column_blob(before, 0), sizeof prev);
        have_prev = true;
    } else if (step != SQLITE_DONE && step != SQLITE_ROW) {
        db_fail(store, err);
        goto done;
    }
    int64_t id = from - 1;
    for (;;) {
        sqlite3_reset(next);
        sqlite3_bind_int64(next, 1, id);
        if (sqlite3_step(next) != SQLITE_ROW) {
            db_fail(store, err);
            goto done;
        }
        if (sqlite3_column_type(next, 0) == SQLITE_NULL)
            break;
        id = sqlite3_column_int64(next, 0);
        sqlite3_reset(seal);
        if (have_prev)
            sqlite3_bind_blob(seal, 1, prev, sizeof prev, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(seal, 1);
        sqlite3_bind_int64(seal, 2, id);
        if (sqlite3_step(seal) != SQLITE_ROW ||
            sqlite3_column_bytes(seal, 0) != CN_AUDIT_HASH_SIZE) {
            db_fail(store, err);
            goto done;
        }
        memcpy(prev, sqlite3_column_blob(seal, 0), sizeof prev);
        have_prev = true;
        if (sqlite3_step(seal) != SQLITE_DONE) {
            db_fail(store, err);
            goto done;
        }
    }
    rc = 0;
done:
    sqlite3_finalize(next);
    sqlite3_finalize(seal);
    sqlite3_finalize(before);
    return rc;
}

int cn_audit_require_reason(const char *reason, const char *example, cn_error *err)
{
    if (!reason || !reason[strspn(reason, " \t\r\n")])
        return cn_error_code(err, CN_EINVALID, "--reason: required, for the audit trail (%s)",
                             example);
    if (!cn_utf8_valid(reason, strlen(reason), NULL))
        return cn_error_code(err, CN_EINVALID, "--reason: not valid UTF-8");
    return 0;
}

int cn_audit_rewrite(cn_store *store, int64_t from, cn_audit_change change, void *arg,
                     cn_error *err)
{
    if (cn_store_exec(store, "DROP TRIGGER audit_bu", err) < 0 || change(store, arg, err) < 0 ||
        seal_records(store, from, err) < 0 || cn_store_exec(store, CN_AUDIT_APPEND_ONLY, err) < 0)
        return -1;
    return 0;
}

/* One "baseline" record per row of a table: its fingerprint as it is at the migration. */
static int baseline_table(cn_store *store, const char *ids_sql, const char *append_sql,
                          cn_error *err)
{
    sqlite3_stmt *ids = NULL, *append = NULL;
    int rc = -1, step;
    if (cn_store_prepare(store, ids_sql, &ids, err) < 0 ||
        cn_store_prepare(store, append_sql, &append, err) < 0)
        goto done;
    while ((step = sqlite3_step(ids)) == SQLITE_ROW) {
        sqlite3_reset(append);
        sqlite3_bind_int64(append, 1, sqlite3_column_int64(ids, 0));
        if (sqlite3_step(append) != SQLITE_DONE) {
            db_fail(store, err);
            goto done;
        }
    }
    if (step != SQLITE_DONE) {
        db_fail(store, err);
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(ids);
    sqlite3_finalize(append);
    return rc;
}

#define BASELINE(TBL, FP)                                                                          \
    CN_CHAIN_APPEND(CN_SQL_NOW, "'" TBL "'", "?1", "'baseline'", "NULL", "NULL",                   \
                    "(SELECT " FP " FROM " TBL " AS r WHERE r.id = ?1)")

int cn_audit_start_chain(cn_store *store, cn_error *err)
{
    if (seal_records(store, 1, err) < 0 ||
        baseline_table(store, "SELECT id FROM study ORDER BY id",
                       BASELINE("study", CN_FP_STUDY("r")), err) < 0 ||
        baseline_table(store, "SELECT id FROM participant ORDER BY id",
                       BASELINE("participant", CN_FP_PARTICIPANT("r")), err) < 0 ||
        baseline_table(store, "SELECT id FROM entry ORDER BY id",
                       BASELINE("entry", CN_FP_ENTRY("r")), err) < 0)
        return cn_error_prefix(err, "starting the audit chain");
    return 0;
}

/* ---- verification ------------------------------------------------------------------- */

_Static_assert(CN_AUDIT_HASH_SIZE == CN_SHA256_SIZE && CN_AUDIT_HEX == CN_SHA256_HEX,
               "the audit trail's hashes are SHA-256 digests");

static void to_hex(const void *hash, char hex[CN_AUDIT_HEX])
{
    cn_sha256_hex(hash, hex);
}

static bool same_hash(const void *a, const void *b)
{
    return a && b && memcmp(a, b, CN_AUDIT_HASH_SIZE) == 0;
}

/* Says what is wrong with one record, or returns false when it links and matches. */
static bool record_problem(sqlite3_stmt *s, const uint8_t *last, int64_t last_id, int64_t id,
                           cn_audit_verdict *v)
{
    const void *prev = column_hash(s, 1), *hash = column_hash(s, 2), *again = column_hash(s, 3);
    bool prev_null = sqlite3_column_type(s, 1) == SQLITE_NULL;
    char *p = v->problem;
    size_t size = sizeof v->problem;
    if (!hash) {
        snprintf(p, size, "audit record %lld: has no hash (written outside the chain)",
                 (long long)id);
    } else if (!last && !prev_null) {
        snprintf(p, size,
                 "audit record %lld: the chain does not start here (the records before it were"
                 " deleted)",
                 (long long)id);
    } else if (last && !same_hash(prev, last)) {
        if (id > last_id + 1)
            snprintf(p, size,
                     "audit record %lld: does not follow record %lld (record %lld is missing:"
                     " deleted)",
                     (long long)id, (long long)last_id, (long long)(last_id + 1));
        else
            snprintf(p, size,
                     "audit record %lld: does not follow record %lld (a record was deleted or"
                     " rewritten)",
                     (long long)id, (long long)last_id);
    } else if (!same_hash(again, hash)) {
        snprintf(p, size, "audit record %lld: its content does not match its hash (rewritten)",
                 (long long)id);
    } else {
        return false;
    }
    return true;
}

static int verify_chain(cn_store *store, cn_audit_verdict *v, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, "SELECT id, prev, hash, " CN_RECORD_HASH " FROM audit ORDER BY id",
                         &s, err) < 0)
        return -1;
    uint8_t last[CN_AUDIT_HASH_SIZE];
    bool have_last = false;
    int64_t last_id = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (record_problem(s, have_last ? last : NULL, last_id, id, v)) {
            v->holds = false;
            break;
        }
        memcpy(last, sqlite3_column_blob(s, 2), sizeof last);
        have_last = true;
        last_id = id;
        v->records++;
    }
    int rc = 0;
    if (v->holds && step != SQLITE_DONE)
        rc = db_fail(store, err);
    else if (have_last)
        to_hex(last, v->head);
    sqlite3_finalize(s);
    return rc;
}

/* The last record of each row of a table (SQLite gives the bare column fp from the row
 * where max(id) is found). Summary records ("import", a schema's "upgrade", an "erase", a
 * "recode") and the
 * reasons given for an edit ("reason", see cn_entry_edit) describe no row's content; an import's
 * fingerprints are read from temp.audit_fp, where unpack_fingerprints spreads them. */
#define ROW_RECORDS(TBL)                                                                           \
    "SELECT id, row_id, fp FROM audit WHERE tbl = '" TBL "'"                                       \
    " AND action NOT IN ('import', 'fingerprints', 'reason', 'upgrade', 'erase', 'recode')"
#define LAST_OF(RECORDS) "(SELECT row_id, max(id) AS id, fp FROM (" RECORDS ") GROUP BY row_id)"

typedef struct table_check {
    const char *name;
    const char *rows_sql; /* id, last record's id, its fp, the row's fingerprint now */
    const char *gone_sql; /* rows whose last record has them present, but which are gone */
} table_check;

#define TABLE_CHECK(TBL, LAST, FP)                                                                 \
    {                                                                                              \
        TBL,                                                                                       \
            "SELECT t.id, l.id, l.fp, " FP " FROM " TBL " AS t LEFT JOIN " LAST                    \
            " AS l ON l.row_id = t.id ORDER BY t.id",                                              \
            "SELECT l.row_id, l.id FROM " LAST " AS l WHERE l.fp IS NOT NULL AND NOT EXISTS"       \
            " (SELECT 1 FROM " TBL " AS t WHERE t.id = l.row_id) ORDER BY l.row_id"                \
    }

static const table_check tables[] = {
    TABLE_CHECK("study", LAST_OF(ROW_RECORDS("study")), CN_FP_STUDY("t")),
    TABLE_CHECK("participant", LAST_OF(ROW_RECORDS("participant")), CN_FP_PARTICIPANT("t")),
    TABLE_CHECK("entry",
                LAST_OF(ROW_RECORDS("entry") " UNION ALL SELECT rec, row_id, fp FROM"
                                             " temp.audit_fp"),
                CN_FP_ENTRY("t")),
};

/* Spreads each "fingerprints" record into one row per entry of temp.audit_fp, the later
 * record winning when an id was reused. */
static int unpack_fingerprints(cn_store *store, cn_audit_verdict *v, cn_error *err)
{
    if (cn_store_exec(store,
                      "DROP TABLE IF EXISTS temp.audit_fp;"
                      "CREATE TEMP TABLE audit_fp (row_id INTEGER PRIMARY KEY, rec INTEGER NOT"
                      " NULL, fp BLOB NOT NULL)",
                      err) < 0)
        return -1;
    sqlite3_stmt *packs = NULL, *put = NULL;
    int rc = -1, step;
    if (cn_store_prepare(store,
                         "SELECT id, row_id, fp FROM audit WHERE action = 'fingerprints'"
                         " ORDER BY id",
                         &packs, err) < 0 ||
        cn_store_prepare(store, "INSERT OR REPLACE INTO temp.audit_fp VALUES (?, ?, ?)", &put,
                         err) < 0)
        goto done;
    while ((step = sqlite3_step(packs)) == SQLITE_ROW) {
        int64_t rec = sqlite3_column_int64(packs, 0), first = sqlite3_column_int64(packs, 1);
        const uint8_t *fps = sqlite3_column_blob(packs, 2);
        int bytes = sqlite3_column_bytes(packs, 2);
        if (!fps || bytes % CN_AUDIT_HASH_SIZE != 0) {
            snprintf(v->problem, sizeof v->problem,
                     "audit record %lld: its fingerprints are not a whole number of hashes",
                     (long long)rec);
            v->holds = false;
            rc = 0;
            goto done;
        }
        for (int i = 0; i < bytes / CN_AUDIT_HASH_SIZE; i++) {
            sqlite3_reset(put);
            sqlite3_bind_int64(put, 1, first + i);
            sqlite3_bind_int64(put, 2, rec);
            sqlite3_bind_blob(put, 3, fps + (size_t)i * CN_AUDIT_HASH_SIZE, CN_AUDIT_HASH_SIZE,
                              SQLITE_STATIC);
            if (sqlite3_step(put) != SQLITE_DONE) {
                db_fail(store, err);
                goto done;
            }
        }
    }
    rc = step == SQLITE_DONE ? 0 : db_fail(store, err);
done:
    sqlite3_finalize(packs);
    sqlite3_finalize(put);
    return rc;
}

static bool row_problem(sqlite3_stmt *s, const char *table, cn_audit_verdict *v)
{
    long long id = sqlite3_column_int64(s, 0), record = sqlite3_column_int64(s, 1);
    char *p = v->problem;
    size_t size = sizeof v->problem;
    if (sqlite3_column_type(s, 1) == SQLITE_NULL)
        snprintf(p, size, "%s %lld: has no audit record (written behind the tool's back)", table,
                 id);
    else if (sqlite3_column_type(s, 2) == SQLITE_NULL)
        snprintf(p, size, "%s %lld: exists, but its last audit record (%lld) deletes it", table, id,
                 record);
    else if (!same_hash(column_hash(s, 2), column_hash(s, 3)))
        snprintf(p, size,
                 "%s %lld: differs from its last audit record (%lld): changed behind the tool's"
                 " back",
                 table, id, record);
    else
        return false;
    return true;
}

static int walk_rows(cn_store *store, const char *sql, const char *table, bool gone,
                     cn_audit_verdict *v, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (gone) {
            snprintf(v->problem, sizeof v->problem,
                     "%s %lld: deleted without an audit record (its last record is %lld)", table,
                     (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1));
            v->holds = false;
            break;
        }
        if (row_problem(s, table, v)) {
            v->holds = false;
            break;
        }
        v->rows++;
    }
    int rc = v->holds && step != SQLITE_DONE ? db_fail(store, err) : 0;
    sqlite3_finalize(s);
    return rc;
}

int cn_audit_verify(cn_store *store, cn_audit_verdict *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    out->holds = true;
    /* A deferred BEGIN: one snapshot for the chain and the rows, without the write lock. */
    bool own = sqlite3_get_autocommit(store->db);
    if (own && cn_store_exec(store, "BEGIN", err) < 0)
        return -1;
    int rc = verify_chain(store, out, err);
    if (rc == 0 && out->holds)
        rc = unpack_fingerprints(store, out, err);
    for (size_t i = 0; rc == 0 && out->holds && i < sizeof tables / sizeof *tables; i++) {
        rc = walk_rows(store, tables[i].rows_sql, tables[i].name, false, out, err);
        if (rc == 0 && out->holds)
            rc = walk_rows(store, tables[i].gone_sql, tables[i].name, true, out, err);
    }
    sqlite3_exec(store->db, "DROP TABLE IF EXISTS temp.audit_fp", NULL, NULL, NULL);
    if (own)
        sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL); /* read only: nothing to lose */
    return rc;
}

int cn_audit_state_read(cn_store *store, cn_audit_state *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    out->audited = cn_store_schema(store) >= 2;
    return out->audited ? cn_audit_head(store, out->head, &out->records, err) : 0;
}

int cn_audit_head(cn_store *store, char head[CN_AUDIT_HEX], int64_t *records, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT (SELECT count(*) FROM audit),"
                         " (SELECT hash FROM audit ORDER BY id DESC LIMIT 1)",
                         &s, err) < 0)
        return -1;
    int rc = 0;
    head[0] = '\0';
    if (sqlite3_step(s) == SQLITE_ROW) {
        *records = sqlite3_column_int64(s, 0);
        const void *hash = column_hash(s, 1);
        if (hash)
            to_hex(hash, head);
    } else {
        rc = db_fail(store, err);
    }
    sqlite3_finalize(s);
    return rc;
}
