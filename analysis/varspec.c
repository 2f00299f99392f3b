/* cn_varspec.c — specificities by star variable (reinert-spec.md E.8): for each variable,
 * every active lemma in every modality, its occurrences there and Lafon's specificity; the
 * parts of the corpus compared are the texts of each modality. Computed once per run, for
 * specificities_VAR.csv and for the report. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/varspec.h"
#include "carnet/csvout.h"
#include "carnet/profile.h"
#include "carnet/specif.h"
#include "carnet/outfile.h"

static int by_modality_spec(const void *x, const void *y)
{
    const cn_varspec_row *a = x, *b = y;
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

static int compute_variable(const cn_prepared *p, cn_varspec_var *v, cn_error *err)
{
    size_t vlen = strlen(v->var);
    uint32_t nl = cn_intern_count(p->lemma_keys);
    cn_intern *mods = cn_intern_new();
    v->mods = malloc(((size_t)p->ntexts + 1) * sizeof *v->mods);
    if (!mods || !v->mods) {
        cn_intern_free(mods);
        return cn_error_nomem(err);
    }
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *m = modality_of(p, t, v->var, vlen);
        bool added;
        if (m && cn_intern_add(mods, m, strlen(m), &added) != CN_INTERN_NONE && added)
            v->mods[v->nmods++] = m;
    }
    /* modalities in sorted order, so the tables read in a stable order */
    qsort(v->mods, v->nmods, sizeof *v->mods, compare_str);
    cn_intern_free(mods);
    mods = cn_intern_new();
    for (uint32_t i = 0; mods && i < v->nmods; i++)
        cn_intern_add(mods, v->mods[i], strlen(v->mods[i]), NULL);
    uint32_t M = v->nmods;
    uint64_t *cell = calloc((size_t)nl * M + 1, sizeof *cell), T = 0;
    v->form_total = calloc((size_t)nl + 1, sizeof *v->form_total);
    v->mod_total = calloc((size_t)M + 1, sizeof *v->mod_total);
    v->rows = malloc(((size_t)nl * M + 1) * sizeof *v->rows);
    int rc = -1;
    if (!mods || !cell || !v->form_total || !v->mod_total || !v->rows) {
        cn_error_nomem(err);
        goto done;
    }
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *m = modality_of(p, t, v->var, vlen);
        if (!m)
            continue;
        uint32_t k = cn_intern_find(mods, m, strlen(m));
        for (size_t q = p->text_ptr[t]; q < p->text_ptr[t + 1]; q++)
            if (p->lemmas[p->text_lemmas[q]].status == CN_LEMMA_ACTIVE)
                cell[(size_t)p->text_lemmas[q] * M + k] += p->text_counts[q];
    }
    uint64_t *F = v->form_total;
    for (uint32_t l = 0; l < nl; l++) {
        for (uint32_t k = 0; k < M; k++)
            F[l] += cell[(size_t)l * M + k];
        if (F[l] < CN_PROFILE_MIN_TOTAL) {
            F[l] = 0; /* too rare to say anything: left out, and out of the totals */
            continue;
        }
        for (uint32_t k = 0; k < M; k++)
            v->mod_total[k] += cell[(size_t)l * M + k];
        T += F[l];
    }
    for (uint32_t l = 0; l < nl; l++)
        for (uint32_t k = 0; k < M && F[l] > 0; k++) {
            uint64_t f = cell[(size_t)l * M + k];
            double spec = cn_specificity(f, F[l], v->mod_total[k], T);
            v->rows[v->nrows++] = (cn_varspec_row){k, l, f, round(1e4 * spec) / 1e4};
        }
    qsort(v->rows, v->nrows, sizeof *v->rows, by_modality_spec);
    rc = 0;
done:
    cn_intern_free(mods);
    free(cell);
    return rc;
}

void cn_varspec_free(cn_varspec *s)
{
    for (size_t i = 0; i < s->nvars; i++) {
        free(s->vars[i].mods);
        free(s->vars[i].rows);
        free(s->vars[i].form_total);
        free(s->vars[i].mod_total);
    }
    free(s->vars);
    memset(s, 0, sizeof *s);
}

int cn_varspec_compute(const cn_prepared *p, cn_varspec *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    /* the variables, from the star tokens of the texts analysed, in sorted order */
    cn_intern *vars = cn_intern_new();
    if (!vars)
        return cn_error_nomem(err);
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const cn_corpus_text *ct = &p->corpus->texts[p->texts[t]];
        for (size_t s = 0; s < ct->nstars; s++) {
            const char *us = strchr(ct->stars[s], '_');
            if (us && us > ct->stars[s] + 1 && us - ct->stars[s] - 1 < (long)sizeof out->vars->var)
                cn_intern_add(vars, ct->stars[s] + 1, (size_t)(us - ct->stars[s] - 1), NULL);
        }
    }
    uint32_t nv = cn_intern_count(vars);
    const char **names = malloc(((size_t)nv + 1) * sizeof *names);
    out->vars = calloc((size_t)nv + 1, sizeof *out->vars);
    int rc = names && out->vars ? 0 : cn_error_nomem(err);
    for (uint32_t v = 0; rc == 0 && v < nv; v++)
        names[v] = cn_intern_str(vars, v);
    if (rc == 0)
        qsort(names, nv, sizeof *names, compare_str);
    for (uint32_t v = 0; rc == 0 && v < nv; v++) {
        snprintf(out->vars[v].var, sizeof out->vars[v].var, "%s", names[v]);
        out->nvars++;
        rc = compute_variable(p, &out->vars[v], err);
    }
    free(names);
    cn_intern_free(vars);
    if (rc < 0)
        cn_varspec_free(out);
    return rc;
}

int cn_varspec_write(const char *dir, const cn_prepared *p, const cn_varspec *s, cn_error *err)
{
    for (size_t i = 0; i < s->nvars; i++) {
        const cn_varspec_var *v = &s->vars[i];
        char path[4200];
        snprintf(path, sizeof path, "%s/specificities_%s.csv", dir, v->var);
        FILE *out = cn_out_open(path, err);
        if (!out)
            return CN_EIO;
        fputs("modality,form,count,form_total,modality_total,specificity\n", out);
        for (size_t r = 0; r < v->nrows; r++) {
            const cn_varspec_row *row = &v->rows[r];
            fprintf(out, "%s,", v->mods[row->modality]);
            cn_csv_text(out, cn_lemma_name(p, row->lemma));
            fprintf(out, ",%llu,%llu,%llu,", (unsigned long long)row->f,
                    (unsigned long long)v->form_total[row->lemma],
                    (unsigned long long)v->mod_total[row->modality]);
            if (isinf(row->spec))
                fputs(row->spec > 0 ? "Inf\n" : "-Inf\n", out);
            else
                fprintf(out, "%.4f\n", row->spec);
        }
        if (fclose(out) != 0)
            return cn_error_set(err, "%s: write error", path);
    }
    return 0;
}
