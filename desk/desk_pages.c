/* desk_pages.c — the desk's frame and its study pages: the dashboard (the protocol table of
 * `stats` and the alerts of `check`, from the same library calls) and a participant's diary
 * (the participants pages are in desk_participants.c). Every text from the database goes
 * through cn_html_text. */
#include "desk_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/check.h"
#include "carnet/cohort.h"
#include "carnet/entry.h"
#include "carnet/erase.h"
#include "carnet/fields.h"
#include "carnet/stats.h"

/* A study this desk cannot write (a read-only file or folder, a study handed over): said on
 * every page, at each request, since a chmod can come and go while the desk runs; serve's
 * own warning is in a terminal the typist may not see (trial 62). */
static void read_only_warning(desk_ctx *c)
{
    const char *why = cn_store_read_only(cn_store_path(c->desk->store));
    if (!why)
        return;
    cn_html_raw(&c->h, "<p class=\"warning\" role=\"status\" id=\"read-only\">This study"
                       " cannot be written: ");
    cn_html_text(&c->h, why);
    cn_html_raw(&c->h, ". The desk shows it, but saves and drafts will be refused: to type, stop"
                       " the desk and copy the study to a folder you can write.</p>");
}

static void menu(desk_ctx *c);

void desk_page_begin(desk_ctx *c, const char *title)
{
    if (c->desk->base[0] && !c->scoped) {
        /* outside a scoped desk's prefix: a bare page, its menu and assets being under the
         * prefix, which this answer must not name (trial 54 found the links dead) */
        cn_html_raw(&c->h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                           "<title>");
        cn_html_text(&c->h, title);
        cn_html_raw(&c->h, " · Carnet desk</title></head><body><main><h1>");
        cn_html_text(&c->h, title);
        cn_html_raw(&c->h, "</h1>");
        return;
    }
    cn_study study;
    cn_error ignored = {0};
    /* A refusal before the session reads nothing from the study, not even its name. */
    if (!c->in_session || cn_store_study(c->desk->store, &study, &ignored) < 0)
        study.name[0] = '\0';
    cn_html *h = &c->h;
    cn_html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>");
    cn_html_text(h, title);
    cn_html_raw(h, " · Carnet desk</title><link rel=\"stylesheet\" href=\"/assets/desk.css\">"
                   "<script src=\"/assets/desk.js\" defer></script></head><body");
    /* the session's pages know what the desk answers at /alive (desk.c): desk.js checks it
     * before it sends a text */
    if (c->in_session)
        cn_html_rawf(h, " data-alive=\"/alive\" data-proof=\"%s\"", c->desk->alive);
    cn_html_raw(h, "><header class=\"top\"><a class=\"skip\" href=\"#main\">Skip to the page</a>"
                   "<a class=\"brand\" href=\"/\">Carnet desk</a><nav>");
    menu(c);
    cn_html_raw(h, "</nav><span class=\"study\">");
    cn_html_text(h, study.name);
    cn_html_raw(h, "</span>");
    desk_dde_nav(c);
    cn_html_raw(h, "</header><main id=\"main\"><h1>");
    cn_html_text(h, title);
    cn_html_raw(h, "</h1>");
    if (c->in_session)
        read_only_warning(c);
}

/* The menu, the link of the page's own part marked (aria-current, underlined): a screen
 * reader said every page's menu alike, and nothing showed where one was (trial 68). A
 * participant's page and an entry's are the Participants part, a run's the Themes part. */
static void menu(desk_ctx *c)
{
    static const struct {
        const char *href, *name, *under[3];
    } links[] = {
        {"/", "Dashboard", {NULL}},        {"/participants", "Participants", {"/p/", "/e/", NULL}},
        {"/import", "Import", {NULL}},     {"/export", "Export", {"/export/", NULL}},
        {"/audit", "Audit", {NULL}},       {"/themes", "Themes", {"/themes/", "/runs/", NULL}},
        {"/settings", "Settings", {NULL}},
    };
    const char *path = c->req && c->req->path ? c->req->path : ""; /* within a scoped prefix */
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        bool here = strcmp(path, links[i].href) == 0;
        for (size_t k = 0; !here && links[i].under[k]; k++)
            here = strncmp(path, links[i].under[k], strlen(links[i].under[k])) == 0;
        cn_html_rawf(&c->h, "<a href=\"%s\"%s>%s</a>", links[i].href,
                     here ? " aria-current=\"page\"" : "", links[i].name);
    }
}

