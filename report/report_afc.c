/* report_afc.c — the report's CA plane (afc_plane, see report.h): labels placed where they
 * overlap nothing, the rest listed in afc_notplotted.csv, what it cannot show in its notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/csvout.h"
#include "carnet/outfile.h"
#include "carnet/corpus.h"
#include "figures.h"

/* ---- the CA plane ------------------------------------------------------------------ */

typedef struct point {
    double x, y, weight;
    uint8_t kind; /* 0 class, 1 active form, 2 modality */
    uint32_t cls; /* colour */
    const char *label;
} point;

static int by_weight(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->cls != y->cls) /* qsort is not stable: ties in a fixed order */
        return x->cls < y->cls ? -1 : 1;
    return strcmp(x->label, y->label);
}

/* Where a label of width w and size fs goes, rel its ink's box centred at (0, 0). Classes
 * are placed first: a class label is never dropped. It goes at its point when free, else
 * on ellipses further and further out (wide enough for the label), always wholly inside
 * area; when the figure is full, at its point (moved inside) over the others. Returns 0
 * placed, 1 over another label. */
static int place_class_label(cn_boxes *boxes, double px, double py, double w, double fs, cn_box rel,
                             cn_box area, double *cx, double *cy)
{
    double fh = area.y1 + 2;
    static const double angles[] = {90, 270, 0, 180, 45, 135, 225, 315}; /* y points down */
    double h = fs + 4;
    for (int ring = 0; ring <= 2 * (int)(fh / h); ring++)
        for (int i = 0; i < (ring ? 8 : 1); i++) {
            double a = angles[i] * REPORT_TAU / 360;
            double x = ring ? px + cos(a) * (w / 2 + 6 + (ring - 1) * h) : px;
            double y = ring ? py + sin(a) * ring * h : py;
            x = report_inside_x(rel, x, area); /* nudged inside the figure */
            if (y - fs < 26 || y + 3 > fh - 2 || !cn_box_inside(cn_box_at(rel, x, y), area))
                continue;
            if (cn_boxes_take(boxes, x - w / 2 - 1, y - fs, x + w / 2 + 1, y + 3)) {
                *cx = x;
                *cy = y;
                return 0;
            }
        }
    *cx = report_inside_x(rel, px, area);
    *cy = fmax(area.y0 - rel.y0, fmin(area.y1 - rel.y1, py));
    return 1;
}

/* A class label placed on the CA plane: its point, where it goes, its size. */
typedef struct class_label {
    const point *p;
    double px, py, x, y, w, fs;
} class_label;

/* Whether a label centred at x on baseline y covers its point (px, py). */
static bool covers(double px, double py, double x, double y, double w, double fs)
{
    return px >= x - w / 2 - 1 && px <= x + w / 2 + 1 && py >= y - fs && py <= y + 3;
}

/* A label set away from its point: a dot on the point and a line to the label's box. */
static void lead_to(cairo_t *cr, double px, double py, double x, double y, double w, double fs)
{
    double x0 = x - w / 2 - 1, x1 = x + w / 2 + 1, y0 = y - fs, y1 = y + 3;
    cairo_arc(cr, px, py, 3, 0, REPORT_TAU);
    cairo_fill(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, px, py);
    cairo_line_to(cr, fmax(x0, fmin(x1, px)), fmax(y0, fmin(y1, py)));
    cairo_stroke(cr);
}

/* What the plane's axes cannot show, for the caption: an axis at eigenvalue 1 (groups of
 * classes with no form in common, e.g. two languages), one with no inertia, one on
 * whose both sides no classes lie. */
