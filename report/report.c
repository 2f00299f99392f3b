/* report.c — OUT/report.html: one self-contained page (inline CSS and SVG, no script)
 * holding what IRAMUTEQ spreads over a dozen windows: summary, dendrograms, per-class
 * profiles with typical segments and word clouds, the CA plane, specificities, the
 * similitude graph, themes over diary time and the corpus figures. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/markup.h"
#include "carnet/outfile.h"
#include "carnet/versions.h"
#include "figures.h"

static void html(FILE *f, const char *s)
{
    cn_markup_text(f, s);
}

static const char *style =
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1100px;margin:auto;"
    "padding:1em 2em;color:#222;line-height:1.4}"
    "h1{font-size:1.6em}h2{border-bottom:2px solid #ccc;margin-top:2em}"
    "table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f0f0f0}figure{margin:1em 0}svg{max-width:100%;height:auto}"
    "mark{background:#ffe39a}.class{border-left:8px solid #ccc;padding-left:1em;margin:2em 0}"
    ".row{display:flex;gap:2em;flex-wrap:wrap}.muted{color:#666}"
    "nav a{margin-right:1em}table.run th{font-weight:normal;color:#555}"
    /* on a phone (trial 63: at 390 px the whole page scrolled sideways): a wide table
     * scrolls in its own box, the nav wraps, the side-by-side tables shrink to the page */
    ".wide{overflow-x:auto;max-width:100%}nav{display:flex;flex-wrap:wrap}"
    ".row>div{min-width:0;max-width:100%}"
    "@media (max-width:600px){body{padding:.5em}}"
    /* on paper (trial 48): a figure or a row is not cut across two pages; the tables folded
     * under "the other N" are printed too (Chromium's ::details-content), without a folded
     * list's marker; the SVG and PNG links, which mean nothing there, are left out (trial
     * 49: "(, )" was left of them); a table's head is repeated on each page (<thead>), a
     * heading never ends a page alone, and a wide table is not cut at its box (trial 63) */
    "@media print{nav{display:none}.class{page-break-before:always}figure,tr{break-inside:avoid}"
    "details::details-content{content-visibility:visible}summary{list-style:none}"
    ".files{display:none}h2,h3,caption{break-after:avoid}.wide{overflow:visible}}";

/* Inlines a figure that a report_* maker returned (made: its return code) and frees it;
 * -1 when the maker or the SVG text failed, 0 otherwise (also when there was nothing to
 * draw). The page goes on either way: one missing figure spoils nothing else. */
static int inline_figure(FILE *f, int made, cn_figure *fig, const char *id, const char *caption,
                         cn_error *err)
{
    if (!fig)
        return made;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s-", id);
    char *svg = cn_figure_svg(fig, prefix, err);
    fprintf(f, "<figure id=\"fig-%s\">", id);
    /* an image named by its caption: a screen reader gave the figures no name, only their
     * <desc> of the words drawn (trial 48) */
    if (svg && strncmp(svg, "<svg", 4) == 0)
        fprintf(f, "<svg role=\"img\" aria-labelledby=\"cap-%s\"%s", id, svg + 4);
    else if (svg)
        fputs(svg, f);
    /* the name is the caption alone: the files' links are no part of it, nor of a page */
    fprintf(f, "<figcaption class=\"muted\"><span id=\"cap-%s\">", id);
    html(f, caption);
    fprintf(f,
            "</span><span class=\"files\"> (<a href=\"%s.svg\">SVG</a>, <a"
            " href=\"%s.png\">PNG</a>)</span></figcaption></figure>\n",
            id, id);
    cn_figure_free(fig);
    if (!svg)
        return -1;
    free(svg);
    return made;
}

static void best_classes(report *r)
{
    for (size_t i = 0; i < r->in->pr->nrows; i++) {
        const cn_profile_row *row = &r->in->pr->rows[i];
        if (row->kind == CN_ROW_MODALITY || row->chi2 <= 0)
            continue;
        if (row->chi2 > r->best_chi2[row->id]) {
            r->best_chi2[row->id] = row->chi2;
            r->best_class[row->id] = (int32_t)row->cls;
        }
    }
}

