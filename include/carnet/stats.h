/* stats.h — protocol statistics per cohort: the table a diary study publishes (n, sex,
 * age, days to first entry, days of diary, entries per month, lost, late), with quartiles.
 * Arrays returned through out-parameters are malloc'd and owned by the caller (free());
 * functions return 0, or -1 with a message in the cn_error. */
#ifndef CARNET_STATS_H
#define CARNET_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/audit.h"
#include "carnet/cohort.h"
#include "carnet/entry.h"
#include "carnet/participant.h"
#include "carnet/store.h"

/* What the statistics need of one participant: the record, a summary of the diary, and
 * whether its diaries were erased (erase.h): such a diary has no entry left, yet was not
 * lost, and is counted apart. */
typedef struct cn_stats_record {
    cn_participant p;
    cn_entry_span span;
    bool erased;
} cn_stats_record;

/* Quartiles of n values; all NaN when n is 0. */
typedef struct cn_summary {
    size_t n;
    double q1, median, q3;
} cn_summary;

typedef struct cn_cohort_stats {
    char cohort[CN_SITE_MAX]; /* modality ("lt1", "f", ...), or "all" for the overall row */
    int n;                    /* consented */
    int n_with_entries;
    int men, women;
    int lost;   /* status lost, or no entry at all */
    int late;   /* handed back more than 30 days after the end of the diary period */
    int erased; /* withdrawn, and their diaries erased on request: neither lost nor late */
    cn_summary age;
    cn_summary days_to_first_entry;
    cn_summary days_of_diary;
    cn_summary entries_per_month;
} cn_cohort_stats;

/* Days a hand-back may follow the end of the diary period before it counts as late. */
#define CN_LATE_AFTER_DAYS 30
/* Average month length: a diary's months are the days it spans, first and last entry's
 * included, / 30.4375 (at least one). */
#define CN_DAYS_PER_MONTH 30.4375

/* Quantile p of sorted[0..n) by linear interpolation (R's type 7); NaN when n is 0. */
double cn_stats_quantile(const double *sorted, size_t n, double p);
/* Sorts values in place and fills *out with their quartiles. */
void cn_stats_summarise(double *values, size_t n, cn_summary *out);

/* End of the diary period: consent + diary_months calendar months. */
cn_date cn_stats_diary_end(const cn_participant *p, int diary_months);
/* The diary month of date (1 from consent: cn_date_diary_month), the period's end day
 * counted in its last month, as the period holds it: *month_NN of the corpus. */
int cn_stats_diary_month(const cn_participant *p, int diary_months, cn_date date);
/* Whether date falls after the diary period: its end day is the period's last day, inside it
 * (the one rule of `check`'s alerts and the desk's warning). */
bool cn_stats_after_diary(const cn_participant *p, int diary_months, cn_date date);
/* A diary is closed when it is no longer awaited: handed back, lost or withdrawn, or today
 * past the end of its period. Lost: status lost, or closed with no entry (a diary still
 * running without an entry yet is not lost: it may begin tomorrow). */
bool cn_stats_is_closed(const cn_participant *p, int diary_months, cn_date today);
bool cn_stats_is_lost(const cn_stats_record *r, int diary_months, cn_date today);
/* Late: handed back more than CN_LATE_AFTER_DAYS after the end of the period, or still
 * active (not handed back) today, more than CN_LATE_AFTER_DAYS after it. */
bool cn_stats_is_late(const cn_participant *p, int diary_months, cn_date today);

/* How the protocol table counts a diary as of today: erased, lost, late (a lost diary is not
 * also late), or neither. One rule for stats, participant show and the desk. */
typedef enum cn_diary_count {
    CN_DIARY_COUNTED_NEITHER,
    CN_DIARY_COUNTED_LOST,
    CN_DIARY_COUNTED_LATE,
    CN_DIARY_COUNTED_ERASED,
} cn_diary_count;
cn_diary_count cn_stats_diary_count(const cn_stats_record *r, int diary_months, cn_date today);
/* What to say beside p's status of how its diary is counted: "counted lost: no entry" (a
 * status other than lost), "late: not handed back", "late" (handed back late), "diaries
 * erased", or NULL. A static string. */
const char *cn_stats_counted_note(cn_diary_count counted, const cn_participant *p);
/* A participant's entries as stats counts them by default: only the final ones in a
 * double-entry study (an entry typed once is not study data yet), all of them otherwise.
 * For participant show and the desk, which said "1 entry" of a diary stats counted lost. */
int cn_stats_counted_span(cn_store *store, int64_t participant_id, cn_entry_span *out,
                          cn_error *err);
double cn_stats_entries_per_month(const cn_entry_span *span);

/* One row per cohort of `by` present in recs (bands in increasing order, others
 * alphabetical), then the overall row "all"; lost and late as of today. *rows is malloc'd;
 * free() it. */
int cn_stats_compute(const cn_stats_record *recs, size_t n, int diary_months, cn_date today,
                     cn_cohort_by by, cn_cohort_stats **rows, size_t *nrows, cn_error *err);

/* Every participant of the store with their diary span and whether it was erased, in code
 * order; free() *recs. */
int cn_stats_load(cn_store *store, cn_stats_record **recs, size_t *n, cn_error *err);

/* cn_stats_load, and the state of the study read in the same read transaction as the
 * records, as `export corpus` and `backup` say theirs, so that a table redone later on the
 * same day (CARNET_TODAY) but from a study changed since can be told apart (trial 71). */
int cn_stats_load_state(cn_store *store, cn_stats_record **recs, size_t *n, cn_audit_state *state,
                        cn_error *err);

#endif
