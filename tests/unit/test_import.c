/* test_import.c — CSV and JSON imports: all or nothing, errors that name file, line (or
 * JSON path) and field, duplicates skipped, multi-line texts, huge fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "carnet/entry.h"
#include "carnet/import.h"
#include "carnet/participant.h"
#include "helpers.h"

#define PARTICIPANTS_HEADER                                                                        \
    "code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back\n"
#define TWO_PARTICIPANTS                                                                           \
    PARTICIPANTS_HEADER "P01,f,1985,2023-05-01,2025-03-01,Lyon,fr,active,,\n"                      \
                        "P02,m,1970,2010-01-01,2025-03-10,Manchester,en,handed_back,,2025-09-20\n"

typedef struct fixture {
    char *dir;
    char *db;
    cn_store *store;
    int notices;
} fixture;

static void count_notice(const char *msg, void *ctx)
{
    (void)msg;
    ((fixture *)ctx)->notices++;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = test_tempdir();
    f->store = test_new_store(f->dir, &f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cn_store_close(f->store);
    free(f->db);
    free(f->dir);
    free(f);
    return 0;
}

static int import_with(fixture *f, const char *name, const char *data, size_t len,
                       cn_separator separator, cn_encoding encoding, cn_import_result *res,
                       cn_error *err)
{
    char *path = test_write_file(f->dir, name, data, len);
    cn_error ignored;
    cn_date today;
    cn_date_parse("2026-01-01", &today, &ignored);
    cn_import_options opt = {.today = today,
                             .separator = separator,
                             .encoding = encoding,
                             .notice = count_notice,
                             .notice_ctx = f};
    int rc = cn_import_file(f->store, path, &opt, res, err);
    free(path);
    return rc;
}

static int import(fixture *f, const char *name, const char *data, size_t len, cn_import_result *res,
                  cn_error *err)
{
    return import_with(f, name, data, len, CN_SEP_AUTO, CN_ENC_UTF8, res, err);
}

static int import_str(fixture *f, const char *name, const char *data, cn_import_result *res,
                      cn_error *err)
{
    return import(f, name, data, strlen(data), res, err);
}

static void ok(fixture *f, const char *name, const char *data, cn_import_result *res)
{
    cn_error err = {0};
    if (import_str(f, name, data, res, &err) < 0)
        fail_msg("%s", err.msg);
}

/* The import fails with a message holding `fragment`, and changes nothing. */
static void refused(fixture *f, const char *name, const char *data, size_t len,
                    const char *fragment)
{
    long long entries = test_count(f->db, "entry"), people = test_count(f->db, "participant"),
              audit = test_count(f->db, "audit");
    cn_import_result res;
    cn_error err = {0};
    assert_true(import(f, name, data, len, &res, &err) < 0);
    if (!strstr(err.msg, fragment))
        fail_msg("expected '%s' in '%s'", fragment, err.msg);
    assert_int_equal(test_count(f->db, "entry"), entries);
    assert_int_equal(test_count(f->db, "participant"), people);
    assert_int_equal(test_count(f->db, "audit"), audit);
    assert_int_equal(res.entries_added, 0);
}

static void refused_str(fixture *f, const char *name, const char *data, const char *fragment)
{
    refused(f, name, data, strlen(data), fragment);
}

static void csv_participants_then_entries(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    assert_int_equal(res.participants_added, 2);
    ok(f, "e.csv",
       "participant,date,text\n"
       "P01,2025-03-02,\"Première entrée, avec une virgule\"\n"
       "P01,2025-03-05,\"Sur deux\nlignes, et des \"\"guillemets\"\"\"\n"
       "\n"
       "P02,2025-03-11,Simple\n",
       &res);
    assert_int_equal(res.entries_added, 3);
    assert_int_equal(test_count(f->db, "entry"), 3);
    /* importing the same files again adds nothing and reports the duplicates */
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    assert_int_equal(res.participants_same, 2);
    ok(f, "e.csv", "participant,date,text\nP01,2025-03-02,\"Première entrée, avec une virgule\"\n",
       &res);
    assert_int_equal(res.entries_duplicate, 1);
    assert_int_equal(f->notices, 1);
    assert_int_equal(test_count(f->db, "entry"), 3);
}

/* The audit's import records, as "TABLE ROW AFTER" lines. */
static int note_import_record(const cn_audit_row *row, void *ctx)
{
    char *out = ctx;
    if (strcmp(row->action, "import") == 0)
        snprintf(out + strlen(out), 4096 - strlen(out), "%s %lld %s\n", row->table,
                 (long long)row->row_id, row->after ? row->after : "");
    return 0;
}

static void import_records(fixture *f, char out[4096])
{
    cn_error err = {0};
    out[0] = '\0';
    assert_int_equal(cn_store_audit_each(f->store, NULL, note_import_record, out, &err), 0);
}

/* A participants' import leaves one summary in the audit, naming its file and counting its
 * rows, as an entries' import does; in its transaction: refused or previewed, none. */
static void participant_imports_are_summarised(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    char records[4096];
    refused_str(f, "bad.csv", TWO_PARTICIPANTS "P03,q,1980,2023-05-01,2025-03-01,,,,,\n", "gender");
    import_records(f, records);
    assert_string_equal(records, "");
    char *path =
        test_write_file(f->dir, "upload-tmp.csv", TWO_PARTICIPANTS, strlen(TWO_PARTICIPANTS));
    cn_error err = {0};
    cn_import_options dry = {.today = test_date("2026-01-01"), .dry_run = true};
    assert_int_equal(cn_import_file(f->store, path, &dry, &res, &err), 0);
    free(path);
    assert_int_equal(res.participants_added, 2);
    import_records(f, records);
    assert_string_equal(records, "");
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    import_records(f, records);
    char expected[4096];
    snprintf(expected, sizeof expected,
             "participant 1 {\"file\":\"%s/p.csv\",\"source\":\"import:p.csv\","
             "\"participants_added\":2,\"participants_same\":0,\"first_participant_id\":1,"
             "\"last_participant_id\":2}\n",
             f->dir);
    assert_string_equal(records, expected);
    /* a JSON file of both: one summary for each table; an import that adds no participant
     * (here: one already there) changes none, as one that adds no entry */
    ok(f, "s.json",
       "{\"participants\": [{\"code\": \"J1\", \"gender\": \"f\", \"birth_year\": 1980,"
       " \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\"},"
       " {\"code\": \"P01\", \"gender\": \"f\", \"birth_year\": 1985, \"care_start\":"
       " \"2023-05-01\", \"consent_date\": \"2025-03-01\", \"site\": \"Lyon\", \"language\":"
       " \"fr\", \"status\": \"active\"}],"
       " \"entries\": [{\"participant\": \"J1\", \"date\": \"2025-01-02\", \"text\": \"Un\"}]}",
       &res);
    assert_int_equal(res.participants_added, 1);
    assert_int_equal(res.participants_same, 1);
    import_records(f, records);
    snprintf(expected + strlen(expected), sizeof expected - strlen(expected),
             "participant 3 {\"file\":\"%s/s.json\",\"source\":\"import:s.json\","
             "\"participants_added\":1,\"participants_same\":1,\"first_participant_id\":3,"
             "\"last_participant_id\":3}\n"
             "entry 1 {\"file\":\"%s/s.json\",\"source\":\"import:s.json\",\"entries_added\":1,"
             "\"entries_duplicate\":0,\"first_id\":1,\"last_id\":1}\n",
             f->dir, f->dir);
    assert_string_equal(records, expected);
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    import_records(f, records);
    assert_string_equal(records, expected);
}

