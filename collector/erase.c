/* erase.c — a participant's diaries erased, texts out of the audit trail (see erase.h).
 * The trail is a hash chain whose records hold each entry's text before and after each
 * change: taking a text out changes those records, so the chain is sealed again from the
 * first of them, and the erasure's own record names the head it replaced. Who kept that
 * head (a published analysis pins one) sees that the history was rewritten, when, and why;
 * the fingerprints (hashes of each row) stay, which tell nothing of a text to whom does not
 * hold it. */
#include "carnet/erase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "store_internal.h"

/* Runs sql, whose ?1 is the participant's id, to its end: cn_store_run. */
static int run_for(cn_store *store, const char *sql, int64_t pid, int64_t *out, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, pid);
    return cn_store_run(store, s, out, err);
}

/* The codes the participant has had (a code may be corrected: the entries' records name
 * the one of their time), in a temporary table. */
static const char *const gather_sql[] = {
    "DROP TABLE IF EXISTS temp.erase_codes",
    "CREATE TEMP TABLE erase_codes (code TEXT PRIMARY KEY)",
    "INSERT OR IGNORE INTO temp.erase_codes SELECT code FROM participant WHERE id = ?1",
    "INSERT OR IGNORE INTO temp.erase_codes SELECT c FROM (SELECT json_extract(before, '$.code')"
    " AS c FROM audit WHERE tbl = 'participant' AND row_id = ?1 UNION SELECT"
    " json_extract(after, '$.code') FROM audit WHERE tbl = 'participant' AND row_id = ?1)"
    " WHERE c IS NOT NULL",
    /* Their entries now, each with the last deletion of its id before (0: none): an entry
     * given to them by entry move has records of its life before under another code. */
    "DROP TABLE IF EXISTS temp.erase_rows",
    "CREATE TEMP TABLE erase_rows (id INTEGER PRIMARY KEY, since INTEGER NOT NULL)",
    "INSERT INTO temp.erase_rows SELECT e.id, coalesce(d.last, 0) FROM entry AS e LEFT JOIN"
    " (SELECT row_id, max(id) AS last FROM audit WHERE tbl = 'entry' AND action = 'delete'"
    " GROUP BY row_id) AS d ON d.row_id = e.id WHERE e.participant_id = ?1",
    NULL};

/* The participant an entry's record R names: its code after the change, or before it. */
#define NAMED(R)                                                                                   \
    "coalesce(json_extract(" R ".after, '$.participant'), json_extract(" R                         \
    ".before, '$.participant'))"

/* The records that hold a text of theirs: an entry's insert, change or deletion (its
 * "text" before or after), and the reasons given for correcting one of their entries. A
 * reason names no participant, but it is written just before its change's record, in the
 * same transaction, which does: that record tells whose entry it was, where the entry's id
 * (SQLite gives a deleted last id again) was another participant's before or after (trial
 * 53 found a reason kept so). */
/* A text in field F of a record, not erased already: a second erasure of the same
 * participant (run again after a failed VACUUM) changes no record, and seals nothing again. */
#define A_TEXT(F) "(json_type(" F ") = 'text' AND json_extract(" F ") != '[erased]')"
#define THEIR_TEXTS                                                                                \
    "tbl = 'entry' AND ((action != 'reason' AND " NAMED(                                           \
        "audit") " IN (SELECT code FROM"                                                           \
                 " temp.erase_codes) AND (" A_TEXT("before, '$.text'") " OR " A_TEXT(              \
                     "after, '$.text'") "))"                                                       \
                                        " OR (action = 'reason' AND " A_TEXT(                      \
                                            "after, '$.reason'") " AND (SELECT " NAMED("n") " FRO" \
                                                                                            "M "   \
                                                                                            "audi" \
                                                                                            "t "   \
                                                                                            "AS "  \
                                                                                            "n "   \
                                                                                            "WHER" \
                                                                                            "E "   \
                                                                                            "n."   \
                                                                                            "tbl " \
                                                                                            "= "   \
                                                                                            "'ent" \
                                                                                            "ry' " \
                                                                                            "AND " \
                                                                                            "n."   \
                                                                                            "row_" \
                                                                                            "id "  \
                                                                                            "= "   \
                                                                                            "audi" \
                                                                                            "t."   \
                                                                                            "row_" \
                                                                                            "id "  \
                                                                                            "AND " \
                                                                                            "n."   \
                                                                                            "id "  \
                                                                                            "> "   \
                                                                                            "audi" \
                                                                                            "t.id" \
                                                                                            " AND" \
                                                                                            " n."  \
                                                                                            "acti" \
                                                                                            "on "  \
                                                                                            "!= "  \
                                                                                            "'rea" \
                                                                                            "son'" \
                                                                                            " ORD" \
                                                                                            "ER "  \
                                                                                            "BY "  \
                                                                                            "n."   \
                                                                                            "id "  \
                                                                                            "LIMI" \
                                                                                            "T "   \
                                                                                            "1) "  \
                                                                                            "IN "  \
                                                                                            "(SEL" \
                                                                                            "ECT " \
                                                                                            "code" \
                                                                                            " FRO" \
                                                                                            "M "   \
                                                                                            "temp" \
                                                                                            ".era" \
                                                                                            "se_"  \
                                                                                            "code" \
                                                                                            "s)))"

