/* cmd_import.c — carnet-collect import FILE: all or nothing. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* Ctrl+C, a closed terminal or kill during an import ended it without a word (trial 67),
 * the study as it was (SQLite rolls the transaction back, or the next command its journal).
 * A handler says so, then lets the signal end the program as it would have: write(2),
 * signal(2) and raise(3) only, which a handler may call. A stop that comes once the import
 * is committed (import.h holds the signals until `stored` is set) is let go: the command
 * ends as it would have a moment later, its summary saying what was stored. */
static volatile sig_atomic_t import_stored;
static char stop_message[4400];
static size_t stop_length;

static void stop_import(int sig)
{
    if (import_stored)
        return;
    ssize_t ignored = write(STDERR_FILENO, stop_message, stop_length);
    (void)ignored;
    signal(sig, SIG_DFL);
    raise(sig); /* blocked in the handler: delivered, by its default action, on return */
}

static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOPS (sizeof stops / sizeof *stops)

/* Installs stop_import for the stopping signals, but for those ignored now (nohup's
 * SIGHUP, a script's background job's SIGINT), which stay ignored; was keeps the actions
 * to put back. */
static void catch_stops(const cli *ctx, const char *file, struct sigaction was[NSTOPS])
{
    int n = snprintf(stop_message, sizeof stop_message,
                     "%s: %s: interrupted: nothing was imported\n", ctx->prog, file);
    stop_length = n < 0 ? 0 : (size_t)n < sizeof stop_message ? (size_t)n : sizeof stop_message - 1;
    import_stored = 0;
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = stop_import;
    act.sa_flags = SA_RESTART; /* a stop let go leaves no system call failed with EINTR */
    sigemptyset(&act.sa_mask);
    for (size_t k = 0; k < NSTOPS; k++)
        sigaddset(&act.sa_mask, stops[k]);
    for (size_t k = 0; k < NSTOPS; k++)
        if (sigaction(stops[k], NULL, &was[k]) == 0 && was[k].sa_handler != SIG_IGN)
            sigaction(stops[k], &act, NULL);
}

static void release_stops(const struct sigaction was[NSTOPS])
{
    for (size_t k = 0; k < NSTOPS; k++)
        sigaction(stops[k], &was[k], NULL);
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
        CN_OPT_FLAG("--allow-alike", &opt.allow_alike,
                    "add, as other people, participants alike (gender, birth year, dates, site)"
                    " to one recoded with --forget here, or under an earlier code another site's"
                    " participant has here (refused otherwise)"),
        CN_OPT_FLAG("--partial", &opt.partial,
                    "a participants export that is not its sites' whole list: do not refuse"
                    " the study's participants of those sites that it does not list"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    opt.separator = (cn_separator)separator;
    opt.encoding = (cn_encoding)encoding;
    cn_error err = {0};
    cn_import_result result;
    struct sigaction was[NSTOPS] = {0};
    catch_stops(ctx, ctx->args[0], was);
    opt.stored = &import_stored;
    int rc = cn_import_file(ctx->store, ctx->args[0], &opt, &result, &err);
    release_stops(was);
    if (rc < 0) {
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
    if (result.entries_beside > 0)
        fprintf(stderr,
                "%s: note: %s: %zu entr%s added on a day their participant already had an entry"
                " of another text (the first: %s): two pages of a day, or a corrected version"
                " of a page stored already, which the import keeps beside the first (see entry"
                " list CODE)\n",
                ctx->prog, ctx->args[0], result.entries_beside,
                result.entries_beside == 1 ? "y" : "ies", result.beside_first);
    if (result.entries_identifying > 0) /* trial 83: stored, and said */
        fprintf(stderr,
                "%s: warning: %s: %zu entr%s added hold%s what looks like a phone number or an "
                "e-mail address (the first: %s): a diary's text must not identify anyone; "
                "carnet-collect check lists them\n",
                ctx->prog, ctx->args[0], result.entries_identifying,
                result.entries_identifying == 1 ? "y" : "ies",
                result.entries_identifying == 1 ? "s" : "", result.identifying_first);
    char recoded[sizeof result.recoded_first + 64] = "";
    if (result.participants_recoded > 0) /* said only when it happened: scripts read the line */
        snprintf(recoded, sizeof recoded, " (%zu recoded as in the file%s%s)",
                 result.participants_recoded,
                 result.participants_recoded == 1 ? ": " : ", the first ", result.recoded_first);
    fprintf(stderr,
            "imported %s: %zu participant%s added, %zu already present%s; %zu entr%s added, "
            "%zu duplicate%s skipped\n",
            ctx->args[0], result.participants_added, result.participants_added == 1 ? "" : "s",
            result.participants_same, recoded, result.entries_added,
            result.entries_added == 1 ? "y" : "ies", result.entries_duplicate,
            result.entries_duplicate == 1 ? "" : "s");
    return CLI_OK;
}