void desk_page_end(desk_ctx *c)
{
    cn_html_raw(&c->h, "</main></body></html>\n");
}

void desk_csrf_field(desk_ctx *c)
{
    cn_html_rawf(&c->h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", c->desk->csrf);
}

void desk_error_line(cn_html *h, const char *id, const char *message)
{
    if (!message)
        return;
    cn_html_rawf(h, "<p class=\"error\" role=\"alert\" id=\"%s\">", id);
    cn_html_text(h, message);
    cn_html_raw(h, "</p>");
}

/* A failure of the library while building a page: said on the page, not hidden. */
int desk_fail_page(desk_ctx *c, const cn_error *err)
{
    c->h.len = 0;
    if (c->h.data)
        c->h.data[0] = '\0';
    return desk_refuse(c, err->code == CN_EBUSY ? 503 : 500, "Error", err->msg);
}

/* The participants whose code or site may identify their person (check's identify lines):
 * said on the dashboard too, where the team looks, not only in a terminal. Nothing when
 * there are none, or when they cannot be read (the alerts above say the study's state). */
static void identity_alerts(desk_ctx *c)
{
    cn_identity_alert *ids = NULL;
    size_t n = 0;
    cn_error ignored = {0};
    if (cn_check_identifying(c->desk->store, false, &ids, &n, &ignored) < 0 || n == 0) {
        free(ids);
        return;
    }
    cn_html *h = &c->h;
    cn_html_rawf(h,
                 "<section class=\"card\" id=\"identifying\"><h2>Codes or sites that may"
                 " identify (%zu)</h2><p>Participants are known by pseudonymous codes: change"
                 " these, or say why they identify no one.</p><ul class=\"alerts\">",
                 n);
    for (size_t i = 0; i < n; i++) {
        /* a site is changed on the participant's form; a code by the command the message
         * names, the form keeping it as it is */
        bool code = cn_identifying_value(ids[i].code) != CN_IDENT_NONE;
        cn_html_raw(h, "<li><a href=\"/p/");
        cn_html_text(h, ids[i].code);
        cn_html_raw(h, code ? "\">" : "/edit\">");
        cn_html_text(h, ids[i].code);
        cn_html_raw(h, "</a>: ");
        cn_html_text(h, ids[i].message);
        cn_html_raw(h, "</li>");
    }
    cn_html_raw(h, "</ul></section>");
    free(ids);
}

/* Numbers as `stats` writes them: up to two decimals, no trailing zeros. */
static void fmt_num(double v, char *out, size_t size)
{
    if (isnan(v)) {
        snprintf(out, size, "-");
        return;
    }
    snprintf(out, size, "%.2f", v);
    char *end = out + strlen(out) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    if (strcmp(out, "-0") == 0)
        snprintf(out, size, "0");
}

static void summary_cell(cn_html *h, const cn_summary *s)
{
    char m[32], q1[32], q3[32];
    fmt_num(s->median, m, sizeof m);
    fmt_num(s->q1, q1, sizeof q1);
    fmt_num(s->q3, q3, sizeof q3);
    if (s->n)
        cn_html_rawf(h, "<td>%s <span class=\"q\">[%s–%s]</span></td>", m, q1, q3);
    else
        cn_html_raw(h, "<td>-</td>");
}

static void stats_table(desk_ctx *c, cn_cohort_by by, const cn_cohort_stats *rows, size_t n)
{
    static const char *const labels[] = {"n consented",
                                         "n with entries",
                                         "men / women",
                                         "median age in consent year [Q1–Q3]",
                                         "median days to first entry",
                                         "median days of diary",
                                         "median entries per month",
                                         "lost (status lost, or no entry once closed)",
                                         "late (&gt; 30 days past the end)",
                                         "erased (withdrawn, diaries erased)"};
    cn_html *h = &c->h;
    char day[CN_DATE_TEXT];
    cn_date_format(c->today, day);
    cn_html_rawf(h,
                 "<section class=\"card\" id=\"stats\"><h2>Protocol, by cohort, as of %s</h2>"
                 "<p class=\"by\">By ",
                 day);
    for (cn_cohort_by b = CN_BY_CARE; b <= CN_BY_SITE; b++)
        cn_html_rawf(h, "<a href=\"/?by=%s\"%s>%s</a> ", cn_cohort_by_name(b),
                     b == by ? " class=\"on\"" : "", cn_cohort_by_name(b));
    cn_html_raw(h, "</p><div class=\"scroll\"><table class=\"stats\"><thead><tr><th></th>");
    for (size_t i = 0; i < n; i++) {
        cn_html_raw(h, "<th>");
        cn_html_text(h, rows[i].cohort);
        cn_html_raw(h, "</th>");
    }
    cn_html_raw(h, "</tr></thead><tbody>");
    for (size_t r = 0; r < sizeof labels / sizeof *labels; r++) {
        cn_html_rawf(h, "<tr><th>%s</th>", labels[r]);
        for (size_t i = 0; i < n; i++) {
            const cn_cohort_stats *s = &rows[i];
            switch (r) {
            case 0:
                cn_html_rawf(h, "<td>%d</td>", s->n);
                break;
            case 1:
                cn_html_rawf(h, "<td>%d</td>", s->n_with_entries);
                break;
            case 2:
                cn_html_rawf(h, "<td>%d / %d</td>", s->men, s->women);
                break;
            case 3:
                summary_cell(h, &s->age);
                break;
            case 4:
                summary_cell(h, &s->days_to_first_entry);
                break;
            case 5:
                summary_cell(h, &s->days_of_diary);
                break;
            case 6:
                summary_cell(h, &s->entries_per_month);
                break;
            case 7:
                cn_html_rawf(h, "<td>%d</td>", s->lost);
                break;
            case 8:
                cn_html_rawf(h, "<td>%d</td>", s->late);
                break;
            default:
                cn_html_rawf(h, "<td>%d</td>", s->erased);
            }
        }
        cn_html_raw(h, "</tr>");
    }
    cn_html_raw(h, "</tbody></table></div></section>");
}

static void alert_item(cn_html *h, const cn_alert *a, int lost_after_days)
{
    char date[CN_DATE_TEXT];
    cn_date_format(a->date, date);
    cn_html_rawf(h, "<li class=\"alert %s\"><span class=\"kind\">%s</span> <a href=\"/p/",
                 cn_alert_kind_name(a->kind), cn_alert_kind_name(a->kind));
    cn_html_text(h, a->code);
    cn_html_raw(h, "\">");
    cn_html_text(h, a->code);
    cn_html_raw(h, "</a> ");
    switch (a->kind) {
    case CN_ALERT_SILENT:
        cn_html_rawf(h, "no entry for %d %s (since %s, limit %d): candidate for replacement",
                     a->days, desk_plural(a->days, "day", "days"), date, lost_after_days);
        break;
    case CN_ALERT_OVERDUE:
        cn_html_rawf(h, "diary period ended %s, %d %s ago, not handed back", date, a->days,
                     desk_plural(a->days, "day", "days"));
        break;
    case CN_ALERT_OUTSIDE:
        cn_html_rawf(h,
                     "<a href=\"/e/%lld\">entry %lld</a> on %s is %d %s after the end of the"
                     " diary period",
                     (long long)a->entry_id, (long long)a->entry_id, date, a->days,
                     desk_plural(a->days, "day", "days"));
        break;
    case CN_ALERT_REPLACED:
        cn_html_raw(h, "active, yet replaced by ");
        cn_html_text(h, a->by);
        cn_html_raw(h, ": set its status (lost, withdrawn) or remove the replacement");
        break;
    case CN_ALERT_CONTROL:
        cn_html_rawf(h,
                     "<a href=\"/e/%lld\">entry %lld</a> on %s holds the control character "
                     "U+%04X: edit it",
                     (long long)a->entry_id, (long long)a->entry_id, date, a->code_point);
        break;
    case CN_ALERT_BLANK:
        cn_html_rawf(h,
                     "<a href=\"/e/%lld\">entry %lld</a> on %s holds no visible character (the "
                     "first U+%04X): type its text from the notebook",
                     (long long)a->entry_id, (long long)a->entry_id, date, a->code_point);
        break;
    case CN_ALERT_UNDATED:
        cn_html_rawf(h,
                     "handed back, with no date: whether it came back late cannot be counted "
                     "(the period ended %s)",
                     date);
        break;
    case CN_ALERT_RETURNED:
        cn_html_rawf(h,
                     "<a href=\"/e/%lld\">entry %lld</a> on %s is %d %s after the diary came "
                     "back: correct the day it came back, or the entry's date",
                     (long long)a->entry_id, (long long)a->entry_id, date, a->days,
                     desk_plural(a->days, "day", "days"));
        break;
    case CN_ALERT_SITE:
        cn_html_raw(h, "site ");
        cn_html_text(h, a->site);
        if (a->spaces) {
            cn_html_raw(h,
                        " holds spaces or invisible characters no one can type again: write it ");
            cn_html_text(h, a->other);
        } else if (a->other[0]) {
            cn_html_raw(h, " is another spelling of the cohort *site_");
            cn_html_text(h, a->cohort);
            cn_html_raw(h, ": write it ");
            cn_html_text(h, a->other);
            cn_html_raw(h, ", as most of its participants do");
        } else
            cn_html_raw(h, " has no Latin letter or digit to name its cohort");
        break;
    }
    cn_html_raw(h, "</li>");
}

int desk_dashboard(desk_ctx *c)
{
    cn_error err = {0};
    cn_cohort_by by = CN_BY_CARE;
    const char *by_text = desk_query(c, "by");
    if (by_text && cn_cohort_by_parse(by_text, &by, &err) < 0)
        return desk_refuse(c, 400, "Refused", err.msg);
    cn_study study;
    cn_stats_record *recs = NULL;
    cn_cohort_stats *rows = NULL;
    cn_alert *alerts = NULL;
    size_t nrecs = 0, nrows = 0, nalerts = 0;
    /* The numbers of `stats` and `check`: final entries only in a double-entry study. */
    bool final_only = desk_dde_on(c);
    int rc = cn_store_study(c->desk->store, &study, &err) < 0 ||
                     (final_only && cn_dde_final_only(c->desk->store, true, &err) < 0) ||
                     cn_stats_load(c->desk->store, &recs, &nrecs, &err) < 0 ||
                     cn_stats_compute(recs, nrecs, study.diary_months, c->today, by, &rows, &nrows,
                                      &err) < 0 ||
                     cn_check_run(c->desk->store, c->today, &alerts, &nalerts, &err) < 0
                 ? -1
                 : 0;
    cn_error ignored = {0};
    if (final_only && cn_dde_final_only(c->desk->store, false, &ignored) < 0 && rc == 0) {
        rc = -1;
        err = ignored;
    }
    if (rc < 0) {
        free(recs);
        free(rows);
        free(alerts);
        return desk_fail_page(c, &err);
    }
    int64_t entries = 0;
    for (size_t i = 0; i < nrecs; i++)
        entries += recs[i].span.count;
    free(recs);
    char today[CN_DATE_TEXT];
    cn_date_format(c->today, today);
    desk_page_begin(c, "Dashboard");
    cn_html *h = &c->h;
    cn_html_rawf(h,
                 "<p class=\"lead\"><span id=\"n-participants\">%zu</span> %s,"
                 " <span id=\"n-entries\">%lld</span>%s %s; %d-month diaries; as of %s.",
                 nrecs, desk_plural((long long)nrecs, "participant", "participants"),
                 (long long)entries, final_only ? " final" : "",
                 desk_plural(entries, "entry", "entries"), study.diary_months, today);
    if (final_only)
        cn_html_raw(h, " Double data entry: <strong id=\"dde-on\">on</strong>.");
    cn_html_raw(h, " <a class=\"button\" href=\"/participants\">Participants</a></p>");
    stats_table(c, by, rows, nrows);
    desk_dde_dashboard(c);
    cn_html_rawf(h, "<section class=\"card\" id=\"alerts\"><h2>Alerts (%zu)</h2>", nalerts);
    if (nalerts == 0)
        cn_html_raw(h, "<p>No alert: every diary is on track.</p>");
    else
        cn_html_raw(h, "<ul class=\"alerts\">");
    for (size_t i = 0; i < nalerts; i++)
        alert_item(h, &alerts[i], study.lost_after_days);
    if (nalerts)
        cn_html_raw(h, "</ul>");
    cn_html_raw(h, "</section>");
    identity_alerts(c);
    desk_page_end(c);
    free(rows);
    free(alerts);
    return desk_send_page(c, 200);
}

/* ---- one participant's diary ---- */

typedef struct entry_list {
    cn_entry *items; /* texts strdup'd */
    size_t n, cap;
} entry_list;

static int collect_entry(const cn_entry *e, void *ctx)
{
    entry_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cn_entry *items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return CN_ENOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n] = *e;
    l->items[l->n].text = strdup(e->text ? e->text : "");
    if (!l->items[l->n].text)
        return CN_ENOMEM;
    l->n++;
    return 0;
}

