/* test_specif.c — specificities against reinert-spec.md E.8's table (computed with R's
 * phyper): F = 296, t = 1084, T = 61449, expected count 5.2216. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "carnet/specif.h"

static void matches_the_spec_table(void **state)
{
    (void)state;
    const struct {
        unsigned f;
        double spec;
    } rows[] = {{0, -2.2935}, {2, -0.9808}, {5, -0.2390}, {11, 1.7698}, {20, 6.3763}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        assert_float_equal(cn_specificity(rows[i].f, 296, 1084, 61449), rows[i].spec, 5e-5);
}

static void signs_and_extremes(void **state)
{
    (void)state;
    /* a form wholly in a part of the corpus: strongly positive, symmetric below */
    assert_true(cn_specificity(50, 50, 100, 10000) > 50);
    assert_true(cn_specificity(0, 500, 5000, 10000) < -50);
    /* exactly the expected count: a banal form */
    assert_true(fabs(cn_specificity(10, 100, 1000, 10000)) < 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_the_spec_table),
        cmocka_unit_test(signs_and_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
