/* cn_varspec.c — specificities by star variable (reinert-spec.md E.8): for each variable,
 * every active lemma in every modality, its occurrences there and Lafon's specificity; the
 * parts of the corpus compared are the texts of each modality. Computed once per run, for
 * specificities_VAR.csv (varspec_write.c) and for the report. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/varspec.h"
#include "carnet/timeaxis.h"
#include "carnet/grow.h"
#include "carnet/profile.h"
#include "carnet/specif.h"

static int compare_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The modality of text t for variable var ("*var_mod"), or NULL. */
static const char *modality_of(const cn_prepared *p, uint32_t t, const char *var, size_t vlen)
{
    const cn_corpus_text *ct = &p->corpus->texts[p->texts[t]];
    for (size_t s = 0; s < ct->nstars; s++)
        if (strncmp(ct->stars[s] + 1, var, vlen) == 0 && ct->stars[s][vlen + 1] == '_')
            return ct->stars[s];
    return NULL;
}

/* What the threads scoring one variable share: the counts (read only), and the next
 * modality to take. Each modality's rows are its own slice of rows, so the bytes do not
 * depend on which thread scored it nor on how many there were. */
typedef struct score_work {
    const uint32_t *cell; /* cell[k * na + a]: occurrences of active lemma a in modality k */
    uint32_t na;
    const uint64_t *F, *mod_total;
    uint64_t T;
    const uint32_t *kept;      /* the lemmas scored (F > 0), ascending */
    const uint32_t *kept_cell; /* and their a in cell */
    uint32_t nkept, M;
    cn_varspec_row *rows; /* modality k's rows at rows[k * nkept] */
    atomic_uint next;
    atomic_bool nomem;
} score_work;

/* Scores already computed for one modality, by (f, F): Lafon's score depends on nothing
 * else there, and most rare lemmas share a few such pairs (on the King James Bible by
 * 201 parts, 1.8 M rows have 0.3 M distinct pairs). stamp is the modality + 1, so a new
 * modality needs no clearing. */
typedef struct memo_slot {
    uint64_t f, F;
    double spec;
    uint32_t stamp;
    uint32_t rank; /* packed_rank(spec) */
} memo_slot;

typedef struct memo {
    memo_slot *slots;
    size_t mask;
} memo;

#define NO_RANK UINT32_MAX

/* A score's place in 32 bits, ascending as the score descends, or NO_RANK. The scores are
 * whole numbers of ten-thousandths (memo_score rounds them there), told apart and kept in
 * order by that number up to 1e5 (a tail of 1e-100000: a tail below a double's range is
 * summed in logs, specif.c); the infinite scores take the two ends. Any other value (a
 * score beyond, a NaN) has no rank, and its modality is sorted by comparisons. -0.0 and
 * 0.0 are equal scores, and get one rank. */
static uint32_t packed_rank(double spec)
{
    if (isinf(spec))
        return spec > 0 ? 0 : UINT32_MAX - 1;
    if (!(fabs(spec) < 1e5))
        return NO_RANK;
    long long r = llround(spec * 1e4);
    return (double)r / 1e4 == spec ? (uint32_t)(INT32_MAX - r) : NO_RANK;
}

static const memo_slot *memo_score(memo *m, uint32_t stamp, uint64_t f, uint64_t F, uint64_t t,
                                   uint64_t T)
{
    uint64_t h = (f * 0x9E3779B97F4A7C15ULL) ^ (F * 0xC2B2AE3D27D4EB4FULL);
    for (size_t i = (size_t)(h ^ (h >> 29)) & m->mask;; i = (i + 1) & m->mask) {
        memo_slot *s = &m->slots[i];
        if (s->stamp == stamp && s->f == f && s->F == F)
            return s;
        if (s->stamp != stamp) {
            /* + 0.0: a tail of 1 scores -log10(1) = -0, and a score near 0 rounds to -0,
             * which the tables wrote "-0.0000" (trial 100) */
            double spec = round(1e4 * cn_specificity(f, F, t, T)) / 1e4 + 0.0;
            *s = (memo_slot){f, F, spec, stamp, packed_rank(spec)};
            return s;
        }
    }
}

