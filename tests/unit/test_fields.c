/* test_fields.c — the participant field table, the status rule and the transactions the
 * library's write functions own (issue 7, defect 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/participant.h"
#include "helpers.h"

/* A complete participant as text, every field given. */
static void full_values(const char *values[CN_PF_COUNT])
{
    values[CN_PF_CODE] = "P07";
    values[CN_PF_GENDER] = "x";
    values[CN_PF_BIRTH_YEAR] = "1966";
    values[CN_PF_CARE_START] = "2019-11-30";
    values[CN_PF_CONSENT] = "2025-02-14";
    values[CN_PF_SITE] = "Saint-Étienne";
    values[CN_PF_LANG] = "fr";
    values[CN_PF_STATUS] = "withdrawn";
    values[CN_PF_REPLACES] = "P02";
    values[CN_PF_HANDED_BACK] = "2025-06-30";
}

static void table_gives_the_import_header(void **state)
{
    (void)state;
    char header[256];
    assert_string_equal(cn_field_header(false, header, sizeof header),
                        "code,gender,birth_year,care_start,consent_date,site,language,status,"
                        "replaces,handed_back");
    assert_string_equal(cn_field_header(true, header, sizeof header), "participant,date,text");
    /* every field but the code has its option; only the first five are required */
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const cn_field *f = &cn_participant_fields[i];
        assert_true(i == CN_PF_CODE ? f->option == NULL : strncmp(f->option, "--", 2) == 0);
        assert_int_equal(f->required, i <= CN_PF_CONSENT);
    }
}