/* A dry run counts what the import would do, with the same refusals, and stores nothing. */
static void dry_run_previews_and_keeps_nothing(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    ok(f, "e.csv", "participant,date,text\nP01,2025-03-02,Un\n", &res);
    long long audit = test_count(f->db, "audit");
    const char *csv = "participant,date,text\nP01,2025-03-02,Un\nP02,2025-03-13,Deux\n"
                      "P02,2025-03-13,Deux\n";
    char *path = test_write_file(f->dir, "upload-tmp.csv", csv, strlen(csv));
    cn_error err = {0};
    cn_import_options opt = {.today = test_date("2026-01-01"),
                             .notice = count_notice,
                             .notice_ctx = f,
                             .dry_run = true,
                             .name = "entries.csv"};
    f->notices = 0;
    int drc = cn_import_file(f->store, path, &opt, &res, &err);
    if (drc != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res.entries_added, 1);
    assert_int_equal(res.entries_duplicate, 2); /* one already stored, one twice in the file */
    assert_int_equal(f->notices, 2);
    assert_int_equal(test_count(f->db, "entry"), 1);
    assert_int_equal(test_count(f->db, "audit"), audit);
    free(path);
    const char *bad = "participant,date,text\nP01,2025-03-04,Trois\nP09,2025-03-03,X\n";
    path = test_write_file(f->dir, "upload-tmp.csv", bad, strlen(bad));
    assert_int_equal(cn_import_file(f->store, path, &opt, &res, &err), CN_ENOTFOUND);
    assert_string_equal(err.msg, "entries.csv:3: participant: unknown participant 'P09'");
    free(path);
}

static void columns_may_come_in_any_order(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv",
       "consent_date,care_start,birth_year,gender,code\n2025-03-01,2024-01-01,1990,x,Z1\n", &res);
    assert_int_equal(res.participants_added, 1);
    ok(f, "e.csv", "date,text,participant\n2025-03-03,bonjour,Z1\n", &res);
    assert_int_equal(res.entries_added, 1);
}

static void csv_errors_name_file_line_and_field(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    refused_str(f, "e.csv",
                "participant,date,text\nP01,2025-03-02,ok\nP01,2025-03-03,\"two\nlines\"\n"
                "P01,2025-02-30,bad day\n",
                "e.csv:5: date: '2025-02-30': impossible date");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,ok\nP09,2025-03-03,who\n",
                "e.csv:3: participant: unknown participant 'P09'");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,ok\nP01,2025-03-03,\n",
                "e.csv:3: text: missing");
    refused_str(f, "e.csv", "participant,date,text\nP01,,no date\n", "e.csv:2: date: missing");
    /* each fault of a row at once: a missing text and an impossible date; a participant's
     * bad fields */
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-02-30,\n",
                "e.csv:2: text: missing; date: '2025-02-30': impossible date");
    refused_str(f, "p.csv",
                "code,gender,birth_year,care_start,consent_date\nP05,q,19x0,2025-01-01,\n",
                "p.csv:2: gender: 'q' is not f, m or x; birth_year: '19x0' is not a year; "
                "consent_date: missing");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02\n",
                "e.csv:2: expected 3 fields, found 2");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,ok\nP01,2025-02-01,early\n",
                "e.csv:3: date: 2025-02-01 is before P01's consent");
    refused_str(f, "e.csv", "participant,date,text\nP01,2027-03-02,later\n",
                "e.csv:2: date: 2027-03-02 is in the future");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,caf\xC3\n",
                "e.csv:2: text: invalid UTF-8");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,\"never closed\n",
                "e.csv:2: malformed CSV");
    /* unknown participants: all of them named, each once, so that one correction does */
    refused_str(f, "e.csv",
                "participant,date,text\nP07,2025-03-02,a\nP01,2025-03-02,ok\n"
                "P07,2025-03-03,b\nP08,2025-03-02,c\n",
                "e.csv: participant: 2 unknown participants: 'P07' (line 2), 'P08' (line 5); add "
                "them first");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,ok\nP09,2025-03-02,a\n",
                "e.csv:3: participant: unknown participant 'P09'");
    /* more codes than are shown: each still counted once, however many lines it has */
    char many[1024] = "participant,date,text\n";
    for (int line = 0; line < 2; line++)
        for (int k = 10; k < 20; k++)
            snprintf(many + strlen(many), sizeof many - strlen(many), "Q%d,2025-03-0%d,t\n", k,
                     line + 2);
    refused_str(f, "e.csv", many,
                "e.csv: participant: 10 unknown participants: 'Q10' (line 2), 'Q11' (line 3)");
    refused_str(f, "e.csv", many, "'Q17' (line 9), ...; add them first");
    /* a quote in a field, as a spreadsheet does not write it: the message says how */
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,il a dit \"non\"\n",
                "e.csv:2: malformed CSV: a stray quote; a field holding a quote is written in "
                "quotes, each quote inside it doubled");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,\"il a dit \"non\" ici\"\n",
                "e.csv:2: malformed CSV: a stray quote");
    refused_str(f, "e.csv", "participant,date,texte\n", "e.csv:1: unknown column 'texte'");
    refused_str(f, "e.csv", "participant,text\n", "e.csv:1: missing column 'date'");
    refused_str(f, "e.csv", "", "empty file");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,f,1985,2023-05-01,,Lyon,fr,active,,\n",
                "p.csv:2: consent_date: missing");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,q,1985,2023-05-01,2025-01-01,,,,,\n",
                "p.csv:2: gender: 'q'");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,f,19x5,2023-05-01,2025-01-01,,,,,\n",
                "p.csv:2: birth_year");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,f,1985,2023-05-01,2025-01-01,,,gone,,\n",
                "p.csv:2: status");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P01,m,1985,2023-05-01,2025-03-01,Lyon,fr,,,\n",
                "p.csv:2: code: participant P01 already exists with other data");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,f,1985,2023-05-01,2025-01-01,,,,P42,\n",
                "p.csv:2: replaces: unknown participant 'P42'");
    refused_str(f, "p.csv", PARTICIPANTS_HEADER "P03,f,1985,2023-05-01,2025-01-01,S\xE9te,,,,\n",
                "p.csv:2: site: invalid UTF-8");
    refused_str(f, "x.txt", "whatever", "cannot tell the format");
    /* a folder, with or without an extension, is named as one */
    const char *folders[] = {"exports", "old.csv"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", f->dir, folders[i]);
        assert_int_equal(mkdir(path, 0700), 0);
        cn_import_options opt = {0};
        cn_import_result res;
        cn_error err = {0};
        assert_true(cn_import_file(f->store, path, &opt, &res, &err) < 0);
        assert_int_equal(err.code, CN_EINVALID);
        if (!strstr(err.msg, "a folder, not a file"))
            fail_msg("%s", err.msg);
    }
}

