/* run.c — the whole analysis of a corpus (see run.h): computed by cn_run, written by
 * cn_run_write (its files and manifest by run_write.c); once per cohort by cn_run_by
 * (run_by.c). */
#define _GNU_SOURCE /* gettid: the specificities thread lowers its own priority */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "carnet/corpus.h"
#include "carnet/expressions.h"
#include "carnet/report.h"
#include "carnet/outfile.h"
#include "carnet/run.h"
#include "carnet/similitude.h"
#include "carnet/timeaxis.h"
#include "carnet/utf8.h"
#include "run_write.h"

_Static_assert(CN_RUN_MAX_LABELS == CN_REPORT_MAX_CLASSES, "one limit for --labels");

cn_run_params cn_run_defaults(void)
{
    cn_run_params p = {.pipeline = cn_pipeline_defaults(),
                       .dhc = cn_dhc_defaults(),
                       .rst1 = 12,
                       .rst2 = 14,
                       .dhc_double = cn_dhc_double_defaults(),
                       .threads = 2,
                       .stability_seed = CN_RUN_STABILITY_SEED,
                       .time_var = "month",
                       .early_rows = CN_RUN_EARLY_ROWS,
                       .speaker = "part"};
    return p;
}

double run_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

void cn_run_free(cn_run_result *run)
{
    if (!run)
        return;
    cn_textstats_free(&run->stats);
    cn_afc_free(&run->afc);
    cn_simi_free(&run->simi);
    cn_varspec_free(&run->specif);
    cn_themes_free(&run->themes);
    cn_stability_free(run->stability);
    cn_concentration_free(&run->conc);
    cn_profiles_free(run->pr);
    cn_dhc_free(run->d);
    cn_prepared_free(run->p);
    free(run->corpus);
    free(run);
}

/* IRAMUTEQ's double classification: two trees on UCs of two sizes, crossed. */
static int classify_double(const cn_run_params *params, const cn_prepared *p, cn_dhc **d,
                           cn_error *err)
{
    uint32_t *uc1 = NULL, *uc2 = NULL;
    cn_sparse *m1 = NULL, *m2 = NULL;
    int rc = -1;
    if (cn_prepare_ucs(p, params->rst1, &uc1, &m1, err) == 0 &&
        cn_prepare_ucs(p, params->rst2, &uc2, &m2, err) == 0)
        rc = cn_dhc_double(m1, uc1, m2, uc2, p->nsegs, &params->dhc, &params->dhc_double,
                           params->threads, d, err);
    free(uc1);
    free(uc2);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
    return rc;
}

/* --stability: the same classification on seeded subsamples of the units, its draws on
 * the run's threads (stability.h). */
static int assess_stability(const cn_run_params *params, cn_run_result *r, cn_error *err)
{
    cn_stability_params sp = {.draws = params->stability,
                              .seed = params->stability_seed,
                              .threads = params->threads,
                              .pair_order = params->dhc_double.pair_order,
                              .progress = params->progress,
                              .progress_ctx = params->progress_ctx};
    if (!params->double_method)
        return cn_stability_simple(r->p->matrix, &params->dhc, r->d, &sp, &r->stability, err);
    uint32_t *uc1 = NULL, *uc2 = NULL;
    cn_sparse *m1 = NULL, *m2 = NULL;
    int rc = -1;
    if (cn_prepare_ucs(r->p, params->rst1, &uc1, &m1, err) == 0 &&
        cn_prepare_ucs(r->p, params->rst2, &uc2, &m2, err) == 0)
        rc = cn_stability_double(r->p->matrix, uc1, uc2, &params->dhc, r->d, &sp, &r->stability,
                                 err);
    free(uc1);
    free(uc2);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
    return rc;
}

/* What the specificities' thread writes early: they and the input files' hashes. */
#define SPECIF_PARTS (RUN_WRITE_BIT(WRITE_SPECIFICITIES) | RUN_WRITE_BIT(WRITE_HASHES))

