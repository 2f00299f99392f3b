/* store_internal.h — what the collector's modules share about the open database:
 * the SQLite handle and small helpers for prepared statements. Not a public header. */
#ifndef CARNET_STORE_INTERNAL_H
#define CARNET_STORE_INTERNAL_H

#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/store.h"

/* Room for a reason naming two paths (store.c's guard_study). */
#define STORE_WHY_MAX 10240

struct cn_store {
    sqlite3 *db;
    char path[4096];
    int depth;  /* open cn_store_begin calls: the outermost is BEGIN, the inner ones savepoints */
    int schema; /* its schema version (an older one only opened CN_STORE_AS_IS) */
    int upgraded_from;          /* the schema version this open upgraded; 0: none */
    char kept[4200];            /* the copy of the file as it was before that upgrade */
    cn_store_exposure exposure; /* the file's mode as the open found it (cn_store_exposed) */
    unsigned found_mode;
    int exposure_errno;
    char shared[STORE_WHY_MAX]; /* why another user could read the study once written
                                   (cn_store_shared) */
};

/* SQLite's last failure on the store as a cn_error, with the study's path: a lock still
 * held after the wait is CN_EBUSY, a file or folder that cannot be written CN_EIO, each
 * said so that a person can act on it; anything else SQLite's message. Returns the code. */
int cn_store_failure(cn_store *store, cn_error *err);

/* The integer a PRAGMA query answers (user_version, application_id) into *value. */
int cn_store_pragma_int(cn_store *store, const char *sql, int *value, cn_error *err);

/* Brings the open study to CN_STORE_SCHEMA_VERSION, or refuses, as mode says (store.h);
 * a new, empty database gets the whole schema (store_schema.c). */
int cn_store_migrate(cn_store *store, cn_store_mode mode, cn_error *err);

/* Prepares sql on the store's connection; on failure writes SQLite's message to err. */
int cn_store_prepare(cn_store *store, const char *sql, sqlite3_stmt **stmt, cn_error *err);

/* Runs a statement that returns no rows, then finalizes it. */
int cn_store_exec(cn_store *store, const char *sql, cn_error *err);
/* Ends the transaction cn_store_begin opened: commits it when rc is 0, else (or when the
 * commit fails) rolls it back. 0, or the negative cn_code err holds (CN_ERR when it holds
 * none), its message in err: the caller's failure keeps its name (CN_EINVALID, CN_EBUSY). */
int cn_store_finish(cn_store *store, int rc, cn_error *err);
/* Steps a prepared and bound statement to its end and finalizes it; *out (when not NULL):
 * its first value when it gives a row (0 for NULL), else the rows it changed. */
int cn_store_run(cn_store *store, sqlite3_stmt *stmt, int64_t *out, cn_error *err);

/* Binds text, or NULL when text is NULL or empty. */
int cn_store_bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text);

/* Copies column text into a fixed buffer ("" for NULL). */
void cn_store_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t size);

/* ---- the audit chain: shared by the schema (store.c) and its verification (audit.c) ---- */

/* Registers the SQL function cn_sha256(...) on a connection: the triggers call it, so
 * every connection that writes the study needs it (see audit.c). Returns an SQLite code. */
int cn_audit_register(sqlite3 *db);

/* The migration to schema version 2, after its statements ran: seals the records written
 * before into the chain and appends one "baseline" record per row as it is now. */
int cn_audit_start_chain(cn_store *store, cn_error *err);

/* Changes sealed audit records, then seals the records from id `from` on again, each with
 * the hash of the one before it: an erasure (erase.c) takes texts out of them, a recode
 * (recode.c) an old code. change runs with audit_bu (CN_AUDIT_APPEND_ONLY) dropped, which is
 * created again after; the caller holds the write lock (a transaction). */
typedef int (*cn_audit_change)(cn_store *store, void *arg, cn_error *err);
/* The reason a change the trail records with its why (an erasure, a recode, an entry's
 * delete or move) must give: CN_EINVALID naming example when reason is missing or blank,
 * or when it is not UTF-8; else 0. */
int cn_audit_require_reason(const char *reason, const char *example, cn_error *err);
int cn_audit_rewrite(cn_store *store, int64_t from, cn_audit_change change, void *arg,
                     cn_error *err);
/* The trigger that keeps sealed records as they are: for honest mistakes, a stray UPDATE
 * in the sqlite3 shell; someone determined drops it, which the verification then shows. */
