/* outfile.c — owner-only output files and folders, and run folders moved into place whole
 * (see outfile.h). */
#define _GNU_SOURCE /* renameat2: swap two folders in one step */
#include "carnet/outfile.h"

#include "carnet/grow.h"
#include "carnet/outguard.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *cn_out_open(const char *path, cn_error *err)
{
    /* O_NOFOLLOW: a link planted at this name is refused, never written through. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        cn_error_code(err, CN_EIO, "%s: cannot write: %s", path,
                      errno == ELOOP ? "it is a symbolic link" : strerror(errno));
        return NULL;
    }
    /* An existing file keeps its mode through O_CREAT: make it owner-only too. */
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
        cn_error_code(err, CN_EIO, "%s: cannot restrict its mode: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        cn_error_code(err, CN_EIO, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

int cn_out_close_failed(FILE *f, const char *path, bool failed, cn_error *err)
{
    int why = errno; /* the failed write's, should closing succeed */
    failed |= ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        why = errno ? errno : why;
        return cn_error_code(err, CN_EIO, "%s: write error: %s", path,
                             why ? strerror(why) : "unknown");
    }
    return CN_OK;
}

int cn_out_close(FILE *f, const char *path, cn_error *err)
{
    return cn_out_close_failed(f, path, false, err);
}

/* What stands at path before Carnet writes there: nothing (*exists false), or a folder
 * (folder true) or a regular file (false); a link or anything else is refused. */
static int existing(const char *path, bool folder, bool *exists, cn_error *err)
{
    struct stat st;
    *exists = lstat(path, &st) == 0;
    if (!*exists)
        return errno == ENOENT ? CN_OK
                               : cn_error_code(err, CN_EIO, "%s: %s", path, strerror(errno));
    if (S_ISLNK(st.st_mode))
        return cn_error_code(err, CN_EINVALID,
                             "%s: is a symbolic link; Carnet does not write through links", path);
    if (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
        return cn_error_code(err, CN_EINVALID, "%s: exists and is not a %s", path,
                             folder ? "folder" : "file");
    return CN_OK;
}

int cn_out_mkdir(const char *dir, cn_error *err)
{
    bool exists;
    int rc = existing(dir, true, &exists, err);
    if (rc < 0 || exists)
        return rc;
    if (mkdir(dir, S_IRWXU) != 0 || chmod(dir, S_IRWXU) != 0)
        return cn_error_code(err, CN_EIO, "%s: cannot create: %s", dir, strerror(errno));
    return CN_OK;
}

int cn_out_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int why = 0; /* the first failure's errno, for the caller to tell */
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            why = ENOMEM;
            break;
        }
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        /* lstat: a link is removed as a link, its target never visited. */
        int rc =
            lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? cn_out_remove_tree(path) : unlink(path);
        if (rc != 0 && !why)
            why = errno;
        free(path);
    }
    closedir(d);
    if (rmdir(dir) != 0 && !why)
        why = errno;
    errno = why;
    return why ? -1 : 0;
}

unsigned long long cn_out_tree_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    unsigned long long bytes = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path)
            break;
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0)
            bytes += S_ISDIR(st.st_mode)   ? cn_out_tree_bytes(path)
                     : S_ISREG(st.st_mode) ? (unsigned long long)st.st_size
                                           : 0;
        free(path);
    }
    if (d)
        closedir(d);
    return bytes;
}

/* target without its trailing slashes, malloc'd. */
static char *trimmed(const char *target)
{
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/')
        len--;
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, target, len);
        t[len] = '\0';
    }
    return t;
}

/* ---- the index of what Carnet wrote ------------------------------------------------ */

/* Every folder Carnet fills ends with this list of what it wrote, one relative path a
 * line (folders with a trailing '/'), sorted: a later run may replace exactly that, and
 * a folder holding anything else (the user's notes, the corpus itself) is refused. */
#define INDEX_NAME ".carnet-files"

