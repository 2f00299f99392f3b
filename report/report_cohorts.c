/* report_cohorts.c — OUT/by_VAR.html (see report.h): the cohorts of a --by run, their
 * classified shares, the whole-corpus themes (OUT/all) followed across cohorts, and the
 * cohorts side by side with each class's participants. */
#include <stdbool.h>
#include <string.h>

#include "carnet/markup.h"
#include "carnet/outfile.h"
#include "carnet/report.h"
#include "carnet/textstats.h"

static void html(FILE *f, const char *s)
{
    cn_markup_text(f, s);
}

static const char *style =
    "body{font-family:'DejaVu Sans',sans-serif;margin:1em 2em;line-height:1.4}"
    "table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}td.n{text-align:right}"
    ".cols{display:flex;gap:1.5em;align-items:flex-start}"
    ".col{flex:1;min-width:14em}.cls{border-left:6px solid #999;padding:.3em .6em;"
    "margin:.6em 0;background:#fafafa}.muted{color:#666;font-size:.9em}"
    ".flag{color:#a33c00;font-weight:bold}"
    /* a table scrolls in its own box: on a phone the page was wider than the window */
    ".wide{overflow-x:auto;max-width:100%}"
    /* on a phone the cohorts' columns come one under another */
    "@media (max-width:40em){body{margin:.5em}.cols{display:block}}"
    /* on paper (trial 63): a class's card is not cut across two pages, a heading never
     * ends a page alone, and the cohorts follow one another, each under its heading: side
     * by side, a column's heading was on its first page only */
    "@media print{.cls{break-inside:avoid}h2,h3{break-after:avoid}.cols{display:block}"
    ".wide{overflow:visible}}";

/* "class 2", and its --labels name when it has one: "class 2 · closed centre". */
static void class_name(FILE *f, uint32_t k, const char *label)
{
    fprintf(f, "class %u", k);
    if (label) {
        fputs(" · ", f);
        html(f, label);
    }
}

/* Whether row i starts a cohort (a cohort's rows are consecutive). */
static bool starts_cohort(const cn_cohorts *t, size_t i)
{
    return i == 0 || strcmp(t->rows[i].cohort, t->rows[i - 1].cohort) != 0;
}

static size_t classes_of(const cn_cohorts *t, size_t first)
{
    size_t n = 0;
    for (size_t i = first; i < t->n && (i == first || !starts_cohort(t, i)); i++)
        n += t->rows[i].cls > 0;
    return n;
}

/* The report of a cohort that was not classified but whose run was made (fewer than 2
 * classes), after its reason. */
static void report_link(FILE *f, const cn_cohorts_row *c)
{
    if (!c->kept)
        return;
    fputs(" (<a href=\"", f);
    html(f, c->cohort);
    fputs("/report.html\">its report</a>)", f);
}

/* One line per cohort: its units, the share classified, its classes, its report. */
static void cohorts_table(FILE *f, const cn_cohorts *t, const char *units)
{
    fprintf(f,
            "<h2>Cohorts</h2>\n<div class=\"wide\"><table><thead><tr><th>cohort</th>"
            "<th>%s</th><th>classified</th><th>%%</th><th>classes</th><th>report</th></tr>"
            "</thead>\n",
            units);
    for (size_t i = 0; i < t->n; i++) {
        const cn_cohorts_row *c = &t->rows[i];
        if (!starts_cohort(t, i))
            continue;
        fputs("<tr><td>", f);
        html(f, c->cohort);
        if (c->cls == 0) {
            fputs("</td><td colspan=5>not classified: ", f);
            html(f, c->error ? c->error : "unknown reason");
            report_link(f, c);
            fputs("</td></tr>\n", f);
            continue;
        }
        fprintf(f, "</td><td class=n>%u</td><td class=n>%u</td><td class=n>%.1f</td>", c->units,
                c->classified, c->units ? 100.0 * c->classified / c->units : 0);
        fprintf(f, "<td class=n>%zu</td><td><a href=\"", classes_of(t, i));
        html(f, c->cohort);
        fputs("/report.html\">report</a></td></tr>\n", f);
    }
    if (t->nall) {
        const cn_cohorts_row *a = &t->all[0];
        fprintf(f,
                "<tr><td><strong>whole corpus</strong></td><td class=n>%u</td>"
                "<td class=n>%u</td><td class=n>%.1f</td><td class=n>%zu</td>"
                "<td><a href=\"all/report.html\">report</a></td></tr>\n",
                a->units, a->classified, a->units ? 100.0 * a->classified / a->units : 0, t->nall);
    }
    fputs("</table></div>\n", f);
}

