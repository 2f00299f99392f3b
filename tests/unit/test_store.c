/* test_store.c — the database file, participants and entries: permissions, refusals,
 * duplicates, edits, the audit trail and backups. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <sqlite3.h>

#include "carnet/audit.h"
#include "carnet/draft.h"
#include "carnet/entry.h"
#include "carnet/participant.h"
#include "helpers.h"
#include "store_internal.h"

static cn_participant person(const char *code)
{
    cn_participant p = {.gender = 'f', .birth_year = 1985, .status = CN_STATUS_ACTIVE};
    snprintf(p.code, sizeof p.code, "%s", code);
    p.care_start = test_date("2023-05-01");
    p.consent = test_date("2025-03-01");
    return p;
}

static void database_is_owner_only(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    cn_store_close(store);
    /* a second create on the same path is refused and leaves the file alone */
    cn_study study = {.name = "x", .diary_months = 6, .lost_after_days = 150, .lang = "fr"};
    cn_error err = {0};
    assert_int_equal(cn_store_create(path, &study, &store, &err), -1);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(test_count(path, "participant"), 0);
    free(path);
    free(dir);
}

/* Whether sqlite's plan for sql names index. */
static bool planned_with(sqlite3 *db, const char *sql, const char *index)
{
    char plan[512];
    snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, plan, -1, &s, NULL), SQLITE_OK);
    bool found = false;
    while (sqlite3_step(s) == SQLITE_ROW)
        found = found || strstr((const char *)sqlite3_column_text(s, 3), index) != NULL;
    sqlite3_finalize(s);
    return found;
}

/* "Replaced by", and a code that differs only by case, are looked up for each participant
 * a rule writes or check reads: through an index, or the lookups together are quadratic
 * in the study's size. */
static void participant_rules_look_up_through_indexes(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store_close(test_new_store(dir, &path));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_true(planned_with(db, "SELECT code FROM participant WHERE replaces = ?1 ORDER BY code",
                             "participant_by_replaces"));
    assert_true(planned_with(db,
                             "SELECT code FROM participant WHERE code = ?1 COLLATE NOCASE"
                             " AND code <> ?1",
                             "participant_by_code_nocase"));
    sqlite3_close(db);
    free(path);
    free(dir);
}

static void open_refuses_missing_and_foreign_files(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    cn_store *store;
    cn_error err = {0};
    assert_int_equal(cn_store_open(missing, &store, &err), -1);
    assert_non_null(strstr(err.msg, "no such study database"));
    char *text = test_write_file(dir, "notes.db", "hello", 5);
    assert_int_equal(cn_store_open(text, &store, &err), -1);
    char *foreign = test_write_file(dir, "empty.db", "", 0);
    assert_int_equal(cn_store_open(foreign, &store, &err), -1);
    assert_non_null(strstr(err.msg, "not a Carnet study database"));
    free(text);
    free(foreign);
    free(dir);
}

/* A study made before sites had to name their own cohort may hold two spellings of one
 * site: a status or a hand-back is still recorded; a change of site is checked. */
static void an_old_site_clash_keeps_the_study_usable(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_date today = test_date("2026-01-01");
    cn_error err = {0};
    cn_participant a = person("P01"), b = person("P02");
    snprintf(a.site, sizeof a.site, "Lyon (69)");
    snprintf(b.site, sizeof b.site, "Lyon (69)");
    assert_int_equal(cn_participant_add(store, &a, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &b, today, &err), 0);
    /* as an older version stored it (through the store, whose triggers audit it) */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET site = 'Lyon 69' WHERE code = 'P02'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_participant_get(store, "P02", &b, &err), 1);
    b.status = CN_STATUS_LOST;
    if (cn_participant_update(store, &b, today, &err) < 0)
        fail_msg("%s", err.msg);
    snprintf(b.site, sizeof b.site, "Lyon  (69)");
    assert_int_equal(cn_participant_update(store, &b, today, &err), CN_EDUPLICATE);
    assert_non_null(strstr(err.msg, "would be one cohort"));
    cn_store_close(store);
    free(dir);
}

/* Trial 62: a consent stored by a computer whose day was ahead (a colleague east of here, a
 * clock behind here) refused every change of the participant, a withdrawal included. A
 * stored date is not checked against today again; a date being set still is, and the
 * message gives today. */
