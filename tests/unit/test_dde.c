/* test_dde.c — double data entry: the setting and its audit, pairing the second copy with
 * the first (never the same typist), equal copies final at once, reconciling by a third
 * person only, final-only reads, the migration from schema 3, and the word diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "carnet/audit.h"
#include "carnet/dde.h"
#include "carnet/draft.h"
#include "carnet/entry.h"
#include "carnet/participant.h"
#include "helpers.h"

typedef struct fixture {
    char *dir, *path;
    cn_store *store;
} fixture;

static void open_fixture(fixture *f)
{
    f->dir = test_tempdir();
    f->store = test_new_store(f->dir, &f->path);
    cn_error err = {0};
    cn_participant p = {.gender = 'f', .birth_year = 1980, .status = CN_STATUS_ACTIVE};
    snprintf(p.code, sizeof p.code, "P01");
    p.care_start = test_date("2024-01-01");
    p.consent = test_date("2025-03-01");
    assert_int_equal(cn_participant_add(f->store, &p, test_date("2025-06-01"), &err), 0);
    assert_int_equal(cn_dde_set(f->store, true, &err), 0);
}

static void close_fixture(fixture *f)
{
    cn_store_close(f->store);
    free(f->path);
    free(f->dir);
}

static int type(fixture *f, const char *typist, const char *date, const char *text, int64_t *id,
                cn_dde_stored *how)
{
    cn_error err = {0};
    return cn_dde_type(f->store, test_date("2025-06-01"), "typed", typist, "P01", date, text,
                       strlen(text), id, how, &err);
}

static int count_entry(const cn_entry *e, void *ctx)
{
    (void)e;
    (*(int *)ctx)++;
    return 0;
}

static int entries(fixture *f)
{
    int n = 0;
    cn_error err = {0};
    assert_int_equal(cn_entry_each(f->store, NULL, count_entry, &n, &err), 0);
    return n;
}

static void setting_is_kept_and_audited(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    cn_error err = {0};
    bool on = false;
    assert_int_equal(cn_dde_enabled(f.store, &on, &err), 0);
    assert_true(on);
    long long audit = test_count(f.path, "audit");
    assert_int_equal(cn_dde_set(f.store, true, &err), 0); /* no change, no record */
    assert_int_equal(test_count(f.path, "audit"), audit);
    assert_int_equal(cn_dde_set(f.store, false, &err), 0);
    assert_int_equal(test_count(f.path, "audit"), audit + 1);
    assert_int_equal(cn_dde_enabled(f.store, &on, &err), 0);
    assert_false(on);
    close_fixture(&f);
}

static void copies_pair_and_reconcile(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    cn_error err = {0};
    int64_t a = 0, b = 0, c = 0;
    cn_dde_stored how;
    assert_int_equal(type(&f, "AB", "2025-03-02", "Mal dormi, fatigue.", &a, &how), 0);
    assert_int_equal(how, CN_DDE_FIRST);
    /* the same typist again: a new page of the same day, not the second copy */
    assert_int_equal(type(&f, "AB", "2025-03-02", "Autre page.", &b, &how), 0);
    assert_int_equal(how, CN_DDE_FIRST);
    assert_true(b != a);
    /* another typist: the second copy of the oldest waiting entry */
    assert_int_equal(type(&f, "CD", "2025-03-02", "  Mal dormi, fatigué.\r\n", &c, &how), 0);
    assert_int_equal(how, CN_DDE_SECOND);
    assert_int_equal(c, a);
    cn_dde_pair p;
    assert_int_equal(cn_dde_get(f.store, a, &p, &err), 1);
    assert_string_equal(p.first_typist, "AB");
    assert_string_equal(p.second_typist, "CD");
    assert_string_equal(p.second, "Mal dormi, fatigué."); /* stored as entries are */
    assert_string_equal(p.reconciler, "");
    cn_dde_clear(&p);
    /* equal copies are final at once */
    assert_int_equal(type(&f, "CD", "2025-03-02", "Autre page.", &c, &how), 0);
    assert_int_equal(how, CN_DDE_AGREED);
    assert_int_equal(c, b);

    /* only a third person reconciles, once the second copy is in */
    const char *fixed = "Mal dormi, fatigué.";
    assert_int_equal(cn_dde_reconcile(f.store, a, 1, "AB", fixed, strlen(fixed), &err),
                     CN_EINVALID);
    assert_non_null(strstr(err.msg, "reconciler: AB typed one of the copies"));
    assert_int_equal(cn_dde_reconcile(f.store, a, 7, "EF", fixed, strlen(fixed), &err),
                     CN_ECONFLICT);
    assert_int_equal(cn_entry_edit(f.store, a, 1, "x", 1, "", &err), CN_EINVALID); /* untouched */

    /* final only: the pending entry is hidden from reads, then shown once reconciled */
    assert_int_equal(entries(&f), 2);
    assert_int_equal(cn_dde_final_only(f.store, true, &err), 0);
    assert_int_equal(entries(&f), 1);
    assert_int_equal(cn_dde_final_only(f.store, false, &err), 0);
    assert_int_equal(cn_dde_reconcile(f.store, a, 1, "EF", fixed, strlen(fixed), &err), 0);
    assert_int_equal(cn_dde_final_only(f.store, true, &err), 0);
    assert_int_equal(entries(&f), 2);
    assert_int_equal(cn_dde_final_only(f.store, false, &err), 0);
    cn_entry e;
    assert_int_equal(cn_entry_get(f.store, a, &e, &err), 1);
    assert_string_equal(e.text, fixed);
    cn_entry_clear(&e);
    assert_int_equal(cn_dde_reconcile(f.store, a, 2, "GH", fixed, strlen(fixed), &err),
                     CN_EINVALID); /* already final */
    assert_int_equal(cn_dde_get(f.store, a, &p, &err), 1);
    assert_string_equal(p.reconciler, "EF");
    cn_dde_clear(&p);
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(f.store, &v, &err), 0);
    assert_true(v.holds);
    close_fixture(&f);
}

