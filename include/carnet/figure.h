/* figure.h — figures drawn once with cairo on a recording surface, then written as SVG,
 * PNG (and PDF) files and as SVG text to inline in the report; measured text and label
 * placement that never draws one label over another; a colour-blind-safe palette.
 * A cn_figure is owned by the caller (cn_figure_free); writers return 0 or -1. */
#ifndef CARNET_FIGURE_H
#define CARNET_FIGURE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"

typedef struct cn_figure cn_figure;

cn_figure *cn_figure_new(double width, double height);
void cn_figure_free(cn_figure *fig);
cairo_t *cn_figure_cairo(cn_figure *fig); /* draw with this; owned by the figure */
double cn_figure_width(const cn_figure *fig);
double cn_figure_height(const cn_figure *fig);

/* The figure must be wholly drawn before the first of the two calls below: cairo renders
 * its SVG once, then, for both. */
/* dir/name.svg and dir/name.png (and dir/name.pdf when pdf). When the environment sets
 * CARNET_LABEL_BOXES (the tests do), also dir/name.boxes.csv: the surface's width and
 * height, then the box of every text drawn, for a check that none is cut. */
int cn_figure_write(cn_figure *fig, const char *dir, const char *name, bool pdf, cn_error *err);
/* The figure as SVG text, its ids prefixed with `prefix` so several can share one HTML
 * page; malloc'd, NUL-terminated. */
char *cn_figure_svg(cn_figure *fig, const char *prefix, cn_error *err);

/* The font family the figures ask for; their labels, and which words fit in them, are
 * measured in it. */
#define CN_FIGURE_FONT "DejaVu Sans"
#define CN_FIGURE_FONT_STYLE "Book" /* its regular face, as FreeType names it */
/* The family and style of the face the figures are drawn in ("DejaVu Sans Book"), which
 * fontconfig picks, another one when CN_FIGURE_FONT is not installed; "unknown" when
 * cairo cannot say. */
void cn_figure_font_used(char *out, size_t size);
/* Whether that face is CN_FIGURE_FONT's regular one. */
bool cn_figure_font_is_expected(void);

/* Loads the figures' fonts on the calling thread (fontconfig's set-up, cairo's font
 * cache): call it before the writing threads start, as fontconfig does not survive running
 * out of memory during its set-up on a thread. 0, or -1 with "out of memory" in err. */
int cn_figure_fonts_ready(cn_error *err);

/* Class index + 1's colour (greys with grey): Okabe and Ito's eight colours (safe for
 * colour-blind readers), then the same hues darker; past cn_figure_palette_size()
 * colours, they come round again. Index -1, the unclassified segments': a mid grey that
 * no class takes, in colour or grey. */
void cn_figure_colour(int index, bool grey, double rgb[3]);
int cn_figure_palette_size(void);

typedef enum { CN_ALIGN_LEFT, CN_ALIGN_CENTRE, CN_ALIGN_RIGHT } cn_align;

/* Text in DejaVu Sans at size px, baseline y; returns its measured width. */
double cn_figure_text(cairo_t *cr, double x, double y, const char *text, double size,
                      cn_align align, bool bold);
double cn_figure_text_width(cairo_t *cr, const char *text, double size, bool bold);

/* A rectangle on the figure, x0 y0 x1 y1 (y points down). */
typedef struct cn_box {
    double x0, y0, x1, y1;
} cn_box;

/* Where the ink of text lies when drawn at (x, y) by cn_figure_text (cairo's extents);
 * an empty text gives the empty box at (x, y). */
cn_box cn_figure_text_box(cairo_t *cr, double x, double y, const char *text, double size,
                          cn_align align, bool bold);
/* The box moved by (dx, dy): a text's box at another place, measured once. */
cn_box cn_box_at(cn_box box, double dx, double dy);
/* True when box lies wholly inside area: a label drawn there is not cut at its edges. */
bool cn_box_inside(cn_box box, cn_box area);
/* The figure's surface less pad on every side. */
cn_box cn_figure_area(const cn_figure *fig, double pad);

/* Boxes already taken on a figure: a label is drawn only where it overlaps none. */
typedef struct cn_boxes {
    double *b; /* x0 y0 x1 y1 per box */
    size_t n, cap;
} cn_boxes;

/* True (and the box is taken) when [x0,x1] x [y0,y1] overlaps no taken box. */
bool cn_boxes_take(cn_boxes *boxes, double x0, double y0, double x1, double y1);
void cn_boxes_free(cn_boxes *boxes);

#endif
