/* ca.c — first CA axis of a sparse binary table by Lanczos iteration (see ca.h).
 *
 * The CA's first non-trivial axis is the second singular triplet of Z = D_r^-1/2 X D_c^-1/2;
 * the first is trivial (sigma = 1, right vector sqrt(c/N)). We find the top eigenvector of
 * Z'Z on the complement of that trivial vector: each product costs two passes over the
 * non-zeros, so a 50,000 x 5,000 table is never formed densely. Lanczos with full
 * reorthogonalisation (the basis is small), early stopping, and explicit restarts from the best
 * Ritz vector until the residual is negligible; the start vector is fixed (Park-Miller from a
 * constant seed), so results do not depend on the machine. */
#include "carnet/ca.h"

#include <gsl/gsl_eigen.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define LANCZOS_STEPS 60
#define LANCZOS_RESTARTS 20
#define LANCZOS_TOL 1e-11

typedef struct op {
    const cn_sparse *m;
    const double *inv_sqrt_r; /* 1 / sqrt(row sums) */
    const double *inv_sqrt_c; /* 1 / sqrt(column sums) */
    const double *trivial;    /* unit vector sqrt(c / N) */
    double *tmp_rows;
} op;

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static void axpy(double a, const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

static void deflate(const op *o, double *v)
{
    axpy(-dot(o->trivial, v, o->m->ncols), o->trivial, v, o->m->ncols);
}

/* out = Z v (rows). */
static void z_times(const op *o, const double *v, double *out)
{
    const cn_sparse *m = o->m;
    for (uint32_t i = 0; i < m->nrows; i++) {
        double s = 0;
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            s += v[m->colidx[k]] * o->inv_sqrt_c[m->colidx[k]];
        out[i] = s * o->inv_sqrt_r[i];
    }
}

/* out = Z'Z v, restricted to the complement of the trivial vector. */
static void apply(const op *o, const double *v, double *out)
{
    const cn_sparse *m = o->m;
    z_times(o, v, o->tmp_rows);
    memset(out, 0, m->ncols * sizeof *out);
    for (uint32_t i = 0; i < m->nrows; i++) {
        double w = o->tmp_rows[i] * o->inv_sqrt_r[i];
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            out[m->colidx[k]] += w;
    }
    for (uint32_t j = 0; j < m->ncols; j++)
        out[j] *= o->inv_sqrt_c[j];
    deflate(o, out);
}

static void normalise(double *v, size_t n)
{
    double norm = sqrt(dot(v, v, n));
    if (norm > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= norm;
}

/* Largest eigenpair of the m x m tridiagonal (alpha, beta): value, and the last component
 * of its eigenvector (for the residual) and the whole vector into y. */
static double ritz(const double *alpha, const double *beta, int m, double *y)
{
    gsl_matrix *t = gsl_matrix_calloc((size_t)m, (size_t)m);
    gsl_vector *eval = gsl_vector_alloc((size_t)m);
    gsl_matrix *evec = gsl_matrix_alloc((size_t)m, (size_t)m);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc((size_t)m);
    for (int i = 0; i < m; i++) {
        gsl_matrix_set(t, (size_t)i, (size_t)i, alpha[i]);
        if (i + 1 < m) {
            gsl_matrix_set(t, (size_t)i, (size_t)i + 1, beta[i + 1]);
            gsl_matrix_set(t, (size_t)i + 1, (size_t)i, beta[i + 1]);
        }
    }
    gsl_eigen_symmv(t, eval, evec, ws);
    size_t best = 0;
    for (size_t i = 1; i < (size_t)m; i++)
        if (gsl_vector_get(eval, i) > gsl_vector_get(eval, best))
            best = i;
    double theta = gsl_vector_get(eval, best);
    for (int j = 0; j < m; j++)
        y[j] = gsl_matrix_get(evec, (size_t)j, best);
    gsl_eigen_symmv_free(ws);
    gsl_matrix_free(t);
    gsl_vector_free(eval);
    gsl_matrix_free(evec);
    return theta;
}

/* One Lanczos run of up to `steps` steps from the unit vector start (overwritten with
 * the best Ritz vector); stops early, checking every few steps, once the Ritz pair's
 * residual is below tolerance. Returns the Ritz value; *residual its residual norm. */
static double lanczos(const op *o, double *start, int steps, double *basis, double *residual)
{
    size_t p = o->m->ncols;
    double alpha[LANCZOS_STEPS], beta[LANCZOS_STEPS + 1], y[LANCZOS_STEPS];
    double *w = basis + (size_t)steps * p; /* scratch after the basis */
    double theta = 0;
    int m = 0;
    memcpy(basis, start, p * sizeof *basis);
    for (int k = 0; k < steps; k++) {
        double *v = basis + (size_t)k * p;
        apply(o, v, w);
        alpha[k] = dot(v, w, p);
        /* full reorthogonalisation against the whole (small) basis */
        for (int j = 0; j <= k; j++)
            axpy(-dot(basis + (size_t)j * p, w, p), basis + (size_t)j * p, w, p);
        deflate(o, w);
        beta[k + 1] = sqrt(dot(w, w, p));
        m = k + 1;
        bool last = k + 1 == steps || beta[k + 1] < 1e-14;
        if (last || (m >= 4 && m % 4 == 0)) {
            theta = ritz(alpha, beta, m, y);
            *residual = fabs(beta[m] * y[m - 1]);
            if (last || *residual <= LANCZOS_TOL * (theta > 1e-300 ? theta : 1))
                break;
        }
        memcpy(basis + (size_t)(k + 1) * p, w, p * sizeof *w);
        for (size_t i = 0; i < p; i++)
            basis[(size_t)(k + 1) * p + i] /= beta[k + 1];
    }
    memset(start, 0, p * sizeof *start);
    for (int j = 0; j < m; j++)
        axpy(y[j], basis + (size_t)j * p, start, p);
    deflate(o, start);
    normalise(start, p);
    return theta;
}

int cn_ca_first_axis(const cn_sparse *m, double *row_coord, double *sigma, cn_error *err)
{
    size_t n = m->nrows, p = m->ncols;
    if (n < 2 || p < 2)
        return cn_error_set(err, "a table needs at least 2 rows and 2 columns for its CA axis");
    int steps = p - 1 < LANCZOS_STEPS ? (int)p - 1 : LANCZOS_STEPS;
    double *r = calloc(n, sizeof *r), *c = calloc(p, sizeof *c);
    double *isr = malloc(n * sizeof *isr), *isc = malloc(p * sizeof *isc);
    double *trivial = malloc(p * sizeof *trivial), *tmp = malloc(n * sizeof *tmp);
    double *v = malloc(p * sizeof *v);
    double *basis = malloc(((size_t)steps + 1) * p * sizeof *basis);
    int rc = -1;
    if (!r || !c || !isr || !isc || !trivial || !tmp || !v || !basis) {
        cn_error_set(err, "out of memory");
        goto done;
    }
    double total = (double)m->nnz;
    for (uint32_t i = 0; i < n; i++) {
        r[i] = (double)(m->rowptr[i + 1] - m->rowptr[i]);
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            c[m->colidx[k]] += 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (r[i] == 0) {
            cn_error_set(err, "row %zu of the table is empty", i + 1);
            goto done;
        }
        isr[i] = 1 / sqrt(r[i]);
    }
    for (size_t j = 0; j < p; j++) {
        if (c[j] == 0) {
            cn_error_set(err, "column %zu of the table is empty", j + 1);
            goto done;
        }
        isc[j] = 1 / sqrt(c[j]);
        trivial[j] = sqrt(c[j] / total);
    }
    op o = {m, isr, isc, trivial, tmp};
    /* Deterministic start: Park-Miller numbers, so no machine or seed changes the run. */
    uint64_t x = 20250601;
    for (size_t j = 0; j < p; j++) {
        x = (x * 16807) % 2147483647;
        v[j] = (double)x / 2147483647.0 - 0.5;
    }
    deflate(&o, v);
    normalise(v, p);
    double theta = 0, residual = 0;
    for (int restart = 0; restart < LANCZOS_RESTARTS; restart++) {
        theta = lanczos(&o, v, steps, basis, &residual);
        if (residual <= LANCZOS_TOL * (theta > 1e-300 ? theta : 1))
            break;
    }
    z_times(&o, v, row_coord);
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        row_coord[i] *= isr[i];
        if (fabs(row_coord[i]) > fabs(row_coord[best]))
            best = i;
    }
    if (row_coord[best] < 0)
        for (size_t i = 0; i < n; i++)
            row_coord[i] = -row_coord[i];
    *sigma = sqrt(theta > 0 ? theta : 0);
    rc = 0;
done:
    free(r);
    free(c);
    free(isr);
    free(isc);
    free(trivial);
    free(tmp);
    free(v);
    free(basis);
    return rc;
}
