/* recode.c — a participant's code corrected (see recode.h). The entries, drafts and
 * double-entry copies point at the participant's id, so only the code's own places change:
 * its row, the `replaces` of the participants who replace it, and, to forget a code that
 * identifies, the audit trail, whose records name a participant by the code of their time. */
#include "carnet/recode.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "store_internal.h"

/* Runs sql with ?1 and ?2 bound to a and b (and ?3 to n) to its end; *out (when not NULL):
 * its first value when it gives a row, else the rows it changed. */
static int run2(cn_store *store, const char *sql, const char *a, const char *b, int64_t n,
                int64_t *out, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, n);
    int step = sqlite3_step(s);
    int64_t value = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return cn_store_failure(store, err);
    if (out)
        *out = step == SQLITE_ROW ? value : sqlite3_changes64(store->db);
    return 0;
}

/* The new code: valid, not the old one, and no other participant's in any case (P01 and p01
 * would be two people in every table). */
static int check_new_code(cn_store *store, const cn_participant *p, const char *new_code,
                          cn_error *err)
{
    if (cn_participant_check_code(new_code, err) < 0)
        return -1;
    if (strcmp(new_code, p->code) == 0)
        return cn_error_code(err, CN_EINVALID, "participant %s already has the code %s", p->code,
                             new_code);
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT code FROM participant WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, new_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, p->id);
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW) {
        const char *other = (const char *)sqlite3_column_text(s, 0);
        rc = strcmp(other, new_code) == 0
                 ? cn_error_code(err, CN_EDUPLICATE, "code %s is another participant's", new_code)
                 : cn_error_code(err, CN_EDUPLICATE,
                                 "code %s differs from the existing participant %s only by case",
                                 new_code, other);
    } else if (step != SQLITE_DONE) {
        rc = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* The codes the participant ?1 has had, and has: its row's, its records' (an earlier recode
 * without --forget kept them), in a temporary table. */
static const char *const gather_sql[] = {
    "DROP TABLE IF EXISTS temp.recode_codes",
    "CREATE TEMP TABLE recode_codes (code TEXT PRIMARY KEY)",
    "INSERT OR IGNORE INTO temp.recode_codes SELECT code FROM participant WHERE id = ?1",
    "INSERT OR IGNORE INTO temp.recode_codes SELECT c FROM (SELECT json_extract(before, '$.code')"
    " AS c FROM audit WHERE tbl = 'participant' AND row_id = ?1 AND action != 'recode' UNION"
    " SELECT json_extract(after, '$.code') FROM audit WHERE tbl = 'participant' AND row_id = ?1"
    " AND action != 'recode' UNION SELECT json_extract(after, '$.previous') FROM audit WHERE"
    " tbl = 'participant' AND row_id = ?1 AND action = 'recode') WHERE c IS NOT NULL",
    NULL};

/* An earlier code of theirs that another participant has had too: their records could not be
 * told apart by the code. */
static const char *const shared_code_sql =
    "SELECT code FROM temp.recode_codes WHERE code IN (SELECT code FROM participant WHERE id !="
    " ?1) OR code IN (SELECT json_extract(before, '$.code') FROM audit WHERE tbl ="
    " 'participant' AND row_id != ?1 UNION SELECT json_extract(after, '$.code') FROM audit"
    " WHERE tbl = 'participant' AND row_id != ?1) LIMIT 1";

/* Every string value of a record that is one of their codes: the participant's code, an
 * entry's participant, a replacement's `replaces`, whatever record kind holds it. */
#define OLD_VALUES(COL)                                                                            \
    "SELECT audit.id AS id, '" COL "' AS col, t.fullkey AS path FROM audit, json_tree(audit." COL  \
    ") AS t"                                                                                       \
    " WHERE audit." COL " IS NOT NULL AND json_valid(audit." COL ") AND t.type = 'text'"           \
    " AND t.atom IN (SELECT code FROM temp.recode_codes)"

typedef struct forgetting {
    const char *new_code;
    cn_recode_result *out;
} forgetting;

/* A value of the trail to change: the record, its column, the value's JSON path. */
typedef struct place {
    int64_t id;
    bool after;
    char *path;
} place;

static void free_places(place *places, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(places[i].path);
    free(places);
}

/* The places of their codes, all read before any is changed: json_tree reads the records
 * being changed. */
static int find_places(cn_store *store, place **out, size_t *n, cn_error *err)
{
    sqlite3_stmt *s;
    *out = NULL;
    *n = 0;
    if (cn_store_prepare(store,
                         "SELECT id, col, path FROM (" OLD_VALUES(
                             "before") " UNION ALL " OLD_VALUES("after") ") ORDER BY id",
                         &s, err) < 0)
        return -1;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        char *path = strdup((const char *)sqlite3_column_text(s, 2));
        if (!path || cn_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
            free(path);
            step = SQLITE_NOMEM;
            break;
        }
        (*out)[(*n)++] =
            (place){sqlite3_column_int64(s, 0),
                    strcmp((const char *)sqlite3_column_text(s, 1), "after") == 0, path};
    }
    sqlite3_finalize(s);
    if (step == SQLITE_DONE)
        return 0;
    free_places(*out, *n);
    *out = NULL;
    *n = 0;
    return step == SQLITE_NOMEM ? cn_error_nomem(err) : cn_store_failure(store, err);
}

