/* outfile.c — owner-only output files and folders, and run folders moved into place whole
 * (see outfile.h). */
#define _GNU_SOURCE /* renameat2: swap two folders in one step */
#include "carnet/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

int cn_out_close(FILE *f, const char *path, cn_error *err)
{
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0 || failed)
        return cn_error_code(err, CN_EIO, "%s: write error: %s", path,
                             errno ? strerror(errno) : "unknown");
    return CN_OK;
}

int cn_out_mkdir(const char *dir, cn_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0) {
        if (S_ISLNK(st.st_mode))
            return cn_error_code(err, CN_EINVALID,
                                 "%s: is a symbolic link; Carnet does not write through links",
                                 dir);
        if (!S_ISDIR(st.st_mode))
            return cn_error_code(err, CN_EINVALID, "%s: exists and is not a folder", dir);
        return CN_OK;
    }
    if (mkdir(dir, S_IRWXU) != 0 || chmod(dir, S_IRWXU) != 0)
        return cn_error_code(err, CN_EIO, "%s: cannot create: %s", dir, strerror(errno));
    return CN_OK;
}

int cn_out_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        /* lstat: a link is removed as a link, its target never visited. */
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rc |= cn_out_remove_tree(path);
        else
            rc |= unlink(path);
        free(path);
    }
    closedir(d);
    return rmdir(dir) | rc;
}

static bool is_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
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

static int check_target(const char *target, bool (*is_ours)(const char *dir), cn_error *err)
{
    struct stat st;
    if (lstat(target, &st) != 0)
        return errno == ENOENT ? CN_OK
                               : cn_error_code(err, CN_EIO, "%s: %s", target, strerror(errno));
    if (S_ISLNK(st.st_mode))
        return cn_error_code(err, CN_EINVALID,
                             "%s: is a symbolic link; Carnet does not write through links", target);
    if (!S_ISDIR(st.st_mode))
        return cn_error_code(err, CN_EINVALID, "%s: exists and is not a folder", target);
    if (!is_empty_dir(target) && !(is_ours && is_ours(target)))
        return cn_error_code(err, CN_EINVALID,
                             "%s: the folder is not empty and holds no earlier Carnet output; "
                             "choose a new or empty folder",
                             target);
    return CN_OK;
}

int cn_out_dir_begin(cn_out_dir *d, const char *target, bool (*is_ours)(const char *dir),
                     cn_error *err)
{
    d->target = trimmed(target);
    d->tmp = d->target ? malloc(strlen(d->target) + 32) : NULL;
    if (!d->tmp) {
        free(d->target);
        d->target = NULL;
        return cn_error_nomem(err);
    }
    int rc = check_target(d->target, is_ours, err);
    if (rc == CN_OK) {
        sprintf(d->tmp, "%s.carnet-tmp-XXXXXX", d->target);
        if (!mkdtemp(d->tmp)) /* mode 0700 */
            rc = cn_error_code(err, CN_EIO, "%s: cannot create a folder beside it: %s", d->target,
                               strerror(errno));
    }
    if (rc < 0) {
        free(d->target);
        free(d->tmp);
        d->target = d->tmp = NULL;
    }
    return rc;
}

static void release(cn_out_dir *d)
{
    free(d->target);
    free(d->tmp);
    d->target = d->tmp = NULL;
}

int cn_out_dir_commit(cn_out_dir *d, cn_error *err)
{
    struct stat st;
    int rc = CN_OK;
    if (lstat(d->target, &st) != 0) {
        if (rename(d->tmp, d->target) != 0)
            rc = cn_error_code(err, CN_EIO, "%s: cannot move the results into place: %s", d->target,
                               strerror(errno));
    } else if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->target, RENAME_EXCHANGE) == 0) {
        cn_out_remove_tree(d->tmp); /* now the earlier output */
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
        else
            cn_out_remove_tree(old);
        free(old);
    }
    if (rc < 0)
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
