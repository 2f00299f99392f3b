/* store.c — the study database file: creation with owner-only permissions, opening (its
 * schema and upgrades: store_schema.c), transactions, online backup and the audit trail's
 * own records (the triggers that write the others are in the schema). */
#include "store_internal.h"
#include "carnet/langcode.h"
#include "carnet/outfile.h"
#include "carnet/outguard.h"
#include "carnet/sha256.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CN_APPLICATION_ID 0x434e5254 /* "CNRT": tells a Carnet database from any SQLite file */
/* How long a command waits for another process's lock before giving up. */
#define BUSY_TIMEOUT_MS 5000

/* SQLite's last failure as a cn_error: a lock still held after the wait is CN_EBUSY, with
 * a message a person can act on. */
static int sql_failure(cn_store *store, const char *detail, cn_error *err)
{
    /* SQLite says "attempt to write a readonly database" of a writable file in a read-only
     * folder too, where it cannot make its journal (trial 47) */
    if ((sqlite3_errcode(store->db) & 0xff) == SQLITE_READONLY)
        return cn_error_code(err, CN_EIO,
                             "%s: cannot write the study: the file or its folder is read-only "
                             "here (SQLite writes its journal beside the file)",
                             store->path);
    if ((sqlite3_errcode(store->db) & 0xff) == SQLITE_BUSY)
        return cn_error_code(err, CN_EBUSY,
                             "%s: the database is in use by another process (waited %d s); try "
                             "again",
                             store->path, BUSY_TIMEOUT_MS / 1000);
    return cn_error_set(err, "%s: %s", store->path, detail ? detail : sqlite3_errmsg(store->db));
}

int cn_store_failure(cn_store *store, cn_error *err)
{
    return sql_failure(store, NULL, err);
}

