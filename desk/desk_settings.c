/* desk_settings.c — the study's settings on the desk, as `carnet-collect config` shows them,
 * and the one that may change while the study runs, double data entry, switched with the
 * library call the CLI uses (cn_dde_set: the change and its audit record in one transaction).
 * The form carries the CSRF token, checked for every POST by desk.c. */
#include "desk_internal.h"

#include <stdio.h>
#include <string.h>

#include "carnet/dde.h"
#include "carnet/store.h"

static void settings_page(desk_ctx *c, const cn_study *study, bool on, const char *note,
                          const char *error)
{
    cn_html *h = &c->h;
    desk_page_begin(c, "Settings");
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
    if (error) {
        cn_html_raw(h, "<p class=\"error\" id=\"err-double_entry\">");
        cn_html_text(h, error);
        cn_html_raw(h, "</p>");
    }
    cn_html_raw(h, "</div><p class=\"meta\">The change is recorded in the audit trail, as"
                   " <code>carnet-collect config --double-entry</code> records it.</p>"
                   "<p class=\"buttons\"><button type=\"submit\" id=\"save-settings\">Save"
                   "</button></p></form>");
    desk_page_end(c);
}

int desk_settings(desk_ctx *c)
{
    cn_error err = {0};
    cn_study study;
    bool on = false;
    const char *error = NULL;
    if (strcmp(c->req->method, "POST") == 0) {
        const char *value = desk_form(c, "double_entry");
        if (value && (strcmp(value, "on") == 0 || strcmp(value, "off") == 0)) {
            if (cn_dde_set(c->desk->store, strcmp(value, "on") == 0, &err) == 0)
                return desk_redirect(c, "/settings?saved=1");
            error = err.msg;
        } else {
            error = "double_entry: expected on or off";
        }
    }
    cn_error rerr = {0};
    if (cn_store_study(c->desk->store, &study, &rerr) < 0 ||
        cn_dde_enabled(c->desk->store, &on, &rerr) < 0)
        return desk_refuse(c, 500, "Settings unavailable", rerr.msg);
    const char *saved = desk_query(c, "saved");
    settings_page(c, &study, on, saved && !error ? "Settings saved." : NULL, error);
    return desk_send_page(c, error ? 422 : 200);
}
