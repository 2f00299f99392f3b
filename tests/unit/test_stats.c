/* test_stats.c — protocol statistics on hand-computed cases: quartiles (R type 7) with odd
 * and even counts and ties, one-day diaries, lost and late participants, cohort bands. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#include "carnet/cohort.h"
#include "carnet/stats.h"

#define EPS 1e-9

static void quantiles_follow_r_type_7(void **state)
{
    (void)state;
    double even[] = {4, 1, 3, 2};
    cn_summary s;
    cn_stats_summarise(even, 4, &s);
    assert_float_equal(s.q1, 1.75, EPS);
    assert_float_equal(s.median, 2.5, EPS); /* even count: mean of the two middle values */
    assert_float_equal(s.q3, 3.25, EPS);
    double odd[] = {9, 1, 5, 3, 7};
    cn_stats_summarise(odd, 5, &s);
    assert_float_equal(s.q1, 3, EPS);
    assert_float_equal(s.median, 5, EPS);
    assert_float_equal(s.q3, 7, EPS);
    double ties[] = {2, 5, 2, 2};
    cn_stats_summarise(ties, 4, &s);
    assert_float_equal(s.q1, 2, EPS);
    assert_float_equal(s.median, 2, EPS);
    assert_float_equal(s.q3, 2.75, EPS);
    double one[] = {7};
    cn_stats_summarise(one, 1, &s);
    assert_float_equal(s.q1, 7, EPS);
    assert_float_equal(s.q3, 7, EPS);
    cn_stats_summarise(NULL, 0, &s);
    assert_true(isnan(s.median));
    assert_int_equal(s.n, 0);
}

static void bands_have_inclusive_edges(void **state)
{
    (void)state;
    assert_string_equal(cn_cohort_care_band(0.999), "lt1");
    assert_string_equal(cn_cohort_care_band(1.0), "1to3");
    assert_string_equal(cn_cohort_care_band(3.0), "1to3");
    assert_string_equal(cn_cohort_care_band(3.001), "gt3");
    assert_string_equal(cn_cohort_age_band(17), "lt18");
    assert_string_equal(cn_cohort_age_band(18), "18_24");
    assert_string_equal(cn_cohort_age_band(24), "18_24");
    assert_string_equal(cn_cohort_age_band(25), "25_34");
    assert_string_equal(cn_cohort_age_band(54), "45_54");
    assert_string_equal(cn_cohort_age_band(55), "55p");
    /* Years in care by anniversaries (trial 65): an anniversary is the band's edge, whether
     * the year before it holds a 29 February (366 days) or not (365). */
    const char *cases[][3] = {
        {"2024-06-01", "2025-06-01", "1to3"}, /* 365 days: the first anniversary */
        {"2023-06-01", "2024-06-01", "1to3"}, /* 366 days (29 February 2024) */
        {"2024-06-01", "2025-05-31", "lt1"},  /* the day before it */
        {"2023-06-01", "2024-05-31", "lt1"},  /* 365 days, still the day before */
        {"2021-06-01", "2024-06-01", "1to3"}, /* 1,096 days: the third anniversary */
        {"2020-03-01", "2023-03-01", "1to3"}, /* 1,095 days */
        {"2021-06-01", "2024-06-02", "gt3"},  /* the day after it */
        {"2020-02-29", "2021-02-27", "lt1"},  /* a 29 February's anniversary: 28 February */
        {"2020-02-29", "2021-02-28", "1to3"},
        {"2020-02-29", "2023-02-28", "1to3"},
        {"2020-02-29", "2023-03-01", "gt3"},
        {"2024-01-01", "2024-01-01", "lt1"}, /* consent on the day care began */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cn_participant p = {.care_start = test_date(cases[i][0]),
                            .consent = test_date(cases[i][1])};
        assert_string_equal(cn_cohort_care_band(cn_cohort_years_in_care(&p)), cases[i][2]);
    }
    cn_participant p = {.care_start = test_date("2023-06-01"), .consent = test_date("2024-06-01")};
    assert_true(cn_cohort_years_in_care(&p) == 1.0);
    p.consent = test_date("2024-12-01"); /* 183 of the 365 days to the next anniversary */
    assert_true(fabs(cn_cohort_years_in_care(&p) - (1 + 183.0 / 365)) < 1e-12);
}

static cn_stats_record rec(const char *code, char gender, int birth, const char *care,
                           const char *consent, cn_status status, const char *back, int count,
                           const char *first, const char *last)
{
    cn_stats_record r;
    memset(&r, 0, sizeof r);
    strcpy(r.p.code, code);
    r.p.gender = gender;
    r.p.birth_year = birth;
    r.p.care_start = test_date(care);
    r.p.consent = test_date(consent);
    r.p.status = status;
    if (back) {
        r.p.has_handed_back = true;
        r.p.handed_back = test_date(back);
    }
    r.span.count = count;
    if (count) {
        r.span.first = test_date(first);
        r.span.last = test_date(last);
    }
    return r;
}

