/* report_themes.c — the report's word on what the classification left out: at the top, why
 * a run has one class or none; after the classes, the phase-1 leaves below the minimum
 * class size, each with its profile and the --min-class that would keep it. */
#include <stdio.h>
#include <stdlib.h>

#include "carnet/markup.h"
#include "figures.h"

void report_few_classes(FILE *f, const report *r)
{
    const cn_themes *t = r->in->themes;
    if (!t || !t->why[0])
        return;
    fprintf(f,
            "<div id=\"few-classes\" style=\"border:2px solid #c60;padding:.5em 1em;"
            "margin:1em 0\"><strong>Why this run has %s:</strong> ",
            r->in->d->nclasses ? "one class only" : "no class");
    cn_markup_text(f, t->why);
    fputs("</div>\n", f);
}

static void theme_forms(FILE *f, const cn_theme *t, const char *units)
{
    fprintf(
        f,
        "<div class=\"wide\"><table><caption>Active forms of the theme, by χ² (%d; at most %d "
        "kept)</caption>"
        "<thead><tr><th>form</th><th>in theme</th><th>in all %s</th><th>%% of its %s in theme</th>"
        "<th>χ²</th></tr></thead>\n",
        t->nforms, CN_THEME_FORMS, units, units);
    for (int i = 0; i < t->nforms; i++) {
        const cn_theme_row *row = &t->forms[i];
        fputs("<tr><td>", f);
        cn_markup_text(f, row->name);
        fprintf(f,
                "</td><td class=n>%u</td><td class=n>%u</td><td class=n>%.1f</td>"
                "<td class=n>%.2f</td></tr>\n",
                row->in_theme, row->total, row->total ? 100.0 * row->in_theme / row->total : 0,
                row->chi2);
    }
    fputs("</table></div>\n", f);
}

/* A segment as written, on one line, escaped. */
static void segment_text(FILE *f, const cn_prepared *p, uint32_t s)
{
    const cn_seg *seg = &p->segs[s];
    const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
    size_t n = seg->end - seg->start;
    char *line = malloc(n + 1);
    if (!line)
        return; /* the segment's number is still shown */
    for (size_t i = 0; i < n; i++) {
        char c = body[seg->start + i];
        line[i] = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    line[n] = '\0';
    cn_markup_text(f, line);
    free(line);
}

static void theme_segments(FILE *f, const cn_theme *t, const report *r)
{
    if (t->nsegments == 0)
        return;
    fputs("<h4>Typical segments</h4>\n<ol>\n", f);
    for (int i = 0; i < t->nsegments; i++) {
        fprintf(f, "<li><span class=\"muted\">segment %u · ", t->segments[i] + 1);
        report_segment_source(f, r, t->segments[i]); /* as the classes' segments */
        fputs(":</span> ", f);
        segment_text(f, r->in->p, t->segments[i]);
        fputs("</li>\n", f);
    }
    fputs("</ol>\n", f);
}

/* The rest of a left-out theme's section, after its heading and first sentence: its
 * over-represented modalities, its forms and its typical segments. */
static void theme_profile(FILE *f, const cn_theme *t, const report *r, const char *units)
{
    if (t->nmodalities > 0)
        fputs("Over-represented modalities:", f);
    for (int i = 0; i < t->nmodalities; i++) {
        fputs(i ? ", " : " ", f);
        cn_markup_text(f, t->modalities[i].name);
        fprintf(f, " <span class=\"muted\">(%u of %u, χ² %.1f)</span>", t->modalities[i].in_theme,
                t->modalities[i].total, t->modalities[i].chi2);
    }
    fputs("</p>\n", f);
    if (t->nforms > 0)
        theme_forms(f, t, units);
    else
        fputs("<p class=\"muted\">No active form is over-represented in it (χ² > 2).</p>\n", f);
    theme_segments(f, t, r);
    fputs("</section>\n", f);
}

static void theme(FILE *f, const cn_themes *all, int k, const report *r, const char *units)
{
    const cn_theme *t = &all->themes[k];
    char with_it[512];
    cn_themes_with_it(all, k, units, with_it, sizeof with_it);
    fprintf(f,
            "<section id=\"theme-node-%d\" style=\"border-left:8px dashed #ccc;"
            "padding-left:1em;margin:2em 0\"><h3>Leaf %d: %u %s</h3>\n"
            "<p><code>--min-class %d</code> would keep it as a class of its own; on the same "
            "tree, ",
            t->node, t->node, t->size, report_units_for(units, t->size), t->min_class);
    cn_markup_text(f, with_it);
    fputs(". ", f);
    theme_profile(f, t, r, units);
}

/* A leaf of a double classification's tree that the crossing left mostly unclassified. */
static void crossing_theme(FILE *f, const cn_theme *t, const report *r)
{
    fprintf(f,
            "<section id=\"theme-tree%d-node-%d\" style=\"border-left:8px dashed #ccc;"
            "padding-left:1em;margin:2em 0\"><h3>Tree %d, leaf %d: %u segments, %u "
            "unclassified (%.1f %%)</h3>\n<p>",
            t->tree, t->node, t->tree, t->node, t->size, t->unclassified,
            100.0 * t->unclassified / t->size);
    theme_profile(f, t, r, "segments");
}

/* The double classification: how much the crossing left unclassified, and the leaves of
 * its two trees whose segments are mostly among them. */
static void crossing_section(FILE *f, const report *r, const cn_themes *t)
{
    uint32_t n = r->in->d->nrows, none = n - t->classified;
    fputs("<h2 id=\"themes-below\">Themes the crossing left unclassified</h2>\n", f);
    fprintf(f,
            "<p>The double classification keeps the crossed pairs of its two trees (at least "
            "%d segments, χ² above 3.84); a segment in no pair is unclassified. Here the "
            "crossing left <strong>%u of %u segments unclassified (%.1f %%)</strong>.",
            r->in->d->mincl, none, n, n ? 100.0 * none / n : 0);
    if (t->n == 0) {
        fputs(" No phase-1 leaf of either tree has more than half of its segments among "
              "them.</p>\n",
              f);
        return;
    }
    fprintf(f,
            " These %d phase-1 leaves of the two trees have more than half of their segments "
            "unclassified: each is shown with its size, the share left unclassified and the "
            "forms over-represented in its segments against all the others. "
            "<code>--method simple</code> classifies one tree's leaves directly.</p>\n",
            t->n);
    for (int k = 0; k < t->n; k++)
        crossing_theme(f, &t->themes[k], r);
}

void report_themes_section(FILE *f, const report *r)
{
    const cn_themes *t = r->in->themes;
    const char *units = r->in->units;
    if (t && t->double_method) {
        crossing_section(f, r, t);
        return;
    }
    fputs("<h2 id=\"themes-below\">Themes below the minimum class size</h2>\n", f);
    if (!t)
        return;
    if (t->n == 0) {
        fputs("<p>None: no phase-1 leaf was left out for being below the minimum class "
              "size.</p>\n",
              f);
        return;
    }
    fprintf(f,
            "<p>IRAMUTEQ's rule keeps a phase-1 leaf as a class when it has at least %d %s "
            "(<code>--min-class</code>), or through its parent; these %d leaves were left "
            "unclassified. Each is shown with the forms over-represented in its %s against "
            "all the others, and the <code>--min-class</code> that would keep it, with the classes "
            "that value gives: the tree stays the same, but other leaves may then become "
            "classes, and a leaf that climbed to a larger class may then stand alone.</p>\n",
            r->in->d->mincl, units, t->n, units);
    for (int k = 0; k < t->n; k++)
        theme(f, t, k, r, units);
}
