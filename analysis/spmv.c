/* spmv.c — row and column sums of a binary sparse table, on several threads (see spmv.h).
 *
 * The Lanczos iteration of a CA spends nearly all its time in these two products, and each
 * is a set of independent sums, one per row or column. What limits one sum is the latency
 * of its additions, which must stay in their order (the results are compared bit for bit);
 * what limits a product over millions of non-zeros is the bytes of indices it streams from
 * memory. So four neighbouring sums run side by side (four chains of additions in flight
 * instead of one: 1.7 times faster on a 100,000-row table); the column sums gather from a
 * column-wise copy instead of scattering a store per non-zero, a copy whose row indices take
 * 16 bits, relative to a block of 65,536 rows, half the bytes of 32-bit ones; and the rows
 * and columns are cut into contiguous chunks of equal non-zeros, several a thread, which
 * the threads take as they come. No sum is ever split across chunks or reordered: a
 * column's sum goes through the blocks in order, carried from one to the next as the same
 * double, so neither the thread count, nor which thread took a chunk, nor the blocks
 * change anything in the results. */
#include "carnet/spmv.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"

#define BLOCK_BITS 16
#define BLOCK ((size_t)1 << BLOCK_BITS) /* lines of the other side a 16-bit index tells apart */

/* One side of the table: its lines (rows, or columns) and, for each, its indices of the
 * other side, increasing. In 32 bits (idx32), one block; in 16 bits (idx16), cut into
 * blocks of the other side: block b holds the indices in [b * BLOCK, (b + 1) * BLOCK), less
 * b * BLOCK, its lines one after the other, so that line l's part is at
 * ptr[b * count + l] .. ptr[b * count + l + 1]. */
typedef struct side {
    uint32_t count;
    uint32_t nblocks;
    const size_t *ptr;     /* nblocks * count + 1 offsets: the table's row offsets, or own_ptr */
    uint16_t *idx16;       /* own_idx16, or NULL: idx32 */
    const uint32_t *idx32; /* the table's column indices, or own_idx32 */
    uint32_t nchunks;
    uint32_t *bounds; /* nchunks + 1 line numbers: chunk c sums [bounds[c], bounds[c+1]) */
    /* the columns' copy, kept by cn_spmv_renew for the next table (grown, never shrunk) */
    size_t *own_ptr, *next;
    uint16_t *own_idx16;
    uint32_t *own_idx32;
    size_t cap_ptr, cap_next, cap16, cap32; /* elements each holds */
} side;

typedef struct worker {
    struct cn_spmv *s;
    pthread_t thread;
} worker;

/* A product's chunks are taken through one atomic word: the product's number, how many
 * chunks it has and the next one to take. A thread that woke for an earlier product sees
 * another number and takes nothing: the caller changes the product's fields only once all
 * of its chunks are done, and a chunk is taken before they are read. */
#define TICKET_PRODUCT(t) ((uint32_t)((t) >> 32))
#define TICKET_CHUNKS(t) ((uint32_t)((t) >> 16) & 0xffff)
#define TICKET_NEXT(t) ((uint32_t)(t)&0xffff)
#define CHUNKS_PER_THREAD 16

struct cn_spmv {
    side rows, cols;
    int threads;     /* the caller and threads - 1 workers */
    worker *workers; /* threads - 1 */
    bool pool;       /* lock and go are made (workers may still be none) */
    pthread_mutex_t lock;
    pthread_cond_t go; /* a new product, or quit */
    bool quit;
    _Atomic uint64_t ticket; /* product << 32 | chunks << 16 | next chunk */
    atomic_uint done;        /* the current product's chunks finished */
    /* the current product */
    const side *side;
    const double *x, *scale;
    double *out;
};

static inline __attribute__((always_inline)) size_t index_at(const void *idx, bool wide, size_t k)
{
    return wide ? ((const uint32_t *)idx)[k] : ((const uint16_t *)idx)[k];
}

/* Adds block b's part of the sums of lines [from, to), x holding that block's values: from
 * zero in the first block, else from the sum so far, kept in out; after the last block, out
 * takes the whole sum times the line's scale. Four neighbouring lines at a time for their
 * common length (neighbours: their indices stream from memory in order), then each one's
 * rest; each line's own additions stay in order. Inlined with `wide` a constant, once for
 * each index width, and for the 32-bit side's one block with b and last constants too: the
 * row products, with a test of last at each line, were 12 % slower (tests/bench/parts.sh). */
