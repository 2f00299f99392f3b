/* csvout.c — RFC 4180 field quoting (see csvout.h). */
#include "carnet/csvout.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static bool must_quote(const char *text, size_t n)
{
    return strpbrk(text, ",\"\r\n") != NULL || (n > 0 && (text[0] == ' ' || text[n - 1] == ' '));
}

/* The apostrophe a spreadsheet text cell starts with when it could be read as a formula;
 * and one more before a cell's own leading apostrophe, so that the guard is read back by
 * dropping one: "'-3' sur l'échelle" and "-3' sur l'échelle" stay two cells. */
static char formula_guard(const char *text)
{
    return text[0] && strchr("=+-@\t\r'", text[0]) ? '\'' : '\0';
}

/* Writes prefix (a character or NUL) then text as one field, quoted when it must be; the
 * text between quotes goes out in runs, not a character at a time. */
static void write_field(FILE *out, char prefix, const char *text)
{
    size_t n = strlen(text);
    bool quote = must_quote(text, n);
    if (quote)
        fputc('"', out);
    if (prefix)
        fputc(prefix, out);
    if (!quote) {
        fwrite(text, 1, n, out);
        return;
    }
    for (const char *p = text, *q; *p; p = q + 1) {
        q = strchr(p, '"');
        if (!q) {
            fputs(p, out);
            break;
        }
        fwrite(p, 1, (size_t)(q - p) + 1, out); /* up to the quote, which is doubled */
        fputc('"', out);
    }
    fputc('"', out);
}

void cn_csv_field(FILE *out, const char *text)
{
    write_field(out, '\0', text);
}

void cn_csv_text(FILE *out, const char *text)
{
    write_field(out, formula_guard(text), text);
}

void cn_csv_text_wbuf(cn_wbuf *out, const char *text)
{
    size_t n = strlen(text);
    bool quote = must_quote(text, n);
    char prefix = formula_guard(text);
    if (quote)
        cn_wbuf_char(out, '"');
    if (prefix)
        cn_wbuf_char(out, prefix);
    if (!quote) {
        cn_wbuf_put(out, text, n);
        return;
    }
    for (const char *p = text, *q; *p; p = q + 1) {
        q = strchr(p, '"');
        if (!q) {
            cn_wbuf_str(out, p);
            break;
        }
        cn_wbuf_put(out, p, (size_t)(q - p) + 1);
        cn_wbuf_char(out, '"');
    }
    cn_wbuf_char(out, '"');
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
