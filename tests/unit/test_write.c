/* test_write.c — a run's results and files do not depend on the threads that made them
 * (issue 12): the specificities scored on 1, 3 or 4 threads give the same rows, each the
 * score cn_specificity gives, in order; the folder written on 1 or 4 threads holds the same
 * files with the same bytes (but manifest.json, which records the timings); tasks on threads
 * report the error a plain sequence would. */
#define _DEFAULT_SOURCE /* setgroups: a child process as nobody */
#include <dirent.h>
#include <grp.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/jobs.h"
#include "carnet/outfile.h"
#include "carnet/outguard.h"
#include "carnet/run.h"
#include "carnet/specif.h"
#include "helpers.h"
#include "../../analysis/run_write.h"

static const char *const words[] = {"jardin",  "fleurs",  "arrosage", "soleil", "terre",
                                    "graines", "potager", "tomates",  "pluie",  "racines",
                                    "voiture", "moteur",  "garage",   "route",  "essence",
                                    "pneus",   "volant",  "freins",   "huile",  "phares"};

/* 120 texts of 40 words drawn (by a fixed LCG) mostly from one half of the words, with
 * *part_ taking 24 modalities and *site_ 3: enough modalities for several threads. And 40
 * rarer words ("kbaul"...) of 3 occurrences each, in 3, 2 or 1 texts: lemmas of the same
 * total with different counts in a modality, whose scores differ. */
static char *write_corpus(const char *dir)
{
    size_t cap = 256 * 1024, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    unsigned seed = 11;
    for (int t = 0; t < 120; t++) {
        n += (size_t)snprintf(text + n, cap - n, "**** *part_p%02d *site_s%d\n", t % 24, t % 3);
        for (int w = 0; w < 40; w++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            int half = (r % 5 == 0) ? 1 - t % 2 : t % 2; /* a fifth from the other theme */
            n += (size_t)snprintf(text + n, cap - n, "%s%s", words[10 * half + (r >> 4) % 10],
                                  w % 10 == 9 ? ".\n" : " ");
        }
        for (int j = 0; j < 40; j++) {
            /* word j's 3 occurrences: 1 + 1 + 1, 2 + 1 or 3, from text 7j on */
            int a = 7 * j % 120, b = (7 * j + 31) % 120, c = (7 * j + 62) % 120;
            int times = t == a ? 1 + (j % 3 == 1) + 2 * (j % 3 == 2)
                               : (t == b && j % 3 < 2) || (t == c && j % 3 == 0);
            for (int i = 0; i < times; i++)
                n +=
                    (size_t)snprintf(text + n, cap - n, "k%c%cul ", 'a' + j / 26 + 1, 'a' + j % 26);
        }
        n += (size_t)snprintf(text + n, cap - n, "\n");
    }
    char *path = test_write_file(dir, "corpus.txt", text, n);
    free(text);
    return path;
}

static cn_run_result *run_on(const char *corpus, int threads)
{
    cn_run_params params = cn_run_defaults();
    params.pipeline.segment_size = 10;
    params.threads = threads;
    cn_run_result *run = NULL;
    cn_error err = {0};
    if (cn_run(corpus, &params, &run, &err) < 0)
        fail_msg("cn_run on %d threads: %s", threads, err.msg);
    return run;
}

static void same_specificities(const cn_varspec *a, const cn_varspec *b)
{
    assert_int_equal(a->nvars, b->nvars);
    for (size_t i = 0; i < a->nvars; i++) {
        assert_int_equal(a->vars[i].nrows, b->vars[i].nrows);
        assert_memory_equal(a->vars[i].rows, b->vars[i].rows,
                            a->vars[i].nrows * sizeof *a->vars[i].rows);
    }
}

/* Every row is the score of its counts, rounded to 4 decimals, and the rows of a variable
 * come by modality, then score descending, then lemma. */
static void scored_and_sorted(const cn_varspec *s)
{
    uint64_t T = 0;
    for (size_t i = 0; i < s->nvars; i++) {
        const cn_varspec_var *v = &s->vars[i];
        T = 0;
        for (uint32_t k = 0; k < v->nmods; k++)
            T += v->mod_total[k];
        assert_int_equal(v->nrows, (size_t)v->nmods * v->per_modality);
        for (size_t r = 0; r < v->nrows; r++) {
            const cn_varspec_row *row = &v->rows[r];
            double want = cn_specificity(row->f, v->form_total[row->lemma],
                                         v->mod_total[r / v->per_modality], T);
            assert_true(row->spec == round(1e4 * want) / 1e4);
            if (r % v->per_modality == 0)
                continue; /* a modality's first row */
            const cn_varspec_row *prev = &v->rows[r - 1];
            assert_true(prev->spec > row->spec ||
                        (prev->spec == row->spec && prev->lemma < row->lemma));
        }
    }
}

