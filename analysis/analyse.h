/* analyse.h — what carnet-analyse's command files share: their entry points and the
 * option groups several commands read. The analysis itself is the library (run.h).
 * Not a public header. */
#ifndef CARNET_ANALYSE_H
#define CARNET_ANALYSE_H

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/lang.h"
#include "carnet/opt.h"
#include "carnet/pipeline.h"

/* The options of the text pipeline (run, stats), bound to a cn_pipeline_params: entries
 * for an option table, then analyse_text_finish() to check and copy what needs it.
 * Defaults come from the params' values (cn_pipeline_defaults), so they are written once. */
typedef struct analyse_text_args {
    cn_pipeline_params *pp;
    int segment_size, charset; /* copied into pp by analyse_text_finish */
    cn_strlist where;
    char lang[CN_LANG_CODE_MAX]; /* --lang normalised ("pt-BR" -> "pt"): pp->lang points here */
    const char *lang_default;    /* pp->lang before the options: another one was given */
} analyse_text_args;
void analyse_text_init(analyse_text_args *a, cn_pipeline_params *pp);
#define ANALYSE_TEXT_OPTIONS(a)                                                                    \
    CN_OPT_STRING("--lang", "L", &(a)->pp->lang,                                                   \
                  "language of the texts, e.g. fr, pt-BR (*lang_xx overrides per text)"),          \
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
                    "keep texts with one of these modalities; repeated: all must hold"),           \
        CN_OPT_FLAG("--fold-accents", &(a)->pp->fold_accents,                                      \
                    "one form for spellings that differ only by accents (etre, être)")
/* Copies the parsed values into the params and parses the --where conditions; frees
 * what a held. CN_OPT_OK, or CN_OPT_USAGE after printing the error. */
int analyse_text_finish(const cn_command *cmd, analyse_text_args *a);
/* cn_opt_parse, then analyse_text_finish: the parse of a command with the text options. */
int analyse_parse(const cn_command *cmd, analyse_text_args *a, int argc, char **argv,
                  const char **args, int *nargs);

/* The options of the classification (run, classify), bound to a cn_dhc_params. */
#define ANALYSE_DHC_OPTIONS(params)                                                                \
    CN_OPT_INT("--classes", "N", &(params)->nbcl_p1, 2, 1000,                                      \
               "terminal classes of phase 1, IRAMUTEQ's nbcl_p1"),                                 \
        CN_OPT_INT("--min-class", "N", &(params)->mincl, 0, 100000000,                             \
                   "minimum units of a final class, 0 = units / classes"),                         \
        CN_OPT_FLAG("--no-reassign", &(params)->no_reassign,                                       \
                    "skip the reassignment passes (IRAMUTEQ's mode.patate)")

/* The commands: cmd comes from main.c's table (name, arguments, help); each sets its
 * options and parses. Each returns an exit status. */
int cmd_classify(cn_command *cmd, int argc, char **argv);
int cmd_run(cn_command *cmd, int argc, char **argv);
int cmd_stats(cn_command *cmd, int argc, char **argv);
int cmd_kwic(cn_command *cmd, int argc, char **argv);

/* What every command ends with when its options did not parse: 0 after --help. */
#define ANALYSE_PARSE_EXIT(rc) ((rc) == CN_OPT_HELP ? 0 : (rc))

#endif
