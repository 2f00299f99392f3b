/* textstats.c — corpus statistics as IRAMUTEQ's report gives them (see textstats.h). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/textstats.h"
#include "carnet/accents.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"
#include "carnet/stopwords.h"

static int write_text(const char *dir, const char *name, const char *text, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    fprintf(f, "%s\n", text);
    return cn_out_close(f, path, err);
}

/* ---- languages ----------------------------------------------------------------------- */

/* Each *lang_ modality of the kept texts with its code and texts. Reinert's method splits
 * on co-occurring words, and two languages share almost none: with several, the first
 * classes are the languages (the demo study: first split chi2 16,142, the first CA
 * eigenvalue exactly 1), so the researcher must hear of it. */
static int tally_languages(const cn_prepared *p, cn_textstats *s, cn_error *err)
{
    size_t cap = 0;
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *v = cn_corpus_value(&p->corpus->texts[p->texts[t]], "lang");
        v = v ? v : "";
        size_t k = 0;
        while (k < s->nlangs && strcmp(s->langs[k].modality, v) != 0)
            k++;
        if (k == s->nlangs) {
            if (cn_grow((void **)&s->langs, &cap, k + 1, sizeof *s->langs) < 0)
                return cn_error_nomem(err);
            cn_textstats_lang *l = &s->langs[k];
            if (!(l->modality = strdup(v)))
                return cn_error_nomem(err);
            snprintf(l->lang, sizeof l->lang, "%s", p->text_lang[t]);
            l->texts = 0;
            s->nlangs++;
            size_t same = 0;
            while (same < k && strcmp(s->langs[same].lang, l->lang) != 0)
                same++;
            s->nlanguages += same == k;
        }
        s->langs[k].texts++;
    }
    return 0;
}

/* ---- languages the texts look like ------------------------------------------------------- */

/* The embedded stop list (p->text_stops' column) a text's tokens point to, or -1 when the
 * evidence is not clear. Stop words are a third to a half of running text; lists of
 * related languages share some ("de", "la" in French, Spanish and Portuguese) and a short
 * text holds few, hence the minimum, the share and the margin over the next list. */
static int detect_text(const cn_prepared *p, uint32_t t)
{
    const uint32_t *hits = p->text_stops + (size_t)t * CN_PIPELINE_STOPLANGS;
    int best = -1;
    uint32_t top = 0, next = 0;
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++) {
        if (hits[k] > top) {
            next = top;
            top = hits[k];
            best = k;
        } else if (hits[k] > next) {
            next = hits[k];
        }
    }
    bool clear = top >= CN_TEXTSTATS_DETECT_MIN &&
                 (double)top >= CN_TEXTSTATS_DETECT_SHARE * (double)p->text_words[t] &&
                 top >= 2 * next;
    return clear ? best : -1;
}

/* The texts, read in one language, whose stop words are mostly another's: an English
 * corpus read as French (the default) has French stems and stop words, and its classes
 * are made of "the", "and" and "my". Half the texts and CN_TEXTSTATS_DETECT_TEXTS at
 * least, so that a few quotations do not count. */
static void note_other_language(const cn_prepared *p, cn_textstats *s)
{
    s->other_lang[0] = '\0';
    if (s->nlanguages != 1 || s->looks_mixed || s->ndetected == 0)
        return;
    const cn_textstats_detected *top = &s->detected[0];
    if (top->texts < CN_TEXTSTATS_DETECT_TEXTS || 2.0 * top->texts < p->ntexts ||
        strcmp(top->lang, s->langs[0].lang) == 0)
        return;
    snprintf(s->other_lang, sizeof s->other_lang, "%s", top->lang);
    s->other_texts = top->texts;
}

static int by_texts(const void *x, const void *y)
{
    const cn_textstats_detected *a = x, *b = y;
    if (a->texts != b->texts)
        return a->texts > b->texts ? -1 : 1;
    return strcmp(a->lang, b->lang);
}