/* A refusal says which field it is about (cn_error.field), through the import's prefix:
 * what a form needs to show it beside the field, without reading the message. */
static void refusals_name_their_field(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    cn_error err = {0};
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    assert_true(import_str(f, "r.csv",
                           PARTICIPANTS_HEADER "P03,f,1980,2020-01-01,2025-01-10,,,,P01,\n", &res,
                           &err) < 0);
    assert_non_null(strstr(err.msg, "replaces: P01 is still active"));
    assert_string_equal(err.field, "replaces");
    assert_true(import_str(f, "e.csv", "participant,date,text\nP01,2025-03-03,en \x1b[31mrouge\n",
                           &res, &err) < 0);
    assert_string_equal(err.field, "text");
    assert_true(import_str(f, "e.csv", "participant,date,text\nP01,2025-13-03,x\n", &res, &err) <
                0);
    assert_string_equal(err.field, "date"); /* a date's refusal is the date's, no text's */
}

/* A file may name a replacement before the participant it replaces (export participants
 * sorts by code); the replaced one must still be in the file or the study, and a loop is
 * still refused, each naming the replacement's row. */
static void replacements_may_come_first(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    refused_str(f, "p.csv",
                PARTICIPANTS_HEADER "LY01,m,1982,2021-01-01,2025-04-10,,,,PA99,\n"
                                    "PA03,f,1980,2020-01-01,2025-01-10,,,lost,,\n",
                "p.csv:2: replaces: unknown participant 'PA99'");
    refused_str(f, "p.csv",
                PARTICIPANTS_HEADER "LY01,m,1982,2021-01-01,2025-04-10,,,lost,PA03,\n"
                                    "PA03,f,1980,2020-01-01,2025-01-10,,,lost,LY01,\n",
                "would replace itself");
    /* put off until PA03 is stored, the replacement is then checked as any: PA03 is active */
    refused_str(f, "p.csv",
                PARTICIPANTS_HEADER "LY01,m,1982,2021-01-01,2025-04-10,,,,PA03,\n"
                                    "PA03,f,1980,2020-01-01,2025-01-10,,,,,\n",
                "p.csv:2: replaces: PA03 is still active");
    ok(f, "p.csv",
       PARTICIPANTS_HEADER "LY01,m,1982,2021-01-01,2025-04-10,,,,PA03,\n"
                           "PA03,f,1980,2020-01-01,2025-01-10,,,lost,,\n",
       &res);
    assert_int_equal(res.participants_added, 2);
    cn_participant p;
    cn_error err = {0};
    assert_int_equal(cn_participant_get(f->store, "LY01", &p, &err), 1);
    assert_string_equal(p.replaces, "PA03");
    /* the same file again: both already there, identical */
    ok(f, "p.csv",
       PARTICIPANTS_HEADER "LY01,m,1982,2021-01-01,2025-04-10,,,,PA03,\n"
                           "PA03,f,1980,2020-01-01,2025-01-10,,,lost,,\n",
       &res);
    assert_int_equal(res.participants_added, 0);
    assert_int_equal(res.participants_same, 2);
}

static void one_bad_row_at_the_end_keeps_nothing(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    size_t cap = 1 << 20, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv + len, cap - len, "participant,date,text\n");
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(csv + len, cap - len, "P01,2025-%02d-%02d,entry %d\n", 4 + i % 6,
                                1 + i % 28, i);
    len += (size_t)snprintf(csv + len, cap - len, "P01,2025-05-01,\n");
    refused(f, "big.csv", csv, len, "big.csv:2002: text: missing");
    free(csv);
}

typedef struct refusals {
    int n;
    char all[2048];
} refusals;

static void keep_refusal(const char *msg, void *ctx)
{
    refusals *r = ctx;
    size_t at = strlen(r->all);
    snprintf(r->all + at, sizeof r->all - at, "%s\n", msg);
    r->n++;
}

/* Every row refused for its own values is named, not the first alone, so that one
 * correction of the file fixes them all; the file still changes nothing. */
static void every_refused_row_is_named(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    const char *csv = "participant,date,text\n"
                      "P01,2025-04-01,first\n"
                      "P01,2025-02-30,impossible\n"
                      "P01,2025-04-02,\n"
                      "P09,2025-04-03,unknown\n"
                      "P02,2025-04-04,fine\n"
                      "P02,2031-01-01,future\n";
    /* without a callback: counted, the first quoted */
    refused_str(f, "rows.csv", csv,
                "rows.csv: 3 rows refused, and the entries of 1 unknown participant: 'P09' (line "
                "5); add them first (a participants file), or correct the codes; the first: ");
    /* with one: each row told in the file's order, the error counting them */
    refusals r = {0};
    char *path = test_write_file(f->dir, "rows.csv", csv, strlen(csv));
    cn_error err = {0};
    cn_date today;
    cn_date_parse("2026-01-01", &today, &err);
    cn_import_options opt = {
        .today = today, .refused = keep_refusal, .refused_ctx = &r, .name = "rows.csv"};
    assert_int_equal(cn_import_file(f->store, path, &opt, &res, &err), CN_EINVALID);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.all, "rows.csv:3: date: '2025-02-30': impossible date, month 2 of 2025 "
                               "has 28 days\n"
                               "rows.csv:4: text: missing\n"
                               "rows.csv:7: date: 2031-01-01 is in the future (today is "
                               "2026-01-01 on this computer)\n");
    assert_non_null(strstr(err.msg, "rows.csv: 3 rows refused, and the entries of 1 unknown"));
    assert_null(strstr(err.msg, "the first"));
    assert_int_equal(res.rows_refused, 3);
    assert_int_equal(res.unknown_participants, 1);
    assert_false(res.error_is_the_row);
    assert_int_equal(test_count(f->db, "entry"), 0);
    /* one row alone, with a callback: told, and the error itself */
    free(path);
    const char *one = "participant,date,text\nP01,2025-04-01,\n";
    path = test_write_file(f->dir, "one.csv", one, strlen(one));
    r = (refusals){0};
    opt.name = "one.csv";
    assert_int_equal(cn_import_file(f->store, path, &opt, &res, &err), CN_EINVALID);
    free(path);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.all, "one.csv:2: text: missing\n");
    assert_string_equal(err.msg, "one.csv:2: text: missing");
    assert_int_equal(res.rows_refused, 1);
    assert_int_equal(res.unknown_participants, 0);
    assert_true(res.error_is_the_row);
    /* JSON: the same, rows named by their path */
    refused_str(f, "rows.json",
                "{\"participants\": [{\"code\": \"P03\", \"gender\": \"q\", \"birth_year\": "
                "1980, \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\", "
                "\"site\": \"Lyon\"}], \"entries\": [{\"participant\": \"P01\", \"date\": "
                "\"2025-04-01\"}, {\"participant\": \"P01\", \"date\": \"2025-04-02\", "
                "\"text\": \"fine\"}]}",
                "rows.json: 2 rows refused; the first: ");
    assert_int_equal(test_count(f->db, "participant"), 2);
    assert_int_equal(test_count(f->db, "entry"), 0);
}

