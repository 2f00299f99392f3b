/* cmd_backup.c — carnet-collect backup FILE: SQLite online backup, then a check. */
#include <stdio.h>

#include "cli.h"

int cmd_backup(cli *ctx, int argc, char **argv)
{
    const cn_option options[] = {CN_OPT_END()};
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (cn_store_backup(ctx->store, ctx->args[0], &err) < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "backed up %s to %s (integrity check: ok)\n", ctx->db_path, ctx->args[0]);
    return CLI_OK;
}
