/* read_corpus.c [--threads N] CORPUS...: cn_corpus_read_threads on each corpus named (one
 * thread unless told): the first read (in a fresh process, the texts' memory touched for
 * the first time) and the best of 15 after it, in ms. Built and run by read.sh, a process
 * per corpus and number of threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    int threads = 1, i = 1;
    if (argc > 2 && strcmp(argv[1], "--threads") == 0) {
        threads = atoi(argv[2]);
        i = 3;
    }
    for (; i < argc; i++) {
        double first = 0, best = 1e9;
        for (int rep = 0; rep < 16; rep++) {
            cn_corpus *c;
            cn_error err = {0};
            double t0 = now_ms();
            if (cn_corpus_read_threads(argv[i], threads, &c, &err) < 0) {
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
        printf("%s, %d thread%s: first read %.1f ms, then %.1f ms (best of 15)\n", argv[i], threads,
               threads > 1 ? "s" : "", first, best);
    }
    return 0;
}
