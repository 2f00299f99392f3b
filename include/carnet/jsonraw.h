/* jsonraw.h — checks on a JSON text itself, for what cJSON's decoding hides: a string
 * holding the escape \u0000 decodes to a NUL byte, and the text would silently end there.
 * Works on the caller's buffer; CN_OK, or CN_EINVALID with file, line and the field's path. */
#ifndef CARNET_JSONRAW_H
#define CARNET_JSONRAW_H

#include <stddef.h>

#include "carnet/error.h"

/* Refuses the first string (value or member name) of text[0..n) that holds \u0000, naming
 * its line and path ("entries[3].text"). text must parse as JSON and hold no raw NUL. */
int cn_jsonraw_refuse_nul(const char *path, const char *text, size_t n, cn_error *err);

#endif