/* A text in the records of their entries' lives, whichever code those records name: a page
 * moved to them from another participant (entry move) was that one's before (trial 60). */
#define THEIR_ROWS                                                                                 \
    "(tbl = 'entry' AND EXISTS (SELECT 1 FROM temp.erase_rows AS x WHERE x.id = audit.row_id"      \
    " AND audit.id > x.since) AND (" A_TEXT("before, '$.text'") " OR " A_TEXT(                     \
        "after, '$.text'") " OR (action = 'reason' AND " A_TEXT("after, '$.reason'") ")))"
#define THEIR_RECORDS "((" THEIR_TEXTS ") OR " THEIR_ROWS ")"

#define ERASED "'[erased]'"

static const char *const redact_sql =
    "UPDATE audit SET"
    " before = CASE WHEN json_type(before, '$.text') IS NOT NULL"
    "   THEN json_set(before, '$.text', " ERASED ") ELSE before END,"
    " after = CASE WHEN action = 'reason' THEN json_set(after, '$.reason', " ERASED ")"
    "   WHEN json_type(after, '$.text') IS NOT NULL"
    "   THEN json_set(after, '$.text', " ERASED ") ELSE after END"
    " WHERE " THEIR_RECORDS;

/* Deletes their drafts, copies and entries (the entries' deletions recorded by the
 * triggers, with the texts redact_sql then takes out). */
static int delete_rows(cn_store *store, int64_t pid, cn_erase_result *out, cn_error *err)
{
    for (const char *const *sql = gather_sql; *sql; sql++)
        if (run_for(store, *sql, pid, NULL, err) < 0)
            return -1;
    if (run_for(store, "DELETE FROM draft WHERE participant_id = ?1", pid, &out->drafts, err) < 0 ||
        run_for(store,
                "DELETE FROM dde WHERE entry_id IN (SELECT id FROM entry WHERE participant_id ="
                " ?1)",
                pid, &out->copies, err) < 0 ||
        run_for(store, "DELETE FROM entry WHERE participant_id = ?1", pid, &out->entries, err) < 0)
        return -1;
    return 0;
}

typedef struct redaction {
    int64_t pid;
    cn_erase_result *out;
} redaction;

static int redact(cn_store *store, void *arg, cn_error *err)
{
    redaction *r = arg;
    return run_for(store, redact_sql, r->pid, &r->out->records, err);
}

/* Takes their texts out of the trail and seals it again from the first record changed. */
static int redact_trail(cn_store *store, int64_t pid, cn_erase_result *out, cn_error *err)
{
    int64_t first;
    if (run_for(store, "SELECT min(id) FROM audit WHERE " THEIR_RECORDS, pid, &first, err) < 0)
        return -1;
    if (first == 0)
        return 0;
    return cn_audit_rewrite(store, first, redact, &(redaction){pid, out}, err);
}