/* What one refusal would hide is said with it: an unknown replaced participant beside a
 * bad row, the unknown participant of a row refused for its text or date, the entries of a
 * participant refused in the same file, the fields a stored participant differs in. */
static void refused_rows_hide_nothing(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    refused_str(f, "r.csv",
                PARTICIPANTS_HEADER "N21,h,1980,2020-01-01,2025-03-01,,,,,\n"
                                    "N22,m,1985,2020-01-01,2025-03-01,,,,ZZ9,\n",
                "r.csv: 2 rows refused; the first: ");
    refused_str(f, "m.csv", "participant,date,text\nZ09,2025-03-01,\n",
                "m.csv: 1 row refused, and the entries of 1 unknown participant");
    refused_str(f, "m2.csv", "participant,date,text\nZ09,01/03/2025,b\n",
                "m2.csv: 1 row refused, and the entries of 1 unknown participant: 'Z09' (line 2); "
                "add them first (a participants file), or correct the codes; the first: ");
    refused_str(f, "m2.csv", "participant,date,text\nZ09,01/03/2025,b\n",
                "m2.csv:2: date: '01/03/2025' is not a date");
    refused_str(f, "q.json",
                "{\"participants\": [{\"code\": \"Q02\", \"gender\": \"h\", \"birth_year\": "
                "1980, \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-03-01\"}], "
                "\"entries\": [{\"participant\": \"Q02\", \"date\": \"2025-03-02\", "
                "\"text\": \"b\"}]}",
                "'Q02' (line 1, entries[0], whose own row is refused)");
    refused_str(f, "d.csv",
                PARTICIPANTS_HEADER "P01,m,1985,2023-05-01,2025-03-01,Lyon,fr,active,,\n",
                "d.csv:2: code: participant P01 already exists with other data (gender: 'f' "
                "stored, 'm' here)");
}

/* A database's failure is no row's: it stops the import where it happens (a header refused
 * too: there is no row to read after it). */
static void a_bad_header_stops_at_once(void **state)
{
    fixture *f = *state;
    refused_str(f, "h.csv", "participant,date,txet\nP01,2025-04-01,a\n",
                "h.csv:1: unknown column "
                "'txet'");
}

static void huge_fields_are_refused(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    /* a quote left open swallows the rest of the file: the size limit stops it */
    size_t n = CN_ENTRY_TEXT_MAX + 100;
    char *csv = malloc(n + 100);
    size_t len = (size_t)sprintf(csv, "participant,date,text\nP01,2025-03-02,\"");
    memset(csv + len, 'a', n);
    len += n;
    len += (size_t)sprintf(csv + len, "\"\n");
    refused(f, "huge.csv", csv, len, "huge.csv:2: text: 1048676 bytes is more than");
    free(csv);
    /* same in JSON */
    char *json = malloc(n + 200);
    len =
        (size_t)sprintf(json, "{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-02\","
                              " \"text\": \"");
    memset(json + len, 'b', n);
    len += n;
    len += (size_t)sprintf(json + len, "\"}]}");
    refused(f, "huge.json", json, len, "entries[0]: text: 1048676 bytes is more than");
    free(json);
}

static void json_imports_both_tables(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "s.json",
       "{\"participants\": [{\"code\": \"J1\", \"gender\": \"f\", \"birth_year\": 1980,"
       " \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\", \"site\": \"Lyon\"}],"
       " \"entries\": [{\"participant\": \"J1\", \"date\": \"2025-01-02\", \"text\": "
       "\"Ligne\\nDeux\"},"
       " {\"participant\": \"J1\", \"date\": \"2025-01-02\", \"text\": \"Ligne\\nDeux\"}]}",
       &res);
    assert_int_equal(res.participants_added, 1);
    assert_int_equal(res.entries_added, 1);
    assert_int_equal(res.entries_duplicate, 1); /* within the same file */
}

static void json_errors_name_the_path(void **state)
{
    fixture *f = *state;
    refused_str(
        f, "s.json",
        "{\"entries\": [\n{\"participant\": \"J1\",\n\"date\": \"x\",,\n\"text\": \"y\"}]}\n",
        "s.json:3: malformed JSON");
    refused_str(
        f, "s.json",
        "{\"participants\": [{\"code\": \"J1\", \"gender\": \"f\", \"birth_year\": 1980,"
        " \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\"}],"
        " \"entries\": [{\"participant\": \"J1\", \"date\": \"2025-01-02\", \"text\": \"a\"},"
        " {\"participant\": \"J2\", \"date\": \"2025-01-02\", \"text\": \"b\"}]}",
        "s.json:1: entries[1]: participant: unknown participant 'J2'");
    /* a row is named by the line where it begins, as a JSON file is usually laid out: a
     * row a line, or a field a line; strings holding newlines or brackets count right */
    refused_str(f, "s.json",
                "{\n  \"entries\": [\n    {\"participant\": \"J1\", \"date\": \"2025-01-02\","
                " \"text\": \"a [b], {c}\\n\"},\n    {\n      \"participant\": \"J1\",\n"
                "      \"date\": \"2025-13-02\",\n      \"text\": \"b\"\n    }\n  ]\n}\n",
                "'J1' (line 3, entries[0]); add them first (a participants file), or correct "
                "the codes; the first: ");
    refused_str(f, "s.json",
                "{\n  \"entries\": [\n    {\"participant\": \"J1\", \"date\": \"2025-01-02\","
                " \"text\": \"a [b], {c}\\n\"},\n    {\n      \"participant\": \"J1\",\n"
                "      \"date\": \"2025-13-02\",\n      \"text\": \"b\"\n    }\n  ]\n}\n",
                "s.json:4: entries[1]: date: '2025-13-02': there is no month 13");
    refused_str(f, "s.json", "{\"participants\": [],\n \"entries\":\n [\n\n  \"x\"]}",
                "s.json:5: entries[0]: expected an object");
    /* old Mac line ends (CR alone) count as the CSV reader counts them; CRLF once */
    refused_str(f, "s.json", "{\"participants\": [],\r \"entries\":\r [\r\r  \"x\"]}",
                "s.json:5: entries[0]: expected an object");
    refused_str(f, "s.json", "{\"participants\": [],\r\n \"entries\":\r\n [\r\n\r\n  \"x\"]}",
                "s.json:5: entries[0]: expected an object");
    refused_str(f, "s.json", "{\"entries\": [{\"participant\": \"J1\", \"dat\": \"x\"}]}",
                "entries[0]: unknown field \"dat\" (known: participant, date, text");
    refused_str(f, "s.json", "{\"entries\": [{\"participant\": \"J1\", \"date\": [1]}]}",
                "entries[0].date: expected a string");
    /* a number is text only for a numeric field: {"text": 1e3} is not the diary "1000" */
    refused_str(f, "s.json",
                "{\"entries\": [{\"participant\": \"J1\", \"date\": \"2025-01-03\","
                " \"text\": 1e3}]}",
                "entries[0].text: expected a string");
    refused_str(f, "s.json", "{\"people\": []}",
                "s.json: unknown field \"people\" (known: participants, entries)");
    refused_str(f, "s.json",
                "{\"entries\": [{\"participant\": \"J1\", \"participant\": \"J2\","
                " \"date\": \"2025-01-03\", \"text\": \"a\"}]}",
                "s.json:1: entries[0]: field \"participant\" given twice");
    refused_str(f, "s.json", "[1, 2]", "expected an object");
    refused_str(f, "s.json", "{\"entries\": [{\"text\": \"caf\xC3\"}]}", "s.json:1: invalid UTF-8");
}

