/* check.c — protocol alerts (see check.h). */
#include "carnet/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/corpus.h"
#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/grow.h"
#include "carnet/stats.h"
#include "carnet/utf8.h"
#include "store_internal.h"

const char *cn_alert_kind_name(cn_alert_kind kind)
{
    static const char *const names[] = {"silent",  "overdue", "outside",  "replaced", "site",
                                        "control", "undated", "returned", "blank"};
    return names[kind];
}

typedef struct alerts {
    cn_alert *a;
    size_t n, cap;
} alerts;

static int push(alerts *list, const cn_alert *alert, cn_error *err)
{
    if (cn_grow((void **)&list->a, &list->cap, list->n + 1, sizeof *list->a) < 0)
        return cn_error_nomem(err);
    list->a[list->n++] = *alert;
    return 0;
}

typedef struct outside_ctx {
    const cn_stats_record *recs;
    size_t nrecs, next;
    int diary_months;
    alerts *list;
    alerts *returned; /* put after the outside ones */
    alerts *control;  /* put after the other kinds: alerts come by kind */
    cn_error *err;
} outside_ctx;

/* An entry that holds a control character, which the rule now refuses (entry.c). */
static int check_control(const cn_entry *e, outside_ctx *c)
{
    unsigned cp;
    size_t len = strlen(e->text);
    if (cn_entry_find_control(e->text, len, &cp) == len)
        return 0;
    cn_alert a = {.kind = CN_ALERT_CONTROL, .entry_id = e->id, .code_point = cp, .date = e->date};
    memcpy(a.code, e->code, sizeof a.code);
    return push(c->control, &a, c->err);
}

/* An entry of blank or invisible characters only (a pasted empty paragraph), which the rule
 * now refuses as empty (entry.c); put with the control characters' alerts. */
static int check_blank(const cn_entry *e, outside_ctx *c)
{
    uint32_t first;
    if (!cn_utf8_blank(e->text, strlen(e->text), &first))
        return 0;
    cn_alert a = {.kind = CN_ALERT_BLANK, .entry_id = e->id, .code_point = first, .date = e->date};
    memcpy(a.code, e->code, sizeof a.code);
    return push(c->control, &a, c->err);
}

/* An entry dated after its diary came back: refused since the rule (entry.c), kept by a
 * study recorded before it. */
static int check_returned(const cn_entry *e, const cn_participant *p, outside_ctx *c)
{
    if (!p->has_handed_back || e->date <= p->handed_back)
        return 0;
    cn_alert a = {.kind = CN_ALERT_RETURNED,
                  .entry_id = e->id,
                  .days = e->date - p->handed_back,
                  .date = e->date};
    memcpy(a.code, e->code, sizeof a.code);
    return push(c->returned, &a, c->err);
}

static int check_entry(const cn_entry *e, void *arg)
{
    outside_ctx *c = arg;
    while (c->next < c->nrecs && strcmp(c->recs[c->next].p.code, e->code) != 0)
        c->next++;
    if (c->next == c->nrecs)
        return cn_error_code(c->err, CN_ENOTFOUND, "entry %lld: participant %s not found",
                             (long long)e->id, e->code);
    if (check_control(e, c) < 0 || check_blank(e, c) < 0 ||
        check_returned(e, &c->recs[c->next].p, c) < 0)
        return -1;
    if (!cn_stats_after_diary(&c->recs[c->next].p, c->diary_months, e->date))
        return 0;
    cn_date end = cn_stats_diary_end(&c->recs[c->next].p, c->diary_months);
    cn_alert a = {
        .kind = CN_ALERT_OUTSIDE, .entry_id = e->id, .days = e->date - end, .date = e->date};
    memcpy(a.code, e->code, sizeof a.code);
    return push(c->list, &a, c->err);
}

/* Active participants someone replaces: refused since the rule (participant.c), kept by a
 * study recorded before it. */
static int check_replaced(cn_store *store, const cn_stats_record *recs, size_t nrecs, alerts *list,
                          cn_error *err)
{
    for (size_t i = 0; i < nrecs; i++) {
        if (recs[i].p.status != CN_STATUS_ACTIVE)
            continue;
        cn_alert a = {.kind = CN_ALERT_REPLACED};
        if (cn_participant_replaced_by(store, recs[i].p.code, a.by, sizeof a.by, err) < 0)
            return -1;
        memcpy(a.code, recs[i].p.code, sizeof a.code);
        if (a.by[0] && push(list, &a, err) < 0)
            return -1;
    }
    return 0;
}

/* A site's spellings: each distinct one, and how many participants have it. */
typedef struct spelling {
    char site[CN_SITE_MAX]; /* without the spaces around it, as every path stores it now */
    size_t n;
    char cohort[CN_SITE_MAX];
    bool named; /* the site names a cohort */
} spelling;

