/* draft.c — the entry form's drafts (see draft.h): one row per participant in table draft
 * (schema version 3), written in a transaction of its own like every write. */
#include "carnet/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/entry.h"
#include "carnet/erase.h"
#include "carnet/participant.h"
#include "carnet/utf8.h"
#include "store_internal.h"

static int step_write(cn_store *store, sqlite3_stmt *s, cn_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return cn_store_failure(store, err);
    return 0;
}

int cn_draft_save(cn_store *store, const char *code, const char *date, const char *text, size_t len,
                  cn_error *err)
{
    return cn_draft_save_by(store, code, "", date, text, len, err);
}

int cn_draft_save_by(cn_store *store, const char *code, const char *typist, const char *date,
                     const char *text, size_t len, cn_error *err)
{
    if (len > CN_ENTRY_TEXT_MAX)
        return cn_error_code(err, CN_EINVALID, "text: longer than %d bytes", CN_ENTRY_TEXT_MAX);
    if (!cn_utf8_valid(text, len, NULL) || memchr(text, '\0', len))
        return cn_error_code(err, CN_EINVALID, "text: not valid UTF-8 text");
    cn_date parsed;
    cn_error ignored = {0};
    bool dated = date && cn_date_parse(date, &parsed, &ignored) == 0;
    if (len == 0)
        return cn_draft_remove_by(store, code, typist, err);
    cn_participant p;
    int found = cn_participant_get(store, code, &p, err);
    if (found < 0)
        return -1;
    int erased = found ? cn_erase_done(store, &p, err) : 0;
    if (erased < 0)
        return -1;
    if (erased) /* a form left open while the diaries were erased (trial 53) */
        return cn_erase_refuse(code, err);
    sqlite3_stmt *s;
    if (cn_store_begin(store, err) < 0)
        return -1;
    int rc = cn_store_prepare(store,
                              "INSERT OR REPLACE INTO draft (participant_id, typist, date, text)"
                              " SELECT id, ?4, ?2, ?3 FROM participant WHERE code = ?1",
                              &s, err);
    if (rc == 0) {
        sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, dated ? date : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, text, (int)len, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, typist, -1, SQLITE_STATIC);
        rc = step_write(store, s, err);
    }
    if (rc == 0 && sqlite3_changes(store->db) != 1)
        rc = cn_error_code(err, CN_ENOTFOUND, "unknown participant '%s'", code);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    return rc;
}

int cn_draft_get(cn_store *store, const char *code, cn_draft *out, cn_error *err)
{
    return cn_draft_get_by(store, code, "", out, err);
}

int cn_draft_get_by(cn_store *store, const char *code, const char *typist, cn_draft *out,
                    cn_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT d.date, d.text, d.updated FROM draft AS d"
                         " JOIN participant AS p ON p.id = d.participant_id WHERE p.code = ?1"
                         " AND d.typist = ?2",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, typist, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), result = 0;
    if (rc == SQLITE_ROW) {
        cn_store_column_copy(s, 0, out->date, sizeof out->date);
        const char *text = (const char *)sqlite3_column_text(s, 1);
        out->text = strdup(text ? text : "");
        cn_store_column_copy(s, 2, out->updated, sizeof out->updated);
        result = out->text ? 1 : cn_error_nomem(err);
    } else if (rc != SQLITE_DONE) {
        result = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return result;
}

int cn_draft_remove(cn_store *store, const char *code, cn_error *err)
{
    return cn_draft_remove_by(store, code, "", err);
}

int cn_draft_remove_by(cn_store *store, const char *code, const char *typist, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "DELETE FROM draft WHERE participant_id ="
                         " (SELECT id FROM participant WHERE code = ?1) AND typist = ?2",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, typist, -1, SQLITE_STATIC);
    return step_write(store, s, err);
}

void cn_draft_clear(cn_draft *draft)
{
    free(draft->text);
    draft->text = NULL;
}
