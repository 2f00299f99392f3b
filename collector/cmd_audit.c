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

int cmd_audit(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--since", "DATE", "only changes on or after DATE (UTC)", NULL},
    };
    const cli_command cmd = {"audit",
                             NULL,
                             "every insert, update and delete, oldest first, with before and "
                             "after (one JSON object per line)",
                             options,
                             sizeof options / sizeof *options,
                             0,
                             0};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_error err = {0};
    const char *since = cli_value(&cmd, "--since");
    cn_date d;
    if (since && cn_date_parse(since, &d, &err) < 0)
        return cli_usage_error(ctx, &cmd, "--since: %s", err.msg);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    rc = cn_store_audit_each(store, since, print_row, NULL, &err);
    cn_store_close(store);
    return rc < 0 ? cli_fail(ctx, &err) : CLI_OK;
}
