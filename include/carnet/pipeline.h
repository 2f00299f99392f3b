/* pipeline.h — from an IRAMUTEQ corpus to what a classification needs: texts kept by the
 * filters, text segments, forms and lemmas (Snowball stems, stop words supplementary),
 * the active vocabulary, and the binary units x active-lemmas matrix.
 * A cn_prepared is owned by the caller (cn_prepared_free); 0 or -1 with a message. */
#ifndef CARNET_PIPELINE_H
#define CARNET_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/intern.h"
#include "carnet/lexicon.h"
#include "carnet/sparse.h"
#include "carnet/text.h"
#include "carnet/where.h"

typedef struct cn_pipeline_params {
    size_t segment_size; /* IRAMUTEQ's ucesize: 40 */
    cn_charset charset;
    const char *lang;        /* default language; a *lang_xx star overrides per text */
    bool lang_given;         /* --lang was given: said when no text reads it (textstats) */
    const char *stopwords;   /* a user stop list file, or NULL */
    const char *lexicon;     /* an IRAMUTEQ lexicon: lemmas and POS instead of stems */
    const char *expressions; /* an IRAMUTEQ expressions file: multi-word units */
    int min_freq;            /* active lemmas need this many occurrences: 3 */
    int max_actives;         /* at most this many active lemmas: 20000 */
    bool unit_texts;         /* classify whole texts instead of segments */
    bool fold_accents;       /* forms lose their accents before stemming: etre = être */
    cn_where where;          /* --where: the texts kept */
    int threads;             /* texts tokenised on threads - 1 more threads: 2 (1: none) */
    /* Only what the corpus statistics read (textstats.h): no occurrences (occ_ptr, occ
     * and occ_lens stay NULL), no per-text lemma counts (text_ptr all 0, text_lemmas
     * NULL) and no matrix (NULL; ncols and the columns are set). `stats` asks for it: at
     * 3.5 M words those are a fifth of the work and a third of the memory. */
    bool counts_only;
    /* Called now and then with the share of texts done (0 to 1); may be NULL. */
    void (*progress)(void *ctx, const char *stage, double done);
    void *progress_ctx;
} cn_pipeline_params;

cn_pipeline_params cn_pipeline_defaults(void);

/* Ignored: a lexicon POS that IRAMUTEQ neither classifies nor describes. */
enum { CN_LEMMA_ACTIVE = 1, CN_LEMMA_SUPPLEMENTARY = 2, CN_LEMMA_IGNORED = 3 };

typedef struct cn_lemma {
    uint64_t freq;    /* occurrences of all its forms */
    uint8_t status;   /* CN_LEMMA_ACTIVE or CN_LEMMA_SUPPLEMENTARY */
    uint32_t display; /* its most frequent form (form id) */
    int32_t column;   /* column in the matrix, or -1 */
} cn_lemma;

typedef struct cn_seg {
    uint32_t text;     /* index into prepared->texts */
    uint32_t block;    /* block of that text */
    size_t start, end; /* byte span in the block's body */
    uint32_t occurrences;
} cn_seg;

/* A word of a segment as the pipeline counted it: a glued expression is one. What
 * cn_prepared_occurrences gives back (p->occ holds them packed, 8 bytes each). */
typedef struct cn_occurrence {
    uint32_t start, len; /* bytes from the segment's start: its word, or its first word to
                            its last, or under --charset iramuteq the text its key matched */
    uint32_t form;       /* form id (a glued expression: its lemma as a form) */
    uint32_t lemma;      /* the lemma it was counted for, in its segment's language */
} cn_occurrence;

/* An occurrence as stored: at 100 M words there are 100 M of them, so its form, lemma and
 * length are those of its spelling (the pipeline's cache entry), kept once in
 * p->spellings; the rare occurrence whose length is not its spelling's (a glued
 * expression spaced otherwise, an --charset iramuteq replacement, a cut long word) has
 * its length in p->occ_lens. */
typedef struct cn_occ_packed {
    uint32_t start;    /* bytes from the segment's start */
    uint32_t spelling; /* index into p->spellings */
} cn_occ_packed;

typedef struct cn_spelling {
    uint32_t form, lemma;
    uint32_t len; /* bytes its first occurrence spans (UINT32_MAX: never counted) */
} cn_spelling;

typedef struct cn_occ_len {
    size_t occ;   /* index into p->occ; the list is sorted by it */
    uint32_t len; /* that occurrence's length */
} cn_occ_len;
/* At most this many embedded stop lists count as evidence of a text's language. */
#define CN_PIPELINE_STOPLANGS 8

/* A POS of the lexicon or the expressions file that IRAMUTEQ's table (lexicon.h) does not
 * list, or, under --charset iramuteq, lists in another case: the lemmas it was given are
 * ignored, neither classified nor described, and the researcher must hear of it. */
#define CN_IGNORED_POS_MAX 32
typedef struct cn_ignored_pos {
    char pos[CN_IGNORED_POS_MAX]; /* as written (cut at CN_IGNORED_POS_MAX - 1 bytes) */
    bool expressions;             /* from the expressions file, else the lexicon */
    bool other_case;              /* IRAMUTEQ's table has it in lower case */
    uint32_t lemmas;              /* that occur in the texts */
    uint64_t occurrences;
} cn_ignored_pos;

/* How much of a language's forms a lexicon holds (cn_prepared.lexicon_coverage). */
#define CN_PIPELINE_COVERAGE_LANGS 8
typedef struct cn_lexicon_coverage {
    char lang[16];
    uint32_t forms, known;
} cn_lexicon_coverage;