static void a_stored_future_date_refuses_no_other_change(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_date ahead = test_date("2026-11-29"), today = test_date("2026-11-28");
    cn_error err = {0};
    cn_participant p = person("T01");
    p.consent = ahead;
    assert_int_equal(cn_participant_add(store, &p, ahead, &err), 0);
    snprintf(p.site, sizeof p.site, "Lyon");
    if (cn_participant_update(store, &p, today, &err) < 0)
        fail_msg("a site refused: %s", err.msg);
    p.status = CN_STATUS_WITHDRAWN;
    p.has_handed_back = true;
    p.handed_back = ahead;
    assert_int_equal(cn_participant_update(store, &p, ahead, &err), 0);
    p.status = CN_STATUS_LOST; /* the hand-back date stored: not checked again either */
    if (cn_participant_update(store, &p, today, &err) < 0)
        fail_msg("a status refused: %s", err.msg);
    p.consent = test_date("2026-11-30"); /* a date being set is checked */
    assert_int_equal(cn_participant_update(store, &p, ahead, &err), CN_EINVALID);
    assert_string_equal(err.msg, "consent_date 2026-11-30 is in the future (today is 2026-11-29"
                                 " on this computer)");
    p = person("T02"); /* a new participant: its dates are being set */
    p.consent = ahead;
    assert_int_equal(cn_participant_add(store, &p, today, &err), -1);
    assert_string_equal(err.msg, "consent_date 2026-11-29 is in the future (today is 2026-11-28"
                                 " on this computer)");
    p.consent = test_date("2026-11-01");
    p.has_handed_back = true;
    p.handed_back = ahead;
    assert_int_equal(cn_participant_add(store, &p, today, &err), -1);
    assert_string_equal(err.msg, "handed_back 2026-11-29 is in the future (today is 2026-11-28"
                                 " on this computer)");
    cn_store_close(store);
    free(dir);
}

static void participants_are_validated(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_date today = test_date("2026-01-01");
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &p, today, &err), -1);
    assert_non_null(strstr(err.msg, "already exists"));

    cn_participant bad = person("P-02");
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "may hold only"));
    bad = person("P02");
    bad.care_start = test_date("2025-04-01");
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "care_start 2025-04-01 is after consent_date"));
    bad = person("P02");
    bad.consent = test_date("2026-02-01");
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "in the future"));
    bad = person("P02");
    bad.birth_year = 2020;
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "birth_year"));
    bad = person("P02");
    strcpy(bad.replaces, "P99");
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "unknown participant 'P99'"));
    bad = person("P02");
    bad.has_handed_back = true;
    bad.handed_back = test_date("2025-02-01");
    assert_int_equal(cn_participant_add(store, &bad, today, &err), -1);
    assert_non_null(strstr(err.msg, "handed_back"));

    cn_participant r = person("P02");
    strcpy(r.replaces, "P01");
    assert_int_equal(cn_participant_add(store, &r, today, &err), -1);
    assert_int_equal(err.code, CN_EINVALID);
    assert_non_null(strstr(err.msg, "replaces: P01 is still active"));
    p.status = CN_STATUS_LOST; /* only a participant who left is replaced */
    assert_int_equal(cn_participant_update(store, &p, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &r, today, &err), 0);
    p.status = CN_STATUS_ACTIVE; /* and does not come back while replaced */
    assert_int_equal(cn_participant_update(store, &p, today, &err), CN_EINVALID);
    assert_int_equal(err.code, CN_EINVALID);
    assert_non_null(strstr(err.msg, "status: P01 was replaced by P02 and cannot be active"));
    char by[CN_REPLACED_BY_MAX];
    assert_int_equal(cn_participant_replaced_by(store, "P01", by, sizeof by, &err), 0);
    assert_string_equal(by, "P02");
    cn_participant r2 = person("P03"); /* P02 lost in turn: P01 replaced again */
    strcpy(r2.replaces, "P01");
    assert_int_equal(cn_participant_add(store, &r2, today, &err), -1); /* not before */
    assert_non_null(strstr(err.msg, "replaces: P01 is already replaced by P02, still active"));
    r.status = CN_STATUS_LOST;
    assert_int_equal(cn_participant_update(store, &r, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &r2, today, &err), 0);
    assert_int_equal(cn_participant_replaced_by(store, "P01", by, sizeof by, &err), 0);
    assert_string_equal(by, "P02, P03");
    char small[6];
    assert_int_equal(cn_participant_replaced_by(store, "P01", small, sizeof small, &err), 0);
    assert_string_equal(small, "P02, "); /* cut at its size */
    cn_participant got;
    assert_int_equal(cn_participant_get(store, "P02", &got, &err), 1);
    assert_true(cn_participant_same(&got, &r));
    assert_int_equal(cn_participant_get(store, "P77", &got, &err), 0);
    cn_store_close(store);
    free(dir);
}