static void free_entries(entry_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free((char *)l->items[i].text);
    free(l->items);
}

/* counted: how the protocol table counts the diary today, said beside its status */
static void participant_facts(desk_ctx *c, const cn_participant *p, int diary_months,
                              const char *replaced_by, cn_diary_count counted)
{
    cn_html *h = &c->h;
    char consent[CN_DATE_TEXT], end[CN_DATE_TEXT], back[CN_DATE_TEXT] = "-", care[16], age[16];
    cn_date_format(p->consent, consent);
    cn_date_format(cn_stats_diary_end(p, diary_months), end);
    if (p->has_handed_back)
        cn_date_format(p->handed_back, back);
    cn_cohort_modality(p, CN_BY_CARE, care, sizeof care);
    cn_cohort_modality(p, CN_BY_AGE, age, sizeof age);
    const char *note = cn_stats_counted_note(counted, p);
    cn_html_rawf(h, "<dl class=\"facts card\"><div><dt>Status</dt><dd class=\"status %s\">%s",
                 cn_status_name(p->status), desk_status_words(cn_status_name(p->status)));
    if (note)
        cn_html_rawf(h, " <span id=\"counted\">(%s)</span>", note);
    cn_html_rawf(h,
                 "</dd></div><div><dt>Diary</dt><dd>%s → %s</dd></div><div><dt>Handed back</dt>"
                 "<dd>%s</dd></div><div><dt>Cohort</dt><dd>",
                 consent, end, back);
    cn_html_text(h, care);
    cn_html_raw(h, " · ");
    cn_html_text(h, age);
    cn_html_rawf(h, " · %c · ", p->gender);
    cn_html_text(h, p->site[0] ? p->site : "no site");
    cn_html_raw(h, "</dd></div>");
    if (p->replaces[0]) {
        cn_html_raw(h, "<div><dt>Replaces</dt><dd><a href=\"/p/");
        cn_html_text(h, p->replaces);
        cn_html_raw(h, "\">");
        cn_html_text(h, p->replaces);
        cn_html_raw(h, "</a></dd></div>");
    }
    if (replaced_by[0]) { /* "P25, P26": a link each */
        cn_html_raw(h, "<div><dt>Replaced by</dt><dd>");
        for (const char *by = replaced_by; *by;) {
            size_t n = strcspn(by, ",");
            char one[CN_CODE_MAX];
            snprintf(one, sizeof one, "%.*s", (int)n, by);
            cn_html_raw(h, by == replaced_by ? "<a href=\"/p/" : ", <a href=\"/p/");
            cn_html_text(h, one);
            cn_html_raw(h, "\">");
            cn_html_text(h, one);
            cn_html_raw(h, "</a>");
            by += n;
            by += strspn(by, ", ");
        }
        cn_html_raw(h, "</dd></div>");
    }
    cn_html_raw(h, "</dl>");
}

