/* desk_export.c — what leaves the study from the desk: the IRAMUTEQ corpus as a download,
 * with the options of `export corpus` (--vars, --where, final entries or all) checked by the
 * same library calls, and the tables of `export entries|participants`. A refused option is
 * said next to its field; the corpus is only sent whole (CN_EEMPTY and errors send a page). */
#include "desk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/export.h"

/* Without *lang_xx, carnet-analyse reads every text as French: a study in another language,
 * or in several, is told to keep lang among the variables (the command line warns after
 * writing; a download can only be warned about before). */
static void lang_note(desk_ctx *c)
{
    char lang[CN_LANG_MAX];
    cn_error err = {0};
    int n = cn_export_languages(c->desk->store, lang, &err);
    if (n < 0 || !cn_export_lang_needed(n, lang))
        return;
    cn_html *h = &c->h;
    cn_html_raw(h, "<p class=\"note\" id=\"lang-note\">");
    if (n == 1) {
        cn_html_raw(h, "The diaries are in <code>");
        cn_html_text(h, lang);
        cn_html_raw(h, "</code>");
    } else {
        cn_html_raw(h, "The diaries are in more than one language");
    }
    cn_html_raw(h, ": keep <code>lang</code> among the variables (the default list has it), or"
                   " carnet-analyse reads every text as French.</p>");
}

/* The form, with what was asked and the refusal of each field. */
static void export_form(desk_ctx *c, const char *vars, const char *where, bool all,
                        const char *vars_error, const char *where_error, const char *error)
{
    cn_html *h = &c->h;
    bool dde = desk_dde_on(c);
    cn_html_raw(h, "<form class=\"card\" id=\"export-form\" method=\"get\" action=\"/export/"
                   "corpus.txt\"><h2>The corpus, for carnet-analyse or IRAMUTEQ</h2>");
    cn_html_rawf(h,
                 "<div class=\"field%s\"><label for=\"vars\">Star variables, in order (empty:"
                 " part, sex, age, care, site, month, and lang when needed)</label><input"
                 " id=\"vars\" name=\"vars\" placeholder=\"part,sex,age,care,site,month\" value=\"",
                 vars_error ? " bad" : "");
    cn_html_text(h, vars);
    cn_html_raw(h, "\">");
    lang_note(c);
    desk_error_line(h, "err-vars", vars_error);
    cn_html_rawf(h,
                 "</div><div class=\"field%s\"><label for=\"where\">Keep only (one condition a"
                 " line, as --where: care=lt1,1to3)</label><textarea id=\"where\" name=\"where\""
                 " rows=\"3\">\n",
                 where_error ? " bad" : "");
    cn_html_text(h, where);
    cn_html_raw(h, "</textarea>");
    desk_error_line(h, "err-where", where_error);
    cn_html_raw(h, "</div>");
    if (dde)
        cn_html_rawf(h,
                     "<div class=\"field\"><label><input type=\"checkbox\" name=\"all\""
                     " value=\"1\"%s> With the entries not final yet (double entry:"
                     " --all-entries)</label></div>",
                     all ? " checked" : "");
    desk_error_line(h, "err-form", error);
    cn_html_raw(h, "<p class=\"buttons\"><button type=\"submit\" id=\"download\">Download the"
                   " corpus</button></p></form><section class=\"card\"><h2>The tables</h2><p>In"
                   " the import format, so that they import back unchanged: <a"
                   " href=\"/export/participants.csv\" id=\"dl-participants\">participants.csv"
                   "</a>, <a href=\"/export/entries.csv\" id=\"dl-entries\">entries.csv</a>");
    /* an import makes every entry it reads final: a page typed once must not come back as
     * checked data */
    cn_html_raw(h, dde ? " (final entries: double entry is on).</p>" : " (every entry).</p>");
    /* the browser writes the file, with its own permissions: readable by every user of the
     * computer under a umask of 022 (a data-protection review found it so) */
    cn_html_raw(h, "<p class=\"meta\" id=\"download-note\">Each file holds the diaries: your"
                   " browser saves it with its own permissions, which may let other users of"
                   " this computer read it. Save it in a folder only you can read, or export"
                   " with <code>carnet-collect export &#8230; -o FILE</code>, which writes it"
                   " for you alone.</p></section>");
}

