/* test_figure.c — a figure's SVG depends on the figure alone: the same drawing made after
 * others gives the same bytes (cairo numbers surfaces across the process); its <desc>
 * holds the texts drawn, escaped; ids are prefixed for the page; the first classes' colours
 * stay apart for colour-blind readers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/figure.h"

/* A small figure with text (glyph ids) and a clipped group (surface ids). */
static char *draw(const char *label, const char *prefix)
{
    cn_figure *fig = cn_figure_new(200, 100);
    assert_non_null(fig);
    cairo_t *cr = cn_figure_cairo(fig);
    cairo_rectangle(cr, 10, 10, 50, 50);
    cairo_clip(cr);
    cairo_push_group(cr);
    cairo_arc(cr, 30, 30, 10, 0, 6.28);
    cairo_fill(cr);
    cairo_pop_group_to_source(cr);
    cairo_paint(cr);
    cairo_reset_clip(cr);
    cn_figure_text(cr, 100, 50, label, 12, CN_ALIGN_CENTRE, false);
    cn_error err = {0};
    char *svg = cn_figure_svg(fig, prefix, &err);
    assert_non_null(svg);
    cn_figure_free(fig);
    return svg;
}

static void same_drawing_same_bytes(void **state)
{
    (void)state;
    char *first = draw("Class 1", "p-");
    char *other = draw("something else", "p-"); /* moves cairo's counters on */
    char *again = draw("Class 1", "p-");
    assert_string_equal(first, again);
    assert_non_null(strstr(first, "id=\"p-surface1\""));
    assert_null(strstr(first, "surface0"));
    assert_int_equal(strncmp(first, "<svg", 4), 0); /* no XML declaration inline */
    free(first);
    free(other);
    free(again);
}

static void desc_holds_the_texts(void **state)
{
    (void)state;
    char *svg = draw("Théâtre & \"scène\" <1>", "q-");
    assert_non_null(strstr(svg, "<desc>Théâtre &amp; &quot;scène&quot; &lt;1&gt;\n</desc>"));
    /* every reference points to an id of the figure, all prefixed */
    for (const char *p = svg; (p = strstr(p, "href=\"#")); p += 7) {
        assert_int_equal(strncmp(p + 7, "q-", 2), 0);
        char id[64];
        size_t len = strcspn(p + 7, "\"");
        assert_true(len < sizeof id - 6);
        snprintf(id, sizeof id, "id=\"%.*s\"", (int)len, p + 7);
        assert_non_null(strstr(svg, id));
    }
    free(svg);
}

/* A text's box is where its ink lies: measured, moved with its anchor, and inside the
 * surface or not. */
static void text_box_inside_or_not(void **state)
{
    (void)state;
    cn_figure *fig = cn_figure_new(200, 100);
    assert_non_null(fig);
    cairo_t *cr = cn_figure_cairo(fig);
    cn_box area = cn_figure_area(fig, 2);
    cn_box left = cn_figure_text_box(cr, 10, 50, "éducatrice", 16, CN_ALIGN_LEFT, false);
    double w = cn_figure_text_width(cr, "éducatrice", 16, false);
    assert_true(left.x0 >= 10 && left.x0 < 13 && left.x1 > 10 + w - 4 && left.x1 <= 10 + w + 1);
    assert_true(left.y0 < 50 - 11 && left.y1 >= 50); /* the accent and the baseline */
    assert_true(cn_box_inside(left, area));
    cn_box centre =
        cn_figure_text_box(cr, 10 + w / 2, 50, "éducatrice", 16, CN_ALIGN_CENTRE, false);
    assert_true(fabs(centre.x0 - left.x0) < 1e-9 && fabs(centre.x1 - left.x1) < 1e-9);
    /* cut at the right edge, the left edge, the top */
    assert_false(cn_box_inside(cn_box_at(left, 200 - w, 0), area));
    assert_false(cn_figure_text_box(cr, 0, 50, "contents", 16, CN_ALIGN_CENTRE, false).x0 >= 2);
    assert_false(
        cn_box_inside(cn_figure_text_box(cr, 50, 8, "Éé", 16, CN_ALIGN_LEFT, false), area));
    assert_true(cn_box_inside(cn_box_at(left, 0, 40), area));
    assert_false(cn_box_inside(cn_box_at(left, 0, 50), area)); /* below the bottom */
    cn_box empty = cn_figure_text_box(cr, 30, 40, "", 16, CN_ALIGN_LEFT, false);
    assert_true(empty.x0 == 30 && empty.x1 == 30 && empty.y0 == 40 && empty.y1 == 40);
    cn_figure_free(fig);
}