typedef struct names {
    char **v;
    size_t n, cap;
} names;

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int names_add(names *l, const char *rel, const char *name, bool folder)
{
    if (cn_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0)
        return -1;
    size_t len = strlen(rel) + strlen(name) + 3;
    if (!(l->v[l->n] = malloc(len)))
        return -1;
    snprintf(l->v[l->n++], len, "%s%s%s", rel, name, folder ? "/" : "");
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists what lies below root/rel (rel "" or ending in '/'), links as files, the index
 * itself left out. */
static int walk(const char *root, const char *rel, names *out)
{
    size_t plen = strlen(root) + strlen(rel) + 2;
    char *dir = malloc(plen);
    if (!dir)
        return -1;
    snprintf(dir, plen, "%s/%s", root, rel);
    DIR *d = opendir(dir);
    free(dir);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, INDEX_NAME))
            continue;
        size_t len = strlen(root) + strlen(rel) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s%s", root, rel, e->d_name);
        struct stat st;
        bool folder = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        free(path);
        rc = names_add(out, rel, e->d_name, folder);
        if (rc == 0 && folder)
            rc = walk(root, out->v[out->n - 1], out);
    }
    closedir(d);
    return rc;
}

static int write_index(const char *dir, cn_error *err)
{
    names l = {0};
    if (walk(dir, "", &l) < 0) {
        names_free(&l);
        return cn_error_code(err, CN_EIO, "%s: cannot list what was written", dir);
    }
    if (l.n) /* qsort wants a non-NULL array even for none */
        qsort(l.v, l.n, sizeof *l.v, by_name);
    size_t len = strlen(dir) + sizeof INDEX_NAME + 2;
    char *path = malloc(len);
    FILE *f = NULL;
    int rc = path ? 0 : cn_error_nomem(err);
    if (rc == 0) {
        snprintf(path, len, "%s/%s", dir, INDEX_NAME);
        f = cn_out_open(path, err);
        rc = f ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        fprintf(f, "%s\n", l.v[i]);
    if (f)
        rc = cn_out_close(f, path, err) < 0 ? -1 : rc;
    free(path);
    names_free(&l);
    return rc;
}

/* The index of dir, or an empty list when it has none. */
static int read_index(const char *dir, names *out)
{
    size_t len = strlen(dir) + sizeof INDEX_NAME + 2;
    char *path = malloc(len);
    if (!path)
        return -1;
    snprintf(path, len, "%s/%s", dir, INDEX_NAME);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
        line[strcspn(line, "\n")] = '\0';
        rc = names_add(out, "", line, false);
    }
    free(line);
    fclose(f);
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, by_name);
    return rc;
}

/* What dir holds (relative paths, folders ending in '/', the index left out), sorted. */
static int listing(const char *dir, names *have)
{
    int rc = walk(dir, "", have);
    if (have->n)
        qsort(have->v, have->n, sizeof *have->v, by_name);
    return rc;
}

/* How many foreign things a refusal names before "and N more". */
#define FOREIGN_SHOWN 5

/* What dir holds (have) that its index does not list, what lies below a foreign folder
 * going with it: how many, the first few in shown; -1 when the index cannot be read. */
static long foreign_entries(const char *dir, const names *have, const char *shown[FOREIGN_SHOWN])
{
    names wrote = {0};
    if (read_index(dir, &wrote) < 0) {
        names_free(&wrote);
        return -1;
    }
    long n = 0;
    const char *folder = NULL; /* the last foreign folder */
    for (size_t i = 0; i < have->n; i++) {
        const char *e = have->v[i];
        if ((folder && strncmp(e, folder, strlen(folder)) == 0) ||
            (wrote.n && bsearch(&have->v[i], wrote.v, wrote.n, sizeof *wrote.v, by_name)))
            continue;
        if (e[strlen(e) - 1] == '/')
            folder = e;
        if (n < FOREIGN_SHOWN)
            shown[n] = e;
        n++;
    }
    names_free(&wrote);
    return n;
}

/* Refuses target when it holds what Carnet did not write, all of it named at once (one
 * at a time, a user moved each out to be told of the next on the next try). */