static int add(cn_store *store, const char *code, const char *date, const char *text, cn_error *err)
{
    cn_entry_writer *w;
    if (cn_entry_writer_open(store, test_date("2026-01-01"), "typed", &w, err) < 0)
        return -1;
    int rc = cn_entry_writer_add(w, code, date, text, strlen(text), NULL, err);
    cn_entry_writer_close(w);
    return rc;
}

static void entries_are_refused_with_reasons(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    struct {
        const char *code, *date, *text, *fragment;
    } cases[] = {
        {"P09", "2025-03-02", "x", "unknown participant 'P09'"},
        {"P01", "2025-02-28", "x", "before P01's consent on 2025-03-01"},
        {"P01", "2026-01-02", "x", "in the future"},
        {"P01", "2025-02-30", "x", "impossible date"},
        {"P01", "2025-03-02", "  \n\t ", "text: empty"},
        /* an empty paragraph pasted from a word processor: no-break, zero-width and
         * ideographic spaces, a line separator */
        {"P01", "2025-03-02", " \xC2\xA0\xC2\xA0 ", "text: empty (only blank or invisible"},
        {"P01", "2025-03-02", "\xE2\x80\x8B\n\xE3\x80\x80\xE2\x80\xA8\xC2\xAD", "the first U+200B"},
        {"P01", "2025-03-02", "caf\xC3", "invalid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        err.msg[0] = '\0';
        assert_int_equal(add(store, cases[i].code, cases[i].date, cases[i].text, &err), -1);
        if (!strstr(err.msg, cases[i].fragment))
            fail_msg("case %zu: expected '%s' in '%s'", i, cases[i].fragment, err.msg);
    }
    /* NUL inside the text */
    cn_entry_writer *w;
    assert_int_equal(cn_entry_writer_open(store, test_date("2026-01-01"), "typed", &w, &err), 0);
    assert_int_equal(cn_entry_writer_add(w, "P01", "2025-03-02", "a\0b", 3, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "NUL"));
    /* over the size limit */
    size_t big = CN_ENTRY_TEXT_MAX + 1;
    char *huge = malloc(big);
    memset(huge, 'a', big);
    assert_int_equal(cn_entry_writer_add(w, "P01", "2025-03-02", huge, big, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "more than"));
    free(huge);
    cn_entry_writer_close(w);
    cn_store_close(store);
    free(dir);
}

static void duplicates_are_skipped_and_edits_audited(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Une journée.\r\nDeux lignes.", &err), 0);
    /* the same text after trimming and CRLF normalisation is a duplicate */
    assert_int_equal(add(store, "P01", "2025-03-02", "  Une journée.\nDeux lignes.\n", &err), 1);
    /* another day or another text is not */
    assert_int_equal(add(store, "P01", "2025-03-03", "Une journée.\nDeux lignes.", &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Autre chose.", &err), 0);
    assert_int_equal(test_count(path, "entry"), 3);

    cn_entry e;
    assert_int_equal(cn_entry_get(store, 1, &e, &err), 1);
    assert_string_equal(e.text, "Une journée.\nDeux lignes.");
    assert_string_equal(e.source, "typed");
    cn_entry_clear(&e);
    /* editing entry 3 into entry 1's text on the same day is refused */
    assert_int_equal(cn_entry_set_text(store, 3, "Une journée.\nDeux lignes.", 26, &err), -1);
    assert_non_null(strstr(err.msg, "already has this text"));
    assert_int_equal(cn_entry_set_text(store, 3, "Corrigé.", strlen("Corrigé."), &err), 0);
    assert_int_equal(cn_entry_set_text(store, 99, "x", 1, &err), -1);
    assert_non_null(strstr(err.msg, "no entry 99"));

    /* audit: study + participant + 3 entries inserted + 1 update */
    assert_int_equal(test_count(path, "audit"), 6);
    cn_entry_span span;
    assert_int_equal(cn_entry_span_of(store, p.id, &span, &err), 0);
    assert_int_equal(span.count, 3);
    assert_int_equal(span.first, test_date("2025-03-02"));
    assert_int_equal(span.last, test_date("2025-03-03"));
    cn_store_close(store);
    free(path);
    free(dir);
}

static int last_audit(const cn_audit_row *row, void *ctx)
{
    char *out = ctx;
    snprintf(out, 4096, "%s %s %s | %s", row->table, row->action, row->before ? row->before : "-",
             row->after ? row->after : "-");
    return 0;
}

/* Keeps the after of the last "reason" record. */
static int last_audit_reason(const cn_audit_row *row, void *ctx)
{
    if (strcmp(row->action, "reason") == 0)
        snprintf(ctx, 4096, "%s", row->after ? row->after : "-");
    return 0;
}

static void audit_keeps_before_and_after(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    p.status = CN_STATUS_LOST;
    assert_int_equal(cn_participant_update(store, &p, test_date("2026-01-01"), &err), 0);
    char row[4096] = "";
    assert_int_equal(cn_store_audit_each(store, NULL, last_audit, row, &err), 0);
    assert_non_null(strstr(row, "participant update {"));
    assert_non_null(strstr(row, "\"status\":\"active\""));
    assert_non_null(strstr(row, "| {"));
    assert_non_null(strstr(row, "\"status\":\"lost\""));
    /* --since in the future selects nothing */
    row[0] = '\0';
    assert_int_equal(cn_store_audit_each(store, "2999-01-01", last_audit, row, &err), 0);
    assert_string_equal(row, "");
    cn_store_close(store);
    free(dir);
}

static void backup_is_a_checked_private_copy(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    char copy[4200];
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    assert_int_equal(cn_store_backup(store, copy, NULL, &err), 0);
    struct stat st;
    assert_int_equal(stat(copy, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(test_count(copy, "participant"), 1);
    assert_int_equal(cn_store_backup(store, copy, NULL, &err), -1); /* never overwrites */
    assert_non_null(strstr(err.msg, "already exists"));
    /* made under a temporary name without a journal, nothing is left beside the copy */
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, "copy.db"))
            assert_string_equal(e->d_name, "copy.db");
    closedir(d);
    cn_store_close(store);
    cn_store *reopened;
    assert_int_equal(cn_store_open(copy, &reopened, &err), 0);
    cn_store_close(reopened);
    free(dir);
}

static int find_deleted_text(const cn_audit_row *row, void *ctx)
{
    if (strcmp(row->action, "delete") == 0 && row->before && strstr(row->before, "Un’."))
        *(bool *)ctx = true;
    return 0;
}

/* A page typed twice, or under the wrong participant, is corrected (trial 60): deleted, or
 * given to its participant within the bounds an added entry has; each refusal changes
 * nothing; the trail keeps the deleted text and still verifies. */
static void entries_are_deleted_and_moved(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = person("P01"), q = person("P02");
    q.consent = test_date("2025-04-01");
    cn_date today = test_date("2026-01-01");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &q, today, &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Un.", &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Un’.", &err), 0); /* not a duplicate */
    assert_int_equal(add(store, "P01", "2025-04-02", "Deux.", &err), 0);
    assert_int_equal(add(store, "P02", "2025-04-02", "Deux.", &err), 0);
    long long records = test_count(path, "audit");

    cn_entry_deleted gone;
    assert_int_equal(cn_entry_delete(store, 99, "x", &gone, &err), CN_ENOTFOUND);
    assert_int_equal(cn_entry_delete(store, 2, " ", &gone, &err), CN_EINVALID);
    assert_int_equal(cn_entry_move(store, today, 99, "P02", "x", &err), CN_ENOTFOUND);
    assert_int_equal(cn_entry_move(store, today, 1, "P99", "x", &err), CN_ENOTFOUND);
    assert_int_equal(cn_entry_move(store, today, 1, "P02", "", &err), CN_EINVALID);
    assert_int_equal(cn_entry_move(store, today, 1, "P02", "x", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "before P02's consent"));
    assert_int_equal(cn_entry_move(store, today, 3, "P02", "x", &err), CN_EDUPLICATE);
    assert_int_equal(cn_entry_move(store, today, 1, "P01", "x", &err), 1);
    assert_int_equal(test_count(path, "audit"), records); /* nothing written */
    assert_int_equal(test_count(path, "entry"), 4);

    assert_int_equal(cn_entry_delete(store, 2, "typed twice", &gone, &err), 0);
    assert_string_equal(gone.code, "P01");
    assert_string_equal(gone.date, "2025-03-02");
    assert_false(gone.copies);
    assert_int_equal(test_count(path, "entry"), 3);
    cn_entry e;
    assert_int_equal(cn_entry_get(store, 2, &e, &err), 0);
    assert_int_equal(cn_entry_delete(store, 4, "not this study's", &gone, &err), 0);
    assert_int_equal(cn_entry_move(store, today, 3, "P02", "P02's notebook", &err), 0);
    assert_int_equal(cn_entry_get(store, 3, &e, &err), 1);
    assert_string_equal(e.code, "P02");
    assert_int_equal(e.version, 2);
    cn_entry_clear(&e);
    /* entry 4, the last, is gone: the next entry is 5, not 4 again, which a desk form still
     * open on the deleted entry would have saved over (trial 61) */
    assert_int_equal(add(store, "P01", "2025-05-02", "Trois.", &err), 0);
    assert_int_equal(cn_entry_get(store, 4, &e, &err), 0);
    assert_int_equal(cn_entry_get(store, 5, &e, &err), 1);
    assert_string_equal(e.text, "Trois.");
    cn_entry_clear(&e);

    bool kept = false;
    assert_int_equal(cn_store_audit_each(store, NULL, find_deleted_text, &kept, &err), 0);
    assert_true(kept);
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    assert_true(v.holds);
    cn_store_close(store);
    free(path);
    free(dir);
}

/* The desk's edits: based on a version, with a reason in the audit; a stale one is refused. */
static void edits_are_versioned_with_a_reason(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Premier jet.", &err), 0);
    cn_entry e;
    assert_int_equal(cn_entry_get(store, 1, &e, &err), 1);
    assert_int_equal(e.version, 1);
    cn_entry_clear(&e);
    /* no reason: refused, nothing changed */
    assert_int_equal(cn_entry_edit(store, 1, 1, "Deux.", 5, "  ", &err), CN_EINVALID);
    /* two people start from version 1: the first wins, the second is told */
    assert_int_equal(cn_entry_edit(store, 1, 1, "Deux.", 5, "typo", &err), 0);
    assert_int_equal(cn_entry_edit(store, 1, 1, "Trois.", 6, "mine", &err), CN_ECONFLICT);
    assert_non_null(strstr(err.msg, "version 2"));
    assert_int_equal(cn_entry_get(store, 1, &e, &err), 1);
    assert_string_equal(e.text, "Deux.");
    assert_int_equal(e.version, 2);
    cn_entry_clear(&e);
    /* the CLI's edit raises the version too, so a desk form open meanwhile is stale */
    assert_int_equal(cn_entry_set_text(store, 1, "Quatre.", 7, &err), 0);
    assert_int_equal(cn_entry_edit(store, 1, 2, "Cinq.", 5, "late", &err), CN_ECONFLICT);
    assert_int_equal(cn_entry_edit(store, 99, 1, "x", 1, "why", &err), CN_ENOTFOUND);
    /* the reason is in the trail, and the trail still verifies */
    char reason[4096] = "";
    assert_int_equal(cn_store_audit_each(store, NULL, last_audit_reason, reason, &err), 0);
    assert_non_null(strstr(reason, "\"reason\":\"typo\""));
    assert_non_null(strstr(reason, "\"version\":2"));
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    assert_true(v.holds);
    cn_store_close(store);
    free(path);
    free(dir);
}

static void drafts_are_kept_per_participant(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    cn_draft d;
    assert_int_equal(cn_draft_get(store, "P01", &d, &err), 0);
    assert_int_equal(cn_draft_save(store, "P01", "2025-03-0", "Je commen", 9, &err), 0);
    assert_int_equal(cn_draft_save(store, "P01", "2025-03-04", "Je commence", 11, &err), 0);
    assert_int_equal(cn_draft_get(store, "P01", &d, &err), 1);
    assert_string_equal(d.date, "2025-03-04");
    assert_string_equal(d.text, "Je commence");
    cn_draft_clear(&d);
    assert_int_equal(cn_draft_save(store, "P01", "2025-03-", "x", 1, &err), 0);
    assert_int_equal(cn_draft_get(store, "P01", &d, &err), 1);
    assert_string_equal(d.date, ""); /* a date half typed is not kept */
    cn_draft_clear(&d);
    assert_int_equal(cn_draft_save(store, "P99", "", "x", 1, &err), CN_ENOTFOUND);
    assert_int_equal(cn_draft_save(store, "P01", "", "\xff", 1, &err), CN_EINVALID);
    assert_int_equal(cn_draft_remove(store, "P01", &err), 0);
    assert_int_equal(cn_draft_get(store, "P01", &d, &err), 0);
    /* drafts are not study data: the audit has no record of them */
    assert_int_equal(test_count(path, "audit"), 2);
    cn_store_close(store);
    free(path);
    free(dir);
}

/* A study of schema version 2 (before the desk) opens into version 3: entries at version 1,
 * an empty drafts table, the audit still verifying. */
static void schema_3_migrates_a_version_2_study(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2026-01-01"), &err), 0);
    assert_int_equal(add(store, "P01", "2025-03-02", "Un.", &err), 0);
    cn_store_close(store);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE draft; ALTER TABLE entry DROP COLUMN version;"
                                  " DROP TABLE dde; DROP TABLE setting;"
                                  " DROP INDEX participant_by_replaces;"
                                  " DROP INDEX participant_by_code_nocase;"
                                  " DROP INDEX audit_recodes; DROP INDEX audit_erasures;"
                                  " DROP INDEX audit_entry_deletions;"
                                  " PRAGMA user_version = 2;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(cn_store_open(path, &store, &err), 0);
    cn_entry e;
    assert_int_equal(cn_entry_get(store, 1, &e, &err), 1);
    assert_int_equal(e.version, 1);
    cn_entry_clear(&e);
    assert_int_equal(cn_draft_save(store, "P01", "2025-03-03", "Deux", 4, &err), 0);
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    assert_true(v.holds);
    cn_store_close(store);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), CN_STORE_SCHEMA_VERSION); /* and on to the latest */
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(path);
    free(dir);
}

