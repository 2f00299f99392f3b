/* run_output.c — the files of `carnet-analyse run`: segments, profiles (long and IRAMUTEQ
 * block layout), modalities, typical segments, corpus statistics, frequencies, the
 * document-term matrix. Every file is written in a fixed order from sorted data, so the
 * same input and parameters give the same bytes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "carnet/csvout.h"

static FILE *create(const char *dir, const char *name, char *path, size_t size, cn_error *err)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

static int finish(FILE *f, const char *path, cn_error *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cn_error_set(err, "%s: write error", path);
    return 0;
}

/* The segment as written, on one line. */
static char *segment_text(const cn_prepared *p, uint32_t s)
{
    const cn_seg *seg = &p->segs[s];
    const cn_corpus_text *t = &p->corpus->texts[p->texts[seg->text]];
    const char *body = t->blocks[seg->block].body;
    size_t n = seg->end - seg->start;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = body[seg->start + i];
        out[i] = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    out[n] = '\0';
    return out;
}

static void csv_uint(FILE *f, uint64_t v)
{
    fprintf(f, "%llu", (unsigned long long)v);
}

int run_write_segments(const char *dir, const cn_prepared *p, bool unit_texts,
                       const uint32_t *unit_class, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "segments.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("segment_id,text_id,class,segment_text\n", f);
    for (uint32_t s = 0; s < p->nsegs; s++) {
        char *text = segment_text(p, s);
        if (!text) {
            fclose(f);
            return cn_error_set(err, "out of memory");
        }
        uint32_t k = unit_class[unit_texts ? p->segs[s].text : s];
        fprintf(f, "%u,%u,%u,", s + 1, p->segs[s].text + 1, k);
        cn_csv_field(f, text);
        fputc('\n', f);
        free(text);
    }
    return finish(f, path, err);
}

static const char *row_kind(uint8_t kind)
{
    return kind == CN_ROW_ACTIVE          ? "active"
           : kind == CN_ROW_SUPPLEMENTARY ? "supplementary"
                                          : "modality";
}

static const char *row_term(const cn_prepared *p, const cn_profiles *pr, const cn_profile_row *r)
{
    return r->kind == CN_ROW_MODALITY ? cn_intern_str(pr->modalities, r->id)
                                      : cn_lemma_name(p, r->id);
}

static void write_row(FILE *f, const cn_prepared *p, const cn_profiles *pr, const cn_profile_row *r)
{
    fprintf(f, "%u,%s,", r->cls, row_kind(r->kind));
    cn_csv_field(f, row_term(p, pr, r));
    fprintf(f, ",%u,%u,%.2f,%.3f,%.3g\n", r->a, r->total, r->total ? 100.0 * r->a / r->total : 0,
            r->chi2, r->p);
}

int run_write_profiles(const char *dir, const cn_prepared *p, const cn_profiles *pr, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "profiles.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("class,kind,term,segments_in_class,segments_total,percent,chi2,p\n", f);
    for (size_t i = 0; i < pr->nrows; i++)
        write_row(f, p, pr, &pr->rows[i]);
    if (finish(f, path, err) < 0)
        return -1;

    /* IRAMUTEQ's own layout: ';' blocks per class, active / supplementary / modalities,
     * profile rows by chi2 descending (anti-profiles are in the long file). */
    f = create(dir, "profiles_iramuteq.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fprintf(f, "***\nnb classes;%u\n", pr->nclasses);
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        fprintf(f, "**;classe %u\n****;%u;%u;%.2f\n", k, pr->class_units[k - 1], pr->classified,
                pr->classified ? 100.0 * pr->class_units[k - 1] / pr->classified : 0);
        const char *separator[] = {"", "*****\n", "*\n"};
        for (uint8_t kind = CN_ROW_ACTIVE; kind <= CN_ROW_MODALITY; kind++) {
            fputs(separator[kind], f);
            unsigned num = 0;
            for (size_t i = 0; i < pr->nrows; i++) {
                const cn_profile_row *r = &pr->rows[i];
                if (r->cls != k || r->kind != kind || r->chi2 <= 0)
                    continue;
                fprintf(f, "%u;%u;%u;%.2f;%.3f;%s;%s;%.4f\n", num++, r->a, r->total,
                        r->total ? 100.0 * r->a / r->total : 0, r->chi2,
                        kind == CN_ROW_MODALITY ? ""
                        : kind == CN_ROW_ACTIVE ? "act"
                                                : "sup",
                        row_term(p, pr, r), r->p);
            }
        }
    }
    return finish(f, path, err);
}

