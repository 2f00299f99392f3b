/* desk_dde.c — double data entry on the desk (dde.h): the typist's name, given once per desk
 * session and recorded with each copy; the dashboard's list of entries not final; and the
 * reconciliation page, where a third person sees the two copies' differences word by word
 * and keeps one copy or their own merge. A typist never sees the other copy: the diary hides
 * the text of an entry not final, and the reconciliation page is refused to its typists. */
#include "desk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/entry.h"

bool desk_dde_on(desk_ctx *c)
{
    bool on = false;
    cn_error ignored = {0};
    return cn_dde_enabled(c->desk->store, &on, &ignored) == 0 && on;
}

void desk_dde_nav(desk_ctx *c)
{
    if (!c->in_session || !desk_dde_on(c))
        return;
    cn_html *h = &c->h;
    cn_html_raw(h, "<a class=\"typist\" id=\"typist\" href=\"/typist\">");
    if (c->desk->typist[0]) {
        cn_html_raw(h, "Typist: ");
        cn_html_text(h, c->desk->typist);
    } else {
        cn_html_raw(h, "Who is typing?");
    }
    cn_html_raw(h, "</a>");
}

/* Where to go after the name is given: a desk path the program built, else the dashboard. */
static const char *next_path(const char *next)
{
    return next && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
                   strspn(next,
                          "/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                       strlen(next)
               ? next
               : "/";
}

int desk_typist(desk_ctx *c)
{
    bool post = strcmp(c->req->method, "POST") == 0;
    const char *next = next_path(post ? desk_form(c, "next") : desk_query(c, "next"));
    const char *name = post ? desk_form(c, "typist") : c->desk->typist;
    cn_error err = {0};
    if (post && cn_dde_check_typist(name, &err) == 0) {
        snprintf(c->desk->typist, sizeof c->desk->typist, "%s", name);
        return desk_redirect(c, next);
    }
    desk_page_begin(c, "Who is typing?");
    cn_html *h = &c->h;
    /* the page opened by its address in a study without double entry said it required it
     * (trial 68) */
    if (desk_dde_on(c))
        cn_html_raw(h, "<p class=\"lead\">This study requires double data entry: each notebook"
                       " page is typed by two people, blind to each other, and a third reconciles"
                       " the two copies. Your name or initials go with every copy you type and"
                       " every reconciliation, in the audit trail.</p>");
    else
        cn_html_raw(h, "<p class=\"lead\" id=\"no-dde\">Double data entry is off in this study:"
                       " entries are typed once, and no typist's name is needed to type them."
                       "</p>");
    cn_html_raw(h, "<form class=\"card\" method=\"post\" action=\"/typist\">");
    desk_csrf_field(c);
    cn_html_raw(h, "<input type=\"hidden\" name=\"next\" value=\"");
    cn_html_text(h, next);
    cn_html_rawf(h,
                 "\"><div class=\"field%s\"><label for=\"typist-name\">Your name or initials"
                 "</label><input id=\"typist-name\" name=\"typist\" autofocus value=\"",
                 post ? " bad" : "");
    cn_html_text(h, name ? name : "");
    cn_html_raw(h, "\">");
    desk_error_line(h, "err-typist", post ? err.msg : NULL);
    cn_html_raw(h, "</div><p class=\"buttons\"><button type=\"submit\" id=\"save\">Go on"
                   "</button></p></form>");
    desk_page_end(c);
    return desk_send_page(c, post ? 422 : 200);
}

/* ---- the dashboard's list ---- */

typedef struct pending_list {
    cn_html *h;
    size_t n, waiting, to_reconcile;
} pending_list;

static int pending_item(int64_t id, const char *code, const char *date, bool second, void *ctx)
{
    pending_list *l = ctx;
    cn_html *h = l->h;
    l->n++;
    if (second)
        l->to_reconcile++;
    else
        l->waiting++;
    if (l->n > 200) /* the counts go on; the list stops at a screenful */
        return 0;
    cn_html_raw(h, "<li><a href=\"/p/");
    cn_html_text(h, code);
    cn_html_raw(h, "\">");
    cn_html_text(h, code);
    cn_html_raw(h, "</a> ");
    cn_html_text(h, date);
    if (second) { /* named with its entry for a list of links (trial 68: all "reconcile") */
        cn_html_rawf(h,
                     ": both copies in, <a href=\"/e/%lld/reconcile\">reconcile<span"
                     " class=\"sr-only\"> ",
                     (long long)id);
        cn_html_text(h, code);
        cn_html_raw(h, " ");
        cn_html_text(h, date);
        cn_html_raw(h, "</span></a>");
    } else
        cn_html_raw(h, ": typed once, waiting for the second copy");
    cn_html_raw(h, "</li>");
    return 0;
}

void desk_dde_dashboard(desk_ctx *c)
{
    if (!desk_dde_on(c))
        return;
    cn_html *h = &c->h;
    cn_html list = {0};
    pending_list l = {.h = &list};
    cn_error err = {0};
    cn_html_raw(h, "<section class=\"card\" id=\"dde\"><h2>Double data entry</h2>");
    if (cn_dde_each_pending(c->desk->store, pending_item, &l, &err) < 0) {
        cn_html_raw(h, "<p class=\"error\">");
        cn_html_text(h, err.msg);
        cn_html_raw(h, "</p>");
    } else if (l.n == 0) {
        cn_html_raw(h, "<p>Every entry is final: typed twice and reconciled.</p>");
    } else {
        cn_html_rawf(h,
                     "<p><span id=\"n-pending\">%zu</span> %s not final (left out of the"
                     " table above): %zu waiting for their second copy, %zu to reconcile.</p>"
                     "<ul class=\"alerts\">",
                     l.n, desk_plural((long long)l.n, "entry", "entries"), l.waiting,
                     l.to_reconcile);
        cn_html_rawn(h, list.data, list.len);
        cn_html_raw(h, "</ul>");
    }
    if (list.failed)
        h->failed = true;
    cn_html_free(&list);
    cn_html_raw(h, "</section>");
}

/* ---- reconciling ---- */

/* One copy with what the other lacks marked: the deletions of the diff in the first copy (a),
 * its additions in the second (b). */
static void copy_html(cn_html *h, const char *text, const cn_diff_op *ops, size_t n, bool second)
{
    cn_diff_kind mark = second ? CN_DIFF_ADD : CN_DIFF_DEL;
    for (size_t i = 0; i < n; i++) {
        size_t start = second ? ops[i].b_start : ops[i].a_start;
        size_t len = second ? ops[i].b_len : ops[i].a_len;
        if (len == 0)
            continue;
        if (ops[i].kind == mark) /* del and ins are not read out by screen readers */
            cn_html_raw(h, second ? "<span class=\"sr-only\">[only in this copy:] </span><ins>"
                                  : "<span class=\"sr-only\">[only in this copy:] </span><del>");
        cn_html_textn(h, text + start, len);
        if (ops[i].kind == mark)
            cn_html_raw(h, second ? "</ins>" : "</del>");
    }
}

/* The words of the copy (second or not) that a difference's ops [from, to) hold, quoted,
 * or "nothing". */
static void difference_side(cn_html *h, const char *text, const cn_diff_op *ops, size_t from,
                            size_t to, bool second)
{
    bool any = false;
    for (size_t i = from; i < to; i++) {
        size_t len = second ? ops[i].b_len : ops[i].a_len;
        if (len == 0)
            continue;
        cn_html_raw(h, any ? "" : "“");
        cn_html_textn(h, text + (second ? ops[i].b_start : ops[i].a_start), len);
        any = true;
    }
    cn_html_raw(h, any ? "”" : "nothing");
}

/* Each difference as words, the first copy's then the second's: the marks in the copies
 * are colours and strokes, which a screen reader does not say and a colour-blind reader may
 * not tell apart (trial 48). */
static void differences_list(cn_html *h, const cn_dde_pair *p, const cn_diff_op *ops, size_t n)
{
    cn_html_raw(h, "<ol class=\"differences\" id=\"differences\">");
    for (size_t i = 0; i < n;) {
        if (ops[i].kind == CN_DIFF_SAME) {
            i++;
            continue;
        }
        size_t end = i;
        while (end < n && ops[end].kind != CN_DIFF_SAME)
            end++;
        cn_html_raw(h, "<li>first copy: ");
        difference_side(h, p->first, ops, i, end, false);
        cn_html_raw(h, "; second copy: ");
        difference_side(h, p->second, ops, i, end, true);
        cn_html_raw(h, "</li>");
        i = end;
    }
    cn_html_raw(h, "</ol>");
}

static void reconcile_page(desk_ctx *c, const cn_entry *e, const cn_dde_pair *p, const char *text,
                           const char *error)
{
    cn_html *h = &c->h;
    cn_diff_op *ops = NULL;
    size_t n = 0, changes = 0;
    cn_error err = {0};
    if (cn_dde_diff(p->first, p->second, &ops, &n, &err) < 0) {
        h->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) /* a word replaced is one difference, not two */
        changes += ops[i].kind != CN_DIFF_SAME && (i == 0 || ops[i - 1].kind == CN_DIFF_SAME);
    if (changes == 0) /* the words agree: the copies differ in their blanks only */
        cn_html_raw(h, "<p class=\"lead\">The two copies have the same words: they differ only"
                       " in their spaces, tabs or line breaks. Check the notebook, then keep"
                       " the copy laid out as it is written.</p><ol class=\"differences\""
                       " id=\"differences\"><li>the same words, laid out differently"
                       " (spaces, tabs or line breaks)</li></ol>");
    else {
        cn_html_rawf(h,
                     "<p class=\"lead\">%zu difference%s between the two copies, marked in"
                     " each. Check the notebook, then keep one copy or write the right text.</p>",
                     changes, changes == 1 ? "" : "s");
        differences_list(h, p, ops, n);
    }
    cn_html_raw(h, "<div class=\"versions diff\"><div><h2>First copy, by ");
    cn_html_text(h, p->first_typist);
    char lang[DESK_LANG_ATTR];
    desk_text_lang(c, e->code, lang);
    cn_html_rawf(h, "</h2><p class=\"text\" id=\"first\"%s>", lang);
    copy_html(h, p->first, ops, n, false);
    cn_html_raw(h, "</p></div><div><h2>Second copy, by ");
    cn_html_text(h, p->second_typist);
    cn_html_rawf(h, "</h2><p class=\"text\" id=\"second\"%s>", lang);
    copy_html(h, p->second, ops, n, true);
    cn_html_raw(h, "</p></div></div>");
    free(ops);
    cn_html_rawf(h,
                 "<form class=\"card entry-form\" id=\"reconcile-form\" method=\"post\""
                 " data-submit=\"keep-text\" action=\"/e/%lld/reconcile\">",
                 (long long)e->id);
    desk_csrf_field(c);
    cn_html_rawf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
                 (long long)e->version);
    desk_error_line(h, "err-form", error);
    cn_html_raw(h, "<p class=\"buttons\"><button type=\"submit\" name=\"choice\" value=\"first\""
                   " id=\"keep-first\">Keep the first copy</button> <button type=\"submit\""
                   " name=\"choice\" value=\"second\" id=\"keep-second\">Keep the second copy"
                   "</button></p><div class=\"field\"><label for=\"text\">Or the right text,"
                   " as written in the notebook</label><textarea id=\"text\" name=\"text\""
                   " rows=\"10\" spellcheck=\"false\" aria-describedby=\"differences\"");
    cn_html_raw(h, lang);
    cn_html_raw(h, ">");
    cn_html_text(h, text);
    cn_html_raw(h, "</textarea></div><p class=\"buttons\"><button type=\"submit\""
                   " name=\"choice\" value=\"edited\" id=\"keep-text\">Keep this text"
                   " (Ctrl+Enter)</button>"
                   " <a href=\"/p/");
    cn_html_text(h, e->code);
    cn_html_raw(h, "\">Back to the diary</a></p></form>");
}