/* sRGB component to linear light, and back is not needed: distances are taken in CIELAB. */
static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0;
}

/* The colour as a reader with matrix m sees it (Machado, Oliveira and Fernandes 2009, full
 * severity, on linear RGB), in CIELAB (D65). */
static void seen(const double rgb[3], const double m[3][3], double lab[3])
{
    double l[3], s[3];
    for (int i = 0; i < 3; i++)
        l[i] = linear(rgb[i]);
    for (int i = 0; i < 3; i++) {
        s[i] = m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2];
        s[i] = s[i] < 0 ? 0 : s[i] > 1 ? 1 : s[i];
    }
    double x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
    double y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    double z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
    lab[0] = 116 * lab_f(y) - 16;
    lab[1] = 500 * (lab_f(x) - lab_f(y));
    lab[2] = 200 * (lab_f(y) - lab_f(z));
}

/* Most studies keep 3 to 6 classes: the first four colours are at least 20 apart (CIE76
 * delta E) for typical readers and for readers without green (deuteranopia) or red
 * (protanopia) cones, a man in twelve between them. The palette's first order put bluish
 * green and reddish purple third and fourth, 18 apart under deuteranopia. */
static void first_classes_apart_for_colour_blind_readers(void **state)
{
    (void)state;
    static const double readers[3][3][3] = {
        {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
        {{0.367322, 0.860646, -0.227968},
         {0.280085, 0.672501, 0.047413},
         {-0.011820, 0.042940, 0.968881}},
        {{0.152286, 1.052583, -0.204868},
         {0.114503, 0.786281, 0.099216},
         {-0.003882, -0.048116, 1.051998}},
    };
    for (int r = 0; r < 3; r++)
        for (int a = 0; a < 4; a++)
            for (int b = a + 1; b < 4; b++) {
                double ca[3], cb[3], la[3], lb[3];
                cn_figure_colour(a, false, ca);
                cn_figure_colour(b, false, cb);
                seen(ca, readers[r], la);
                seen(cb, readers[r], lb);
                double d =
                    sqrt(pow(la[0] - lb[0], 2) + pow(la[1] - lb[1], 2) + pow(la[2] - lb[2], 2));
                if (d < 20)
                    fail_msg("reader %d: colours %d and %d are %.1f apart", r, a + 1, b + 1, d);
            }
    double black[3];
    cn_figure_colour(7, false, black); /* class 8's, kept */
    assert_true(black[0] == 0 && black[1] == 0 && black[2] == 0);
}

/* Trial 63: with 13 classes, classes 1 and 9 had the same orange, class 8 the unclassified
 * black, and --grey gave the unclassified segments class 1's grey. Up to the palette's 16
 * classes, no two classes and not the unclassified segments (index -1) share a colour. */
static void classes_never_share_a_colour(void **state)
{
    (void)state;
    int n = cn_figure_palette_size();
    assert_true(n >= 16);
    for (int grey = 0; grey < 2; grey++)
        for (int a = -1; a < n; a++)
            for (int b = a + 1; b < n; b++) {
                double ca[3], cb[3];
                cn_figure_colour(a, grey, ca);
                cn_figure_colour(b, grey, cb);
                double d = fabs(ca[0] - cb[0]) + fabs(ca[1] - cb[1]) + fabs(ca[2] - cb[2]);
                if (d < 0.04)
                    fail_msg("%s: indexes %d and %d share a colour", grey ? "grey" : "colour", a,
                             b);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_drawing_same_bytes),
        cmocka_unit_test(desc_holds_the_texts),
        cmocka_unit_test(text_box_inside_or_not),
        cmocka_unit_test(first_classes_apart_for_colour_blind_readers),
        cmocka_unit_test(classes_never_share_a_colour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
