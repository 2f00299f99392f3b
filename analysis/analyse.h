/* analyse.h — what carnet-analyse's command files share: their entry points and the
 * option groups several commands read. The analysis itself is the library (run.h).
 * Not a public header. */
#ifndef CARNET_ANALYSE_H
#define CARNET_ANALYSE_H

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/opt.h"
#include "carnet/pipeline.h"

/* Options of the text pipeline (run, stats): entries for an option table, and their
 * reader into pp; -1 after printing a usage error. */
#define ANALYSE_TEXT_OPTIONS                                                                       \
    {"--lang", "L", "language of the texts (default fr; *lang_xx overrides per text)", NULL},      \
        {"--segment-size", "N", "target segment size in tokens (default 40)", NULL},               \
        {"--charset", "unicode|iramuteq", "letters of any script, or IRAMUTEQ's list", NULL},      \
        {"--stopwords", "FILE", "more supplementary forms, one per line", NULL},                   \
        {"--lexicon", "FILE", "IRAMUTEQ lexicon (form, lemma, POS): lemmas instead of stems",      \
         NULL},                                                                                    \
        {"--expressions", "FILE", "IRAMUTEQ expressions (form, lemma): multi-word units", NULL},   \
        {"--min-freq", "N", "minimum frequency of an active lemma (default 3)", NULL},             \
        {"--max-actives", "N", "at most N active lemmas (default 20000)", NULL},                   \
    {                                                                                              \
        "--where", "VAR=MOD[,MOD]", "keep only texts with one of these modalities", NULL           \
    }
int analyse_text_options(const char *prog, const cn_cmd *cmd, cn_pipeline_params *pp);

/* Options of the classification (run, classify), and their reader. */
#define ANALYSE_DHC_OPTIONS                                                                        \
    {"--classes", "N", "terminal classes of phase 1, IRAMUTEQ's nbcl_p1 (default 10)", NULL},      \
        {"--min-class", "N", "minimum units of a final class, 0 = units / classes (default 0)",    \
         NULL},                                                                                    \
    {                                                                                              \
        "--no-reassign", NULL, "skip the reassignment passes (IRAMUTEQ's mode.patate)", NULL       \
    }
int analyse_dhc_options(const char *prog, const cn_cmd *cmd, cn_dhc_params *params);

int cmd_classify(const char *prog, int argc, char **argv);
int cmd_run(const char *prog, int argc, char **argv);
int cmd_stats(const char *prog, int argc, char **argv);
int cmd_kwic(const char *prog, int argc, char **argv);

#endif
