/* cmd_run.c — carnet-analyse run CORPUS -o OUT: the whole analysis of an IRAMUTEQ corpus
 * (segments, lemmas, Reinert classification, profiles, typical segments, statistics),
 * for the corpus or for each modality of a variable (--by). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyse.h"
#include "report.h"
#include "carnet/csvout.h"
#include "carnet/grow.h"

typedef struct run_config {
    const char *corpus;
    cn_pipeline_params pipeline;
    cn_dhc_params dhc;
    bool dtm;
    bool double_method; /* IRAMUTEQ's double classification on two UC sizes */
    bool grey, pdf;     /* figures in greys (for print); also as PDF */
    const char *time_var;
    char *labels[REPORT_MAX_CLASSES + 1];
    uint32_t rst[2]; /* UC sizes of the double classification */
    int threads;
    int argc;
    char **argv;
} run_config;

/* A progress line on stderr, only when a person is watching it: one write per call, so
 * the two threads of a double classification cannot tear a line. */
static void show_progress(void *ctx, const char *stage, double done)
{
    (void)ctx;
    char line[96], bar[31];
    int filled = (int)(done * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[30] = '\0';
    int n = snprintf(line, sizeof line, "\r%-14s [%s] %3.0f %%", stage, bar, done * 100);
    if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
        return;
}

static void end_progress(bool shown)
{
    if (shown && write(STDERR_FILENO, "\r\033[K", 4) < 0)
        return;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int sha256_file(const char *path, char hex[65], long long *bytes, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    *bytes = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&ctx, n, buf);
        *bytes += (long long)n;
    }
    fclose(f);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return 0;
}

static int write_manifest(const char *dir, const run_config *cfg, const cn_pipeline_params *pp,
                          const double *ms, cn_error *err)
{
    char hex[65];
    long long bytes;
    if (sha256_file(cfg->corpus, hex, &bytes, err) < 0)
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "program", "carnet-analyse");
    cJSON_AddStringToObject(o, "version", CARNET_VERSION);
    cJSON *args = cJSON_AddArrayToObject(o, "arguments");
    for (int i = 0; i < cfg->argc; i++)
        cJSON_AddItemToArray(args, cJSON_CreateString(cfg->argv[i]));
    cJSON *in = cJSON_AddObjectToObject(o, "input");
    cJSON_AddStringToObject(in, "path", cfg->corpus);
    cJSON_AddNumberToObject(in, "bytes", (double)bytes);
    cJSON_AddStringToObject(in, "sha256", hex);
    cJSON *par = cJSON_AddObjectToObject(o, "parameters");
    cJSON_AddStringToObject(par, "unit", pp->unit_texts ? "texts" : "segments");
    cJSON_AddNumberToObject(par, "segment_size", (double)pp->segment_size);
    cJSON_AddStringToObject(par, "charset",
                            pp->charset == CN_CHARSET_IRAMUTEQ ? "iramuteq" : "unicode");
    cJSON_AddStringToObject(par, "lang", pp->lang);
    cJSON_AddStringToObject(par, "stopwords", pp->stopwords ? pp->stopwords : "");
    cJSON_AddStringToObject(par, "lexicon", pp->lexicon ? pp->lexicon : "");
    cJSON_AddStringToObject(par, "expressions", pp->expressions ? pp->expressions : "");
    cJSON_AddNumberToObject(par, "min_freq", pp->min_freq);
    cJSON_AddNumberToObject(par, "max_actives", pp->max_actives);
    cJSON_AddStringToObject(par, "method", cfg->double_method ? "double" : "simple");
    if (cfg->double_method) {
        cJSON *rst = cJSON_AddArrayToObject(par, "rst");
        cJSON_AddItemToArray(rst, cJSON_CreateNumber(cfg->rst[0]));
        cJSON_AddItemToArray(rst, cJSON_CreateNumber(cfg->rst[1]));
    }
    cJSON_AddNumberToObject(par, "classes", cfg->dhc.nbcl_p1);
    cJSON_AddNumberToObject(par, "min_class", cfg->dhc.mincl);
    cJSON_AddNumberToObject(par, "min_split", cfg->dhc.min_split);
    cJSON_AddBoolToObject(par, "reassignment", !cfg->dhc.no_reassign);
    cJSON *where = cJSON_AddArrayToObject(par, "where");
    for (int i = 0; i < pp->where.n; i++) {
        const cn_where_cond *c = &pp->where.conds[i];
        cJSON *w = cJSON_CreateObject();
        cJSON_AddStringToObject(w, "variable", c->var);
        cJSON *values = cJSON_AddArrayToObject(w, "modalities");
        for (int v = 0; v < c->nvalues; v++)
            cJSON_AddItemToArray(values, cJSON_CreateString(c->values[v]));
        cJSON_AddItemToArray(where, w);
    }
    cJSON *t = cJSON_AddObjectToObject(o, "timings_ms");
    const char *stages[] = {"text_pipeline", "classification", "profiles", "writing"};
    for (int i = 0; i < 4; i++)
        cJSON_AddNumberToObject(t, stages[i], round(ms[i] * 10) / 10);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(text);
        return cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    fprintf(f, "%s\n", text);
    free(text);
    return fclose(f) == 0 ? 0 : cn_error_set(err, "%s: write error", path);
}

