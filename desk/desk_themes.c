/* desk_themes.c — themes from the desk: `carnet-analyse run` on the study's corpus (exported
 * as `export corpus` does, final entries only in a double-entry study), whole or with --by
 * and --where, started as a child process (no shell: an argument vector), one at a time, in
 * a run folder of its own under DB.runs/ beside the database (folders 0700, files 0600). The
 * desk shows its state and log, and serves the files of its output read-only: only a path
 * listed, whole, in the output's .carnet-files index is opened, and only as a regular file
 * (no link followed), so no path from the URL reaches anything else. */
#define _XOPEN_SOURCE 700 /* realpath */
#define _DEFAULT_SOURCE   /* timegm */
#include "desk_internal.h"

#include <dirent.h>
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
#include "carnet/grow.h"
#include "carnet/outfile.h"
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

/* A run's name as the desk makes it: "run-" and digits and dashes only. */
static bool run_name_ok(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && n < 40 && strncmp(name, "run-", 4) == 0 &&
           strspn(name + 4, "0123456789-") == n - 4;
}

/* A run's process id, in its folder: a desk started again (after a crash, or by a second
 * person on the same study) listed an analysis still running as "ended without results"
 * and deleted it under the program writing it (trial 76). */
#define PID_FILE "run.pid"

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
    snprintf(path, sizeof path, "%s/%s/" PID_FILE, d->runs_dir, d->run_name);
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
static int export_corpus(desk_ctx *c, const char *path, const cn_corpus_options *opt, bool all,
                         cn_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        if (fd >= 0)
            close(fd);
        return cn_error_code(err, CN_EIO, "%s: %s", path, strerror(errno));
    }
    cn_store *store = c->desk->store;
    bool final_only = desk_dde_on(c) && !all;
    cn_export_written written = {0};
    int rc = final_only ? cn_dde_final_only(store, true, err) : 0;
    if (rc == 0)
        rc = cn_export_corpus(store, opt, out, &written, err);
    if (rc < 0 && err->code == CN_EIO && ferror(out))
        cn_error_prefix(err, "%s", path);
    cn_error ignored = {0};
    if (final_only)
        cn_dde_final_only(store, false, &ignored);
    /* a corpus smaller than the stream's buffer meets the full disk only here */
    if (fclose(out) != 0 && rc == 0)
        rc = cn_error_code(err, CN_EIO, "%s: write error: %s", path, strerror(errno));
    if (rc == 0 && written.texts == 0)
        rc = cn_error_code(err, CN_EEMPTY, "the study has no %sentry to analyse",
                           final_only ? "final " : "");
    if (rc < 0)
        unlink(path);
    return rc;
}

/* Writes dir's PID_FILE. A failure is not the run's: this desk follows its own child
 * without it; only a desk started again while it runs would not see it running. */
static void write_pid(const char *dir, pid_t pid)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/" PID_FILE, dir);
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
 * carnet-analyse, given it, would find no such variable in the corpus. */
static bool condition_in_corpus(const cn_corpus_options *opt, const char *line)
{
    const char *var = line;
    size_t len = strcspn(line, "=");
    cn_where_trim(&var, &len);
    return in_corpus(opt, var, len);
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

/* What a run was asked for, beside its corpus, for the list of analyses to say: a line
 * "by VAR", one "where COND" a condition, "all" for the entries not final. The run's own
 * manifest.json says its arguments too, but only once it ran, and not "all". */
#define REQUEST_FILE "request.txt"

static int write_request(const char *dir, const char *by, const char *where, bool all,
                         cn_error *err)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/" REQUEST_FILE, dir);
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
    static const char *const made[] = {"corpus.txt", "log.txt", REQUEST_FILE, PID_FILE};
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
    if (desk_run_active(d))
        return cn_error_code(err, CN_EBUSY, "an analysis is running (%s): wait for its end",
                             d->run_name);
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
    char corpus[4300];
    snprintf(corpus, sizeof corpus, "%s/corpus.txt", dir);
    int rc = export_corpus(c, corpus, &opt, all, err);
    if (rc == CN_EEMPTY && opt.where.n > 0)
        *field = "where"; /* a modality no entry has, or conditions no entry meets together */
    if (rc == 0)
        rc = write_request(dir, by, where, all, err);
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

/* The first size - 1 bytes at most of dir/name, malloc'd ("" when absent), or NULL when
 * memory runs out. */
static char *read_small(const char *dir, const char *name, size_t size)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *buf = malloc(size);
    if (!buf)
        return NULL;
    buf[0] = '\0';
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return buf;
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    close(fd);
    return buf;
}

