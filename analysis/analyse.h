/* analyse.h — what carnet-analyse's subcommands share: their entry points and the
 * writers of the files every run leaves. Not a public header. */
#ifndef CARNET_ANALYSE_H
#define CARNET_ANALYSE_H

#include <stdio.h>

#include "carnet/ca.h"
#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/opt.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/simi.h"

/* The options of the text pipeline (run, stats), bound to a cn_pipeline_params: entries
 * for an option table, then analyse_text_finish() to check and copy what needs it.
 * Defaults come from the params' values (cn_pipeline_defaults), so they are written once. */
typedef struct analyse_text_args {
    cn_pipeline_params *pp;
    int segment_size, charset; /* copied into pp by analyse_text_finish */
    cn_strlist where;
} analyse_text_args;
void analyse_text_init(analyse_text_args *a, cn_pipeline_params *pp);
#define ANALYSE_TEXT_OPTIONS(a)                                                                    \
    CN_OPT_STRING("--lang", "L", &(a)->pp->lang,                                                   \
                  "language of the texts (*lang_xx overrides per text)"),                          \
        CN_OPT_INT("--segment-size", "N", &(a)->segment_size, 5, 10000,                            \
                   "target segment size in tokens"),                                               \
        CN_OPT_CHOICE("--charset", "unicode|iramuteq", &(a)->charset,                              \
                      "letters of any script, or IRAMUTEQ's list"),                                \
        CN_OPT_STRING("--stopwords", "FILE", &(a)->pp->stopwords,                                  \
                      "more supplementary forms, one per line"),                                   \
        CN_OPT_STRING("--lexicon", "FILE", &(a)->pp->lexicon,                                      \
                      "IRAMUTEQ lexicon (form, lemma, POS): lemmas instead of stems"),             \
        CN_OPT_STRING("--expressions", "FILE", &(a)->pp->expressions,                              \
                      "IRAMUTEQ expressions (form, lemma): multi-word units"),                     \
        CN_OPT_INT("--min-freq", "N", &(a)->pp->min_freq, 1, 1000000,                              \
                   "minimum frequency of an active lemma"),                                        \
        CN_OPT_INT("--max-actives", "N", &(a)->pp->max_actives, 2, 10000000,                       \
                   "at most N active lemmas"),                                                     \
        CN_OPT_LIST("--where", "VAR=MOD[,MOD]", &(a)->where,                                       \
                    "keep texts with one of these modalities; repeated: all must hold")
/* Copies the parsed values into the params and parses the --where conditions; frees
 * what a held. CN_OPT_OK, or CN_OPT_USAGE after printing the error. */
int analyse_text_finish(const cn_command *cmd, analyse_text_args *a);

/* The options of the classification (run, classify), bound to a cn_dhc_params. */
#define ANALYSE_DHC_OPTIONS(params)                                                                \
    CN_OPT_INT("--classes", "N", &(params)->nbcl_p1, 2, 1000,                                      \
               "terminal classes of phase 1, IRAMUTEQ's nbcl_p1"),                                 \
        CN_OPT_INT("--min-class", "N", &(params)->mincl, 0, 100000000,                             \
                   "minimum units of a final class, 0 = units / classes"),                         \
        CN_OPT_FLAG("--no-reassign", &(params)->no_reassign,                                       \
                    "skip the reassignment passes (IRAMUTEQ's mode.patate)")

/* One class of one cohort of a --by run, for by_VAR.csv and by_VAR.html; class 0 stands
 * for a cohort too small to classify. */
typedef struct cohort_class {
    char cohort[160]; /* "care_lt1" */
    uint32_t cls, size;
    double percent;
    char forms[512]; /* top profile forms, space-separated */
    char *segment;   /* its best typical segment, malloc'd, or NULL */
} cohort_class;
typedef struct cohort_table {
    cohort_class *rows;
    size_t n, cap;
} cohort_table;
void cohort_table_free(cohort_table *t);

/* The commands: each returns an exit status. */
int cmd_classify(const char *prog, int argc, char **argv);
int cmd_run(const char *prog, int argc, char **argv);
int cmd_stats(const char *prog, int argc, char **argv);
int cmd_kwic(const char *prog, int argc, char **argv);

