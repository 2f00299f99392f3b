/* test_check.c — protocol alerts: silent participants, overdue diaries, entries after the
 * end of the diary period. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/check.h"
#include "carnet/fields.h"
#include "carnet/import.h"
#include "helpers.h"
#include "store_internal.h"

static void alerts_are_found(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL); /* 6-month diaries, alert after 150 days */
    const char *people =
        "code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back\n"
        "A,f,1990,2024-01-01,2025-01-15,,,active,,\n"                /* silent since 2025-02-01 */
        "B,m,1990,2024-01-01,2025-03-01,,,active,,\n"                /* no entry at all */
        "C,f,1990,2024-01-01,2025-01-31,,,handed_back,,2025-08-15\n" /* wrote past the end */
        "D,m,1990,2024-01-01,2025-06-01,,,lost,,\n";                 /* lost: no alert */
    const char *entries = "participant,date,text\n"
                          "A,2025-02-01,a\n"
                          "C,2025-07-31,last day of the period\n"
                          "C,2025-08-01,one day after\n";
    char *p = test_write_file(dir, "p.csv", people, strlen(people));
    char *e = test_write_file(dir, "e.csv", entries, strlen(entries));
    cn_error err = {0};
    cn_import_options opt = {.today = test_date("2025-08-20")};
    cn_import_result res;
    if (cn_import_file(store, p, &opt, &res, &err) < 0 ||
        cn_import_file(store, e, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);

    cn_alert *alerts;
    size_t n;
    assert_int_equal(cn_check_run(store, test_date("2025-07-31"), &alerts, &n, &err), 0);
    /* A: 180 days since 2025-02-01; B: 152 days since consent; A overdue (end 2025-07-15) */
    assert_int_equal(n, 4);
    assert_int_equal(alerts[0].kind, CN_ALERT_SILENT);
    assert_string_equal(alerts[0].code, "A");
    assert_int_equal(alerts[0].days, 180);
    assert_int_equal(alerts[1].kind, CN_ALERT_SILENT);
    assert_string_equal(alerts[1].code, "B");
    assert_int_equal(alerts[1].days, 152);
    assert_int_equal(alerts[2].kind, CN_ALERT_OVERDUE);
    assert_string_equal(alerts[2].code, "A");
    assert_int_equal(alerts[2].days, 16);
    assert_int_equal(alerts[3].kind, CN_ALERT_OUTSIDE);
    assert_string_equal(alerts[3].code, "C");
    assert_int_equal(alerts[3].days, 1); /* 2025-01-31 + 6 months = 2025-07-31 */
    free(alerts);
    /* a day earlier, B has 151 days: still silent; on 2025-07-28 (149 days) not yet */
    assert_int_equal(cn_check_run(store, test_date("2025-07-28"), &alerts, &n, &err), 0);
    for (size_t i = 0; i < n; i++)
        assert_false(alerts[i].kind == CN_ALERT_SILENT && strcmp(alerts[i].code, "B") == 0);
    free(alerts);
    cn_store_close(store);
    free(p);
    free(e);
    free(dir);
}

/* A study recorded before today's rules: an active participant someone replaces, and sites
 * that name one cohort or none. check finds them; a rule-abiding study gives none. */
