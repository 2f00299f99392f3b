/* cli.c — option parsing and helpers shared by carnet-collect's subcommands (see cli.h). */
#define _GNU_SOURCE /* memfd_create: a listing held in memory (cli_hold_output) */
#include "cli.h"

#include "carnet/entry.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Says once on stderr that the study file was, or still is, open to others (store.h's
 * cn_store_exposed): the README promises a study its owner alone can read. */
static void say_exposure(const cli *ctx)
{
    unsigned mode;
    int error;
    cn_store_exposure exposure = cn_store_exposed(ctx->store, &mode, &error);
    const char *who = mode & 044 ? "readable by others" : "writable by others";
    const char *shared = cn_store_shared(ctx->store);
    if (shared) /* an open to write refused it: this command only reads */
        fprintf(stderr, "%s: warning: %s: %s (a command that writes it is refused)\n", ctx->prog,
                ctx->db_path, shared);
    switch (exposure) {
    case CN_STORE_PRIVATE:
        break;
    case CN_STORE_RESTRICTED:
        fprintf(stderr, "%s: %s was %s (mode %04o): made owner-only\n", ctx->prog, ctx->db_path,
                who, mode);
        break;
    case CN_STORE_LEFT_READ:
        fprintf(stderr,
                "%s: warning: %s is %s (mode %04o); a command that only reads leaves it so: "
                "make it owner-only with 'chmod 600 %s' (or any command that writes)\n",
                ctx->prog, ctx->db_path, who, mode, ctx->db_path);
        break;
    case CN_STORE_LEFT_OWNER:
        fprintf(stderr,
                "%s: warning: %s is %s (mode %04o) and belongs to another user: left so; its "
                "owner should make it owner-only ('chmod 600')\n",
                ctx->prog, ctx->db_path, who, mode);
        break;
    case CN_STORE_LEFT_ERROR:
        fprintf(stderr, "%s: warning: %s is %s (mode %04o) and could not be made owner-only: %s\n",
                ctx->prog, ctx->db_path, who, mode, strerror(error));
        break;
    }
}

/* The copies of the study that earlier upgrades kept, other than this one's (kept). */
typedef struct earlier_copies {
    const char *kept;
    size_t n;
} earlier_copies;

static void name_earlier_copy(const char *path, bool runs, void *ctx)
{
    earlier_copies *e = ctx;
    if (runs || strcmp(path, e->kept) == 0)
        return;
    fprintf(stderr, "%s%s", e->n++ ? ", " : "; copies kept before are beside it too: ", path);
}

bool cli_parse(cli *ctx, int argc, char **argv)
{
    cn_command *cmd = &ctx->cmd;
    const cn_option common[] = {
        CN_OPT_STRING("--db", "PATH", &ctx->db_path, "study database (else $CARNET_DB)"),
        CN_OPT_END(),
    };
    cmd->common = common;
    int rc = cn_opt_parse(cmd, argc, argv, ctx->args, &ctx->nargs);
    cmd->common = NULL; /* the table lives on this stack frame */
    if (rc == CN_OPT_OK && ctx->db_global && ctx->db_path != ctx->db_global)
        /* "cc import f.csv --db other.db" with cc an alias holding --db: which study? */
        rc = cn_opt_fail(cmd, "option '--db' given twice; it takes one value");
    ctx->status = rc == CN_OPT_HELP ? CLI_OK : rc;
    if (rc != CN_OPT_OK)
        return false;
    cn_error err = {0};
    if (ctx->needs == CLI_NEEDS_NOTHING)
        return true;
    /* a command that only reads never upgrades a study written by an older carnet-collect:
     * the file may be a backup or a reviewer's copy (store.h) */
    cn_store_mode mode = ctx->needs == CLI_READS_STORE    ? CN_STORE_READ
                         : ctx->needs == CLI_COPIES_STORE ? CN_STORE_AS_IS
                                                          : CN_STORE_WRITE;
    if (cn_store_open_mode(ctx->db_path, mode, &ctx->store, &err) < 0) {
        ctx->status = cli_fail(ctx, &err);
        return false;
    }
    say_exposure(ctx);
    const char *kept;
    int from = cn_store_upgraded_from(ctx->store, &kept);
    if (from) {
        fprintf(stderr,
                "%s: %s: upgraded from schema version %d to %d (recorded in the audit trail); "
                "the file as it was is kept as %s",
                ctx->prog, ctx->db_path, from, CN_STORE_SCHEMA_VERSION, kept);
        earlier_copies e = {kept, 0};
        cn_store_copies_beside(ctx->db_path, name_earlier_copy, &e);
        fputs(e.n ? ": delete those of no use\n" : "\n", stderr);
    }
    return true;
}

