/* chunks.c — texts tokenised ahead by worker threads (see chunks.h).
 *
 * Workers take the next range of texts (about CHUNK_BYTES of text) under a lock, fill a
 * slot of a small ring without it, and mark it ready; the consumer takes slots in
 * sequence order, and makes the next chunk itself when no worker has begun it, so that
 * one worker and the consumer share the work on two cores. Workers also cut each block
 * into segments: that needs its tokens only (expressions, which glue tokens first, never
 * come here). At most RING_PER_WORKER chunks per
 * worker wait, which bounds memory whatever the corpus size. What a chunk holds depends only on its
 * texts, never on the thread that made it or when: the consumer sees the same chunks on any number
 * of threads. */
#include "carnet/chunks.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"

#define CHUNK_BYTES (256 * 1024)
#define RING_PER_WORKER 3

struct cn_chunks {
    const cn_corpus *corpus;
    const uint32_t *texts;
    const char (*lang)[16];
    cn_charset charset;
    size_t segment_size;
    uint32_t n;
    size_t *text_bytes; /* body bytes of each text, to cut chunks of about CHUNK_BYTES */
    cn_chunk *ring;
    size_t nring;
    pthread_mutex_t mu;
    pthread_cond_t ready, room;
    uint32_t next_text; /* first text of the next chunk to make */
    size_t made, consumed;
    bool stop;
    pthread_t *threads;
    int nthreads;
};

/* Notes token i's spelling in the chunk's table: "lang\x1fspelling", cut; key holds
 * "lang\x1f" (head bytes) and room for CN_CHUNKS_SPELLING_MAX more. */
static int note_spelling(const cn_chunks *c, cn_chunk *ch, char *key, size_t head, const char *body,
                         size_t i, cn_error *err)
{
    const cn_token *t = &ch->toks.t[i];
    if (t->kind == CN_TOKEN_PUNCT) {
        ch->local[i] = CN_INTERN_NONE;
        return 0;
    }
    const char *s = body + t->start;
    size_t len = t->end - t->start;
    if (c->charset == CN_CHARSET_IRAMUTEQ) { /* its cleaned spelling, as the pipeline's */
        s = ch->toks.forms + t->form;
        len = t->form_len;
    }
    if (len > CN_CHUNKS_SPELLING_MAX)
        len = CN_CHUNKS_SPELLING_MAX;
    memcpy(key + head, s, len); /* after "lang\x1f", written once per block */
    bool added;
    uint32_t id = cn_intern_add(ch->spellings, key, head + len, &added);
    if (id == CN_INTERN_NONE ||
        cn_grow((void **)&ch->kinds, &ch->kinds_cap, (size_t)id + 1, sizeof *ch->kinds) < 0)
        return cn_error_nomem(err);
    if (added)
        ch->kinds[id] = (uint8_t)t->kind;
    ch->local[i] = id;
    return 0;
}

/* Tokenises block b of text i into the chunk; -1 with ch->err on failure. */
static int add_block(cn_chunks *c, cn_chunk *ch, uint32_t i, size_t b)
{
    const char *body = c->corpus->texts[c->texts[i]].blocks[b].body;
    size_t from = ch->toks.n;
    if (cn_text_tokenise_replacing(body, strlen(body), c->charset, NULL, 0, &ch->toks, &ch->err) <
        0)
        return -1;
    if (cn_grow((void **)&ch->local, &ch->local_cap, ch->toks.n + 1, sizeof *ch->local) < 0 ||
        cn_grow((void **)&ch->block_end, &ch->block_cap, ch->nblocks + 1, sizeof *ch->block_end) <
            0)
        return cn_error_nomem(&ch->err);
    char key[CN_CHUNKS_SPELLING_MAX + 20];
    size_t head = cn_intern_join(key, sizeof key, c->lang[i], "", 0);
    for (size_t k = from; k < ch->toks.n; k++)
        if (note_spelling(c, ch, key, head, body, k, &ch->err) < 0)
            return -1;
    size_t ntoks = ch->toks.n - from;
    if (cn_grow_raw((void **)&ch->spans, &ch->spans_cap, ch->nspans + ntoks + 1,
                    sizeof *ch->spans) < 0 ||
        cn_grow_raw((void **)&ch->block_spans, &ch->block_spans_cap, ch->nblocks + 1,
                    sizeof *ch->block_spans) < 0)
        return cn_error_nomem(&ch->err);
    ch->nspans += cn_segment(ch->toks.t + from, ntoks, c->segment_size, ch->spans + ch->nspans);
    ch->block_spans[ch->nblocks] = ch->nspans;
    ch->block_end[ch->nblocks++] = ch->toks.n;
    return 0;
}