/* The specificities by variable depend on the texts alone, not on the classes: with
 * threads to spare they are computed on a thread of their own while the classification
 * runs (on en.txt they took 0.2 s, on a 10 M-word corpus of 5,000 participants 3 s). */
typedef struct specif_job {
    cn_run_result *run; /* its p, and its specif to fill */
    int threads;
    cn_varspec_share *share; /* for the run's thread to score beside it, or NULL */
    int rc;
    cn_error err;
    pthread_t thread;
    bool started;
    /* cn_run_into: the files that do not depend on the classes, which the thread then
     * writes into dir (its lowest priority uses the core the classification leaves idle) */
    const char *dir; /* NULL: none */
    run_early early;
    pthread_mutex_t lock; /* computed, once the thread started */
    pthread_cond_t done;
    bool computed;
} specif_job;

static void *specif_run(void *arg)
{
    specif_job *j = arg;
    /* The lowest priority, for this thread alone (Linux gives each thread its own nice
     * value): on a 2-core laptop it then takes the core the classification leaves idle
     * between its CA products, instead of slowing the products, whose two halves wait for
     * each other (King James Bible: the classification 0.95 -> 0.89 s in one session,
     * alternating runs). Where the call fails, the thread keeps the run's priority. */
    setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
    const cn_varspec *out = &j->run->specif;
    int rc = cn_varspec_compute_shared(j->run->p, j->threads, j->share, &j->run->specif, &j->err);
    size_t rows = 0;
    for (size_t i = 0; rc == 0 && i < out->nvars; i++)
        rows += out->vars[i].nrows;
    pthread_mutex_lock(&j->lock);
    if (rows < j->run->params.early_rows)
        j->dir = NULL; /* the writing stage writes them, beside the report */
    j->rc = rc;
    j->computed = true;
    pthread_cond_broadcast(&j->done);
    pthread_mutex_unlock(&j->lock);
    if (rc == 0 && j->dir)
        run_write_parts(j->run, j->dir, SPECIF_PARTS, &j->early);
    return NULL;
}

/* Starts the specificities on their thread when the run has more than one; then the
 * thread writes into dir what does not depend on the classes (dir NULL: nothing). */
static void specif_start(specif_job *j, cn_run_result *r, const char *dir)
{
    int threads = r->params.threads;
    *j = (specif_job){.run = r,
                      .threads = threads > 2 ? threads - 1 : 1,
                      .dir = dir,
                      .early = {.failed = WRITE_PARTS}};
    if (threads < 2 || pthread_mutex_init(&j->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&j->done, NULL) != 0) {
        pthread_mutex_destroy(&j->lock);
        return;
    }
    j->share = cn_varspec_share_new();
    j->started = pthread_create(&j->thread, NULL, specif_run, j) == 0;
    if (!j->started) {
        cn_varspec_share_free(j->share);
        j->share = NULL;
        pthread_cond_destroy(&j->done);
        pthread_mutex_destroy(&j->lock);
    }
}

/* Waits for the specificities, scoring beside their thread what is left of them: that
 * thread runs at the lowest priority, and on a large corpus (54,000 participants) it was
 * still scoring, alone, when the run needed its result. */
static void specif_join(specif_job *j)
{
    if (!j->started)
        return;
    if (j->share)
        cn_varspec_help(j->share);
    pthread_join(j->thread, NULL);
    cn_varspec_share_free(j->share);
    j->share = NULL;
    pthread_cond_destroy(&j->done);
    pthread_mutex_destroy(&j->lock);
    j->started = false;
}

/* The specificities, from their thread (which may go on writing), or computed now when
 * none was started. */
static int specif_finish(specif_job *j, cn_run_result *r, cn_error *err)
{
    if (!j->started) {
        j->dir = NULL; /* nothing was written early: the writing stage writes it all */
        return cn_varspec_compute(r->p, r->params.threads, &r->specif, err);
    }
    if (j->share)
        cn_varspec_help(j->share);
    pthread_mutex_lock(&j->lock);
    while (!j->computed)
        pthread_cond_wait(&j->done, &j->lock);
    pthread_mutex_unlock(&j->lock);
    if (j->rc < 0)
        *err = j->err;
    return j->rc;
}