void cli_hold_output(cli_held *held)
{
    struct stat st;
    *held = (cli_held){-1, -1};
    if (fstat(STDOUT_FILENO, &st) < 0 || S_ISREG(st.st_mode))
        return;
    fflush(stdout);
    held->mem = memfd_create("carnet-collect-output", MFD_CLOEXEC);
    if (held->mem >= 0)
        held->saved = dup(STDOUT_FILENO);
    if (held->saved < 0 || dup2(held->mem, STDOUT_FILENO) < 0) {
        if (held->saved >= 0)
            close(held->saved);
        if (held->mem >= 0)
            close(held->mem);
        *held = (cli_held){-1, -1};
    }
}

int cli_release_output(cli_held *held)
{
    if (held->saved < 0)
        return 0;
    /* what stdio still buffers goes into the memory file first; a failure there is the
     * output's too, but standard output is given back all the same */
    int rc = fflush(stdout) != 0 ? -1 : 0;
    int saved_errno = errno;
    if (dup2(held->saved, STDOUT_FILENO) < 0 || lseek(held->mem, 0, SEEK_SET) < 0) {
        saved_errno = errno;
        rc = -1;
    }
    char buf[65536];
    for (ssize_t n; rc == 0 && (n = read(held->mem, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        for (ssize_t at = 0, w; rc == 0 && n > 0 && at<n; at += w> 0 ? w : 0)
            if ((w = write(STDOUT_FILENO, buf + at, (size_t)(n - at))) < 0 && errno != EINTR)
                rc = -1;
        if (n < 0)
            rc = -1;
        saved_errno = errno;
    }
    close(held->saved);
    close(held->mem);
    *held = (cli_held){-1, -1};
    errno = saved_errno;
    return rc;
}

int cli_flush_output(cli *ctx, cn_error *err)
{
    errno = 0;
    if (cli_release_output(&ctx->held) == 0 && fflush(stdout) == 0 && !ferror(stdout))
        return CN_OK;
    return cn_error_code(err, CN_EIO, "standard output: %s", cn_opt_stdout_failure());
}

int cli_fail(cli *ctx, const cn_error *err)
{
    cn_error out = {0};
    int lost = cli_flush_output(ctx, &out);
    fprintf(stderr, "%s: %s\n", ctx->prog, err->msg);
    if (lost < 0)
        fprintf(stderr, "%s: %s\n", ctx->prog, out.msg);
    return CLI_ERROR;
}

/* The text of a stream, up to one entry's limit; a longer one is refused with its size, read
 * to the end without being kept (a runaway stream still costs no memory). */
static int read_stream(FILE *in, char **text, size_t *len, cn_error *err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return cn_error_nomem(err);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap && n > (size_t)CN_ENTRY_TEXT_MAX) {
            size_t total = cap; /* over the limit: only counted from here on */
            while ((got = fread(buf, 1, cap, in)) > 0)
                total += got;
            free(buf);
            if (ferror(in))
                return cn_error_set(err, "cannot read the text: %s", strerror(errno));
            return cn_error_set(err, "text: %zu bytes is more than the %d allowed for one entry",
                                total, CN_ENTRY_TEXT_MAX);
        }
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                return cn_error_nomem(err);
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

/* guard: the output guard, whose signals the editor must get as it would without it (a
 * blocked signal mask is inherited across exec: a closed terminal would not end it). */
static int run_editor(const char *path, const cn_out_guard *guard, cn_error *err)
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
        if (guard)
            sigprocmask(SIG_UNBLOCK, &guard->signals, NULL);
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

/* The folder where a text is typed in $EDITOR: $TMPDIR's (or /tmp's)
 * carnet-entry-XXXXXX, made owner-only (0700) by mkdtemp and held by the output guard, so
 * that a command stopped while the editor is open (Ctrl+C, kill, a terminal closed)
 * removes it, the text and whatever the editor wrote beside it (a swap file), before it
 * ends. *dir is malloc'd. */
static int editor_folder(cli *ctx, char **dir, cn_error *err)
{
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/') /* a relative TMPDIR would follow the working folder */
        base = "/tmp";
    size_t size = strlen(base) + sizeof "/carnet-entry-XXXXXX";
    char *template = malloc(size);
    if (!template)
        return cn_error_nomem(err);
    snprintf(template, size, "%s/carnet-entry-XXXXXX", base);
    if (!cn_out_guard_mkdtemp(cli_guard_start(ctx), template)) {
        int rc = cn_error_code(err, CN_EIO, "cannot create a folder in %s for the editor: %s", base,
                               strerror(errno));
        free(template);
        return rc;
    }
    *dir = template;
    return 0;
}

int cli_read_text(cli *ctx, const char *initial, char **text, size_t *len, cn_error *err)
{
    if (!isatty(STDIN_FILENO))
        return read_stream(stdin, text, len, err);
    bool guarded = ctx->guarded; /* a guard started here is stopped here */
    char *dir = NULL;
    int rc = editor_folder(ctx, &dir, err);
    if (rc < 0) {
        if (!guarded)
            cli_guard_stop(ctx);
        return rc;
    }
    size_t size = strlen(dir) + sizeof "/entry.txt";
    char *path = malloc(size);
    FILE *f = NULL;
    if (!path) {
        rc = cn_error_nomem(err);
    } else {
        snprintf(path, size, "%s/entry.txt", dir);
        /* in a folder of 0700 that only this user can write; 0600 all the same */
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) {
            rc = cn_error_code(err, CN_EIO, "cannot create a file for the editor: %s",
                               strerror(errno));
            if (fd >= 0)
                close(fd);
        }
    }
    if (f) {
        if (initial)
            fputs(initial, f);
        if (fclose(f) != 0)
            rc = cn_error_code(err, CN_EIO, "cannot write the text for the editor: %s",
                               strerror(errno));
    }
    if (rc == 0)
        rc = run_editor(path, ctx->guarded ? &ctx->guard : NULL, err);
    if (rc == 0) {
        FILE *edited = fopen(path, "rb");
        rc = edited ? read_stream(edited, text, len, err)
                    : cn_error_set(err, "cannot read back the edited text");
        if (edited)
            fclose(edited);
    }
    /* the text is in memory now: a failed save keeps it on purpose (cli_keep_text) */
    if (ctx->guarded)
        cn_out_guard_remove(&ctx->guard); /* under its lock: a stop now finds it gone */
    else
        cn_out_remove_tree(dir);
    if (!guarded)
        cli_guard_stop(ctx);
    free(path);
    free(dir);
    return rc;
}

void cli_keep_text(const cli *ctx, const char *what, const char *text, size_t len)
{
    char dir[4096], path[4300];
    /* the folder of the database: where a study's files already are, owner-only */
    cn_out_folder_of(ctx->db_path, dir, sizeof dir);
    /* what comes from the command line: keep only characters safe in a file name */
    char name[96];
    size_t n = 0;
    for (const char *c = what; *c && n + 1 < sizeof name; c++)
        name[n++] = strchr("/\\ \t\n", *c) ? '_' : *c;
    name[n] = '\0';
    snprintf(path, sizeof path, "%s/carnet-unsaved-%s-XXXXXX", dir, name);
    int fd = mkstemp(path); /* mode 0600 */
    bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok) {
        fprintf(stderr,
                "%s: the text you typed is saved in %s; once the cause is fixed, store it "
                "with:\n  %s %s",
                ctx->prog, path, ctx->prog, ctx->cmd.name);
        for (int i = 0; i < ctx->nargs; i++)
            fprintf(stderr, " %s", ctx->args[i]);
        fprintf(stderr, " < %s\n", path);
        return;
    }
    if (fd >= 0)
        unlink(path);
    fprintf(stderr, "%s: could not save the typed text (%s); here it is:\n%.*s\n", ctx->prog,
            strerror(errno), (int)len, text);
}