static void afc_axis_notes(report *r, const cn_ca_result *ca, int shown, int K)
{
    int whole[2], nwhole = 0; /* axes at eigenvalue 1 */
    for (int ax = 0; ax < shown && ax < 2; ax++)
        if (ca->eigenvalues[ax] >= 0.999)
            whole[nwhole++] = ax + 1;
    if (nwhole == 2)
        report_note(r->afc_notes, sizeof r->afc_notes, "Axes 1 and 2 both have eigenvalue 1.000");
    else if (nwhole == 1)
        report_note(r->afc_notes, sizeof r->afc_notes, "Axis %d has eigenvalue %.3f", whole[0],
                    ca->eigenvalues[whole[0] - 1]);
    if (nwhole)
        report_note(
            r->afc_notes, sizeof r->afc_notes,
            ", the largest possible: %s the classes into groups that share (almost) no active "
            "form, such as two languages, and the plane shows that split more than anything "
            "within each group; --where or --by on the variable that separates them analyses "
            "each group on its own. ",
            nwhole == 2 ? "they split" : "it splits");
    for (int ax = 0; ax < shown; ax++) {
        double ev = ca->eigenvalues[ax], pc = 100 * ev / ca->total_inertia, big = 0;
        int pos = 0, neg = 0;
        for (int k = 0; k < K; k++)
            big = fmax(big, fabs(ca->col_principal[k * ca->naxes + ax]));
        for (int k = 0; k < K; k++) {
            double c = ca->col_principal[k * ca->naxes + ax];
            pos += c > 1e-9 + 1e-6 * big;
            neg += c < -(1e-9 + 1e-6 * big);
        }
        if (ev < 1e-9 || pc < 0.1)
            report_note(r->afc_notes, sizeof r->afc_notes,
                        "Axis %d carries almost no inertia (eigenvalue %.2g, %.2f %%): positions "
                        "along it mean little. ",
                        ax + 1, ev, pc);
        if (pos == 0 || neg == 0)
            report_note(r->afc_notes, sizeof r->afc_notes,
                        "All classes lie on one side of axis %d or at its centre: it does not "
                        "separate the classes. ",
                        ax + 1);
    }
}

/* Groups of classes whose points lie closer on the figure than a class label's height
 * (linked step by step), each named in the caption. */
static void afc_coincide_notes(report *r, const double *px, const double *py, int K, int naxes,
                               double label_h)
{
    int group[CN_REPORT_MAX_CLASSES];
    for (int k = 0; k < K; k++)
        group[k] = k;
    for (int i = 0; i < K; i++)
        for (int j = i + 1; j < K; j++)
            if (hypot(px[i] - px[j], py[i] - py[j]) < label_h && group[j] != group[i]) {
                int from = group[j], to = group[i]; /* merge j's group into i's */
                for (int k = 0; k < K; k++)
                    if (group[k] == from)
                        group[k] = to;
            }
    for (int g = 0; g < K; g++) {
        int size = 0;
        for (int k = 0; k < K; k++)
            size += group[k] == g;
        if (size < 2)
            continue;
        for (int k = 0, n = 0; k < K; k++) {
            if (group[k] != g)
                continue;
            char name[64];
            report_note(r->afc_notes, sizeof r->afc_notes, "%s%s",
                        n == 0          ? ""
                        : n + 1 == size ? " and "
                                        : ", ",
                        report_class_name(r, (uint32_t)k + 1, name, sizeof name));
            n++;
        }
        report_note(r->afc_notes, sizeof r->afc_notes,
                    " coincide on this plane (less than a label's height apart): it does not tell "
                    "them apart%s. ",
                    naxes > 2 ? "; the further axes may (afc_cols.csv)" : "");
    }
}

/* Whether the plane numbers its classes and names them in a legend under it: long
 * --labels names covered the plane and crossed their leader lines (trial 63). A name of
 * more than 24 characters is long: "Class 16" and a short theme name stay on the plane. */
#define LEGEND_TOP 16.0
#define LEGEND_ROW 18.0
static bool numbered_classes(const report *r, int K)
{
    for (int k = 1; k <= K; k++) {
        char name[256];
        size_t chars = 0;
        for (const char *c = report_class_name(r, (uint32_t)k, name, sizeof name); *c; c++)
            chars += ((unsigned char)*c & 0xC0) != 0x80; /* UTF-8: a character's first byte */
        if (chars > 24)
            return true;
    }
    return false;
}

