/* fuzz_mtx.c — the Matrix Market reader (cn_sparse_read_mtx) on any bytes. A matrix it
 * accepts must be well formed (offsets rising, columns sorted, distinct and in range) and
 * must read back identical after cn_sparse_write_mtx. */
#include <stdio.h>
#include <string.h>

#include "carnet/sparse.h"
#include "fuzz_util.h"

static void check_shape(const cn_sparse *m)
{
    if (m->rowptr[0] != 0 || m->rowptr[m->nrows] != m->nnz)
        fuzz_fail("row offsets do not span the %zu entries", m->nnz);
    for (uint32_t i = 0; i < m->nrows; i++) {
        if (m->rowptr[i] > m->rowptr[i + 1])
            fuzz_fail("row %u: offsets fall", i);
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            if (m->colidx[k] >= m->ncols || (k > m->rowptr[i] && m->colidx[k] <= m->colidx[k - 1]))
                fuzz_fail("row %u: column %u out of order or range", i, m->colidx[k]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "in.mtx", data, size);
    cn_sparse *m = NULL;
    cn_error err = {0};
    if (cn_sparse_read_mtx(path, &m, &err) < 0) {
        if (!err.msg[0] || err.code >= 0)
            fuzz_fail("refused without a message or a code");
        return 0;
    }
    check_shape(m);
    const char *back = fuzz_path(1, "back.mtx");
    FILE *f = fopen(back, "w");
    if (!f || cn_sparse_write_mtx(m, f) < 0 || fclose(f) != 0)
        fuzz_fail("cannot write %s", back);
    cn_sparse *again = NULL;
    if (cn_sparse_read_mtx(back, &again, &err) < 0)
        fuzz_fail("its own output refused: %s", err.msg);
    if (again->nrows != m->nrows || again->ncols != m->ncols || again->nnz != m->nnz ||
        memcmp(again->rowptr, m->rowptr, ((size_t)m->nrows + 1) * sizeof *m->rowptr) != 0 ||
        (m->nnz && memcmp(again->colidx, m->colidx, m->nnz * sizeof *m->colidx) != 0))
        fuzz_fail("the matrix changed through write and read");
    cn_sparse_free(again);
    cn_sparse_free(m);
    return 0;
}
