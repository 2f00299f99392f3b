/* cmd_run.c — carnet-analyse run CORPUS -o OUT: the whole analysis of an IRAMUTEQ corpus
 * (run.h), for the corpus or for each modality of a variable (--by); and carnet-analyse
 * stats CORPUS, its statistics alone. Options in, library call, summary out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse.h"
#include "carnet/figure.h"
#include "carnet/outguard.h"
#include "carnet/run.h"
#include "carnet/textstats.h"
#include "carnet/textstats_say.h"

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

/* A run that keeps one class or none is written (its tables say what was found), but not
 * in silence: why, with the numbers and thresholds, and what to try (themes.h). */
static void warn_if_no_class(const char *prog, const char *dir, const cn_run_result *run)
{
    if (run->themes.why[0])
        fprintf(stderr, "%s: warning: %s: %s\n", prog, dir, run->themes.why);
    const cn_themes *t = &run->themes;
    if (!t->double_method || t->n == 0) /* the crossing left no leaf mostly unclassified */
        return;
    fprintf(stderr,
            "%s: note: %s: the crossing left %u of %u segments unclassified; %d phase-1 leaves "
            "of the two trees are mostly among them (sizes",
            prog, dir, run->d->nrows - t->classified, run->d->nrows, t->n);
    for (int k = 0; k < t->n && k < 12; k++)
        fprintf(stderr, "%s %u", k ? "," : "", t->themes[k].size);
    fprintf(stderr, "%s): see \"Themes the crossing left unclassified\" in report.html\n",
            t->n > 12 ? ", ..." : "");
}

/* The variables whose specificities were left out, and why (varspec.h). */
static void warn_left_out(const char *prog, const char *dir, const cn_run_result *run)
{
    char why[CN_ERROR_MAX];
    for (size_t i = 0; i < run->specif.nvars; i++)
        if (cn_varspec_why_left_out(&run->specif.vars[i], run->p, run->corpus, why, sizeof why))
            fprintf(stderr, "%s: warning: %s: %s\n", prog, dir, why);
    if (cn_varspec_case_twins(&run->specif, why, sizeof why))
        fprintf(stderr, "%s: warning: %s: %s\n", prog, dir, why);
}

/* The figures' labels are measured in their font, so that which words fit in them follows
 * it: drawn in another face (DejaVu Sans not installed), the figures of the same corpus
 * differ from a colleague's, and nothing said so (trial 71). The manifest names the face. */
static void warn_if_other_font(const char *prog)
{
    if (cn_figure_font_is_expected())
        return;
    char used[128];
    cn_figure_font_used(used, sizeof used);
    fprintf(stderr,
            "%s: warning: the figures are drawn in %s, not " CN_FIGURE_FONT " " CN_FIGURE_FONT_STYLE
            " (Debian package"
            " fonts-dejavu-core): their labels, and which words fit in them, differ from a"
            " computer that has it; the tables do not\n",
            prog, used);
}

/* What the messages after each run of a command need: the program's name, and whether
 * the missing participant variable was already said (said once, not once per cohort). */
typedef struct run_said {
    const char *prog;
    bool no_speaker;
    bool unattributed; /* texts naming no participant were said (once) */
    const char *by;    /* --by's variable, or NULL */
    const char *dir;   /* -o */
    bool lexicon_said; /* the lexicon's lines given twice: a fact of the file, said once */
} run_said;

/* cn_run_params.notice: what --by's cohorts must not hide, on stderr. */
static void tell_notice(void *ctx, const char *message)
{
    const run_said *said = ctx;
    fprintf(stderr, "%s: note: %s: %s\n", said->prog, said->dir, message);
}

/* cn_run_params.warning: a folder left beside -o that the run could not remove. */
static void tell_warning(void *ctx, const char *message)
{
    const run_said *said = ctx;
    fprintf(stderr, "%s: warning: %s\n", said->prog, message);
}