static int refuse_foreign(const char *target, const names *have, cn_error *err)
{
    const char *shown[FOREIGN_SHOWN];
    long n = foreign_entries(target, have, shown);
    if (n < 0)
        return cn_error_code(err, CN_EIO, "%s: cannot list the folder", target);
    if (n == 0)
        return CN_OK;
    char list[CN_ERROR_MAX / 2] = "";
    size_t len = 0;
    for (long i = 0; i < n && i < FOREIGN_SHOWN && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                i == 0                             ? ""
                                : i == n - 1 && n <= FOREIGN_SHOWN ? " and "
                                                                   : ", ",
                                shown[i]);
    if (n > FOREIGN_SHOWN && len < sizeof list)
        snprintf(list + len, sizeof list - len, " and %ld more", n - FOREIGN_SHOWN);
    /* an analysis of its own (a run into target/all): Carnet's, but not this folder's run
     * (trial 75: "which Carnet did not write there" of a folder Carnet wrote) */
    bool runs = n <= FOREIGN_SHOWN;
    for (long i = 0; i < n && i < FOREIGN_SHOWN && runs; i++) {
        char index[4400];
        struct stat st;
        snprintf(index, sizeof index, "%s/%s" INDEX_NAME, target, shown[i]);
        runs = lstat(index, &st) == 0 && S_ISREG(st.st_mode);
    }
    if (runs)
        return cn_error_code(err, CN_EINVALID,
                             "%s: holds %s, an analysis of %s own, not part of a run into %s; a "
                             "run replaces the whole folder, so choose a new or empty folder, or "
                             "move %s out",
                             target, list, n > 1 ? "their" : "its", target, n > 1 ? "them" : "it");
    return cn_error_code(err, CN_EINVALID,
                         "%s: holds %s, which Carnet did not write there; a run replaces the "
                         "whole folder, so choose a new or empty folder, or move %s out",
                         target, list, n > 1 ? "them" : "it");
}

/* Refuses an earlier run made read-only (a published analysis frozen with chmod -R a-w):
 * replaced, it stayed beside the new one under a temporary name, with the diaries' text,
 * and nothing said so, as its folders could not be emptied (trial 59). A file made
 * read-only alone is as plain a wish to keep it (rm asks first). A link goes with its
 * folder: not looked at. */
static int refuse_read_only(const char *target, const names *have, cn_error *err)
{
    char index[4400];
    struct stat st;
    snprintf(index, sizeof index, "%s/%s", target, INDEX_NAME);
    if (have->n == 0 && lstat(index, &st) != 0) /* an empty folder goes with its parent */
        return CN_OK;
    for (size_t i = 0; i <= have->n; i++) {
        const char *rel = i ? have->v[i - 1] : "";
        size_t rlen = strlen(rel), len = strlen(target) + rlen + 2;
        int folder = rlen && rel[rlen - 1] == '/';
        char *path = malloc(len);
        if (!path)
            return cn_error_nomem(err);
        snprintf(path, len, "%s%s%.*s", target, i ? "/" : "", (int)rlen - folder, rel);
        int rc = CN_OK;
        if (lstat(path, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) &&
            access(path, S_ISDIR(st.st_mode) ? W_OK | X_OK : W_OK) != 0)
            rc = errno == EACCES
                     ? cn_error_code(err, CN_EINVALID,
                                     "%s: an earlier run that cannot be replaced: %s is "
                                     "read-only; make it writable (chmod -R u+w %s) to run into "
                                     "it, or give another output folder",
                                     target, path, target)
                     : cn_error_code(err, CN_EINVALID,
                                     "%s: an earlier run that cannot be replaced: %s: %s; give "
                                     "another output folder",
                                     target, path, strerror(errno));
        free(path);
        if (rc < 0)
            return rc;
    }
    return CN_OK;
}

/* Whether the folder target would be in is a run's output (it has Carnet's index). */
static bool inside_output(const char *target)
{
    const char *slash = strrchr(target, '/');
    int dlen = slash ? (int)(slash - target) + 1 : 0; /* the folder part, its '/' included */
    char index[4400];
    if (snprintf(index, sizeof index, "%.*s%s", dlen, target, INDEX_NAME) >= (int)sizeof index)
        return false;
    struct stat st;
    return lstat(index, &st) == 0 && S_ISREG(st.st_mode);
}

static int check_target(const char *target, cn_error *err)
{
    const char *slash = strrchr(target, '/'), *base = slash ? slash + 1 : target;
    if (!*target)
        return cn_error_code(err, CN_EINVALID,
                             "the output folder has no name: give one, e.g. -o results");
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) /* "/", ".", "a/.." */
        return cn_error_code(err, CN_EINVALID,
                             "%s: names a folder by a path that cannot be replaced (a run is "
                             "moved into place whole); give a new folder's name, e.g. -o "
                             "results",
                             target);
    if (inside_output(target)) {
        int dlen = slash ? (int)(slash - target) : 1;
        return cn_error_code(err, CN_EINVALID,
                             "%s: is inside %.*s, the folder of an earlier run, which the next "
                             "run into %.*s replaces whole; give a folder beside it",
                             target, dlen, slash ? target : ".", dlen, slash ? target : ".");
    }
    bool exists;
    int rc = existing(target, true, &exists, err);
    if (rc < 0 || !exists)
        return rc;
    names have = {0};
    rc = listing(target, &have) < 0
             ? cn_error_code(err, CN_EIO, "%s: cannot list the folder", target)
             : refuse_foreign(target, &have, err);
    if (rc == CN_OK)
        rc = refuse_read_only(target, &have, err);
    names_free(&have);
    return rc;
}

