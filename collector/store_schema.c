/* store_schema.c — the study database's schema, one version after another (PRAGMA
 * user_version), and the upgrade of a study an older carnet-collect wrote: a copy of the
 * file kept, every step in one transaction under the write lock, an audit record.
 *
 * The audit trail is written by triggers inside SQLite, not by the C code: every insert,
 * update and delete is recorded with before/after as JSON whatever path the change took,
 * in the same transaction as the change itself. Since schema version 2 the records form a
 * hash chain (see audit.c): the triggers compute the hashes with the cn_sha256() SQL
 * function that every connection of the collector registers. */
#include "store_internal.h"
#include "carnet/langcode.h"
#include "carnet/versions.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CN_SCHEMA_VERSION CN_STORE_SCHEMA_VERSION

static const char *const schema_v1[] = {
    "CREATE TABLE study ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  name TEXT NOT NULL,"
    "  diary_months INTEGER NOT NULL CHECK (diary_months BETWEEN 1 AND 120),"
    "  lost_after_days INTEGER NOT NULL CHECK (lost_after_days > 0),"
    "  lang TEXT NOT NULL,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));",
    "CREATE TABLE participant ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  gender TEXT NOT NULL CHECK (gender IN ('f','m','x')),"
    "  birth_year INTEGER NOT NULL,"
    "  care_start TEXT NOT NULL,"
    "  consent_date TEXT NOT NULL,"
    "  site TEXT NOT NULL DEFAULT '',"
    "  language TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status IN ('active','handed_back','lost','withdrawn')),"
    "  replaces TEXT REFERENCES participant(code),"
    "  handed_back TEXT);",
    "CREATE TABLE entry ("
    "  id INTEGER PRIMARY KEY,"
    "  participant_id INTEGER NOT NULL REFERENCES participant(id),"
    "  date TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));",
    /* Duplicate detection and per-participant walks both go through this index; an exact
     * text comparison on the few rows it finds needs no content hash. */
    "CREATE INDEX entry_by_participant_date ON entry (participant_id, date);",
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  tbl TEXT NOT NULL,"
    "  row_id INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  before TEXT,"
    "  after TEXT);",
    "CREATE TRIGGER study_au AFTER UPDATE ON study BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, before, after) VALUES ('study', NEW.id, 'update',"
    "  json_object('name',OLD.name,'diary_months',OLD.diary_months,"
    "              'lost_after_days',OLD.lost_after_days,'lang',OLD.lang),"
    "  json_object('name',NEW.name,'diary_months',NEW.diary_months,"
    "              'lost_after_days',NEW.lost_after_days,'lang',NEW.lang)); END;",
    "CREATE TRIGGER study_ai AFTER INSERT ON study BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, after) VALUES ('study', NEW.id, 'insert',"
    "  json_object('name',NEW.name,'diary_months',NEW.diary_months,"
    "              'lost_after_days',NEW.lost_after_days,'lang',NEW.lang)); END;",
#define P_JSON(R)                                                                                  \
    "json_object('code'," R ".code,'gender'," R ".gender,'birth_year'," R ".birth_year,"           \
    "'care_start'," R ".care_start,'consent_date'," R ".consent_date,'site'," R ".site,"           \
    "'language'," R ".language,'status'," R ".status,'replaces'," R ".replaces,"                   \
    "'handed_back'," R ".handed_back)"
    "CREATE TRIGGER participant_ai AFTER INSERT ON participant BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, after)"
    "  VALUES ('participant', NEW.id, 'insert', " P_JSON("NEW") "); END;",
    "CREATE TRIGGER participant_au AFTER UPDATE ON participant BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, before, after)"
    "  VALUES ('participant', NEW.id, 'update', " P_JSON("OLD") ", " P_JSON("NEW") "); END;",
    "CREATE TRIGGER participant_ad AFTER DELETE ON participant BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, before)"
    "  VALUES ('participant', OLD.id, 'delete', " P_JSON("OLD") "); END;",
#define E_JSON(R) CN_ENTRY_JSON(R)
    /* Entries typed one by one get one audit row each. An import gets one audit row for
     * the whole file (written by import.c: file, counts, id range), not one per entry: the
     * entries carry their source and creation time, and any later change to one of them
     * is audited with its text before and after, so the history stays complete without
     * writing every diary twice. */
    "CREATE TRIGGER entry_ai AFTER INSERT ON entry WHEN NEW.source NOT LIKE 'import:%' BEGIN"
    "  INSERT INTO audit (at, tbl, row_id, action, after)"
    "  VALUES (NEW.created, 'entry', NEW.id, 'insert', " E_JSON("NEW") "); END;",
    "CREATE TRIGGER entry_au AFTER UPDATE ON entry BEGIN"
    "  INSERT INTO audit (at, tbl, row_id, action, before, after)"
    "  VALUES (NEW.updated, 'entry', NEW.id, 'update', " E_JSON("OLD") ", " E_JSON("NEW") "); END;",
    "CREATE TRIGGER entry_ad AFTER DELETE ON entry BEGIN"
    "  INSERT INTO audit (tbl, row_id, action, before)"
    "  VALUES ('entry', OLD.id, 'delete', " E_JSON("OLD") "); END;",
    NULL};

