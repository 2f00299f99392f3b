/* fuzz_corpus.c — the corpus reader and the whole text pipeline (cn_prepare: tokens,
 * segments, stems, stop words, actives, matrix) on any bytes as an IRAMUTEQ corpus. The
 * input's length picks --unit texts or segments and the charset, so both paths run. */
#include <stdlib.h>

#include "carnet/pipeline.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "corpus.txt", data, size);
    cn_pipeline_params params = cn_pipeline_defaults();
    params.min_freq = 1 + (int)(size % 3);
    params.unit_texts = size % 2;
    params.charset = size % 5 == 0 ? CN_CHARSET_IRAMUTEQ : CN_CHARSET_UNICODE;
    params.segment_size = 5 + size % 40;
    cn_prepared *p = NULL;
    cn_error err = {0};
    if (cn_prepare(path, &params, &p, &err) < 0) {
        if (!err.msg[0])
            fuzz_fail("refused without a message");
        return 0;
    }
    if (!p->matrix || p->matrix->ncols != p->ncols)
        fuzz_fail("matrix of %u columns for %u active lemmas", p->matrix ? p->matrix->ncols : 0,
                  p->ncols);
    uint32_t units = params.unit_texts ? p->ntexts : p->nsegs;
    if (p->matrix->nrows != units)
        fuzz_fail("matrix of %u rows for %u units", p->matrix->nrows, units);
    for (uint32_t c = 0; c < p->ncols; c++)
        if (!cn_lemma_name(p, p->col_lemma[c]))
            fuzz_fail("column %u has no name", c);
    if (!params.unit_texts) { /* the double classification's UCs */
        uint32_t *seg_uc = NULL;
        cn_sparse *ucs = NULL;
        if (cn_prepare_ucs(p, 3, &seg_uc, &ucs, &err) == 0 && ucs->ncols != p->ncols)
            fuzz_fail("UC matrix of %u columns", ucs->ncols);
        free(seg_uc);
        cn_sparse_free(ucs);
    }
    cn_prepared_free(p);
    return 0;
}
