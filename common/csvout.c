/* csvout.c — RFC 4180 field quoting (see csvout.h). */
#include "carnet/csvout.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* Writes prefix (a character or NUL) then text as one field, quoted when it must be. */
static void write_field(FILE *out, char prefix, const char *text)
{
    size_t n = strlen(text);
    bool quote =
        strpbrk(text, ",\"\r\n") != NULL || (n > 0 && (text[0] == ' ' || text[n - 1] == ' '));
    if (!quote) {
        if (prefix)
            fputc(prefix, out);
        fwrite(text, 1, n, out);
        return;
    }
    fputc('"', out);
    if (prefix)
        fputc(prefix, out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void cn_csv_field(FILE *out, const char *text)
{
    write_field(out, '\0', text);
}

void cn_csv_text(FILE *out, const char *text)
{
    write_field(out, text[0] && strchr("=+-@\t\r", text[0]) ? '\'' : '\0', text);
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