/* The text of the entry with this id, or "" (copied into out). */
static void entry_text(fixture *f, int64_t id, char *out, size_t size)
{
    cn_entry e;
    cn_error err = {0};
    out[0] = '\0';
    if (cn_entry_get(f->store, id, &e, &err) == 1) {
        snprintf(out, size, "%s", e.text ? e.text : "");
        cn_entry_clear(&e);
    }
}

static void json_refuses_nul_escapes(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    /* cJSON decodes \u0000 into a NUL byte: the text would end at "visible" */
    refused_str(f, "s.json",
                "{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-02\", \"text\": "
                "\"ok\"},\n{\"participant\": \"P01\", \"date\": \"2025-03-03\",\n"
                " \"text\": \"visible\\u0000rest\"}]}",
                "s.json:3: entries[1].text: holds \\u0000");
    refused_str(f, "s.json",
                "{\"participants\": [{\"code\": \"J1\", \"gender\": \"f\", \"birth_year\": 1980,"
                " \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\","
                " \"site\": \"Lyon\\u0000Nord\"}]}",
                "s.json:1: participants[0].site: holds \\u0000");
    /* a field name cut short would otherwise be taken for "text" */
    refused_str(f, "s.json",
                "{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-02\", "
                "\"text\\u0000x\": \"hidden\", \"text\": \"ok\"}]}",
                "s.json:1: entries[0]: a field name holds \\u0000");
    /* an escaped backslash followed by u0000 is text, not a NUL */
    ok(f, "s.json",
       "{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-04\", \"text\": "
       "\"a \\\\u0000 b\"}]}",
       &res);
    assert_int_equal(res.entries_added, 1);
    char text[64];
    entry_text(f, 1, text, sizeof text);
    assert_string_equal(text, "a \\u0000 b");
}

static void json_numbers_are_refused_out_of_range(void **state)
{
    fixture *f = *state;
    static const char *const years[] = {"1e300",  "-1e300", "1e400",
                                        "-1e400", "1985.5", "12345678901"};
    for (size_t i = 0; i < sizeof years / sizeof *years; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"participants\": [{\"code\": \"J1\", \"gender\": \"f\", \"birth_year\": %s,"
                 " \"care_start\": \"2020-01-01\", \"consent_date\": \"2025-01-01\"}]}",
                 years[i]);
        refused_str(f, "s.json", json, "participants[0].birth_year: ");
        refused_str(f, "s.json", json, "is not a whole number of at most 9 digits");
    }
}

/* A quote left open: refused once the field passes the limit, not at the end of the file
 * (which meant holding it all in memory), naming the line where the field began. */
static void csv_unclosed_quote_stops_at_the_limit(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    size_t cap = 4u << 20, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv, cap,
                            "participant,date,text\nP01,2025-03-02,ok\n"
                            "P01,2025-03-03,\"never closed\n");
    while (len + 80 < cap)
        len += (size_t)snprintf(csv + len, cap - len, "P01,2025-03-04,a line swallowed by it\n");
    refused(f, "open.csv", csv, len,
            "open.csv:3: text: more than 1048576 bytes in one field: an entry longer than that, or "
            "a quote left open");
    /* the same on one single line, without any line break */
    len = (size_t)snprintf(csv, cap, "participant,date,text\nP01,2025-03-03,\"");
    memset(csv + len, 'x', cap - len);
    refused(f, "open.csv", csv, cap,
            "open.csv:2: text: more than 1048576 bytes in one field: an entry longer than that, or "
            "a quote left open");
    free(csv);
}

static void csv_refuses_nul_in_any_field(void **state)
{
    fixture *f = *state;
    static const char csv[] = PARTICIPANTS_HEADER "P03,f,1985,2023-05-01,2025-01-01,Ly\0on,,,,\n";
    refused(f, "p.csv", csv, sizeof csv - 1, "p.csv:2: site: contains a NUL byte");
}

/* Control characters no transcription holds: an escape sequence, and the C1 characters of a
 * Windows-1252 file read as Latin-1 (its curly apostrophe, 0x92, becomes U+0092): refused
 * by line, character and place, the second with what to do; nothing is kept. */
static void entries_refuse_control_characters(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    refused_str(f, "e.csv",
                "participant,date,text\nP01,2025-03-02,Premier jour.\n"
                "P01,2025-03-03,en \x1b[31mrouge\n",
                "e.csv:3: text: control character U+001B at its line 1, column 4");
    refused_str(f, "e.csv",
                "participant,date,text\nP01,2025-03-02,J\xc2\x92"
                "ai bu\n",
                "e.csv:2: text: control character U+0092 at its line 1, column 2 (a "
                "Windows-1252 or Mac Roman text read as Latin-1");
    refused_str(f, "e.csv", "participant,date,text\nP01,2025-03-02,\"Un.\nDeux \x1b\"\n",
                "e.csv:2: text: control character U+001B at its line 2, column 6 (no "
                "transcription holds one");
    ok(f, "e.csv",
       "participant,date,text\nP01,2025-03-02,J\xe2\x80\x99"
       "ai\tbu\xc2\xa0!\n",
       &res);
    assert_int_equal(res.entries_added, 1); /* U+2019, a tab, U+00A0: text */
}

/* What Excel writes: a UTF-8 byte order mark, and ; as the separator in French or Italian. */
/* Excel saves the empty columns a sheet once used: "participant;date;text;;;". They are
 * no column while they stay empty; a value in one is refused, named; an empty name among
 * the named columns is still an unknown column. */