/* A size as people read it: "12.3 MB", "840 kB" (powers of ten, as file managers say). */
static void size_words(unsigned long long bytes, char *out, size_t size)
{
    if (bytes >= 1000ull * 1000 * 1000)
        snprintf(out, size, "%.1f GB", (double)bytes / 1e9);
    else if (bytes >= 1000ull * 1000)
        snprintf(out, size, "%.1f MB", (double)bytes / 1e6);
    else
        snprintf(out, size, "%llu kB", (bytes + 999) / 1000);
}

/* The time a run's name gives (UTC, so that names sort by time whatever the clocks'
 * changes) into *t; false for a name of no time. */
static bool start_time(const char *name, time_t *t)
{
    struct tm tm = {0};
    if (sscanf(name, "run-%4d%2d%2d-%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *t = timegm(&tm);
    return *t != (time_t)-1;
}

/* A run's start as this computer's local time: in Nouméa a run started at 09:00 was named
 * the evening before (trial 71). False for a name of no time. */
static bool local_start(const char *name, char *out, size_t size)
{
    time_t t;
    struct tm local;
    return start_time(name, &t) && localtime_r(&t, &local) &&
           strftime(out, size, "%Y-%m-%d %H:%M", &local) > 0;
}

/* Whether run name, in folder dir, is running: this desk's own run by its child, any other
 * by the process id its folder keeps, when that process still runs carnet-analyse (an
 * earlier desk's, or another desk's on the same study). */
static bool run_live(cn_desk *d, const char *name, const char *dir)
{
    if (strcmp(name, d->run_name) == 0)
        return desk_run_active(d);
    char *line = read_small(dir, PID_FILE, 32);
    char *end = NULL;
    long pid = line ? strtol(line, &end, 10) : 0;
    bool whole = line && end != line && *end == '\n';
    free(line);
    return whole && cn_out_writer_alive(pid, d->analyse);
}

/* What run name is, in words, after its link: when it started, what was asked (its
 * request.txt: nothing for a run of a desk older than it), its state, and size, what its
 * folder holds on disk (size_words). Trial 69: the list showed 30 timestamps, not which
 * was the --by site one, which failed, nor that each kept a copy of the corpus (2.4 GB). */
static void run_summary(desk_ctx *c, const char *name, bool live, const char *size)
{
    cn_desk *d = c->desk;
    cn_html *h = &c->h;
    char dir[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/%s", d->runs_dir, name);
    snprintf(path, sizeof path, "%s/" REQUEST_FILE, dir);
    char *request = access(path, F_OK) == 0 ? read_small(dir, REQUEST_FILE, 4096) : NULL;
    cn_html_raw(h, " <span class=\"meta run-about\">");
    char started[48];
    if (local_start(name, started, sizeof started))
        cn_html_rawf(h, "started %s · ", started);
    if (request) {
        const char *by = strncmp(request, "by ", 3) == 0 ? request + 3 : NULL;
        if (by) {
            cn_html_raw(h, "one analysis per <code>");
            cn_html_textn(h, by, strcspn(by, "\n"));
            cn_html_raw(h, "</code>");
        } else
            cn_html_raw(h, "the whole corpus");
        for (const char *line = request; *line;) {
            size_t len = strcspn(line, "\n");
            if (len > 6 && strncmp(line, "where ", 6) == 0) {
                cn_html_raw(h, " · only <code>");
                cn_html_textn(h, line + 6, len - 6);
                cn_html_raw(h, "</code>");
            } else if (len == 3 && strncmp(line, "all", 3) == 0)
                cn_html_raw(h, " · with the entries not final");
            line += len + (line[len] == '\n');
        }
        cn_html_raw(h, " · ");
        free(request);
    }
    snprintf(path, sizeof path, "%s/OUT/.carnet-files", dir);
    struct stat st;
    cn_html_rawf(h, "%s · %s</span>",
                 live                                     ? "running"
                 : stat(path, &st) == 0 && st.st_size > 0 ? "finished"
                                                          : "ended without results",
                 size);
}

/* What the folder dir holds on disk, in words, into size (RUN_SIZE bytes). */
#define RUN_SIZE 32
static void run_size(const char *dir, char size[RUN_SIZE])
{
    size_words(cn_out_tree_bytes(dir), size, RUN_SIZE);
}

/* The run folders, newest first (their names sort by time). */
static int by_name_desc(const void *a, const void *b)
{
    return strcmp(*(char *const *)b, *(char *const *)a);
}

/* The runs folders of other names beside the study: counted (h NULL), or named in h. */
typedef struct other_runs_ctx {
    const char *own;
    cn_html *h;
    size_t n;
} other_runs_ctx;

static void name_other_runs(const char *path, bool runs, void *ctx)
{
    other_runs_ctx *o = ctx;
    const char *slash = strrchr(path, '/');
    if (!runs || strcmp(path, o->own) == 0)
        return;
    if (o->h) {
        cn_html_raw(o->h, o->n ? ", <code>" : " <code>");
        cn_html_text(o->h, slash ? slash + 1 : path);
        cn_html_raw(o->h, "</code>");
    }
    o->n++;
}

/* When the study's own runs folder is not there but others are beside it: a runs folder
 * follows the study file's name, and a study renamed (a hand-over) showed "None yet" while
 * its old name's folder held the corpus and its reports (trial 62). */
static void other_runs(desk_ctx *c)
{
    struct stat st;
    const char *runs = c->desk->runs_dir, *own = strrchr(runs, '/');
    size_t len = strlen(runs);
    char db[4096];
    if (len <= 5 || len - 5 >= sizeof db || stat(runs, &st) == 0)
        return;
    snprintf(db, sizeof db, "%.*s", (int)(len - 5), runs); /* without ".runs" */
    other_runs_ctx o = {runs, NULL, 0};
    if (cn_store_copies_beside(db, name_other_runs, &o) == 0 || o.n == 0)
        return;
    cn_html_raw(&c->h, "<p class=\"warning\" id=\"other-runs\">Beside this study, the analyses"
                       " of a study of another name:");
    o = (other_runs_ctx){runs, &c->h, 0};
    cn_store_copies_beside(db, name_other_runs, &o);
    cn_html_raw(&c->h,
                ". The desk keeps a study's analyses in a folder named after its file (<code>");
    cn_html_text(&c->h, own ? own + 1 : runs);
    cn_html_raw(&c->h, "</code>): if this study was renamed, stop the desk and rename that folder"
                       " the same way. They hold the diaries' texts: delete those of no use.</p>");
}

/* Whether runs/name is a folder, not a link: what a run's page and its deletion open
 * (trial 76: a link named as a run was listed, and its page not found). */
static bool is_run_folder(const char *runs, const char *name)
{
    char path[4400];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", runs, name);
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The analyses listed, newest first (their names sort by time); the older ones beyond
 * RUNS_SHOWN are counted. Every name is read before any is dropped: the first 200 readdir
 * gave (hash order) were listed, the newest maybe not among them, and nothing said so
 * (trial 69). */
#define RUNS_SHOWN 200

static void runs_list(desk_ctx *c)
{
    cn_html *h = &c->h;
    DIR *dir = c->desk->runs_dir[0] ? opendir(c->desk->runs_dir) : NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool short_of_memory = false;
    struct dirent *e;
    while (dir && (e = readdir(dir)))
        if (run_name_ok(e->d_name) && is_run_folder(c->desk->runs_dir, e->d_name)) {
            char *name = strdup(e->d_name);
            if (!name || cn_grow((void **)&names, &cap, n + 1, sizeof *names) < 0) {
                free(name);
                short_of_memory = true;
                break;
            }
            names[n++] = name;
        }
    if (dir)
        closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, by_name_desc);
    cn_html_raw(h, "<section class=\"card\" id=\"runs\"><h2>Analyses</h2>");
    if (n == 0) {
        cn_html_raw(h, "<p>None yet.</p>");
        other_runs(c);
    } else
        cn_html_raw(h, "<ul>");
    for (size_t i = 0; i < n; i++) {
        if (i < RUNS_SHOWN) {
            cn_html_raw(h, "<li><a href=\"/themes/");
            cn_html_text(h, names[i]);
            cn_html_raw(h, "\">");
            cn_html_text(h, names[i]);
            cn_html_raw(h, "</a>");
            char dir[4400], size[RUN_SIZE];
            snprintf(dir, sizeof dir, "%s/%s", c->desk->runs_dir, names[i]);
            run_size(dir, size);
            run_summary(c, names[i], run_live(c->desk, names[i], dir), size);
            cn_html_raw(h, "</li>");
        }
        free(names[i]);
    }
    free(names);
    if (n)
        cn_html_raw(h, "</ul>");
    if (n > RUNS_SHOWN) {
        cn_html_rawf(h,
                     "<p class=\"meta\" id=\"older-runs\">The newest %d are listed; %zu older"
                     " analyses are in <code>",
                     RUNS_SHOWN, n - RUNS_SHOWN);
        cn_html_text(h, c->desk->runs_dir);
        cn_html_raw(h, "</code>, each still at its own address.</p>");
    }
    if (short_of_memory)
        cn_html_raw(h, "<p class=\"error\" role=\"alert\">Not every analysis could be read:"
                       " memory ran out.</p>");
    cn_html_raw(h, "</section>");
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
    if (status == 200 && deleted && run_name_ok(deleted)) {
        cn_html_raw(&c->h, "<p class=\"note\" id=\"note\" role=\"status\">Analysis <code>");
        cn_html_text(&c->h, deleted);
        cn_html_raw(&c->h, "</code> deleted, with its copy of the corpus.</p>");
    }
    const char *all = status == 200 ? NULL : desk_form(c, "all");
    bool in_where = field && strcmp(field, "where") == 0;
    themes_form(c, status == 200 ? NULL : desk_form(c, "by"),
                status == 200 ? NULL : desk_form(c, "where"), all && strcmp(all, "1") == 0,
                in_where ? err.msg : NULL, status == 200 || in_where ? NULL : err.msg);
    runs_list(c);
    desk_page_end(c);
    return desk_send_page(c, status);
}

/* Whether line[0..len) of a run's index is a page to read: a report.html, or a --by run's
 * comparison of its cohorts (by_VAR.html, beside their folders). */
static bool is_report(const char *line, size_t len)
{
    bool report = len >= 11 && strncmp(line + len - 11, "report.html", 11) == 0 &&
                  (len == 11 || line[len - 12] == '/');
    bool comparison = len > 8 && strncmp(line, "by_", 3) == 0 &&
                      strncmp(line + len - 5, ".html", 5) == 0 && !memchr(line, '/', len);
    return report || comparison;
}

/* Links the files of a finished run's index (one path a line) that keep() keeps, each as
 * a list item of the given attributes ("" or ' class="report"'); how many. */
static size_t index_links(cn_html *h, const char *name, const char *index, const char *attrs,
                          bool (*keep)(const char *line, size_t len))
{
    size_t n = 0;
    for (const char *line = index; *line;) {
        size_t len = strcspn(line, "\n");
        if (len > 0 && keep(line, len)) {
            cn_html_rawf(h, "<li><a%s href=\"/runs/", attrs);
            cn_html_text(h, name);
            cn_html_raw(h, "/");
            cn_html_textn(h, line, len);
            cn_html_raw(h, "\">");
            cn_html_textn(h, line, len);
            cn_html_raw(h, "</a></li>");
            n++;
        }
        line += len + (line[len] == '\n');
    }
    return n;
}

/* A file of the index, not a folder ("all/", a cohort's: the desk serves files only). */
static bool any_file(const char *line, size_t len)
{
    return line[len - 1] != '/';
}

/* The reports of a finished run: OUT/report.html, and with --by the comparison of the
 * cohorts and one report per modality; then every file of it, folded: the tables a report
 * names ("every table is also in a CSV file") are reached from there. */
static void run_links(cn_html *h, const char *name, const char *index)
{
    cn_html_raw(h, "<ul id=\"reports\">");
    if (index_links(h, name, index, " class=\"report\"", is_report) == 0)
        cn_html_raw(h, "<li>No report in this run.</li>");
    cn_html_raw(h, "</ul><details id=\"files\"><summary>Every file of this analysis (its"
                   " tables as CSV, its figures)</summary><ul>");
    index_links(h, name, index, "", any_file);
    cn_html_raw(h, "</ul></details>");
}

/* The run's deletion, on its own page (one more step than a button in the list): what
 * it removes, and that the study is not touched. */
static void delete_form(desk_ctx *c, const char *name, const char *dir, const char *size)
{
    cn_html *h = &c->h;
    cn_html_raw(h, "<form class=\"card\" id=\"delete-run\" method=\"post\" action=\"/themes/");
    cn_html_text(h, name);
    cn_html_raw(h, "/delete\">");
    desk_csrf_field(c);
    cn_html_rawf(h,
                 "<h2>Delete this analysis</h2><p>Its folder holds a copy of the diaries"
                 " it analysed and every file of its results, %s in all. Deleting it cannot"
                 " be undone; the study itself is not changed, and a new analysis can be"
                 " started at any time.</p><p>Its folder: <code>",
                 size);
    cn_html_text(h, dir);
    cn_html_raw(h, "</code></p><p"
                   " class=\"buttons\"><button type=\"submit\" id=\"delete\">Delete this"
                   " analysis</button></p></form>");
}

int desk_run_delete(desk_ctx *c, const char *name)
{
    cn_desk *d = c->desk;
    char dir[4200], to[96];
    struct stat st;
    snprintf(dir, sizeof dir, "%s/%s", d->runs_dir, name);
    if (!run_name_ok(name) || !d->runs_dir[0] || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != getuid())
        return desk_refuse(c, 404, "Not found", "There is no such analysis.");
    if (run_live(d, name, dir))
        return desk_refuse(c, 409, "Still running",
                           "This analysis is running: delete it once it has ended.");
    if (cn_out_remove_tree(dir) != 0) {
        char why[4400];
        snprintf(why, sizeof why, "%s: could not be deleted whole: %s", dir, strerror(errno));
        return desk_refuse(c, 500, "Not deleted", why);
    }
    if (strcmp(name, d->run_name) == 0)
        d->run_name[0] = '\0';
    snprintf(to, sizeof to, "/themes?deleted=%s", name);
    return desk_redirect(c, to);
}

int desk_run(desk_ctx *c, const char *name)
{
    cn_desk *d = c->desk;
    char dir[4200];
    struct stat st;
    snprintf(dir, sizeof dir, "%s/%s", d->runs_dir, name);
    if (!run_name_ok(name) || !d->runs_dir[0] || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return desk_refuse(c, 404, "Not found", "There is no such analysis.");
    bool live = run_live(d, name, dir);
    time_t started = d->run_started;
    if (strcmp(name, d->run_name) != 0 && !start_time(name, &started))
        started = time(NULL);
    char title[96];
    snprintf(title, sizeof title, "Analysis %s", name);
    desk_page_begin(c, title);
    cn_html *h = &c->h;
    char *index = read_small(dir, "OUT/.carnet-files", 256 * 1024);
    char *log = read_small(dir, "log.txt", 16 * 1024);
    if (!index || !log) {
        free(index);
        free(log);
        return CN_ENOMEM;
    }
    if (live) {
        /* The page asks again every 2 seconds (desk.js) until the run ends. */
        cn_html_rawf(h,
                     "<p class=\"lead\" id=\"run-state\" data-refresh=\"2\">Running for %lld s"
                     "…</p>",
                     (long long)(time(NULL) - started));
    } else if (index[0]) {
        cn_html_raw(h, "<p class=\"lead\" id=\"run-state\">Finished.</p>");
        run_links(h, name, index);
    } else {
        cn_html_raw(h, "<p class=\"lead error\" id=\"run-state\">Ended without results: see its"
                       " messages below.</p>");
    }
    char size[RUN_SIZE]; /* the folder walked once for the summary and the deletion's form */
    run_size(dir, size);
    cn_html_raw(h, "<p class=\"meta\" id=\"run-summary\">Asked for:");
    run_summary(c, name, live, size);
    cn_html_raw(h, "</p>");
    if (log[0]) {
        cn_html_raw(h, "<section class=\"card\"><h2>Messages of carnet-analyse</h2><pre"
                       " id=\"run-log\">");
        cn_html_text(h, log);
        cn_html_raw(h, "</pre></section>");
    }
    if (!live)
        delete_form(c, name, dir, size);
    cn_html_raw(h, "<p><a href=\"/themes\">All analyses</a></p>");
    free(index);
    free(log);
    desk_page_end(c);
    return desk_send_page(c, 200);
}

/* True when rel is a line of the index, whole. */
static bool listed(const char *index, const char *rel)
{
    size_t n = strlen(rel);
    for (const char *line = index; *line;) {
        size_t len = strcspn(line, "\n");
        if (len == n && strncmp(line, rel, n) == 0)
            return true;
        line += len + (line[len] == '\n');
    }
    return false;
}

static const char *type_of(const char *rel)
{
    const char *dot = strrchr(rel, '.');
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".csv", "text/csv; charset=utf-8"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

/* The report has its own styles inline and needs no script: it is served under a policy of
 * its own, sandboxed without scripts or forms. It keeps the desk's origin (allow-same-origin,
 * harmless without allow-scripts) so that its links to the run's other files carry the
 * session cookie, which SameSite=Strict withholds from an opaque origin. */
static const char report_csp[] =
    "default-src 'none'; img-src 'self' data:; style-src"
    " 'unsafe-inline'; base-uri 'none'; form-action 'none';"
    " frame-ancestors 'none'; sandbox allow-same-origin allow-popups allow-downloads";

int desk_run_file(desk_ctx *c, const char *name, const char *rel)
{
    cn_desk *d = c->desk;
    char dir[4200], path[8400];
    snprintf(dir, sizeof dir, "%s/%s", d->runs_dir, name);
    if (!run_name_ok(name) || !d->runs_dir[0] || strstr(rel, "..") || rel[0] == '/')
        return desk_refuse(c, 404, "Not found", "There is no such file in the analyses.");
    char *index = read_small(dir, "OUT/.carnet-files", 256 * 1024);
    if (!index)
        return CN_ENOMEM;
    bool ok = listed(index, rel);
    free(index);
    if (!ok)
        return desk_refuse(c, 404, "Not found", "There is no such file in the analyses.");
    snprintf(path, sizeof path, "%s/OUT/%s", dir, rel);
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 30)) {
        if (fd >= 0)
            close(fd);
        return desk_refuse(c, 404, "Not found", "There is no such file in the analyses.");
    }
    char *data = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (data && got < (size_t)st.st_size) {
        ssize_t r = read(fd, data + got, (size_t)st.st_size - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (!data)
        return CN_ENOMEM;
    data[got] = '\0'; /* the length says where it ends; the NUL is for readers of the body */
    c->resp->status = 200;
    c->resp->content_type = type_of(rel);
    c->resp->body = data;
    c->resp->len = got;
    c->resp->csp = report_csp;
    return 0;
}
