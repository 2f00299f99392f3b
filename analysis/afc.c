/* cn_afc.c — the correspondence analysis of the classes x forms table (reinert-spec.md
 * E.5): active lemmas define the axes, supplementary lemmas and star modalities are
 * projected; afc_axes.csv, afc_rows.csv, afc_cols.csv. With two classes there is one
 * axis, and it is written like any other. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/afc.h"
#include "carnet/ca.h"
#include "carnet/csvout.h"
#include "carnet/wbuf.h"
#include "carnet/outfile.h"

static uint32_t row_total(const uint32_t *count, uint32_t id, uint32_t K)
{
    uint32_t t = 0;
    for (uint32_t k = 0; k < K; k++)
        t += count[(size_t)id * K + k];
    return t;
}

void cn_afc_free(cn_afc *a)
{
    free(a->rows);
    cn_ca_result_free(&a->ca);
    memset(a, 0, sizeof *a);
}

int cn_afc_compute(const cn_prepared *p, const cn_profiles *pr, cn_afc *a, cn_error *err)
{
    memset(a, 0, sizeof *a);
    uint32_t K = pr->nclasses, nl = cn_intern_count(p->lemma_keys);
    uint32_t nm = cn_intern_count(pr->modalities);
    if (K < 2)
        return 0; /* one class: nothing to contrast */
    cn_afc_row *rows = malloc(((size_t)nl + nm + 1) * sizeof *rows);
    if (!rows)
        return cn_error_nomem(err);
    int n = 0, nactive = 0;
    for (uint8_t pass = CN_LEMMA_ACTIVE; pass <= CN_LEMMA_SUPPLEMENTARY; pass++) {
        for (uint32_t l = 0; l < nl; l++)
            if (p->lemmas[l].status == pass && row_total(pr->count, l, K) >= CN_PROFILE_MIN_TOTAL)
                rows[n++] =
                    (cn_afc_row){pass == CN_LEMMA_ACTIVE ? CN_ROW_ACTIVE : CN_ROW_SUPPLEMENTARY, l};
        if (pass == CN_LEMMA_ACTIVE)
            nactive = n;
    }
    /* a modality as a lemma: of 3 classified units or more, as in the profiles (trial 85: a
     * month of one entry was drawn at an extreme of the plane) */
    for (uint32_t m = 0; m < nm; m++)
        if (row_total(pr->mcount, m, K) >= CN_PROFILE_MIN_TOTAL)
            rows[n++] = (cn_afc_row){CN_ROW_MODALITY, m};
    double *table = malloc(((size_t)n * K + 1) * sizeof *table);
    if (!table) {
        free(rows);
        return cn_error_nomem(err);
    }
    for (int i = 0; i < n; i++)
        for (uint32_t k = 0; k < K; k++)
            table[(size_t)i * K + k] =
                (rows[i].kind == CN_ROW_MODALITY ? pr->mcount
                                                 : pr->count)[(size_t)rows[i].id * K + k];
    /* a class none of whose segments holds an active form of 3 units or more (a run of
     * small classes, a short corpus: trial 87) leaves its column empty: no plane, said in
     * the report, rather than the whole run refused */
    for (uint32_t k = 0; k < K && !a->empty_class; k++) {
        double column = 0;
        for (int i = 0; i < nactive; i++)
            column += table[(size_t)i * K + k];
        if (column <= 0)
            a->empty_class = k + 1;
    }
    if (nactive < 2 || a->empty_class) {
        a->empty_class = a->empty_class ? a->empty_class : UINT32_MAX;
        free(table);
        free(rows);
        return 0;
    }
    int rc = cn_ca_table(table, n, nactive, (int)K, &a->ca, err);
    free(table);
    if (rc < 0) {
        free(rows);
        return -1;
    }
    a->rows = rows;
    a->n = n;
    a->nactive = nactive;
    a->ok = true;
    return 0;
}