/* Whether check calls the participant a candidate for replacement (silent too long): by
 * its one participant, not the whole study's check (trial 69: 1.5 s a page at 600,000
 * entries, where a handed-back participant's took 0.06 s). */
static bool is_candidate(desk_ctx *c, const cn_participant *p)
{
    cn_alert alert;
    cn_error err = {0};
    return cn_check_silent(c->desk->store, c->today, p, &alert, &err) == 1;
}

/* The actions of a participant: typing, editing, hand-back, replacement. A participant
 * whose diaries were erased is offered neither typing nor a hand-back: the first would be
 * refused, the second would record a notebook the study gave up (trial 54's note). */
static void participant_actions(desk_ctx *c, const cn_participant *p, const char *replaced_by,
                                bool erased)
{
    cn_html *h = &c->h;
    cn_html_raw(h, "<div class=\"actions\">");
    if (erased)
        cn_html_raw(h, "<p class=\"note\" id=\"erased\">Consent withdrawn and diaries erased:"
                       " no entry can be typed for this participant.</p>");
    else {
        cn_html_raw(h, "<a class=\"button primary\" id=\"type\" href=\"/p/");
        cn_html_text(h, p->code);
        cn_html_raw(h, "/new\">Type entries</a> ");
    }
    cn_html_raw(h, "<a class=\"button\" href=\"/p/");
    cn_html_text(h, p->code);
    cn_html_raw(h, "/edit\">Edit participant</a>");
    if (!p->has_handed_back && !erased) {
        cn_html_raw(h, " <form class=\"inline\" method=\"post\" action=\"/p/");
        cn_html_text(h, p->code);
        cn_html_raw(h, "/edit\">");
        desk_csrf_field(c);
        desk_participant_base(c, p, 1u << CN_PF_STATUS | 1u << CN_PF_HANDED_BACK);
        /* No date proposed: today's would be recorded unread when the notebook came earlier. */
        cn_html_raw(h, "<input type=\"hidden\" name=\"status\" value=\"\"><input type=\"hidden\""
                       " name=\"handback\" value=\"1\"><label>Notebook handed back on <input"
                       " name=\"handed_back\" value=\"\" placeholder=\"YYYY-MM-DD\" required"
                       " size=\"10\"></label> <button type=\"submit\">Record hand-back</button>"
                       "</form>");
    }
    /* A candidate for replacement is still active: replacing it marks it lost (lost=1). */
    bool candidate = !replaced_by[0] && p->status == CN_STATUS_ACTIVE && is_candidate(c, p);
    if (!replaced_by[0] && (p->status != CN_STATUS_ACTIVE || candidate)) {
        cn_html_raw(h,
                    " <a class=\"button\" id=\"add-replacement\" href=\"/participants?replaces=");
        cn_html_text(h, p->code);
        cn_html_rawf(h, "%s#add\">Add a replacement</a>", candidate ? "&amp;lost=1" : "");
    }
    cn_html_raw(h, "</div>");
}

