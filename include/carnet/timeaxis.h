/* timeaxis.h — the modalities of the variable a run reads as diary time, in time order, and
 * what that order cannot show: classified units without the variable, modalities that
 * differ by the zeros before a number alone, dates whose order is not sure. The report's
 * time figure and table, and the run's notes on stderr, read one axis (trial 101: units
 * left out, each month drawn twice and dates out of order, all in silence); the cohorts
 * of --by and the specificities' modalities follow the same order (cn_timeaxis_order).
 * The axis owns its arrays (cn_timeaxis_free); the strings are the profiles'. Errors: memory
 * only, CN_ENOMEM in err. */
#ifndef CARNET_TIMEAXIS_H
#define CARNET_TIMEAXIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"

typedef struct cn_timeaxis {
    const char **mods; /* "*month_01", ... in time order */
    uint32_t *units;   /* the classified units of each: its bar */
    size_t n;
    uint32_t unplaced;        /* classified units whose text has none of them */
    uint32_t doubled;         /* texts with two of them: unplaced is then not known */
    uint32_t nostar;          /* texts analysed with none of them (when p was given) */
    const char *twin[2];      /* the first two that differ by the zeros before a number alone */
    size_t ntwins;            /* how many such pairs */
    const char *date_twin[2]; /* the first two that are one date written two ways */
    size_t ndate_twins;
    /* Dates: 2025_03_12 (year first) and 12_03_2025, 03_2025 (year last: day first, or
     * month first when no day-first reading makes them all dates); by year, month, day. */
    size_t ndated;
    bool month_first; /* year-last dates read month first (example: one no date day first) */
    bool ambiguous;   /* every year-last date is one either way: read day first (example) */
    const char *example;
    size_t nbad;         /* shaped as dates but none (2025_13_01, 30_02_2025): after them */
    const char *bad;     /* the first */
    size_t nundated;     /* among dates, modalities that are none (inconnue): after them */
    const char *undated; /* the first */
    const char *no_year; /* every one a date without a four-digit year (31_01_25): one, or NULL */
    /* Numbered modalities (*month_7, *month_9) with numbers between them that no text of
     * the analysis has: the axis goes on past them, as if the time were one step. */
    size_t ngaps;
    unsigned long gap[3]; /* the first of them */
} cn_timeaxis;

/* The axis of time_var ("month": the tokens "*month_..."), from a run's profiles; p, the
 * run's texts, counts those with two of its modalities (NULL: not counted). */
int cn_timeaxis_make(const cn_profiles *pr, const cn_prepared *p, const char *time_var,
                     cn_timeaxis *out, cn_error *err);
void cn_timeaxis_free(cn_timeaxis *t);

/* Orders mods[0..n) in time order as the axis does, each read from byte skip on (the
 * length of "*VAR_" for tokens, 0 for bare modalities). */
int cn_timeaxis_order(const char **mods, size_t n, size_t skip, cn_error *err);

/* What the axis cannot show, each sentence handed to say (no final stop): units is
 * "segments" or "texts". Returns the number of sentences. */
typedef void cn_timeaxis_say(void *ctx, const char *sentence);
int cn_timeaxis_notes(const cn_timeaxis *t, const char *time_var, const char *units,
                      cn_timeaxis_say *say, void *ctx);

#endif