/* The legend of a numbered plane, under it (from y top): the classes in two columns, each
 * its number in bold and its name, in its colour, cut with "…" to its column. */
static void class_legend(const report *r, cairo_t *cr, int K, double top)
{
    double col_w = (REPORT_W - 40) / 2;
    int rows = (K + 1) / 2;
    for (int k = 0; k < K; k++) {
        double x = 20 + (k / rows) * col_w, y = top + LEGEND_TOP + LEGEND_ROW * (k % rows);
        char number[12], name[256], cut[300];
        snprintf(number, sizeof number, "%d", k + 1);
        report_colour(r, cr, (uint32_t)k + 1);
        cn_figure_text(cr, x, y, number, 11, CN_ALIGN_LEFT, true);
        cn_figure_text(cr, x + 26, y,
                       report_shorten(cr, report_class_label(r, (uint32_t)k + 1, name, sizeof name),
                                      11, false, col_w - 34, cut, sizeof cut),
                       11, CN_ALIGN_LEFT, false);
    }
}

int report_afc_plane(report *r, cn_figure **out, cn_error *err)
{
    *out = NULL;
    const cn_afc *a = r->in->afc;
    if (!a->ok)
        return 0;
    const cn_ca_result *ca = &a->ca;
    int K = (int)r->in->pr->nclasses, axes = ca->naxes;
    /* classes, the forms of the profiles (top 80 per class, IRAMUTEQ), modalities */
    point *pts = malloc(((size_t)a->n + (size_t)K + 1) * sizeof *pts);
    int *per_class = calloc((size_t)K + 1, sizeof *per_class);
    if (!pts || !per_class) {
        free(pts);
        free(per_class);
        cn_error_nomem(err);
        return -1;
    }
    size_t n = 0;
    char names[CN_REPORT_MAX_CLASSES + 1][64], numbers[CN_REPORT_MAX_CLASSES + 1][12];
    bool numbered = numbered_classes(r, K);
    for (int k = 0; k < K; k++) {
        int at = k < CN_REPORT_MAX_CLASSES ? k : 0;
        report_class_name(r, (uint32_t)k + 1, names[at], 64);
        snprintf(numbers[at], sizeof numbers[at], "%d", k + 1);
        pts[n++] = (point){ca->col_principal[k * axes],
                           axes > 1 ? ca->col_principal[k * axes + 1] : 0,
                           1e300,
                           0,
                           (uint32_t)k + 1,
                           numbered ? numbers[at] : names[at]};
    }
    for (int i = 0; i < a->n; i++) {
        const cn_afc_row *row = &a->rows[i];
        double x = ca->row_principal[i * axes], y = axes > 1 ? ca->row_principal[i * axes + 1] : 0;
        if (row->kind == CN_ROW_ACTIVE && r->best_class[row->id] > 0)
            pts[n++] = (point){x,
                               y,
                               r->best_chi2[row->id],
                               1,
                               (uint32_t)r->best_class[row->id],
                               cn_lemma_name(r->in->p, row->id)};
        else if (row->kind == CN_ROW_MODALITY)
            pts[n++] = (point){x, y, 0, 2, 0, cn_intern_str(r->in->pr->modalities, row->id)};
    }
    qsort(pts, n, sizeof *pts, by_weight);
    double lo[2] = {-1e-9, -1e-9}, hi[2] = {1e-9, 1e-9};
    for (size_t i = 0; i < n; i++) {
        lo[0] = fmin(lo[0], pts[i].x), hi[0] = fmax(hi[0], pts[i].x);
        lo[1] = fmin(lo[1], pts[i].y), hi[1] = fmax(hi[1], pts[i].y);
    }
    double size = REPORT_W, margin = 60;
    double legend_h = numbered ? LEGEND_TOP + LEGEND_ROW * ((K + 1) / 2) : 0;
    cn_figure *fig = cn_figure_new(size, (axes > 1 ? size : 320) + legend_h);
    if (!fig) {
        free(pts);
        free(per_class);
        cn_error_nomem(err);
        return -1;
    }
    cairo_t *cr = cn_figure_cairo(fig);
    double height = cn_figure_height(fig) - legend_h; /* the plane's, above its legend */
    double sx = (size - 2 * margin) / (hi[0] - lo[0]);
    double sy = axes > 1 ? (height - 2 * margin) / (hi[1] - lo[1]) : 0;
#define PX(v) (margin + ((v)-lo[0]) * sx)
#define PY(v) (axes > 1 ? height - margin - ((v)-lo[1]) * sy : height / 2)
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, PX(0), margin / 2);
    cairo_line_to(cr, PX(0), height - margin / 2);
    cairo_move_to(cr, margin / 2, PY(0));
    cairo_line_to(cr, size - margin / 2, PY(0));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    char title[160];
    double pc1 = 100 * ca->eigenvalues[0] / ca->total_inertia;
    if (axes > 1)
        snprintf(title, sizeof title,
                 "Correspondence analysis: axis 1 (%.1f %%) x axis 2 (%.1f %%)", pc1,
                 100 * ca->eigenvalues[1] / ca->total_inertia);
    else
        snprintf(title, sizeof title,
                 "Correspondence analysis: two classes give one axis (100 %%)");
    cn_figure_text(cr, 20, 20, title, 12, CN_ALIGN_LEFT, true);
    double cpx[CN_REPORT_MAX_CLASSES], cpy[CN_REPORT_MAX_CLASSES];
    int nc = 0;
    for (int k = 0; k < K && k < CN_REPORT_MAX_CLASSES; k++, nc++) {
        cpx[k] = PX(ca->col_principal[k * axes]);
        cpy[k] = PY(axes > 1 ? ca->col_principal[k * axes + 1] : 0);
    }
    afc_axis_notes(r, ca, axes > 1 ? 2 : 1, nc);
    afc_coincide_notes(r, cpx, cpy, nc, axes, 15 + 3);
    if (K > cn_figure_palette_size())
        report_note(r->afc_notes, sizeof r->afc_notes,
                    "Classes %d and on take the colours of classes 1 and on again. ",
                    cn_figure_palette_size() + 1);
    int aside = 0, over = 0, dropped = 0, nplaced = 0;
    cn_box area = report_label_area(fig);
    area.y1 = fmin(area.y1, height - 2);
    class_label placed_class[CN_REPORT_MAX_CLASSES];
    char aside_names[512] = "", over_names[512] = "";
    cn_boxes boxes = {0};
    char path[4200];
    snprintf(path, sizeof path, "%s/afc_notplotted.csv", r->in->dir);
    FILE *missed = cn_out_open(path, err);
    if (!missed) {
        cn_figure_free(fig);
        free(pts);
        free(per_class);
        return -1;
    }
    fputs("kind,label,x,y\n", missed);
    for (size_t i = 0; i < n; i++) {
        point *p = &pts[i];
        if (p->kind == 1 && per_class[p->cls]++ >= 80)
            continue; /* IRAMUTEQ shows the 80 strongest forms of each class */
        double fs = p->kind == 0 ? 15 : p->kind == 2 ? 9 : 9 + 7 * fmin(1, p->weight / 100);
        double w = cn_figure_text_width(cr, p->label, fs, p->kind == 0);
        double x = PX(p->x), y = PY(p->y);
        cn_box rel = cn_figure_text_box(cr, 0, 0, p->label, fs, CN_ALIGN_CENTRE, p->kind == 0);
        if (p->kind == 0) { /* a class: its label always, drawn after the rest */
            double px = x, py = y;
            const char *name = names[p->cls - 1 < CN_REPORT_MAX_CLASSES ? p->cls - 1 : 0];
            if (place_class_label(&boxes, px, py, w, fs, rel, area, &x, &y) != 0)
                report_note(over_names, sizeof over_names, "%s%s", over++ ? ", " : "", name);
            else if (!covers(px, py, x, y, w, fs))
                report_note(aside_names, sizeof aside_names, "%s%s", aside++ ? ", " : "", name);
            if (!covers(px, py, x, y, w, fs)) /* keep its dot clear of forms */
                cn_boxes_take(&boxes, px - 3, py - 3, px + 3, py + 3);
            if (nplaced < CN_REPORT_MAX_CLASSES) {
                placed_class[nplaced++] = (class_label){p, px, py, x, y, w, fs};
                continue;
            }
            report_colour(r, cr, p->cls); /* beyond the classes Carnet names: at once */
            cn_figure_text(cr, x, y, p->label, fs, CN_ALIGN_CENTRE, true);
            continue;
        }
        /* at the point, or moved inward over it at an edge; else just below, above, right
         * or left of it; always wholly inside the figure */
        double in = report_inside_x(rel, x, area) - x;
        const double dx[] = {0, fabs(in) <= w / 2 ? in : 0, 0, 0, w / 2 + 6, -(w / 2 + 6)};
        const double dy[] = {0, 0, fs + 2, -(fs + 2), 0, 0};
        bool placed = false;
        for (int c = 0; c < 6 && !placed; c++)
            if ((c != 1 || in != 0) && cn_box_inside(cn_box_at(rel, x + dx[c], y + dy[c]), area) &&
                cn_boxes_take(&boxes, x + dx[c] - w / 2 - 1, y + dy[c] - fs, x + dx[c] + w / 2 + 1,
                              y + dy[c] + 3)) {
                x += dx[c];
                y += dy[c];
                placed = true;
            }
        if (!placed) {
            dropped++;
            fprintf(missed, "%s,", p->kind == 0 ? "class" : p->kind == 1 ? "form" : "modality");
            cn_csv_text(missed, p->label);
            fprintf(missed, ",%.6f,%.6f\n", p->x, p->y);
            continue;
        }
        if (p->kind == 2)
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        else
            report_colour(r, cr, p->cls);
        cn_figure_text(cr, x, y, p->label, fs, CN_ALIGN_CENTRE, p->kind == 0);
    }
