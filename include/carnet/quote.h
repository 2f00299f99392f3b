/* quote.h — what a researcher needs to quote a typical segment: who wrote it (the text's
 * *part_ modality), when (its *date_ modality and the run's diary time variable), the
 * text's other modalities, and its words as the run counted them (kwic reads them too),
 * those of its class's active profile forms marked. Strings point into the corpus, the
 * tokens or the expressions (nothing to free); the occurrence arrays are the caller's;
 * functions return 0 or a negative cn_error code. */
#ifndef CARNET_QUOTE_H
#define CARNET_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/expressions.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"

#define CN_QUOTE_PARTICIPANT "part" /* the variable carnet-collect writes the code in */
#define CN_QUOTE_DATE "date"        /* an entry date, preferred to the diary time */

typedef struct cn_quote_source {
    const char *participant; /* the speaker's modality (*part_ by default), or NULL */
    const char *date;        /* the *date_ modality (the entry's date), or NULL */
    const char *time_var;    /* the run's time variable when the text has it (and it is not
                                "date", given above), else NULL */
    const char *time;        /* time_var's modality */
} cn_quote_source;

/* The source of text t; speaker (the run's --speaker, NULL: CN_QUOTE_PARTICIPANT) names its
 * participant, as the participants per class count them (trial 75: --speaker suj left
 * every quote's participant empty); time_var (the run's --time, "month") may be NULL. A
 * text with an entry date and a diary month has both: a quote gives both. */
cn_quote_source cn_quote_source_of(const cn_corpus_text *t, const char *speaker,
                                   const char *time_var);

/* True when star ("*sex_f") is a cohort modality of its text: neither its speaker's nor
 * its date nor its time_var, which cn_quote_source_of gives apart. */
bool cn_quote_is_cohort(const char *star, const char *speaker, const char *time_var);

/* A word of a segment as the run counted it, or the words of an expression it glued. */
typedef struct cn_quote_occurrence {
    size_t start, end; /* bytes in the segment's block body: its first word to its last */
    const char *form;  /* as the run counted it (p->forms), or the query's (its tokens) */
    size_t len;
    uint32_t lemma; /* the lemma counted; CN_INTERN_NONE for a query's word */
} cn_quote_occurrence;

/* The words of text[0..len) (kwic's query) as the run's tokeniser makes them (spans in
 * text, forms folded, in toks): under CN_CHARSET_IRAMUTEQ with exprs's replacements, a
 * word reading as an expression's lemma being that lemma; by default the words of an
 * expression of exprs (or NULL) following each other glued into its lemma. As below. */
int cn_quote_text_occurrences(const char *text, size_t len, cn_charset charset,
                              const cn_expressions *exprs, cn_tokens *toks,
                              cn_quote_occurrence **occ, size_t *n, size_t *cap, cn_error *err);

/* Segment s's occurrences, in order, exactly as the pipeline counted them (p->occ: its own
 * tokeniser, replacements and gluing), into *occ (grown as needed: *occ and *cap are the
 * caller's, free(*occ)), *n their count. The forms point into p. */
int cn_quote_occurrences(const cn_prepared *p, uint32_t s, cn_quote_occurrence **occ, size_t *n,
                         size_t *cap, cn_error *err);

/* The occurrences of segment s that stand for an active profile form of class k (the
 * lemmas that counted in its typical score, pr->weight), as cn_quote_occurrences gives
 * them: what a typical segment shows marked. */
int cn_quote_marks(const cn_prepared *p, const cn_profiles *pr, uint32_t s, uint32_t k,
                   cn_quote_occurrence **marks, size_t *n, size_t *cap, cn_error *err);

#endif
