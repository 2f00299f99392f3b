/* test_spmv.c — the CA's sparse products give the bits of the plain in-order sums on any
 * thread count, and so do the CA axis and the whole classification built on them. The
 * vectors mix magnitudes (1e16 next to 1) so that any other order of the additions would
 * show in the bits. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_eigen.h>

#include "carnet/ca.h"
#include "carnet/dhc.h"
#include "carnet/spmv.h"

static uint64_t park_miller(uint64_t *x)
{
    *x = (16807 * *x) % 2147483647;
    return *x;
}

/* nrows x ncols with cell density about 1/every; a few dense columns and long rows so that
 * lines are of very different lengths; row 1 and column 2 left empty when `holes`. */
/* The matrix of the (row, col) pairs; takes rows and cols (freed). */
static cn_sparse *from_pairs(uint32_t nrows, uint32_t ncols, uint32_t *rows, uint32_t *cols,
                             size_t n)
{
    cn_sparse *m = NULL;
    cn_error err = {0};
    if (cn_sparse_from_pairs(nrows, ncols, rows, cols, n, &m, &err) < 0)
        fail_msg("%s", err.msg);
    free(rows);
    free(cols);
    return m;
}

static cn_sparse *random_matrix(uint32_t nrows, uint32_t ncols, uint32_t every, uint64_t seed,
                                bool holes)
{
    size_t cap = (size_t)nrows * ncols;
    uint32_t *rows = malloc(cap * sizeof *rows), *cols = malloc(cap * sizeof *cols);
    size_t n = 0;
    uint64_t x = seed;
    for (uint32_t i = 0; i < nrows; i++)
        for (uint32_t j = 0; j < ncols; j++) {
            uint64_t u = park_miller(&x);
            bool dense = j % 17 == 0 || i % 101 == 0;
            if (holes && (i == 1 || j == 2))
                continue;
            if (u % (dense ? 2 : every) == 0) {
                rows[n] = i;
                cols[n] = j;
                n++;
            }
        }
    return from_pairs(nrows, ncols, rows, cols, n);
}

static double *mixed_vector(size_t n, uint64_t seed)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    uint64_t x = seed;
    for (size_t i = 0; i < n; i++) {
        double u = (double)park_miller(&x) / 2147483647.0 - 0.5;
        v[i] = i % 5 == 0 ? u * 1e16 : u;
    }
    return v;
}

/* The reference: each row's columns, then each column's rows, added in increasing order. */
static void plain_sums(const cn_sparse *m, const double *xc, const double *sr, const double *xr,
                       const double *sc, double *rows, double *cols)
{
    for (uint32_t i = 0; i < m->nrows; i++) {
        double s = 0;
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            s += xc[m->colidx[k]];
        rows[i] = s * sr[i];
    }
    for (uint32_t j = 0; j < m->ncols; j++)
        cols[j] = 0;
    for (uint32_t i = 0; i < m->nrows; i++) /* rows in order: each column's in order */
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            cols[m->colidx[k]] += xr[i];
    for (uint32_t j = 0; j < m->ncols; j++)
        cols[j] *= sc[j];
}

/* About per_row random columns in each row, and column 0 in every other row: a table of any
 * size without a pass over its cells. */
static cn_sparse *scattered_matrix(uint32_t nrows, uint32_t ncols, uint32_t per_row, uint64_t seed)
{
    size_t cap = (size_t)nrows * (per_row + 1);
    uint32_t *rows = malloc(cap * sizeof *rows), *cols = malloc(cap * sizeof *cols);
    size_t n = 0;
    uint64_t x = seed;
    for (uint32_t i = 0; i < nrows; i++) {
        for (uint32_t k = 0; k < per_row; k++) {
            rows[n] = i;
            cols[n++] = (uint32_t)(park_miller(&x) % ncols);
        }
        if (i % 2 == 0) {
            rows[n] = i;
            cols[n++] = 0;
        }
    }
    return from_pairs(nrows, ncols, rows, cols, n);
}

