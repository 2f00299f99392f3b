/* quote.h — what a researcher needs to quote a typical segment: who wrote it (the text's
 * *part_ modality), when (its *date_ modality, else the run's diary time variable), the
 * text's other modalities, and which of its words are its class's active profile forms.
 * Strings point into the corpus (nothing to free) except the marks array, the caller's;
 * functions return 0 or a negative cn_error code. */
#ifndef CARNET_QUOTE_H
#define CARNET_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"

#define CN_QUOTE_PARTICIPANT "part" /* the variable carnet-collect writes the code in */
#define CN_QUOTE_DATE "date"        /* an entry date, preferred to the diary time */

typedef struct cn_quote_source {
    const char *participant; /* the *part_ modality, or NULL */
    const char *when_var;    /* "date", or the time variable, or NULL when the text has neither */
    const char *when;        /* when_var's modality */
} cn_quote_source;

/* The source of text t; time_var (the run's --time, "month") may be NULL. */
cn_quote_source cn_quote_source_of(const cn_corpus_text *t, const char *time_var);

/* True when star ("*sex_f") is a cohort modality of its text: neither its participant
 * nor its date nor its time_var, which cn_quote_source_of gives apart. */
bool cn_quote_is_cohort(const char *star, const char *time_var);

/* A word to mark: its byte span in its segment's block body. */
typedef struct cn_quote_mark {
    size_t start, end;
} cn_quote_mark;

/* The words of segment s that stand for an active profile form of class k (the lemmas
 * that counted in its typical score, pr->weight), in order, into *marks (grown as
 * needed: *marks and *cap are the caller's, free(*marks)); *n is their count. The
 * segment is tokenised again with charset, the run's; toks is scratch. */
int cn_quote_marks(const cn_prepared *p, const cn_profiles *pr, uint32_t s, uint32_t k,
                   cn_charset charset, cn_tokens *toks, cn_quote_mark **marks, size_t *n,
                   size_t *cap, cn_error *err);

#endif
