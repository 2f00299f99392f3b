/* desk_themes.c — themes from the desk: `carnet-analyse run` on the study's corpus (exported
 * as `export corpus` does, final entries only in a double-entry study), whole or with --by
 * and --where, started as a child process (no shell: an argument vector), one at a time, in
 * a run folder of its own under DB.runs/ beside the database (folders 0700, files 0600).
 * The form and the start are here; the runs' list, pages and files are desk_runs.c's. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "desk_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

#include "carnet/export.h"
#include "carnet/store.h"

extern char **environ;

/* path made absolute into out: its folder's real path (links and dots resolved), then its
 * own name, so that a link to the database keeps its runs beside the link. */
static int absolute(const char *path, char *out, size_t size, cn_error *err)
{
    const char *slash = strrchr(path, '/');
    char folder[4096];
    if (snprintf(folder, sizeof folder, "%.*s", slash ? (int)(slash - path) : 1,
                 slash ? path : ".") >= (int)sizeof folder)
        return cn_error_code(err, CN_EINVALID, "%s: path too long for the desk's runs", path);
    char *real = realpath(slash == path ? "/" : folder, NULL);
    if (!real)
        return cn_error_code(err, CN_EIO, "%s: %s", slash == path ? "/" : folder, strerror(errno));
    int n = snprintf(out, size, "%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path);
    free(real);
    if (n >= (int)size)
        return cn_error_code(err, CN_EINVALID, "%s: path too long for the desk's runs", path);
    return 0;
}

/* The runs' folder and the program as absolute paths: carnet-analyse records its arguments
 * in manifest.json, which must still name its corpus and output read from another folder
 * than the one `serve` was started in. A program named without a slash is looked up in
 * PATH when a run starts. */
int cn_desk_set_runs(cn_desk *desk, const char *db_path, const char *analyse, cn_error *err)
{
    char runs[4096];
    if (snprintf(runs, sizeof runs, "%s.runs", db_path) >= (int)sizeof runs)
        return cn_error_code(err, CN_EINVALID, "%s: path too long for the desk's runs", db_path);
    if (absolute(runs, desk->runs_dir, sizeof desk->runs_dir, err) < 0)
        return -1;
    if (!strchr(analyse, '/') || absolute(analyse, desk->analyse, sizeof desk->analyse, err) < 0)
        if (snprintf(desk->analyse, sizeof desk->analyse, "%s", analyse) >=
            (int)sizeof desk->analyse) /* a missing folder: "cannot start" when a run starts */
            return cn_error_code(err, CN_EINVALID, "%s: path too long for the desk", analyse);
    return 0;
}

/* the current run's state (desk_internal.h): waits for its own pid only, no other child;
 * an ended run's process id is removed, a number the system may give another process */
bool desk_run_active(cn_desk *d)
{
    if (d->run_pid <= 0)
        return false;
    int status;
    pid_t r = waitpid(d->run_pid, &status, WNOHANG);
    if (r == 0)
        return true;
    d->run_status = r == d->run_pid && WIFEXITED(status) ? WEXITSTATUS(status) : 127;
    d->run_pid = 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/%s/" DESK_RUN_PID, d->runs_dir, d->run_name);
    unlink(path);
    return false;
}

/* Makes dir with mode 0700, or accepts it when it is already a folder of ours (not a link). */
static int private_dir(const char *dir, cn_error *err)
{
    if (mkdir(dir, S_IRWXU) == 0)
        return 0;
    struct stat st;
    if (errno == EEXIST && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
        return 0;
    return cn_error_code(err, CN_EIO, "%s: cannot make the run folder: %s", dir, strerror(errno));
}

/* Exports the corpus as `export corpus` with its default variables and the form's --where
 * would, into path (0600): a modality no entry has is refused here, before any run.
 * On failure the file is removed: a corpus cut by a full disk, left in the run folder, looks
 * whole (trial 67). A write that failed is named by the path, as `export corpus -o` names
 * its file (cli_output_end): the library's "write error" knows no path. */
/* A new file of the owner's alone, for writing; NULL with err set. */
static FILE *new_file(const char *path, cn_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        if (fd >= 0)
            close(fd);
        cn_error_code(err, CN_EIO, "%s: %s", path, strerror(errno));
    }
    return out;
}

/* The corpus into dir's corpus.txt, and beside it each text's entry id (DESK_RUN_ENTRIES);
 * *records: the audit trail's records as the export read the study. */
static int export_corpus(desk_ctx *c, const char *dir, const cn_corpus_options *opt, bool all,
                         int64_t *records, cn_error *err)
{
    char path[4300], ids_path[4300];
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    snprintf(ids_path, sizeof ids_path, "%s/" DESK_RUN_ENTRIES, dir);
    FILE *out = new_file(path, err);
    if (!out)
        return err->code;
    cn_corpus_options with_ids = *opt;
    if (!(with_ids.entry_ids = new_file(ids_path, err))) {
        fclose(out);
        unlink(path);
        return err->code;
    }
    cn_store *store = c->desk->store;
    bool final_only = desk_dde_on(c) && !all;
    cn_export_written written = {0};
    int rc = final_only ? cn_dde_final_only(store, true, err) : 0;
    if (rc == 0)
        rc = cn_export_corpus(store, &with_ids, out, &written, err);
    if (rc < 0 && err->code == CN_EIO && ferror(out))
        cn_error_prefix(err, "%s", path);
    cn_error ignored = {0};
    if (final_only)
        cn_dde_final_only(store, false, &ignored);
    /* a corpus smaller than the stream's buffer meets the full disk only here */
    if (fclose(out) != 0 && rc == 0)
        rc = cn_error_code(err, CN_EIO, "%s: write error: %s", path, strerror(errno));
    if (fclose(with_ids.entry_ids) != 0 && rc == 0)
        rc = cn_error_code(err, CN_EIO, "%s: write error: %s", ids_path, strerror(errno));
    if (rc == 0 && written.texts == 0)
        rc = cn_error_code(err, CN_EEMPTY, "the study has no %sentry to analyse",
                           final_only ? "final " : "");
    *records = written.state.records;
    if (rc < 0) {
        unlink(path);
        unlink(ids_path);
    }
    return rc;
}

/* Writes dir's DESK_RUN_PID. A failure is not the run's: this desk follows its own child
 * without it; only a desk started again while it runs would not see it running. */
static void write_pid(const char *dir, pid_t pid)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/" DESK_RUN_PID, dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return;
    char line[32];
    int len = snprintf(line, sizeof line, "%ld\n", (long)pid);
    if (write(fd, line, (size_t)len) != len) {
        close(fd);
        unlink(path);
        return;
    }
    close(fd);
}

