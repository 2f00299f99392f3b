/* test_stability.c — --stability's pieces: the seeded subsamples, the best-match Jaccard,
 * a robust class against a noise class on a small matrix, the same numbers on 1, 2 or 4
 * threads, the double classification's draws, and N out of range refused. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/stability.h"

/* 60 rows: rows 0-29 use only columns 0-9 (a theme of their own), rows 30-59 only columns
 * 10-29, spread with no structure. */
static cn_sparse *two_blocks(void)
{
    uint32_t rows[240], cols[240];
    size_t n = 0;
    for (uint32_t i = 0; i < 60; i++) {
        const uint32_t off[4] = {0, 1, 3, 7};
        for (int q = 0; q < 4; q++) {
            rows[n] = i;
            cols[n++] = i < 30 ? (i + off[q]) % 10 : 10 + (i * (2 * q + 3) + off[q]) % 20;
        }
    }
    cn_sparse *m;
    cn_error err = {0};
    if (cn_sparse_from_pairs(60, 30, rows, cols, n, &m, &err) < 0)
        fail_msg("%s", err.msg);
    return m;
}

/* 240 x 40, three planted themes of 80 rows, each cell 1 with probability 0.3 in the row's
 * theme's columns and 0.06 elsewhere (xorshift draws): classes that come back most of the
 * time, not always. */
static cn_sparse *noisy_themes(void)
{
    uint32_t *rows = malloc(240 * 40 * sizeof *rows), *cols = malloc(240 * 40 * sizeof *cols);
    assert_non_null(rows);
    assert_non_null(cols);
    size_t n = 0;
    uint64_t x = 88172645463325252ULL;
    for (uint32_t i = 0; i < 240; i++)
        for (uint32_t j = 0; j < 40; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            double u = (double)(x >> 11) / 9007199254740992.0;
            if (u < (j % 3 == i / 80 ? 0.3 : 0.06)) {
                rows[n] = i;
                cols[n++] = j;
            }
        }
    cn_sparse *m;
    cn_error err = {0};
    if (cn_sparse_from_pairs(240, 40, rows, cols, n, &m, &err) < 0)
        fail_msg("%s", err.msg);
    free(rows);
    free(cols);
    return m;
}

static void samples_are_seeded_sorted_and_fair(void **state)
{
    (void)state;
    cn_error err = {0};
    uint32_t a[9], b[9];
    int left_out[10] = {0};
    for (int d = 0; d < 400; d++) {
        assert_int_equal(cn_stability_sample(7, d, 10, 9, a, &err), 0);
        assert_int_equal(cn_stability_sample(7, d, 10, 9, b, &err), 0);
        assert_memory_equal(a, b, sizeof a); /* the same draw whoever asks */
        uint32_t sum = 0;
        for (int i = 0; i < 9; i++) {
            assert_true(a[i] < 10);
            assert_true(i == 0 || a[i] > a[i - 1]); /* increasing: distinct */
            sum += a[i];
        }
        left_out[45 - sum]++;
    }
    for (int u = 0; u < 10; u++) /* 40 expected each; far outside [15, 70] is a bias */
        assert_in_range(left_out[u], 15, 70);
    /* another seed or another draw is another sample */
    cn_stability_sample(7, 0, 10, 9, a, &err);
    cn_stability_sample(8, 0, 10, 9, b, &err);
    uint32_t c[9];
    cn_stability_sample(7, 1, 10, 9, c, &err);
    assert_true(memcmp(a, b, sizeof a) != 0 || memcmp(a, c, sizeof a) != 0);
    assert_int_equal(cn_stability_sample(7, 0, 5, 6, a, &err), CN_EINVALID);
}