/* This machine's name as a temporary folder names it (TARGET.carnet-tmp-HOST-PID-XXXXXX,
 * so that a later run can tell a folder whose writer is gone): at most 64 bytes, with no
 * '/' (a name part, never a path) and no '-' (the field's end). */
#define HOST_MAX 64
static void this_host(char host[HOST_MAX + 1])
{
    memset(host, 0, HOST_MAX + 1);
    if (gethostname(host, HOST_MAX) != 0 || !host[0])
        strcpy(host, "host");
    for (char *c = host; *c; c++)
        if (*c == '/' || *c == '-')
            *c = '_';
}

/* What follows a target's name in its temporary's: TARGET.carnet-tmp-HOST-PID-XXXXXX for a
 * run's folder, FILE.tmp-HOST-PID-XXXXXX for a single file. */
#define DIR_TAG ".carnet-tmp-"
#define FILE_TAG ".tmp-"

/* The process id in name (in target's folder) when it is the temporary (tag) of a writer
 * on this machine other than this one, else 0. Another machine's (a shared drive), or an
 * older name, gives 0: whether its writer lives cannot be told from here. */
static long tmp_writer(const char *base, const char *tag, const char *name, const char *host)
{
    size_t blen = strlen(base), hlen = strlen(host), tlen = strlen(tag);
    if (strncmp(name, base, blen) != 0 || strncmp(name + blen, tag, tlen) != 0)
        return 0;
    const char *rest = name + blen + tlen;
    if (strncmp(rest, host, hlen) != 0 || rest[hlen] != '-')
        return 0;
    char *end;
    errno = 0;
    long pid = strtol(rest + hlen + 1, &end, 10);
    if (errno || end == rest + hlen + 1 || *end != '-' || pid <= 0 || pid == (long)getpid())
        return 0;
    return pid;
}

/* The program name /proc gives a process, without its newline ("" when it cannot be read):
 * the first 15 bytes of its file's name. */
static void comm_of(const char *pid, char name[32])
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/comm", pid);
    name[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(name, 32, f))
            name[0] = '\0';
        name[strcspn(name, "\n")] = '\0';
        fclose(f);
    }
}

/* Whether /proc says process pid has ended and waits for its parent to reap it (a zombie):
 * kill(pid, 0) still finds it (trial 81: a second desk listed a finished analysis as
 * running until the desk that started it reaped it). */