typedef struct cn_prepared {
    cn_corpus *corpus;
    uint32_t ntexts;
    uint32_t *texts; /* kept corpus texts, in corpus order */
    char (*text_lang)[16];
    uint32_t nsegs;
    cn_seg *segs;
    size_t *seg_ptr; /* CSR: distinct lemmas of each segment */
    uint32_t *seg_lemmas;
    size_t *occ_ptr; /* CSR: each segment's occurrences, in order, as counted: what kwic
                        and the typical segments show, the very words of the counts */
    cn_occ_packed *occ;
    cn_spelling *spellings;
    uint32_t nspellings;
    cn_occ_len *occ_lens; /* the occurrences whose length is not their spelling's */
    size_t nocc_lens;
    cn_intern *forms;
    uint64_t *form_freq;
    uint32_t *form_lemma; /* the lemma a form was first given (for highlighting) */
    /* With --lexicon: 1 for a form the lexicon lists, a word of the language (variants.h:
     * a listed plain spelling is no word written without its accents); its forms from
     * form_listed_cap on (and all, NULL) are not listed. */
    uint8_t *form_listed;
    size_t form_listed_cap;
    cn_intern *lemma_keys;
    cn_lemma *lemmas;
    /* A run of texts in several languages may show two lemmas alike ("dose" of English and
     * of French, or "son" active in English and a French stop word): each such lemma of a
     * language is named with it, "dose (en)", lest two rows of a table read the same (a
     * supplementary form, one lemma in every language, keeps its name). lemma_named holds those
     * names, and lemma_name_id each lemma's id there or CN_INTERN_NONE; both NULL when no two
     * lemmas are alike. */
    cn_intern *lemma_named;
    uint32_t *lemma_name_id;
    uint64_t occurrences;
    size_t *text_ptr; /* CSR: each text's active lemmas (CN_LEMMA_ACTIVE: those the
                         specificities score) with their occurrence counts */
    uint32_t *text_lemmas;
    uint32_t *text_counts;
    uint32_t ncols;
    uint32_t *col_lemma; /* column -> lemma */
    cn_sparse *matrix;   /* units (segments or texts) x active lemmas */
    /* The evidence of each text's language: its word tokens, and how many of them each
     * embedded stop list (stopwords.h's cn_stoplists, in its order) holds. */
    uint32_t *text_words;
    uint32_t *text_stops;        /* ntexts x CN_PIPELINE_STOPLANGS */
    cn_ignored_pos *ignored_pos; /* in order of first sight */
    size_t nignored_pos;
    /* With --lexicon: per language read, its forms and how many the lexicon holds (a
     * lexicon of another language leaves nearly every form its own lemma, active). */
    cn_lexicon_coverage lexicon_coverage[CN_PIPELINE_COVERAGE_LANGS];
    size_t nlexicon_coverage;
    /* With --lexicon: the forms it gives on more than one line (the last line is used) */
    cn_lexicon_duplicates lexicon_duplicates;
} cn_prepared;

int cn_prepare(const char *path, const cn_pipeline_params *params, cn_prepared **out,
               cn_error *err);
void cn_prepared_free(cn_prepared *p);

/* Frees what only the specificities and the text statistics read, each text's lemma
 * counts (text_ptr, text_lemmas, text_counts) and its language evidence (text_words,
 * text_stops), leaving them NULL: a run calls it once both are computed, so that a large
 * corpus's writing does not hold them too. */
void cn_prepared_drop_text_counts(cn_prepared *p);

/* Segment s's occurrences, in order, unpacked into out (the caller's, room for
 * p->occ_ptr[s + 1] - p->occ_ptr[s] of them); returns their count. */
size_t cn_prepared_occurrences(const cn_prepared *p, uint32_t s, cn_occurrence *out);

/* IRAMUTEQ's UCs for a double classification (reinert-spec.md D.1): consecutive segments
 * of one paragraph (a text, or a thematic block) grouped until their count of distinct
 * active lemmas passes lim. *seg_uc (malloc'd) gives each segment's UC; *m (the caller's)
 * is the binary UCs x active-lemmas matrix. */
int cn_prepare_ucs(const cn_prepared *p, uint32_t lim, uint32_t **seg_uc, cn_sparse **m,
                   cn_error *err);

/* The Snowball stemmer the pipeline makes its lemmas with, for one language ("fr", "en",
 * ...): a caller that must match forms as the pipeline did (kwic) stems with it. NULL
 * when there is no stemmer for lang (or no memory); the caller's (cn_pipeline_stemmer_free). */
typedef struct cn_pipeline_stemmer cn_pipeline_stemmer;
cn_pipeline_stemmer *cn_pipeline_stemmer_new(const char *lang);
/* The stem of the folded form[0..len), *stem_len bytes, not terminated; it points into the
 * stemmer and lasts until its next call. NULL when the stemmer fails (out of memory). */
const char *cn_pipeline_stem(cn_pipeline_stemmer *s, const char *form, size_t len,
                             size_t *stem_len);
void cn_pipeline_stemmer_free(cn_pipeline_stemmer *s);

/* The number of kept text t in the corpus file (1: its first text), whatever --where kept:
 * the text_id of every table, so that a text has one number in a --by run's folders, and a
 * researcher finds the text a quotation names by counting the file's "****" lines. */
uint32_t cn_prepared_text_number(const cn_prepared *p, uint32_t t);

/* Display text of lemma l: a lexicon lemma itself, else the stem's most frequent form;
 * with its language when another language's lemma is shown alike ("dose (en)"). */
const char *cn_lemma_name(const cn_prepared *p, uint32_t l);
/* The same without the language: how the lemma is written in the texts. */
const char *cn_lemma_base_name(const cn_prepared *p, uint32_t l);

#endif
