/* word_count.c FILE — the least a word count can do, as a yardstick between `wc -w` and
 * `carnet-analyse stats`: read the file, cut it at ASCII white space, and count each word
 * in the project's hash table (cn_intern), on one thread. No cleaning, no lower case, no
 * stems, no segments. Prints the words and the distinct words. floor.sh times it as a
 * process beside the others: on a corpus of many distinct words the table's lookups alone
 * cost more than wc -w's whole pass. */
#include <stdio.h>
#include <stdlib.h>

#include "carnet/intern.h"

static int fail(const char *path, const char *what)
{
    fprintf(stderr, "word_count: %s: %s\n", path, what);
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return fail("usage", "word_count FILE");
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return fail(argv[1], "cannot open");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        return fail(argv[1], "cannot read");
    }
    fclose(f);
    cn_intern *words = cn_intern_new();
    size_t cap = 1024, total = 0;
    unsigned *count = calloc(cap, sizeof *count);
    for (long i = 0; words && count && i < size;) {
        while (i < size && is_space(text[i]))
            i++;
        long start = i;
        while (i < size && !is_space(text[i]))
            i++;
        if (i == start)
            continue;
        uint32_t id = cn_intern_add(words, text + start, (size_t)(i - start), NULL);
        if (id == CN_INTERN_NONE)
            return fail(argv[1], "out of memory");
        if (id == cap) {
            unsigned *more = realloc(count, 2 * cap * sizeof *count);
            if (!more)
                return fail(argv[1], "out of memory");
            for (size_t k = cap; k < 2 * cap; k++)
                more[k] = 0;
            count = more;
            cap *= 2;
        }
        count[id]++;
        total++;
    }
    if (!words || !count)
        return fail(argv[1], "out of memory");
    printf("%zu words, %u distinct\n", total, cn_intern_count(words));
    cn_intern_free(words);
    free(count);
    free(text);
    return 0;
}