/* One line per class of a cohort in by_VAR.csv: its size, top forms, best segment. */
static int add_cohort_class(cohort_table *t, const cohort_class *c, cn_error *err)
{
    if (cn_grow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows) < 0)
        return cn_error_set(err, "out of memory");
    t->rows[t->n++] = *c;
    return 0;
}

void cohort_table_free(cohort_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].segment);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* One row per class of a cohort: its size, top profile forms, best typical segment. */
static int by_rows(cohort_table *t, const char *cohort, const cn_prepared *p, const cn_profiles *pr,
                   cn_error *err)
{
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        cohort_class c = {.cls = k, .size = pr->class_units[k - 1]};
        snprintf(c.cohort, sizeof c.cohort, "%s", cohort);
        c.percent = pr->classified ? 100.0 * pr->class_units[k - 1] / pr->classified : 0;
        size_t used = 0;
        int shown = 0;
        for (size_t i = 0; i < pr->nrows && shown < 10; i++) {
            const cn_profile_row *r = &pr->rows[i];
            if (r->cls != k || r->kind != CN_ROW_ACTIVE || r->chi2 <= 0)
                continue;
            int n = snprintf(c.forms + used, sizeof c.forms - used, "%s%s", shown ? " " : "",
                             cn_lemma_name(p, r->id));
            if (n < 0 || (size_t)n >= sizeof c.forms - used)
                break;
            used += (size_t)n;
            shown++;
        }
        for (size_t i = 0; i < pr->ntypical && !c.segment; i++)
            if (pr->typical[i].cls == k) {
                const cn_seg *s = &p->segs[pr->typical[i].segment];
                const char *body =
                    p->corpus->texts[p->texts[s->text]].blocks[s->block].body + s->start;
                c.segment = strndup(body, s->end - s->start);
                for (char *ch = c.segment; ch && *ch; ch++)
                    if (*ch == '\n' || *ch == '\r')
                        *ch = ' ';
            }
        if (add_cohort_class(t, &c, err) < 0) {
            free(c.segment);
            return -1;
        }
    }
    return 0;
}

static int write_by_csv(const char *path, const cohort_table *t, cn_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    fputs("cohort,class,size,percent,top_forms,typical_segment\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const cohort_class *c = &t->rows[i];
        cn_csv_field(f, c->cohort);
        fprintf(f, ",%u,%u,%.2f,", c->cls, c->size, c->percent);
        cn_csv_field(f, c->forms);
        fputc(',', f);
        cn_csv_field(f, c->segment ? c->segment : "");
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : cn_error_set(err, "%s: write error", path);
}

static void print_report(FILE *out, const char *dir, const run_stats *st, const cn_dhc *d,
                         const cn_prepared *p, const cn_profiles *pr, bool unit_texts)
{
    const char *units = unit_texts ? "texts" : "segments";
    uint32_t n = pr->classified;
    fprintf(out,
            "%s: %u texts, %u segments, %llu occurrences, %u forms, %u active lemmas"
            " classified\n",
            dir, st->texts, st->segments, (unsigned long long)st->occurrences, st->forms,
            st->in_matrix);
    fprintf(out, "%u %s classified on %u (%.2f %%), %u classes\n", n, units, d->nrows,
            d->nrows ? 100.0 * n / d->nrows : 0, pr->nclasses);
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        fprintf(out, "  class %u: %u %s (%.1f %%):", k, pr->class_units[k - 1], units,
                n ? 100.0 * pr->class_units[k - 1] / n : 0);
        int shown = 0;
        for (size_t i = 0; i < pr->nrows && shown < 8; i++) {
            const cn_profile_row *r = &pr->rows[i];
            if (r->cls == k && r->kind == CN_ROW_ACTIVE && r->chi2 > 0) {
                fprintf(out, " %s", cn_lemma_name(p, r->id));
                shown++;
            }
        }
        fputc('\n', out);
    }
}

