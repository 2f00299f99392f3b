/* spmv.h — the two sparse products of a CA on a binary CSR table, sum_j x_j over each row
 * and sum_i x_i over each column, split across threads with every sum added in one fixed
 * order (row: its columns increasing; column: its rows increasing), so any thread count
 * gives the same bits. A cn_spmv is the caller's (cn_spmv_free); it borrows m, which must
 * outlive it. cn_spmv_new returns 0 or a negative cn_code with a message in the cn_error. */
#ifndef CARNET_SPMV_H
#define CARNET_SPMV_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/sparse.h"

typedef struct cn_spmv cn_spmv;

/* Prepares the products of m on `threads` threads (1 or less: the caller's thread only;
 * threads that cannot be started leave their share to the others). Builds the column-wise
 * copy of m: 2 bytes a non-zero, or 4 for a table so sparse, with more than 65,536 rows,
 * that the blocks of 16-bit indices would cost more. */
int cn_spmv_new(const cn_sparse *m, int threads, cn_spmv **out, cn_error *err);

/* Makes s over for m (which it then borrows instead of the previous table): its threads kept,
 * and the room of its column-wise copy when large enough, so that a chain of tables (a
 * classification's splits) takes no fresh memory at each. 0, or a negative cn_code (s is
 * then only fit for cn_spmv_free or another cn_spmv_renew). */
int cn_spmv_renew(cn_spmv *s, const cn_sparse *m, cn_error *err);

/* out[i] = (sum of x[j] over the columns j of row i, in increasing j) * scale[i]. */
void cn_spmv_rows(cn_spmv *s, const double *x, const double *scale, double *out);

/* out[j] = (sum of x[i] over the rows i holding column j, in increasing i) * scale[j]. */
void cn_spmv_cols(cn_spmv *s, const double *x, const double *scale, double *out);

/* How one side (columns false: the rows, each listing its columns) keeps its indices: in
 * 16 or 32 bits, in how many blocks of the other side. For tests and benchmarks. */
void cn_spmv_layout(const cn_spmv *s, bool columns, int *index_bits, uint32_t *blocks);

/* Threads actually running the products (1 = the caller alone). */
int cn_spmv_threads(const cn_spmv *s);

void cn_spmv_free(cn_spmv *s);

#endif
