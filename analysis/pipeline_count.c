/* pipeline_count.c — a segment's words counted into the preparation (pipeline.h): each
 * spelling's count, each text's words and stop-list evidence, each segment's distinct
 * lemmas, and, for a run, its occurrences and each text's lemma counts. The single pass
 * (pipeline.c) and the merge of the workers' chunks (pipeline_merge.c) both count here. */
#include "pipeline_state.h"

#include <stdlib.h>
#include <string.h>

#include "carnet/segment.h"

int cn_pipeline_note_hot(state *st, uint32_t id)
{
    if (cn_pipeline_grow_raw((void **)&st->hot, &st->hot_cap, (size_t)id + 1, sizeof *st->hot,
                             st->err) < 0 ||
        cn_pipeline_grow_raw((void **)&st->hot_stops, &st->hot_stops_cap, (size_t)id + 1,
                             sizeof *st->hot_stops, st->err) < 0)
        return -1;
    st->hot[id] = (struct hot_spelling){st->cache[id].lemma, 0};
    st->hot_stops[id] = st->cache[id].stop_langs;
    return 0;
}

int cn_pipeline_grow_marks(state *st, uint32_t l)
{
    return cn_pipeline_grow((void **)&st->seen, &st->seen_cap, (size_t)l + 1, sizeof *st->seen,
                            st->err) < 0 ||
                   cn_pipeline_grow((void **)&st->seg_mark, &st->seg_mark_cap, (size_t)l + 1,
                                    sizeof *st->seg_mark, st->err) < 0
               ? -1
               : 0;
}

void cn_pipeline_fold_counts(state *st)
{
    uint32_t n = cn_intern_count(st->form_lang);
    for (uint32_t id = 0; id < n; id++) {
        st->cache[id].count += st->hot[id].count;
        st->hot[id].count = 0;
    }
}

/* Occurrences of each lemma in the current text, for specificities by modality. */
static int count_in_text(state *st, uint32_t lemma)
{
    cn_prepared *p = st->p;
    struct lemma_mark *m = &st->seen[lemma]; /* grown with the lemmas */
    size_t end = p->text_ptr[st->current_text + 1];
    if (m->text != st->current_text + 1) {
        if (cn_pipeline_grow_raw((void **)&p->text_lemmas, &st->text_list_cap, end + 1,
                                 sizeof *p->text_lemmas, st->err) < 0 ||
            cn_pipeline_grow_raw((void **)&p->text_counts, &st->text_count_cap, end + 1,
                                 sizeof *p->text_counts, st->err) < 0)
            return -1;
        m->text = st->current_text + 1;
        m->slot = end;
        p->text_lemmas[end] = lemma;
        p->text_counts[end] = 0;
        p->text_ptr[st->current_text + 1] = end + 1;
    }
    p->text_counts[m->slot]++;
    return 0;
}

/* The entry of spelling id in p->spellings, made (not yet counted) when new. */
static cn_spelling *spelling_entry(state *st, uint32_t id, cached c)
{
    cn_prepared *p = st->p;
    if (id >= p->nspellings) {
        if (cn_pipeline_grow_raw((void **)&p->spellings, &st->spellings_cap, (size_t)id + 1,
                                 sizeof *p->spellings, st->err) < 0)
            return NULL;
        for (uint32_t k = p->nspellings; k <= id; k++)
            p->spellings[k] = (cn_spelling){0, 0, UINT32_MAX};
        p->nspellings = id + 1;
    }
    cn_spelling *sp = &p->spellings[id];
    if (sp->len == UINT32_MAX)
        *sp = (cn_spelling){c.form, c.lemma, UINT32_MAX};
    return sp;
}

/* Appends to segment s's occurrences the word token t counted as c (cache entry id): its
 * length goes aside only when it is not its spelling's. */
static int keep_occurrence(state *st, uint32_t s, const cn_token *t, uint32_t id, cached c)
{
    cn_prepared *p = st->p;
    size_t at = p->occ_ptr[s + 1], from = t->start - p->segs[s].start, len = t->end - t->start;
    if (from > UINT32_MAX || len >= UINT32_MAX)
        return cn_error_code(st->err, CN_EINVALID, "a segment longer than 4 GB");
    cn_spelling *sp = spelling_entry(st, id, c);
    if (!sp ||
        cn_pipeline_grow_raw((void **)&p->occ, &st->occ_cap, at + 1, sizeof *p->occ, st->err) < 0)
        return -1;
    if (sp->len == UINT32_MAX)
        sp->len = (uint32_t)len;
    if (sp->len != len) {
        if (cn_pipeline_grow_raw((void **)&p->occ_lens, &st->occ_lens_cap, p->nocc_lens + 1,
                                 sizeof *p->occ_lens, st->err) < 0)
            return -1;
        p->occ_lens[p->nocc_lens++] = (cn_occ_len){at, (uint32_t)len};
    }
    p->occ[at] = (cn_occ_packed){(uint32_t)from, id};
    p->occ_ptr[s + 1] = at + 1;
    return 0;
}