/* s's two products of m, on vectors drawn from seed, are the plain sums. */
static void assert_products(cn_spmv *s, const cn_sparse *m, uint64_t seed)
{
    uint32_t nrows = m->nrows, ncols = m->ncols;
    double *xc = mixed_vector(ncols, seed), *sc = mixed_vector(ncols, seed + 1);
    double *xr = mixed_vector(nrows, seed + 2), *sr = mixed_vector(nrows, seed + 3);
    double *want_r = malloc((nrows + 1) * sizeof *want_r),
           *got_r = malloc((nrows + 1) * sizeof *got_r);
    double *want_c = malloc((ncols + 1) * sizeof *want_c),
           *got_c = malloc((ncols + 1) * sizeof *got_c);
    plain_sums(m, xc, sr, xr, sc, want_r, want_c);
    memset(got_r, 0xff, (nrows + 1) * sizeof *got_r);
    memset(got_c, 0xff, (ncols + 1) * sizeof *got_c);
    cn_spmv_rows(s, xc, sr, got_r);
    cn_spmv_cols(s, xr, sc, got_c);
    assert_memory_equal(got_r, want_r, nrows * sizeof *got_r);
    assert_memory_equal(got_c, want_c, ncols * sizeof *got_c);
    free(xc);
    free(sc);
    free(xr);
    free(sr);
    free(want_r);
    free(got_r);
    free(want_c);
    free(got_c);
}

/* Both products of m, on several thread counts, against the plain sums; takes m. */
static void check_products_of(cn_sparse *m)
{
    const int threads[] = {1, 2, 3, 4, 7};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        cn_spmv *s = NULL;
        cn_error err = {0};
        assert_int_equal(cn_spmv_new(m, threads[t], &s, &err), 0);
        if (m->nnz >= 4096 * 8) /* large enough to be shared: the threads do run */
            assert_int_equal(cn_spmv_threads(s), threads[t]);
        for (int again = 0; again < 3; again++) /* the pool serves product after product */
            assert_products(s, m, 7 + 4 * (uint64_t)again);
        cn_spmv_free(s);
    }
    cn_sparse_free(m);
}

static void check_products(uint32_t nrows, uint32_t ncols, uint32_t every, bool holes)
{
    check_products_of(random_matrix(nrows, ncols, every, 4242 + nrows, holes));
}

/* m's columns are kept in `bits` bits in `blocks` blocks, and its products are the plain
 * sums; takes m. */
static void check_layout(cn_sparse *m, int bits, uint32_t blocks)
{
    cn_spmv *s = NULL;
    cn_error err = {0};
    assert_int_equal(cn_spmv_new(m, 2, &s, &err), 0);
    int got_bits;
    uint32_t got_blocks;
    cn_spmv_layout(s, true, &got_bits, &got_blocks);
    cn_spmv_free(s);
    assert_int_equal(got_bits, bits);
    assert_int_equal(got_blocks, blocks);
    check_products_of(m);
}

/* Past 65,536 rows, each column's rows are kept in 16 bits in blocks, its sum carried from
 * one block to the next: the same bits as one sum over all its rows. */
static void column_blocks_carry_the_sums(void **state)
{
    (void)state;
    check_layout(scattered_matrix(140000, 40, 3, 77), 16, 3);
    check_layout(scattered_matrix(65536, 30, 2, 78), 16, 1); /* exactly one block */
    check_layout(scattered_matrix(65537, 30, 2, 79), 16, 2); /* a row into a second block */
}

/* A table too sparse for the blocks (more than 65,536 rows, a non-zero or two a row over
 * 70,000 columns) keeps its columns in 32 bits: the same sums. */
static void a_very_sparse_table_keeps_32_bits(void **state)
{
    (void)state;
    check_layout(scattered_matrix(70000, 70000, 1, 80), 32, 1);
}

static void products_are_the_plain_sums_on_any_thread_count(void **state)
{
    (void)state;
    check_products(3, 2, 1, false);       /* fewer lines than a group of four */
    check_products(9, 6, 3, true);        /* empty row and column */
    check_products(2000, 300, 9, false);  /* shared across threads */
    check_products(6001, 450, 20, true);  /* uneven lengths, holes, shared */
    check_products(300, 5000, 40, false); /* wider than tall */
}

/* Workers wake late on a busy machine: the caller then takes their chunks, and one that
 * wakes for a product already done must take nothing of the next (another vector, another
 * side). Many products in quick succession, on more threads than cores, each on its own
 * vector, each checked. */
