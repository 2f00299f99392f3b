/* test_cohorts.c — the cohorts of a --by run: their reading order (numbers, else first
 * appearance; never alphabetical), the units of a cohort found again in the whole
 * corpus's run (and a differing segmentation refused), and each cohort class matched
 * with the whole-corpus class holding most of its units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/cohorts.h"
#include "helpers.h"

/* Orders the n modalities of in and checks them against want. */
static void check_order(const char *const *in, const char *const *want, size_t n)
{
    char *mods[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        mods[i] = (char *)in[i];
    cn_error err = {0};
    assert_int_equal(cn_cohorts_natural_order(mods, n, &err), 0);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(mods[i], want[i]);
}

static void natural_order(void **state)
{
    (void)state;
    /* years in care: lt1 < 1to3 < gt3, whatever the order of appearance */
    check_order((const char *[]){"gt3", "lt1", "1to3"}, (const char *[]){"lt1", "1to3", "gt3"}, 3);
    check_order((const char *[]){"1to3", "gt3", "lt1"}, (const char *[]){"lt1", "1to3", "gt3"}, 3);
    /* months as numbers, not as text: 2 before 10 */
    check_order((const char *[]){"10", "2", "1", "11"}, (const char *[]){"1", "2", "10", "11"}, 4);
    check_order((const char *[]){"m10", "m02", "m1"}, (const char *[]){"m1", "m02", "m10"}, 3);
    /* age bands, and a modality without a number after the numbered ones */
    check_order((const char *[]){"na", "55p", "25_34", "lt18", "18_24"},
                (const char *[]){"lt18", "18_24", "25_34", "55p", "na"}, 5);
    check_order((const char *[]){"over65", "65", "under65"},
                (const char *[]){"under65", "65", "over65"}, 3);
    /* no number: the order of first appearance, never alphabetical */
    check_order((const char *[]){"paris", "lyon", "london"},
                (const char *[]){"paris", "lyon", "london"}, 3);
    check_order((const char *[]){"m", "f"}, (const char *[]){"m", "f"}, 2);
    /* equal numbers keep their order of appearance */
    check_order((const char *[]){"b1", "a1"}, (const char *[]){"b1", "a1"}, 2);
}

/* Six texts: group a (texts 1, 3, 5) and b (2, 4, 6); texts 5 and 6 are long enough to
 * be cut into two segments at segment size 10. */
static const char corpus[] =
    "**** *grp_a\nlune soleil mer.\n\n"
    "**** *grp_b\nvent pluie neige.\n\n"
    "**** *grp_a\nlune soleil terre.\n\n"
    "**** *grp_b\nvent pluie orage.\n\n"
    "**** *grp_a\nlune soleil mer terre lune soleil mer terre lune soleil mer terre lune "
    "soleil mer terre. vent pluie neige orage vent pluie neige orage vent pluie neige orage "
    "vent pluie neige orage.\n\n"
    "**** *grp_b\nvent pluie neige orage vent pluie neige orage vent pluie neige orage vent "
    "pluie neige orage. lune soleil mer terre lune soleil mer terre lune soleil mer terre "
    "lune soleil mer terre.\n\n";

static cn_prepared *prepare(const char *path, const char *where)
{
    cn_pipeline_params pp = cn_pipeline_defaults();
    pp.min_freq = 1;
    pp.segment_size = 10;
    cn_error err = {0};
    if (where && cn_where_add(&pp.where, where, &err) < 0)
        fail_msg("cn_where_add: %s", err.msg);
    cn_prepared *p = NULL;
    if (cn_prepare(path, &pp, &p, &err) < 0)
        fail_msg("cn_prepare: %s", err.msg);
    return p;
}

static void units_found_again(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "c.txt", corpus, strlen(corpus));
    cn_prepared *all = prepare(path, NULL), *b = prepare(path, "grp=b");
    assert_int_equal(all->ntexts, 6);
    assert_int_equal(all->nsegs, 8);
    assert_int_equal(b->ntexts, 3);
    assert_int_equal(b->nsegs, 4);
    uint32_t *map = NULL;
    cn_error err = {0};
    assert_int_equal(cn_cohorts_match_units(all, b, false, &map, &err), 0);
    /* b's segments: text 2, text 4, text 6 (two) -> the whole run's 2nd, 4th, 7th, 8th */
    const uint32_t want[4] = {1, 3, 6, 7};
    for (int s = 0; s < 4; s++) {
        assert_int_equal(map[s], want[s]);
        assert_int_equal(b->segs[s].start, all->segs[map[s]].start);
        assert_int_equal(b->segs[s].end, all->segs[map[s]].end);
    }
    free(map);
    assert_int_equal(cn_cohorts_match_units(all, b, true, &map, &err), 0);
    assert_int_equal(map[0], 1);
    assert_int_equal(map[2], 5);
    free(map);

    /* a segment cut elsewhere is refused, naming the text's line */
    b->segs[3].start++;
    assert_int_equal(cn_cohorts_match_units(all, b, false, &map, &err), CN_EINVALID);
    assert_null(map);
    assert_non_null(strstr(err.msg, "line 16"));
    assert_non_null(strstr(err.msg, "other segments"));
    b->segs[3].start--;
    /* one segment fewer for a text is refused too */
    b->nsegs = 3;
    assert_int_equal(cn_cohorts_match_units(all, b, false, &map, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "line 16"));
    b->nsegs = 4;
    /* a text of the cohort that the whole run lacks */
    assert_int_equal(cn_cohorts_match_units(b, all, false, &map, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "line 1 is in the cohort but not"));
    cn_prepared_free(all);
    cn_prepared_free(b);
    free(path);
    free(dir);
}

