/* cmd_audit.c — carnet-collect audit: the trail of every change, as JSON lines. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int print_row(const cn_audit_row *row, void *arg)
{
    (void)arg;
    /* One JSON object per line: readable, and grep- and jq-friendly. */
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)row->id);
    cJSON_AddStringToObject(o, "at", row->at);
    cJSON_AddStringToObject(o, "table", row->table);
    cJSON_AddNumberToObject(o, "row", (double)row->row_id);
    cJSON_AddStringToObject(o, "action", row->action);
    cJSON *before = row->before ? cJSON_Parse(row->before) : NULL;
    cJSON *after = row->after ? cJSON_Parse(row->after) : NULL;
    cJSON_AddItemToObject(o, "before", before ? before : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "after", after ? after : cJSON_CreateNull());
    char *text = cJSON_PrintUnformatted(o);
    printf("%s\n", text);
    free(text);
    cJSON_Delete(o);
    return 0;
}

static int parse_since(const char *text, void *target, cn_error *err)
{
    cn_date d;
    if (cn_date_parse(text, &d, err) < 0)
        return -1;
    *(const char **)target = text;
    return 0;
}

int cmd_audit(cli *ctx, int argc, char **argv)
{
    const char *since = NULL;
    const cn_option options[] = {
        CN_OPT_CALLBACK("--since", "DATE", &since, parse_since, NULL,
                        "only changes on or after DATE (UTC)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (cn_store_audit_each(ctx->store, since, print_row, NULL, &err) < 0)
        return cli_fail(ctx, &err);
    return CLI_OK;
}