/* The row of the themes table a cohort class goes in: its whole-corpus class, or 0 when
 * more of its units are unclassified in the whole corpus than in that class. */
static uint32_t theme_row(const cn_cohorts_row *c)
{
    return c->all_class && c->all_share >= c->all_unclassified ? c->all_class : 0;
}

/* The cell of cohort (rows from first) for whole-corpus class w: its classes that match w. */
static void theme_cell(FILE *f, const cn_cohorts *t, size_t first, uint32_t w)
{
    int shown = 0;
    fputs("<td>", f);
    for (size_t i = first; i < t->n && (i == first || !starts_cohort(t, i)); i++) {
        const cn_cohorts_row *c = &t->rows[i];
        if (c->cls == 0 || !c->matched || theme_row(c) != w)
            continue;
        fputs(shown++ ? "<br><a href=\"" : "<a href=\"", f);
        html(f, c->cohort);
        fprintf(f, "/report.html#class-%u\">", c->cls);
        class_name(f, c->cls, c->label);
        fprintf(f, "</a> (%.0f %%)", 100 * (w ? c->all_share : c->all_unclassified));
    }
    fputs(shown ? "</td>" : "<span class=\"muted\">—</span></td>", f);
}

/* Rows: the whole corpus's classes (and "none"), columns: the cohorts; each cell lists
 * the cohort's classes whose units are mostly in that whole-corpus class. */
