/* csvout.h — writing RFC 4180 CSV, for every table Carnet writes.
 * Writes to a caller-owned FILE. A row reports a failed stream as CN_EIO in the
 * cn_error; a lone field leaves it in the stream (check ferror, or end with a row). */
#ifndef CARNET_CSVOUT_H
#define CARNET_CSVOUT_H

#include <stdio.h>

#include "carnet/error.h"
#include "carnet/wbuf.h"

/* Writes one field, quoted (with doubled quotes) only when it holds a comma, a quote,
 * a CR or a LF, or starts or ends with a space. */
void cn_csv_field(FILE *out, const char *text);

/* Writes a text cell of a table meant for reading in a spreadsheet (the analysis
 * tables): as cn_csv_field, but a text starting with = + - @ tab or CR gets a leading
 * apostrophe, so a spreadsheet shows it instead of running it as a formula (a thematic
 * "-*theme", a segment opening with a dialogue dash), and so does a text starting with
 * an apostrophe: dropping one leading apostrophe gives every cell back. The collector's
 * exports are in the import formats and stay exact: they use cn_csv_field. */
void cn_csv_text(FILE *out, const char *text);
/* cn_csv_text into a buffered writer (wbuf.h): the same characters. */
void cn_csv_text_wbuf(cn_wbuf *out, const char *text);

/* Writes the fields separated by commas, then "\n"; CN_OK, or CN_EIO when the stream has
 * failed (at this row or before). */
int cn_csv_row(FILE *out, const char *const *fields, int n, cn_error *err);

#endif