/* --labels FILE: "class,label" lines (a header line is allowed), one class per line. */
static int read_labels(const char *path, char **labels, cn_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        char *end;
        long k = comma ? strtol(line, &end, 10) : 0;
        if (lineno == 1 && (!comma || end != comma))
            continue; /* a header */
        if (!comma || end != comma || k < 1 || k > REPORT_MAX_CLASSES || !comma[1])
            rc = cn_error_set(err, "%s:%zu: expected class,label", path, lineno);
        else if (free(labels[k]), !(labels[k] = strdup(comma + 1)))
            rc = cn_error_set(err, "out of memory");
    }
    free(line);
    fclose(f);
    return rc;
}

static int classify_double(const run_config *cfg, const cn_prepared *p, cn_dhc **d, cn_error *err)
{
    uint32_t *uc1 = NULL, *uc2 = NULL;
    cn_sparse *m1 = NULL, *m2 = NULL;
    int rc = -1;
    if (cn_prepare_ucs(p, cfg->rst[0], &uc1, &m1, err) == 0 &&
        cn_prepare_ucs(p, cfg->rst[1], &uc2, &m2, err) == 0)
        rc = cn_dhc_double(m1, uc1, m2, uc2, p->nsegs, &cfg->dhc, cfg->threads, d, err);
    free(uc1);
    free(uc2);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
    return rc;
}

static int run_one(const run_config *cfg, const cn_pipeline_params *pp, const char *dir,
                   cohort_table *by, const char *cohort, cn_error *err)
{
    double ms[4] = {0}, t0 = now_ms();
    cn_prepared *p = NULL;
    cn_dhc *d = NULL;
    cn_profiles *pr = NULL;
    run_afc afc = {0};
    cn_simi simi = {0};
    run_specif specif = {0};
    int rc = -1;
    if (cn_prepare(cfg->corpus, pp, &p, err) < 0)
        goto done;
    if (p->ncols < 2 || p->matrix->nrows < 2) {
        cn_error_set(err,
                     "%s: too little text to classify (%u units, %u active lemmas of "
                     "frequency >= %d)",
                     cfg->corpus, p->matrix->nrows, p->ncols, pp->min_freq);
        goto done;
    }
    double t1 = now_ms();
    if (cfg->double_method ? classify_double(cfg, p, &d, err) < 0
                           : cn_dhc_run(p->matrix, &cfg->dhc, &d, err) < 0)
        goto done;
    double t2 = now_ms();
    if (cn_profiles_compute(p, pp->unit_texts, d->class_of, (uint32_t)d->nclasses, &pr, err) < 0)
        goto done;
    double t3 = now_ms();
    run_stats st;
    run_corpus_stats(p, pp, &st);
    if (run_afc_compute(p, pr, &afc, err) < 0 || run_simi_compute(p, &simi, err) < 0 ||
        run_specif_compute(p, &specif, err) < 0)
        goto done;
    if (analyse_make_dir(dir, err) < 0 ||
        run_write_segments(dir, p, pp->unit_texts, d->class_of, err) < 0 ||
        run_write_profiles(dir, p, pr, err) < 0 || run_write_modalities(dir, pr, err) < 0 ||
        run_write_typical(dir, p, pr, err) < 0 || run_write_afc(dir, p, pr, &afc, err) < 0 ||
        run_write_specificities(dir, p, &specif, err) < 0 ||
        run_write_simi(dir, p, &simi, err) < 0 ||
        analyse_write_classes_json(dir, d, pp->unit_texts ? "texts" : "segments",
                                   d->nclasses <= REPORT_MAX_CLASSES ? cfg->labels : NULL,
                                   err) < 0 ||
        run_write_corpus_stats(dir, &st, err) < 0 || run_write_frequencies(dir, p, err) < 0 ||
        (cfg->dtm && run_write_dtm(dir, p, pp->unit_texts, err) < 0))
        goto done;
    report rep = {.dir = dir,
                  .p = p,
                  .d = d,
                  .pr = pr,
                  .afc = &afc,
                  .simi = &simi,
                  .specif = &specif,
                  .st = &st,
                  .units = pp->unit_texts ? "texts" : "segments",
                  .time_var = cfg->time_var,
                  .grey = cfg->grey,
                  .pdf = cfg->pdf};
    memcpy(rep.labels, cfg->labels, sizeof rep.labels);
    rc = report_write(&rep, err);
    free(rep.best_class);
    free(rep.best_chi2);
    if (rc < 0) {
        rc = -1;
        goto done;
    }
    rc = -1;
    double t4 = now_ms();
    ms[0] = t1 - t0;
    ms[1] = t2 - t1;
    ms[2] = t3 - t2;
    ms[3] = t4 - t3;
    if (write_manifest(dir, cfg, pp, ms, err) < 0)
        goto done;
    if (by && by_rows(by, cohort, p, pr, err) < 0)
        goto done;
    end_progress(pp->progress != NULL);
    print_report(stdout, dir, &st, d, p, pr, pp->unit_texts);
    rc = 0;
done:
    run_afc_free(&afc);
    cn_simi_free(&simi);
    run_specif_free(&specif);
    cn_profiles_free(pr);
    cn_dhc_free(d);
    cn_prepared_free(p);
    return rc;
}