static bool ended(long pid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool read = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    const char *paren = read ? strrchr(line, ')') : NULL; /* the name may hold spaces */
    return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

/* outfile.h */
bool cn_out_writer_alive(long pid, const char *program)
{
    if (pid <= 0 || pid > INT_MAX || (kill((pid_t)pid, 0) != 0 && errno == ESRCH) || ended(pid))
        return false;
    char which[24], theirs[32], ours[32];
    snprintf(which, sizeof which, "%ld", pid);
    comm_of(which, theirs);
    if (program) {
        const char *slash = strrchr(program, '/');
        snprintf(ours, sizeof ours, "%.15s", slash ? slash + 1 : program); /* as /proc cuts */
    } else
        comm_of("self", ours);
    return !theirs[0] || !ours[0] || strcmp(theirs, ours) == 0;
}

/* The warning for the temporary folders of stopped runs that could not be removed: the
 * first named, with why and what to do, and how many more (malloc'd; NULL when none). */
#define STRAY_FMT                                                                                  \
    "%s: a folder an earlier run left, with its data (the diaries' text), could not be "           \
    "removed (%s); remove it (chmod -R u+w %s && rm -r %s)%s"
static char *stray_warning(const char *first, int why, int more)
{
    char others[64] = "";
    if (more)
        snprintf(others, sizeof others, "; %d more such folder%s stay%s too", more,
                 more > 1 ? "s" : "", more > 1 ? "" : "s");
    int len = snprintf(NULL, 0, STRAY_FMT, first, strerror(why), first, first, others);
    char *msg = malloc((size_t)len + 1);
    if (msg)
        snprintf(msg, (size_t)len + 1, STRAY_FMT, first, strerror(why), first, first, others);
    return msg;
}

/* Looks through target's folder for the temporaries (tag: folders of runs, or files) of
 * this machine's other writers of target. Those whose process no longer exists are what an
 * interrupted writer (a killed job, a machine that lost power) left: they never look like
 * a result, but they hold the study's text, and are removed; the folders that cannot be
 * are named in *stray (NULL: not asked), a warning for the user. Returns the process id of
 * one that is still writing, or 0. */
static long other_writers(const char *target, const char *tag, const char *host, char **stray)
{
    bool dirs = strcmp(tag, DIR_TAG) == 0;
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    int dlen = slash ? (int)(slash - target) + 1 : 0; /* the folder part, its '/' included */
    char parent[4400], first[4400] = "";
    snprintf(parent, sizeof parent, "%.*s", dlen ? dlen : 1, dlen ? target : ".");
    DIR *dir = opendir(parent);
    if (!dir)
        return 0;
    long live = 0;
    int why = 0, stuck = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        char path[4400];
        struct stat st;
        long pid = tmp_writer(base, tag, e->d_name, host);
        if (!pid)
            continue;
        if (cn_out_writer_alive(pid, NULL)) {
            live = pid;
            continue;
        }
        snprintf(path, sizeof path, "%.*s%s", dlen, target, e->d_name);
        if (lstat(path, &st) != 0 || st.st_uid != getuid())
            continue;
        if (dirs && S_ISDIR(st.st_mode)) {
            if (cn_out_remove_tree(path) != 0 && stuck++ == 0) { /* the first one named */
                why = errno;
                snprintf(first, sizeof first, "%s", path);
            }
        } else if (!dirs && S_ISREG(st.st_mode))
            unlink(path); /* beside the writer's own file: the folder lets it */
    }
    closedir(dir);
    if (stray)
        *stray = stuck ? stray_warning(first, why, stuck - 1) : NULL;
    return live;
}

/* The folder target would be in does not exist: named, with the command that makes it. */
void cn_out_folder_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else
        snprintf(out, size, "%.*s", (int)(slash == path ? 1 : slash - path), path);
}

/* outfile.h */
int cn_out_missing_parent(const char *path, const char *instead, cn_error *err)
{
    char folder[4096];
    cn_out_folder_of(path, folder, sizeof folder);
    return cn_error_code(err, CN_EINVALID,
                         "%s: the folder it would be in, %s, does not exist; create it first "
                         "(mkdir -p %s) or give another %s",
                         path, folder, folder, instead);
}

/* A folder or file could not be made in the folder that holds path, errno saying why: said
 * naming that folder ("." for a bare name), which is what the user must change ("beside
 * it" named none: trial 67). */
static int cannot_make_in_folder(const char *path, const char *what, cn_error *err)
{
    int saved = errno;
    if (saved == ENOENT)
        return cn_out_missing_parent(path, "path", err);
    char folder[4096];
    cn_out_folder_of(path, folder, sizeof folder);
    return cn_error_code(err, CN_EIO, "%s: cannot create %s in the folder %s: %s", path, what,
                         folder, strerror(saved));
}

int cn_out_dir_begin(cn_out_dir *d, const char *target, struct cn_out_guard *guard, cn_error *err)
{
    d->guard = guard;
    d->stray = NULL;
    d->target = trimmed(target);
    /* room for ".carnet-tmp-", the host, a pid and "-XXXXXX" */
    size_t size = d->target ? strlen(d->target) + HOST_MAX + 64 : 0;
    d->tmp = d->target ? malloc(size) : NULL;
    if (!d->tmp) {
        free(d->target);
        d->target = NULL;
        return cn_error_nomem(err);
    }
    int rc = check_target(d->target, err);
    if (rc == CN_OK) {
        char host[HOST_MAX + 1];
        this_host(host);
        snprintf(d->tmp, size, "%s" DIR_TAG "%s-%ld-XXXXXX", d->target, host, (long)getpid());
        if (!cn_out_guard_mkdtemp(guard, d->tmp)) /* mode 0700 */
            rc = errno == ENOENT ? cn_out_missing_parent(d->target, "output folder", err)
                                 : cannot_make_in_folder(d->target, "its run's folder", err);
        /* Looked for once this run's own folder is there, so that of two runs started at
         * once into one folder, at least one sees the other: the last to finish would
         * replace the other's results without a word. */
        long pid = rc == CN_OK ? other_writers(d->target, DIR_TAG, host, &d->stray) : 0;
        if (pid) {
            cn_out_remove_tree(d->tmp);
            rc = cn_error_code(err, CN_EBUSY,
                               "%s: another run (process %ld) is writing into it; wait for it "
                               "to finish, or give another output folder",
                               d->target, pid);
        }
    }
    if (rc < 0) {
        cn_out_guard_hold(guard, NULL);
        free(d->target);
        free(d->tmp);
        free(d->stray);
        d->target = d->tmp = d->stray = NULL;
    }
    return rc;
}

