/* variants.c — words written both with and without accents, whose spellings avoid each
 * other beyond chance: the mark of a part transcribed without accents (see variants.h). */
#include "carnet/variants.h"

#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/accents.h"
#include "carnet/intern.h"

typedef struct spelling {
    uint32_t key;     /* the folded form's id */
    uint32_t form;    /* in p->forms */
    const char *text; /* the form */
    uint64_t count;
    uint64_t total; /* of its word (all spellings with its key) */
} spelling;

static int by_key_then_count(const void *x, const void *y)
{
    const spelling *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->text, b->text);
}

static int by_word_total(const void *x, const void *y)
{
    const spelling *a = x, *b = y;
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    if (a->key != b->key) /* key ids follow form ids: the order of first sight */
        return a->key < b->key ? -1 : 1;
    return by_key_then_count(x, y);
}

/* A spelling that can make a class of its own. A rare one (under CN_TEXTSTATS_VARIANT_MIN
 * occurrences, or under CN_TEXTSTATS_VARIANT_SHARE of its word's) is a typo: too few
 * segments to pull a class together, and a warning for it would hide the ones that
 * matter. Only a whole stretch of transcription without accents makes both spellings
 * frequent, as in Bashkirtseff's diary (a 573-segment "theme" of etre, meme, ca). */
static bool frequent(const spelling *v)
{
    return v->count >= CN_TEXTSTATS_VARIANT_MIN &&
           (double)v->count >= CN_TEXTSTATS_VARIANT_SHARE * (double)v->total;
}

/* A word whose frequent spellings fall into two lemmas: the classification sees two
 * words. a and b are the lemmas of its most frequent spelling and of the next one in
 * another lemma; w[first..end) its spellings in the sorted array. */
typedef struct pair {
    uint32_t first, end;
    uint32_t a, b;
    bool keep;
} pair;

/* Bytes of s outside ASCII: how accented a Latin spelling is. */
static size_t accented_bytes(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (unsigned char)*s >= 0x80;
    return n;
}

/* Whether the frequent spellings of the word at w[0..n) (sorted by count) split the
 * classification, and the pair of lemmas that do: two frequent spellings in two lemmas,
 * the least accented of them active and, with --lexicon, not a form the lexicon lists. Spellings
 * one stem already joins ("marche", "marché") change nothing, nor do stop words only ("ou", "où");
 * nor does a transcription without accents whose plain spelling is a stop word: "dû" written "du"
 * is not classified, and makes no class of its own. */
static bool splits(const cn_prepared *p, const spelling *w, size_t n, pair *out)
{
    bool two = false;
    size_t plainest = 0;
    out->a = p->form_lemma[w[0].form];
    for (size_t i = 0; i < n && frequent(&w[i]); i++) {
        uint32_t l = p->form_lemma[w[i].form];
        if (accented_bytes(w[i].text) < accented_bytes(w[plainest].text))
            plainest = i;
        if (!two && l != out->a) {
            out->b = l;
            two = true;
        }
    }
    uint32_t plain = w[plainest].form;
    if (plain < p->form_listed_cap && p->form_listed[plain])
        return false; /* a word the lexicon lists ("fatigue" beside "fatigué", trial 72) */
    return two && p->lemmas[p->form_lemma[plain]].status == CN_LEMMA_ACTIVE;
}

/* Each kept text's language (code[t]) as a small index (*lang_of, malloc'd); returns how
 * many. */
static uint32_t language_index(const cn_prepared *p, const char *const *code, uint32_t **lang_of)
{
    char(*codes)[CN_LANG_CODE_MAX] = calloc((size_t)p->ntexts + 1, sizeof *codes);
    uint32_t nlang = 0;
    if (!codes || !(*lang_of = calloc((size_t)p->ntexts + 1, sizeof **lang_of))) {
        free(codes);
        return 0;
    }
    for (uint32_t t = 0; t < p->ntexts; t++) {
        uint32_t k = 0;
        while (k < nlang && strcmp(codes[k], code[t]) != 0)
            k++;
        if (k == nlang)
            snprintf(codes[nlang++], CN_LANG_CODE_MAX, "%s", code[t]);
        (*lang_of)[t] = k;
    }
    free(codes);
    return nlang;
}

