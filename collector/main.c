/* main.c — carnet-collect: the study database of a health-diary study.
 * One table of commands, git-style: each names its function and whether it needs the
 * study database, which is then opened after its options are parsed and closed here, or
 * reads it to print (cli_needs). */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/collect_versions.h"
#include "carnet/nodump.h"
#include "cli.h"

typedef struct command {
    const char *name; /* one or two words: "init", "participant add" */
    const char *args; /* its arguments in the usage line: "CODE DATE", or NULL */
    int min_args, max_args;
    int (*run)(cli *ctx, int argc, char **argv);
    cli_needs needs;
    const char *about;   /* in the list of commands */
    const char *details; /* in the command's --help */
} command;

static const command commands[] = {
    {"init", NULL, 0, 0, cmd_init, CLI_NEEDS_NOTHING, "create a study database",
     "create a new study database (mode 0600)"},
    {"participant add", "CODE", 1, 1, cmd_participant_add, CLI_NEEDS_STORE, "add a participant",
     "add a participant by pseudonymous code"},
    {"participant set", "CODE", 1, 1, cmd_participant_set, CLI_NEEDS_STORE,
     "change a participant or status", "change a participant's fields or status"},
    {"participant list", NULL, 0, 0, cmd_participant_list, CLI_READS_STORE, "list participants",
     "list participants"},
    {"participant show", "CODE", 1, 1, cmd_participant_show, CLI_READS_STORE,
     "show one participant", "show one participant"},
    {"participant erase", "CODE", 1, 1, cmd_participant_erase, CLI_NEEDS_STORE,
     "erase a withdrawn participant's diaries",
     "delete a withdrawn participant's entries, copies and drafts, and take their texts out of\n"
     "  the audit trail (sealed again, with a record of the erasure); the participant's row\n"
     "  stays, counted in the protocol tables. Backups, exports and analyses made before are\n"
     "  yours to delete"},
    {"participant recode", "CODE NEW", 2, 2, cmd_participant_recode, CLI_NEEDS_STORE,
     "correct a participant's code",
     "give participant CODE the code NEW (a slip at enrolment, or a code that may identify):\n"
     "  its row and who replaces it change, its entries follow; --forget also takes the old\n"
     "  code out of the audit trail (sealed again) and the file. Backups, exports and analyses\n"
     "  made before keep the old code"},
    {"entry add", "CODE DATE", 2, 2, cmd_entry_add, CLI_NEEDS_STORE,
     "add a diary entry (text from stdin or $EDITOR)",
     "add an entry; the text is read from stdin, or from $EDITOR when stdin is a terminal"},
    {"entry edit", "ID", 1, 1, cmd_entry_edit, CLI_NEEDS_STORE, "correct an entry's text",
     "replace an entry's text: from stdin, or in $EDITOR when stdin is a terminal"},
    {"entry redate", "ID DATE", 2, 2, cmd_entry_redate, CLI_NEEDS_STORE, "correct an entry's date",
     "move an entry to another date (YYYY-MM-DD), within the bounds an entry added has: from "
     "its participant's consent to today, not after the day the diary came back"},
    {"entry move", "ID CODE", 2, 2, cmd_entry_move, CLI_NEEDS_STORE,
     "give an entry to another participant",
     "give an entry typed under the wrong participant to participant CODE, within CODE's\n"
     "  diary (from its consent to the day it came back; its date, stored already, is not\n"
     "  checked against today), unless CODE has the same text that day; --reason is required,\n"
     "  the audit trail keeps both codes"},
    {"entry delete", "ID", 1, 1, cmd_entry_delete, CLI_NEEDS_STORE,
     "delete an entry typed by mistake",
     "delete an entry typed by mistake (a page typed twice, under double entry too), with its\n"
     "  double-entry copies; --reason is required. A correction, not an erasure: the audit\n"
     "  trail keeps the text, as it keeps an edit's old text (participant erase takes a\n"
     "  withdrawn participant's texts out)"},
    {"entry list", "[CODE]", 0, 1, cmd_entry_list, CLI_READS_STORE,
     "list entries, of one participant or all", "list entries, of one participant or all"},
    {"entry show", "ID", 1, 1, cmd_entry_show, CLI_READS_STORE, "show one entry in full",
     "show one entry in full"},
    {"import", "FILE", 1, 1, cmd_import, CLI_NEEDS_STORE,
     "import participants or entries from CSV or JSON (all or nothing)",
     "import participants or entries (CSV) or both (JSON); one bad row and nothing is imported,\n"
     "  every bad row named (the first 20, then a count)"},
    {"export corpus", NULL, 0, 0, cmd_export_corpus, CLI_READS_STORE, "write the IRAMUTEQ corpus",
     "write the IRAMUTEQ corpus: one text per entry, with cohort variables"},
    {"export entries", NULL, 0, 0, cmd_export_entries, CLI_READS_STORE,
     "entries in the import format", "write in the import format, to stdout or -o FILE"},
    {"export participants", NULL, 0, 0, cmd_export_participants, CLI_READS_STORE,
     "participants in the import format", "write in the import format, to stdout or -o FILE"},
    {"stats", NULL, 0, 0, cmd_stats, CLI_READS_STORE, "protocol statistics per cohort",
     "protocol statistics per cohort and overall; lost and late diaries as of today\n"
     "  (CARNET_TODAY=YYYY-MM-DD moves the day, not the records: what was recorded since still\n"
     "  counts)"},
    {"check", NULL, 0, 0, cmd_check, CLI_READS_STORE,
     "protocol alerts: silent, overdue, entries outside the diary",
     "protocol alerts: silent participants, overdue diaries, entries outside the diary period, "
     "codes and sites that may identify their person; in a study recorded before today's "
     "rules, active participants someone replaces, sites that name no cohort, share one or "
     "have spaces around them, entries holding control characters or nothing visible, diaries "
     "handed back without the day and entries after the day they came back (exit 0 with "
     "alerts; 1 when the audit chain does not verify)"},
    {"backup", "FILE", 1, 1, cmd_backup, CLI_COPIES_STORE,
     "copy the database safely, then check the copy",
     "copy the study database to a new file (mode 0600) while it may be in use, then check the "
     "copy's integrity"},
    {"upgrade", NULL, 0, 0, cmd_upgrade, CLI_NEEDS_STORE,
     "bring a study from an older carnet-collect to this one's schema",
     "bring a study written by an older carnet-collect to this one's schema, keeping a copy of "
     "the file as it was (STUDY.schemaN.bak); every command that writes does it on its own, a "
     "command that only reads refuses an older study"},
    {"serve", NULL, 0, 0, cmd_serve, CLI_NEEDS_STORE,
     "the transcription desk: the study in a browser, on this computer",
     "serve the transcription desk on the loopback address: prints a one-time link to open in"
     " a browser; runs until Ctrl+C"},
    {"config", NULL, 0, 0, cmd_config, CLI_NEEDS_STORE, "show or change the study's settings",
     "show the study's settings; --double-entry on|off changes whether each entry is typed "
     "twice, --lang the language of the participants without one of their own"},
    {"audit", NULL, 0, 0, cmd_audit, CLI_READS_STORE,
     "every insert, update and delete, with before and after",
     "every insert, update and delete, oldest first, with before and after (one JSON object per "
     "line)"},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

/* Lists the commands whose name starts with prefix ("" for all). */
static void usage(FILE *out, const char *prefix)
{
    fprintf(out, "usage: carnet-collect [--db PATH] COMMAND [ARGS] [--help]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strncmp(commands[i].name, prefix, strlen(prefix)) == 0)
            fprintf(out, "  %-20s %s\n", commands[i].name, commands[i].about);
    fprintf(out, "\nThe database is --db PATH, else $CARNET_DB, else ./study.db.\n"
                 "CARNET_TODAY=YYYY-MM-DD pins today's date (reproducible runs and tests).\n");
}

/* The command named by argv[0] (and argv[1] for two-word names); *words is 1 or 2. */
static const command *find_command(int argc, char **argv, int *words)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i].name, *space = strchr(name, ' ');
        size_t first = space ? (size_t)(space - name) : strlen(name);
        if (strlen(argv[0]) != first || strncmp(argv[0], name, first) != 0)
            continue;
        if (!space) {
            *words = 1;
            return &commands[i];
        }
        if (argc > 1 && strcmp(argv[1], space + 1) == 0) {
            *words = 2;
            return &commands[i];
        }
    }
    return NULL;
}

