/* markup.c — escaping for HTML and XML (see markup.h). */
#include "carnet/markup.h"

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