/* Why this person may not see the copies now, or NULL. */
static const char *refusal(desk_ctx *c, const cn_dde_pair *p)
{
    if (p->reconciler[0])
        return "This entry is final: it was reconciled already.";
    if (!p->second)
        return "This entry has been typed once: it waits for its second copy before anyone"
               " reconciles it.";
    if (strcmp(c->desk->typist, p->first_typist) == 0 ||
        strcmp(c->desk->typist, p->second_typist) == 0)
        return "You typed one of the two copies: a third person reconciles them.";
    return NULL;
}

int desk_reconcile(desk_ctx *c, long long id)
{
    if (!c->desk->typist[0]) {
        char to[96];
        snprintf(to, sizeof to, "/typist?next=/e/%lld/reconcile", id);
        return desk_redirect(c, to);
    }
    cn_entry e;
    cn_dde_pair p;
    cn_error err = {0};
    int found = cn_entry_get(c->desk->store, id, &e, &err);
    if (found == 1 && (found = cn_dde_get(c->desk->store, id, &p, &err)) != 1)
        cn_entry_clear(&e);
    if (found < 0)
        return desk_refuse(c, 500, "Error", err.msg);
    if (found == 0)
        return desk_refuse(c, 404, "Not found", "There is no entry typed twice with this number.");
    const char *why = refusal(c, &p);
    int rc;
    if (why) {
        rc = desk_refuse(c, 409, "Not to reconcile", why);
    } else if (strcmp(c->req->method, "POST") == 0) {
        const char *choice = desk_form(c, "choice"), *text = desk_form(c, "text");
        const char *version = desk_form(c, "version");
        const char *chosen = !choice                         ? NULL
                             : strcmp(choice, "first") == 0  ? p.first
                             : strcmp(choice, "second") == 0 ? p.second
                             : strcmp(choice, "edited") == 0 ? (text ? text : "")
                                                             : NULL;
        char *end = NULL;
        long long base = version ? strtoll(version, &end, 10) : 0;
        int done = !chosen ? cn_error_code(&err, CN_EINVALID, "choice: keep a copy or a text")
                   : !version || !*version || *end
                       ? cn_error_code(&err, CN_EINVALID, "version: missing")
                       : cn_dde_reconcile(c->desk->store, id, base, c->desk->typist, chosen,
                                          strlen(chosen), &err);
        if (done == 0) {
            char to[96];
            snprintf(to, sizeof to, "/p/%s#e%lld", e.code, id);
            rc = desk_redirect(c, to);
        } else {
            /* A conflict (changed meanwhile): the page shows the entry as stored now. */
            char title[96];
            snprintf(title, sizeof title, "Reconcile entry %lld of %s", id, e.code);
            desk_page_begin(c, title);
            reconcile_page(c, &e, &p, text ? text : p.first, err.msg);
            desk_page_end(c);
            rc = desk_send_page(c, done == CN_ECONFLICT ? 409 : 422);
        }
    } else {
        char title[96];
        snprintf(title, sizeof title, "Reconcile entry %lld of %s", id, e.code);
        desk_page_begin(c, title);
        reconcile_page(c, &e, &p, p.first, NULL);
        desk_page_end(c);
        rc = desk_send_page(c, 200);
    }
    cn_dde_clear(&p);
    cn_entry_clear(&e);
    return rc;
}

int desk_dde_entry_state(desk_ctx *c, const cn_entry *e, char *state, size_t size)
{
    cn_dde_pair p;
    cn_error err = {0};
    int found = cn_dde_get(c->desk->store, e->id, &p, &err);
    state[0] = '\0';
    if (found <= 0)
        return found;
    if (p.reconciler[0] && strcmp(p.reconciler, "(agreed)") == 0)
        snprintf(state, size, "typed twice, the same");
    else if (!p.second)
        snprintf(state, size, "typed once (by %s): waiting for the second copy", p.first_typist);
    else if (!p.reconciler[0])
        snprintf(state, size, "typed twice (%s, %s): to reconcile", p.first_typist,
                 p.second_typist);
    else
        snprintf(state, size, "reconciled by %s", p.reconciler);
    bool pending = !p.reconciler[0];
    cn_dde_clear(&p);
    return pending ? 2 : 1;
}
