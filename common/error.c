/* error.c — one-line error messages carried in a caller-owned buffer (see error.h). */
#include "carnet/error.h"

#include <stdio.h>
#include <string.h>

int cn_error_set(cn_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int cn_error_prefix(cn_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    char prefix[CN_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t plen = strlen(prefix);
    if (plen + 3 >= CN_ERROR_MAX)
        return -1;
    /* Shift the old message right, then put "prefix: " in front of it. */
    memmove(err->msg + plen + 2, err->msg, CN_ERROR_MAX - plen - 3);
    err->msg[CN_ERROR_MAX - 1] = '\0';
    memcpy(err->msg, prefix, plen);
    memcpy(err->msg + plen, ": ", 2);
    return -1;
}