/* Five participants worked out by hand:
 *   A lt1 f age 35: 3 entries, day 2 to day 62 (60 days); back 14 days after the end
 *   B lt1 m age 45: 1 entry on the consent day (one-day diary); back 36 days late
 *   C gt3 m age 25: no entry, still active past the end (lost, so not also late)
 *   D gt3 f age 55: status lost, 2 entries 1 day apart; back exactly 30 days after the end
 *   E 1to3 x age 30: 4 entries over 184 days */
static cn_stats_record *five(size_t *n)
{
    static const size_t count = 5;
    cn_stats_record *r = malloc(count * sizeof *r);
    r[0] = rec("A", 'f', 1990, "2024-06-01", "2025-01-01", CN_STATUS_HANDED_BACK, "2025-07-15", 3,
               "2025-01-03", "2025-03-04");
    r[1] = rec("B", 'm', 1980, "2024-02-01", "2025-01-10", CN_STATUS_HANDED_BACK, "2025-08-15", 1,
               "2025-01-10", "2025-01-10");
    r[2] = rec("C", 'm', 2000, "2015-01-01", "2025-02-01", CN_STATUS_ACTIVE, NULL, 0, NULL, NULL);
    r[3] = rec("D", 'f', 1970, "2010-01-01", "2025-02-01", CN_STATUS_LOST, "2025-08-31", 2,
               "2025-02-05", "2025-02-06");
    r[4] = rec("E", 'x', 1995, "2023-01-01", "2025-03-01", CN_STATUS_HANDED_BACK, "2025-09-02", 4,
               "2025-03-01", "2025-09-01");
    *n = count;
    return r;
}

/* A site filter finds the participants of a *site_ cohort: case and accents aside, as
 * the corpus's modality reads them; names of no Latin letter (all "na") by their own
 * letters in any case, not all as one. */
static void a_site_is_found_as_its_cohort(void **state)
{
    (void)state;
    assert_true(cn_cohort_same_site("Besançon", "BESANÇON"));
    assert_true(cn_cohort_same_site("Besançon", "besancon"));
    assert_true(cn_cohort_same_site("Paris Nord", "paris-nord"));
    assert_false(cn_cohort_same_site("Besançon", "Besanço"));
    assert_false(cn_cohort_same_site("Lyon", "Москва"));
    assert_true(cn_cohort_same_site("Москва", "МОСКВА"));
    assert_false(cn_cohort_same_site("Москва", "Київ"));
}

static void per_cohort_rows_match_hand_computation(void **state)
{
    (void)state;
    size_t n, nrows;
    cn_stats_record *r = five(&n);
    cn_cohort_stats *rows;
    cn_error err = {0};
    assert_int_equal(
        cn_stats_compute(r, n, 6, test_date("2026-01-01"), CN_BY_CARE, &rows, &nrows, &err), 0);
    assert_int_equal(nrows, 4);
    assert_string_equal(rows[0].cohort, "lt1");
    assert_string_equal(rows[1].cohort, "1to3");
    assert_string_equal(rows[2].cohort, "gt3");
    assert_string_equal(rows[3].cohort, "all");

    const cn_cohort_stats *lt1 = &rows[0];
    assert_int_equal(lt1->n, 2);
    assert_int_equal(lt1->n_with_entries, 2);
    assert_int_equal(lt1->men, 1);
    assert_int_equal(lt1->women, 1);
    assert_int_equal(lt1->lost, 0);
    assert_int_equal(lt1->late, 1); /* B: 36 days after the end */
    assert_float_equal(lt1->age.median, 40, EPS);
    assert_float_equal(lt1->age.q1, 37.5, EPS);
    assert_float_equal(lt1->days_to_first_entry.median, 1, EPS);
    assert_float_equal(lt1->days_of_diary.median, 30, EPS);
    /* A: 3 / (61 / 30.4375), its 61 days both ends included (as its entries are); B: a
     * one-day diary counts as one month: 1 entry per month */
    assert_float_equal(lt1->entries_per_month.median, (3 / (61 / 30.4375) + 1) / 2, EPS);

    const cn_cohort_stats *gt3 = &rows[2];
    assert_int_equal(gt3->n, 2);
    assert_int_equal(gt3->n_with_entries, 1);
    assert_int_equal(gt3->lost, 2); /* C without entry, D with status lost */
    assert_int_equal(gt3->late, 0); /* D: exactly 30 days is not late */
    assert_int_equal(gt3->days_to_first_entry.n, 1);
    assert_float_equal(gt3->days_to_first_entry.median, 4, EPS);
    assert_float_equal(gt3->entries_per_month.median, 2, EPS);

    const cn_cohort_stats *mid = &rows[1];
    assert_int_equal(mid->men + mid->women, 0); /* x counts as neither */
    assert_float_equal(mid->entries_per_month.median, 4 / (185 / 30.4375), EPS);

    const cn_cohort_stats *all = &rows[3];
    assert_int_equal(all->n, 5);
    assert_int_equal(all->n_with_entries, 4);
    assert_int_equal(all->men, 2);
    assert_int_equal(all->women, 2);
    assert_int_equal(all->lost, 2);
    assert_int_equal(all->late, 1);
    assert_float_equal(all->age.median, 35, EPS); /* 25 30 35 45 55 */
    assert_float_equal(all->age.q1, 30, EPS);
    assert_float_equal(all->age.q3, 45, EPS);
    assert_float_equal(all->days_to_first_entry.median, 1, EPS); /* 0 0 2 4 */
    assert_float_equal(all->days_to_first_entry.q1, 0, EPS);
    assert_float_equal(all->days_to_first_entry.q3, 2.5, EPS);
    assert_float_equal(all->days_of_diary.median, 30.5, EPS); /* 0 1 60 184 */
    assert_float_equal(all->days_of_diary.q1, 0.75, EPS);
    assert_float_equal(all->days_of_diary.q3, 91, EPS);
    free(rows);
    free(r);
}

