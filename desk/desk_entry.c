/* desk_entry.c — typing diaries: the entry form (date proposed, draft restored, warnings
 * that do not block), saving with the entry library's rules, the drafts posted by desk.js,
 * and editing an entry with a reason and its version (an edit based on a version changed
 * meanwhile is refused with both texts shown: no lost update). */
#include "desk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "carnet/draft.h"
#include "carnet/erase.h"
#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/stats.h"

/* What the warnings need of the participant's entries. */
typedef struct same_scan {
    cn_date date;
    const char *text; /* normalised */
    int64_t same_date, same_text;
    cn_date same_text_date;
    cn_date last;
    int64_t count;
} same_scan;

static int scan_entry(const cn_entry *e, void *ctx)
{
    same_scan *s = ctx;
    if (s->count == 0 || e->date > s->last)
        s->last = e->date;
    s->count++;
    if (e->date == s->date && !s->same_date)
        s->same_date = e->id;
    if (s->text && !s->same_text && cn_entry_same_stored(e->text, s->text)) {
        s->same_text = e->id;
        s->same_text_date = e->date;
    }
    return 0;
}

/* The form's state between GET and a refused or warned POST. */
typedef struct entry_form {
    const char *date, *text;
    char warnings[4][256];
    int nwarnings;
    const char *error;      /* the library's refusal */
    const char *date_error; /* the date did not parse */
    const char *text_error; /* the library refused the text ("text: ...") */
    const char *note;       /* "entry 12 saved", "draft restored" */
    bool note_recent;       /* a draft kept moments ago: desk.js makes it an alert, unless
                               this very tab kept it (a reload) */
} entry_form;

/* A draft kept this recently may still be being typed, in another tab or window: the form
 * that restores it says so at once (trial 48: a second tab opened on a participant took up
 * the first tab's unfinished text, the cursor after it, and a screen reader's user could
 * save it as the beginning of another page). */
#define RECENT_DRAFT_SECONDS 120

