/* cmd_audit.c — carnet-collect audit: the trail of every change, as JSON lines; with
 * --verify, the check of its hash chain against the rows as they are now. */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "carnet/audit.h"
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
    if (row->fp[0])
        cJSON_AddStringToObject(o, "fingerprint", row->fp);
    if (row->hash[0])
        cJSON_AddStringToObject(o, "hash", row->hash);
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

/* Exit 0 with a one-line summary when the chain holds; 1 naming the first record or row that
 * does not match. */
static int verify(cli *ctx)
{
    cn_error err = {0};
    cn_audit_verdict v;
    if (cn_audit_verify(ctx->store, &v, &err) < 0)
        return cli_fail(ctx, &err);
    if (!v.holds) {
        cn_error_code(&err, CN_EINVALID, "%s: the audit does not hold: %s", ctx->db_path,
                      v.problem);
        return cli_fail(ctx, &err);
    }
    printf("audit holds: %lld records checked, %lld rows match their last record; chain head %s\n",
           (long long)v.records, (long long)v.rows, v.head[0] ? v.head : "(empty)");
    return CLI_OK;
}

int cmd_audit(cli *ctx, int argc, char **argv)
{
    const char *since = NULL;
    bool check = false;
    const cn_option options[] = {
        CN_OPT_CALLBACK("--since", "DATE", &since, parse_since, NULL,
                        "only changes on or after DATE (UTC)"),
        CN_OPT_FLAG("--verify", &check,
                    "check the hash chain and every row against its last record instead of"
                    " listing (exit 1 naming the first mismatch)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    if (check)
        return verify(ctx);
    cn_error err = {0};
    if (cn_store_audit_each(ctx->store, since, print_row, NULL, &err) < 0)
        return cli_fail(ctx, &err);
    return CLI_OK;
}