int cn_store_prepare(cn_store *store, const char *sql, sqlite3_stmt **stmt, cn_error *err)
{
    if (sqlite3_prepare_v2(store->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return sql_failure(store, NULL, err);
    return 0;
}

int cn_store_finish(cn_store *store, int rc, cn_error *err)
{
    if (rc == 0 && cn_store_commit(store, err) == 0)
        return 0;
    cn_store_rollback(store);
    return err && err->code < 0 ? err->code : CN_ERR;
}

int cn_store_run(cn_store *store, sqlite3_stmt *stmt, int64_t *out, cn_error *err)
{
    int step = sqlite3_step(stmt);
    int64_t value = step == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return cn_store_failure(store, err);
    if (out)
        *out = step == SQLITE_ROW ? value : sqlite3_changes64(store->db);
    return 0;
}

int cn_store_exec(cn_store *store, const char *sql, cn_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sql_failure(store, msg, err);
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

int cn_store_bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (!text || !*text)
        return sqlite3_bind_null(stmt, index);
    return sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

void cn_store_column_copy(sqlite3_stmt *stmt, int col, char *out, size_t size)
{
    const unsigned char *text = sqlite3_column_text(stmt, col);
    snprintf(out, size, "%s", text ? (const char *)text : "");
}

int cn_store_pragma_int(cn_store *store, const char *sql, int *value, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, sql, &stmt, err) < 0)
        return -1;
    int rc = sqlite3_step(stmt);
    *value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    if (rc != SQLITE_ROW)
        rc = sql_failure(store, NULL, err);
    sqlite3_finalize(stmt);
    return rc < 0 ? rc : 0;
}

/* A rollback journal rather than WAL: the collector is one user's command-line tool, so
 * WAL's concurrent readers buy nothing, while WAL writes every page of a bulk import twice
 * (into the log, then into the database at the checkpoint). The rollback journal with
 * synchronous FULL is as crash-safe: an interrupted transaction is rolled back on the next
 * open. Measured on a 100,000-entry import: 2.3 times the sqlite3 shell's bare .import
 * with WAL, 1.7 without. */
/* A page cache of up to 64 MiB, used as a transaction needs it: a writer whose changed
 * pages outgrow the cache spills them into the file, which takes the exclusive lock until
 * it commits, and every reader waits. With the default 2 MiB a colleague's 30,000-row
 * import shut out a backup and `stats` for its whole length (trial 31); now they wait
 * only for its commit, unless an import changes more than 64 MiB of pages. */
static int configure_connection(cn_store *store, cn_error *err)
{
    return cn_store_exec(store,
                         "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE;"
                         "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;",
                         err);
}

/* Makes file owner-only (0600) when it is a regular file of this user's that its group or
 * others may read or write; what is left open to them otherwise. The path, not a
 * descriptor: closing one would drop the locks another SQLite connection of this process
 * (the desk's, a test's) holds on the file. Returns the exposure, the mode found in *mode. */
static cn_store_exposure restrict_file(const char *file, bool change, unsigned *mode, int *error)
{
    struct stat st;
    *mode = 0;
    *error = 0;
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
        return CN_STORE_PRIVATE;
    *mode = (unsigned)(st.st_mode & 07777);
    /* the owner first: "chmod 600" was advised to a reader who could not run it (trial 62) */
    if (st.st_uid != geteuid())
        return CN_STORE_LEFT_OWNER;
    if (!change)
        return CN_STORE_LEFT_READ;
    if (chmod(file, S_IRUSR | S_IWUSR) != 0) {
        *error = errno;
        return CN_STORE_LEFT_ERROR;
    }
    return CN_STORE_RESTRICTED;
}

/* The study file's exposure (cn_store_exposed) into store, and that of a journal, -wal or
 * -shm file SQLite left beside it, made owner-only along with it: a hot journal holds pages
 * of the study, and a new one takes the mode of the file. Before SQLite writes anything. */
static void restrict_study(cn_store *store, cn_store_mode mode)
{
    bool change = mode == CN_STORE_WRITE;
    store->exposure =
        restrict_file(store->path, change, &store->found_mode, &store->exposure_errno);
    static const char *const sides[] = {"-journal", "-wal", "-shm"};
    for (size_t k = 0; change && k < sizeof sides / sizeof *sides; k++) {
        char side[sizeof store->path + 16];
        unsigned side_mode;
        int side_errno;
        snprintf(side, sizeof side, "%s%s", store->path, sides[k]);
        restrict_file(side, true, &side_mode, &side_errno);
    }
}

static int open_connection(const char *path, cn_store **out, cn_error *err)
{
    cn_store *store = calloc(1, sizeof *store);
    if (!store)
        return cn_error_nomem(err);
    snprintf(store->path, sizeof store->path, "%s", path);
    /* Before SQLite's first use in this process (later calls are refused, harmlessly):
     * memory statistics take a global lock on every allocation, which a bulk import
     * pays for on every row and nothing here reads. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    /* One connection per store, used by one thread: no per-connection mutex needed. */
    if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        cn_error_set(err, "%s: %s", path, store->db ? sqlite3_errmsg(store->db) : "cannot open");
        cn_store_close(store);
        return -1;
    }
    sqlite3_extended_result_codes(store->db, 1);
    /* Before the first statement: even the open's own checks read the database, and a
     * second person's import must make this command wait, not fail at once. */
    sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
    if (cn_audit_register(store->db) != SQLITE_OK) {
        cn_error_set(err, "%s: %s", path, sqlite3_errmsg(store->db));
        cn_store_close(store);
        return -1;
    }
    *out = store;
    return 0;
}

static int guard_study(const char *path, bool writes, char *why, size_t size, cn_error *err);

