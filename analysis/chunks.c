/* chunks.c — texts tokenised ahead by worker threads (see chunks.h).
 *
 * Workers take the next range of texts (about CHUNK_BYTES of text) under a lock, fill a
 * slot of a small ring without it, and mark it ready; the consumer takes slots in
 * sequence order, and while the one it needs is not ready it makes the next unclaimed
 * chunk itself, so that one worker and the consumer share the work on two cores. Workers
 * also cut each block into segments: that needs its tokens only (expressions, which glue
 * tokens first, never come here). At most RING_PER_MAKER chunks per thread that makes
 * them (the workers and the consumer) wait, which bounds memory whatever the corpus size.
 * A chunk's tokens and segments depend only on its texts. Each token's spelling is known
 * by its id in the table of the thread that made the chunk (folder), and the chunk lists,
 * in order of first sight, the spellings that thread had not met before, with their keys
 * and what the thread works out for them (folded and stemmed once per thread): the
 * consumer, which knows each thread's ids, looks those up in chunk order, and so gives
 * every spelling the entry a single pass would, on any number of threads. A chunk once had
 * a table of its own, looked up per token, and the thread's only for the chunk's new
 * spellings: one lookup per token is less work (stats, best of 7: Italian 246 -> 225 ms,
 * French 478 -> 444). */
#include "carnet/chunks.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/accents.h"
#include "carnet/grow.h"
#include "carnet/pipeline.h"

#define CHUNK_BYTES (256 * 1024)
#define RING_PER_MAKER 3

/* A thread's table of the spellings it met, kept across its chunks: each token is looked
 * up here, and a spelling new to the thread folded and each (language, form) stemmed,
 * once per thread; the consumer knows the chunk's tokens by their ids here
 * (cn_chunk.local, cn_chunk_spelling.id). */
typedef struct folder {
    cn_intern *spellings; /* "lang\x1fspelling" -> its entry in done */
    struct folded {
        uint32_t form, form_len, stem, stem_len; /* in store; stem_len UINT32_MAX: none */
        uint8_t stop_langs;
        bool ok; /* form and stop_langs worked out */
    } * done;
    size_t done_cap;
    uint32_t maker; /* this thread's number, for the chunks it makes */
    char *store;    /* the folded forms and stems, each NUL-terminated */
    size_t store_len, store_cap;
    cn_intern *stem_key; /* "lang\x1fform" -> its stem (stem_of) */
    struct stem_at {
        uint32_t at, len; /* in store; len UINT32_MAX: none */
    } * stem_of;
    size_t stem_of_cap;
    cn_tokens fold; /* scratch for cn_text_fold */
    /* The keys of the first language the thread meets are its spellings alone, read where
     * the tokeniser left them; another language's are "lang\x1fspelling", made in keys. No
     * spelling holds the separator 0x1f (a control character ends a word in either
     * charset), so the two kinds never meet. Most corpora are in one language: copying
     * each token behind its language cost the French bench corpus's stats 10 % (min of 9
     * alternating runs, 791 -> 681 ms). */
    char bare[16 + 2]; /* as add_block makes it: that language's "lang\x1f"; "" none yet */
    char *whole;       /* scratch: a bare key's "lang\x1fspelling", for a new spelling */
    size_t whole_cap;
    /* scratch for note_spellings: a block's keys of other languages, one after another,
     * and each token's */
    char *keys;
    size_t keys_cap;
    struct keyed {
        uint64_t hash;
        const char *bare; /* the spelling, where the tokeniser left it; NULL: in keys */
        uint32_t at, len; /* in keys; len UINT32_MAX: punctuation, no key */
    } * keyed;
    size_t keyed_cap;
    struct {
        char lang[16];
        cn_pipeline_stemmer *s;
    } stemmers[8];
    int nstemmers;
} folder;

struct cn_chunks {
    const cn_corpus *corpus;
    const uint32_t *texts;
    const char (*lang)[16];
    cn_charset charset;
    size_t segment_size;
    cn_chunks_fold fold; /* fold.detect NULL: tokenise only */
    folder *own;         /* the consumer's, for the chunks it makes itself */
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
    uint32_t nmakers; /* workers numbered so far */
};

