/* test_specif.c — specificities against reinert-spec.md E.8's table (computed with R's
 * phyper): F = 296, t = 1084, T = 61449, expected count 5.2216; and the specificities by
 * variable scored with a helping thread (a run's) give the rows they give alone. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>

#include "carnet/specif.h"
#include "carnet/varspec.h"
#include "helpers.h"

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

/* Tails below the smallest double, where GSL's sum gives 0 (for the long one, after a
 * million terms): the score is summed in logs, finite and far within the four decimals
 * written (trial 65: Inf could not
 * be ranked). The values: the product of the ratios (2000 of them) and the tail summed from
 * log-binomials, in Python; four decimals are written. */
static void tails_beyond_a_double(void **state)
{
    (void)state;
    /* a word wholly in a part of a million of a billion words: P(X >= 2000) ~ 1e-6001 */
    assert_true(gsl_cdf_hypergeometric_Q(1999, 2000, 1000000000 - 2000, 1000000) == 0);
    assert_true(fabs(cn_specificity(2000, 2000, 1000000, 1000000000) - 6000.867865718) < 1e-5);
    /* 100 of an expected 1000, in a part of 2000: P(X <= 100) ~ 1e-432 */
    assert_true(gsl_cdf_hypergeometric_P(100, 500000, 500000, 2000) == 0);
    assert_true(fabs(cn_specificity(100, 500000, 2000, 1000000) + 431.7013207814) < 1e-5);
    /* either side of the smallest double, the scores follow on: GSL's, then the logs' */
    double last = 0;
    for (uint64_t f = 280; f <= 340; f++) {
        double score = cn_specificity(f, 340, 100000, 1000000);
        assert_true(isfinite(score) && score > last);
        last = score;
    }
    /* and just inside the doubles, finite: P(X >= 300) ~ 1e-300 for a word of 300 */
    double near = cn_specificity(300, 300, 100000, 1000000);
    assert_true(isfinite(near) && near > 290);
}

/* 1,500 texts of 600 participants (and 3 sites), words from a small vocabulary. */
static char *participants_corpus(void)
{
    static const char *const words[] = {"jardin", "voiture", "maison", "fleur",  "moteur",
                                        "soleil", "route",   "pluie",  "garage", "terre",
                                        "arbre",  "essence", "chemin", "graine", "pneu"};
    size_t cap = 1 << 21, n = 0;
    char *c = malloc(cap);
    unsigned x = 11;
    for (int t = 0; t < 1500; t++) {
        n += (size_t)snprintf(c + n, cap - n, "**** *part_p%03d *site_s%d\n", t % 600, t % 3);
        for (int w = 0; w < 24; w++) {
            x = x * 1103515245u + 12345u;
            n += (size_t)snprintf(c + n, cap - n, "%s%s", words[(x >> 16) % 15],
                                  w % 8 == 7 ? ".\n" : " ");
        }
    }
    return c;
}

typedef struct computing {
    const cn_prepared *p;
    cn_varspec_share *share;
    cn_varspec out;
    int rc;
} computing;

static void *compute_shared(void *arg)
{
    computing *c = arg;
    cn_error err = {0};
    c->rc = cn_varspec_compute_shared(c->p, 1, c->share, &c->out, &err);
    return NULL;
}

static void assert_same_varspec(const cn_varspec *a, const cn_varspec *b)
{
    assert_int_equal(a->nvars, b->nvars);
    for (size_t v = 0; v < a->nvars; v++) {
        assert_string_equal(a->vars[v].var, b->vars[v].var);
        assert_int_equal(a->vars[v].nmods, b->vars[v].nmods);
        assert_int_equal(a->vars[v].nrows, b->vars[v].nrows);
        assert_int_equal(a->vars[v].per_modality, b->vars[v].per_modality);
        for (size_t r = 0; r < a->vars[v].nrows; r++) { /* field by field */
            const cn_varspec_row *x = &a->vars[v].rows[r], *y = &b->vars[v].rows[r];
            assert_int_equal(x->lemma, y->lemma);
            assert_int_equal(x->f, y->f);
            assert_memory_equal(&x->spec, &y->spec, sizeof x->spec);
        }
    }
}

/* A run's thread scores beside the specificities' own (cn_varspec_help): the same rows
 * as one thread alone, whether it arrives first, or after the computation is over. */
static void a_helper_gives_the_same_rows(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *text = participants_corpus();
    char *path = test_write_file(dir, "corpus.txt", text, strlen(text));
    cn_pipeline_params pp = cn_pipeline_defaults();
    pp.min_freq = 1;
    cn_prepared *p = NULL;
    cn_error err = {0};
    assert_int_equal(cn_prepare(path, &pp, &p, &err), 0);
    cn_varspec alone;
    assert_int_equal(cn_varspec_compute(p, 1, &alone, &err), 0);
    assert_int_equal(alone.nvars, 2);
    for (int late = 0; late <= 1; late++) {
        computing c = {.p = p, .share = cn_varspec_share_new()};
        assert_non_null(c.share);
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, compute_shared, &c), 0);
        if (late)
            pthread_join(t, NULL);
        cn_varspec_help(c.share); /* returns once the computation is over */
        if (!late)
            pthread_join(t, NULL);
        assert_int_equal(c.rc, 0);
        assert_same_varspec(&alone, &c.out);
        cn_varspec_free(&c.out);
        cn_varspec_share_free(c.share);
    }
    cn_varspec_free(&alone);
    cn_prepared_free(p);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_the_spec_table),
        cmocka_unit_test(signs_and_extremes),
        cmocka_unit_test(tails_beyond_a_double),
        cmocka_unit_test(a_helper_gives_the_same_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