int cn_store_create(const char *path, const cn_study *study, cn_store **out, cn_error *err)
{
    char shared[STORE_WHY_MAX];
    if (guard_study(path, true, shared, sizeof shared, err) < 0)
        return -1;
    /* Create the file ourselves so it is owner-only from its first byte; SQLite gives its
     * rollback journal the same mode as the database. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
    if (fd < 0 && errno == ENOENT) /* as every other writer says it (trial 72) */
        return cn_out_missing_parent(path, "path", err);
    if (fd < 0)
        return cn_error_set(err, "%s: cannot create the database: %s", path,
                            errno == EEXIST ? "the file already exists" : strerror(errno));
    fchmod(fd, S_IRUSR | S_IWUSR); /* in case the umask was stricter than needed: harmless */
    close(fd);

    cn_store *store;
    if (open_connection(path, &store, err) < 0)
        goto fail_unlink;
    char appid[64];
    snprintf(appid, sizeof appid, "PRAGMA application_id = %d", CN_APPLICATION_ID);
    if (cn_store_exec(store, appid, err) < 0 || configure_connection(store, err) < 0 ||
        cn_store_migrate(store, CN_STORE_WRITE, err) < 0)
        goto fail_close;

    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "INSERT INTO study (id, name, diary_months, lost_after_days, lang)"
                         " VALUES (1, ?, ?, ?, ?)",
                         &stmt, err) < 0)
        goto fail_close;
    sqlite3_bind_text(stmt, 1, study->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 2, study->diary_months);
    sqlite3_bind_int(stmt, 3, study->lost_after_days);
    sqlite3_bind_text(stmt, 4, study->lang, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        cn_error_set(err, "%s: cannot store the study settings: %s", path,
                     sqlite3_errmsg(store->db));
        goto fail_close;
    }
    *out = store;
    return 0;

fail_close:
    cn_store_close(store);
fail_unlink:
    unlink(path);
    {
        char side[4200];
        snprintf(side, sizeof side, "%s-journal", path);
        unlink(side);
    }
    return -1;
}

int cn_store_open(const char *path, cn_store **out, cn_error *err)
{
    return cn_store_open_mode(path, CN_STORE_WRITE, out, err);
}

const char *cn_store_path(const cn_store *store)
{
    return store->path;
}

const char *cn_store_shared(const cn_store *store)
{
    return *store->shared ? store->shared : NULL;
}

cn_store_exposure cn_store_exposed(const cn_store *store, unsigned *mode, int *error)
{
    if (mode)
        *mode = store->found_mode;
    if (error)
        *error = store->exposure_errno;
    return store->exposure;
}

const char *cn_store_read_only(const char *path)
{
    char folder[4096];
    cn_out_folder_of(path, folder, sizeof folder);
    return access(path, W_OK) != 0     ? "the file is read-only here"
           : access(folder, W_OK) != 0 ? "its folder is read-only here"
                                       : NULL;
}

/* The name of the user uid, or its number. */
static void user_name(uid_t uid, char *out, size_t size)
{
    struct passwd pw, *found = NULL;
    char buf[1024];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found)
        snprintf(out, size, "%s", found->pw_name);
    else
        snprintf(out, size, "user %u", (unsigned)uid);
}

/* A journal an interrupted write left beside a study file that is read-only here (its
 * folder writable): SQLite must roll it back before anything is read, so even a command
 * that only reads is refused, and "cannot write the study" misled (trial 67). The chmod is
 * advised only to the file's owner, who alone can run it. */
static void hot_journal_read_only_file(const char *path, const char *journal, cn_error *err)
{
    struct stat st;
    char how[4400];
    if (stat(path, &st) == 0 && st.st_uid == geteuid())
        snprintf(how, sizeof how, "make it writable ('chmod u+w %s')", path);
    else
        snprintf(how, sizeof how, "its owner must make it writable");
    cn_error_set(err,
                 "%s: an interrupted write left %s, which must be rolled back, and the study"
                 " file is read-only here: %s, or copy %s and %s together to a folder you can"
                 " write, and open the copy",
                 path, journal, how, path, journal);
}

/* Why SQLite could not open or read the study at path, said so that a person can act on it,
 * into err: SQLite's "unable to open database file" for another user's study (a hand-over
 * without a chown), and "disk I/O error" for a journal an interrupted write left that the
 * read-only folder, or study file, keeps from being rolled back and deleted (trials 62 and
 * 67). err is left as it is when neither is the cause. */
