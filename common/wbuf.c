/* wbuf.c — buffered table writing (see wbuf.h). The numbers are written digit by digit from
 * integers: printf parses its format on every call, which was a tenth of a whole run
 * writing a table of millions of rows. */
#include "carnet/wbuf.h"

#include <math.h>
#include <string.h>

void cn_wbuf_init(cn_wbuf *b, FILE *out)
{
    b->out = out;
    b->len = 0;
    b->failed = false;
}

int cn_wbuf_flush(cn_wbuf *b)
{
    if (b->len > 0 && !b->failed && fwrite(b->data, 1, b->len, b->out) != b->len)
        b->failed = true;
    b->len = 0;
    return b->failed ? -1 : 0;
}

void cn_wbuf_put(cn_wbuf *b, const char *s, size_t n)
{
    if (b->len + n > sizeof b->data) {
        cn_wbuf_flush(b);
        if (n > sizeof b->data) { /* too large to buffer: straight through */
            if (!b->failed && fwrite(s, 1, n, b->out) != n)
                b->failed = true;
            return;
        }
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void cn_wbuf_str(cn_wbuf *b, const char *s)
{
    cn_wbuf_put(b, s, strlen(s));
}

void cn_wbuf_char(cn_wbuf *b, char c)
{
    if (b->len == sizeof b->data)
        cn_wbuf_flush(b);
    b->data[b->len++] = c;
}

/* The decimal digits of v at the end of buf (which ends at end); returns where they start. */
static char *digits(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

char *cn_wbuf_room(cn_wbuf *b, size_t n)
{
    if (n > sizeof b->data)
        return NULL;
    if (b->len + n > sizeof b->data)
        cn_wbuf_flush(b);
    return b->data + b->len;
}

void cn_wbuf_commit(cn_wbuf *b, size_t n)
{
    b->len += n;
}

size_t cn_wbuf_format_u64(char *out, uint64_t v)
{
    char buf[24];
    char *start = digits(v, buf + sizeof buf);
    size_t n = (size_t)(buf + sizeof buf - start);
    memcpy(out, start, n);
    return n;
}

void cn_wbuf_u64(cn_wbuf *b, uint64_t v)
{
    char buf[24];
    char *start = digits(v, buf + sizeof buf);
    cn_wbuf_put(b, start, (size_t)(buf + sizeof buf - start));
}

/* x * scale rounded to the nearest integer, ties to even, on the exact product (as printf
 * rounds the exact binary value): fma gives the product's rounding error, which decides
 * only when the rounded product lies exactly halfway between two integers. *ok is false when
 * the product is too large for this to hold. */
static uint64_t scaled_round(double ax, double scale, bool *ok)
{
    double p = ax * scale;
    *ok = p < 0x1p50;
    if (!*ok)
        return 0;
    double e = fma(ax, scale, -p); /* ax * scale == p + e exactly */
    double n = nearbyint(p);       /* to nearest, ties to even: the default rounding mode */
    double d = p - n;              /* exact: |d| <= 0.5 */
    if (d == 0.5 && e > 0)
        n += 1;
    else if (d == -0.5 && e < 0)
        n -= 1;
    return (uint64_t)n;
}

size_t cn_wbuf_format_fixed(char *out, size_t size, double x, int decimals)
{
    static const double scales[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    bool ok = isfinite(x) && decimals >= 0 && decimals <= 9 && size >= 32;
    uint64_t n = ok ? scaled_round(fabs(x), scales[ok ? decimals : 0], &ok) : 0;
    if (!ok) {
        int len = snprintf(out, size, "%.*f", decimals, x);
        return len < 0 ? 0 : (size_t)len;
    }
    char buf[32], *end = buf + sizeof buf, *p = end;
    for (int i = 0; i < decimals; i++) {
        *--p = (char)('0' + n % 10);
        n /= 10;
    }
    if (decimals > 0)
        *--p = '.';
    p = digits(n, p);
    if (signbit(x)) /* printf writes -0.0000 for a negative number that rounds to zero */
        *--p = '-';
    size_t len = (size_t)(end - p);
    memcpy(out, p, len);
    out[len] = '\0';
    return len;
}

void cn_wbuf_fixed(cn_wbuf *b, double x, int decimals)
{
    char buf[512];
    cn_wbuf_put(b, buf, cn_wbuf_format_fixed(buf, sizeof buf, x, decimals));
}