/* cn_run_into's specificities, when their thread did not write them during the
 * classification (fewer than early_rows rows): a thread of the run's priority writes them
 * from the moment the classes are made, while one core computes the profiles, themes, CA
 * and similitude and left the other idle; the writing stage writes the rest. */
typedef struct specif_writer {
    const cn_run_result *run;
    specif_job *sj; /* started: its thread computes the specificities */
    const char *dir;
    run_early done;
    pthread_t thread;
    bool started;
} specif_writer;

static void *specif_write(void *arg)
{
    specif_writer *w = arg;
    specif_job *j = w->sj;
    pthread_mutex_lock(&j->lock);
    while (!j->computed)
        pthread_cond_wait(&j->done, &j->lock);
    bool theirs = j->dir != NULL, failed = j->rc < 0; /* failed: the run fails there */
    pthread_mutex_unlock(&j->lock);
    if (!theirs && !failed)
        run_write_parts(w->run, w->dir, RUN_WRITE_BIT(WRITE_SPECIFICITIES), &w->done);
    return NULL;
}

/* Starts the specificities' writer once the classes are made, unless their thread writes
 * them; without a thread (a run on one, or none to be had) the writing stage writes them. */
static void specif_writer_start(specif_writer *w, const cn_run_result *r, specif_job *sj,
                                const char *dir)
{
    *w = (specif_writer){.run = r, .sj = sj, .dir = dir, .done = {.failed = WRITE_PARTS}};
    if (!dir || !sj->started)
        return;
    pthread_mutex_lock(&sj->lock);
    bool theirs = sj->computed && sj->dir != NULL;
    pthread_mutex_unlock(&sj->lock);
    if (!theirs)
        w->started = pthread_create(&w->thread, NULL, specif_write, w) == 0;
}

static void specif_writer_join(specif_writer *w)
{
    if (w->started)
        pthread_join(w->thread, NULL);
    w->started = false;
}

/* Each stage of the analysis in turn, timed; -1 at the first that fails. */
/* The --labels names checked against the classes they were given, when the file says
 * what those were (labels.h); a file of numbers only is said to be unchecked, once, on the
 * run that is not a cohort's. A cohort's run keeps its analysis, unlabelled, as it does
 * for a class it does not have. */
static int check_labels(const cn_run_params *params, cn_run_result *r, cn_error *err)
{
    int n = r->d->nclasses;
    if (!params->labels || n > CN_RUN_MAX_LABELS || !r->params.labels)
        return 0;
    char(*classes)[CN_RUN_CLASS_FORMS_MAX] = calloc((size_t)n + 1, sizeof *classes);
    const char **views = calloc((size_t)n + 1, sizeof *views);
    if (!classes || !views) {
        free(classes);
        free(views);
        return cn_error_nomem(err);
    }
    for (int k = 1; k <= n; k++) {
        cn_run_class_forms(r, (uint32_t)k, classes[k], sizeof classes[k]);
        views[k] = classes[k];
    }
    views[0] = "";
    bool checked = false;
    cn_error why = {0};
    const char *file = params->labels_file ? params->labels_file : "--labels";
    int rc = cn_labels_verify(params->labels, params->label_forms, views, n, file, &checked, &why);
    free(classes);
    free(views);
    char msg[CN_ERROR_MAX + 64];
    if (rc < 0 && !params->cohort) {
        *err = why;
        return rc;
    }
    if (rc < 0) {
        snprintf(msg, sizeof msg, "%s: %s; its report is not labelled", params->cohort, why.msg);
        r->params.labels = NULL;
    } else if (!checked && !params->cohort) {
        snprintf(msg, sizeof msg,
                 "%s names the classes by their numbers only, which another corpus or other "
                 "options give to other themes: fill the labels.csv a run writes in its folder "
                 "(its classes' forms beside them), and they are checked",
                 file);
    } else {
        return 0;
    }
    if (params->notice)
        params->notice(params->notice_ctx, msg);
    return 0;
}

