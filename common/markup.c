/* markup.c — escaping for HTML and XML (see markup.h). */
#include "carnet/markup.h"

#include <string.h>

void cn_markup_text(FILE *out, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            /* XML 1.0 forbids C0 controls but tab, LF and CR, even as references: a
             * lemma or a text that holds one would make the GraphML or the page
             * invalid. U+FFFD shows that something was there. */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                fputs("\xEF\xBF\xBD", out);
            else
                fputc(*s, out);
        }
}

bool cn_markup_shell_word(const char *s, char *out, size_t size)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                "._/-+,:@";
    size_t n = strlen(s), o = 0;
    if (s[0] == '-') { /* a command would read it as its options (trial 92) */
        if (size < 3)
            return false;
        char rest[4096];
        if (snprintf(rest, sizeof rest, "./%s", s) >= (int)sizeof rest)
            return false;
        return cn_markup_shell_word(rest, out, size);
    }
    if (n > 0 && strspn(s, plain) == n) {
        if (n + 1 > size)
            return false;
        memcpy(out, s, n + 1);
        return true;
    }
    if (o + 1 < size)
        out[o++] = '\'';
    for (const char *c = s; *c && o < size; c++) {
        const char *piece = *c == '\'' ? "'\\''" : NULL;
        size_t len = piece ? strlen(piece) : 1;
        if (o + len + 2 > size)
            return false;
        memcpy(out + o, piece ? piece : c, len);
        o += len;
    }
    if (o + 2 > size)
        return false;
    out[o++] = '\'';
    out[o] = '\0';
    return true;
}