static void late_workers_take_nothing_of_the_next_product(void **state)
{
    (void)state;
    cn_sparse *m = random_matrix(30000, 700, 5, 4343, false);
    uint32_t nrows = m->nrows, ncols = m->ncols;
    double *xc[2] = {mixed_vector(ncols, 21), mixed_vector(ncols, 22)};
    double *xr[2] = {mixed_vector(nrows, 23), mixed_vector(nrows, 24)};
    double *sc = mixed_vector(ncols, 25), *sr = mixed_vector(nrows, 26);
    double *want_r[2], *want_c[2];
    for (int v = 0; v < 2; v++) {
        want_r[v] = malloc(nrows * sizeof **want_r);
        want_c[v] = malloc(ncols * sizeof **want_c);
        plain_sums(m, xc[v], sr, xr[v], sc, want_r[v], want_c[v]);
    }
    double *got_r = malloc(nrows * sizeof *got_r), *got_c = malloc(ncols * sizeof *got_c);
    cn_spmv *s = NULL;
    cn_error err = {0};
    assert_int_equal(cn_spmv_new(m, 7, &s, &err), 0);
    assert_int_equal(cn_spmv_threads(s), 7);
    for (int k = 0; k < 100; k++) {
        int v = k % 2;
        cn_spmv_rows(s, xc[v], sr, got_r);
        assert_memory_equal(got_r, want_r[v], nrows * sizeof *got_r);
        cn_spmv_cols(s, xr[v], sc, got_c);
        assert_memory_equal(got_c, want_c[v], ncols * sizeof *got_c);
    }
    cn_spmv_free(s);
    for (int v = 0; v < 2; v++) {
        free(xc[v]);
        free(xr[v]);
        free(want_r[v]);
        free(want_c[v]);
    }
    free(sc);
    free(sr);
    free(got_r);
    free(got_c);
    cn_sparse_free(m);
}

static void no_thread_asked_is_one(void **state)
{
    (void)state;
    cn_sparse *m = random_matrix(4000, 200, 4, 99, false);
    cn_error err = {0};
    const int asked[] = {0, -3, 1};
    for (size_t k = 0; k < sizeof asked / sizeof *asked; k++) {
        cn_spmv *s = NULL;
        assert_int_equal(cn_spmv_new(m, asked[k], &s, &err), 0);
        assert_int_equal(cn_spmv_threads(s), 1);
        cn_spmv_free(s);
    }
    cn_sparse_free(m);
}

static void ca_axis_has_the_same_bits_on_any_thread_count(void **state)
{
    (void)state;
    cn_sparse *m = random_matrix(5000, 250, 12, 2026, false);
    double *one = malloc(m->nrows * sizeof *one), *many = malloc(m->nrows * sizeof *many);
    double sigma1, sigma;
    cn_error err = {0};
    assert_int_equal(cn_ca_first_axis(m, 1, one, &sigma1, &err), 0);
    assert_true(sigma1 > 0 && sigma1 < 1);
    const int threads[] = {2, 3, 4};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        assert_int_equal(cn_ca_first_axis(m, threads[t], many, &sigma, &err), 0);
        assert_memory_equal(many, one, m->nrows * sizeof *one);
        assert_memory_equal(&sigma, &sigma1, sizeof sigma);
    }
    free(one);
    free(many);
    cn_sparse_free(m);
}

/* The largest |a_i - b_i| over n values, relative to the largest |a_i|. */
static double relative_gap(const double *a, const double *b, size_t n)
{
    double gap = 0, top = 0;
    for (size_t i = 0; i < n; i++) {
        gap = fmax(gap, fabs(a[i] - b[i]));
        top = fmax(top, fabs(a[i]));
    }
    return gap / top;
}

/* The CA's first axis of m by a dense eigen-decomposition of Z'Z (Z = D_r^-1/2 M D_c^-1/2),
 * the trivial axis (value 1) left out: row coordinates as cn_ca_first_axis gives them. */