static void csv_excel_trailing_empty_columns(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    ok(f, "e.csv",
       "participant;date;text;;;\r\nP01;2025-03-02;Premier jour.;;;\r\n"
       "P01;2025-03-03;Deuxième jour.;;\r\nP01;2025-03-04;Troisième.\r\n",
       &res);
    assert_int_equal(res.entries_added, 3);
    refused_str(f, "e.csv",
                "participant;date;text;;\r\nP01;2025-03-05;Quatrième.;;\r\n"
                "P01;2025-03-06;Cinquième.;oubli;\r\n",
                "e.csv:3: a value in field 4, after the 3 columns the header names ('oubli')");
    refused_str(f, "e.csv", "participant;;date;text\r\nP01;;2025-03-05;x\r\n",
                "e.csv:1: unknown column ''");
    refused_str(f, "e.csv", "participant;date;text;;\r\nP01;2025-03-05\r\n",
                "e.csv:2: expected 3 fields, found 2");
}

static void csv_excel_bom_and_separators(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv",
       "\xEF\xBB\xBF"
       "code;gender;birth_year;care_start;consent_date;site\r\n"
       "P01;f;1985;2023-05-01;2025-03-01;\"Lyon, Nord\"\r\n",
       &res);
    assert_int_equal(res.participants_added, 1);
    cn_participant p;
    cn_error err = {0};
    assert_int_equal(cn_participant_get(f->store, "P01", &p, &err), 1);
    assert_string_equal(p.site, "Lyon, Nord");
    ok(f, "e.csv",
       "\xEF\xBB\xBFparticipant;date;text\r\nP01;2025-03-02;\"Mal au dos; fatigue, un peu\"\r\n",
       &res);
    assert_int_equal(res.entries_added, 1);
    ok(f, "t.csv", "participant\tdate\ttext\nP01\t2025-03-03\tavec, virgule; et point-virgule\n",
       &res);
    assert_int_equal(res.entries_added, 1);
    char text[64];
    entry_text(f, 1, text, sizeof text);
    assert_string_equal(text, "Mal au dos; fatigue, un peu");
    entry_text(f, 2, text, sizeof text);
    assert_string_equal(text, "avec, virgule; et point-virgule");
    /* forced: a comma file read with ; is one unknown column */
    const char *comma = "participant,date,text\nP01,2025-03-04,x\n";
    cn_import_result r;
    assert_true(
        import_with(f, "c.csv", comma, strlen(comma), CN_SEP_SEMICOLON, CN_ENC_UTF8, &r, &err) < 0);
    assert_non_null(strstr(err.msg, "c.csv:1: unknown column 'participant,date,text'"));
    assert_int_equal(
        import_with(f, "c.csv", comma, strlen(comma), CN_SEP_COMMA, CN_ENC_UTF8, &r, &err), 0);
    assert_int_equal(r.entries_added, 1);
}

/* Old Mac files end lines with CR alone; Windows with CR LF: the lines of messages are
 * the file's either way, and the texts import the same. */
static void csv_cr_and_crlf_line_numbers(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    refused_str(f, "mac.csv",
                "participant,date,text\rP01,2025-03-02,ok\r\rP01,2025-03-03,\"two\rlines\"\r"
                "P01,2025-02-30,bad day\r",
                "mac.csv:6: date: '2025-02-30'");
    refused_str(
        f, "win.csv",
        "participant,date,text\r\nP01,2025-03-02,ok\r\n\r\nP01,2025-03-03,\"two\r\nlines\"\r\n"
        "P01,2025-02-30,bad day\r\n",
        "win.csv:6: date: '2025-02-30'");
    /* a line of spaces and tabs between records is blank too */
    refused_str(f, "ws.csv", "participant,date,text\n  \t \nP01,2025-02-30,x\n",
                "ws.csv:3: date: '2025-02-30'");
    refused_str(f, "mac.csv", "participant,date,text\rP01,2025-03-02,ok\rP01,2025-03-03,\"open\r",
                "mac.csv:3: malformed CSV");
    ok(f, "mac.csv", "participant,date,text\rP01,2025-03-02,ok\rP01,2025-03-03,\"two\rlines\"\r",
       &res);
    assert_int_equal(res.entries_added, 2);
    char text[64];
    entry_text(f, 2, text, sizeof text);
    assert_string_equal(text, "two\nlines"); /* a line end, as in the file (trial 83) */
}

/* A CR LF cut between two chunks of the reader counts as one line end. */
static void csv_crlf_across_chunks(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    size_t cap = CN_TEXTIN_CHUNK + 200, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv, cap, "participant,date,text\r\nP01,2025-03-02,\"");
    size_t fill = CN_TEXTIN_CHUNK - 1 - len - 1; /* the CR is the chunk's last byte */
    memset(csv + len, 'y', fill);
    len += fill;
    len += (size_t)snprintf(csv + len, cap - len, "\"\r\nP01,2025-02-30,bad\r\n");
    assert_int_equal(csv[CN_TEXTIN_CHUNK - 1], '\r');
    refused(f, "cut.csv", csv, len, "cut.csv:3: date: '2025-02-30'");
    free(csv);
}

/* A spreadsheet's Windows-1252 file: refused as UTF-8 with a message naming the likely
 * encoding and the option; with the option, it imports as the same file in UTF-8 does. */
static void csv_windows_1252(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    cn_error err = {0};
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    const char *cp1252 = "participant,date,text\nP01,2025-03-02,caf\xE9 \x80 \x93ok\x94\n";
    refused_str(f, "w.csv", cp1252,
                "w.csv:2: text: invalid UTF-8 at byte 4: the file looks like Windows-1252; "
                "import it with --encoding cp1252");
    assert_int_equal(
        import_with(f, "w.csv", cp1252, strlen(cp1252), CN_SEP_AUTO, CN_ENC_CP1252, &res, &err), 0);
    char text[64];
    entry_text(f, 1, text, sizeof text);
    assert_string_equal(text, "café € “ok”");
    const char *latin1 = "participant,date,text\nP01,2025-03-03,\xE0 bient\xF4t\n";
    assert_int_equal(
        import_with(f, "l.csv", latin1, strlen(latin1), CN_SEP_AUTO, CN_ENC_LATIN1, &res, &err), 0);
    entry_text(f, 2, text, sizeof text);
    assert_string_equal(text, "à bientôt");
    /* 0x81 is no Windows-1252 character: its line and offset in the file */
    const char *undefined = "participant,date,text\nP01,2025-03-04,ok\rP01,2025-03-05,x\x81y\n";
    long long entries = test_count(f->db, "entry");
    assert_true(import_with(f, "u.csv", undefined, strlen(undefined), CN_SEP_AUTO, CN_ENC_CP1252,
                            &res, &err) < 0);
    assert_non_null(strstr(err.msg,
                           "/u.csv:3: byte 0x81 (offset 56 in the file) is not a Windows-1252 "
                           "character"));
    assert_int_equal(test_count(f->db, "entry"), entries);
    /* UTF-16 is named as such; a UTF-8 file read as cp1252 is refused, not garbled */
    refused(f, "u16.csv", "\xFF\xFEp\0a\0", 6, "u16.csv: the file is UTF-16");
    const char *bom = "\xEF\xBB\xBFparticipant,date,text\nP01,2025-03-06,x\n";
    assert_true(import_with(f, "b.csv", bom, strlen(bom), CN_SEP_AUTO, CN_ENC_CP1252, &res, &err) <
                0);
    assert_non_null(strstr(err.msg, "it is UTF-8 already"));
    /* and without the mark: its first UTF-8 character named, with its line */
    const char *utf8 = "participant,date,text\nP01,2025-03-06,x\nP01,2025-03-07,journ\xC3\xA9"
                       "e\n";
    for (int e = CN_ENC_CP1252; e <= CN_ENC_LATIN1; e++) {
        assert_true(import_with(f, "u8.csv", utf8, strlen(utf8), CN_SEP_AUTO, (cn_encoding)e, &res,
                                &err) < 0);
        if (!strstr(err.msg, "u8.csv:3: '\xC3\xA9' is a UTF-8 character") ||
            !strstr(err.msg, "the file is UTF-8 already, import it without --encoding"))
            fail_msg("%s", err.msg);
    }
    assert_int_equal(test_count(f->db, "entry"), entries);
    /* JSON names the encoding too */
    refused_str(f, "w.json", "{\"entries\": [{\"text\": \"caf\xE9\"}]}",
                "w.json:1: invalid UTF-8: the file looks like Windows-1252; import it with "
                "--encoding cp1252");
}

