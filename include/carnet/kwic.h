/* kwic.h — the concordance of a form in a finished run: the run's corpus read again as its
 * manifest says it was read, the query folded, lemmatised and stemmed as the run's words
 * were, and each occurrence in its segment with the segment's class (carnet-analyse kwic).
 *
 * cn_kwic_open returns a malloc'd cn_kwic (cn_kwic_free); a hit's pointers point into it and
 * are valid during the callback. Functions return CN_OK or a negative cn_code, the message
 * in err naming the file at fault (the manifest, the corpus, segments.csv). */
#ifndef CARNET_KWIC_H
#define CARNET_KWIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/where.h"

typedef struct cn_kwic cn_kwic;

typedef struct cn_kwic_options {
    const char *corpus;    /* the run's corpus moved here (checked by its SHA-256); NULL: the
                              one the run recorded */
    const cn_where *where; /* only texts meeting these (checked as a run checks them); NULL */
    int only_class;        /* -1: every class; 0: the unclassified; K: class K */
    bool exact;            /* the form only, not the other forms of its lemma or stem */
} cn_kwic_options;

/* Reads run dir (its manifest.json, segments.csv and the corpus, stop list, lexicon and
 * expressions it records, each checked unchanged) and the query form as the run would count
 * it: one word, or an expression of the run's --expressions, in one language when it names
 * one as the run's tables do ("dose (en)"). A --by run's folder, a changed corpus, a class
 * the run has not, a --where modality its texts have not: CN_EINVALID or CN_ENOTFOUND. */
int cn_kwic_open(const char *dir, const char *form, const cn_kwic_options *opt, cn_kwic **out,
                 cn_error *err);
void cn_kwic_free(cn_kwic *k);

typedef struct cn_kwic_hit {
    uint32_t text;            /* the corpus's number of the text */
    uint32_t cls;             /* its segment's class (0: unclassified) */
    const char *const *stars; /* the text's star variables ("*part_P01") */
    size_t nstars;
    const char *segment; /* the segment's text */
    size_t length;       /* its bytes */
    size_t start, end;   /* the occurrence: segment[start..end) */
} cn_kwic_hit;

/* Calls fn on every occurrence of the query in the segments read, in corpus order (an
 * expression the run glued is one occurrence); a non-zero return from fn stops the walk and
 * is returned. *hits counts the occurrences fn was given. */
int cn_kwic_each(cn_kwic *k, int (*fn)(const cn_kwic_hit *hit, void *ctx), void *ctx, size_t *hits,
                 cn_error *err);

/* What the query found besides itself, for its count: "" (exact), " and its stem" (a form
 * the run has not, found by its stem), " and the other forms of its lemma". */
const char *cn_kwic_widened(const cn_kwic *k);

/* The corpus's spellings of the query with other accents or none ("insónia" for "insonia"),
 * other than the query's own, with their counts: fn called on up to max of them, in order
 * of first sight; returns how many. None when the run folded accents (they are one form). */
size_t cn_kwic_spellings(const cn_kwic *k, size_t max,
                         void (*fn)(const char *form, uint64_t count, void *ctx), void *ctx);

#endif