static void cohorts_by_sex_and_age(void **state)
{
    (void)state;
    size_t n, nrows;
    cn_stats_record *r = five(&n);
    cn_cohort_stats *rows;
    cn_error err = {0};
    assert_int_equal(
        cn_stats_compute(r, n, 6, test_date("2026-01-01"), CN_BY_SEX, &rows, &nrows, &err), 0);
    assert_int_equal(nrows, 4);
    assert_string_equal(rows[0].cohort, "f");
    assert_string_equal(rows[1].cohort, "m");
    assert_string_equal(rows[2].cohort, "x");
    assert_int_equal(rows[0].n, 2);
    free(rows);
    assert_int_equal(
        cn_stats_compute(r, n, 6, test_date("2026-01-01"), CN_BY_AGE, &rows, &nrows, &err), 0);
    assert_int_equal(nrows, 5);
    const char *order[] = {"25_34", "35_44", "45_54", "55p", "all"};
    /* 25 and 30 share 25_34; 35, 45, 55 one each */
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(rows[i].cohort, order[i]);
    assert_int_equal(rows[0].n, 2);
    free(rows);
    free(r);
}

static void late_uses_calendar_months(void **state)
{
    (void)state;
    cn_participant p = {.consent = test_date("2025-08-31"), .has_handed_back = true};
    /* end = 2026-02-28 (clamped); late means more than 30 days after it */
    cn_date today = test_date("2026-06-01");
    p.status = CN_STATUS_HANDED_BACK;
    p.handed_back = test_date("2026-03-30");
    assert_false(cn_stats_is_late(&p, 6, today));
    p.handed_back = test_date("2026-03-31");
    assert_true(cn_stats_is_late(&p, 6, today));
    /* not handed back: late too once today is as far past the end, unless it is lost */
    p.has_handed_back = false;
    p.status = CN_STATUS_ACTIVE;
    assert_false(cn_stats_is_late(&p, 6, test_date("2026-03-30")));
    assert_true(cn_stats_is_late(&p, 6, test_date("2026-03-31")));
    p.status = CN_STATUS_LOST;
    assert_false(cn_stats_is_late(&p, 6, test_date("2026-03-31")));
}

/* A diary with no entry is lost once it is closed (handed back, lost, withdrawn, or past
 * its end), not while it may still begin. */
static void lost_once_the_diary_is_closed(void **state)
{
    (void)state;
    cn_stats_record r = {.p = {.consent = test_date("2025-08-31"), .status = CN_STATUS_ACTIVE}};
    assert_false(cn_stats_is_lost(&r, 6, test_date("2025-09-01"))); /* consented yesterday */
    assert_false(cn_stats_is_lost(&r, 6, test_date("2026-02-28"))); /* the period's last day */
    assert_true(cn_stats_is_lost(&r, 6, test_date("2026-03-01")));
    r.p.status = CN_STATUS_WITHDRAWN;
    assert_true(cn_stats_is_lost(&r, 6, test_date("2025-09-01")));
    r.p.status = CN_STATUS_HANDED_BACK; /* handed back empty */
    assert_true(cn_stats_is_lost(&r, 6, test_date("2025-09-01")));
    r.span.count = 3; /* with entries: lost only by its status */
    assert_false(cn_stats_is_lost(&r, 6, test_date("2027-01-01")));
    r.p.status = CN_STATUS_LOST;
    assert_true(cn_stats_is_lost(&r, 6, test_date("2025-09-01")));
    /* what show and the desk say beside the status */
    assert_null(cn_stats_counted_note(CN_DIARY_COUNTED_LOST, &r.p)); /* the status says it */
    r.p.status = CN_STATUS_ACTIVE;
    assert_string_equal(cn_stats_counted_note(CN_DIARY_COUNTED_LOST, &r.p),
                        "counted lost: no entry");
    assert_string_equal(cn_stats_counted_note(CN_DIARY_COUNTED_LATE, &r.p),
                        "late: not handed back");
    r.p.has_handed_back = true;
    assert_string_equal(cn_stats_counted_note(CN_DIARY_COUNTED_LATE, &r.p), "late");
    assert_null(cn_stats_counted_note(CN_DIARY_COUNTED_NEITHER, &r.p));
}