/* A corpus's rarer words miss the cache: while token i is counted, the entry of the token
 * CACHE_AHEAD on is asked for, and the lemma seen-mark of the one SEEN_AHEAD on (its entry
 * asked for before), so that their waits overlap (stats on the French bench corpus, 2
 * threads, median CPU of 15 alternating runs: 880 -> 850 ms). Hints only: nothing depends
 * on them. */
#define CACHE_AHEAD 8
#define SEEN_AHEAD 4
static inline void prefetch_ahead(const state *st, size_t i, size_t last)
{
    if (i + CACHE_AHEAD <= last && st->ids[i + CACHE_AHEAD] != CN_INTERN_NONE)
        __builtin_prefetch(&st->hot[st->ids[i + CACHE_AHEAD]]);
    if (i + SEEN_AHEAD <= last && st->ids[i + SEEN_AHEAD] != CN_INTERN_NONE)
        __builtin_prefetch(&st->seg_mark[st->hot[st->ids[i + SEEN_AHEAD]].lemma]);
}

int cn_pipeline_add_segment(state *st, uint32_t text, uint32_t block, const char *body,
                            const cn_tokens *toks, const cn_span *spans, size_t n, size_t k)
{
    cn_span span = spans[k];
    cn_prepared *p = st->p;
    uint32_t s = p->nsegs;
    if (cn_pipeline_grow_raw((void **)&p->segs, &st->segs_cap, (size_t)s + 1, sizeof *p->segs,
                             st->err) < 0 ||
        cn_pipeline_grow_raw((void **)&p->seg_ptr, &st->seg_ptr_cap, (size_t)s + 2,
                             sizeof *p->seg_ptr, st->err) < 0)
        return -1;
    cn_seg *seg = &p->segs[s];
    seg->text = text;
    seg->block = block;
    bool keep = !st->params->counts_only; /* the occurrences and each text's counts */
    size_t start = 0, end = 0;
    if (keep) /* a segment's text is quoted by the run's tables, never by the statistics */
        cn_segment_edges(body, toks->t, spans, n, k, &start, &end);
    seg->start = start;
    seg->end = end;
    seg->occurrences = 0;
    size_t w = p->seg_ptr[s];
    if (keep) {
        if (cn_pipeline_grow_raw((void **)&p->occ_ptr, &st->occ_ptr_cap, (size_t)s + 2,
                                 sizeof *p->occ_ptr, st->err) < 0)
            return -1;
        if (s == 0)
            p->occ_ptr[0] = 0;
        p->occ_ptr[s + 1] = p->occ_ptr[s];
    }
    for (size_t i = span.first; i <= span.last; i++) {
        prefetch_ahead(st, i, span.last);
        uint32_t id = st->ids[i];
        if (id == CN_INTERN_NONE) /* punctuation */
            continue;
        struct hot_spelling *h = &st->hot[id];
        if (++h->count == 0) /* 2^32 occurrences: the carry goes to the whole count */
            st->cache[id].count += (uint64_t)1 << 32;
        uint32_t lemma = h->lemma;
        if (keep && keep_occurrence(st, s, &toks->t[i], id, st->cache[id]) < 0)
            return -1;
        p->text_words[text]++;
        for (unsigned bits = st->hot_stops[id], k = 0; bits; bits >>= 1, k++) /* set bits only */
            p->text_stops[(size_t)text * CN_PIPELINE_STOPLANGS + k] += bits & 1u;
        /* only active lemmas have specificities: the others' counts would be half the list */
        if (keep && p->lemmas[lemma].status == CN_LEMMA_ACTIVE && count_in_text(st, lemma) < 0)
            return -1;
        seg->occurrences++;
        if (st->seg_mark[lemma] == s + 1)
            continue;
        st->seg_mark[lemma] = s + 1;
        if (cn_pipeline_grow_raw((void **)&p->seg_lemmas, &st->seg_lemmas_cap, w + 1,
                                 sizeof *p->seg_lemmas, st->err) < 0)
            return -1;
        p->seg_lemmas[w++] = lemma;
    }
    p->occurrences += seg->occurrences;
    p->seg_ptr[s + 1] = w;
    p->nsegs++;
    return 0;
}

void cn_pipeline_start_text(state *st, uint32_t index)
{
    st->current_text = index;
    st->p->text_ptr[index + 1] = st->p->text_ptr[index];
}
