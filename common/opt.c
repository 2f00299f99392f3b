/* opt.c — option tables parsed into themselves (see opt.h). */
#include "carnet/opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void usage_line(const cn_opt *o, FILE *out)
{
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    fprintf(out, "  %-26s %s\n", left, o->help);
}

void cn_opt_usage(const char *prog, const cn_cmd *cmd, const cn_opt *extra, int nextra, FILE *out)
{
    fprintf(out, "usage: %s %s%s%s [options]\n  %s\n", prog, cmd->name, cmd->args ? " " : "",
            cmd->args ? cmd->args : "", cmd->about);
    fprintf(out, "options:\n");
    for (int i = 0; i < cmd->noptions; i++)
        usage_line(&cmd->options[i], out);
    for (int i = 0; i < nextra; i++)
        usage_line(&extra[i], out);
    fprintf(out, "  %-26s %s\n", "--help", "show this help");
}

int cn_opt_usage_error(const char *prog, const cn_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %s: ", prog, cmd->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see '%s %s --help')\n", prog, cmd->name);
    va_end(ap);
    return CN_OPT_USAGE;
}

static cn_opt *find(cn_opt *table, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
            return &table[i];
    return NULL;
}

int cn_opt_parse(const char *prog, const cn_cmd *cmd, cn_opt *extra, int nextra, int argc,
                 char **argv, const char **args, int *nargs)
{
    *nargs = 0;
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*nargs == cmd->max_args)
                return cn_opt_usage_error(prog, cmd, "unexpected argument '%s'", a);
            args[(*nargs)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cn_opt_usage(prog, cmd, extra, nextra, stdout);
            return CN_OPT_HELP;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        cn_opt *opt = find(cmd->options, cmd->noptions, a, len);
        if (!opt)
            opt = find(extra, nextra, a, len);
        if (!opt)
            return cn_opt_usage_error(prog, cmd, "unknown option '%.*s'", (int)len, a);
        const char *value = "1";
        if (opt->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cn_opt_usage_error(prog, cmd, "option '%s' needs a value", a);
        } else if (eq) {
            return cn_opt_usage_error(prog, cmd, "option '%.*s' takes no value", (int)len, a);
        }
        opt->value = value;
    }
    if (*nargs < cmd->min_args)
        return cn_opt_usage_error(prog, cmd, "expected %s", cmd->args ? cmd->args : "no argument");
    return CN_OPT_OK;
}

const char *cn_opt_value(const cn_cmd *cmd, const char *name)
{
    cn_opt *opt = find(cmd->options, cmd->noptions, name, strlen(name));
    return opt ? opt->value : NULL;
}

int cn_opt_int(const char *prog, const cn_cmd *cmd, const char *name, int fallback, int min,
               int max, int *out)
{
    const char *text = cn_opt_value(cmd, name);
    if (!text) {
        *out = fallback;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < min || v > max) {
        cn_opt_usage_error(prog, cmd, "%s '%s': expected a whole number from %d to %d", name, text,
                           min, max);
        return -1;
    }
    *out = (int)v;
    return 0;
}
