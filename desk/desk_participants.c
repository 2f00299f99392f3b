/* desk_participants.c — the desk's participants pages: the list, add (and add a replacement),
 * edit and hand-back, with the rules of fields.c and participant.c as the CLI applies them. */
#include "desk_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/cohort.h"
#include "carnet/fields.h"
#include "carnet/stats.h"

/* ---- participants ---- */

typedef struct field_errors {
    char msg[CN_PF_COUNT][CN_ERROR_MAX];
    char general[CN_ERROR_MAX];
    bool any;
    bool offer_alike; /* an add refused as one recoded with --forget: the box past it */
} field_errors;

/* Labels for people; the field's name (the CSV column) is the input's name. */
static const char *const field_labels[CN_PF_COUNT] = {
    "Code", "Sex (f, m, x)", "Birth year", "Care start", "Consent",
    "Site", "Language",      "Status",     "Replaces",   "Handed back",
};

/* A status as people say it ("handed back"); its name (handed_back) stays the form's value and
 * the CSS class. */
const char *desk_status_words(const char *name)
{
    return strcmp(name, "handed_back") == 0 ? "handed back" : name;
}

/* focus: the form was refused and this is its first field in error, which takes the focus
 * and the view (the errors were below a long list, out of sight, trial 48). */
static void input_field(cn_html *h, int i, const char *value, const char *error, bool locked,
                        bool focus)
{
    const cn_field *f = &cn_participant_fields[i];
    bool bad = error && *error;
    cn_html_rawf(h, "<div class=\"field%s\"><label for=\"f-%s\">%s%s</label>", bad ? " bad" : "",
                 f->name, field_labels[i], f->required ? " *" : "");
    char invalid[96] = ""; /* DESK_INVALID for this field's error line */
    if (bad)
        snprintf(invalid, sizeof invalid, " aria-invalid=\"true\" aria-describedby=\"err-%s\"%s",
                 f->name, focus ? " autofocus" : "");
    if (i == CN_PF_STATUS) {
        static const char *const statuses[] = {"", "active", "handed_back", "lost", "withdrawn"};
        cn_html_rawf(h, "<select id=\"f-%s\" name=\"%s\"%s>", f->name, f->name, invalid);
        for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++)
            cn_html_rawf(h, "<option value=\"%s\"%s>%s</option>", statuses[s],
                         value && strcmp(value, statuses[s]) == 0 ? " selected" : "",
                         *statuses[s] ? desk_status_words(statuses[s])
                                      : "(from the hand-back date)");
        cn_html_raw(h, "</select>");
    } else {
        cn_html_rawf(h, "<input id=\"f-%s\" name=\"%s\"%s%s%s value=\"", f->name, f->name,
                     locked ? " readonly" : "",
                     strcmp(f->arg ? f->arg : "", "DATE") == 0 ? " placeholder=\"YYYY-MM-DD\"" : "",
                     invalid);
        cn_html_text(h, value ? value : "");
        cn_html_raw(h, "\">");
    }
    if (bad) {
        cn_html_rawf(h, "<p class=\"error\" role=\"alert\" id=\"err-%s\">", f->name);
        cn_html_text(h, error);
        cn_html_raw(h, "</p>");
    }
    cn_html_raw(h, "</div>");
}

/* The record a form was made from, in hidden fields was_NAME (base: indexed by cn_pfield,
 * NULL: not known), the fields given as bits. A save checks them against the record as
 * stored then, as an entry's form carries its version: the participant table has no
 * version, and the values themselves also tell which fields changed meanwhile. */
static void base_fields(cn_html *h, const char *const base[], unsigned fields)
{
    for (int i = 0; i < CN_PF_COUNT; i++)
        if (base[i] && fields & 1u << i) {
            cn_html_rawf(h, "<input type=\"hidden\" name=\"was_%s\" value=\"",
                         cn_participant_fields[i].name);
            cn_html_text(h, base[i]);
            cn_html_raw(h, "\">");
        }
}

