/* cmd_backup.c — carnet-collect backup FILE: SQLite online backup, then a check. */
#include <stdio.h>

#include "cli.h"

int cmd_backup(cli *ctx, int argc, char **argv)
{
    const cn_option options[] = {CN_OPT_END()};
    ctx->cmd.options = options;
    const char *args[1];
    int nargs, rc = cli_parse(ctx, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return CLI_PARSE_EXIT(rc);
    cn_error err = {0};
    if (cn_store_backup(ctx->store, args[0], &err) < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "backed up %s to %s (integrity check: ok)\n", ctx->db_path, args[0]);
    return CLI_OK;
}