static void explain_open(const char *path, cn_error *err)
{
    struct stat st;
    char folder[4096], journal[4200];
    cn_out_folder_of(path, folder, sizeof folder);
    snprintf(journal, sizeof journal, "%s-journal", path);
    if (access(path, R_OK) != 0 && errno == EACCES) {
        char owner[256];
        if (stat(path, &st) != 0) {
            cn_error_set(err, "%s: permission denied: a folder on its path is closed to you", path);
            return;
        }
        if (st.st_uid == geteuid()) {
            cn_error_set(err,
                         "%s: permission denied: it is yours but not readable (mode %04o):"
                         " make it owner-only with 'chmod 600 %s'",
                         path, (unsigned)(st.st_mode & 07777), path);
            return;
        }
        user_name(st.st_uid, owner, sizeof owner);
        cn_error_set(err,
                     "%s: permission denied: it belongs to %s and %s (mode %04o): its owner must"
                     " hand it over to you (chown) or copy it for you",
                     path, owner,
                     (st.st_mode & 077) == 0 ? "is readable by its owner only"
                                             : "you may not read it",
                     (unsigned)(st.st_mode & 07777));
        return;
    }
    if (lstat(journal, &st) != 0 || st.st_size == 0)
        return;
    if (access(folder, W_OK) != 0)
        cn_error_set(err,
                     "%s: an interrupted write left %s, which must be rolled back, and this"
                     " folder is read-only here: copy %s and %s together to a folder you can"
                     " write, and open the copy",
                     path, journal, path, journal);
    else if (access(path, W_OK) != 0 && errno == EACCES)
        hot_journal_read_only_file(path, journal, err);
}

/* Why another user could read what SQLite writes beside the study at path, said into why
 * (empty when no one could): SQLite opens STUDY-journal without O_EXCL and writes the old
 * version of every changed page into whatever file is at that name, so a user who can
 * write the folder can plant a hard link to a file of his there and keep each transaction's
 * pages, diaries and drafts included (trial 64). Checked before anything is written. */
static void shared_folder(const char *path, char *why, size_t size)
{
    struct stat st;
    char folder[4096], owner[256];
    *why = '\0';
    cn_out_folder_of(path, folder, sizeof folder);
    if (stat(folder, &st) != 0)
        return;
    unsigned mode = (unsigned)(st.st_mode & 07777);
    const char *risk = "another user could read the study through its journal";
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, size,
                 "its folder %s is writable by %s (mode %04o): %s; make it yours alone with "
                 "'chmod go-w %s', or move the study to a folder only you can write",
                 folder, st.st_mode & S_IWOTH ? "others" : "its group", mode, risk, folder);
        return;
    }
    if (st.st_uid != geteuid() && st.st_uid != 0 && (st.st_mode & S_IWUSR)) {
        user_name(st.st_uid, owner, sizeof owner);
        snprintf(why, size,
                 "its folder %s belongs to %s (mode %04o): %s; move the study to a "
                 "folder only you can write",
                 folder, owner, mode, risk);
    }
}

/* Why writing the study at path would hand its pages to another user, into why (empty
 * when it would not): a journal, -wal or -shm file beside it that is another user's or
 * has a second name (a planted hard link), or a study file of another user's. */
static void foreign_files(const char *path, char *why, size_t size)
{
    static const char *const sides[] = {"-journal", "-wal", "-shm"};
    struct stat st;
    char side[4200], owner[256];
    *why = '\0';
    for (size_t k = 0; k < sizeof sides / sizeof *sides; k++) {
        snprintf(side, sizeof side, "%s%s", path, sides[k]);
        if (lstat(side, &st) != 0 || (st.st_uid == geteuid() && st.st_nlink <= 1))
            continue;
        user_name(st.st_uid, owner, sizeof owner);
        snprintf(why, size,
                 "%s belongs to %s and has %lu name(s): SQLite would write pages of the study "
                 "into it, for another user to read; check who put it there, then delete it",
                 side, owner, (unsigned long)st.st_nlink);
        return;
    }
    /* one that cannot be opened is said by explain_open, whose it is included */
    if (stat(path, &st) == 0 && st.st_uid != geteuid() && access(path, R_OK | W_OK) == 0) {
        user_name(st.st_uid, owner, sizeof owner);
        snprintf(why, size,
                 "it belongs to %s (mode %04o), who can read what is written into it; "
                 "its owner must hand it over to you (chown), or you keep a copy of your own",
                 owner, (unsigned)(st.st_mode & 07777));
    }
}