static void folder_free(folder *f)
{
    if (!f)
        return;
    cn_intern_free(f->spellings);
    cn_intern_free(f->stem_key);
    free(f->done);
    free(f->store);
    free(f->stem_of);
    free(f->keys);
    free(f->keyed);
    free(f->whole);
    cn_tokens_free(&f->fold);
    for (int i = 0; i < f->nstemmers; i++)
        cn_pipeline_stemmer_free(f->stemmers[i].s);
    free(f);
}

static folder *folder_new(void)
{
    folder *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->spellings = cn_intern_new();
    f->stem_key = cn_intern_new();
    if (!f->spellings || !f->stem_key) {
        folder_free(f);
        return NULL;
    }
    return f;
}

/* Appends s[0..len) and a NUL to a growing buffer; its offset, or -1 without memory. */
static int64_t append(char **buf, size_t *used, size_t *cap, const char *s, size_t len)
{
    if (*used + len + 1 > UINT32_MAX || cn_grow_raw((void **)buf, cap, *used + len + 1, 1) < 0)
        return -1;
    memcpy(*buf + *used, s, len);
    (*buf)[*used + len] = '\0';
    *used += len + 1;
    return (int64_t)(*used - len - 1);
}

/* This thread's stemmer for lang, or NULL (no such language, or no memory). */
static cn_pipeline_stemmer *folder_stemmer(folder *f, const char *lang)
{
    for (int i = 0; i < f->nstemmers; i++)
        if (strcmp(f->stemmers[i].lang, lang) == 0)
            return f->stemmers[i].s;
    if (f->nstemmers == 8 || strlen(lang) >= sizeof f->stemmers[0].lang)
        return NULL;
    cn_pipeline_stemmer *s = cn_pipeline_stemmer_new(lang);
    if (s) {
        memcpy(f->stemmers[f->nstemmers].lang, lang, strlen(lang) + 1);
        f->stemmers[f->nstemmers++].s = s;
    }
    return s;
}

/* The stem of form in the language of key (head bytes "lang\x1f"); len UINT32_MAX when it
 * cannot be had here: the consumer stems it then. */
static struct stem_at folder_stem(folder *f, const char *key, size_t head, const char *form,
                                  size_t len)
{
    struct stem_at none = {0, UINT32_MAX};
    char k[CN_CHUNKS_SPELLING_MAX * 4 + 40];
    if (head + len > sizeof k)
        return none;
    memcpy(k, key, head);
    memcpy(k + head, form, len);
    bool added;
    uint32_t id = cn_intern_add(f->stem_key, k, head + len, &added);
    if (id == CN_INTERN_NONE ||
        cn_grow((void **)&f->stem_of, &f->stem_of_cap, (size_t)id + 1, sizeof *f->stem_of) < 0)
        return none;
    if (!added)
        return f->stem_of[id];
    char lang[16];
    size_t llen = head - 1 < sizeof lang ? head - 1 : sizeof lang - 1;
    memcpy(lang, key, llen);
    lang[llen] = '\0';
    cn_pipeline_stemmer *s = folder_stemmer(f, lang);
    size_t slen;
    const char *stem = s ? cn_pipeline_stem(s, form, len, &slen) : NULL;
    int64_t at = stem ? append(&f->store, &f->store_len, &f->store_cap, stem, slen) : -1;
    f->stem_of[id] = at < 0 ? none : (struct stem_at){(uint32_t)at, (uint32_t)slen};
    return f->stem_of[id];
}

/* Folds and stems a spelling new to the thread, as the pipeline's lookup does a new one. */
static void folder_work(const cn_chunks *c, folder *f, struct folded *out, const char *key,
                        size_t head, size_t klen)
{
    cn_error err = {0};
    size_t form, flen;
    char *plain = NULL;
    out->ok = false;
    out->stem_len = UINT32_MAX;
    cn_tokens_reset(&f->fold);
    char lang[8]; /* the key's head: "lang\x1f" */
    snprintf(lang, sizeof lang, "%.*s", (int)(head ? head - 1 : 0), key);
    cn_tokens_set_language(&f->fold, lang, c->charset);
    if (cn_text_fold(key + head, klen - head, &f->fold, &form, &flen, &err) < 0)
        return;
    const char *folded = f->fold.forms + form;
    out->stop_langs = (uint8_t)cn_stopwords_langs(c->fold.detect, c->fold.ndetect, folded, flen);
    if (c->fold.fold_accents) {
        if (cn_accents_fold(folded, flen, &plain, &flen, &err) < 0)
            return;
        folded = plain;
    }
    int64_t at = append(&f->store, &f->store_len, &f->store_cap, folded, flen);
    if (at >= 0) {
        out->form = (uint32_t)at;
        out->form_len = (uint32_t)flen;
        out->ok = true;
        /* stemmed whatever its kind: a number or a stop word's stem is made and not used */
        if (c->fold.stem) {
            struct stem_at st = folder_stem(f, key, head, f->store + at, flen);
            out->stem = st.at;
            out->stem_len = st.len;
        }
    }
    free(plain);
}

