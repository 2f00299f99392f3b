/* dde.c — double data entry (see dde.h), in the tables of schema version 4: setting holds
 * the study's switch, dde the two copies of each entry typed under it.
 *
 * The first copy is stored as the entry itself, through the entry library (same rules, same
 * audit record), so that the diary, the timeline and the protocol statistics see the page
 * at once; the entry only becomes final when reconciled. Reading "final only" is a temporary
 * view over the entry table, so stats, check and export need no second version of their
 * queries. */
#include "carnet/dde.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/entry.h"
#include "carnet/utf8.h"
#include "store_internal.h"

/* Steps a statement expected to finish, and finalises it. */
static int step_done(cn_store *store, sqlite3_stmt *s, cn_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return cn_store_failure(store, err);
    return 0;
}

int cn_dde_enabled(cn_store *store, bool *on, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, "SELECT value FROM setting WHERE name = 'double_entry'", &s, err) <
        0)
        return -1;
    int rc = sqlite3_step(s);
    *on = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "1") == 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return cn_store_failure(store, err);
    return 0;
}

int cn_dde_set(cn_store *store, bool on, cn_error *err)
{
    bool was;
    if (cn_dde_enabled(store, &was, err) < 0)
        return -1;
    if (was == on)
        return 0;
    if (cn_store_begin(store, err) < 0)
        return -1;
    sqlite3_stmt *s;
    int rc = cn_store_prepare(store,
                              "INSERT OR REPLACE INTO setting (name, value) VALUES"
                              " ('double_entry', ?1)",
                              &s, err);
    if (rc == 0) {
        sqlite3_bind_text(s, 1, on ? "1" : "0", -1, SQLITE_STATIC);
        rc = step_done(store, s, err);
    }
    /* No trigger watches the setting table: the change is recorded here. */
    if (rc == 0)
        rc = cn_store_audit_add(store, "setting", 1, "update",
                                was ? "{\"double_entry\":true}" : "{\"double_entry\":false}",
                                on ? "{\"double_entry\":true}" : "{\"double_entry\":false}", err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    return rc;
}

int cn_dde_check_typist(const char *typist, cn_error *err)
{
    size_t n = typist ? strlen(typist) : 0;
    if (n == 0)
        return cn_error_code(err, CN_EINVALID, "typist: give your name or initials");
    if (n >= CN_TYPIST_MAX)
        return cn_error_code(err, CN_EINVALID, "typist: longer than %d bytes", CN_TYPIST_MAX - 1);
    if (!cn_utf8_valid(typist, n, NULL))
        return cn_error_code(err, CN_EINVALID, "typist: not valid UTF-8");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)typist[i] < 0x20 || typist[i] == 0x7f)
            return cn_error_code(err, CN_EINVALID, "typist: holds a control character");
    if (typist[0] == ' ' || typist[n - 1] == ' ')
        return cn_error_code(err, CN_EINVALID, "typist: starts or ends with a space");
    return 0;
}

/* The audit record of one copy: who typed it, and which of the two it is. The entry's own
 * records (its insert, its edits) are the entry's; these go under the dde table. */
static int record(cn_store *store, int64_t id, const char *action, const char *json_sql,
                  const char *a, const char *b, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, json_sql, &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    int rc = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        rc = cn_store_audit_add(store, "dde", id, action, NULL,
                                (const char *)sqlite3_column_text(s, 0), err);
    else
        cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

/* The entry waiting for a second copy that this typist's copy completes: 1 and *id, or 0. */
static int waiting_entry(cn_store *store, const char *typist, const char *code, const char *date,
                         int64_t *id, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT d.entry_id FROM dde AS d JOIN entry AS e ON e.id = d.entry_id"
                         " JOIN participant AS p ON p.id = e.participant_id"
                         " WHERE p.code = ?1 AND e.date = ?2 AND d.second_typist IS NULL"
                         " AND d.first_typist <> ?3 ORDER BY d.entry_id LIMIT 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, typist, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return found;
}

static int add_second(cn_store *store, int64_t id, const char *typist, const char *text, size_t len,
                      cn_dde_stored *how, cn_error *err)
{
    char *norm;
    size_t n;
    if (cn_entry_normalise(text, len, &norm, &n, err) < 0)
        return CN_EINVALID;
    sqlite3_stmt *s;
    /* Two equal copies need no third person: nothing to decide. */
    int rc = cn_store_prepare(store,
                              "UPDATE dde SET second_typist = ?2, second = ?3,"
                              " reconciler = CASE WHEN replace(first, char(13), char(10))"
                              " = ?3 THEN '(agreed)' END"
                              " WHERE entry_id = ?1",
                              &s, err);
    if (rc == 0) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, typist, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, norm, (int)n, SQLITE_STATIC);
        rc = step_done(store, s, err);
    }
    if (rc == 0 &&
        (rc = cn_store_prepare(store, "SELECT reconciler IS NOT NULL FROM dde WHERE entry_id = ?",
                               &s, err)) == 0) {
        sqlite3_bind_int64(s, 1, id);
        *how = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) ? CN_DDE_AGREED
                                                                         : CN_DDE_SECOND;
        sqlite3_finalize(s);
    }
    free(norm);
    if (rc == 0)
        rc = record(store, id, *how == CN_DDE_AGREED ? "agreed" : "second copy",
                    "SELECT json_object('typist', ?1)", typist, NULL, err);
    return rc;
}

