/* csvout.h — writing RFC 4180 CSV, for every table Carnet writes.
 * Writes to a caller-owned FILE; errors are left in the stream (check ferror). */
#ifndef CARNET_CSVOUT_H
#define CARNET_CSVOUT_H

#include <stdio.h>

/* Writes one field, quoted (with doubled quotes) only when it holds a comma, a quote,
 * a CR or a LF, or starts or ends with a space. */
void cn_csv_field(FILE *out, const char *text);

/* Writes the fields separated by commas, then "\n". */
void cn_csv_row(FILE *out, const char *const *fields, int n);

#endif
