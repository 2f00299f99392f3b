/* stats.c — protocol statistics per cohort (see stats.h; definitions in README.md). */
#include "carnet/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/dde.h"
#include "carnet/erase.h"
#include "carnet/grow.h"

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cn_stats_quantile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

void cn_stats_summarise(double *values, size_t n, cn_summary *out)
{
    if (n > 1)
        qsort(values, n, sizeof *values, compare_double);
    out->n = n;
    out->q1 = cn_stats_quantile(values, n, 0.25);
    out->median = cn_stats_quantile(values, n, 0.5);
    out->q3 = cn_stats_quantile(values, n, 0.75);
}

cn_date cn_stats_diary_end(const cn_participant *p, int diary_months)
{
    return cn_date_add_months(p->consent, diary_months);
}

int cn_stats_diary_month(const cn_participant *p, int diary_months, cn_date date)
{
    /* The period's end day is inside it (check's outside alert starts the day after),
     * though by the calendar it opens month N + 1: it is the last day of month N. */
    if (date == cn_stats_diary_end(p, diary_months))
        return diary_months;
    return cn_date_diary_month(p->consent, date);
}

bool cn_stats_after_diary(const cn_participant *p, int diary_months, cn_date date)
{
    return date > cn_stats_diary_end(p, diary_months);
}

bool cn_stats_is_closed(const cn_participant *p, int diary_months, cn_date today)
{
    return p->status != CN_STATUS_ACTIVE || cn_stats_after_diary(p, diary_months, today);
}

bool cn_stats_is_lost(const cn_stats_record *r, int diary_months, cn_date today)
{
    return r->p.status == CN_STATUS_LOST ||
           (r->span.count == 0 && cn_stats_is_closed(&r->p, diary_months, today));
}

bool cn_stats_is_late(const cn_participant *p, int diary_months, cn_date today)
{
    cn_date end = cn_stats_diary_end(p, diary_months);
    if (p->has_handed_back)
        return p->handed_back - end > CN_LATE_AFTER_DAYS;
    return p->status == CN_STATUS_ACTIVE && today - end > CN_LATE_AFTER_DAYS;
}

cn_diary_count cn_stats_diary_count(const cn_stats_record *r, int diary_months, cn_date today)
{
    /* before lost: an erased diary has no entry left, but the participant asked for it
     * to go, which a published table must not count as a diary lost (trial 51) */
    if (r->erased)
        return CN_DIARY_COUNTED_ERASED;
    if (cn_stats_is_lost(r, diary_months, today))
        return CN_DIARY_COUNTED_LOST;
    return cn_stats_is_late(&r->p, diary_months, today) ? CN_DIARY_COUNTED_LATE
                                                        : CN_DIARY_COUNTED_NEITHER;
}

const char *cn_stats_counted_note(cn_diary_count counted, const cn_participant *p)
{
    if (counted == CN_DIARY_COUNTED_LOST)
        return p->status != CN_STATUS_LOST ? "counted lost: no entry" : NULL;
    if (counted == CN_DIARY_COUNTED_LATE)
        return p->has_handed_back ? "late" : "late: not handed back";
    if (counted == CN_DIARY_COUNTED_ERASED)
        return "diaries erased";
    return NULL;
}

int cn_stats_counted_span(cn_store *store, int64_t participant_id, cn_entry_span *out,
                          cn_error *err)
{
    bool final_only = false;
    if (cn_dde_enabled(store, &final_only, err) < 0 ||
        (final_only && cn_dde_final_only(store, true, err) < 0))
        return -1;
    int rc = cn_entry_span_of(store, participant_id, out, err);
    cn_error ignored = {0};
    if (final_only && cn_dde_final_only(store, false, &ignored) < 0 && rc == 0) {
        *err = ignored;
        rc = -1;
    }
    return rc;
}

/* Over the days the diary spans, both ends counted, as its entries are: last − first
 * counted one day less, and a page written every day came to 30.95 a month (trial 77). */
double cn_stats_entries_per_month(const cn_entry_span *span)
{
    double months = (double)(span->last - span->first + 1) / CN_DAYS_PER_MONTH;
    return (double)span->count / (months > 1.0 ? months : 1.0);
}

