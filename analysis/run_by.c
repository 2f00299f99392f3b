/* run_by.c — a run per cohort (cn_run_by, see run.h): the whole corpus's run into OUT/all,
 * each modality of --by VAR's own run into OUT/VAR_MOD, and the comparison of their
 * classes in by_VAR.csv and by_VAR.html; one folder moved into place whole. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/cohorts.h"
#include "carnet/corpus.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"
#include "carnet/report.h"
#include "carnet/run.h"
#include "carnet/timeaxis.h"
#include "carnet/where.h"

/* A modality and the key it shares with its twins: the same letters whatever their case,
 * and numbers without their leading zeros ("LT1" and "lt1", "01" and "1"). */
typedef struct twin {
    char key[CN_COHORTS_MODALITY_MAX];
    const char *value;
} twin;

static void twin_key(const char *v, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; v[i] && o + 1 < size; i++) {
        bool number_starts =
            isdigit((unsigned char)v[i]) && (i == 0 || !isdigit((unsigned char)v[i - 1]));
        while (number_starts && v[i] == '0' && isdigit((unsigned char)v[i + 1]))
            i++;
        out[o++] = (char)tolower((unsigned char)v[i]);
    }
    out[o] = '\0';
}

static int by_key(const void *x, const void *y)
{
    const twin *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->value, b->value);
}

/* Two modalities that differ only by case ("LT1", "lt1": two cohorts, and one folder on a
 * file system that ignores case) or by a number's leading zeros ("01", "1"), into table:
 * neighbours once sorted by their key, so that --by part on thousands of participants
 * compares each once. */
static int note_case_twins(char **values, size_t n, cn_cohorts *table, cn_error *err)
{
    twin *sorted = malloc((n + 1) * sizeof *sorted);
    if (!sorted)
        return cn_error_nomem(err);
    for (size_t i = 0; i < n; i++) {
        twin_key(values[i], sorted[i].key, sizeof sorted[i].key);
        sorted[i].value = values[i];
    }
    qsort(sorted, n, sizeof *sorted, by_key);
    bool shown_by_case = false;
    for (size_t i = 0, end; i < n; i = end) {
        for (end = i + 1; end < n && strcmp(sorted[i].key, sorted[end].key) == 0; end++)
            ;
        if (end - i < 2)
            continue;
        table->twin_groups++;
        size_t a = i, b = i + 1; /* its case pair, if it has one: the folder at risk */
        bool by_case = false;
        for (size_t j = i; j < end && !by_case; j++)
            for (size_t k = j + 1; k < end && !by_case; k++)
                if (strcasecmp(sorted[j].value, sorted[k].value) == 0)
                    a = j, b = k, by_case = true;
        if (table->case_twins[0][0] && (shown_by_case || !by_case))
            continue;
        snprintf(table->case_twins[0], CN_COHORTS_MODALITY_MAX, "%s", sorted[a].value);
        snprintf(table->case_twins[1], CN_COHORTS_MODALITY_MAX, "%s", sorted[b].value);
        table->twins_by_zeros = !by_case;
        table->twins_mixed = false; /* A1, a1 beside A01: case and zeros (trial 86) */
        for (size_t j = i + 1; j < end; j++)
            table->twins_mixed = table->twins_mixed ||
                                 (strcasecmp(sorted[i].value, sorted[j].value) != 0) == by_case;
        table->twins_in_group = (uint32_t)(end - i);
        shown_by_case = by_case;
    }
    free(sorted);
    return 0;
}

/* The cohorts of --by var: the modalities var takes among the texts every --where
 * condition keeps (with --by part --where care=lt1, the participants in care for less
 * than a year; with --where care=lt1,gt3 on --by care, those two), in natural order
 * (cn_timeaxis_order: dates by date, the rest cn_cohorts_natural_order's); *n of them, malloc'd. A
 * --where modality no text has is refused as everywhere (cn_where_check). */
