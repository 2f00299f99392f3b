/* parts.c — two parts of a run timed alone, on one corpus, for the figures the README gives
 * of them (run by parts.sh):
 *   products: the CA's two sparse products (spmv.h) on the run's first table, each segment's
 *     active lemmas, on 1 and 2 threads: milliseconds a product, best of 10 rounds of 30;
 *   specificities: cn_varspec_compute on one thread and cn_varspec_write, best of 3 each.
 * Usage: parts CORPUS LANG OUTDIR */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "carnet/pipeline.h"
#include "carnet/spmv.h"
#include "carnet/varspec.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double *filled(size_t n, double first)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = first / (double)(i + 1);
    return v;
}

static int products(const cn_sparse *m)
{
    double *xc = filled(m->ncols, 1), *sc = filled(m->ncols, 1);
    double *xr = filled(m->nrows, 3), *sr = filled(m->nrows, 1);
    double *rows = filled(m->nrows, 0), *cols = filled(m->ncols, 0);
    if (!xc || !sc || !xr || !sr || !rows || !cols)
        return 1;
    printf("table %u x %u, %zu non-zeros\n", m->nrows, m->ncols, m->nnz);
    for (int threads = 1; threads <= 2; threads++) {
        cn_spmv *s;
        cn_error err = {0};
        if (cn_spmv_new(m, threads, &s, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        double best_rows = 1e9, best_cols = 1e9;
        for (int round = 0; round < 10; round++) {
            double t0 = now_ms();
            for (int k = 0; k < 30; k++)
                cn_spmv_rows(s, xc, sr, rows);
            double t1 = now_ms();
            for (int k = 0; k < 30; k++)
                cn_spmv_cols(s, xr, sc, cols);
            double t2 = now_ms();
            best_rows = (t1 - t0) / 30 < best_rows ? (t1 - t0) / 30 : best_rows;
            best_cols = (t2 - t1) / 30 < best_cols ? (t2 - t1) / 30 : best_cols;
        }
        printf("products on %d thread%s: rows %.2f ms, columns %.2f ms\n", threads,
               threads > 1 ? "s" : "", best_rows, best_cols);
        cn_spmv_free(s);
    }
    free(xc);
    free(sc);
    free(xr);
    free(sr);
    free(rows);
    free(cols);
    return 0;
}

static int specificities(const cn_prepared *p, const char *dir)
{
    double best_compute = 1e9, best_write = 1e9;
    size_t nrows = 0;
    for (int round = 0; round < 3; round++) {
        cn_varspec s;
        cn_error err = {0};
        double t0 = now_ms();
        if (cn_varspec_compute(p, 1, &s, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        double t1 = now_ms();
        if (cn_varspec_write(dir, p, &s, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        double t2 = now_ms();
        nrows = 0;
        for (size_t v = 0; v < s.nvars; v++)
            nrows += s.vars[v].nrows;
        cn_varspec_free(&s);
        best_compute = t1 - t0 < best_compute ? t1 - t0 : best_compute;
        best_write = t2 - t1 < best_write ? t2 - t1 : best_write;
    }
    printf("specificities, %zu rows: computed in %.0f ms on one thread, written in %.0f ms\n",
           nrows, best_compute, best_write);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: parts CORPUS LANG OUTDIR\n");
        return 2;
    }
    cn_pipeline_params params = cn_pipeline_defaults();
    params.lang = argv[2];
    cn_prepared *p;
    cn_error err = {0};
    if (cn_prepare(argv[1], &params, &p, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int rc = products(p->matrix) || specificities(p, argv[3]);
    cn_prepared_free(p);
    return rc;
}
