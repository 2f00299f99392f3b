/* test_ca.c — correspondence analysis of small tables worked out by hand, and the
 * identities every CA satisfies (inertia = chi2 / N, contributions sum to 1, centred
 * coordinates). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "carnet/ca.h"

#define EPS 1e-9

static void two_columns_by_hand(void **state)
{
    (void)state;
    /* rows (10, 0), (0, 10), (5, 5), and a supplementary row (3, 1).
     * N = 30, expected counts 5 everywhere: chi2 = 20, one axis of inertia 20/30. The first
     * two rows sit at -1 and +1 (principal), the third at the centre. */
    const double t[] = {10, 0, 0, 10, 5, 5, 3, 1};
    cn_ca_result r;
    cn_error err = {0};
    assert_int_equal(cn_ca_table(t, 4, 3, 2, &r, &err), 0);
    assert_int_equal(r.naxes, 1);
    assert_float_equal(r.eigenvalues[0], 2.0 / 3.0, EPS);
    assert_float_equal(r.total_inertia, 2.0 / 3.0, EPS);
    assert_float_equal(fabs(r.row_principal[0]), 1, EPS);
    assert_float_equal(r.row_principal[0], -r.row_principal[1], EPS);
    assert_float_equal(r.row_principal[2], 0, EPS);
    assert_float_equal(r.row_cos2[0], 1, EPS);
    assert_float_equal(r.row_contrib[0], 0.5, EPS);
    assert_float_equal(r.row_contrib[2], 0, EPS);
    /* the supplementary row's profile (0.75, 0.25) lies half way to the first row */
    assert_float_equal(r.row_principal[3], 0.5 * r.row_principal[0], EPS);
    assert_true(isnan(r.row_contrib[3]));
    /* columns: standard coordinates +-1, the larger |coordinate| made positive */
    assert_float_equal(fabs(r.col_standard[0]), 1, EPS);
    assert_float_equal(r.col_principal[0] * r.col_principal[0], 2.0 / 3.0, EPS);
    assert_float_equal(r.col_contrib[0] + r.col_contrib[1], 1, EPS);
    cn_ca_result_free(&r);
}

static double chi2_over_n(const double *t, int rows, int cols)
{
    double n = 0, rs[8] = {0}, cs[8] = {0}, chi2 = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            n += t[i * cols + j];
            rs[i] += t[i * cols + j];
            cs[j] += t[i * cols + j];
        }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            double e = rs[i] * cs[j] / n;
            chi2 += (t[i * cols + j] - e) * (t[i * cols + j] - e) / e;
        }
    return chi2 / n;
}

static void identities_hold(void **state)
{
    (void)state;
    /* 5 forms x 3 classes, and the transposed shape 2 x 4 (more columns than rows) */
    const double a[] = {20, 3, 1, 2, 18, 4, 1, 2, 25, 7, 7, 6, 3, 9, 1};
    const double b[] = {12, 3, 5, 9, 2, 14, 6, 4};
    const struct {
        const double *t;
        int rows, cols;
    } cases[] = {{a, 5, 3}, {b, 2, 4}};
    for (int c = 0; c < 2; c++) {
        cn_ca_result r;
        cn_error err = {0};
        assert_int_equal(
            cn_ca_table(cases[c].t, cases[c].rows, cases[c].rows, cases[c].cols, &r, &err), 0);
        assert_float_equal(r.total_inertia, chi2_over_n(cases[c].t, cases[c].rows, cases[c].cols),
                           1e-9);
        for (int k = 0; k < r.naxes; k++) {
            double rc = 0, cc = 0, centre = 0, lambda = 0;
            for (int i = 0; i < cases[c].rows; i++) {
                rc += r.row_contrib[i * r.naxes + k];
                centre += r.row_mass[i] * r.row_principal[i * r.naxes + k];
                lambda += r.row_mass[i] * r.row_principal[i * r.naxes + k] *
                          r.row_principal[i * r.naxes + k];
            }
            for (int j = 0; j < cases[c].cols; j++)
                cc += r.col_contrib[j * r.naxes + k];
            assert_float_equal(rc, 1, 1e-9);
            assert_float_equal(cc, 1, 1e-9);
            assert_float_equal(centre, 0, 1e-9);
            assert_float_equal(lambda, r.eigenvalues[k], 1e-9);
            if (k > 0)
                assert_true(r.eigenvalues[k] <= r.eigenvalues[k - 1]);
        }
        for (int i = 0; i < cases[c].rows; i++) { /* squared cosines over all axes: 1 */
            double s = 0;
            for (int k = 0; k < r.naxes; k++)
                s += r.row_cos2[i * r.naxes + k];
            assert_float_equal(s, 1, 1e-9);
        }
        cn_ca_result_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_columns_by_hand),
        cmocka_unit_test(identities_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
