/* test_concentration.c — participant concentration: counts, the largest participant and
 * its share, the flag above one half (not at one half), units without a participant, and
 * --speaker naming a variable the texts do not have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "carnet/concentration.h"
#include "helpers.h"

/* A table of codes P1, P2, P3 (ids 0, 1, 2) and nclasses classes. */
static cn_concentration three_codes(uint32_t nclasses)
{
    cn_concentration c = {.nclasses = nclasses};
    c.codes = cn_intern_new();
    assert_non_null(c.codes);
    assert_int_equal(cn_intern_add(c.codes, "P1", 2, NULL), 0);
    assert_int_equal(cn_intern_add(c.codes, "P2", 2, NULL), 1);
    assert_int_equal(cn_intern_add(c.codes, "P3", 2, NULL), 2);
    return c;
}

static void counts_and_flags(void **state)
{
    (void)state;
    enum { N = 13 };
    const uint32_t NONE = CN_INTERN_NONE;
    /* class 1: P1 x3, P2 x1 (P1 75 %: flagged); class 2: P2 x2, P3 x2 (50 %: not flagged);
     * class 3: P3 x1 and one unit with no participant; two unclassified units */
    const uint32_t speaker[N] = {0, 0, 0, 1, 1, 1, 2, 2, 2, NONE, 0, 1, 2};
    const uint32_t cls[N] = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 0, 0, 0};
    cn_concentration c = three_codes(3);
    cn_error err = {0};
    assert_int_equal(cn_concentration_tally(&c, speaker, cls, N, &err), 0);
    assert_true(c.available);
    const cn_concentration_class *k1 = &c.classes[0], *k2 = &c.classes[1], *k3 = &c.classes[2];
    assert_int_equal(k1->units, 4);
    assert_int_equal(k1->participants, 2);
    assert_string_equal(cn_concentration_largest(&c, 1), "P1");
    assert_int_equal(k1->largest_units, 3);
    assert_true(k1->largest_share > 0.749 && k1->largest_share < 0.751);
    assert_true(k1->over_half);
    /* a tie goes to the participant seen first; exactly one half is not "more than half" */
    assert_int_equal(k2->participants, 2);
    assert_string_equal(cn_concentration_largest(&c, 2), "P2");
    assert_false(k2->over_half);
    /* a unit without a participant counts in the class, not as a participant */
    assert_int_equal(k3->units, 2);
    assert_int_equal(k3->unattributed, 1);
    assert_int_equal(k3->participants, 1);
    assert_string_equal(cn_concentration_largest(&c, 3), "P3");
    assert_false(k3->over_half);
    assert_string_equal(cn_concentration_largest(&c, 4), "");
    cn_concentration_free(&c);
}

/* classes.json writes a share as the CSV tables do (trial 65): 9 of 32 units, exactly
 * 28.125 %, is 28.12 in both (printf's half to even), not 28.13 in one of them. */
static void a_half_rounded_as_the_tables(void **state)
{
    (void)state;
    enum { N = 32 };
    uint32_t speaker[N], cls[N];
    for (uint32_t u = 0; u < N; u++) {
        speaker[u] = u < 9 ? 0 : u < 18 ? 1 : 2; /* 9, 9 and 14 units of one class */
        cls[u] = 1;
    }
    speaker[31] = 0; /* P1 10, P2 9, P3 13: the largest P3, 13/32 = 40.625 % */
    cn_concentration c = three_codes(1);
    cn_error err = {0};
    assert_int_equal(cn_concentration_tally(&c, speaker, cls, N, &err), 0);
    cJSON *o = cJSON_CreateObject();
    cn_concentration_json_class(o, &c, 1);
    char line[32];
    snprintf(line, sizeof line, "%.2f", 100 * c.classes[0].largest_share);
    assert_string_equal(line, "40.62");
    cJSON *pct = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "participants"), "largest_percent");
    assert_non_null(pct);
    assert_true(pct->valuedouble == 40.62);
    cJSON_Delete(o);
    cn_concentration_free(&c);
}

static void an_empty_class(void **state)
{
    (void)state;
    const uint32_t speaker[2] = {0, 1}, cls[2] = {1, 1};
    cn_concentration c = three_codes(2); /* class 2 gets nothing */
    cn_error err = {0};
    assert_int_equal(cn_concentration_tally(&c, speaker, cls, 2, &err), 0);
    assert_int_equal(c.classes[1].units, 0);
    assert_int_equal(c.classes[1].participants, 0);
    assert_false(c.classes[1].over_half);
    assert_string_equal(cn_concentration_largest(&c, 2), "");
    cn_concentration_free(&c);
}

/* A corpus of four texts by two participants, through the pipeline. */
static cn_prepared *prepare(const char *dir, const char *text)
{
    char *path = test_write_file(dir, "c.txt", text, strlen(text));
    cn_pipeline_params pp = cn_pipeline_defaults();
    pp.min_freq = 1;
    cn_prepared *p = NULL;
    cn_error err = {0};
    if (cn_prepare(path, &pp, &p, &err) < 0)
        fail_msg("cn_prepare: %s", err.msg);
    free(path);
    return p;
}

static const char corpus[] = "**** *part_A *site_x\nlune soleil mer.\n\n"
                             "**** *part_A *site_x\nlune soleil terre.\n\n"
                             "**** *part_B *site_y\nvent pluie neige.\n\n"
                             "**** *part_A *site_y\nvent pluie orage.\n\n";

static void from_a_run(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_prepared *p = prepare(dir, corpus);
    assert_int_equal(p->nsegs, 4);
    const uint32_t cls[4] = {1, 1, 2, 2}; /* one segment per text */
    cn_concentration c;
    cn_error err = {0};
    assert_int_equal(cn_concentration_compute(p, false, cls, 2, "part", &c, &err), 0);
    assert_true(c.available);
    assert_string_equal(c.var, "part");
    assert_int_equal(c.classes[0].participants, 1);
    assert_true(c.classes[0].over_half); /* A alone */
    assert_int_equal(c.classes[1].participants, 2);
    assert_false(c.classes[1].over_half); /* A and B, one each */
    cn_concentration_free(&c);
    /* texts as units: the same here, one segment per text */
    assert_int_equal(cn_concentration_compute(p, true, cls, 2, "site", &c, &err), 0);
    assert_string_equal(cn_concentration_largest(&c, 1), "x");
    assert_int_equal(c.classes[1].participants, 1);
    cn_concentration_free(&c);
    /* a variable no text has: not available, and named */
    assert_int_equal(cn_concentration_compute(p, false, cls, 2, "writer", &c, &err), 0);
    assert_false(c.available);
    assert_string_equal(c.var, "writer");
    cn_concentration_free(&c);
    cn_prepared_free(p);
    free(dir);
}

static void an_unknown_speaker_lists_the_variables(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_prepared *p = prepare(dir, corpus);
    cn_error err = {0};
    assert_int_equal(cn_concentration_check(p, "part", &err), 0);
    assert_int_equal(cn_concentration_check(p, "writer", &err), CN_ENOTFOUND);
    assert_non_null(strstr(err.msg, "--speaker writer"));
    assert_non_null(strstr(err.msg, "the texts' variables are: part, site"));
    assert_int_equal(cn_concentration_check(p, "part_a", &err), CN_EINVALID);
    cn_prepared_free(p);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_flags),
        cmocka_unit_test(a_half_rounded_as_the_tables),
        cmocka_unit_test(an_empty_class),
        cmocka_unit_test(from_a_run),
        cmocka_unit_test(an_unknown_speaker_lists_the_variables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