/* A withdrawn participant whose diaries were erased has no entry left, yet was not lost: the
 * table counts it apart (erased), in neither lost nor late. */
static void an_erased_diary_is_neither_lost_nor_late(void **state)
{
    (void)state;
    cn_stats_record recs[2] = {
        {.p = {.code = "A",
               .gender = 'f',
               .consent = test_date("2025-01-10"),
               .care_start = test_date("2024-06-01"),
               .birth_year = 1990,
               .status = CN_STATUS_WITHDRAWN},
         .erased = true},
        {.p = {.code = "B",
               .gender = 'f',
               .consent = test_date("2025-01-10"),
               .care_start = test_date("2024-06-01"),
               .birth_year = 1990,
               .status = CN_STATUS_WITHDRAWN}},
    };
    cn_date today = test_date("2026-01-01");
    assert_int_equal(cn_stats_diary_count(&recs[0], 6, today), CN_DIARY_COUNTED_ERASED);
    assert_int_equal(cn_stats_diary_count(&recs[1], 6, today), CN_DIARY_COUNTED_LOST);
    assert_string_equal(cn_stats_counted_note(CN_DIARY_COUNTED_ERASED, &recs[0].p),
                        "diaries erased");
    cn_cohort_stats *rows;
    size_t n;
    cn_error err = {0};
    assert_int_equal(cn_stats_compute(recs, 2, 6, today, CN_BY_SEX, &rows, &n, &err), 0);
    const cn_cohort_stats *all = &rows[n - 1];
    assert_string_equal(all->cohort, "all");
    assert_int_equal(all->n, 2);
    assert_int_equal(all->lost, 1);
    assert_int_equal(all->late, 0);
    assert_int_equal(all->erased, 1);
    free(rows);
}

/* The period's end day is its last (check raises no alert for it), and so in its last
 * month: an entry on 2025-07-07 of a 6-month diary begun on 2025-01-07 is *month_06, the
 * day after *month_07, and outside. */
static void the_end_day_is_in_the_last_month(void **state)
{
    (void)state;
    cn_participant p = {.consent = test_date("2025-01-07")};
    assert_int_equal(cn_stats_diary_end(&p, 6), test_date("2025-07-07"));
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2025-01-07")), 1);
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2025-07-06")), 6);
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2025-07-07")), 6);
    assert_false(cn_stats_after_diary(&p, 6, test_date("2025-07-07")));
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2025-07-08")), 7);
    assert_true(cn_stats_after_diary(&p, 6, test_date("2025-07-08")));
    /* a 31st: the end clamps to the shorter month's last day */
    p.consent = test_date("2025-08-31");
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2026-02-28")), 6);
    assert_int_equal(cn_stats_diary_month(&p, 6, test_date("2026-03-01")), 7);
}

static void empty_study_gives_only_the_overall_row(void **state)
{
    (void)state;
    cn_cohort_stats *rows;
    size_t nrows;
    cn_error err = {0};
    assert_int_equal(
        cn_stats_compute(NULL, 0, 6, test_date("2026-01-01"), CN_BY_CARE, &rows, &nrows, &err), 0);
    assert_int_equal(nrows, 1);
    assert_int_equal(rows[0].n, 0);
    assert_true(isnan(rows[0].age.median));
    free(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantiles_follow_r_type_7),
        cmocka_unit_test(bands_have_inclusive_edges),
        cmocka_unit_test(a_site_is_found_as_its_cohort),
        cmocka_unit_test(per_cohort_rows_match_hand_computation),
        cmocka_unit_test(cohorts_by_sex_and_age),
        cmocka_unit_test(late_uses_calendar_months),
        cmocka_unit_test(lost_once_the_diary_is_closed),
        cmocka_unit_test(an_erased_diary_is_neither_lost_nor_late),
        cmocka_unit_test(the_end_day_is_in_the_last_month),
        cmocka_unit_test(empty_study_gives_only_the_overall_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