/* The segment counts of the pairs, in cells of 3 per pair and language (with a, with b,
 * with both), and the segments of each language; by lemma, so each segment costs its
 * own lemmas, not the number of pairs. */
typedef struct counts {
    uint32_t nlang, *lang_of;
    size_t *adj_ptr; /* CSR: lemma -> the pairs it is a or b of */
    uint32_t *adj;
    uint32_t *stamp; /* lemma -> 1 + the last segment holding it */
    /* lemma -> whether it is in a pair: read for every lemma of every segment, and a byte
     * a lemma stays in the cache where stamp and adj_ptr (4 and 8 bytes) would not */
    bool *paired;
    uint64_t *cells, *nseg;
} counts;

static void count_segments(const cn_prepared *p, const pair *pairs, counts *c)
{
    for (uint32_t sg = 0; sg < p->nsegs; sg++) {
        uint32_t lang = c->lang_of[p->segs[sg].text];
        c->nseg[lang]++;
        for (size_t k = p->seg_ptr[sg]; k < p->seg_ptr[sg + 1]; k++)
            if (c->paired[p->seg_lemmas[k]])
                c->stamp[p->seg_lemmas[k]] = sg + 1;
        for (size_t k = p->seg_ptr[sg]; k < p->seg_ptr[sg + 1]; k++) {
            uint32_t l = p->seg_lemmas[k];
            if (!c->paired[l])
                continue;
            for (size_t e = c->adj_ptr[l]; e < c->adj_ptr[l + 1]; e++) {
                const pair *pr = &pairs[c->adj[e]];
                uint64_t *cell = c->cells + ((size_t)c->adj[e] * c->nlang + lang) * 3;
                if (l == pr->b) {
                    cell[1]++;
                } else {
                    cell[0]++;
                    cell[2] += c->stamp[pr->b] == sg + 1;
                }
            }
        }
    }
}

/* Whether segments drawn at random would give met or fewer meetings of two spellings,
 * in na and nb of nseg segments, less often than CN_TEXTSTATS_VARIANT_CHANCE
 * (hypergeometric): in a short corpus "du" and "dû" may never meet by chance (in 20 and
 * 10 of 250 segments: 43 %), and meeting less than half as often as expected says
 * nothing then. */
static bool rarely_so_few(uint64_t met, uint64_t na, uint64_t nb, uint64_t nseg)
{
    if (nseg > UINT_MAX || nb > nseg || na > nseg)
        return false;
    return gsl_cdf_hypergeometric_P((unsigned)met, (unsigned)na, (unsigned)(nseg - na),
                                    (unsigned)nb) < CN_TEXTSTATS_VARIANT_CHANCE;
}

/* Keeps the pairs whose two spellings avoid each other within one language. Two words
 * that only look alike ("du", "dû") are written side by side, as often as chance has
 * it; two spellings of one word come from different transcriptions, so a segment with
 * one seldom holds the other (none, in a part transcribed without accents). Counted in
 * segments per language, so that "methadone" in English texts and "méthadone" in French
 * ones (each absent from the other language) are no pair: each spelling needs
 * CN_TEXTSTATS_VARIANT_MIN segments and the rarer CN_TEXTSTATS_VARIANT_SHARE of both in
 * one language, and there they must meet less than half as often as independence
 * would have them. A text's language is the one its stop words show (code): texts
 * without *lang_ stars are no one language. */
