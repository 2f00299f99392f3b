/* cmd_upgrade.c — carnet-collect upgrade: a study written by an older carnet-collect
 * brought to this one's schema, which every command that writes does on its own (store.h);
 * cli_parse opens the study, and the open upgrades it and says so. */
#include <stdio.h>

#include "cli.h"

int cmd_upgrade(cli *ctx, int argc, char **argv)
{
    const cn_option options[] = {CN_OPT_END()};
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv)) /* opening the study upgrades it, and says so */
        return ctx->status;
    const char *kept;
    if (!cn_store_upgraded_from(ctx->store, &kept))
        fprintf(stderr, "%s: already at schema version %d: nothing to upgrade\n", ctx->db_path,
                CN_STORE_SCHEMA_VERSION);
    return CLI_OK;
}