static cn_profiles *profiles(const cn_prepared *p, const uint32_t *cls, uint32_t k)
{
    cn_profiles *pr = NULL;
    cn_error err = {0};
    if (cn_profiles_compute(p, false, cls, k, &pr, &err) < 0)
        fail_msg("cn_profiles_compute: %s", err.msg);
    return pr;
}

static void classes_matched(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "c.txt", corpus, strlen(corpus));
    cn_prepared *all = prepare(path, NULL), *b = prepare(path, "grp=b");
    /* whole corpus: class 1 = the "lune soleil" segments, class 2 = "vent pluie", except
     * text 4's segment, left unclassified */
    const uint32_t all_cls[8] = {1, 2, 1, 0, 1, 2, 2, 1};
    /* cohort b: class 1 = texts 2 and 4 (whole: class 2, unclassified), class 2 = text 6's
     * two segments (whole: 2 and 1, a tie: the lower class) */
    const uint32_t b_cls[4] = {1, 1, 2, 2};
    cn_profiles *all_pr = profiles(all, all_cls, 2), *b_pr = profiles(b, b_cls, 2);
    cn_cohorts_run whole = {.p = all, .pr = all_pr, .unit_class = all_cls};
    cn_cohorts_run mine = {.p = b, .pr = b_pr, .unit_class = b_cls};
    cn_cohorts t = {0};
    cn_error err = {0};
    assert_int_equal(cn_cohorts_set_whole(&t, &whole, &err), 0);
    assert_int_equal(t.nall, 2);
    assert_int_equal(cn_cohorts_add_classes(&t, "grp_b", &mine, &whole, &err), 0);
    assert_int_equal(t.n, 2);
    assert_true(t.rows[0].matched);
    assert_int_equal(t.rows[0].all_class, 2);
    assert_true(t.rows[0].all_share == 0.5 && t.rows[0].all_unclassified == 0.5);
    assert_int_equal(t.rows[1].all_class, 1);
    assert_true(t.rows[1].all_share == 0.5 && t.rows[1].all_unclassified == 0);
    assert_int_equal(t.rows[0].units, 4);
    assert_int_equal(t.rows[0].classified, 4);
    assert_false(t.rows[0].has_speaker);

    /* by_VAR.csv holds the match and the whole-corpus class's forms */
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/by_grp.csv", dir);
    assert_int_equal(cn_cohorts_write_csv(&t, csv, &err), 0);
    FILE *f = fopen(csv, "r");
    assert_non_null(f);
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, ",4,4,100.00,,,,,2,50.00,50.00,"));
    assert_non_null(strstr(line, t.all[1].forms));
    fclose(f);

    /* a cohort whose run kept no class is not left out: one row says so */
    const uint32_t none[4] = {0, 0, 0, 0};
    cn_profiles *none_pr = profiles(b, none, 0);
    cn_cohorts_run empty = {.p = b, .pr = none_pr, .unit_class = none};
    assert_int_equal(cn_cohorts_add_classes(&t, "grp_x", &empty, &whole, &err), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.rows[2].cohort, "grp_x");
    assert_int_equal(t.rows[2].cls, 0);
    assert_non_null(strstr(t.rows[2].error, "no class kept"));
    cn_profiles_free(none_pr);
    cn_cohorts_free(&t);
    cn_profiles_free(all_pr);
    cn_profiles_free(b_pr);
    cn_prepared_free(all);
    cn_prepared_free(b);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(natural_order),
        cmocka_unit_test(units_found_again),
        cmocka_unit_test(classes_matched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
