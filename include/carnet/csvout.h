/* csvout.h — writing RFC 4180 CSV, for every table Carnet writes.
 * Writes to a caller-owned FILE. A row reports a failed stream as CN_EIO in the
 * cn_error; a lone field leaves it in the stream (check ferror, or end with a row). */
#ifndef CARNET_CSVOUT_H
#define CARNET_CSVOUT_H

#include <stdio.h>

#include "carnet/error.h"

/* Writes one field, quoted (with doubled quotes) only when it holds a comma, a quote,
 * a CR or a LF, or starts or ends with a space. */
void cn_csv_field(FILE *out, const char *text);

/* Writes the fields separated by commas, then "\n"; CN_OK, or CN_EIO when the stream has
 * failed (at this row or before). */
int cn_csv_row(FILE *out, const char *const *fields, int n, cn_error *err);

#endif
