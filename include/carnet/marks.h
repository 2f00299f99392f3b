/* marks.h — what transcription teams type that the analysis takes for words (trial 83): a
 * marker between brackets ([illisible], <date>, (rires)), whose words are active words of
 * the classification; and words typed in capitals without their accents (HOPITAL beside
 * hôpital, ETE beside été), other words than their accented spelling. Found in one pass over
 * the kept texts; stats and run warn of them (textstats.h).
 *
 * cn_marks is a plain struct the caller owns; cn_marks_find returns 0 or CN_ENOMEM. */
#ifndef CARNET_MARKS_H
#define CARNET_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"

struct cn_prepared;

#define CN_MARKS_SHOWN 4        /* of each kind, the most used, named in the warning */
#define CN_MARKS_TEXT 48        /* bytes of a marker or a word named, with the NUL */
#define CN_MARKS_MARKER_MIN 10  /* uses of one marker before it is said */
#define CN_MARKS_CAPITALS_MIN 5 /* occurrences in capitals, all words, before they are said */

typedef struct cn_mark {
    char text[CN_MARKS_TEXT];  /* "[illisible]"; "HOPITAL" */
    char other[CN_MARKS_TEXT]; /* for a word in capitals, its accented spelling: "hôpital" */
    uint32_t uses;
} cn_mark;

typedef struct cn_marks {
    cn_mark markers[CN_MARKS_SHOWN]; /* the most used first */
    size_t nmarkers;
    uint32_t marker_kinds, marker_uses; /* markers used CN_MARKS_MARKER_MIN times or more */
    cn_mark capitals[CN_MARKS_SHOWN];
    size_t ncapitals;
    uint32_t capital_kinds, capital_uses; /* 0 under CN_MARKS_CAPITALS_MIN uses in all */
} cn_marks;

/* The markers, by each of their active words ("[inaudible 00:12:05]", "[ inaudible ]"
 * and "(inaudible)" alike, "illisible" of "[un mot illisible]"; a parenthesis opening on a
 * capital is the text's gloss, "(CSAPA)", unless a convention, "(Rires)"),
 * whose word occurs mostly in markers; and the words in capitals (3 ASCII letters or more,
 * in a run of capitals: not an acronym in lower-case text) that a form of p with accents
 * spells, written so at least half of their occurrences; in p's kept texts. */
int cn_marks_find(const struct cn_prepared *p, cn_marks *out, cn_error *err);

#endif
