/* pipeline_state.h — the state of a preparation, shared by the single pass over the texts
 * (pipeline.c), the merge of the worker threads' chunks (pipeline_merge.c), the counting of
 * each segment (pipeline_count.c), what follows the pass (pipeline_vocab.c) and the
 * stemmers (pipeline_stem.c). Not public. */
#ifndef CARNET_PIPELINE_STATE_H
#define CARNET_PIPELINE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/chunks.h"
#include "carnet/expressions.h"
#include "carnet/lang.h"
#include "carnet/lexicon.h"
#include "carnet/pipeline.h"
#include "carnet/segment.h"
#include "carnet/stopwords.h"

typedef struct stemmer_slot {
    char lang[16];
    cn_pipeline_stemmer *stemmer;
} stemmer_slot;

typedef struct cached {
    uint32_t form;
    uint32_t lemma;
    uint64_t count;     /* occurrences of this spelling in this language */
    uint32_t expr_word; /* id among the expressions' words, or CN_INTERN_NONE */
    uint32_t expr;      /* --charset iramuteq: the expression whose lemma it reads as, or
                           CN_INTERN_NONE */
    uint8_t stop_langs; /* bit k: a stop word of cn_stoplists[k] (a text's language) */
} cached;

#define MEMO_LANGS 32

typedef struct state {
    cn_prepared *p;
    const cn_pipeline_params *params;
    cn_stopwords *stop;
    cn_stopwords *detect; /* every embedded list, for each text's evidence of its language */
    size_t ndetect;
    cn_lexicon *lexicon;   /* NULL: Snowball stems */
    cn_expressions *exprs; /* NULL: no --expressions */
    /* --fold-accents with --expressions: the expressions' words without accents, and for
     * each the id of its word in exprs->words */
    cn_intern *expr_folded;
    uint32_t *expr_folded_word;
    /* --lang, normalised: the language of the texts without a *lang_ star */
    char lang[CN_LANG_CODE_MAX];
    /* the last *lang_ modality normalised, and its code ("" none yet): texts mostly repeat
     * it, and cn_lang_normalise reads two tables (5 % of a corpus of short texts) */
    char star_lang[CN_LANG_CODE_MAX], star_code[CN_LANG_CODE_MAX];
    stemmer_slot stemmers[32];
    int nstemmers;
    cn_intern *form_lang; /* "lang\x1fspelling" -> its form and lemma, computed once */
    cn_tokens fold;       /* scratch for folding a new spelling */
    const char *pre_stem; /* the stem a chunk's worker made for the form resolved, or NULL */
    size_t pre_stem_len;
    cached *cache;
    size_t cache_cap;
    /* form -> its lemma in the last language and kind it was resolved in (memo_lang) */
    struct form_memo {
        uint32_t key; /* 1 + memo_lang's number; 0: none */
        uint32_t lemma;
    } * memo;
    size_t memo_cap;
    char memo_langs[MEMO_LANGS][CN_LANG_CODE_MAX];
    int nmemo_langs;
    size_t forms_cap, form_lemma_cap, lemmas_cap;
    /* per lemma, side by side, for a run's counts of each text (count_in_text) */
    struct lemma_mark {
        uint32_t text; /* 1 + the last text that listed it */
        size_t slot;   /* its position in that text's list */
    } * seen;
    size_t seen_cap;
    /* What counting an occurrence reads and writes, in arrays a quarter of cache's and
     * seen's size, which a core's cache holds for a much larger vocabulary: per cache id,
     * its lemma and occurrences (folded into cached.count after the pass, the high bits
     * there as they overflow) and its stop lists; per lemma, 1 + the last segment that
     * listed it. */
    struct hot_spelling {
        uint32_t lemma;
        uint32_t count;
    } * hot;
    uint8_t *hot_stops;
    size_t hot_cap, hot_stops_cap;
    uint32_t *seg_mark;
    size_t seg_mark_cap;
    size_t text_list_cap, text_count_cap;
    uint32_t current_text;
    uint32_t *ids; /* the cache id of each token of the current block (punctuation: NONE) */
    size_t ids_cap;
    size_t segs_cap, seg_lemmas_cap, seg_ptr_cap;
    size_t occ_cap, occ_ptr_cap, spellings_cap, occ_lens_cap;
    struct ignored_lemma { /* a lemma ignored for its POS, and its entry in p->ignored_pos */
        uint32_t lemma, pos;
    } * ignored;
    size_t nignored, ignored_cap, ignored_pos_cap;
    cn_error *err;
} state;

