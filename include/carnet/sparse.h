/* sparse.h — binary matrices in compressed sparse rows (rows = units, columns = forms),
 * the one shape every classification step reads; Matrix Market reading and writing.
 * A cn_sparse is owned by the caller (cn_sparse_free); functions return 0 or -1 with a
 * message in the cn_error ("FILE:LINE: ..." for Matrix Market input). */
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
} cn_sparse;

/* Builds a matrix from (row, col) pairs in any order; duplicates collapse to one 1.
 * The pair arrays are the caller's. */
int cn_sparse_from_pairs(uint32_t nrows, uint32_t ncols, const uint32_t *rows, const uint32_t *cols,
                         size_t npairs, cn_sparse **out, cn_error *err);

/* Reads a Matrix Market "coordinate" file (pattern, integer or real); every stored
 * non-zero value counts as 1, explicit zeros are dropped. 1-based indices. */
int cn_sparse_read_mtx(const char *path, cn_sparse **out, cn_error *err);

/* Writes "%%MatrixMarket matrix coordinate pattern general", 1-based. */
int cn_sparse_write_mtx(const cn_sparse *m, FILE *out);

void cn_sparse_free(cn_sparse *m);

#endif
