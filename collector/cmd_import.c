/* cmd_import.c — carnet-collect import FILE: all or nothing. */
#include <stdio.h>

#include "carnet/import.h"
#include "cli.h"

/* Duplicates and refused rows are reported one by one up to a limit, then counted. */
typedef struct notices {
    size_t shown;
} notices;
#define NOTICE_LIMIT 20

/* Duplicates are said once the import is done: a refused one skips nothing, and its
 * refused rows are then what the output shows, in the file's order. */
typedef struct duplicates {
    notices count;
    char kept[NOTICE_LIMIT][512];
} duplicates;

static void keep_duplicate(const char *message, void *arg)
{
    duplicates *d = arg;
    if (d->count.shown < NOTICE_LIMIT)
        snprintf(d->kept[d->count.shown], sizeof d->kept[0], "%s", message);
    d->count.shown++;
}

static void print_notice(const char *message, void *arg)
{
    notices *n = arg;
    if (n->shown++ < NOTICE_LIMIT)
        fprintf(stderr, "%s\n", message);
}

static void print_more(const notices *n, const char *what)
{
    if (n->shown > NOTICE_LIMIT)
        fprintf(stderr, "... and %zu more %s\n", n->shown - NOTICE_LIMIT, what);
}

/* Refused rows: the first is held back, since a file's one refusal is the error itself. */
typedef struct refusals {
    notices printed;
    char first[CN_ERROR_MAX];
} refusals;

static void print_refusal(const char *message, void *arg)
{
    refusals *r = arg;
    if (r->printed.shown == 0) {
        snprintf(r->first, sizeof r->first, "%s", message);
        r->printed.shown++;
        return;
    }
    if (r->printed.shown == 1)
        fprintf(stderr, "%s\n", r->first);
    print_notice(message, &r->printed);
}

/* After a refused import: the rows the error does not say itself. */
static void print_refusals(const refusals *r, const cn_import_result *result)
{
    if (result->rows_refused == 1 && !result->error_is_the_row)
        fprintf(stderr, "%s\n", r->first);
    print_more(&r->printed, "refused rows");
}

static int parse_format(const char *text, void *target, cn_error *err)
{
    return cn_import_format_parse(text, target, err);
}

int cmd_import(cli *ctx, int argc, char **argv)
{
    duplicates shown = {0};
    refusals refused = {0};
    duplicates identifying = {0};
    cn_import_options opt = {.today = ctx->today,
                             .notice = keep_duplicate,
                             .notice_ctx = &shown,
                             .refused = print_refusal,
                             .refused_ctx = &refused,
                             .identifying = keep_duplicate,
                             .identifying_ctx = &identifying};
    /* choice indexes, in the order of the enums (see import.h and textin.h) */
    int separator = CN_SEP_AUTO, encoding = CN_ENC_UTF8_UNSAID; /* a choice's index when said */
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
        print_refusals(&refused, &result);
        cli_fail(ctx, &err);
        fprintf(stderr, "%s: nothing was imported from %s\n", ctx->prog, ctx->args[0]);
        return CLI_ERROR;
    }
    for (size_t i = 0; i < shown.count.shown && i < NOTICE_LIMIT; i++)
        fprintf(stderr, "%s\n", shown.kept[i]);
    print_more(&shown.count, "duplicates");
    /* imported all the same: codes are the team's choice, warned of, not refused */
    for (size_t i = 0; i < identifying.count.shown && i < NOTICE_LIMIT; i++)
        fprintf(stderr, "%s: warning: %s\n", ctx->prog, identifying.kept[i]);
    print_more(&identifying.count, "codes or sites that may identify");
    fprintf(stderr,
            "imported %s: %zu participant%s added, %zu already present; %zu entr%s added, "
            "%zu duplicate%s skipped\n",
            ctx->args[0], result.participants_added, result.participants_added == 1 ? "" : "s",
            result.participants_same, result.entries_added, result.entries_added == 1 ? "y" : "ies",
            result.entries_duplicate, result.entries_duplicate == 1 ? "" : "s");
    return CLI_OK;
}
