/* jsonraw.h — what a JSON text holds that cJSON's decoding hides: a string holding the
 * escape \u0000 decodes to a NUL byte, and the text would silently end there; and where
 * each record begins, which cJSON does not keep. Works on the caller's buffer; CN_OK, or
 * CN_EINVALID with file, line and the field's path (CN_ENOMEM). */
#ifndef CARNET_JSONRAW_H
#define CARNET_JSONRAW_H

#include <stddef.h>

#include "carnet/error.h"

/* Refuses the first string (value or member name) of text[0..n) that holds \u0000, naming
 * its line and path ("entries[3].text"). text must parse as JSON and hold no raw NUL. */
int cn_jsonraw_refuse_nul(const char *path, const char *text, size_t n, cn_error *err);

/* The line (from 1) of text[offset] in text[0..n): LF and a CR alone end lines, CRLF once,
 * as the CSV reader counts them. */
size_t cn_jsonraw_line(const char *text, size_t n, size_t offset);

/* The line (from 1) where each element of the array that is member key of text's top-level
 * object begins, in order: *lines (malloc'd, the caller's) holds *count of them; NULL and
 * 0 when there is no such array. text[0..n) must parse as JSON. */
int cn_jsonraw_element_lines(const char *text, size_t n, const char *key, size_t **lines,
                             size_t *count, cn_error *err);

#endif
