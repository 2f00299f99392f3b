/* store.h — the study database: opening, creating, schema migrations, transactions,
 * backup and the audit trail. The collector is the only program that opens it.
 * cn_store is opaque and owned by the caller (cn_store_close frees it); functions return
 * 0 on success and -1 with a message in the cn_error on failure. */
#ifndef CARNET_STORE_H
#define CARNET_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/date.h"
#include "carnet/error.h"

typedef struct cn_store cn_store;

#define CN_NAME_MAX 256
#define CN_LANG_MAX 16

typedef struct cn_study {
    char name[CN_NAME_MAX];
    int diary_months;    /* length of a diary, in calendar months */
    int lost_after_days; /* days without an entry before a participant is flagged */
    char lang[CN_LANG_MAX];
} cn_study;

/* Creates a new study database at path (refused if the file exists), readable and
 * writable by its owner only (mode 0600), and stores the study settings. */
int cn_store_create(const char *path, const cn_study *study, cn_store **out, cn_error *err);

/* The version of the study's schema this collector writes (SQLite's user_version). */
#define CN_STORE_SCHEMA_VERSION 8

/* What opening a study written by an older carnet-collect (an older schema) does. */
typedef enum cn_store_mode {
    CN_STORE_WRITE, /* upgrade it: a copy of the old file kept beside it ("PATH.schemaN.bak"),
                       then every step in one transaction, recorded in the audit trail
                       (cn_store_upgraded_from says so); CN_ESCHEMA when the file or folder
                       is read-only */
    CN_STORE_READ,  /* refuse it, CN_ESCHEMA: a command that only reads never rewrites a
                       study (a backup, a reviewer's copy) */
    CN_STORE_AS_IS, /* open it as it is, not upgraded: for copying the file (a backup before
                       an upgrade must hold the study as the older program wrote it);
                       cn_store_schema says which schema it has */
} cn_store_mode;

/* Opens an existing study database; an older schema as mode says, a newer one CN_ESCHEMA.
 * cn_store_open is cn_store_open_mode(path, CN_STORE_WRITE, ...). */
int cn_store_open_mode(const char *path, cn_store_mode mode, cn_store **out, cn_error *err);
int cn_store_open(const char *path, cn_store **out, cn_error *err);
/* The schema version the open of store upgraded the study from, and in *kept the copy of
 * the file as it was (owned by store); 0 and NULL when it upgraded nothing. */
int cn_store_upgraded_from(const cn_store *store, const char **kept);
/* A study file whose mode lets its group or others in (0644: made by an older version, or
 * copied from a backup under umask 022; SQLite gives its journal the same mode). Opened
 * CN_STORE_WRITE by the user who owns it, the file (and a journal, -wal or -shm file of
 * theirs beside it) is made owner-only (0600) before SQLite writes anything; opened only
 * to read, or another user's, it is left as it is. */
typedef enum cn_store_exposure {
    CN_STORE_PRIVATE,    /* owner-only */
    CN_STORE_RESTRICTED, /* was open to others; this open made it owner-only */
    CN_STORE_LEFT_READ,  /* open to others, left: opened only to read (or to copy) */
    CN_STORE_LEFT_OWNER, /* open to others, left: another user owns it */
    CN_STORE_LEFT_ERROR, /* open to others, left: it could not be changed (errno in *error) */
} cn_store_exposure;
/* What the open of store found and did (above); *mode: the file's permission bits as the
 * open found them (0644); *error: the errno of CN_STORE_LEFT_ERROR, else 0. Either
 * pointer may be NULL. */
cn_store_exposure cn_store_exposed(const cn_store *store, unsigned *mode, int *error);
/* Why another user could read the study once it is written (its folder is writable by
 * others, or another user's), or NULL. An open to write refuses such a study, CN_EINVALID,
 * before anything is written; an open only to read (or to copy) keeps the reason here. */
const char *cn_store_shared(const cn_store *store);

/* The schema version of the open study: CN_STORE_SCHEMA_VERSION, or an older one opened
 * with CN_STORE_AS_IS. */
int cn_store_schema(const cn_store *store);

/* The path the store was opened with; owned by the store. */
const char *cn_store_path(const cn_store *store);

/* Why the study at path cannot be written here ("the file is read-only here", "its folder
 * is read-only here": SQLite writes its journal beside the file), or NULL when it can. */
const char *cn_store_read_only(const char *path);