/* An unknown command: the group's commands when the first word names a group, else a
 * "did you mean". */
static int unknown_command(int argc, char **argv)
{
    char group[64];
    snprintf(group, sizeof group, "%s ", argv[0]);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strncmp(commands[i].name, group, strlen(group)) == 0) {
            bool help = argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
            if (argc > 1 && !help)
                fprintf(stderr, "carnet-collect: '%s %s' is not a command\n", argv[0], argv[1]);
            usage(help ? stdout : stderr, group);
            return help ? CLI_OK : CLI_USAGE;
        }
    /* The names, and the first words of two-word names: "participants add" is near
     * "participant add". */
    char words[NCOMMANDS][32];
    const char *names[2 * NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        names[i] = commands[i].name;
        snprintf(words[i], sizeof words[i], "%.*s", (int)strcspn(commands[i].name, " "),
                 commands[i].name);
        names[NCOMMANDS + i] = words[i];
    }
    const char *near = cn_opt_suggest(argv[0], names, 2 * NCOMMANDS);
    char guess[96] = "";
    if (near && argc > 1 && !strchr(near, ' ')) {
        snprintf(guess, sizeof guess, "%s %s", near, argv[1]);
        int words_used;
        if (!find_command(2, (char *[]){(char *)near, argv[1]}, &words_used))
            guess[0] = '\0';
    }
    fprintf(stderr, "carnet-collect: '%s' is not a command", argv[0]);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", guess[0] ? guess : near);
    fputc('\n', stderr);
    return CLI_USAGE;
}