/* The classes that one participant gives more than half of (the report flags them too),
 * and, once, that the texts name no participant. */
static void tell_participants(run_said *said, const char *dir, const cn_run_result *run)
{
    const cn_concentration *c = &run->conc;
    if (!c->available && !said->no_speaker && c->var[0]) {
        fprintf(stderr,
                "%s: note: no text has a *%s_ variable: participants per class are not counted "
                "(--speaker VAR names the variable that does)\n",
                said->prog, c->var);
        said->no_speaker = true;
    }
    const char *units = run->params.pipeline.unit_texts ? "texts" : "segments";
    uint32_t none = 0;
    for (uint32_t k = 1; c->available && k <= c->nclasses; k++)
        none += c->classes[k - 1].unattributed;
    if (none > 0 && !said->unattributed) {
        fprintf(stderr,
                "%s: note: %s: %u classified %s come from texts with no *%s_ variable: they "
                "count for no participant, and a class's largest share is of all its %s\n",
                said->prog, dir, none, units, c->var, units);
        said->unattributed = true;
    }
    /* trial 84: said of 2, not of 1; not where texts naming nobody give units too (trial
     * 85), nor of each cohort of --by part, one participant each by what it asked */
    bool by_speaker = run->params.cohort && run->params.by && strcmp(run->params.by, c->var) == 0;
    if (c->available && cn_intern_count(c->codes) == 1) {
        if (none > 0 || by_speaker)
            return;
        fprintf(stderr,
                "%s: note: %s: every classified %s is one participant's (%s): its classes are "
                "the themes of one diary, not of a cohort\n",
                said->prog, dir, run->params.pipeline.unit_texts ? "text" : "segment",
                cn_intern_str(c->codes, 0));
        return;
    }
    if (!c->available || cn_intern_count(c->codes) < 2)
        return;
    if (c->nalone > 0) { /* trial 84: *sex_x, one person, read as a cohort's themes */
        fprintf(stderr, "%s: note: %s: %u modalit%s one participant's (", said->prog, dir,
                c->nalone, c->nalone == 1 ? "y is" : "ies are");
        for (uint32_t i = 0; i < c->nalone && i < CN_CONCENTRATION_ALONE_SHOWN; i++)
            fprintf(stderr, "%s%s: %s", i ? ", " : "", c->alone[i].modality,
                    cn_intern_str(c->codes, c->alone[i].code));
        fprintf(stderr, "%s): %s profile rows and specificities describe one diary, not a group\n",
                c->nalone > CN_CONCENTRATION_ALONE_SHOWN ? ", ..." : "",
                c->nalone == 1 ? "its" : "their");
    }
    for (uint32_t k = 1; k <= c->nclasses; k++)
        if (c->classes[k - 1].over_half)
            fprintf(stderr,
                    "%s: note: %s: class %u: one participant (%s) gives %.0f %% of its units\n",
                    said->prog, dir, k, cn_concentration_largest(c, k),
                    100 * c->classes[k - 1].largest_share);
}

/* After each cohort of --by: its summary, or why it was not classified. */
static void cohort_done(void *ctx, const char *cohort, const char *dir, const cn_run_result *run,
                        const char *failure)
{
    run_said *said = ctx;
    const char *prog = said->prog;
    end_progress(isatty(STDERR_FILENO));
    if (run) {
        cn_run_print_summary(stdout, run, dir);
        warn_if_no_class(prog, dir, run);
        cn_run_print_signs(stderr, prog, run, dir);
        cn_run_print_small_classes(stderr, prog, run, dir);
        cn_run_print_time_notes(stderr, prog, run, dir);
        cn_textstats stats = run->stats;
        /* --by lang is what the warning advises: the whole-corpus run beside its cohorts
         * mixes the languages on purpose (its report still says so) */
        if (said->by && strcmp(said->by, "lang") == 0 && strcmp(cohort, "all") == 0)
            stats.nlanguages = 1;
        if (said->lexicon_said)
            stats.lexicon_duplicates.forms = 0;
        said->lexicon_said |= stats.lexicon_duplicates.forms > 0;
        cn_textstats_warn(stderr, prog, dir, &stats);
        warn_left_out(prog, dir, run);
        tell_participants(said, dir, run);
    } else
        fprintf(stderr, "%s: %s: %s\n", prog, cohort, failure);
}

