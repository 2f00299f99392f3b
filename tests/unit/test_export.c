/* test_export.c — the corpus export (star variables, filters, escaping read back by the
 * corpus reader) and the CSV/JSON exports re-imported unchanged. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/corpus.h"
#include "carnet/export.h"
#include "carnet/import.h"
#include "helpers.h"
#include "store_internal.h"

static const char participants_csv[] =
    "code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back\n"
    "P01,f,1990,2024-06-01,2025-01-31,Paris Nord,fr,handed_back,,2025-08-20\n"
    "P02,m,1960,2015-01-01,2025-02-10,Manchester,en,lost,,\n"
    "P03,x,2001,2023-01-01,2025-03-01,Montréal,fr,active,P02,\n";
static const char entries_csv[] =
    "participant,date,text\n"
    "P02,2025-02-11,\"Day one.\"\n"
    "P01,2025-03-31,\"Mois trois.\n**** pas un en-tête\n-* ni un thème\"\n"
    "P01,2025-01-31,Premier jour.\n"
    "P01,2025-02-28,Fin février.\n"
    "P03,2025-03-02,Bonjour.\n";

static cn_store *study(const char *dir)
{
    cn_store *store = test_new_store(dir, NULL);
    cn_error err = {0};
    cn_date today;
    cn_date_parse("2026-01-01", &today, &err);
    cn_import_options opt = {.today = today};
    cn_import_result res;
    char *p = test_write_file(dir, "p.csv", participants_csv, strlen(participants_csv));
    char *e = test_write_file(dir, "e.csv", entries_csv, strlen(entries_csv));
    if (cn_import_file(store, p, &opt, &res, &err) < 0 ||
        cn_import_file(store, e, &opt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);
    free(e);
    return store;
}

static cn_corpus *export_and_read(cn_store *store, const char *dir, const cn_corpus_options *opt)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    FILE *out = fopen(path, "w");
    cn_error err = {0};
    cn_export_written written;
    if (cn_export_corpus(store, opt, out, &written, &err) < 0)
        fail_msg("%s", err.msg);
    fclose(out);
    cn_corpus *c;
    if (cn_corpus_read(path, &c, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(c->ntexts, written.texts);
    return c;
}

static void corpus_has_cohort_variables_oldest_first(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = study(dir);
    cn_corpus_options opt = {0};
    cn_error err = {0};
    assert_int_equal(cn_export_default_vars(store, &opt, &err), 0);
    assert_int_equal(opt.nvars, 7); /* two languages: lang is added */
    cn_corpus *c = export_and_read(store, dir, &opt);
    assert_int_equal(c->ntexts, 5);
    const char *first[] = {"*part_P01",        "*sex_f",    "*age_35_44", "*care_lt1",
                           "*site_paris_nord", "*month_01", "*lang_fr"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(c->texts[0].stars[i], first[i]);
    assert_string_equal(c->texts[0].blocks[0].body, "Premier jour.");
    /* 2025-02-28 is in month 2 of a diary begun on 2025-01-31 (month ends clamp) */
    assert_string_equal(c->texts[1].stars[5], "*month_02");
    assert_string_equal(c->texts[2].stars[5], "*month_03");
    assert_string_equal(c->texts[2].blocks[0].body,
                        "Mois trois.\n**** pas un en-tête\n-* ni un thème");
    assert_string_equal(c->texts[3].stars[2], "*age_55p");
    assert_string_equal(c->texts[3].stars[3], "*care_gt3");
    assert_string_equal(c->texts[3].stars[6], "*lang_en");
    assert_string_equal(c->texts[4].stars[4], "*site_montreal");
    assert_string_equal(c->texts[4].stars[3], "*care_1to3");
    cn_corpus_free(c);
    cn_store_close(store);
    free(dir);
}

/* A study written before the collector read language codes may hold `fra` beside `fr`:
 * the export writes them as one language, and re-importing the record finds it present. */
