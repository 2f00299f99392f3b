/* opt.h — command-line options declared as data: a table per subcommand, parsed into
 * itself, with the usage text generated from it. Shared by carnet-collect and
 * carnet-analyse. Tables belong to the caller (usually a local array in the command);
 * parse results point into argv. */
#ifndef CARNET_OPT_H
#define CARNET_OPT_H

#include <stdio.h>

enum { CN_OPT_OK = 0, CN_OPT_HELP = -1, CN_OPT_USAGE = 2 };

typedef struct cn_opt {
    const char *name; /* "--site" */
    const char *arg;  /* "S" when the option takes a value, NULL for a flag */
    const char *help;
    const char *value; /* set by cn_opt_parse: the value, "1" for a flag; NULL if absent */
} cn_opt;

typedef struct cn_cmd {
    const char *name;  /* "participant add" */
    const char *args;  /* "CODE" */
    const char *about; /* one line */
    cn_opt *options;
    int noptions;
    int min_args, max_args;
} cn_cmd;

/* Parses argv against cmd's options and `extra` (options every command of the program
 * takes, e.g. --db), positional arguments into args. Returns CN_OPT_OK, CN_OPT_HELP after
 * printing the usage on stdout (--help), or CN_OPT_USAGE after printing an error. */
int cn_opt_parse(const char *prog, const cn_cmd *cmd, cn_opt *extra, int nextra, int argc,
                 char **argv, const char **args, int *nargs);
void cn_opt_usage(const char *prog, const cn_cmd *cmd, const cn_opt *extra, int nextra, FILE *out);
/* Prints "PROG NAME: message" and a hint on stderr; returns CN_OPT_USAGE. */
int cn_opt_usage_error(const char *prog, const cn_cmd *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

const char *cn_opt_value(const cn_cmd *cmd, const char *name);
/* Whole number option in [min, max] (fallback when absent); prints a usage error and
 * returns -1 when it is not one. */
int cn_opt_int(const char *prog, const cn_cmd *cmd, const char *name, int fallback, int min,
               int max, int *out);

#endif