static int run_all(run_said *said, const char *corpus, const cn_run_params *params, const char *dir,
                   cn_error *err)
{
    const char *prog = said->prog;
    cn_run_result *run;
    int rc = cn_run_into(corpus, params, dir, &run, err);
    if (rc == 0) {
        end_progress(params->progress != NULL);
        cn_run_print_summary(stdout, run, dir);
        warn_if_no_class(prog, dir, run);
        cn_run_print_signs(stderr, prog, run, dir);
        cn_run_print_small_classes(stderr, prog, run, dir);
        cn_run_print_time_notes(stderr, prog, run, dir);
        cn_textstats_warn(stderr, prog, dir, &run->stats);
        warn_left_out(prog, dir, run);
        tell_participants(said, dir, run);
    }
    cn_run_free(run);
    return rc;
}

/* --rst's target: the params it sets, and whether it was given (it means nothing without
 * --method double, and saying nothing would let a user believe it was used). */
typedef struct rst_option {
    cn_run_params *params;
    bool given;
} rst_option;

static int parse_rst(const char *text, void *target, cn_error *err)
{
    unsigned a, b;
    char extra;
    if (sscanf(text, "%u,%u%c", &a, &b, &extra) != 2 || a < 1 || b < 1 || a > 100000 || b > 100000)
        return cn_error_set(err, "expected two UC sizes, e.g. 12,14");
    rst_option *rst = target;
    rst->params->rst1 = a;
    rst->params->rst2 = b;
    rst->given = true;
    return 0;
}

static void show_rst(const void *target, char *buf, size_t size)
{
    const rst_option *rst = target;
    snprintf(buf, size, "%u,%u", rst->params->rst1, rst->params->rst2);
}

/* --sign-draws's target, and whether it was given (it means nothing for the simple
 * method, whose classes no sign changes). */
typedef struct draws_option {
    int *draws;
    bool given;
} draws_option;

static int parse_draws(const char *text, void *target, cn_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (end == text || *end || errno || n < 0 || n > CN_DHC_SIGN_DRAWS_MAX)
        return cn_error_code(err, CN_EINVALID, "expected a number of draws from 0 to %d",
                             CN_DHC_SIGN_DRAWS_MAX);
    draws_option *o = target;
    *o->draws = (int)n;
    o->given = true;
    return 0;
}

static void show_draws(const void *target, char *buf, size_t size)
{
    snprintf(buf, size, "%d", *((const draws_option *)target)->draws);
}

/* The double's own options, refused with the simple method rather than ignored. */
static int check_double_options(const cn_command *cmd, const cn_run_params *params,
                                const draws_option *draws)
{
    if (params->double_method)
        return CN_OPT_OK;
    if (params->dhc_double.pair_order != CN_PAIR_ORDER_IRAMUTEQ)
        return cn_opt_fail(cmd, "--pair-order orders the double classification's pairs: add "
                                "--method double");
    if (draws->given)
        return cn_opt_fail(cmd, "--sign-draws redoes the double classification's crossing: add "
                                "--method double (the simple method's classes do not depend on "
                                "the axis signs)");
    return CN_OPT_OK;
}

/* --stability N: the subsamples to classify again. N = 0 or less would assess nothing
 * while the report seemed to answer the question, so it is refused. */