#define S_JSON(R)                                                                                  \
    "json_object('name'," R ".name,'diary_months'," R ".diary_months,'lost_after_days',"           \
    "" R ".lost_after_days,'lang'," R ".lang)"
#define TRIGGER(NAME, EVENT, WHEN, APPEND)                                                         \
    "CREATE TRIGGER " NAME " AFTER " EVENT " " WHEN " BEGIN " APPEND "; END;"

/* Version 2: the audit becomes a hash chain. Each record gains fp (the fingerprint of the
 * row as the change left it, NULL for a delete: the row must then be absent), prev (the
 * previous record's hash) and hash (see CN_RECORD_HASH). The triggers are rewritten to fill
 * them in. Inserted entries are recorded by the entry writer rather than by a trigger (see
 * below): one record each when typed; for an import, one "fingerprints" record holding the
 * fingerprints of all its entries (the texts are not copied), beside its summary record. An
 * entry inserted some other way has no record, which the verification reports.
 * An existing study's chain starts from its state at the migration: cn_audit_start_chain
 * seals the older records and fingerprints every row as it is; the chain proves nothing
 * about what happened before. */
static const char *const schema_v2[] = {
    "ALTER TABLE audit ADD COLUMN fp BLOB;", "ALTER TABLE audit ADD COLUMN prev BLOB;",
    "ALTER TABLE audit ADD COLUMN hash BLOB;", "DROP TRIGGER study_ai;", "DROP TRIGGER study_au;",
    "DROP TRIGGER participant_ai;", "DROP TRIGGER participant_au;", "DROP TRIGGER participant_ad;",
    "DROP TRIGGER entry_ai;", "DROP TRIGGER entry_au;", "DROP TRIGGER entry_ad;",
    TRIGGER("study_ai", "INSERT ON study", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'study'", "NEW.id", "'insert'", "NULL", S_JSON("NEW"),
                            CN_FP_STUDY("NEW"))),
    TRIGGER("study_au", "UPDATE ON study", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'study'", "NEW.id", "'update'", S_JSON("OLD"),
                            S_JSON("NEW"), CN_FP_STUDY("NEW"))),
    TRIGGER("study_ad", "DELETE ON study", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'study'", "OLD.id", "'delete'", S_JSON("OLD"), "NULL",
                            "NULL")),
    TRIGGER("participant_ai", "INSERT ON participant", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'participant'", "NEW.id", "'insert'", "NULL",
                            P_JSON("NEW"), CN_FP_PARTICIPANT("NEW"))),
    TRIGGER("participant_au", "UPDATE ON participant", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'participant'", "NEW.id", "'update'", P_JSON("OLD"),
                            P_JSON("NEW"), CN_FP_PARTICIPANT("NEW"))),
    TRIGGER("participant_ad", "DELETE ON participant", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'participant'", "OLD.id", "'delete'", P_JSON("OLD"),
                            "NULL", "NULL")),
    /* No trigger on inserting an entry: the entry writer, the one path that inserts them,
     * appends the record itself (cn_audit_append_entry). A trigger runs for every row of an
     * import, and merely entering one (its WHEN included) made an import a third slower. */
    TRIGGER("entry_au", "UPDATE ON entry", "",
            CN_CHAIN_APPEND("NEW.updated", "'entry'", "NEW.id", "'update'", E_JSON("OLD"),
                            E_JSON("NEW"), CN_FP_ENTRY("NEW"))),
    TRIGGER("entry_ad", "DELETE ON entry", "",
            CN_CHAIN_APPEND(CN_SQL_NOW, "'entry'", "OLD.id", "'delete'", E_JSON("OLD"), "NULL",
                            "NULL")),
    /* Append-only, for honest mistakes: these stop a stray UPDATE or DELETE in the sqlite3
     * shell; someone determined drops them, which the verification then shows. Records not
     * yet sealed (hash NULL) may be sealed once, by the migration. */
    CN_AUDIT_APPEND_ONLY,
    "CREATE TRIGGER audit_bd BEFORE DELETE ON audit BEGIN"
    "  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    NULL};