/* Adds the thread's new spelling key[0..klen) (head bytes "lang\x1f"), its id in the
 * thread's table, as the chunk's next one: its key and what the thread works out for it. */
static int chunk_spelling(const cn_chunks *c, folder *f, cn_chunk *ch, uint32_t id, const char *key,
                          size_t head, size_t klen, cn_token_kind kind)
{
    if (cn_grow_raw((void **)&f->done, &f->done_cap, (size_t)id + 1, sizeof *f->done) < 0 ||
        cn_grow_raw((void **)&ch->spellings, &ch->spellings_cap, (size_t)ch->nspellings + 1,
                    sizeof *ch->spellings) < 0)
        return -1;
    cn_chunk_spelling *sp = &ch->spellings[ch->nspellings++];
    *sp = (cn_chunk_spelling){.id = id, .kind = (uint8_t)kind};
    const struct folded *d = &f->done[id];
    if (c->fold.detect)
        folder_work(c, f, &f->done[id], key, head, klen);
    else
        f->done[id].ok = false;
    int64_t at = append(&ch->text, &ch->text_len, &ch->text_cap, key, klen);
    if (at < 0) { /* a spelling without its key is none: the consumer reads them all */
        ch->nspellings--;
        return -1;
    }
    sp->key = (uint32_t)at;
    sp->key_len = (uint32_t)klen;
    if (!d->ok)
        return 0;
    int64_t form = append(&ch->text, &ch->text_len, &ch->text_cap, f->store + d->form, d->form_len);
    int64_t stem = d->stem_len == UINT32_MAX ? 0
                                             : append(&ch->text, &ch->text_len, &ch->text_cap,
                                                      f->store + d->stem, d->stem_len);
    if (form < 0 || stem < 0)
        return -1;
    sp->prep = (cn_chunk_prep){.form = (uint32_t)form,
                               .form_len = d->form_len,
                               .stem = (uint32_t)stem,
                               .stem_len = d->stem_len,
                               .stop_langs = d->stop_langs,
                               .ok = true,
                               .stemmed = d->stem_len != UINT32_MAX};
    return 0;
}

/* Token i's spelling as the thread's table keys it, cut to CN_CHUNKS_SPELLING_MAX bytes;
 * NULL for punctuation, which has none. */
static const char *spelling_of(const cn_chunks *c, const cn_chunk *ch, const char *body, size_t i,
                               size_t *len)
{
    const cn_token *t = &ch->toks.t[i];
    if (t->kind == CN_TOKEN_PUNCT)
        return NULL;
    const char *s = body + t->start;
    size_t n = t->end - t->start;
    if (c->charset == CN_CHARSET_IRAMUTEQ) { /* its cleaned spelling, as the pipeline's */
        s = ch->toks.forms + t->form;
        n = t->form_len;
    }
    *len = cn_chunks_spelling_len(s, n);
    return s;
}

/* The whole key "lang\x1fspelling" of a new spelling (head bytes of lang) that the
 * thread's table keys bare, in f->whole; NULL without memory. */
static const char *whole_key(folder *f, const char *lang, size_t head, const char *spelling,
                             size_t len)
{
    if (cn_grow_raw((void **)&f->whole, &f->whole_cap, head + len, 1) < 0)
        return NULL;
    memcpy(f->whole, lang, head);
    memcpy(f->whole + head, spelling, len);
    return f->whole;
}

/* Notes token i's spelling by its id in the thread's table: k is its key with its
 * cn_intern_hash, the spelling alone or "lang\x1fspelling" (lang: head bytes), cut. */
