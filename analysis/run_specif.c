/* run_specif.c — specificities_VAR.csv for each star variable: every active lemma in
 * every modality, its occurrences there and Lafon's specificity (reinert-spec.md E.8):
 * the parts of the corpus compared are the texts of each modality. */
#include <errno.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "carnet/csvout.h"
#include "carnet/specif.h"

typedef struct spec_row {
    uint32_t modality, lemma;
    uint64_t f;
    double spec;
} spec_row;

static int by_modality_spec(const void *x, const void *y)
{
    const spec_row *a = x, *b = y;
    if (a->modality != b->modality)
        return a->modality < b->modality ? -1 : 1;
    if (a->spec != b->spec)
        return a->spec > b->spec ? -1 : 1;
    return (a->lemma > b->lemma) - (a->lemma < b->lemma);
}

static int compare_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The modality of text t for variable var ("*var_mod"), or NULL. */
static const char *modality_of(const cn_prepared *p, uint32_t t, const char *var, size_t vlen)
{
    const cn_corpus_text *ct = &p->corpus->texts[p->texts[t]];
    for (size_t s = 0; s < ct->nstars; s++)
        if (strncmp(ct->stars[s] + 1, var, vlen) == 0 && ct->stars[s][vlen + 1] == '_')
            return ct->stars[s];
    return NULL;
}

static int write_variable(const char *dir, const cn_prepared *p, const char *var, cn_error *err)
{
    size_t vlen = strlen(var);
    uint32_t nl = cn_intern_count(p->lemma_keys);
    cn_intern *mods = cn_intern_new();
    if (!mods)
        return cn_error_set(err, "out of memory");
    /* modalities in sorted order, so the file reads in a stable order */
    const char **names = malloc(((size_t)p->ntexts + 1) * sizeof *names);
    uint32_t nnames = 0;
    for (uint32_t t = 0; t < p->ntexts && names; t++) {
        const char *m = modality_of(p, t, var, vlen);
        bool added;
        if (m && cn_intern_add(mods, m, strlen(m), &added) != CN_INTERN_NONE && added)
            names[nnames++] = m;
    }
    int rc = -1;
    uint64_t *cell = NULL, *F = NULL, *tot = NULL, T = 0;
    spec_row *rows = NULL;
    if (!names)
        goto oom;
    qsort(names, nnames, sizeof *names, compare_str);
    cn_intern_free(mods);
    mods = cn_intern_new();
    for (uint32_t i = 0; mods && i < nnames; i++)
        cn_intern_add(mods, names[i], strlen(names[i]), NULL);
    uint32_t M = nnames;
    cell = calloc((size_t)nl * M + 1, sizeof *cell);
    F = calloc((size_t)nl + 1, sizeof *F);
    tot = calloc((size_t)M + 1, sizeof *tot);
    if (!mods || !cell || !F || !tot)
        goto oom;
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *m = modality_of(p, t, var, vlen);
        if (!m)
            continue;
        uint32_t k = cn_intern_find(mods, m, strlen(m));
        for (size_t q = p->text_ptr[t]; q < p->text_ptr[t + 1]; q++)
            if (p->lemmas[p->text_lemmas[q]].status == CN_LEMMA_ACTIVE)
                cell[(size_t)p->text_lemmas[q] * M + k] += p->text_counts[q];
    }
    for (uint32_t l = 0; l < nl; l++) {
        for (uint32_t k = 0; k < M; k++)
            F[l] += cell[(size_t)l * M + k];
        if (F[l] < CN_PROFILE_MIN_TOTAL) {
            F[l] = 0; /* too rare to say anything: left out, and out of the totals */
            continue;
        }
        for (uint32_t k = 0; k < M; k++)
            tot[k] += cell[(size_t)l * M + k];
        T += F[l];
    }
    size_t n = 0;
    rows = malloc(((size_t)nl * M + 1) * sizeof *rows);
    if (!rows)
        goto oom;
    for (uint32_t l = 0; l < nl; l++)
        for (uint32_t k = 0; k < M && F[l] > 0; k++) {
            uint64_t f = cell[(size_t)l * M + k];
            rows[n++] = (spec_row){k, l, f, round(1e4 * cn_specificity(f, F[l], tot[k], T)) / 1e4};
        }
    qsort(rows, n, sizeof *rows, by_modality_spec);
    char path[4200];
    snprintf(path, sizeof path, "%s/specificities_%s.csv", dir, var);
    FILE *out = fopen(path, "w");
    if (!out) {
        cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        goto done;
    }
    fputs("modality,form,count,form_total,modality_total,specificity\n", out);
    for (size_t i = 0; i < n; i++) {
        const spec_row *r = &rows[i];
        fprintf(out, "%s,", names[r->modality]);
        cn_csv_field(out, cn_lemma_name(p, r->lemma));
        fprintf(out, ",%llu,%llu,%llu,", (unsigned long long)r->f, (unsigned long long)F[r->lemma],
                (unsigned long long)tot[r->modality]);
        if (isinf(r->spec))
            fputs(r->spec > 0 ? "Inf\n" : "-Inf\n", out);
        else
            fprintf(out, "%.4f\n", r->spec);
    }
    rc = fclose(out) == 0 ? 0 : cn_error_set(err, "%s: write error", path);
    goto done;
oom:
    cn_error_set(err, "out of memory");
done:
    cn_intern_free(mods);
    free(names);
    free(cell);
    free(F);
    free(tot);
    free(rows);
    return rc;
}

int run_write_specificities(const char *dir, const cn_prepared *p, cn_error *err)
{
    /* the variables, from the star tokens of the texts analysed, in sorted order */
    cn_intern *vars = cn_intern_new();
    if (!vars)
        return cn_error_set(err, "out of memory");
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const cn_corpus_text *ct = &p->corpus->texts[p->texts[t]];
        for (size_t s = 0; s < ct->nstars; s++) {
            const char *us = strchr(ct->stars[s], '_');
            if (us && us > ct->stars[s] + 1)
                cn_intern_add(vars, ct->stars[s] + 1, (size_t)(us - ct->stars[s] - 1), NULL);
        }
    }
    uint32_t nv = cn_intern_count(vars);
    const char **names = malloc(((size_t)nv + 1) * sizeof *names);
    int rc = names ? 0 : cn_error_set(err, "out of memory");
    for (uint32_t v = 0; rc == 0 && v < nv; v++)
        names[v] = cn_intern_str(vars, v);
    if (rc == 0)
        qsort(names, nv, sizeof *names, compare_str);
    for (uint32_t v = 0; rc == 0 && v < nv; v++)
        rc = write_variable(dir, p, names[v], err);
    free(names);
    cn_intern_free(vars);
    return rc;
}
