/* test_dhc.c — the classification pinned on reinert-spec.md section F: the F.3 Park-Miller
 * matrix (first cut, reassignment, k = 3, the 6 final classes of C.4) and the F.2 mini
 * matrix; the chi2 helper on F.2's 2 x 2 check. */
#include <math.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/dhc.h"

/* 300 x 60, row-major Park-Miller draws; cell = 1 iff u < 0.30 when j mod 3 == i mod 3,
 * else u < 0.05. */
static cn_sparse *f3_matrix(void)
{
    uint32_t *rows = malloc(300 * 60 * sizeof *rows), *cols = malloc(300 * 60 * sizeof *cols);
    size_t n = 0;
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 300; i++)
        for (uint32_t j = 0; j < 60; j++) {
            x = (16807 * x) % 2147483647;
            double u = (double)x / 2147483647.0;
            if (u < (j % 3 == i % 3 ? 0.30 : 0.05)) {
                rows[n] = i;
                cols[n] = j;
                n++;
            }
        }
    cn_sparse *m;
    cn_error err = {0};
    if (cn_sparse_from_pairs(300, 60, rows, cols, n, &m, &err) < 0)
        fail_msg("%s", err.msg);
    free(rows);
    free(cols);
    return m;
}

static void f3_matrix_is_the_spec_one(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    assert_int_equal(m->nnz, 2387);
    /* row 0 starts 1 0 0 1 1 0 0 0 0 0 0 0 1 0 0 1 0 1 1 0 */
    const uint32_t first[] = {0, 3, 4, 12, 15, 17, 18};
    for (size_t k = 0; k < sizeof first / sizeof *first; k++)
        assert_int_equal(m->colidx[m->rowptr[0] + k], first[k]);
    cn_sparse_free(m);
}

static void f3_first_split_and_reassignment(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 2; /* one split */
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->nsplits, 1);
    const cn_dhc_split *s = &d->splits[0];
    /* the cut: 97 rows against 203, chi2 925.386 (chi2/N = 0.387677 with N = 2387) */
    uint32_t low = s->cut_size < 150 ? s->cut_size : 300 - s->cut_size;
    assert_int_equal(low, 97);
    assert_float_equal(s->chi2_cut, 925.386, 0.001);
    /* reassignment: 2 passes, 1 row moved: 202 / 98, chi2 925.697 */
    assert_int_equal(s->passes, 2);
    assert_int_equal(s->moved, 1);
    uint32_t small = s->size1 < s->size2 ? s->size1 : s->size2;
    assert_int_equal(small, 98);
    assert_int_equal(s->size1 + s->size2, 300);
    assert_float_equal(s->chi2, 925.697, 0.001);
    assert_float_equal(s->threshold, 5.816327, 1e-6);
    cn_dhc_free(d);
    cn_sparse_free(m);
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void f3_three_classes(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    p.mincl = 1;
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->nclasses, 3);
    uint32_t sizes[3];
    memcpy(sizes, d->class_size, sizeof sizes);
    qsort(sizes, 3, sizeof *sizes, compare_u32);
    assert_int_equal(sizes[0], 98);
    assert_int_equal(sizes[1], 101);
    assert_int_equal(sizes[2], 101);
    /* against the planted groups: {0, 2, 96}, {97, 1, 3}, {3, 97, 1} in some order */
    uint32_t count[4][3] = {{0}};
    for (uint32_t i = 0; i < 300; i++)
        count[d->class_of[i]][i % 3]++;
    assert_int_equal(count[0][0] + count[0][1] + count[0][2], 0);
    for (int k = 1; k <= 3; k++) {
        uint32_t top = count[k][0];
        for (int g = 1; g < 3; g++)
            if (count[k][g] > top)
                top = count[k][g];
        assert_true(top == 96 || top == 97);
    }
    cn_dhc_free(d);
    cn_sparse_free(m);
}

static void f3_six_final_classes(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 10;
    p.mincl = 30;
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->nsplits, 9);
    assert_int_equal(d->nclasses, 6);
    /* IRAMUTEQ (svdR) numbers these classes 39, 47, 43, 45, 43, 54. The sign of each CA
     * axis is arbitrary; with Carnet's convention (largest |coordinate| positive) the
     * children of splits 2, 4 and 6-8 come in the other order, so the same six classes
     * are numbered 47, 39, 43, 45, 43, 54. */
    const uint32_t expected[] = {47, 39, 43, 45, 43, 54};
    uint32_t total = 0;
    for (int k = 0; k < 6; k++) {
        assert_int_equal(d->class_size[k], expected[k]);
        total += d->class_size[k];
    }
    assert_int_equal(total, 271); /* 90.33 % of 300 */
    /* the phase-1 tree has IRAMUTEQ's shape: leaf sizes 39 47 43 17 45 8 26 28 43 4 */
    uint32_t leaves[10], nleaves = 0;
    for (int s = 0; s < 9; s++) {
        const cn_dhc_split *x = &d->splits[s];
        int kids[2] = {x->child1, x->child2};
        uint32_t sizes[2] = {x->size1, x->size2};
        for (int c = 0; c < 2; c++) {
            bool split_later = false;
            for (int t = s + 1; t < 9; t++)
                split_later |= d->splits[t].node == kids[c];
            if (!split_later)
                leaves[nleaves++] = sizes[c];
        }
    }
    assert_int_equal(nleaves, 10);
    qsort(leaves, 10, sizeof *leaves, compare_u32);
    const uint32_t leaf_sizes[] = {4, 8, 17, 26, 28, 39, 43, 43, 45, 47};
    for (int k = 0; k < 10; k++)
        assert_int_equal(leaves[k], leaf_sizes[k]);
    cn_dhc_free(d);
    cn_sparse_free(m);
}

