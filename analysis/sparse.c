/* sparse.c — binary CSR matrices and Matrix Market I/O (see sparse.h).
 *
 * CSR with uint32 column indices: a classification only ever walks a row's columns
 * (moving a unit between groups touches exactly those), and 4-byte indices halve the
 * memory of the largest structure of a run. */
#include "carnet/sparse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int cn_sparse_from_pairs(uint32_t nrows, uint32_t ncols, const uint32_t *rows, const uint32_t *cols,
                         size_t npairs, cn_sparse **out, cn_error *err)
{
    cn_sparse *m = calloc(1, sizeof *m);
    if (!m)
        return cn_error_nomem(err);
    m->nrows = nrows;
    m->ncols = ncols;
    m->rowptr = calloc((size_t)nrows + 1, sizeof *m->rowptr);
    m->colidx = malloc((npairs ? npairs : 1) * sizeof *m->colidx);
    if (!m->rowptr || !m->colidx) {
        cn_sparse_free(m);
        return cn_error_nomem(err);
    }
    /* Counting sort by row, then sort and deduplicate each row's columns. */
    for (size_t k = 0; k < npairs; k++)
        m->rowptr[rows[k] + 1]++;
    for (uint32_t i = 0; i < nrows; i++)
        m->rowptr[i + 1] += m->rowptr[i];
    size_t *fill = malloc(((size_t)nrows + 1) * sizeof *fill);
    if (!fill) {
        cn_sparse_free(m);
        return cn_error_nomem(err);
    }
    memcpy(fill, m->rowptr, ((size_t)nrows + 1) * sizeof *fill);
    for (size_t k = 0; k < npairs; k++)
        m->colidx[fill[rows[k]]++] = cols[k];
    free(fill);
    size_t w = 0;
    for (uint32_t i = 0; i < nrows; i++) {
        size_t start = m->rowptr[i], end = m->rowptr[i + 1];
        qsort(m->colidx + start, end - start, sizeof *m->colidx, compare_u32);
        m->rowptr[i] = w;
        for (size_t k = start; k < end; k++)
            if (k == start || m->colidx[k] != m->colidx[k - 1])
                m->colidx[w++] = m->colidx[k];
    }
    m->rowptr[nrows] = w;
    m->nnz = w;
    *out = m;
    return 0;
}

void cn_sparse_free(cn_sparse *m)
{
    if (!m)
        return;
    free(m->rowptr);
    free(m->colidx);
    free(m);
}

int cn_sparse_read_mtx(const char *path, cn_sparse **out, cn_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int rc = -1;
    uint32_t *rows = NULL, *cols = NULL;
    unsigned long nr = 0, nc = 0, nz = 0;
    size_t n = 0;
    if (getline(&line, &cap, f) < 0 || strncmp(line, "%%MatrixMarket", 14) != 0) {
        cn_error_set(err, "%s:1: not a Matrix Market file (no %%%%MatrixMarket line)", path);
        goto done;
    }
    lineno = 1;
    if (!strstr(line, "coordinate")) {
        cn_error_set(err, "%s:1: only the 'coordinate' (sparse) format is read", path);
        goto done;
    }
    int pattern = strstr(line, "pattern") != NULL;
    int header = 0;
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        if (line[0] == '%' || line[0] == '\n')
            continue;
        if (!header) {
            if (sscanf(line, "%lu %lu %lu", &nr, &nc, &nz) != 3 || nr > UINT32_MAX ||
                nc > UINT32_MAX) {
                cn_error_set(err, "%s:%zu: expected 'ROWS COLUMNS NONZEROS'", path, lineno);
                goto done;
            }
            rows = malloc((nz ? nz : 1) * sizeof *rows);
            cols = malloc((nz ? nz : 1) * sizeof *cols);
            if (!rows || !cols) {
                cn_error_nomem(err);
                goto done;
            }
            header = 1;
            continue;
        }
        unsigned long i, j;
        double v = 1;
        int got = sscanf(line, "%lu %lu %lf", &i, &j, &v);
        if (got < 2 || (!pattern && got < 3)) {
            cn_error_set(err, "%s:%zu: expected 'ROW COLUMN%s'", path, lineno,
                         pattern ? "" : " VALUE");
            goto done;
        }
        if (i < 1 || i > nr || j < 1 || j > nc) {
            cn_error_set(err, "%s:%zu: entry (%lu, %lu) outside the %lu x %lu matrix", path, lineno,
                         i, j, nr, nc);
            goto done;
        }
        if (n == nz) {
            cn_error_set(err, "%s:%zu: more entries than the %lu announced", path, lineno, nz);
            goto done;
        }
        if (v != 0) {
            rows[n] = (uint32_t)(i - 1);
            cols[n] = (uint32_t)(j - 1);
            n++;
        } else {
            nz--; /* an explicit zero: not a presence */
        }
    }
    if (!header) {
        cn_error_set(err, "%s: no size line", path);
        goto done;
    }
    rc = cn_sparse_from_pairs((uint32_t)nr, (uint32_t)nc, rows, cols, n, out, err);
done:
    free(line);
    free(rows);
    free(cols);
    fclose(f);
    return rc;
}

int cn_sparse_write_mtx(const cn_sparse *m, FILE *out)
{
    fprintf(out, "%%%%MatrixMarket matrix coordinate pattern general\n%u %u %zu\n", m->nrows,
            m->ncols, m->nnz);
    for (uint32_t i = 0; i < m->nrows; i++)
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            fprintf(out, "%u %u\n", i + 1, m->colidx[k] + 1);
    return ferror(out) ? -1 : 0;
}
