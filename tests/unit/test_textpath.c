/* test_textpath.c — the pieces issue 12 added to the text path for speed: the interned
 * table's ids whatever its hash, keys joined without snprintf, accents folded on the ASCII
 * and Latin fast paths, and texts tokenised, folded and stemmed on threads (the same cn_prepared as
 * one thread, on a corpus of many chunks). Each is checked against what the slower code gave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/accents.h"
#include "carnet/chunks.h"
#include "carnet/intern.h"
#include "carnet/pipeline.h"
#include "carnet/stopwords.h"
#include "carnet/textstats.h"
#include "carnet/textstats_say.h"
#include "helpers.h"

/* Ids in order of first sight across many table growths, every key found again, no
 * stranger found: the hash only places keys, it never numbers them. */
static void test_intern_ids_first_sight(void **state)
{
    (void)state;
    cn_intern *t = cn_intern_new();
    assert_non_null(t);
    char key[32];
    for (uint32_t i = 0; i < 50000; i++) {
        int n = snprintf(key, sizeof key, "w%u", i * 7919u % 50000u);
        bool added = false;
        assert_int_equal(cn_intern_add(t, key, (size_t)n, &added), i);
        assert_true(added);
    }
    for (uint32_t i = 0; i < 50000; i++) {
        int n = snprintf(key, sizeof key, "w%u", i * 7919u % 50000u);
        bool added = true;
        assert_int_equal(cn_intern_add(t, key, (size_t)n, &added), i);
        assert_false(added);
        assert_int_equal(cn_intern_find(t, key, (size_t)n), i);
        assert_string_equal(cn_intern_str(t, i), key);
    }
    assert_int_equal(cn_intern_find(t, "w50000", 6), CN_INTERN_NONE);
    assert_int_equal(cn_intern_find(t, "w1", 1), CN_INTERN_NONE); /* a prefix is no key */
    assert_int_equal(cn_intern_count(t), 50000);
    cn_intern_free(t);
}

/* The batched path (hashes ahead, prefetches, add with the hash) numbers keys as the
 * plain one does, hints asked before a growth included: they must never change a result. */
static void test_intern_hashed_same(void **state)
{
    (void)state;
    cn_intern *plain = cn_intern_new(), *batched = cn_intern_new();
    enum { N = 30000, AHEAD = 8 };
    static uint64_t hash[N];
    char key[32];
    for (uint32_t i = 0; i < N; i++) { /* each key twice in a row, then every fifth again */
        int n = snprintf(key, sizeof key, "k%u", i / 2 * 31u % 9973u + (i % 5 == 0 ? 0 : i));
        hash[i] = cn_intern_hash(key, (size_t)n);
    }
    for (uint32_t i = 0; i < N; i++) {
        if (i + AHEAD < N)
            cn_intern_prefetch_slot(batched, hash[i + AHEAD]);
        if (i + AHEAD / 2 < N)
            cn_intern_prefetch_record(batched, hash[i + AHEAD / 2]);
        int n = snprintf(key, sizeof key, "k%u", i / 2 * 31u % 9973u + (i % 5 == 0 ? 0 : i));
        bool a = false, b = true;
        uint32_t want = cn_intern_add(plain, key, (size_t)n, &a);
        assert_int_equal(cn_intern_add_hashed(batched, key, (size_t)n, hash[i], &b), want);
        assert_int_equal(a, b);
    }
    assert_int_equal(cn_intern_count(batched), cn_intern_count(plain));
    cn_intern_free(plain);
    cn_intern_free(batched);
    /* large once its slots (8 bytes, the table half full at most) pass 1 MiB */
    cn_intern *t = cn_intern_new();
    assert_false(cn_intern_is_large(t));
    for (uint32_t i = 0; i < 65536; i++)
        cn_intern_add(t, key, (size_t)snprintf(key, sizeof key, "k%u", i), NULL);
    assert_false(cn_intern_is_large(t)); /* 131,072 slots: 1 MiB */
    cn_intern_add(t, "one more", 8, NULL);
    assert_true(cn_intern_is_large(t));
    cn_intern_free(t);
}

