/* cmd_entry.c — carnet-collect entry add|edit|redate|move|delete|list|show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carnet/dde.h"
#include "carnet/entry.h"
#include "carnet/utf8.h"
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

/* Parses an entry command's line (options, then an entry id first): true, or false with
 * its exit status in *status. */
static bool entry_command(cli *ctx, int argc, char **argv, const cn_option *options, int64_t *id,
                          int *status)
{
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv)) {
        *status = ctx->status;
        return false;
    }
    if (parse_id(ctx->args[0], id) < 0) {
        *status = cn_opt_fail(&ctx->cmd, "'%s' is not an entry id", ctx->args[0]);
        return false;
    }
    return true;
}

/* The commands here take no option of their own: --db and --help only. */
static const cn_option no_options[] = {CN_OPT_END()};

/* In a double-entry study an entry is one typist's copy (dde.h), which --typist names. */
static int add_copy(cli *ctx, const char *typist, const char *text, size_t len, int64_t *id,
                    cn_error *err)
{
    cn_dde_stored how;
    if (!typist)
        return cn_error_code(err, CN_EINVALID,
                             "--typist: this study requires double entry: say who types (name or"
                             " initials)");
    int rc = cn_dde_type(ctx->store, ctx->today, "typed", typist, ctx->args[0], ctx->args[1], text,
                         len, id, &how, err);
    if (rc == 0 && how != CN_DDE_EXISTING)
        fprintf(stderr, "%s: %s\n", ctx->prog,
                how == CN_DDE_FIRST    ? "first copy: a second typist must type this page too"
                : how == CN_DDE_SECOND ? "second copy: it differs from the first, to be reconciled"
                                       : "second copy: the same as the first, the entry is final");
    return rc < 0 ? rc : how == CN_DDE_EXISTING;
}

/* Stored, and said: a text that may identify someone (trial 83), its character counted in
 * the text as stored, as check counts it (trial 85: the typed text's leading blank lines
 * and CR LF moved it). */
static void warn_identifying(const cli *ctx, int64_t id, const char *text, size_t len)
{
    char what[CN_IDENTIFYING_SAID_MAX], *stored = NULL;
    size_t stored_len;
    cn_error ignored = {0};
    /* the text read is len bytes, not a string: no NUL after it */
    if (!text || cn_entry_normalise(text, len, &stored, &stored_len, &ignored) < 0)
        return;
    bool identifies = cn_identifying_said(stored, what, sizeof what);
    free(stored);
    if (identifies)
        fprintf(stderr,
                "%s: warning: entry %lld %s: a diary's text must not identify anyone (entry "
                "edit %lld corrects it)\n",
                ctx->prog, (long long)id, what, (long long)id);
}

int cmd_entry_add(cli *ctx, int argc, char **argv)
{
    const char *typist = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--typist", "NAME", &typist,
                      "who types this copy (required in a double-entry study)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_store *store = ctx->store;
    cn_error err = {0};
    char *text = NULL;
    size_t len;
    int64_t id = 0;
    bool dde = false;
    int rc = cn_dde_enabled(store, &dde, &err);
    if (rc == 0 && typist && !dde)
        rc = cn_error_code(&err, CN_EINVALID, "--typist: this study does not use double entry");
    if (rc == 0 && dde && !typist) /* before the text is typed, not after */
        rc = add_copy(ctx, NULL, NULL, 0, &id, &err);
    if (rc == 0)
        rc = cli_read_text(ctx, NULL, &text, &len, &err);
    if (rc == 0 && dde)
        rc = add_copy(ctx, typist, text, len, &id, &err);
    else if (rc == 0)
        rc = cn_entry_add(store, ctx->today, "typed", ctx->args[0], ctx->args[1], text, len, &id,
                          &err);
    if (rc < 0) {
        cli_fail(ctx, &err);
        if (text && isatty(STDIN_FILENO)) { /* typed in $EDITOR: nowhere else to find it */
            char what[128];
            snprintf(what, sizeof what, "%s-%s", ctx->args[0], ctx->args[1]);
            cli_keep_text(ctx, what, text, len);
        }
        free(text);
        return CLI_ERROR;
    }
    if (rc == 1) {
        free(text);
        fprintf(stderr, "%s: %s already has this entry on %s: nothing stored\n", ctx->prog,
                ctx->args[0], ctx->args[1]);
        return CLI_ERROR;
    }
    printf("%lld\n", (long long)id);
    fprintf(stderr, "added entry %lld for %s on %s\n", (long long)id, ctx->args[0], ctx->args[1]);
    warn_identifying(ctx, id, text, len);
    free(text);
    return CLI_OK;
}