/* The largest --min-freq below min_freq at which 2 active lemmas have that frequency, or 0:
 * the second largest frequency of an active lemma, capped below min_freq. */
static int min_freq_for_two(const cn_prepared *p, int min_freq)
{
    uint64_t first = 0, second = 0;
    for (uint32_t l = 0; l < cn_intern_count(p->lemma_keys); l++) {
        uint64_t f = p->lemmas[l].status == CN_LEMMA_ACTIVE ? p->lemmas[l].freq : 0;
        if (f > first) {
            second = first;
            first = f;
        } else if (f > second) {
            second = f;
        }
    }
    return second == 0 ? 0 : second < (uint64_t)min_freq ? (int)second : min_freq - 1;
}

static int compute_stages(const char *corpus, cn_run_result *r, specif_job *sj, const char *dir,
                          specif_writer *sw, const char **doing, cn_error *err)
{
    const cn_run_params *params = &r->params;
    double t0 = run_now_ms();
    *doing = "reading and counting its texts";
    if (cn_prepare(corpus, &params->pipeline, &r->p, err) < 0)
        return -1;
    if (params->time_required &&
        !cn_corpus_has_variable(r->p->corpus, r->p->texts, r->p->ntexts, params->time_var)) {
        char vars[512];
        cn_corpus_variables(r->p->corpus, r->p->texts, r->p->ntexts, vars, sizeof vars);
        return cn_error_code(err, CN_EINVALID,
                             "%s: --time %s: no text has a *%s_ variable; the variables of the "
                             "texts are: %s (the diary month is 'month')",
                             corpus, params->time_var, params->time_var, vars[0] ? vars : "none");
    }
    if (params->speaker_required && cn_concentration_check(r->p, params->speaker, err) < 0)
        return -1;
    if (r->p->ncols < 2 || r->p->matrix->nrows < 2) { /* trial 100: say what it takes */
        uint32_t units = r->p->matrix->nrows, lemmas = r->p->ncols;
        int min_freq = params->pipeline.min_freq;
        const char *unit = params->pipeline.unit_texts ? "text" : "unit";
        /* what would get past, and only that (trials 102, 103: hints that could not) */
        char hint[96] = "";
        int lower = units >= 2 && lemmas < 2 ? min_freq_for_two(r->p, min_freq) : 0;
        if (lower > 0)
            snprintf(hint, sizeof hint, " (--min-freq %d counts rarer words too)", lower);
        else if (units < 2 && lemmas >= 2 && !params->pipeline.unit_texts &&
                 !params->double_method && params->pipeline.segment_size > 10 &&
                 r->p->occurrences >= 20) /* shorter segments add units, not lemmas */
            snprintf(hint, sizeof hint,
                     " (a smaller --segment-size, 10, cuts the text into"
                     " more segments)");
        return cn_error_code(err, CN_EEMPTY,
                             "%s: too little text to classify: %u %s%s and %u active lemma%s of"
                             " frequency >= %d, where a classification needs at least 2 %ss and"
                             " 2 such lemmas%s",
                             corpus, units, unit, units == 1 ? "" : "s", lemmas,
                             lemmas == 1 ? "" : "s", min_freq, unit, hint);
    }
    specif_start(sj, r, dir);
    double t1 = run_now_ms();
    *doing = "classifying";
    cn_dhc_params simple = params->dhc;
    simple.threads = params->threads; /* the CA products on the run's threads */
    if (params->double_method ? classify_double(params, r->p, &r->d, err) < 0
                              : cn_dhc_run(r->p->matrix, &simple, &r->d, err) < 0)
        return -1;
    if (params->stability > 0 && assess_stability(params, r, err) < 0)
        return -1;
    double t2 = run_now_ms();
    *doing = "computing the classes' profiles";
    specif_writer_start(sw, r, sj, dir);
    if (cn_profiles_compute(r->p, params->pipeline.unit_texts, r->d->class_of,
                            (uint32_t)r->d->nclasses, &r->pr, err) < 0 ||
        cn_themes_compute(r->p, &params->pipeline, &params->dhc, params->double_method, r->d,
                          &r->themes, err) < 0)
        return -1;
    double t3 = run_now_ms();
    for (int k = r->d->nclasses + 1; params->labels && k <= CN_RUN_MAX_LABELS; k++)
        if (params->labels[k] && !params->cohort) /* another run's would name other themes */
            return cn_error_code(err, CN_EINVALID,
                                 "--labels names class %d, but this run has %d classes: were the "
                                 "labels written for another run?",
                                 k, r->d->nclasses);
        else if (params->labels[k]) {
            /* a cohort of --by: its analysis kept, unlabelled, rather than lost beside the
             * others for its names (trial 61: no folder, and exit 0) */
            char msg[256];
            snprintf(msg, sizeof msg,
                     "%s: --labels names its class %d, but it has %d classes: its report is not "
                     "labelled (were the labels written for another run?)",
                     params->cohort, k, r->d->nclasses);
            if (params->notice)
                params->notice(params->notice_ctx, msg);
            r->params.labels = NULL;
            break;
        }
    if (check_labels(params, r, err) < 0)
        return -1;
    *doing = "computing the statistics, the correspondence analysis and the specificities";
    if (cn_textstats_compute(r->p, &params->pipeline, &r->stats, err) < 0)
        return -1;
    if (cn_afc_compute(r->p, r->pr, &r->afc, err) < 0 ||
        cn_similitude_compute(r->p, &r->simi, err) < 0 || specif_finish(sj, r, err) < 0 ||
        (params->speaker &&
         cn_concentration_compute(r->p, params->pipeline.unit_texts, r->d->class_of,
                                  (uint32_t)r->d->nclasses, params->speaker, &r->conc, err) < 0))
        return -1;
    cn_prepared_drop_text_counts(r->p); /* read by the statistics and specificities only */
    r->ms[0] = t1 - t0;
    r->ms[1] = t2 - t1;
    r->ms[2] = t3 - t2;
    r->ms[3] = run_now_ms() - t3;
    return 0;
}