static inline __attribute__((always_inline)) void
gather_block(const side *d, const void *idx, bool wide, uint32_t b, bool last, uint32_t from,
             uint32_t to, const double *x, const double *scale, double *out)
{
    const size_t *ptr = d->ptr + (size_t)b * d->count;
    bool first = b == 0;
    uint32_t l = from;
    for (; l + 4 <= to; l += 4) {
        size_t p0 = ptr[l], p1 = ptr[l + 1], p2 = ptr[l + 2], p3 = ptr[l + 3];
        size_t n0 = p1 - p0, n1 = p2 - p1, n2 = p3 - p2, n3 = ptr[l + 4] - p3;
        size_t common = n0 < n1 ? n0 : n1;
        common = n2 < common ? n2 : common;
        common = n3 < common ? n3 : common;
        double s0 = first ? 0 : out[l], s1 = first ? 0 : out[l + 1];
        double s2 = first ? 0 : out[l + 2], s3 = first ? 0 : out[l + 3];
        for (size_t k = 0; k < common; k++) {
            s0 += x[index_at(idx, wide, p0 + k)];
            s1 += x[index_at(idx, wide, p1 + k)];
            s2 += x[index_at(idx, wide, p2 + k)];
            s3 += x[index_at(idx, wide, p3 + k)];
        }
        for (size_t k = common; k < n0; k++)
            s0 += x[index_at(idx, wide, p0 + k)];
        for (size_t k = common; k < n1; k++)
            s1 += x[index_at(idx, wide, p1 + k)];
        for (size_t k = common; k < n2; k++)
            s2 += x[index_at(idx, wide, p2 + k)];
        for (size_t k = common; k < n3; k++)
            s3 += x[index_at(idx, wide, p3 + k)];
        out[l] = last ? s0 * scale[l] : s0;
        out[l + 1] = last ? s1 * scale[l + 1] : s1;
        out[l + 2] = last ? s2 * scale[l + 2] : s2;
        out[l + 3] = last ? s3 * scale[l + 3] : s3;
    }
    for (; l < to; l++) {
        double s = first ? 0 : out[l];
        for (size_t k = ptr[l]; k < ptr[l + 1]; k++)
            s += x[index_at(idx, wide, k)];
        out[l] = last ? s * scale[l] : s;
    }
}

/* The sums of lines [from, to), their blocks in order. */
static void gather(const side *d, uint32_t from, uint32_t to, const double *x, const double *scale,
                   double *out)
{
    if (!d->idx16) {
        gather_block(d, d->idx32, true, 0, true, from, to, x, scale, out); /* one block */
        return;
    }
    for (uint32_t b = 0; b < d->nblocks; b++)
        gather_block(d, d->idx16, false, b, b + 1 == d->nblocks, from, to, x + (size_t)b * BLOCK,
                     scale, out);
}

/* Takes and sums chunks of product `product` until none is left, or until the word names
 * another product (this thread woke too late for this one). A chunk's fields are read once
 * it is taken: the caller leaves them alone until every chunk is done. */
static void take_chunks(struct cn_spmv *s, uint32_t product)
{
    uint64_t t = atomic_load_explicit(&s->ticket, memory_order_acquire);
    for (;;) {
        if (TICKET_PRODUCT(t) != product || TICKET_NEXT(t) >= TICKET_CHUNKS(t))
            return;
        if (!atomic_compare_exchange_weak_explicit(&s->ticket, &t, t + 1, memory_order_acq_rel,
                                                   memory_order_acquire))
            continue; /* t now holds the word's value */
        const side *d = s->side;
        uint32_t c = TICKET_NEXT(t);
        gather(d, d->bounds[c], d->bounds[c + 1], s->x, s->scale, s->out);
        atomic_fetch_add_explicit(&s->done, 1, memory_order_release);
        t = atomic_load_explicit(&s->ticket, memory_order_acquire);
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    struct cn_spmv *s = w->s;
    uint32_t seen = 0;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (TICKET_PRODUCT(atomic_load(&s->ticket)) == seen && !s->quit)
            pthread_cond_wait(&s->go, &s->lock);
        seen = TICKET_PRODUCT(atomic_load(&s->ticket));
        bool quit = s->quit;
        pthread_mutex_unlock(&s->lock);
        if (quit)
            return NULL;
        take_chunks(s, seen);
    }
}

static void pause_briefly(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("pause");
#endif
}

/* The caller takes chunks from the start and the workers join as they wake: a worker that
 * is late (its core busy with the run's other thread, the specificities) leaves more to the
 * caller instead of making it wait. In runs on the Italian bench corpus (a build timing each
 * Lanczos step), a step's two products and their scaling took 1.85-2.36 ms with halves
 * fixed in advance, and take 1.32-1.52 ms in chunks, as in a run without the
 * specificities' thread (1.30 ms). */