static void jaccard_of_the_best_match(void **state)
{
    (void)state;
    cn_error err = {0};
    /* units 0-9 in the whole: class 1 = {0,1,2,3}, class 2 = {4,5,6}, 0 = {7,8,9} */
    const uint32_t full[10] = {1, 1, 1, 1, 2, 2, 2, 0, 0, 0};
    /* drawn: all but unit 3 and 8; the draw's class 1 = {0,1,2,7}, class 2 = {4,5},
     * class 3 = {6,9} */
    const uint32_t rows[8] = {0, 1, 2, 4, 5, 6, 7, 9};
    const uint32_t sub[8] = {1, 1, 1, 2, 2, 3, 1, 3};
    double jac[2];
    assert_int_equal(cn_stability_match(full, 2, rows, sub, 3, 8, jac, &err), 0);
    assert_float_equal(jac[0], 3.0 / 4.0, 1e-12); /* {0,1,2} of {0,1,2,7} */
    assert_float_equal(jac[1], 2.0 / 3.0, 1e-12); /* {4,5} of {4,5,6} */
    /* a draw with no class finds nothing */
    const uint32_t none[8] = {0};
    assert_int_equal(cn_stability_match(full, 2, rows, none, 0, 8, jac, &err), 0);
    assert_float_equal(jac[0], 0, 0);
    assert_float_equal(jac[1], 0, 0);
}

static cn_stability_params params(int draws, int threads)
{
    cn_stability_params sp = {.draws = draws, .seed = 42, .threads = threads};
    return sp;
}

static void a_robust_class_and_a_noise_class(void **state)
{
    (void)state;
    cn_sparse *m = two_blocks();
    /* the classification assessed: class 1 the block of its own, class 2 eight rows picked
     * out of the structureless ones (what a class made of noise looks like) */
    uint32_t class_of[60] = {0}, size[2] = {30, 8};
    for (uint32_t i = 0; i < 30; i++)
        class_of[i] = 1;
    for (uint32_t i = 30; i < 54; i += 3)
        class_of[i] = 2;
    cn_dhc d = {.nrows = 60, .nclasses = 2, .class_of = class_of, .class_size = size};
    cn_dhc_params dp = cn_dhc_defaults();
    dp.nbcl_p1 = 2;
    dp.mincl = 5;
    cn_stability_params sp = params(20, 2);
    cn_stability *s;
    cn_error err = {0};
    assert_int_equal(cn_stability_simple(m, &dp, &d, &sp, &s, &err), 0);
    assert_int_equal(s->draws, 20);
    assert_int_equal(s->units, 60);
    assert_int_equal(s->drawn, 54);
    assert_int_equal(s->nclasses, 2);
    assert_float_equal(s->classes[0].mean, 1, 1e-12);
    assert_float_equal(s->classes[0].min, 1, 1e-12);
    assert_int_equal(s->classes[0].found, 20);
    assert_true(s->classes[1].mean < 0.35);
    assert_true(s->classes[1].min <= s->classes[1].mean);
    assert_int_equal(s->classes[1].found, 0);
    cn_stability_free(s);
    cn_sparse_free(m);
}

static void threads_change_nothing(void **state)
{
    (void)state;
    cn_sparse *m = noisy_themes();
    cn_dhc_params dp = cn_dhc_defaults();
    dp.nbcl_p1 = 4;
    cn_dhc *d;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &dp, &d, &err), 0);
    assert_true(d->nclasses >= 2);
    cn_stability *s[3];
    const int threads[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        cn_stability_params sp = params(9, threads[t]);
        assert_int_equal(cn_stability_simple(m, &dp, d, &sp, &s[t], &err), 0);
    }
    size_t cells = (size_t)9 * (size_t)d->nclasses;
    bool varies = false; /* the test means something only if draws differ */
    for (size_t i = 1; i < cells; i++)
        varies |= s[0]->jaccard[i] != s[0]->jaccard[0];
    assert_true(varies);
    for (int t = 1; t < 3; t++) {
        assert_memory_equal(s[0]->jaccard, s[t]->jaccard, cells * sizeof(double));
        assert_memory_equal(s[0]->classes, s[t]->classes,
                            (size_t)d->nclasses * sizeof *s[0]->classes);
    }
    /* another seed draws other subsamples */
    cn_stability_params sp = params(9, 2);
    sp.seed = 43;
    cn_stability *other;
    assert_int_equal(cn_stability_simple(m, &dp, d, &sp, &other, &err), 0);
    assert_true(memcmp(other->jaccard, s[0]->jaccard, cells * sizeof(double)) != 0);
    cn_stability_free(other);
    for (int t = 0; t < 3; t++)
        cn_stability_free(s[t]);
    cn_dhc_free(d);
    cn_sparse_free(m);
}