/* The stages of a run into r; when dir is given, *sj's thread may still be writing into it
 * on success (specif_join). */
static int compute(const char *corpus, cn_run_result *r, specif_job *sj, const char *dir,
                   specif_writer *sw, cn_error *err)
{
    *sj = (specif_job){.started = false};
    *sw = (specif_writer){.started = false};
    const char *doing = "";
    int rc = compute_stages(corpus, r, sj, dir, sw, &doing, err);
    if (rc < 0)
        cn_error_nomem_during(err, corpus, doing);
    if (rc < 0 || !dir) { /* a stage that failed before them left them running */
        specif_writer_join(sw);
        specif_join(sj);
    }
    return rc;
}

/* A run reads its input files twice: to classify, and for the SHA-256 by which kwic later
 * knows them; a pipe would give its bytes once, and the manifest an empty file's. A path
 * that does not exist is left to the reader's own message. */
static int input_readable_twice(const char *path, const char *what, cn_error *err)
{
    struct stat st;
    if (!path || stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 0;
    if (S_ISDIR(st.st_mode)) /* "save it to a file" would puzzle: name the file in it */
        return cn_error_code(err, CN_EINVALID, "%s: %s is a folder, not a file", path, what);
    return cn_error_code(err, CN_EINVALID,
                         "%s: %s is not a regular file (a pipe?): a run reads it twice, to "
                         "classify and to record its SHA-256 for kwic; save it to a file first",
                         path, what);
}

/* A run of corpus with params, not computed yet, after the checks that need no reading;
 * NULL, with the reason, when one fails. */
static cn_run_result *run_new(const char *corpus, const cn_run_params *params, cn_error *err)
{
    if (params->double_method && params->pipeline.unit_texts) {
        cn_error_set(err, "the double classification classifies segments, not texts");
        return NULL;
    }
    if (params->time_var && !cn_corpus_var_valid(params->time_var)) {
        cn_error_code(err, CN_EINVALID,
                      "time variable '%.80s': a variable name is 1 to %d letters and digits",
                      params->time_var, CN_CORPUS_VAR_MAX - 1);
        return NULL;
    }
    if (input_readable_twice(corpus, "the corpus", err) < 0 ||
        input_readable_twice(params->pipeline.stopwords, "--stopwords", err) < 0 ||
        input_readable_twice(params->pipeline.lexicon, "--lexicon", err) < 0 ||
        input_readable_twice(params->pipeline.expressions, "--expressions", err) < 0)
        return NULL;
    cn_run_result *r = calloc(1, sizeof *r);
    if (!r) {
        cn_error_nomem(err);
        return NULL;
    }
    r->params = *params;
    r->params.pipeline.progress = params->progress;
    r->params.pipeline.progress_ctx = params->progress_ctx;
    r->params.dhc.progress = params->progress;
    r->params.dhc.progress_ctx = params->progress_ctx;
    if (!(r->corpus = strdup(corpus))) {
        free(r);
        cn_error_nomem(err);
        return NULL;
    }
    return r;
}

int cn_run(const char *corpus, const cn_run_params *params, cn_run_result **run, cn_error *err)
{
    *run = NULL;
    cn_run_result *r = run_new(corpus, params, err);
    specif_job sj;
    specif_writer sw;
    if (!r)
        return -1;
    if (compute(corpus, r, &sj, NULL, &sw, err) < 0) {
        cn_run_free(r);
        return -1;
    }
    *run = r;
    return 0;
}

/* The writing stage of cn_run_into, the specificities' thread or their writer perhaps
 * still writing them: the rest of the files, then theirs, then the manifest; a failure
 * reported as writing them in order would. */
static int write_into(const cn_run_result *r, const char *dir, specif_job *sj, specif_writer *sw,
                      cn_error *err)
{
    double t0 = run_now_ms();
    bool early = sj->dir != NULL;
    run_early stage = {.failed = WRITE_PARTS};
    unsigned skip = early ? SPECIF_PARTS : sw->started ? RUN_WRITE_BIT(WRITE_SPECIFICITIES) : 0;
    stage.rc = run_write_files(r, dir, skip, &stage.hashes, &stage.failed, err);
    specif_writer_join(sw);
    specif_join(sj);
    if (stage.rc < 0)
        stage.err = *err;
    const run_early *first = run_early_first(&stage, &sw->done);
    if (early)
        first = run_early_first(first, &sj->early);
    if (first->rc < 0) {
        *err = first->err;
        return first->rc;
    }
    return run_write_manifest(r, dir, t0, early ? &sj->early.hashes : &stage.hashes, err);
}

int cn_run_into(const char *corpus, const cn_run_params *params, const char *dir,
                cn_run_result **run, cn_error *err)
{
    *run = NULL;
    cn_run_result *r = run_new(corpus, params, err);
    cn_out_dir out;
    if (!r)
        return -1;
    if (cn_out_dir_begin(&out, dir, params->guard, err) < 0) {
        cn_run_free(r);
        return -1;
    }
    if (out.stray && params->warning) /* a folder of an earlier run that stays */
        params->warning(params->warning_ctx, out.stray);
    specif_job sj;
    specif_writer sw;
    int rc = compute(corpus, r, &sj, out.tmp, &sw, err);
    r->specificities_early = rc == 0 && sj.dir != NULL;
    r->specificities_apart = rc == 0 && sw.started && sj.dir == NULL;
    if (rc < 0 || write_into(r, out.tmp, &sj, &sw, err) < 0) {
        if (rc == 0)
            cn_error_nomem_during(err, corpus, "writing its tables, figures and report");
        cn_out_dir_fail(&out, err);
        cn_run_free(r);
        return -1;
    }
    if (cn_out_dir_commit(&out, err) < 0) {
        cn_run_free(r);
        return -1;
    }
    *run = r;
    return 0;
}

const char *run_units_of(const cn_run_result *run)
{
    return run->params.pipeline.unit_texts ? "texts" : "segments";
}

const char *run_unit_of(const cn_run_result *run)
{
    return run->params.pipeline.unit_texts ? "text" : "segment";
}

int cn_run_write(const cn_run_result *run, const char *dir, cn_error *err)
{
    double t0 = run_now_ms();
    cn_out_dir out; /* a cohort's, inside the folder of a --by run: that one is held */
    if (cn_out_dir_begin(&out, dir, NULL, err) < 0)
        return -1;
    if (run_write_stage(run, out.tmp, t0, err) < 0) {
        cn_out_dir_fail(&out, err);
        return -1;
    }
    return cn_out_dir_commit(&out, err);
}

/* The leaves left out, in one line after the classes: a theme is never dropped in silence. */
static void print_themes(FILE *out, const cn_run_result *run)
{
    const cn_dhc *d = run->d;
    if (d->ndiscarded == 0)
        return;
    fprintf(out, "  left out, below the minimum class size of %d: %d theme%s of", d->mincl,
            d->ndiscarded, d->ndiscarded == 1 ? "" : "s");
    for (int k = 0; k < d->ndiscarded; k++)
        fprintf(out, "%s %u", k ? "," : "", d->discarded[k].size);
    fprintf(out, " %s (profiles in classes.json and report.html)\n",
            d->ndiscarded == 1 && d->discarded[0].size == 1 ? run_unit_of(run) : run_units_of(run));
}

/* --stability's line: how many draws found each class, and its mean Jaccard. */
static void print_stability(FILE *out, const cn_stability *s)
{
    if (!s || s->nclasses == 0)
        return;
    fprintf(out, "  stability over %d subsamples of 90 %%, class: times found (mean Jaccard):",
            s->draws);
    for (int k = 0; k < s->nclasses; k++)
        fprintf(out, " %d: %d (%.2f)%s", k + 1, s->classes[k].found, s->classes[k].mean,
                k + 1 < s->nclasses ? "," : "\n");
}

void cn_run_class_forms(const cn_run_result *run, uint32_t k, char *out, size_t size)
{
    size_t used = 0;
    int shown = 0;
    out[0] = '\0';
    for (size_t i = 0; i < run->pr->nrows && shown < CN_LABELS_FORMS; i++) {
        const cn_profile_row *r = &run->pr->rows[i];
        if (r->cls != k || r->kind != CN_ROW_ACTIVE || r->chi2 <= 0)
            continue;
        int n = snprintf(out + used, size - used, "%s%s", shown ? " " : "",
                         cn_lemma_name(run->p, r->id));
        if (n < 0 || (size_t)n >= size - used) {
            out[used] = '\0'; /* a whole form or none */
            break;
        }
        used += (size_t)n;
        shown++;
    }
}

void cn_run_print_summary(FILE *out, const cn_run_result *run, const char *dir)
{
    const cn_textstats *st = &run->stats;
    const cn_profiles *pr = run->pr;
    const char *units = run_units_of(run);
    uint32_t n = pr->classified;
    fprintf(out,
            "%s: %u text%s, %u segment%s, %llu occurrences, %u forms, %u active lemmas"
            " classified\n",
            dir, st->texts, st->texts == 1 ? "" : "s", st->segments, st->segments == 1 ? "" : "s",
            (unsigned long long)st->occurrences, st->forms, st->in_matrix);
    fprintf(out, "%u %s classified on %u (%.2f %%), %u class%s\n", n, units, run->d->nrows,
            run->d->nrows ? 100.0 * n / run->d->nrows : 0, pr->nclasses,
            pr->nclasses == 1 ? "" : "es");
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        fprintf(out, "  class %u: %u %s (%.1f %%):", k, pr->class_units[k - 1],
                pr->class_units[k - 1] == 1 ? run_unit_of(run) : units,
                n ? 100.0 * pr->class_units[k - 1] / n : 0);
        char forms[CN_RUN_CLASS_FORMS_MAX];
        cn_run_class_forms(run, k, forms, sizeof forms);
        if (forms[0])
            fprintf(out, " %s\n", forms);
        else
            fputs(" no active form over-represented\n", out);
    }
    print_themes(out, run);
    print_stability(out, run->stability);
}