int cmd_entry_edit(cli *ctx, int argc, char **argv)
{
    int64_t id;
    int status;
    if (!entry_command(ctx, argc, argv, no_options, &id, &status))
        return status;
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_entry old = {0};
    char *text = NULL;
    size_t len;
    int found = cn_entry_get(store, id, &old, &err);
    int rc = -1;
    if (found == 0)
        cn_error_code(&err, CN_ENOTFOUND, "no entry %lld", (long long)id);
    /* an entry not final is refused before $EDITOR opens, not after the text is typed */
    else if (found > 0 && cn_dde_require_final(store, id, "edited", &err) == 0 &&
             cli_read_text(ctx, old.text, &text, &len, &err) == 0)
        /* $EDITOR may stay open for minutes: a correction saved meanwhile (the desk, another
         * terminal) is not overwritten (trial 67) */
        rc = cn_entry_set_text_from(store, id, old.version, text, len, &err);
    cn_entry_clear(&old);
    if (rc < 0) {
        cli_fail(ctx, &err);
        if (text && isatty(STDIN_FILENO)) {
            char what[64];
            snprintf(what, sizeof what, "entry-%lld", (long long)id);
            cli_keep_text(ctx, what, text, len);
        }
    }
    if (rc < 0) {
        free(text);
        return CLI_ERROR;
    }
    fprintf(stderr, "updated entry %lld\n", (long long)id);
    warn_identifying(ctx, id, text, len);
    free(text);
    return CLI_OK;
}

int cmd_entry_redate(cli *ctx, int argc, char **argv)
{
    const char *reason = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--reason", "TEXT", &reason, "why the date changes, for the audit trail"),
        CN_OPT_END(),
    };
    int64_t id;
    int status;
    if (!entry_command(ctx, argc, argv, options, &id, &status))
        return status;
    cn_error err = {0};
    int rc = cn_entry_set_date(ctx->store, ctx->today, id, -1, ctx->args[1], reason, &err);
    if (rc < 0)
        return cli_fail(ctx, &err);
    if (rc == 1)
        fprintf(stderr, "entry %lld is dated %s already: nothing changed\n", (long long)id,
                ctx->args[1]);
    else
        fprintf(stderr, "moved entry %lld to %s\n", (long long)id, ctx->args[1]);
    return CLI_OK;
}

int cmd_entry_move(cli *ctx, int argc, char **argv)
{
    const char *reason = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--reason", "TEXT", &reason,
                      "why the entry changes participant, for the audit trail (required)"),
        CN_OPT_END(),
    };
    int64_t id;
    int status;
    if (!entry_command(ctx, argc, argv, options, &id, &status))
        return status;
    cn_error err = {0};
    int rc = cn_entry_move(ctx->store, ctx->today, id, ctx->args[1], reason, &err);
    if (rc < 0)
        return cli_fail(ctx, &err);
    if (rc == 1)
        fprintf(stderr, "entry %lld is %s's already: nothing changed\n", (long long)id,
                ctx->args[1]);
    else
        fprintf(stderr, "gave entry %lld to %s\n", (long long)id, ctx->args[1]);
    return CLI_OK;
}

int cmd_entry_delete(cli *ctx, int argc, char **argv)
{
    const char *reason = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--reason", "TEXT", &reason,
                      "why the entry goes, for the audit trail (required)"),
        CN_OPT_END(),
    };
    int64_t id;
    int status;
    if (!entry_command(ctx, argc, argv, options, &id, &status))
        return status;
    cn_error err = {0};
    cn_entry_deleted gone;
    if (cn_entry_delete(ctx->store, id, reason, &gone, &err) < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "deleted entry %lld of %s on %s%s; the audit trail keeps its text\n",
            (long long)id, gone.code, gone.date,
            gone.copies ? ", with its double-entry copies" : "");
    return CLI_OK;
}