/* A record's site as spellings count it: without the spaces around it. */
static void site_of(const cn_stats_record *r, char site[CN_SITE_MAX])
{
    if (!cn_field_site_trimmed(r->p.site, site, CN_SITE_MAX))
        snprintf(site, CN_SITE_MAX, "%s", r->p.site);
}

static int spellings_of(const cn_stats_record *recs, size_t nrecs, spelling **out, size_t *n,
                        cn_error *err)
{
    spelling *sp = calloc(nrecs + 1, sizeof *sp);
    if (!sp)
        return cn_error_nomem(err);
    size_t count = 0;
    for (size_t i = 0; i < nrecs; i++) {
        char site[CN_SITE_MAX];
        site_of(&recs[i], site);
        size_t k = 0;
        while (k < count && strcmp(sp[k].site, site) != 0)
            k++;
        if (k == count && site[0]) {
            memcpy(sp[count].site, site, sizeof site);
            sp[count].named = cn_corpus_modality(site, sp[count].cohort, sizeof sp[count].cohort);
            count++;
        }
        if (k < count)
            sp[k].n++;
    }
    *out = sp;
    *n = count;
    return 0;
}

/* The participants whose site names no cohort, spells a cohort other than its most common
 * spelling (the first of equals), or has spaces around it, in code order, each with the
 * spelling to write: the rules of participant.c's check_site_cohort and fields.c's
 * parse_site, over a study recorded before them. */
static int check_sites(const cn_stats_record *recs, size_t nrecs, alerts *list, cn_error *err)
{
    spelling *sp = NULL;
    size_t n = 0;
    if (spellings_of(recs, nrecs, &sp, &n, err) < 0)
        return -1;
    size_t *common = malloc((n + 1) * sizeof *common);
    int rc = common ? 0 : cn_error_nomem(err);
    for (size_t k = 0; rc == 0 && k < n; k++) {
        common[k] = k;
        for (size_t j = 0; sp[k].named && j < n; j++)
            if (sp[j].named && strcmp(sp[j].cohort, sp[k].cohort) == 0 &&
                (sp[j].n > sp[common[k]].n || (sp[j].n == sp[common[k]].n && j < common[k])))
                common[k] = j;
    }
    for (size_t i = 0; rc == 0 && i < nrecs; i++) {
        cn_alert a = {.kind = CN_ALERT_SITE};
        char site[CN_SITE_MAX];
        site_of(&recs[i], site);
        size_t k = 0;
        while (k < n && strcmp(sp[k].site, site) != 0)
            k++;
        snprintf(a.code, sizeof a.code, "%s", recs[i].p.code);
        snprintf(a.site, sizeof a.site, "%s", recs[i].p.site);
        if (k == n) /* no site */
            continue;
        if (sp[k].named && common[k] != k) { /* another spelling of its cohort */
            snprintf(a.other, sizeof a.other, "%s", sp[common[k]].site);
            snprintf(a.cohort, sizeof a.cohort, "%s", sp[k].cohort);
        } else if (sp[k].named && strcmp(site, recs[i].p.site) != 0) { /* spaces around it */
            snprintf(a.other, sizeof a.other, "%s", site);
            a.spaces = true;
        } else if (sp[k].named) { /* the cohort's spelling */
            continue;
        } /* else a site that names no cohort: other "" */
        rc = push(list, &a, err);
    }
    free(common);
    free(sp);
    return rc;
}

/* Whether p, by statement s (the last day of p's pages: "SELECT max(date) FROM main.entry
 * WHERE participant_id = ?1"), has typed no page for lost_after_days: 1 and the alert in
 * *out, 0, or -1. Every page counts, final or not: main.entry, not a double-entry study's
 * view of its final entries, since a page typed once shows the participant writes (trial
 * 69: "no entry for 133 days: candidate for replacement" of one whose last four pages
 * waited for their second copy, which the participant's page showed). */
static int silent_by(cn_store *store, sqlite3_stmt *s, cn_date today, int lost_after_days,
                     const cn_participant *p, cn_alert *out, cn_error *err)
{
    if (p->status != CN_STATUS_ACTIVE)
        return 0;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, p->id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
        return cn_store_failure(store, err);
    cn_date last = p->consent;
    const char *text = (const char *)sqlite3_column_text(s, 0);
    cn_error unread = {0};
    if (text && cn_date_parse(text, &last, &unread) < 0)
        last = p->consent; /* a stored date that does not parse: check lists it elsewhere */
    sqlite3_reset(s);
    if (today - last < lost_after_days)
        return 0;
    *out = (cn_alert){.kind = CN_ALERT_SILENT, .days = today - last, .date = last};
    memcpy(out->code, p->code, sizeof out->code);
    return 1;
}

#define LAST_TYPED "SELECT max(date) FROM main.entry WHERE participant_id = ?1"

int cn_check_silent(cn_store *store, cn_date today, const cn_participant *p, cn_alert *out,
                    cn_error *err)
{
    cn_study study;
    sqlite3_stmt *s;
    if (cn_store_study(store, &study, err) < 0 || cn_store_prepare(store, LAST_TYPED, &s, err) < 0)
        return -1;
    int rc = silent_by(store, s, today, study.lost_after_days, p, out, err);
    sqlite3_finalize(s);
    return rc;
}