/* Runs command c on argv[0..argc) (the words after its name). */
static int start(cli *ctx, const command *c, int argc, char **argv)
{
    ctx->needs = c->needs;
    ctx->cmd = (cn_command){.prog = ctx->prog,
                            .name = c->name,
                            .args = c->args,
                            .about = c->details,
                            .min_args = c->min_args,
                            .max_args = c->max_args};
    ctx->held = (cli_held){-1, -1};
    if (c->needs == CLI_READS_STORE)
        cli_hold_output(&ctx->held);
    int rc = c->run(ctx, argc, argv);
    cli_guard_stop(ctx); /* a command's output file, written, was held till it was said */
    /* what the command did not write out itself (cli_flush_output) */
    if (cli_release_output(&ctx->held) < 0 && rc == CLI_OK) {
        fprintf(stderr, "%s: standard output: %s\n", ctx->prog, strerror(errno));
        rc = CLI_ERROR;
    }
    return rc;
}

/* Every command asked for its part of the man page or the completion (hidden_option:
 * "--help-man" or "--help-completion"), which its option table answers; a command that
 * does not (a non-zero status) fails the build rather than leave a hole in the page. */
static int each_command(cli *ctx, const char *hidden_option)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fflush(stdout);
        int rc = start(ctx, &commands[i], 1, (char *[]){(char *)hidden_option, NULL});
        if (rc != CLI_OK) {
            fprintf(stderr, "carnet-collect: %s did not answer %s\n", commands[i].name,
                    hidden_option);
            return rc;
        }
    }
    fflush(stdout);
    return CLI_OK;
}

/* carnet-collect(1), generated at build time (CMakeLists.txt) from the tables. */
static int man_page(cli *ctx)
{
    cn_opt_man_head(stdout, "carnet-collect", CARNET_VERSION,
                    "the study database of a health-diary study");
    printf(".SH SYNOPSIS\n\\fBcarnet\\-collect\\fR [\\fB\\-\\-db\\fR \\fIPATH\\fR] "
           "\\fICOMMAND\\fR [\\fIARGS\\fR] [\\fIoptions\\fR]\n"
           ".br\n\\fBcarnet\\-collect\\fR \\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR\n"
           ".SH DESCRIPTION\nKeeps the participants, cohorts and diary entries of a study in one "
           "SQLite database, checks the protocol as fieldwork goes, and exports the corpus "
           "that \\fBcarnet\\-analyse\\fR(1) classifies. Every change is kept in an audit "
           "trail.\n.SH COMMANDS\n");
    if (each_command(ctx, "--help-man") != CLI_OK)
        return CLI_ERROR;
    printf(".SH ENVIRONMENT\n.TP\n\\fBCARNET_DB\\fR\nthe study database when \\fB\\-\\-db\\fR "
           "is not given (else \\fIstudy.db\\fR)\n.TP\n\\fBCARNET_TODAY\\fR\n"
           "today's date as YYYY\\-MM\\-DD, for reproducible runs and tests\n.TP\n"
           "\\fBEDITOR\\fR\nwhere an entry is typed when stdin is a terminal\n"
           ".SH EXIT STATUS\n0 on success, 1 on an error, 2 on a usage error.\n"
           ".SH SEE ALSO\n\\fBcarnet\\-analyse\\fR(1)\n");
    return CLI_OK;
}

