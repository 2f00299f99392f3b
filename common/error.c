/* error.c — named codes and one-line messages in a caller-owned buffer (see error.h). */
#include "carnet/error.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int set_v(cn_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        err->code = code;
        err->field = NULL; /* a new failure: about no field until said */
    }
    return code;
}

int cn_error_set(cn_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_v(err, CN_ERR, fmt, ap);
    va_end(ap);
    return rc;
}

int cn_error_code(cn_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_v(err, code, fmt, ap);
    va_end(ap);
    return rc;
}

int cn_error_about(cn_error *err, const char *field, int code)
{
    if (err)
        err->field = field;
    return code;
}

int cn_error_nomem(cn_error *err)
{
    return cn_error_code(err, CN_ENOMEM, "out of memory");
}

int cn_error_nomem_during(cn_error *err, const char *path, const char *doing)
{
    /* said once: the stage where it ran out, the innermost that knew */
    if (err->code != CN_ENOMEM || strstr(err->msg, "out of memory while "))
        return err->code;
    char was[CN_ERROR_MAX];
    snprintf(was, sizeof was, "%s", err->msg);
    size_t plen = strlen(path);
    bool named = strncmp(was, path, plen) == 0 && was[plen] == ':'; /* "FILE:LINE: ..." */
    cn_error_code(err, CN_ENOMEM, "%s%s%s while %s: close other programs, or work on part of it",
                  named ? "" : path, named ? "" : ": ", was, doing);
    return err->code;
}

void cn_error_clear(cn_error *err)
{
    if (err) {
        err->msg[0] = '\0';
        err->code = CN_OK;
        err->field = NULL;
    }
}

int cn_error_prefix(cn_error *err, const char *fmt, ...)
{
    if (!err)
        return CN_ERR;
    int code = err->code < 0 ? err->code : CN_ERR;
    char prefix[CN_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t plen = strlen(prefix);
    if (plen + 3 >= CN_ERROR_MAX)
        return code;
    /* Shift the old message right, then put "prefix: " in front of it. */
    memmove(err->msg + plen + 2, err->msg, CN_ERROR_MAX - plen - 3);
    err->msg[CN_ERROR_MAX - 1] = '\0';
    memcpy(err->msg, prefix, plen);
    memcpy(err->msg + plen, ": ", 2);
    err->code = code;
    return code;
}

const char *cn_error_name(int code)
{
    switch (code) {
    case CN_OK:
        return "ok";
    case CN_ERR:
        return "error";
    case CN_ENOTFOUND:
        return "not found";
    case CN_EDUPLICATE:
        return "duplicate";
    case CN_ENOMEM:
        return "out of memory";
    case CN_EINVALID:
        return "invalid input";
    case CN_EIO:
        return "input/output error";
    case CN_EBUSY:
        return "database busy";
    case CN_EEMPTY:
        return "nothing to analyse";
    case CN_ECONFLICT:
        return "edit conflict";
    case CN_ELANGUAGE:
        return "language not read";
    }
    return "unknown error";
}
