/* chunks.h — the pipeline's texts tokenised ahead by worker threads: contiguous chunks of
 * texts, each with its raw tokens, known by their spellings' ids in the table of the
 * thread that made it, and the spellings new to that thread in order of first sight,
 * handed back strictly in corpus order, so that a caller interning each chunk's new
 * spellings in that order assigns ids as a single pass would. A cn_chunks is the caller's
 * (cn_chunks_stop); a chunk belongs to it until cn_chunks_release. 0 or a negative code. */
#ifndef CARNET_CHUNKS_H
#define CARNET_CHUNKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/intern.h"
#include "carnet/segment.h"
#include "carnet/stopwords.h"
#include "carnet/text.h"
#include "carnet/utf8.h"

/* Spellings longer than this are cut to it: a 'word' this long is noise. */
#define CN_CHUNKS_SPELLING_MAX 256

/* The bytes of spelling s[0..len) that are kept: at most CN_CHUNKS_SPELLING_MAX, cut on a
 * character boundary (a character cut in two is not UTF-8, and could not be folded). */
static inline size_t cn_chunks_spelling_len(const char *s, size_t len)
{
    return cn_utf8_cut(s, len, CN_CHUNKS_SPELLING_MAX);
}

/* What a worker works out ahead for each spelling, as the pipeline would for a new one:
 * it is a pure function of (language, spelling), so the consumer only interns it. */
typedef struct cn_chunk_prep {
    uint32_t form, form_len; /* the folded form (accents too, with fold_accents), in text */
    uint32_t stem, stem_len; /* its Snowball stem in the key's language, in text */
    uint8_t stop_langs;      /* the embedded stop lists holding the form (before accents) */
    bool ok;                 /* form and stop_langs worked out (else the consumer does it) */
    bool stemmed;            /* stem worked out */
} cn_chunk_prep;

/* What the workers fold and stem: NULL options to only tokenise. */
typedef struct cn_chunks_fold {
    const cn_stopwords *detect; /* the first ndetect lists of cn_stoplists, read only */
    size_t ndetect;
    bool fold_accents; /* --fold-accents */
    bool stem;         /* Snowball stems (no lexicon) */
} cn_chunks_fold;

/* A spelling the thread that made the chunk met first in it: its id in that thread's table
 * (the same spelling, the same id, in every chunk of that thread), its key
 * "lang\x1fspelling" (cut) and prep. */
typedef struct cn_chunk_spelling {
    uint32_t id;
    uint8_t kind;          /* the cn_token_kind of its first sight */
    uint32_t key, key_len; /* in the chunk's text */
    cn_chunk_prep prep;    /* with cn_chunks_fold options (else prep.ok false) */
} cn_chunk_spelling;

typedef struct cn_chunk {
    uint32_t first, end; /* the texts [first, end) of the list given to cn_chunks_start */
    cn_tokens toks;      /* raw tokens (text.h) of their blocks, one block after another */
    size_t *block_end;   /* per block of these texts, in order: one past its last token */
    size_t nblocks, block_cap;
    cn_span *spans;      /* each block's segments (segment.h), tokens counted in the block */
    size_t *block_spans; /* per block: one past its last span */
    size_t nspans, spans_cap, block_spans_cap;
    uint32_t *local; /* per token: its spelling's id in its maker's table; punctuation: NONE */
    size_t local_cap;
    uint32_t maker; /* the thread that made it: 0 the consumer, 1 to workers the others */
    cn_chunk_spelling *spellings; /* the spellings new to the maker, in order of first sight */
    uint32_t nspellings;
    size_t spellings_cap;
    char *text; /* the spellings' keys, folded forms and stems */
    size_t text_len, text_cap;
    /* Tokenising failed (rc < 0, err) at block bad_block of text bad_text; the chunk
     * holds the texts and blocks before it. */
    int rc;
    cn_error err;
    uint32_t bad_text;
    size_t bad_block;
    /* the feeder's bookkeeping */
    size_t seq;
    bool ready;
} cn_chunk;

typedef struct cn_chunks cn_chunks;

/* Starts `workers` threads (at least 1) tokenising corpus->texts[texts[i]], i < n, with
 * the language lang[i] in their keys, and cutting each block into segments of about
 * segment_size tokens; with fold, also folding and stemming each chunk's spellings (prep).
 * All arguments must outlive the cn_chunks. */
int cn_chunks_start(const cn_corpus *corpus, const uint32_t *texts, uint32_t n,
                    const char (*lang)[16], cn_charset charset, size_t segment_size,
                    const cn_chunks_fold *fold, int workers, cn_chunks **out, cn_error *err);
/* The next chunk in order, making later ones on the calling thread while it is not ready;
 * NULL after the last. */
cn_chunk *cn_chunks_next(cn_chunks *c);
/* Gives the chunk back for reuse. */
void cn_chunks_release(cn_chunks *c, cn_chunk *chunk);
/* Stops the threads (at once, if chunks are left) and frees everything. */
void cn_chunks_stop(cn_chunks *c);

#endif