/* "Entry N corrected.", said first in the entry's article, where the page is opened
 * (#note, which the browser focuses; desk.js too, autofocus being ignored on a page opened
 * at a #fragment): above the diary, it was off screen and never reached by reading on
 * (trial 68). */
static void corrected_note(cn_html *h, long long id)
{
    cn_html_rawf(h,
                 "<p class=\"note\" id=\"note\" role=\"status\" tabindex=\"-1\">Entry %lld"
                 " corrected.</p>",
                 id);
}

/* An entry of the diary; in a double-entry study, with its state, and without its text while
 * it is not final: the second typist must not see the first copy. corrected: the entry the
 * edit that led here corrected, said so. */
static void entry_article(desk_ctx *c, const cn_entry *e, const char *lang, bool corrected)
{
    cn_html *h = &c->h;
    char date[CN_DATE_TEXT], state[160];
    int dde = desk_dde_entry_state(c, e, state, sizeof state);
    cn_date_format(e->date, date);
    cn_html_rawf(h, "<article class=\"entry\" id=\"e%lld\">", (long long)e->id);
    if (corrected)
        corrected_note(h, (long long)e->id);
    cn_html_rawf(h,
                 "<header><span class=\"date\">%s</span> <span class=\"meta\">entry %lld ·"
                 " version %lld · ",
                 date, (long long)e->id, (long long)e->version);
    cn_html_text(h, e->source);
    if (dde > 0) {
        cn_html_raw(h, " · <span class=\"dde-state\">");
        cn_html_text(h, state);
        cn_html_raw(h, "</span>");
    }
    /* each link named with its entry, by text a screen reader reads: 48 links called "edit"
     * were one in its list of links (trial 68) */
    char which[96];
    snprintf(which, sizeof which, "<span class=\"sr-only\"> entry %lld (%s)</span>",
             (long long)e->id, date);
    if (dde == 2) {
        cn_html_rawf(h,
                     "</span> <a href=\"/e/%lld/reconcile\">reconcile%s</a></header><p"
                     " class=\"meta\">The text is shown once the entry is final.</p></article>",
                     (long long)e->id, which);
        return;
    }
    cn_html_rawf(h, "</span> <a href=\"/e/%lld\">edit%s</a></header><p class=\"text\"%s>",
                 (long long)e->id, which, lang);
    cn_html_text(h, e->text);
    cn_html_raw(h, "</p></article>");
}