static int modalities_of(const char *path, const char *var, const cn_where *where, char ***out,
                         int *n, cn_cohorts *table, cn_error *err)
{
    cn_corpus *c;
    cn_where_tally *tally = calloc(1, sizeof *tally); /* too large for a stack frame */
    if (!tally)
        return cn_error_nomem(err);
    if (cn_corpus_read(path, &c, err) < 0) {
        free(tally);
        return -1;
    }
    char **values = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    for (size_t t = 0; rc == 0 && t < c->ntexts; t++) {
        const char *v = cn_corpus_value(&c->texts[t], var);
        cn_corpus_where_note(tally, &c->texts[t]);
        if (cn_corpus_check_where(&c->texts[t], where, path, err) < 0) {
            rc = -1;
            break;
        }
        if (!cn_where_keep(where, cn_corpus_where_value, &c->texts[t], tally))
            continue;
        if (cn_corpus_check_one_value(&c->texts[t], var, path, "--by puts each text in one cohort",
                                      err) < 0) {
            rc = -1;
            break;
        }
        if (!v || !*v) {
            table->unstarred++;
            continue;
        }
        table->starred++;
        size_t k = 0;
        while (k < count && strcmp(values[k], v) != 0)
            k++;
        if (k < count)
            continue;
        if (cn_grow((void **)&values, &cap, count + 1, sizeof *values) < 0 ||
            !(values[count] = strdup(v)))
            rc = cn_error_nomem(err);
        else
            count++;
    }
    cn_corpus_free(c);
    if (rc == 0)
        rc = cn_where_check(where, tally, path, err);
    bool flags_only = count == 0 && cn_where_noted(tally, var); /* "*urgent": no modality */
    if (rc == 0)
        rc = cn_timeaxis_order((const char **)values, count, 0, err);
    if (rc == 0)
        rc = note_case_twins(values, count, table, err);
    *out = values;
    *n = (int)count;
    table->cohorts = (uint32_t)count;
    if (rc == 0 && count == 0 && flags_only)
        rc =
            cn_error_code(err, CN_EEMPTY,
                          "%s: no text%s has a *%s_ variable: the texts' *%s stars have no modality"
                          " (no '_'); one analysis per modality needs *%s_MOD stars (*%s_oui,"
                          " *%s_non)",
                          path, where->n ? " kept by --where" : "", var, var, var, var, var);
    else if (rc == 0 && count == 0 && !cn_where_noted(tally, var) && tally->nvars > 0) {
        char list[CN_ERROR_MAX / 2]; /* a misspelled --by, as --where says it (trial 84) */
        cn_where_vars_list(tally, list, sizeof list);
        rc = cn_error_code(err, CN_EEMPTY,
                           "%s: --by %s: no text has a %s variable; the variables of the texts "
                           "are: %s",
                           path, var, var, list);
    } else if (rc == 0 && count == 0)
        rc = cn_error_code(err, CN_EEMPTY, "%s: no text%s has a *%s_ variable", path,
                           where->n ? " kept by --where" : "", var);
    free(tally);
    return rc;
}

/* all without its condition on var (if any): a cohort's conditions are the others, and
 * var=its modality. */
static void without(const cn_where *all, const char *var, cn_where *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < all->n; i++)
        if (strcmp(all->conds[i].var, var) != 0)
            out->conds[out->n++] = all->conds[i];
}

/* What the comparison table reads of a run. */
static cn_cohorts_run table_view(const cn_run_result *run)
{
    cn_cohorts_run v = {.p = run->p,
                        .pr = run->pr,
                        .unit_class = run->d->class_of,
                        .unit_texts = run->params.pipeline.unit_texts,
                        .conc = &run->conc,
                        .labels = run->params.labels,
                        .nlabels = CN_RUN_MAX_LABELS};
    return v;
}

/* One cohort: its run written into sub and its rows added to the table, matched with the
 * whole corpus's run all (1), or, when any of that fails, one row with the reason (0). Its
 * own error buffer: nothing of a failed cohort can leak into the next. -1 only when the
 * table itself cannot grow. */
