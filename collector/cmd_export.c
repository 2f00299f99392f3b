/* cmd_export.c — carnet-collect export corpus|entries|participants. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "carnet/export.h"
#include "cli.h"

static int export_corpus(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--vars", "LIST", "star variables, in order (default part,sex,age,care,site,month[,lang])",
         NULL},
        {"--where", "VAR=MOD[,MOD]", "keep texts with one of these modalities (e.g. care=lt1)",
         NULL},
        {"-o", "FILE", "write to FILE instead of stdout", NULL},
    };
    const cli_command cmd = {"export corpus",
                             NULL,
                             "write the IRAMUTEQ corpus: one text per entry, with cohort variables",
                             options,
                             sizeof options / sizeof *options,
                             0,
                             0};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_corpus_options opt = {0};
    cn_error err = {0};
    const char *vars = cli_value(&cmd, "--vars"), *where = cli_value(&cmd, "--where");
    const char *path = cli_value(&cmd, "-o");
    rc = vars ? cn_export_parse_vars(vars, &opt, &err) : cn_export_default_vars(store, &opt, &err);
    if (rc == 0 && where)
        rc = cn_export_parse_where(where, &opt, &err);
    if (rc < 0) {
        cn_store_close(store);
        return cli_usage_error(ctx, &cmd, "%s", err.msg);
    }
    FILE *out = path ? fopen(path, "w") : stdout;
    size_t ntexts = 0;
    if (!out)
        rc = cn_error_set(&err, "%s: cannot write: %s", path, strerror(errno));
    else
        rc = cn_export_corpus(store, &opt, out, &ntexts, &err);
    if (out && fflush(out) != 0 && rc == 0)
        rc = cn_error_set(&err, "write error: %s", strerror(errno));
    if (out && out != stdout)
        fclose(out);
    cn_store_close(store);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "exported %zu texts%s%s\n", ntexts, path ? " to " : "", path ? path : "");
    return CLI_OK;
}

static int export_table(cli *ctx, const char *what, int argc, char **argv)
{
    cli_option options[] = {
        {"--format", "csv|json", "output format (default csv), the same as import reads", NULL},
    };
    char name[32];
    snprintf(name, sizeof name, "export %s", what);
    const cli_command cmd = {name,
                             NULL,
                             "write in the import format, to stdout",
                             options,
                             sizeof options / sizeof *options,
                             0,
                             0};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const char *f = cli_value(&cmd, "--format");
    cn_table_format format = CN_TABLE_CSV;
    if (f && strcmp(f, "json") == 0)
        format = CN_TABLE_JSON;
    else if (f && strcmp(f, "csv") != 0)
        return cli_usage_error(ctx, &cmd, "--format '%s': expected csv or json", f);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {0};
    rc = strcmp(what, "entries") == 0 ? cn_export_entries(store, format, stdout, &err)
                                      : cn_export_participants(store, format, stdout, &err);
    cn_store_close(store);
    return rc < 0 ? cli_fail(ctx, &err) : CLI_OK;
}

int cmd_export(cli *ctx, int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "corpus") == 0)
        return export_corpus(ctx, argc - 1, argv + 1);
    if (argc > 0 && (strcmp(argv[0], "entries") == 0 || strcmp(argv[0], "participants") == 0))
        return export_table(ctx, argv[0], argc - 1, argv + 1);
    fprintf(stderr, "usage: %s export corpus|entries|participants ... (--help on each)\n",
            ctx->prog);
    return argc > 0 && strcmp(argv[0], "--help") == 0 ? CLI_OK : CLI_USAGE;
}