/* The schema version the study's file holds now, into *version: not cn_store_schema's when
 * the file was replaced under an open store (a backup of another version copied over it). */
int cn_store_file_schema(cn_store *store, int *version, cn_error *err);

void cn_store_close(cn_store *store);

int cn_store_study(cn_store *store, cn_study *out, cn_error *err);

/* A study's language as written (`Portuguese`, ` pt `) into its stored code (`pt`), as
 * langcode.h reads it; CN_EINVALID when it names no language, or is empty. */
int cn_store_study_lang(const char *written, char out[CN_LANG_MAX], cn_error *err);
/* Sets the study's language (cn_store_study_lang): the language of every participant
 * without one of their own. The audit trail records it. */
int cn_store_set_lang(cn_store *store, const char *lang, cn_error *err);

/* Transactions: every write of the collector happens inside one, so a failure or a kill
 * leaves the database as it was before the command. They nest: a begin inside an open
 * transaction is a savepoint, whose commit keeps its changes for the outer commit and whose
 * rollback undoes only its own changes. Library write functions begin and end their own. */
int cn_store_begin(cn_store *store, cn_error *err);
int cn_store_commit(cn_store *store, cn_error *err);
void cn_store_rollback(cn_store *store);
/* A read transaction (a deferred BEGIN: no write lock taken): the statements run until
 * cn_store_read_end read one state of the study, whatever another process commits
 * meanwhile (it waits for the end, as for any reader). Returns 1 when it began one, 0 when
 * a transaction was already open (its state is read, and it is left open), -1 on error.
 * Nothing is to be written inside. */
int cn_store_read_begin(cn_store *store, cn_error *err);
void cn_store_read_end(cn_store *store, int began);

/* Copies the database with SQLite's online backup API into a new file (mode 0600, refused
 * if it exists), then runs an integrity check on the copy. The copy is made and checked
 * under a temporary name beside path, held in guard (outguard.h; NULL: none), and only a
 * checked copy takes path's name: a failed or stopped backup leaves nothing there. */
struct cn_out_guard;
int cn_store_backup(cn_store *store, const char *path, struct cn_out_guard *guard, cn_error *err);

/* The copies beside the study at db_path, in its folder, that hold its texts and outlive
 * an erasure or a recode: the files its upgrades kept (PATH.schemaN.bak, PATH.schemaN-M.bak)
 * and the folders of the desk's analyses (NAME.runs: of this study, or of the name it had
 * before a rename, as a runs folder follows the file's name). Calls each(path, runs, ctx) for
 * each, in name order, path as db_path names its folder ("old/study.db.schema7.bak"), runs
 * true for a runs folder. Returns how many. */
typedef void (*cn_store_copy_fn)(const char *path, bool runs, void *ctx);
size_t cn_store_copies_beside(const char *db_path, cn_store_copy_fn each, void *ctx);

#define CN_AUDIT_HASH_SIZE 32                     /* SHA-256 */
#define CN_AUDIT_HEX (2 * CN_AUDIT_HASH_SIZE + 1) /* a hash as hex, with its NUL */

typedef struct cn_audit_row {
    int64_t id;
    const char *at;    /* UTC timestamp, ISO 8601 */
    const char *table; /* "study", "participant" or "entry" */
    int64_t row_id;
    const char *action;      /* "insert", "update" or "delete" */
    const char *before;      /* JSON object, or NULL for an insert */
    const char *after;       /* JSON object, or NULL for a delete (and for an imported entry) */
    char fp[CN_AUDIT_HEX];   /* fingerprint of the row after the change, hex; "" if none */
    char hash[CN_AUDIT_HEX]; /* this record's hash in the chain, hex */
} cn_audit_row;

/* Appends one audit record written by the collector itself (an import summary, say) to
 * the chain; before and after are JSON texts or NULL. The triggers record every change
 * of a row. */
int cn_store_audit_add(cn_store *store, const char *table, int64_t row_id, const char *action,
                       const char *before, const char *after, cn_error *err);

/* Calls fn for each audit row recorded on or after `since` (a date; NULL for all), oldest
 * first. The strings belong to the store and live until fn returns. A non-zero return
 * from fn stops the walk and is returned. */
int cn_store_audit_each(cn_store *store, const char *since,
                        int (*fn)(const cn_audit_row *row, void *ctx), void *ctx, cn_error *err);

#endif
