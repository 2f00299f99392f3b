/* error.h — how every Carnet library reports a failure: a named return code, and a
 * one-line message (naming file, line and field where they apply) in a caller-owned
 * cn_error. Callers branch on the code, never on the message or on its presence.
 *
 * A function that can fail returns CN_OK (0) or a negative cn_code; lookups may also
 * return 1 for "found". cn_error_set() keeps returning CN_ERR (-1), so `rc < 0` tests
 * every failure and `rc == CN_ENOTFOUND` one kind of it. */
#ifndef CARNET_ERROR_H
#define CARNET_ERROR_H

#include <stdarg.h>

#define CN_ERROR_MAX 1024

typedef enum cn_code {
    CN_OK = 0,
    CN_ERR = -1,        /* any other failure: the message says what */
    CN_ENOTFOUND = -2,  /* a named participant, entry, file or variable does not exist */
    CN_EDUPLICATE = -3, /* the record or value is already there */
    CN_ENOMEM = -4,     /* out of memory */
    CN_EINVALID = -5,   /* input refused: bad value, syntax, encoding */
    CN_EIO = -6,        /* reading or writing a file failed */
    CN_EBUSY = -7,      /* the database stayed locked, or the output folder is being
                         * written, by another process */
    CN_EEMPTY = -8,     /* nothing to work on: no text matches, too little to classify */
    CN_ECONFLICT = -9,  /* the record changed since the version the change was based on */
    CN_ELANGUAGE = -10, /* a text's language cannot be read: unknown, or no stemmer for it */
    CN_ESCHEMA = -11,   /* a study written by another carnet-collect: newer, or older and not
                         * upgraded here */
} cn_code;

/* msg comes first so that `cn_error err = {{0}};` clears the whole struct. */
typedef struct cn_error {
    char msg[CN_ERROR_MAX];
    int code; /* the cn_code of the last failure written here; CN_OK when none */
    /* The input field that failure is about (a static name: "replaces", "text"), or NULL:
     * what a form needs to show the message beside its field without reading the message. */
    const char *field;
} cn_error;

/* Writes a printf-style message into err (if err is not NULL) with code CN_ERR and
 * returns CN_ERR, so that callers can write `return cn_error_set(err, "...")`. */
int cn_error_set(cn_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The same with a named code; returns code. */
int cn_error_code(cn_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Names the field the failure just written into err is about (see cn_error.field);
 * returns code, so that `return cn_error_about(err, "text", cn_error_code(err, ...))`. */
int cn_error_about(cn_error *err, const char *field, int code);

/* "out of memory", CN_ENOMEM. */
int cn_error_nomem(cn_error *err);
/* When err holds a running out of memory not yet placed, says which file (unless the
 * message begins with it) and what the program was doing ("corpus.txt: out of memory while
 * classifying: ..."), with what frees memory; any other failure is left as it is. Returns
 * err's code. Memory runs out deep in a library, where neither is known (trial 94: "out of
 * memory" alone, after minutes). */
int cn_error_nomem_during(cn_error *err, const char *path, const char *doing);

/* Empties err (message and code), e.g. before reusing it for an independent task. */
void cn_error_clear(cn_error *err);

/* Puts `prefix: ` in front of the message already in err; keeps and returns its code
 * (CN_ERR when err holds none), and its field. */
int cn_error_prefix(cn_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A short stable name for a code ("not found"), for logs and tables. */
const char *cn_error_name(int code);

#endif