/* Reading never upgrades: an older study opened to read is CN_ESCHEMA and stays as it was;
 * opened to write it is upgraded, and says from which version, with its old file's copy. */
static void reading_refuses_an_older_study(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_store_close(store);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP INDEX audit_recodes; DROP INDEX audit_erasures;"
                                  " DROP INDEX audit_entry_deletions; PRAGMA user_version = 5",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    cn_error err = {0};
    assert_true(cn_store_open_mode(path, CN_STORE_READ, &store, &err) < 0);
    assert_int_equal(err.code, CN_ESCHEMA);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 5);
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_int_equal(cn_store_open_mode(path, CN_STORE_WRITE, &store, &err), 0);
    const char *kept;
    assert_int_equal(cn_store_upgraded_from(store, &kept), 5);
    assert_non_null(strstr(kept, ".schema5.bak"));
    assert_int_equal(access(kept, F_OK), 0);
    unlink(kept);
    cn_store_close(store);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(database_is_owner_only),
        cmocka_unit_test(open_refuses_missing_and_foreign_files),
        cmocka_unit_test(participant_rules_look_up_through_indexes),
        cmocka_unit_test(participants_are_validated),
        cmocka_unit_test(a_stored_future_date_refuses_no_other_change),
        cmocka_unit_test(an_old_site_clash_keeps_the_study_usable),
        cmocka_unit_test(entries_are_refused_with_reasons),
        cmocka_unit_test(duplicates_are_skipped_and_edits_audited),
        cmocka_unit_test(audit_keeps_before_and_after),
        cmocka_unit_test(backup_is_a_checked_private_copy),
        cmocka_unit_test(edits_are_versioned_with_a_reason),
        cmocka_unit_test(entries_are_deleted_and_moved),
        cmocka_unit_test(drafts_are_kept_per_participant),
        cmocka_unit_test(schema_3_migrates_a_version_2_study),
        cmocka_unit_test(reading_refuses_an_older_study),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
