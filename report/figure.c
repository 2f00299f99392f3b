/* figure.c — cairo figures (see figure.h). Drawing goes to a recording surface, so one
 * drawing gives every format, and the SVG inlined in the report is the one written. */
#include "carnet/figure.h"
#include "carnet/outfile.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cn_figure {
    double width, height;
    cairo_surface_t *recording;
    cairo_t *cr;
};

cn_figure *cn_figure_new(double width, double height)
{
    cn_figure *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    cairo_rectangle_t extents = {0, 0, width, height};
    f->width = width;
    f->height = height;
    f->recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    f->cr = cairo_create(f->recording);
    cairo_set_source_rgb(f->cr, 1, 1, 1);
    cairo_paint(f->cr);
    cairo_set_source_rgb(f->cr, 0, 0, 0);
    return f;
}

void cn_figure_free(cn_figure *f)
{
    if (!f)
        return;
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->recording);
    free(f);
}

cairo_t *cn_figure_cairo(cn_figure *f)
{
    return f->cr;
}

double cn_figure_width(const cn_figure *f)
{
    return f->width;
}

double cn_figure_height(const cn_figure *f)
{
    return f->height;
}

static void replay(cn_figure *f, cairo_surface_t *target)
{
    cairo_t *cr = cairo_create(target);
    cairo_set_source_surface(cr, f->recording, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
}

/* cairo writes through this, into a file Carnet opened owner-only (outfile.h). */
static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

typedef enum { AS_SVG, AS_PNG, AS_PDF } figure_format;

/* Renders the recording into dir/name.ext in one format. */
static int write_as(cn_figure *f, const char *dir, const char *name, figure_format fmt,
                    cn_error *err)
{
    static const char *const ext[] = {"svg", "png", "pdf"};
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext[fmt]);
    FILE *out = cn_out_open(path, err);
    if (!out)
        return -1;
    cairo_surface_t *s;
    cairo_status_t st;
    if (fmt == AS_PNG) { /* at twice the size: sharp in a paper and on a laptop screen */
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * f->width),
                                       (int)(2 * f->height));
        cairo_t *cr = cairo_create(s);
        cairo_scale(cr, 2, 2);
        cairo_set_source_surface(cr, f->recording, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        st = cairo_surface_write_to_png_stream(s, to_file, out);
    } else {
        s = fmt == AS_SVG ? cairo_svg_surface_create_for_stream(to_file, out, f->width, f->height)
                          : cairo_pdf_surface_create_for_stream(to_file, out, f->width, f->height);
        replay(f, s);
        cairo_surface_finish(s);
        st = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    int rc = cn_out_close(out, path, err);
    if (st != CAIRO_STATUS_SUCCESS)
        return cn_error_code(err, CN_EIO, "%s: %s", path, cairo_status_to_string(st));
    return rc;
}

int cn_figure_write(cn_figure *f, const char *dir, const char *name, bool pdf, cn_error *err)
{
    cairo_surface_flush(f->recording);
    if (write_as(f, dir, name, AS_SVG, err) < 0 || write_as(f, dir, name, AS_PNG, err) < 0)
        return -1;
    return pdf ? write_as(f, dir, name, AS_PDF, err) : 0;
}

typedef struct buffer {
    char *data;
    size_t len, cap;
    bool failed;
} buffer;

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int length)
{
    buffer *b = closure;
    if (b->len + length + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + length + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = true;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    b->data[b->len] = '\0';
    return CAIRO_STATUS_SUCCESS;
}

/* Ids of one SVG must not meet those of another on the same page: prefix them all. */
static char *prefix_ids(const char *svg, const char *prefix)
{
    static const char *const marks[] = {"id=\"", "href=\"#", "url(#"};
    size_t plen = strlen(prefix), n = strlen(svg), extra = 0;
    for (int m = 0; m < 3; m++)
        for (const char *p = svg; (p = strstr(p, marks[m])); p += strlen(marks[m]))
            extra += plen;
    char *out = malloc(n + extra + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (const char *p = svg; *p;) {
        int hit = -1;
        for (int m = 0; m < 3 && hit < 0; m++)
            if (strncmp(p, marks[m], strlen(marks[m])) == 0)
                hit = m;
        if (hit < 0) {
            out[w++] = *p++;
            continue;
        }
        size_t ml = strlen(marks[hit]);
        memcpy(out + w, p, ml);
        w += ml;
        memcpy(out + w, prefix, plen);
        w += plen;
        p += ml;
    }
    out[w] = '\0';
    return out;
}

char *cn_figure_svg(cn_figure *f, const char *prefix, cn_error *err)
{
    buffer b = {0};
    cairo_surface_flush(f->recording);
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buffer, &b, f->width, f->height);
    replay(f, s);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    if (b.failed || !b.data) {
        free(b.data);
        cn_error_nomem(err);
        return NULL;
    }
    /* drop the XML declaration: the SVG goes inside an HTML page */
    const char *start = strstr(b.data, "<svg");
    char *out = prefix_ids(start ? start : b.data, prefix);
    free(b.data);
    if (!out)
        cn_error_nomem(err);
    return out;
}

void cn_figure_colour(int index, bool grey, double rgb[3])
{
    static const double okabe_ito[8][3] = {
        {0.902, 0.624, 0.000}, {0.337, 0.706, 0.914}, {0.000, 0.620, 0.451}, {0.800, 0.475, 0.655},
        {0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.941, 0.894, 0.259}, {0.000, 0.000, 0.000}};
    if (grey) {
        double g = 0.15 + 0.1 * (index % 7);
        rgb[0] = rgb[1] = rgb[2] = g;
        return;
    }
    const double *c = okabe_ito[index % 8];
    rgb[0] = c[0];
    rgb[1] = c[1];
    rgb[2] = c[2];
}

static void set_font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double cn_figure_text_width(cairo_t *cr, const char *text, double size, bool bold)
{
    cairo_text_extents_t e;
    set_font(cr, size, bold);
    cairo_text_extents(cr, text, &e);
    return e.x_advance;
}

double cn_figure_text(cairo_t *cr, double x, double y, const char *text, double size,
                      cn_align align, bool bold)
{
    double w = cn_figure_text_width(cr, text, size, bold);
    double x0 = align == CN_ALIGN_LEFT ? x : align == CN_ALIGN_CENTRE ? x - w / 2 : x - w;
    cairo_move_to(cr, x0, y);
    cairo_show_text(cr, text);
    return w;
}

bool cn_boxes_take(cn_boxes *bx, double x0, double y0, double x1, double y1)
{
    for (size_t i = 0; i < bx->n; i++) {
        const double *b = bx->b + 4 * i;
        if (x0 < b[2] && x1 > b[0] && y0 < b[3] && y1 > b[1])
            return false;
    }
    if (bx->n == bx->cap) {
        size_t cap = bx->cap ? 2 * bx->cap : 64;
        double *grown = realloc(bx->b, cap * 4 * sizeof *grown);
        if (!grown)
            return false;
        bx->b = grown;
        bx->cap = cap;
    }
    double *b = bx->b + 4 * bx->n++;
    b[0] = x0;
    b[1] = y0;
    b[2] = x1;
    b[3] = y1;
    return true;
}

void cn_boxes_free(cn_boxes *bx)
{
    free(bx->b);
    memset(bx, 0, sizeof *bx);
}