static int add_first(cn_store *store, cn_date today, const char *source, const char *typist,
                     const char *code, const char *date, const char *text, size_t len, int64_t *id,
                     cn_dde_stored *how, cn_error *err)
{
    int rc = cn_entry_add(store, today, source, code, date, text, len, id, err);
    if (rc == 1) {
        *how = CN_DDE_EXISTING;
        return 0;
    }
    if (rc < 0)
        return rc;
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "INSERT INTO dde (entry_id, first_typist, first)"
                         " SELECT id, ?2, text FROM entry WHERE id = ?1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, *id);
    sqlite3_bind_text(s, 2, typist, -1, SQLITE_STATIC);
    *how = CN_DDE_FIRST;
    if (step_done(store, s, err) < 0)
        return -1;
    return record(store, *id, "first copy", "SELECT json_object('typist', ?1)", typist, NULL, err);
}

int cn_dde_type(cn_store *store, cn_date today, const char *source, const char *typist,
                const char *code, const char *date, const char *text, size_t len, int64_t *entry_id,
                cn_dde_stored *how, cn_error *err)
{
    if (cn_dde_check_typist(typist, err) < 0)
        return CN_EINVALID;
    if (cn_store_begin(store, err) < 0)
        return -1;
    int64_t id = 0;
    int rc = waiting_entry(store, typist, code, date, &id, err);
    if (rc == 1)
        rc = add_second(store, id, typist, text, len, how, err);
    else if (rc == 0)
        rc = add_first(store, today, source, typist, code, date, text, len, &id, how, err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0) {
        cn_store_rollback(store);
        return rc;
    }
    *entry_id = id;
    return 0;
}

static char *column_dup(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? strdup((const char *)t) : NULL;
}

int cn_dde_get(cn_store *store, int64_t entry_id, cn_dde_pair *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT first_typist, first, second_typist, second, reconciler"
                         " FROM dde WHERE entry_id = ?",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        out->entry_id = entry_id;
        cn_store_column_copy(s, 0, out->first_typist, sizeof out->first_typist);
        cn_store_column_copy(s, 2, out->second_typist, sizeof out->second_typist);
        cn_store_column_copy(s, 4, out->reconciler, sizeof out->reconciler);
        out->first = column_dup(s, 1);
        out->second = column_dup(s, 3);
        found = 1;
        if (!out->first || (out->second_typist[0] && !out->second)) {
            cn_dde_clear(out);
            found = cn_error_nomem(err);
        }
    } else if (rc != SQLITE_DONE) {
        found = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return found;
}

void cn_dde_clear(cn_dde_pair *pair)
{
    free(pair->first);
    free(pair->second);
    pair->first = pair->second = NULL;
}

int cn_dde_settle_corrected(cn_store *store, int64_t entry_id, cn_error *err)
{
    bool on = true;
    if (cn_dde_enabled(store, &on, err) < 0)
        return -1;
    if (on) /* its copies decide its text, by reconciling */
        return 0;
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "UPDATE dde SET reconciler = '(corrected, double entry off)'"
                         " WHERE entry_id = ?1 AND reconciler IS NULL",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    if (step_done(store, s, err) < 0)
        return -1;
    if (sqlite3_changes(store->db) == 0)
        return 0;
    return record(store, entry_id, "reconciled", "SELECT json_object('reconciler', ?1)",
                  "(corrected, double entry off)", NULL, err);
}