/* Seconds since a draft's "updated" (SQLite's UTC "YYYY-MM-DDTHH:MM:SS"), or -1. */
static long draft_age(const char *updated)
{
    int y, mo, d, h, mi, sec;
    if (sscanf(updated, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
        return -1;
    long long then = (long long)cn_date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    long long now = (long long)time(NULL); /* POSIX: seconds since 1970-01-01 UTC, as cn_date */
    return now < then ? -1 : (long)(now - then);
}

/* The span where desk.js writes its hint beside a date field holding date_hint_data. */
#define DATE_HINT "<span id=\"date-hint\" class=\"meta\" aria-live=\"polite\"></span>"

/* The diary period, as attributes of a date field, for desk.js's hint beside the date as
 * it is typed (the server's checks on saving stay the rule): consent, the period's last
 * day, today and the hand-back. confirms: a date after the period is saved once
 * confirmed (a new entry), else saved as it is (a correction). */
static void date_hint_data(desk_ctx *c, const cn_participant *p, int diary_months, bool confirms)
{
    char consent[CN_DATE_TEXT], end[CN_DATE_TEXT], today[CN_DATE_TEXT], back[CN_DATE_TEXT] = "";
    cn_date_format(p->consent, consent);
    cn_date_format(cn_stats_diary_end(p, diary_months), end);
    cn_date_format(c->today, today);
    if (p->has_handed_back) /* entries after it are refused */
        cn_date_format(p->handed_back, back);
    cn_html_rawf(&c->h,
                 " data-consent=\"%s\" data-end=\"%s\" data-today=\"%s\" data-handback=\"%s\""
                 " data-confirms=\"%d\"",
                 consent, end, today, back, confirms);
}

/* The study's diary period in months, or 0 when it cannot be read (no period). */
static int study_diary_months(desk_ctx *c)
{
    cn_study study;
    cn_error ignored = {0};
    return cn_store_study(c->desk->store, &study, &ignored) == 0 ? study.diary_months : 0;
}

static void render_form(desk_ctx *c, const cn_participant *p, const same_scan *scan,
                        const entry_form *f)
{
    char lang[DESK_LANG_ATTR];
    bool dde = desk_dde_on(c);
    cn_html *h = &c->h;
    int diary_months = study_diary_months(c);
    char title[96]; /* the longest prefix and a 32-character code */
    /* a refusal in the title too: the first thing a screen reader says of the page; a
     * warning as well, or the question sounds like a save (trial 68) */
    bool refused = f->error || f->date_error || f->text_error;
    snprintf(title, sizeof title, "%s entries of %s",
             refused        ? "Not saved: type"
             : f->nwarnings ? "Check before saving: type"
                            : "Type",
             p->code);
    desk_page_begin(c, title);
    char last[CN_DATE_TEXT] = "none yet";
    if (scan->count)
        cn_date_format(scan->last, last);
    cn_html_rawf(h,
                 "<p class=\"lead\"><span id=\"count\">%lld</span> %s so far; last on"
                 " <span id=\"last\">%s</span>. <a href=\"/p/",
                 (long long)scan->count, desk_plural(scan->count, "entry", "entries"), last);
    cn_html_text(h, p->code);
    cn_html_raw(h, "\">Back to the diary</a></p>");
    if (f->note) {
        cn_html_rawf(h, "<p class=\"note\" id=\"note\" role=\"status\"%s>",
                     f->note_recent ? " data-recent=\"1\"" : "");
        cn_html_text(h, f->note);
        cn_html_raw(h, "</p>");
    }
    cn_html_raw(h, "<form class=\"card entry-form\" id=\"entry-form\" method=\"post\""
                   " autocomplete=\"off\" action=\"/p/");
    cn_html_text(h, p->code);
    cn_html_raw(h, "/new\" data-draft=\"/p/");
    cn_html_text(h, p->code);
    cn_html_rawf(h, "/draft\" data-entries=\"%lld\">", (long long)scan->count);
    desk_csrf_field(c);
    desk_error_line(h, "err-form", f->error);
    if (f->nwarnings) {
        /* an alert: the question is read out at once, as a refusal is (trial 68) */
        cn_html_raw(h, "<div class=\"warning\" id=\"warnings\" role=\"alert\"><ul>");
        for (int i = 0; i < f->nwarnings; i++) {
            cn_html_raw(h, "<li>");
            cn_html_text(h, f->warnings[i]);
            cn_html_raw(h, "</li>");
        }
        cn_html_raw(h, "</ul><p>Save again to keep it anyway.</p></div>"
                       "<input type=\"hidden\" name=\"confirm\" value=\"1\">");
    }
    cn_html_rawf(h, "<div class=\"field%s\"><label for=\"date\">Date</label>",
                 f->date_error ? " bad" : "");
    /* a refused date takes the focus, else the text does (desk.js) */
    cn_html_rawf(h, "<input id=\"date\" name=\"date\" placeholder=\"YYYY-MM-DD\" size=\"12\"%s",
                 f->date_error ? DESK_INVALID("err-date") " autofocus" : "");
    date_hint_data(c, p, diary_months, true);
    cn_html_raw(h, " value=\"");
    cn_html_text(h, f->date);
    cn_html_raw(h, "\"> " DATE_HINT);
    desk_error_line(h, "err-date", f->date_error);
    cn_html_rawf(h,
                 "</div><div class=\"field\"><label for=\"text\">Text, as written in the"
                 " notebook</label><textarea id=\"text\" name=\"text\" rows=\"12\"%s"
                 " spellcheck=\"false\"%s%s>",
                 f->date_error ? "" : " autofocus", desk_text_lang(c, p->code, lang),
                 f->text_error  ? DESK_INVALID("err-text")
                 : f->nwarnings ? " aria-describedby=\"warnings\"" /* read again on it */
                                : "");
    cn_html_text(h, f->text);
    cn_html_raw(h, "</textarea>");
    desk_error_line(h, "err-text", f->text_error);
    cn_html_raw(h, "</div><p class=\"buttons\"><button type=\"submit\" id=\"save\">"
                   "Save and type the next (Ctrl+Enter)</button> <span id=\"draft-state\""
                   " class=\"meta\" role=\"status\">");
    cn_html_raw(h, dde ? "drafts are kept as you type, yours only; the other copy stays hidden"
                       : "drafts are kept as you type");
    cn_html_raw(h, "</span></p></form>");
    desk_page_end(c);
}

static int load(desk_ctx *c, const char *code, cn_participant *p, same_scan *scan, int *found)
{
    cn_error err = {0};
    *found = cn_participant_get(c->desk->store, code, p, &err);
    if (*found == 1 && cn_entry_each(c->desk->store, code, scan_entry, scan, &err) < 0)
        *found = -1;
    if (*found < 0 && strcmp(c->req->method, "POST") == 0)
        return desk_unsaved(c, &err); /* a save: its text shown back, to send again */
    if (*found < 0)
        return desk_refuse(c, 500, "Error", err.msg);
    if (*found == 0 && strcmp(c->req->method, "POST") == 0) {
        /* a form left open while its code was corrected: the text typed since the last
         * draft was lost with a bare 404 (trial 56) */
        cn_error_code(&err, CN_ENOTFOUND,
                      "no participant has the code '%s' now (corrected by participant recode?):"
                      " copy your text, and type it on the participant's page under its code"
                      " now (Participants)",
                      code);
        return desk_unsaved(c, &err);
    }
    return *found == 0 ? desk_unknown_participant(c, code) : 0;
}

/* Whose drafts: under double entry each typist's own (the other's could be the other copy). */
static const char *draft_owner(desk_ctx *c)
{
    return desk_dde_on(c) ? c->desk->typist : "";
}

/* Under double entry, the desk asks who types before the form. */
static bool needs_typist(desk_ctx *c)
{
    return desk_dde_on(c) && !c->desk->typist[0];
}

static int ask_typist(desk_ctx *c, const char *code)
{
    char to[96];
    snprintf(to, sizeof to, "/typist?next=/p/%s/new", code);
    return desk_redirect(c, to);
}

int desk_entry_form(desk_ctx *c, const char *code)
{
    if (needs_typist(c))
        return ask_typist(c, code);
    cn_participant p;
    same_scan scan = {.date = -1};
    int found;
    int rc = load(c, code, &p, &scan, &found);
    if (found != 1)
        return rc;
    /* an erased participant's form would take a page only to refuse it (trial 54) */
    cn_error err = {0};
    int erased = cn_erase_done(c->desk->store, &p, &err);
    if (erased < 0)
        return desk_fail_page(c, &err);
    if (erased) {
        cn_erase_refuse(p.code, &err);
        return desk_refuse(c, 409, "Diaries erased", err.msg);
    }
    /* The day after the last entry (never after today, nor after the day the diary came
     * back: a date the rules would refuse), or the consent for a first one. */
    cn_date proposed = scan.count ? scan.last + 1 : p.consent;
    if (proposed > c->today)
        proposed = c->today;
    if (p.has_handed_back && proposed > p.handed_back)
        proposed = p.handed_back;
    char date[CN_DATE_TEXT], note[256] = "";
    cn_date_format(proposed, date);
    entry_form f = {.date = date, .text = ""};
    const char *saved = desk_query(c, "saved"), *copy = desk_query(c, "copy");
    if (saved && strspn(saved, "0123456789") == strlen(saved) && strlen(saved) < 20) {
        snprintf(note, sizeof note, "Entry %s saved%s. Next entry:", saved,
                 !copy                         ? ""
                 : strcmp(copy, "first") == 0  ? " (first copy: a second typist types it too)"
                 : strcmp(copy, "second") == 0 ? " (second copy, to be reconciled)"
                 : strcmp(copy, "agreed") == 0 ? " (second copy, the same as the first: final)"
                                               : "");
        f.note = note;
    }
    cn_draft draft;
    int has_draft = cn_draft_get_by(c->desk->store, code, draft_owner(c), &draft, &err);
    if (has_draft < 0)
        return desk_refuse(c, 500, "Error", err.msg);
    if (has_draft) {
        if (draft.date[0])
            f.date = draft.date;
        f.text = draft.text;
        long ago = draft_age(draft.updated);
        f.note_recent = ago >= 0 && ago < RECENT_DRAFT_SECONDS;
        if (f.note_recent)
            snprintf(note, sizeof note,
                     "Draft restored, kept %ld s ago: if this form is open in another tab or "
                     "window, this may be its unfinished text; read it before you save.",
                     ago);
        else
            snprintf(note, sizeof note, "Draft restored (last kept %.19s UTC).", draft.updated);
        f.note = note;
    }
    render_form(c, &p, &scan, &f);
    if (has_draft)
        cn_draft_clear(&draft);
    return desk_send_page(c, 200);
}

/* Warnings that do not block: outside the diary period, a text that may identify, a likely
 * duplicate. */
static void warn(desk_ctx *c, const cn_participant *p, const same_scan *scan, cn_date date,
                 entry_form *f)
{
    cn_study study;
    cn_error err = {0};
    char d[CN_DATE_TEXT], other[CN_DATE_TEXT];
    cn_date_format(date, d);
    if (cn_store_study(c->desk->store, &study, &err) == 0) {
        cn_date end = cn_stats_diary_end(p, study.diary_months);
        cn_date_format(end, other);
        if (cn_stats_after_diary(p, study.diary_months, date))
            snprintf(f->warnings[f->nwarnings++], sizeof f->warnings[0],
                     "%s is after the end of %s's diary period (%s).", d, p->code, other);
    }
    char what[CN_IDENTIFYING_SAID_MAX];
    if (cn_identifying_said(scan->text, what, sizeof what)) /* trial 83 */
        snprintf(f->warnings[f->nwarnings++], sizeof f->warnings[0],
                 "The text %s: a diary's text must not identify anyone; pseudonymise it before "
                 "saving.",
                 what);
    if (desk_dde_on(c)) /* blind: nothing said of the other typist's pages */
        return;
    if (scan->same_date)
        snprintf(f->warnings[f->nwarnings++], sizeof f->warnings[0],
                 "%s already has an entry on %s (entry %lld): is this the same page?", p->code, d,
                 (long long)scan->same_date);
    if (scan->same_text) {
        cn_date_format(scan->same_text_date, other);
        snprintf(f->warnings[f->nwarnings++], sizeof f->warnings[0],
                 "The same text is already entry %lld, of %s.", (long long)scan->same_text, other);
    }
}

/* The entry and the removal of its draft in one transaction: one commit (one set of syncs
 * to the disk) per save, and never an entry stored with its draft left to be saved again.
 * With dry, the same steps rolled back: whether the rules would take it, by the rules
 * themselves. Returns as cn_entry_add. */
static int save_entry(desk_ctx *c, const char *code, const char *date, const char *text, bool dry,
                      int64_t *id, const char **copy, cn_error *err)
{
    cn_store *store = c->desk->store;
    if (cn_store_begin(store, err) < 0)
        return -1;
    int rc;
    if (desk_dde_on(c)) {
        cn_dde_stored how = CN_DDE_EXISTING;
        rc = cn_dde_type(store, c->today, "desk", c->desk->typist, code, date, text, strlen(text),
                         id, &how, err);
        *copy = how == CN_DDE_FIRST ? "first" : how == CN_DDE_SECOND ? "second" : "agreed";
        if (rc == 0 && how == CN_DDE_EXISTING)
            rc = 1;
    } else {
        rc = cn_entry_add(store, c->today, "desk", code, date, text, strlen(text), id, err);
    }
    if (rc == 0 && cn_draft_remove_by(store, code, draft_owner(c), err) < 0)
        rc = -1;
    if (rc >= 0 && !dry && cn_store_commit(store, err) < 0)
        rc = -1;
    if (rc < 0 || dry)
        cn_store_rollback(store);
    return rc;
}

/* A refusal of save_entry's under its field, or above the form. */
static void refused(entry_form *f, const char *code, const char *date, int rc, cn_error *err)
{
    if (rc == 1)
        snprintf(err->msg, sizeof err->msg, "%s already has this entry on %s: nothing stored", code,
                 date);
    if (err->field && strcmp(err->field, cn_entry_fields[CN_EF_TEXT]) == 0)
        f->text_error = err->msg; /* under the field it is about */
    else if (err->field && strcmp(err->field, cn_entry_fields[CN_EF_DATE]) == 0)
        f->date_error = err->msg;
    else
        f->error = err->msg;
}

int desk_entry_save(desk_ctx *c, const char *code)
{
    if (needs_typist(c))
        return ask_typist(c, code);
    const char *date = desk_form_trimmed(c, "date"), *text = desk_form(c, "text");
    const char *confirm = desk_form(c, "confirm");
    if (!date)
        date = "";
    if (!text)
        text = "";
    /* the text as it would be stored, to compare with the stored ones; a text the save
     * will refuse is compared as it is */
    char *norm = NULL;
    size_t norm_len;
    cn_error nerr = {0};
    if (cn_entry_normalise(text, strlen(text), &norm, &norm_len, &nerr) < 0 &&
        (nerr.code == CN_ENOMEM || !(norm = strdup(text))))
        return CN_ENOMEM;
    cn_participant p;
    cn_date when = 0;
    cn_error derr = {0}, err = {0};
    bool dated = cn_date_parse(date, &when, &derr) == 0;
    same_scan scan = {.date = dated ? when : -1, .text = norm};
    int found;
    int rc = load(c, code, &p, &scan, &found);
    if (found != 1) {
        free(norm);
        return rc;
    }
    entry_form f = {.date = date, .text = text};
    if (!dated) {
        f.date_error = derr.msg;
    } else {
        if (!(confirm && strcmp(confirm, "1") == 0))
            warn(c, &p, &scan, when, &f);
        int64_t id = 0;
        const char *copy = NULL;
        /* Warned, the entry is first tried and rolled back: what the rules refuse (a date in
         * the future, the very same entry) is said now, not offered to be saved again and
         * refused then (trial 31). */
        if (f.nwarnings > 0 &&
            (rc = save_entry(c, code, date, text, true, &id, &copy, &err)) != 0) {
            f.nwarnings = 0;
            refused(&f, code, date, rc, &err);
        } else if (f.nwarnings == 0) {
            rc = save_entry(c, code, date, text, false, &id, &copy, &err);
            if (rc == 0) {
                free(norm);
                char to[128];
                snprintf(to, sizeof to, "/p/%s/new?saved=%lld%s%s", code, (long long)id,
                         copy ? "&copy=" : "", copy ? copy : "");
                return desk_redirect(c, to);
            }
            refused(&f, code, date, rc, &err);
        }
    }
    free(norm);
    render_form(c, &p, &scan, &f);
    return desk_send_page(c, f.nwarnings && !f.error && !f.date_error && !f.text_error ? 200 : 422);
}

/* True when the participant has `entries` entries, as when the form posting a draft was
 * opened: a draft posted just after its entry was saved (a request still on its way, a
 * second tab) would otherwise come back as a draft of the text already stored. */
static int form_is_current(desk_ctx *c, const char *code, const char *entries, cn_error *err)
{
    cn_participant p;
    cn_entry_span span;
    int found = cn_participant_get(c->desk->store, code, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : 1; /* an unknown code: cn_draft_save says so */
    if (cn_entry_span_of(c->desk->store, p.id, &span, err) < 0)
        return -1;
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)span.count);
    return strcmp(now, entries) == 0;
}

/* Whether two texts are the same as entries store them (trimmed, CR LF and a CR alone as
 * LF): a textarea sends every line break back as CRLF, and an entry stored with a lone CR
 * before that rule would otherwise read as changed by an edit of its date alone (trial 42). */
static bool same_entry_text(const char *a, const char *b)
{
    char *na = NULL, *nb = NULL;
    size_t la, lb;
    cn_error ignored = {0};
    bool same = cn_entry_normalise(a, strlen(a), &na, &la, &ignored) == 0 &&
                cn_entry_normalise(b, strlen(b), &nb, &lb, &ignored) == 0 && la == lb &&
                memcmp(na, nb, la) == 0;
    free(na);
    free(nb);
    return same;
}

/* Whether text, as an entry would store it, is the text of one of code's entries. */
typedef struct stored_text {
    const char *text;
    bool found;
} stored_text;

static int same_text(const cn_entry *e, void *ctx)
{
    stored_text *st = ctx;
    st->found = st->found || same_entry_text(e->text, st->text);
    return 0;
}

static int is_stored(desk_ctx *c, const char *code, const char *text, cn_error *err)
{
    char *norm;
    size_t len;
    cn_error refused = {0};
    if (cn_entry_normalise(text, strlen(text), &norm, &len, &refused) < 0)
        return 1; /* an empty text: nothing to keep */
    free(norm);
    stored_text st = {text, false};
    int rc = cn_entry_each(c->desk->store, code, same_text, &st, err);
    return rc < 0 ? -1 : st.found;
}

int desk_draft_save(desk_ctx *c, const char *code)
{
    const char *date = desk_form_trimmed(c, "date"), *text = desk_form(c, "text");
    const char *entries = desk_form(c, "entries");
    cn_error err = {0};
    if (!text)
        return desk_refuse(c, 400, "Refused", "text: missing");
    int current = entries ? form_is_current(c, code, entries, &err) : 1;
    /* An entry was saved since the form opened: the draft is that entry's text on its way
     * (its form was just saved), or new text typed beside it (a second tab, a colleague's
     * entry): only the first is dropped, or the second would be lost to a reload. */
    int stale = current == 0 ? is_stored(c, code, text, &err) : 0;
    if (current < 0 || stale < 0)
        return desk_refuse(c, 500, "Draft not kept", err.msg);
    if (stale) {
        c->resp->status = 409;
        c->resp->content_type = "text/plain; charset=utf-8";
        return 0;
    }
    if (needs_typist(c))
        return desk_refuse(c, 403, "Draft not kept", "typist: give your name first");
    int rc = cn_draft_save_by(c->desk->store, code, draft_owner(c), date, text, strlen(text), &err);
    if (rc < 0)
        return desk_refuse(c,
                           rc == CN_ENOTFOUND  ? 404
                           : rc == CN_EINVALID ? 400
                                               : 500,
                           "Draft not kept", err.msg);
    c->resp->status = 204;
    c->resp->content_type = "text/plain; charset=utf-8";
    return 0;
}

/* The edit form of entry e: based on e's version, with the date, text and reason given so
 * far; date_was, the date the entry had when the edit began. */
static void edit_form(desk_ctx *c, const cn_entry *e, const char *date, const char *date_was,
                      const char *text, const char *text_was, const char *reason,
                      const char *reason_error)
{
    cn_html *h = &c->h;
    cn_html_rawf(h,
                 "<form class=\"card entry-form\" id=\"edit-form\" method=\"post\""
                 " action=\"/e/%lld\">",
                 (long long)e->id);
    desk_csrf_field(c);
    cn_html_rawf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
                 (long long)e->version);
    cn_html_raw(h, "<div class=\"field\"><label for=\"date\">Date on the page</label><input"
                   " id=\"date\" name=\"date\" placeholder=\"YYYY-MM-DD\"");
    cn_participant p;
    cn_error ignored = {0};
    bool hint = cn_participant_get(c->desk->store, e->code, &p, &ignored) == 1;
    if (hint) /* else no hint: the checks on saving say what is wrong */
        date_hint_data(c, &p, study_diary_months(c), false);
    cn_html_raw(h, " value=\"");
    cn_html_text(h, date);
    /* the date the form was shown with: a date left as it was is no change, even when
     * another edit moved the entry meanwhile (a merge after a conflict must not undo it) */
    cn_html_raw(h, hint ? "\"> " DATE_HINT : "\">");
    cn_html_raw(h, "<input type=\"hidden\" name=\"date_was\" value=\"");
    cn_html_text(h, date_was);
    cn_html_raw(h, "\"></div>");
    /* the text the form was shown with: an edit that left it so moves the date only, and
     * after a conflict must not bring the text back over another's correction */
    cn_html_raw(h, "<input type=\"hidden\" name=\"text_was\" value=\"");
    cn_html_text(h, text_was);
    cn_html_raw(h, "\">");
    char lang[DESK_LANG_ATTR];
    cn_html_rawf(h,
                 "<div class=\"field\"><label for=\"text\">Text</label><textarea id=\"text\""
                 " name=\"text\" rows=\"14\"%s>",
                 desk_text_lang(c, e->code, lang));
    cn_html_text(h, text);
    cn_html_rawf(h,
                 "</textarea></div><div class=\"field%s\"><label for=\"reason\">Reason for"
                 " the change (kept in the audit trail)</label><input id=\"reason\""
                 " name=\"reason\" required value=\"",
                 reason_error ? " bad" : "");
    cn_html_text(h, reason);
    cn_html_raw(h, "\">");
    desk_error_line(h, "err-reason", reason_error);
    cn_html_raw(h, "</div><p class=\"buttons\"><button type=\"submit\" id=\"save\">Save the"
                   " change</button> <a href=\"/p/");
    cn_html_text(h, e->code);
    cn_html_rawf(h, "#e%lld\">Back to the diary</a></p></form>", (long long)e->id);
}