/* cn_grow and cn_grow_raw (grow.h), "out of memory" in err when they fail (pipeline.c). */
int cn_pipeline_grow(void **ptr, size_t *cap, size_t need, size_t elem, cn_error *err);
int cn_pipeline_grow_raw(void **ptr, size_t *cap, size_t need, size_t elem, cn_error *err);

/* The form and lemma of a spelling as written (case and composition included), in a
 * language: folded, stemmed and classified the first time only. */
int cn_pipeline_lookup_key(state *st, const char *lang, size_t llen, const char *key, size_t klen,
                           cn_token_kind kind, const cn_chunk_prep *pre, const char *pre_text,
                           uint32_t *out);

/* Makes cache id's hot entry from cache[id], once the id's lemma and stop lists are set
 * (pipeline_count.c). */
int cn_pipeline_note_hot(state *st, uint32_t id);

/* Grows the per-lemma marks (seen, seg_mark) to hold lemma l (pipeline_count.c). */
int cn_pipeline_grow_marks(state *st, uint32_t l);

/* Adds each spelling's occurrences counted since into cached.count (pipeline_count.c). */
void cn_pipeline_fold_counts(state *st);

/* Adds spans[k] of a block's spans[0..n) (its tokens' cache ids in st->ids) as the next
 * segment, counted; its text's edges are found in body, the block's text
 * (cn_segment_edges) (pipeline_count.c). */
int cn_pipeline_add_segment(state *st, uint32_t text, uint32_t block, const char *body,
                            const cn_tokens *toks, const cn_span *spans, size_t n, size_t k);

/* The stemmer of lang, its stop list loaded; NULL when there is none (an unknown language:
 * no message) or on failure (the message in st->err) (pipeline_stem.c). */
cn_pipeline_stemmer *cn_pipeline_stemmer_for(state *st, const char *lang);
/* Whether libstemmer has an algorithm for lang, to tell an unknown language from memory
 * running out when a stemmer is not made. */
bool cn_pipeline_stemmer_known(const char *lang);

/* The language of a text: its *lang_ star, else --lang; normalised (lang.h). */
int cn_pipeline_text_language(state *st, const cn_corpus_text *t, const char *path, char *out);

/* A text's checks before its words are read: its language, and a stemmer for it. */
int cn_pipeline_text_head(state *st, uint32_t index, const char *path);

/* Starts the counts of text index (its list of lemmas) (pipeline_count.c). */
void cn_pipeline_start_text(state *st, uint32_t index);

/* The texts up to the first whose language is refused, on worker threads; *done: how
 * many (pipeline_merge.c). */
int cn_pipeline_prepare_parallel(state *st, const char *path, uint32_t *done);

/* After the pass (pipeline_vocab.c): the active lemmas, the max_actives most frequent of
 * those that occur min_freq times, as the matrix's columns. */
int cn_pipeline_select_actives(state *st);

/* After the pass (pipeline_vocab.c): each lemma's display form, its most frequent form. */
int cn_pipeline_choose_display_forms(state *st);
/* After the display forms: names lemmas of two languages shown alike with their
 * language (cn_prepared.lemma_named). */
int cn_pipeline_name_lemmas(state *st);

/* After the pass (pipeline_vocab.c): the units x active-lemmas matrix (p->matrix). */
int cn_pipeline_build_matrix(state *st);

#endif