#undef P_JSON
#undef E_JSON
#undef S_JSON
#undef TRIGGER

/* Version 3, for the transcription desk: each entry gains a version, raised by every change
 * of its text, so that an edit based on a version since changed is refused instead of
 * overwriting the other change (see cn_entry_edit); and the drafts of the entry form, one
 * per participant, kept as they are typed so that a closed tab loses nothing. A draft is
 * not study data yet: it is neither audited nor exported, and saving the entry removes it. */
static const char *const schema_v3[] = {
    "ALTER TABLE entry ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
    "CREATE TABLE draft ("
    "  participant_id INTEGER PRIMARY KEY REFERENCES participant(id),"
    "  date TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));",
    NULL};

/* Version 4, double data entry (see dde.c): the study's settings that the first schema did
 * not have, as named values (written with an explicit audit record, as no trigger watches
 * them), and each entry typed twice: its two copies and typists, and who reconciled it. An
 * entry with a dde row and no reconciler is not final. */
static const char *const schema_v4[] = {
    "CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);",
    "CREATE TABLE dde ("
    "  entry_id INTEGER PRIMARY KEY REFERENCES entry(id),"
    "  first_typist TEXT NOT NULL,"
    "  first TEXT NOT NULL,"
    "  second_typist TEXT,"
    "  second TEXT,"
    "  reconciler TEXT,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));",
    "CREATE INDEX dde_pending ON dde (entry_id) WHERE reconciler IS NULL;",
    /* Drafts per typist too: under double entry the second typist must not be given the
     * first one's draft of the same participant. Without double entry the typist is "". */
    "CREATE TABLE draft_by_typist ("
    "  participant_id INTEGER NOT NULL REFERENCES participant(id),"
    "  typist TEXT NOT NULL DEFAULT '',"
    "  date TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  PRIMARY KEY (participant_id, typist));",
    "INSERT INTO draft_by_typist (participant_id, date, text, updated)"
    "  SELECT participant_id, date, text, updated FROM draft;",
    "DROP TABLE draft;", "ALTER TABLE draft_by_typist RENAME TO draft;", NULL};

/* Version 5: the lookups that the rules on a participant (participant.c) and check's
 * alerts make for each participant they write or read, by index: who replaces whom, and a
 * code that differs only by case. A scan each, they were quadratic in a study's size: on
 * 20,000 participants, check took 3.9 s and an import of them 8.3 s. */
static const char *const schema_v5[] = {
    "CREATE INDEX participant_by_replaces ON participant (replaces);",
    "CREATE INDEX participant_by_code_nocase ON participant (code COLLATE NOCASE);", NULL};

/* Version 6: a language stored as it was written, by a collector from before the codes
 * were read (`fra`, `ita`, `Portuguese`), becomes the ISO 639-1 code the corpus export
 * already wrote for it (langcode.h), so that a listing, the participants' export and the
 * corpus say the same (trial 47); each change is recorded by the table's audit trigger. A
 * value that names no language is left as it is. */
static int normalise_column(cn_store *store, const char *select, const char *update, cn_error *err)
{
    sqlite3_stmt *rows, *set;
    if (cn_store_prepare(store, select, &rows, err) < 0)
        return -1;
    if (cn_store_prepare(store, update, &set, err) < 0) {
        sqlite3_finalize(rows);
        return -1;
    }
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(rows)) == SQLITE_ROW) {
        const char *stored = (const char *)sqlite3_column_text(rows, 1);
        const char *code = cn_langcode_exported(stored ? stored : "");
        if (!stored || !code[0] || strcmp(code, stored) == 0)
            continue;
        sqlite3_bind_int64(set, 1, sqlite3_column_int64(rows, 0));
        sqlite3_bind_text(set, 2, code, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(set) != SQLITE_DONE)
            rc = cn_store_failure(store, err);
        sqlite3_reset(set);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(rows);
    sqlite3_finalize(set);
    return rc;
}

