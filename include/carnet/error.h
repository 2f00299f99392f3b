/* error.h — how every Carnet library reports a failure.
 * Functions that can fail take a `cn_error *` and return 0 on success, -1 on failure with
 * a one-line message (naming file, line and field where they apply) written into it. */
#ifndef CARNET_ERROR_H
#define CARNET_ERROR_H

#include <stdarg.h>

#define CN_ERROR_MAX 1024

typedef struct cn_error {
    char msg[CN_ERROR_MAX];
} cn_error;

/* Writes a printf-style message into err (if err is not NULL) and returns -1, so that
 * callers can write `return cn_error_set(err, "...")`. */
int cn_error_set(cn_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Puts `prefix: ` in front of the message already in err; returns -1. */
int cn_error_prefix(cn_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