static void product(struct cn_spmv *s, const side *d, const double *x, const double *scale,
                    double *out)
{
    if (s->threads == 1) {
        gather(d, 0, d->count, x, scale, out);
        return;
    }
    s->side = d;
    s->x = x;
    s->scale = scale;
    s->out = out;
    atomic_store_explicit(&s->done, 0, memory_order_relaxed);
    uint32_t product = TICKET_PRODUCT(atomic_load(&s->ticket)) + 1;
    atomic_store_explicit(&s->ticket, (uint64_t)product << 32 | (uint64_t)d->nchunks << 16,
                          memory_order_release);
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->go);
    pthread_mutex_unlock(&s->lock);
    take_chunks(s, product);
    /* the chunks still being summed by workers: a small part of the product */
    for (unsigned spins = 0; atomic_load_explicit(&s->done, memory_order_acquire) < d->nchunks;
         spins++)
        if (spins < 4096)
            pause_briefly();
        else
            sched_yield();
}

void cn_spmv_rows(cn_spmv *s, const double *x, const double *scale, double *out)
{
    product(s, &s->rows, x, scale, out);
}

void cn_spmv_cols(cn_spmv *s, const double *x, const double *scale, double *out)
{
    product(s, &s->cols, x, scale, out);
}

int cn_spmv_threads(const cn_spmv *s)
{
    return s->threads;
}

void cn_spmv_layout(const cn_spmv *s, bool columns, int *index_bits, uint32_t *blocks)
{
    const side *d = columns ? &s->cols : &s->rows;
    *index_bits = d->idx16 ? 16 : 32;
    *blocks = d->nblocks;
}

/* The block of index o of the other side. */
static size_t block_of(const side *d, size_t o)
{
    return d->idx16 ? o >> BLOCK_BITS : 0;
}

/* Counts, then places, each column's rows, going through the rows in order so that each
 * column's come out increasing. */
static void fill_columns(side *d, const cn_sparse *m, size_t *ptr, size_t *next)
{
    size_t n = (size_t)d->nblocks * d->count;
    if (d->nblocks == 1 && m->colsum) /* counted by the table's builder */
        for (uint32_t j = 0; j < m->ncols; j++)
            ptr[j + 1] = m->colsum[j];
    else
        for (uint32_t i = 0; i < m->nrows; i++)
            for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
                ptr[block_of(d, i) * d->count + m->colidx[k] + 1]++;
    for (size_t k = 0; k < n; k++)
        ptr[k + 1] += ptr[k];
    memcpy(next, ptr, n * sizeof *next);
    for (uint32_t i = 0; i < m->nrows; i++)
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++) {
            size_t at = next[block_of(d, i) * d->count + m->colidx[k]]++;
            if (d->idx16)
                d->idx16[at] = (uint16_t)(i & (BLOCK - 1));
            else
                d->own_idx32[at] = i;
        }
}

/* The rows' side: the table itself, borrowed. 16-bit column indices were measured no faster
 * there (on the Italian table, 102,458 x 17,036 and 1.9 M non-zeros): the vector they index,
 * one value a column, stays in cache. */
static void rows_side(side *d, const cn_sparse *m)
{
    d->count = m->nrows;
    d->nblocks = 1;
    d->ptr = m->rowptr;
    d->idx16 = NULL;
    d->idx32 = m->colidx;
}

/* The columns' side, each column's rows in 16 bits in blocks of 65,536 rows (the same table,
 * tests/bench/parts.sh: 1.05 -> 0.94 ms a product on one thread, 0.63 -> 0.57 on two: half
 * the bytes, and a block's part of the row vector, 512 KB, stays in cache), unless the blocks'
 * offsets (8 bytes for each column in each block) would take more than the 2 bytes a non-zero they
 * save: then in 32 bits. In the room of the previous table's copy, when it has enough. */
static int columns_side(side *d, const cn_sparse *m)
{
    size_t nblocks = m->nrows > 0 ? ((size_t)m->nrows - 1) / BLOCK + 1 : 1;
    size_t nnz = m->nnz ? m->nnz : 1;
    bool wide = nblocks > 1 && nblocks * m->ncols > m->nnz / 4;
    d->count = m->ncols;
    d->nblocks = wide ? 1 : (uint32_t)nblocks;
    size_t n = (size_t)d->nblocks * d->count;
    if (cn_grow_raw((void **)&d->own_ptr, &d->cap_ptr, n + 1, sizeof *d->own_ptr) < 0 ||
        cn_grow_raw((void **)&d->next, &d->cap_next, n + 1, sizeof *d->next) < 0)
        return -1;
    d->ptr = d->own_ptr;
    memset(d->own_ptr, 0, (n + 1) * sizeof *d->own_ptr);
    d->idx16 = NULL;
    d->idx32 = NULL;
    if (!wide && cn_grow_raw((void **)&d->own_idx16, &d->cap16, nnz, sizeof *d->own_idx16) < 0)
        return -1;
    if (wide && cn_grow_raw((void **)&d->own_idx32, &d->cap32, nnz, sizeof *d->own_idx32) < 0)
        return -1;
    if (wide)
        d->idx32 = d->own_idx32;
    else
        d->idx16 = d->own_idx16;
    fill_columns(d, m, d->own_ptr, d->next);
    return 0;
}

