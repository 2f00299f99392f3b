/* options.c — the option groups several carnet-analyse commands share (see analyse.h):
 * one table and one reader per group, so run, stats and classify read them alike. */
#include <string.h>

#include "analyse.h"

int analyse_text_options(const char *prog, const cn_cmd *cmd, cn_pipeline_params *pp)
{
    int size = 40;
    if (cn_opt_int(prog, cmd, "--segment-size", 40, 5, 10000, &size) < 0 ||
        cn_opt_int(prog, cmd, "--min-freq", 3, 1, 1000000, &pp->min_freq) < 0 ||
        cn_opt_int(prog, cmd, "--max-actives", 20000, 2, 10000000, &pp->max_actives) < 0)
        return -1;
    pp->segment_size = (size_t)size;
    const char *v;
    if ((v = cn_opt_value(cmd, "--lang")))
        pp->lang = v;
    pp->stopwords = cn_opt_value(cmd, "--stopwords");
    pp->lexicon = cn_opt_value(cmd, "--lexicon");
    pp->expressions = cn_opt_value(cmd, "--expressions");
    if ((v = cn_opt_value(cmd, "--charset"))) {
        if (strcmp(v, "iramuteq") == 0) {
            pp->charset = CN_CHARSET_IRAMUTEQ;
        } else if (strcmp(v, "unicode") != 0) {
            cn_opt_usage_error(prog, cmd, "--charset '%s': unicode or iramuteq", v);
            return -1;
        }
    }
    cn_error err = {0};
    if ((v = cn_opt_value(cmd, "--where")) && cn_pipeline_parse_filter(pp, v, &err) < 0) {
        cn_opt_usage_error(prog, cmd, "%s", err.msg);
        return -1;
    }
    return 0;
}

int analyse_dhc_options(const char *prog, const cn_cmd *cmd, cn_dhc_params *params)
{
    if (cn_opt_int(prog, cmd, "--classes", 10, 2, 1000, &params->nbcl_p1) < 0 ||
        cn_opt_int(prog, cmd, "--min-class", 0, 0, 100000000, &params->mincl) < 0)
        return -1;
    params->no_reassign = cn_opt_value(cmd, "--no-reassign") != NULL;
    return 0;
}
