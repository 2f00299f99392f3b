/* textstats.c — corpus statistics as IRAMUTEQ's report gives them (see textstats.h). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/textstats.h"
#include "carnet/outfile.h"

static int write_text(const char *dir, const char *name, const char *text, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    fprintf(f, "%s\n", text);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cn_error_set(err, "%s: write error", path);
    return 0;
}

void cn_textstats_compute(const cn_prepared *p, const cn_pipeline_params *params, cn_textstats *s)
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

int cn_textstats_write(const char *dir, const cn_textstats *s, cn_error *err)
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
    int rc = text ? write_text(dir, "corpus_stats.json", text, err) : cn_error_nomem(err);
    free(text);
    return rc;
}

void cn_textstats_print(FILE *out, const cn_textstats *s)
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
