/* desk_settings.c — the study's settings on the desk, as `carnet-collect config` shows them,
 * and those that may change while the study runs, double data entry and the language,
 * changed with the library calls the CLI uses (cn_dde_set, cn_store_set_lang: the change
 * and its audit record in one transaction). The form carries the CSRF token, checked for
 * every POST by desk.c. */
#include "desk_internal.h"

#include <stdio.h>
#include <string.h>

#include "carnet/dde.h"
#include "carnet/store.h"

/* error and lang_error: a field's value refused, said under it; failure: the study could
 * not be written (read-only, locked), said at the top, as no field is wrong. */
static void settings_page(desk_ctx *c, const cn_study *study, bool on, const char *note,
                          const char *error, const char *lang, const char *lang_error,
                          const char *failure)
{
    cn_html *h = &c->h;
    desk_page_begin(c, error || lang_error || failure ? "Settings not saved" : "Settings");
    if (failure) {
        cn_html_raw(h, "<p class=\"error\" role=\"alert\" id=\"err-form\">Not saved: ");
        cn_html_text(h, failure);
        cn_html_raw(h, "</p>");
    }
    if (note) {
        cn_html_raw(h, "<p class=\"note\" id=\"note\">");
        cn_html_text(h, note);
        cn_html_raw(h, "</p>");
    }
    cn_html_raw(h, "<section class=\"card\"><dl class=\"facts\"><div><dt>Study</dt><dd>");
    cn_html_text(h, study->name);
    cn_html_rawf(h,
                 "</dd></div><div><dt>Diary</dt><dd>%d months</dd></div><div><dt>Lost after"
                 "</dt><dd>%d days without an entry</dd></div><div><dt>Language</dt><dd>",
                 study->diary_months, study->lost_after_days);
    cn_html_text(h, study->lang);
    cn_html_rawf(h,
                 "</dd></div><div><dt>Double entry</dt><dd id=\"dde-state\">%s</dd></div>"
                 "</dl></section>",
                 on ? "on" : "off");
    cn_html_raw(h,
                "<form class=\"card\" id=\"settings-form\" method=\"post\" action=\"/settings\">");
    desk_csrf_field(c);
    cn_html_rawf(h,
                 "<div class=\"field%s\"><label for=\"double_entry\">Double data entry: each"
                 " notebook typed twice by two people, blind to each other, and reconciled by a"
                 " third; only reconciled entries are final</label><select id=\"double_entry\""
                 " name=\"double_entry\"><option value=\"on\"%s>on</option><option value=\"off\""
                 "%s>off</option></select>",
                 error ? " bad" : "", on ? " selected" : "", on ? "" : " selected");
    desk_error_line(h, "err-double_entry", error);
    cn_html_rawf(h,
                 "</div><div class=\"field%s\"><label for=\"lang\">Language of the diaries of"
                 " participants without one of their own (ISO 639-1: fr, en, pt...)</label>"
                 "<input id=\"lang\" name=\"lang\" value=\"",
                 lang_error ? " bad" : "");
    cn_html_text(h, lang);
    cn_html_raw(h, "\">");
    desk_error_line(h, "err-lang", lang_error);
    cn_html_raw(h, "</div><p class=\"meta\">A change is recorded in the audit trail, as"
                   " <code>carnet-collect config</code> records it.</p>"
                   "<p class=\"buttons\"><button type=\"submit\" id=\"save-settings\">Save"
                   "</button></p></form>");
    desk_page_end(c);
}

/* Where a refused change is said: under its field when its value was refused, at the top
 * when the study could not take it (read-only, locked: trial 50 found it under the field). */
static void place_refusal(const cn_error *e, const char **field, const char **failure,
                          int *failure_code)
{
    if (e->code == CN_EINVALID) {
        *field = e->msg;
    } else {
        *failure = e->msg;
        *failure_code = e->code;
    }
}

int desk_settings(desk_ctx *c)
{
    cn_error err = {0};
    cn_study study;
    bool on = false;
    const char *error = NULL, *lang = NULL, *lang_error = NULL, *failure = NULL;
    int failure_code = 0;
    cn_error lerr = {0};
    if (strcmp(c->req->method, "POST") == 0) {
        const char *value = desk_form(c, "double_entry");
        char code[CN_LANG_MAX];
        lang = desk_form(c, "lang");
        /* both read before either is changed: a refusal changes nothing */
        if (lang && cn_store_study_lang(lang, code, &lerr) < 0)
            lang_error = lerr.msg;
        if (!value || (strcmp(value, "on") != 0 && strcmp(value, "off") != 0))
            error = "double_entry: expected on or off";
        else if (!lang_error && cn_dde_set(c->desk->store, strcmp(value, "on") == 0, &err) < 0)
            place_refusal(&err, &error, &failure, &failure_code);
        else if (!lang_error && lang && cn_store_set_lang(c->desk->store, lang, &lerr) < 0)
            place_refusal(&lerr, &lang_error, &failure, &failure_code);
        if (!error && !lang_error && !failure)
            return desk_redirect(c, "/settings?saved=1");
    }
    cn_error rerr = {0};
    if (cn_store_study(c->desk->store, &study, &rerr) < 0 ||
        cn_dde_enabled(c->desk->store, &on, &rerr) < 0)
        return desk_refuse(c, 500, "Settings unavailable", rerr.msg);
    const char *saved = desk_query(c, "saved");
    bool refused = error || lang_error || failure;
    settings_page(c, &study, on, saved && !refused ? "Settings saved." : NULL, error,
                  lang ? lang : study.lang, lang_error, failure);
    return desk_send_page(c, failure   ? (failure_code == CN_EBUSY ? 503 : 500)
                             : refused ? 422
                                       : 200);
}