#define CN_AUDIT_APPEND_ONLY                                                                       \
    "CREATE TRIGGER audit_bu BEFORE UPDATE ON audit WHEN OLD.hash IS NOT NULL BEGIN"               \
    "  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"

/* The encoding of cn_sha256(...), for the C code that hashes without going through SQL:
 * one call per argument, in the argument order, then cn_audit_hash_done. */
typedef struct cn_audit_hasher {
    struct sha256_ctx sha;
} cn_audit_hasher;
void cn_audit_hash_init(cn_audit_hasher *h);
void cn_audit_hash_null(cn_audit_hasher *h);
void cn_audit_hash_int(cn_audit_hasher *h, int64_t n);
void cn_audit_hash_text(cn_audit_hasher *h, const char *text, size_t len);
void cn_audit_hash_blob(cn_audit_hasher *h, const void *blob, size_t len);
void cn_audit_hash_done(cn_audit_hasher *h, uint8_t digest[CN_AUDIT_HASH_SIZE]);

/* The audit records of the entries the entry writer inserts (no trigger records them: see
 * store.c). Entries typed one by one get a record each, holding the entry as JSON. An
 * import's entries get one record for the lot, written by cn_audit_appender_flush: action
 * "fingerprints", row_id the first entry's id, fp their fingerprints end to end (32 bytes
 * each, for consecutive ids; a gap starts a new record). One insert of 32 bytes per entry
 * instead of a record each keeps an import near the speed of a bare one. Owned by the
 * caller (close frees it, discarding what was not flushed). */
typedef struct cn_audit_appender cn_audit_appender;
typedef struct cn_audit_entry {
    int64_t id, participant_id;
    const char *date, *text, *source, *created, *updated;
    size_t date_len, text_len;
} cn_audit_entry;
/* with_content: each entry gets its own record, with its JSON (entries typed one by one). */
int cn_audit_appender_open(cn_store *store, bool with_content, cn_audit_appender **out,
                           cn_error *err);
/* Records an entry just inserted: at once with_content, else into the pending record. */
int cn_audit_append_entry(cn_audit_appender *a, const cn_audit_entry *e, cn_error *err);
int cn_audit_appender_flush(cn_audit_appender *a, cn_error *err);
void cn_audit_appender_close(cn_audit_appender *a);

/* A row's fingerprint: every column, in a fixed order, prefixed by the table's name. */
#define CN_FP_STUDY(R)                                                                             \
    "cn_sha256('study'," R ".id," R ".name," R ".diary_months," R ".lost_after_days," R ".lang,"   \
    "" R ".created)"
#define CN_FP_PARTICIPANT(R)                                                                       \
    "cn_sha256('participant'," R ".id," R ".code," R ".gender," R ".birth_year," R ".care_start,"  \
    "" R ".consent_date," R ".site," R ".language," R ".status," R ".replaces," R ".handed_back)"
#define CN_FP_ENTRY(R)                                                                             \
    "cn_sha256('entry'," R ".id," R ".participant_id," R ".date," R ".text," R ".source,"          \
    "" R ".created," R ".updated)"

/* An entry as the audit shows it (before/after), its participant by code. */
#define CN_ENTRY_JSON(R)                                                                           \
    "json_object('participant',(SELECT code FROM participant WHERE id = " R ".participant_id),"    \
    "'date'," R ".date,'text'," R ".text,'source'," R ".source)"

/* A record's hash covers the previous record's hash and every field of its own. */
#define CN_RECORD_HASH "cn_sha256(prev, at, tbl, row_id, action, before, after, fp)"

/* Appends one record to the chain; each argument is an SQL expression. The previous hash
 * is the last record's: writers hold the write lock (BEGIN IMMEDIATE), so no two appends
 * interleave. */
#define CN_CHAIN_APPEND(AT, TBL, ROW, ACTION, BEFORE, AFTER, FP)                                   \
    "INSERT INTO audit (at, tbl, row_id, action, before, after, fp, prev, hash)"                   \
    " SELECT at, tbl, row_id, action, before, after, fp, prev, " CN_RECORD_HASH " FROM (SELECT "   \
    "" AT " AS at, " TBL " AS tbl, " ROW " AS row_id, " ACTION " AS action, " BEFORE " AS before," \
    " " AFTER " AS after, " FP " AS fp,"                                                           \
    " (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS prev)"

#define CN_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

#endif
