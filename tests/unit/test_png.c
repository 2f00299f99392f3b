/* test_png.c — the figures' PNG files (png.h) hold the pixels cairo's own writer gives, for
 * an opaque drawing (as 8-bit RGB) and a transparent one (RGBA, colour unpremultiplied);
 * a write that fails and an image without pixels are errors, not files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <png.h>

#include "carnet/png.h"

/* Anti-aliased edges, text and half-transparent paint: every kind of pixel a figure has. */
static cairo_surface_t *drawing(bool opaque)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 161, 97);
    cairo_t *cr = cairo_create(s);
    if (opaque) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
    }
    cairo_set_source_rgba(cr, 0.8, 0.2, 0.1, 0.6);
    cairo_arc(cr, 50, 45, 33.3, 0, 6.283);
    cairo_fill(cr);
    cairo_set_source_rgba(cr, 0.1, 0.3, 0.9, 0.35);
    cairo_rectangle(cr, 40.5, 20.25, 90.7, 50.1);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, 20, 90);
    cairo_set_font_size(cr, 17);
    cairo_show_text(cr, "Classe 2 : éàç");
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* The file's pixels as 8-bit RGBA, and its colour type (IHDR). */
static unsigned char *pixels_of(FILE *f, png_uint_32 *w, png_uint_32 *h, int *color_type)
{
    rewind(f);
    unsigned char head[26];
    assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
    *color_type = head[25];
    rewind(f);
    png_image im = {.version = PNG_IMAGE_VERSION};
    assert_true(png_image_begin_read_from_stdio(&im, f));
    im.format = PNG_FORMAT_RGBA;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(im));
    assert_non_null(buf);
    assert_true(png_image_finish_read(&im, NULL, buf, 0, NULL));
    *w = im.width;
    *h = im.height;
    return buf;
}

static void same_pixels_as_cairo(bool opaque, int expected_type)
{
    cairo_surface_t *s = drawing(opaque);
    FILE *theirs = tmpfile(), *ours = tmpfile();
    assert_non_null(theirs);
    assert_non_null(ours);
    assert_int_equal(cairo_surface_write_to_png_stream(s, to_file, theirs), CAIRO_STATUS_SUCCESS);
    cn_error err = {0};
    assert_int_equal(cn_png_write_argb32(cairo_image_surface_get_data(s),
                                         cairo_image_surface_get_width(s),
                                         cairo_image_surface_get_height(s),
                                         cairo_image_surface_get_stride(s), ours, &err),
                     CN_OK);
    assert_int_equal(fflush(ours), 0);
    png_uint_32 w1, h1, w2, h2;
    int t1, t2;
    unsigned char *a = pixels_of(theirs, &w1, &h1, &t1), *b = pixels_of(ours, &w2, &h2, &t2);
    assert_int_equal(w1, 161);
    assert_int_equal(h1, 97);
    assert_int_equal(w2, w1);
    assert_int_equal(h2, h1);
    assert_int_equal(t1, expected_type);
    assert_int_equal(t2, expected_type);
    assert_memory_equal(a, b, (size_t)w1 * h1 * 4);
    free(a);
    free(b);
    fclose(theirs);
    fclose(ours);
    cairo_surface_destroy(s);
}

static void opaque_drawing_as_rgb(void **state)
{
    (void)state;
    same_pixels_as_cairo(true, PNG_COLOR_TYPE_RGB);
}

static void transparent_drawing_as_rgba(void **state)
{
    (void)state;
    same_pixels_as_cairo(false, PNG_COLOR_TYPE_RGB_ALPHA);
}

/* One premultiplied pixel, worked by hand: alpha 0x80, colour 0x40 0x20 0x00. */
static void unpremultiplied_to_the_nearest(void **state)
{
    (void)state;
    uint32_t px[2] = {0x80402000u, 0x00000000u};
    FILE *f = tmpfile();
    assert_non_null(f);
    cn_error err = {0};
    assert_int_equal(cn_png_write_argb32((const unsigned char *)px, 2, 1, 8, f, &err), CN_OK);
    assert_int_equal(fflush(f), 0);
    png_uint_32 w, h;
    int type;
    unsigned char *rgba = pixels_of(f, &w, &h, &type);
    assert_int_equal(type, PNG_COLOR_TYPE_RGB_ALPHA);
    /* 0x40 * 255 / 128 = 127.5 -> 128; 0x20 * 255 / 128 = 63.75 -> 64 */
    unsigned char want[8] = {128, 64, 0, 0x80, 0, 0, 0, 0};
    assert_memory_equal(rgba, want, 8);
    free(rgba);
    fclose(f);
}

static void failures_are_errors(void **state)
{
    (void)state;
    cn_error err = {0};
    uint32_t px = 0xffffffffu;
    assert_int_equal(cn_png_write_argb32((const unsigned char *)&px, 0, 1, 4, stdout, &err),
                     CN_EINVALID);
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    setvbuf(full, NULL, _IONBF, 0); /* each of libpng's writes reaches the device */
    cairo_surface_t *s = drawing(true);
    memset(&err, 0, sizeof err);
    assert_int_equal(cn_png_write_argb32(cairo_image_surface_get_data(s),
                                         cairo_image_surface_get_width(s),
                                         cairo_image_surface_get_height(s),
                                         cairo_image_surface_get_stride(s), full, &err),
                     CN_EIO);
    assert_non_null(strstr(err.msg, "PNG: "));
    assert_true(ferror(full));
    fclose(full);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opaque_drawing_as_rgb),
        cmocka_unit_test(transparent_drawing_as_rgba),
        cmocka_unit_test(unpremultiplied_to_the_nearest),
        cmocka_unit_test(failures_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
