/* failwrite.c — a test library, preloaded: every write to a file of one name fails as on a
 * full disk (ENOSPC), whatever folder it is in and however it is written (write(2), or a
 * stream fdopen made on it), so that a test can fail each file of a run in turn.
 * CARNET_FAIL_FILE names the file (its last path component); unset, nothing fails.
 * The real functions' pointers are stored through a void ** (POSIX's idiom for dlsym): ISO
 * C converts no object pointer to a function pointer. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define FDS 4096
static bool failing[FDS]; /* the descriptors opened for writing on the named file */

static bool named(const char *path)
{
    const char *want = getenv("CARNET_FAIL_FILE");
    const char *slash = path ? strrchr(path, '/') : NULL;
    return want && path && strcmp(slash ? slash + 1 : path, want) == 0;
}

static int mark(int fd, const char *path, int flags)
{
    if (fd >= 0 && fd < FDS)
        failing[fd] = (flags & (O_WRONLY | O_RDWR)) && named(path);
    return fd;
}

static mode_t mode_of(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "open");
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_of(flags, ap);
    va_end(ap);
    return mark(real(path, flags, mode), path, flags);
}

int open64(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "open64");
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_of(flags, ap);
    va_end(ap);
    return mark(real(path, flags, mode), path, flags);
}

int openat(int dir, const char *path, int flags, ...)
{
    static int (*real)(int, const char *, int, ...);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "openat");
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_of(flags, ap);
    va_end(ap);
    return mark(real(dir, path, flags, mode), path, flags);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "write");
    if (fd >= 0 && fd < FDS && failing[fd]) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}

int close(int fd)
{
    static int (*real)(int);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "close");
    if (fd >= 0 && fd < FDS)
        failing[fd] = false;
    return real(fd);
}

/* A stream on a failing descriptor writes through glibc's own calls, which no preload
 * sees: it is given a writer that fails instead. */
static ssize_t full(void *cookie, const char *buf, size_t n)
{
    (void)cookie, (void)buf, (void)n;
    errno = ENOSPC;
    return -1;
}

static int close_cookie(void *cookie)
{
    return close((int)(long)cookie);
}

FILE *fdopen(int fd, const char *mode)
{
    static FILE *(*real)(int, const char *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fdopen");
    if (fd >= 0 && fd < FDS && failing[fd]) {
        cookie_io_functions_t io = {.write = full, .close = close_cookie};
        return fopencookie((void *)(long)fd, mode, io);
    }
    return real(fd, mode);
}
