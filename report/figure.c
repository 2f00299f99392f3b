/* figure.c — cairo figures (see figure.h). Drawing goes to a recording surface, so one
 * drawing gives every format, and the SVG inlined in the report is the one written. */
#include "carnet/figure.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"
#include "carnet/png.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct drawn_text {
    cn_box box;
    size_t offset, length; /* in the figure's texts */
} drawn_text;

struct cn_figure {
    double width, height;
    cairo_surface_t *recording;
    cairo_t *cr;
    char *texts; /* every text drawn, one a line: the SVG's <desc> */
    size_t ntexts, texts_cap;
    bool texts_failed;
    drawn_text *drawn; /* each text's box and place in texts, for CARNET_LABEL_BOXES */
    size_t ndrawn, drawn_cap;
    char *raw_svg; /* cairo's SVG, once rendered (raw_svg) */
};

/* cn_figure_text finds the figure it draws on through its cairo context. */
static const cairo_user_data_key_t figure_key;

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
    cairo_set_user_data(f->cr, &figure_key, f, NULL);
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
    free(f->texts);
    free(f->drawn);
    free(f->raw_svg);
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

typedef struct buffer {
    char *data;
    size_t len, cap;
    bool failed;
} buffer;

static void put(buffer *b, const char *data, size_t length)
{
    if (b->failed || cn_grow((void **)&b->data, &b->cap, b->len + length + 1, 1) < 0) {
        b->failed = true;
        return;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    b->data[b->len] = '\0';
}

static void puts_buffer(buffer *b, const char *s)
{
    put(b, s, strlen(s));
}

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int length)
{
    buffer *b = closure;
    put(b, (const char *)data, length);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* cairo writes through this, into a file Carnet opened owner-only (outfile.h). */
static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* An id cairo numbers from a counter of the whole process ("surface7657"): letters then
 * digits only. The same figure drawn after other figures gets other numbers. */
static bool counted_id(const char *name, size_t len)
{
    size_t i = 0;
    while (i < len && name[i] >= 'a' && name[i] <= 'z')
        i++;
    if (i == 0 || i == len)
        return false;
    for (size_t j = i; j < len; j++)
        if (name[j] < '0' || name[j] > '9')
            return false;
    return true;
}

typedef struct renamed {
    const char *old; /* into the SVG text */
    size_t len, head, number;
} renamed;

/* Writes id `name` as it will stand in the output: prefixed, and when cairo counted it,
 * renumbered by order of first appearance among the ids of its kind ("surface1",
 * "surface2"...), so that the bytes depend on the figure alone. */
static void put_id(buffer *b, const char *name, size_t len, const char *prefix, renamed **seen,
                   size_t *nseen, size_t *cap)
{
    puts_buffer(b, prefix);
    if (!counted_id(name, len)) {
        put(b, name, len);
        return;
    }
    size_t head = strspn(name, "abcdefghijklmnopqrstuvwxyz"), number = 1;
    const renamed *known = NULL;
    for (size_t i = 0; i < *nseen && !known; i++) {
        const renamed *r = &(*seen)[i];
        if (r->len == len && memcmp(r->old, name, len) == 0)
            known = r;
        else if (r->head == head && memcmp(r->old, name, head) == 0)
            number++;
    }
    if (known) {
        number = known->number;
    } else if (cn_grow((void **)seen, cap, *nseen + 1, sizeof **seen) < 0) {
        b->failed = true;
        return;
    } else {
        (*seen)[(*nseen)++] = (renamed){name, len, head, number};
    }
    char num[24];
    snprintf(num, sizeof num, "%zu", number);
    put(b, name, head);
    puts_buffer(b, num);
}

/* The figure's text, one item a line, escaped for XML. */
static void put_escaped(buffer *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *e = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                        : s[i] == '"' ? "&quot;"
                                      : NULL;
        if (e)
            puts_buffer(b, e);
        else
            put(b, s + i, 1);
    }
}

/* The SVG cairo wrote, made to depend on the figure alone (its ids renumbered and
 * prefixed, see put_id) and readable without its pictures: a <desc> holds every text the
 * figure draws (screen readers, search, and grep find a label there). */
