/* run_write.c — the writing stage of a run (cn_run_write): its tables, report and input
 * hashes written concurrently (jobs.h), then its manifest. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/figure.h"
#include "carnet/jobs.h"
#include "carnet/manifest.h"
#include "carnet/outfile.h"
#include "carnet/run_versions.h"
#include "carnet/report.h"
#include "carnet/run.h"
#include "carnet/similitude.h"
#include "carnet/tables.h"
#include "run_write.h"

typedef struct write_task {
    const cn_run_result *run;
    const char *dir;
    run_write_part part;
    run_hashes *hashes; /* WRITE_HASHES's result */
    int rc;             /* what it returned */
} write_task;

static int write_tables_before(const cn_run_result *run, const char *dir, cn_error *err)
{
    const cn_prepared *p = run->p;
    const cn_profiles *pr = run->pr;
    cn_tables_quote quote = {run->params.time_var, run->params.speaker};
    if (cn_tables_write_profiles(dir, p, pr, run_units_of(run), err) < 0 ||
        cn_tables_write_modalities(dir, pr, run_units_of(run), err) < 0 ||
        cn_tables_write_typical(dir, p, pr, &quote, err) < 0 ||
        cn_afc_write(dir, p, pr, &run->afc, err) < 0)
        return -1;
    return 0;
}

