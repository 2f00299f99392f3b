/* cmd_import.c — carnet-collect import FILE: all or nothing. */
#include <stdio.h>

#include "carnet/import.h"
#include "cli.h"

/* Duplicates are reported one by one up to a limit, then counted. */
typedef struct notices {
    size_t shown;
} notices;
#define NOTICE_LIMIT 20

static void print_notice(const char *message, void *arg)
{
    notices *n = arg;
    if (n->shown++ < NOTICE_LIMIT)
        fprintf(stderr, "%s\n", message);
}

int cmd_import(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--format", "csv|json", "file format (default: from the file name)", NULL},
    };
    const cli_command cmd = {"import",
                             "FILE",
                             "import participants or entries (CSV) or both (JSON); one bad row "
                             "and nothing is imported",
                             options,
                             sizeof options / sizeof *options,
                             1,
                             1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_error err = {0};
    notices shown = {0};
    cn_import_options opt = {.today = ctx->today, .notice = print_notice, .notice_ctx = &shown};
    const char *format = cli_value(&cmd, "--format");
    if (format && cn_import_format_parse(format, &opt.format, &err) < 0)
        return cli_usage_error(ctx, &cmd, "%s", err.msg);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_import_result result;
    rc = cn_import_file(store, args[0], &opt, &result, &err);
    cn_store_close(store);
    if (rc < 0) {
        cli_fail(ctx, &err);
        fprintf(stderr, "%s: nothing was imported from %s\n", ctx->prog, args[0]);
        return CLI_ERROR;
    }
    if (shown.shown > NOTICE_LIMIT)
        fprintf(stderr, "... and %zu more duplicates\n", shown.shown - NOTICE_LIMIT);
    fprintf(stderr,
            "imported %s: %zu participants added, %zu already present; %zu entries added, "
            "%zu duplicates skipped\n",
            args[0], result.participants_added, result.participants_same, result.entries_added,
            result.entries_duplicate);
    return CLI_OK;
}