int cn_check_run(cn_store *store, cn_date today, cn_alert **out, size_t *n, cn_error *err)
{
    cn_study study;
    cn_stats_record *recs;
    size_t nrecs;
    if (cn_store_study(store, &study, err) < 0 || cn_stats_load(store, &recs, &nrecs, err) < 0)
        return -1;
    alerts list = {0}, control = {0}, returned = {0};
    sqlite3_stmt *last_typed = NULL;
    int rc = cn_store_prepare(store, LAST_TYPED, &last_typed, err) < 0 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < nrecs; i++) {
        cn_alert a;
        int silent =
            silent_by(store, last_typed, today, study.lost_after_days, &recs[i].p, &a, err);
        rc = silent < 0 ? -1 : silent ? push(&list, &a, err) : 0;
    }
    sqlite3_finalize(last_typed);
    for (size_t i = 0; rc == 0 && i < nrecs; i++) {
        const cn_stats_record *r = &recs[i];
        cn_date end = cn_stats_diary_end(&r->p, study.diary_months);
        if (r->p.status == CN_STATUS_ACTIVE && !r->p.has_handed_back && today > end) {
            cn_alert a = {.kind = CN_ALERT_OVERDUE, .days = today - end, .date = end};
            memcpy(a.code, r->p.code, sizeof a.code);
            rc = push(&list, &a, err);
        }
        /* refused since the rule (participant.c), kept by a study recorded before it */
        if (rc == 0 && r->p.status == CN_STATUS_HANDED_BACK && !r->p.has_handed_back) {
            cn_alert a = {.kind = CN_ALERT_UNDATED, .date = end};
            memcpy(a.code, r->p.code, sizeof a.code);
            rc = push(&list, &a, err);
        }
    }
    if (rc == 0) {
        outside_ctx c = {.recs = recs,
                         .nrecs = nrecs,
                         .diary_months = study.diary_months,
                         .list = &list,
                         .returned = &returned,
                         .control = &control,
                         .err = err};
        rc = cn_entry_each(store, NULL, check_entry, &c, err);
    }
    for (size_t i = 0; rc == 0 && i < returned.n; i++)
        rc = push(&list, &returned.a[i], err);
    free(returned.a);
    if (rc == 0)
        rc = check_replaced(store, recs, nrecs, &list, err);
    if (rc == 0)
        rc = check_sites(recs, nrecs, &list, err);
    for (size_t i = 0; rc == 0 && i < control.n; i++)
        rc = push(&list, &control.a[i], err);
    free(control.a);
    free(recs);
    if (rc != 0) {
        free(list.a);
        return -1;
    }
    *out = list.a;
    *n = list.n;
    return 0;
}

typedef struct identity_list {
    cn_identity_alert *a;
    size_t n, cap;
    cn_error *err;
} identity_list;

static int note_identifying(const cn_participant *p, void *arg)
{
    identity_list *list = arg;
    cn_identity_alert alert;
    if (cn_participant_identifies(p, alert.message, sizeof alert.message) == 0)
        return 0;
    if (cn_grow((void **)&list->a, &list->cap, list->n + 1, sizeof *list->a) < 0)
        return cn_error_nomem(list->err);
    memcpy(alert.code, p->code, sizeof alert.code);
    list->a[list->n++] = alert;
    return 0;
}

/* An entry's text that may identify (trial 83: a phone number and the name in an e-mail
 * address became a class's words): one line, after its participant's code and site. */
static int note_identifying_text(const cn_entry *e, void *arg)
{
    identity_list *list = arg;
    char what[CN_IDENTIFYING_SAID_MAX], date[CN_DATE_TEXT];
    if (!cn_identifying_said(e->text, what, sizeof what))
        return 0;
    if (cn_grow((void **)&list->a, &list->cap, list->n + 1, sizeof *list->a) < 0)
        return cn_error_nomem(list->err);
    cn_identity_alert *alert = &list->a[list->n++];
    memcpy(alert->code, e->code, sizeof alert->code);
    cn_date_format(e->date, date);
    snprintf(alert->message, sizeof alert->message,
             "entry %lld of %s (%s) %s: a diary's text must not identify anyone (entry edit "
             "%lld corrects it)",
             (long long)e->id, e->code, date, what, (long long)e->id);
    return 0;
}

int cn_check_identifying(cn_store *store, bool texts, cn_identity_alert **alerts, size_t *n,
                         cn_error *err)
{
    identity_list list = {.err = err};
    int rc = cn_participant_each(store, note_identifying, &list, err);
    if (rc == 0 && texts)
        rc = cn_entry_each(store, NULL, note_identifying_text, &list, err);
    if (rc != 0) {
        free(list.a);
        return rc < 0 ? rc : -1;
    }
    *alerts = list.a;
    *n = list.n;
    return 0;
}