/* Refuses, CN_EINVALID, to write a study another user could read through its folder or the
 * files beside it; a command that only reads keeps the reason in store->shared, a warning. */
static int guard_study(const char *path, bool writes, char *why, size_t size, cn_error *err)
{
    shared_folder(path, why, size);
    if (!*why && writes)
        foreign_files(path, why, size);
    if (*why && writes)
        return cn_error_code(err, CN_EINVALID, "%s: refusing to write the study: %s", path, why);
    return 0;
}

int cn_store_open_mode(const char *path, cn_store_mode mode, cn_store **out, cn_error *err)
{
    char shared[STORE_WHY_MAX];
    if (guard_study(path, mode == CN_STORE_WRITE, shared, sizeof shared, err) < 0)
        return -1;
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return cn_error_set(
            err, "%s: no such study database (create one with 'carnet-collect init')", path);
    cn_store *store;
    if (open_connection(path, &store, err) < 0) {
        explain_open(path, err);
        return -1;
    }
    int appid;
    if (cn_store_pragma_int(store, "PRAGMA application_id", &appid, err) < 0) {
        explain_open(path, err);
        goto fail;
    }
    if (appid != CN_APPLICATION_ID) {
        cn_error_set(err, "%s: not a Carnet study database", path);
        goto fail;
    }
    /* a Carnet study, and nothing written yet: reading its id creates no journal */
    restrict_study(store, mode);
    snprintf(store->shared, sizeof store->shared, "%s", shared);
    if (configure_connection(store, err) < 0) {
        explain_open(path, err);
        goto fail;
    }
    if (cn_store_migrate(store, mode, err) < 0)
        goto fail;
    *out = store;
    return 0;
fail:
    cn_store_close(store);
    return -1;
}

void cn_store_close(cn_store *store)
{
    if (!store)
        return;
    sqlite3_close(store->db);
    free(store);
}

int cn_store_study(cn_store *store, cn_study *out, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, "SELECT name, diary_months, lost_after_days, lang FROM study",
                         &stmt, err) < 0)
        return -1;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        cn_store_column_copy(stmt, 0, out->name, sizeof out->name);
        out->diary_months = sqlite3_column_int(stmt, 1);
        out->lost_after_days = sqlite3_column_int(stmt, 2);
        cn_store_column_copy(stmt, 3, out->lang, sizeof out->lang);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { /* a lock held too long is no missing row */
        int code = cn_store_failure(store, err);
        sqlite3_finalize(stmt);
        return code;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW)
        return cn_error_set(err, "%s: the study settings are missing", store->path);
    return 0;
}

int cn_store_study_lang(const char *written, char out[CN_LANG_MAX], cn_error *err)
{
    _Static_assert(CN_LANG_MAX >= CN_LANGCODE_MAX, "room for a stored language");
    if (cn_langcode_for_study(written, out, err) < 0)
        return -1;
    /* a participant's empty language is the study's; the study's own cannot be, spaces alone
     * included */
    return out[0] ? 0 : cn_error_code(err, CN_EINVALID, "a study's language cannot be empty");
}