void cli_print_text(FILE *out, const char *text, size_t len, bool lines)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (lines && (c == '\n' || c == '\t'))
            fputc(c, out);
        else if (c == '\n' || c == '\t')
            fputs(c == '\n' ? "\\n" : "\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else if (c == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] < 0xa0)
            fprintf(out, "\\u%04x", (unsigned char)text[++i]); /* C1: U+0080 .. U+009F */
        else
            fputc(c, out);
    }
}

cn_out_guard *cli_guard_start(cli *ctx)
{
    if (!ctx->guarded) /* the collector starts no other thread: the guard may start here */
        ctx->guarded = cn_out_guard_start(&ctx->guard) == 0;
    return ctx->guarded ? &ctx->guard : NULL;
}

void cli_guard_stop(cli *ctx)
{
    if (ctx->guarded)
        cn_out_guard_stop(&ctx->guard);
    ctx->guarded = false;
}

int cli_output_begin(cli *ctx, cn_out_file *o, const char *path, const char *const *starts,
                     cn_error *err)
{
    if (path && strcmp(path, "-") != 0) { /* "-o -": standard output, as the tools' habit is */
        int rc = cn_out_file_begin(o, path, starts, cli_guard_start(ctx), err);
        if (rc < 0)
            cli_guard_stop(ctx);
        return rc;
    }
    memset(o, 0, sizeof *o);
    o->f = stdout;
    return CN_OK;
}