static int parse_stability(const char *text, void *target, cn_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (!*text || *end || errno || n < 1 || n > CN_STABILITY_MAX_DRAWS)
        return cn_error_code(err, CN_EINVALID,
                             "expected how many subsamples to classify again, from 1 to %d "
                             "(10 is a good start; leave the option out not to assess stability)",
                             CN_STABILITY_MAX_DRAWS);
    *(int *)target = (int)n;
    return 0;
}

static void show_stability(const void *target, char *buf, size_t size)
{
    int n = *(const int *)target;
    snprintf(buf, size, n ? "%d" : "none", n);
}

/* --seed's target: the seed, and whether it was given (without --stability it would
 * change nothing). */
typedef struct seed_option {
    uint64_t *seed;
    bool given;
} seed_option;

static int parse_seed(const char *text, void *target, cn_error *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-' || v > (1ULL << 53))
        return cn_error_code(err, CN_EINVALID, "expected a whole number from 0 to 2^53");
    seed_option *s = target;
    *s->seed = v;
    s->given = true;
    return 0;
}

static void show_seed(const void *target, char *buf, size_t size)
{
    snprintf(buf, size, "%llu", (unsigned long long)*((const seed_option *)target)->seed);
}

int cmd_run(cn_command *cmd, int argc, char **argv)
{
    const char *prog = cmd->prog;
    cn_run_params params = cn_run_defaults();
    params.argc = argc;
    params.argv = argv;
    const char *dir = NULL, *by = NULL, *labels_file = NULL;
    int unit = params.pipeline.unit_texts, method = params.double_method;
    rst_option rst = {&params, false};
    draws_option draws = {&params.dhc_double.sign_draws, false};
    seed_option seed = {&params.stability_seed, false};
    const char *speaker = params.speaker;
    const char *time = params.time_var; /* another pointer once --time is given */
    analyse_text_args text;
    analyse_text_init(&text, &params.pipeline);
    const cn_option options[] = {
        CN_OPT_REQUIRED_STRING("-o", "DIR", &dir, "output folder"),
        ANALYSE_TEXT_OPTIONS(&text),
        ANALYSE_DHC_OPTIONS(&params.dhc),
        CN_OPT_CHOICE("--unit", "segments|texts", &unit, "what is classified"),
        CN_OPT_STRING("--by", "VAR", &by,
                      "one analysis per modality of VAR in OUT/VAR_MOD, and OUT/by_VAR.csv"),
        CN_OPT_FLAG("--dtm", &params.dtm, "also write dtm.mtx, dtm_rows.csv, dtm_cols.csv"),
        CN_OPT_CHOICE("--method", "simple|double", &method,
                      "one classification, or IRAMUTEQ's double"),
        CN_OPT_CALLBACK("--rst", "N1,N2", &rst, parse_rst, show_rst,
                        "UC sizes of the double classification"),
        CN_OPT_CALLBACK("--sign-draws", "N", &draws, parse_draws, show_draws,
                        "double: redo the crossing under N random axis signs, 0 = not"),
        CN_OPT_CHOICE("--pair-order", "iramuteq|chi2|split", &params.dhc_double.pair_order,
                      "double: pairs by tree-2 node (IRAMUTEQ), or sign-free by chi2 or by "
                      "tree-2 split then chi2"),
        CN_OPT_INT("--threads", "N", &params.threads, 1, 64,
                   "threads (1 to 64) for reading the texts, the CA products, a double's "
                   "two classifications or --stability's draws, the specificities and the "
                   "files; the results are the same on any number"),
        CN_OPT_CALLBACK("--stability", "N", &params.stability, parse_stability, show_stability,
                        "classify N subsamples of 90 % of the units again: how often each class "
                        "comes back"),
        CN_OPT_CALLBACK("--seed", "S", &seed, parse_seed, show_seed,
                        "seed of --stability's subsamples"),
        CN_OPT_STRING("--labels", "FILE", &labels_file,
                      "names of the classes (CSV: class,label; with --by, cohort,class,label "
                      "for a cohort's)"),
        CN_OPT_STRING("--time", "VAR", &time, "the variable read as diary time in the report"),
        CN_OPT_STRING("--speaker", "VAR", &speaker, "the variable naming each text's participant"),
        CN_OPT_FLAG("--grey", &params.grey, "figures in greys, for print"),
        CN_OPT_FLAG("--pdf", &params.pdf, "figures also as PDF"),
        CN_OPT_END(),
    };
    cmd->options = options;
    const char *args[1];
    int nargs, rc = analyse_parse(cmd, &text, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    params.pipeline.unit_texts = unit == 1;
    params.pipeline.threads = params.threads; /* the texts are tokenised ahead on threads */
    params.double_method = method == 1;
    if (params.double_method && params.pipeline.unit_texts)
        return cn_opt_fail(cmd, "--method double classifies segments, not texts");
    if (rst.given && !params.double_method)
        return cn_opt_fail(cmd, "--rst sets the double classification's UCs: add --method double");
    if ((rc = check_double_options(cmd, &params, &draws)) != CN_OPT_OK)
        return rc;
    if (seed.given && !params.stability)
        return cn_opt_fail(cmd, "--seed draws --stability's subsamples: add --stability N");
    if (time != params.time_var) {
        params.time_var = time;
        params.time_required = true;
    }
    if (speaker != params.speaker) {
        params.speaker = speaker;
        params.speaker_required = true;
    }
    cn_error err = {0};
    cn_labels labels = {0};
    if (labels_file && (cn_labels_read(labels_file, &labels, &err) < 0 ||
                        (!by && cn_labels_check_cohorts(&labels, NULL, NULL, 0, &err) < 0))) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        cn_labels_free(&labels);
        return 1;
    }
    params.labels = labels.whole;
    params.label_forms = labels.whole_forms;
    params.labels_file = labels_file;
    params.labels_by = labels_file ? &labels : NULL;
    bool tty = isatty(STDERR_FILENO);
    if (tty)
        params.progress = show_progress;
    run_said said = {.prog = prog, .by = by, .dir = dir};
    params.notice = tell_notice;
    params.notice_ctx = &said;
    params.warning = tell_warning;
    params.warning_ctx = &said;
    warn_if_other_font(prog);
    /* Ctrl+C or a closed terminal removes the folder being written (no thread yet) */
    cn_out_guard guard;
    params.guard = cn_out_guard_start(&guard) == 0 ? &guard : NULL;
    rc = by ? cn_run_by(args[0], &params, by, dir, cohort_done, &said, &err)
            : run_all(&said, args[0], &params, dir, &err);
    if (params.guard)
        cn_out_guard_stop(&guard);
    end_progress(tty);
    cn_labels_free(&labels);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    return 0;
}

int cmd_stats(cn_command *cmd, int argc, char **argv)
{
    const char *prog = cmd->prog;
    cn_pipeline_params pp = cn_pipeline_defaults();
    pp.counts_only = true; /* the statistics read no occurrence and no matrix */
    analyse_text_args text;
    analyse_text_init(&text, &pp);
    const cn_option options[] = {
        ANALYSE_TEXT_OPTIONS(&text),
        CN_OPT_INT("--threads", "N", &pp.threads, 1, 64,
                   "threads (1 to 64) for reading the texts; the results are the same on "
                   "any number"),
        CN_OPT_END()};
    cmd->options = options;
    const char *args[1];
    int nargs, rc = analyse_parse(cmd, &text, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_error err = {0};
    cn_prepared *p;
    if (cn_prepare(args[0], &pp, &p, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    cn_textstats st;
    if (cn_textstats_compute(p, &pp, &st, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        cn_prepared_free(p);
        return 1;
    }
    cn_textstats_print(stdout, &st);
    cn_textstats_warn(stderr, prog, args[0], &st);
    cn_textstats_free(&st);
    cn_prepared_free(p);
    return 0;
}