/* Modality values of variable var among the corpus's texts, sorted, deduplicated. */
static int modalities_of(const char *path, const char *var, char ***out, int *n, cn_error *err)
{
    cn_corpus *c;
    if (cn_corpus_read(path, &c, err) < 0)
        return -1;
    char prefix[80];
    snprintf(prefix, sizeof prefix, "*%s_", var);
    size_t plen = strlen(prefix);
    char **values = NULL;
    int count = 0;
    for (size_t t = 0; t < c->ntexts; t++)
        for (size_t s = 0; s < c->texts[t].nstars; s++) {
            const char *star = c->texts[t].stars[s];
            if (strncmp(star, prefix, plen) != 0 || !star[plen])
                continue;
            int k = 0;
            while (k < count && strcmp(values[k], star + plen) != 0)
                k++;
            if (k < count)
                continue;
            char **grown = realloc(values, ((size_t)count + 1) * sizeof *grown);
            if (!grown || !(grown[count] = strdup(star + plen))) {
                free(grown ? grown : values);
                cn_corpus_free(c);
                return cn_error_set(err, "out of memory");
            }
            values = grown;
            count++;
        }
    cn_corpus_free(c);
    for (int i = 1; i < count; i++) /* insertion sort: a handful of cohorts */
        for (int j = i; j > 0 && strcmp(values[j - 1], values[j]) > 0; j--) {
            char *x = values[j];
            values[j] = values[j - 1];
            values[j - 1] = x;
        }
    *out = values;
    *n = count;
    if (count == 0)
        return cn_error_set(err, "%s: no text has a *%s_ variable", path, var);
    return 0;
}

