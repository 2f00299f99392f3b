/* ca.h — the first factorial axis of the correspondence analysis of a binary table, the
 * direction along which a descending hierarchical classification cuts a node in two.
 * Works on the sparse table as it is (never densified); the caller owns every array;
 * returns 0, or -1 with a message in the cn_error. */
#ifndef CARNET_CA_H
#define CARNET_CA_H

#include "carnet/error.h"
#include "carnet/sparse.h"

/* Row coordinates on the first non-trivial axis of the CA of m (no zero row or column
 * allowed): f_i proportional to u_i / sqrt(r_i), where u is the second left singular
 * vector of D_r^-1/2 M D_c^-1/2. Sign convention: the row with the largest |f| (the first
 * such row on ties) is positive. *sigma receives the singular value (sqrt of the
 * eigenvalue). The result is the same on every machine and thread count. */
int cn_ca_first_axis(const cn_sparse *m, double *row_coord, double *sigma, cn_error *err);

#endif
