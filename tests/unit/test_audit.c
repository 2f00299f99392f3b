/* test_audit.c — the audit hash chain: cn_sha256's encoding, the C hasher agreeing with it,
 * an honest history through the library verifying, and changes made behind its back caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/audit.h"
#include "carnet/entry.h"
#include "carnet/import.h"
#include "carnet/participant.h"
#include "carnet/recode.h"
#include "helpers.h"
#include "store_internal.h"

/* The hex of one SQL expression's value, run on the store's own connection. */
static void sql_hex(cn_store *store, const char *expr, char out[CN_AUDIT_HEX])
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT lower(hex(%s))", expr);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(store->db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, CN_AUDIT_HEX, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

static void hasher_hex(cn_audit_hasher *h, char out[CN_AUDIT_HEX])
{
    uint8_t digest[CN_AUDIT_HASH_SIZE];
    cn_audit_hash_done(h, digest);
    for (int i = 0; i < CN_AUDIT_HASH_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void sha256_encoding_is_unambiguous(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    char a[CN_AUDIT_HEX], b[CN_AUDIT_HEX];
    /* no argument: SHA-256 of nothing */
    sql_hex(store, "cn_sha256()", a);
    assert_string_equal(a, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    static const char *const pairs[][2] = {
        {"cn_sha256('ab', 'c')", "cn_sha256('a', 'bc')"}, /* where one value ends */
        {"cn_sha256(NULL)", "cn_sha256('')"},             /* NULL is not empty text */
        {"cn_sha256(1)", "cn_sha256('1')"},               /* nor a number its digits */
        {"cn_sha256(x'74')", "cn_sha256('t')"},           /* nor a blob its text */
        {"cn_sha256(1.0)", "cn_sha256(1)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        sql_hex(store, pairs[i][0], a);
        sql_hex(store, pairs[i][1], b);
        if (strcmp(a, b) == 0)
            fail_msg("%s and %s hash alike", pairs[i][0], pairs[i][1]);
    }
    /* the C hasher (used for imported entries) encodes as the SQL function does */
    cn_audit_hasher h;
    cn_audit_hash_init(&h);
    cn_audit_hash_text(&h, "entry", 5);
    cn_audit_hash_int(&h, -42);
    cn_audit_hash_null(&h);
    cn_audit_hash_blob(&h, "\x01\x02", 2);
    hasher_hex(&h, a);
    sql_hex(store, "cn_sha256('entry', -42, NULL, x'0102')", b);
    assert_string_equal(a, b);
    cn_store_close(store);
    free(dir);
}

static cn_participant person(const char *code)
{
    cn_participant p = {.gender = 'f', .birth_year = 1985, .status = CN_STATUS_ACTIVE};
    snprintf(p.code, sizeof p.code, "%s", code);
    p.care_start = test_date("2023-05-01");
    p.consent = test_date("2025-03-01");
    return p;
}

/* A raw connection to the file, as the sqlite3 shell would open it, triggers off. */
static void behind_the_back(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void library_history_verifies(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_error err = {0};
    cn_date today = test_date("2026-01-01");
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    p.status = CN_STATUS_LOST;
    assert_int_equal(cn_participant_update(store, &p, today, &err), 0);
    int64_t id;
    assert_int_equal(cn_entry_add(store, today, "cli", "P01", "2025-03-02", "typed", 5, &id, &err),
                     0);
    assert_int_equal(cn_entry_set_text(store, id, "typed again", 11, &err), 0);
    /* A JSON import: participants chained by their triggers, then entries by the writer. */
    const char *json =
        "{\"participants\": [{\"code\": \"P02\", \"gender\": \"m\", \"birth_year\": 1970,"
        " \"care_start\": \"2010-01-01\", \"consent_date\": \"2025-03-10\"}],"
        " \"entries\": [{\"participant\": \"P02\", \"date\": \"2025-03-11\", \"text\": \"one\"},"
        " {\"participant\": \"P01\", \"date\": \"2025-03-12\", \"text\": \"two\\r\\n\"}]}";
    char *file = test_write_file(dir, "both.json", json, strlen(json));
    cn_import_options opt = {.today = today};
    cn_import_result res;
    if (cn_import_file(store, file, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res.entries_added, 2);

    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    if (!v.holds)
        fail_msg("%s", v.problem);
    assert_int_equal(v.records, test_count(path, "audit"));
    assert_int_equal(v.rows, 1 + 2 + 3); /* study, participants, entries */
    char head[CN_AUDIT_HEX];
    int64_t records;
    assert_int_equal(cn_audit_head(store, head, &records, &err), 0);
    assert_string_equal(head, v.head);
    assert_int_equal(records, v.records);

    /* An imported entry's text changed behind the library's back. */
    cn_store_close(store);
    behind_the_back(path, "UPDATE entry SET text = 'three' WHERE id = 3");
    assert_int_equal(cn_store_open(path, &store, &err), 0);
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    assert_false(v.holds);
    assert_non_null(strstr(v.problem, "entry 3: differs from its last audit record"));
    cn_store_close(store);
    free(file);
    free(path);
    free(dir);
}

/* The value of one SQL query's first column as an integer, on the store's connection. */
static int64_t sql_int(cn_store *store, const char *sql)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(store->db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* A participant record's fingerprint, from its row as the record shows it, with the code
 * given (NULL: the record's own). */
#define FP_WITH_CODE(CODE)                                                                         \
    "cn_sha256('participant', row_id, " CODE ", json_extract(after, '$.gender'),"                  \
    " json_extract(after, '$.birth_year'), json_extract(after, '$.care_start'),"                   \
    " json_extract(after, '$.consent_date'), json_extract(after, '$.site'),"                       \
    " json_extract(after, '$.language'), json_extract(after, '$.status'),"                         \
    " json_extract(after, '$.replaces'), json_extract(after, '$.handed_back'))"

/* recode --forget: no record keeps the code that identified, in its values or in a
 * fingerprint made over a row that held it (trial 56 tried every date of birth against one
 * and found the code in under a second); the fingerprints stay those of the rows the
 * records now show, and the chain verifies. */
static void a_forgotten_code_leaves_no_fingerprint(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_date today = test_date("2026-01-01");
    cn_participant p = person("19850312"), q = person("P02");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    p.status = CN_STATUS_LOST;
    assert_int_equal(cn_participant_update(store, &p, today, &err), 0);
    snprintf(q.replaces, sizeof q.replaces, "%s", "19850312");
    assert_int_equal(cn_participant_add(store, &q, today, &err), 0);
    int64_t id;
    assert_int_equal(
        cn_entry_add(store, today, "cli", "19850312", "2025-03-02", "typed", 5, &id, &err), 0);
    /* every fingerprint is its record's row: the formula is the triggers' */
    const char *consistent = "SELECT count(*) FROM audit WHERE tbl = 'participant' AND fp IS NOT"
                             " NULL AND fp != " FP_WITH_CODE("json_extract(after, '$.code')");
    assert_int_equal(sql_int(store, consistent), 0);
    cn_recode_result r;
    /* the reason may not name it: the recode's own record would keep it */
    assert_int_equal(
        cn_recode_participant(store, "19850312", "X01", "born 19850312", true, &r, &err),
        CN_EINVALID);
    assert_int_equal(
        cn_recode_participant(store, "19850312", "X01", "a date of birth", true, &r, &err), 0);
    assert_true(r.records >= 4);
    assert_int_equal(sql_int(store, "SELECT count(*) FROM audit WHERE instr(coalesce(before, '') ||"
                                    " coalesce(after, ''), '19850312') > 0"),
                     0);
    assert_int_equal(sql_int(store, "SELECT count(*) FROM audit WHERE tbl = 'participant' AND fp"
                                    " = " FP_WITH_CODE("'19850312'")),
                     0);
    assert_int_equal(sql_int(store, consistent), 0);
    assert_int_equal(sql_int(store, "SELECT count(*) FROM participant WHERE replaces = 'X01'"), 1);
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    if (!v.holds)
        fail_msg("%s", v.problem);
    cn_store_close(store);
    free(dir);
}

static int count_packs(const cn_audit_row *row, void *ctx)
{
    if (strcmp(row->action, "fingerprints") == 0)
        ++*(int *)ctx;
    return 0;
}

/* An import's fingerprints cover consecutive ids: an entry typed in between (same
 * transaction) splits them into two records, and the whole still verifies. */
static void fingerprints_split_on_a_gap(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_date today = test_date("2026-01-01");
    cn_participant p = person("P01");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    assert_int_equal(cn_store_begin(store, &err), 0);
    cn_entry_writer *w;
    assert_int_equal(cn_entry_writer_open(store, today, "import:x.csv", &w, &err), 0);
    int64_t a, typed, b, c;
    assert_int_equal(cn_entry_writer_add(w, "P01", "2025-03-02", "one", 3, &a, &err), 0);
    assert_int_equal(
        cn_entry_add(store, today, "cli", "P01", "2025-03-03", "typed", 5, &typed, &err), 0);
    assert_int_equal(cn_entry_writer_add(w, "P01", "2025-03-04", "two", 3, &b, &err), 0);
    assert_int_equal(cn_entry_writer_add(w, "P01", "2025-03-05", "three", 5, &c, &err), 0);
    assert_int_equal(typed, a + 1);
    assert_int_equal(cn_entry_writer_finish(w, &err), 0);
    cn_entry_writer_close(w);
    assert_int_equal(cn_store_commit(store, &err), 0);
    int packs = 0;
    assert_int_equal(cn_store_audit_each(store, NULL, count_packs, &packs, &err), 0);
    assert_int_equal(packs, 2);
    cn_audit_verdict v;
    assert_int_equal(cn_audit_verify(store, &v, &err), 0);
    if (!v.holds)
        fail_msg("%s", v.problem);
    assert_int_equal(v.rows, 1 + 1 + 4);
    cn_store_close(store);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_encoding_is_unambiguous),
        cmocka_unit_test(library_history_verifies),
        cmocka_unit_test(fingerprints_split_on_a_gap),
        cmocka_unit_test(a_forgotten_code_leaves_no_fingerprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
