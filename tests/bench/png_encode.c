/* png_encode.c — the figures' PNG encoding against cairo's: each PNG file named is decoded,
 * then encoded by cairo_surface_write_to_png and by cn_png_write_argb32 (best of 3 each);
 * prints the time and bytes of each in all, and the file whose size grew the most. Built
 * and run by png.sh. */
#include <cairo.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "carnet/png.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static cairo_status_t count_bytes(void *closure, const unsigned char *data, unsigned int n)
{
    (void)data;
    *(size_t *)closure += n;
    return CAIRO_STATUS_SUCCESS;
}

/* The file's pixels as cairo's premultiplied ARGB32 surface, or NULL. */
static cairo_surface_t *decode(const char *path)
{
    png_image im = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&im, path))
        return NULL;
    im.format = PNG_FORMAT_BGRA; /* a little-endian uint32 0xAARRGGBB */
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)im.width, (int)im.height);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    if (!data || !png_image_finish_read(&im, NULL, data, stride, NULL)) {
        cairo_surface_destroy(s);
        return NULL;
    }
    for (unsigned y = 0; y < im.height; y++) /* premultiplied, as cairo draws */
        for (unsigned x = 0; x < 4 * im.width; x += 4) {
            unsigned char *p = data + (size_t)y * (size_t)stride + x;
            for (int c = 0; c < 3; c++)
                p[c] = (unsigned char)((p[c] * p[3] + 127) / 255);
        }
    cairo_surface_mark_dirty(s);
    return s;
}

int main(int argc, char **argv)
{
    double t_cairo = 0, t_ours = 0, worst = 0;
    size_t b_cairo = 0, b_ours = 0, larger = 0, n = 0;
    const char *worst_file = "";
    for (int i = 1; i < argc; i++) {
        cairo_surface_t *s = decode(argv[i]);
        if (!s) {
            fprintf(stderr, "%s: not decoded\n", argv[i]);
            return 1;
        }
        double best_cairo = 1e9, best_ours = 1e9;
        size_t size_cairo = 0, size_ours = 0;
        for (int rep = 0; rep < 3; rep++) {
            size_cairo = 0;
            double t0 = now_ms();
            cairo_surface_write_to_png_stream(s, count_bytes, &size_cairo);
            double t1 = now_ms();
            FILE *out = tmpfile();
            cn_error err = {0};
            if (!out || cn_png_write_argb32(cairo_image_surface_get_data(s),
                                            cairo_image_surface_get_width(s),
                                            cairo_image_surface_get_height(s),
                                            cairo_image_surface_get_stride(s), out, &err) < 0) {
                fprintf(stderr, "%s: %s\n", argv[i], err.msg);
                return 1;
            }
            double t2 = now_ms();
            size_ours = (size_t)ftell(out);
            fclose(out);
            best_cairo = t1 - t0 < best_cairo ? t1 - t0 : best_cairo;
            best_ours = t2 - t1 < best_ours ? t2 - t1 : best_ours;
        }
        cairo_surface_destroy(s);
        t_cairo += best_cairo;
        t_ours += best_ours;
        b_cairo += size_cairo;
        b_ours += size_ours;
        double ratio = (double)size_ours / (double)size_cairo;
        larger += ratio > 1.03;
        n++;
        if (ratio > worst) {
            worst = ratio;
            worst_file = argv[i];
        }
    }
    printf("%zu PNG figures: cairo %.0f ms, %zu bytes; Carnet %.0f ms, %zu bytes (%.1f %% of "
           "cairo's time, %+.1f %% bytes); %zu files more than 3 %% larger, the most %.2f times "
           "(%s)\n",
           n, t_cairo, b_cairo, t_ours, b_ours, 100 * t_ours / t_cairo,
           100.0 * ((double)b_ours - (double)b_cairo) / (double)b_cairo, larger, worst, worst_file);
    return 0;
}