static void summary(FILE *f, report *r)
{
    const cn_textstats *s = r->in->st;
    uint32_t n = r->in->pr->classified, units = r->in->d->nrows;
    fprintf(f, "<p><strong>%u %s classified on %u (%.2f %%)</strong>, %u class%s.</p>\n", n,
            r->in->units, units, units ? 100.0 * n / units : 0, r->in->pr->nclasses,
            r->in->pr->nclasses == 1 ? "" : "es");
    fputs("<div "
          "class=\"wide\"><table><thead><tr><th>texts</th><th>segments</th><th>occurrences</"
          "th><th>forms</th>"
          "<th>hapax (% of forms)</th><th>lemmas</th><th>active lemmas</th><th>supplementary</th>"
          "<th>active classified</th></tr></thead>\n",
          f);
    fprintf(f,
            "<tr><td class=n>%u</td><td class=n>%u</td><td class=n>%llu</td><td class=n>%u</td>"
            "<td class=n>%u (%.1f %%)</td><td class=n>%u</td><td class=n>%u</td>"
            "<td class=n>%u</td><td class=n>%u</td></tr></table></div>\n",
            s->texts, s->segments, (unsigned long long)s->occurrences, s->forms, s->hapax,
            s->forms ? 100.0 * s->hapax / s->forms : 0, s->lemmas, s->active, s->supplementary,
            s->in_matrix);
}

/* Whether profile row idx is one of class k's rows of this kind on this side. */
static bool in_profile(const report *r, size_t idx, uint32_t k, uint8_t kind, bool anti)
{
    const cn_profile_row *row = &r->in->pr->rows[idx];
    return row->cls == k && row->kind == kind && (anti ? row->chi2 < 0 : row->chi2 > 0);
}

/* The columns say what they count: "total" beside the leaves' table's "total segments"
 * read as the same count (trial 59), where this one leaves the unclassified units out;
 * "% in class" read as the share of the class's units holding the form (trial 63), where
 * it is the share of the form's units in the class (IRAMUTEQ's pourcentage). */
static void profile_head(FILE *f, uint8_t kind, const char *units)
{
    fprintf(f,
            "<thead><tr><th>%s</th><th>in class</th><th>in all classes</th>"
            "<th>%% of its %s in class</th><th>χ²</th><th>p</th></tr></thead>\n",
            kind == CN_ROW_MODALITY ? "modality" : "form", units);
}

/* v as printed with the given decimals, a tiny negative as 0: "-0.0" reads as a sign a
 * table does not have (trial 88: a time table's chi2 of -0.01). */
static double printed(double v, int decimals)
{
    double half = 0.5 * pow(10.0, -decimals);
    return fabs(v) < half ? 0.0 : v;
}

static void profile_row(FILE *f, const report *r, const cn_profile_row *row)
{
    fputs("<tr><td>", f);
    html(f, row->kind == CN_ROW_MODALITY ? cn_intern_str(r->in->pr->modalities, row->id)
                                         : cn_lemma_name(r->in->p, row->id));
    fprintf(f,
            "</td><td class=n>%u</td><td class=n>%u</td><td class=n>%.1f</td>"
            "<td class=n>%.2f</td><td class=n>%.2g</td></tr>\n",
            row->a, row->total, row->total ? 100.0 * row->a / row->total : 0, printed(row->chi2, 2),
            row->p);
}

/* Class k's profile rows of one kind, strongest first: the first max in view, the others
 * folded below them, so that the page holds every row of profiles.csv and says how many
 * (a table cut without a word read as the whole profile: trial 37). */
static void profile_table(FILE *f, report *r, uint32_t k, uint8_t kind, bool anti, int max,
                          const char *title)
{
    size_t n = r->in->pr->nrows, count = 0;
    for (size_t i = 0; i < n; i++)
        count += in_profile(r, i, k, kind, anti);
    if (count == 0)
        return;
    fprintf(f, "<div class=\"wide\"><table><caption>%s (%zu)</caption>\n", title, count);
    profile_head(f, kind, r->in->units);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        size_t idx = anti ? n - 1 - i : i; /* the rows go by decreasing chi2 */
        if (!in_profile(r, idx, k, kind, anti))
            continue;
        if (shown++ == (size_t)max) {
            /* the rest under its own header: a table's columns are said by its head */
            fprintf(f,
                    "</table></div>\n<details><summary>the other %zu</summary><div "
                    "class=\"wide\"><table>\n",
                    count - (size_t)max);
            profile_head(f, kind, r->in->units);
        }
        profile_row(f, r, &r->in->pr->rows[idx]);
    }
    fputs(count > (size_t)max ? "</table></div></details>\n" : "</table></div>\n", f);
}

