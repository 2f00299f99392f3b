/* prepared.c — a finished preparation (pipeline.h): freed, its texts' counts dropped,
 * a segment's occurrences, its UCs for a double classification, a lemma's name. */
#include "carnet/pipeline.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void cn_prepared_free(cn_prepared *p)
{
    if (!p)
        return;
    cn_corpus_free(p->corpus);
    free(p->texts);
    free(p->text_lang);
    free(p->segs);
    free(p->seg_ptr);
    free(p->seg_lemmas);
    free(p->occ_ptr);
    free(p->occ);
    free(p->spellings);
    free(p->occ_lens);
    free(p->text_ptr);
    free(p->text_lemmas);
    free(p->text_counts);
    cn_intern_free(p->forms);
    free(p->form_freq);
    free(p->form_lemma);
    free(p->form_listed);
    cn_intern_free(p->lemma_keys);
    free(p->lemmas);
    cn_intern_free(p->lemma_named);
    free(p->lemma_name_id);
    free(p->col_lemma);
    cn_sparse_free(p->matrix);
    free(p->ignored_pos);
    free(p->text_words);
    free(p->text_stops);
    free(p);
}

void cn_prepared_drop_text_counts(cn_prepared *p)
{
    free(p->text_ptr);
    free(p->text_lemmas);
    free(p->text_counts);
    free(p->text_words);
    free(p->text_stops);
    p->text_ptr = NULL;
    p->text_lemmas = p->text_counts = p->text_words = p->text_stops = NULL;
}

size_t cn_prepared_occurrences(const cn_prepared *p, uint32_t s, cn_occurrence *out)
{
    size_t first = p->occ_ptr[s], count = p->occ_ptr[s + 1] - first;
    size_t lo = 0, hi = p->nocc_lens; /* the first length kept aside at or after first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->occ_lens[mid].occ < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = 0; i < count; i++) {
        const cn_occ_packed *o = &p->occ[first + i];
        const cn_spelling *sp = &p->spellings[o->spelling];
        uint32_t len = sp->len;
        if (lo < p->nocc_lens && p->occ_lens[lo].occ == first + i)
            len = p->occ_lens[lo++].len;
        out[i] = (cn_occurrence){o->start, len, sp->form, sp->lemma};
    }
    return count;
}

int cn_prepare_ucs(const cn_prepared *p, uint32_t lim, uint32_t **seg_uc, cn_sparse **m,
                   cn_error *err)
{
    uint32_t *uc = malloc(((size_t)p->nsegs + 1) * sizeof *uc);
    size_t cap = p->seg_ptr[p->nsegs] + 1;
    uint32_t *rows = malloc(cap * sizeof *rows), *cols = malloc(cap * sizeof *cols);
    if (!uc || !rows || !cols) {
        free(uc);
        free(rows);
        free(cols);
        return cn_error_nomem(err);
    }
    uint32_t current = 0, last = 0;
    size_t n = 0;
    for (uint32_t s = 0; s < p->nsegs; s++) {
        uint32_t size = 0;
        for (size_t k = p->seg_ptr[s]; k < p->seg_ptr[s + 1]; k++)
            size += p->lemmas[p->seg_lemmas[k]].column >= 0;
        bool new_paragraph = s == 0 || p->segs[s].text != p->segs[s - 1].text ||
                             p->segs[s].block != p->segs[s - 1].block;
        if (new_paragraph) {
            current = s == 0 ? 0 : current + 1;
            last = size;
        } else if (last <= lim) {
            last += size;
        } else {
            current++;
            last = 0; /* IRAMUTEQ's quirk: the new UC's first segment is not counted */
        }
        uc[s] = current;
        for (size_t k = p->seg_ptr[s]; k < p->seg_ptr[s + 1]; k++) {
            int32_t c = p->lemmas[p->seg_lemmas[k]].column;
            if (c >= 0) {
                rows[n] = current;
                cols[n] = (uint32_t)c;
                n++;
            }
        }
    }
    uint32_t nuc = p->nsegs ? current + 1 : 0;
    int rc = cn_sparse_from_pairs(nuc, p->ncols, rows, cols, n, m, err);
    free(rows);
    free(cols);
    if (rc < 0) {
        free(uc);
        return -1;
    }
    *seg_uc = uc;
    return 0;
}

uint32_t cn_prepared_text_number(const cn_prepared *p, uint32_t t)
{
    return p->texts[t] + 1;
}

const char *cn_lemma_base_name(const cn_prepared *p, uint32_t l)
{
    const char *key = cn_intern_str(p->lemma_keys, l);
    if (key[0] == 'l') /* a lexicon's lemma is shown as itself, as IRAMUTEQ does */
        return strchr(key, '\x1f') + 1;
    return cn_intern_str(p->forms, p->lemmas[l].display);
}

const char *cn_lemma_name(const cn_prepared *p, uint32_t l)
{
    if (p->lemma_name_id && p->lemma_name_id[l] != CN_INTERN_NONE)
        return cn_intern_str(p->lemma_named, p->lemma_name_id[l]);
    return cn_lemma_base_name(p, l);
}
