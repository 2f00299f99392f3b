/* cmd_classify.c — carnet-analyse classify MATRIX.mtx -o OUT: Reinert's classification of
 * any binary Matrix Market matrix (rows = units, columns = forms), for R and Python users
 * and for pinning the algorithm on fixed matrices. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "analyse.h"
#include "carnet/dhc.h"
#include "carnet/sparse.h"
#include "carnet/tables.h"

int cmd_classify(cn_command *cmd, int argc, char **argv)
{
    const char *prog = cmd->prog;
    const char *dir = NULL;
    cn_dhc_params params = cn_dhc_defaults();
    const cn_option options[] = {
        CN_OPT_REQUIRED_STRING("-o", "DIR", &dir, "output folder: rows.csv, classes.json"),
        ANALYSE_DHC_OPTIONS(&params),
        CN_OPT_END(),
    };
    cmd->options = options;
    const char *args[1];
    int nargs, rc = cn_opt_parse(cmd, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_error err = {0};
    cn_sparse *m = NULL;
    cn_dhc *d = NULL;
    if (cn_sparse_read_mtx(args[0], &m, &err) < 0 || cn_dhc_run(m, &params, &d, &err) < 0 ||
        cn_tables_make_dir(dir, &err) < 0 || cn_tables_write_rows(dir, d, &err) < 0 ||
        cn_tables_write_classes_json(dir, d, NULL, NULL, NULL, NULL, NULL, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        cn_dhc_free(d);
        cn_sparse_free(m);
        return 1;
    }
    cn_tables_print_summary(stdout, d);
    cn_dhc_free(d);
    cn_sparse_free(m);
    return 0;
}