static int class_section(FILE *f, report *r, uint32_t k, cn_error *err)
{
    char name[128], id[32];
    double c[3];
    cn_figure_colour((int)k - 1, r->in->grey, c);
    report_class_name(r, k, name, sizeof name);
    fprintf(f,
            "<section class=\"class\" id=\"class-%u\" style=\"border-color:rgb(%d,%d,%d)\">"
            "<h3>",
            k, (int)(255 * c[0]), (int)(255 * c[1]), (int)(255 * c[2]));
    html(f, name);
    uint32_t n = r->in->pr->class_units[k - 1];
    fprintf(f, ": %u %s (%.1f %%)</h3>\n", n, report_units_for(r->in->units, n),
            r->in->pr->classified ? 100.0 * n / r->in->pr->classified : 0);
    if (cn_profile_too_small(r->in->pr->nclasses, n)) /* trial 100 */
        fprintf(
            f,
            "<p><strong>Too small to read as a theme:</strong> %u %s, fewer than "
            "%d; " CN_PROFILE_SMALL_CLASS_WHY ". <code>--min-class %d</code> leaves such a class"
            " out, as a theme below the minimum size.</p>\n",
            n, report_units_for(r->in->units, n), CN_PROFILE_SMALL_CLASS, CN_PROFILE_SMALL_CLASS);
    snprintf(id, sizeof id, "cloud_class_%u", k);
    cn_figure *fig;
    int made = report_cloud(r, k, &fig, err);
    /* each figure's name its own: "Profile forms" four times told none; room for the
     * sentence's words around the name and the notes */
    char caption[sizeof name + sizeof r->cloud_notes + 160];
    snprintf(caption, sizeof caption, "Profile forms of %s, sized by χ²%s%s", name,
             *r->cloud_notes ? "; too long for a line at their size, these are drawn smaller: "
                             : "",
             r->cloud_notes);
    int rc = inline_figure(f, made, fig, id, caption, err);
    fputs("<div class=\"row\"><div>", f);
    profile_table(f, r, k, CN_ROW_ACTIVE, false, 40, "Profile: active forms");
    fputs("</div><div>", f);
    profile_table(f, r, k, CN_ROW_SUPPLEMENTARY, false, 20, "Profile: supplementary forms");
    profile_table(f, r, k, CN_ROW_MODALITY, false, 30, "Over-represented modalities");
    profile_table(f, r, k, CN_ROW_ACTIVE, true, 15, "Anti-profile: under-represented forms");
    profile_table(f, r, k, CN_ROW_SUPPLEMENTARY, true, 15,
                  "Anti-profile: under-represented supplementary forms");
    profile_table(f, r, k, CN_ROW_MODALITY, true, 15, "Under-represented modalities");
    fputs("</div></div>\n", f);
    if (report_typical_segments(f, r, k, err) < 0)
        rc = -1;
    fputs("</section>\n", f);
    return rc;
}

