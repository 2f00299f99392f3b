/* options.c — the option groups several carnet-analyse commands share (see analyse.h):
 * one table and one reader per group, so run, stats and classify read them alike. */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

void analyse_text_init(analyse_text_args *a, cn_pipeline_params *pp)
{
    memset(a, 0, sizeof *a);
    a->pp = pp;
    a->segment_size = (int)pp->segment_size;
    a->lang_default = pp->lang;
    a->charset = pp->charset == CN_CHARSET_IRAMUTEQ;
}

int analyse_text_finish(const cn_command *cmd, analyse_text_args *a)
{
    a->pp->segment_size = (size_t)a->segment_size;
    a->pp->charset = a->charset ? CN_CHARSET_IRAMUTEQ : CN_CHARSET_UNICODE;
    cn_error err = {0};
    int rc = CN_OPT_OK;
    a->pp->lang_given = a->pp->lang != a->lang_default;
    /* normalised here, so the manifest records the code the run used */
    if (cn_lang_normalise_for(a->pp->lang, a->pp->lexicon != NULL, a->lang, &err) < 0)
        rc = cn_opt_fail(cmd, "--lang: %s", err.msg);
    else
        a->pp->lang = a->lang;
    for (size_t i = 0; rc == CN_OPT_OK && i < a->where.n; i++)
        if (cn_where_add(&a->pp->where, a->where.items[i], &err) < 0)
            rc = cn_opt_fail(cmd, "%s", err.msg);
    cn_strlist_free(&a->where);
    /* IRAMUTEQ glues its own list for the language by default (corpus.py's builder): its
     * segments are cut after "aujourd'hui", "parce que" are one word each, which only the
     * researcher's copy of that list can give here */
    if (rc == CN_OPT_OK && a->charset && !a->pp->expressions)
        fprintf(stderr,
                "%s: note: --charset iramuteq without --expressions: IRAMUTEQ glues its own "
                "list of expressions for the language (its multi-word units) before it "
                "cuts the segments; for its segments, give that list with --expressions FILE\n",
                cmd->prog);
    return rc;
}

int analyse_parse(const cn_command *cmd, analyse_text_args *a, int argc, char **argv,
                  const char **args, int *nargs)
{
    int rc = cn_opt_parse(cmd, argc, argv, args, nargs);
    if (rc != CN_OPT_OK) {
        cn_strlist_free(&a->where);
        return rc;
    }
    return analyse_text_finish(cmd, a);
}