static void release(cn_out_dir *d)
{
    cn_out_guard_hold(d->guard, NULL);
    free(d->target);
    free(d->tmp);
    free(d->stray);
    d->target = d->tmp = d->stray = NULL;
}

/* Removes old, the earlier output that the new one replaced. One that stays holds the
 * earlier run's data (the diaries' text) under a name nobody looks at: said, with what to
 * do, and the run fails, though its results are in place. */
static int remove_earlier(const char *target, const char *old, cn_error *err)
{
    if (cn_out_remove_tree(old) == 0)
        return CN_OK;
    return cn_error_code(err, CN_EIO,
                         "%s: the results are in place, but the earlier run they replace could "
                         "not be removed (%s) and is still in %s, with its data; remove it "
                         "(chmod -R u+w %s && rm -r %s)",
                         target, strerror(errno), old, old, old);
}

int cn_out_dir_commit(cn_out_dir *d, cn_error *err)
{
    struct stat st;
    /* What stands at target is checked again: made read-only, or given a file of the
     * user's, while this run worked, it is left as it is, and this run's results go. */
    int rc = check_target(d->target, err);
    if (rc == CN_OK)
        rc = write_index(d->tmp, err);
    if (rc < 0) {
        cn_out_dir_fail(d, err);
        return rc;
    }
    bool placed = false; /* the new results are at target, d->tmp holds the earlier ones */
    if (lstat(d->target, &st) != 0) {
        if (rename(d->tmp, d->target) != 0)
            rc = cn_error_code(err, CN_EIO, "%s: cannot move the results into place: %s", d->target,
                               strerror(errno));
    } else if (cn_out_guard_exchange(d->guard, d->tmp, d->target) == 0) {
        placed = true;
        rc = remove_earlier(d->target, d->tmp, err);
    } else {
        /* No atomic swap here (an old kernel or file system): move the earlier output
         * aside, then the new one in; the gap lasts two renames. */
        size_t len = strlen(d->target) + 32;
        char *old = malloc(len);
        if (!old)
            return cn_out_dir_abort(d), cn_error_nomem(err);
        snprintf(old, len, "%s.carnet-old-XXXXXX", d->target);
        if (!mkdtemp(old) || rmdir(old) != 0 || rename(d->target, old) != 0 ||
            rename(d->tmp, d->target) != 0)
            rc = cn_error_code(err, CN_EIO, "%s: cannot move the results into place: %s", d->target,
                               strerror(errno));
        else {
            placed = true;
            cn_out_guard_placed(d->guard, d->target);
            rc = remove_earlier(d->target, old, err);
        }
        free(old);
    }
    if (rc < 0 && !placed)
        cn_out_dir_abort(d);
    else
        release(d);
    return rc;
}

void cn_out_dir_abort(cn_out_dir *d)
{
    if (d->tmp)
        cn_out_remove_tree(d->tmp);
    release(d);
}

void cn_out_name_target(cn_error *err, const char *tmp, const char *target)
{
    const char *at = err && tmp && target ? strstr(err->msg, tmp) : NULL;
    if (at) { /* "OUT.carnet-tmp-vm-123-abc/report.html: ..." -> "OUT/report.html: ..." */
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%.*s%s%s", (int)(at - err->msg), err->msg, target,
                 at + strlen(tmp));
        memcpy(err->msg, msg, sizeof msg);
    }
}

void cn_out_dir_fail(cn_out_dir *d, cn_error *err)
{
    cn_out_name_target(err, d->tmp, d->target);
    cn_out_dir_abort(d);
}

/* ---- single files ------------------------------------------------------------------ */