static int note_spelling(const cn_chunks *c, folder *f, cn_chunk *ch, const char *lang, size_t head,
                         size_t i, const struct keyed *k, cn_error *err)
{
    if (k->len == UINT32_MAX) {
        ch->local[i] = CN_INTERN_NONE;
        return 0;
    }
    const char *key = k->bare ? k->bare : f->keys + k->at;
    bool added;
    uint32_t id = cn_intern_add_hashed(f->spellings, key, k->len, k->hash, &added);
    if (id == CN_INTERN_NONE)
        return cn_error_nomem(err);
    if (added) {
        const char *whole = k->bare ? whole_key(f, lang, head, key, k->len) : key;
        size_t whole_len = k->bare ? head + k->len : k->len;
        if (!whole || chunk_spelling(c, f, ch, id, whole, head, whole_len, ch->toks.t[i].kind) < 0)
            return cn_error_nomem(err);
    }
    ch->local[i] = id;
    return 0;
}

/* The keys of tokens [from, to) of a block, each hashed: its spelling where it is, in the
 * thread's first language, else "lang\x1f" (head bytes of lang) and its spelling, one
 * after another in f->keys. */
static int make_keys(const cn_chunks *c, folder *f, cn_chunk *ch, const char *lang, size_t head,
                     const char *body, size_t from, size_t to)
{
    if (cn_grow_raw((void **)&f->keyed, &f->keyed_cap, to - from, sizeof *f->keyed) < 0)
        return cn_error_nomem(&ch->err);
    if (!f->bare[0] && head < sizeof f->bare)
        memcpy(f->bare, lang, head + 1);
    bool bare = strcmp(f->bare, lang) == 0;
    size_t used = 0;
    for (size_t k = from; k < to; k++) {
        struct keyed *kd = &f->keyed[k - from];
        size_t len;
        const char *s = spelling_of(c, ch, body, k, &len);
        if (!s) {
            kd->len = UINT32_MAX;
            continue;
        }
        if (bare) {
            *kd = (struct keyed){cn_intern_hash(s, len), s, 0, (uint32_t)len};
            continue;
        }
        if (cn_grow_raw((void **)&f->keys, &f->keys_cap, used + head + len, 1) < 0)
            return cn_error_nomem(&ch->err);
        char *key = f->keys + used;
        for (size_t b = 0; b < head; b++) /* a few bytes: no call */
            key[b] = lang[b];
        memcpy(key + head, s, len);
        *kd = (struct keyed){cn_intern_hash(key, head + len), NULL, (uint32_t)used,
                             (uint32_t)(head + len)};
        used += head + len;
    }
    return 0;
}

/* Notes the spellings of tokens [from, to) of a block. A corpus's rarer words miss the
 * cache: the keys are made and hashed first, and each lookup asks for the slot of the key
 * SLOT_AHEAD tokens on and the record of the key RECORD_AHEAD on, so that their waits
 * overlap instead of following one another (stats on the French bench corpus, 2 threads,
 * median CPU of 15 alternating runs: 820 -> 800 ms, small but the same in two series). */
#define SLOT_AHEAD 8
#define RECORD_AHEAD 4
static int note_spellings(const cn_chunks *c, folder *f, cn_chunk *ch, const char *lang,
                          size_t head, const char *body, size_t from, size_t to)
{
    if (make_keys(c, f, ch, lang, head, body, from, to) < 0)
        return -1;
    bool ahead = cn_intern_is_large(f->spellings); /* else it all sits in the cache */
    for (size_t k = from; k < to; k++) {
        if (ahead && k + SLOT_AHEAD < to && f->keyed[k + SLOT_AHEAD - from].len != UINT32_MAX)
            cn_intern_prefetch_slot(f->spellings, f->keyed[k + SLOT_AHEAD - from].hash);
        if (ahead && k + RECORD_AHEAD < to && f->keyed[k + RECORD_AHEAD - from].len != UINT32_MAX)
            cn_intern_prefetch_record(f->spellings, f->keyed[k + RECORD_AHEAD - from].hash);
        if (note_spelling(c, f, ch, lang, head, k, &f->keyed[k - from], &ch->err) < 0)
            return -1;
    }
    return 0;
}