static char *stable_svg(cn_figure *f, const char *svg, const char *prefix)
{
    static const char *const marks[] = {"id=\"", "href=\"#", "url(#"};
    buffer out = {0};
    renamed *seen = NULL;
    size_t nseen = 0, cap = 0;
    const char *open = strstr(svg, "<svg"), *open_end = open ? strchr(open, '>') : NULL;
    for (const char *p = svg; *p && !out.failed;) {
        if (p == open_end) {
            puts_buffer(&out, ">\n<desc>");
            put_escaped(&out, f->texts ? f->texts : "", f->ntexts);
            puts_buffer(&out, "</desc>");
            p++;
            continue;
        }
        int hit = -1;
        for (int m = 0; m < 3 && hit < 0; m++)
            if (strncmp(p, marks[m], strlen(marks[m])) == 0)
                hit = m;
        if (hit < 0) {
            put(&out, p++, 1);
            continue;
        }
        size_t ml = strlen(marks[hit]), len = strcspn(p + ml, "\")");
        put(&out, p, ml);
        put_id(&out, p + ml, len, prefix, &seen, &nseen, &cap);
        p += ml + len;
    }
    free(seen);
    if (out.failed || f->texts_failed) {
        free(out.data);
        return NULL;
    }
    return out.data;
}

/* cairo's SVG of the figure, rendered at the first call only: the file and the report's
 * copy differ only by their ids' prefix, which stable_svg gives each. NULL when memory ran
 * out. */
static const char *raw_svg(cn_figure *f)
{
    if (f->raw_svg)
        return f->raw_svg;
    buffer b = {0};
    cairo_surface_flush(f->recording);
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buffer, &b, f->width, f->height);
    replay(f, s);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    if (b.failed || !b.data) {
        free(b.data);
        return NULL;
    }
    return f->raw_svg = b.data;
}

/* The figure as cairo's SVG, made stable (stable_svg); NULL when memory ran out. */
static char *render_svg(cn_figure *f, const char *prefix)
{
    const char *raw = raw_svg(f);
    return raw ? stable_svg(f, raw, prefix) : NULL;
}

typedef enum { AS_SVG, AS_PNG, AS_PDF } figure_format;

/* Renders the recording into dir/name.ext in one format. */
static int write_as(cn_figure *f, const char *dir, const char *name, figure_format fmt,
                    cn_error *err)
{
    static const char *const ext[] = {"svg", "png", "pdf"};
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext[fmt]);
    char *svg = NULL;
    if (fmt == AS_SVG && !(svg = render_svg(f, "")))
        return cn_error_nomem(err);
    FILE *out = cn_out_open(path, err);
    if (!out) {
        free(svg);
        return -1;
    }
    cairo_surface_t *s = NULL;
    cairo_status_t st = CAIRO_STATUS_SUCCESS;
    int png_rc = CN_OK;
    if (fmt == AS_SVG) {
        st = to_file(out, (const unsigned char *)svg, (unsigned int)strlen(svg));
    } else if (fmt == AS_PNG) { /* at twice the size: sharp in a paper and on a laptop screen */
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * f->width),
                                       (int)(2 * f->height));
        cairo_t *cr = cairo_create(s);
        cairo_scale(cr, 2, 2);
        cairo_set_source_surface(cr, f->recording, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_flush(s);
        if ((st = cairo_surface_status(s)) == CAIRO_STATUS_SUCCESS)
            png_rc = cn_png_write_argb32(
                cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
                cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s), out, err);
    } else {
        s = cairo_pdf_surface_create_for_stream(to_file, out, f->width, f->height);
        /* no creation date: the same figure gives the same bytes (run-specific facts
         * belong in manifest.json) */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
        replay(f, s);
        cairo_surface_finish(s);
        st = cairo_surface_status(s);
    }
    if (s)
        cairo_surface_destroy(s);
    free(svg);
    if (png_rc < 0 && !ferror(out)) { /* memory, or an image libpng refused: its reason */
        fclose(out);
        return cn_error_prefix(err, "%s", path);
    }
    int rc = cn_out_close_failed(out, path, png_rc < 0, err);
    /* a file that could not be written says the system's reason ("No space left on
     * device"), which cairo's "error while writing to output stream" hid (trial 78) */
    if (rc == CN_OK && st != CAIRO_STATUS_SUCCESS)
        return cn_error_code(err, CN_EIO, "%s: %s", path, cairo_status_to_string(st));
    return rc;
}

/* dir/name.boxes.csv: width,height then x0,y0,x1,y1,text per text drawn (the text last
 * and unquoted: a reader takes the first four fields). Only for the tests. */
