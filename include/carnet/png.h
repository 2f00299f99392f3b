/* png.h — the figures' PNG files: a 32-bit premultiplied image (cairo's ARGB32) encoded
 * with libpng, for speed: no row filter, zlib level 3.
 * The caller owns the pixels and the FILE; errors come back as CN_ENOMEM or CN_EIO in err,
 * with libpng's reason, and nothing is printed. */
#ifndef CARNET_PNG_H
#define CARNET_PNG_H

#include <stdint.h>
#include <stdio.h>

#include "carnet/error.h"

/* Writes width x height pixels (rows of stride bytes, each pixel a native-endian uint32
 * 0xAARRGGBB with premultiplied colour) to out as a PNG. An image without any transparent
 * pixel becomes 8-bit RGB, any other 8-bit RGBA with its colour unpremultiplied, rounding
 * to nearest: the pixels cairo_surface_write_to_png gives, in about a fifth of its time
 * (no row filter, zlib level 3, instead of five filters tried on each row at level 6), in
 * about as many bytes over a run's figures though up to twice as many for one (png.c).
 * Returns 0, or < 0 with err set; out may then hold part of a PNG. */
int cn_png_write_argb32(const unsigned char *pixels, int width, int height, int stride, FILE *out,
                        cn_error *err);

#endif
