/* test_date.c — calendar arithmetic: parsing, impossible dates, month ends, diary months. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#include "carnet/date.h"

static void parses_and_formats_round_trip(void **state)
{
    (void)state;
    const char *dates[] = {"1970-01-01", "2000-02-29", "2024-12-31", "2025-03-01", "2199-12-31"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        char out[CN_DATE_TEXT];
        cn_date_format(test_date(dates[i]), out);
        assert_string_equal(out, dates[i]);
    }
    assert_int_equal(test_date("1970-01-01"), 0);
    assert_int_equal(test_date("2025-03-01") - test_date("2025-02-28"), 1);
    assert_int_equal(test_date("2024-03-01") - test_date("2024-02-28"), 2);
}

static void refuses_impossible_dates(void **state)
{
    (void)state;
    const char *bad[] = {"2025-02-29", "2025-02-30",  "2025-04-31", "2025-13-01", "2025-00-10",
                         "2025-01-00", "1900-02-29",  "25-01-01",   "2025/01/01", "2025-1-1",
                         "",           "2025-01-01x", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cn_date out;
        cn_error err = {0};
        assert_int_equal(cn_date_parse(bad[i], &out, &err), CN_EINVALID);
        assert_true(strlen(err.msg) > 0);
    }
    cn_date out;
    cn_error err = {0};
    cn_date_parse("2025-02-30", &out, &err);
    assert_non_null(strstr(err.msg, "impossible date"));
    /* a spreadsheet's day and month, in either order: what to do is said */
    const char *sheet[] = {"02/07/2025",          "2.7.25",           "2-7-2025", "12/31/2025",
                           "2025-07-02 00:00:00", "2025-07-02T08:00", "45840"};
    for (size_t i = 0; i < sizeof sheet / sizeof *sheet; i++) {
        assert_int_equal(cn_date_parse(sheet[i], &out, &err), CN_EINVALID);
        assert_non_null(strstr(err.msg, "format the column as YYYY-MM-DD before saving"));
    }
    /* spaces around a date are refused, said as such (trial 77: " 2025-07-02 " was "a date
     * with a time"), not taken: a date accepted is the text stored (trial 81) */
    const char *spaced[] = {" 2025-07-02", "2025-07-02 ", "\t2025-07-02\t "};
    for (size_t i = 0; i < sizeof spaced / sizeof *spaced; i++) {
        assert_int_equal(cn_date_parse(spaced[i], &out, &err), CN_EINVALID);
        assert_non_null(strstr(err.msg, "(spaces around it: give the date alone)"));
    }
    assert_int_equal(cn_date_parse("2025-07-02 08:00", &out, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "(a date with a time: give the date alone; in a spreadsheet"));
    assert_int_equal(cn_date_parse("02/07/2025", &out, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "give the year first, YYYY-MM-DD"));
    const char *other[] = {"2 juillet 2025", "2025/01/01", "2/7/2025/1", "2/7-2025", "/7/2025"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        assert_int_equal(cn_date_parse(other[i], &out, &err), CN_EINVALID);
        assert_null(strstr(err.msg, "spreadsheet"));
    }
}

static void adds_months_clamping_to_month_end(void **state)
{
    (void)state;
    char out[CN_DATE_TEXT];
    cn_date_format(cn_date_add_months(test_date("2025-01-31"), 1), out);
    assert_string_equal(out, "2025-02-28");
    cn_date_format(cn_date_add_months(test_date("2024-01-31"), 1), out);
    assert_string_equal(out, "2024-02-29");
    cn_date_format(cn_date_add_months(test_date("2025-08-31"), 6), out);
    assert_string_equal(out, "2026-02-28");
    cn_date_format(cn_date_add_months(test_date("2025-03-15"), 6), out);
    assert_string_equal(out, "2025-09-15");
    cn_date_format(cn_date_add_months(test_date("2025-11-30"), 3), out);
    assert_string_equal(out, "2026-02-28");
}

static void counts_diary_months_from_one(void **state)
{
    (void)state;
    cn_date start = test_date("2025-01-31");
    assert_int_equal(cn_date_diary_month(start, test_date("2025-01-30")), 0);
    assert_int_equal(cn_date_diary_month(start, start), 1);
    assert_int_equal(cn_date_diary_month(start, test_date("2025-02-27")), 1);
    assert_int_equal(cn_date_diary_month(start, test_date("2025-02-28")),
                     2); /* clamped month end */
    assert_int_equal(cn_date_diary_month(start, test_date("2025-03-30")), 2);
    assert_int_equal(cn_date_diary_month(start, test_date("2025-03-31")), 3);
    assert_int_equal(cn_date_diary_month(test_date("2025-03-10"), test_date("2025-09-09")), 6);
    assert_int_equal(cn_date_diary_month(test_date("2025-03-10"), test_date("2025-09-10")), 7);
}

static void today_override_is_parsed(void **state)
{
    (void)state;
    cn_date out;
    cn_error err = {0};
    assert_int_equal(cn_date_today("2025-06-01", &out, &err), 0);
    assert_int_equal(out, test_date("2025-06-01"));
    assert_int_equal(cn_date_today("2025-06-31", &out, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "CARNET_TODAY"));
    assert_int_equal(cn_date_today(NULL, &out, &err), 0);
    assert_true(out > test_date("2020-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_and_formats_round_trip),
        cmocka_unit_test(refuses_impossible_dates),
        cmocka_unit_test(adds_months_clamping_to_month_end),
        cmocka_unit_test(counts_diary_months_from_one),
        cmocka_unit_test(today_override_is_parsed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