/* refused_enc: an import of data read as encoding e refused with a message holding
 * fragment, the study unchanged. */
static void refused_enc(fixture *f, const char *name, const char *data, cn_encoding e,
                        const char *fragment)
{
    cn_import_result res;
    cn_error err = {0};
    long long entries = test_count(f->db, "entry");
    if (import_with(f, name, data, strlen(data), CN_SEP_AUTO, e, &res, &err) >= 0 ||
        !strstr(err.msg, fragment))
        fail_msg("%s as %s: expected '%s', got '%s'", name, cn_encoding_name(e), fragment, err.msg);
    assert_int_equal(test_count(f->db, "entry"), entries);
}

/* Excel on a Mac saves "CSV (Macintosh)" in Mac Roman, CR line ends and all: read as
 * Windows-1252 it converted without an error, every accent wrong (trial 31: "JournŽe").
 * The advice names Mac Roman; French with curly apostrophes, whose bytes can spell UTF-8
 * ("’é" is D5 8E), imports (trial 32); a file read in the wrong 8-bit encoding, either
 * way, or mixing both, is refused with nothing kept; a Windows file with curly quotes and
 * a "™" after a word still imports. */
static void csv_mac_roman(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    cn_error err = {0};
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    const char *mac = "participant;date;text\rP01;2025-03-02;J\xD5\x8Etais stress\x8E, "
                      "l\xD5\x8Equipe m\xD5"
                      "a aid\x8E.\r";
    refused_str(f, "m.csv", mac,
                "m.csv:2: text: invalid UTF-8 at byte 15: the file looks like Mac Roman; import "
                "it with --encoding macroman");
    refused_enc(f, "m.csv", mac, CN_ENC_CP1252,
                "m.csv:2: the file looks like Mac Roman, not Windows-1252: byte 0x8E reads "
                "'\xC5\xBD' in Windows-1252 and '\xC3\xA9' in Mac Roman");
    assert_int_equal(
        import_with(f, "m.csv", mac, strlen(mac), CN_SEP_AUTO, CN_ENC_MACROMAN, &res, &err), 0);
    char text[64];
    entry_text(f, 1, text, sizeof text);
    assert_string_equal(text, "J’étais stressé, l’équipe m’a aidé.");
    /* the wrong way round, in French, German and English */
    refused_enc(f, "w.csv",
                "participant,date,text\nP01,2025-03-04,journ\xE9"
                "e d\xE9j\xE0 "
                "bient\xF4t\n",
                CN_ENC_MACROMAN, "w.csv:2: the file looks like Windows-1252, not Mac Roman");
    refused_enc(f, "d.csv",
                "participant,date,text\nP01,2025-03-05,Stra\xA7"
                "e und Gr\x9F\xA7"
                "e\n",
                CN_ENC_CP1252, "the file looks like Mac Roman");
    refused_enc(f, "d.csv",
                "participant,date,text\nP01,2025-03-05,Stra\xDF"
                "e und Gr\xFC\xDF"
                "e\n",
                CN_ENC_MACROMAN, "the file looks like Windows-1252");
    refused_enc(f, "e.csv", "participant,date,text\nP01,2025-03-06,it\xD5s hard\n", CN_ENC_CP1252,
                "the file looks like Mac Roman");
    /* two rows in Mac Roman and Windows-1252: each way, the file mixes them */
    const char *mixed = "participant,date,text\nP01,2025-03-07,une journ\x8E"
                        "e\n"
                        "P01,2025-03-08,une autre journ\xE9"
                        "e\n";
    refused_enc(f, "x.csv", mixed, CN_ENC_CP1252,
                "x.csv:2: this line reads as Mac Roman ('\xC3\xA9', byte 0x8E, is '\xC5\xBD' in "
                "Windows-1252), while line 3 reads as Windows-1252: the file mixes the two");
    refused_enc(f, "x.csv", mixed, CN_ENC_MACROMAN, "x.csv:3: this line reads as Windows-1252");
    /* UTF-8 rows among Windows-1252 ones would be stored as "journÃ©e" */
    refused_enc(f, "u.csv",
                "participant,date,text\nP01,2025-03-07,d\xE9j\xE0\n"
                "P01,2025-03-08,journ\xC3\xA9"
                "e \xC3\xA0 Paris\n",
                CN_ENC_CP1252,
                "u.csv:3: '\xC3\xA9' is a UTF-8 character (2 such in the file), while other "
                "bytes are not UTF-8: the file mixes UTF-8");
    /* one accent of a row pasted in UTF-8 is enough (trial 33: "TrÃ¨s bien" was stored) */
    refused_enc(f, "u1.csv",
                "participant,date,text\nP01,2025-03-07,Journ\xE9"
                "e\n"
                "P01,2025-03-08,Tr\xC3\xA8s bien\n",
                CN_ENC_CP1252, "u1.csv:3: '\xC3\xA8' is a UTF-8 character (1 such in the file)");
    /* capitals, brands and degrees read the wrong way (trial 33) */
    static const struct {
        const char *text;
        cn_encoding wrong;
    } misread[] = {
        {"Le Subutex\xAE et la M\xE9thadone\x99.", CN_ENC_MACROMAN},
        {"\xC9LODIE EST PASS\xC9"
         "E. J'AI RE\xC7U",
         CN_ENC_MACROMAN},
        {"Vu \x83LODIE, \xE9VE et \x82"
         "A",
         CN_ENC_CP1252},
        {"MA\xD1"
         "ANA\x85 M\xC9"
         "DICO",
         CN_ENC_MACROMAN},
        {"\xC5sa och \xD6sten, 38 \xB0"
         "C",
         CN_ENC_MACROMAN},
    };
    for (size_t i = 0; i < sizeof misread / sizeof *misread; i++) {
        char csv[256];
        snprintf(csv, sizeof csv, "participant,date,text\nP01,2025-03-10,\"%s\"\n",
                 misread[i].text);
        refused_enc(f, "c.csv", csv, misread[i].wrong, "the file looks like");
    }
    /* a byte Windows-1252 leaves undefined names the Mac letter it is */
    refused_enc(f, "g.csv", "participant,date,text\nP01,2025-03-04,tr\x8Fs\n", CN_ENC_CP1252,
                "is not a Windows-1252 character ('\xC3\xA8' in Mac Roman: import it with "
                "--encoding macroman)");
    assert_int_equal(test_count(f->db, "entry"), 1);
    /* curly quotes and one symbol after a word are no evidence against a Windows file */
    const char *quotes = "participant,date,text\nP01,2025-03-09,l\x92\xE9"
                         "cole \x93oui\x94 "
                         "Carnet\x99\n";
    assert_int_equal(
        import_with(f, "q.csv", quotes, strlen(quotes), CN_SEP_AUTO, CN_ENC_CP1252, &res, &err), 0);
    entry_text(f, 2, text, sizeof text);
    assert_string_equal(text, "l’école “oui” Carnet™");
    /* trial 34: a Mac file whose every accent follows a ’ is valid UTF-8 ("J’é" is D5 8E,
     * "JՎ"): read unsaid it is refused as Mac Roman's, said macroman it imports, said utf-8
     * it is kept as it is */
    const char *glued = "participant,date,text\nP01,2025-03-12,\"J\xD5\x8Etais content, vu "
                        "l\xD5\x8E"
                        "ducateur\"\n";
    refused_enc(f, "j.csv", glued, CN_ENC_UTF8_UNSAID,
                "j.csv:2: '\xD5\x8E' right after a Latin letter is no word's: the file looks like "
                "Mac Roman");
    assert_int_equal(
        import_with(f, "j.csv", glued, strlen(glued), CN_SEP_AUTO, CN_ENC_MACROMAN, &res, &err), 0);
    entry_text(f, 3, text, sizeof text);
    assert_string_equal(text, "J’étais content, vu l’éducateur");
    /* the guilder's ƒ before a price, a tick's √ before an item: typed, in both encodings */
    static const struct {
        const char *text;
        cn_encoding own;
    } typed[] = {
        {"Het brood kostte vroeger \x83"
         "1,50.",
         CN_ENC_CP1252},
        {"Het brood kostte vroeger \xC4"
         "1,50.",
         CN_ENC_MACROMAN},
        {"\xC3pharmacie, \xC3"
         "courses",
         CN_ENC_MACROMAN},
    };
    for (size_t i = 0; i < sizeof typed / sizeof *typed; i++) {
        char csv[256];
        snprintf(csv, sizeof csv, "participant,date,text\nP01,2025-03-%02zu,\"%s\"\n", 20 + i,
                 typed[i].text);
        if (import_with(f, "t.csv", csv, strlen(csv), CN_SEP_AUTO, typed[i].own, &res, &err) < 0)
            fail_msg("%s", err.msg);
    }
    /* Dutch "één" from a Mac read as Windows-1252: ŽŽn, a capital after a letter */
    refused_enc(f, "n.csv", "participant,date,text\nP01,2025-03-25,\x83\x8En keer, \x8E\x8En\n",
                CN_ENC_CP1252, "the file looks like Mac Roman");
    /* symbols alone tell nothing sure: the advice names both encodings (trial 33: it sent a
     * Windows file of symbols to Mac Roman) */
    refused_str(f, "s.csv",
                "participant,date,text\nP01,2025-03-11,\"1\xAA fois, Carnet\x99, 12 \x80, "
                "\xA7 3, \xBD litre\"\n",
                "s.csv:2: text: invalid UTF-8 at byte 2: the file is not UTF-8: saved by Excel on "
                "Windows, import it with --encoding cp1252; on a Mac ('CSV (Macintosh)'), with "
                "--encoding macroman");
    /* the advice itself: sure one way, the other, or neither */
    char advice[160];
    assert_string_equal(cn_encoding_advice("journ\x8E"
                                           "e",
                                           7, advice, sizeof advice),
                        "the file looks like Mac Roman; import it with --encoding macroman");
    assert_string_equal(cn_encoding_advice("journ\xE9"
                                           "e",
                                           7, advice, sizeof advice),
                        "the file looks like Windows-1252; import it with --encoding cp1252");
    assert_non_null(strstr(cn_encoding_advice("", 0, advice, sizeof advice),
                           "on a Mac ('CSV (Macintosh)'), with --encoding macroman"));
}

