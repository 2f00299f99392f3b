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

static int parse_format(const char *text, void *target, cn_error *err)
{
    return cn_import_format_parse(text, target, err);
}

int cmd_import(cli *ctx, int argc, char **argv)
{
    notices shown = {0};
    cn_import_options opt = {.today = ctx->today, .notice = print_notice, .notice_ctx = &shown};
    /* choice indexes, in the order of the enums (see import.h and textin.h) */
    int separator = CN_SEP_AUTO, encoding = CN_ENC_UTF8;
    const cn_option options[] = {
        CN_OPT_CALLBACK("--format", "csv|json", &opt.format, parse_format, NULL,
                        "file format (default: from the file name)"),
        CN_OPT_CHOICE("--separator", CN_SEPARATOR_CHOICES, &separator,
                      "CSV separator (auto: the one splitting the header into names)"),
        CN_OPT_CHOICE("--encoding", CN_ENCODING_CHOICES, &encoding,
                      "the file's encoding (converted to UTF-8 first)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    opt.separator = (cn_separator)separator;
    opt.encoding = (cn_encoding)encoding;
    cn_error err = {0};
    cn_import_result result;
    if (cn_import_file(ctx->store, ctx->args[0], &opt, &result, &err) < 0) {
        cli_fail(ctx, &err);
        fprintf(stderr, "%s: nothing was imported from %s\n", ctx->prog, ctx->args[0]);
        return CLI_ERROR;
    }
    if (shown.shown > NOTICE_LIMIT)
        fprintf(stderr, "... and %zu more duplicates\n", shown.shown - NOTICE_LIMIT);
    fprintf(stderr,
            "imported %s: %zu participant%s added, %zu already present; %zu entr%s added, "
            "%zu duplicate%s skipped\n",
            ctx->args[0], result.participants_added, result.participants_added == 1 ? "" : "s",
            result.participants_same, result.entries_added, result.entries_added == 1 ? "y" : "ies",
            result.entries_duplicate, result.entries_duplicate == 1 ? "" : "s");
    return CLI_OK;
}