/* The F.3 leaves of 17, 8 and 4 rows are below --min-class 30 and climb to no class:
 * they are recorded, largest first, with every row unclassified, and --min-class at a
 * leaf's size makes that very node a class of that size. */
static void f3_discarded_leaves(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    p.mincl = 30;
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->ndiscarded, 3);
    const uint32_t sizes[] = {17, 8, 4};
    for (int k = 0; k < 3; k++) {
        const cn_dhc_leaf *leaf = &d->discarded[k];
        assert_int_equal(leaf->size, sizes[k]);
        uint32_t rows = 0;
        for (uint32_t i = 0; i < d->nrows; i++)
            if (cn_dhc_label(d, d->nsplits - 1, i) == leaf->node) {
                assert_int_equal(d->class_of[i], 0);
                rows++;
            }
        assert_int_equal(rows, leaf->size);
        p.mincl = (int)leaf->size;
        cn_dhc *again;
        assert_int_equal(cn_dhc_run(m, &p, &again, &err), 0);
        int kept = -1;
        for (int c = 0; c < again->nclasses; c++)
            if (again->terminal[c] == leaf->node)
                kept = c;
        assert_true(kept >= 0);
        assert_int_equal(again->class_size[kept], leaf->size);
        cn_dhc_free(again);
    }
    cn_dhc_free(d);
    cn_sparse_free(m);
}

/* The classes another --min-class gives, computed on the tree of a run, are exactly those
 * of a whole run with that --min-class: same sizes in the same order, same classified
 * count, for every minimum from 1 to 80 (leaves gained, lost, or climbing to a parent). */
static void f3_classes_with_another_min_class(void **state)
{
    (void)state;
    cn_sparse *m = f3_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    p.mincl = 30;
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    for (int mincl = 1; mincl <= 80; mincl++) {
        cn_dhc_outcome with;
        assert_int_equal(cn_dhc_classes_with(d, mincl, &with, &err), 0);
        p.mincl = mincl;
        cn_dhc *again;
        assert_int_equal(cn_dhc_run(m, &p, &again, &err), 0);
        assert_int_equal(with.nclasses, again->nclasses);
        uint32_t classified = 0;
        for (int k = 0; k < again->nclasses; k++) {
            assert_int_equal(with.class_size[k], again->class_size[k]);
            classified += again->class_size[k];
        }
        assert_int_equal(with.classified, classified);
        free(with.class_size);
        cn_dhc_free(again);
    }
    cn_dhc_free(d);
    cn_sparse_free(m);
}

static void mini_matrix_splits_the_two_sparse_rows_off(void **state)
{
    (void)state;
    /* 7 x 5: 11100, 00110, 10000, 11110, 11111, 10000, 11100 */
    const char *rows[] = {"11100", "00110", "10000", "11110", "11111", "10000", "11100"};
    uint32_t r[35], c[35];
    size_t n = 0;
    for (uint32_t i = 0; i < 7; i++)
        for (uint32_t j = 0; j < 5; j++)
            if (rows[i][j] == '1') {
                r[n] = i;
                c[n] = j;
                n++;
            }
    cn_sparse *m;
    cn_error err = {0};
    assert_int_equal(cn_sparse_from_pairs(7, 5, r, c, n, &m, &err), 0);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 2;
    p.mincl = 1;
    p.min_split = 3;
    cn_dhc *d;
    assert_int_equal(cn_dhc_run(m, &p, &d, &err), 0);
    assert_int_equal(d->nclasses, 2);
    /* rainette's test: groups (2, 2, 1, 2, 2, 1, 2): rows 3 and 6 apart from the rest */
    uint32_t a = d->class_of[2];
    assert_int_equal(d->class_of[5], a);
    const int others[] = {0, 1, 3, 4, 6};
    for (int k = 0; k < 5; k++)
        assert_int_not_equal(d->class_of[others[k]], a);
    cn_dhc_free(d);
    cn_sparse_free(m);
}

static void chi2_of_a_two_by_two(void **state)
{
    (void)state;
    /* [[30, 70], [20, 380]] as two groups over two columns: 55.5556 without Yates */
    double t1[] = {30, 70}, t2[] = {20, 380};
    assert_float_equal(cn_dhc_chi2(t1, t2, 2), 55.5556, 1e-4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(f3_matrix_is_the_spec_one),
        cmocka_unit_test(f3_first_split_and_reassignment),
        cmocka_unit_test(f3_three_classes),
        cmocka_unit_test(f3_six_final_classes),
        cmocka_unit_test(f3_discarded_leaves),
        cmocka_unit_test(f3_classes_with_another_min_class),
        cmocka_unit_test(mini_matrix_splits_the_two_sparse_rows_off),
        cmocka_unit_test(chi2_of_a_two_by_two),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