static double dense_first_axis(const cn_sparse *m, double *row_coord)
{
    size_t n = m->nrows, p = m->ncols;
    double *r = calloc(n, sizeof *r), *c = calloc(p, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        r[i] = (double)(m->rowptr[i + 1] - m->rowptr[i]);
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            c[m->colidx[k]] += 1;
    }
    gsl_matrix *a = gsl_matrix_calloc(p, p), *evec = gsl_matrix_alloc(p, p);
    gsl_vector *eval = gsl_vector_alloc(p);
    for (size_t i = 0; i < n; i++)
        for (size_t x = m->rowptr[i]; x < m->rowptr[i + 1]; x++)
            for (size_t y = m->rowptr[i]; y < m->rowptr[i + 1]; y++) {
                uint32_t ja = m->colidx[x], jb = m->colidx[y];
                *gsl_matrix_ptr(a, ja, jb) += 1 / (r[i] * sqrt(c[ja] * c[jb]));
            }
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(p);
    gsl_eigen_symmv(a, eval, evec, ws);
    gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
    assert_true(fabs(gsl_vector_get(eval, 0) - 1) < 1e-9); /* the trivial axis */
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            s += gsl_matrix_get(evec, m->colidx[k], 1) / sqrt(c[m->colidx[k]]);
        row_coord[i] = s / r[i];
        if (fabs(row_coord[i]) > fabs(row_coord[best]))
            best = i;
    }
    if (row_coord[best] < 0)
        for (size_t i = 0; i < n; i++)
            row_coord[i] = -row_coord[i];
    double sigma = sqrt(gsl_vector_get(eval, 1));
    gsl_eigen_symmv_free(ws);
    gsl_matrix_free(a);
    gsl_matrix_free(evec);
    gsl_vector_free(eval);
    free(r);
    free(c);
    return sigma;
}

/* The Lanczos axis is the dense one, on tables whose leading values are close (random
 * tables: 0.21763 then 0.21521), where a Lanczos that lost its basis's orthogonality found
 * 0.2403, above the largest, and a wrong axis. */
static void ca_axis_is_the_dense_one(void **state)
{
    (void)state;
    const uint64_t seeds[] = {2026, 7, 99991};
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
        cn_sparse *m = random_matrix(5000, 250, 12, seeds[s], false);
        double *dense = malloc(m->nrows * sizeof *dense),
               *lanczos = malloc(m->nrows * sizeof *dense);
        double sigma, want = dense_first_axis(m, dense);
        cn_error err = {0};
        assert_int_equal(cn_ca_first_axis(m, 2, lanczos, &sigma, &err), 0);
        assert_true(fabs(sigma - want) < 1e-9 * want);
        assert_true(relative_gap(dense, lanczos, m->nrows) < 1e-6);
        free(dense);
        free(lanczos);
        cn_sparse_free(m);
    }
}

/* A warm start finds the same axis, to the iteration's tolerance, even started from the
 * table's next axis (the start most nearly orthogonal to the answer) or from nothing; and
 * without one, the bits of cn_ca_first_axis. */
static void warm_start_finds_the_same_axis(void **state)
{
    (void)state;
    cn_sparse *m = random_matrix(5000, 250, 12, 2026, false);
    size_t n = m->nrows, p = m->ncols;
    double *cold = malloc(n * sizeof *cold), *warm = malloc(n * sizeof *warm);
    double *second = malloc(p * sizeof *second), *zeros = calloc(p, sizeof *zeros);
    double sigma_cold, sigma_plain, sigma;
    cn_error err = {0};
    assert_int_equal(cn_ca_first_axis(m, 1, warm, &sigma_plain, &err), 0);
    cn_ca_warm w = {.start = NULL, .second = second};
    assert_int_equal(cn_ca_first_axis_warm(m, 2, &w, cold, &sigma_cold, &err), 0);
    assert_memory_equal(cold, warm, n * sizeof *cold);
    assert_memory_equal(&sigma_cold, &sigma_plain, sizeof sigma);
    double norm = 0, along = 0;
    for (size_t j = 0; j < p; j++)
        norm += second[j] * second[j];
    assert_true(fabs(norm - 1) < 1e-12);
    const double *starts[] = {second, zeros};
    for (size_t k = 0; k < 2; k++) {
        w = (cn_ca_warm){.start = starts[k], .second = NULL};
        assert_int_equal(cn_ca_first_axis_warm(m, 2, &w, warm, &sigma, &err), 0);
        assert_true(fabs(sigma - sigma_cold) < 1e-10);
        assert_true(relative_gap(cold, warm, n) < 1e-6);
        along = 0;
        for (size_t i = 0; i < n; i++)
            along += cold[i] * warm[i];
        assert_true(along > 0); /* the same sign convention */
    }
    free(cold);
    free(warm);
    free(second);
    free(zeros);
    cn_sparse_free(m);
}

