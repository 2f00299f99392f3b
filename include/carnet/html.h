/* html.h — building the desk's HTML pages in a growing buffer, with the one function that
 * escapes text for HTML (every text from the database goes through cn_html_text).
 * The buffer is the caller's (cn_html_free frees it); an allocation failure is sticky:
 * later calls do nothing and cn_html_failed says so, checked once when the page is done. */
#ifndef CARNET_HTML_H
#define CARNET_HTML_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cn_html {
    char *data; /* NUL-terminated once anything was written */
    size_t len, cap;
    bool failed; /* out of memory */
} cn_html;

/* Appends markup as is: only for literal markup of the program, never for data. */
void cn_html_raw(cn_html *h, const char *markup);
void cn_html_rawn(cn_html *h, const char *markup, size_t len);
/* Appends printf-formatted markup; arguments must be numbers or literal markup. */
void cn_html_rawf(cn_html *h, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends text escaped for element content and quoted attribute values: & < > " ' become
 * entities, so no text can open a tag, end an attribute or start an entity. */
void cn_html_text(cn_html *h, const char *text);
void cn_html_textn(cn_html *h, const char *text, size_t len);
/* The escaping itself, into out (size bytes, truncating on a whole entity); returns the
 * length the escaped text needs, as snprintf does. */
size_t cn_html_escape(const char *text, size_t len, char *out, size_t size);
bool cn_html_failed(const cn_html *h);
void cn_html_free(cn_html *h);

#endif