static int normalise_languages(cn_store *store, cn_error *err)
{
    if (normalise_column(store, "SELECT id, lang FROM study",
                         "UPDATE study SET lang = ?2 WHERE id = ?1", err) < 0)
        return -1;
    return normalise_column(store, "SELECT id, language FROM participant",
                            "UPDATE participant SET language = ?2 WHERE id = ?1", err);
}
static const char *const schema_v6[] = {NULL};

/* Version 7: the summaries of a recode and of an erasure, by index. Adding a participant
 * asks whether its code was another's before a recode, and writing an entry whether its
 * participant was erased: scans of the whole trail each, an import of 2,500 participants
 * took minutes (trial 58's fixes). Partial indexes: only those records are in them. */
static const char *const schema_v7[] = {
    "CREATE INDEX audit_recodes ON audit (row_id) WHERE action = 'recode';",
    "CREATE INDEX audit_erasures ON audit (row_id) WHERE action = 'erase';", NULL};

/* Version 8: the entry ids deleted, by index. SQLite gives a new row the largest id plus
 * one, so an entry deleted last (entry delete, participant erase) had its id given to the
 * next one: a desk form or reconciliation still open on the old entry then saved over the
 * new one, whose version started again at 1, and the trail told one id's two lives as one
 * (trial 61). The entry writer takes an id above every id ever deleted; this index finds
 * the largest in one step. */
static const char *const schema_v8[] = {
    "CREATE INDEX audit_entry_deletions ON audit (row_id) WHERE tbl = 'entry' AND "
    "action = 'delete';",
    NULL};

/* Migration i brings a database from user_version i to i + 1: a NULL-terminated list of
 * statements (one string per statement keeps each within C's portable string length),
 * then, when the data must be rewritten too, a function, in the same transaction. */
typedef struct migration {
    const char *const *sql;
    int (*then)(cn_store *store, cn_error *err);
} migration;
static const migration migrations[CN_SCHEMA_VERSION] = {
    {schema_v1, NULL}, {schema_v2, cn_audit_start_chain}, {schema_v3, NULL}, {schema_v4, NULL},
    {schema_v5, NULL}, {schema_v6, normalise_languages},  {schema_v7, NULL}, {schema_v8, NULL},
};

static int too_new(const cn_store *store, int version, cn_error *err)
{
    return cn_error_code(err, CN_ESCHEMA,
                         "%s: database schema version %d is newer than this carnet-collect (%d)",
                         store->path, version, CN_SCHEMA_VERSION);
}

/* The upgrade's record in the audit trail: the schema before and after, and the program
 * that made it (the study's rows it rewrote have records of their own, by their triggers).
 * A summary: audit.c's verification reads no row's content from it. */
static int record_upgrade(cn_store *store, int from, cn_error *err)
{
    char before[64], after[160];
    snprintf(before, sizeof before, "{\"schema\":%d}", from);
    snprintf(after, sizeof after, "{\"schema\":%d,\"by\":\"carnet-collect %s (commit %s)\"}",
             CN_SCHEMA_VERSION, CARNET_VERSION, cn_versions_commit());
    return cn_store_audit_add(store, "study", 1, "upgrade", before, after, err);
}

/* Brings the database to CN_SCHEMA_VERSION in one transaction: every step or none. The
 * version is read again once the write lock is held: two commands that opened an old study
 * at once both saw it old, and the second one's steps failed on the first one's tables
 * ("index ... already exists", trial 47). *from: the version found under the lock. */
static int upgrade(cn_store *store, int *from, cn_error *err)
{
    if (cn_store_begin(store, err) < 0)
        return -1;
    int rc = cn_store_pragma_int(store, "PRAGMA user_version", from, err);
    if (rc == 0 && *from > CN_SCHEMA_VERSION)
        rc = too_new(store, *from, err);
    for (int v = *from; rc == 0 && v < CN_SCHEMA_VERSION; v++) {
        const migration *m = &migrations[v];
        for (const char *const *sql = m->sql; rc == 0 && *sql; sql++)
            rc = cn_store_exec(store, *sql, err);
        if (rc == 0 && m->then)
            rc = m->then(store, err);
    }
    if (rc == 0 && *from > 0 && *from < CN_SCHEMA_VERSION) /* 0: a study being created */
        rc = record_upgrade(store, *from, err);
    char bump[64];
    snprintf(bump, sizeof bump, "PRAGMA user_version = %d", CN_SCHEMA_VERSION);
    if (rc < 0 || cn_store_exec(store, bump, err) < 0) {
        cn_store_rollback(store);
        return -1;
    }
    return cn_store_commit(store, err);
}