static void double_classification_draws(void **state)
{
    (void)state;
    cn_sparse *m = noisy_themes();
    /* UCs of 2 and of 3 consecutive segments, never across a theme (80 = 2 x 40 = 3 x 26 + 2) */
    uint32_t uc1[240], uc2[240];
    for (uint32_t i = 0; i < 240; i++) {
        uc1[i] = i / 2;
        uc2[i] = (i / 80) * 27 + (i % 80) / 3;
    }
    cn_sparse *m1, *m2;
    uint32_t r1[240 * 40], c1[240 * 40], r2[240 * 40], c2[240 * 40];
    size_t n = 0;
    for (uint32_t i = 0; i < 240; i++)
        for (size_t q = m->rowptr[i]; q < m->rowptr[i + 1]; q++) {
            r1[n] = uc1[i];
            r2[n] = uc2[i];
            c1[n] = c2[n] = m->colidx[q];
            n++;
        }
    cn_error err = {0};
    assert_int_equal(cn_sparse_from_pairs(120, 40, r1, c1, n, &m1, &err), 0);
    assert_int_equal(cn_sparse_from_pairs(81, 40, r2, c2, n, &m2, &err), 0);
    cn_dhc_params dp = cn_dhc_defaults();
    dp.nbcl_p1 = 4;
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 240, &dp, NULL, 1, &d, &err), 0);
    assert_true(d->nclasses >= 2);
    cn_stability *a, *b;
    cn_stability_params sp1 = params(6, 1), sp2 = params(6, 2);
    assert_int_equal(cn_stability_double(m, uc1, uc2, &dp, d, &sp1, &a, &err), 0);
    assert_int_equal(cn_stability_double(m, uc1, uc2, &dp, d, &sp2, &b, &err), 0);
    size_t cells = (size_t)6 * (size_t)d->nclasses;
    assert_memory_equal(a->jaccard, b->jaccard, cells * sizeof(double));
    /* the planted themes are what the double classification finds: they come back */
    double best = 0;
    for (int k = 0; k < d->nclasses; k++)
        best = a->classes[k].mean > best ? a->classes[k].mean : best;
    assert_true(best > 0.5);
    cn_stability_free(a);
    cn_stability_free(b);
    cn_dhc_free(d);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
    cn_sparse_free(m);
}

static void draws_out_of_range_are_refused(void **state)
{
    (void)state;
    cn_sparse *m = two_blocks();
    uint32_t class_of[60] = {0}, size[1] = {60};
    for (uint32_t i = 0; i < 60; i++)
        class_of[i] = 1;
    cn_dhc d = {.nrows = 60, .nclasses = 1, .class_of = class_of, .class_size = size};
    cn_dhc_params dp = cn_dhc_defaults();
    cn_stability *s = (cn_stability *)&d; /* must come back NULL */
    cn_error err = {0};
    const int bad[3] = {0, -1, CN_STABILITY_MAX_DRAWS + 1};
    for (int i = 0; i < 3; i++) {
        cn_stability_params sp = params(bad[i], 2);
        assert_int_equal(cn_stability_simple(m, &dp, &d, &sp, &s, &err), CN_EINVALID);
        assert_null(s);
    }
    /* a classification of other units than the matrix's rows */
    d.nrows = 59;
    cn_stability_params sp = params(3, 1);
    assert_int_equal(cn_stability_simple(m, &dp, &d, &sp, &s, &err), CN_EINVALID);
    cn_sparse_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(samples_are_seeded_sorted_and_fair),
        cmocka_unit_test(jaccard_of_the_best_match),
        cmocka_unit_test(a_robust_class_and_a_noise_class),
        cmocka_unit_test(threads_change_nothing),
        cmocka_unit_test(double_classification_draws),
        cmocka_unit_test(draws_out_of_range_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