/* A code or site that may identify its person, said on the participant's page each time it
 * is shown (as participant add and check say it): the form added it without a word. */
static void identifying_note(desk_ctx *c, const cn_participant *p)
{
    char said[CN_IDENTIFYING_TEXT_MAX];
    if (cn_participant_identifies(p, said, sizeof said) == 0)
        return;
    cn_html_raw(&c->h, "<p class=\"error\" id=\"identifying-note\">");
    cn_html_text(&c->h, said);
    /* the code says its own remedy (a command: the desk's form keeps the code as it is);
     * a site is changed with Edit */
    if (cn_identifying_value(p->site) != CN_IDENT_NONE)
        cn_html_raw(&c->h, ". Change the site with Edit, unless it identifies no one");
    cn_html_raw(&c->h, ".</p>");
}

/* The entry a correction that led here corrected (done=corrected&entry=N), or 0. */
static long long corrected_entry(desk_ctx *c)
{
    const char *done = desk_query(c, "done"), *entry = desk_query(c, "entry");
    if (!done || strcmp(done, "corrected") != 0 || !entry || !*entry ||
        strspn(entry, "0123456789") != strlen(entry) || strlen(entry) >= 19)
        return 0;
    return strtoll(entry, NULL, 10);
}

/* A diary's entries are shown ENTRIES_SHOWN a page: a participant of 10,000 entries was one
 * page of 10,000 articles (trial 69). */