/* The study's file as an older carnet-collect left it, copied before its upgrade into
 * "PATH.schemaN.bak" (or "PATH.schemaN-2.bak"... when taken): an upgraded study no longer
 * opens in the program that wrote it, and a copy of the old file is what a study that must
 * go back to that program, or show what it held, needs. The name is left in kept. */
static int keep_old_copy(cn_store *store, int version, char *kept, size_t size, cn_error *err)
{
    struct stat st;
    for (int n = 1; n <= 99; n++) {
        if (n == 1)
            snprintf(kept, size, "%s.schema%d.bak", store->path, version);
        else
            snprintf(kept, size, "%s.schema%d-%d.bak", store->path, version, n);
        if (lstat(kept, &st) == 0)
            continue;
        cn_error why = {0};
        if (cn_store_backup(store, kept, NULL, &why) == 0)
            return 0;
        /* a failed backup leaves nothing at its name: one there now is another command's,
         * upgrading the same study at once, and this copy takes the next name */
        if (lstat(kept, &st) != 0) {
            if (err)
                *err = why;
            return -1;
        }
    }
    return cn_error_set(err, "%s.schema%d.bak: 99 copies of the old study there already",
                        store->path, version);
}

/* Why an old study is not upgraded here, or 0 when it can be: a command that only reads
 * never rewrites a study (it may be a backup or a reviewer's copy, whose bytes are the
 * evidence), and a read-only file or folder cannot be rewritten. */
static int refuse_upgrade(const cn_store *store, int version, cn_store_mode mode, cn_error *err)
{
    if (mode == CN_STORE_READ)
        return cn_error_code(err, CN_ESCHEMA,
                             "%s: written by an older carnet-collect (schema version %d; this one "
                             "uses %d) and not upgraded: this command only reads it, and an "
                             "upgrade rewrites the file. Upgrade it with 'carnet-collect --db %s "
                             "upgrade' (a copy of the file as it was is kept beside it), or, for "
                             "a copy that must stay as it is, upgrade a copy of it",
                             store->path, version, CN_SCHEMA_VERSION, store->path);
    const char *why = cn_store_read_only(store->path);
    if (!why)
        return 0;
    /* "upgrade it" would be the command that just failed: a copy is the way */
    return cn_error_code(err, CN_ESCHEMA,
                         "%s: written by an older carnet-collect (schema version %d; this one "
                         "uses %d) and cannot be upgraded: %s (SQLite writes its journal beside "
                         "the file). Copy it to a folder you can write, and open the copy",
                         store->path, version, CN_SCHEMA_VERSION, why);
}

int cn_store_migrate(cn_store *store, cn_store_mode mode, cn_error *err)
{
    int version;
    if (cn_store_pragma_int(store, "PRAGMA user_version", &version, err) < 0)
        return -1;
    if (version > CN_SCHEMA_VERSION)
        return too_new(store, version, err);
    store->schema = CN_SCHEMA_VERSION;
    if (version == CN_SCHEMA_VERSION)
        return 0;
    if (version == 0) /* cn_store_create's own */
        return upgrade(store, &version, err);
    if (mode == CN_STORE_AS_IS) {
        store->schema = version;
        return 0;
    }
    int from;
    if (refuse_upgrade(store, version, mode, err) < 0 ||
        keep_old_copy(store, version, store->kept, sizeof store->kept, err) < 0)
        return -1;
    if (upgrade(store, &from, err) < 0) {
        unlink(store->kept); /* the study is as it was: its copy says nothing more */
        return -1;
    }
    if (from == CN_SCHEMA_VERSION) /* another command upgraded it meanwhile, with its copy */
        unlink(store->kept);
    else
        store->upgraded_from = from;
    return 0;
}

int cn_store_schema(const cn_store *store)
{
    return store->schema;
}

int cn_store_file_schema(cn_store *store, int *version, cn_error *err)
{
    return cn_store_pragma_int(store, "PRAGMA user_version", version, err);
}

int cn_store_upgraded_from(const cn_store *store, const char **kept)
{
    *kept = store->upgraded_from ? store->kept : NULL;
    return store->upgraded_from;
}