/* What a scoring thread keeps from one modality to the next: its memo, and room to sort. */
typedef struct scorer {
    memo m;
    uint64_t *keys, *keys_tmp;
    cn_varspec_row *rows_tmp;
} scorer;

/* A key whose ascending order is the score's descending order. -0.0 and 0.0 are equal
 * scores (a tie, broken by lemma): they get one key. */
static uint64_t descending_key(double spec)
{
    double v = spec == 0 ? 0.0 : spec;
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u = u >> 63 ? ~u : u | 1ULL << 63; /* ascending with the score */
    return ~u;
}

/* Scores without a packed rank (a NaN from the hypergeometric tails, or values given to
 * cn_varspec_sort that are no whole number of ten-thousandths), compared as descending_key
 * orders them, then by lemma: rare enough for qsort. */
static int by_key_then_lemma(const void *x, const void *y)
{
    const cn_varspec_row *a = x, *b = y;
    uint64_t ka = descending_key(a->spec), kb = descending_key(b->spec);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return (a->lemma > b->lemma) - (a->lemma < b->lemma);
}

/* keys, ascending by their upper 32 bits, stably: LSD radix, 11 bits a pass, skipping a
 * digit all keys share. */
static uint64_t *sort_packed(uint64_t *key, uint64_t *key2, size_t n)
{
    for (int shift = 32; shift < 64; shift += 11) {
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; i++)
            count[((key[i] >> shift) & 2047) + 1]++;
        if (count[((key[0] >> shift) & 2047) + 1] == n)
            continue;
        for (int b = 0; b < 2048; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            key2[count[(key[i] >> shift) & 2047]++] = key[i];
        uint64_t *kt = key;
        key = key2;
        key2 = kt;
    }
    return key;
}

/* out: the n rows of scored by score descending, then position, from keys[i] holding row
 * i's packed_rank in its upper half and i in its lower. */
static void place_by_rank(uint64_t *keys, uint64_t *keys_tmp, const cn_varspec_row *scored,
                          cn_varspec_row *out, size_t n)
{
    /* Ranks counted from the lowest: a modality's scores span a few hundred thousand
     * ten-thousandths around rank 2^31, whose top digit then differs; from the lowest it
     * is 0 throughout, and sort_packed skips that pass (one of three). */
    uint64_t low = UINT64_MAX;
    for (size_t i = 0; i < n; i++)
        low = keys[i] < low ? keys[i] : low;
    low &= ~(uint64_t)UINT32_MAX;
    for (size_t i = 0; i < n; i++)
        keys[i] -= low;
    const uint64_t *key = n ? sort_packed(keys, keys_tmp, n) : keys;
    for (size_t q = 0; q < n; q++)
        out[q] = scored[(uint32_t)key[q]];
}

/* One modality's rows, scored and sorted: each row's rank and position packed in one key,
 * sorted, and the rows then put in their places once (a sort moving the rows with their
 * keys, a pass per byte, took twice as long; qsort's calls of a comparator longer still). */
static void score_modality(const score_work *w, scorer *s, uint32_t k)
{
    cn_varspec_row *rows = w->rows + (size_t)k * w->nkept, *scored = s->rows_tmp;
    bool ranked = true;
    for (uint32_t j = 0; j < w->nkept; j++) {
        uint32_t l = w->kept[j];
        uint32_t f = w->cell[(size_t)k * w->na + w->kept_cell[j]];
        const memo_slot *m = memo_score(&s->m, k + 1, f, w->F[l], w->mod_total[k], w->T);
        scored[j] = (cn_varspec_row){l, f, m->spec};
        ranked = ranked && m->rank != NO_RANK;
        s->keys[j] = (uint64_t)m->rank << 32 | j;
    }
    if (!ranked) {
        memcpy(rows, scored, w->nkept * sizeof *rows);
        qsort(rows, w->nkept, sizeof *rows, by_key_then_lemma);
        return;
    }
    place_by_rank(s->keys, s->keys_tmp, scored, rows, w->nkept);
}