void cn_run_print_small_classes(FILE *out, const char *prog, const cn_run_result *run,
                                const char *dir)
{
    const cn_profiles *pr = run->pr;
    const char *units = run_units_of(run);
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        uint32_t n = pr->class_units[k - 1];
        if (!cn_profile_too_small(pr->nclasses, n))
            continue;
        fprintf(out,
                "%s: note: %s: class %u holds %u %s, fewer than %d: " CN_PROFILE_SMALL_CLASS_WHY
                " (--min-class %d leaves such a class out, as a theme below the minimum size)\n",
                prog, dir, k, n, n == 1 ? run_unit_of(run) : units, CN_PROFILE_SMALL_CLASS,
                CN_PROFILE_SMALL_CLASS);
    }
}

/* A time note on stderr, as the other notes are written. */
typedef struct time_said {
    FILE *out;
    const char *prog, *dir;
} time_said;

static void say_time(void *ctx, const char *sentence)
{
    const time_said *s = ctx;
    fprintf(s->out, "%s: note: %s: %s\n", s->prog, s->dir, sentence);
}

void cn_run_print_time_notes(FILE *out, const char *prog, const cn_run_result *run, const char *dir)
{
    cn_timeaxis t;
    cn_error ignored = {0}; /* out of memory: the report says as much as it can */
    if (!run->pr || cn_timeaxis_make(run->pr, run->p, run->params.time_var, &t, &ignored) < 0)
        return;
    time_said said = {out, prog, dir};
    cn_timeaxis_notes(&t, run->params.time_var, run_units_of(run), say_time, &said);
    cn_timeaxis_free(&t);
}

