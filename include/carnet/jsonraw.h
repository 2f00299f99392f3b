/* jsonraw.h — what a JSON text holds that cJSON's decoding hides: a string holding the
 * escape \u0000 decodes to a NUL byte, and the text would silently end there; and where
 * each record begins, which cJSON does not keep. Works on the caller's buffer; CN_OK, or
 * CN_EINVALID with file, line and the field's path (CN_ENOMEM). */
#ifndef CARNET_JSONRAW_H
#define CARNET_JSONRAW_H

#include <stdbool.h>
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

/* Whether text[0..n) (valid UTF-8, no NUL byte) is one JSON value, blanks around it, by
 * JSON's grammar (RFC 8259) read strictly, without allocating; else *bad is the offset
 * where it breaks (n: cut short or empty; after a whole value: what follows it, two files
 * joined). A parser that failed on a text found well formed ran out of memory (cJSON gives
 * the same NULL for both, and its error's place moves with the memory left: trial 94 was
 * told "malformed JSON" at a valid line). Nesting deeper than depth_limit (at most 4096)
 * is said broken at the first bracket too deep. */
bool cn_jsonraw_well_formed(const char *text, size_t n, size_t depth_limit, size_t *bad);

#endif