/* afc_rows.csv's rows, a row per form and axis (77,000 on fr.txt), through a wbuf: the
 * same characters as fprintf's %.6f. -1 when a write failed (f is the caller's to close). */
static int write_rows(FILE *f, const cn_prepared *p, const cn_profiles *pr, const cn_afc *a)
{
    static const char *const kinds[] = {"active", "supplementary", "modality"};
    const cn_ca_result *r = &a->ca;
    cn_wbuf *b = malloc(sizeof *b);
    if (!b)
        return -1;
    cn_wbuf_init(b, f);
    cn_wbuf_str(b, "kind,term,mass,axis,coordinate,standard_coordinate,contribution,cos2\n");
    for (int i = 0; i < a->n; i++)
        for (int k = 0; k < r->naxes; k++) {
            size_t q = (size_t)i * r->naxes + k;
            cn_wbuf_str(b, kinds[a->rows[i].kind]);
            cn_wbuf_char(b, ',');
            cn_csv_text_wbuf(b, a->rows[i].kind == CN_ROW_MODALITY
                                    ? cn_intern_str(pr->modalities, a->rows[i].id)
                                    : cn_lemma_name(p, a->rows[i].id));
            cn_wbuf_char(b, ',');
            cn_wbuf_fixed(b, r->row_mass[i], 6);
            cn_wbuf_char(b, ',');
            cn_wbuf_u64(b, (uint64_t)k + 1);
            cn_wbuf_char(b, ',');
            cn_wbuf_fixed(b, r->row_principal[q], 6);
            cn_wbuf_char(b, ',');
            cn_wbuf_fixed(b, r->row_standard[q], 6);
            cn_wbuf_char(b, ',');
            if (!isnan(r->row_contrib[q])) /* supplementary points contribute nothing */
                cn_wbuf_fixed(b, r->row_contrib[q], 6);
            cn_wbuf_char(b, ',');
            cn_wbuf_fixed(b, r->row_cos2[q], 6);
            cn_wbuf_char(b, '\n');
        }
    int rc = cn_wbuf_flush(b);
    free(b);
    return rc;
}

int cn_afc_write(const char *dir, const cn_prepared *p, const cn_profiles *pr, const cn_afc *a,
                 cn_error *err)
{
    if (!a->ok)
        return 0;
    const cn_ca_result r = a->ca;
    uint32_t K = pr->nclasses;
    char path[4200];
    snprintf(path, sizeof path, "%s/afc_axes.csv", dir);
    FILE *f = cn_out_open(path, err);
    if (!f)
        goto fail;
    fputs("axis,eigenvalue,percent,cumulative_percent\n", f);
    double cum = 0;
    for (int k = 0; k < r.naxes; k++) {
        double pc = r.total_inertia > 0 ? 100 * r.eigenvalues[k] / r.total_inertia : 0;
        cum += pc;
        fprintf(f, "%d,%.6f,%.2f,%.2f\n", k + 1, r.eigenvalues[k], pc, cum);
    }
    if (fclose(f) != 0)
        goto fail;
    snprintf(path, sizeof path, "%s/afc_rows.csv", dir);
    if (!(f = cn_out_open(path, err)))
        goto fail;
    if (write_rows(f, p, pr, a) < 0 || fclose(f) != 0)
        goto fail;
    snprintf(path, sizeof path, "%s/afc_cols.csv", dir);
    if (!(f = cn_out_open(path, err)))
        goto fail;
    fputs("class,mass,axis,coordinate,standard_coordinate,contribution,cos2\n", f);
    for (uint32_t j = 0; j < K; j++)
        for (int k = 0; k < r.naxes; k++) {
            size_t q = (size_t)j * r.naxes + k;
            fprintf(f, "%u,%.6f,%d,%.6f,%.6f,%.6f,%.6f\n", j + 1, r.col_mass[j], k + 1,
                    r.col_principal[q], r.col_standard[q], r.col_contrib[q], r.col_cos2[q]);
        }
    if (fclose(f) != 0)
        goto fail;
    return 0;
fail:
    return cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
}
