/* cli.h — what carnet-collect's commands share: option parsing with --db (or CARNET_DB),
 * the study database opened for the commands that need it, today's date (CARNET_TODAY
 * pins it, for reproducible runs), entry text from stdin or $EDITOR, error reporting.
 * Not a public header. */
#ifndef CARNET_CLI_H
#define CARNET_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/opt.h"
#include "carnet/outfile.h"
#include "carnet/outguard.h"
#include "carnet/store.h"

enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

/* What a command needs before it runs, said once in main.c's command table: nothing, the
 * study database, or the database to read it and print (a listing, an export to standard
 * output): what it prints is then held until it ends (cli_hold_output). */
typedef enum cli_needs {
    CLI_NEEDS_NOTHING,
    CLI_NEEDS_STORE,
    CLI_READS_STORE,
    CLI_COPIES_STORE, /* the database as it is, whatever its schema, never upgraded (backup) */
} cli_needs;

/* What a command prints on standard output, held in memory while it runs when that output
 * goes to a pipe or a terminal, then written: a listing read by `less`, or by a script that
 * has not read it yet, would otherwise wait in the middle of its read of the database, and
 * a reader holds SQLite's lock: every save of the study (the desk's, `entry add`, an
 * import) waited 5 s and failed for as long as the pager stayed open (trial 44). A regular
 * file never makes a writer wait: output to it is not held. */
typedef struct cli_held {
    int saved; /* standard output's own descriptor, or -1: nothing held */
    int mem;   /* the memory file that stands in for it */
} cli_held;

typedef struct cli {
    const char *prog;      /* "carnet-collect" */
    const char *db_path;   /* from --db, else CARNET_DB, else "study.db" */
    const char *db_global; /* the --db given before the command, or NULL */
    cn_date today;
    cli_needs needs;     /* set by main from the command table */
    cn_store *store;     /* opened by cli_parse when needs says so; closed by main */
    cn_command cmd;      /* name, arguments and help from main's table; the command sets
                            cmd.options before cli_parse */
    const char *args[4]; /* the positional arguments, set by cli_parse */
    int nargs;
    int status; /* the exit status when cli_parse says not to go on */
    /* While a command writes a file (cli_guard_start): Ctrl+C or a closed terminal removes
     * its temporary file before the signal ends the program */
    cn_out_guard guard;
    bool guarded;
    cli_held held; /* what a command that reads the study prints, while it runs (main.c) */
} cli;

/* Parses argv[0..argc) (after the command's words) against ctx->cmd's options, adding --db,
 * and the positional arguments into ctx->args; then, for a command that needs the study
 * database, opens it into ctx->store. Returns true when the command should go on; false
 * after --help, a usage error or a database that cannot be opened (printed), with the
 * exit status in ctx->status. */
bool cli_parse(cli *ctx, int argc, char **argv);

/* Starts holding standard output (nothing held when it is a regular file, or when no
 * memory file can be made: the output goes out as before). */
void cli_hold_output(cli_held *held);
/* Writes what was held to standard output and stops holding; -1 (errno) when it cannot. */
int cli_release_output(cli_held *held);
/* Writes out what the command has printed so far (what is held, and stdio's buffer), before
 * it says on stderr that it is done, warns or fails: that line comes after the output it
 * speaks of, as it would unheld, and is said only once the output is written ("exported
 * 815 texts" was said before the held corpus was lost to a full disk). CN_EIO "standard
 * output: REASON" when it cannot be written. */
int cli_flush_output(cli *ctx, cn_error *err);

/* Prints "carnet-collect: message" on stderr, after the output held so far (cli_flush_output),
 * and returns CLI_ERROR. */
int cli_fail(cli *ctx, const cn_error *err);

/* Reads an entry text: from stdin, or from $EDITOR when stdin is a terminal (starting from
 * `initial`), on a file in a folder of its own under $TMPDIR (or /tmp), owner-only, held by
 * ctx's output guard while the editor is open: a stop removes it. *text is malloc'd. */
