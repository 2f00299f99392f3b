/* opt.h — command-line options declared as data, in the manner of git's parse-options:
 * each command lists its options in a table bound to typed variables (flag, string,
 * whole number, choice, repeatable list, or a parser of the caller's), with the help line
 * beside each. Parsing writes straight into those variables; `--help` (and man pages)
 * are generated from the same table, and show each default from the variable's value
 * before parsing, so a default is written once: where the variable is initialised.
 *
 * Ownership: tables and bound variables belong to the caller; parsed strings point into
 * argv; a cn_strlist's array is malloc'd and freed by cn_strlist_free.
 * Errors: cn_opt_parse prints a usage error naming the option (with "did you mean" for a
 * misspelt one) and returns CN_OPT_USAGE; --help prints the help and returns
 * CN_OPT_HELP. Both are exit statuses for main: 2 and 0. */
#ifndef CARNET_OPT_H
#define CARNET_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "carnet/error.h"

enum { CN_OPT_OK = 0, CN_OPT_HELP = -1, CN_OPT_USAGE = 2 };

typedef enum cn_opt_type {
    CN_OPTT_END = 0,  /* closes a table */
    CN_OPTT_FLAG,     /* bool *: true when given */
    CN_OPTT_STRING,   /* const char **: the value */
    CN_OPTT_INT,      /* int *: a whole number in [min, max] */
    CN_OPTT_CHOICE,   /* int *: the index of the value among choices "a|b|c" */
    CN_OPTT_LIST,     /* cn_strlist *: repeatable, every value kept in order */
    CN_OPTT_CALLBACK, /* parse(value, target, err) converts and checks the value */
} cn_opt_type;

/* The values of a repeatable option, in the order given. */
typedef struct cn_strlist {
    const char **items;
    size_t n, cap;
} cn_strlist;

/* Appends s (not copied); returns CN_OK or CN_ENOMEM. */
int cn_strlist_add(cn_strlist *l, const char *s);
void cn_strlist_free(cn_strlist *l);

typedef int (*cn_opt_parse_fn)(const char *text, void *target, cn_error *err);
/* Writes the target's current value as text into buf, for the help's "(default ...)". */
typedef void (*cn_opt_show_fn)(const void *target, char *buf, size_t size);

enum {
    CN_OPT_REQUIRED = 1, /* the command refuses to run without it */
    CN_OPT_NODEFAULT = 2 /* the help shows no "(default ...)" */
};

typedef struct cn_option {
    cn_opt_type type;
    const char *name;      /* "--segment-size", "-o" */
    const char *arg;       /* "N", "DIR"; NULL for a flag */
    const char *help;      /* one line, without the default */
    void *value;           /* the bound variable */
    long min, max;         /* CN_OPTT_INT */
    const char *choices;   /* CN_OPTT_CHOICE: "simple|double" */
    cn_opt_parse_fn parse; /* CN_OPTT_CALLBACK */
    cn_opt_show_fn show;   /* CN_OPTT_CALLBACK: its default in the help, or NULL */
    unsigned flags;        /* CN_OPT_REQUIRED, CN_OPT_NODEFAULT */
} cn_option;

#define CN_OPT_FLAG(name, var, help)                                                               \
    {                                                                                              \
        CN_OPTT_FLAG, name, NULL, help, var, 0, 0, NULL, NULL, NULL, 0                             \
    }
#define CN_OPT_STRING(name, arg, var, help)                                                        \
    {                                                                                              \
        CN_OPTT_STRING, name, arg, help, var, 0, 0, NULL, NULL, NULL, 0                            \
    }
#define CN_OPT_REQUIRED_STRING(name, arg, var, help)                                               \
    {                                                                                              \
        CN_OPTT_STRING, name, arg, help, var, 0, 0, NULL, NULL, NULL, CN_OPT_REQUIRED              \
    }
#define CN_OPT_INT(name, arg, var, lo, hi, help)                                                   \
    {                                                                                              \
        CN_OPTT_INT, name, arg, help, var, lo, hi, NULL, NULL, NULL, 0                             \
    }