static int run_cohort(const char *corpus, const cn_run_params *params, const char *var,
                      const char *value, const char *dir, const char *shown_dir, cn_cohorts *table,
                      const cn_run_result *all, cn_run_cohort_done *done, void *ctx, cn_error *err)
{
    cn_run_params cp = *params;
    cn_error why = {0};
    cn_run_result *run = NULL;
    size_t elen = strlen(var) + strlen(value) + 2;
    size_t slen = (strlen(dir) > strlen(shown_dir) ? strlen(dir) : strlen(shown_dir)) + elen + 1;
    char *cohort = malloc(elen), *sub = malloc(slen);
    if (!cohort || !sub) {
        free(cohort);
        free(sub);
        return cn_error_nomem(err);
    }
    snprintf(cohort, elen, "%s_%s", var, value);
    snprintf(sub, slen, "%s/%s", dir, cohort);
    without(&params->pipeline.where, var, &cp.pipeline.where);
    /* its classes are numbered on their own: the whole's names would name other themes */
    cp.labels = cn_labels_of(params->labels_by, cohort);
    cp.label_forms = cn_labels_forms_of(params->labels_by, cohort);
    cp.cohort = cohort;
    cp.by = var;
    /* The cohort's folder is built inside the --by run's, which the guard holds: held in
     * its place, it would leave the outer one behind on Ctrl+C (trial 38) */
    cp.guard = NULL;
    int ok = cn_where_add_cohort(&cp.pipeline.where, var, value, &why) == 0 &&
             cn_run_into(corpus, &cp, sub, &run, &why) == 0;
    if (ok && cn_textstats_mixed(&run->stats)) /* by_VAR.html says so at its top */
        table->mixed_languages++;
    bool kept = false; /* fewer than 2 classes: not classified, its folder written */
    if (ok && run->themes.why[0]) {
        /* "1 class, 100 % classified" beside the other cohorts' themes would read as the
         * best classified of them */
        cn_error_code(&why, CN_EINVALID,
                      "fewer than 2 classes (%s/ keeps what the run found, beside the cohorts"
                      " classified): %.800s",
                      cohort, run->themes.why);
        ok = false;
        kept = true;
    }
    if (ok) {
        cn_cohorts_run mine = table_view(run), whole = all ? table_view(all) : mine;
        ok = cn_cohorts_add_classes(table, cohort, &mine, all ? &whole : NULL, &why) == 0;
    }
    if (!ok) /* in by_VAR.csv and on screen: the path the cohort will have */
        cn_out_name_target(&why, dir, shown_dir);
    if (!ok && (why.code == CN_EIO || why.code == CN_ENOMEM)) {
        /* the machine's failure, not the cohort's: a row beside the others, the run ending
         * 0, left a cohort out of a folder that looked whole (trial 78: a full disk) */
        *err = why;
        cn_run_free(run);
        free(cohort);
        free(sub);
        return err->code;
    }
    int rc = ok     ? 1
             : kept ? cn_cohorts_add_unclassified(table, cohort, why.msg, run->d->nrows,
                                                  run->pr->classified, err)
                    : cn_cohorts_add_failure(table, cohort, why.msg, err);
    if (done) { /* named where it will be once the whole --by run is in place */
        snprintf(sub, slen, "%s/%s", shown_dir, cohort);
        done(ctx, cohort, sub, ok ? run : NULL, ok ? NULL : why.msg);
    }
    cn_run_free(run);
    free(cohort);
    free(sub);
    return rc;
}

/* The whole corpus's run, on the same texts as the cohorts together, into dir/all (shown
 * as shown_dir/all), and its classes into the table for the cohorts to be matched with;
 * or, when all is NULL (too little text, say), the reason why it could not be classified,
 * and the cohorts go on unmatched. */
static int write_whole(const cn_run_result *all, const char *failure, const char *dir,
                       const char *shown_dir, cn_cohorts *table, cn_run_cohort_done *done,
                       void *ctx, cn_error *err)
{
    size_t len = (strlen(dir) > strlen(shown_dir) ? strlen(dir) : strlen(shown_dir)) + 8;
    char *sub = malloc(len);
    if (!sub)
        return cn_error_nomem(err);
    snprintf(sub, len, "%s/all", dir);
    int rc;
    if (all) {
        cn_cohorts_run whole = table_view(all);
        rc = cn_run_write(all, sub, err);
        if (rc < 0)
            cn_error_nomem_during(err, all->corpus, "writing its tables, figures and report");
        if (rc == 0)
            rc = cn_cohorts_set_whole(table, &whole, err);
    } else
        rc = cn_cohorts_set_whole_failure(table, failure, err);
    if (rc == 0 && done) {
        snprintf(sub, len, "%s/all", shown_dir);
        done(ctx, "all", sub, all, all ? NULL : failure);
    }
    free(sub);
    return rc;
}

/* by_VAR.csv and by_VAR.html in dir. */
static int write_comparison(const cn_cohorts *table, const char *var, const char *dir,
                            cn_error *err)
{
    size_t plen = strlen(dir) + strlen(var) + 16;
    char *path = malloc(plen);
    if (!path)
        return cn_error_nomem(err);
    snprintf(path, plen, "%s/by_%s.csv", dir, var);
    int rc = cn_cohorts_write_csv(table, path, err);
    free(path);
    return rc < 0 ? rc : cn_report_write_comparison(dir, var, table, err);
}

