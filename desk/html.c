/* html.c — the desk's page buffer and its HTML escaping (see html.h). */
#include "carnet/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(cn_html *h, size_t more)
{
    if (h->failed)
        return false;
    if (h->len + more + 1 <= h->cap)
        return true;
    size_t cap = h->cap ? h->cap : 4096;
    while (cap < h->len + more + 1)
        cap *= 2;
    char *data = realloc(h->data, cap);
    if (!data) {
        h->failed = true;
        return false;
    }
    h->data = data;
    h->cap = cap;
    return true;
}

void cn_html_rawn(cn_html *h, const char *markup, size_t len)
{
    if (!reserve(h, len))
        return;
    memcpy(h->data + h->len, markup, len);
    h->len += len;
    h->data[h->len] = '\0';
}

void cn_html_raw(cn_html *h, const char *markup)
{
    cn_html_rawn(h, markup, strlen(markup));
}

void cn_html_rawf(cn_html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(h, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(h->data + h->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    h->len += (size_t)n;
}

/* The entity of a character that must be escaped, or NULL. */
static const char *entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    }
    return NULL;
}

size_t cn_html_escape(const char *text, size_t len, char *out, size_t size)
{
    size_t need = 0, written = 0;
    bool full = false; /* once something did not fit, nothing after it is written */
    for (size_t i = 0; i < len; i++) {
        const char *e = entity(text[i]);
        size_t n = e ? strlen(e) : 1;
        if (!full && need + n < size) {
            memcpy(out + need, e ? e : &text[i], n);
            written = need + n;
        } else {
            full = true;
        }
        need += n;
    }
    if (size)
        out[written] = '\0';
    return need;
}

void cn_html_textn(cn_html *h, const char *text, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *e = entity(text[i]);
        if (!e)
            continue;
        cn_html_rawn(h, text + start, i - start);
        cn_html_raw(h, e);
        start = i + 1;
    }
    cn_html_rawn(h, text + start, len - start);
}

void cn_html_text(cn_html *h, const char *text)
{
    cn_html_textn(h, text ? text : "", text ? strlen(text) : 0);
}

bool cn_html_failed(const cn_html *h)
{
    return h->failed;
}

void cn_html_free(cn_html *h)
{
    free(h->data);
    *h = (cn_html){0};
}