/* The bash completion's tables for carnet-collect (its logic is
 * scripts/completion.bash, which CMake puts before them). */
static int completion(cli *ctx)
{
    printf("declare -gA _carnet_collect_opts=() _carnet_collect_args=() _carnet_collect_vals=() "
           "_carnet_collect_kinds=()\n"
           "_carnet_collect_globals='--db --help --version'\n"
           "_carnet_collect_kinds[' --db']='PATH'\n");
    if (each_command(ctx, "--help-completion") != CLI_OK)
        return CLI_ERROR;
    printf("_carnet_collect() { _carnet_complete _carnet_collect; }\n"
           "complete -F _carnet_collect carnet-collect\n");
    return CLI_OK;
}

/* The program but its last flush; *ran: the command run, or NULL (--help, --version, a
 * usage error). */
static int collect(int argc, char **argv, const command **ran)
{
    cli ctx = {.prog = "carnet-collect", .db_path = getenv("CARNET_DB")};
    if (!ctx.db_path || !*ctx.db_path)
        ctx.db_path = "study.db";
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        bool db = strcmp(argv[i], "--db") == 0 && i + 1 < argc;
        if ((db || strncmp(argv[i], "--db=", 5) == 0) && ctx.db_global) {
            /* the last one taken, an alias's study would be left for another unsaid */
            fprintf(stderr, "carnet-collect: option '--db' given twice; it takes one value\n");
            return CLI_USAGE;
        } else if (db) {
            ctx.db_path = ctx.db_global = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            ctx.db_path = ctx.db_global = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout, "");
            return CLI_OK;
        } else if (strcmp(argv[i], "--help-man") == 0) {
            return man_page(&ctx);
        } else if (strcmp(argv[i], "--help-completion") == 0) {
            return completion(&ctx);
        } else if (strcmp(argv[i], "--version") == 0) {
            cn_version v[CN_VERSIONS_MAX];
            cn_versions_print("carnet-collect", CARNET_VERSION, v, cn_collect_versions(v), stdout);
            return CLI_OK;
        } else {
            fprintf(stderr, "carnet-collect: unknown option '%s'\n", argv[i]);
            usage(stderr, "");
            return CLI_USAGE;
        }
    }
    if (i == argc) {
        usage(stderr, "");
        return CLI_USAGE;
    }
    cn_error err = {0};
    if (cn_date_today(getenv("CARNET_TODAY"), &ctx.today, &err) < 0)
        return cli_fail(&ctx, &err);
    int words;
    const command *c = find_command(argc - i, argv + i, &words);
    if (!c)
        return unknown_command(argc - i, argv + i);
    *ran = c;
    int rc = start(&ctx, c, argc - i - words, argv + i + words);
    if (ctx.store)
        cn_store_close(ctx.store);
    return rc;
}

int main(int argc, char **argv)
{
    /* first: a crash would otherwise write the diary texts held in memory to a core file */
    cn_nodump_start();
    /* A file size limit (ulimit -f) makes a write fail with "File too large", said naming
     * the file, its temporary removed, where SIGXFSZ killed the program without a word and
     * left the temporary copy of the diaries (trial 81). */
    signal(SIGXFSZ, SIG_IGN);
    const command *ran = NULL;
    int rc = collect(argc, argv, &ran);
    /* a command that changes the study has changed it when only its printout is lost: a
     * script told so does not retry a stored entry */
    bool writes = ran && ran->needs == CLI_NEEDS_STORE;
    return cn_opt_flush_stdout("carnet-collect", rc,
                               writes ? "what it did is done: only its printout was lost" : NULL);
}