static int afc_section(FILE *f, report *r, cn_error *err)
{
    const cn_afc *a = r->in->afc;
    fputs("<h2 id=\"afc\">Correspondence analysis</h2>\n", f);
    if (!a->ok && a->empty_class == UINT32_MAX) {
        fputs("<p>Fewer than 2 active forms are held by 3 classified segments or more: the "
              "classes cannot be placed on a plane.</p>\n",
              f);
        return 0;
    }
    if (!a->ok && a->empty_class && r->in->pr->nclasses == 2) { /* trial 100: no fewer */
        fprintf(f,
                "<p>Class %u holds no active form of 3 classified segments or more: the two "
                "classes cannot be set against each other on an axis (with more text, each "
                "holds forms of its own).</p>\n",
                a->empty_class);
        return 0;
    }
    if (!a->ok && a->empty_class) {
        fprintf(f,
                "<p>Class %u holds no active form of 3 classified segments or more: the "
                "classes cannot be placed on a plane (fewer, larger classes: "
                "<code>--classes</code>).</p>\n",
                a->empty_class);
        return 0;
    }
    if (!a->ok) {
        fputs("<p>One class: there is nothing to contrast.</p>\n", f);
        return 0;
    }
    if (a->ca.naxes == 1)
        fputs("<p>With two classes the analysis has a single axis; it is shown on its own, "
              "forms on the left and right of the centre leaning to one class or the other.</p>",
              f);
    fputs("<div class=\"wide\"><table><thead><tr><th>axis</th><th>eigenvalue</th><th>% of "
          "inertia</th><th>cumulative %</th>"
          "</tr></thead>\n",
          f);
    double cum = 0;
    for (int k = 0; k < a->ca.naxes; k++) {
        double pc = 100 * a->ca.eigenvalues[k] / a->ca.total_inertia;
        cum += pc;
        fprintf(f,
                "<tr><td>%d</td><td class=n>%.4f</td><td class=n>%.2f</td><td class=n>%.2f</td>"
                "</tr>\n",
                k + 1, a->ca.eigenvalues[k], pc, cum);
    }
    fputs("</table></div>\n", f);
    cn_figure *fig;
    int made = report_afc_plane(r, &fig, err);
    char caption[sizeof r->afc_notes + 256];
    snprintf(caption, sizeof caption,
             "Forms coloured by the class where their χ² is highest, class names in bold, "
             "modalities in grey (supplementary points); principal coordinates. %s",
             r->afc_notes);
    return inline_figure(f, made, fig, "afc_plane", caption, err);
}

/* specificities_VAR.csv files: the 8 most over-represented forms of each modality. */
static int specificities_section(FILE *f, report *r, cn_error *err)
{
    fputs("<h2 id=\"specificities\">Specificities by variable</h2>\n<p class=\"muted\">Lafon's "
          "hypergeometric scores in occurrences: above 2, a form is clearly more frequent in "
          "the modality than chance would give. Full tables in specificities_VAR.csv.</p>\n",
          f);
    int rc = 0;
    for (size_t i = 0; i < r->in->specif->nvars; i++) {
        const cn_varspec_var *v = &r->in->specif->vars[i];
        char why[CN_ERROR_MAX];
        if (cn_varspec_why_left_out(v, r->in->p, r->in->corpus, why, sizeof why)) {
            fputs("<p class=\"muted\">", f);
            html(f, why);
            fputs(".</p>\n", f);
            continue;
        }
        if (v->one_modality) {
            fputs("<p class=\"muted\">", f);
            html(f, v->var);
            fputs(": every text analysed that has it is ", f);
            html(f, v->mods[0]);
            fputs(", with nothing to compare it to: no specificities.</p>\n", f);
            continue;
        }
        fprintf(
            f,
            "<div class=\"wide\"><table><caption>%s</caption><thead><tr><th>modality</th><th>most "
            "specific forms"
            "</th></tr></thead>\n",
            v->var);
        /* rows come by modality, then score descending: the first 8 scoring 2 or more */
        for (uint32_t m = 0; v->per_modality > 0 && m < v->nmods; m++) {
            const cn_varspec_row *row = v->rows + (size_t)m * v->per_modality;
            fputs("<tr><td>", f);
            html(f, v->mods[m]);
            fputs("</td><td>", f);
            uint32_t shown = 0;
            for (uint32_t q = 0; q < v->per_modality && shown < 8; q++)
                if (row[q].spec >= 2) {
                    html(f, cn_lemma_name(r->in->p, row[q].lemma));
                    fprintf(f, " <span class=\"muted\">%.1f</span> ", row[q].spec);
                    shown++;
                }
            /* an empty cell read as a missing one (trial 63) */
            fputs(shown ? "</td></tr>\n" : "<span class=\"muted\">none above 2</span></td></tr>\n",
                  f);
        }
        fputs("</table></div>\n", f);
        char id[96];
        snprintf(id, sizeof id, "specificities_%s", v->var);
        cn_figure *fig;
        int made = report_specif_chart(r, v, &fig, err);
        char caption[160];
        snprintf(caption, sizeof caption, "Over-represented forms of each modality of %s", v->var);
        if (inline_figure(f, made, fig, id, caption, err) < 0)
            rc = -1;
    }
    return rc;
}

