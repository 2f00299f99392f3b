/* read_corpus.c — cn_corpus_read on each corpus named: the first read (in a fresh process,
 * the texts' memory touched for the first time) and the best of 15 after it, in ms. Built
 * and run by read.sh, a process per corpus. */
#include <stdio.h>
#include <time.h>

#include "carnet/corpus.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        double first = 0, best = 1e9;
        for (int rep = 0; rep < 16; rep++) {
            cn_corpus *c;
            cn_error err = {0};
            double t0 = now_ms();
            if (cn_corpus_read(argv[i], &c, &err) < 0) {
                fprintf(stderr, "%s\n", err.msg);
                return 1;
            }
            double t = now_ms() - t0;
            cn_corpus_free(c);
            if (rep == 0)
                first = t;
            else if (t < best)
                best = t;
        }
        printf("%s: first read %.1f ms, then %.1f ms (best of 15)\n", argv[i], first, best);
    }
    return 0;
}
