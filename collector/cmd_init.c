/* cmd_init.c — carnet-collect init: create a study database. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_init(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--name", "NAME", "study name (required)", NULL},
        {"--diary-months", "N", "length of a diary in calendar months (default 6)", NULL},
        {"--lost-after-days", "N", "days without an entry before an alert (default 150)", NULL},
        {"--lang", "L", "language of the diaries, ISO 639 code (default fr)", NULL},
    };
    const cli_command command = {"init",
                                 NULL,
                                 "create a new study database (mode 0600)",
                                 options,
                                 sizeof options / sizeof *options,
                                 0,
                                 0};
    const char *args[1];
    int nargs;
    int rc = cli_parse(ctx, &command, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_study study = {.diary_months = 6, .lost_after_days = 150};
    const char *name = cli_value(&command, "--name");
    const char *lang = cli_value(&command, "--lang");
    if (!name || !*name)
        return cli_usage_error(ctx, &command, "--name is required");
    if (strlen(name) >= sizeof study.name)
        return cli_usage_error(ctx, &command, "--name is too long");
    snprintf(study.name, sizeof study.name, "%s", name);
    snprintf(study.lang, sizeof study.lang, "%s", lang ? lang : "fr");
    size_t n = strlen(study.lang);
    if (n < 2 || n > 3 || strspn(study.lang, "abcdefghijklmnopqrstuvwxyz") != n)
        return cli_usage_error(ctx, &command, "--lang '%s': expected a 2- or 3-letter code",
                               study.lang);
    if (cli_int(ctx, &command, "--diary-months", 6, 1, 120, &study.diary_months) < 0 ||
        cli_int(ctx, &command, "--lost-after-days", 150, 1, 100000, &study.lost_after_days) < 0)
        return CLI_USAGE;
    cn_store *store;
    cn_error err = {0};
    if (cn_store_create(ctx->db_path, &study, &store, &err) < 0)
        return cli_fail(ctx, &err);
    cn_store_close(store);
    fprintf(stderr, "created %s: study '%s', %d-month diaries, alert after %d days without entry\n",
            ctx->db_path, study.name, study.diary_months, study.lost_after_days);
    return CLI_OK;
}