#define ARGS_MAX 32

/* Whether name[0..len) is a star variable of the corpus the export writes. */
static bool in_corpus(const cn_corpus_options *opt, const char *name, size_t len)
{
    for (int i = 0; i < opt->nvars; i++) {
        const char *var = cn_export_var_name(opt->vars[i]);
        if (strlen(var) == len && strncmp(var, name, len) == 0)
            return true;
    }
    return false;
}

/* Whether a condition line (checked already) is on a star variable of the corpus: one on
 * another (date, or lang in a study of one language) was applied by the export alone, and
 * carnet-analyse, given it, would find no such variable in the corpus. A lang condition
 * too: the export read pt-BR as the study's pt, carnet-analyse would read it as the region
 * ptbr, which no exported text has (trial 92: the run ended without results). */
static bool condition_in_corpus(const cn_corpus_options *opt, const char *line)
{
    const char *var = line;
    size_t len = strcspn(line, "=");
    cn_where_trim(&var, &len);
    return !(len == 4 && strncmp(var, "lang", 4) == 0) && in_corpus(opt, var, len);
}

/* Starts carnet-analyse in folder dir: argv built here, stdout and stderr into dir/log.txt. */
static int spawn_run(cn_desk *d, const char *dir, const char *by, char *where,
                     const cn_corpus_options *opt, cn_error *err)
{
    char corpus[4300], out[4300], log[4300];
    snprintf(corpus, sizeof corpus, "%s/corpus.txt", dir);
    snprintf(out, sizeof out, "%s/OUT", dir);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    char *argv[ARGS_MAX];
    int n = 0;
    argv[n++] = d->analyse;
    argv[n++] = "run";
    argv[n++] = corpus;
    argv[n++] = "-o";
    argv[n++] = out;
    if (by && *by) {
        argv[n++] = "--by";
        argv[n++] = (char *)by;
    }
    for (char *line = strtok(where, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        line += strspn(line, " \t");
        if (!*line || !condition_in_corpus(opt, line))
            continue;
        if (n + 3 > ARGS_MAX)
            return cn_error_code(err, CN_EINVALID, "where: at most %d conditions",
                                 (ARGS_MAX - 8) / 2);
        argv[n++] = "--where";
        argv[n++] = line;
    }
    argv[n] = NULL;
    /* Where posix_spawn cannot report a failed exec (a fork-based implementation, as under
     * valgrind), a missing program would look started and the run would just never end:
     * a program named by its path is checked first, so the page says why at once. */
    if (strchr(d->analyse, '/') && access(d->analyse, X_OK) != 0)
        return cn_error_code(err, CN_EIO, "cannot start %s: %s", d->analyse, strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log, O_WRONLY | O_CREAT | O_EXCL,
                                     S_IRUSR | S_IWUSR);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, d->analyse, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return cn_error_code(err, CN_EIO, "cannot start %s: %s", d->analyse, strerror(rc));
    d->run_pid = pid;
    d->run_started = time(NULL);
    write_pid(dir, pid);
    return 0;
}

static int write_request(const char *dir, const char *by, const char *where, bool all,
                         int64_t records, cn_error *err)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/" DESK_RUN_REQUEST, dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        if (fd >= 0)
            close(fd);
        return cn_error_code(err, CN_EIO, "%s: %s", path, strerror(errno));
    }
    if (by && *by)
        fprintf(out, "by %s\n", by);
    for (const char *line = where; *line;) {
        size_t len = strcspn(line, "\r\n"), blanks = strspn(line, " \t");
        if (blanks < len)
            fprintf(out, "where %.*s\n", (int)(len - blanks), line + blanks);
        line += len;
        line += strspn(line, "\r\n");
    }
    if (all)
        fputs("all\n", out);
    fprintf(out, "audit %lld\n", (long long)records);
    if (fclose(out) != 0)
        return cn_error_code(err, CN_EIO, "%s: write error: %s", path, strerror(errno));
    return 0;
}

