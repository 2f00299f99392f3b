/* variants.h — accent variants: the words of a corpus written both with and without
 * accents ("etre", "être"), each spelling frequent, that a part transcribed without accents
 * would make a class of their own (textstats.h's thresholds say how frequent and how far
 * apart). Called by cn_textstats_compute; errors come back as a cn_code, message in err. */
#ifndef CARNET_VARIANTS_H
#define CARNET_VARIANTS_H

#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/textstats.h"

/* Forms grouped by their folded spelling (accents.h); the words with several frequent
 * spellings that split the classification and avoid each other go into s->variants (owned
 * by s: cn_textstats_free), their frequent spellings only, with s->nvariants and
 * s->nwords. code[t] is text t's language by its stop words. */
int cn_variants_find(const cn_prepared *p, const char *const *code, cn_textstats *s, cn_error *err);

#endif