int run_write_modalities(const char *dir, const cn_profiles *pr, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "modalities.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("variable,modality,class,segments_in_class,segments_total,percent,chi2,p\n", f);
    for (size_t i = 0; i < pr->nmodality_rows; i++) {
        const cn_profile_row *r = &pr->modality_rows[i];
        const char *token = cn_intern_str(pr->modalities, r->id);
        /* "*var_mod" belongs to var; a thematic "-*theme" to the variable "-*" */
        bool thematic = token[0] == '-';
        const char *us = strchr(token, '_');
        size_t vlen = thematic ? 2 : us ? (size_t)(us - token - 1) : strlen(token) - 1;
        fprintf(f, "%.*s,%s,%u,%u,%u,%.2f,%.3f,%.3g\n", (int)vlen, thematic ? token : token + 1,
                token, r->cls, r->a, r->total, r->total ? 100.0 * r->a / r->total : 0, r->chi2,
                r->p);
    }
    return finish(f, path, err);
}

int run_write_typical(const char *dir, const cn_prepared *p, const cn_profiles *pr, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "typical_segments.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("class,rank,score,segment_id,text_id,segment_text\n", f);
    for (size_t i = 0; i < pr->ntypical; i++) {
        const cn_typical *t = &pr->typical[i];
        char *text = segment_text(p, t->segment);
        if (!text) {
            fclose(f);
            return cn_error_set(err, "out of memory");
        }
        fprintf(f, "%u,%u,%.3f,%u,%u,", t->cls, t->rank, t->score, t->segment + 1,
                p->segs[t->segment].text + 1);
        cn_csv_field(f, text);
        fputc('\n', f);
        free(text);
    }
    return finish(f, path, err);
}

void run_corpus_stats(const cn_prepared *p, const cn_pipeline_params *params, run_stats *s)
{
    memset(s, 0, sizeof *s);
    s->texts = p->ntexts;
    s->segments = p->nsegs;
    s->occurrences = p->occurrences;
    /* Words of an expression are looked up before they are glued: forms and lemmas that
     * never occurred on their own have frequency 0 and are not counted. */
    for (uint32_t f = 0; f < cn_intern_count(p->forms); f++) {
        s->forms += p->form_freq[f] > 0;
        s->hapax += p->form_freq[f] == 1;
    }
    for (uint32_t l = 0; l < cn_intern_count(p->lemma_keys); l++) {
        if (p->lemmas[l].freq == 0)
            continue;
        s->lemmas++;
        if (p->lemmas[l].status == CN_LEMMA_ACTIVE) {
            s->active++;
            s->active_min_freq += p->lemmas[l].freq >= (uint64_t)params->min_freq;
        } else if (p->lemmas[l].status == CN_LEMMA_SUPPLEMENTARY) {
            s->supplementary++;
        }
    }
    s->in_matrix = p->ncols;
    s->min_freq = params->min_freq;
}

int run_write_corpus_stats(const char *dir, const run_stats *s, cn_error *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "texts", s->texts);
    cJSON_AddNumberToObject(o, "segments", s->segments);
    cJSON_AddNumberToObject(o, "occurrences", (double)s->occurrences);
    cJSON_AddNumberToObject(o, "forms", s->forms);
    cJSON_AddNumberToObject(o, "hapax", s->hapax);
    cJSON_AddNumberToObject(o, "hapax_percent_of_forms",
                            s->forms ? round(1e4 * s->hapax / s->forms) / 100 : 0);
    cJSON_AddNumberToObject(o, "hapax_percent_of_occurrences",
                            s->occurrences ? round(1e4 * s->hapax / (double)s->occurrences) / 100
                                           : 0);
    cJSON_AddNumberToObject(o, "lemmas", s->lemmas);
    cJSON_AddNumberToObject(o, "active_lemmas", s->active);
    cJSON_AddNumberToObject(o, "supplementary_lemmas", s->supplementary);
    cJSON_AddNumberToObject(o, "min_frequency", s->min_freq);
    cJSON_AddNumberToObject(o, "active_lemmas_with_min_frequency", s->active_min_freq);
    cJSON_AddNumberToObject(o, "active_lemmas_classified", s->in_matrix);
    cJSON_AddNumberToObject(o, "mean_occurrences_per_text",
                            s->texts ? round(100.0 * s->occurrences / s->texts) / 100 : 0);
    cJSON_AddNumberToObject(o, "mean_occurrences_per_segment",
                            s->segments ? round(100.0 * s->occurrences / s->segments) / 100 : 0);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    char path[4200];
    FILE *f = create(dir, "corpus_stats.json", path, sizeof path, err);
    if (!f) {
        free(text);
        return -1;
    }
    fprintf(f, "%s\n", text);
    free(text);
    return finish(f, path, err);
}