#define ENTRIES_SHOWN 100

/* The page to show: ?page=N (kept within the pages), else the one of the entry just
 * corrected (its note is there), else the first. */
static size_t entries_page(desk_ctx *c, const entry_list *list, bool newest, long long corrected)
{
    size_t fallback = 1;
    for (size_t i = 0; corrected && i < list->n; i++)
        if (list->items[newest ? list->n - 1 - i : i].id == corrected)
            fallback = i / ENTRIES_SHOWN + 1;
    return desk_page_asked(c, list->n, ENTRIES_SHOWN, fallback);
}

/* desk_internal.h */
size_t desk_page_asked(desk_ctx *c, size_t n, size_t per, size_t fallback)
{
    size_t pages = n ? (n + per - 1) / per : 1;
    const char *asked = desk_query(c, "page");
    if (asked && *asked && strspn(asked, "0123456789") == strlen(asked) && strlen(asked) < 9) {
        size_t page = (size_t)strtoul(asked, NULL, 10);
        return page < 1 ? 1 : page > pages ? pages : page;
    }
    return fallback;
}

/* desk_internal.h */
void desk_pages_nav(desk_ctx *c, const char *what, size_t n, size_t per, size_t page,
                    const char *query)
{
    size_t pages = (n + per - 1) / per;
    if (pages <= 1)
        return;
    size_t from = (page - 1) * per + 1, to = page * per;
    to = to < n ? to : n;
    cn_html *h = &c->h;
    cn_html_raw(h, "<nav class=\"pages\" aria-label=\"Pages of ");
    cn_html_text(h, what);
    cn_html_raw(h, "\"><span>");
    cn_html_text(h, what);
    cn_html_rawf(h, " %zu–%zu of %zu</span>", from, to, n);
    const struct {
        const char *name;
        size_t to;
        bool on;
    } links[] = {{"first", 1, page > 1},
                 {"previous", page - 1, page > 1},
                 {"next", page + 1, page < pages},
                 {"last", pages, page < pages}};
    for (size_t i = 0; i < sizeof links / sizeof *links; i++)
        if (links[i].on) {
            cn_html_raw(h, " <a href=\"?");
            cn_html_text(h, query);
            cn_html_rawf(h, "page=%zu\">%s page</a>", links[i].to, links[i].name);
        }
    cn_html_raw(h, "</nav>");
}

/* Whether the diary's list holds entry id. */
static bool lists_entry(const entry_list *list, long long id)
{
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].id == id)
            return true;
    return false;
}

/* What the change that led here did, said first and given the focus (a screen reader reads
 * it, a keyboard goes on from it): the page after a save said nothing, the focus on the
 * page's top (trial 48). A correction is said at its entry (entry_article), unless the
 * diary does not list it. */
static void done_note(desk_ctx *c, const char *code, const entry_list *list)
{
    const char *done = desk_query(c, "done");
    cn_html *h = &c->h;
    long long corrected = corrected_entry(c);
    if (corrected) {
        if (!lists_entry(list, corrected))
            corrected_note(h, corrected);
        return;
    }
    if (!done || (strcmp(done, "added") != 0 && strcmp(done, "saved") != 0))
        return;
    cn_html_raw(h, "<p class=\"note\" id=\"note\" role=\"status\" tabindex=\"-1\" autofocus>"
                   "Participant ");
    cn_html_text(h, code);
    cn_html_raw(h, strcmp(done, "added") == 0 ? " added." : ": changes saved.");
    cn_html_raw(h, "</p>");
}