static int avoid_each_other(const cn_prepared *p, const char *const *code, pair *pairs,
                            size_t npairs, cn_error *err)
{
    uint32_t nlemmas = cn_intern_count(p->lemma_keys);
    counts c = {0};
    c.nlang = language_index(p, code, &c.lang_of);
    c.adj_ptr = calloc((size_t)nlemmas + 2, sizeof *c.adj_ptr);
    c.adj = malloc((2 * npairs + 1) * sizeof *c.adj);
    c.stamp = calloc((size_t)nlemmas + 1, sizeof *c.stamp);
    c.paired = calloc((size_t)nlemmas + 1, sizeof *c.paired);
    c.cells = calloc(npairs * c.nlang * 3 + 1, sizeof *c.cells);
    c.nseg = calloc((size_t)c.nlang + 1, sizeof *c.nseg);
    int rc = c.nlang && c.adj_ptr && c.adj && c.stamp && c.paired && c.cells && c.nseg
                 ? 0
                 : cn_error_nomem(err);
    if (rc == 0) {
        for (size_t i = 0; i < npairs; i++) { /* counting sort of the pairs by lemma */
            c.adj_ptr[pairs[i].a + 2]++;
            c.adj_ptr[pairs[i].b + 2]++;
            c.paired[pairs[i].a] = c.paired[pairs[i].b] = true;
        }
        for (uint32_t l = 0; l < nlemmas; l++)
            c.adj_ptr[l + 2] += c.adj_ptr[l + 1];
        for (size_t i = 0; i < npairs; i++) {
            c.adj[c.adj_ptr[pairs[i].a + 1]++] = (uint32_t)i;
            c.adj[c.adj_ptr[pairs[i].b + 1]++] = (uint32_t)i;
        }
        count_segments(p, pairs, &c);
    }
    /* Each pair that avoids the other in a language, and whether it does so beyond
     * chance on its own; then all of them together (their meetings, as a sum of
     * Poisson counts): the words of a part transcribed without accents are many, each
     * too rare in a large corpus to tell from chance (vérité / verité, in 378 and 118 of
     * 108,000 segments, would meet 0.4 times), together beyond doubt. */
    double met = 0, expected_all = 0;
    bool significant = false;
    for (size_t i = 0; rc == 0 && i < npairs; i++)
        for (uint32_t lang = 0; lang < c.nlang && !pairs[i].keep; lang++) {
            const uint64_t *cell = c.cells + (i * c.nlang + lang) * 3;
            uint64_t na = cell[0], nb = cell[1], minor = na < nb ? na : nb;
            double expected = (double)na * (double)nb / (double)c.nseg[lang];
            pairs[i].keep = minor >= CN_TEXTSTATS_VARIANT_MIN &&
                            (double)minor >= CN_TEXTSTATS_VARIANT_SHARE * (double)(na + nb) &&
                            2.0 * (double)cell[2] < expected;
            if (pairs[i].keep) {
                met += (double)cell[2];
                expected_all += expected;
                significant = significant || rarely_so_few(cell[2], na, nb, c.nseg[lang]);
            }
        }
    if (!significant && expected_all > 0 && met < UINT_MAX &&
        gsl_cdf_poisson_P((unsigned)met, expected_all) >= CN_TEXTSTATS_VARIANT_CHANCE)
        for (size_t i = 0; i < npairs; i++) /* chance alone would keep them apart */
            pairs[i].keep = false;
    free(c.lang_of);
    free(c.adj_ptr);
    free(c.adj);
    free(c.stamp);
    free(c.paired);
    free(c.cells);
    free(c.nseg);
    return rc;
}

/* Keeps, in place and in order, the spellings whose key (< nkeys) another shares: the only
 * ones a pair can hold, so that the sort sees those few (sorting all the forms of a corpus
 * took 8 ms of French `stats`). *n: how many are kept; 0, or -1 without memory. */
static int keep_shared_keys(spelling *sp, uint32_t *n, uint32_t nkeys, cn_error *err)
{
    uint32_t *spellings = calloc((size_t)nkeys + 1, sizeof *spellings), kept = 0;
    if (!spellings)
        return cn_error_nomem(err);
    for (uint32_t i = 0; i < *n; i++)
        spellings[sp[i].key]++;
    for (uint32_t i = 0; i < *n; i++)
        if (spellings[sp[i].key] >= 2)
            sp[kept++] = sp[i];
    free(spellings);
    *n = kept;
    return 0;
}

/* Whether a form is its own folded form: ASCII without capitals (cn_accents_fold lowers
 * them). Most forms of most corpora are, and share a folded form only with an accented one. */
static bool folds_to_itself(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (*s >= 'A' && *s <= 'Z'))
            return false;
    return true;
}

/* The spellings of the corpus (forms met) whose folded form is shared by another, into
 * sp[0..*n), each keyed by the smallest form id under its folded form: the order in
 * which folded forms were first met, which orders words of equal counts. The forms
 * that fold to something else are folded and their folded forms listed first; then a form
 * that is its own folded form counts only when one of them is it ("verite" beside
 * "vérité"): the others (most forms) are looked up, not folded, copied nor added. */