/* Keys of every length around the hash's 8-byte words, and keys one byte apart. */
static void test_intern_lengths(void **state)
{
    (void)state;
    cn_intern *t = cn_intern_new();
    char key[40];
    memset(key, 'a', sizeof key);
    for (size_t len = 0; len < sizeof key; len++)
        assert_int_equal(cn_intern_add(t, key, len, NULL), (uint32_t)len);
    key[17] = 'b';
    assert_int_equal(cn_intern_find(t, key, 18), CN_INTERN_NONE);
    assert_int_equal(cn_intern_add(t, key, 18, NULL), 40);
    assert_int_equal(cn_intern_find(t, key, 17), 17);
    cn_intern_free(t);
}

/* cn_intern_join writes what snprintf("%s\x1f%.*s") wrote, cut the same way, and returns
 * the same length. */
static void test_join_is_snprintf(void **state)
{
    (void)state;
    const char *heads[] = {"", "afr", "*", "lpt_br"};
    const char *tail = "abcdefghijklmnopqrstuvwxyz";
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
        for (size_t size = 1; size < 40; size++)
            for (size_t tl = 0; tl <= 26; tl += 5) {
                char a[64], b[64];
                memset(a, '#', sizeof a);
                memset(b, '#', sizeof b);
                int n = snprintf(a, size, "%s\x1f%.*s", heads[h], (int)tl, tail);
                size_t m = cn_intern_join(b, size, heads[h], tail, tl);
                assert_int_equal((size_t)n, m);
                assert_memory_equal(a, b, sizeof a);
            }
}

/* The ASCII fast path folds as utf8proc does: lower case, nothing else touched. */
static void test_fold_ascii(void **state)
{
    (void)state;
    const char *in[] = {"Hello", "ETRE", "a_b-c'd 42", "", "~`!@#$%^&*()[]{}"};
    const char *want[] = {"hello", "etre", "a_b-c'd 42", "", "~`!@#$%^&*()[]{}"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        char *out = NULL;
        size_t len = 99;
        cn_error err = {0};
        assert_int_equal(cn_accents_fold(in[i], strlen(in[i]), &out, &len, &err), 0);
        assert_string_equal(out, want[i]);
        assert_int_equal(len, strlen(want[i]));
        free(out);
    }
    char *out = NULL; /* one non-ASCII byte takes the whole string through utf8proc */
    size_t len;
    cn_error err = {0};
    assert_int_equal(cn_accents_fold("ABC\xC3\x89T\xC3\x89", 9, &out, &len, &err), 0);
    assert_string_equal(out, "abcete");
    free(out);
}

/* The Latin letters' fast path gives what utf8proc gives, for each letter from U+00C0 to
 * U+017F and for every pair of them and of some ASCII, a combining mark after them
 * (utf8proc's path then) included. */
static void test_fold_latin(void **state)
{
    (void)state;
    char chars[0x180 - 0xC0 + 8][4];
    size_t n = 0;
    for (unsigned cp = 0xC0; cp < 0x180; cp++, n++)
        snprintf(chars[n], sizeof chars[n], "%c%c", 0xC0 | (cp >> 6), 0x80 | (cp & 0x3F));
    for (const char *const *a = (const char *const[]){"a", "Z", "-", "'", "0", "\xcc\x81", NULL};
         *a; a++)
        snprintf(chars[n++], sizeof chars[0], "%s", *a);
    cn_error err = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= n; j++) {
            char in[16];
            int len = snprintf(in, sizeof in, "%s%s", chars[i], j < n ? chars[j] : "");
            char *fast, *slow;
            size_t flen, slen;
            assert_int_equal(cn_accents_fold(in, (size_t)len, &fast, &flen, &err), 0);
            assert_int_equal(cn_accents_fold_unicode(in, (size_t)len, &slow, &slen, &err), 0);
            assert_int_equal(flen, slen);
            assert_memory_equal(fast, slow, slen + 1);
            free(fast);
            free(slow);
        }
}