/* Each text's language as its stop words show it (or its star's, or --lang's, when they
 * do not), into code[t]; the tally into s. One look at counts the pipeline kept. */
static int detect_languages(const cn_prepared *p, cn_textstats *s, const char **code, cn_error *err)
{
    uint32_t counts[CN_PIPELINE_STOPLANGS] = {0};
    for (uint32_t t = 0; t < p->ntexts; t++) {
        int k = detect_text(p, t);
        code[t] = k < 0 ? p->text_lang[t] : cn_stoplists[k].lang;
        if (k < 0)
            s->undetected++;
        else
            counts[k]++;
    }
    size_t n = 0, clear = 0;
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++)
        n += counts[k] > 0;
    if (n && !(s->detected = calloc(n, sizeof *s->detected)))
        return cn_error_nomem(err);
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++) {
        if (!counts[k])
            continue;
        cn_textstats_detected *d = &s->detected[s->ndetected++];
        snprintf(d->lang, sizeof d->lang, "%s", cn_stoplists[k].lang);
        d->texts = counts[k];
        clear += counts[k] >= CN_TEXTSTATS_DETECT_TEXTS && 100.0 * counts[k] >= p->ntexts;
    }
    if (s->ndetected > 1)
        qsort(s->detected, s->ndetected, sizeof *s->detected, by_texts);
    s->looks_mixed = s->nlanguages < 2 && clear >= 2;
    note_other_language(p, s);
    return 0;
}

/* The languages the texts were read in that have no embedded stop list, unless the user
 * gave a list of their own. */
static void note_unlisted(const cn_pipeline_params *params, cn_textstats *s)
{
    s->nunlisted = 0;
    if (params->stopwords)
        return;
    for (size_t i = 0; i < s->nlangs; i++) {
        const char *lang = s->langs[i].lang;
        bool listed = false, noted = false;
        for (const cn_stoplist *l = cn_stoplists; l->lang && !listed; l++)
            listed = strcmp(l->lang, lang) == 0;
        for (size_t k = 0; k < s->nunlisted && !noted; k++)
            noted = strcmp(s->unlisted[k], lang) == 0;
        if (!listed && !noted && s->nunlisted < CN_TEXTSTATS_UNLISTED_MAX)
            snprintf(s->unlisted[s->nunlisted++], CN_LANG_CODE_MAX, "%s", lang);
    }
}

bool cn_textstats_mixed(const cn_textstats *s)
{
    return s->nlanguages >= 2 || s->looks_mixed;
}

const char *cn_textstats_one_star(const cn_textstats *s, uint32_t *unstarred)
{
    const char *one = NULL;
    size_t starred = 0;
    *unstarred = 0;
    for (size_t i = 0; i < s->nlangs; i++) {
        if (!s->langs[i].modality[0]) {
            *unstarred += s->langs[i].texts;
            continue;
        }
        one = s->langs[i].modality;
        starred++;
    }
    return starred == 1 ? one : NULL;
}

/* ---- accent variants ------------------------------------------------------------------- */

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
 * the least accented of them active. Spellings one stem already joins ("marche",
 * "marché") change nothing, nor do stop words only ("ou", "où"); nor does a transcription
 * without accents whose plain spelling is a stop word: "dû" written "du" is not
 * classified, and makes no class of its own. */
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
    return two && p->lemmas[p->form_lemma[w[plainest].form]].status == CN_LEMMA_ACTIVE;
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
    uint64_t *cells, *nseg;
} counts;

