/* textstats.h — corpus statistics as IRAMUTEQ's report gives them (reinert-spec E.6):
 * texts, segments, occurrences, forms, hapax, lemmas; and what a researcher must not miss
 * in the corpus itself (issue 9): texts in several languages, and words written both with
 * and without accents. Printed for `stats`, written as corpus_stats.json, warned about on
 * stderr. A cn_textstats owns its lists (cn_textstats_free); 0 or -1 with a message. */
#ifndef CARNET_TEXTSTATS_H
#define CARNET_TEXTSTATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/error.h"
#include "carnet/marks.h"
#include "carnet/lang.h"
#include "carnet/pipeline.h"

/* The texts of one *lang_ modality as written ("" for texts without a *lang_ star, read
 * in --lang's language) and the language code it stands for. */
typedef struct cn_textstats_lang {
    char *modality;
    char lang[CN_LANG_CODE_MAX];
    uint32_t texts;
} cn_textstats_lang;

/* The texts whose stop words point clearly to one language (textstats.c says how). */
typedef struct cn_textstats_detected {
    char lang[CN_LANG_CODE_MAX];
    uint32_t texts;
} cn_textstats_detected;

/* A text counts for a language when that language's stop list holds at least this many
 * of its tokens, this share of them, and twice as many as any other list, or as the list
 * of the language it was read in (textstats.c says why). */
#define CN_TEXTSTATS_DETECT_MIN 4
#define CN_TEXTSTATS_DETECT_SHARE 0.15
/* The stars are doubted when a second language has this many texts, and 2 % of them (a
 * few quotations copied out in another language are not a language of the corpus). */
#define CN_TEXTSTATS_DETECT_TEXTS 3
#define CN_TEXTSTATS_DETECT_PERCENT 2

/* Languages without a stop list named in the warning, at most. */
#define CN_TEXTSTATS_UNLISTED_MAX 8

/* One spelling of a word written in several ways that differ only by accents or case
 * ("etre" and "être"): the spellings of one word are adjacent and share group. */
typedef struct cn_textstats_variant {
    uint32_t group;
    char *form;
    uint64_t count;
} cn_textstats_variant;

/* Both spellings of a variant need this many occurrences, and the rarer this share of
 * the word's (textstats.c says why). */
#define CN_TEXTSTATS_VARIANT_MIN 5
#define CN_TEXTSTATS_VARIANT_SHARE 0.10
/* and their segments must meet so seldom that chance alone would give so few in less
 * than this share of corpora */
#define CN_TEXTSTATS_VARIANT_CHANCE 0.05

/* Texts without a word named by their header lines in a message, at most (corpus_stats.json
 * lists them all). */
#define CN_TEXTSTATS_EMPTY_SHOWN 10

typedef struct cn_textstats {
    uint32_t texts, segments, forms, hapax, lemmas, active, supplementary;
    /* texts without a word (a header and nothing, or punctuation only): in no segment, so
     * in no class; the header line of each */
    uint32_t empty_texts;
    size_t *empty_lines;
    uint32_t active_min_freq, in_matrix;
    int min_freq;
    uint64_t occurrences;
    /* modalities in the order of first sight; nlanguages distinct codes among them */
    cn_textstats_lang *langs;
    size_t nlangs;
    uint32_t nlanguages;
    /* words with several frequent spellings, most frequent word first */
    cn_textstats_variant *variants;
    size_t nvariants;
    uint32_t nwords;
    bool accents_folded; /* --fold-accents: no variant can be left */
    /* lexicon or expressions POS that made lemmas ignored (pipeline.h) */
    cn_ignored_pos *ignored_pos;
    size_t nignored_pos;
    bool iramuteq; /* --charset iramuteq: POS compared as written */
    /* --lang given: its code, said when every text names its own language ("" if not) */
    char lang_given[CN_LANG_CODE_MAX];
    /* the languages the texts' stop words point to, most texts first; undetected: texts
     * without clear evidence. looks_mixed: several, though the stars say one (or none). */
    cn_textstats_detected *detected;
    size_t ndetected;
    uint32_t undetected;
    bool looks_mixed;
    /* one language by the stop words, not the one some texts were read in: other_texts
     * of the other_of texts read as other_read (by their *lang_ star, other_by_star, or
     * by --lang) look like other_lang; other_lang "" when none do */
    char other_lang[CN_LANG_CODE_MAX], other_read[CN_LANG_CODE_MAX];
    uint32_t other_texts, other_of;
    bool other_by_star;
    /* the header lines of the first of those texts, in corpus order */
    size_t other_lines[CN_TEXTSTATS_EMPTY_SHOWN];
    size_t nother_lines;
    /* texts read in a language written in another script than theirs (Chinese read as
     * French): script_texts, the first one's language and script (script_lang "" when
     * none); texts mostly in a script written without spaces whose runs of letters are
     * clauses, not words (unspaced_texts; unspaced_script, unspaced_letters: the first
     * one's script and letters per "word") (trial 80) */
    uint32_t script_texts, unspaced_texts, unspaced_letters;
    /* transcription markers between brackets whose words are active, and words typed in
     * capitals without the accents of their spelling elsewhere (trial 83) */
    cn_marks marks;
    char script_lang[CN_LANG_CODE_MAX];
    const char *script_name, *unspaced_script;
    /* languages texts were read in that have no embedded stop list, when no --stopwords
     * file was given: their function words stay active */
    char unlisted[CN_TEXTSTATS_UNLISTED_MAX][CN_LANG_CODE_MAX];
    size_t nunlisted;
    /* with --lexicon, the first language read whose forms it holds under half of
     * (CN_TEXTSTATS_LEXICON_FORMS forms at least): its lang "" when none */
    cn_lexicon_coverage thin_lexicon;
    /* with --lexicon: its path (malloc'd) and the forms it gives on more than one line */
    char *lexicon;
    cn_lexicon_duplicates lexicon_duplicates;
} cn_textstats;

/* A lexicon is doubted for a language when it holds under half of that language's forms,
 * of this many at least (a few words in another language are no evidence). */
#define CN_TEXTSTATS_LEXICON_FORMS 30

/* IRAMUTEQ's table of POS (lexicon.h), for the messages about an ignored one. */
#define CN_TEXTSTATS_POS_TABLE                                                                     \
    "adj, adv, nom, ver, nr (active) and art_def, art_ind, pre, con, pro, pro_per, aux, num, "     \
    "sw, ... (supplementary)"

/* Whether the texts are in several languages, by their stars or by their stop words:
 * what by_VAR.html warns about, for a cohort. */
bool cn_textstats_mixed(const cn_textstats *s);

/* The one *lang_ modality the texts' stars give (NULL: none, or several), and into
 * *unstarred the texts that have no *lang_ star: what the stars say, for the warnings. */
const char *cn_textstats_one_star(const cn_textstats *s, uint32_t *unstarred);

/* The sentence that says what several languages do to the classes, for the report and
 * by_VAR.html alike. */
#define CN_TEXTSTATS_MIXED_SENTENCE                                                                \
    "Reinert's method classifies words that occur together, and two languages share almost "       \
    "none: the first classes separate the languages before any theme."

int cn_textstats_compute(const cn_prepared *p, const cn_pipeline_params *params, cn_textstats *s,
                         cn_error *err);
void cn_textstats_free(cn_textstats *s);
/* dir/corpus_stats.json. */
int cn_textstats_write(const char *dir, const cn_textstats *s, cn_error *err);

#endif
