/* cli.c — option parsing and helpers shared by carnet-collect's subcommands (see cli.h). */
#include "cli.h"

#include "carnet/entry.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void cli_usage(const cli *ctx, const cli_command *cmd, FILE *out)
{
    fprintf(out, "usage: %s %s%s%s [options]\n  %s\n", ctx->prog, cmd->name, cmd->args ? " " : "",
            cmd->args ? cmd->args : "", cmd->about);
    fprintf(out, "options:\n");
    for (int i = 0; i < cmd->noptions; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", cmd->options[i].name, cmd->options[i].arg ? " " : "",
                 cmd->options[i].arg ? cmd->options[i].arg : "");
        fprintf(out, "  %-26s %s\n", left, cmd->options[i].help);
    }
    fprintf(out, "  %-26s %s\n", "--db PATH", "study database (default: $CARNET_DB, or study.db)");
    fprintf(out, "  %-26s %s\n", "--help", "show this help");
}

int cli_usage_error(const cli *ctx, const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %s: ", ctx->prog, cmd->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see '%s %s --help')\n", ctx->prog, cmd->name);
    va_end(ap);
    return CLI_USAGE;
}

static cli_option *find_option(const cli_command *cmd, const char *name, size_t len)
{
    for (int i = 0; i < cmd->noptions; i++)
        if (strlen(cmd->options[i].name) == len && strncmp(cmd->options[i].name, name, len) == 0)
            return &cmd->options[i];
    return NULL;
}

int cli_parse(cli *ctx, const cli_command *cmd, int argc, char **argv, const char **args,
              int *nargs)
{
    *nargs = 0;
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*nargs == cmd->max_args)
                return cli_usage_error(ctx, cmd, "unexpected argument '%s'", a);
            args[(*nargs)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_usage(ctx, cmd, stdout);
            return -1;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        bool is_db = len == 4 && strncmp(a, "--db", 4) == 0;
        cli_option *opt = is_db ? NULL : find_option(cmd, a, len);
        if (!opt && !is_db)
            return cli_usage_error(ctx, cmd, "unknown option '%.*s'", (int)len, a);
        const char *value = "1";
        if (is_db || opt->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cli_usage_error(ctx, cmd, "option '%s' needs a value", a);
        } else if (eq) {
            return cli_usage_error(ctx, cmd, "option '%.*s' takes no value", (int)len, a);
        }
        if (is_db)
            ctx->db_path = value;
        else
            opt->value = value;
    }
    if (*nargs < cmd->min_args)
        return cli_usage_error(ctx, cmd, "expected %s", cmd->args ? cmd->args : "no argument");
    return CLI_OK;
}

const char *cli_value(const cli_command *cmd, const char *name)
{
    cli_option *opt = find_option(cmd, name, strlen(name));
    return opt ? opt->value : NULL;
}

int cli_int(const cli *ctx, const cli_command *cmd, const char *name, int fallback, int min,
            int max, int *out)
{
    const char *text = cli_value(cmd, name);
    if (!text) {
        *out = fallback;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < min || v > max) {
        cli_usage_error(ctx, cmd, "%s '%s': expected a whole number from %d to %d", name, text, min,
                        max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int cli_fail(const cli *ctx, const cn_error *err)
{
    fprintf(stderr, "%s: %s\n", ctx->prog, err->msg);
    return CLI_ERROR;
}

int cli_open(const cli *ctx, cn_store **store)
{
    cn_error err = {{0}};
    if (cn_store_open(ctx->db_path, store, &err) < 0)
        return cli_fail(ctx, &err);
    return CLI_OK;
}

static int read_stream(FILE *in, char **text, size_t *len, cn_error *err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return cn_error_set(err, "out of memory");
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            if (cap > 4 * (size_t)CN_ENTRY_TEXT_MAX) /* stop reading a runaway stream */
                break;
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                return cn_error_set(err, "out of memory");
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (ferror(in)) {
        free(buf);
        return cn_error_set(err, "cannot read the text: %s", strerror(errno));
    }
    *text = buf;
    *len = n;
    return 0;
}

static int run_editor(const char *path, cn_error *err)
{
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    if (!editor || !*editor)
        editor = "vi";
    pid_t pid = fork();
    if (pid < 0)
        return cn_error_set(err, "cannot start the editor: %s", strerror(errno));
    if (pid == 0) {
        /* The editor variable may hold arguments ("code --wait"): let the shell split it. */
        execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor, path, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return cn_error_set(err, "editor: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return cn_error_set(err, "editor '%s' failed: nothing stored", editor);
    return 0;
}

int cli_read_text(const cli *ctx, const char *initial, char **text, size_t *len, cn_error *err)
{
    (void)ctx;
    if (!isatty(STDIN_FILENO))
        return read_stream(stdin, text, len, err);
    char path[] = "/tmp/carnet-entry-XXXXXX";
    int fd = mkstemp(path); /* mode 0600: the text is health data */
    if (fd < 0)
        return cn_error_set(err, "cannot create a temporary file: %s", strerror(errno));
    FILE *f = fdopen(fd, "w+");
    if (!f) {
        close(fd);
        unlink(path);
        return cn_error_set(err, "cannot create a temporary file: %s", strerror(errno));
    }
    if (initial)
        fputs(initial, f);
    fflush(f);
    int rc = run_editor(path, err);
    if (rc == 0) {
        FILE *edited = fopen(path, "rb");
        rc = edited ? read_stream(edited, text, len, err)
                    : cn_error_set(err, "cannot read back the edited text");
        if (edited)
            fclose(edited);
    }
    fclose(f);
    unlink(path);
    return rc;
}
