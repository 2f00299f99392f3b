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
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"
#include "carnet/spmv.h"

#define LANCZOS_STEPS 60
#define LANCZOS_RESTARTS 20
#define LANCZOS_TOL 1e-11

typedef struct op {
    const cn_sparse *m;
    cn_spmv *products;        /* Z v and Z'y, on the run's threads */
    const double *inv_sqrt_r; /* 1 / sqrt(row sums) */
    const double *inv_sqrt_c; /* 1 / sqrt(column sums) */
    const double *trivial;    /* unit vector sqrt(c / N) */
    double *tmp_rows;
    double *scaled_cols; /* v_j / sqrt(c_j), formed once per product instead of per non-zero */
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

/* out = Z v (rows). Each row's sum runs over its columns in increasing order, as it always
 * has: the products v_j / sqrt(c_j) are the same numbers whether formed per non-zero or once. */
static void z_times(const op *o, const double *v, double *out)
{
    double *vs = o->scaled_cols;
    for (uint32_t j = 0; j < o->m->ncols; j++)
        vs[j] = v[j] * o->inv_sqrt_c[j];
    cn_spmv_rows(o->products, vs, o->inv_sqrt_r, out);
}

/* out = Z'Z v, restricted to the complement of the trivial vector. Column j of Z'y adds its
 * rows' terms y_i / sqrt(r_i) in increasing row order, from zero, then scales by
 * 1 / sqrt(c_j): the sums the row-wise scatter made, bit for bit. */
static void apply(const op *o, const double *v, double *out)
{
    const cn_sparse *m = o->m;
    double *y = o->tmp_rows;
    z_times(o, v, y);
    for (uint32_t i = 0; i < m->nrows; i++)
        y[i] *= o->inv_sqrt_r[i];
    cn_spmv_cols(o->products, y, o->inv_sqrt_c, out);
    deflate(o, out);
}

static void normalise(double *v, size_t n)
{
    double norm = sqrt(dot(v, v, n));
    if (norm > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= norm;
}

/* One pass of modified Gram-Schmidt of w against basis vectors 0..k, then the trivial
 * vector, returning |w|^2. Each pass over w subtracts one vector and sums the next one's
 * dot product with the result (the operations of dot() then axpy(), in their order, with
 * one pass over w less per vector). */
static double orthogonalise(const op *o, const double *basis, int k, double *w)
{
    size_t p = o->m->ncols;
    double coef = -dot(basis, w, p);
    for (int j = 0; j <= k + 1; j++) {
        const double *cur = j <= k ? basis + (size_t)j * p : o->trivial;
        const double *next = j < k ? basis + (size_t)(j + 1) * p : j == k ? o->trivial : w;
        double s = 0;
        for (size_t i = 0; i < p; i++) {
            w[i] += coef * cur[i];
            s += next[i] * w[i];
        }
        coef = -s;
    }
    return -coef;
}

/* The next Lanczos vector, unnormalised, from w = A v_k: the three-term recurrence first
 * (w - alpha_k v_k - beta_k v_k-1, which removes w's large components), then full
 * reorthogonalisation, a second pass when the first cancelled much of w. Why this order:
 * Gram-Schmidt against the basis while w still held its large components along v_k and
 * v_k-1 subtracted v_0 first and added it back with them, so each step multiplied the
 * loss of orthogonality by about alpha / beta (4 on a random 5,000 x 250 table: from
 * rounding to 0.7 in 25 steps), and the iteration then converged to a value above the
 * table's largest: a wrong axis. With the recurrence first, what is left along the basis
 * is rounding. Returns |w|^2; sets *alpha. */
static double next_vector(const op *o, const double *basis, int k, double beta_k, double *w,
                          double *alpha)
{
    size_t p = o->m->ncols;
    const double *v = basis + (size_t)k * p;
    if (k > 0)
        axpy(-beta_k, basis + (size_t)(k - 1) * p, w, p);
    *alpha = dot(v, w, p);
    axpy(-*alpha, v, w, p);
    double before = dot(w, w, p), after = orthogonalise(o, basis, k, w);
    /* the second pass only when the first cancelled much of w (Daniel, Gragg, Kaufman
     * and Stewart's test, as ARPACK does): then its rounding can matter */
    return after < 0.5 * before ? orthogonalise(o, basis, k, w) : after;
}

/* Largest eigenpair of the m x m tridiagonal (alpha, beta): value, and the last component
 * of its eigenvector (for the residual) and the whole vector into y; the eigenvector of the
 * second largest value into y2 when m > 1 (the next axis, for a warm start). */
static double ritz(const double *alpha, const double *beta, int m, double *y, double *y2)
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
    size_t second = best == 0 ? 1 : 0;
    for (size_t i = 0; i < (size_t)m; i++)
        if (i != best && gsl_vector_get(eval, i) > gsl_vector_get(eval, second))
            second = i;
    for (int j = 0; j < m && m > 1; j++)
        y2[j] = gsl_matrix_get(evec, (size_t)j, second);
    gsl_eigen_symmv_free(ws);
    gsl_matrix_free(t);
    gsl_vector_free(eval);
    gsl_matrix_free(evec);
    return theta;
}

/* The unit combination sum_j y[j] basis_j of the first m basis vectors, deflated. */
static void combine(const op *o, const double *basis, const double *y, int m, double *out)
{
    size_t p = o->m->ncols;
    memset(out, 0, p * sizeof *out);
    for (int j = 0; j < m; j++)
        axpy(y[j], basis + (size_t)j * p, out, p);
    deflate(o, out);
    normalise(out, p);
}

/* One Lanczos run of up to `steps` steps from the unit vector start (overwritten with
 * the best Ritz vector); stops early, checking every few steps, once the Ritz pair's
 * residual is below tolerance. Returns the Ritz value; *residual its residual norm.
 * second (NULL: not wanted) receives the Ritz vector of the second largest value; *taken
 * counts the steps. */
static double lanczos(const op *o, double *start, int steps, double *basis, double *residual,
                      double *second, int *taken)
{
    size_t p = o->m->ncols;
    double alpha[LANCZOS_STEPS], beta[LANCZOS_STEPS + 1] = {0};
    double y[LANCZOS_STEPS], y2[LANCZOS_STEPS];
    double *w = basis + (size_t)steps * p; /* scratch after the basis */
    double theta = 0;
    int m = 0;
    memcpy(basis, start, p * sizeof *basis);
    for (int k = 0; k < steps; k++) {
        double *v = basis + (size_t)k * p;
        apply(o, v, w);
        beta[k + 1] = sqrt(next_vector(o, basis, k, beta[k], w, &alpha[k]));
        m = k + 1;
        ++*taken;
        bool last = k + 1 == steps || beta[k + 1] < 1e-14;
        if (last || (m >= 4 && m % 4 == 0)) {
            theta = ritz(alpha, beta, m, y, y2);
            *residual = fabs(beta[m] * y[m - 1]);
            if (last || *residual <= LANCZOS_TOL * (theta > 1e-300 ? theta : 1))
                break;
        }
        for (size_t i = 0; i < p; i++)
            basis[(size_t)(k + 1) * p + i] = w[i] / beta[k + 1];
    }
    if (second && m > 1)
        combine(o, basis, y2, m, second);
    else if (second)
        memset(second, 0, p * sizeof *second);
    combine(o, basis, y, m, start);
    return theta;
}

void cn_ca_space_free(cn_ca_space *space)
{
    free(space->vectors);
    cn_spmv_free(space->products);
    *space = (cn_ca_space){0};
}

/* space's products for m on `threads` threads: those of the previous axis, made over for m
 * (their threads and room kept), or new ones. */
static int make_products(cn_ca_space *space, const cn_sparse *m, int threads, cn_error *err)
{
    if (space->products && space->threads == threads)
        return cn_spmv_renew(space->products, m, err);
    cn_spmv_free(space->products);
    space->products = NULL;
    if (cn_spmv_new(m, threads, &space->products, err) < 0)
        return -1;
    space->threads = threads;
    return 0;
}

int cn_ca_first_axis(const cn_sparse *m, int threads, double *row_coord, double *sigma,
                     cn_error *err)
{
    return cn_ca_first_axis_warm(m, threads, NULL, row_coord, sigma, err);
}

int cn_ca_first_axis_warm(const cn_sparse *m, int threads, cn_ca_warm *warm, double *row_coord,
                          double *sigma, cn_error *err)
{
    size_t n = m->nrows, p = m->ncols;
    if (n < 2 || p < 2)
        return cn_error_set(err, "a table needs at least 2 rows and 2 columns for its CA axis");
    int steps = p - 1 < LANCZOS_STEPS ? (int)p - 1 : LANCZOS_STEPS;
    cn_ca_space own = {0}, *space = warm && warm->space ? warm->space : &own;
    size_t need = 3 * n + (5 + (size_t)steps + 1) * p;
    int rc = -1;
    if (cn_grow_raw((void **)&space->vectors, &space->capacity, need, sizeof *space->vectors) < 0) {
        cn_error_nomem(err);
        goto done;
    }
    double *r = space->vectors, *isr = r + n, *tmp = isr + n;
    double *c = tmp + n, *isc = c + p, *trivial = isc + p, *v = trivial + p, *vs = v + p;
    double *basis = vs + p; /* steps + 1 vectors of p */
    double total = (double)m->nnz;
    for (uint32_t i = 0; i < n; i++)
        r[i] = (double)(m->rowptr[i + 1] - m->rowptr[i]);
    if (m->colsum) /* counted by the table's builder */
        for (size_t j = 0; j < p; j++)
            c[j] = (double)m->colsum[j];
    else {
        memset(c, 0, p * sizeof *c);
        for (size_t k = 0; k < m->nnz; k++)
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
    if (make_products(space, m, threads, err) < 0)
        goto done;
    op o = {m, space->products, isr, isc, trivial, tmp, vs};
    /* Deterministic start: Park-Miller numbers, so no machine or seed changes the run. */
    uint64_t x = 20250601;
    for (size_t j = 0; j < p; j++) {
        x = (x * 16807) % 2147483647;
        v[j] = (double)x / 2147483647.0 - 0.5;
    }
    if (warm && warm->start) { /* the fixed start at 1e-3 beside the warm one */
        normalise(v, p);
        for (size_t j = 0; j < p; j++)
            v[j] = warm->start[j] + 1e-3 * v[j];
    }
    deflate(&o, v);
    normalise(v, p);
    double theta = 0, residual = 0;
    int taken = 0;
    for (int restart = 0; restart < LANCZOS_RESTARTS; restart++) {
        theta = lanczos(&o, v, steps, basis, &residual, warm ? warm->second : NULL, &taken);
        if (residual <= LANCZOS_TOL * (theta > 1e-300 ? theta : 1))
            break;
    }
    if (warm)
        warm->steps = taken;
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
    if (space == &own)
        cn_ca_space_free(&own);
    return rc;
}

/* ---- CA of a small dense table ---------------------------------------------------- */

void cn_ca_result_free(cn_ca_result *r)
{
    free(r->eigenvalues);
    free(r->row_mass);
    free(r->col_mass);
    free(r->row_principal);
    free(r->row_standard);
    free(r->row_contrib);
    free(r->row_cos2);
    free(r->col_principal);
    free(r->col_standard);
    free(r->col_contrib);
    free(r->col_cos2);
    memset(r, 0, sizeof *r);
}

/* Makes the largest |coordinate| of each column axis positive: the sign of an SVD axis is
 * arbitrary, so fix it for reproducible figures. */
static void fix_signs(cn_ca_result *r, int ncols)
{
    for (int k = 0; k < r->naxes; k++) {
        int best = 0;
        for (int j = 1; j < ncols; j++)
            if (fabs(r->col_standard[j * r->naxes + k]) >
                fabs(r->col_standard[best * r->naxes + k]))
                best = j;
        if (r->col_standard[best * r->naxes + k] >= 0)
            continue;
        for (int j = 0; j < ncols; j++) {
            r->col_standard[j * r->naxes + k] *= -1;
            r->col_principal[j * r->naxes + k] *= -1;
        }
    }
}

int cn_ca_table(const double *x, int nrows, int nactive, int ncols, cn_ca_result *r, cn_error *err)
{
    memset(r, 0, sizeof *r);
    if (nactive < 2 || ncols < 2)
        return cn_error_set(err, "a CA needs at least 2 rows and 2 columns");
    double total = 0;
    r->row_mass = calloc((size_t)nrows, sizeof *r->row_mass);
    r->col_mass = calloc((size_t)ncols, sizeof *r->col_mass);
    if (!r->row_mass || !r->col_mass)
        goto oom;
    for (int i = 0; i < nactive; i++)
        for (int j = 0; j < ncols; j++) {
            total += x[i * ncols + j];
            r->col_mass[j] += x[i * ncols + j];
        }
    for (int i = 0; i < nrows; i++)
        for (int j = 0; j < ncols; j++)
            r->row_mass[i] += x[i * ncols + j];
    for (int j = 0; j < ncols; j++) {
        if (r->col_mass[j] <= 0) {
            cn_ca_result_free(r);
            return cn_error_set(err, "column %d of the CA table is empty", j + 1);
        }
        r->col_mass[j] /= total;
    }
    /* Standardised residuals of the active rows; GSL wants rows >= columns, so the
     * decomposition is of S or of its transpose, whichever is taller. */
    bool transpose = nactive < ncols;
    size_t m = (size_t)(transpose ? ncols : nactive), n = (size_t)(transpose ? nactive : ncols);
    gsl_matrix *a = gsl_matrix_alloc(m, n), *v = gsl_matrix_alloc(n, n);
    gsl_vector *s = gsl_vector_alloc(n), *work = gsl_vector_alloc(n);
    if (!a || !v || !s || !work) {
        gsl_matrix_free(a);
        gsl_matrix_free(v);
        gsl_vector_free(s);
        gsl_vector_free(work);
        goto oom;
    }
    for (int i = 0; i < nactive; i++) {
        double ri = r->row_mass[i] / total;
        if (ri <= 0) {
            gsl_matrix_free(a);
            gsl_matrix_free(v);
            gsl_vector_free(s);
            gsl_vector_free(work);
            cn_ca_result_free(r);
            return cn_error_set(err, "row %d of the CA table is empty", i + 1);
        }
        for (int j = 0; j < ncols; j++) {
            double e = ri * r->col_mass[j];
            double val = (x[i * ncols + j] / total - e) / sqrt(e);
            if (transpose)
                gsl_matrix_set(a, (size_t)j, (size_t)i, val);
            else
                gsl_matrix_set(a, (size_t)i, (size_t)j, val);
        }
    }
    gsl_linalg_SV_decomp(a, v, s, work); /* a <- U, singular values descending */
    int naxes = (nactive < ncols ? nactive : ncols) - 1;
    r->naxes = naxes;
    r->eigenvalues = malloc((size_t)naxes * sizeof *r->eigenvalues);
    size_t rc_size = (size_t)nrows * naxes, cc_size = (size_t)ncols * naxes;
    r->row_principal = calloc(rc_size + 1, sizeof(double));
    r->row_standard = calloc(rc_size + 1, sizeof(double));
    r->row_contrib = calloc(rc_size + 1, sizeof(double));
    r->row_cos2 = calloc(rc_size + 1, sizeof(double));
    r->col_principal = calloc(cc_size + 1, sizeof(double));
    r->col_standard = calloc(cc_size + 1, sizeof(double));
    r->col_contrib = calloc(cc_size + 1, sizeof(double));
    r->col_cos2 = calloc(cc_size + 1, sizeof(double));
    if (!r->eigenvalues || !r->row_principal || !r->row_standard || !r->row_contrib ||
        !r->row_cos2 || !r->col_principal || !r->col_standard || !r->col_contrib || !r->col_cos2) {
        gsl_matrix_free(a);
        gsl_matrix_free(v);
        gsl_vector_free(s);
        gsl_vector_free(work);
        goto oom;
    }
    for (int k = 0; k < naxes; k++) {
        double sigma = gsl_vector_get(s, (size_t)k);
        r->eigenvalues[k] = sigma * sigma;
        r->total_inertia += r->eigenvalues[k];
        for (int j = 0; j < ncols; j++) {
            /* column singular vector: V when not transposed, U when transposed */
            double g = transpose ? gsl_matrix_get(a, (size_t)j, (size_t)k)
                                 : gsl_matrix_get(v, (size_t)j, (size_t)k);
            r->col_standard[j * naxes + k] = g / sqrt(r->col_mass[j]);
            r->col_principal[j * naxes + k] = r->col_standard[j * naxes + k] * sigma;
        }
    }
    gsl_matrix_free(a);
    gsl_matrix_free(v);
    gsl_vector_free(s);
    gsl_vector_free(work);
    fix_signs(r, ncols);
    /* Rows, active and supplementary alike, are projected from their profiles: the
     * transition formula f_ik = sum_j p_ij g_jk (g standard column coordinates). */
    for (int i = 0; i < nrows; i++) {
        double rs = r->row_mass[i], dist2 = 0;
        for (int j = 0; j < ncols && rs > 0; j++) {
            double d = x[i * ncols + j] / rs - r->col_mass[j];
            dist2 += d * d / r->col_mass[j];
        }
        for (int k = 0; k < naxes; k++) {
            double f = 0;
            for (int j = 0; j < ncols && rs > 0; j++)
                f += x[i * ncols + j] / rs * r->col_standard[j * naxes + k];
            double sigma = sqrt(r->eigenvalues[k]);
            r->row_principal[i * naxes + k] = f;
            r->row_standard[i * naxes + k] = sigma > 0 ? f / sigma : 0;
            r->row_cos2[i * naxes + k] = dist2 > 0 ? f * f / dist2 : 0;
            r->row_contrib[i * naxes + k] =
                i < nactive && r->eigenvalues[k] > 0
                    ? (r->row_mass[i] / total) * f * f / r->eigenvalues[k]
                    : NAN;
        }
        r->row_mass[i] /= total;
    }
    for (int j = 0; j < ncols; j++) {
        double dist2 = 0;
        for (int k = 0; k < naxes; k++)
            dist2 += r->col_principal[j * naxes + k] * r->col_principal[j * naxes + k];
        for (int k = 0; k < naxes; k++) {
            double g = r->col_principal[j * naxes + k];
            r->col_cos2[j * naxes + k] = dist2 > 0 ? g * g / dist2 : 0;
            r->col_contrib[j * naxes + k] =
                r->eigenvalues[k] > 0 ? r->col_mass[j] * g * g / r->eigenvalues[k] : 0;
        }
    }
    return 0;
oom:
    cn_ca_result_free(r);
    return cn_error_nomem(err);
}
