/* The concordance's rules (kwic.h), through the library: a run written, then its words
 * found again as the run counted them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "carnet/kwic.h"
#include "carnet/run.h"
#include "helpers.h"

static const char *const garden[] = {"jardin",  "jardins", "fleurs", "arrosé", "terre",
                                     "graines", "pelouse", "arbre",  "soleil", "potager"};
static const char *const garage[] = {"voiture", "moteur", "garage", "route", "essence",
                                     "pneus",   "volant", "freins", "huile", "phares"};

typedef struct corpus {
    char *dir, *path, *out;
    size_t jardin, jardins; /* occurrences written */
} corpus;

/* 40 texts of 30 words drawn by a fixed LCG from one theme's ten words (odd texts the
 * garden's), run into dir/out. */
static void run_corpus(corpus *c)
{
    c->dir = test_tempdir();
    size_t cap = 64 * 1024, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    unsigned seed = 7;
    c->jardin = c->jardins = 0;
    for (int t = 0; t < 40; t++) {
        const char *const *theme = t % 2 ? garden : garage;
        n += (size_t)snprintf(text + n, cap - n, "**** *theme_%s\n", t % 2 ? "a" : "b");
        for (int w = 0; w < 30; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *word = theme[(seed >> 16) % 10];
            c->jardin += strcmp(word, "jardin") == 0;
            c->jardins += strcmp(word, "jardins") == 0;
            n += (size_t)snprintf(text + n, cap - n, "%s%s", word, w % 10 == 9 ? ".\n" : " ");
        }
        n += (size_t)snprintf(text + n, cap - n, "\n");
    }
    c->path = test_write_file(c->dir, "corpus.txt", text, n);
    free(text);
    c->out = malloc(strlen(c->dir) + 8);
    sprintf(c->out, "%s/out", c->dir);
    cn_run_params params = cn_run_defaults();
    params.pipeline.segment_size = 10;
    cn_run_result *run = NULL;
    cn_error err = {0};
    if (cn_run_into(c->path, &params, c->out, &run, &err) < 0)
        fail_msg("cn_run_into: %s", err.msg);
    cn_run_free(run);
}

static void corpus_free(corpus *c)
{
    free(c->path);
    free(c->out);
    free(c->dir);
}

typedef struct seen {
    size_t jardin, jardins, other;
} seen;

/* Each hit's occurrence, as the segment holds it. */
static int note(const cn_kwic_hit *hit, void *ctx)
{
    seen *s = ctx;
    size_t len = hit->end - hit->start;
    assert_true(hit->end <= hit->length);
    const char *at = hit->segment + hit->start;
    if (len == 6 && memcmp(at, "jardin", 6) == 0)
        s->jardin++;
    else if (len == 7 && memcmp(at, "jardins", 7) == 0)
        s->jardins++;
    else
        s->other++;
    assert_int_equal(hit->nstars, 1);
    assert_string_equal(hit->stars[0], "*theme_a");
    assert_true(hit->text % 2 == 0); /* numbered from 1: the odd texts of 0 */
    return 0;
}

static void finds_the_forms_of_a_lemma_or_the_form_alone(void **state)
{
    (void)state;
    corpus c;
    run_corpus(&c);
    assert_true(c.jardin > 0 && c.jardins > 0);
    cn_error err = {0};
    for (int exact = 0; exact < 2; exact++) {
        cn_kwic_options opt = {NULL, NULL, -1, exact};
        cn_kwic *k = NULL;
        if (cn_kwic_open(c.out, "jardin", &opt, &k, &err) < 0)
            fail_msg("cn_kwic_open: %s", err.msg);
        seen s = {0};
        size_t hits = 0;
        assert_int_equal(cn_kwic_each(k, note, &s, &hits, &err), 0);
        assert_int_equal(s.jardin, c.jardin);
        assert_int_equal(s.jardins, exact ? 0 : c.jardins);
        assert_int_equal(s.other, 0);
        assert_int_equal(hits, s.jardin + s.jardins);
        assert_string_equal(cn_kwic_widened(k), exact ? "" : " and the other forms of its lemma");
        cn_kwic_free(k);
    }
    corpus_free(&c);
}

static void say_form(const char *form, uint64_t count, void *ctx)
{
    snprintf(ctx, 64, "%s %llu", form, (unsigned long long)count);
}

/* A spelling without its accent finds nothing by itself: the corpus's is given. */
static void names_the_corpus_spelling(void **state)
{
    (void)state;
    corpus c;
    run_corpus(&c);
    cn_error err = {0};
    cn_kwic_options opt = {NULL, NULL, -1, true};
    cn_kwic *k = NULL;
    assert_int_equal(cn_kwic_open(c.out, "arrose", &opt, &k, &err), 0);
    seen s = {0};
    size_t hits = 0;
    assert_int_equal(cn_kwic_each(k, note, &s, &hits, &err), 0);
    assert_int_equal(hits, 0);
    char said[64] = "";
    assert_int_equal(cn_kwic_spellings(k, 5, say_form, said), 1);
    assert_non_null(strstr(said, "arrosé "));
    cn_kwic_free(k);
    corpus_free(&c);
}

/* What would give a concordance that is not the run's is refused, naming why. */
static void refuses_what_is_not_the_run(void **state)
{
    (void)state;
    corpus c;
    run_corpus(&c);
    cn_error err = {0};
    cn_kwic *k = NULL;
    cn_kwic_options high = {NULL, NULL, 99, false};
    assert_int_equal(cn_kwic_open(c.out, "jardin", &high, &k, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "--class 99: the run has classes 1 to"));
    assert_null(k);
    cn_where where = {0};
    assert_int_equal(cn_where_add(&where, "theme=c", &err), 0);
    cn_kwic_options other = {NULL, &where, -1, false};
    assert_true(cn_kwic_open(c.out, "jardin", &other, &k, &err) < 0);
    assert_non_null(strstr(err.msg, "theme"));
    cn_kwic_options plain = {NULL, NULL, -1, false};
    assert_int_equal(cn_kwic_open(c.out, "deux mots", &plain, &k, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "2 words"));
    FILE *f = fopen(c.path, "a");
    assert_non_null(f);
    fputs("**** *theme_a\njardin.\n", f);
    fclose(f);
    assert_int_equal(cn_kwic_open(c.out, "jardin", &plain, &k, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "changed since the run"));
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_forms_of_a_lemma_or_the_form_alone),
        cmocka_unit_test(names_the_corpus_spelling),
        cmocka_unit_test(refuses_what_is_not_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