static void specificities_whatever_the_threads(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *corpus = write_corpus(dir);
    cn_run_result *one = run_on(corpus, 1), *three = run_on(corpus, 3), *four = run_on(corpus, 4);
    assert_int_equal(one->specif.nvars, 2); /* part and site */
    assert_int_equal(one->specif.vars[0].nmods, 24);
    scored_and_sorted(&one->specif);
    same_specificities(&one->specif, &three->specif);
    same_specificities(&one->specif, &four->specif);
    cn_run_free(one);
    cn_run_free(three);
    cn_run_free(four);
    free(corpus);
    free(dir);
}

/* A run that fails after its specificities were started on their own thread (labels for a
 * class it does not have): the error of that stage, nothing left running or leaked (the
 * sanitizer build checks). */
static void fails_with_specificities_running(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *corpus = write_corpus(dir);
    char *labels[CN_RUN_MAX_LABELS + 1] = {NULL};
    labels[CN_RUN_MAX_LABELS] = "a class no run of this corpus has";
    for (int threads = 1; threads <= 4; threads += 3) {
        cn_run_params params = cn_run_defaults();
        params.pipeline.segment_size = 10;
        params.threads = threads;
        params.labels = labels;
        cn_run_result *run = NULL;
        cn_error err = {0};
        assert_true(cn_run(corpus, &params, &run, &err) < 0);
        assert_int_equal(err.code, CN_EINVALID);
        assert_null(run);
        assert_non_null(strstr(err.msg, "--labels names class 256"));
    }
    free(corpus);
    free(dir);
}

/* The order the tables read: score descending, then lemma (0.0 and -0.0 tie). */
static int by_score(const void *x, const void *y)
{
    const cn_varspec_row *a = x, *b = y;
    if (a->spec != b->spec)
        return a->spec > b->spec ? -1 : 1;
    return (a->lemma > b->lemma) - (a->lemma < b->lemma);
}

/* Passes 0 to 3: any doubles, NaN-free; 4 and 5: what scoring gives, whole numbers of
 * ten-thousandths and infinities (sorted by their packed ranks). */
static void sort_like_qsort(void **state)
{
    (void)state;
    const double scores[] = {0.0,  -0.0,     INFINITY, -INFINITY, 1e-4,  -1e-4,  2.5,
                             -2.5, 300.1234, -0.0001,  16.0691,   1e300, -1e-300};
    size_t n = 5000;
    cn_varspec_row *rows = malloc(n * sizeof *rows), *want = malloc(n * sizeof *rows);
    assert_non_null(rows);
    assert_non_null(want);
    unsigned seed = 5;
    const double ends[] = {INFINITY, -INFINITY, 0.0, -0.0};
    for (int pass = 0; pass < 6; pass++) {
        for (size_t i = 0; i < n; i++) { /* ascending lemmas, many equal scores */
            seed = seed * 1103515245u + 12345u;
            double x = pass < 2 ? scores[(seed >> 16) % (sizeof scores / sizeof *scores)]
                                : ((double)((seed >> 8) % 20001) - 10000) / 1e4 * 50;
            if (pass >= 4)
                x = seed % 9 == 0 ? ends[(seed >> 4) % 4] : round(1e4 * x * 7.3) / 1e4;
            rows[i] = (cn_varspec_row){(uint32_t)(2 * i + pass), seed % 7, x};
        }
        memcpy(want, rows, n * sizeof *rows);
        qsort(want, n, sizeof *want, by_score);
        cn_error err = {0};
        assert_int_equal(cn_varspec_sort(rows, n, &err), 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(rows[i].lemma, want[i].lemma);
            assert_int_equal(rows[i].f, want[i].f);
            assert_memory_equal(&rows[i].spec, &want[i].spec, sizeof rows[i].spec);
        }
    }
    free(rows);
    free(want);
}