/* cn_stopwords_langs, one lookup, is cn_stopwords_has asked of each embedded list: with
 * and without a user list, folded or not. */
static void check_stop_langs(bool fold, bool user)
{
    static const char *forms[] = {"de", "la", "the", "and",     "der",     "que",  "e",    "a",
                                  "à",  "y",  "et",  "famille", "Famille", "même", "meme", "il",
                                  "os", "",   "zzz", "di",      "und",     "não",  "nao",  "über"};
    cn_error err = {0};
    cn_stopwords *s = cn_stopwords_new();
    if (fold)
        cn_stopwords_fold_accents(s);
    size_t n = 0;
    for (; n < CN_PIPELINE_STOPLANGS && cn_stoplists[n].lang; n++)
        assert_int_equal(cn_stopwords_add_lang(s, cn_stoplists[n].lang, &err), 0);
    char *dir = test_tempdir(), *path = NULL;
    if (user) {
        path = test_write_file(dir, "stop.txt", "famille\nzzz\n", 12);
        assert_int_equal(cn_stopwords_add_file(s, path, &err), 0);
    }
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        unsigned want = 0;
        for (size_t k = 0; k < n; k++)
            if (cn_stopwords_has(s, cn_stoplists[k].lang, forms[i], strlen(forms[i])))
                want |= 1u << k;
        assert_int_equal(cn_stopwords_langs(s, n, forms[i], strlen(forms[i])), want);
        assert_int_equal(cn_stopwords_langs(s, 2, forms[i], strlen(forms[i])), want & 3u);
    }
    cn_stopwords_free(s);
    if (path)
        unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

static void test_stop_langs(void **state)
{
    (void)state;
    check_stop_langs(false, false);
    check_stop_langs(true, false);
    check_stop_langs(false, true);
}

/* A spelling over 256 bytes is cut on a character boundary, never inside a character. */
static void test_spelling_cut(void **state)
{
    (void)state;
    char word[512] = "a";
    for (int k = 0; k < 200; k++) /* "a" then 200 two-byte letters: 401 bytes */
        memcpy(word + 1 + 2 * k, "\xc3\xa9", 2);
    assert_int_equal(cn_chunks_spelling_len(word, 401), 255); /* byte 256 continues a letter */
    assert_int_equal(cn_chunks_spelling_len(word + 1, 400), 256);
    memset(word, 'x', 300);
    assert_int_equal(cn_chunks_spelling_len(word, 300), CN_CHUNKS_SPELLING_MAX);
    assert_int_equal(cn_chunks_spelling_len(word, 12), 12);
}

/* ---- threads = one thread ------------------------------------------------------------ */

/* A corpus of ntexts texts, some French, some English, with spellings that differ only by
 * case or accents, numbers, punctuation, a thematic block, and words of every length:
 * several megabytes, so the workers cut it into many chunks. bad: this text's star names
 * no language. */
static char *many_texts(uint32_t ntexts, uint32_t bad)
{
    static const char *words[] = {
        "Famille", "famille",     "FAMILLE", "être",    "etre", "Être", "médecin", "medecin",
        "the",     "The",         "doctor",  "doctors", "de",   "la",   "le",      "and",
        "soin",    "soins",       "Soins",   "2024",    "12",   "_x_",  "œuvre",   "Œuvre",
        "l'homme", "arc-en-ciel", "naïve",   "NAÏVE",   "très", "tres", "ÉCOLE",   "école"};
    static const char *marks[] = {" ", " ", " ", ", ", ". ", "; ", ": ", "! ", "... ", "\n"};
    size_t cap = (size_t)ntexts * 700 + 1024, len = 0;
    char *c = malloc(cap);
    uint32_t r = 12345;
    for (uint32_t t = 0; t < ntexts; t++) {
        const char *lang = t == bad ? "xx" : t % 3 == 0 ? "en" : "fr";
        len += (size_t)snprintf(c + len, cap - len, "**** *n_%u *lang_%s\n", t, lang);
        uint32_t n = 20 + t % 70;
        for (uint32_t k = 0; k < n; k++) {
            r = r * 1103515245u + 12345u;
            const char *w = words[(r >> 16) % (sizeof words / sizeof *words)];
            const char *m = marks[(r >> 8) % (sizeof marks / sizeof *marks)];
            len += (size_t)snprintf(c + len, cap - len, "%s%s", w, m);
            if (k == n / 2 && t % 7 == 0)
                len += (size_t)snprintf(c + len, cap - len, "\n-*theme_%u\n", t % 4);
            if (k == 3 && t % 11 == 0) /* a long 'word', cut at 256 bytes as a spelling */
                for (int z = 0; z < 40; z++)
                    len += (size_t)snprintf(c + len, cap - len, "abcdefgh");
        }
        len += (size_t)snprintf(c + len, cap - len, "\n\n");
    }
    return c;
}