/* cn_out_temp_beside, and in *writer the process id of another writer of path on this
 * machine still running, or 0. Looked for once this file is there, as for a run's folder:
 * of two writers of one file started at once, at least one sees the other. */
static int temp_beside(const char *path, struct cn_out_guard *guard, char **tmp, long *writer,
                       cn_error *err)
{
    char host[HOST_MAX + 1];
    this_host(host);
    size_t len = strlen(path) + HOST_MAX + 64; /* ".tmp-", the host, a pid and "-XXXXXX" */
    *writer = 0;
    if (!(*tmp = malloc(len)))
        return cn_error_nomem(err);
    snprintf(*tmp, len, "%s" FILE_TAG "%s-%ld-XXXXXX", path, host, (long)getpid());
    int fd = cn_out_guard_mkstemp(guard, *tmp); /* mode 0600 */
    if (fd < 0) {
        fd = cannot_make_in_folder(path, "it", err);
        free(*tmp);
        *tmp = NULL;
        return fd;
    }
    *writer = other_writers(path, FILE_TAG, host, NULL);
    return fd;
}

int cn_out_temp_beside(const char *path, struct cn_out_guard *guard, char **tmp, cn_error *err)
{
    long writer;
    return temp_beside(path, guard, tmp, &writer, err);
}

int cn_out_place_new(const char *tmp, const char *path, cn_error *err)
{
    int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
        /* No such rename here (an old kernel or file system): the check and the move are
         * two steps, a moment apart */
        struct stat st;
        if (lstat(path, &st) == 0)
            errno = EEXIST;
        else
            rc = rename(tmp, path);
    }
    if (rc == 0)
        return CN_OK;
    if (errno == EEXIST)
        return cn_error_code(err, CN_EINVALID, "%s: the file already exists", path);
    return cn_error_code(err, CN_EIO, "%s: cannot write: %s", path, strerror(errno));
}

/* Whether the regular file at path begins with one of prefixes. */
static bool begins_with(const char *path, const char *const *prefixes)
{
    char head[64] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    for (const char *const *p = prefixes; p && *p; p++)
        if (n >= strlen(*p) && memcmp(head, *p, strlen(*p)) == 0)
            return true;
    return false;
}

static int check_file_target(const char *path, const char *const *prefixes, cn_error *err)
{
    bool exists;
    int rc = existing(path, false, &exists, err);
    if (rc < 0 || !exists)
        return rc;
    if (!begins_with(path, prefixes))
        return cn_error_code(err, CN_EINVALID,
                             "%s: exists and is not an earlier export of this kind; Carnet "
                             "will not overwrite it (remove it, or choose another name)",
                             path);
    return CN_OK;
}

int cn_out_file_begin(cn_out_file *o, const char *path, const char *const *prefixes,
                      struct cn_out_guard *guard, cn_error *err)
{
    memset(o, 0, sizeof *o);
    int rc = check_file_target(path, prefixes, err);
    if (rc < 0)
        return rc;
    if (!(o->path = strdup(path)))
        return cn_error_nomem(err);
    long writer;
    int fd = temp_beside(path, guard, &o->tmp, &writer, err);
    /* A file replaced whole: of two writers, the last to finish would replace the other's
     * file without a word (two exports with different conditions into one name). */
    if (fd < 0 || writer || !(o->f = fdopen(fd, "w"))) {
        rc = fd < 0 ? fd
             : writer
                 ? cn_error_code(err, CN_EBUSY,
                                 "%s: another process (%ld) is writing it; wait for it to "
                                 "finish, or give another name",
                                 path, writer)
                 : cn_error_code(err, CN_EIO, "%s: cannot write it: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        cn_out_guard_hold(guard, NULL);
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return rc;
    }
    o->guard = guard;
    return rc;
}

int cn_out_file_end(cn_out_file *o, int rc, cn_error *err)
{
    if (!o->f)
        return rc;
    int closed = cn_out_close(o->f, o->path, rc < 0 ? NULL : err);
    if (rc == 0 && closed < 0)
        rc = closed;
    if (rc == 0 && cn_out_guard_rename(o->guard, o->tmp, o->path) != 0)
        rc = cn_error_code(err, CN_EIO, "%s: cannot write: %s", o->path, strerror(errno));
    if (rc < 0)
        unlink(o->tmp);
    cn_out_guard_hold(o->guard, NULL);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return rc;
}