/* "199, 196, 174" */
static void print_sizes(FILE *out, const cn_dhc_outcome *o)
{
    for (int k = 0; k < o->nclasses; k++)
        fprintf(out, "%s%u", k ? ", " : "", o->class_size[k]);
}

void cn_run_print_signs(FILE *out, const char *prog, const cn_run_result *run, const char *dir)
{
    const cn_dhc_signs *s = run->d->signs;
    if (!s || s->draws == 0 || run->d->nclasses == 0) /* no class to hold steady */
        return;
    if (s->noutcomes == 1 && s->shown_draws == s->draws) {
        fprintf(out, "%s: the same classes in all %d sign draws of the double classification\n",
                dir, s->draws);
        return;
    }
    fprintf(out,
            "%s: warning: %s: these classes depend on the arbitrary signs of the CA axes: %d "
            "sign draws gave %d different results, these classes in %d (%.1f %%)\n",
            prog, dir, s->draws, s->noutcomes, s->shown_draws, 100.0 * s->shown_draws / s->draws);
    const cn_dhc_outcome *top = &s->outcomes[0];
    if (s->shown_draws < top->draws) {
        fprintf(out, "  the most frequent result (%d draws, %.1f %%) is another: %d classes of ",
                top->draws, 100.0 * top->draws / s->draws, top->nclasses);
        print_sizes(out, top);
        fprintf(out, " segments (%u classified)\n", top->classified);
    }
    fprintf(out, "  draws in which each class comes back (Jaccard >= %.1f):", CN_DHC_SIGN_JACCARD);
    for (int k = 0; k < run->d->nclasses; k++)
        fprintf(out, "%s class %d %.0f %%", k ? "," : "", k + 1, 100 * s->class_back[k]);
    fputc('\n', out);
    if (run->d->pair_order == CN_PAIR_ORDER_IRAMUTEQ)
        fputs("  --pair-order split gives classes that no sign changes, one of IRAMUTEQ's results "
              "in every case measured (see README)\n",
              out);
}
