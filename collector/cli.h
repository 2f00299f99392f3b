/* cli.h — what carnet-collect's subcommands share: the option-table parser, the database
 * path (--db or CARNET_DB), today's date (CARNET_TODAY pins it, for reproducible runs),
 * reading entry text from stdin or $EDITOR, and error reporting. Not a public header. */
#ifndef CARNET_CLI_H
#define CARNET_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/opt.h"
#include "carnet/store.h"

enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

typedef struct cli {
    const char *prog;    /* "carnet-collect" */
    const char *db_path; /* from --db, else CARNET_DB, else "study.db" */
    cn_date today;
} cli;

typedef cn_opt cli_option;
typedef cn_cmd cli_command;

/* Parses argv[0..argc) (after the subcommand words) against cmd: options into the table,
 * positional arguments into args. --db and --help are understood everywhere. Returns
 * CLI_OK, CLI_USAGE (message printed), or -1 when --help was printed (exit 0). */
int cli_parse(cli *ctx, const cli_command *cmd, int argc, char **argv, const char **args,
              int *nargs);
void cli_usage(const cli *ctx, const cli_command *cmd, FILE *out);

/* Value of option name in cmd's table, or NULL. */
const char *cli_value(const cli_command *cmd, const char *name);
/* Parses an int option in [min, max]; prints a usage error and returns -1 on failure. */
int cli_int(const cli *ctx, const cli_command *cmd, const char *name, int fallback, int min,
            int max, int *out);

/* Prints "carnet-collect: message" on stderr and returns CLI_ERROR. */
int cli_fail(const cli *ctx, const cn_error *err);
int cli_usage_error(const cli *ctx, const cli_command *cmd, const char *fmt, ...);

/* Opens the study database named by ctx (printing the error). */
int cli_open(const cli *ctx, cn_store **store);

/* Reads an entry text: from stdin, or from $EDITOR on a temporary file when stdin is a
 * terminal (starting from `initial`). *text is malloc'd. */
int cli_read_text(const cli *ctx, const char *initial, char **text, size_t *len, cn_error *err);

/* The subcommands: each returns an exit code. */
int cmd_init(cli *ctx, int argc, char **argv);
int cmd_participant(cli *ctx, int argc, char **argv);
int cmd_entry(cli *ctx, int argc, char **argv);
int cmd_import(cli *ctx, int argc, char **argv);
int cmd_export(cli *ctx, int argc, char **argv);
int cmd_stats(cli *ctx, int argc, char **argv);
int cmd_check(cli *ctx, int argc, char **argv);
int cmd_backup(cli *ctx, int argc, char **argv);
int cmd_audit(cli *ctx, int argc, char **argv);

#endif