int cn_dde_refuse_two_halves(cn_store *store, int64_t entry_id, int64_t pid, const char *date,
                             cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT o.entry_id, o.first_typist, m.first_typist FROM dde AS m"
                         " JOIN main.entry AS e ON e.id = m.entry_id"
                         " JOIN main.entry AS x ON x.participant_id = CASE WHEN ?2 > 0 THEN ?2"
                         " ELSE e.participant_id END AND x.date = ?3 AND x.id <> m.entry_id"
                         " JOIN dde AS o ON o.entry_id = x.id AND o.second_typist IS NULL"
                         " AND o.reconciler IS NULL"
                         " WHERE m.entry_id = ?1 AND m.second_typist IS NULL"
                         " AND m.reconciler IS NULL LIMIT 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_text(s, 3, date, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc != SQLITE_ROW)
        rc = cn_store_failure(store, err);
    else
        rc = cn_error_code(
            err, CN_EINVALID,
            "entry %lld, a copy typed once (by %s), would sit beside entry %lld of %s, typed once"
            " too (by %s): two first copies do not pair into one page. Delete one (entry delete"
            " ID --reason ...) and have its typist type the page again, as its second copy",
            (long long)entry_id, (const char *)sqlite3_column_text(s, 2),
            (long long)sqlite3_column_int64(s, 0), date, (const char *)sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    return rc;
}

int cn_dde_require_final(cn_store *store, int64_t entry_id, const char *doing, cn_error *err)
{
    bool on = true;
    if (cn_dde_enabled(store, &on, err) < 0)
        return -1;
    if (!on) /* read as data with its first copy's text: corrected as data (trial 61) */
        return 0;
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT d.first_typist, d.second_typist, p.code, e.date FROM dde AS d"
                         " JOIN main.entry AS e ON e.id = d.entry_id"
                         " JOIN participant AS p ON p.id = e.participant_id"
                         " WHERE d.entry_id = ?1 AND d.reconciler IS NULL",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc != SQLITE_ROW)
        rc = cn_store_failure(store, err);
    else if (sqlite3_column_type(s, 1) == SQLITE_NULL)
        rc = cn_error_code(err, CN_EINVALID,
                           "entry %lld is not final yet (double entry: typed once, by %s, waiting"
                           " for its second copy) and cannot be %s: have a second typist type"
                           " %s's page of %s (entry add --typist), then reconcile the two copies"
                           " on the desk (carnet-collect serve, page /e/%lld/reconcile), where"
                           " the right text can be written",
                           (long long)entry_id, (const char *)sqlite3_column_text(s, 0), doing,
                           (const char *)sqlite3_column_text(s, 2),
                           (const char *)sqlite3_column_text(s, 3), (long long)entry_id);
    else
        rc = cn_error_code(err, CN_EINVALID,
                           "entry %lld is not final yet (double entry: typed by %s and %s, to be"
                           " reconciled) and cannot be %s: reconcile %s's page of %s first on"
                           " the desk (carnet-collect serve, page /e/%lld/reconcile), where the"
                           " right text can be written",
                           (long long)entry_id, (const char *)sqlite3_column_text(s, 0),
                           (const char *)sqlite3_column_text(s, 1), doing,
                           (const char *)sqlite3_column_text(s, 2),
                           (const char *)sqlite3_column_text(s, 3), (long long)entry_id);
    sqlite3_finalize(s);
    return rc;
}

int cn_dde_delete(cn_store *store, int64_t entry_id, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT json_object('first_typist', first_typist, 'second_typist',"
                         " second_typist, 'reconciler', reconciler) FROM dde WHERE entry_id = ?1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = cn_store_audit_add(store, "dde", entry_id, "delete",
                                (const char *)sqlite3_column_text(s, 0), NULL, err);
    else
        rc = rc == SQLITE_DONE ? 1 : cn_store_failure(store, err); /* 1: no copies */
    sqlite3_finalize(s);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    if (cn_store_prepare(store, "DELETE FROM dde WHERE entry_id = ?1", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, entry_id);
    return step_done(store, s, err) < 0 ? -1 : 1;
}

static int mark_reconciled(cn_store *store, int64_t id, const cn_dde_pair *p,
                           const char *reconciler, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, "UPDATE dde SET reconciler = ?2 WHERE entry_id = ?1", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, reconciler, -1, SQLITE_STATIC);
    if (step_done(store, s, err) < 0)
        return -1;
    char typists[2 * CN_TYPIST_MAX + 8];
    snprintf(typists, sizeof typists, "%s, %s", p->first_typist, p->second_typist);
    return record(store, id, "reconciled", "SELECT json_object('reconciler', ?1, 'typists', ?2)",
                  reconciler, typists, err);
}