/* The text of each field of p, and pointers to them, for forms and cn_participant_stale. */
typedef struct record_text {
    char text[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
    const char *values[CN_PF_COUNT];
} record_text;

static void record_text_of(const cn_participant *p, record_text *r)
{
    cn_field_write_participant(p, r->text);
    for (int i = 0; i < CN_PF_COUNT; i++)
        r->values[i] = r->text[i];
}

void desk_participant_base(desk_ctx *c, const cn_participant *p, unsigned fields)
{
    record_text r;
    record_text_of(p, &r);
    base_fields(&c->h, r.values, fields);
}

static void read_base(desk_ctx *c, const char *base[CN_PF_COUNT])
{
    for (int i = 0; i < CN_PF_COUNT; i++) {
        char name[32];
        snprintf(name, sizeof name, "was_%s", cn_participant_fields[i].name);
        base[i] = desk_form(c, name);
    }
}

/* The participant form; values indexed by cn_pfield (NULL: empty); base, the record an edit
 * form is made from (NULL when adding). */
static void participant_form(desk_ctx *c, const char *action, const char *const values[],
                             const char *const base[], const field_errors *fe, bool adding)
{
    cn_html *h = &c->h;
    cn_html_raw(h, "<form class=\"card participant\" method=\"post\" action=\"");
    cn_html_text(h, action);
    cn_html_raw(h, "\">");
    desk_csrf_field(c);
    if (base)
        base_fields(h, base, ~0u);
    bool focused = false; /* the first refusal takes the focus */
    if (fe && fe->general[0]) {
        focused = true;
        cn_html_raw(h, "<p class=\"error\" role=\"alert\" id=\"err-form\" tabindex=\"-1\""
                       " autofocus>");
        cn_html_text(h, fe->general);
        cn_html_raw(h, "</p>");
    }
    const char *lost = desk_form(c, "lost");
    if (!lost)
        lost = desk_query(c, "lost");
    if (adding && lost && strcmp(lost, "1") == 0 && values[CN_PF_REPLACES] &&
        *values[CN_PF_REPLACES]) {
        cn_html_raw(h, "<input type=\"hidden\" name=\"lost\" value=\"1\"><p class=\"note\""
                       " id=\"lost-note\">Adding this replacement marks ");
        cn_html_text(h, values[CN_PF_REPLACES]);
        cn_html_raw(h, " lost (no entry for too long).</p>");
    }
    cn_html_raw(h, "<div class=\"grid\">");
    for (int i = 0; i < CN_PF_COUNT; i++) {
        if (adding && i == CN_PF_STATUS)
            continue;
        bool bad = fe && fe->msg[i][0];
        input_field(h, i, values[i], fe ? fe->msg[i] : NULL, !adding && i == CN_PF_CODE,
                    bad && !focused);
        focused = focused || bad;
    }
    cn_html_raw(h, "</div>");
    const char *alike = desk_form(c, "alike");
    bool alike_checked = alike && strcmp(alike, "1") == 0;
    if (adding && ((fe && fe->offer_alike) || alike_checked)) /* participant add --allow-alike */
        cn_html_rawf(h,
                     "<div class=\"field\"><label><input type=\"checkbox\" name=\"alike\""
                     " value=\"1\"%s> This is another person than the participant recoded"
                     " with --forget who has the same sex, birth year, dates and site: add"
                     " them</label></div>",
                     alike_checked ? " checked" : "");
    cn_html_rawf(h, "<p class=\"buttons\"><button type=\"submit\">%s</button>",
                 adding ? "Add participant" : "Save changes");
    if (!adding && values[CN_PF_CODE]) {
        cn_html_raw(h, " <a href=\"/p/");
        cn_html_text(h, values[CN_PF_CODE]);
        cn_html_raw(h, "\">Back to the diary</a>");
    }
    cn_html_raw(h, "</p></form>");
}

/* The library's message with the fields named by the form's labels ("care_start 2025-03-02 is
 * after consent_date ..." reads "Care start 2025-03-02 is after Consent ..."). A name that is
 * also an English word ("code", "language", "site") is a field's only as the message's
 * "name:" head: "'xx' is not an ISO 639-1 code" keeps its word. */
static void name_by_labels(const char *msg, char *out, size_t size)
{
    size_t k = 0;
    for (const char *s = msg; *s && k + 1 < size;) {
        bool word_start = s == msg || !(s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z'));
        int hit = -1;
        for (int i = 0; word_start && hit < 0 && i < CN_PF_COUNT; i++) {
            const char *name = cn_participant_fields[i].name;
            size_t n = strlen(name);
            bool word = !strchr(name, '_');
            if (strncmp(s, name, n) == 0 && !(s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z')) &&
                (!word || (s == msg && s[n] == ':')))
                hit = i;
        }
        if (hit >= 0) {
            k += (size_t)snprintf(out + k, size - k, "%s", field_labels[hit]);
            if (k >= size)
                k = size - 1;
            s += strlen(cn_participant_fields[hit].name);
        } else {
            out[k++] = *s++;
        }
    }
    out[k] = '\0';
}

/* A refusal next to its field; the first one of a field is kept. */
static void field_error(int field, const char *message, void *ctx)
{
    field_errors *fe = ctx;
    if (field >= 0 && field < CN_PF_COUNT && !fe->msg[field][0])
        name_by_labels(message, fe->msg[field], sizeof fe->msg[field]);
    fe->any = true;
}

/* A refusal of the store, which the form could not foresee (rules that need the rest of
 * the study: "replaces: P07 is still active ..."): next to the field it is about
 * (cn_error.field), else above the form. */
static void store_error(const cn_error *err, field_errors *fe)
{
    for (int i = 0; err->field && i < CN_PF_COUNT; i++)
        if (strcmp(err->field, cn_participant_fields[i].name) == 0) {
            field_error(i, err->msg, fe);
            return;
        }
    snprintf(fe->general, sizeof fe->general, "%s", err->msg);
    fe->any = true;
}

/* The record the form would store, checked against every rule of the library at once. */
static void check_record(const char *const values[], bool adding, const cn_participant *stored,
                         cn_date today, field_errors *fe)
{
    cn_participant p = {0};
    cn_error err = {0};
    if (stored)
        p = *stored;
    if (cn_field_read_participant(values, adding, &p, &err) < 0) {
        name_by_labels(err.msg, fe->general, sizeof fe->general);
        fe->any = true;
        return;
    }
    cn_participant_validate_all(&p, stored, today, field_error, fe);
}

/* Checks each given field on its own with the library's reader, so that an error is shown
 * next to its field with the CLI's message; required fields of a new record must be there. */
static void check_fields(const char *const values[], bool adding, field_errors *fe)
{
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const cn_field *f = &cn_participant_fields[i];
        const char *one[CN_PF_COUNT] = {0};
        cn_participant scratch = {0};
        cn_error err = {0};
        if (adding && f->required && (!values[i] || !*values[i])) {
            snprintf(err.msg, sizeof err.msg, "%s: missing", f->name);
            field_error(i, err.msg, fe);
            continue;
        }
        if (!values[i] || !*values[i])
            continue;
        one[i] = values[i];
        if (cn_field_read_participant(one, false, &scratch, &err) < 0 ||
            (i == CN_PF_CODE && cn_participant_check_code(values[i], &err) < 0))
            field_error(i, err.msg, fe);
    }
}

#define PARTICIPANTS_SHOWN 200

/* Whether code holds q, in any case ("p01" finds P01, P010...); "" holds every code. */
static bool code_matches(const char *code, const char *q)
{
    size_t n = strlen(q), len = strlen(code);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (strncasecmp(code + i, q, n) == 0)
            return true;
    return false;
}

/* The search by code, with what it found. */
static void search_form(desk_ctx *c, const char *q, size_t matched, size_t n)
{
    cn_html *h = &c->h;
    cn_html_raw(h, "<form class=\"search\" method=\"get\" action=\"/participants\" role=\"search\">"
                   "<label for=\"q\">Find a participant by code</label> <input id=\"q\""
                   " name=\"q\" size=\"12\" value=\"");
    cn_html_text(h, q);
    cn_html_raw(h, "\"> <button type=\"submit\">Find</button>");
    if (*q) {
        cn_html_rawf(h, " <span role=\"status\" id=\"found\">%zu of %zu match ", matched, n);
        cn_html_text(h, q);
        cn_html_raw(h, "</span> <a href=\"/participants\">all participants</a>");
    }
    cn_html_raw(h, "</form>");
}

static int participant_list_page(desk_ctx *c, const char *const values[], const field_errors *fe,
                                 int status)
{
    cn_error err = {0};
    cn_stats_record *recs = NULL;
    size_t n = 0;
    if (cn_stats_load(c->desk->store, &recs, &n, &err) < 0)
        return desk_fail_page(c, &err);
    desk_page_begin(c, fe ? "Participant not added" : "Participants");
    cn_html *h = &c->h;
    cn_html_rawf(h,
                 "<p class=\"lead\">%zu participants. <a class=\"button\" href=\"#add\">Add"
                 " a participant</a></p>",
                 n);
    /* found by code, PARTICIPANTS_SHOWN a page: 315 rows to scroll through, and a screen
     * reader's table of them, had no search (trials 68, 69) */
    const char *q = desk_query(c, "q");
    q = q ? q : "";
    size_t matched = 0;
    for (size_t i = 0; i < n; i++)
        if (code_matches(recs[i].p.code, q))
            recs[matched++] = recs[i];
    size_t page = desk_page_asked(c, matched, PARTICIPANTS_SHOWN, 1);
    search_form(c, q, matched, n);
    char kept[3 * 64 + 8] = "";
    if (*q) { /* as a URL writes it: a search may hold any character */
        size_t at = (size_t)snprintf(kept, sizeof kept, "q=");
        for (const char *ch = q; *ch && at + 4 < sizeof kept; ch++)
            at +=
                (size_t)(strchr("-_.~", *ch) || isalnum((unsigned char)*ch)
                             ? snprintf(kept + at, sizeof kept - at, "%c", *ch)
                             : snprintf(kept + at, sizeof kept - at, "%%%02X", (unsigned char)*ch));
        snprintf(kept + at, sizeof kept - at, "&");
    }
    desk_pages_nav(c, "Participants", matched, PARTICIPANTS_SHOWN, page, kept);
    cn_html_raw(h, "<section class=\"card\"><div class=\"scroll\"><table class=\"list\""
                   " id=\"participants\"><thead><tr><th>Code</th><th>Status</th>"
                   "<th>Care</th><th>Age</th><th>Sex</th><th>Site</th><th>Entries</th>"
                   "<th>Last entry</th><th></th></tr></thead><tbody>");
    size_t to = page * PARTICIPANTS_SHOWN < matched ? page * PARTICIPANTS_SHOWN : matched;
    for (size_t i = (page - 1) * PARTICIPANTS_SHOWN; i < to; i++) {
        const cn_participant *p = &recs[i].p;
        char care[16], age[16], last[CN_DATE_TEXT] = "-";
        cn_cohort_modality(p, CN_BY_CARE, care, sizeof care);
        cn_cohort_modality(p, CN_BY_AGE, age, sizeof age);
        if (recs[i].span.count)
            cn_date_format(recs[i].span.last, last);
        /* the code heads its row: a screen reader names the row by it (trial 68) */
        cn_html_raw(h, "<tr><th scope=\"row\"><a href=\"/p/");
        cn_html_text(h, p->code);
        cn_html_raw(h, "\">");
        cn_html_text(h, p->code);
        cn_html_rawf(h, "</a></th><td class=\"status %s\">%s</td><td>", cn_status_name(p->status),
                     desk_status_words(cn_status_name(p->status)));
        cn_html_text(h, care);
        cn_html_raw(h, "</td><td>");
        cn_html_text(h, age);
        cn_html_rawf(h, "</td><td>%c</td><td>", p->gender);
        cn_html_text(h, p->site);
        cn_html_rawf(h, "</td><td>%lld</td><td>%s</td><td><a href=\"/p/",
                     (long long)recs[i].span.count, last);
        cn_html_text(h, p->code);
        /* named with its participant for a screen reader's list of links, where 25 links
         * called "type entries" were one (trial 68) */
        cn_html_raw(h, "/new\">type entries<span class=\"sr-only\"> for ");
        cn_html_text(h, p->code);
        cn_html_raw(h, "</span></a></td></tr>");
    }
    free(recs);
    cn_html_raw(h, "</tbody></table></div></section><h2 id=\"add\">Add a participant</h2>");
    participant_form(c, "/participants", values, NULL, fe, true);
    desk_page_end(c);
    return desk_send_page(c, status);
}

int desk_participants(desk_ctx *c)
{
    const char *values[CN_PF_COUNT] = {0};
    values[CN_PF_REPLACES] = desk_query(c, "replaces"); /* "add a replacement" */
    return participant_list_page(c, values, NULL, 200);
}

static void read_form(desk_ctx *c, const char *values[CN_PF_COUNT])
{
    for (int i = 0; i < CN_PF_COUNT; i++)
        values[i] = desk_form(c, cn_participant_fields[i].name);
}

/* Adds the participant; a replacement of a candidate (mark_lost) also marks the one it
 * replaces lost, when it is still active, through the library's rules, in one transaction:
 * first, as only a participant who left can be replaced. */
static int add_participant(desk_ctx *c, const char *const values[], bool mark_lost, bool alike_ok,
                           cn_participant *p, cn_error *err)
{
    cn_store *store = c->desk->store;
    if (cn_field_read_participant(values, true, p, err) < 0)
        return -1;
    if (!mark_lost || !p->replaces[0])
        return cn_participant_add_alike(store, p, c->today, alike_ok, err);
    if (cn_store_begin(store, err) < 0)
        return -1;
    cn_participant old;
    int found = cn_participant_get(store, p->replaces, &old, err), rc = found < 0 ? -1 : 0;
    if (found == 1 && old.status == CN_STATUS_ACTIVE) {
        const char *status[CN_PF_COUNT] = {[CN_PF_STATUS] = "lost"};
        rc = cn_participant_set_text(store, p->replaces, status, c->today, &old, err);
    }
    if (rc == 0) /* an unknown code is refused here, with the library's message */
        rc = cn_participant_add_alike(store, p, c->today, alike_ok, err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    return rc < 0 ? -1 : 0;
}

/* Whether the box (--allow-alike) gets past refusal err, a duplicate: the same add tried
 * with it, and undone, passes or is refused otherwise. Other refusals of a duplicate (the
 * code there, in another case, or another's before a recode) come first in the library and
 * come back the same, where the box would not help (trial 102). */
static bool box_would_help(desk_ctx *c, const char *const values[], bool mark_lost,
                           const cn_error *err)
{
    cn_store *store = c->desk->store;
    cn_error again = {0};
    cn_participant p;
    if (cn_store_begin(store, &again) < 0)
        return false;
    int rc = add_participant(c, values, mark_lost, true, &p, &again);
    cn_store_rollback(store);
    bool same_field = (!again.field && !err->field) ||
                      (again.field && err->field && strcmp(again.field, err->field) == 0);
    return rc == 0 || again.code != err->code || !same_field;
}

int desk_participant_add(desk_ctx *c)
{
    const char *values[CN_PF_COUNT];
    read_form(c, values);
    values[CN_PF_STATUS] = NULL; /* a new participant is active, or handed back by its date */
    field_errors *fe = calloc(1, sizeof *fe);
    if (!fe)
        return CN_ENOMEM;
    check_fields(values, true, fe);
    if (!fe->any)
        check_record(values, true, NULL, c->today, fe);
    cn_participant p;
    cn_error err = {0};
    const char *lost = desk_form(c, "lost"), *alike = desk_form(c, "alike");
    if (!fe->any && add_participant(c, values, lost && strcmp(lost, "1") == 0,
                                    alike && strcmp(alike, "1") == 0, &p, &err) < 0) {
        store_error(&err, fe);
        fe->offer_alike = err.code == CN_EDUPLICATE && !(alike && strcmp(alike, "1") == 0) &&
                          box_would_help(c, values, lost && strcmp(lost, "1") == 0, &err);
    }
    int rc;
    if (fe->any) {
        rc = participant_list_page(c, values, fe, 422);
    } else {
        char to[80];
        snprintf(to, sizeof to, "/p/%s?done=added", p.code);
        rc = desk_redirect(c, to);
    }
    free(fe);
    return rc;
}

int desk_unknown_participant(desk_ctx *c, const char *code)
{
    cn_error why = {0}; /* p14 for P14: said, as the command line says it */
    cn_participant_unknown(c->desk->store, code, "", &why);
    return desk_refuse(c, 404, "Not found", why.msg);
}

/* The values a form shows for a record written as text (NULL: not known): a status that
 * follows from the hand-back date is shown as following it, so that clearing the date alone
 * undoes the hand-back (trial 33), as on the command line. */
static void shown_values(const char *const text[], const char *shown[CN_PF_COUNT])
{
    for (int i = 0; i < CN_PF_COUNT; i++)
        shown[i] = text[i];
    const char *status = text[CN_PF_STATUS], *back = text[CN_PF_HANDED_BACK];
    if (status && strcmp(status, "handed_back") == 0 && back && *back)
        shown[CN_PF_STATUS] = "";
}

/* A value in the conflict's table: a status in words, an empty value said as such. */
static void value_cell(cn_html *h, int field, const char *value, bool typed)
{
    cn_html_raw(h, "<td>");
    if (!value)
        cn_html_raw(h, "<em>not known</em>");
    else if (!*value)
        cn_html_raw(h, field == CN_PF_STATUS && typed ? "<em>from the hand-back date</em>"
                                                      : "<em>empty</em>");
    else
        cn_html_text(h, field == CN_PF_STATUS ? desk_status_words(value) : value);
    cn_html_raw(h, "</td>");
}

/* "Status, Handed back" for the fields given as bits. */
static void field_names(cn_html *h, unsigned fields)
{
    bool first = true;
    for (int i = 0; i < CN_PF_COUNT; i++)
        if (fields & 1u << i) {
            cn_html_rawf(h, "%s%s", first ? "" : ", ", field_labels[i]);
            first = false;
        }
}

/* A save refused because the record changed since its form was made (or the form does not
 * say what it was made from: a page of an older desk): what changed meanwhile beside what
 * the assistant typed, and the form again, made from the record as stored now with the
 * assistant's changes on it, so that nothing typed is lost and a save is made knowingly. */
static int conflict_page(desk_ctx *c, const char *code, const cn_participant *now,
                         const char *const base[], const char *const values[])
{
    record_text stored;
    record_text_of(now, &stored);
    const char *was_shown[CN_PF_COUNT], *now_shown[CN_PF_COUNT], *merged[CN_PF_COUNT];
    shown_values(base, was_shown);
    shown_values(stored.values, now_shown);
    /* changed since the form was made; written by the form without saying what they were */
    const char *none[CN_PF_COUNT] = {0};
    unsigned meanwhile = cn_participant_stale(now, base, none);
    unsigned unknown = cn_participant_stale(now, base, values) & ~meanwhile, mine = 0;
    for (int i = 0; i < CN_PF_COUNT; i++) {
        if (values[i] && (!was_shown[i] || strcmp(values[i], was_shown[i]) != 0))
            mine |= 1u << i;
        merged[i] = mine & 1u << i ? values[i] : now_shown[i];
    }
    char title[96], action[64];
    snprintf(title, sizeof title, "Not saved: %s changed meanwhile", code);
    snprintf(action, sizeof action, "/p/%s/edit", code);
    desk_page_begin(c, title);
    cn_html *h = &c->h;
    cn_html_raw(h, "<div class=\"conflict card\" id=\"conflict\"><p class=\"error\" role=\"alert\""
                   " id=\"err-form\" tabindex=\"-1\" autofocus>");
    cn_html_text(h, code);
    cn_html_raw(h, meanwhile ? " was changed meanwhile: nothing saved (changed since you opened the"
                               " form: <span id=\"meanwhile\">"
                             : " was not saved: your form does not say what it was made from (a"
                               " page of an older desk?), and saving it could undo a change made"
                               " since (<span id=\"meanwhile\">");
    field_names(h, meanwhile ? meanwhile : unknown);
    cn_html_raw(h, "</span>).</p><div class=\"wide\"><table class=\"list\" id=\"changes\"><thead>"
                   "<tr><th>Field</th><th>When you opened the form</th><th>Stored now</th>"
                   "<th>Yours</th></tr></thead><tbody>");
    for (int i = 0; i < CN_PF_COUNT; i++)
        if ((meanwhile | unknown | mine) & 1u << i) {
            cn_html_rawf(h, "<tr id=\"changed-%s\"><th scope=\"row\">%s</th>",
                         cn_participant_fields[i].name, field_labels[i]);
            value_cell(h, i, base[i], false);
            value_cell(h, i, stored.values[i], false);
            value_cell(h, i, values[i], true);
            cn_html_raw(h, "</tr>");
        }
    cn_html_raw(h, "</tbody></table></div><p>The form below holds the values stored now");
    if (mine) {
        cn_html_raw(h, ", with your changes on them (<span id=\"yours\">");
        field_names(h, mine);
        cn_html_raw(h, "</span>)");
    }
    cn_html_raw(h, ": check them, then save.</p></div>");
    participant_form(c, action, merged, stored.values, NULL, false);
    desk_page_end(c);
    return desk_send_page(c, 409);
}

/* Saves the form's values over p, the record as read now, if it is still the one the form
 * was made from (base): else CN_ECONFLICT, nothing written, and p as stored now. The rules'
 * refusals go into fe (-1). */
static int save_participant(desk_ctx *c, const char *code, const char *const base[],
                            const char *const values[], cn_participant *p, field_errors *fe)
{
    if (cn_participant_stale(p, base, values))
        return CN_ECONFLICT;
    check_fields(values, false, fe);
    const char *handback = desk_form(c, "handback");
    if (handback && *handback && (!values[CN_PF_HANDED_BACK] || !*values[CN_PF_HANDED_BACK])) {
        field_error(CN_PF_HANDED_BACK,
                    "handed_back: type the date the notebook was handed back (YYYY-MM-DD)", fe);
    }
    if (!fe->any)
        check_record(values, false, p, c->today, fe);
    if (fe->any)
        return -1;
    cn_error err = {0};
    int rc = cn_participant_set_based(c->desk->store, code, base, values, c->today, p, &err);
    if (rc < 0 && rc != CN_ECONFLICT)
        store_error(&err, fe);
    return rc;
}

/* A save of a form left open while the participant's code was corrected: what was typed,
 * shown back to be typed again under the code now (trial 61: a bare 404, the values lost,
 * where an entry's form shows its text back). */
static int participant_unsaved(desk_ctx *c, const char *code)
{
    cn_html *h = &c->h;
    desk_page_begin(c, "Not saved");
    cn_html_raw(h, "<p class=\"error\" role=\"alert\" id=\"err-form\">Not saved: no participant"
                   " has the code &#39;");
    cn_html_text(h, code);
    cn_html_raw(h, "&#39; now (corrected by participant recode?): find the participant under"
                   " its code now (Participants) and make these changes there.</p>"
                   "<div class=\"wide\"><table class=\"list\" id=\"typed\"><thead><tr>"
                   "<th>Field</th><th>Yours, not stored</th></tr></thead><tbody>");
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const char *value = desk_form(c, cn_participant_fields[i].name);
        if (!value || !*value)
            continue;
        cn_html_rawf(h, "<tr><th scope=\"row\">%s</th>", field_labels[i]);
        value_cell(h, i, value, true);
        cn_html_raw(h, "</tr>");
    }
    cn_html_raw(h, "</tbody></table></div>");
    desk_page_end(c);
    return desk_send_page(c, 404);
}

int desk_participant_edit(desk_ctx *c, const char *code)
{
    cn_participant p;
    cn_error err = {0};
    int found = cn_participant_get(c->desk->store, code, &p, &err);
    if (found < 0)
        return desk_fail_page(c, &err);
    if (found == 0 && strcmp(c->req->method, "POST") == 0)
        return participant_unsaved(c, code);
    if (found == 0)
        return desk_unknown_participant(c, code);
    bool post = strcmp(c->req->method, "POST") == 0;
    const char *values[CN_PF_COUNT], *base[CN_PF_COUNT];
    record_text stored;
    record_text_of(&p, &stored);
    field_errors *fe = calloc(1, sizeof *fe);
    if (!fe)
        return CN_ENOMEM;
    if (post) {
        read_form(c, values);
        values[CN_PF_CODE] = NULL;
        read_base(c, base);
        int rc = save_participant(c, code, base, values, &p, fe);
        if (rc == CN_ECONFLICT) {
            free(fe);
            return conflict_page(c, code, &p, base, values);
        }
        if (rc == 0) {
            free(fe);
            char to[80];
            snprintf(to, sizeof to, "/p/%s?done=saved", code);
            return desk_redirect(c, to);
        }
        for (int i = 0; i < CN_PF_COUNT; i++) /* a partial form (the hand-back): as stored */
            if (!values[i]) {
                values[i] = stored.text[i];
                base[i] = base[i] ? base[i] : stored.text[i];
            }
    } else {
        shown_values(stored.values, values);
        memcpy(base, stored.values, sizeof base);
    }
    char title[96], action[64];
    snprintf(title, sizeof title, "Edit %s", code);
    snprintf(action, sizeof action, "/p/%s/edit", code);
    desk_page_begin(c, title);
    participant_form(c, action, values, base, fe, false);
    desk_page_end(c);
    free(fe);
    return desk_send_page(c, post ? 422 : 200);
}