/* The notes of modalities_of, through params->notice: the same sentences as by_VAR.html. */
static void tell_cohort_notes(const cn_run_params *params, const char *var, const cn_cohorts *t)
{
    char msg[512];
    if (!params->notice)
        return;
    if (t->unstarred) {
        snprintf(msg, sizeof msg,
                 "%u text%s ha%s no *%s_ star: in the whole-corpus run (all/), in no cohort",
                 t->unstarred, t->unstarred == 1 ? "" : "s", t->unstarred == 1 ? "s" : "ve", var);
        params->notice(params->notice_ctx, msg);
    }
    if (cn_cohorts_twins_note(t, var, msg, sizeof msg))
        params->notice(params->notice_ctx, msg);
    if (t->cohorts == 1 && !t->unstarred) { /* the whole corpus, done twice (trial 84) */
        snprintf(msg, sizeof msg,
                 "%s has one modality among the texts kept: its cohort is the whole corpus "
                 "(all/), analysed twice",
                 var);
        params->notice(params->notice_ctx, msg);
    }
    if (cn_cohorts_many_note(t, var, msg, sizeof msg))
        params->notice(params->notice_ctx, msg);
    if (params->labels && params->labels_by && !params->labels_by->ncohorts) {
        snprintf(msg, sizeof msg,
                 "--labels names the whole corpus's classes (all/) only: a cohort's classes are "
                 "numbered on their own; name them with lines cohort,class,label (%s_VALUE,1,...)",
                 var);
        params->notice(params->notice_ctx, msg);
    }
}

int cn_run_by(const char *corpus, const cn_run_params *params, const char *var, const char *dir,
              cn_run_cohort_done *done, void *ctx, cn_error *err)
{
    if (!cn_corpus_var_valid(var))
        return cn_error_code(err, CN_EINVALID,
                             "--by '%.80s': a variable name is 1 to %d letters and digits", var,
                             CN_CORPUS_VAR_MAX - 1);
    char **values = NULL;
    int n = 0, classified = 0;
    cn_out_dir out = {0};
    cn_run_result *all = NULL;
    cn_cohorts table = {0};
    cn_error why = {0}; /* why the whole corpus could not be classified */
    int rc = modalities_of(corpus, var, &params->pipeline.where, &values, &n, &table, err);
    if (rc == 0)
        rc = cn_labels_check_cohorts(params->labels_by, var, values, n, err);
    if (rc == 0)
        tell_cohort_notes(params, var, &table);
    /* the folder first, as cn_run_into does: one that cannot take the run is refused
     * before the whole corpus's analysis, not after it */
    if (rc == 0)
        rc = cn_out_dir_begin(&out, dir, params->guard, err);
    if (rc == 0 && out.stray && params->warning) /* a folder of an earlier run that stays */
        params->warning(params->warning_ctx, out.stray);
    /* Options that do not fit the corpus would fail every cohort alike, and so would texts
     * in a language that cannot be read; but with --by lang, that language's texts are one
     * cohort, which fails on its own while the others are classified. */
    /* the whole corpus's run records --by in its manifest (its folder, all/, no cohort):
     * redone from that manifest, the command is the --by run's (trial 45) */
    cn_run_params whole_params = *params;
    whole_params.by = var;
    /* the machine's failures too, as a cohort's (trial 102: out of memory on the whole
     * corpus ended 0, its all/ of before replaced by a row saying so) */
    if (rc == 0 && cn_run(corpus, &whole_params, &all, &why) < 0 &&
        (why.code == CN_EINVALID || why.code == CN_ENOTFOUND || why.code == CN_ENOMEM ||
         why.code == CN_EIO || (why.code == CN_ELANGUAGE && strcmp(var, "lang") != 0))) {
        *err = why;
        rc = why.code;
    }
    if (rc == 0)
        rc = write_whole(all, why.msg, out.tmp, out.target, &table, done, ctx, err);
    for (int i = 0; rc >= 0 && i < n; i++) {
        rc = run_cohort(corpus, params, var, values[i], out.tmp, out.target, &table, all, done, ctx,
                        err);
        classified += rc > 0;
    }
    if (rc >= 0)
        rc = write_comparison(&table, var, out.tmp, err);
    /* A run that classified no cohort fails as a plain run that classifies nothing does:
     * the folder is left as it was, an earlier run's results whole (trial 79: they were
     * replaced by a table of reasons, which each cohort's line on stderr already gives). */
    if (rc == 0 && classified == 0) {
        cn_out_dir_abort(&out);
        rc = cn_error_code(err, CN_EEMPTY,
                           "no cohort of %s could be classified (each one's reason above):"
                           " nothing was written into %s, none of the folders named above%s",
                           var, dir,
                           all ? ", the whole corpus's run included (run it without --by to"
                                 " keep it)"
                               : "");
    } else if (rc == 0)
        rc = cn_out_dir_commit(&out, err);
    else {
        cn_error_nomem_during(err, corpus, "analysing it by cohort");
        cn_out_dir_fail(&out, err);
    }
    cn_cohorts_free(&table);
    cn_run_free(all);
    for (int i = 0; i < n; i++)
        free(values[i]);
    free(values);
    return rc;
}
