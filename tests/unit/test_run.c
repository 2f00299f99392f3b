/* test_run.c — the whole analysis through the library alone, as a GUI or a binding would
 * run it: cn_run on a small corpus of two planted themes finds them, cn_run_write leaves
 * every file, cn_run_by lets a cohort fail on its own. No CLI involved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "carnet/manifest.h"
#include "carnet/run.h"
#include "helpers.h"

static const char *const garden[] = {"jardin",  "fleurs",  "arrosage", "soleil", "terre",
                                     "graines", "potager", "tomates",  "pluie",  "racines"};
static const char *const garage[] = {"voiture", "moteur", "garage", "route", "essence",
                                     "pneus",   "volant", "freins", "huile", "phares"};

/* 40 texts of 30 words, each drawn (by a fixed LCG) from one theme's ten words: odd texts
 * are about the garden, even ones about the garage; *site_ alternates by pairs. extra,
 * when not NULL, is written first. */
static char *write_corpus(const char *dir, const char *extra)
{
    size_t cap = 64 * 1024, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    unsigned seed = 7;
    if (extra)
        n += (size_t)snprintf(text + n, cap - n, "%s", extra);
    for (int t = 0; t < 40; t++) {
        const char *const *theme = t % 2 ? garden : garage;
        n += (size_t)snprintf(text + n, cap - n, "**** *theme_%s *site_s%d\n", t % 2 ? "a" : "b",
                              1 + (t / 2) % 2);
        for (int w = 0; w < 30; w++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)snprintf(text + n, cap - n, "%s%s", theme[(seed >> 16) % 10],
                                  w % 10 == 9 ? ".\n" : " ");
        }
        n += (size_t)snprintf(text + n, cap - n, "\n");
    }
    char *path = test_write_file(dir, extra ? "small.txt" : "corpus.txt", text, n);
    free(text);
    return path;
}

