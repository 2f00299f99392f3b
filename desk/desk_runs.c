/* desk_runs.c — the desk's analyses once started (desk_themes.c starts them): their list
 * with what each was asked for, its state and size; a run's page, following it while it
 * runs; its deletion; and the files of its output, served read-only: only a path listed,
 * whole, in the output's .carnet-files index is opened, and only as a regular file (no
 * link followed), so no path from the URL reaches anything else. */
#define _GNU_SOURCE /* timegm, memmem */
#include "desk_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "carnet/erase.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"

/* desk_internal.h */
bool desk_run_name_ok(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && n < 40 && strncmp(name, "run-", 4) == 0 &&
           strspn(name + 4, "0123456789-") == n - 4;
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

/* Whether the corpus data[0..len) holds a text of participant code: a "*part_CODE" star. */
static bool holds_part(const char *data, size_t len, const char *code)
{
    char star[128];
    int n = snprintf(star, sizeof star, "*part_%s", code);
    if (n <= 0 || (size_t)n >= sizeof star)
        return true; /* a code this long cannot be looked for: say it */
    for (const char *at = data, *end = data + len;
         (at = memmem(at, (size_t)(end - at), star, (size_t)n)); at += n) {
        char next = at + n < end ? at[n] : '\n';
        if (next == ' ' || next == '\t' || next == '\r' || next == '\n')
            return true;
    }
    return false;
}

/* How many of the entry ids in run dir's DESK_RUN_ENTRIES are among erased[0..n)
 * (ascending); -1 when the run kept no such list (a desk before it). */
static long run_erased_pages(const char *dir, const int64_t *erased, size_t n)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/" DESK_RUN_ENTRIES, dir);
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    long held = 0;
    long long id;
    while (fscanf(f, "%lld", &id) == 1) {
        size_t lo = 0, hi = n; /* erased is ascending: a binary search */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (erased[mid] < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        held += lo < n && erased[lo] == id;
    }
    fclose(f);
    return held;
}

/* The audit trail's records when run dir's corpus was exported (its request.txt's
 * "audit N"), or -1 when it does not say. */
static int64_t run_audit_records(const char *dir)
{
    /* whole: a long "keep only" put its line beyond the first 4 kB (trial 93) */
    char *request = read_small(dir, DESK_RUN_REQUEST, 1 << 20);
    long long n = -1;
    for (const char *line = request; line && *line;) {
        if (strncmp(line, "audit ", 6) == 0 && sscanf(line + 6, "%lld", &n) != 1)
            n = -1;
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    free(request);
    return n;
}

/* By its codes, for a run that kept no entry ids: the participants erased since run name
 * started whose *part_ star its corpus holds ("the texts of P01, P02"), into out. One that
 * names nobody (no *part_ star, or its corpus gone) cannot say whose its texts are, and
 * every code erased since is named. A code forgotten since (recode --forget) or a page
 * moved to the participant after the run is not seen: the entry ids are what see them. */
static int erased_by_code(desk_ctx *c, const char *name, const char *dir, char *out, size_t size)
{
    time_t t;
    struct tm tm;
    char since[32], path[4300];
    cn_error err = {0};
    if (!start_time(name, &t) || !gmtime_r(&t, &tm))
        return 0;
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%S", &tm);
    char **codes;
    size_t n;
    if (cn_erase_codes_since(c->desk->store, since, &codes, &n, &err) < 0)
        return -1;
    if (n == 0)
        return 0;
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    struct stat st;
    void *map = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    const char *data = map == MAP_FAILED ? NULL : map;
    size_t len = data ? (size_t)st.st_size : 0, at = 0, held = 0, named_codes = 0;
    bool named = data && memmem(data, len, "*part_", 6);
    for (size_t i = 0; i < n; i++) {
        if (named && !holds_part(data, len, codes[i]))
            continue;
        if (held++ == 0)
            at = (size_t)snprintf(out, size, "the texts of ");
        if (named_codes < 5 && at + strlen(codes[i]) + 40 < size) {
            at += (size_t)snprintf(out + at, size - at, "%s%s", named_codes ? ", " : "", codes[i]);
            named_codes++;
        }
    }
    if (held > named_codes)
        at += (size_t)snprintf(out + at, size - at, " and %zu more", held - named_codes);
    if (held && at < size)
        snprintf(out + at, size - at, ", erased since");
    if (data)
        munmap(map, len);
    cn_erase_codes_free(codes, n);
    return 0;
}

/* What run name holds of diaries erased since it ran, in words, into out ("" nothing);
 * -1 when the study cannot be read. The desk's analyses are copies an erasure cannot
 * reach, and the team picks its quotes here: trial 90 found the report of a participant
 * erased after the run still served, quotes and all. A run that kept its texts' entry ids
 * and the audit trail's length is read by them: the pages erased since
 * (cn_erase_entries_after) that it holds. Codes and clocks play no part: trial 92 found a
 * code forgotten since (recode --forget), a page moved to the participant after the run,
 * and an erasure from a computer whose clock was behind each hid the pages. */
static int erased_in_run(desk_ctx *c, const char *name, const char *dir, char *out, size_t size)
{
    out[0] = '\0';
    int64_t records = run_audit_records(dir), *erased = NULL;
    size_t n = 0;
    cn_error err = {0};
    if (records >= 0 && cn_erase_entries_after(c->desk->store, records, &erased, &n, &err) < 0)
        return -1;
    /* none erased since: the run's list is not even read (the Themes page reads each run) */
    long held = records < 0 ? -1 : n == 0 ? 0 : run_erased_pages(dir, erased, n);
    free(erased);
    if (held < 0)
        return erased_by_code(c, name, dir, out, size);
    if (held > 0)
        snprintf(out, size, "%ld page%s of diaries erased since it ran", held,
                 held == 1 ? "" : "s");
    return 0;
}

/* After a run's summary in the list: the participants erased since whose texts it holds. */
static void erased_note(desk_ctx *c, const char *name, const char *dir)
{
    char erased[512];
    if (erased_in_run(c, name, dir, erased, sizeof erased) < 0 || !erased[0])
        return;
    cn_html_raw(&c->h, " <strong class=\"error\">holds ");
    cn_html_text(&c->h, erased);
    cn_html_raw(&c->h, ": delete it</strong>");
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
    char *line = read_small(dir, DESK_RUN_PID, 32);
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
    snprintf(path, sizeof path, "%s/" DESK_RUN_REQUEST, dir);
    char *request = access(path, F_OK) == 0 ? read_small(dir, DESK_RUN_REQUEST, 4096) : NULL;
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

/* desk_internal.h */
bool desk_runs_running(cn_desk *d, char *name, size_t size)
{
    DIR *dir = d->runs_dir[0] ? opendir(d->runs_dir) : NULL;
    bool found = false;
    for (struct dirent *e; dir && !found && (e = readdir(dir));) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", d->runs_dir, e->d_name);
        if (desk_run_name_ok(e->d_name) && is_run_folder(d->runs_dir, e->d_name) &&
            run_live(d, e->d_name, path)) {
            snprintf(name, size, "%s", e->d_name);
            found = true;
        }
    }
    if (dir)
        closedir(dir);
    return found;
}

/* The analyses listed, newest first (their names sort by time); the older ones beyond
 * RUNS_SHOWN are counted. Every name is read before any is dropped: the first 200 readdir
 * gave (hash order) were listed, the newest maybe not among them, and nothing said so
 * (trial 69). */
#define RUNS_SHOWN 200

void desk_runs_list(desk_ctx *c)
{
    cn_html *h = &c->h;
    DIR *dir = c->desk->runs_dir[0] ? opendir(c->desk->runs_dir) : NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool short_of_memory = false;
    struct dirent *e;
    while (dir && (e = readdir(dir)))
        if (desk_run_name_ok(e->d_name) && is_run_folder(c->desk->runs_dir, e->d_name)) {
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
            erased_note(c, names[i], dir);
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
    if (!desk_run_name_ok(name) || !d->runs_dir[0] || lstat(dir, &st) != 0 ||
        !S_ISDIR(st.st_mode) || st.st_uid != getuid())
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
    if (!desk_run_name_ok(name) || !d->runs_dir[0] || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return desk_refuse(c, 404, "Not found", "There is no such analysis.");
    bool live = run_live(d, name, dir);
    time_t started = d->run_started;
    if (strcmp(name, d->run_name) != 0 && !start_time(name, &started))
        started = time(NULL);
    char erased[512];
    if (erased_in_run(c, name, dir, erased, sizeof erased) < 0)
        return desk_refuse(c, 500, "Study unreadable", "The study could not be read.");
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
    } else if (erased[0]) { /* its files are not served: say why, and offer the deletion */
        cn_html_raw(h, "<p class=\"lead error\" id=\"run-state\" role=\"alert\">This analysis"
                       " holds ");
        cn_html_text(h, erased);
        cn_html_raw(h, ": its results are not shown. Delete it, and start another analysis if"
                       " you need one.</p>");
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
    if (!desk_run_name_ok(name) || !d->runs_dir[0] || strstr(rel, "..") || rel[0] == '/')
        return desk_refuse(c, 404, "Not found", "There is no such file in the analyses.");
    char *index = read_small(dir, "OUT/.carnet-files", 256 * 1024);
    if (!index)
        return CN_ENOMEM;
    bool ok = listed(index, rel);
    free(index);
    if (!ok)
        return desk_refuse(c, 404, "Not found", "There is no such file in the analyses.");
    char erased[512];
    if (erased_in_run(c, name, dir, erased, sizeof erased) < 0)
        return desk_refuse(c, 500, "Study unreadable", "The study could not be read.");
    if (erased[0]) {
        char why[700];
        snprintf(why, sizeof why, "This analysis holds %s: delete it from its page.", erased);
        return desk_refuse(c, 410, "Diaries erased since", why);
    }
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