/* A run that did not start: its folder, made by this start, and what it put there (the
 * corpus, the log a failed spawn may have opened) are removed, so that the Themes page
 * lists no analysis that never ran (trial 67: "Ended without results", and no message).
 * rmdir removes only an empty folder: nothing else in it is touched. */
static void discard_run(const char *dir)
{
    static const char *const made[] = {"corpus.txt", "log.txt", DESK_RUN_REQUEST, DESK_RUN_PID,
                                       DESK_RUN_ENTRIES};
    char path[4300];
    for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, made[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* POST /themes: the form's conditions read as Export reads them (*field "where" when they
 * are wrong, said beside the field before any run: trial 68 saw a run started for a typo),
 * then a new run folder, the corpus, the child. */
static int start_run(desk_ctx *c, char *name, size_t size, const char **field, cn_error *err)
{
    cn_desk *d = c->desk;
    const char *by = desk_form(c, "by"), *where = desk_form(c, "where");
    const char *all_text = desk_form(c, "all");
    bool all = all_text && strcmp(all_text, "1") == 0;
    where = where ? where : "";
    *field = NULL;
    if (!d->runs_dir[0])
        return cn_error_code(err, CN_EINVALID, "this desk was started without a run folder");
    char running[64];
    if (desk_run_active(d))
        return cn_error_code(err, CN_EBUSY, "an analysis is running (%s): wait for its end",
                             d->run_name);
    if (desk_runs_running(d, running, sizeof running))
        return cn_error_code(err, CN_EBUSY,
                             "an analysis another desk of this study started is running (%s):"
                             " wait for its end",
                             running);
    if (by && *by && strspn(by, "abcdefghijklmnopqrstuvwxyz") != strlen(by))
        return cn_error_code(err, CN_EINVALID, "by: '%s' is not a variable name", by);
    cn_corpus_options opt;
    if (desk_corpus_options(d->store, "", where, &opt, field, err) < 0)
        return err->code;
    *field = NULL;
    if (by && *by && !in_corpus(&opt, by, strlen(by)))
        return cn_error_code(err, CN_EINVALID, "by: the study's corpus has no variable '%s'%s", by,
                             strcmp(by, "lang") == 0 ? ": its diaries are in one language" : "");
    if (private_dir(d->runs_dir, err) < 0)
        return -1;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32], dir[4200];
    strftime(stamp, sizeof stamp, "run-%Y%m%d-%H%M%S", &tm);
    for (int i = 0; i < 100; i++) {
        snprintf(name, size, i ? "%s-%d" : "%s", stamp, i);
        snprintf(dir, sizeof dir, "%s/%s", d->runs_dir, name);
        if (mkdir(dir, S_IRWXU) == 0)
            break;
        if (errno != EEXIST || i == 99)
            return cn_error_code(err, CN_EIO, "%s: %s", dir, strerror(errno));
    }
    int64_t records = 0;
    int rc = export_corpus(c, dir, &opt, all, &records, err);
    if (rc == CN_EEMPTY && opt.where.n > 0)
        *field = "where"; /* a modality no entry has, or conditions no entry meets together */
    if (rc == 0)
        rc = write_request(dir, by, where, all, records, err);
    char *lines = rc == 0 ? strdup(where) : NULL;
    if (rc == 0 && !lines)
        rc = cn_error_nomem(err);
    if (rc == 0)
        rc = spawn_run(d, dir, by, lines, &opt, err);
    free(lines);
    if (rc == 0)
        snprintf(d->run_name, sizeof d->run_name, "%s", name);
    else
        discard_run(dir);
    return rc;
}

