/* sparse.h — binary matrices in compressed sparse rows (rows = units, columns = forms),
 * the one shape every classification step reads; Matrix Market reading and writing.
 * A cn_sparse is owned by the caller (cn_sparse_free); functions return 0 or a negative
 * cn_code with a message in the cn_error ("FILE:LINE: ..." for Matrix Market input). */
#ifndef CARNET_SPARSE_H
#define CARNET_SPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/error.h"

typedef struct cn_sparse {
    uint32_t nrows, ncols;
    size_t nnz;
    size_t *rowptr;   /* nrows + 1 offsets into colidx */
    uint32_t *colidx; /* column indices, sorted and distinct within a row */
    /* NULL, or each column's non-zeros (owned), set by a builder that counted them: its
     * readers (the CA, its products, the cut) then need no pass over colidx for them */
    uint32_t *colsum;
} cn_sparse;

/* At most this many rows and columns in a matrix read from a file: its row offsets alone
 * take 8 bytes a row, and a header is a claim, not a reason to allocate gigabytes. */
#define CN_SPARSE_MAX_DIM (1u << 26)

/* Builds a matrix from (row, col) pairs in any order; duplicates collapse to one 1.
 * The pair arrays are the caller's; a pair outside nrows x ncols is CN_EINVALID. */
int cn_sparse_from_pairs(uint32_t nrows, uint32_t ncols, const uint32_t *rows, const uint32_t *cols,
                         size_t npairs, cn_sparse **out, cn_error *err);

/* Reads a Matrix Market "coordinate general" file (pattern, integer or real), 1-based.
 * Values are 0 or 1; explicit zeros are dropped. Refused with CN_EINVALID and "FILE:LINE":
 * a malformed banner or size line, more than CN_SPARSE_MAX_DIM rows or columns, more
 * entries announced than cells, an entry outside the matrix, repeated, or valued other
 * than 0/1, a NUL byte, more or fewer entries than announced. Memory grows with the
 * entries actually read, never with the header's count. */
int cn_sparse_read_mtx(const char *path, cn_sparse **out, cn_error *err);

/* Writes "%%MatrixMarket matrix coordinate pattern general", 1-based. */
int cn_sparse_write_mtx(const cn_sparse *m, FILE *out);

void cn_sparse_free(cn_sparse *m);

#endif
