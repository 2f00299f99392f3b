/* main.c — carnet-collect: the study database of a health-diary study.
 * Dispatches git-style to one cmd_*.c per subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct subcommand {
    const char *name;
    int (*run)(cli *ctx, int argc, char **argv);
    const char *about;
} subcommand;

static const subcommand subcommands[] = {
    {"init", cmd_init, "create a study database"},
    {"participant", cmd_participant, "add, set, list or show participants"},
    {"entry", cmd_entry, "add, edit, list or show diary entries"},
    {"import", cmd_import, "import participants or entries from CSV or JSON (all or nothing)"},
    {"export", cmd_export, "export the IRAMUTEQ corpus, entries or participants"},
    {"stats", cmd_stats, "protocol statistics per cohort"},
    {"check", cmd_check, "protocol alerts: silent, overdue, entries outside the diary"},
    {"backup", cmd_backup, "copy the database safely, then check the copy"},
    {"audit", cmd_audit, "every insert, update and delete, with before and after"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: carnet-collect [--db PATH] COMMAND [ARGS] [--help]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        fprintf(out, "  %-12s %s\n", subcommands[i].name, subcommands[i].about);
    fprintf(out, "\nThe database is --db PATH, else $CARNET_DB, else ./study.db.\n"
                 "CARNET_TODAY=YYYY-MM-DD pins today's date (reproducible runs and tests).\n");
}

int main(int argc, char **argv)
{
    cli ctx = {.prog = "carnet-collect", .db_path = getenv("CARNET_DB")};
    if (!ctx.db_path || !*ctx.db_path)
        ctx.db_path = "study.db";
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            ctx.db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            ctx.db_path = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("carnet-collect %s\n", CARNET_VERSION);
            return CLI_OK;
        } else {
            fprintf(stderr, "carnet-collect: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (i == argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    cn_error err = {0};
    if (cn_date_today(getenv("CARNET_TODAY"), &ctx.today, &err) < 0)
        return cli_fail(&ctx, &err);
    for (size_t k = 0; k < sizeof subcommands / sizeof *subcommands; k++)
        if (strcmp(argv[i], subcommands[k].name) == 0)
            return subcommands[k].run(&ctx, argc - i - 1, argv + i + 1);
    fprintf(stderr, "carnet-collect: '%s' is not a command\n", argv[i]);
    usage(stderr);
    return CLI_USAGE;
}