/* The form, with what was asked when it is shown again with a refusal: the conditions'
 * beside their field, anything else under the form. */
static void themes_form(desk_ctx *c, const char *by, const char *where, bool all,
                        const char *where_error, const char *error)
{
    cn_html *h = &c->h;
    cn_corpus_options opt = {0};
    cn_error ignored = {0}; /* unread: the analysis then says what it lacks */
    if (cn_export_default_vars(c->desk->store, &opt, &ignored) < 0)
        opt.nvars = 0;
    cn_html_raw(h, "<form class=\"card\" id=\"themes-form\" method=\"post\" action=\"/themes\">");
    desk_csrf_field(c);
    cn_html_raw(h, "<p>carnet-analyse runs on the study's corpus as <code>export corpus</code>"
                   " writes it now; it takes a few seconds to minutes.</p><div class=\"field\">"
                   "<label for=\"by\">One analysis per modality of (--by, empty: the whole"
                   " corpus)</label><select id=\"by\" name=\"by\"><option value=\"\">the whole"
                   " corpus</option>");
    for (int i = 0; i < opt.nvars; i++) { /* the corpus's variables: lang only when it has it */
        const char *var = cn_export_var_name(opt.vars[i]);
        if (opt.vars[i] != CN_VAR_PART)
            cn_html_rawf(h, "<option%s>%s</option>", by && strcmp(by, var) == 0 ? " selected" : "",
                         var);
    }
    cn_html_rawf(h,
                 "</select></div><div class=\"field%s\"><label for=\"where\">Keep only (one"
                 " condition a line, as --where: care=lt1)</label><textarea id=\"where\""
                 " name=\"where\" rows=\"2\"%s>\n",
                 where_error ? " bad" : "", where_error ? DESK_INVALID("err-where") : "");
    cn_html_text(h, where ? where : "");
    cn_html_raw(h, "</textarea>");
    desk_error_line(h, "err-where", where_error);
    cn_html_raw(h, "</div>");
    if (desk_dde_on(c))
        cn_html_rawf(h,
                     "<div class=\"field\"><label><input type=\"checkbox\" name=\"all\""
                     " value=\"1\"%s> With the entries not final yet (double entry)</label>"
                     "</div>",
                     all ? " checked" : "");
    desk_error_line(h, "err-form", error);
    cn_html_raw(h, "<p class=\"buttons\"><button type=\"submit\" id=\"start\">Start the analysis"
                   "</button></p></form>");
}

int desk_themes(desk_ctx *c)
{
    cn_error err = {0};
    int status = 200;
    const char *field = NULL;
    if (strcmp(c->req->method, "POST") == 0) {
        char name[64];
        int rc = start_run(c, name, sizeof name, &field, &err);
        if (rc == 0) {
            char to[96];
            snprintf(to, sizeof to, "/themes/%s", name);
            return desk_redirect(c, to);
        }
        rc = err.code ? err.code : rc;
        status = rc == CN_EBUSY                                  ? 409
                 : field || rc == CN_EINVALID || rc == CN_EEMPTY ? 422 /* what was typed */
                                                                 : 500;
    }
    desk_page_begin(c, "Themes");
    const char *deleted = desk_query(c, "deleted");
    if (status == 200 && deleted && desk_run_name_ok(deleted)) {
        cn_html_raw(&c->h, "<p class=\"note\" id=\"note\" role=\"status\">Analysis <code>");
        cn_html_text(&c->h, deleted);
        cn_html_raw(&c->h, "</code> deleted, with its copy of the corpus.</p>");
    }
    const char *all = status == 200 ? NULL : desk_form(c, "all");
    bool in_where = field && strcmp(field, "where") == 0;
    themes_form(c, status == 200 ? NULL : desk_form(c, "by"),
                status == 200 ? NULL : desk_form(c, "where"), all && strcmp(all, "1") == 0,
                in_where ? err.msg : NULL, status == 200 || in_where ? NULL : err.msg);
    desk_runs_list(c);
    desk_page_end(c);
    return desk_send_page(c, status);
}