/* The bytes of dir/name, malloc'd, their number in *n. */
static char *slurp(const char *dir, const char *name, size_t *n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    char *data = malloc((size_t)len + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return data;
}

/* Every file of a (but manifest.json) is in b with the same bytes, and as many files. */
static void same_folders(const char *a, const char *b)
{
    DIR *d = opendir(a);
    assert_non_null(d);
    int files = 0, others = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".carnet-files") != 0)
            continue;
        files++;
        if (strcmp(e->d_name, "manifest.json") == 0)
            continue;
        size_t na, nb;
        char *x = slurp(a, e->d_name, &na), *y = slurp(b, e->d_name, &nb);
        if (na != nb || memcmp(x, y, na) != 0)
            fail_msg("%s differs between %s and %s", e->d_name, a, b);
        free(x);
        free(y);
    }
    closedir(d);
    d = opendir(b);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        others += e->d_name[0] != '.' || strcmp(e->d_name, ".carnet-files") == 0;
    closedir(d);
    assert_int_equal(files, others);
    assert_true(files > 20);
}

/* The files are the same bytes on 1 and 4 threads, and when cn_run_into writes them:
 * the specificities and hashes while the classification runs, the specificities alone
 * while the profiles are computed, or all in the writing stage on one thread. */
static void files_whatever_the_threads(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *corpus = write_corpus(dir);
    char out1[4200], out4[4200], into[4200];
    snprintf(out1, sizeof out1, "%s/one", dir);
    snprintf(out4, sizeof out4, "%s/four", dir);
    snprintf(into, sizeof into, "%s/into", dir);
    cn_run_result *one = run_on(corpus, 1), *four = run_on(corpus, 4), *early = NULL;
    cn_run_params params = cn_run_defaults();
    params.pipeline.segment_size = 10;
    params.early_rows = 1; /* written early, whatever their size */
    cn_error err = {0};
    if (cn_run_write(one, out1, &err) < 0 || cn_run_write(four, out4, &err) < 0 ||
        cn_run_into(corpus, &params, into, &early, &err) < 0)
        fail_msg("writing: %s", err.msg);
    assert_non_null(early);
    assert_true(early->specificities_early); /* the early path was taken */
    assert_false(early->specificities_apart);
    same_folders(out1, out4);
    same_folders(out1, into);
    cn_run_free(early);
    params.early_rows = CN_RUN_EARLY_ROWS; /* a small corpus: beside the report, as before */
    if (cn_run_into(corpus, &params, into, &early, &err) < 0)
        fail_msg("writing: %s", err.msg);
    assert_false(early->specificities_early);
    assert_true(early->specificities_apart); /* beside the profiles */
    same_folders(out1, into);
    cn_run_free(early);
    params.threads = 1; /* no thread to spare: the writing stage writes it all */
    if (cn_run_into(corpus, &params, into, &early, &err) < 0)
        fail_msg("writing: %s", err.msg);
    assert_false(early->specificities_early);
    assert_false(early->specificities_apart);
    same_folders(out1, into);
    cn_run_free(one);
    cn_run_free(four);
    cn_run_free(early);
    free(corpus);
    free(dir);
}

/* Each line of specificities_VAR.csv says its row: modality, form, count, the form's and
 * the modality's totals, and the score as printf's "%.4f" (or Inf), in the rows' order;
 * many rows share their score with the one before, whose text the writer reuses. */
static void specificity_files_say_their_rows(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *corpus = write_corpus(dir);
    cn_run_result *run = run_on(corpus, 2);
    cn_error err = {0};
    if (cn_varspec_write(dir, run->p, &run->specif, &err) < 0)
        fail_msg("writing: %s", err.msg);
    size_t repeated = 0;
    for (size_t i = 0; i < run->specif.nvars; i++) {
        const cn_varspec_var *v = &run->specif.vars[i];
        char name[200];
        snprintf(name, sizeof name, "specificities_%s.csv", v->var);
        size_t n;
        char *text = slurp(dir, name, &n), *line = strchr(text, '\n') + 1; /* past the header */
        for (size_t r = 0; r < v->nrows; r++) {
            const cn_varspec_row *row = &v->rows[r];
            size_t m = r / v->per_modality;
            char want[600], spec[64];
            if (isinf(row->spec))
                snprintf(spec, sizeof spec, "%s", row->spec > 0 ? "Inf" : "-Inf");
            else
                snprintf(spec, sizeof spec, "%.4f", row->spec);
            int len = snprintf(want, sizeof want, "%s,%s,%llu,%llu,%llu,%s\n", v->mods[m],
                               cn_lemma_name(run->p, row->lemma), (unsigned long long)row->f,
                               (unsigned long long)v->form_total[row->lemma],
                               (unsigned long long)v->mod_total[m], spec);
            assert_true(line + len <= text + n);
            assert_memory_equal(line, want, (size_t)len);
            line += len;
            repeated += r > 0 && row->spec == v->rows[r - 1].spec;
        }
        assert_ptr_equal(line, text + n);
        free(text);
    }
    assert_true(repeated > 100);
    cn_run_free(run);
    free(corpus);
    free(dir);
}