/* A first copy stored with a lone CR by an earlier version agrees with a second copy typed
 * with a line break (trial 85: sent to a third person as different). */
static void a_first_copy_with_a_cr_agrees(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    cn_error err = {0};
    int64_t a = 0, b = 0;
    cn_dde_stored how;
    assert_int_equal(type(&f, "AB", "2025-03-02", "un\ndeux", &a, &how), 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE dde SET first = 'un' || char(13) || 'deux'", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(type(&f, "CD", "2025-03-02", "un\r\ndeux", &b, &how), 0);
    assert_int_equal(b, a);
    cn_dde_pair p;
    assert_int_equal(cn_dde_get(f.store, a, &p, &err), 1);
    assert_string_equal(p.reconciler, "(agreed)");
    cn_dde_clear(&p);
    close_fixture(&f);
}

static void bad_input_is_refused_whole(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    int64_t id = 0;
    cn_dde_stored how;
    assert_int_equal(type(&f, "", "2025-03-02", "Un.", &id, &how), CN_EINVALID);
    assert_int_equal(type(&f, "A\tB", "2025-03-02", "Un.", &id, &how), CN_EINVALID);
    assert_true(type(&f, "AB", "2025-02-02", "Avant le consentement.", &id, &how) < 0);
    assert_int_equal(type(&f, "AB", "2025-03-02", "Un.", &id, &how), 0);
    assert_true(type(&f, "CD", "2025-03-02", "   ", &id, &how) < 0); /* empty second copy */
    cn_dde_pair p;
    cn_error err = {0};
    assert_int_equal(cn_dde_get(f.store, id, &p, &err), 1);
    assert_null(p.second); /* nothing half-written */
    cn_dde_clear(&p);
    assert_int_equal(cn_dde_reconcile(f.store, id, 1, "EF", "Un.", 3, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "second copy is not typed yet"));
    close_fixture(&f);
}

/* An entry not final keeps its text until reconciled: the command line's edit is refused
 * (the reconciliation shows the two copies only, and dropped a correction made beside them,
 * trial 60); deleting it takes its copies, on the record; a final one is edited as before. */
static void pending_entries_are_not_edited(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f);
    cn_error err = {0};
    int64_t a = 0, b = 0;
    cn_dde_stored how;
    assert_int_equal(type(&f, "AB", "2025-03-02", "Page B", &a, &how), 0);
    assert_int_equal(cn_entry_set_text(f.store, a, "Page B corrigee", 15, &err), -1);
    assert_int_equal(err.code, CN_EINVALID);
    assert_non_null(strstr(err.msg, "waiting for its second copy"));
    assert_int_equal(type(&f, "CD", "2025-03-02", "Page B modifiee", &a, &how), 0);
    assert_int_equal(how, CN_DDE_SECOND);
    assert_int_equal(cn_dde_require_final(f.store, a, "edited", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "/e/1/reconcile"));
    assert_int_equal(cn_entry_set_text(f.store, a, "Page B corrigee", 15, &err), -1);
    cn_entry e;
    assert_int_equal(cn_entry_get(f.store, a, &e, &err), 1);
    assert_string_equal(e.text, "Page B"); /* untouched */
    assert_int_equal(e.version, 1);
    cn_entry_clear(&e);
    /* final once reconciled: edited as any entry */
    assert_int_equal(cn_dde_reconcile(f.store, a, 1, "EF", "Page B", 6, &err), 0);
    assert_int_equal(cn_dde_require_final(f.store, a, "edited", &err), 0);
    assert_int_equal(cn_entry_set_text(f.store, a, "Page B corrigee", 15, &err), 0);

    /* a pending page deleted: its copies go with it, the trail says whose they were */
    assert_int_equal(type(&f, "AB", "2025-03-03", "Page C", &b, &how), 0);
    long long rows = test_count(f.path, "entry");
    cn_entry_deleted gone;
    assert_int_equal(cn_entry_delete(f.store, b, "typed under the wrong day", &gone, &err), 0);
    assert_true(gone.copies);
    assert_string_equal(gone.code, "P01");
    assert_int_equal(test_count(f.path, "entry"), rows - 1);
    assert_int_equal(cn_dde_get(f.store, b, &(cn_dde_pair){0}, &err), 0);
    assert_int_equal(cn_dde_delete(f.store, b, &err), 0); /* nothing left */
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(f.store, &v, &err), 0);
    assert_true(v.holds);
    close_fixture(&f);
}