/* JSON goes through the same reader: a byte order mark is skipped, --encoding converts. */
static void json_bom_and_encoding(void **state)
{
    fixture *f = *state;
    cn_import_result res;
    cn_error err = {0};
    ok(f, "p.csv", TWO_PARTICIPANTS, &res);
    ok(f, "b.json",
       "\xEF\xBB\xBF{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-02\", "
       "\"text\": \"avec BOM\"}]}",
       &res);
    assert_int_equal(res.entries_added, 1);
    const char *cp1252 = "{\"entries\": [{\"participant\": \"P01\", \"date\": \"2025-03-03\", "
                         "\"text\": \"d\xE9j\xE0 \x80\"}]}";
    refused_str(f, "w.json", cp1252, "w.json:1: invalid UTF-8: the file looks like");
    assert_int_equal(
        import_with(f, "w.json", cp1252, strlen(cp1252), CN_SEP_AUTO, CN_ENC_CP1252, &res, &err),
        0);
    char text[64];
    entry_text(f, 2, text, sizeof text);
    assert_string_equal(text, "déjà €");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(csv_participants_then_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(participant_imports_are_summarised, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_mac_roman, setup, teardown),
        cmocka_unit_test_setup_teardown(columns_may_come_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(dry_run_previews_and_keeps_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_errors_name_file_line_and_field, setup, teardown),
        cmocka_unit_test_setup_teardown(refusals_name_their_field, setup, teardown),
        cmocka_unit_test_setup_teardown(replacements_may_come_first, setup, teardown),
        cmocka_unit_test_setup_teardown(one_bad_row_at_the_end_keeps_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(every_refused_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_header_stops_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_rows_hide_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(huge_fields_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(json_imports_both_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(json_errors_name_the_path, setup, teardown),
        cmocka_unit_test_setup_teardown(json_refuses_nul_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(json_numbers_are_refused_out_of_range, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_unclosed_quote_stops_at_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_refuses_nul_in_any_field, setup, teardown),
        cmocka_unit_test_setup_teardown(entries_refuse_control_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_excel_bom_and_separators, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_excel_trailing_empty_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_cr_and_crlf_line_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_crlf_across_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_windows_1252, setup, teardown),
        cmocka_unit_test_setup_teardown(json_bom_and_encoding, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