/* Line l's non-zeros, all blocks together. */
static size_t line_length(const side *d, uint32_t l)
{
    size_t len = 0;
    for (size_t b = 0; b < d->nblocks; b++)
        len += d->ptr[b * d->count + l + 1] - d->ptr[b * d->count + l];
    return len;
}

/* The lines cut into nchunks contiguous chunks of about equal non-zeros plus lines. */
static int share_side(side *d, size_t nnz, uint32_t nchunks)
{
    d->nchunks = nchunks;
    free(d->bounds);
    d->bounds = malloc(((size_t)nchunks + 1) * sizeof *d->bounds);
    if (!d->bounds)
        return -1;
    size_t total = nnz + d->count, done = 0;
    uint32_t l = 0;
    d->bounds[0] = 0;
    for (uint32_t c = 1; c < nchunks; c++) {
        size_t goal = total / nchunks * c;
        for (; l < d->count && done < goal; l++)
            done += line_length(d, l) + 1;
        d->bounds[c] = l;
    }
    d->bounds[nchunks] = d->count;
    return 0;
}

/* Starts up to threads - 1 workers; s->threads ends as the caller plus those started (the
 * caller alone when the lock or its conditions cannot be made). */
static void start_workers(cn_spmv *s, int threads)
{
    s->threads = 1;
    if (threads < 2 || !(s->workers = calloc((size_t)threads - 1, sizeof *s->workers)))
        return;
    if (pthread_mutex_init(&s->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&s->go, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        return;
    }
    s->pool = true;
    for (int t = 1; t < threads; t++) {
        s->workers[t - 1] = (worker){s, 0};
        if (pthread_create(&s->workers[t - 1].thread, NULL, work, &s->workers[t - 1]) != 0)
            break;
        s->threads++;
    }
}

/* No more threads, nor chunks, than shares of a few thousand non-zeros: a shorter share
 * costs about what waking its thread does. */
static size_t most_shares(const cn_sparse *m)
{
    return m->nnz / 4096 + 1;
}

/* The sides of m, cut into chunks for s's threads. */
static int make_sides(cn_spmv *s, const cn_sparse *m, cn_error *err)
{
    rows_side(&s->rows, m);
    if (columns_side(&s->cols, m) < 0)
        return cn_error_nomem(err);
    /* Several chunks a thread, so that one that starts late leaves its share to the others. */
    size_t most = most_shares(m);
    size_t chunks = s->threads == 1 ? 1 : (size_t)s->threads * CHUNKS_PER_THREAD;
    chunks = chunks > most ? most : chunks;
    chunks = chunks > 0xffff ? 0xffff : chunks; /* the ticket's 16 bits */
    if (share_side(&s->rows, m->nnz, (uint32_t)chunks) < 0 ||
        share_side(&s->cols, m->nnz, (uint32_t)chunks) < 0)
        return cn_error_nomem(err);
    return 0;
}

int cn_spmv_new(const cn_sparse *m, int threads, cn_spmv **out, cn_error *err)
{
    cn_spmv *s = calloc(1, sizeof *s);
    if (!s)
        return cn_error_nomem(err);
    size_t most = most_shares(m);
    if (threads < 1)
        threads = 1;
    start_workers(s, (size_t)threads > most ? (int)most : threads);
    if (make_sides(s, m, err) < 0) {
        cn_spmv_free(s);
        return -1;
    }
    *out = s;
    return 0;
}

int cn_spmv_renew(cn_spmv *s, const cn_sparse *m, cn_error *err)
{
    return make_sides(s, m, err);
}

static void side_free(side *d)
{
    free(d->own_ptr);
    free(d->next);
    free(d->own_idx16);
    free(d->own_idx32);
    free(d->bounds);
}

void cn_spmv_free(cn_spmv *s)
{
    if (!s)
        return;
    if (s->pool) {
        pthread_mutex_lock(&s->lock);
        s->quit = true;
        pthread_cond_broadcast(&s->go);
        pthread_mutex_unlock(&s->lock);
        for (int t = 1; t < s->threads; t++)
            pthread_join(s->workers[t - 1].thread, NULL);
        pthread_cond_destroy(&s->go);
        pthread_mutex_destroy(&s->lock);
    }
    free(s->workers);
    side_free(&s->rows);
    side_free(&s->cols);
    free(s);
}