/* What every command ends with when its options did not parse: 0 after --help. */
#define ANALYSE_PARSE_EXIT(rc) ((rc) == CN_OPT_HELP ? 0 : (rc))

/* Corpus statistics as IRAMUTEQ's report gives them (reinert-spec E.6). */
typedef struct run_stats {
    uint32_t texts, segments, forms, hapax, lemmas, active, supplementary;
    uint32_t active_min_freq, in_matrix;
    int min_freq;
    uint64_t occurrences;
} run_stats;

void run_corpus_stats(const cn_prepared *p, const cn_pipeline_params *params, run_stats *s);
void run_print_stats(FILE *out, const run_stats *s);
int run_write_corpus_stats(const char *dir, const run_stats *s, cn_error *err);
int run_write_segments(const char *dir, const cn_prepared *p, bool unit_texts,
                       const uint32_t *unit_class, cn_error *err);
int run_write_profiles(const char *dir, const cn_prepared *p, const cn_profiles *pr, cn_error *err);
int run_write_modalities(const char *dir, const cn_profiles *pr, cn_error *err);
int run_write_typical(const char *dir, const cn_prepared *p, const cn_profiles *pr, cn_error *err);
int run_write_frequencies(const char *dir, const cn_prepared *p, cn_error *err);
/* The CA of the classes x forms table: rows (active lemmas, then supplementary lemmas,
 * then modalities) and the result; ok is false with fewer than 2 classes. */
typedef struct afc_row {
    uint8_t kind; /* CN_ROW_* */
    uint32_t id;
} afc_row;
typedef struct run_afc {
    bool ok;
    afc_row *rows;
    int n, nactive;
    cn_ca_result ca;
} run_afc;
int run_afc_compute(const cn_prepared *p, const cn_profiles *pr, run_afc *a, cn_error *err);
void run_afc_free(run_afc *a);
/* afc_axes.csv, afc_rows.csv, afc_cols.csv. */
int run_write_afc(const char *dir, const cn_prepared *p, const cn_profiles *pr, const run_afc *a,
                  cn_error *err);
/* Specificities by star variable: for each, its modalities (sorted) and one row per
 * active lemma and modality, by modality then score descending. Owned by run_specif. */
typedef struct specif_row {
    uint32_t modality, lemma;
    uint64_t f;  /* occurrences of the lemma in the modality's texts */
    double spec; /* Lafon's score, 4 decimals; +-INFINITY beyond a double's reach */
} specif_row;
typedef struct specif_var {
    char var[48];
    const char **mods; /* "*var_mod" tokens, pointing into the corpus */
    uint32_t nmods;
    specif_row *rows;
    size_t nrows;
    uint64_t *form_total; /* per lemma */
    uint64_t *mod_total;  /* per modality */
} specif_var;
typedef struct run_specif {
    specif_var *vars;
    size_t nvars;
} run_specif;
int run_specif_compute(const cn_prepared *p, run_specif *out, cn_error *err);
void run_specif_free(run_specif *s);
/* specificities_VAR.csv for every variable. */
int run_write_specificities(const char *dir, const cn_prepared *p, const run_specif *s,
                            cn_error *err);
/* similitude.graphml and similitude_edges.csv: the co-occurrence tree of the most
 * frequent active lemmas. */
int run_simi_compute(const cn_prepared *p, cn_simi *s, cn_error *err);
int run_write_simi(const char *dir, const cn_prepared *p, const cn_simi *s, cn_error *err);
int run_write_dtm(const char *dir, const cn_prepared *p, bool unit_texts, cn_error *err);

/* Creates dir (and no parents) unless it exists as a folder. */
int analyse_make_dir(const char *dir, cn_error *err);
/* dir/rows.csv: row,class (1-based rows; class 0 = unclassified). */
int analyse_write_rows(const char *dir, const cn_dhc *d, cn_error *err);
/* dir/classes.json: classes with sizes and shares, the splits with their chi2, the summary
 * line. unit_name names the units ("rows", "segments"); NULL = "rows". labels[k], when
 * labels and it are not NULL, names class k (--labels). */
int analyse_write_classes_json(const char *dir, const cn_dhc *d, const char *unit_name,
                               char *const *labels, cn_error *err);
/* "N rows classified on M (P %)" and the classes, as IRAMUTEQ's report says them. */
void analyse_print_summary(FILE *out, const cn_dhc *d);

#endif