/* Fills one row from the records whose modality is `cohort` (NULL: all records). */
static int fill_row(const cn_stats_record *recs, size_t n, int diary_months, cn_date today,
                    cn_cohort_by by, const char *cohort, cn_cohort_stats *row, cn_error *err)
{
    double *buf = malloc(4 * (n ? n : 1) * sizeof *buf);
    if (!buf)
        return cn_error_nomem(err);
    double *age = buf, *first = buf + n, *days = buf + 2 * n, *rate = buf + 3 * n;
    size_t nage = 0, nentries = 0;
    memset(row, 0, sizeof *row);
    snprintf(row->cohort, sizeof row->cohort, "%s", cohort ? cohort : "all");
    for (size_t i = 0; i < n; i++) {
        const cn_stats_record *r = &recs[i];
        char modality[CN_SITE_MAX];
        cn_cohort_modality(&r->p, by, modality, sizeof modality);
        if (cohort && strcmp(modality, cohort) != 0)
            continue;
        row->n++;
        row->men += r->p.gender == 'm';
        row->women += r->p.gender == 'f';
        cn_diary_count counted = cn_stats_diary_count(r, diary_months, today);
        row->lost += counted == CN_DIARY_COUNTED_LOST;
        row->late += counted == CN_DIARY_COUNTED_LATE;
        row->erased += counted == CN_DIARY_COUNTED_ERASED;
        age[nage++] = cn_cohort_age(&r->p);
        if (r->span.count == 0)
            continue;
        row->n_with_entries++;
        first[nentries] = (double)(r->span.first - r->p.consent);
        days[nentries] = (double)(r->span.last - r->span.first);
        rate[nentries] = cn_stats_entries_per_month(&r->span);
        nentries++;
    }
    cn_stats_summarise(age, nage, &row->age);
    cn_stats_summarise(first, nentries, &row->days_to_first_entry);
    cn_stats_summarise(days, nentries, &row->days_of_diary);
    cn_stats_summarise(rate, nentries, &row->entries_per_month);
    free(buf);
    return 0;
}

typedef struct cohort_key {
    int rank;
    char name[CN_SITE_MAX];
} cohort_key;

static int compare_key(const void *a, const void *b)
{
    const cohort_key *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return strcmp(x->name, y->name);
}

int cn_stats_compute(const cn_stats_record *recs, size_t n, int diary_months, cn_date today,
                     cn_cohort_by by, cn_cohort_stats **rows, size_t *nrows, cn_error *err)
{
    cohort_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return cn_error_nomem(err);
    size_t nkeys = 0;
    for (size_t i = 0; i < n; i++) {
        cohort_key k;
        cn_cohort_modality(&recs[i].p, by, k.name, sizeof k.name);
        k.rank = cn_cohort_rank(by, k.name);
        size_t j = 0;
        while (j < nkeys && strcmp(keys[j].name, k.name) != 0)
            j++;
        if (j == nkeys)
            keys[nkeys++] = k;
    }
    qsort(keys, nkeys, sizeof *keys, compare_key);
    cn_cohort_stats *out = malloc((nkeys + 1) * sizeof *out);
    if (!out) {
        free(keys);
        return cn_error_nomem(err);
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nkeys; i++)
        rc = fill_row(recs, n, diary_months, today, by, keys[i].name, &out[i], err);
    if (rc == 0)
        rc = fill_row(recs, n, diary_months, today, by, NULL, &out[nkeys], err);
    free(keys);
    if (rc < 0) {
        free(out);
        return -1;
    }
    *rows = out;
    *nrows = nkeys + 1;
    return 0;
}

typedef struct load_ctx {
    cn_store *store;
    cn_stats_record *recs;
    size_t n, cap;
    const int64_t *erased; /* ascending (cn_erase_ids) */
    size_t nerased;
    cn_error *err;
} load_ctx;

static int load_one(const cn_participant *p, void *arg)
{
    load_ctx *c = arg;
    if (cn_grow((void **)&c->recs, &c->cap, c->n + 1, sizeof *c->recs) < 0)
        return cn_error_nomem(c->err);
    cn_stats_record *r = &c->recs[c->n];
    r->p = *p;
    r->erased = cn_erase_listed(c->erased, c->nerased, p->id);
    if (cn_entry_span_of(c->store, p->id, &r->span, c->err) < 0)
        return -1;
    c->n++;
    return 0;
}

int cn_stats_load(cn_store *store, cn_stats_record **recs, size_t *n, cn_error *err)
{
    load_ctx c = {.store = store, .err = err};
    int64_t *erased;
    if (cn_erase_ids(store, &erased, &c.nerased, err) < 0)
        return -1;
    c.erased = erased;
    int rc = cn_participant_each(store, load_one, &c, err);
    free(erased);
    if (rc != 0) {
        free(c.recs);
        return -1;
    }
    *recs = c.recs;
    *n = c.n;
    return 0;
}

int cn_stats_load_state(cn_store *store, cn_stats_record **recs, size_t *n, cn_audit_state *state,
                        cn_error *err)
{
    int began = cn_store_read_begin(store, err);
    if (began < 0)
        return -1;
    int rc = cn_audit_state_read(store, state, err);
    if (rc == 0)
        rc = cn_stats_load(store, recs, n, err);
    cn_store_read_end(store, began);
    return rc < 0 ? -1 : 0;
}