int cli_read_text(cli *ctx, const char *initial, char **text, size_t *len, cn_error *err);

/* Saves a typed text that could not be stored to a new file (mode 0600) beside the
 * database, named after `what` ("P07-2025-03-14"), and prints its path on stderr, so
 * that an hour of typing is never lost to a locked database or a refused date. */
void cli_keep_text(const cli *ctx, const char *what, const char *text, size_t len);

/* Prints text[0..len) for a person at a terminal: control characters (an escape sequence
 * typed or imported into a diary could drive the terminal) are shown as \xNN; line
 * breaks and tabs are kept when lines is true, shown as \n \t otherwise. */
void cli_print_text(FILE *out, const char *text, size_t len, bool lines);

/* The signal thread of ctx->guard (outguard.h), from before a command creates the file it
 * writes to after it is renamed or removed; no guard when no thread can be started. */
cn_out_guard *cli_guard_start(cli *ctx);
void cli_guard_stop(cli *ctx);

/* Where a command writes: path through cn_out_file_begin (owner-only, replacing only an
 * earlier output that begins with one of starts, guarded), or stdout when path is NULL or
 * "-" (o->f is then stdout). cli_output_end finishes either. */
int cli_output_begin(cli *ctx, cn_out_file *o, const char *path, const char *const *starts,
                     cn_error *err);
int cli_output_end(cli *ctx, cn_out_file *o, int rc, cn_error *err);

/* The format of a command's output when --format was not given (*format still -1): the
 * choice of choices ("table|csv|json") that -o's name ends with (x.csv: csv), else
 * fallback. A --format that the name contradicts (--format csv -o x.json) is refused
 * (CN_EINVALID): the file would say one format and hold another. */
int cli_output_format(const char *path, const char *choices, int fallback, int *format,
                      cn_error *err);

/* Prints text in a column of width characters: cut on a character (never inside one),
 * padded with spaces, counting characters rather than bytes, so accents keep columns. */
void cli_print_column(FILE *out, const char *text, size_t width);

/* Restricts what the command reads to final entries (dde.h) when final_only, or by default
 * in a double-entry study unless all_entries; says on stderr how many were left out. */
int cli_entries_scope(cli *ctx, bool final_only, bool all_entries, cn_error *err);

/* The commands: each returns an exit status. */
int cmd_init(cli *ctx, int argc, char **argv);
int cmd_participant_add(cli *ctx, int argc, char **argv);
int cmd_participant_set(cli *ctx, int argc, char **argv);
int cmd_participant_list(cli *ctx, int argc, char **argv);
int cmd_participant_show(cli *ctx, int argc, char **argv);
int cmd_participant_erase(cli *ctx, int argc, char **argv);
int cmd_participant_recode(cli *ctx, int argc, char **argv);
int cmd_entry_add(cli *ctx, int argc, char **argv);
int cmd_entry_edit(cli *ctx, int argc, char **argv);
int cmd_entry_redate(cli *ctx, int argc, char **argv);
int cmd_entry_move(cli *ctx, int argc, char **argv);
int cmd_entry_delete(cli *ctx, int argc, char **argv);
int cmd_entry_list(cli *ctx, int argc, char **argv);
int cmd_entry_show(cli *ctx, int argc, char **argv);
int cmd_import(cli *ctx, int argc, char **argv);
int cmd_export_corpus(cli *ctx, int argc, char **argv);
int cmd_export_entries(cli *ctx, int argc, char **argv);
int cmd_export_participants(cli *ctx, int argc, char **argv);
int cmd_stats(cli *ctx, int argc, char **argv);
int cmd_check(cli *ctx, int argc, char **argv);
int cmd_backup(cli *ctx, int argc, char **argv);
int cmd_upgrade(cli *ctx, int argc, char **argv);
int cmd_audit(cli *ctx, int argc, char **argv);
int cmd_serve(cli *ctx, int argc, char **argv);
int cmd_config(cli *ctx, int argc, char **argv);

#endif
