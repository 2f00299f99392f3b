/* cmd_entry.c — carnet-collect entry add|edit|list|show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/entry.h"
#include "cli.h"

static int parse_id(const char *text, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || errno || v <= 0)
        return -1;
    *id = v;
    return 0;
}

static int entry_add(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"entry add",
                             "CODE DATE",
                             "add an entry; the text is read from stdin, or from $EDITOR when "
                             "stdin is a terminal",
                             NULL,
                             0,
                             2,
                             2};
    const char *args[2];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    char *text = NULL;
    size_t len;
    int64_t id = 0;
    rc = cli_read_text(ctx, NULL, &text, &len, &err);
    if (rc == 0)
        rc = cn_entry_add(store, ctx->today, "typed", args[0], args[1], text, len, &id, &err);
    cn_store_close(store);
    free(text);
    if (rc < 0)
        return cli_fail(ctx, &err);
    if (rc == 1) {
        fprintf(stderr, "%s: %s already has this entry on %s: nothing stored\n", ctx->prog, args[0],
                args[1]);
        return CLI_ERROR;
    }
    printf("%lld\n", (long long)id);
    fprintf(stderr, "added entry %lld for %s on %s\n", (long long)id, args[0], args[1]);
    return CLI_OK;
}

static int entry_edit(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"entry edit",
                             "ID",
                             "replace an entry's text: from stdin, or in $EDITOR when stdin is "
                             "a terminal",
                             NULL,
                             0,
                             1,
                             1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    int64_t id;
    if (parse_id(args[0], &id) < 0)
        return cli_usage_error(ctx, &cmd, "'%s' is not an entry id", args[0]);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_entry old = {0};
    char *text = NULL;
    size_t len;
    int found = cn_entry_get(store, id, &old, &err);
    rc = -1;
    if (found == 0)
        cn_error_set(&err, "no entry %lld", (long long)id);
    else if (found > 0 && cli_read_text(ctx, old.text, &text, &len, &err) == 0)
        rc = cn_entry_set_text(store, id, text, len, &err);
    cn_entry_clear(&old);
    free(text);
    cn_store_close(store);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "updated entry %lld\n", (long long)id);
    return CLI_OK;
}

static int print_summary(const cn_entry *e, void *arg)
{
    (void)arg;
    char date[CN_DATE_TEXT];
    cn_date_format(e->date, date);
    /* First line of the text, cut to fit a terminal line. */
    size_t n = strcspn(e->text, "\n");
    printf("%6lld  %-10s %s  %.*s%s\n", (long long)e->id, e->code, date, (int)(n > 50 ? 50 : n),
           e->text, n > 50 || e->text[n] ? "..." : "");
    return 0;
}

static int entry_list(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {
        "entry list", "[CODE]", "list entries, of one participant or all", NULL, 0, 0, 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_participant p;
    int found = 1;
    if (nargs == 1 && (found = cn_participant_get(store, args[0], &p, &err)) == 0)
        cn_error_set(&err, "unknown participant '%s'", args[0]);
    if (found > 0)
        found = cn_entry_each(store, nargs ? args[0] : NULL, print_summary, NULL, &err) == 0;
    cn_store_close(store);
    return found > 0 ? CLI_OK : cli_fail(ctx, &err);
}

static int entry_show(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"entry show", "ID", "show one entry in full", NULL, 0, 1, 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    int64_t id;
    if (parse_id(args[0], &id) < 0)
        return cli_usage_error(ctx, &cmd, "'%s' is not an entry id", args[0]);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_entry e;
    int found = cn_entry_get(store, id, &e, &err);
    cn_store_close(store);
    if (found == 0)
        cn_error_set(&err, "no entry %lld", (long long)id);
    if (found <= 0)
        return cli_fail(ctx, &err);
    char date[CN_DATE_TEXT];
    cn_date_format(e.date, date);
    printf("entry:        %lld\nparticipant:  %s\ndate:         %s\nsource:       %s\n"
           "created:      %s\nupdated:      %s\n\n%s\n",
           (long long)e.id, e.code, date, e.source, e.created, e.updated, e.text);
    cn_entry_clear(&e);
    return CLI_OK;
}

int cmd_entry(cli *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(cli *, int, char **);
    } verbs[] = {
        {"add", entry_add}, {"edit", entry_edit}, {"list", entry_list}, {"show", entry_show}};
    for (size_t i = 0; argc > 0 && i < sizeof verbs / sizeof *verbs; i++)
        if (strcmp(argv[0], verbs[i].name) == 0)
            return verbs[i].run(ctx, argc - 1, argv + 1);
    fprintf(stderr, "usage: %s entry add|edit|list|show ... (--help on each)\n", ctx->prog);
    return argc > 0 && strcmp(argv[0], "--help") == 0 ? CLI_OK : CLI_USAGE;
}