int cn_dde_reconcile(cn_store *store, int64_t entry_id, int64_t base_version,
                     const char *reconciler, const char *text, size_t len, cn_error *err)
{
    if (cn_dde_check_typist(reconciler, err) < 0)
        return CN_EINVALID;
    cn_dde_pair p;
    int found = cn_dde_get(store, entry_id, &p, err);
    if (found < 0)
        return found;
    int rc = 0;
    if (found == 0)
        rc = cn_error_code(err, CN_EINVALID, "entry %lld was not typed twice: nothing to reconcile",
                           (long long)entry_id);
    else if (!p.second)
        rc = cn_error_code(err, CN_EINVALID,
                           "entry %lld: its second copy is not typed yet: nothing to reconcile",
                           (long long)entry_id);
    else if (p.reconciler[0])
        rc = cn_error_code(err, CN_EINVALID, "entry %lld is already final (reconciled by %s)",
                           (long long)entry_id, p.reconciler);
    else if (strcmp(reconciler, p.first_typist) == 0 || strcmp(reconciler, p.second_typist) == 0)
        rc = cn_error_code(err, CN_EINVALID,
                           "reconciler: %s typed one of the copies; a third person reconciles",
                           reconciler);
    if (rc < 0) {
        cn_dde_clear(&p);
        return rc;
    }
    char reason[3 * CN_TYPIST_MAX + 96];
    snprintf(reason, sizeof reason, "double entry reconciled by %s (copies by %s and %s)",
             reconciler, p.first_typist, p.second_typist);
    rc = cn_store_begin(store, err);
    if (rc == 0)
        rc = cn_entry_edit(store, entry_id, base_version, text, len, reason, err);
    if (rc == 0)
        rc = mark_reconciled(store, entry_id, &p, reconciler, err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    cn_dde_clear(&p);
    return rc;
}

int cn_dde_each_pending(cn_store *store,
                        int (*fn)(int64_t id, const char *code, const char *date, bool second,
                                  void *ctx),
                        void *ctx, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT d.entry_id, p.code, e.date, d.second_typist IS NOT NULL"
                         " FROM dde AS d JOIN main.entry AS e ON e.id = d.entry_id"
                         " JOIN participant AS p ON p.id = e.participant_id"
                         " WHERE d.reconciler IS NULL ORDER BY d.entry_id",
                         &s, err) < 0)
        return -1;
    int rc = SQLITE_DONE, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
        stop = fn(sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                  (const char *)sqlite3_column_text(s, 2), sqlite3_column_int(s, 3) != 0, ctx);
    if (!stop && rc != SQLITE_DONE)
        stop = cn_store_failure(store, err);
    sqlite3_finalize(s);
    return stop;
}

int cn_dde_final_only(cn_store *store, bool on, cn_error *err)
{
    if (!on)
        return cn_store_exec(store, "DROP VIEW IF EXISTS temp.entry", err);
    return cn_store_exec(store,
                         "CREATE TEMP VIEW IF NOT EXISTS entry AS SELECT * FROM main.entry"
                         " WHERE id NOT IN (SELECT entry_id FROM main.dde"
                         " WHERE reconciler IS NULL)",
                         err);
}

/* The word diff. */

typedef struct token {
    size_t start, len; /* len includes the spaces after the word */
} token;

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits s into tokens: a word and the blanks after it (blanks before the first word go
 * with it). */
static token *tokens_of(const char *s, size_t *n)
{
    size_t len = strlen(s), count = 0, cap = 16;
    token *t = malloc(cap * sizeof *t);
    if (!t)
        return NULL;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && blank(s[i]))
            i++;
        while (i < len && !blank(s[i]))
            i++;
        while (i < len && blank(s[i]))
            i++;
        if (count == cap) {
            token *grown = realloc(t, 2 * cap * sizeof *t);
            if (!grown) {
                free(t);
                return NULL;
            }
            t = grown;
            cap *= 2;
        }
        t[count++] = (token){start, i - start};
    }
    *n = count;
    return t;
}

/* The word of a token, without the blanks around it. */
static void word_of(const char *s, token t, const char **w, size_t *len)
{
    size_t start = t.start, end = t.start + t.len;
    while (start < end && blank(s[start]))
        start++;
    while (end > start && blank(s[end - 1]))
        end--;
    *w = s + start;
    *len = end - start;
}