#undef PX
#undef PY
    /* class labels over everything, their leader lines under every class label */
    for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < nplaced; c++) {
            const class_label *l = &placed_class[c];
            report_colour(r, cr, l->p->cls);
            if (pass == 0 && !covers(l->px, l->py, l->x, l->y, l->w, l->fs))
                lead_to(cr, l->px, l->py, l->x, l->y, l->w, l->fs);
            else if (pass == 1)
                cn_figure_text(cr, l->x, l->y, l->p->label, l->fs, CN_ALIGN_CENTRE, true);
        }
    /* a list a full disk cut would say every label was drawn (trial 78) */
    if (cn_out_close(missed, path, err) < 0) {
        cn_boxes_free(&boxes);
        cn_figure_free(fig);
        free(pts);
        free(per_class);
        return -1;
    }
    if (numbered) {
        class_legend(r, cr, K, height);
        report_note(r->afc_notes, sizeof r->afc_notes,
                    "Classes are numbered on the plane, their names being long: the legend "
                    "under it names them. ");
    }
    if (aside)
        report_note(r->afc_notes, sizeof r->afc_notes,
                    "Set aside from their point, a line leading to it: the label%s of %s. ",
                    aside > 1 ? "s" : "", aside_names);
    if (over)
        report_note(r->afc_notes, sizeof r->afc_notes,
                    "Drawn over other labels, the figure being full: the label%s of %s. ",
                    over > 1 ? "s" : "", over_names);
    if (dropped)
        report_note(r->afc_notes, sizeof r->afc_notes,
                    "%d labels of forms or modalities had no free place: they are listed in "
                    "afc_notplotted.csv.",
                    dropped);
    for (size_t end = strlen(r->afc_notes); end > 0 && r->afc_notes[end - 1] == ' ';)
        r->afc_notes[--end] = '\0';
    cn_boxes_free(&boxes);
    free(pts);
    free(per_class);
    return report_finish(fig, r, "afc_plane", out, err);
}