/* A study of schema 3 opens into schema 4 with double entry off. */
static void schema_4_migrates_a_version_3_study(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_participant p = {.gender = 'f', .birth_year = 1980, .status = CN_STATUS_ACTIVE};
    snprintf(p.code, sizeof p.code, "P01");
    p.care_start = test_date("2024-01-01");
    p.consent = test_date("2025-03-01");
    assert_int_equal(cn_participant_add(store, &p, test_date("2025-06-01"), &err), 0);
    cn_store_close(store);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    /* schema 3: no setting, no dde, drafts per participant only (one kept) */
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE dde; DROP TABLE setting; DROP TABLE draft;"
                                  " CREATE TABLE draft (participant_id INTEGER PRIMARY KEY"
                                  " REFERENCES participant(id), date TEXT NOT NULL, text TEXT NOT"
                                  " NULL, updated TEXT NOT NULL DEFAULT '');"
                                  " INSERT INTO draft VALUES (1, '2025-03-02', 'Gardé', 'x');"
                                  " DROP INDEX participant_by_replaces;"
                                  " DROP INDEX participant_by_code_nocase;"
                                  " DROP INDEX audit_recodes; DROP INDEX audit_erasures;"
                                  " DROP INDEX audit_entry_deletions;"
                                  " PRAGMA user_version = 3;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(cn_store_open(path, &store, &err), 0);
    bool on = true;
    assert_int_equal(cn_dde_enabled(store, &on, &err), 0);
    assert_false(on);
    assert_int_equal(cn_dde_set(store, true, &err), 0);
    cn_draft d;
    assert_int_equal(cn_draft_get(store, "P01", &d, &err), 1); /* the draft kept, typist "" */
    assert_string_equal(d.text, "Gardé");
    cn_draft_clear(&d);
    assert_int_equal(cn_draft_get_by(store, "P01", "AB", &d, &err), 0);
    cn_store_close(store);
    free(path);
    free(dir);
}

/* The diff as text: "=same -deleted +added", tokens joined. */
static void diff_text(const char *a, const char *b, char *out, size_t size)
{
    cn_diff_op *ops;
    size_t n;
    cn_error err = {0};
    assert_int_equal(cn_dde_diff(a, b, &ops, &n, &err), 0);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        bool add = ops[i].kind == CN_DIFF_ADD;
        const char *s = add ? b + ops[i].b_start : a + ops[i].a_start;
        size_t len = add ? ops[i].b_len : ops[i].a_len;
        char mark = ops[i].kind == CN_DIFF_SAME ? '=' : ops[i].kind == CN_DIFF_DEL ? '-' : '+';
        used += (size_t)snprintf(out + used, size - used, "%c[%.*s]", mark, (int)len, s);
        if (ops[i].kind == CN_DIFF_SAME) /* the same words in b */
            used += (size_t)snprintf(out + used, size - used, "(%zu)", ops[i].b_start);
    }
    free(ops);
}

static void word_diff(void **state)
{
    (void)state;
    char out[512];
    diff_text("le chat dort ici", "le chien dort ici", out, sizeof out);
    assert_string_equal(out, "=[le ](0)-[chat ]+[chien ]=[dort ici](9)");
    diff_text("a b c", "a b c", out, sizeof out);
    assert_string_equal(out, "=[a b c](0)");
    diff_text("", "deux mots", out, sizeof out);
    assert_string_equal(out, "+[deux mots]");
    diff_text("un deux trois quatre", "deux trois cinq", out, sizeof out);
    assert_string_equal(out, "-[un ]=[deux trois ](0)-[quatre]+[cinq]");
    /* spacing and line breaks are not differences of words */
    diff_text("a  b\nc", "a b c", out, sizeof out);
    assert_string_equal(out, "=[a  b\nc](0)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(setting_is_kept_and_audited),
        cmocka_unit_test(copies_pair_and_reconcile),
        cmocka_unit_test(a_first_copy_with_a_cr_agrees),
        cmocka_unit_test(bad_input_is_refused_whole),
        cmocka_unit_test(pending_entries_are_not_edited),
        cmocka_unit_test(schema_4_migrates_a_version_3_study),
        cmocka_unit_test(word_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