/* cn_run_into refuses a folder that cannot take a run before reading anything (the corpus
 * named here does not exist), and a run that fails leaves no folder and nothing beside. */
static void into_refuses_first_and_leaves_nothing(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char taken[4200], missing[4200], out[4200];
    snprintf(taken, sizeof taken, "%s/taken", dir);
    snprintf(missing, sizeof missing, "%s/no-such-corpus.txt", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(mkdir(taken, 0700), 0);
    free(test_write_file(taken, "notes.txt", "mine\n", 5));
    cn_run_params params = cn_run_defaults();
    cn_run_result *run = NULL;
    cn_error err = {0};
    assert_true(cn_run_into(missing, &params, taken, &run, &err) < 0);
    assert_null(run);
    assert_non_null(strstr(err.msg, "taken"));
    assert_null(strstr(err.msg, "no-such-corpus"));
    char dot[4200];
    snprintf(dot, sizeof dot, "%s/.", dir); /* "-o ." is the folder itself */
    const char *unnamed[] = {"", dot, "/"};
    for (int k = 0; k < 3; k++) {
        assert_true(cn_run_into(missing, &params, unnamed[k], &run, &err) < 0);
        assert_null(strstr(err.msg, "no-such-corpus"));
        assert_non_null(strstr(err.msg, "-o results"));
    }
    const char tiny[] = "**** *site_x\nUn mot.\n";
    char *corpus = test_write_file(dir, "tiny.txt", tiny, sizeof tiny - 1);
    assert_true(cn_run_into(corpus, &params, out, &run, &err) < 0);
    assert_non_null(strstr(err.msg, "too little text"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        entries += e->d_name[0] != '.'; /* taken and tiny.txt */
    closedir(d);
    assert_int_equal(entries, 2);
    free(corpus);
    free(dir);
}

/* A failure inside a run's temporary folder is told with the folder the user named: the
 * temporary one is gone when the message is read. */
static void failures_name_the_target(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/results", dir);
    cn_out_dir d;
    cn_error err = {0};
    assert_int_equal(cn_out_dir_begin(&d, out, NULL, &err), 0);
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s", d.tmp);
    cn_error_code(&err, CN_EIO, "%s/report.html: write error: No space left on device", d.tmp);
    cn_out_dir_fail(&d, &err);
    char want[4300];
    snprintf(want, sizeof want, "%s/report.html: write error: No space left on device", out);
    assert_string_equal(err.msg, want);
    struct stat st;
    assert_int_not_equal(stat(tmp, &st), 0);
    assert_int_not_equal(stat(out, &st), 0);
    /* a --by cohort's reason, kept in by_VAR.csv: named where the cohort will be */
    cn_error_set(&err, "sex_m: %s/sex_m/report.html: write error", tmp);
    cn_out_name_target(&err, tmp, out);
    snprintf(want, sizeof want, "sex_m: %s/sex_m/report.html: write error", out);
    assert_string_equal(err.msg, want);
    free(dir);
}

/* A file being written is held in the guard from its creation to its end, and the guard's
 * removal (what Ctrl+C sets off) deletes it: the export then fails, leaving its target as
 * it was. */
static void a_stopped_file_leaves_nothing(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    cn_out_guard g = {.tmp = NULL};
    assert_int_equal(pthread_mutex_init(&g.mu, NULL), 0);
    const char *const starts[] = {"**** ", NULL};
    cn_out_file o;
    cn_error err = {0};
    assert_int_equal(cn_out_file_begin(&o, path, starts, &g, &err), 0);
    assert_non_null(g.tmp);
    assert_string_equal(g.tmp, o.tmp);
    fputs("**** *a_1\ntext\n", o.f);
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    cn_out_guard_remove(&g);
    struct stat st;
    assert_int_not_equal(lstat(tmp, &st), 0);
    assert_null(g.tmp);
    assert_true(cn_out_file_end(&o, CN_OK, &err) < 0); /* its file is gone */
    assert_int_not_equal(lstat(path, &st), 0);
    /* an export that ends takes its file out of the guard */
    assert_int_equal(cn_out_file_begin(&o, path, starts, &g, &err), 0);
    fputs("**** *a_1\ntext\n", o.f);
    assert_int_equal(cn_out_file_end(&o, CN_OK, &err), 0);
    assert_null(g.tmp);
    assert_string_equal(g.placed, path); /* a stop now would say it is in place */
    assert_int_equal(lstat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    free(g.placed); /* cn_out_guard_stop's, for a guard never started */
    pthread_mutex_destroy(&g.mu);
    free(dir);
}

/* Waits for child pid, which its guard thread must have ended by SIGTERM, and reads what it
 * wrote to err_path into got (512 bytes). */
static void stopped_saying(pid_t pid, const char *err_path, char got[512])
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    FILE *f = fopen(err_path, "r");
    assert_non_null(f);
    got[fread(got, 1, 511, f)] = '\0';
    fclose(f);
}

/* A stop that comes once the new results are in place (the folders exchanged, the earlier
 * results not yet removed) says so (trial 67: it ended as stopped, with no word, the
 * earlier run gone): in a child, whose guard thread takes its SIGTERM. stopped_after says
 * whether the exchange came first. */
static void stop_around_the_exchange(const char *dir, bool stopped_after)
{
    char err_path[4200];
    snprintf(err_path, sizeof err_path, "%s/err.txt", dir);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cn_out_guard g;
        if (!freopen(err_path, "w", stderr) || chdir(dir) != 0 || cn_out_guard_start(&g) != 0 ||
            mkdir("out", 0700) != 0 || mkdir("out.tmp", 0700) != 0 || mkdir("out/old", 0700) != 0 ||
            mkdir("out.tmp/new", 0700) != 0)
            _exit(2);
        cn_out_guard_hold(&g, "out.tmp");
        if (stopped_after && cn_out_guard_exchange(&g, "out.tmp", "out") != 0)
            _exit(3);
        kill(getpid(), SIGTERM);
        sleep(10); /* the guard thread ends the process */
        _exit(4);
    }
    char got[512];
    stopped_saying(pid, err_path, got);
    struct stat st;
    char path[4300];
    snprintf(path, sizeof path, "%s/out.tmp", dir);
    assert_int_not_equal(lstat(path, &st), 0); /* removed either way */
    snprintf(path, sizeof path, "%s/out/%s", dir, stopped_after ? "new" : "old");
    assert_int_equal(lstat(path, &st), 0);
    if (stopped_after)
        assert_non_null(strstr(got, "out: stopped after its new results were in place: they "
                                    "replace the earlier ones"));
    else
        assert_string_equal(got, "");
}

static void a_stop_after_the_exchange_is_said(void **state)
{
    (void)state;
    for (int after = 0; after < 2; after++) {
        char *dir = test_tempdir();
        stop_around_the_exchange(dir, after);
        free(dir);
    }
}

/* Trial 79: an export stopped just after its file was renamed into place ended with no
 * word (exit 130), the earlier file replaced. A stop after cn_out_file_end says the new
 * file is in place, and it is whole. */
static void a_stop_after_a_file_is_placed_is_said(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char err_path[4200];
    snprintf(err_path, sizeof err_path, "%s/err.txt", dir);
    free(test_write_file(dir, "out.csv", "old\n", 4));
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cn_out_guard g;
        cn_out_file o;
        cn_error err = {0};
        static const char *const starts[] = {"old", NULL};
        if (!freopen(err_path, "w", stderr) || chdir(dir) != 0 || cn_out_guard_start(&g) != 0 ||
            cn_out_file_begin(&o, "out.csv", starts, &g, &err) != 0)
            _exit(2);
        free(dir); /* the parent's copy stays: valgrind follows the child */
        fputs("new\n", o.f);
        if (cn_out_file_end(&o, 0, &err) != 0)
            _exit(3);
        kill(getpid(), SIGTERM);
        sleep(10); /* the guard thread ends the process */
        _exit(4);
    }
    char got[512];
    stopped_saying(pid, err_path, got);
    assert_non_null(strstr(got, "out.csv: stopped after its new results were in place: they "
                                "replace the earlier ones"));
    char path[4300];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    got[fread(got, 1, sizeof got - 1, f)] = '\0';
    fclose(f);
    assert_string_equal(got, "new\n");
    free(dir);
}

/* A finished file takes a name nobody holds, and never replaces one. */
static void a_new_file_never_replaces(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *tmp = test_write_file(dir, "copy.tmp", "new", 3);
    char *old = test_write_file(dir, "copy.db", "old", 3);
    cn_error err = {0};
    assert_int_equal(cn_out_place_new(tmp, old, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "already exists"));
    FILE *f = fopen(old, "r");
    char got[8] = {0};
    assert_non_null(f);
    assert_int_equal(fread(got, 1, sizeof got - 1, f), 3);
    fclose(f);
    assert_string_equal(got, "old");
    char path[4200];
    snprintf(path, sizeof path, "%s/other.db", dir);
    assert_int_equal(cn_out_place_new(tmp, path, &err), CN_OK);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_int_not_equal(lstat(tmp, &st), 0);
    free(tmp);
    free(old);
    free(dir);
}

/* ---- an earlier run that cannot be replaced (trial 59) ------------------------------ */

/* Permissions are tested as a user whom modes stop: root passes every check, and the
 * tests run as root in CI. Each step runs in a child process, in the test's folder, as
 * nobody when this process is root. A step returns 0 when it passed, else the line that
 * failed (77: the step cannot be tried here). */
#define NOBODY 65534
#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                             \
            return __LINE__ % 200 + 1;                                                             \
        }                                                                                          \
    } while (0)

