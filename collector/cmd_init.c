/* cmd_init.c — carnet-collect init: create a study database. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "carnet/dde.h"
#include "carnet/entry.h"
#include "cli.h"

int cmd_init(cli *ctx, int argc, char **argv)
{
    cn_study study = {.diary_months = 6, .lost_after_days = 150, .lang = "fr"};
    const char *name = NULL, *lang = study.lang;
    bool double_entry = false;
    const cn_option options[] = {
        CN_OPT_REQUIRED_STRING("--name", "NAME", &name, "study name"),
        CN_OPT_INT("--diary-months", "N", &study.diary_months, 1, 120,
                   "length of a diary in calendar months"),
        CN_OPT_INT("--lost-after-days", "N", &study.lost_after_days, 1, 100000,
                   "days without an entry before an alert"),
        CN_OPT_STRING("--lang", "L", &lang,
                      "language of the diaries: ISO 639-1 code (or 639-2, name)"),
        CN_OPT_FLAG("--double-entry", &double_entry,
                    "each entry typed twice by two people and reconciled by a third"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    if (!*name)
        return cn_opt_fail(&ctx->cmd, "--name must not be empty");
    if (strlen(name) >= sizeof study.name)
        return cn_opt_fail(&ctx->cmd, "--name is too long");
    unsigned cp; /* printed by stats and config: an ESC there would drive the terminal */
    if (cn_entry_find_control(name, strlen(name), &cp) < strlen(name))
        return cn_opt_fail(&ctx->cmd, "--name holds the control character U+%04X: remove it", cp);
    snprintf(study.name, sizeof study.name, "%s", name);
    cn_error err = {0};
    if (cn_store_study_lang(lang, study.lang, &err) < 0)
        return cn_opt_fail(&ctx->cmd, "--lang: %s", err.msg);
    cn_store *store;
    if (cn_store_create(ctx->db_path, &study, &store, &err) < 0)
        return cli_fail(ctx, &err);
    if (double_entry && cn_dde_set(store, true, &err) < 0) {
        cn_store_close(store);
        unlink(ctx->db_path); /* nothing half-made: the study was created a moment ago */
        return cli_fail(ctx, &err);
    }
    cn_store_close(store);
    fprintf(stderr,
            "created %s: study '%s', %d-month diaries in '%s', alert after %d day%s without "
            "entry%s\n",
            ctx->db_path, study.name, study.diary_months, study.lang, study.lost_after_days,
            study.lost_after_days == 1 ? "" : "s", double_entry ? ", double data entry" : "");
    return CLI_OK;
}