int cn_store_set_lang(cn_store *store, const char *lang, cn_error *err)
{
    char code[CN_LANG_MAX];
    if (cn_store_study_lang(lang, code, err) < 0 || cn_store_begin(store, err) < 0)
        return -1;
    sqlite3_stmt *stmt;
    int rc = cn_store_prepare(store, "UPDATE study SET lang = ?1 WHERE lang <> ?1", &stmt, err);
    if (rc == 0) { /* the study_au trigger records the change in the audit trail */
        sqlite3_bind_text(stmt, 1, code, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            rc = sql_failure(store, NULL, err);
        sqlite3_finalize(stmt);
    }
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    return rc;
}

/* Library writes open their own transaction, and an import calls them inside its own: the
 * outermost begin is a real transaction, the inner ones are savepoints, so an inner failure
 * undoes only its own part and the outer caller still decides. */
int cn_store_begin(cn_store *store, cn_error *err)
{
    if (sqlite3_get_autocommit(store->db))
        store->depth = 0; /* SQLite may have rolled back on its own (a full disk, say) */
    /* IMMEDIATE takes the write lock now, so two collectors never interleave writes. */
    if (cn_store_exec(store, store->depth ? "SAVEPOINT cn_nested" : "BEGIN IMMEDIATE", err) < 0)
        return -1;
    store->depth++;
    return 0;
}

int cn_store_commit(cn_store *store, cn_error *err)
{
    if (store->depth <= 0 || sqlite3_get_autocommit(store->db))
        return cn_error_set(err, "%s: commit without a transaction", store->path);
    if (cn_store_exec(store, store->depth > 1 ? "RELEASE cn_nested" : "COMMIT", err) < 0)
        return -1;
    store->depth--;
    return 0;
}

void cn_store_rollback(cn_store *store)
{
    if (sqlite3_get_autocommit(store->db)) {
        store->depth = 0;
        return;
    }
    if (store->depth > 1) {
        sqlite3_exec(store->db, "ROLLBACK TO cn_nested; RELEASE cn_nested", NULL, NULL, NULL);
        store->depth--;
        return;
    }
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    store->depth = 0;
}

int cn_store_read_begin(cn_store *store, cn_error *err)
{
    if (!sqlite3_get_autocommit(store->db))
        return 0;
    return cn_store_exec(store, "BEGIN", err) < 0 ? -1 : 1;
}

void cn_store_read_end(cn_store *store, int began)
{
    if (began == 1 && !sqlite3_get_autocommit(store->db))
        sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL); /* read only: nothing to lose */
}

/* The integrity check of the copy at path, named name in messages. */
static int integrity_check(const char *path, const char *name, cn_error *err)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        cn_error_set(err, "%s: cannot reopen the copy: %s", name, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *stmt;
    int ok = 0, told = 0; /* told: the check ran and said what is wrong */
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK) {
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *verdict = (const char *)sqlite3_column_text(stmt, 0);
            ok = verdict && strcmp(verdict, "ok") == 0;
            if (!ok)
                told = cn_error_set(err, "%s: integrity check of the copy failed: %s", name,
                                    verdict ? verdict : "?");
        }
        sqlite3_finalize(stmt);
    }
    if (!ok && !told)
        cn_error_set(err, "%s: integrity check of the copy failed: %s", name, sqlite3_errmsg(db));
    sqlite3_close(db);
    return ok ? 0 : -1;
}

/* The study copied into the empty file at path (named name in messages). Without a
 * journal: a copy that fails is deleted whole, and a journal beside it would be one more
 * file of health data for a stopped backup to leave behind. */