/* The erasure's own record: counts, reason, the head it replaced. */
static int record_erasure(cn_store *store, int64_t pid, const char *reason,
                          const cn_erase_result *r, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT json_object('reason', ?1, 'entries', ?2, 'copies', ?3, 'drafts',"
                         " ?4, 'records_erased', ?5, 'chain_head_before', ?6)",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, r->entries);
    sqlite3_bind_int64(s, 3, r->copies);
    sqlite3_bind_int64(s, 4, r->drafts);
    sqlite3_bind_int64(s, 5, r->records);
    sqlite3_bind_text(s, 6, r->head_before, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s) == SQLITE_ROW
                 ? cn_store_audit_add(store, "participant", pid, "erase", NULL,
                                      (const char *)sqlite3_column_text(s, 0), err)
                 : cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

int cn_erase_record_import(cn_store *store, int64_t pid, const char *path, cn_error *err)
{
    cn_erase_result none = {0};
    int64_t records;
    if (cn_audit_head(store, none.head_before, &records, err) < 0)
        return -1;
    char reason[4300];
    snprintf(reason, sizeof reason, "erased in the study %s was exported from", path);
    return record_erasure(store, pid, reason, &none, err);
}

/* Once the erasure is committed: said (committed), then the file rewritten whole, so that no
 * page of it keeps a deleted text. */
static int rewrite(cn_store *store, const cn_participant *p, cn_erase_committed *committed,
                   void *ctx, const cn_erase_result *out, cn_error *err)
{
    if (committed)
        committed(out, ctx);
    cn_error why = {0};
    if (cn_store_exec(store, "VACUUM", &why) < 0)
        return cn_error_code(err, why.code ? why.code : CN_ERR,
                             "the diaries of %s are erased, but the study's file still holds the"
                             " pages they were in until it is rewritten, which failed (%s): run"
                             " the erasure again when no other program uses the study",
                             p->code, why.msg);
    return 0;
}

int cn_erase_participant(cn_store *store, const char *code, const char *reason,
                         cn_erase_committed *committed, void *ctx, cn_erase_result *out,
                         cn_error *err)
{
    memset(out, 0, sizeof *out);
    if (cn_audit_require_reason(reason, "\"consent withdrawn on ...\"", err) < 0)
        return err->code;
    cn_participant p;
    if (cn_participant_find(store, code, &p, err) < 0)
        return err->code ? err->code : -1;
    if (p.status != CN_STATUS_WITHDRAWN)
        return cn_error_code(err, CN_EINVALID,
                             "participant %s is %s, not withdrawn: an erasure follows a withdrawal"
                             " of consent; set its status first (participant set %s --status"
                             " withdrawn)",
                             p.code, cn_status_name(p.status), p.code);
    /* freed pages zeroed as they are freed, the journal's copy of them aside */
    if (cn_store_exec(store, "PRAGMA secure_delete = ON", err) < 0 ||
        cn_store_begin(store, err) < 0)
        return -1;
    int64_t records, left = 0;
    int rc = cn_audit_head(store, out->head_before, &records, err);
    int erased = rc == 0 ? cn_erase_done(store, &p, err) : 0;
    if (rc == 0 && erased < 0)
        rc = -1;
    if (rc == 0 && erased > 0)
        rc = run_for(store,
                     "SELECT (SELECT count(*) FROM entry WHERE participant_id = ?1) +"
                     " (SELECT count(*) FROM draft WHERE participant_id = ?1)",
                     p.id, &left, err);
    if (rc == 0 && erased > 0 && left == 0) {
        /* erased already, nothing of theirs since: the same command run again after a stop
         * in the rewrite only finishes it; a second erase record of "0 entries" moved the
         * chain head for nothing (trial 81) */
        out->already = true;
        memcpy(out->head_after, out->head_before, sizeof out->head_after);
        if (cn_store_finish(store, 0, err) < 0)
            return err->code ? err->code : -1;
        return rewrite(store, &p, committed, ctx, out, err);
    }
    if (rc == 0)
        rc = delete_rows(store, p.id, out, err);
    if (rc == 0)
        rc = redact_trail(store, p.id, out, err);
    if (rc == 0)
        rc = record_erasure(store, p.id, reason, out, err);
    if (rc == 0)
        rc = cn_audit_head(store, out->head_after, &records, err);
    if (cn_store_finish(store, rc, err) < 0)
        return err->code ? err->code : -1;
    return rewrite(store, &p, committed, ctx, out, err);
}

/* The erase records, one per erasure of a participant (row_id). */
#define ERASED_IDS                                                                                 \
    "SELECT DISTINCT row_id FROM audit WHERE tbl = 'participant' AND action = 'erase'"

int cn_erase_done(cn_store *store, const cn_participant *p, cn_error *err)
{
    if (p->status != CN_STATUS_WITHDRAWN)
        return 0;
    int64_t pid = p->id;
    int64_t found;
    if (run_for(store, "SELECT count(*) FROM (" ERASED_IDS " AND row_id = ?1)", pid, &found, err) <
        0)
        return -1;
    return found > 0;
}

/* The first column of statement s's rows (finalized here) into *ids (malloc'd) and *n. */
static int read_ids(cn_store *store, sqlite3_stmt *s, int64_t **ids, size_t *n, cn_error *err)
{
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (cn_grow((void **)ids, &cap, *n + 1, sizeof **ids) < 0) {
            step = SQLITE_NOMEM;
            break;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (step != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return step == SQLITE_NOMEM ? cn_error_nomem(err) : cn_store_failure(store, err);
    }
    return 0;
}

int cn_erase_ids(cn_store *store, int64_t **ids, size_t *n, cn_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s;
    if (cn_store_prepare(store, ERASED_IDS " ORDER BY row_id", &s, err) < 0)
        return -1;
    return read_ids(store, s, ids, n, err);
}

int cn_erase_codes_since(cn_store *store, const char *since, char ***codes, size_t *n,
                         cn_error *err)
{
    *codes = NULL;
    *n = 0;
    sqlite3_stmt *s;
    /* every code of each: a run made before a recode holds the old one (trial 91) */
    if (cn_store_prepare(store,
                         "WITH erased(pid) AS (SELECT DISTINCT row_id FROM audit WHERE tbl ="
                         " 'participant' AND action = 'erase' AND at >= ?1) SELECT code FROM"
                         " participant WHERE id IN erased UNION SELECT c FROM (SELECT"
                         " json_extract(before, '$.code') AS c FROM audit WHERE tbl ="
                         " 'participant' AND row_id IN erased UNION SELECT json_extract(after,"
                         " '$.code') FROM audit WHERE tbl = 'participant' AND row_id IN erased)"
                         " WHERE c IS NOT NULL ORDER BY 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, since, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        char *copy = code ? strdup(code) : NULL;
        if (!copy || cn_grow((void **)codes, &cap, *n + 1, sizeof **codes) < 0) {
            free(copy);
            step = SQLITE_NOMEM;
            break;
        }
        (*codes)[(*n)++] = copy;
    }
    sqlite3_finalize(s);
    if (step != SQLITE_DONE) {
        cn_erase_codes_free(*codes, *n);
        *codes = NULL;
        *n = 0;
        return step == SQLITE_NOMEM ? cn_error_nomem(err) : cn_store_failure(store, err);
    }
    return 0;
}

void cn_erase_codes_free(char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

int cn_erase_entries_after(cn_store *store, int64_t records, int64_t **ids, size_t *n,
                           cn_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s;
    /* the deletions of each erased participant's pages, by every code they have had: a
     * recode --forget rewrites the trail's codes alike, and a page moved to them is deleted
     * under their code (trial 92); another participant's page deleted by entry delete is
     * not an erased one (trial 93) */
    if (cn_store_prepare(
            store,
            "WITH erased(pid) AS (SELECT DISTINCT row_id FROM audit WHERE tbl = 'participant'"
            " AND action = 'erase' AND id > ?1), codes(c) AS (SELECT code FROM participant WHERE"
            " id IN erased UNION SELECT json_extract(before, '$.code') FROM audit WHERE tbl ="
            " 'participant' AND row_id IN erased UNION SELECT json_extract(after, '$.code') FROM"
            " audit WHERE tbl = 'participant' AND row_id IN erased) SELECT DISTINCT row_id FROM"
            " audit WHERE tbl = 'entry' AND action = 'delete' AND id > ?1 AND json_valid(before)"
            " AND json_extract(before, '$.participant') IN codes ORDER BY row_id",
            &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, records);
    return read_ids(store, s, ids, n, err);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

bool cn_erase_listed(const int64_t *ids, size_t n, int64_t id)
{
    return n > 0 && bsearch(&id, ids, n, sizeof *ids, by_id); /* undefined on a NULL array */
}

int cn_erase_refuse(const char *code, cn_error *err)
{
    return cn_error_code(err, CN_EINVALID,
                         "participant %s: their diaries were erased (participant erase, in the"
                         " audit trail): nothing is added for them again (an import file must"
                         " leave out their rows)",
                         code);
}