void run_print_stats(FILE *out, const run_stats *s)
{
    fprintf(out, "texts: %u\nsegments: %u\noccurrences: %llu\nforms: %u\n", s->texts, s->segments,
            (unsigned long long)s->occurrences, s->forms);
    fprintf(out, "hapax: %u (%.2f %% of forms, %.2f %% of occurrences)\n", s->hapax,
            s->forms ? 100.0 * s->hapax / s->forms : 0,
            s->occurrences ? 100.0 * s->hapax / (double)s->occurrences : 0);
    fprintf(out, "lemmas: %u (active %u, supplementary %u)\n", s->lemmas, s->active,
            s->supplementary);
    fprintf(out, "active lemmas with a frequency >= %d: %u\n", s->min_freq, s->active_min_freq);
    fprintf(out, "mean occurrences per text: %.2f\nmean occurrences per segment: %.2f\n",
            s->texts ? (double)s->occurrences / s->texts : 0,
            s->segments ? (double)s->occurrences / s->segments : 0);
}

typedef struct freq_row {
    uint64_t freq;
    const char *name;
    uint32_t lemma;
} freq_row;

static int compare_freq(const void *x, const void *y)
{
    const freq_row *a = x, *b = y;
    if (a->freq != b->freq)
        return a->freq > b->freq ? -1 : 1;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->lemma > b->lemma) - (a->lemma < b->lemma);
}

int run_write_frequencies(const char *dir, const cn_prepared *p, cn_error *err)
{
    uint32_t n = cn_intern_count(p->lemma_keys);
    freq_row *rows = malloc(((size_t)n + 1) * sizeof *rows);
    if (!rows)
        return cn_error_set(err, "out of memory");
    uint32_t kept = 0;
    for (uint32_t l = 0; l < n; l++)
        if (p->lemmas[l].freq > 0)
            rows[kept++] = (freq_row){p->lemmas[l].freq, cn_lemma_name(p, l), l};
    n = kept;
    qsort(rows, n, sizeof *rows, compare_freq);
    char path[4200];
    FILE *f = create(dir, "frequencies.csv", path, sizeof path, err);
    if (!f) {
        free(rows);
        return -1;
    }
    fputs("form,frequency,status,classified\n", f);
    for (uint32_t i = 0; i < n; i++) {
        const cn_lemma *l = &p->lemmas[rows[i].lemma];
        cn_csv_field(f, rows[i].name);
        fputc(',', f);
        csv_uint(f, rows[i].freq);
        fprintf(f, ",%s,%s\n",
                l->status == CN_LEMMA_ACTIVE          ? "active"
                : l->status == CN_LEMMA_SUPPLEMENTARY ? "supplementary"
                                                      : "ignored",
                l->column >= 0 ? "yes" : "no");
    }
    free(rows);
    return finish(f, path, err);
}

int run_write_dtm(const char *dir, const cn_prepared *p, bool unit_texts, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "dtm.mtx", path, sizeof path, err);
    if (!f)
        return -1;
    cn_sparse_write_mtx(p->matrix, f);
    if (finish(f, path, err) < 0 || !(f = create(dir, "dtm_rows.csv", path, sizeof path, err)))
        return -1;
    fputs(unit_texts ? "row,text_id\n" : "row,segment_id,text_id\n", f);
    for (uint32_t r = 0; r < p->matrix->nrows; r++)
        if (unit_texts)
            fprintf(f, "%u,%u\n", r + 1, r + 1);
        else
            fprintf(f, "%u,%u,%u\n", r + 1, r + 1, p->segs[r].text + 1);
    if (finish(f, path, err) < 0 || !(f = create(dir, "dtm_cols.csv", path, sizeof path, err)))
        return -1;
    fputs("column,form,frequency\n", f);
    for (uint32_t c = 0; c < p->ncols; c++) {
        fprintf(f, "%u,", c + 1);
        cn_csv_field(f, cn_lemma_name(p, p->col_lemma[c]));
        fputc(',', f);
        csv_uint(f, p->lemmas[p->col_lemma[c]].freq);
        fputc('\n', f);
    }
    return finish(f, path, err);
}