static void count_segments(const cn_prepared *p, const pair *pairs, counts *c)
{
    for (uint32_t sg = 0; sg < p->nsegs; sg++) {
        uint32_t lang = c->lang_of[p->segs[sg].text];
        c->nseg[lang]++;
        for (size_t k = p->seg_ptr[sg]; k < p->seg_ptr[sg + 1]; k++)
            c->stamp[p->seg_lemmas[k]] = sg + 1;
        for (size_t k = p->seg_ptr[sg]; k < p->seg_ptr[sg + 1]; k++) {
            uint32_t l = p->seg_lemmas[k];
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
    c.cells = calloc(npairs * c.nlang * 3 + 1, sizeof *c.cells);
    c.nseg = calloc((size_t)c.nlang + 1, sizeof *c.nseg);
    int rc =
        c.nlang && c.adj_ptr && c.adj && c.stamp && c.cells && c.nseg ? 0 : cn_error_nomem(err);
    if (rc == 0) {
        for (size_t i = 0; i < npairs; i++) { /* counting sort of the pairs by lemma */
            c.adj_ptr[pairs[i].a + 2]++;
            c.adj_ptr[pairs[i].b + 2]++;
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
    free(c.cells);
    free(c.nseg);
    return rc;
}

/* Forms grouped by their folded spelling (accents.h); the words with several frequent
 * spellings that split the classification go into s->variants, their frequent
 * spellings only. */
static int find_variants(const cn_prepared *p, const char *const *code, cn_textstats *s,
                         cn_error *err)
{
    uint32_t nforms = cn_intern_count(p->forms), n = 0;
    spelling *sp = malloc(((size_t)nforms + 1) * sizeof *sp);
    pair *pairs = malloc(((size_t)nforms / 2 + 1) * sizeof *pairs);
    size_t npairs = 0;
    cn_intern *keys = cn_intern_new();
    int rc = sp && pairs && keys ? 0 : cn_error_nomem(err);
    for (uint32_t f = 0; rc == 0 && f < nforms; f++) {
        if (p->form_freq[f] == 0)
            continue;
        const char *form = cn_intern_str(p->forms, f);
        char *key;
        size_t klen;
        if ((rc = cn_accents_fold(form, strlen(form), &key, &klen, err)) < 0)
            break;
        uint32_t k = cn_intern_add(keys, key, klen, NULL);
        free(key);
        if (k == CN_INTERN_NONE)
            rc = cn_error_nomem(err);
        else
            sp[n++] = (spelling){k, f, form, p->form_freq[f], 0};
    }
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
    cn_intern_free(keys);
    free(pairs);
    free(sp);
    return rc;
}

/* ---- ignored POS ------------------------------------------------------------------------ */

static int copy_ignored_pos(const cn_prepared *p, cn_textstats *s, cn_error *err)
{
    if (p->nignored_pos == 0)
        return 0;
    if (!(s->ignored_pos = malloc(p->nignored_pos * sizeof *s->ignored_pos)))
        return cn_error_nomem(err);
    memcpy(s->ignored_pos, p->ignored_pos, p->nignored_pos * sizeof *s->ignored_pos);
    s->nignored_pos = p->nignored_pos;
    return 0;
}

/* ---- the statistics ----------------------------------------------------------------- */

int cn_textstats_compute(const cn_prepared *p, const cn_pipeline_params *params, cn_textstats *s,
                         cn_error *err)
{
    memset(s, 0, sizeof *s);
    s->texts = p->ntexts;
    s->segments = p->nsegs;
    s->occurrences = p->occurrences;
    /* Words of an expression are looked up before they are glued: forms and lemmas that
     * never occurred on their own have frequency 0 and are not counted. */
    for (uint32_t f = 0; f < cn_intern_count(p->forms); f++) {
        s->forms += p->form_freq[f] > 0;
        s->hapax += p->form_freq[f] == 1;
    }
    for (uint32_t l = 0; l < cn_intern_count(p->lemma_keys); l++) {
        if (p->lemmas[l].freq == 0)
            continue;
        s->lemmas++;
        if (p->lemmas[l].status == CN_LEMMA_ACTIVE) {
            s->active++;
            s->active_min_freq += p->lemmas[l].freq >= (uint64_t)params->min_freq;
        } else if (p->lemmas[l].status == CN_LEMMA_SUPPLEMENTARY) {
            s->supplementary++;
        }
    }
    s->in_matrix = p->ncols;
    s->min_freq = params->min_freq;
    s->accents_folded = params->fold_accents;
    s->iramuteq = params->charset == CN_CHARSET_IRAMUTEQ;
    const char **code = malloc(((size_t)p->ntexts + 1) * sizeof *code);
    int rc = code ? 0 : cn_error_nomem(err);
    if (rc == 0 && (copy_ignored_pos(p, s, err) < 0 || tally_languages(p, s, err) < 0 ||
                    detect_languages(p, s, code, err) < 0 ||
                    (!s->accents_folded && find_variants(p, code, s, err) < 0)))
        rc = -1;
    free(code);
    if (rc < 0)
        cn_textstats_free(s);
    else
        note_unlisted(params, s);
    return rc;
}

void cn_textstats_free(cn_textstats *s)
{
    for (size_t i = 0; i < s->nlangs; i++)
        free(s->langs[i].modality);
    free(s->langs);
    for (size_t i = 0; i < s->nvariants; i++)
        free(s->variants[i].form);
    free(s->variants);
    free(s->ignored_pos);
    s->ignored_pos = NULL;
    free(s->detected);
    s->detected = NULL;
    s->ndetected = 0;
    s->undetected = 0;
    s->looks_mixed = false;
    s->other_lang[0] = '\0';
    s->other_texts = 0;
    s->nunlisted = 0;
    s->nignored_pos = 0;
    s->langs = NULL;
    s->variants = NULL;
    s->nlangs = s->nvariants = 0;
    s->nlanguages = s->nwords = 0;
}

/* "languages": each *lang_ modality (null: texts without a star) with its code and texts. */
static void add_languages(cJSON *o, const cn_textstats *s)
{
    cJSON *a = cJSON_AddArrayToObject(o, "languages");
    for (size_t i = 0; i < s->nlangs; i++) {
        cJSON *l = cJSON_CreateObject();
        if (s->langs[i].modality[0])
            cJSON_AddStringToObject(l, "modality", s->langs[i].modality);
        else
            cJSON_AddNullToObject(l, "modality");
        cJSON_AddStringToObject(l, "language", s->langs[i].lang);
        cJSON_AddNumberToObject(l, "texts", s->langs[i].texts);
        cJSON_AddItemToArray(a, l);
    }
}

/* "detected_languages": the languages the texts' stop words point to, with their texts. */
static void add_detected(cJSON *o, const cn_textstats *s)
{
    cJSON *a = cJSON_AddArrayToObject(o, "detected_languages");
    for (size_t i = 0; i < s->ndetected; i++) {
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "language", s->detected[i].lang);
        cJSON_AddNumberToObject(l, "texts", s->detected[i].texts);
        cJSON_AddItemToArray(a, l);
    }
    cJSON_AddNumberToObject(o, "texts_language_unclear", s->undetected);
    cJSON_AddBoolToObject(o, "languages_look_mixed", s->looks_mixed);
}

/* "accent_variants": one entry per word, its frequent spellings with their counts. */
static void add_variants(cJSON *o, const cn_textstats *s)
{
    cJSON_AddBoolToObject(o, "accents_folded", s->accents_folded);
    cJSON *a = cJSON_AddArrayToObject(o, "accent_variants");
    cJSON *spellings = NULL;
    for (size_t i = 0; i < s->nvariants; i++) {
        const cn_textstats_variant *v = &s->variants[i];
        if (i == 0 || v->group != s->variants[i - 1].group) {
            cJSON *word = cJSON_CreateObject();
            spellings = cJSON_AddArrayToObject(word, "spellings");
            cJSON_AddItemToArray(a, word);
        }
        cJSON *sp = cJSON_CreateObject();
        cJSON_AddStringToObject(sp, "form", v->form);
        cJSON_AddNumberToObject(sp, "occurrences", (double)v->count);
        cJSON_AddItemToArray(spellings, sp);
    }
}

/* "ignored_pos": each POS that made lemmas ignored, with its file and what it cost. */
static void add_ignored_pos(cJSON *o, const cn_textstats *s)
{
    cJSON *a = cJSON_AddArrayToObject(o, "ignored_pos");
    for (size_t i = 0; i < s->nignored_pos; i++) {
        const cn_ignored_pos *ip = &s->ignored_pos[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "pos", ip->pos);
        cJSON_AddStringToObject(x, "file", ip->expressions ? "expressions" : "lexicon");
        cJSON_AddNumberToObject(x, "lemmas", ip->lemmas);
        cJSON_AddNumberToObject(x, "occurrences", (double)ip->occurrences);
        cJSON_AddItemToArray(a, x);
    }
}

int cn_textstats_write(const char *dir, const cn_textstats *s, cn_error *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "texts", s->texts);
    cJSON_AddNumberToObject(o, "segments", s->segments);
    cJSON_AddNumberToObject(o, "occurrences", (double)s->occurrences);
    cJSON_AddNumberToObject(o, "forms", s->forms);
    cJSON_AddNumberToObject(o, "hapax", s->hapax);
    cJSON_AddNumberToObject(o, "hapax_percent_of_forms",
                            s->forms ? round(1e4 * s->hapax / s->forms) / 100 : 0);
    cJSON_AddNumberToObject(o, "hapax_percent_of_occurrences",
                            s->occurrences ? round(1e4 * s->hapax / (double)s->occurrences) / 100
                                           : 0);
    cJSON_AddNumberToObject(o, "lemmas", s->lemmas);
    cJSON_AddNumberToObject(o, "active_lemmas", s->active);
    cJSON_AddNumberToObject(o, "supplementary_lemmas", s->supplementary);
    cJSON_AddNumberToObject(o, "min_frequency", s->min_freq);
    cJSON_AddNumberToObject(o, "active_lemmas_with_min_frequency", s->active_min_freq);
    cJSON_AddNumberToObject(o, "active_lemmas_classified", s->in_matrix);
    cJSON_AddNumberToObject(o, "mean_occurrences_per_text",
                            s->texts ? round(100.0 * s->occurrences / s->texts) / 100 : 0);
    cJSON_AddNumberToObject(o, "mean_occurrences_per_segment",
                            s->segments ? round(100.0 * s->occurrences / s->segments) / 100 : 0);
    add_languages(o, s);
    add_detected(o, s);
    add_variants(o, s);
    add_ignored_pos(o, s);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    int rc = text ? write_text(dir, "corpus_stats.json", text, err) : cn_error_nomem(err);
    free(text);
    return rc;
}

/* "fr 600 texts, en 215 texts": at most max modalities, then "...". */
static void print_languages(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->nlangs; i++) {
        const cn_textstats_lang *l = &s->langs[i];
        if (i == 8) {
            fputs(", ...", out);
            break;
        }
        if (l->modality[0])
            fprintf(out, "%s*lang_%s: %u text%s", i ? ", " : "", l->modality, l->texts,
                    l->texts == 1 ? "" : "s");
        else
            fprintf(out, "%sno *lang_ (%s): %u text%s", i ? ", " : "", l->lang, l->texts,
                    l->texts == 1 ? "" : "s");
    }
}

/* "être 40 / etre 30, même 20 / meme 18": the first max words. */
static void print_variants(FILE *out, const cn_textstats *s, uint32_t max)
{
    for (size_t i = 0; i < s->nvariants; i++) {
        const cn_textstats_variant *v = &s->variants[i];
        bool first = i == 0 || v->group != s->variants[i - 1].group;
        if (first && v->group == max) {
            fputs(", ...", out);
            break;
        }
        fprintf(out, "%s%s %llu", first ? (i ? ", " : "") : " / ", v->form,
                (unsigned long long)v->count);
    }
}

/* Whether some texts have no *lang_ star (read in --lang's language). */
static bool unstarred(const cn_textstats *s)
{
    for (size_t i = 0; i < s->nlangs; i++)
        if (!s->langs[i].modality[0])
            return true;
    return false;
}

/* "'NOUN' (expressions: 1 lemma, 60 occurrences), ...": the first 8. */
static void print_ignored_pos(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->nignored_pos && i < 8; i++) {
        const cn_ignored_pos *ip = &s->ignored_pos[i];
        fprintf(out, "%s'%s' (%s: %u lemma%s, %llu occurrence%s)", i ? ", " : "", ip->pos,
                ip->expressions ? "expressions" : "lexicon", ip->lemmas, ip->lemmas == 1 ? "" : "s",
                (unsigned long long)ip->occurrences, ip->occurrences == 1 ? "" : "s");
    }
    if (s->nignored_pos > 8)
        fputs(", ...", out);
}

