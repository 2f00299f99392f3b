/* markup.h — text safely inside HTML or XML (the report, GraphML, comparison pages).
 * Writes to a caller-owned FILE; nothing is returned: a write that failed is the stream's
 * error, which its closing reports (cn_out_close). */
#ifndef CARNET_MARKUP_H
#define CARNET_MARKUP_H

#include <stdio.h>

/* Writes text with & < > " escaped. */
void cn_markup_text(FILE *out, const char *text);

#endif