static int write_boxes(const cn_figure *f, const char *dir, const char *name, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.boxes.csv", dir, name);
    FILE *out = cn_out_open(path, err);
    if (!out)
        return -1;
    fprintf(out, "%.3f,%.3f\n", f->width, f->height);
    for (size_t i = 0; i < f->ndrawn; i++) {
        const drawn_text *d = &f->drawn[i];
        fprintf(out, "%.3f,%.3f,%.3f,%.3f,%.*s\n", d->box.x0, d->box.y0, d->box.x1, d->box.y1,
                (int)d->length, f->texts + d->offset);
    }
    return cn_out_close(out, path, err);
}

int cn_figure_write(cn_figure *f, const char *dir, const char *name, bool pdf, cn_error *err)
{
    cairo_surface_flush(f->recording);
    if (write_as(f, dir, name, AS_SVG, err) < 0 || write_as(f, dir, name, AS_PNG, err) < 0)
        return -1;
    const char *boxes = getenv("CARNET_LABEL_BOXES");
    if (boxes && *boxes && (f->texts_failed || write_boxes(f, dir, name, err) < 0))
        return f->texts_failed ? cn_error_nomem(err) : -1;
    return pdf ? write_as(f, dir, name, AS_PDF, err) : 0;
}

char *cn_figure_svg(cn_figure *f, const char *prefix, cn_error *err)
{
    char *svg = render_svg(f, prefix);
    if (!svg) {
        cn_error_nomem(err);
        return NULL;
    }
    /* drop the XML declaration: the SVG goes inside an HTML page */
    char *start = strstr(svg, "<svg");
    if (start && start != svg)
        memmove(svg, start, strlen(start) + 1);
    return svg;
}

/* Two rings of 8: a figure tells up to 16 classes apart (trial 63: class 9 took class 1's
 * orange, class 8 the unclassified black). */
#define PALETTE 16

static void set_rgb(double rgb[3], const double c[3])
{
    rgb[0] = c[0];
    rgb[1] = c[1];
    rgb[2] = c[2];
}

void cn_figure_colour(int index, bool grey, double rgb[3])
{
    /* In the order that keeps the first classes apart for readers without red or green
     * cones (test_figure): orange, blue, bluish green, sky blue, then vermilion and reddish
     * purple, which such readers see close to orange and bluish green; yellow, faint on
     * white, and black last. Classes 9 to 16: the same hues darker (black's a dark olive),
     * legible as text on white. */
    static const double palette[PALETTE][3] = {
        {0.902, 0.624, 0.000}, {0.000, 0.447, 0.698}, {0.000, 0.620, 0.451}, {0.337, 0.706, 0.914},
        {0.835, 0.369, 0.000}, {0.800, 0.475, 0.655}, {0.941, 0.894, 0.259}, {0.000, 0.000, 0.000},
        {0.541, 0.373, 0.000}, {0.000, 0.247, 0.400}, {0.000, 0.360, 0.260}, {0.100, 0.550, 0.600},
        {0.500, 0.200, 0.000}, {0.480, 0.230, 0.400}, {0.560, 0.530, 0.110}, {0.330, 0.330, 0.180}};
    /* Greys far apart for consecutive classes, none the unclassified's 0.45 (nor, thus,
     * the CA's modalities'); the second ring between the first's. */
    static const double greys[PALETTE] = {0.10, 0.55, 0.30, 0.70, 0.20, 0.62, 0.38, 0.78,
                                          0.00, 0.50, 0.25, 0.66, 0.15, 0.58, 0.34, 0.74};
    static const double unclassified[3] = {0.45, 0.45, 0.45};
    if (index < 0) {
        set_rgb(rgb, unclassified);
        return;
    }
    if (grey) {
        rgb[0] = rgb[1] = rgb[2] = greys[index % PALETTE];
        return;
    }
    set_rgb(rgb, palette[index % PALETTE]);
}

int cn_figure_palette_size(void)
{
    return PALETTE;
}

static void set_font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, CN_FIGURE_FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Whether cr can still measure and draw: a context in error (memory ran out in cairo or
 * its fonts) is left alone, the figure reported failed when it is written, rather than
 * handed to FreeType again (trial 102: a crash in FT_Load_Glyph with little memory). */
static bool usable(cairo_t *cr)
{
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS;
}

double cn_figure_text_width(cairo_t *cr, const char *text, double size, bool bold)
{
    cairo_text_extents_t e;
    if (!usable(cr))
        return 0;
    set_font(cr, size, bold);
    if (!usable(cr))
        return 0;
    cairo_text_extents(cr, text, &e);
    return usable(cr) ? e.x_advance : 0;
}