static int copy_into(cn_store *store, const char *path, const char *name, cn_error *err)
{
    sqlite3 *copy;
    if (sqlite3_open_v2(path, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(copy, "PRAGMA journal_mode = OFF", NULL, NULL, NULL) != SQLITE_OK) {
        cn_error_set(err, "%s: %s", name, sqlite3_errmsg(copy));
        sqlite3_close(copy);
        return -1;
    }
    sqlite3_backup *backup = sqlite3_backup_init(copy, "main", store->db, "main");
    errno = 0;
    int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_ERROR;
    /* The system's reason ("File too large", "No space left on device"), which SQLite's
     * "disk I/O error" hides (trial 82): its own record of it when it kept one, else the
     * errno its failed write left (the unix VFS keeps none for a short write). */
    int saved = errno, why = 0;
    if ((rc & 0xff) == SQLITE_IOERR || rc == SQLITE_FULL)
        why = sqlite3_system_errno(copy) ? sqlite3_system_errno(copy) : saved;
    if (backup)
        sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        cn_error_code(err, why || rc == SQLITE_FULL ? CN_EIO : CN_ERR, "%s: backup failed: %s",
                      name, why ? strerror(why) : sqlite3_errmsg(copy));
    sqlite3_close(copy);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* -1 with why path, which exists (st), cannot be the backup: a backup never replaces. */
static int refuse_target(const char *path, const struct stat *st, cn_error *err)
{
    return cn_error_set(err, "%s: cannot create the backup: %s", path,
                        S_ISLNK(st->st_mode)   ? "it is a symbolic link (Carnet writes through "
                                                 "none; give the backup's own name)"
                        : S_ISDIR(st->st_mode) ? "it is a folder (give the backup's file name in "
                                                 "it)"
                                               : "the file already exists");
}

int cn_store_backup(cn_store *store, const char *path, struct cn_out_guard *guard, cn_error *err)
{
    struct stat st;
    if (lstat(path, &st) == 0) /* said before the copy is made, and again when it is placed */
        return refuse_target(path, &st, err);
    char *tmp;
    int fd = cn_out_temp_beside(path, guard, &tmp, err), rc = fd < 0 ? fd : 0;
    if (fd >= 0)
        close(fd);
    if (rc == 0)
        rc = copy_into(store, tmp, path, err);
    if (rc == 0)
        rc = integrity_check(tmp, path, err);
    if (rc == 0 && (rc = cn_out_place_new(tmp, path, err)) == CN_EINVALID &&
        lstat(path, &st) == 0) /* made meanwhile */
        refuse_target(path, &st, err);
    if (rc < 0 && fd >= 0)
        unlink(tmp);
    cn_out_guard_hold(guard, NULL);
    free(tmp);
    return rc < 0 ? -1 : 0;
}

int cn_store_audit_add(cn_store *store, const char *table, int64_t row_id, const char *action,
                       const char *before, const char *after, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, CN_CHAIN_APPEND(CN_SQL_NOW, "?1", "?2", "?3", "?4", "?5", "NULL"),
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, row_id);
    sqlite3_bind_text(stmt, 3, action, -1, SQLITE_TRANSIENT);
    cn_store_bind_text_or_null(stmt, 4, before);
    cn_store_bind_text_or_null(stmt, 5, after);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return sql_failure(store, NULL, err);
    return 0;
}

/* A hash column as hex, or "" when it is NULL (or not a hash). */
static void row_hash(sqlite3_stmt *stmt, int col, char hex[CN_AUDIT_HEX])
{
    const unsigned char *bytes = sqlite3_column_blob(stmt, col);
    hex[0] = '\0';
    if (bytes && sqlite3_column_bytes(stmt, col) == CN_AUDIT_HASH_SIZE)
        cn_sha256_hex(bytes, hex);
}

int cn_store_audit_each(cn_store *store, const char *since,
                        int (*fn)(const cn_audit_row *row, void *ctx), void *ctx, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "SELECT id, at, tbl, row_id, action, before, after, fp, hash"
                         " FROM audit"
                         " WHERE ?1 IS NULL OR at >= ?1 ORDER BY id",
                         &stmt, err) < 0)
        return -1;
    cn_store_bind_text_or_null(stmt, 1, since);
    int rc, result = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        cn_audit_row row = {
            .id = sqlite3_column_int64(stmt, 0),
            .at = (const char *)sqlite3_column_text(stmt, 1),
            .table = (const char *)sqlite3_column_text(stmt, 2),
            .row_id = sqlite3_column_int64(stmt, 3),
            .action = (const char *)sqlite3_column_text(stmt, 4),
            .before = (const char *)sqlite3_column_text(stmt, 5),
            .after = (const char *)sqlite3_column_text(stmt, 6),
        };
        row_hash(stmt, 7, row.fp);
        row_hash(stmt, 8, row.hash);
        if ((result = fn(&row, ctx)) != 0)
            break;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = sql_failure(store, NULL, err);
    sqlite3_finalize(stmt);
    return result;
}
