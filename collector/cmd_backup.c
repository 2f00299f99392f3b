/* cmd_backup.c — carnet-collect backup FILE: SQLite online backup, then a check. The log
 * line gives the copy's audit chain head, for the lab notebook (see the README). */
#include <stdio.h>

#include "carnet/audit.h"
#include "cli.h"

/* The chain head as the copy holds it: read from the copy, so that a write to the study
 * after the backup cannot make the line say more than the copy holds. */
static int copy_head(const char *path, cn_audit_state *state, cn_error *err)
{
    cn_store *copy;
    if (cn_store_open_mode(path, CN_STORE_AS_IS, &copy, err) < 0)
        return -1;
    int rc = cn_audit_state_read(copy, state, err);
    cn_store_close(copy);
    return rc;
}

int cmd_backup(cli *ctx, int argc, char **argv)
{
    const cn_option options[] = {CN_OPT_END()};
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    int rc = cn_store_backup(ctx->store, ctx->args[0], cli_guard_start(ctx), &err);
    cli_guard_stop(ctx);
    if (rc < 0)
        return cli_fail(ctx, &err);
    cn_audit_state state;
    if (copy_head(ctx->args[0], &state, &err) < 0)
        return cli_fail(ctx, &err);
    const char *head = state.head;
    int schema = cn_store_schema(ctx->store);
    if (schema < CN_STORE_SCHEMA_VERSION) /* copied as the older program wrote it */
        fprintf(stderr,
                "backed up %s to %s (integrity check: ok; as an older carnet-collect wrote it,"
                " schema version %d, not upgraded%s%s)\n",
                ctx->db_path, ctx->args[0], schema, schema >= 2 ? "; audit chain head " : "",
                schema < 2 ? ""
                : head[0]  ? head
                           : "(empty)");
    else
        fprintf(stderr,
                "backed up %s to %s (integrity check: ok; audit chain head %s, %lld records)\n",
                ctx->db_path, ctx->args[0], head[0] ? head : "(empty)", (long long)state.records);
    return CLI_OK;
}
