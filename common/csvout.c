/* csvout.c — RFC 4180 field quoting (see csvout.h). */
#include "carnet/csvout.h"

#include <errno.h>
#include <string.h>

void cn_csv_field(FILE *out, const char *text)
{
    size_t n = strlen(text);
    int quote =
        strpbrk(text, ",\"\r\n") != NULL || (n > 0 && (text[0] == ' ' || text[n - 1] == ' '));
    if (!quote) {
        fwrite(text, 1, n, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

int cn_csv_row(FILE *out, const char *const *fields, int n, cn_error *err)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        cn_csv_field(out, fields[i]);
    }
    fputc('\n', out);
    if (ferror(out))
        return cn_error_code(err, CN_EIO, "write error: %s", strerror(errno));
    return CN_OK;
}