/* Writes the new code over each place of the old one (found by find_places). */
static int replace_values(cn_store *store, void *arg, cn_error *err)
{
    forgetting *f = arg;
    place *places;
    size_t n;
    if (find_places(store, &places, &n, err) < 0)
        return -1;
    sqlite3_stmt *set[2] = {NULL, NULL};
    int rc =
        cn_store_prepare(store, "UPDATE audit SET before = json_set(before, ?2, ?3) WHERE id = ?1",
                         &set[0], err) < 0 ||
                cn_store_prepare(store,
                                 "UPDATE audit SET after = json_set(after, ?2, ?3) WHERE id ="
                                 " ?1",
                                 &set[1], err) < 0
            ? -1
            : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sqlite3_stmt *u = set[places[i].after];
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, places[i].id);
        sqlite3_bind_text(u, 2, places[i].path, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 3, f->new_code, -1, SQLITE_STATIC);
        if (sqlite3_step(u) != SQLITE_DONE)
            rc = cn_store_failure(store, err);
        f->out->records += i == 0 || places[i].id != places[i - 1].id;
    }
    sqlite3_finalize(set[0]);
    sqlite3_finalize(set[1]);
    free_places(places, n);
    return rc;
}

/* The trail without any code the participant had: the values that are one replaced by the
 * new code, the chain sealed again from the first record changed; the texts that hold one
 * among other words counted. Refused when another participant had one of those codes too. */
