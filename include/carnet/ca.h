/* ca.h — the first factorial axis of the correspondence analysis of a binary table, the
 * direction along which a descending hierarchical classification cuts a node in two.
 * Works on the sparse table as it is (never densified); the caller owns every array;
 * returns 0, or -1 with a message in the cn_error. */
#ifndef CARNET_CA_H
#define CARNET_CA_H

#include <stddef.h>

#include "carnet/error.h"
#include "carnet/sparse.h"
#include "carnet/spmv.h"

/* Row coordinates on the first non-trivial axis of the CA of m (no zero row or column
 * allowed): f_i proportional to u_i / sqrt(r_i), where u is the second left singular
 * vector of D_r^-1/2 M D_c^-1/2. Sign convention: the row with the largest |f| (the first
 * such row on ties) is positive. *sigma receives the singular value (sqrt of the
 * eigenvalue). The sparse products run on `threads` threads (1: the caller's alone); the
 * result is the same on every machine and thread count. */
int cn_ca_first_axis(const cn_sparse *m, int threads, double *row_coord, double *sigma,
                     cn_error *err);

/* Room the iteration keeps from one axis to the next (a classification's chain of splits),
 * grown when a table needs more: its vectors, and its products with their threads.
 * The caller's, zeroed before the first axis; cn_ca_space_free releases what it holds. */
typedef struct cn_ca_space {
    double *vectors;
    size_t capacity; /* doubles in vectors */
    cn_spmv *products;
    int threads; /* what products was made for */
} cn_ca_space;
void cn_ca_space_free(cn_ca_space *space);

/* A warm start, for a classification's chain of axes: each child table (rows and columns
 * of its parent) most often has as first axis what was its parent's second. start: ncols
 * values to start the iteration from (any scale; the fixed start is mixed in at 1e-3, so
 * that no direction is missing), or NULL for the fixed start alone. second: NULL, or room
 * for ncols values that receive the unit Ritz vector of the second largest value of the
 * iteration's last run (zeros when it had a single step). */
typedef struct cn_ca_warm {
    const double *start;
    double *second;
    int steps;          /* set: the Lanczos steps the axis took (two sparse products each) */
    cn_ca_space *space; /* NULL: room made for this axis alone */
} cn_ca_warm;

/* cn_ca_first_axis from a warm start (warm may be NULL: the same as cn_ca_first_axis).
 * The axis is the same to the iteration's tolerance (a residual of 1e-11 of the value),
 * not to the bit: coordinates that agree to some ten digits can rank otherwise. */
int cn_ca_first_axis_warm(const cn_sparse *m, int threads, cn_ca_warm *warm, double *row_coord,
                          double *sigma, cn_error *err);

/* ---- correspondence analysis of a small dense table (classes x forms) ---------------- */

/* Result of cn_ca_table. Arrays are malloc'd, owned by the result (cn_ca_result_free);
 * coordinates are row-major [row * naxes + axis]. */
typedef struct cn_ca_result {
    int naxes;            /* min(active rows, columns) - 1 */
    double *eigenvalues;  /* sigma^2 per axis */
    double total_inertia; /* sum of the eigenvalues = chi2 / N */
    double *row_mass, *col_mass;
    double *row_principal, *row_standard; /* every row, active then supplementary */
    double *row_contrib;                  /* active rows only; NaN for supplementary */
    double *row_cos2;
    double *col_principal, *col_standard, *col_contrib, *col_cos2;
} cn_ca_result;

/* CA of table (nrows x ncols, row-major, counts): the first nactive rows define the axes
 * (GSL's SVD of the standardised residuals), the other rows are projected as
 * supplementary points. Active rows and columns must have positive sums. */
int cn_ca_table(const double *table, int nrows, int nactive, int ncols, cn_ca_result *out,
                cn_error *err);
void cn_ca_result_free(cn_ca_result *r);

#endif
