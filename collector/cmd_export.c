/* cmd_export.c — carnet-collect export corpus|entries|participants. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carnet/export.h"
#include "cli.h"

/* Without *lang_xx, carnet-analyse reads every text in one language, French unless told:
 * when the texts written are in several languages, or in one other than French, a --vars
 * without lang deserves a word. Said of the texts written, after --where: a study in
 * English and French exported with --where lang=en is English only. */
static void warn_lang_left_out(cli *ctx, const cn_corpus_options *chosen,
                               const cn_export_written *w)
{
    bool kept = false;
    for (int i = 0; i < chosen->nvars; i++)
        kept = kept || chosen->vars[i] == CN_VAR_LANG;
    if (kept || !cn_export_lang_needed(w->languages, w->lang))
        return;
    if (w->languages == 1)
        fprintf(stderr,
                "%s: warning: the texts are in '%s' and --vars has no lang: carnet-analyse "
                "will read them as French unless given --lang %s (or add lang)\n",
                ctx->prog, w->lang, w->lang);
    else
        fprintf(stderr,
                "%s: warning: the texts are in more than one language and --vars has no lang: "
                "carnet-analyse will stem every text as one language (add lang)\n",
                ctx->prog);
}

int cmd_export_corpus(cli *ctx, int argc, char **argv)
{
    const char *vars = NULL, *path = NULL;
    cn_strlist where = {0};
    bool final_only = false, all_entries = false;
    const cn_option options[] = {
        CN_OPT_FLAG("--final-only", &final_only,
                    "final entries only (the default in a double-entry study)"),
        CN_OPT_FLAG("--all-entries", &all_entries,
                    "with entries typed once or not reconciled yet (double entry)"),
        CN_OPT_STRING("--vars", "LIST", &vars,
                      "star variables, in order (default part,sex,age,care,site,month"
                      "[,lang]; also date and entry, the entry's date and id, shown with "
                      "typical segments but not defaults: one modality a day, an entry)"),
        CN_OPT_LIST("--where", "VAR=MOD[,MOD]", &where,
                    "keep texts with one of these modalities (e.g. care=lt1); repeated: all hold"),
        CN_OPT_STRING("-o", "FILE", &path, "write to FILE instead of stdout (- is stdout)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv)) {
        cn_strlist_free(&where);
        return ctx->status;
    }
    cn_corpus_options opt = {0};
    cn_error err = {0};
    int rc = vars ? cn_export_parse_vars(vars, &opt, &err)
                  : cn_export_default_vars(ctx->store, &opt, &err);
    for (size_t i = 0; rc == 0 && i < where.n; i++)
        rc = cn_export_parse_where(where.items[i], &opt, &err);
    cn_strlist_free(&where);
    if (rc < 0)
        return cn_opt_fail(&ctx->cmd, "%s", err.msg);
    if (cli_entries_scope(ctx, final_only, all_entries, &err) < 0)
        return cli_fail(ctx, &err);
    static const char *const corpus_start[] = {"**** ", NULL};
    cn_out_file out;
    cn_export_written written = {0};
    if (cli_output_begin(ctx, &out, path, corpus_start, &err) < 0)
        return cli_fail(ctx, &err);
    rc = cn_export_corpus(ctx->store, &opt, out.f, &written, &err);
    /* An empty corpus is no corpus: written, it would only mislead the analysis (and, not
     * beginning as a corpus does, block the next export into the same file). */
    if (rc == 0 && written.texts == 0)
        rc = cn_error_code(&err, CN_EEMPTY,
                           "no text to export: no entry of the study is kept (the study may have "
                           "none yet, --where may keep none, or in a double-entry study none may "
                           "be reconciled yet); nothing was written");
    if (cli_output_end(ctx, &out, rc, &err) < 0)
        return cli_fail(ctx, &err);
    if (vars)
        warn_lang_left_out(ctx, &opt, &written);
    bool named = path && strcmp(path, "-") != 0;
    fprintf(stderr, "exported %zu text%s%s%s", written.texts, written.texts == 1 ? "" : "s",
            named ? " to " : "", named ? path : "");
    /* which state of the study the corpus holds, as backup says its copy's (trial 67: an
     * export run during an import could not be told to hold it or not) */
    if (written.state.audited)
        fprintf(stderr, " (as of audit chain head %s, %lld records)",
                written.state.head[0] ? written.state.head : "(empty)",
                (long long)written.state.records);
    fputc('\n', stderr);
    return CLI_OK;
}

/* export entries|participants: the import formats, on stdout or into -o FILE. Entries are
 * read as stats and export corpus read them: in a double-entry study, final ones only
 * unless --all-entries, since an import makes every entry it reads final; their export
 * counts, in its one pass, those a spreadsheet would read as formulas (*formulas). */
static int export_table(cli *ctx, int argc, char **argv, bool entries, cn_table_format *written,
                        cn_export_formulas *formulas)
{
    static const char *const entries_start[] = {"participant,", "{\n\t\"entries\"", NULL};
    static const char *const participants_start[] = {"code,", "{\n\t\"participants\"", NULL};
    int format = -1; /* from -o's name, else csv */
    const char *path = NULL;
    bool final_only = false, all_entries = false;
    const cn_option options[] = {
        CN_OPT_CHOICE("--format", "csv|json", &format,
                      "output format, the same as import reads (default: from -o's name, "
                      ".json or .csv, else csv)"),
        CN_OPT_STRING("-o", "FILE", &path,
                      "write to FILE (owner-only) instead of stdout (- is stdout)"),
        CN_OPT_FLAG("--final-only", &final_only,
                    "final entries only (the default in a double-entry study)"),
        CN_OPT_FLAG("--all-entries", &all_entries,
                    "with entries typed once or not reconciled yet (double entry): an import "
                    "of the file makes them final"),
        CN_OPT_END(),
    };
    const cn_option participants[] = {options[0], options[1], CN_OPT_END()};
    ctx->cmd.options = entries ? options : participants;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (cli_output_format(path, "csv|json", 0, &format, &err) < 0 ||
        (entries && cli_entries_scope(ctx, final_only, all_entries, &err) < 0))
        return cli_fail(ctx, &err);
    cn_out_file out;
    if (cli_output_begin(ctx, &out, path, entries ? entries_start : participants_start, &err) < 0)
        return cli_fail(ctx, &err);
    *written = format == 1 ? CN_TABLE_JSON : CN_TABLE_CSV;
    int rc = entries ? cn_export_entries(ctx->store, *written, out.f, formulas, &err)
                     : cn_export_participants_counted(ctx->store, *written, out.f, formulas, &err);
    return cli_output_end(ctx, &out, rc, &err) < 0 ? cli_fail(ctx, &err) : CLI_OK;
}

/* export entries|participants, with a warning for the cells a spreadsheet would read as
 * formulas: texts of entries, sites of participants (JSON has no formulas). */
static int export_warned(cli *ctx, int argc, char **argv, bool entries)
{
    cn_table_format format = CN_TABLE_JSON;
    cn_export_formulas f = {0};
    int rc = export_table(ctx, argc, argv, entries, &format, &f);
    if (rc != CLI_OK || format != CN_TABLE_CSV || f.n == 0)
        return rc;
    fprintf(stderr,
            "%s: warning: %zu %s begin%s with =, +, - or @ (the first: %s): a spreadsheet "
            "that opens the file as is reads them as formulas; open it through its text "
            "import with the %s column's type set to Text (LibreOffice: the column type in "
            "the Text Import dialog; Excel: Data > From Text/CSV, Transform Data)\n",
            ctx->prog, f.n,
            entries ? (f.n == 1 ? "entry" : "entries")
                    : (f.n == 1 ? "participant's site" : "participants' sites"),
            f.n == 1 ? "s" : "", f.first, entries ? "text" : "site");
    return CLI_OK;
}

int cmd_export_entries(cli *ctx, int argc, char **argv)
{
    return export_warned(ctx, argc, argv, true);
}

int cmd_export_participants(cli *ctx, int argc, char **argv)
{
    return export_warned(ctx, argc, argv, false);
}