/* Whether a POS was ignored only for its case (under --charset iramuteq). */
static bool case_only(const cn_textstats *s)
{
    for (size_t i = 0; i < s->nignored_pos; i++)
        if (s->ignored_pos[i].other_case)
            return true;
    return false;
}

/* "fr: 200 texts, en: 140 texts, unclear: 2 texts". */
static void print_detected(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->ndetected; i++)
        fprintf(out, "%s%s: %u text%s", i ? ", " : "", s->detected[i].lang, s->detected[i].texts,
                s->detected[i].texts == 1 ? "" : "s");
    if (s->undetected)
        fprintf(out, ", unclear: %u text%s", s->undetected, s->undetected == 1 ? "" : "s");
}

/* Several languages by the stop words, one (or none) by the stars. */
static void warn_looks_mixed(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out, "%s: warning: %s: by their stop words the texts look like %zu languages (", prog,
            where, s->ndetected);
    print_detected(out, s);
    fputs(") though ", out);
    uint32_t bare;
    const char *star = cn_textstats_one_star(s, &bare);
    if (star && bare)
        fprintf(out, "their stars say *lang_%s (%u without one, read as '%s')", star, bare,
                s->langs[0].lang);
    else if (star)
        fprintf(out, "their stars say *lang_%s", star);
    else
        fprintf(out, "they have no *lang_ star (all read as '%s')",
                s->nlangs ? s->langs[0].lang : "?");
    fputs(": the classes will split the languages before any theme; give each text its "
          "*lang_ star (",
          out);
    for (size_t i = 0; i < s->ndetected && i < 4; i++)
        fprintf(out, "%s*lang_%s", i ? ", " : "", s->detected[i].lang);
    fputs(") and analyse each language on its own with --by lang or --where lang=...\n", out);
}

