/* cmd_config.c — carnet-collect config: shows the study's settings, and changes those that
 * may change once the study runs (double data entry; the language, which init may have
 * left French when it was not given). */
#include <stdio.h>
#include <string.h>

#include "carnet/dde.h"
#include "carnet/participant.h"
#include "cli.h"

static int count_inheriting(const cn_participant *p, void *ctx)
{
    *(size_t *)ctx += p->lang[0] == '\0';
    return 0;
}

/* A new study language relabels the diaries of every participant without one of their own:
 * say how many, so that a change meant for one participant is caught. */
static int tell_relabelled(cli *ctx, const char *was, cn_error *err)
{
    cn_study study;
    size_t n = 0;
    if (cn_store_study(ctx->store, &study, err) < 0 ||
        cn_participant_each(ctx->store, count_inheriting, &n, err) < 0)
        return -1;
    if (strcmp(was, study.lang) != 0)
        fprintf(stderr,
                "%s: the study's language is now '%s' (was '%s'): the diaries of %zu "
                "participant%s without a language of their own are read as '%s'\n",
                ctx->prog, study.lang, was, n, n == 1 ? "" : "s", study.lang);
    return 0;
}

int cmd_config(cli *ctx, int argc, char **argv)
{
    int dde = 0; /* 0 unchanged, 1 on, 2 off */
    const char *lang = NULL;
    const cn_option options[] = {
        CN_OPT_CHOICE("--double-entry", "keep|on|off", &dde,
                      "each entry typed twice by two people and reconciled by a third"),
        CN_OPT_STRING("--lang", "L", &lang,
                      "language of the diaries of participants without one of their own"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (dde && cn_dde_set(ctx->store, dde == 1, &err) < 0)
        return cli_fail(ctx, &err);
    cn_study before;
    if (lang && cn_store_study(ctx->store, &before, &err) < 0)
        return cli_fail(ctx, &err);
    if (lang && cn_store_set_lang(ctx->store, lang, &err) < 0)
        return err.code == CN_EINVALID ? cn_opt_fail(&ctx->cmd, "--lang: %s", err.msg)
                                       : cli_fail(ctx, &err);
    if (lang && tell_relabelled(ctx, before.lang, &err) < 0)
        return cli_fail(ctx, &err);
    cn_study study;
    bool on;
    if (cn_store_study(ctx->store, &study, &err) < 0 || cn_dde_enabled(ctx->store, &on, &err) < 0)
        return cli_fail(ctx, &err);
    fputs("name             ", stdout); /* escaped: a name stored before the rule (trial 64) */
    cli_print_text(stdout, study.name, strlen(study.name), false);
    printf("\ndiary months     %d\nlost after days  %d\nlanguage         %s\n"
           "double entry     %s\n",
           study.diary_months, study.lost_after_days, study.lang, on ? "on" : "off");
    return CLI_OK;
}

static int count_pending(int64_t id, const char *code, const char *date, bool second, void *ctx)
{
    (void)id, (void)code, (void)date, (void)second;
    (*(size_t *)ctx)++;
    return 0;
}

/* The entries a reading command sees: only the final ones when asked, or by default in a
 * double-entry study, where an entry typed once is not study data yet. */
int cli_entries_scope(cli *ctx, bool final_only, bool all_entries, cn_error *err)
{
    if (final_only && all_entries)
        return cn_error_code(err, CN_EINVALID, "--final-only and --all-entries exclude each other");
    bool on = false;
    if (!final_only && !all_entries && cn_dde_enabled(ctx->store, &on, err) < 0)
        return -1;
    size_t pending = 0;
    if (!all_entries && cn_dde_each_pending(ctx->store, count_pending, &pending, err) < 0)
        return -1;
    if (!(final_only || on)) {
        /* double entry turned off with pages still typed once or in dispute: the first
         * copy's text is read as the entry's, which deserves a word */
        if (pending && !all_entries)
            fprintf(stderr,
                    "%s: note: %zu entr%s typed under double entry %s not final (typed once, "
                    "or not reconciled): read with the first copy's text, as double entry is "
                    "off; --final-only leaves %s out\n",
                    ctx->prog, pending, pending == 1 ? "y" : "ies", pending == 1 ? "is" : "are",
                    pending == 1 ? "it" : "them");
        return 0;
    }
    if (pending)
        fprintf(stderr,
                "%s: %zu entr%s not final yet (double entry: typed once, or not reconciled) left"
                " out; --all-entries includes them\n",
                ctx->prog, pending, pending == 1 ? "y" : "ies");
    return cn_dde_final_only(ctx->store, true, err);
}