/* step() in a child process in dir: its exit status. The child ends with _exit, the test
 * program's exit handlers (removing its folders) being its parent's. */
static int as_user(int (*step)(void), const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
            _exit(77);
        _exit(chdir(dir) != 0 || access(".", W_OK | X_OK) != 0 ? 77 : step());
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int write_text(const char *path, const char *text)
{
    cn_error err = {0};
    FILE *f = cn_out_open(path, &err);
    return f ? (fputs(text, f), cn_out_close(f, path, &err)) : -1;
}

/* Begins a run into pub with its files results.csv and cohort/f.csv holding text. */
static int begin_pub(cn_out_dir *d, const char *text, cn_error *err)
{
    int rc = cn_out_dir_begin(d, "pub", NULL, err);
    if (rc < 0)
        return rc;
    char path[4400];
    snprintf(path, sizeof path, "%s/cohort", d->tmp);
    rc = cn_out_mkdir(path, err);
    snprintf(path, sizeof path, "%s/results.csv", d->tmp);
    rc = rc < 0 ? rc : write_text(path, text);
    snprintf(path, sizeof path, "%s/cohort/f.csv", d->tmp);
    return rc < 0 ? rc : write_text(path, text);
}

/* What path holds ("" when it cannot be read). */
static const char *text_of(const char *path)
{
    static char got[64];
    memset(got, 0, sizeof got);
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(got, sizeof got, f))
            got[0] = '\0';
        fclose(f);
    }
    return got;
}