static void warn_ignored_pos(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out,
            "%s: warning: %s: lemmas ignored (neither classified nor described) for a POS "
            "not in IRAMUTEQ's table: ",
            prog, where);
    print_ignored_pos(out, s);
    fprintf(out, "; the table's POS are %s", CN_TEXTSTATS_POS_TABLE);
    if (s->iramuteq && case_only(s))
        fputs("; --charset iramuteq compares a POS as written, as IRAMUTEQ does: write it in "
              "lower case",
              out);
    fputc('\n', out);
}

/* One language by the stop words, another by the stars or --lang. */
static void warn_other_language(FILE *out, const char *prog, const char *where,
                                const cn_textstats *s)
{
    fprintf(out,
            "%s: warning: %s: by their stop words %u of %u texts look like '%s', but they "
            "were read as '%s' (%s): their stems and stop words are the wrong language's, "
            "and its function words will make the classes; give --lang %s, or each text "
            "its *lang_ star\n",
            prog, where, s->other_texts, s->texts, s->other_lang, s->langs[0].lang,
            s->langs[0].modality[0] ? "their *lang_ star" : "--lang; French when it is not given",
            s->other_lang);
}

/* Languages read without a stop list. */
static void warn_unlisted(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out, "%s: warning: %s: no stop list for ", prog, where);
    for (size_t i = 0; i < s->nunlisted; i++)
        fprintf(out, "%s'%s'", i ? ", " : "", s->unlisted[i]);
    fputs(" (carnet has lists for ", out);
    for (const cn_stoplist *l = cn_stoplists; l->lang; l++)
        fprintf(out, "%s%s", l == cn_stoplists ? "" : ", ", l->lang);
    fputs("): function words (articles, pronouns, prepositions) stay active and will make "
          "the classes; give --stopwords FILE, a word a line\n",
          out);
}

