/* report_figures.c — the report's figures, drawn with cairo (see report.h): dendrograms,
 * word clouds, Zipf plot, segment sizes, themes over diary time, similitude (the CA plane is
 * report_afc.c), and the helpers they share with it. Labels are measured and placed only
 * where they overlap nothing; those that cannot be placed are listed, never drawn over each
 * other. What a figure cannot show goes into the report's notes for its caption. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohorts.h"
#include "carnet/csvout.h"
#include "carnet/simi.h"
#include "carnet/outfile.h"
#include "carnet/corpus.h"
#include "carnet/utf8.h"
#include "figures.h"

/* Appends a sentence to a figure's notes (cut, never overrun, when they are long). */
void report_note(char *notes, size_t size, const char *fmt, ...)
{
    size_t used = strlen(notes);
    if (used + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(notes + used, size - used, fmt, ap);
    va_end(ap);
}

/* label into buf; when too long, cut on a character (never inside one), its trailing
 * spaces dropped, and "…" put where it was cut: a cut name read as the whole (trial 63). */
static void cut_label(const char *label, char *buf, size_t size)
{
    static const char ellipsis[] = "…";
    size_t len = strlen(label);
    if (len < size || size <= sizeof ellipsis) {
        snprintf(buf, size, "%.*s", (int)cn_utf8_prefix(label, size - 1), label);
        return;
    }
    size_t keep = cn_utf8_prefix(label, size - sizeof ellipsis);
    while (keep > 0 && label[keep - 1] == ' ')
        keep--;
    snprintf(buf, size, "%.*s%s", (int)keep, label, ellipsis);
}

const char *report_class_label(const report *r, uint32_t k, char *buf, size_t size)
{
    if (k <= CN_REPORT_MAX_CLASSES && r->in->labels && r->in->labels[k])
        cut_label(r->in->labels[k], buf, size);
    else
        snprintf(buf, size, "Class %u", k);
    return buf;
}

const char *report_class_name(const report *r, uint32_t k, char *buf, size_t size)
{
    if (!(k <= CN_REPORT_MAX_CLASSES && r->in->labels && r->in->labels[k]))
        return report_class_label(r, k, buf, size);
    char whole[512];
    snprintf(whole, sizeof whole, "%u \xc2\xb7 %s", k, r->in->labels[k]);
    cut_label(whole, buf, size);
    return buf;
}

void report_colour(const report *r, cairo_t *cr, uint32_t k)
{
    double c[3];
    cn_figure_colour((int)k - 1, r->in->grey, c); /* k 0 (unclassified): -1 */
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static cn_figure *new_figure(double width, double height, cn_error *err)
{
    cn_figure *fig = cn_figure_new(width, height);
    if (!fig)
        cn_error_nomem(err);
    return fig;
}

/* Writes the figure's files and hands it over for inlining; frees it on failure. */
int report_finish(cn_figure *fig, report *r, const char *name, cn_figure **out, cn_error *err)
{
    if (cn_figure_write(fig, r->in->dir, name, r->in->pdf, err) < 0) {
        cn_figure_free(fig);
        return -1;
    }
    *out = fig;
    return 0;
}

/* ---- labels wholly inside their figure ---------------------------------------------- */

/* Where a plot's labels may go: the surface less 2 px on each side, below the title. */
cn_box report_label_area(const cn_figure *fig)
{
    cn_box area = cn_figure_area(fig, 2);
    area.y0 = 26;
    return area;
}

/* The x moving a label whose box at x is rel (measured at 0) just inside [area.x0, area.x1]
 * (its left edge on area.x0 when it is wider than the area). */
double report_inside_x(cn_box rel, double x, cn_box area)
{
    if (x + rel.x1 > area.x1)
        x = area.x1 - rel.x1;
    return x + rel.x0 < area.x0 ? area.x0 - rel.x0 : x;
}

/* Text drawn at x (aligned so) moved just inside the figure's width: ticks, axis values. */
static double fit_x(cairo_t *cr, const cn_figure *fig, double x, const char *text, double fs,
                    cn_align align, bool bold)
{
    cn_box rel = cn_figure_text_box(cr, 0, 0, text, fs, align, bold);
    return report_inside_x(rel, x, cn_figure_area(fig, 2));
}

const char *report_shorten(cairo_t *cr, const char *text, double fs, bool bold, double maxw,
                           char *buf, size_t size)
{
    cn_box b = cn_figure_text_box(cr, 0, 0, text, fs, CN_ALIGN_LEFT, bold);
    if (b.x1 - fmin(0, b.x0) <= maxw || size < 4)
        return text;
    for (size_t keep = cn_utf8_prefix(text, size - 4); keep > 0;
         keep = cn_utf8_prefix(text, keep - 1)) {
        size_t k = keep;
        while (k > 0 && text[k - 1] == ' ')
            k--;
        snprintf(buf, size, "%.*s…", (int)k, text);
        b = cn_figure_text_box(cr, 0, 0, buf, fs, CN_ALIGN_LEFT, bold);
        if (b.x1 - fmin(0, b.x0) <= maxw)
            return buf;
    }
    snprintf(buf, size, "…");
    return buf;
}

/* ---- dendrograms ----------------------------------------------------------------- */

static int split_of(const cn_dhc *d, int node)
{
    for (int s = 0; s < d->nsplits; s++)
        if (d->splits[s].node == node)
            return s;
    return -1;
}

static int terminal_class(const cn_dhc *d, int node)
{
    for (int k = 0; k < d->nclasses; k++)
        if (d->terminal[k] == node)
            return k + 1;
    return 0;
}

static bool holds_terminal(const cn_dhc *d, int node)
{
    if (terminal_class(d, node))
        return true;
    int s = split_of(d, node);
    return s >= 0 &&
           (holds_terminal(d, d->splits[s].child1) || holds_terminal(d, d->splits[s].child2));
}

typedef struct tree_draw {
    cairo_t *cr;
    const cn_figure *fig;
    const cn_dhc *d;
    bool full; /* the phase-1 tree; else the tree of final classes */
    double row_h, x_step, top;
    int next_row;
    int order[CN_REPORT_MAX_CLASSES]; /* final classes in drawing order */
    int norder;
} tree_draw;

/* Draws the subtree of node; returns its y. Leaves take the next row. */
static double draw_node(tree_draw *t, int node, int depth, double *leaf_x)
{
    int s = split_of(t->d, node);
    bool leaf = t->full ? s < 0 : terminal_class(t->d, node) != 0;
    double x = 20 + depth * t->x_step;
    if (leaf) {
        double y = t->top + t->row_h * (t->next_row++ + 0.5);
        if (!t->full && t->norder < CN_REPORT_MAX_CLASSES)
            t->order[t->norder++] = terminal_class(t->d, node);
        cairo_move_to(t->cr, x, y);
        cairo_line_to(t->cr, *leaf_x, y);
        cairo_stroke(t->cr);
        return y;
    }
    int kids[2] = {t->d->splits[s].child1, t->d->splits[s].child2};
    double ys[2];
    int n = 0;
    for (int c = 0; c < 2; c++)
        if (t->full || holds_terminal(t->d, kids[c]))
            ys[n++] = draw_node(t, kids[c], depth + 1, leaf_x);
    double y = n == 2 ? (ys[0] + ys[1]) / 2 : ys[0];
    if (n == 2) {
        double cx = 20 + (depth + 1) * t->x_step;
        cairo_move_to(t->cr, cx, ys[0]);
        cairo_line_to(t->cr, cx, ys[1]);
        cairo_stroke(t->cr);
        cairo_move_to(t->cr, x, y);
        cairo_line_to(t->cr, cx, y);
        cairo_stroke(t->cr);
        if (t->full) {
            char chi[32];
            snprintf(chi, sizeof chi, "χ² %.1f", t->d->splits[s].chi2);
            cairo_set_source_rgb(t->cr, 0.35, 0.35, 0.35);
            cn_figure_text(t->cr, fit_x(t->cr, t->fig, cx - 3, chi, 9, CN_ALIGN_RIGHT, false),
                           y - 3, chi, 9, CN_ALIGN_RIGHT, false);
            cairo_set_source_rgb(t->cr, 0, 0, 0);
        }
    } else {
        cairo_move_to(t->cr, x, y);
        cairo_line_to(t->cr, 20 + (depth + 1) * t->x_step, y);
        cairo_stroke(t->cr);
    }
    return y;
}

static int tree_depth(const cn_dhc *d, int node, bool full)
{
    int s = split_of(d, node);
    if (s < 0 || (!full && terminal_class(d, node)))
        return 0;
    int a = tree_depth(d, d->splits[s].child1, full), b = tree_depth(d, d->splits[s].child2, full);
    return 1 + (a > b ? a : b);
}

/* The profile forms of class k, by chi2 descending (positive, active). */
static size_t class_forms(const report *r, uint32_t k, const cn_profile_row **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->in->pr->nrows && n < max; i++) {
        const cn_profile_row *row = &r->in->pr->rows[i];
        if (row->cls == k && row->kind == CN_ROW_ACTIVE && row->chi2 > 0)
            out[n++] = row;
    }
    return n;
}

int report_dendrogram(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    const cn_dhc *d = r->in->d;
    if (d->nclasses == 0)
        return 0;
    double row_h = 46, top = 30;
    cn_figure *fig = new_figure(REPORT_W, top + row_h * d->nclasses + 16, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    cairo_set_line_width(cr, 1.2);
    tree_draw t = {cr, fig, d, false, row_h, 0, top, 0, {0}, 0};
    bool tree = d->nsplits > 0 && d->npairs == 0;
    int depth = tree ? tree_depth(d, 1, false) : 0;
    double leaf_x = tree ? 200 : 20;
    t.x_step = (leaf_x - 20) / (depth + 1);
    cn_figure_text(cr, 20, 18, "Classes: share of the classified units and profile forms", 12,
                   CN_ALIGN_LEFT, true);
    if (tree) {
        draw_node(&t, 1, 0, &leaf_x);
    } else {
        for (int k = 1; k <= d->nclasses; k++)
            t.order[t.norder++] = k;
    }
    uint32_t total = r->in->pr->classified ? r->in->pr->classified : 1;
    for (int i = 0; i < t.norder; i++) {
        uint32_t k = (uint32_t)t.order[i];
        double y = top + row_h * (i + 0.5), pct = 100.0 * r->in->pr->class_units[k - 1] / total;
        char name[128], line[192], share[32], cut[132];
        report_colour(r, cr, k);
        cairo_rectangle(cr, leaf_x + 6, y - 8, 1.2 * pct, 16);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        /* a long --labels name is shortened to end inside the figure, its share kept */
        snprintf(share, sizeof share, "  %.1f %%", pct);
        double room =
            REPORT_W - 2 - (leaf_x + 10 + 1.2 * pct) - cn_figure_text_width(cr, share, 11, true);
        snprintf(line, sizeof line, "%s%s",
                 report_shorten(cr, report_class_name(r, k, name, sizeof name), 11, true, room, cut,
                                sizeof cut),
                 share);
        cn_figure_text(cr, leaf_x + 10 + 1.2 * pct, y + 4, line, 11, CN_ALIGN_LEFT, true);
        const cn_profile_row *forms[12];
        size_t n = class_forms(r, k, forms, 12);
        double x = leaf_x + 10, maxchi = n ? forms[0]->chi2 : 1;
        report_colour(r, cr, k);
        for (size_t f = 0; f < n; f++) {
            const char *form = cn_lemma_name(r->in->p, forms[f]->id);
            double size = 9 + 5 * forms[f]->chi2 / maxchi;
            double w = cn_figure_text_width(cr, form, size, false);
            if (x + w > REPORT_W - 10)
                break;
            cn_figure_text(cr, x, y + 20, form, size, CN_ALIGN_LEFT, false);
            x += w + 8;
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    return report_finish(fig, r, "dendrogram", out, err);
}

int report_tree(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    const cn_dhc *d = r->in->d;
    if (d->nsplits == 0 || d->npairs > 0)
        return 0;
    int leaves = d->nsplits + 1;
    double row_h = 22, top = 30;
    cn_figure *fig = new_figure(REPORT_W, top + row_h * leaves + 10, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    cairo_set_line_width(cr, 1);
    cn_figure_text(cr, 20, 18, "Phase-1 tree: every split with its χ²", 12, CN_ALIGN_LEFT, true);
    int depth = tree_depth(d, 1, true);
    double leaf_x = 620;
    tree_draw t = {cr, fig, d, true, row_h, (leaf_x - 20) / (depth + 1), top, 0, {0}, 0};
    /* leaf labels: node id, units, and the final class it went to */
    draw_node(&t, 1, 0, &leaf_x);
    int row = 0;
    /* label leaves in the same order as draw_node visited them */
    int *stack = malloc(((size_t)d->max_node + 2) * sizeof *stack), sp = 0;
    if (!stack) {
        cn_figure_free(fig);
        cn_error_nomem(err);
        return -1;
    }
    stack[sp++] = 1;
    while (sp > 0) {
        int node = stack[--sp];
        int s = split_of(d, node);
        if (s >= 0) {
            stack[sp++] = d->splits[s].child2;
            stack[sp++] = d->splits[s].child1;
            continue;
        }
        uint32_t size = 0;
        int last = d->nsplits - 1;
        for (uint32_t i = 0; i < d->nrows; i++)
            size += cn_dhc_label(d, last, i) == node;
        int k = 0;
        for (int x = node; x > 0 && !k; x = d->parent[x])
            k = terminal_class(d, x);
        char label[96], name[64], cut[100];
        if (k)
            snprintf(label, sizeof label, "node %d: %u → %s", node, size,
                     report_class_name(r, (uint32_t)k, name, sizeof name));
        else
            snprintf(label, sizeof label, "node %d: %u → unclassified", node, size);
        report_colour(r, cr, (uint32_t)k);
        cn_figure_text(
            cr, leaf_x + 6, top + row_h * (row++ + 0.5) + 4,
            report_shorten(cr, label, 10, false, REPORT_W - 2 - (leaf_x + 6), cut, sizeof cut), 10,
            CN_ALIGN_LEFT, false);
    }
    free(stack);
    return report_finish(fig, r, "tree_phase1", out, err);
}

/* ---- word cloud of a class ----------------------------------------------------------- */

int report_cloud(report *r, uint32_t k, cn_figure **out, cn_error *err)
{
    *out = NULL;
    r->cloud_notes[0] = '\0';
    const cn_profile_row *forms[60];
    size_t n = class_forms(r, k, forms, 60);
    if (n == 0)
        return 0;
    cn_figure *fig = new_figure(380, 240, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    /* the strongest form in the middle, the others in lines around it, sized by chi2 */
    double maxchi = forms[0]->chi2, y = 28, line_h = 0;
    double x = 10;
    report_colour(r, cr, k);
    for (size_t i = 0; i < n; i++) {
        const char *form = cn_lemma_name(r->in->p, forms[i]->id);
        double fs = 10 + 22 * sqrt(forms[i]->chi2 / maxchi);
        double w = cn_figure_text_width(cr, form, fs, i == 0);
        bool shrunk = false;
        if (w > 360) { /* a form longer than a line: smaller, to fit the cloud's width */
            fs *= 360 / w;
            w = cn_figure_text_width(cr, form, fs, i == 0);
            shrunk = true;
        }
        if (x + w > 370) {
            x = 10;
            y += line_h + 4;
            line_h = 0;
        }
        cn_box ink = cn_figure_text_box(cr, x, y + fs * 0.8, form, fs, CN_ALIGN_LEFT, i == 0);
        if (y + fs > 236 || !cn_box_inside(ink, cn_figure_area(fig, 2)))
            break;
        if (fs > line_h)
            line_h = fs;
        cn_figure_text(cr, x, y + fs * 0.8, form, fs, CN_ALIGN_LEFT, i == 0);
        x += w + 10;
        if (shrunk) /* drawn smaller than weaker forms: the caption says so (trial 63) */
            report_note(r->cloud_notes, sizeof r->cloud_notes, "%s%s", *r->cloud_notes ? ", " : "",
                        form);
    }
    char name[32];
    snprintf(name, sizeof name, "cloud_class_%u", k);
    return report_finish(fig, r, name, out, err);
}

/* ---- corpus statistics: Zipf plot, segment sizes ------------------------------------- */

static int desc_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x < y) - (x > y);
}

static void axes_box(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x0, y1);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

int report_zipf(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    uint32_t nf = cn_intern_count(r->in->p->forms), n = 0;
    uint64_t *f = malloc(((size_t)nf + 1) * sizeof *f);
    cn_figure *fig = f ? cn_figure_new(400, 300) : NULL;
    if (!fig) {
        free(f);
        cn_error_nomem(err);
        return -1;
    }
    for (uint32_t i = 0; i < nf; i++)
        if (r->in->p->form_freq[i] > 0)
            f[n++] = r->in->p->form_freq[i];
    qsort(f, n, sizeof *f, desc_u64);
    cairo_t *cr = cn_figure_cairo(fig);
    double x0 = 50, y0 = 30, x1 = 385, y1 = 260;
    cn_figure_text(cr, 20, 18, "Zipf plot: frequency by rank (log-log)", 12, CN_ALIGN_LEFT, true);
    axes_box(cr, x0, y0, x1, y1);
    double lr = n > 1 ? log10((double)n) : 1, lf = n && f[0] > 1 ? log10((double)f[0]) : 1;
    for (int d = 0; d <= (int)lr; d++) {
        char t[16];
        snprintf(t, sizeof t, "%g", pow(10, d));
        cn_figure_text(cr, fit_x(cr, fig, x0 + (x1 - x0) * d / lr, t, 9, CN_ALIGN_CENTRE, false),
                       y1 + 14, t, 9, CN_ALIGN_CENTRE, false);
    }
    for (int d = 0; d <= (int)lf; d++) {
        char t[16];
        snprintf(t, sizeof t, "%g", pow(10, d));
        cn_figure_text(cr, fit_x(cr, fig, x0 - 4, t, 9, CN_ALIGN_RIGHT, false),
                       y1 - (y1 - y0) * d / lf + 3, t, 9, CN_ALIGN_RIGHT, false);
    }
    /* One mark per rank class, not per form (a corpus of 10^5 forms gave a 9 MB SVG):
     * ranks in log-spaced bins half a point wide (a pixel of the PNG), each bin a dot, or
     * a stroke from its highest to its lowest frequency; ranks are sorted, so f[first]
     * is the bin's highest and f[last] its lowest. */
    report_colour(r, cr, 5);
    cairo_set_line_width(cr, 3);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    double bins = 2 * (x1 - x0);
    for (uint32_t first = 0; first < n;) {
        double bin = floor(bins * log10((double)first + 1) / lr);
        uint32_t last = first;
        while (last + 1 < n && floor(bins * log10((double)last + 2) / lr) == bin)
            last++;
        double x = x0 + (x1 - x0) * log10((double)first + 1) / lr;
        cairo_move_to(cr, x, y1 - (y1 - y0) * log10((double)f[first]) / lf);
        cairo_line_to(cr, x, y1 - (y1 - y0) * log10((double)f[last]) / lf);
        first = last + 1;
    }
    cairo_stroke(cr);
    free(f);
    return report_finish(fig, r, "zipf", out, err);
}

int report_sizes(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    uint32_t max = 0;
    for (uint32_t s = 0; s < r->in->p->nsegs; s++)
        if (r->in->p->segs[s].occurrences > max)
            max = r->in->p->segs[s].occurrences;
    uint32_t *h = calloc((size_t)max + 1, sizeof *h);
    cn_figure *fig = h ? cn_figure_new(400, 300) : NULL;
    if (!fig) {
        free(h);
        cn_error_nomem(err);
        return -1;
    }
    uint32_t top = 1;
    for (uint32_t s = 0; s < r->in->p->nsegs; s++)
        if (++h[r->in->p->segs[s].occurrences] > top)
            top = h[r->in->p->segs[s].occurrences];
    /* the figure's table */
    char path[4200];
    snprintf(path, sizeof path, "%s/segment_sizes.csv", r->in->dir);
    FILE *table = cn_out_open(path, err);
    if (table) {
        fputs("occurrences,segments\n", table);
        for (uint32_t v = 0; v <= max; v++)
            if (h[v])
                fprintf(table, "%u,%u\n", v, h[v]);
    }
    /* a table a full disk cut is the run's failure, as any other file's (trial 78) */
    if (!table || cn_out_close(table, path, err) < 0) {
        free(h);
        cn_figure_free(fig);
        return -1;
    }
    cairo_t *cr = cn_figure_cairo(fig);
    double x0 = 50, y0 = 30, x1 = 385, y1 = 260, bw = (x1 - x0) / (max + 1);
    cn_figure_text(cr, 20, 18, "Segment sizes (occurrences per segment)", 12, CN_ALIGN_LEFT, true);
    axes_box(cr, x0, y0, x1, y1);
    report_colour(r, cr, 2);
    for (uint32_t v = 0; v <= max; v++) {
        double bh = (y1 - y0) * h[v] / top;
        cairo_rectangle(cr, x0 + v * bw, y1 - bh, bw * 0.9, bh);
    }
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    char t[32];
    snprintf(t, sizeof t, "%u", max);
    cn_figure_text(cr, x1, y1 + 14, t, 9, CN_ALIGN_RIGHT, false);
    cn_figure_text(cr, x0, y1 + 14, "0", 9, CN_ALIGN_LEFT, false);
    snprintf(t, sizeof t, "%u", top);
    cn_figure_text(cr, x0 - 4, y0 + 4, t, 9, CN_ALIGN_RIGHT, false);
    free(h);
    return report_finish(fig, r, "segment_sizes", out, err);
}

/* ---- themes over diary time ------------------------------------------------------------ */

int report_time(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    const char **mods = r->axis.mods;
    size_t nm = r->axis.n;
    uint32_t K = r->in->pr->nclasses;
    if (nm < 2 || K == 0)
        return 0;
    cn_figure *fig = new_figure(REPORT_W, 340, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    char title[120];
    snprintf(title, sizeof title, "Share of each class by %s", r->in->time_var);
    cn_figure_text(cr, 20, 18, title, 12, CN_ALIGN_LEFT, true);
    double x0 = 60, y0 = 40, x1 = REPORT_W - 150, y1 = 290, bw = (x1 - x0) / nm;
    double gap = bw >= 8 ? 2 : bw / 4; /* hundreds of bars stay bars */
    /* one label every `every` bars, so that none overlaps the next */
    double widest = 0;
    for (size_t i = 0; i < nm; i++)
        widest = fmax(widest, cn_figure_text_width(cr, strchr(mods[i], '_') + 1, 9, false));
    size_t every = (size_t)ceil((widest + 4) / bw);
    every = every ? every : 1;
    /* Each bar's count above it: a month of 3 segments and one of 300 look alike at 100 %
     * (trial 63). All or none: a count left out where it did not fit would read as none. */
    bool counts_fit = true;
    for (size_t i = 0; i < nm && counts_fit; i++) {
        char n[24];
        snprintf(n, sizeof n, "%u", r->axis.units[i]);
        counts_fit = cn_figure_text_width(cr, n, 8, false) <= bw - 2;
    }
    for (size_t i = 0; i < nm; i++) {
        uint32_t id = cn_intern_find(r->in->pr->modalities, mods[i], strlen(mods[i]));
        double total = r->axis.units[i], y = y1;
        if (counts_fit) {
            char n[24];
            snprintf(n, sizeof n, "%.0f", total);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cn_figure_text(cr, x0 + (i + 0.5) * bw, y0 - 6, n, 8, CN_ALIGN_CENTRE, false);
        }
        for (uint32_t k = 0; k < K && total > 0; k++) {
            double h = (y1 - y0) * r->in->pr->mcount[(size_t)id * K + k] / total;
            report_colour(r, cr, k + 1);
            cairo_rectangle(cr, x0 + i * bw + gap, y - h, bw - 2 * gap, h);
            cairo_fill(cr);
            y -= h;
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        const char *mod = strchr(mods[i], '_') + 1;
        if (i % every == 0)
            cn_figure_text(cr, fit_x(cr, fig, x0 + (i + 0.5) * bw, mod, 9, CN_ALIGN_CENTRE, false),
                           y1 + 14, mod, 9, CN_ALIGN_CENTRE, false);
    }
    if (every > 1) {
        char said[96];
        snprintf(said, sizeof said, "%zu modalities: one label every %zu bars", nm, every);
        cn_figure_text(cr, x0, y1 + 28, said, 9, CN_ALIGN_LEFT, false);
    }
    cn_figure_text(cr, x0 - 6, y0 + 4, "100 %", 9, CN_ALIGN_RIGHT, false);
    cn_figure_text(cr, x0 - 6, y1, "0", 9, CN_ALIGN_RIGHT, false);
    cn_figure_text(cr, x0 - 6, y0 - 6, counts_fit ? r->in->units : "", 8, CN_ALIGN_RIGHT, false);
    if (!counts_fit)
        cn_figure_text(cr, x0, y1 + 40, "Too many bars to print their counts: see the table.", 9,
                       CN_ALIGN_LEFT, false);
    /* every class in the legend: 16 classes at 18 px would overrun the figure */
    double step = K * 18.0 <= y1 + 30 - y0 ? 18 : (y1 + 30 - y0) / K;
    for (uint32_t k = 0; k < K; k++) {
        char name[64], cut[72];
        report_colour(r, cr, k + 1);
        cairo_rectangle(cr, x1 + 16, y0 + step * k, 12, step < 14 ? step - 2 : 12);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cn_figure_text(cr, x1 + 34, y0 + step * k + 10,
                       report_shorten(cr, report_class_name(r, k + 1, name, 64), 10, false,
                                      REPORT_W - 2 - (x1 + 34), cut, sizeof cut),
                       10, CN_ALIGN_LEFT, false);
    }
    return report_finish(fig, r, "themes_over_time", out, err);
}

/* ---- similitude -------------------------------------------------------------------- */

int report_simi(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    const cn_prepared *p = r->in->p;
    const cn_simi s = *r->in->simi;
    uint32_t nv = s.nvertices;
    if (nv < 2 || !s.x)
        return 0;
    cn_figure *fig = new_figure(REPORT_W, REPORT_W, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    cn_figure_text(cr, 20, 20, "Similitude: maximum spanning tree of co-occurrences in segments",
                   12, CN_ALIGN_LEFT, true);
    double m = 60, span = REPORT_W - 2 * m, maxw = 1;
    for (uint32_t e = 0; e < s.nedges; e++)
        maxw = fmax(maxw, s.weight[e]);
#define SX(v) (m + ((s.x[v] + 1) / 2) * span)
#define SY(v) (m + ((s.y[v] + 1) / 2) * span)
    cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
    for (uint32_t e = 0; e < s.nedges; e++) {
        cairo_set_line_width(cr, 0.5 + 4 * s.weight[e] / maxw);
        cairo_move_to(cr, SX(s.from[e]), SY(s.from[e]));
        cairo_line_to(cr, SX(s.to[e]), SY(s.to[e]));
        cairo_stroke(cr);
    }
    uint64_t maxf = p->lemmas[p->col_lemma[0]].freq;
    uint32_t unlabelled = 0;
    cn_boxes boxes = {0};
    cn_box area = report_label_area(fig);
    char path[4200];
    snprintf(path, sizeof path, "%s/similitude_notplotted.csv", r->in->dir);
    FILE *missed = cn_out_open(path, err); /* labels with no free place: a dot, and listed here */
    if (!missed) {
        cn_figure_free(fig);
        return -1;
    }
    fputs("form,frequency\n", missed);
    for (uint32_t v = 0; v < nv; v++) { /* most frequent first: they get their place */
        uint32_t l = p->col_lemma[v];
        double fs = 9 + 12 * sqrt((double)p->lemmas[l].freq / (double)maxf);
        const char *name = cn_lemma_name(p, l);
        double w = cn_figure_text_width(cr, name, fs, false);
        report_colour(r, cr, (uint32_t)r->best_class[l]);
        /* centred on its point, moved inward over it at an edge: wholly inside the figure */
        cn_box rel = cn_figure_text_box(cr, 0, 0, name, fs, CN_ALIGN_CENTRE, false);
        double x = report_inside_x(rel, SX(v), area);
        if (fabs(x - SX(v)) <= w / 2 && cn_box_inside(cn_box_at(rel, x, SY(v)), area) &&
            cn_boxes_take(&boxes, x - w / 2, SY(v) - fs, x + w / 2, SY(v) + 3)) {
            cn_figure_text(cr, x, SY(v), name, fs, CN_ALIGN_CENTRE, false);
        } else {
            cairo_arc(cr, SX(v), SY(v), 2, 0, REPORT_TAU);
            cairo_fill(cr);
            unlabelled++;
            cn_csv_text(missed, name);
            fprintf(missed, ",%llu\n", (unsigned long long)p->lemmas[l].freq);
        }
    }
#undef SX
#undef SY
    if (cn_out_close(missed, path, err) < 0) { /* cut by a full disk, it listed none */
        cn_boxes_free(&boxes);
        cn_figure_free(fig);
        return -1;
    }
    report_note(r->simi_notes, sizeof r->simi_notes, "The %u most frequent active forms. ", nv);
    if (r->in->pr->nclasses > (uint32_t)cn_figure_palette_size())
        report_note(r->simi_notes, sizeof r->simi_notes,
                    "Classes %d and on take the colours of classes 1 and on again. ",
                    cn_figure_palette_size() + 1);
    if (unlabelled)
        report_note(r->simi_notes, sizeof r->simi_notes,
                    "%u of them could not be labelled: labels are drawn from the most frequent "
                    "form down, and theirs would have covered one already drawn or crossed the "
                    "figure's edge; each is a dot, "
                    "listed with its frequency in similitude_notplotted.csv. ",
                    unlabelled);
    else
        report_note(r->simi_notes, sizeof r->simi_notes, "Every one is labelled. ");
    cn_boxes_free(&boxes);
    return report_finish(fig, r, "similitude", out, err);
}

/* ---- specificities ------------------------------------------------------------------- */

/* The chart's rows: the first SPECIF_FORMS rows of each modality scoring 2 or more
 * (rows come by modality, then score descending). */
static bool charted(const cn_varspec_var *v, size_t i, uint32_t *rank)
{
    if (i % v->per_modality == 0) /* a modality's first row */
        *rank = 0;
    return (*rank)++ < SPECIF_FORMS && v->rows[i].spec >= 2;
}

int report_specif_chart(report *r, const cn_varspec_var *v, cn_figure **out, cn_error *err)
{
    *out = NULL;
    if (v->nmods > SPECIF_MODS)
        return 0; /* the table alone: too many modalities for one chart */
    int rows = 0;
    double max = 2;
    uint32_t rank = 0;
    for (size_t i = 0; i < v->nrows; i++)
        if (charted(v, i, &rank)) {
            rows++;
            if (isfinite(v->rows[i].spec) && v->rows[i].spec > max)
                max = v->rows[i].spec;
        }
    if (rows == 0)
        return 0;
    cn_figure *fig = new_figure(REPORT_W, 40 + 24.0 * v->nmods + 16.0 * rows, err);
    if (!fig)
        return -1;
    cairo_t *cr = cn_figure_cairo(fig);
    char title[160], cut[200];
    snprintf(title, sizeof title, "Most specific forms by %s (Lafon score, from 2)", v->var);
    cn_figure_text(cr, 20, 20, report_shorten(cr, title, 12, true, REPORT_W - 22, cut, sizeof cut),
                   12, CN_ALIGN_LEFT, true);
    double y = 40, x0 = 220, span = REPORT_W - x0 - 80;
    for (uint32_t m = 0; m < v->nmods; m++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cn_figure_text(cr, 20, y + 14,
                       report_shorten(cr, v->mods[m], 11, true, REPORT_W - 22, cut, sizeof cut), 11,
                       CN_ALIGN_LEFT, true);
        y += 24;
        rank = 0;
        for (size_t i = (size_t)m * v->per_modality; i < (size_t)(m + 1) * v->per_modality; i++) {
            const cn_varspec_row *row = &v->rows[i];
            if (!charted(v, i, &rank))
                continue;
            double val = isfinite(row->spec) ? row->spec : max;
            report_colour(r, cr, m + 1);
            cairo_rectangle(cr, x0, y - 10, span * val / max, 11);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cn_figure_text(cr, x0 - 6, y,
                           report_shorten(cr, cn_lemma_name(r->in->p, row->lemma), 10, false,
                                          x0 - 8, cut, sizeof cut),
                           10, CN_ALIGN_RIGHT, false);
            char score[32];
            if (isfinite(row->spec))
                snprintf(score, sizeof score, "%.1f", row->spec);
            else
                snprintf(score, sizeof score, "Inf");
            cn_figure_text(
                cr, fit_x(cr, fig, x0 + span * val / max + 4, score, 9, CN_ALIGN_LEFT, false), y,
                score, 9, CN_ALIGN_LEFT, false);
            y += 16;
        }
    }
    char name[96];
    snprintf(name, sizeof name, "specificities_%s", v->var);
    return report_finish(fig, r, name, out, err);
}