/* The entries of the current folder whose names begin with prefix. */
static int entries_like(const char *prefix)
{
    DIR *d = opendir(".");
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static int an_earlier_run(void)
{
    cn_out_dir d;
    cn_error err = {0};
    EXPECT(begin_pub(&d, "earlier\n", &err) == 0);
    EXPECT(cn_out_dir_commit(&d, &err) == 0);
    return 0;
}

/* chmod -R a-w pub: refused before anything is written, naming what is read-only, and
 * nothing left beside it; so is an earlier run whose cohort folder, or one file, alone is
 * read-only. Each is made writable in turn, the next then named. */
static int frozen_run_refused(void)
{
    static const struct {
        const char *path;
        mode_t frozen, thawed;
    } in_turn[] = {{"pub", 0500, 0700},
                   {"pub/cohort", 0500, 0700},
                   {"pub/cohort/f.csv", 0400, 0600},
                   {"pub/results.csv", 0400, 0600}};
    for (int i = 3; i >= 0; i--)
        EXPECT(chmod(in_turn[i].path, in_turn[i].frozen) == 0);
    for (int i = 0; i < 4; i++) {
        cn_out_dir d;
        cn_error err = {0};
        char said[256];
        snprintf(said, sizeof said,
                 "pub: an earlier run that cannot be replaced: %s is read-only; make it "
                 "writable (chmod -R u+w pub) to run into it, or give another output folder",
                 in_turn[i].path);
        EXPECT(cn_out_dir_begin(&d, "pub", NULL, &err) == CN_EINVALID);
        EXPECT(strcmp(err.msg, said) == 0);
        EXPECT(entries_like("pub") == 1);
        EXPECT(chmod(in_turn[i].path, in_turn[i].thawed) == 0);
    }
    EXPECT(strcmp(text_of("pub/cohort/f.csv"), "earlier\n") == 0);
    /* an empty folder made read-only holds nothing to keep, and goes with its parent */
    cn_out_dir d;
    cn_error err = {0};
    EXPECT(mkdir("empty", 0500) == 0);
    EXPECT(cn_out_dir_begin(&d, "empty", NULL, &err) == 0);
    EXPECT(cn_out_dir_commit(&d, &err) == 0);
    EXPECT(entries_like("empty") == 1);
    return 0;
}

/* Made read-only while a run works: at commit, the earlier run is left as it is, and the
 * new one's folder goes. */
static int frozen_meanwhile(void)
{
    cn_out_dir d;
    cn_error err = {0};
    EXPECT(begin_pub(&d, "new\n", &err) == 0);
    EXPECT(chmod("pub/cohort", 0500) == 0);
    EXPECT(cn_out_dir_commit(&d, &err) == CN_EINVALID);
    EXPECT(strstr(err.msg, "pub/cohort is read-only"));
    EXPECT(entries_like("pub") == 1);
    EXPECT(strcmp(text_of("pub/cohort/f.csv"), "earlier\n") == 0);
    EXPECT(chmod("pub/cohort", 0700) == 0);
    return 0;
}

/* An earlier run that passed the checks but cannot be removed once replaced (another
 * user's file in a folder shared with the sticky bit, which no mode tells): the results
 * are in place, and the run fails, naming where the earlier one stays with its data. */
static int removal_fails_loudly(void)
{
    cn_out_dir d;
    cn_error err = {0};
    EXPECT(begin_pub(&d, "new\n", &err) == 0);
    EXPECT(cn_out_dir_commit(&d, &err) == CN_EIO);
    EXPECT(strstr(err.msg, "pub: the results are in place, but the earlier run they replace "
                           "could not be removed (Operation not permitted) and is still in "
                           "pub.carnet-tmp-"));
    EXPECT(strstr(err.msg, ", with its data; remove it (chmod -R u+w pub.carnet-tmp-"));
    EXPECT(strcmp(text_of("pub/results.csv"), "new\n") == 0);
    EXPECT(entries_like("pub.carnet-tmp-") == 1);
    return 0;
}

/* The next run into pub names the earlier run's folder that stays, in a warning, and goes
 * on. */
static int stray_named(void)
{
    cn_out_dir d;
    cn_error err = {0};
    EXPECT(cn_out_dir_begin(&d, "pub", NULL, &err) == 0);
    EXPECT(d.stray && strncmp(d.stray, "pub.carnet-tmp-", 15) == 0);
    EXPECT(strstr(d.stray, ": a folder an earlier run left, with its data (the diaries' text), "
                           "could not be removed (Operation not permitted); remove it (chmod -R "
                           "u+w pub.carnet-tmp-"));
    cn_out_dir_abort(&d);
    EXPECT(!d.stray);
    EXPECT(entries_like("pub.carnet-tmp-") == 1);
    return 0;
}

/* Trial 59's read-only run, refused at begin and at commit; and the earlier run that could
 * not be removed all the same, said then and by the next run. */
static void read_only_run_refused(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char parent[4200];
    snprintf(parent, sizeof parent, "%s", dir);
    *strrchr(parent, '/') = '\0';
    /* nobody goes through the test program's folder, and writes in this one */
    assert_int_equal(chmod(parent, 0711), 0);
    assert_int_equal(chmod(dir, 0777), 0);
    int rc = as_user(an_earlier_run, dir);
    if (rc == 77) {
        free(dir);
        skip(); /* nobody cannot reach the test's folder */
    }
    assert_int_equal(rc, 0);
    assert_int_equal(as_user(frozen_run_refused, dir), 0);
    assert_int_equal(as_user(frozen_meanwhile, dir), 0);
    if (geteuid() == 0) { /* root gives the earlier run's cohort folder to all, and a file */
        char path[4400];
        snprintf(path, sizeof path, "%s/pub/cohort", dir);
        assert_int_equal(chown(path, 0, 0), 0);
        assert_int_equal(chmod(path, 01777), 0);
        snprintf(path, sizeof path, "%s/pub/cohort/f.csv", dir);
        assert_int_equal(chown(path, 0, 0), 0);
        assert_int_equal(chmod(path, 0666), 0);
        assert_int_equal(as_user(removal_fails_loudly, dir), 0);
        assert_int_equal(as_user(stray_named, dir), 0);
    }
    free(dir);
}

/* A task of the jobs test: counts itself, waits (so that a later task fails first), fails
 * when asked to. */
typedef struct task {
    int id, wait_ms, fail;
    int *ran; /* set to 1 when the task ran */
} task;

static int run_task(void *ctx, cn_error *err)
{
    const task *t = ctx;
    struct timespec d = {0, (long)t->wait_ms * 1000000L};
    nanosleep(&d, NULL);
    t->ran[t->id] = 1;
    return t->fail ? cn_error_code(err, t->fail, "task %d failed", t->id) : 0;
}

/* 8 tasks; those of precedence 2 (slow) and 5 (at once) fail. */
static int run_tasks(int threads, int ran[8], cn_error *err)
{
    task tasks[8];
    cn_job jobs[8];
    for (int i = 0; i < 8; i++) {
        int precedence = 7 - i; /* started in the reverse of their precedence */
        tasks[i] = (task){i, precedence == 2 ? 60 : 1,
                          precedence == 2   ? CN_EIO
                          : precedence == 5 ? CN_EINVALID
                                            : 0,
                          ran};
        jobs[i] = (cn_job){run_task, &tasks[i], precedence};
    }
    memset(ran, 0, 8 * sizeof *ran);
    return cn_jobs_run(jobs, 8, threads, err);
}

static void jobs_report_the_first_failure(void **state)
{
    (void)state;
    int ran[8];
    for (int threads = 2; threads <= 4; threads++) {
        cn_error err = {0};
        /* on threads the fast failure comes first in time, but 2 precedes 5 */
        assert_int_equal(run_tasks(threads, ran, &err), CN_EIO);
        assert_string_equal(err.msg, "task 5 failed"); /* task 5 has precedence 2 */
        for (int i = 0; i < 8; i++)
            assert_int_equal(ran[i], 1); /* every task ran, failure or not */
    }
    cn_error err = {0};
    assert_int_equal(run_tasks(1, ran, &err), CN_EIO);
    assert_string_equal(err.msg, "task 5 failed");
    /* one at a time by precedence: 0, 1, 2 (fails), nothing after */
    for (int i = 0; i < 8; i++)
        assert_int_equal(ran[i], i >= 5);
}

/* Three threads may each fail writing their parts of a run (the writing stage, the
 * specificities' thread, the classes' writer): the failure reported is the first in the
 * order of the parts, as writing them one after the other would report, whichever thread
 * failed first in time. */
static void first_failure_in_order_of_parts(void **state)
{
    (void)state;
    run_early ok = {.rc = 0, .failed = WRITE_PARTS};
    run_early tables = {.rc = CN_EIO, .failed = WRITE_TABLES_AFTER};
    run_early segments = {.rc = CN_ENOMEM, .failed = WRITE_SEGMENTS};
    assert_ptr_equal(run_early_first(&ok, &ok), &ok);
    assert_ptr_equal(run_early_first(&ok, &tables), &tables);
    assert_ptr_equal(run_early_first(&tables, &ok), &tables);
    assert_ptr_equal(run_early_first(&tables, &segments), &segments);
    assert_ptr_equal(run_early_first(&segments, &tables), &segments);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(specificities_whatever_the_threads),
        cmocka_unit_test(sort_like_qsort),
        cmocka_unit_test(specificity_files_say_their_rows),
        cmocka_unit_test(fails_with_specificities_running),
        cmocka_unit_test(files_whatever_the_threads),
        cmocka_unit_test(into_refuses_first_and_leaves_nothing),
        cmocka_unit_test(failures_name_the_target),
        cmocka_unit_test(a_stopped_file_leaves_nothing),
        cmocka_unit_test(a_new_file_never_replaces),
        cmocka_unit_test(read_only_run_refused),
        cmocka_unit_test(a_stop_after_the_exchange_is_said),
        cmocka_unit_test(a_stop_after_a_file_is_placed_is_said),
        cmocka_unit_test(jobs_report_the_first_failure),
        cmocka_unit_test(first_failure_in_order_of_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