void cn_textstats_warn(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    if (s->nignored_pos > 0)
        warn_ignored_pos(out, prog, where, s);
    if (s->looks_mixed)
        warn_looks_mixed(out, prog, where, s);
    if (s->other_lang[0])
        warn_other_language(out, prog, where, s);
    if (s->nunlisted > 0)
        warn_unlisted(out, prog, where, s);
    if (s->nlanguages >= 2) {
        const char *mod = NULL; /* the largest starred modality, for the example */
        uint32_t most = 0;
        for (size_t i = 0; i < s->nlangs; i++)
            if (s->langs[i].modality[0] && s->langs[i].texts > most) {
                most = s->langs[i].texts;
                mod = s->langs[i].modality;
            }
        fprintf(out, "%s: warning: %s: the texts are in %u languages (", prog, where,
                s->nlanguages);
        print_languages(out, s);
        fputs("): the classes will split the languages before any theme; analyse each language "
              "on its own with --by lang",
              out);
        if (mod)
            fprintf(out, ", or --where lang=%s", mod);
        if (unstarred(s))
            fputs(" (both leave out the texts without a *lang_ star: give them one)", out);
        fputc('\n', out);
    }
    if (s->nwords > 0) {
        fprintf(out,
                "%s: warning: %s: %u word%s written both with and without accents, each "
                "spelling frequent (",
                prog, where, s->nwords, s->nwords == 1 ? " is" : "s are");
        print_variants(out, s, 5);
        fputs("): a transcription without accents can make a class of its own; see "
              "corpus_stats.json, and merge them with --fold-accents\n",
              out);
    }
}