/* An edit of entry e, based on its version base: its text, and its date when it changes
 * (cn_entry_set_date), in one transaction with the reason for each. Returns as
 * cn_entry_edit. */
static int save_edit(desk_ctx *c, const cn_entry *e, int64_t base, const char *date,
                     const char *new_date, const char *text, const char *reason, cn_error *err)
{
    cn_store *store = c->desk->store;
    if (strcmp(new_date, date) == 0)
        return cn_entry_edit(store, e->id, base, text, strlen(text), reason, err);
    if (strspn(reason, " \t\r\n") == strlen(reason)) /* as cn_entry_edit says it */
        return cn_error_code(err, CN_EINVALID, "reason: say why the entry is changed");
    bool retext = !same_entry_text(e->text, text); /* a refused text: cn_entry_edit says why */
    if (cn_store_begin(store, err) < 0)
        return -1;
    int rc = retext ? cn_entry_edit(store, e->id, base, text, strlen(text), reason, err) : 0;
    if (rc == 0)
        rc = cn_entry_set_date(store, c->today, e->id, retext ? base + 1 : base, new_date, reason,
                               err);
    if (rc == 1) /* the same date written another way */
        rc = 0;
    if (rc == 0 && cn_store_commit(store, err) < 0)
        rc = -1;
    if (rc != 0)
        cn_store_rollback(store);
    return rc < 0 ? rc : 0;
}