/* A label as a CSV field: quoted when it holds a separator or a quote. */
static void put_label(FILE *f, const char *label)
{
    if (!strpbrk(label, ",;\"")) {
        fputs(label, f);
        return;
    }
    fputc('"', f);
    for (const char *c = label; *c; c++) {
        if (*c == '"')
            fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

/* labels.csv: this run's classes, each with its forms on a comment line and its name (the
 * one --labels gave, or empty), for the team to fill and give back to --labels, which
 * checks those forms against the run it names (labels.h). */
static int write_labels_template(const cn_run_result *run, const char *dir, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/labels.csv", dir);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return -1;
    const char *cohort = run->params.cohort;
    int n = run->d->nclasses;
    char *const *names = n <= CN_RUN_MAX_LABELS ? run->params.labels : NULL;
    fputs(cohort ? "cohort,class,label\n" : "class,label\n", f);
    for (int k = 1; k <= n && k <= CN_RUN_MAX_LABELS; k++) {
        char forms[CN_RUN_CLASS_FORMS_MAX];
        cn_run_class_forms(run, (uint32_t)k, forms, sizeof forms);
        fprintf(f, "# %s%sclass %d (%u %s): %s\n", cohort ? cohort : "", cohort ? " " : "", k,
                run->pr->class_units[k - 1], run_units_of(run), forms);
        if (cohort)
            fprintf(f, "%s,", cohort);
        fprintf(f, "%d,", k);
        if (names && names[k])
            put_label(f, names[k]);
        fputc('\n', f);
    }
    return cn_out_close(f, path, err);
}

static int write_tables_after(const cn_run_result *run, const char *dir, cn_error *err)
{
    char *const *labels = run->d->nclasses <= CN_RUN_MAX_LABELS ? run->params.labels : NULL;
    if (cn_similitude_write(dir, run->p, &run->simi, err) < 0 ||
        cn_tables_write_classes_json(dir, run->d, run_units_of(run), labels, &run->themes,
                                     run->stability, &run->conc, err) < 0 ||
        cn_textstats_write(dir, &run->stats, err) < 0 || write_labels_template(run, dir, err) < 0 ||
        cn_tables_write_frequencies(dir, run->p, err) < 0)
        return -1;
    return 0;
}

cn_report cn_run_report(const cn_run_result *run, const char *dir)
{
    return (cn_report){.dir = dir,
                       .corpus = run->corpus,
                       .p = run->p,
                       .d = run->d,
                       .pr = run->pr,
                       .afc = &run->afc,
                       .simi = &run->simi,
                       .specif = &run->specif,
                       .st = &run->stats,
                       .themes = &run->themes,
                       .units = run_units_of(run),
                       .time_var = run->params.time_var,
                       .speaker = run->params.speaker,
                       .grey = run->params.grey,
                       .pdf = run->params.pdf,
                       .labels = run->params.labels,
                       .stability = run->stability,
                       .conc = &run->conc,
                       .pipeline = &run->params.pipeline,
                       .dhc = &run->params.dhc,
                       .double_method = run->params.double_method,
                       .rst1 = run->params.rst1,
                       .rst2 = run->params.rst2,
                       .dhc_double = &run->params.dhc_double,
                       .cohort = run->params.cohort,
                       .by = run->params.by,
                       .stemmer_version = cn_run_stemmer_version()};
}

static int write_report(const cn_run_result *run, const char *dir, cn_error *err)
{
    cn_report rep = cn_run_report(run, dir);
    return cn_report_write(&rep, err);
}

/* The SHA-256 of a parameter file the run read, or "" when none was given. */
static int hash_given(const char *path, char hex[CN_SHA256_HEX], cn_error *err)
{
    long long bytes;
    hex[0] = '\0';
    return path ? cn_sha256_file(path, hex, &bytes, err) : 0;
}

static int hash_inputs(const cn_run_result *run, run_hashes *h, cn_error *err)
{
    const cn_pipeline_params *pp = &run->params.pipeline;
    if (cn_sha256_file(run->corpus, h->input, &h->input_bytes, err) < 0 ||
        hash_given(pp->stopwords, h->stopwords, err) < 0 ||
        hash_given(pp->lexicon, h->lexicon, err) < 0 ||
        hash_given(pp->expressions, h->expressions, err) < 0 ||
        hash_given(run->params.labels_file, h->labels, err) < 0)
        return -1;
    return 0;
}

static int write_part_of(write_task *t, cn_error *err)
{
    const cn_run_result *run = t->run;
    bool texts = run->params.pipeline.unit_texts;
    switch (t->part) {
    case WRITE_SEGMENTS:
        return cn_tables_write_segments(t->dir, run->p, texts, run->d->class_of, err);
    case WRITE_TABLES_BEFORE:
        return write_tables_before(run, t->dir, err);
    case WRITE_SPECIFICITIES:
        return cn_varspec_write(t->dir, run->p, &run->specif, err);
    case WRITE_TABLES_AFTER:
        return write_tables_after(run, t->dir, err);
    case WRITE_DTM:
        return run->params.dtm ? cn_tables_write_dtm(t->dir, run->p, texts, err) : 0;
    case WRITE_REPORT:
        return write_report(run, t->dir, err);
    default:
        return hash_inputs(run, t->hashes, err);
    }
}

static int write_one(void *ctx, cn_error *err)
{
    write_task *t = ctx;
    return t->rc = write_part_of(t, err);
}

int run_write_parts(const cn_run_result *run, const char *dir, unsigned parts, run_early *e)
{
    e->rc = 0;
    e->failed = WRITE_PARTS;
    for (int part = 0; part < WRITE_PARTS; part++) {
        if (!(parts & RUN_WRITE_BIT(part)))
            continue;
        write_task t = {run, dir, (run_write_part)part, &e->hashes, 0};
        if ((e->rc = write_part_of(&t, &e->err)) < 0) {
            e->failed = (run_write_part)part;
            break;
        }
    }
    return e->rc;
}

const run_early *run_early_first(const run_early *a, const run_early *b)
{
    return b->rc < 0 && (a->rc >= 0 || b->failed < a->failed) ? b : a;
}

int run_write_files(const cn_run_result *run, const char *dir, unsigned skip, run_hashes *hashes,
                    run_write_part *failed, cn_error *err)
{
    /* the longest first: on en.txt, the report and the specificities */
    static const run_write_part start[] = {WRITE_REPORT,      WRITE_HASHES, WRITE_SPECIFICITIES,
                                           WRITE_SEGMENTS,    WRITE_DTM,    WRITE_TABLES_BEFORE,
                                           WRITE_TABLES_AFTER};
    enum { NPARTS = sizeof start / sizeof *start };
    write_task tasks[NPARTS];
    cn_job jobs[NPARTS];
    size_t n = 0;
    *failed = WRITE_PARTS;
    for (size_t i = 0; i < NPARTS; i++) {
        if (skip & RUN_WRITE_BIT(start[i]))
            continue; /* run_write_parts' */
        tasks[n] = (write_task){run, dir, start[i], hashes, 0};
        jobs[n] = (cn_job){write_one, &tasks[n], (int)start[i]};
        n++;
    }
    if (cn_figure_fonts_ready(err) < 0) {
        *failed = WRITE_REPORT;
        return -1;
    }
    int rc = cn_jobs_run(jobs, n, run->params.threads, err);
    for (size_t i = 0; i < n; i++)
        if (tasks[i].rc < 0 && tasks[i].part < *failed)
            *failed = tasks[i].part;
    return rc;
}

/* The files a run read, as absolute paths in its manifest, so that kwic finds them from
 * any folder; a path that no longer resolves stays as given. */
typedef struct run_paths {
    char *corpus, *stopwords, *lexicon, *expressions, *labels;
} run_paths;

static const char *either(const char *resolved, const char *given)
{
    return resolved ? resolved : given;
}

/* The strings are borrowed from the run and abs (the manifest is only written). */
static int write_manifest_with(const cn_run_result *run, const char *dir, double writing_ms,
                               const run_paths *abs, const run_hashes *h, cn_error *err)
{
    const cn_run_params *pa = &run->params;
    const cn_pipeline_params *pp = &pa->pipeline;
    cn_manifest m = {.program = "carnet-analyse",
                     .version = CARNET_VERSION,
                     .arguments = (char **)pa->argv,
                     .narguments = pa->argc > 0 ? (size_t)pa->argc : 0,
                     .input_path = (char *)either(abs->corpus, run->corpus),
                     .unit_texts = pp->unit_texts,
                     .fold_accents = pp->fold_accents,
                     .segment_size = pp->segment_size,
                     .charset = pp->charset,
                     .lang = (char *)pp->lang,
                     .languages = run->stats.langs,
                     .nlanguages = run->stats.nlangs,
                     .stopwords = (char *)either(abs->stopwords, pp->stopwords),
                     .lexicon = (char *)either(abs->lexicon, pp->lexicon),
                     .expressions = (char *)either(abs->expressions, pp->expressions),
                     .min_freq = pp->min_freq,
                     .max_actives = pp->max_actives,
                     .double_method = pa->double_method,
                     .rst1 = pa->rst1,
                     .rst2 = pa->rst2,
                     .sign_draws = pa->double_method ? pa->dhc_double.sign_draws : 0,
                     .pair_order = pa->dhc_double.pair_order,
                     .classes = pa->dhc.nbcl_p1,
                     .min_class = pa->dhc.mincl,
                     .min_split = pa->dhc.min_split,
                     .reassignment = !pa->dhc.no_reassign,
                     .stability = pa->stability,
                     .stability_seed = pa->stability_seed,
                     .timings_ms = {run->ms[0], run->ms[1], run->ms[2], run->ms[3] + writing_ms}};
    m.input_bytes = h->input_bytes;
    memcpy(m.input_sha256, h->input, sizeof m.input_sha256);
    memcpy(m.stopwords_sha256, h->stopwords, sizeof m.stopwords_sha256);
    memcpy(m.lexicon_sha256, h->lexicon, sizeof m.lexicon_sha256);
    memcpy(m.expressions_sha256, h->expressions, sizeof m.expressions_sha256);
    m.speaker = pa->speaker;
    m.time = pa->time_var;
    m.by = pa->by;
    m.cohort = pa->cohort;
    m.labels = (const char *const *)pa->labels;
    m.nlabels = pa->labels ? CN_RUN_MAX_LABELS + 1 : 0;
    m.labels_file = pa->labels_file ? either(abs->labels, pa->labels_file) : NULL;
    memcpy(m.labels_sha256, h->labels, sizeof m.labels_sha256);
    m.dtm = pa->dtm;
    m.grey = pa->grey;
    m.pdf = pa->pdf;
    m.threads = pa->threads;
    cn_manifest_where where[CN_WHERE_MAX];
    char *values[CN_WHERE_MAX][CN_WHERE_VALUES];
    for (int i = 0; i < pp->where.n; i++) {
        const cn_where_cond *c = &pp->where.conds[i];
        where[i].variable = (char *)c->var;
        where[i].nmodalities = (size_t)c->nvalues;
        for (int v = 0; v < c->nvalues; v++)
            values[i][v] = (char *)c->values[v];
        where[i].modalities = values[i];
    }
    m.where = where;
    m.nwhere = (size_t)pp->where.n;
    cn_version versions[CN_VERSIONS_MAX];
    cn_manifest_library libraries[CN_VERSIONS_MAX];
    int nversions = cn_run_versions(versions);
    for (int i = 0; i < nversions; i++)
        libraries[i] = (cn_manifest_library){(char *)versions[i].library, versions[i].built,
                                             (char *)versions[i].built_from, versions[i].running};
    m.libraries = libraries;
    m.nlibraries = (size_t)nversions;
    return cn_manifest_write(dir, &m, err);
}

/* The record of the run: its command line, input, parameters and timings. */
static int write_manifest(const cn_run_result *run, const char *dir, double writing_ms,
                          const run_hashes *h, cn_error *err)
{
    const cn_pipeline_params *pp = &run->params.pipeline;
    run_paths abs = {cn_manifest_absolute(run->corpus), cn_manifest_absolute(pp->stopwords),
                     cn_manifest_absolute(pp->lexicon), cn_manifest_absolute(pp->expressions),
                     cn_manifest_absolute(run->params.labels_file)};
    int rc = write_manifest_with(run, dir, writing_ms, &abs, h, err);
    free(abs.corpus);
    free(abs.stopwords);
    free(abs.lexicon);
    free(abs.expressions);
    free(abs.labels);
    return rc;
}

int run_write_manifest(const cn_run_result *run, const char *dir, double t0,
                       const run_hashes *hashes, cn_error *err)
{
    return write_manifest(run, dir, run_now_ms() - t0, hashes, err);
}

int run_write_stage(const cn_run_result *run, const char *dir, double t0, cn_error *err)
{
    run_hashes hashes;
    run_write_part failed;
    if (run_write_files(run, dir, 0, &hashes, &failed, err) < 0 ||
        run_write_manifest(run, dir, t0, &hashes, err) < 0)
        return -1;
    return 0;
}