/* Tokenises block b of text i into the chunk; -1 with ch->err on failure. */
static int add_block(cn_chunks *c, folder *f, cn_chunk *ch, uint32_t i, size_t b)
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
    char lang[sizeof c->lang[i] + 2]; /* "lang\x1f", the keys' head */
    size_t head = cn_intern_join(lang, sizeof lang, c->lang[i], "", 0);
    if (note_spellings(c, f, ch, lang, head, body, from, ch->toks.n) < 0)
        return -1;
    size_t ntoks = ch->toks.n - from;
    if (cn_grow_raw((void **)&ch->spans, &ch->spans_cap, ch->nspans + ntoks + 1,
                    sizeof *ch->spans) < 0 ||
        cn_grow_raw((void **)&ch->block_spans, &ch->block_spans_cap, ch->nblocks + 1,
                    sizeof *ch->block_spans) < 0)
        return cn_error_nomem(&ch->err);
    if (ntoks > 0) /* toks.t stays NULL until a block of the chunk has a token */
        ch->nspans += cn_segment(ch->toks.t + from, ntoks, c->segment_size, ch->spans + ch->nspans);
    ch->block_spans[ch->nblocks] = ch->nspans;
    ch->block_end[ch->nblocks++] = ch->toks.n;
    return 0;
}

/* Fills a chunk with the thread's folder f. */
static void fill(cn_chunks *c, folder *f, cn_chunk *ch)
{
    cn_tokens_reset(&ch->toks);
    ch->maker = f->maker;
    ch->text_len = 0;
    ch->nspellings = 0;
    ch->nblocks = 0;
    ch->nspans = 0;
    ch->rc = 0;
    cn_error_clear(&ch->err);
    for (uint32_t i = ch->first; i < ch->end; i++) {
        const cn_corpus_text *t = &c->corpus->texts[c->texts[i]];
        for (size_t b = 0; b < t->nblocks; b++)
            if (add_block(c, f, ch, i, b) < 0) {
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
static void make(cn_chunks *c, folder *f, cn_chunk *ch)
{
    pthread_mutex_unlock(&c->mu);
    fill(c, f, ch);
    pthread_mutex_lock(&c->mu);
    ch->ready = true;
    pthread_cond_broadcast(&c->ready);
}

static void *work(void *arg)
{
    cn_chunks *c = arg;
    folder *f = folder_new();
    if (!f) /* without memory, this thread makes no chunk: the consumer makes them */
        return NULL;
    pthread_mutex_lock(&c->mu);
    f->maker = ++c->nmakers; /* the consumer's is 0 */
    for (;;) {
        while (!c->stop && c->next_text < c->n && c->made - c->consumed >= c->nring)
            pthread_cond_wait(&c->room, &c->mu);
        if (c->stop || c->next_text >= c->n)
            break;
        make(c, f, claim(c));
    }
    pthread_mutex_unlock(&c->mu);
    folder_free(f);
    return NULL;
}

int cn_chunks_start(const cn_corpus *corpus, const uint32_t *texts, uint32_t n,
                    const char (*lang)[16], cn_charset charset, size_t segment_size,
                    const cn_chunks_fold *fold, int workers, cn_chunks **out, cn_error *err)
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
    if (fold)
        c->fold = *fold;
    c->own = folder_new();
    c->nring = (size_t)(workers + 1) * RING_PER_MAKER; /* the consumer makes chunks too */
    c->ring = calloc(c->nring, sizeof *c->ring);
    c->text_bytes = malloc(((size_t)n + 1) * sizeof *c->text_bytes);
    c->threads = malloc((size_t)workers * sizeof *c->threads);
    if (!c->ring || !c->text_bytes || !c->threads || !c->own) {
        folder_free(c->own);
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
    /* No thread started (short of memory, say): the consumer makes every chunk itself
     * (cn_chunks_next), as it does whenever the workers are behind; the same results. */
    *out = c;
    return 0;
}

cn_chunk *cn_chunks_next(cn_chunks *c)
{
    pthread_mutex_lock(&c->mu);
    size_t k = c->consumed;
    cn_chunk *ch = &c->ring[k % c->nring];
    /* Chunk k exists once made > k; none will when the texts ran out first. Until it is
     * ready the consumer makes the next unclaimed chunk itself while the ring has room,
     * rather than wait: merging takes less than making, so a consumer that only merged
     * would leave its core idle most of the pass. */
    while (!(c->made > k && ch->seq == k && ch->ready) && !(c->made <= k && c->next_text >= c->n)) {
        if (c->next_text < c->n && c->made - c->consumed < c->nring)
            make(c, c->own, claim(c));
        else
            pthread_cond_wait(&c->ready, &c->mu);
    }
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
        free(ch->spellings);
        free(ch->text);
    }
    folder_free(c->own);
    pthread_cond_destroy(&c->ready);
    pthread_cond_destroy(&c->room);
    pthread_mutex_destroy(&c->mu);
    free(c->ring);
    free(c->text_bytes);
    free(c->threads);
    free(c);
}