#define CN_OPT_CHOICE(name, choices, var, help)                                                    \
    {                                                                                              \
        CN_OPTT_CHOICE, name, choices, help, var, 0, 0, choices, NULL, NULL, 0                     \
    }
#define CN_OPT_LIST(name, arg, var, help)                                                          \
    {                                                                                              \
        CN_OPTT_LIST, name, arg, help, var, 0, 0, NULL, NULL, NULL, CN_OPT_NODEFAULT               \
    }
#define CN_OPT_CALLBACK(name, arg, var, fn, showfn, help)                                          \
    {                                                                                              \
        CN_OPTT_CALLBACK, name, arg, help, var, 0, 0, NULL, fn, showfn, 0                          \
    }
#define CN_OPT_END()                                                                               \
    {                                                                                              \
        CN_OPTT_END, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, 0                             \
    }

typedef struct cn_command {
    const char *prog;         /* "carnet-analyse" */
    const char *name;         /* "run", "participant add" */
    const char *args;         /* "CORPUS", or NULL */
    const char *about;        /* one line */
    const cn_option *options; /* ended by CN_OPT_END() */
    const cn_option *common;  /* options every command of the program takes, or NULL */
    int min_args, max_args;
} cn_command;

/* Parses argv[0..argc) (the words after the command's name) into the bound variables and
 * the positional arguments into args (room for cmd->max_args). "--name=value" and
 * "--name value" are alike; "--" ends the options. A repeated option that is not a list
 * is refused: the second value would otherwise silently replace the first. */
int cn_opt_parse(const cn_command *cmd, int argc, char **argv, const char **args, int *nargs);

/* The help: usage line, about, then one line per option with its default. */
void cn_opt_help(const cn_command *cmd, FILE *out);

/* Man pages and bash completion, generated at build time from the same tables as --help
 * (no second copy to drift): cn_opt_parse answers three hidden options by printing and
 * returning CN_OPT_HELP. --help-man: the command's section of its program's page (roff; a
 * command of more than CN_OPT_MAN_OWN_PAGE options only points to its own page);
 * --help-man-page: that page of its own, PROG-NAME(1); --help-completion: the command's
 * entries of the bash completion's tables (cn_opt_completion). */
enum { CN_OPT_MAN_OWN_PAGE = 12 };
void cn_opt_man(const cn_command *cmd, FILE *out, bool page);

/* A man page's head: .TH and NAME, for page "carnet-analyse" or "carnet-analyse-run";
 * version may be NULL. */
void cn_opt_man_head(FILE *out, const char *page, const char *version, const char *about);

/* Text for roff: backslashes and a line's leading dot or quote escaped, and hyphens as
 * \- when minus is true (option names, which must copy and paste as typed). */
void cn_opt_roff(FILE *out, const char *text, bool minus);

/* Bash associative-array entries, the arrays named after the program (carnet-collect:
 * _carnet_collect_opts, _args, _vals, _kinds): the command's options, its arguments'
 * names, each choice's values, and each option's argument name. */
void cn_opt_completion(const cn_command *cmd, FILE *out);

/* Prints "PROG NAME: message" and a pointer to --help on stderr; returns CN_OPT_USAGE. */
int cn_opt_fail(const cn_command *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The status a program ends with, rc, once its standard output is flushed: an output cut
 * short (a full disk, a closed or broken output) is no success, so when rc is 0 and stdio
 * could not write everything, "PROG: standard output: why" goes to stderr, followed by
 * done when not NULL (what the command did all the same: "the entry is stored"), and 1 is
 * returned. A command that said its own error keeps its status. */
int cn_opt_flush_stdout(const char *prog, int rc, const char *done);
/* Why standard output could not be written, once stdio says so (a failed fflush, ferror):
 * errno when it still holds the reason, else that of an empty write to the descriptor (a
 * line longer than stdio's buffer is written past it, and errno is long gone by the end),
 * else "not written whole". Call it with errno as the failure left it, or 0. */
const char *cn_opt_stdout_failure(void);

/* The name among names[0..n) closest to word (a prefix of it, or at most two edits
 * away, and nearer than any other), or NULL: the "did you mean" of misspellings. */
const char *cn_opt_suggest(const char *word, const char *const *names, size_t n);

#endif