int desk_entry_edit(desk_ctx *c, long long id)
{
    cn_entry e;
    cn_error err = {0};
    int found = cn_entry_get(c->desk->store, id, &e, &err);
    if (found < 0 && strcmp(c->req->method, "POST") == 0)
        return desk_unsaved(c, &err); /* a correction: its text shown back */
    if (found < 0)
        return desk_refuse(c, 500, "Error", err.msg);
    if (found == 0)
        return desk_refuse(c, 404, "Not found", "There is no such entry.");
    char state[160];
    cn_error on = {0}; /* double entry off: a page left typed once is data, edited as data */
    if (desk_dde_entry_state(c, &e, state, sizeof state) == 2 &&
        cn_dde_require_final(c->desk->store, id, "edited", &on) != 0) {
        cn_entry_clear(&e); /* not final: its text is decided by reconciling, not edited */
        char to[64];
        snprintf(to, sizeof to, "/e/%lld/reconcile", id);
        return desk_redirect(c, to);
    }
    char date[CN_DATE_TEXT], title[96];
    cn_date_format(e.date, date);
    snprintf(title, sizeof title, "Entry %lld of %s, %s", id, e.code, date);
    bool post = strcmp(c->req->method, "POST") == 0;
    const char *text = post ? desk_form(c, "text") : e.text;
    const char *reason = post ? desk_form(c, "reason") : "";
    const char *version = post ? desk_form(c, "version") : NULL;
    const char *new_date = post ? desk_form_trimmed(c, "date") : date;
    int status = 200;
    if (post) {
        char *end = NULL;
        long long base = version ? strtoll(version, &end, 10) : 0;
        if (!text)
            text = "";
        if (!reason)
            reason = "";
        const char *date_was = desk_form(c, "date_was"), *text_was = desk_form(c, "text_was");
        if (!new_date || !*new_date || (date_was && strcmp(new_date, date_was) == 0))
            new_date = date; /* not changed in the form: the date stored now */
        int rc = version && *version && !*end
                     ? save_edit(c, &e, base, date, new_date, text, reason, &err)
                     : cn_error_code(&err, CN_EINVALID, "version: missing");
        if (rc == 0) {
            char to[128];
            /* at its note, in the entry's article: a browser focuses a focusable target of
             * the address's #fragment, and takes the focus off anything else (trial 68) */
            snprintf(to, sizeof to, "/p/%s?done=corrected&entry=%lld#note", e.code, id);
            cn_entry_clear(&e);
            return desk_redirect(c, to);
        }
        /* the title is what a screen reader says first on the page that answers a save */
        snprintf(title, sizeof title, "Not saved: entry %lld of %s, %s", id, e.code, date);
        desk_page_begin(c, title);
        cn_html *h = &c->h;
        if (rc == CN_ECONFLICT) {
            status = 409;
            cn_html_raw(h, "<div class=\"conflict card\" id=\"conflict\"><p class=\"error\">");
            cn_html_text(h, err.msg);
            char lang[DESK_LANG_ATTR];
            desk_text_lang(c, e.code, lang);
            cn_html_rawf(h,
                         "</p><div class=\"versions\"><div><h2>Stored now (version %lld, dated"
                         " %s)</h2><p class=\"text\" id=\"theirs\"%s>",
                         (long long)e.version, date, lang);
            cn_html_text(h, e.text);
            cn_html_raw(h, "</p></div><div><h2>Yours (not stored, dated ");
            cn_html_text(h, new_date);
            cn_html_rawf(h, ")</h2><p class=\"text\" id=\"yours\"%s>", lang);
            cn_html_text(h, text);
            /* a form whose text was left as shown changed the date only: it takes the
             * stored text, lest a second save bring the old one back over the other's */
            bool kept = text_was && same_entry_text(text, text_was);
            cn_html_raw(h, kept ? "</p></div></div><p>Your form changed the date only: it now"
                                  " holds the stored text, with your date; save to move it.</p>"
                                  "</div>"
                                : "</p></div></div><p>Your text is in the form below, now based"
                                  " on the stored version: merge the two, then save.</p></div>");
            edit_form(c, &e, new_date, date, kept ? e.text : text, e.text, reason, NULL);
        } else {
            status = 422;
            bool blank = strspn(reason, " \t\r\n") == strlen(reason);
            desk_error_line(h, "err-form", blank ? NULL : err.msg);
            edit_form(c, &e, new_date, date, text, text_was ? text_was : e.text, reason,
                      blank ? err.msg : NULL);
        }
    } else {
        desk_page_begin(c, title);
        edit_form(c, &e, date, date, text, e.text, reason, NULL);
    }
    desk_page_end(c);
    cn_entry_clear(&e);
    return desk_send_page(c, status);
}
