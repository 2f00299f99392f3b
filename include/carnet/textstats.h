/* textstats.h — corpus statistics as IRAMUTEQ's report gives them (reinert-spec E.6):
 * texts, segments, occurrences, forms, hapax, lemmas; printed for `stats` and written as
 * corpus_stats.json. Plain values; the writer returns 0 or -1 with a message. */
#ifndef CARNET_TEXTSTATS_H
#define CARNET_TEXTSTATS_H

#include <stdint.h>
#include <stdio.h>

#include "carnet/error.h"
#include "carnet/pipeline.h"

typedef struct cn_textstats {
    uint32_t texts, segments, forms, hapax, lemmas, active, supplementary;
    uint32_t active_min_freq, in_matrix;
    int min_freq;
    uint64_t occurrences;
} cn_textstats;

void cn_textstats_compute(const cn_prepared *p, const cn_pipeline_params *params, cn_textstats *s);
void cn_textstats_print(FILE *out, const cn_textstats *s);
/* dir/corpus_stats.json. */
int cn_textstats_write(const char *dir, const cn_textstats *s, cn_error *err);

#endif
