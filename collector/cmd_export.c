/* cmd_export.c — carnet-collect export corpus|entries|participants. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carnet/export.h"
#include "cli.h"

/* The file beside path that is written first and renamed over path only when the whole
 * export succeeded: a failure never leaves a truncated or half-filtered corpus. mkstemp
 * creates it 0600, as health data should be. */
static FILE *open_temporary(const char *path, char *tmp, size_t size, cn_error *err)
{
    if ((size_t)snprintf(tmp, size, "%s.tmp-XXXXXX", path) >= size) {
        cn_error_set(err, "%s: path too long", path);
        return NULL;
    }
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
    }
    return f;
}

/* Closes the temporary file and moves it into place, or removes it when rc < 0. */
static int finish_temporary(FILE *f, const char *tmp, const char *path, int rc, cn_error *err)
{
    if (fclose(f) != 0 && rc == 0)
        rc = cn_error_code(err, CN_EIO, "%s: write error: %s", path, strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = cn_error_code(err, CN_EIO, "%s: cannot write: %s", path, strerror(errno));
    if (rc < 0)
        unlink(tmp);
    return rc;
}

int cmd_export_corpus(cli *ctx, int argc, char **argv)
{
    const char *vars = NULL, *path = NULL;
    cn_strlist where = {0};
    const cn_option options[] = {
        CN_OPT_STRING("--vars", "LIST", &vars,
                      "star variables, in order (default part,sex,age,care,site,month"
                      "[,lang])"),
        CN_OPT_LIST("--where", "VAR=MOD[,MOD]", &where,
                    "keep texts with one of these modalities (e.g. care=lt1); repeated: all hold"),
        CN_OPT_STRING("-o", "FILE", &path, "write to FILE instead of stdout"),
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
    char tmp[4200];
    FILE *out = path ? open_temporary(path, tmp, sizeof tmp, &err) : stdout;
    size_t ntexts = 0;
    rc = out ? cn_export_corpus(ctx->store, &opt, out, &ntexts, &err) : -1;
    if (out == stdout && fflush(out) != 0 && rc == 0)
        rc = cn_error_code(&err, CN_EIO, "write error: %s", strerror(errno));
    if (out && out != stdout)
        rc = finish_temporary(out, tmp, path, rc, &err);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "exported %zu texts%s%s\n", ntexts, path ? " to " : "", path ? path : "");
    return CLI_OK;
}

/* export entries|participants: the import formats, on stdout. */
static int export_table(cli *ctx, int argc, char **argv,
                        int (*write)(cn_store *, cn_table_format, FILE *, cn_error *))
{
    int format = CN_TABLE_CSV;
    const cn_option options[] = {
        CN_OPT_CHOICE("--format", "csv|json", &format, "output format, the same as import reads"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (write(ctx->store, format == 1 ? CN_TABLE_JSON : CN_TABLE_CSV, stdout, &err) < 0)
        return cli_fail(ctx, &err);
    return CLI_OK;
}

int cmd_export_entries(cli *ctx, int argc, char **argv)
{
    return export_table(ctx, argc, argv, cn_export_entries);
}

int cmd_export_participants(cli *ctx, int argc, char **argv)
{
    return export_table(ctx, argc, argv, cn_export_participants);
}
