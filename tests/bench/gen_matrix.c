/* gen_matrix.c — writes a binary Matrix Market matrix with planted themes, for the
 * classification benchmark: ROWS x COLS, about NNZ non-zeros, THEMES blocks of columns;
 * each row draws 80 % of its columns from its theme's block, the rest anywhere.
 * Deterministic (splitmix64 from a fixed seed). Writes rows' planted themes to
 * the file named by the fifth argument, if any.
 *   gen_matrix ROWS COLS NNZ THEMES [LABELS] > matrix.mtx */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int compare(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gen_matrix ROWS COLS NNZ THEMES [LABELS]\n");
        return 2;
    }
    uint32_t rows = (uint32_t)atol(argv[1]), cols = (uint32_t)atol(argv[2]);
    uint64_t nnz = (uint64_t)atoll(argv[3]);
    uint32_t themes = (uint32_t)atol(argv[4]);
    FILE *labels = argc > 5 ? fopen(argv[5], "w") : NULL;
    uint32_t per_row = (uint32_t)(nnz / rows), block = cols / themes;
    uint32_t *row = malloc(per_row * sizeof *row);
    uint64_t s = 42;
    /* count first: Matrix Market wants the number of entries up front */
    char *buf = NULL;
    size_t size = 0;
    FILE *body = open_memstream(&buf, &size);
    uint64_t written = 0;
    for (uint32_t i = 0; i < rows; i++) {
        uint32_t t = (uint32_t)(next(&s) % themes), n = 0;
        if (labels)
            fprintf(labels, "%u\n", t + 1);
        for (uint32_t k = 0; k < per_row; k++) {
            uint32_t j = next(&s) % 10 < 8 ? t * block + (uint32_t)(next(&s) % block)
                                           : (uint32_t)(next(&s) % cols);
            row[n++] = j;
        }
        qsort(row, n, sizeof *row, compare);
        for (uint32_t k = 0; k < n; k++)
            if (k == 0 || row[k] != row[k - 1]) {
                fprintf(body, "%u %u\n", i + 1, row[k] + 1);
                written++;
            }
    }
    fclose(body);
    printf("%%%%MatrixMarket matrix coordinate pattern general\n%u %u %llu\n", rows, cols,
           (unsigned long long)written);
    fwrite(buf, 1, size, stdout);
    free(buf);
    free(row);
    if (labels)
        fclose(labels);
    return 0;
}