static cn_prepared *prepare_threads(const char *path, cn_pipeline_params params, int threads,
                                    int *rc, cn_error *err)
{
    params.threads = threads;
    cn_prepared *p = NULL;
    memset(err, 0, sizeof *err);
    *rc = cn_prepare(path, &params, &p, err);
    return p;
}

static void assert_same_intern(const cn_intern *a, const cn_intern *b)
{
    assert_int_equal(cn_intern_count(a), cn_intern_count(b));
    for (uint32_t i = 0; i < cn_intern_count(a); i++)
        assert_string_equal(cn_intern_str(a, i), cn_intern_str(b, i));
}

#define SAME_ARRAY(a, b, field, n)                                                                 \
    assert_memory_equal((a)->field, (b)->field, (n) * sizeof *(a)->field)

/* Every array of two preparations, byte for byte. */
static void assert_same_prepared(const cn_prepared *a, const cn_prepared *b)
{
    assert_int_equal(a->ntexts, b->ntexts);
    assert_int_equal(a->nsegs, b->nsegs);
    assert_int_equal(a->occurrences, b->occurrences);
    SAME_ARRAY(a, b, texts, a->ntexts);
    SAME_ARRAY(a, b, text_lang, a->ntexts);
    for (uint32_t s = 0; s < a->nsegs; s++) { /* field by field: padding is no value */
        assert_int_equal(a->segs[s].text, b->segs[s].text);
        assert_int_equal(a->segs[s].block, b->segs[s].block);
        assert_int_equal(a->segs[s].start, b->segs[s].start);
        assert_int_equal(a->segs[s].end, b->segs[s].end);
        assert_int_equal(a->segs[s].occurrences, b->segs[s].occurrences);
    }
    SAME_ARRAY(a, b, seg_ptr, a->nsegs + 1);
    SAME_ARRAY(a, b, seg_lemmas, a->seg_ptr[a->nsegs]);
    SAME_ARRAY(a, b, occ_ptr, a->nsegs + 1);
    SAME_ARRAY(a, b, occ, a->occ_ptr[a->nsegs]);
    assert_int_equal(a->nspellings, b->nspellings);
    SAME_ARRAY(a, b, spellings, a->nspellings);
    assert_int_equal(a->nocc_lens, b->nocc_lens);
    for (size_t k = 0; k < a->nocc_lens; k++) {
        assert_int_equal(a->occ_lens[k].occ, b->occ_lens[k].occ);
        assert_int_equal(a->occ_lens[k].len, b->occ_lens[k].len);
    }
    assert_same_intern(a->forms, b->forms);
    assert_same_intern(a->lemma_keys, b->lemma_keys);
    SAME_ARRAY(a, b, form_freq, cn_intern_count(a->forms));
    SAME_ARRAY(a, b, form_lemma, cn_intern_count(a->forms));
    SAME_ARRAY(a, b, lemmas, cn_intern_count(a->lemma_keys));
    SAME_ARRAY(a, b, text_ptr, a->ntexts + 1);
    SAME_ARRAY(a, b, text_lemmas, a->text_ptr[a->ntexts]);
    SAME_ARRAY(a, b, text_counts, a->text_ptr[a->ntexts]);
    assert_int_equal(a->ncols, b->ncols);
    SAME_ARRAY(a, b, col_lemma, a->ncols);
    SAME_ARRAY(a, b, text_words, a->ntexts);
    SAME_ARRAY(a, b, text_stops, (size_t)a->ntexts * CN_PIPELINE_STOPLANGS);
    assert_int_equal(a->matrix->nrows, b->matrix->nrows);
    assert_int_equal(a->matrix->nnz, b->matrix->nnz);
    SAME_ARRAY(a->matrix, b->matrix, rowptr, a->matrix->nrows + 1);
    SAME_ARRAY(a->matrix, b->matrix, colidx, a->matrix->nnz);
}

