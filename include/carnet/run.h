/* run.h — the whole analysis of an IRAMUTEQ corpus, as one library call: the text
 * pipeline, the Reinert classification (simple or double), the class profiles, corpus
 * statistics, the correspondence analysis, specificities by variable and the similitude
 * tree, computed in memory by cn_run; every table, classes.json, manifest.json and the
 * report written by cn_run_write; one run per modality of a variable by cn_run_by.
 * A cn_run_result is the caller's (cn_run_free); it copies the corpus path but borrows
 * the strings of its params (filters aside: they are copied), which must outlive it.
 * Functions return 0 or -1 with a message naming the file. */
#ifndef CARNET_RUN_H
#define CARNET_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/afc.h"
#include "carnet/cohorts.h"
#include "carnet/concentration.h"
#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/expressions.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/report.h"
#include "carnet/labels.h"
#include "carnet/simi.h"
#include "carnet/stability.h"
#include "carnet/textstats.h"
#include "carnet/themes.h"
#include "carnet/varspec.h"

/* Classes that --labels can name. */
#define CN_RUN_MAX_LABELS CN_LABELS_MAX

typedef struct cn_run_params {
    cn_pipeline_params pipeline; /* unit (segments or texts), filters, ... */
    cn_dhc_params dhc;
    /* The double classification's pair order and sign draws (--pair-order, --sign-draws). */
    cn_dhc_double_params dhc_double;
    bool double_method;   /* IRAMUTEQ's double classification on UCs of rst1 and rst2 */
    uint32_t rst1, rst2;  /* 12, 14 */
    int threads;          /* 2: a double's two classifications at once */
    bool dtm;             /* also dtm.mtx, dtm_rows.csv, dtm_cols.csv */
    const char *time_var; /* the variable the report reads as diary time: "month" */
    bool time_required;   /* refuse a corpus whose texts lack time_var (it was asked for) */
    bool grey, pdf;       /* figures in greys; also as PDF */
    /* --stability: the subsamples classified again (0 = not assessed), and their seed,
     * fixed by default so that runs are reproducible. */
    int stability;
    uint64_t stability_seed;
    /* NULL, or CN_RUN_MAX_LABELS + 1 entries: labels[k] names class k, or is NULL; and the
     * file they were read from (manifest.json records both), or NULL. */
    char *const *labels;
    const char *labels_file;
    /* NULL, or as labels: the forms class k had when it was named (labels.h), checked
     * against the run's before its names are used. */
    char *const *label_forms;
    /* cn_run_by: the --labels file read whole, each cohort's run given its own labels
     * (its whole ones are in labels above); NULL when none. */
    const struct cn_labels *labels_by;
    /* The variable naming each text's participant ("part"), and whether the user named it
     * (--speaker): then a corpus whose texts lack it is refused. */
    const char *speaker;
    bool speaker_required;
    /* Called now and then with the stage and its share done (0 to 1), from the pipeline
     * and from the classification, maybe from two threads at once; may be NULL. It
     * replaces the progress fields of pipeline and dhc. */
    void (*progress)(void *ctx, const char *stage, double done);
    void *progress_ctx;
    /* What a researcher must not miss about the cohorts of cn_run_by (texts without the
     * variable, modalities that differ only by case), one sentence each, or NULL. */
    void (*notice)(void *ctx, const char *message);
    void *notice_ctx;
    /* A warning that does not stop the run, one sentence, or NULL: a folder an earlier run
     * left beside the output folder, with its data, that could not be removed. */
    void (*warning)(void *ctx, const char *message);
    void *warning_ctx;
    /* cn_run_into writes the specificities while the classification runs when they have
     * at least this many rows (CN_RUN_EARLY_ROWS), and beside the report otherwise. */
    size_t early_rows;
    /* The command line recorded in manifest.json. */
    int argc;
    char *const *argv;
    /* Set by cn_run_by on a cohort's run: its name ("care_lt1") and the variable, which
     * its report's title and "Run" table give; NULL otherwise. */
    const char *cohort, *by;
    /* NULL, or the program's guard, which holds the folder being written (outguard.h) */
    struct cn_out_guard *guard;
} cn_run_params;

/* Defaults: IRAMUTEQ's (cn_pipeline_defaults, cn_dhc_defaults), simple method, rst 12,14,
 * 2 threads, no stability draws (seed CN_RUN_STABILITY_SEED), time variable "month",
 * speaker variable "part", colour SVG and PNG figures, no labels, specificities written
 * early from CN_RUN_EARLY_ROWS rows. */
#define CN_RUN_STABILITY_SEED 20260101
/* Writing specificities costs about 70 ns a row: below 4 M rows (0.3 s) they are written
 * beside the report (0.2 to 0.35 s on 3.5 M words) as fast, and writing them early only
 * slowed the classification, whose products then wait for the core the writing holds
 * (King James Bible, 1.9 M rows: +50 to 90 ms); 9.8 M rows (575 participants) took 0.7 s
 * of the writing stage, 0.2 s once written early. */
#define CN_RUN_EARLY_ROWS 4000000
cn_run_params cn_run_defaults(void);