int cn_varspec_sort(cn_varspec_row *rows, size_t n, cn_error *err)
{
    scorer s = {{NULL, 0},
                malloc((n + 1) * sizeof *s.keys),
                malloc((n + 1) * sizeof *s.keys_tmp),
                malloc((n + 1) * sizeof *s.rows_tmp)};
    int rc = s.keys && s.keys_tmp && s.rows_tmp ? 0 : cn_error_nomem(err);
    bool ranked = n <= UINT32_MAX;
    for (size_t i = 0; rc == 0 && ranked && i < n; i++) {
        uint32_t rank = packed_rank(rows[i].spec);
        ranked = rank != NO_RANK;
        s.keys[i] = (uint64_t)rank << 32 | i;
    }
    if (rc == 0 && ranked) {
        memcpy(s.rows_tmp, rows, n * sizeof *rows);
        place_by_rank(s.keys, s.keys_tmp, s.rows_tmp, rows, n);
    } else if (rc == 0) {
        qsort(rows, n, sizeof *rows, by_key_then_lemma);
    }
    free(s.keys);
    free(s.keys_tmp);
    free(s.rows_tmp);
    return rc;
}

static void *score_modalities(void *arg)
{
    score_work *w = arg;
    size_t size = 16, n = (size_t)w->nkept + 1;
    while (size < 2 * n)
        size *= 2; /* at most half full: short probes */
    scorer s = {{calloc(size, sizeof *s.m.slots), size - 1},
                malloc(n * sizeof *s.keys),
                malloc(n * sizeof *s.keys_tmp),
                malloc(n * sizeof *s.rows_tmp)};
    if (s.m.slots && s.keys && s.keys_tmp && s.rows_tmp)
        for (uint32_t k; (k = atomic_fetch_add(&w->next, 1)) < w->M;)
            score_modality(w, &s, k);
    else
        atomic_store(&w->nomem, true);
    free(s.m.slots);
    free(s.keys);
    free(s.keys_tmp);
    free(s.rows_tmp);
    return NULL;
}

/* The scoring under way, for threads that join it (cn_varspec_help): it is published
 * while its modalities are being taken, and unpublished only once every helper inside it
 * has left (its work lives on the computing thread's stack). */
struct cn_varspec_share {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    score_work *current; /* NULL between two variables' scorings */
    unsigned published;  /* scorings published so far: a helper joins each once */
    int inside;          /* helpers scoring current */
    bool over;           /* the computation has returned */
};

