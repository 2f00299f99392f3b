/* fuzz_util.c — see fuzz_util.h. A libFuzzer target is one process running inputs one
 * after the other, so the folder is made once and its files are rewritten per input. */
#include "fuzz_util.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *fuzz_dir(void)
{
    static char dir[4096];
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/carnet-fuzz-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir))
            fuzz_fail("mkdtemp %s failed", dir);
    }
    return dir;
}

const char *fuzz_path(int slot, const char *name)
{
    static char paths[4][4096];
    if (slot < 0 || slot > 3)
        fuzz_fail("slot %d", slot);
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fuzz_dir(), name);
    return paths[slot];
}

const char *fuzz_write(int slot, const char *name, const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(slot, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        fuzz_fail("cannot create %s", path);
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0)
            fuzz_fail("cannot write %s", path);
        done += (size_t)n;
    }
    close(fd);
    return path;
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}