/* The index of the choice that path's extension names (".json" among "csv|json": 1), or
 * -1; any case, as a name saved on Windows may have it. */
static int choice_of_extension(const char *path, const char *choices)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return -1;
    size_t len = strlen(dot + 1);
    int i = 0;
    for (const char *c = choices; *c; i++) {
        size_t n = strcspn(c, "|");
        if (n == len && strncasecmp(c, dot + 1, n) == 0)
            return i;
        c += n + (c[n] == '|');
    }
    return -1;
}

int cli_output_format(const char *path, const char *choices, int fallback, int *format,
                      cn_error *err)
{
    int named = path && strcmp(path, "-") != 0 ? choice_of_extension(path, choices) : -1;
    if (*format < 0) {
        *format = named >= 0 ? named : fallback;
        return CN_OK;
    }
    if (named < 0 || named == *format)
        return CN_OK;
    const char *given = choices, *ext = strrchr(path, '.') + 1;
    for (int i = 0; i < *format; i++)
        given = strchr(given, '|') + 1;
    return cn_error_code(err, CN_EINVALID,
                         "%s: --format %.*s, but the name says .%s: name the file for its "
                         "format, or leave --format out (the name then chooses it)",
                         path, (int)strcspn(given, "|"), given, ext);
}

int cli_output_end(cli *ctx, cn_out_file *o, int rc, cn_error *err)
{
    /* a write the library saw fail is the output's: named here, where its name is known */
    if (rc < 0 && err->code == CN_EIO && o->f && ferror(o->f))
        cn_error_prefix(err, "%s", o->f == stdout ? "standard output" : o->path);
    /* the guard is kept to the command's end (main.c, start): a stop while what it did is
     * said then says the file is in place, where it ended silently (trial 79) */
    if (o->f != stdout)
        return cn_out_file_end(o, rc, err);
    cn_error out = {0}; /* said done only once written, and after it */
    if (cli_flush_output(ctx, &out) < 0 && rc == 0) {
        *err = out;
        rc = CN_EIO;
    }
    return rc;
}

void cli_print_column(FILE *out, const char *text, size_t width)
{
    size_t chars = 0, i = 0;
    for (; text[i] && chars < width; chars++) { /* one character: a lead byte and its tail */
        i++;
        while (((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    cli_print_text(out, text, i, false);
    for (; chars < width; chars++)
        fputc(' ', out);
}
