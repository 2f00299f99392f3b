/* pipeline_merge.c — the texts on several threads: the chunks the workers tokenised
 * (chunks.h) merged into the preparation's state in corpus order, as pipeline.c reads them. */
#include "pipeline_state.h"

#include <stdlib.h>
#include <string.h>

#include "carnet/chunks.h"
#include "carnet/lang.h"

/* The cache id of each spelling a chunk maker's table holds (cn_chunk_spelling.id). */
typedef struct maker_ids {
    uint32_t *ids;
    size_t cap;
} maker_ids;

typedef struct parallel {
    state *st;
    const char *path;
    maker_ids *makers; /* per chunk maker (chunks.h: 1 + workers) */
} parallel;

/* A spelling new to its maker is often new to the corpus too, and its slot in the
 * pipeline's table, wherever the hash puts it, is not in the cache: the slots of the
 * spelling MERGE_AHEAD on, and of its folded form, are asked for while this one is looked
 * up (hints: nothing depends on them). stats on the French bench corpus, 2 threads, median
 * CPU of 15 alternating runs: 790 -> 780 ms, then 850 -> 820 in a second series. */
#define MERGE_AHEAD 8
static void prefetch_spelling(const state *st, const cn_chunk *ch, uint32_t j)
{
    const cn_chunk_spelling *sp = &ch->spellings[j];
    cn_intern_prefetch_slot(st->form_lang, cn_intern_hash(ch->text + sp->key, sp->key_len));
    if (sp->prep.ok)
        cn_intern_prefetch_slot(st->p->forms,
                                cn_intern_hash(ch->text + sp->prep.form, sp->prep.form_len));
}

/* Looks up in the pipeline's table the spellings new to the chunk's maker, in the chunk's
 * order of first sight: chunks come in corpus order, and a spelling new to the corpus is
 * new to the maker of the chunk where it first occurs, so new spellings get their ids,
 * forms and lemmas in the order a single pass gives them. */
static int merge_spellings(parallel *pp, const cn_chunk *ch)
{
    state *st = pp->st;
    maker_ids *m = &pp->makers[ch->maker];
    for (uint32_t j = 0; j < ch->nspellings; j++) {
        if (j + MERGE_AHEAD < ch->nspellings)
            prefetch_spelling(st, ch, j + MERGE_AHEAD);
        const cn_chunk_spelling *sp = &ch->spellings[j];
        const char *key = ch->text + sp->key;
        size_t llen = strcspn(key, "\x1f");
        char lang[CN_LANG_CODE_MAX];
        memcpy(lang, key, llen);
        lang[llen] = '\0';
        uint32_t id;
        if (cn_pipeline_lookup_key(st, lang, llen, key, sp->key_len, (cn_token_kind)sp->kind,
                                   &sp->prep, ch->text, &id) < 0 ||
            cn_pipeline_grow_raw((void **)&m->ids, &m->cap, (size_t)sp->id + 1, sizeof *m->ids,
                                 st->err) < 0)
            return -1;
        m->ids[sp->id] = id;
    }
    return 0;
}

/* One chunk's texts, as prepare_text does them, from the tokens a worker made. */
static int prepare_chunk(parallel *pp, const cn_chunk *ch)
{
    state *st = pp->st;
    cn_prepared *p = st->p;
    uint32_t last = ch->rc < 0 ? ch->bad_text : ch->end - 1;
    for (uint32_t i = ch->first; i <= last; i++)
        if (cn_pipeline_text_head(st, i, pp->path) < 0)
            return -1;
    if (merge_spellings(pp, ch) < 0)
        return -1;
    size_t k = 0, from = 0; /* the chunk's block, and its first token */
    for (uint32_t i = ch->first; i <= last; i++) {
        const cn_corpus_text *t = &p->corpus->texts[p->texts[i]];
        cn_pipeline_start_text(st, i);
        for (size_t b = 0; b < t->nblocks; b++, k++) {
            if (ch->rc < 0 && i == ch->bad_text && b == ch->bad_block) {
                *st->err = ch->err;
                return cn_error_prefix(st->err, "%s:%zu", pp->path, t->blocks[b].line);
            }
            size_t to = ch->block_end[k];
            if (cn_pipeline_grow((void **)&st->ids, &st->ids_cap, to - from + 1, sizeof *st->ids,
                                 st->err) < 0)
                return -1;
            const uint32_t *maker_ids = pp->makers[ch->maker].ids;
            for (size_t j = from; j < to; j++)
                st->ids[j - from] =
                    ch->local[j] == CN_INTERN_NONE ? CN_INTERN_NONE : maker_ids[ch->local[j]];
            cn_tokens view = ch->toks;
            if (to > from) /* a chunk without any token has no token array (NULL) */
                view.t += from;
            view.n = to - from;
            size_t first = k ? ch->block_spans[k - 1] : 0, n = ch->block_spans[k] - first;
            for (size_t sp = 0; sp < n; sp++)
                if (cn_pipeline_add_segment(st, i, (uint32_t)b, t->blocks[b].body, &view,
                                            ch->spans + first, n, sp) < 0)
                    return -1;
            from = to;
        }
        if (st->params->progress && i % (p->ntexts / 100 + 1) == 0)
            st->params->progress(st->params->progress_ctx, "reading texts", (double)i / p->ntexts);
    }
    return 0;
}

/* The texts from the first one up to the first whose language is refused, tokenised by
 * worker threads and counted here in order; *done: how many. Expressions are glued while
 * their words are looked up, interleaving their own ids with the words': they stay on
 * the single pass. */
int cn_pipeline_prepare_parallel(state *st, const char *path, uint32_t *done)
{
    cn_prepared *p = st->p;
    cn_error scratch = {0}, *err = st->err;
    uint32_t n = 0;
    st->err = &scratch; /* a refused language is reported by the single pass, in order */
    while (n < p->ntexts && cn_pipeline_text_language(st, &p->corpus->texts[p->texts[n]], path,
                                                      p->text_lang[n]) == 0)
        n++;
    st->err = err;
    *done = 0;
    if (n < 2)
        return 0;
    /* the workers' own copy: cn_pipeline_text_head writes p->text_lang again as it goes */
    char(*langs)[CN_LANG_CODE_MAX] = malloc((size_t)n * sizeof *langs);
    if (!langs)
        return cn_error_nomem(st->err);
    memcpy(langs, p->text_lang, (size_t)n * sizeof *langs);
    int workers = st->params->threads - 1;
    cn_chunks *chunks;
    /* the workers fold and stem each new spelling as cn_pipeline_lookup_key would: pure
     * functions */
    cn_chunks_fold fold = {.detect = st->detect,
                           .ndetect = st->ndetect,
                           .fold_accents = st->params->fold_accents,
                           .stem = !st->lexicon};
    if (cn_chunks_start(p->corpus, p->texts, n, (const char(*)[16])langs, st->params->charset,
                        st->params->segment_size, &fold, workers, &chunks, st->err) < 0) {
        free(langs);
        return -1;
    }
    parallel pp = {
        .st = st, .path = path, .makers = calloc((size_t)workers + 1, sizeof *pp.makers)};
    int rc = pp.makers ? 0 : cn_error_nomem(st->err);
    for (cn_chunk *ch; rc == 0 && (ch = cn_chunks_next(chunks));) {
        rc = prepare_chunk(&pp, ch);
        cn_chunks_release(chunks, ch);
    }
    cn_chunks_stop(chunks);
    free(langs);
    for (int k = 0; pp.makers && k <= workers; k++)
        free(pp.makers[k].ids);
    free(pp.makers);
    *done = n;
    return rc;
}