/* The results of a run, for reading: everything is owned by the run. */
typedef struct cn_run_result {
    char *corpus; /* a copy of the path */
    cn_run_params params;
    cn_prepared *p;
    cn_dhc *d;
    cn_profiles *pr;
    cn_textstats stats;
    cn_afc afc;
    cn_simi simi;
    cn_varspec specif;
    /* The leaves below the minimum class size; why so few classes. */
    cn_themes themes;
    /* --stability's result, or NULL when it was not assessed. */
    cn_stability *stability;
    /* The participants of each class (conc.available: whether the texts name any). */
    cn_concentration conc;
    double ms[4]; /* text pipeline, classification, profiles, the analyses after them */
    /* cn_run_into wrote the specificities while the classification ran (early_rows) */
    bool specificities_early;
    /* cn_run_into wrote them, when not early, on a thread of their own while the profiles
     * were computed (a run on 2 threads or more) */
    bool specificities_apart;
} cn_run_result;

/* The analysis of corpus into *run. Fails (-1, *run NULL) with "too little text to
 * classify" when fewer than 2 units or 2 active lemmas remain, and when the double method
 * is asked for texts as units (it classifies segments). */
int cn_run(const char *corpus, const cn_run_params *params, cn_run_result **run, cn_error *err);

/* dir (its parent must exist): every table, classes.json, corpus_stats.json, report.html
 * with its figures, and manifest.json, built beside dir and swapped into place whole
 * (outfile.h): a dir holding anything but an earlier run's files is refused. */
int cn_run_write(const cn_run_result *run, const char *dir, cn_error *err);

/* cn_run, then cn_run_write into dir, in one call and sooner: dir's temporary folder is
 * begun before the analysis (a dir that cannot take a run is refused before it), and what
 * does not depend on the classes (specificities_VAR.csv, the input files' hashes) is
 * written while the classification runs. The same files; *run as cn_run's (NULL on
 * failure, with nothing written). */
int cn_run_into(const char *corpus, const cn_run_params *params, const char *dir,
                cn_run_result **run, cn_error *err);
/* What cn_run_write gives cn_report_write for run's report into dir (its pointers are into
 * run, which must outlive it). */
cn_report cn_run_report(const cn_run_result *run, const char *dir);

void cn_run_free(cn_run_result *run);

/* Class k's first CN_LABELS_FORMS active forms of its profile, as the summary prints them
 * ("famille enfants dimanche"), into out; "" when none is over-represented. */
#define CN_RUN_CLASS_FORMS_MAX 512
void cn_run_class_forms(const cn_run_result *run, uint32_t k, char *out, size_t size);
/* "DIR: T texts, S segments, ..." and one line per class with its top forms: what the
 * program prints when a run is done. */
void cn_run_print_summary(FILE *out, const cn_run_result *run, const char *dir);

/* For a double classification with sign draws: whether its classes depend on the signs
 * of the CA axes, in a line, and when they do, a warning with the most frequent outcome
 * and the share of draws in which each class comes back; nothing otherwise. */
void cn_run_print_signs(FILE *out, const char *prog, const cn_run_result *run, const char *dir);
/* A note per class of fewer than CN_PROFILE_SMALL_CLASS units (profile.h): its size, why it
 * is no theme, and the --min-class that leaves it out; nothing when every class is larger. */
void cn_run_print_small_classes(FILE *out, const char *prog, const cn_run_result *run,
                                const char *dir);
/* A note per thing the report's time figure cannot show (timeaxis.h): units without the
 * time variable, modalities alike but for zeros, dates whose order is not sure. */
void cn_run_print_time_notes(FILE *out, const char *prog, const cn_run_result *run,
                             const char *dir);

/* Called by cn_run_by after each cohort: its name ("care_lt1"), its folder, and either
 * its run (written) or, when it failed, NULL and the reason. */
typedef void cn_run_cohort_done(void *ctx, const char *cohort, const char *dir,
                                const cn_run_result *run, const char *failure);

/* One run per modality of variable var, each in dir/VAR_MOD, the whole corpus's run (the
 * same texts and options, without --by) in dir/all, and dir/by_VAR.csv and by_VAR.html
 * side by side, each cohort class matched with the whole-corpus class holding most of its
 * units. The cohorts are var's modalities among the texts the other --where conditions
 * keep, in natural order (cn_cohorts_natural_order); a --where condition on var itself
 * picks the cohorts. done is called for the whole run first ("all"), then each cohort.
 * Each cohort succeeds or fails on its own: a failed one (too little text, fewer than 2
 * classes, ...) gets a row with its reason and the others go on; one with fewer than 2
 * classes keeps its folder. Texts in a language that cannot be read (CN_ELANGUAGE) fail
 * the whole run, except with --by lang, where they are one cohort that fails on its own. Fails when
 * the cohorts cannot be listed or written or the whole corpus cannot be classified (nothing written
 * then), and with CN_EEMPTY (after writing the folder) when no cohort was classified. */
int cn_run_by(const char *corpus, const cn_run_params *params, const char *var, const char *dir,
              cn_run_cohort_done *done, void *ctx, cn_error *err);

#endif