/* The family and style of the face the figures' text is drawn in ("" when cairo cannot
 * say): fontconfig gives another face for a family it lacks, without a word, and
 * FreeType's face says which. */
static void font_face_names(char family[64], char style[64])
{
    family[0] = style[0] = '\0';
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    set_font(cr, 10, false);
    cairo_scaled_font_t *font = cairo_get_scaled_font(cr);
    FT_Face face = cairo_scaled_font_get_type(font) == CAIRO_FONT_TYPE_FT
                       ? cairo_ft_scaled_font_lock_face(font)
                       : NULL;
    if (face) {
        snprintf(family, 64, "%s", face->family_name ? face->family_name : "");
        snprintf(style, 64, "%s", face->style_name ? face->style_name : "");
        cairo_ft_scaled_font_unlock_face(font);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

void cn_figure_font_used(char *out, size_t size)
{
    char family[64], style[64];
    font_face_names(family, style);
    snprintf(out, size, "%s%s%s", family[0] ? family : "unknown", style[0] ? " " : "", style);
}

bool cn_figure_font_is_expected(void)
{
    char family[64], style[64];
    font_face_names(family, style);
    /* its regular face, "Book": a fontconfig of DejaVu Sans Bold alone gave bold labels,
     * other widths, without a word (trial 76) */
    return strcmp(family, CN_FIGURE_FONT) == 0 && strcmp(style, CN_FIGURE_FONT_STYLE) == 0;
}

int cn_figure_fonts_ready(cn_error *err)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    cn_figure_text_width(cr, "Carnet", 10, false);
    cn_figure_text_width(cr, "Carnet", 10, true);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (status != CAIRO_STATUS_SUCCESS)
        return cn_error_code(err, CN_ENOMEM, "cannot load the figures' font: %s",
                             cairo_status_to_string(status));
    return 0;
}

/* Adds a drawn text to the figure's list, one a line, and where it lies. */
static void log_text(cn_figure *f, const char *text, cn_box box)
{
    size_t n = strlen(text);
    if (f->texts_failed || cn_grow((void **)&f->texts, &f->texts_cap, f->ntexts + n + 2, 1) < 0 ||
        cn_grow((void **)&f->drawn, &f->drawn_cap, f->ndrawn + 1, sizeof *f->drawn) < 0) {
        f->texts_failed = true;
        return;
    }
    f->drawn[f->ndrawn++] = (drawn_text){box, f->ntexts, n};
    memcpy(f->texts + f->ntexts, text, n);
    f->ntexts += n;
    f->texts[f->ntexts++] = '\n';
    f->texts[f->ntexts] = '\0';
}

/* Where a text of advance w starts when its anchor is x. */
static double start_x(double x, double w, cn_align align)
{
    return align == CN_ALIGN_LEFT ? x : align == CN_ALIGN_CENTRE ? x - w / 2 : x - w;
}

cn_box cn_figure_text_box(cairo_t *cr, double x, double y, const char *text, double size,
                          cn_align align, bool bold)
{
    cairo_text_extents_t e;
    if (!usable(cr))
        return (cn_box){x, y, x, y};
    set_font(cr, size, bold);
    if (!usable(cr))
        return (cn_box){x, y, x, y};
    cairo_text_extents(cr, text, &e);
    if (!usable(cr) || e.width <= 0 || e.height <= 0)
        return (cn_box){x, y, x, y};
    double x0 = start_x(x, e.x_advance, align) + e.x_bearing, y0 = y + e.y_bearing;
    return (cn_box){x0, y0, x0 + e.width, y0 + e.height};
}

cn_box cn_box_at(cn_box b, double dx, double dy)
{
    return (cn_box){b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy};
}

bool cn_box_inside(cn_box b, cn_box area)
{
    return b.x0 >= area.x0 && b.y0 >= area.y0 && b.x1 <= area.x1 && b.y1 <= area.y1;
}

cn_box cn_figure_area(const cn_figure *f, double pad)
{
    return (cn_box){pad, pad, f->width - pad, f->height - pad};
}

double cn_figure_text(cairo_t *cr, double x, double y, const char *text, double size,
                      cn_align align, bool bold)
{
    double w = cn_figure_text_width(cr, text, size, bold);
    cn_figure *f = cairo_get_user_data(cr, &figure_key);
    if (f) /* for the SVG's <desc>, and the tests' check that no text is cut */
        log_text(f, text, cn_figure_text_box(cr, x, y, text, size, align, bold));
    if (!usable(cr))
        return w;
    cairo_move_to(cr, start_x(x, w, align), y);
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