/* Products made over for table after table (a classification's splits), larger and
 * smaller, in 16 bits in blocks, in 32 bits and in one block: each table's plain sums, on
 * 1 and 3 threads. */
static void products_made_over_for_each_table(void **state)
{
    (void)state;
    cn_sparse *m[] = {scattered_matrix(140000, 40, 3, 81), random_matrix(6001, 450, 20, 82, true),
                      scattered_matrix(70000, 70000, 1, 83), scattered_matrix(65537, 30, 2, 84),
                      random_matrix(9, 6, 3, 85, true)};
    const int bits[] = {16, 16, 32, 16, 16};
    const int threads[] = {1, 3};
    for (size_t t = 0; t < 2; t++) {
        cn_spmv *s = NULL;
        cn_error err = {0};
        assert_int_equal(cn_spmv_new(m[4], threads[t], &s, &err), 0);
        for (size_t k = 0; k < sizeof m / sizeof *m; k++) {
            assert_int_equal(cn_spmv_renew(s, m[k], &err), 0);
            int got_bits;
            uint32_t blocks;
            cn_spmv_layout(s, true, &got_bits, &blocks);
            assert_int_equal(got_bits, bits[k]);
            assert_products(s, m[k], 31);
        }
        cn_spmv_free(s);
    }
    for (size_t k = 0; k < sizeof m / sizeof *m; k++)
        cn_sparse_free(m[k]);
}

/* A CA's room kept for the next axis (cn_ca_space): the same bits as an axis with room of
 * its own, on tables larger and smaller than the last, and on another thread count. */
static void ca_space_kept_gives_the_same_axes(void **state)
{
    (void)state;
    cn_sparse *m[] = {random_matrix(5000, 250, 12, 2026, false),
                      random_matrix(300, 40, 3, 2027, false),
                      random_matrix(7000, 300, 10, 2028, false)};
    cn_ca_space space = {0};
    const int threads[] = {2, 2, 3};
    for (size_t k = 0; k < sizeof m / sizeof *m; k++) {
        size_t n = m[k]->nrows;
        double *alone = malloc(n * sizeof *alone), *kept = malloc(n * sizeof *kept);
        double sigma_alone, sigma_kept;
        cn_error err = {0};
        assert_int_equal(cn_ca_first_axis(m[k], threads[k], alone, &sigma_alone, &err), 0);
        cn_ca_warm w = {.space = &space};
        assert_int_equal(cn_ca_first_axis_warm(m[k], threads[k], &w, kept, &sigma_kept, &err), 0);
        assert_memory_equal(kept, alone, n * sizeof *kept);
        assert_memory_equal(&sigma_kept, &sigma_alone, sizeof sigma_kept);
        free(alone);
        free(kept);
    }
    cn_ca_space_free(&space);
    for (size_t k = 0; k < sizeof m / sizeof *m; k++)
        cn_sparse_free(m[k]);
}

/* m with `extra` more rows, each holding `extra` new columns of their own and columns 0
 * and 1: a parent whose first axis sets those rows apart, and whose next one is m's. */
static cn_sparse *with_block(const cn_sparse *m, uint32_t extra)
{
    size_t cap = m->nnz + (size_t)extra * (extra + 2);
    uint32_t *rows = malloc(cap * sizeof *rows), *cols = malloc(cap * sizeof *cols);
    size_t n = 0;
    for (uint32_t i = 0; i < m->nrows; i++)
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++) {
            rows[n] = i;
            cols[n++] = m->colidx[k];
        }
    for (uint32_t e = 0; e < extra; e++)
        for (uint32_t j = 0; j < extra + 2; j++) {
            rows[n] = m->nrows + e;
            cols[n++] = j < 2 ? j : m->ncols + j - 2;
        }
    return from_pairs(m->nrows + extra, m->ncols + extra, rows, cols, n);
}

/* What a classification does at each split: the child's axis started from its parent's
 * second is the child's axis, in fewer steps than from the fixed start. */