static int shared_spellings(const cn_prepared *p, spelling *sp, uint32_t *n, cn_error *err)
{
    uint32_t nforms = cn_intern_count(p->forms);
    cn_intern *keys = cn_intern_new();
    uint32_t *first = malloc(((size_t)nforms + 1) * sizeof *first); /* key -> smallest form */
    int rc = keys && first ? 0 : cn_error_nomem(err);
    *n = 0;
    for (uint32_t f = 0; rc == 0 && f < nforms; f++) {
        const char *form = cn_intern_str(p->forms, f);
        if (p->form_freq[f] == 0 || folds_to_itself(form))
            continue;
        char *key;
        size_t klen;
        if ((rc = cn_accents_fold(form, strlen(form), &key, &klen, err)) < 0)
            break;
        bool added;
        uint32_t k = cn_intern_add(keys, key, klen, &added);
        free(key);
        if (k == CN_INTERN_NONE) {
            rc = cn_error_nomem(err);
            break;
        }
        if (added)
            first[k] = f;
        sp[(*n)++] = (spelling){k, f, form, p->form_freq[f], 0};
    }
    for (uint32_t f = 0; rc == 0 && cn_intern_count(keys) > 0 && f < nforms; f++) {
        const char *form = cn_intern_str(p->forms, f);
        if (p->form_freq[f] == 0 || !folds_to_itself(form))
            continue;
        uint32_t k = cn_intern_find(keys, form, strlen(form));
        if (k == CN_INTERN_NONE)
            continue;
        if (f < first[k])
            first[k] = f;
        sp[(*n)++] = (spelling){k, f, form, p->form_freq[f], 0};
    }
    for (uint32_t i = 0; rc == 0 && i < *n; i++)
        sp[i].key = first[sp[i].key];
    if (rc == 0)
        rc = keep_shared_keys(sp, n, nforms, err);
    cn_intern_free(keys);
    free(first);
    return rc;
}

int cn_variants_find(const cn_prepared *p, const char *const *code, cn_textstats *s, cn_error *err)
{
    uint32_t nforms = cn_intern_count(p->forms), n = 0;
    spelling *sp = malloc(((size_t)nforms + 1) * sizeof *sp);
    pair *pairs = malloc(((size_t)nforms / 2 + 1) * sizeof *pairs);
    size_t npairs = 0;
    int rc = sp && pairs ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = shared_spellings(p, sp, &n, err);
    if (rc == 0 && n)
        qsort(sp, n, sizeof *sp, by_key_then_count);
    for (uint32_t i = 0, j; rc == 0 && i < n; i = j) {
        uint64_t total = 0;
        for (j = i; j < n && sp[j].key == sp[i].key; j++)
            total += sp[j].count;
        for (uint32_t k = i; k < j; k++)
            sp[k].total = total;
        pair *c = &pairs[npairs];
        if (j - i >= 2 && splits(p, sp + i, j - i, c)) {
            c->first = i;
            c->end = j;
            c->keep = false;
            npairs++;
        }
    }
    if (rc == 0 && npairs)
        rc = avoid_each_other(p, code, pairs, npairs, err);
    size_t kept = 0; /* the frequent spellings of the words kept, moved to the front of sp */
    for (size_t c = 0; rc == 0 && c < npairs; c++)
        for (uint32_t k = pairs[c].first; pairs[c].keep && k < pairs[c].end && frequent(&sp[k]);
             k++)
            sp[kept++] = sp[k];
    if (rc == 0 && kept)
        qsort(sp, kept, sizeof *sp, by_word_total);
    if (rc == 0 && kept && !(s->variants = calloc(kept, sizeof *s->variants)))
        rc = cn_error_nomem(err);
    for (size_t i = 0; rc == 0 && i < kept; i++) {
        s->nwords += i == 0 || sp[i].key != sp[i - 1].key;
        cn_textstats_variant *v = &s->variants[s->nvariants];
        v->group = s->nwords - 1;
        v->count = sp[i].count;
        if (!(v->form = strdup(sp[i].text)))
            rc = cn_error_nomem(err);
        else
            s->nvariants++;
    }
    free(pairs);
    free(sp);
    return rc;
}