int desk_export(desk_ctx *c)
{
    desk_page_begin(c, "Export");
    export_form(c, "", "", false, NULL, NULL, NULL);
    desk_page_end(c);
    return desk_send_page(c, 200);
}

/* Sends what write put into a memory stream as a download named name. */
static int send_download(desk_ctx *c, char *data, size_t len, const char *type, const char *name)
{
    c->resp->status = 200;
    c->resp->content_type = type;
    c->resp->body = data;
    c->resp->len = len;
    snprintf(c->resp->disposition, sizeof c->resp->disposition, "attachment; filename=\"%s\"",
             name);
    return 0;
}

/* desk_internal.h */
int desk_corpus_options(cn_store *store, const char *vars, const char *where,
                        cn_corpus_options *opt, const char **field, cn_error *err)
{
    memset(opt, 0, sizeof *opt);
    *field = "vars";
    if ((*vars ? cn_export_parse_vars(vars, opt, err) : cn_export_default_vars(store, opt, err)) <
        0)
        return -1;
    *field = "where";
    char *copy = strdup(where);
    if (!copy)
        return cn_error_nomem(err);
    int rc = 0;
    for (char *line = strtok(copy, "\r\n"); rc == 0 && line; line = strtok(NULL, "\r\n")) {
        line += strspn(line, " \t");
        if (*line)
            rc = cn_export_parse_where(line, opt, err);
    }
    free(copy);
    return rc;
}

int desk_export_corpus(desk_ctx *c)
{
    const char *vars = desk_query(c, "vars"), *where = desk_query(c, "where");
    const char *all_text = desk_query(c, "all");
    bool all = all_text && strcmp(all_text, "1") == 0;
    vars = vars ? vars : "";
    where = where ? where : "";
    cn_corpus_options opt;
    cn_error err = {0};
    const char *field = NULL;
    cn_store *store = c->desk->store;
    int rc = desk_corpus_options(store, vars, where, &opt, &field, &err);
    char *data = NULL;
    size_t len = 0;
    bool final_only = desk_dde_on(c) && !all;
    if (rc == 0) {
        field = NULL;
        FILE *out = open_memstream(&data, &len);
        if (!out)
            return CN_ENOMEM;
        rc = final_only ? cn_dde_final_only(store, true, &err) : 0;
        cn_export_written written = {0};
        if (rc == 0)
            rc = cn_export_corpus(store, &opt, out, &written, &err);
        cn_error ignored = {0};
        if (final_only)
            cn_dde_final_only(store, false, &ignored);
        if (fclose(out) != 0 && rc == 0)
            rc = cn_error_nomem(&err);
        if (rc == 0 && written.texts == 0)
            rc = cn_error_code(&err, CN_EEMPTY, "no text to export: the study has no %sentry",
                               final_only ? "final " : "");
    }
    if (rc == 0)
        return send_download(c, data, len, "text/plain; charset=utf-8", "corpus.txt");
    free(data);
    desk_page_begin(c, "Export");
    bool in_vars = field && strcmp(field, "vars") == 0, in_where = field && !in_vars;
    export_form(c, vars, where, all, in_vars ? err.msg : NULL, in_where ? err.msg : NULL,
                field ? NULL : err.msg);
    desk_page_end(c);
    return desk_send_page(c, rc == CN_ENOMEM ? 500 : 422);
}

int desk_export_table(desk_ctx *c, bool entries)
{
    char *data = NULL;
    size_t len = 0;
    cn_error err = {0};
    FILE *out = open_memstream(&data, &len);
    if (!out)
        return CN_ENOMEM;
    /* final entries only under double entry, as export entries and the corpus read them */
    bool final_only = entries && desk_dde_on(c);
    int rc = final_only ? cn_dde_final_only(c->desk->store, true, &err) : 0;
    if (rc == 0)
        rc = entries ? cn_export_entries(c->desk->store, CN_TABLE_CSV, out, NULL, &err)
                     : cn_export_participants(c->desk->store, CN_TABLE_CSV, out, &err);
    cn_error ignored = {0};
    if (final_only)
        cn_dde_final_only(c->desk->store, false, &ignored);
    if (fclose(out) != 0 && rc == 0)
        rc = cn_error_nomem(&err);
    if (rc == 0)
        return send_download(c, data, len, "text/csv; charset=utf-8",
                             entries ? "entries.csv" : "participants.csv");
    free(data);
    return desk_refuse(c, 500, "Export failed", err.msg);
}