/* What entry list prints: the entries dated from..to (inclusive), at most limit of them
 * (0: all); how many were shown, and how many more the limit left out. */
typedef struct entry_filter {
    cn_date from, to;
    int limit;
    long long shown, more;
} entry_filter;

static int print_summary(const cn_entry *e, void *arg)
{
    entry_filter *f = arg;
    if (e->date < f->from || e->date > f->to)
        return 0;
    if (f->limit && f->shown == f->limit) {
        f->more++;
        return 0;
    }
    f->shown++;
    char date[CN_DATE_TEXT];
    cn_date_format(e->date, date);
    /* First line of the text, cut after 50 characters to fit a terminal line (trial 90:
     * after 50 bytes, an accented text showed 40) */
    size_t n = strcspn(e->text, "\n"), shown = 0;
    for (size_t chars = 0; shown < n && chars < 50; chars++)
        do /* a character: its lead byte and its continuation bytes (valid UTF-8) */
            shown++;
        while (shown < n && ((unsigned char)e->text[shown] & 0xC0) == 0x80);
    printf("%6lld  %-10s %s  ", (long long)e->id, e->code, date);
    cli_print_text(stdout, e->text, shown, false);
    printf("%s\n", shown < n || e->text[n] ? "..." : "");
    return 0;
}

static int parse_date_option(const char *text, void *target, cn_error *err)
{
    return cn_date_parse(text, target, err) < 0 ? -1 : 0;
}

int cmd_entry_list(cli *ctx, int argc, char **argv)
{
    entry_filter f = {INT32_MIN, INT32_MAX, 0, 0, 0};
    const cn_option options[] = {
        {CN_OPTT_CALLBACK, "--from", "DATE", "only entries dated DATE or later", &f.from, 0, 0,
         NULL, parse_date_option, NULL, CN_OPT_NODEFAULT},
        {CN_OPTT_CALLBACK, "--to", "DATE", "only entries dated DATE or earlier", &f.to, 0, 0, NULL,
         parse_date_option, NULL, CN_OPT_NODEFAULT},
        {CN_OPTT_INT, "--limit", "N", "the first N entries only (stderr says how many more)",
         &f.limit, 1, 100000000, NULL, NULL, NULL, CN_OPT_NODEFAULT},
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    if (f.from > f.to) {
        char from[CN_DATE_TEXT], to[CN_DATE_TEXT];
        cn_date_format(f.from, from);
        cn_date_format(f.to, to);
        return cn_opt_fail(&ctx->cmd, "--from %s is after --to %s: no entry can be both", from, to);
    }
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_participant p;
    int found = 1;
    if (ctx->nargs == 1 && (found = cn_participant_get(store, ctx->args[0], &p, &err)) == 0)
        cn_participant_unknown(store, ctx->args[0], "", &err);
    if (found > 0)
        found =
            cn_entry_each(store, ctx->nargs ? ctx->args[0] : NULL, print_summary, &f, &err) == 0;
    if (found <= 0)
        return cli_fail(ctx, &err);
    if (f.more) { /* said after the list, never taken for all of it */
        if (cli_flush_output(ctx, &err) < 0)
            return cli_fail(ctx, &err);
        fprintf(stderr, "%lld more %s not shown (--limit %d)\n", f.more,
                f.more == 1 ? "entry" : "entries", f.limit);
    }
    return CLI_OK;
}

int cmd_entry_show(cli *ctx, int argc, char **argv)
{
    int64_t id;
    int status;
    if (!entry_command(ctx, argc, argv, no_options, &id, &status))
        return status;
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_entry e;
    int found = cn_entry_get(store, id, &e, &err);
    if (found == 0)
        cn_error_code(&err, CN_ENOTFOUND, "no entry %lld", (long long)id);
    if (found <= 0)
        return cli_fail(ctx, &err);
    char date[CN_DATE_TEXT];
    cn_date_format(e.date, date);
    printf("entry:        %lld\nparticipant:  %s\ndate:         %s\nsource:       %s\n"
           "created:      %s\nupdated:      %s\n\n",
           (long long)e.id, e.code, date, e.source, e.created, e.updated);
    cli_print_text(stdout, e.text, strlen(e.text), true);
    putchar('\n');
    cn_entry_clear(&e);
    return CLI_OK;
}