cn_varspec_share *cn_varspec_share_new(void)
{
    cn_varspec_share *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        return NULL;
    }
    if (pthread_cond_init(&s->changed, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    return s;
}

void cn_varspec_share_free(cn_varspec_share *s)
{
    if (!s)
        return;
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

static void share_set(cn_varspec_share *s, score_work *w)
{
    pthread_mutex_lock(&s->lock);
    if (w) {
        s->current = w;
        s->published++;
    } else {
        s->current = NULL;
        while (s->inside > 0) /* a helper still holds a modality of it */
            pthread_cond_wait(&s->changed, &s->lock);
    }
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

static void share_over(cn_varspec_share *s)
{
    pthread_mutex_lock(&s->lock);
    s->over = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

void cn_varspec_help(cn_varspec_share *s)
{
    unsigned seen = 0;
    pthread_mutex_lock(&s->lock);
    while (!s->over) {
        if (!s->current || s->published == seen) {
            pthread_cond_wait(&s->changed, &s->lock);
            continue;
        }
        score_work *w = s->current;
        seen = s->published;
        s->inside++;
        pthread_mutex_unlock(&s->lock);
        score_modalities(w);
        pthread_mutex_lock(&s->lock);
        s->inside--;
        pthread_cond_broadcast(&s->changed);
    }
    pthread_mutex_unlock(&s->lock);
}

/* Every modality scored on up to `threads` threads (this one among them), and by any
 * thread that joins through share (NULL: none). */
static int score_all(score_work *w, int threads, cn_varspec_share *share, cn_error *err)
{
    int extra = threads > 1 ? (int)(threads - 1 < (int)w->M ? threads - 1 : (int)w->M) : 0;
    pthread_t th[CN_VARSPEC_MAX_THREADS];
    bool started[CN_VARSPEC_MAX_THREADS] = {false};
    if (extra > CN_VARSPEC_MAX_THREADS)
        extra = CN_VARSPEC_MAX_THREADS;
    for (int i = 0; i < extra; i++) /* one that cannot start leaves its share to the others */
        started[i] = pthread_create(&th[i], NULL, score_modalities, w) == 0;
    if (share)
        share_set(share, w);
    score_modalities(w);
    if (share)
        share_set(share, NULL);
    for (int i = 0; i < extra; i++)
        if (started[i])
            pthread_join(th[i], NULL);
    if (atomic_load(&w->nomem) || atomic_load(&w->next) < w->M)
        return cn_error_nomem(err);
    return 0;
}

/* The texts' modalities of variable v (mt[t], NULL for none), and v's distinct ones, sorted
 * so that the tables read in a stable order; 0 or -1. */
static int find_modalities(const cn_prepared *p, cn_varspec_var *v, const char **mt, cn_error *err)
{
    size_t vlen = strlen(v->var);
    cn_intern *mods = cn_intern_new();
    v->mods = malloc(((size_t)p->ntexts + 1) * sizeof *v->mods);
    if (!mods || !v->mods) {
        cn_intern_free(mods);
        return cn_error_nomem(err);
    }
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *m = mt[t] = modality_of(p, t, v->var, vlen);
        bool added;
        if (!m)
            continue;
        if (cn_intern_add(mods, m, strlen(m), &added) == CN_INTERN_NONE) {
            /* a modality left out would be looked up, not found, and counted at -1 */
            cn_intern_free(mods);
            return cn_error_nomem(err);
        }
        if (added)
            v->mods[v->nmods++] = m;
    }
    /* in the order --by gives its cohorts and the time figure its bars: wk_2 before wk_10,
     * lt1 before 1to3 before gt3, dates by date, the rest in the order the texts give them
     * (trials 101, 103, 104: alphabetical here) */
    cn_intern_free(mods);
    return cn_timeaxis_order(v->mods, v->nmods, strlen(v->var) + 2, err);
}

static const cn_corpus_text *text_of(const cn_prepared *p, uint32_t t)
{
    return &p->corpus->texts[p->texts[t]];
}

/* Counts the texts holding two modalities of v (cn_varspec_var.mixed); true if any. */
static bool find_mixed(const cn_prepared *p, cn_varspec_var *v)
{
    for (uint32_t t = 0; t < p->ntexts; t++)
        if (cn_corpus_second_star(text_of(p, t), v->var) && v->mixed++ == 0)
            v->first_mixed = t;
    return v->mixed > 0;
}

bool cn_varspec_case_twins(const cn_varspec *s, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < s->nvars; i++)
        for (size_t j = i + 1; j < s->nvars; j++)
            if (strcasecmp(s->vars[i].var, s->vars[j].var) == 0) {
                const char *a = s->vars[i].var, *b = s->vars[j].var;
                snprintf(buf, size,
                         "the variables %s and %s differ only by case: two variables, but "
                         "specificities_%s.csv and specificities_%s.csv are one file on a disk "
                         "that ignores case (macOS, Windows); write the stars alike if they are "
                         "one variable",
                         a, b, a, b);
                return true;
            }
    return false;
}

bool cn_varspec_why_left_out(const cn_varspec_var *v, const cn_prepared *p, const char *path,
                             char *buf, size_t size)
{
    buf[0] = '\0';
    if (!v->mixed)
        return false;
    const cn_corpus_text *t = text_of(p, v->first_mixed);
    snprintf(buf, size,
             "no specificities by %s: %u text%s hold%s several of its modalities (%s:%zu: *%s_%s "
             "and %s), and the scores compare parts of the corpus that do not overlap; give each "
             "text one",
             v->var, v->mixed, v->mixed == 1 ? "" : "s", v->mixed == 1 ? "s" : "", path, t->line,
             v->var, cn_corpus_value(t, v->var), cn_corpus_second_star(t, v->var));
    return true;
}

/* Scores every active lemma of total >= CN_PROFILE_MIN_TOTAL in every modality of v. The
 * counts are kept for active lemmas only (cell[k * na + a] for the a-th active lemma): the
 * table of every lemma by every participant of a large corpus would not fit. A modality's
 * counts lie side by side, in the order its rows are scored: laid out lemma by lemma, each
 * read was a cache miss (9.5 M of them on 560 modalities of 17,000 lemmas). */
static int compute_variable(const cn_prepared *p, cn_varspec_var *v, int threads,
                            cn_varspec_share *share, cn_error *err)
{
    if (find_mixed(p, v))
        return 0; /* left out: no modality, no row */
    uint32_t nl = cn_intern_count(p->lemma_keys), na = 0, nkept = 0;
    const char **mt = malloc(((size_t)p->ntexts + 1) * sizeof *mt);
    uint32_t *dense = malloc(((size_t)nl + 1) * sizeof *dense);
    uint32_t *act = malloc(((size_t)nl + 1) * sizeof *act);
    if (!mt || !dense || !act) {
        free(mt);
        free(dense);
        free(act);
        return cn_error_nomem(err);
    }
    for (uint32_t l = 0; l < nl; l++)
        if (p->lemmas[l].status == CN_LEMMA_ACTIVE)
            act[dense[l] = na++] = l;
    cn_intern *mods = NULL;
    /* 32-bit cells, as the texts' counts they add up (a lemma in a modality cannot pass 4 G
     * occurrences before the occurrences pass 32 GB): half the room, 65 MB less at 54,000
     * participants */
    uint32_t *cell = NULL;
    uint64_t T = 0;
    uint32_t *kept = NULL, *kept_cell = NULL;
    int rc = find_modalities(p, v, mt, err);
    uint32_t M = v->nmods;
    if (rc == 0 && M < 2) {
        v->one_modality = true;
        free(mt);
        free(dense);
        free(act);
        return 0;
    }
    if (rc == 0) {
        mods = cn_intern_new();
        for (uint32_t i = 0; mods && i < M; i++)
            if (cn_intern_add(mods, v->mods[i], strlen(v->mods[i]), NULL) == CN_INTERN_NONE) {
                cn_intern_free(mods);
                mods = NULL; /* out of memory, said below */
            }
        cell = calloc((size_t)na * M + 1, sizeof *cell);
        kept = malloc(((size_t)na + 1) * sizeof *kept);
        kept_cell = malloc(((size_t)na + 1) * sizeof *kept_cell);
        v->form_total = calloc((size_t)nl + 1, sizeof *v->form_total);
        v->mod_total = calloc((size_t)M + 1, sizeof *v->mod_total);
        if (!mods || !cell || !kept || !kept_cell || !v->form_total || !v->mod_total)
            rc = cn_error_nomem(err);
    }
    for (uint32_t t = 0; rc == 0 && t < p->ntexts; t++) {
        if (!mt[t])
            continue;
        uint32_t k = cn_intern_find(mods, mt[t], strlen(mt[t]));
        for (size_t q = p->text_ptr[t]; q < p->text_ptr[t + 1]; q++)
            if (p->lemmas[p->text_lemmas[q]].status == CN_LEMMA_ACTIVE)
                cell[(size_t)k * na + dense[p->text_lemmas[q]]] += p->text_counts[q];
    }
    uint64_t *F = v->form_total;
    for (uint32_t k = 0; rc == 0 && k < M; k++)
        for (uint32_t a = 0; a < na; a++)
            F[act[a]] += cell[(size_t)k * na + a];
    for (uint32_t a = 0; rc == 0 && a < na; a++) {
        uint32_t l = act[a];
        if (F[l] < CN_PROFILE_MIN_TOTAL) {
            F[l] = 0; /* too rare to say anything: left out, and out of the totals */
            continue;
        }
        T += F[l];
        kept[nkept] = l;
        kept_cell[nkept++] = a;
    }
    for (uint32_t k = 0; rc == 0 && k < M; k++)
        for (uint32_t j = 0; j < nkept; j++)
            v->mod_total[k] += cell[(size_t)k * na + kept_cell[j]];
    if (rc == 0 && !(v->rows = malloc(((size_t)nkept * M + 1) * sizeof *v->rows)))
        rc = cn_error_nomem(err);
    if (rc == 0) {
        score_work w = {.cell = cell,
                        .na = na,
                        .F = F,
                        .mod_total = v->mod_total,
                        .T = T,
                        .kept = kept,
                        .kept_cell = kept_cell,
                        .nkept = nkept,
                        .M = M,
                        .rows = v->rows};
        atomic_init(&w.next, 0);
        atomic_init(&w.nomem, false);
        rc = score_all(&w, threads, share, err);
    }
    if (rc == 0) {
        v->nrows = (size_t)nkept * M; /* by modality, then score descending, then lemma */
        v->per_modality = nkept;
    }
    cn_intern_free(mods);
    free(cell);
    free(kept);
    free(kept_cell);
    free(mt);
    free(dense);
    free(act);
    return rc;
}

void cn_varspec_free(cn_varspec *s)
{
    for (size_t i = 0; i < s->nvars; i++) {
        free(s->vars[i].mods);
        free(s->vars[i].rows);
        free(s->vars[i].form_total);
        free(s->vars[i].mod_total);
    }
    free(s->vars);
    memset(s, 0, sizeof *s);
}

int cn_varspec_compute(const cn_prepared *p, int threads, cn_varspec *out, cn_error *err)
{
    return cn_varspec_compute_shared(p, threads, NULL, out, err);
}

static int compute_all(const cn_prepared *p, int threads, cn_varspec_share *share, cn_varspec *out,
                       cn_error *err)
{
    memset(out, 0, sizeof *out);
    /* the variables, from the star tokens of the texts analysed, in sorted order */
    cn_intern *vars = cn_intern_new();
    if (!vars)
        return cn_error_nomem(err);
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const cn_corpus_text *ct = &p->corpus->texts[p->texts[t]];
        for (size_t s = 0; s < ct->nstars; s++) {
            const char *us = strchr(ct->stars[s], '_');
            if (us && us > ct->stars[s] + 1 && us - ct->stars[s] - 1 < (long)sizeof out->vars->var)
                cn_intern_add(vars, ct->stars[s] + 1, (size_t)(us - ct->stars[s] - 1), NULL);
        }
    }
    uint32_t nv = cn_intern_count(vars);
    const char **names = malloc(((size_t)nv + 1) * sizeof *names);
    out->vars = calloc((size_t)nv + 1, sizeof *out->vars);
    int rc = names && out->vars ? 0 : cn_error_nomem(err);
    for (uint32_t v = 0; rc == 0 && v < nv; v++)
        names[v] = cn_intern_str(vars, v);
    if (rc == 0)
        qsort(names, nv, sizeof *names, compare_str);
    for (uint32_t v = 0; rc == 0 && v < nv; v++) {
        snprintf(out->vars[v].var, sizeof out->vars[v].var, "%s", names[v]);
        out->nvars++;
        rc = compute_variable(p, &out->vars[v], threads, share, err);
    }
    free(names);
    cn_intern_free(vars);
    if (rc < 0)
        cn_varspec_free(out);
    return rc;
}

int cn_varspec_compute_shared(const cn_prepared *p, int threads, cn_varspec_share *share,
                              cn_varspec *out, cn_error *err)
{
    int rc = compute_all(p, threads, share, out, err);
    if (share)
        share_over(share); /* helpers return, whatever the outcome */
    return rc;
}
