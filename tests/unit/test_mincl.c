/* test_mincl.c — the automatic minimum class size: IRAMUTEQ computes round(N / nbcl_p1) in
 * R, whose round() halves to even (issue 9: lround gave 753 where IRAMUTEQ gave 752). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "carnet/dhc.h"

static void ties_go_to_the_even_neighbour(void **state)
{
    (void)state;
    assert_int_equal(cn_dhc_auto_mincl(7525, 10), 752); /* 752.5 */
    assert_int_equal(cn_dhc_auto_mincl(7535, 10), 754); /* 753.5 */
    assert_int_equal(cn_dhc_auto_mincl(5, 2), 2);       /* 2.5 */
    assert_int_equal(cn_dhc_auto_mincl(7, 2), 4);       /* 3.5 */
}

static void other_quotients_go_to_the_nearest(void **state)
{
    (void)state;
    assert_int_equal(cn_dhc_auto_mincl(7527, 10), 753); /* 752.7 */
    assert_int_equal(cn_dhc_auto_mincl(7523, 10), 752); /* 752.3 */
    assert_int_equal(cn_dhc_auto_mincl(7520, 10), 752);
    assert_int_equal(cn_dhc_auto_mincl(3, 10), 0); /* 0.3 */
}

static void a_run_uses_it(void **state)
{
    (void)state;
    /* 5 rows, 2 terminal classes: 5 / 2 = 2.5 -> 2 (lround: 3) */
    const char *rows[] = {"11100", "00110", "10000", "11110", "11111"};
    uint32_t r[25], c[25];
    size_t n = 0;
    for (uint32_t i = 0; i < 5; i++)
        for (uint32_t j = 0; j < 5; j++)
            if (rows[i][j] == '1') {
                r[n] = i;
                c[n] = j;
                n++;
            }
    cn_sparse *m;
    cn_error err = {0};
    assert_int_equal(cn_sparse_from_pairs(5, 5, r, c, n, &m, &err), 0);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 2;
    p.min_split = 3;
    cn_dhc *d;
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->mincl, 2);
    cn_dhc_free(d);
    cn_sparse_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ties_go_to_the_even_neighbour),
        cmocka_unit_test(other_quotients_go_to_the_nearest),
        cmocka_unit_test(a_run_uses_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