static void legacy_inconsistencies_are_found(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    const char *people =
        "code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back\n"
        "P1,f,1990,2024-01-01,2025-07-01,Lyon,,active,,\n"
        "P2,m,1990,2024-01-01,2025-07-01,Paris,,lost,,\n"
        "P3,f,1990,2024-01-01,2025-07-01,Paris,,active,P2,\n"
        "P4,f,1990,2024-01-01,2025-07-01,Lyon,,active,,\n";
    char *p = test_write_file(dir, "p.csv", people, strlen(people));
    cn_error err = {0};
    cn_import_options opt = {.today = test_date("2025-08-01")};
    cn_import_result res;
    if (cn_import_file(store, p, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    cn_alert *alerts;
    size_t n;
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 0);
    free(alerts);
    /* what the rules now refuse, written as an older version or the sqlite3 shell could */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET status = 'active' WHERE code = 'P2';"
                                  "UPDATE participant SET site = 'LYON' WHERE code = 'P4';"
                                  "UPDATE participant SET site = '\xe6\x9d\xb1' WHERE code = 'P3';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(alerts[0].kind, CN_ALERT_REPLACED);
    assert_string_equal(alerts[0].code, "P2");
    assert_string_equal(alerts[0].by, "P3");
    assert_int_equal(alerts[1].kind, CN_ALERT_SITE); /* no Latin letter: no cohort */
    assert_string_equal(alerts[1].code, "P3");
    assert_string_equal(alerts[1].other, "");
    assert_int_equal(alerts[2].kind, CN_ALERT_SITE); /* P4's spelling of P1's site: equals, */
    assert_string_equal(alerts[2].code, "P4");       /* the first is the one to write */
    assert_string_equal(alerts[2].site, "LYON");
    assert_string_equal(alerts[2].other, "Lyon");
    assert_string_equal(alerts[2].cohort, "lyon");
    free(alerts);
    /* three spellings, the odd ones held by the first participants in code order: each
     * alert names who holds an odd one, and its fix, one participant at a time, is accepted */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET site = 'Lyon' WHERE code >= 'P3';"
                                  "UPDATE participant SET site = 'Lyón' WHERE code = 'P2';"
                                  "UPDATE participant SET site = 'LYON' WHERE code = 'P1';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 3); /* P2 replaced, and the two odd spellings */
    assert_string_equal(alerts[1].code, "P1");
    assert_string_equal(alerts[1].other, "Lyon");
    assert_string_equal(alerts[2].code, "P2");
    assert_string_equal(alerts[2].site, "Lyón");
    const char *lyon[CN_PF_COUNT] = {[CN_PF_SITE] = "Lyon"};
    cn_participant got;
    if (cn_participant_set_text(store, "P1", lyon, test_date("2025-07-10"), &got, &err) < 0 ||
        cn_participant_set_text(store, "P2", lyon, test_date("2025-07-10"), &got, &err) < 0)
        fail_msg("%s", err.msg);
    free(alerts);
    /* an odd spelling two participants hold: both are named */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET site = 'LYON' WHERE code >= 'P3';", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 3); /* P2 replaced; 'Lyon' first of equals: P3 and P4 */
    assert_string_equal(alerts[1].code, "P3");
    assert_string_equal(alerts[2].code, "P4");
    assert_string_equal(alerts[2].other, "Lyon");
    free(alerts);
    /* a site stored with a no-break space after it (pasted), which no one can type back:
     * each named with the site to write, and the site as typed is taken (trial 32) */
    assert_int_equal(sqlite3_exec(store->db, "UPDATE participant SET site = 'Lyon' || char(160);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    const char *typed[CN_PF_COUNT] = {[CN_PF_SITE] = "Lyon"};
    if (cn_participant_set_text(store, "P3", typed, test_date("2025-07-10"), &got, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 4); /* P2 replaced; P1, P2 and P4's spaces */
    assert_int_equal(alerts[1].kind, CN_ALERT_SITE);
    assert_string_equal(alerts[1].code, "P1");
    assert_true(alerts[1].spaces);
    assert_string_equal(alerts[1].site, "Lyon\xc2\xa0");
    assert_string_equal(alerts[1].other, "Lyon");
    assert_string_equal(alerts[3].code, "P4");
    free(alerts);
    /* a zero-width space and a byte order mark pasted after it: named too (trial 33) */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET site = 'Lyon' || char(8203, 65279);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 5); /* P2 replaced; the four sites */
    assert_true(alerts[1].spaces);
    assert_string_equal(alerts[1].other, "Lyon");
    free(alerts);
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET site = 'Lyon' WHERE code < 'P3';"
                                  "UPDATE participant SET site = 'LYON' WHERE code >= 'P3';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* entries holding control characters, stored before the rule: each named, after the
     * other kinds */
    const char *entries = "participant,date,text\nP1,2025-07-02,un\nP4,2025-07-03,deux\n";
    char *e = test_write_file(dir, "e.csv", entries, strlen(entries));
    if (cn_import_file(store, e, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE entry SET text = 'u' || char(27) || '[31mn' WHERE id = 1;"
                                  "UPDATE entry SET text = 'd' || char(146) WHERE id = 2;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_int_equal(alerts[3].kind, CN_ALERT_CONTROL);
    assert_string_equal(alerts[3].code, "P1");
    assert_int_equal(alerts[3].code_point, 0x1b);
    assert_int_equal(alerts[4].kind, CN_ALERT_CONTROL);
    assert_int_equal(alerts[4].entry_id, 2);
    assert_int_equal(alerts[4].code_point, 0x92);
    free(alerts);
    /* an entry of no-break spaces, a pasted empty paragraph stored before the rule (trial
     * 40): named as blank, with its first character */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE entry SET text = char(160, 8203) WHERE id = 2;", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_int_equal(alerts[4].kind, CN_ALERT_BLANK);
    assert_int_equal(alerts[4].entry_id, 2);
    assert_int_equal(alerts[4].code_point, 0xa0);
    assert_string_equal(cn_alert_kind_name(CN_ALERT_BLANK), "blank");
    free(alerts);
    /* handed back with no date, which the status rule now refuses: named with the end of its
     * period, where its lateness would be counted from */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE entry SET text = 'un' WHERE id = 1;"
                                  "UPDATE entry SET text = 'deux' WHERE id = 2;"
                                  "UPDATE participant SET status = 'handed_back', handed_back = "
                                  "NULL WHERE code = 'P4';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    assert_int_equal(n, 4); /* P2 replaced, P3 and P4's spellings, P4 undated */
    assert_int_equal(alerts[0].kind, CN_ALERT_UNDATED);
    assert_string_equal(alerts[0].code, "P4");
    assert_int_equal(alerts[0].date, test_date("2026-01-01"));
    assert_string_equal(cn_alert_kind_name(alerts[0].kind), "undated");
    free(alerts);
    /* an entry after the day the diary came back: named with how many days after; the
     * participant's other fields can still be corrected, its hand-back day only to one on or
     * after the last entry */
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET handed_back = '2025-07-02' WHERE code = "
                                  "'P4';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(cn_check_run(store, test_date("2025-07-10"), &alerts, &n, &err), 0);
    size_t returned = n;
    for (size_t i = 0; i < n; i++)
        if (alerts[i].kind == CN_ALERT_RETURNED)
            returned = i;
    assert_true(returned < n);
    assert_string_equal(alerts[returned].code, "P4");
    assert_int_equal(alerts[returned].entry_id, 2);
    assert_int_equal(alerts[returned].days, 1);
    assert_string_equal(cn_alert_kind_name(CN_ALERT_RETURNED), "returned");
    free(alerts);
    const char *paris[CN_PF_COUNT] = {[CN_PF_SITE] = "Paris"};
    if (cn_participant_set_text(store, "P4", paris, test_date("2025-07-10"), &got, &err) < 0)
        fail_msg("%s", err.msg);
    const char *earlier[CN_PF_COUNT] = {[CN_PF_HANDED_BACK] = "2025-07-01"};
    assert_true(cn_participant_set_text(store, "P4", earlier, test_date("2025-07-10"), &got, &err) <
                0);
    assert_non_null(strstr(err.msg, "handed_back: 2025-07-01 is before P4's last entry"));
    const char *later[CN_PF_COUNT] = {[CN_PF_HANDED_BACK] = "2025-07-03"};
    if (cn_participant_set_text(store, "P4", later, test_date("2025-07-10"), &got, &err) < 0)
        fail_msg("%s", err.msg);
    free(e);
    cn_store_close(store);
    free(p);
    free(dir);
}

static void keep_line(const char *message, void *ctx)
{
    char *out = ctx;
    size_t used = strlen(out);
    snprintf(out + used, 1024 - used, "%s\n", message);
}

/* Codes and sites that may identify their person: the import takes them, saying so with
 * their line, and check lists them, in code order. */
static void identifying_codes_are_listed(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = test_new_store(dir, NULL);
    const char *people = "code,gender,birth_year,care_start,consent_date,site\n"
                         "P02,f,1990,2024-01-01,2025-01-15,jean.dupont@gmail.com\n"
                         "0612345678,m,1990,2024-01-01,2025-03-01,Lyon\n"
                         "P01,f,1990,2024-01-01,2025-01-31,Lyon\n";
    char *p = test_write_file(dir, "p.csv", people, strlen(people));
    cn_error err = {0};
    char said[1024] = "";
    cn_import_options opt = {
        .today = test_date("2025-08-20"), .identifying = keep_line, .identifying_ctx = said};
    cn_import_result res;
    if (cn_import_file(store, p, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res.participants_added, 3);
    assert_non_null(strstr(said, "p.csv:2: site 'jean.dupont@gmail.com' of participant P02 looks "
                                 "like an e-mail address"));
    assert_non_null(strstr(said, "p.csv:3: participant code 0612345678 looks like a phone or "
                                 "identity number: codes must not identify (participant recode "
                                 "0612345678 NEW --forget corrects it)\n"));
    assert_null(strstr(said, "P01"));

    cn_identity_alert *alerts;
    size_t n;
    assert_int_equal(cn_check_identifying(store, true, &alerts, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(alerts[0].code, "0612345678");
    assert_string_equal(alerts[1].code, "P02");
    assert_non_null(strstr(alerts[1].message, "looks like an e-mail address"));
    free(alerts);

    /* entries: stored whatever they hold, counted by the import, listed by check with their
     * texts (trial 83), not by the desk's dashboard, which reads no text */
    const char *pages = "participant,date,text\n"
                        "P01,2025-02-01,Le 12/03/2025 j'ai pris 2.5 mg à 10h30.\n"
                        "P01,2025-02-02,Appelle-moi au 06 12 34 56 78 ce soir.\n"
                        "P02,2025-02-03,Écris à nadia.b@orange.fr demain.\n";
    char *e = test_write_file(dir, "e.csv", pages, strlen(pages));
    if (cn_import_file(store, e, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res.entries_added, 3);
    assert_int_equal(res.entries_identifying, 2);
    assert_string_equal(res.identifying_first, "P01 2025-02-02");
    assert_int_equal(cn_check_identifying(store, false, &alerts, &n, &err), 0);
    assert_int_equal(n, 2);
    free(alerts);
    assert_int_equal(cn_check_identifying(store, true, &alerts, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(alerts[2].code, "P01");
    assert_non_null(strstr(alerts[2].message, "(2025-02-02) holds, at its character 16, what looks "
                                              "like a phone or identity number"));
    assert_string_equal(alerts[3].code, "P02");
    assert_non_null(strstr(alerts[3].message, "at its character 9, what looks like an e-mail"));
    free(alerts);
    free(e);
    cn_store_close(store);
    free(p);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alerts_are_found),
        cmocka_unit_test(legacy_inconsistencies_are_found),
        cmocka_unit_test(identifying_codes_are_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