static void warm_start_from_the_parent_is_shorter(void **state)
{
    (void)state;
    cn_sparse *child = random_matrix(3000, 200, 10, 4242, false);
    cn_sparse *parent = with_block(child, 6);
    double *coord = malloc(parent->nrows * sizeof *coord);
    double *cold = malloc(child->nrows * sizeof *cold), *warm = malloc(child->nrows * sizeof *warm);
    double *second = malloc(parent->ncols * sizeof *second), sigma, sigma_cold;
    cn_error err = {0};
    cn_ca_warm w = {.second = second};
    assert_int_equal(cn_ca_first_axis_warm(parent, 1, &w, coord, &sigma, &err), 0);
    cn_ca_warm c = {0};
    assert_int_equal(cn_ca_first_axis_warm(child, 1, &c, cold, &sigma_cold, &err), 0);
    cn_ca_warm h = {.start = second}; /* its first child->ncols values: the child's columns */
    assert_int_equal(cn_ca_first_axis_warm(child, 1, &h, warm, &sigma, &err), 0);
    assert_true(fabs(sigma - sigma_cold) < 1e-10);
    assert_true(relative_gap(cold, warm, child->nrows) < 1e-6);
    assert_true(h.steps < c.steps);
    free(coord);
    free(cold);
    free(warm);
    free(second);
    cn_sparse_free(child);
    cn_sparse_free(parent);
}

/* Three blocks of rows, each with its own columns, and noise: a tree of several splits. */
static cn_sparse *blocks_matrix(void)
{
    uint32_t nrows = 6000, ncols = 240;
    uint32_t *rows = malloc((size_t)nrows * ncols * sizeof *rows);
    uint32_t *cols = malloc((size_t)nrows * ncols * sizeof *cols);
    size_t n = 0;
    uint64_t x = 31337;
    for (uint32_t i = 0; i < nrows; i++)
        for (uint32_t j = 0; j < ncols; j++) {
            uint64_t u = park_miller(&x) % 100;
            if (u < (j % 4 == i % 4 ? 18u : 3u)) {
                rows[n] = i;
                cols[n] = j;
                n++;
            }
        }
    return from_pairs(nrows, ncols, rows, cols, n);
}

static void classification_is_the_same_on_any_thread_count(void **state)
{
    (void)state;
    cn_sparse *m = blocks_matrix();
    cn_dhc_params p = cn_dhc_defaults();
    cn_dhc *one = NULL;
    cn_error err = {0};
    assert_int_equal(cn_dhc_run(m, &p, &one, &err), 0);
    assert_true(one->nsplits >= 3);
    assert_true(one->nclasses >= 3);
    const int threads[] = {2, 4};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        cn_dhc *many = NULL;
        p.threads = threads[t];
        assert_int_equal(cn_dhc_run(m, &p, &many, &err), 0);
        assert_int_equal(many->nsplits, one->nsplits);
        assert_int_equal(many->nclasses, one->nclasses);
        for (int k = 0; k < one->nsplits; k++) {
            const cn_dhc_split *a = &many->splits[k], *b = &one->splits[k];
            assert_int_equal(a->node, b->node);
            assert_int_equal(a->size1, b->size1);
            assert_int_equal(a->cut_size, b->cut_size);
            assert_memory_equal(&a->chi2_cut, &b->chi2_cut, sizeof a->chi2_cut);
            assert_memory_equal(&a->chi2, &b->chi2, sizeof a->chi2);
        }
        assert_memory_equal(many->labels, one->labels,
                            (size_t)one->nsplits * one->nrows * sizeof *one->labels);
        assert_memory_equal(many->class_of, one->class_of, one->nrows * sizeof *one->class_of);
        cn_dhc_free(many);
    }
    cn_dhc_free(one);
    cn_sparse_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(products_are_the_plain_sums_on_any_thread_count),
        cmocka_unit_test(no_thread_asked_is_one),
        cmocka_unit_test(late_workers_take_nothing_of_the_next_product),
        cmocka_unit_test(column_blocks_carry_the_sums),
        cmocka_unit_test(a_very_sparse_table_keeps_32_bits),
        cmocka_unit_test(ca_axis_has_the_same_bits_on_any_thread_count),
        cmocka_unit_test(ca_axis_is_the_dense_one),
        cmocka_unit_test(warm_start_finds_the_same_axis),
        cmocka_unit_test(products_made_over_for_each_table),
        cmocka_unit_test(ca_space_kept_gives_the_same_axes),
        cmocka_unit_test(warm_start_from_the_parent_is_shorter),
        cmocka_unit_test(classification_is_the_same_on_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
