/* cmd_run.c — carnet-analyse run CORPUS -o OUT: the whole analysis of an IRAMUTEQ corpus
 * (run.h), for the corpus or for each modality of a variable (--by); and carnet-analyse
 * stats CORPUS, its statistics alone. Options in, library call, summary out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse.h"
#include "carnet/run.h"
#include "carnet/textstats.h"

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

/* After each cohort of --by: its summary, or why it was not classified. */
static void cohort_done(void *ctx, const char *cohort, const char *dir, const cn_run_result *run,
                        const char *failure)
{
    const char *prog = ctx;
    end_progress(isatty(STDERR_FILENO));
    if (run)
        cn_run_print_summary(stdout, run, dir);
    else
        fprintf(stderr, "%s: %s: %s\n", prog, cohort, failure);
}

static int run_all(const char *corpus, const cn_run_params *params, const char *dir, cn_error *err)
{
    cn_run_result *run;
    if (cn_run(corpus, params, &run, err) < 0)
        return -1;
    int rc = cn_run_write(run, dir, err);
    if (rc == 0) {
        end_progress(params->progress != NULL);
        cn_run_print_summary(stdout, run, dir);
    }
    cn_run_free(run);
    return rc;
}

/* The options of run that are not the shared groups' into params; -1 after a usage error. */
static int read_options(const char *prog, const cn_cmd *cmd, cn_run_params *params)
{
    const char *v;
    if (analyse_text_options(prog, cmd, &params->pipeline) < 0 ||
        analyse_dhc_options(prog, cmd, &params->dhc) < 0 ||
        cn_opt_int(prog, cmd, "--threads", 2, 1, 64, &params->threads) < 0)
        return -1;
    params->dtm = cn_opt_value(cmd, "--dtm") != NULL;
    if ((v = cn_opt_value(cmd, "--unit"))) {
        if (strcmp(v, "texts") == 0)
            params->pipeline.unit_texts = true;
        else if (strcmp(v, "segments") != 0)
            return cn_opt_usage_error(prog, cmd, "--unit '%s': segments or texts", v), -1;
    }
    if ((v = cn_opt_value(cmd, "--method"))) {
        if (strcmp(v, "double") == 0)
            params->double_method = true;
        else if (strcmp(v, "simple") != 0)
            return cn_opt_usage_error(prog, cmd, "--method '%s': simple or double", v), -1;
    }
    if ((v = cn_opt_value(cmd, "--rst"))) {
        unsigned a, b;
        char extra;
        if (sscanf(v, "%u,%u%c", &a, &b, &extra) != 2 || a < 1 || b < 1 || a > 100000 || b > 100000)
            return cn_opt_usage_error(prog, cmd, "--rst '%s': expected two sizes, e.g. 12,14", v),
                   -1;
        params->rst1 = a;
        params->rst2 = b;
    }
    params->grey = cn_opt_value(cmd, "--grey") != NULL;
    params->pdf = cn_opt_value(cmd, "--pdf") != NULL;
    if ((v = cn_opt_value(cmd, "--time")))
        params->time_var = v;
    if (params->double_method && params->pipeline.unit_texts)
        return cn_opt_usage_error(prog, cmd, "--method double classifies segments, not texts"), -1;
    return 0;
}

int cmd_run(const char *prog, int argc, char **argv)
{
    cn_opt options[] = {
        {"-o", "DIR", "output folder (required)", NULL},
        ANALYSE_TEXT_OPTIONS,
        ANALYSE_DHC_OPTIONS,
        {"--unit", "segments|texts", "what is classified (default segments)", NULL},
        {"--by", "VAR", "one analysis per modality of VAR in OUT/VAR_MOD, and OUT/by_VAR.csv",
         NULL},
        {"--dtm", NULL, "also write dtm.mtx, dtm_rows.csv, dtm_cols.csv", NULL},
        {"--method", "simple|double", "one classification, or IRAMUTEQ's double (default simple)",
         NULL},
        {"--rst", "N1,N2", "UC sizes of the double classification (default 12,14)", NULL},
        {"--threads", "N", "1, or 2 to run a double's two classifications at once (default 2)",
         NULL},
        {"--labels", "FILE", "names of the classes (CSV: class,label) for the report", NULL},
        {"--time", "VAR", "the variable read as diary time in the report (default month)", NULL},
        {"--grey", NULL, "figures in greys, for print", NULL},
        {"--pdf", NULL, "figures also as PDF", NULL},
    };
    const cn_cmd cmd = {"run",
                        "CORPUS",
                        "Reinert classification of an IRAMUTEQ corpus",
                        options,
                        sizeof options / sizeof *options,
                        1,
                        1};
    const char *args[1];
    int nargs, rc = cn_opt_parse(prog, &cmd, NULL, 0, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return rc == CN_OPT_HELP ? 0 : rc;
    const char *dir = cn_opt_value(&cmd, "-o"), *v;
    if (!dir)
        return cn_opt_usage_error(prog, &cmd, "-o DIR is required");
    cn_run_params params = cn_run_defaults();
    params.argc = argc;
    params.argv = argv;
    if (read_options(prog, &cmd, &params) < 0)
        return CN_OPT_USAGE;
    cn_error err = {{0}};
    char **labels = NULL;
    if ((v = cn_opt_value(&cmd, "--labels")) && cn_run_read_labels(v, &labels, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    params.labels = labels;
    bool tty = isatty(STDERR_FILENO);
    if (tty)
        params.progress = show_progress;
    const char *by = cn_opt_value(&cmd, "--by");
    rc = by ? cn_run_by(args[0], &params, by, dir, cohort_done, (void *)prog, &err)
            : run_all(args[0], &params, dir, &err);
    end_progress(tty);
    cn_run_labels_free(labels);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    return 0;
}

int cmd_stats(const char *prog, int argc, char **argv)
{
    cn_opt options[] = {
        ANALYSE_TEXT_OPTIONS,
    };
    const cn_cmd cmd = {"stats",
                        "CORPUS",
                        "corpus statistics: texts, segments, forms, hapax",
                        options,
                        sizeof options / sizeof *options,
                        1,
                        1};
    const char *args[1];
    int nargs, rc = cn_opt_parse(prog, &cmd, NULL, 0, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return rc == CN_OPT_HELP ? 0 : rc;
    cn_pipeline_params pp = cn_pipeline_defaults();
    if (analyse_text_options(prog, &cmd, &pp) < 0)
        return CN_OPT_USAGE;
    cn_error err = {{0}};
    cn_prepared *p;
    if (cn_prepare(args[0], &pp, &p, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 1;
    }
    cn_textstats st;
    cn_textstats_compute(p, &pp, &st);
    cn_textstats_print(stdout, &st);
    cn_prepared_free(p);
    return 0;
}