void cn_textstats_print(FILE *out, const cn_textstats *s)
{
    fprintf(out, "texts: %u\nsegments: %u\noccurrences: %llu\nforms: %u\n", s->texts, s->segments,
            (unsigned long long)s->occurrences, s->forms);
    fprintf(out, "hapax: %u (%.2f %% of forms, %.2f %% of occurrences)\n", s->hapax,
            s->forms ? 100.0 * s->hapax / s->forms : 0,
            s->occurrences ? 100.0 * s->hapax / (double)s->occurrences : 0);
    fprintf(out, "lemmas: %u (active %u, supplementary %u)\n", s->lemmas, s->active,
            s->supplementary);
    fprintf(out, "active lemmas with a frequency >= %d: %u\n", s->min_freq, s->active_min_freq);
    fprintf(out, "mean occurrences per text: %.2f\nmean occurrences per segment: %.2f\n",
            s->texts ? (double)s->occurrences / s->texts : 0,
            s->segments ? (double)s->occurrences / s->segments : 0);
    if (s->nlangs > 1 || (s->nlangs == 1 && s->langs[0].modality[0])) {
        fputs("languages: ", out);
        print_languages(out, s);
        fputc('\n', out);
    }
    if (s->nwords > 0) {
        fprintf(out, "accent variants: %u word%s (", s->nwords, s->nwords == 1 ? "" : "s");
        print_variants(out, s, 20);
        fputs(")\n", out);
    }
}