/* The corpus text prepared on 2, 3 and 4 threads gives what one thread gives: the same
 * arrays, or the same error; returns one thread's outcome. */
static int same_on_threads(const char *text, cn_pipeline_params params)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "corpus.txt", text, strlen(text));
    int rc1, rc;
    cn_error err1, err;
    cn_prepared *one = prepare_threads(path, params, 1, &rc1, &err1);
    for (int threads = 2; threads <= 4; threads++) {
        cn_prepared *p = prepare_threads(path, params, threads, &rc, &err);
        assert_int_equal(rc, rc1);
        assert_string_equal(err.msg, err1.msg);
        if (rc1 == 0)
            assert_same_prepared(one, p);
        cn_prepared_free(p);
    }
    cn_prepared_free(one);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return rc1;
}

static void check_threads(cn_pipeline_params params, uint32_t ntexts, uint32_t bad)
{
    char *text = many_texts(ntexts, bad);
    same_on_threads(text, params);
    free(text);
}

/* The statistics' text, as `stats` prints it. */
static char *printed_stats(const cn_prepared *p, const cn_pipeline_params *params)
{
    cn_textstats st;
    cn_error err = {0};
    assert_int_equal(cn_textstats_compute(p, params, &st, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cn_textstats_print(f, &st);
    fclose(f);
    cn_textstats_free(&st);
    return buf;
}

/* `stats` prepares counts only: the same counts, the same statistics, printed the same,
 * on one thread and on two; and neither occurrences, per-text lemma counts nor matrix
 * (NULL: a reader would fail loudly rather than read an empty table). */
static void test_counts_only(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *text = many_texts(1500, UINT32_MAX);
    char *path = test_write_file(dir, "corpus.txt", text, strlen(text));
    cn_pipeline_params full = cn_pipeline_defaults(), lean = full;
    lean.counts_only = true;
    for (int threads = 1; threads <= 2; threads++) {
        int rc;
        cn_error err;
        cn_prepared *a = prepare_threads(path, full, threads, &rc, &err);
        assert_int_equal(rc, 0);
        cn_prepared *b = prepare_threads(path, lean, threads, &rc, &err);
        assert_int_equal(rc, 0);
        assert_null(b->occ_ptr);
        assert_null(b->occ);
        assert_null(b->text_lemmas);
        assert_null(b->matrix);
        assert_int_equal(a->nsegs, b->nsegs);
        assert_int_equal(a->occurrences, b->occurrences);
        SAME_ARRAY(a, b, seg_ptr, a->nsegs + 1);
        SAME_ARRAY(a, b, seg_lemmas, a->seg_ptr[a->nsegs]);
        assert_same_intern(a->forms, b->forms);
        assert_same_intern(a->lemma_keys, b->lemma_keys);
        SAME_ARRAY(a, b, form_freq, cn_intern_count(a->forms));
        SAME_ARRAY(a, b, lemmas, cn_intern_count(a->lemma_keys));
        assert_int_equal(a->ncols, b->ncols);
        SAME_ARRAY(a, b, col_lemma, a->ncols);
        SAME_ARRAY(a, b, text_words, a->ntexts);
        SAME_ARRAY(a, b, text_stops, (size_t)a->ntexts * CN_PIPELINE_STOPLANGS);
        char *sa = printed_stats(a, &full), *sb = printed_stats(b, &lean);
        assert_string_equal(sa, sb);
        free(sa);
        free(sb);
        cn_prepared_free(a);
        cn_prepared_free(b);
    }
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    free(text);
}

/* Texts without a word, first in the corpus and so first in a chunk: the chunk's tokens
 * are still none when its first block is cut into segments (UBSan saw a NULL + 0 there). */
static void test_threads_texts_without_words(void **state)
{
    (void)state;
    static const char corpus[] = "**** *n_1\n\n**** *n_2\n... !\n**** *n_3\n-*theme_a\n\n"
                                 "**** *n_4\nLa maison est belle. Le chat dort, la maison aussi.\n"
                                 "**** *n_5\n\n**** *n_6\nLe chat et la maison.\n";
    assert_int_equal(same_on_threads(corpus, cn_pipeline_defaults()), 0);
}

/* About 1.6 MB of text: some twenty chunks for the workers. */
static void test_threads_same_as_one(void **state)
{
    (void)state;
    check_threads(cn_pipeline_defaults(), 4000, UINT32_MAX);
}

static void test_threads_iramuteq_fold(void **state)
{
    (void)state;
    cn_pipeline_params params = cn_pipeline_defaults();
    params.charset = CN_CHARSET_IRAMUTEQ;
    params.segment_size = 12; /* the workers cut the segments */
    check_threads(params, 1500, UINT32_MAX);
    params = cn_pipeline_defaults();
    params.fold_accents = true;
    params.unit_texts = true;
    check_threads(params, 1500, UINT32_MAX);
}

/* A corpus of ntexts generated texts read back, with every text listed (texts) in a
 * language (lang: English every third text when mixed, else French). The caller frees
 * what it gets with chunk_corpus_free. */
typedef struct chunk_corpus {
    char *dir, *text, *path;
    cn_corpus *corpus;
    uint32_t n, *texts;
    char (*lang)[16];
} chunk_corpus;

static chunk_corpus chunk_corpus_make(uint32_t ntexts, bool mixed)
{
    chunk_corpus c = {.dir = test_tempdir(), .text = many_texts(ntexts, UINT32_MAX)};
    c.path = test_write_file(c.dir, "corpus.txt", c.text, strlen(c.text));
    cn_error err = {0};
    assert_int_equal(cn_corpus_read(c.path, &c.corpus, &err), 0);
    c.n = (uint32_t)c.corpus->ntexts;
    c.texts = malloc(c.n * sizeof *c.texts);
    c.lang = calloc(c.n, sizeof *c.lang);
    for (uint32_t i = 0; i < c.n; i++) {
        c.texts[i] = i;
        strcpy(c.lang[i], mixed && i % 3 == 0 ? "en" : "fr");
    }
    return c;
}

static void chunk_corpus_free(chunk_corpus *c)
{
    cn_corpus_free(c->corpus);
    free(c->texts);
    free(c->lang);
    unlink(c->path);
    rmdir(c->dir);
    free(c->path);
    free(c->dir);
    free(c->text);
}

/* What the workers fold and stem for each spelling of a chunk is what the pipeline's own
 * calls give: cn_text_fold, the embedded stop lists, cn_accents_fold, the Snowball stem. */
static void check_chunk_prep(bool fold_accents)
{
    chunk_corpus cc = chunk_corpus_make(1500, true);
    cn_error err = {0};
    cn_stopwords *detect = cn_stopwords_new(); /* every embedded list, as the pipeline's */
    size_t ndetect = 0;
    for (; ndetect < CN_PIPELINE_STOPLANGS && cn_stoplists[ndetect].lang; ndetect++)
        assert_int_equal(cn_stopwords_add_lang(detect, cn_stoplists[ndetect].lang, &err), 0);
    cn_chunks_fold fold = {
        .detect = detect, .ndetect = ndetect, .fold_accents = fold_accents, .stem = true};
    cn_chunks *chunks = NULL;
    assert_int_equal(cn_chunks_start(cc.corpus, cc.texts, cc.n, (const char(*)[16])cc.lang,
                                     CN_CHARSET_UNICODE, 40, &fold, 2, &chunks, &err),
                     0);
    cn_pipeline_stemmer *stem[2] = {cn_pipeline_stemmer_new("fr"), cn_pipeline_stemmer_new("en")};
    cn_tokens buf = {0};
    size_t checked = 0, nchunks = 0;
    for (cn_chunk *ch; (ch = cn_chunks_next(chunks)); cn_chunks_release(chunks, ch), nchunks++)
        for (uint32_t j = 0; j < ch->nspellings; j++) {
            const cn_chunk_spelling *sp = &ch->spellings[j];
            const char *key = ch->text + sp->key, *raw = strchr(key, '\x1f') + 1;
            assert_true(sp->prep.ok);
            size_t form, flen;
            cn_tokens_reset(&buf);
            assert_int_equal(
                cn_text_fold(raw, sp->key_len - (size_t)(raw - key), &buf, &form, &flen, &err), 0);
            const char *f = buf.forms + form;
            assert_int_equal(sp->prep.stop_langs, cn_stopwords_langs(detect, ndetect, f, flen));
            char *plain = NULL;
            if (fold_accents) {
                assert_int_equal(cn_accents_fold(f, flen, &plain, &flen, &err), 0);
                f = plain;
            }
            assert_int_equal(sp->prep.form_len, flen);
            assert_memory_equal(ch->text + sp->prep.form, f, flen);
            size_t slen;
            const char *s = cn_pipeline_stem(stem[key[0] == 'e'], f, flen, &slen);
            assert_true(sp->prep.stemmed);
            assert_int_equal(sp->prep.stem_len, slen);
            assert_memory_equal(ch->text + sp->prep.stem, s, slen);
            free(plain);
            checked++;
        }
    assert_true(nchunks > 1 && checked > 50);
    cn_chunks_stop(chunks);
    cn_tokens_free(&buf);
    cn_pipeline_stemmer_free(stem[0]);
    cn_pipeline_stemmer_free(stem[1]);
    cn_stopwords_free(detect);
    chunk_corpus_free(&cc);
}

/* Consumes the chunks of a corpus of ntexts texts (4,000: seven chunks) on one worker,
 * pausing first_ns before asking for the first and pause_ns before each other; *by_worker:
 * how many the worker made (the others, the consumer). */
static size_t consume_chunks(uint32_t ntexts, long first_ns, long pause_ns, size_t *by_worker)
{
    chunk_corpus cc = chunk_corpus_make(ntexts, false);
    cn_error err = {0};
    cn_chunks *chunks = NULL;
    assert_int_equal(cn_chunks_start(cc.corpus, cc.texts, cc.n, (const char(*)[16])cc.lang,
                                     CN_CHARSET_UNICODE, 40, NULL, 1, &chunks, &err),
                     0);
    size_t nchunks = 0;
    *by_worker = 0;
    for (cn_chunk *ch;; nchunks++) {
        struct timespec pause = {0, nchunks ? pause_ns : first_ns};
        if (pause.tv_nsec > 0)
            nanosleep(&pause, NULL);
        if (!(ch = cn_chunks_next(chunks)))
            break;
        *by_worker += ch->maker != 0;
        cn_chunks_release(chunks, ch);
    }
    cn_chunks_stop(chunks);
    chunk_corpus_free(&cc);
    return nchunks;
}

/* The workers do make chunks: a consumer that comes late (0.2 s, then 2 ms a chunk) finds
 * the first made ahead by a worker (maker 1), not by itself (maker 0), so the tests
 * comparing threads with one pass compare two ways of working, not one. How many more the
 * worker makes depends on the two threads' speeds (under ASan beside another test, the
 * consumer made most), since a consumer makes the next chunk itself whenever the one it
 * needs is not ready: one that takes no time does so, instead of waiting for the worker
 * (it made one chunk of the whole corpus when it took only chunks no worker had begun). */
static void test_workers_make_chunks(void **state)
{
    (void)state;
    size_t by_worker, nchunks = consume_chunks(4000, 200000000, 2000000, &by_worker);
    assert_true(nchunks > 3);
    assert_true(by_worker >= 1);
    nchunks = consume_chunks(16000, 0, 0, &by_worker);
    assert_true(nchunks > 20);
    assert_true(nchunks - by_worker >= 3);
}

static void test_chunk_prep(void **state)
{
    (void)state;
    check_chunk_prep(false);
    check_chunk_prep(true);
}

/* A refused language far into the corpus: the same message, from the same text. */
static void test_threads_same_error(void **state)
{
    (void)state;
    check_threads(cn_pipeline_defaults(), 3000, 2500);
}

/* The matrix the pipeline writes row by row is cn_sparse_from_pairs's on the units'
 * (row, active column) pairs, for segments and for texts. */
static void check_matrix(bool unit_texts)
{
    char *dir = test_tempdir();
    char *text = many_texts(600, UINT32_MAX);
    char *path = test_write_file(dir, "corpus.txt", text, strlen(text));
    cn_pipeline_params params = cn_pipeline_defaults();
    params.unit_texts = unit_texts;
    int rc;
    cn_error err;
    cn_prepared *p = prepare_threads(path, params, 1, &rc, &err);
    assert_int_equal(rc, 0);
    size_t n = 0, cap = p->seg_ptr[p->nsegs] + 1;
    uint32_t *rows = malloc(cap * sizeof *rows), *cols = malloc(cap * sizeof *cols);
    for (uint32_t s = p->nsegs; s-- > 0;) /* backwards: the pairs' order must not matter */
        for (size_t k = p->seg_ptr[s]; k < p->seg_ptr[s + 1]; k++)
            if (p->lemmas[p->seg_lemmas[k]].column >= 0) {
                rows[n] = unit_texts ? p->segs[s].text : s;
                cols[n++] = (uint32_t)p->lemmas[p->seg_lemmas[k]].column;
            }
    cn_sparse *m;
    assert_int_equal(cn_sparse_from_pairs(p->matrix->nrows, p->ncols, rows, cols, n, &m, &err), 0);
    assert_int_equal(p->matrix->nrows, unit_texts ? p->ntexts : p->nsegs);
    assert_int_equal(p->matrix->ncols, m->ncols);
    assert_int_equal(p->matrix->nnz, m->nnz);
    assert_true(m->nnz > 1000);
    assert_memory_equal(p->matrix->rowptr, m->rowptr, (m->nrows + 1) * sizeof *m->rowptr);
    assert_memory_equal(p->matrix->colidx, m->colidx, m->nnz * sizeof *m->colidx);
    cn_sparse_free(m);
    free(rows);
    free(cols);
    cn_prepared_free(p);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    free(text);
}

static void test_matrix_rows(void **state)
{
    (void)state;
    check_matrix(false);
    check_matrix(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_ids_first_sight),
        cmocka_unit_test(test_intern_lengths),
        cmocka_unit_test(test_intern_hashed_same),
        cmocka_unit_test(test_join_is_snprintf),
        cmocka_unit_test(test_fold_ascii),
        cmocka_unit_test(test_spelling_cut),
        cmocka_unit_test(test_threads_same_as_one),
        cmocka_unit_test(test_threads_texts_without_words),
        cmocka_unit_test(test_threads_iramuteq_fold),
        cmocka_unit_test(test_threads_same_error),
        cmocka_unit_test(test_counts_only),
        cmocka_unit_test(test_matrix_rows),
        cmocka_unit_test(test_chunk_prep),
        cmocka_unit_test(test_workers_make_chunks),
        cmocka_unit_test(test_fold_latin),
        cmocka_unit_test(test_stop_langs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