/* Two copies differing only in spacing or line breaks have the same words. */
static bool same_word(const char *a, token ta, const char *b, token tb)
{
    const char *wa, *wb;
    size_t la, lb;
    word_of(a, ta, &wa, &la);
    word_of(b, tb, &wb, &lb);
    return la == lb && memcmp(wa, wb, la) == 0;
}

typedef struct diff_out {
    cn_diff_op *ops;
    size_t n, cap;
} diff_out;

/* Appends one op of a token of a (ta) and/or of b (tb), merging it with the last one when of
 * the same kind. */
static bool emit(diff_out *o, cn_diff_kind kind, const token *ta, const token *tb)
{
    cn_diff_op op = {kind, ta ? ta->start : 0, ta ? ta->len : 0, tb ? tb->start : 0,
                     tb ? tb->len : 0};
    if (o->n && o->ops[o->n - 1].kind == kind) {
        cn_diff_op *last = &o->ops[o->n - 1];
        last->a_len += op.a_len;
        last->b_len += op.b_len;
        return true;
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 16;
        cn_diff_op *grown = realloc(o->ops, cap * sizeof *grown);
        if (!grown)
            return false;
        o->ops = grown;
        o->cap = cap;
    }
    o->ops[o->n++] = op;
    return true;
}

/* Beyond this many table cells (4 bytes each) the middle is shown as one change: a page of
 * a notebook is a few hundred words, far below. */
#define LCS_CELLS_MAX ((size_t)16 * 1024 * 1024)

/* The LCS of the middles ta[0..na) and tb[0..nb), emitted in order. */
static bool lcs(diff_out *o, const char *a, const token *ta, size_t na, const char *b,
                const token *tb, size_t nb)
{
    if (na && nb && (na + 1) > LCS_CELLS_MAX / (nb + 1)) {
        for (size_t i = 0; i < na; i++)
            if (!emit(o, CN_DIFF_DEL, &ta[i], NULL))
                return false;
        for (size_t j = 0; j < nb; j++)
            if (!emit(o, CN_DIFF_ADD, NULL, &tb[j]))
                return false;
        return true;
    }
    size_t w = nb + 1;
    uint32_t *len = calloc((na + 1) * w, sizeof *len); /* len[i*w+j]: LCS of a[i..], b[j..] */
    if (!len)
        return false;
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            len[i * w + j] =
                same_word(a, ta[i], b, tb[j])
                    ? len[(i + 1) * w + j + 1] + 1
                    : (len[(i + 1) * w + j] >= len[i * w + j + 1] ? len[(i + 1) * w + j]
                                                                  : len[i * w + j + 1]);
    size_t i = 0, j = 0;
    bool ok = true;
    while (ok && (i < na || j < nb)) {
        if (i < na && j < nb && same_word(a, ta[i], b, tb[j])) {
            ok = emit(o, CN_DIFF_SAME, &ta[i], &tb[j]);
            i++;
            j++;
        } else if (j < nb && (i == na || len[i * w + j + 1] > len[(i + 1) * w + j]))
            ok = emit(o, CN_DIFF_ADD, NULL, &tb[j++]);
        else
            ok = emit(o, CN_DIFF_DEL, &ta[i++], NULL);
    }
    free(len);
    return ok;
}

int cn_dde_diff(const char *a, const char *b, cn_diff_op **ops, size_t *n, cn_error *err)
{
    size_t na = 0, nb = 0;
    token *ta = tokens_of(a, &na), *tb = tokens_of(b, &nb);
    diff_out o = {0};
    bool ok = ta && tb;
    size_t head = 0, tail = 0;
    while (ok && head < na && head < nb && same_word(a, ta[head], b, tb[head])) {
        ok = emit(&o, CN_DIFF_SAME, &ta[head], &tb[head]);
        head++;
    }
    while (ok && tail < na - head && tail < nb - head &&
           same_word(a, ta[na - 1 - tail], b, tb[nb - 1 - tail]))
        tail++;
    if (ok)
        ok = lcs(&o, a, ta + head, na - head - tail, b, tb + head, nb - head - tail);
    for (size_t k = 0; ok && k < tail; k++)
        ok = emit(&o, CN_DIFF_SAME, &ta[na - tail + k], &tb[nb - tail + k]);
    free(ta);
    free(tb);
    if (!ok) {
        free(o.ops);
        return cn_error_nomem(err);
    }
    *ops = o.ops;
    *n = o.n;
    return 0;
}
