/* cmd_backup.c — carnet-collect backup FILE: SQLite online backup, then a check. */
#include <stdio.h>

#include "cli.h"

int cmd_backup(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"backup",
                             "FILE",
                             "copy the study database to a new file (mode 0600) while it may be "
                             "in use, then check the copy's integrity",
                             NULL,
                             0,
                             1,
                             1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {0};
    rc = cn_store_backup(store, args[0], &err);
    cn_store_close(store);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "backed up %s to %s (integrity check: ok)\n", ctx->db_path, args[0]);
    return CLI_OK;
}