static void fill(cn_chunks *c, cn_chunk *ch)
{
    cn_tokens_reset(&ch->toks);
    ch->nblocks = 0;
    ch->nspans = 0;
    ch->rc = 0;
    cn_error_clear(&ch->err);
    cn_intern_free(ch->spellings);
    if (!(ch->spellings = cn_intern_new())) {
        ch->rc = cn_error_nomem(&ch->err);
        ch->bad_text = ch->first;
        ch->bad_block = 0;
        return;
    }
    for (uint32_t i = ch->first; i < ch->end; i++) {
        const cn_corpus_text *t = &c->corpus->texts[c->texts[i]];
        for (size_t b = 0; b < t->nblocks; b++)
            if (add_block(c, ch, i, b) < 0) {
                ch->rc = -1;
                ch->bad_text = i;
                ch->bad_block = b;
                return;
            }
    }
}

/* Claims the next chunk's texts, the lock held; the caller fills it unlocked. */
static cn_chunk *claim(cn_chunks *c)
{
    cn_chunk *ch = &c->ring[c->made % c->nring];
    ch->seq = c->made++;
    ch->ready = false;
    ch->first = c->next_text;
    size_t bytes = 0;
    do
        bytes += c->text_bytes[c->next_text++];
    while (c->next_text < c->n && bytes < CHUNK_BYTES);
    ch->end = c->next_text;
    return ch;
}

/* Fills a claimed chunk without the lock and marks it ready; the lock held on return. */
static void make(cn_chunks *c, cn_chunk *ch)
{
    pthread_mutex_unlock(&c->mu);
    fill(c, ch);
    pthread_mutex_lock(&c->mu);
    ch->ready = true;
    pthread_cond_broadcast(&c->ready);
}

static void *work(void *arg)
{
    cn_chunks *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->stop && c->next_text < c->n && c->made - c->consumed >= c->nring)
            pthread_cond_wait(&c->room, &c->mu);
        if (c->stop || c->next_text >= c->n)
            break;
        make(c, claim(c));
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

int cn_chunks_start(const cn_corpus *corpus, const uint32_t *texts, uint32_t n,
                    const char (*lang)[16], cn_charset charset, size_t segment_size, int workers,
                    cn_chunks **out, cn_error *err)
{
    cn_chunks *c = calloc(1, sizeof *c);
    if (!c)
        return cn_error_nomem(err);
    workers = workers < 1 ? 1 : workers;
    *c = (cn_chunks){.corpus = corpus,
                     .texts = texts,
                     .lang = lang,
                     .charset = charset,
                     .segment_size = segment_size,
                     .n = n};
    c->nring = (size_t)workers * RING_PER_WORKER;
    c->ring = calloc(c->nring, sizeof *c->ring);
    c->text_bytes = malloc(((size_t)n + 1) * sizeof *c->text_bytes);
    c->threads = malloc((size_t)workers * sizeof *c->threads);
    if (!c->ring || !c->text_bytes || !c->threads) {
        free(c->ring);
        free(c->text_bytes);
        free(c->threads);
        free(c);
        return cn_error_nomem(err);
    }
    for (size_t k = 0; k < c->nring; k++)
        c->ring[k].toks.raw = true;
    for (uint32_t i = 0; i < n; i++) {
        const cn_corpus_text *t = &corpus->texts[texts[i]];
        c->text_bytes[i] = 1;
        for (size_t b = 0; b < t->nblocks; b++)
            c->text_bytes[i] += strlen(t->blocks[b].body);
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->ready, NULL);
    pthread_cond_init(&c->room, NULL);
    for (; c->nthreads < workers; c->nthreads++)
        if (pthread_create(&c->threads[c->nthreads], NULL, work, c) != 0)
            break;
    if (c->nthreads == 0) {
        cn_chunks_stop(c);
        return cn_error_set(err, "cannot start a thread to read the texts");
    }
    *out = c;
    return 0;
}

cn_chunk *cn_chunks_next(cn_chunks *c)
{
    pthread_mutex_lock(&c->mu);
    size_t k = c->consumed;
    cn_chunk *ch = &c->ring[k % c->nring];
    if (c->made == k && c->next_text < c->n) /* the workers are behind: make it here */
        make(c, claim(c));
    /* chunk k exists once made > k; none will when the texts ran out first */
    while (!(c->made > k && ch->seq == k && ch->ready) && !(c->made <= k && c->next_text >= c->n))
        pthread_cond_wait(&c->ready, &c->mu);
    bool none = c->made <= k;
    pthread_mutex_unlock(&c->mu);
    return none ? NULL : ch;
}

void cn_chunks_release(cn_chunks *c, cn_chunk *chunk)
{
    (void)chunk;
    pthread_mutex_lock(&c->mu);
    c->consumed++;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->mu);
}

void cn_chunks_stop(cn_chunks *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->stop = true;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->mu);
    for (int i = 0; i < c->nthreads; i++)
        pthread_join(c->threads[i], NULL);
    for (size_t k = 0; k < c->nring; k++) {
        cn_chunk *ch = &c->ring[k];
        cn_tokens_free(&ch->toks);
        free(ch->block_end);
        free(ch->spans);
        free(ch->block_spans);
        free(ch->local);
        cn_intern_free(ch->spellings);
        free(ch->kinds);
    }
    pthread_cond_destroy(&c->ready);
    pthread_cond_destroy(&c->room);
    pthread_mutex_destroy(&c->mu);
    free(c->ring);
    free(c->text_bytes);
    free(c->threads);
    free(c);
}