static int run_by(const run_config *cfg, const char *dir, const char *var, cn_error *err)
{
    char **values = NULL;
    int n = 0;
    if (modalities_of(cfg->corpus, var, &values, &n, err) < 0 || analyse_make_dir(dir, err) < 0)
        return -1;
    cohort_table table = {0};
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        cn_pipeline_params pp = cfg->pipeline;
        char expr[200], sub[4400];
        cohort_class small = {0};
        snprintf(expr, sizeof expr, "%s=%s", var, values[i]);
        snprintf(small.cohort, sizeof small.cohort, "%s_%s", var, values[i]);
        snprintf(sub, sizeof sub, "%s/%s", dir, small.cohort);
        rc = cn_where_add(&pp.where, expr, err);
        if (rc == 0 && run_one(cfg, &pp, sub, &table, small.cohort, err) < 0) {
            /* a cohort too small to classify is reported, not fatal */
            fprintf(stderr, "carnet-analyse: %s: %s\n", small.cohort, err->msg);
            rc = add_cohort_class(&table, &small, err);
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/by_%s.csv", dir, var);
    if (rc == 0)
        rc = write_by_csv(path, &table, err);
    if (rc == 0)
        rc = report_write_comparison(dir, var, &table, err);
    cohort_table_free(&table);
    for (int i = 0; i < n; i++)
        free(values[i]);
    free(values);
    return rc;
}

static int parse_rst(const char *text, void *target, cn_error *err)
{
    unsigned a, b;
    char extra;
    if (sscanf(text, "%u,%u%c", &a, &b, &extra) != 2 || a < 1 || b < 1 || a > 100000 || b > 100000)
        return cn_error_set(err, "expected two UC sizes, e.g. 12,14");
    uint32_t *rst = target;
    rst[0] = a;
    rst[1] = b;
    return 0;
}

static void show_rst(const void *target, char *buf, size_t size)
{
    const uint32_t *rst = target;
    snprintf(buf, size, "%u,%u", rst[0], rst[1]);
}

int cmd_run(const char *prog, int argc, char **argv)
{
    run_config cfg = {.pipeline = cn_pipeline_defaults(),
                      .dhc = cn_dhc_defaults(),
                      .time_var = "month",
                      .rst = {12, 14},
                      .threads = 2,
                      .argc = argc,
                      .argv = argv};
    const char *dir = NULL, *by = NULL, *labels = NULL;
    int unit = 0, method = 0;
    analyse_text_args text;
    analyse_text_init(&text, &cfg.pipeline);
    const cn_option options[] = {
        CN_OPT_REQUIRED_STRING("-o", "DIR", &dir, "output folder"),
        ANALYSE_TEXT_OPTIONS(&text),
        ANALYSE_DHC_OPTIONS(&cfg.dhc),
        CN_OPT_CHOICE("--unit", "segments|texts", &unit, "what is classified"),
        CN_OPT_STRING("--by", "VAR", &by,
                      "one analysis per modality of VAR in OUT/VAR_MOD, and OUT/by_VAR.csv"),
        CN_OPT_FLAG("--dtm", &cfg.dtm, "also write dtm.mtx, dtm_rows.csv, dtm_cols.csv"),
        CN_OPT_CHOICE("--method", "simple|double", &method,
                      "one classification, or IRAMUTEQ's double"),
        CN_OPT_CALLBACK("--rst", "N1,N2", cfg.rst, parse_rst, show_rst,
                        "UC sizes of the double classification"),
        CN_OPT_INT("--threads", "N", &cfg.threads, 1, 64,
                   "1, or 2 to run a double's two classifications at once"),
        CN_OPT_STRING("--labels", "FILE", &labels,
                      "names of the classes (CSV: class,label) for the report"),
        CN_OPT_STRING("--time", "VAR", &cfg.time_var,
                      "the variable read as diary time in the report"),
        CN_OPT_FLAG("--grey", &cfg.grey, "figures in greys, for print"),
        CN_OPT_FLAG("--pdf", &cfg.pdf, "figures also as PDF"),
        CN_OPT_END(),
    };
    cn_command cmd = {.prog = prog,
                      .name = "run",
                      .args = "CORPUS",
                      .about = "Reinert classification of an IRAMUTEQ corpus",
                      .options = options,
                      .min_args = 1,
                      .max_args = 1};
    const char *args[1];
    int nargs, rc = cn_opt_parse(&cmd, argc, argv, args, &nargs);
    if (rc == CN_OPT_OK)
        rc = analyse_text_finish(&cmd, &text);
    else
        cn_strlist_free(&text.where);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cfg.corpus = args[0];
    cfg.pipeline.unit_texts = unit == 1;
    cfg.double_method = method == 1;
    if (cfg.double_method && cfg.pipeline.unit_texts)
        return cn_opt_fail(&cmd, "--method double classifies segments, not texts");
    cn_error err = {0};
    if (labels && read_labels(labels, cfg.labels, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    bool tty = isatty(STDERR_FILENO);
    if (tty) {
        cfg.pipeline.progress = show_progress;
        cfg.dhc.progress = show_progress;
    }
    rc = by ? run_by(&cfg, dir, by, &err) : run_one(&cfg, &cfg.pipeline, dir, NULL, NULL, &err);
    end_progress(tty);
    for (int k = 0; k <= REPORT_MAX_CLASSES; k++)
        free(cfg.labels[k]);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    return 0;
}

int cmd_stats(const char *prog, int argc, char **argv)
{
    cn_pipeline_params pp = cn_pipeline_defaults();
    analyse_text_args text;
    analyse_text_init(&text, &pp);
    const cn_option options[] = {ANALYSE_TEXT_OPTIONS(&text), CN_OPT_END()};
    cn_command cmd = {.prog = prog,
                      .name = "stats",
                      .args = "CORPUS",
                      .about = "corpus statistics: texts, segments, forms, hapax",
                      .options = options,
                      .min_args = 1,
                      .max_args = 1};
    const char *args[1];
    int nargs, rc = cn_opt_parse(&cmd, argc, argv, args, &nargs);
    if (rc == CN_OPT_OK)
        rc = analyse_text_finish(&cmd, &text);
    else
        cn_strlist_free(&text.where);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_error err = {0};
    cn_prepared *p;
    if (cn_prepare(args[0], &pp, &p, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    run_stats st;
    run_corpus_stats(p, &pp, &st);
    run_print_stats(stdout, &st);
    cn_prepared_free(p);
    return 0;
}
