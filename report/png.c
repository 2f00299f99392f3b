/* png.c — PNG files of the figures (see png.h).
 *
 * cairo_surface_write_to_png leaves libpng's defaults: each row is filtered five ways and
 * the smallest kept, then deflated at level 6, and that took a quarter of a run's writing.
 * Here no row filter and zlib level 3. tests/bench/png.sh encodes the figures of four runs
 * both ways: about a quarter of cairo's time, and as many bytes in all, though a chart of a
 * few flat colours can take twice cairo's bytes (themes_over_time.png, where cairo's
 * per-row filters do best) and word clouds fewer. No filter at level 6 took 16 % fewer
 * bytes in all (the worst file 1.5 times cairo's) for twice the time; choosing NONE or UP
 * per image gained nothing at level 3. The pixels are cairo's: the same conversion, written
 * here (its callback is not public). */
#include "carnet/png.h"

#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PNG_DEFLATE_LEVEL 3

/* What libpng's callbacks report into. */
typedef struct writing {
    cn_error *err;
    bool out_of_memory; /* an allocation failed: whatever libpng's message, it is memory */
} writing;

static void on_error(png_structp png, png_const_charp msg)
{
    writing *w = png_get_error_ptr(png);
    if (w->out_of_memory)
        cn_error_nomem(w->err);
    else
        cn_error_code(w->err, CN_EIO, "PNG: %s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png; /* nothing a reader of the run could act on: libpng would print it */
    (void)msg;
}

static png_voidp on_malloc(png_structp png, png_alloc_size_t size)
{
    void *p = malloc(size);
    if (!p)
        ((writing *)png_get_mem_ptr(png))->out_of_memory = true;
    return p;
}

static void on_free(png_structp png, png_voidp p)
{
    (void)png;
    free(p);
}

static uint32_t pixel_at(const unsigned char *row, int x)
{
    uint32_t p;
    memcpy(&p, row + 4 * (size_t)x, 4);
    return p;
}

static bool all_opaque(const unsigned char *pixels, int width, int height, int stride)
{
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            if (pixel_at(pixels + (size_t)y * (size_t)stride, x) >> 24 != 0xff)
                return false;
    return true;
}

/* An opaque pixel's colour is not premultiplied by anything but 1. */
static void rgb_row(const unsigned char *in, int width, unsigned char *out)
{
    for (int x = 0; x < width; x++, out += 3) {
        uint32_t p = pixel_at(in, x);
        out[0] = (unsigned char)(p >> 16);
        out[1] = (unsigned char)(p >> 8);
        out[2] = (unsigned char)p;
    }
}

/* c * 255 / alpha, to the nearest: the colour before it was premultiplied. */
static unsigned char unpremultiply(uint32_t c, uint32_t alpha)
{
    return (unsigned char)(((c & 0xff) * 255 + alpha / 2) / alpha);
}

static void rgba_row(const unsigned char *in, int width, unsigned char *out)
{
    for (int x = 0; x < width; x++, out += 4) {
        uint32_t p = pixel_at(in, x), alpha = p >> 24;
        if (alpha == 0) {
            memset(out, 0, 4);
            continue;
        }
        out[0] = unpremultiply(p >> 16, alpha);
        out[1] = unpremultiply(p >> 8, alpha);
        out[2] = unpremultiply(p, alpha);
        out[3] = (unsigned char)alpha;
    }
}

int cn_png_write_argb32(const unsigned char *pixels, int width, int height, int stride, FILE *out,
                        cn_error *err)
{
    if (!pixels || width <= 0 || height <= 0 || stride < 4 * width)
        return cn_error_code(err, CN_EINVALID, "PNG: an image of %d x %d pixels", width, height);
    bool opaque = all_opaque(pixels, width, height, stride);
    /* on the heap, not on this stack: libpng's callbacks change it between setjmp and
     * longjmp, and only then is it read; the row follows it */
    writing *w = malloc(sizeof *w + (size_t)width * (opaque ? 3 : 4));
    if (!w)
        return cn_error_nomem(err);
    *w = (writing){err, false};
    unsigned char *row = (unsigned char *)(w + 1);
    png_structp png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, w, on_error, on_warning, w,
                                                on_malloc, on_free);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        free(w);
        return cn_error_nomem(err);
    }
    if (setjmp(png_jmpbuf(png))) { /* on_error set err */
        int code = w->out_of_memory ? CN_ENOMEM : CN_EIO;
        png_destroy_write_struct(&png, &info);
        free(w);
        return code;
    }
    png_init_io(png, out);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color_16 white = {.red = 0xff, .green = 0xff, .blue = 0xff, .gray = 0xff};
    png_set_bKGD(png, info, &white); /* as cairo's files say */
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, PNG_DEFLATE_LEVEL);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const unsigned char *in = pixels + (size_t)y * (size_t)stride;
        if (opaque)
            rgb_row(in, width, row);
        else
            rgba_row(in, width, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(w);
    return CN_OK;
}
