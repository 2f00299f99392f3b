/* timeaxis.h — the modalities of the variable a run reads as diary time, in time order, and
 * what that order cannot show: classified units without the variable, modalities that
 * differ by the zeros before a number alone, dates whose order is not sure. The report's
 * time figure and table, and the run's notes on stderr, read one axis (trial 101: units
 * left out, each month drawn twice and dates out of order, all in silence).
 * The axis owns its array (cn_timeaxis_free); the strings are the profiles'. Errors: memory
 * only, CN_ENOMEM in err. */
#ifndef CARNET_TIMEAXIS_H
#define CARNET_TIMEAXIS_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/profile.h"

typedef enum cn_time_dates {
    CN_TIME_NOT_DATES,   /* months, weeks, bands: numbers by their value */
    CN_TIME_YEAR_FIRST,  /* 2025_03_12: as written */
    CN_TIME_DAY_FIRST,   /* 12_03_2025, 03_2025: by year, month, day */
    CN_TIME_MONTH_FIRST, /* 03_31_2025: no day-first reading is a date; by year, month, day */
    CN_TIME_NO_YEAR,     /* 31_01_25: no four-digit year, so no sure order (their numbers') */
    CN_TIME_BAD_DATES,   /* a four-digit year, but no reading makes every one a date */
} cn_time_dates;

typedef struct cn_timeaxis {
    const char **mods; /* "*month_01", ... in time order */
    size_t n;
    uint32_t unplaced;   /* classified units whose text has none of them */
    const char *twin[2]; /* the first two that differ by the zeros before a number alone */
    size_t ntwins;       /* how many such pairs */
    cn_time_dates dates;
    const char *example; /* a modality that shows why, for the last three kinds */
    /* Numbered modalities (*month_7, *month_9) with numbers between them that no kept text
     * has: the axis goes on past them, as if the time were one step (trial 101) */
    size_t ngaps;
    unsigned long gap[3]; /* the first of them */
} cn_timeaxis;

/* The axis of time_var ("month": the tokens "*month_..."), from a run's profiles. */
int cn_timeaxis_make(const cn_profiles *pr, const char *time_var, cn_timeaxis *out, cn_error *err);
void cn_timeaxis_free(cn_timeaxis *t);

/* What the axis cannot show, a sentence per line ("\n" between), into buf (cut to size):
 * units is "segments" or "texts". Returns the number of sentences; 0 leaves buf "". */
int cn_timeaxis_notes(const cn_timeaxis *t, const char *time_var, const char *units, char *buf,
                      size_t size);

#endif