static void themes_table(FILE *f, const cn_cohorts *t, const char *units)
{
    fprintf(f,
            "<h2>Themes across cohorts</h2>\n<p class=\"muted\">The same %s are classified in "
            "a cohort's run and in the whole corpus's, so each cohort class is matched with "
            "the whole-corpus class holding most of its %s; the percentage is that share of "
            "the cohort class (in the first row, the share left unclassified in the whole "
            "corpus, when it is larger). A theme of the whole corpus is followed along its "
            "row.</p>\n",
            units, units);
    fputs("<div class=\"wide\"><table><thead><tr><th>whole-corpus class</th>", f);
    for (size_t i = 0; i < t->n; i++)
        if (starts_cohort(t, i) && t->rows[i].cls > 0) {
            fputs("<th>", f);
            html(f, t->rows[i].cohort);
            fputs("</th>", f);
        }
    fputs("</tr></thead>\n", f);
    for (uint32_t w = 0; w <= t->nall; w++) {
        if (w == 0)
            fputs("<tr><td class=\"muted\">unclassified in the whole corpus</td>", f);
        else {
            const cn_cohorts_row *a = &t->all[w - 1];
            fprintf(f, "<tr><td><a href=\"all/report.html#class-%u\"><strong>", w);
            class_name(f, w, a->label);
            fprintf(f, "</strong></a> %u (%.1f %%)<br>", a->size, a->percent);
            html(f, a->forms);
            fputs("</td>", f);
        }
        for (size_t i = 0; i < t->n; i++)
            if (starts_cohort(t, i) && t->rows[i].cls > 0)
                theme_cell(f, t, i, w);
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* A class's box in its cohort's column. */
static void class_box(FILE *f, const cn_cohorts *t, const cn_cohorts_row *c)
{
    fputs("<div class=\"cls\"><strong>", f);
    class_name(f, c->cls, c->label);
    fprintf(f, "</strong> %u (%.1f %%)<br>", c->size, c->percent);
    html(f, c->forms);
    if (c->all_class && c->all_class <= t->nall) {
        fprintf(f, "<br><span class=\"muted\">whole corpus: <a href=\"all/report.html#class-%u\">",
                c->all_class);
        class_name(f, c->all_class, t->all[c->all_class - 1].label);
        fprintf(f, "</a> (%.0f %% of its units", 100 * c->all_share);
    } else if (c->matched)
        fputs("<br><span class=\"muted\">whole corpus: in no class (", f);
    if (c->matched)
        fprintf(f, "%s%.0f %% unclassified there)</span>", c->all_class ? "; " : "",
                100 * c->all_unclassified);
    if (c->has_speaker) {
        fprintf(f, "<br><span class=\"muted\">%u participant%s, the largest ", c->participants,
                c->participants == 1 ? "" : "s");
        html(f, c->largest ? c->largest : "");
        fprintf(f, " %.0f %%</span>", 100 * c->largest_share);
        if (c->over_half) {
            fputs("<br><span class=\"flag\">one participant (", f);
            html(f, c->largest ? c->largest : "");
            fputs(") gives more than half of this class</span>", f);
        }
    }
    fputs("<br><span class=\"muted\">", f);
    html(f, c->segment ? c->segment : "");
    fputs("</span></div>\n", f);
}

static void side_by_side(FILE *f, const cn_cohorts *t)
{
    fputs("<h2>Cohorts side by side</h2>\n<div class=\"cols\">\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const cn_cohorts_row *c = &t->rows[i];
        if (starts_cohort(t, i)) {
            if (i > 0)
                fputs("</div>\n", f);
            fputs("<div class=\"col\"><h3>", f);
            html(f, c->cohort);
            fputs("</h3>", f);
            if (c->cls == 0) { /* a cohort that failed: its reason */
                fputs("<p class=\"muted\">not classified: ", f);
                html(f, c->error ? c->error : "unknown reason");
                report_link(f, c);
                fputs("</p>", f);
                continue;
            }
            fputs("<p><a href=\"", f);
            html(f, c->cohort);
            fputs("/report.html\">full report</a></p>\n", f);
        }
        class_box(f, t, c);
    }
    fputs(t->n ? "</div></div>\n" : "</div>\n", f);
}

int cn_report_write_comparison(const char *dir, const char *var, const cn_cohorts *t, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/by_%s.html", dir, var);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    const char *units = t->unit_texts ? "texts" : "segments";
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Cohorts by %s</title><style>%s</style></head><body>"
            "<h1>Themes by cohort: %s</h1>\n",
            var, style, var);
    if (t->mixed_languages)
        fprintf(f,
                "<p class=\"flag\">%u cohort%s of <code>%s</code> hold%s texts in several "
                "languages. " CN_TEXTSTATS_MIXED_SENTENCE " Compare cohorts of one language "
                "(<code>--where lang=…</code>).</p>\n",
                t->mixed_languages, t->mixed_languages == 1 ? "" : "s", var,
                t->mixed_languages == 1 ? "s" : "");
    if (t->unstarred)
        fprintf(f,
                "<p class=\"flag\">%u text%s ha%s no <code>*%s_</code> star: in the "
                "whole-corpus run (<code>all/</code>), in no cohort.</p>\n",
                t->unstarred, t->unstarred == 1 ? "" : "s", t->unstarred == 1 ? "s" : "ve", var);
    char twins[512];
    if (cn_cohorts_twins_note(t, var, twins, sizeof twins)) {
        fputs("<p class=\"flag\">", f);
        html(f, twins);
        fputs(".</p>\n", f);
    }
    char many[512];
    if (cn_cohorts_many_note(t, var, many, sizeof many)) {
        fputs("<p class=\"flag\">", f);
        html(f, many);
        fputs(".</p>\n", f);
    }
    fprintf(f,
            "<p>Each cohort of <code>%s</code> was analysed on its own (its folder, and its "
            "report)",
            var);
    if (t->all_error) {
        fputs(". The whole corpus could not be classified (", f);
        html(f, t->all_error);
        fputs("), so the cohorts' classes are not matched with its classes", f);
    } else
        fputs("; the whole corpus, the same texts with the same options, in "
              "<a href=\"all/report.html\">all/</a>",
              f);
    fputs(". Cohorts are in natural order (by the number they carry, else as they first "
          "appear in the corpus).</p>\n",
          f);
    cohorts_table(f, t, units);
    if (t->nall)
        themes_table(f, t, units);
    side_by_side(f, t);
    fputs("</body></html>\n", f);
    return cn_out_close(f, path, err);
}