static int forget_old_codes(cn_store *store, int64_t pid, const char *new_code,
                            cn_recode_result *out, cn_error *err)
{
    sqlite3_stmt *s;
    for (const char *const *sql = gather_sql; *sql; sql++) {
        if (cn_store_prepare(store, *sql, &s, err) < 0)
            return -1;
        if (sqlite3_bind_parameter_count(s) > 0)
            sqlite3_bind_int64(s, 1, pid);
        int step = sqlite3_step(s);
        sqlite3_finalize(s);
        if (step != SQLITE_DONE)
            return cn_store_failure(store, err);
    }
    if (cn_store_prepare(store, shared_code_sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, pid);
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW)
        rc = cn_error_code(err, CN_EINVALID,
                           "--forget: the code %s was another participant's too, and the audit"
                           " trail names participants by code: its records cannot be told apart"
                           " (nothing changed; recode without --forget)",
                           (const char *)sqlite3_column_text(s, 0));
    else if (step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(s);
    if (rc < 0)
        return rc;
    int64_t first;
    if (run2(store,
             "SELECT min(id) FROM (" OLD_VALUES("before") " UNION ALL " OLD_VALUES("after") ")",
             NULL, NULL, 0, &first, err) < 0)
        return -1;
    if (first > 0 &&
        cn_audit_rewrite(store, first, replace_values, &(forgetting){new_code, out}, err) < 0)
        return -1;
    return run2(store,
                "SELECT count(*) FROM audit WHERE EXISTS (SELECT 1 FROM temp.recode_codes AS c"
                " WHERE c.code != ?2 AND (instr(coalesce(before, ''), c.code) > 0 OR"
                " instr(coalesce(after, ''), c.code) > 0))",
                NULL, new_code, 0, &out->left_in_text, err);
}

/* The recode's own record: the reason, the new code, and either the old code (kept) or the
 * head the rewritten chain replaced (forgotten). */
static int record_recode(cn_store *store, int64_t pid, const char *old_code, const char *new_code,
                         const char *reason, bool forget, const cn_recode_result *r, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         forget
                             ? "SELECT json_object('reason', ?1, 'code', ?2, 'records_rewritten',"
                               " ?3, 'chain_head_before', ?4)"
                             : "SELECT json_object('reason', ?1, 'code', ?2, 'previous', ?4)",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, new_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, r->records);
    sqlite3_bind_text(s, 4, forget ? r->head_before : old_code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s) == SQLITE_ROW
                 ? cn_store_audit_add(store, "participant", pid, "recode", NULL,
                                      (const char *)sqlite3_column_text(s, 0), err)
                 : cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

/* The row and the replacements' `replaces`, in one step for the foreign key, which is
 * checked at the commit (defer_foreign_keys ends with the transaction). */
static int change_code(cn_store *store, int64_t pid, const char *old_code, const char *new_code,
                       cn_recode_result *out, cn_error *err)
{
    if (cn_store_exec(store, "PRAGMA defer_foreign_keys = ON", err) < 0 ||
        run2(store, "UPDATE participant SET code = ?2 WHERE id = ?3", old_code, new_code, pid, NULL,
             err) < 0 ||
        run2(store, "UPDATE participant SET replaces = ?2 WHERE replaces = ?1", old_code, new_code,
             0, &out->replacing, err) < 0)
        return -1;
    return 0;
}

int cn_recode_participant(cn_store *store, const char *code, const char *new_code,
                          const char *reason, bool forget, cn_recode_result *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    if (!reason || !reason[strspn(reason, " \t\r\n")])
        return cn_error_code(err, CN_EINVALID,
                             "--reason: required, for the audit trail (\"a slip at enrolment\","
                             " \"the code held a date of birth\")");
    cn_participant p;
    int found = cn_participant_get(store, code, &p, err);
    if (found < 0)
        return err->code ? err->code : -1;
    if (found == 0)
        return cn_error_code(err, CN_ENOTFOUND, "unknown participant '%s'", code);
    if (check_new_code(store, &p, new_code, err) < 0)
        return err->code;
    if ((forget && cn_store_exec(store, "PRAGMA secure_delete = ON", err) < 0) ||
        cn_store_begin(store, err) < 0)
        return err->code ? err->code : -1;
    int64_t records;
    int rc = cn_audit_head(store, out->head_before, &records, err);
    if (rc == 0)
        rc = change_code(store, p.id, p.code, new_code, out, err);
    if (rc == 0 && forget)
        rc = forget_old_codes(store, p.id, new_code, out, err);
    if (rc == 0)
        rc = record_recode(store, p.id, p.code, new_code, reason, forget, out, err);
    if (rc == 0)
        rc = cn_audit_head(store, out->head_after, &records, err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0) {
        cn_store_rollback(store);
        return err->code ? err->code : -1;
    }
    if (!forget)
        return 0;
    /* the file rewritten whole: no freed page keeps the old code */
    cn_error why = {0};
    if (cn_store_exec(store, "VACUUM", &why) < 0)
        return cn_error_code(err, why.code ? why.code : CN_ERR,
                             "participant %s is now %s, but the study's file still holds the old"
                             " code in freed pages until it is rewritten, which failed (%s): run"
                             " `carnet-collect participant recode %s %s --forget` again when no"
                             " other program uses the study... (the code is already changed)",
                             code, new_code, why.msg, new_code, new_code);
    return 0;
}