static void stored_spellings_of_a_language_export_as_one(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = study(dir);
    assert_int_equal(sqlite3_exec(store->db,
                                  "UPDATE participant SET language = 'fra' WHERE code = 'P03'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char lang[CN_LANG_MAX];
    cn_error err = {0};
    assert_int_equal(cn_export_languages(store, lang, &err), 2); /* fr and en, not fra */
    cn_corpus_options opt = {.vars = {CN_VAR_PART, CN_VAR_LANG}, .nvars = 2};
    cn_corpus *c = export_and_read(store, dir, &opt);
    assert_int_equal(c->ntexts, 5);
    assert_string_equal(c->texts[4].stars[0], "*part_P03");
    assert_string_equal(c->texts[4].stars[1], "*lang_fr");
    cn_corpus_free(c);
    static const char again[] =
        "code,gender,birth_year,care_start,consent_date,site,language,status,replaces\n"
        "P03,x,2001,2023-01-01,2025-03-01,Montréal,fr,active,P02\n";
    char *path = test_write_file(dir, "again.csv", again, strlen(again));
    cn_import_options iopt = {0};
    cn_date_parse("2026-01-01", &iopt.today, &err);
    cn_import_result res;
    if (cn_import_file(store, path, &iopt, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res.participants_added, 0);
    assert_int_equal(res.participants_same, 1);
    free(path);
    cn_store_close(store);
    free(dir);
}

static void vars_and_where_select(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_store *store = study(dir);
    cn_corpus_options opt = {0};
    cn_error err = {0};
    assert_int_equal(cn_export_parse_vars("care,part", &opt, &err), 0);
    assert_int_equal(cn_export_parse_where("care=lt1,gt3", &opt, &err), 0);
    assert_int_equal(cn_export_parse_where("month=01", &opt, &err), 0);
    cn_corpus *c = export_and_read(store, dir, &opt);
    assert_int_equal(c->ntexts, 2); /* P01's and P02's first-month entries */
    assert_int_equal(c->texts[0].nstars, 2);
    assert_string_equal(c->texts[0].stars[0], "*care_lt1");
    assert_string_equal(c->texts[1].stars[1], "*part_P02");
    cn_corpus_free(c);

    assert_int_equal(cn_export_parse_vars("care,colour", &opt, &err), -1);
    assert_non_null(strstr(err.msg, "unknown variable 'colour'"));
    assert_int_equal(cn_export_parse_vars("care,care", &opt, &err), -1);
    assert_int_equal(cn_export_parse_where("care", &opt, &err), CN_EINVALID);
    int conditions = opt.where.n;
    assert_true(cn_export_parse_where("mood=good", &opt, &err) < 0);
    assert_non_null(strstr(err.msg, "unknown variable 'mood'"));
    assert_int_equal(opt.where.n, conditions); /* nothing kept of a refused condition */
    /* blanks around the pieces are typing, as carnet-analyse reads them (trial 53) */
    assert_int_equal(cn_export_parse_vars("care, part ", &opt, &err), 0);
    assert_int_equal(opt.nvars, 2);
    cn_corpus_options blank = {0};
    assert_int_equal(cn_export_parse_where("site = lyon , paris", &blank, &err), 0);
    assert_string_equal(blank.where.conds[0].var, "site");
    assert_string_equal(blank.where.conds[0].values[1], "paris");
    cn_store_close(store);
    free(dir);
}

static char *export_to_file(cn_store *store, const char *dir, const char *name, int entries,
                            cn_table_format format)
{
    char *path = malloc(4200);
    snprintf(path, 4200, "%s/%s", dir, name);
    FILE *out = fopen(path, "w");
    cn_error err = {0};
    int rc = entries ? cn_export_entries(store, format, out, NULL, &err)
                     : cn_export_participants(store, format, out, &err);
    if (rc < 0)
        fail_msg("%s", err.msg);
    fclose(out);
    return path;
}

static void exports_import_back_unchanged(void **state)
{
    (void)state;
    cn_table_format formats[] = {CN_TABLE_CSV, CN_TABLE_JSON};
    const char *ext[] = {"csv", "json"};
    for (int k = 0; k < 2; k++) {
        char *dir = test_tempdir();
        cn_store *store = study(dir);
        char pname[32], ename[32];
        snprintf(pname, sizeof pname, "people.%s", ext[k]);
        snprintf(ename, sizeof ename, "diary.%s", ext[k]);
        char *p = export_to_file(store, dir, pname, 0, formats[k]);
        char *e = export_to_file(store, dir, ename, 1, formats[k]);
        /* into a fresh study: everything arrives */
        char *dir2 = test_tempdir();
        char *db2;
        cn_store *copy = test_new_store(dir2, &db2);
        cn_error err = {0};
        cn_date today;
        cn_date_parse("2026-01-01", &today, &err);
        cn_import_options opt = {.today = today};
        cn_import_result res;
        if (cn_import_file(copy, p, &opt, &res, &err) < 0)
            fail_msg("%s", err.msg);
        assert_int_equal(res.participants_added, 3);
        if (cn_import_file(copy, e, &opt, &res, &err) < 0)
            fail_msg("%s", err.msg);
        assert_int_equal(res.entries_added, 5);
        /* and back into the original study: all of it is already there */
        assert_int_equal(cn_import_file(store, p, &opt, &res, &err), 0);
        assert_int_equal(res.participants_same, 3);
        assert_int_equal(cn_import_file(store, e, &opt, &res, &err), 0);
        assert_int_equal(res.entries_duplicate, 5);
        /* the JSON, written entry by entry, is the document cJSON prints whole: parsed and
         * printed again, the same bytes */
        if (formats[k] == CN_TABLE_JSON) {
            FILE *in = fopen(e, "r");
            assert_non_null(in);
            static char text[1 << 16];
            size_t n = fread(text, 1, sizeof text - 1, in);
            fclose(in);
            text[n] = '\0';
            cJSON *doc = cJSON_Parse(text);
            assert_non_null(doc);
            char *again = cJSON_Print(doc);
            assert_non_null(again);
            assert_true(n == strlen(again) + 1 && text[n - 1] == '\n');
            assert_memory_equal(again, text, n - 1);
            free(again);
            cJSON_Delete(doc);
        }
        /* the re-exported corpus of the copy is byte-identical */
        char *e2 = export_to_file(copy, dir2, ename, 1, formats[k]);
        char cmd[9000];
        snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", e, e2);
        assert_int_equal(system(cmd), 0);
        cn_store_close(copy);
        cn_store_close(store);
        free(p);
        free(e);
        free(e2);
        free(db2);
        free(dir);
        free(dir2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_has_cohort_variables_oldest_first),
        cmocka_unit_test(stored_spellings_of_a_language_export_as_one),
        cmocka_unit_test(vars_and_where_select),
        cmocka_unit_test(exports_import_back_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