static void write_then_read_gives_the_same_record(void **state)
{
    (void)state;
    const char *values[CN_PF_COUNT];
    full_values(values);
    cn_error err = {0};
    cn_participant p, back;
    assert_int_equal(cn_field_read_participant(values, true, &p, &err), 0);
    assert_int_equal(p.gender, 'x');
    assert_int_equal(p.status, CN_STATUS_WITHDRAWN);
    char text[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
    cn_field_write_participant(&p, text);
    for (int i = 0; i < CN_PF_COUNT; i++) {
        assert_string_equal(text[i], values[i]);
        values[i] = text[i];
    }
    assert_int_equal(cn_field_read_participant(values, true, &back, &err), 0);
    assert_true(cn_participant_same(&p, &back));
}

static void gender_is_one_letter_in_either_case(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        char stored; /* 0: refused */
    } cases[] = {{"f", 'f'},    {"F", 'f'}, {"m", 'm'}, {"M", 'm'}, {"X", 'x'},
                 {"female", 0}, {"q", 0},   {"", 0},    {"ff", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *values[CN_PF_COUNT];
        full_values(values);
        values[CN_PF_GENDER] = cases[i].text;
        cn_participant p;
        cn_error err = {0};
        int rc = cn_field_read_participant(values, true, &p, &err);
        if (cases[i].stored) {
            assert_int_equal(rc, 0);
            assert_int_equal(p.gender, cases[i].stored);
        } else {
            assert_int_equal(rc, CN_EINVALID);
            assert_ptr_equal(strstr(err.msg, "gender: "), err.msg);
        }
    }
}

/* One language is one spelling in the database, so one cohort of the export: `por`, `PT`
 * and `pt-BR` are all `pt`; an unknown 3-letter code could be a second spelling of a
 * 2-letter one, and is refused. */
static void language_is_stored_as_its_iso_639_1_code(void **state)
{
    (void)state;
    static const struct {
        const char *text, *stored; /* NULL: refused */
    } cases[] = {{"pt", "pt"},   {"por", "pt"},   {"PT", "pt"},      {"pt-BR", "pt"},
                 {"ptbr", "pt"}, {"fre", "fr"},   {"French", "fr"},  {"en_GB", "en"},
                 {"pl", "pl"},   {"PL", "pl"},    {"", ""},          {"pol", NULL},
                 {"p", NULL},    {"pt br", NULL}, {"klingon", NULL}, {"été", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *values[CN_PF_COUNT];
        full_values(values);
        values[CN_PF_LANG] = cases[i].text;
        cn_participant p;
        cn_error err = {0};
        int rc = cn_field_read_participant(values, true, &p, &err);
        if (cases[i].stored) {
            if (rc != 0)
                fail_msg("'%s': %s", cases[i].text, err.msg);
            assert_string_equal(p.lang, cases[i].stored);
        } else {
            if (rc >= 0)
                fail_msg("'%s' was stored as '%s'", cases[i].text, p.lang);
            assert_ptr_equal(strstr(err.msg, "language: "), err.msg);
            assert_non_null(strstr(err.msg, "is not an ISO 639-1 code"));
        }
    }
}

static void a_new_record_needs_the_required_fields(void **state)
{
    (void)state;
    const char *values[CN_PF_COUNT];
    full_values(values);
    values[CN_PF_CONSENT] = "";
    cn_participant p;
    cn_error err = {0};
    assert_int_equal(cn_field_read_participant(values, true, &p, &err), CN_EINVALID);
    assert_string_equal(err.msg, "consent_date: missing");
    /* every fault of a record is named, in the fields' order, the first one's field kept */
    full_values(values);
    values[CN_PF_GENDER] = "q";
    values[CN_PF_BIRTH_YEAR] = "19x0";
    values[CN_PF_CONSENT] = "";
    assert_int_equal(cn_field_read_participant(values, true, &p, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "gender: 'q'"));
    assert_non_null(strstr(err.msg, "; birth_year: '19x0'"));
    assert_non_null(strstr(err.msg, "; consent_date: missing"));
    assert_ptr_equal(strstr(err.msg, "gender: "), err.msg);
    /* an update keeps what is not given, and an empty optional field clears it */
    full_values(values);
    assert_int_equal(cn_field_read_participant(values, true, &p, &err), 0);
    const char *change[CN_PF_COUNT] = {[CN_PF_SITE] = "", [CN_PF_BIRTH_YEAR] = "1970"};
    assert_int_equal(cn_field_read_participant(change, false, &p, &err), 0);
    assert_string_equal(p.site, "");
    assert_int_equal(p.birth_year, 1970);
    assert_string_equal(p.code, "P07");
    /* spaces around a year are no part of it, after it as before it (trial 77: "1990 "
     * was refused, " 1990" taken); spaces alone, or inside, are no year */
    const char *years[][2] = {{" 1971", "1971"}, {"1972 ", "1972"}, {"\t1973\t", "1973"}};
    for (size_t i = 0; i < sizeof years / sizeof *years; i++) {
        const char *one[CN_PF_COUNT] = {[CN_PF_BIRTH_YEAR] = years[i][0]};
        assert_int_equal(cn_field_read_participant(one, false, &p, &err), 0);
        assert_int_equal(p.birth_year, atoi(years[i][1]));
    }
    /* and around a date (a quoted CSV cell, a JSON string, a form: trial 82) */
    const char *spaced[CN_PF_COUNT] = {
        [CN_PF_CONSENT] = " 2025-03-01\t", [CN_PF_HANDED_BACK] = "2025-04-01 "};
    assert_int_equal(cn_field_read_participant(spaced, false, &p, &err), 0);
    assert_int_equal(p.consent, test_date("2025-03-01"));
    assert_true(p.has_handed_back);
    assert_int_equal(p.handed_back, test_date("2025-04-01"));
    const char *not_years[] = {" ", "19 74", "1975 x"};
    for (size_t i = 0; i < sizeof not_years / sizeof *not_years; i++) {
        const char *one[CN_PF_COUNT] = {[CN_PF_BIRTH_YEAR] = not_years[i]};
        assert_int_equal(cn_field_read_participant(one, false, &p, &err), CN_EINVALID);
        assert_non_null(strstr(err.msg, "is not a year"));
    }
}

static void hand_back_date_sets_the_status(void **state)
{
    (void)state;
    static const struct {
        const char *status, *handed_back;
        int rc;
        cn_status result;
    } cases[] = {
        {"", "2025-06-30", 0, CN_STATUS_HANDED_BACK},
        {NULL, "2025-06-30", 0, CN_STATUS_HANDED_BACK},
        {"handed_back", "2025-06-30", 0, CN_STATUS_HANDED_BACK},
        {"lost", "2025-06-30", 0, CN_STATUS_LOST},
        {"withdrawn", "2025-06-30", 0, CN_STATUS_WITHDRAWN},
        {"active", "2025-06-30", CN_EINVALID, CN_STATUS_ACTIVE},
        {"", "", 0, CN_STATUS_ACTIVE},
        {"handed_back", "", CN_EINVALID, CN_STATUS_HANDED_BACK}, /* the day is needed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *values[CN_PF_COUNT];
        full_values(values);
        values[CN_PF_STATUS] = cases[i].status;
        values[CN_PF_HANDED_BACK] = cases[i].handed_back;
        cn_participant p;
        cn_error err = {0};
        assert_int_equal(cn_field_read_participant(values, true, &p, &err), cases[i].rc);
        if (cases[i].rc == 0)
            assert_int_equal(p.status, cases[i].result);
        else if (cases[i].handed_back[0])
            assert_non_null(strstr(err.msg, "active contradicts handed_back 2025-06-30"));
        else
            assert_non_null(strstr(err.msg, "handed_back needs the day the diary came back"));
    }
    /* the record itself: an unstated active status follows the date, a stated one is refused,
     * and a record that reaches the store as active with a date is refused there too */
    cn_participant p = {.status = CN_STATUS_ACTIVE, .has_handed_back = true};
    cn_error err = {0};
    assert_int_equal(cn_participant_status_rule(&p, true, false, &err), CN_EINVALID);
    assert_int_equal(cn_participant_status_rule(&p, false, false, &err), 0);
    assert_int_equal(p.status, CN_STATUS_HANDED_BACK);
    /* its day cleared, unstated, the hand-back is undone; a lost diary stays lost, and a
     * stated handed_back still needs its day */
    p.has_handed_back = false;
    assert_int_equal(cn_participant_status_rule(&p, false, true, &err), 0);
    assert_int_equal(p.status, CN_STATUS_ACTIVE);
    p.status = CN_STATUS_LOST;
    assert_int_equal(cn_participant_status_rule(&p, false, true, &err), 0);
    assert_int_equal(p.status, CN_STATUS_LOST);
    p.status = CN_STATUS_HANDED_BACK;
    assert_int_equal(cn_participant_status_rule(&p, true, true, &err), CN_EINVALID);
}

static cn_participant stored_person(const char *code)
{
    const char *values[CN_PF_COUNT] = {[CN_PF_CODE] = code,
                                       [CN_PF_GENDER] = "f",
                                       [CN_PF_BIRTH_YEAR] = "1985",
                                       [CN_PF_CARE_START] = "2023-05-01",
                                       [CN_PF_CONSENT] = "2025-03-01"};
    cn_participant p;
    cn_error err = {0};
    assert_int_equal(cn_field_read_participant(values, true, &p, &err), 0);
    return p;
}

static void set_text_applies_the_rule_to_the_stored_record(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_date today = test_date("2026-01-01");
    cn_error err = {0};
    cn_participant p = stored_person("P01"), got;
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    const char *back[CN_PF_COUNT] = {[CN_PF_HANDED_BACK] = "2025-09-01"};
    assert_int_equal(cn_participant_set_text(store, "P01", back, today, &got, &err), 0);
    assert_int_equal(got.status, CN_STATUS_HANDED_BACK);
    const char *active[CN_PF_COUNT] = {[CN_PF_STATUS] = "active"};
    assert_int_equal(cn_participant_set_text(store, "P01", active, today, &got, &err), -1);
    assert_non_null(strstr(err.msg, "active contradicts handed_back 2025-09-01"));
    const char *reopen[CN_PF_COUNT] = {[CN_PF_STATUS] = "active", [CN_PF_HANDED_BACK] = ""};
    assert_int_equal(cn_participant_set_text(store, "P01", reopen, today, &got, &err), 0);
    assert_int_equal(got.status, CN_STATUS_ACTIVE);
    assert_false(got.has_handed_back);
    assert_int_equal(cn_participant_set_text(store, "P99", back, today, &got, &err), -1);
    assert_string_equal(err.msg, "unknown participant 'P99'");
    cn_store_close(store);
    free(path);
    free(dir);
}

/* A change made from the record as read earlier is refused when a field it writes or rests
 * on was changed since, or when it does not say what that field was: nothing written, and the
 * record as stored now given back (trial 60: a form opened before a hand-back undid it). */
static void a_change_based_on_a_record_changed_since_is_a_conflict(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_date today = test_date("2026-01-01");
    cn_error err = {0};
    cn_participant p = stored_person("P01"), got;
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    char read[CN_PF_COUNT][CN_FIELD_TEXT_MAX]; /* the record as a form read it */
    cn_field_write_participant(&p, read);
    const char *base[CN_PF_COUNT];
    for (int i = 0; i < CN_PF_COUNT; i++)
        base[i] = read[i];
    assert_int_equal(cn_participant_stale(&p, base, base), 0u);
    /* meanwhile, the hand-back on the command line */
    const char *back[CN_PF_COUNT] = {[CN_PF_HANDED_BACK] = "2025-09-01"};
    assert_int_equal(cn_participant_set_text(store, "P01", back, today, &got, &err), 0);
    const char *form[CN_PF_COUNT];
    for (int i = 0; i < CN_PF_COUNT; i++)
        form[i] = read[i];
    form[CN_PF_BIRTH_YEAR] = "1981";
    assert_int_equal(cn_participant_stale(&got, base, form),
                     1u << CN_PF_STATUS | 1u << CN_PF_HANDED_BACK);
    assert_int_equal(cn_participant_set_based(store, "P01", base, form, today, &got, &err),
                     CN_ECONFLICT);
    assert_int_equal(err.code, CN_ECONFLICT);
    assert_string_equal(err.msg, "participant P01 was changed meanwhile (status, handed_back: not"
                                 " the values this change was based on): nothing stored");
    assert_int_equal(got.status, CN_STATUS_HANDED_BACK); /* as stored now */
    assert_int_equal(cn_participant_get(store, "P01", &got, &err), 1);
    assert_int_equal(got.birth_year, p.birth_year);
    assert_true(got.has_handed_back);
    /* a field written without its value as read: it may have changed, refused as well */
    const char *site[CN_PF_COUNT] = {[CN_PF_SITE] = "Lyon"}, *none[CN_PF_COUNT] = {0};
    assert_int_equal(cn_participant_set_based(store, "P01", none, site, today, &got, &err),
                     CN_ECONFLICT);
    assert_non_null(strstr(err.msg, "(site: "));
    /* based on the record as stored now, the change is made; fields it neither writes nor
     * rests on may have changed (the hand-back form reads the status and date only) */
    cn_field_write_participant(&got, read);
    const char *bday[CN_PF_COUNT] = {[CN_PF_BIRTH_YEAR] = "1981"};
    const char *bday_base[CN_PF_COUNT] = {[CN_PF_BIRTH_YEAR] = read[CN_PF_BIRTH_YEAR]};
    assert_int_equal(cn_participant_set_text(store, "P01", site, today, &got, &err), 0);
    assert_int_equal(cn_participant_set_based(store, "P01", bday_base, bday, today, &got, &err), 0);
    assert_int_equal(got.birth_year, 1981);
    assert_string_equal(got.site, "Lyon");
    assert_true(got.has_handed_back);
    cn_store_close(store);
    free(path);
    free(dir);
}

static void writes_own_their_transactions(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *path;
    cn_store *store = test_new_store(dir, &path);
    cn_date today = test_date("2026-01-01");
    cn_error err = {0};
    /* alone, a write commits: another connection sees it at once */
    cn_participant p = stored_person("P01");
    assert_int_equal(cn_participant_add(store, &p, today, &err), 0);
    assert_int_equal(test_count(path, "participant"), 1);
    int64_t id = 0;
    assert_int_equal(
        cn_entry_add(store, today, "typed", "P01", "2025-03-02", "Un jour.", 8, &id, &err), 0);
    assert_int_equal(test_count(path, "entry"), 1);
    assert_int_equal(
        cn_entry_add(store, today, "typed", "P01", "2025-03-02", "Un jour.", 8, &id, &err), 1);
    assert_int_equal(cn_entry_set_text(store, id, "Un autre jour.", 14, &err), 0);
    assert_int_equal(cn_entry_set_text(store, id + 1, "x", 1, &err), -1);

    /* inside the caller's transaction, a refused write undoes only itself, and the caller's
     * rollback undoes the writes that succeeded */
    assert_int_equal(cn_store_begin(store, &err), 0);
    cn_participant q = stored_person("P02");
    assert_int_equal(cn_participant_add(store, &q, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &q, today, &err), -1);
    cn_participant r = stored_person("P03");
    assert_int_equal(cn_participant_add(store, &r, today, &err), 0);
    cn_store_rollback(store);
    assert_int_equal(cn_participant_get(store, "P02", &q, &err), 0);
    assert_int_equal(cn_participant_get(store, "P03", &r, &err), 0);

    assert_int_equal(cn_store_begin(store, &err), 0);
    q = stored_person("P02");
    assert_int_equal(cn_participant_add(store, &q, today, &err), 0);
    assert_int_equal(cn_participant_add(store, &q, today, &err), -1);
    assert_int_equal(cn_store_commit(store, &err), 0);
    assert_int_equal(test_count(path, "participant"), 2);
    /* and no transaction is left open after all this */
    assert_int_equal(cn_store_commit(store, &err), -1);
    cn_store_close(store);
    free(path);
    free(dir);
}

/* Pseudonymity: a code or a site holding a phone or identity number, or an e-mail
 * address, is found and said why, never refused (participant.h). */
static void values_that_may_identify_are_found(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        cn_identifying why;
    } cases[] = {
        {"0612345678", CN_IDENT_NUMBER},    /* a phone number */
        {"1850123456789", CN_IDENT_NUMBER}, /* a social-security-style number */
        {"P1234567", CN_IDENT_NUMBER},      /* seven digits in a row */
        {"Dr Martin cabinet 0145678901", CN_IDENT_NUMBER},
        {"Cabinet 01 45 67 89 01", CN_IDENT_NUMBER}, /* across single spaces */
        {"tel. 01.45.67.89.01", CN_IDENT_NUMBER},
        {"born 1988-03-14", CN_IDENT_NUMBER}, /* a date of birth */
        {"jean.dupont@gmail.com", CN_IDENT_EMAIL},
        {"Lyon (martin@chu-lyon.fr)", CN_IDENT_EMAIL},
        {"chez @martin", CN_IDENT_AT},
        {"a@b", CN_IDENT_AT},
        {"P01", CN_IDENT_NONE},
        {"P123456", CN_IDENT_NONE}, /* six digits: a study's own numbering */
        {"Paris Nord 2", CN_IDENT_NONE},
        {"Lyon 12 34 56", CN_IDENT_NONE}, /* six digits, even joined */
        {"12  34567", CN_IDENT_NONE},     /* two spaces part two numbers */
        {"", CN_IDENT_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (cn_identifying_value(cases[i].value) != cases[i].why)
            fail_msg("'%s': %d, expected %d", cases[i].value,
                     (int)cn_identifying_value(cases[i].value), (int)cases[i].why);

    cn_participant p = {.code = "0612345678", .site = "Dr Martin 0145678901"};
    char text[CN_IDENTIFYING_TEXT_MAX];
    assert_int_equal(cn_participant_identifies(&p, text, sizeof text), 2);
    assert_string_equal(text, "participant code 0612345678 looks like a phone or identity "
                              "number: codes must not identify (participant recode 0612345678 "
                              "NEW --forget corrects it)\nsite 'Dr Martin 0145678901' of "
                              "participant 0612345678 looks like a phone or identity number: a "
                              "site names a place of care, not a person");
    cn_participant q = {.code = "P01", .site = "Lyon"};
    assert_int_equal(cn_participant_identifies(&q, text, sizeof text), 0);
    assert_string_equal(text, "");
    char small[20]; /* cut where it must, never overrun */
    assert_int_equal(cn_participant_identifies(&p, small, sizeof small), 1);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* In a diary's text (trial 83): phone numbers and e-mail addresses, not the dates, doses,
 * times and amounts diaries are full of. */
static void diary_text_that_may_identify_is_found(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        cn_identifying why;
        size_t at;
    } cases[] = {
        {"Call me on 07700 900123 tomorrow", CN_IDENT_NUMBER, 11},
        {"tel : 06 12 34 56 78, merci", CN_IDENT_NUMBER, 6},
        {"+33 6.12.34.56.78", CN_IDENT_NUMBER, 1},
        {"555-123-4567", CN_IDENT_NUMBER, 0},
        {"write to jo.smith@yahoo.co.uk, I live", CN_IDENT_EMAIL, 9},
        {"line one\nnadia.b@orange.fr", CN_IDENT_EMAIL, 9},
        {"le 12/03/2025 j'ai pris 2.5 mg, 20 000 euros, de 12.30 a 13.45", CN_IDENT_NONE, 0},
        {"rendez-vous le 14.02.2025 a 10h", CN_IDENT_NONE, 0},
        {"2025-04-20 10h30, 14.02.2025 10 15, 1-2-2025 11 12", CN_IDENT_NONE, 0},
        {"2025-04-20 0612345678", CN_IDENT_NUMBER, 11},
        /* trial 85: missed, then false alarms */
        {"écris à marie.durand@gmail.com.", CN_IDENT_EMAIL, 10}, /* bytes */
        {"MARIE@GMAIL.COM!", CN_IDENT_EMAIL, 0},
        {"tel 06\xC2\xA0"
         "12\xC2\xA0"
         "34\xC2\xA0"
         "56\xC2\xA0"
         "78",
         CN_IDENT_NUMBER, 4},
        {"06  12 34 56 78", CN_IDENT_NUMBER, 0},
        {"ring (0161) 496 0000", CN_IDENT_NUMBER, 6},
        {"palier 60-55-50-45-40 mg", CN_IDENT_NONE, 0},
        {"Jour 2 2025-03-02, Semaine 3 12.03.2025", CN_IDENT_NONE, 0},
        {"Années 2019 2020 2021 et 1998 1999", CN_IDENT_NONE, 0},
        {"1 000 000 000 euros", CN_IDENT_NONE, 0},
        /* trial 86: four digits inside a number; lists, tapers, times, short-year dates */
        {"Call me on (555) 201-2019 please", CN_IDENT_NUMBER, 12},
        {"Handy 0151 2034 5678", CN_IDENT_NUMBER, 6},
        {"Palier 60 - 55 - 50 - 45 - 40, puis 60-55-50-45-40.", CN_IDENT_NONE, 0},
        {"Réveil 7.00 12.00 19.00 prises", CN_IDENT_NONE, 0},
        {"Scores 7 8 6 5 7 8 9 6 7 et pages 12 13 14 15 16", CN_IDENT_NONE, 0},
        {"Mo 12.03.25 10.30 Uhr", CN_IDENT_NONE, 0},
        {"+33 6 12 34 56 78", CN_IDENT_NUMBER, 1},
        /* trial 87: a slash in a number; months of years, times and scores opening with 0 */
        {"Handynummer 0151/23456789, ruf an", CN_IDENT_NUMBER, 12},
        {"Chiamami al 339/1234567 stasera", CN_IDENT_NUMBER, 12},
        {"le 12/03/2025 et 7/10 8/10 6/10 9/10 5/10", CN_IDENT_NONE, 0},
        {"Arbeitslos von 03.2019 - 11.2020, 09.2019-03.2021", CN_IDENT_NONE, 0},
        {"Einnahme 08.00 14.00 20.00, Sprechstunde 08.30-12.00 14.00-17.30", CN_IDENT_NONE, 0},
        {"Craving 0 2 3 5 4 2 1 0 3, Nuits 05.30 06.00 04.45 07.15", CN_IDENT_NONE, 0},
        {"01-23-45-67-89", CN_IDENT_NUMBER, 0},
        {"appelle le 06.12.34.56.78", CN_IDENT_NUMBER, 11},
        {"je suis @ la maison, a@b", CN_IDENT_NONE, 0},
        {"", CN_IDENT_NONE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t at = 0;
        cn_identifying why = cn_identifying_in_text(cases[i].text, &at);
        if (why != cases[i].why || (why != CN_IDENT_NONE && at != cases[i].at))
            fail_msg("'%s': %d at %zu, expected %d at %zu", cases[i].text, (int)why, at,
                     (int)cases[i].why, cases[i].at);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_gives_the_import_header),
        cmocka_unit_test(write_then_read_gives_the_same_record),
        cmocka_unit_test(gender_is_one_letter_in_either_case),
        cmocka_unit_test(language_is_stored_as_its_iso_639_1_code),
        cmocka_unit_test(a_new_record_needs_the_required_fields),
        cmocka_unit_test(hand_back_date_sets_the_status),
        cmocka_unit_test(set_text_applies_the_rule_to_the_stored_record),
        cmocka_unit_test(a_change_based_on_a_record_changed_since_is_a_conflict),
        cmocka_unit_test(writes_own_their_transactions),
        cmocka_unit_test(values_that_may_identify_are_found),
        cmocka_unit_test(diary_text_that_may_identify_is_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