/* One thing the time figure cannot show (timeaxis.h), above it (trial 101). */
static void time_note(void *ctx, const char *sentence)
{
    FILE *f = ctx;
    fputs("<p><strong>Note:</strong> ", f);
    html(f, sentence);
    fputs(".</p>\n", f);
}

static int time_section(FILE *f, report *r, cn_error *err)
{
    const char **mods = r->axis.mods;
    size_t nm = r->axis.n;
    if (nm == 1) { /* said, as a variable of one modality is for the specificities (trial 75) */
        fputs("<h2 id=\"time\">Themes over diary time (", f);
        html(f, r->in->time_var);
        fputs(")</h2>\n<p class=\"muted\">The kept units have one modality of this variable, ", f);
        html(f, mods[0]);
        fputs(": no change over time to show.</p>\n", f);
    }
    if (nm < 2)
        return 0;
    fputs("<h2 id=\"time\">Themes over diary time (", f);
    html(f, r->in->time_var);
    fputs(")</h2>\n", f);
    cn_timeaxis_notes(&r->axis, r->in->time_var, r->in->units, time_note, f);
    cn_figure *fig;
    int made = report_time(r, &fig, err);
    int rc = inline_figure(f, made, fig, "themes_over_time",
                           "Share of each class among the classified units of each modality", err);
    uint32_t K = r->in->pr->nclasses;
    fprintf(f,
            "<p class=\"muted\">Classified %s of each class in each modality, with the χ² of "
            "the class against the modality (modalities.csv holds the same rows, with p); a "
            "modality of fewer than %d classified %s has its χ² in grey, too few to test, as "
            "the profiles leave it out.</p>\n"
            "<div class=\"wide\"><table><thead><tr><th>modality</th>",
            r->in->units, CN_PROFILE_MIN_TOTAL, r->in->units);
    for (uint32_t k = 1; k <= K; k++) {
        char name[256]; /* a page's header has room for the whole name */
        fputs("<th>", f);
        html(f, report_class_name(r, k, name, sizeof name));
        fputs(" (χ²)</th>", f);
    }
    fputs("</tr></thead>\n", f);
    for (size_t i = 0; i < nm; i++) {
        uint32_t id = cn_intern_find(r->in->pr->modalities, mods[i], strlen(mods[i]));
        fprintf(f, "<tr><td>%s</td>", mods[i]);
        for (size_t q = 0; q < r->in->pr->nmodality_rows; q++) {
            const cn_profile_row *row = &r->in->pr->modality_rows[q];
            if (row->id != id)
                continue;
            /* no χ² without a classified unit (modalities.csv leaves it empty), and one of
             * too few units greyed, as the profiles leave it out (trial 101) */
            if (row->total == 0)
                fprintf(f, "<td class=n>0 (–)</td>");
            else if (row->total < CN_PROFILE_MIN_TOTAL)
                fprintf(f, "<td class=n>%u <span class=\"muted\">(%.1f)</span></td>", row->a,
                        printed(row->chi2, 1));
            else
                fprintf(f, "<td class=n>%u (%.1f)</td>", row->a, printed(row->chi2, 1));
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    return rc;
}

/* The page's sections in order; -1 when a figure failed (the page is complete anyway). */
static int write_page(FILE *f, report *r, cn_error *err)
{
    cn_figure *fig;
    int made, rc = 0;
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Carnet report%s",
            r->in->cohort ? ": " : "");
    if (r->in->cohort)
        html(f, r->in->cohort);
    fprintf(f, "</title><style>%s</style></head><body>\n<h1>Carnet: themes of ", style);
    if (r->in->cohort) {
        fputs("the cohort ", f);
        html(f, r->in->cohort);
    } else
        fputs("the corpus", f);
    fputs("</h1>\n<nav><a href=\"#summary\">Summary</a>"
          "<a href=\"#dendrogram\">Classes</a><a href=\"#afc\">CA</a>"
          "<a href=\"#specificities\">Specificities</a><a href=\"#similitude\">Similitude</a>"
          "<a href=\"#corpus\">Corpus</a></nav>\n<h2 id=\"summary\">Summary</h2>\n",
          f);
    fputs("<div class=\"wide\">", f); /* its paths and digests do not wrap */
    report_run_table(f, r);
    fputs("</div>\n", f);
    report_warnings(f, r); /* before anything else: they change how the rest is read */
    report_few_classes(f, r);
    summary(f, r);
    report_signs(f, r);
    fputs("<h2 id=\"dendrogram\">Classes</h2>\n", f);
    made = report_dendrogram(r, &fig, err);
    rc |= inline_figure(f, made, fig, "dendrogram",
                        "Dendrogram of the final classes, their share and profile forms", err);
    made = report_tree(r, &fig, err);
    rc |= inline_figure(f, made, fig, "tree_phase1",
                        "The full phase-1 tree: each split with its χ², each leaf's class", err);
    report_stability(f, r);
    report_participants(f, r);
    const char *u = r->in->units;
    fprintf(f,
            "<p class=\"muted\">In each class's profile, <em>in class</em> counts the class's "
            "%s holding the form or modality, <em>in all classes</em> the classified %s holding "
            "it (the unclassified ones are left out, as in IRAMUTEQ), and <em>%% of its %s in "
            "class</em> is the first divided by the second: the share of the classified %s "
            "holding the form that lie in this class, not the share of the class's %s holding "
            "it (IRAMUTEQ's pourcentage; profiles.csv's <code>percent</code>). χ² compares the "
            "class with the other classes (a 2 × 2 table, signed: negative when rarer in the "
            "class) and <em>p</em> is its p-value (1 degree of freedom). "
            "profiles.csv holds every row.</p>\n",
            u, u, u, u, u);
    for (uint32_t k = 1; k <= r->in->pr->nclasses; k++)
        rc |= class_section(f, r, k, err);
    report_themes_section(f, r);
    rc |= afc_section(f, r, err);
    rc |= specificities_section(f, r, err);
    fputs("<h2 id=\"similitude\">Similitude</h2>\n", f);
    made = report_simi(r, &fig, err);
    char simi_caption[sizeof r->simi_notes + 128];
    snprintf(simi_caption, sizeof simi_caption,
             "%sEdges: segments shared, the heaviest spanning tree (similitude.graphml for Gephi)",
             r->simi_notes);
    rc |= inline_figure(f, made, fig, "similitude", simi_caption, err);
    rc |= time_section(f, r, err);
    fputs("<h2 id=\"corpus\">Corpus</h2>\n<div class=\"row\">", f);
    made = report_zipf(r, &fig, err);
    rc |= inline_figure(f, made, fig, "zipf", "Zipf plot of the forms", err);
    made = report_sizes(r, &fig, err);
    rc |= inline_figure(f, made, fig, "segment_sizes", "Histogram of segment sizes", err);
    fputs("</div>\n<p class=\"muted\">Made by carnet-analyse " CARNET_VERSION, f);
    fputs(" (commit ", f);
    cn_markup_text(f, cn_versions_commit());
    fputc(')', f);
    fputs("; every table is also in a CSV file in this folder: UTF-8, commas between fields and "
          "a point before decimals; open one in a spreadsheet with its text import (Excel: "
          "Data &gt; From Text/CSV), not by a double click, which may show one column of "
          "garbled accents.</p>\n</body></html>\n",
          f);
    return rc < 0 ? -1 : 0;
}

int cn_report_write(const cn_report *in, cn_error *err)
{
    report r = {.in = in};
    uint32_t nl = cn_intern_count(in->p->lemma_keys);
    r.best_class = calloc((size_t)nl + 1, sizeof *r.best_class);
    r.best_chi2 = calloc((size_t)nl + 1, sizeof *r.best_chi2);
    char path[4200];
    snprintf(path, sizeof path, "%s/report.html", in->dir);
    FILE *f = NULL;
    int rc;
    if (!r.best_class || !r.best_chi2) {
        rc = cn_error_nomem(err);
    } else if (!(f = cn_out_open(path, err))) {
        rc = CN_EIO;
    } else {
        best_classes(&r);
        cn_error ignored = {0}; /* out of memory: no time figure, as without the variable */
        if (cn_timeaxis_make(in->pr, in->p, in->time_var, &r.axis, &ignored) < 0)
            r.axis = (cn_timeaxis){.n = 0};
        rc = write_page(f, &r, err);
        int closed = cn_out_close(f, path, err);
        rc = closed < 0 ? closed : rc;
    }
    cn_timeaxis_free(&r.axis);
    free(r.best_class);
    free(r.best_chi2);
    return rc;
}
