/* check.h — protocol alerts for the research team: who has stopped writing, whose diary
 * is overdue, which entries fall outside the diary period. The alert array is malloc'd
 * and owned by the caller (free()); returns 0, or -1 with a message in the cn_error. */
#ifndef CARNET_CHECK_H
#define CARNET_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/participant.h"
#include "carnet/store.h"

typedef enum cn_alert_kind {
    CN_ALERT_SILENT,  /* active, no entry for lost_after_days: candidate for replacement */
    CN_ALERT_OVERDUE, /* active, not handed back, past the end of the diary period */
    CN_ALERT_OUTSIDE, /* an entry dated after the end of the diary period */
    /* What today's rules refuse but a study recorded before them may hold: */
    CN_ALERT_REPLACED, /* active, yet replaced (by: the replacements) */
    CN_ALERT_SITE,     /* a site that names no cohort (other ""), shares its cohort with
                          another spelling (other), or has spaces around it (spaces) */
    CN_ALERT_CONTROL,  /* an entry holding a control character (days: its code point) */
    CN_ALERT_UNDATED,  /* handed back without the day: lateness cannot be counted (date: the
                          end of the diary period) */
    CN_ALERT_RETURNED, /* an entry dated after the day its diary came back (days: how many
                          after; date: the entry's) */
    CN_ALERT_BLANK,    /* an entry of blank or invisible characters only (code_point: the
                          first) */
} cn_alert_kind;

typedef struct cn_alert {
    cn_alert_kind kind;
    char code[CN_CODE_MAX];
    int64_t entry_id;    /* outside, control and returned only */
    int days;            /* silent: days without entry; overdue: days past the end; outside:
                            days after the end; returned: days after the diary came back */
    unsigned code_point; /* control: the character the entry holds */
    cn_date date;        /* silent: last entry (or consent); overdue: end; outside: entry date */
    char by[CN_REPLACED_BY_MAX];                /* replaced: "P26, P31" */
    char site[CN_SITE_MAX], other[CN_SITE_MAX]; /* site: the two spellings */
    char cohort[CN_SITE_MAX];                   /* site: the cohort they share (*site_...) */
    bool spaces; /* site: other is the site as every path stores it now (cn_field_site_trimmed):
                    its spaces or invisible characters cannot be typed again */
} cn_alert;

const char *cn_alert_kind_name(cn_alert_kind kind);

/* Alerts as of `today`, by kind, then participant code, then date. */
int cn_check_run(cn_store *store, cn_date today, cn_alert **alerts, size_t *n, cn_error *err);
/* Whether p is silent as cn_check_run says it (active, no page typed for the study's
 * lost_after_days: a candidate for replacement), without the whole study's check: 1 and
 * the alert in *out, 0, or -1. Silence counts every page typed, final or not. */
int cn_check_silent(cn_store *store, cn_date today, const cn_participant *p, cn_alert *out,
                    cn_error *err);

/* A participant whose code or site may identify its person (participant.h's
 * cn_participant_identifies): pseudonymity is the team's to keep, so `check` lists them
 * apart from the protocol alerts, whose kinds each reader of cn_check_run shows. */
typedef struct cn_identity_alert {
    char code[CN_CODE_MAX];
    char message[CN_IDENTIFYING_TEXT_MAX]; /* a line each for the code and the site */
} cn_identity_alert;

/* The participants whose code or site may identify, in code order, then with texts the
 * entries whose text may (cn_entry_text_identifies), by code, date and id: a read of every
 * text, which check makes and the desk's dashboard, shown at each visit, does not (the desk
 * says it of a page as it is saved); *alerts malloc'd. */
int cn_check_identifying(cn_store *store, bool texts, cn_identity_alert **alerts, size_t *n,
                         cn_error *err);

#endif