int desk_participant(desk_ctx *c, const char *code)
{
    cn_participant p;
    cn_study study;
    cn_error err = {0};
    char replaced_by[CN_REPLACED_BY_MAX] = "";
    int found = cn_participant_get(c->desk->store, code, &p, &err);
    if (found < 0)
        return desk_fail_page(c, &err);
    if (found == 0)
        return desk_unknown_participant(c, code);
    entry_list list = {0};
    cn_entry_span span;
    int erased = cn_erase_done(c->desk->store, &p, &err);
    if (erased < 0 || cn_store_study(c->desk->store, &study, &err) < 0 ||
        cn_stats_counted_span(c->desk->store, p.id, &span, &err) < 0 ||
        cn_participant_replaced_by(c->desk->store, code, replaced_by, sizeof replaced_by, &err) <
            0 ||
        cn_entry_each(c->desk->store, code, collect_entry, &list, &err) != 0) {
        free_entries(&list);
        return err.code == CN_OK ? CN_ENOMEM : desk_fail_page(c, &err);
    }
    const char *order = desk_query(c, "order");
    bool newest = order && strcmp(order, "newest") == 0;
    char title[64];
    snprintf(title, sizeof title, "Participant %s", code);
    desk_page_begin(c, title);
    cn_html *h = &c->h;
    done_note(c, code, &list);
    identifying_note(c, &p);
    participant_facts(c, &p, study.diary_months, replaced_by,
                      cn_stats_diary_count(&(cn_stats_record){p, span, erased > 0},
                                           study.diary_months, c->today));
    participant_actions(c, &p, replaced_by, erased > 0);
    cn_date *dates = malloc((list.n ? list.n : 1) * sizeof *dates);
    if (!dates) {
        free_entries(&list);
        return CN_ENOMEM;
    }
    for (size_t i = 0; i < list.n; i++)
        dates[i] = list.items[i].date;
    cn_html_raw(h, "<section class=\"card\"><h2>Timeline</h2>");
    if (erased > 0) /* its weeks drawn as gaps "without an entry" were the erased pages' */
        cn_html_raw(h, "<p class=\"meta\" id=\"timeline-erased\">No timeline: the diaries were"
                       " erased, and the days they had entries with them (trial 74).</p>");
    else
        desk_timeline(c, &p, study.diary_months, dates, list.n);
    free(dates);
    cn_html_rawf(h,
                 "</section><section id=\"entries\"><h2>Entries (<span id=\"n-entries\">%zu"
                 "</span>",
                 list.n);
    if ((size_t)span.count != list.n) /* double entry: stats counts the final ones (trial 77) */
        cn_html_rawf(h, ", <span id=\"n-final\">%lld</span> final", (long long)span.count);
    cn_html_raw(h, ")</h2><p class=\"by\">");
    cn_html_raw(h, "<a href=\"?order=oldest\"");
    cn_html_raw(h, newest ? ">" : " class=\"on\">");
    cn_html_raw(h, "oldest first</a> <a href=\"?order=newest\"");
    cn_html_raw(h, newest ? " class=\"on\">" : ">");
    cn_html_raw(h, "newest first</a></p>");
    char lang[DESK_LANG_ATTR];
    desk_text_lang(c, code, lang);
    if (list.n == 0)
        cn_html_raw(h, "<p>No entry yet.</p>");
    long long corrected = corrected_entry(c);
    size_t page = entries_page(c, &list, newest, corrected);
    size_t from = (page - 1) * ENTRIES_SHOWN, to = from + ENTRIES_SHOWN;
    to = to < list.n ? to : list.n;
    const char *kept = newest ? "order=newest&" : "order=oldest&";
    desk_pages_nav(c, "Entries", list.n, ENTRIES_SHOWN, page, kept);
    for (size_t i = from; i < to; i++) {
        const cn_entry *e = &list.items[newest ? list.n - 1 - i : i];
        entry_article(c, e, lang, e->id == corrected);
    }
    desk_pages_nav(c, "Entries", list.n, ENTRIES_SHOWN, page, kept);
    cn_html_raw(h, "</section>");
    desk_page_end(c);
    free_entries(&list);
    return desk_send_page(c, 200);
}