static bool exists(const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

static cn_run_params quiet_params(void)
{
    cn_run_params params = cn_run_defaults();
    params.pipeline.segment_size = 10;
    return params;
}

/* The run of the two-theme corpus written in dir (its path into *corpus). */
static cn_run_result *run_two_themes(const char *dir, char **corpus)
{
    *corpus = write_corpus(dir, NULL);
    cn_run_params params = quiet_params();
    cn_run_result *run = NULL;
    cn_error err = {0};
    if (cn_run(*corpus, &params, &run, &err) < 0)
        fail_msg("cn_run: %s", err.msg);
    return run;
}

static void finds_the_two_themes(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *corpus;
    cn_run_result *run = run_two_themes(dir, &corpus);
    cn_error err = {0};
    assert_int_equal(run->stats.texts, 40);
    assert_int_equal(run->stats.occurrences, 40 * 30);
    /* random words within a theme may be split further, but no class mixes the themes */
    assert_true(run->d->nclasses >= 2);
    int class_theme[64];
    bool theme_seen[2] = {false, false};
    memset(class_theme, -1, sizeof class_theme);
    for (uint32_t s = 0; s < run->p->nsegs; s++) {
        uint32_t k = run->d->class_of[s];
        int theme = (int)(run->p->segs[s].text % 2);
        if (k == 0 || k >= 64)
            continue;
        if (class_theme[k] < 0)
            class_theme[k] = theme;
        assert_int_equal(class_theme[k], theme);
        theme_seen[theme] = true;
    }
    assert_true(theme_seen[0] && theme_seen[1]);
    assert_true(run->pr->classified >= run->p->nsegs / 2);
    assert_true(run->afc.ok);
    assert_true(run->specif.nvars == 2); /* site and theme */

    char *out = malloc(strlen(dir) + 8);
    sprintf(out, "%s/out", dir);
    if (cn_run_write(run, out, &err) < 0)
        fail_msg("cn_run_write: %s", err.msg);
    const char *files[] = {"segments.csv",
                           "profiles.csv",
                           "profiles_iramuteq.csv",
                           "modalities.csv",
                           "typical_segments.csv",
                           "afc_axes.csv",
                           "specificities_theme.csv",
                           "similitude.graphml",
                           "classes.json",
                           "corpus_stats.json",
                           "frequencies.csv",
                           "report.html",
                           "dendrogram.svg",
                           "dendrogram.png",
                           "manifest.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (!exists(out, files[i]))
            fail_msg("cn_run_write left no %s", files[i]);
    assert_false(exists(out, "dtm.mtx")); /* only when asked */
    /* the manifest records the run as it was made */
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/manifest.json", out);
    cn_manifest m;
    assert_int_equal(cn_manifest_read(mpath, &m, &err), 0);
    assert_string_equal(m.input_path, corpus);
    assert_int_equal(m.segment_size, 10);
    assert_false(m.double_method);
    cn_manifest_free(&m);
    cn_run_free(run);
    free(out);
    free(corpus);
    free(dir);
}

static char *slurp(const char *dir, const char *name)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 22);
    size_t n = fread(buf, 1, (1 << 22) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Two figures that cannot be written (a folder stands where their file goes) are left out
 * of a page that is still written, and the message is the later one's in the page (the
 * call says what failed last, as report.h promises). */
static void failed_figures_leave_the_page(void **state)
{
    (void)state;
    char *dir = test_tempdir(), *corpus;
    cn_run_result *run = run_two_themes(dir, &corpus);
    cn_error err = {0};
    char out[4000], blocker[4100];
    snprintf(out, sizeof out, "%s/rep", dir);
    assert_int_equal(mkdir(out, 0700), 0);
    snprintf(blocker, sizeof blocker, "%s/dendrogram.svg", out);
    assert_int_equal(mkdir(blocker, 0700), 0);
    snprintf(blocker, sizeof blocker, "%s/zipf.png", out);
    assert_int_equal(mkdir(blocker, 0700), 0);
    cn_report rep = cn_run_report(run, out);
    assert_int_equal(cn_report_write(&rep, &err), -1);
    assert_non_null(strstr(err.msg, "zipf"));
    char *page = slurp(out, "report.html");
    assert_null(strstr(page, "fig-dendrogram"));
    assert_null(strstr(page, "fig-zipf"));
    assert_non_null(strstr(page, "fig-tree_phase1"));
    assert_non_null(strstr(page, "fig-similitude"));
    free(page);
    cn_run_free(run);
    free(corpus);
    free(dir);
}

static void too_little_text(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    const char tiny[] = "**** *site_x\nUn mot.\n";
    char *corpus = test_write_file(dir, "tiny.txt", tiny, sizeof tiny - 1);
    cn_run_params params = quiet_params();
    cn_run_result *run = (cn_run_result *)&params; /* must be reset to NULL */
    cn_error err = {0};
    assert_int_equal(cn_run(corpus, &params, &run, &err), -1);
    assert_null(run);
    assert_non_null(strstr(err.msg, "too little text to classify"));
    free(corpus);
    free(dir);
}

typedef struct seen {
    int done, failed;
    char first[64]; /* the first run reported: the whole corpus's */
    char failure[CN_ERROR_MAX];
} seen;

static void count_cohort(void *ctx, const char *cohort, const char *dir, const cn_run_result *run,
                         const char *failure)
{
    seen *s = ctx;
    (void)dir;
    if (s->done++ == 0)
        snprintf(s->first, sizeof s->first, "%s", cohort);
    if (!run) {
        s->failed++;
        snprintf(s->failure, sizeof s->failure, "%s: %s", cohort, failure);
    }
}

static void a_small_cohort_fails_alone(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *corpus = write_corpus(dir, "**** *site_a0 *theme_a\nUn mot.\n\n");
    cn_run_params params = quiet_params();
    params.pipeline.segment_size = 40; /* the whole of a text: quicker */
    seen s = {0};
    cn_error err = {0};
    char *out = malloc(strlen(dir) + 8);
    sprintf(out, "%s/by", dir);
    if (cn_run_by(corpus, &params, "site", out, count_cohort, &s, &err) < 0)
        fail_msg("cn_run_by: %s", err.msg);
    assert_int_equal(s.done, 4); /* the whole corpus, then the three cohorts */
    assert_string_equal(s.first, "all");
    assert_int_equal(s.failed, 1);
    assert_true(exists(out, "all/report.html"));
    assert_non_null(strstr(s.failure, "site_a0: "));
    assert_non_null(strstr(s.failure, "too little text"));
    assert_true(exists(out, "site_s1/report.html"));
    assert_true(exists(out, "site_s2/report.html"));
    assert_true(exists(out, "by_site.html"));
    char path[4200];
    snprintf(path, sizeof path, "%s/by_site.csv", out);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    int s1 = 0, s2 = 0, a0 = 0;
    while (fgets(line, sizeof line, f)) {
        s1 += strncmp(line, "site_s1,", 8) == 0 && strncmp(line, "site_s1,0,", 10) != 0;
        s2 += strncmp(line, "site_s2,", 8) == 0 && strncmp(line, "site_s2,0,", 10) != 0;
        a0 += strncmp(line, "site_a0,0,0,,,,", 15) == 0 && strstr(line, "too little text");
    }
    fclose(f);
    assert_true(s1 >= 2);
    assert_true(s2 >= 2);
    assert_int_equal(a0, 1);
    free(out);
    free(corpus);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_two_themes),
        cmocka_unit_test(too_little_text),
        cmocka_unit_test(failed_figures_leave_the_page),
        cmocka_unit_test(a_small_cohort_fails_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
