/* textstats.c — corpus statistics as IRAMUTEQ's report gives them, their checks and
 * corpus_stats.json (see textstats.h); what they say in words is textstats_say.c. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/textstats.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"
#include "carnet/scripts.h"
#include "carnet/stopwords.h"
#include "carnet/variants.h"

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
 * classes are the languages (the demo study: first split chi2 15,996, the first CA
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

/* The embedded stop list of language code, or -1. */
static int stoplist_of(const char *code)
{
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++)
        if (strcmp(cn_stoplists[k].lang, code) == 0)
            return k;
    return -1;
}

/* The embedded stop list (p->text_stops' column) a text's tokens point to, or -1 when the
 * evidence is not clear. Stop words are a third to a half of running text; lists of
 * related languages share some ("de", "la" in French, Spanish and Portuguese) and a short
 * text holds few, hence the minimum, the share and the margin over the next list. A text
 * whose top list is not its read language's (read, or -1) counts for that list too when
 * it has half as many hits again as the read list: neighbouring languages share so many
 * stop words that a page of Portuguese is never twice as Portuguese as Spanish (37 and 23
 * hits in 83 words; 23 and 15 in 51), but it is plainly not French (18; 12), and a French
 * reading of it is what to say. */
static int detect_text(const cn_prepared *p, uint32_t t, int read)
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
    bool enough = top >= CN_TEXTSTATS_DETECT_MIN &&
                  (double)top >= CN_TEXTSTATS_DETECT_SHARE * (double)p->text_words[t];
    bool not_read = read >= 0 && best != read && 2 * top >= 3 * hits[read];
    return enough && (top >= 2 * next || not_read) ? best : -1;
}

/* The scripts of the texts' letters, from the first SCRIPT_SAMPLE bytes of each: a text
 * read in a language not written in the script of most of its letters (trial 80: Chinese
 * and Russian diaries without a *lang_ star, read as French, were stemmed as French without
 * a word; their stop lists were none of the embedded ones, so they were "unclear"), and a
 * text mostly in a script written without spaces whose runs of letters are longer than its
 * words are: the tokeniser cuts words at spaces and punctuation only. A word of Chinese or
 * Japanese is one to four characters, two on average (a segmenter's output averages under
 * 2), so runs of more than 3 on average are clauses; Thai, Lao, Khmer and Burmese words
 * are longer, letters and marks, hence 6. A text of SCRIPT_MIN_LETTERS letters is enough:
 * a one-sentence diary entry of Chinese has 16 (trial 82: texts under 20 were skipped). */
#define SCRIPT_SAMPLE 4096
#define SCRIPT_MIN_LETTERS 4
static uint32_t word_letters(cn_script s)
{
    return s == CN_SCRIPT_HAN || s == CN_SCRIPT_KANA ? 3 : 6;
}

static void note_scripts(const cn_prepared *p, cn_textstats *s)
{
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const cn_corpus_text *text = &p->corpus->texts[p->texts[t]];
        cn_script_sample sample;
        cn_script_sample_start(&sample, SCRIPT_SAMPLE);
        for (size_t b = 0; b < text->nblocks && sample.left > 0; b++)
            cn_script_sample_add(&sample, text->blocks[b].body,
                                 strnlen(text->blocks[b].body, SCRIPT_SAMPLE));
        if (sample.all < SCRIPT_MIN_LETTERS)
            continue;
        uint32_t foreign = 0, top = 0, unspaced = 0;
        cn_script which = CN_SCRIPT_NONE, unspaced_which = CN_SCRIPT_NONE;
        for (int k = 1; k < CN_SCRIPT_COUNT; k++) {
            uint32_t n = sample.letters[k];
            if (n && !cn_script_writes(p->text_lang[t], (cn_script)k)) {
                foreign += n;
                if (n > top)
                    top = n, which = (cn_script)k;
            }
            if (cn_script_unspaced((cn_script)k) && n) {
                if (unspaced_which == CN_SCRIPT_NONE || n > sample.letters[unspaced_which])
                    unspaced_which = (cn_script)k;
                unspaced += n;
            }
        }
        if (2 * foreign > sample.all && s->script_texts++ == 0) {
            snprintf(s->script_lang, sizeof s->script_lang, "%s", p->text_lang[t]);
            s->script_name = cn_script_name(which);
        }
        if (2 * unspaced > sample.all && sample.unspaced_runs &&
            unspaced > word_letters(unspaced_which) * sample.unspaced_runs &&
            s->unspaced_texts++ == 0) {
            s->unspaced_script = cn_script_name(unspaced_which);
            s->unspaced_letters = unspaced / sample.unspaced_runs;
        }
    }
}

/* Whether some texts were read in lang, by a star or --lang. */
static bool read_in(const cn_textstats *s, const char *lang)
{
    for (size_t i = 0; i < s->nlangs; i++)
        if (strcmp(s->langs[i].lang, lang) == 0)
            return true;
    return false;
}

/* The texts read in one language whose stop words are mostly another's: an English corpus
 * read as French (the default) has French stems and stop words, and its classes are made
 * of "the", "and" and "my"; so has a corpus whose English texts carry *lang_de beside
 * others in French. Each language the texts were read in is looked at on its own, and the
 * one with most such texts is told. CN_TEXTSTATS_DETECT_TEXTS at least and a quarter of
 * the texts read in it, so that a few quotations do not count; not half of them, since
 * short texts are unclear: a trial's Portuguese diaries read as French had 141 of 300
 * texts that looked Portuguese, none French, and the rest unclear. Twice as many as look
 * like the language read, too (looks_mixed says when both are many in a corpus of one
 * language).
 * When other texts were read in the language they look like, the stars name both, and
 * such texts are most likely stars mistyped (trial 52: 10 German texts of 50 starred
 * *lang_fr, beside 30 *lang_de, stemmed as French without a word): then the share is the
 * one that doubts the stars (CN_TEXTSTATS_DETECT_PERCENT), and their header lines are
 * given, for the stars to be corrected. */
#define READ_LANGS 16 /* languages read, at most, that are looked at */
static void note_other_language(const cn_prepared *p, const int *detected, cn_textstats *s)
{
    s->other_lang[0] = s->other_read[0] = '\0';
    s->other_texts = s->other_of = 0;
    s->nother_lines = 0;
    if (s->looks_mixed)
        return;
    const char *read[READ_LANGS];
    uint32_t texts[READ_LANGS] = {0}, looks[READ_LANGS][CN_PIPELINE_STOPLANGS] = {{0}};
    size_t nread = 0, r = 0;
    for (uint32_t t = 0; t < p->ntexts; t++) {
        if (t == 0 || strcmp(p->text_lang[t], p->text_lang[t - 1]) != 0) {
            for (r = 0; r < nread && strcmp(read[r], p->text_lang[t]) != 0; r++)
                ;
            if (r == nread && nread < READ_LANGS)
                read[nread++] = p->text_lang[t];
        }
        if (r == nread) /* past READ_LANGS languages */
            continue;
        texts[r]++;
        if (detected[t] >= 0)
            looks[r][detected[t]]++;
    }
    int chosen = -1;
    for (r = 0; r < nread; r++) {
        int own = stoplist_of(read[r]), top = -1;
        for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++)
            if (k != own && (top < 0 || looks[r][k] > looks[r][top]))
                top = k;
        uint32_t other = top < 0 ? 0 : looks[r][top], same = own < 0 ? 0 : looks[r][own];
        bool mistyped = top >= 0 && read_in(s, cn_stoplists[top].lang) &&
                        100.0 * other >= CN_TEXTSTATS_DETECT_PERCENT * (double)texts[r];
        if (other < CN_TEXTSTATS_DETECT_TEXTS ||
            (!mistyped && (4.0 * other < texts[r] || other < 2.0 * same)) ||
            other <= s->other_texts)
            continue;
        snprintf(s->other_lang, sizeof s->other_lang, "%s", cn_stoplists[top].lang);
        snprintf(s->other_read, sizeof s->other_read, "%s", read[r]);
        s->other_texts = other;
        s->other_of = texts[r];
        chosen = top;
    }
    for (uint32_t t = 0; chosen >= 0 && t < p->ntexts && s->nother_lines < CN_TEXTSTATS_EMPTY_SHOWN;
         t++)
        if (detected[t] == chosen && strcmp(p->text_lang[t], s->other_read) == 0)
            s->other_lines[s->nother_lines++] = p->corpus->texts[p->texts[t]].line;
    s->other_by_star = true; /* unless texts without a star were read in that language */
    for (size_t i = 0; i < s->nlangs; i++)
        if (!s->langs[i].modality[0] && strcmp(s->langs[i].lang, s->other_read) == 0)
            s->other_by_star = false;
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
    int read = -1; /* the stop list of the last text's language: texts mostly repeat it */
    int *detected = malloc(((size_t)p->ntexts + 1) * sizeof *detected);
    if (!detected)
        return cn_error_nomem(err);
    for (uint32_t t = 0; t < p->ntexts; t++) {
        if (t == 0 || strcmp(p->text_lang[t], p->text_lang[t - 1]) != 0)
            read = stoplist_of(p->text_lang[t]);
        int k = detected[t] = detect_text(p, t, read);
        code[t] = k < 0 ? p->text_lang[t] : cn_stoplists[k].lang;
        if (k < 0)
            s->undetected++;
        else
            counts[k]++;
    }
    size_t n = 0, clear = 0;
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++)
        n += counts[k] > 0;
    if (n && !(s->detected = calloc(n, sizeof *s->detected))) {
        free(detected);
        return cn_error_nomem(err);
    }
    for (int k = 0; k < CN_PIPELINE_STOPLANGS && cn_stoplists[k].lang; k++) {
        if (!counts[k])
            continue;
        cn_textstats_detected *d = &s->detected[s->ndetected++];
        snprintf(d->lang, sizeof d->lang, "%s", cn_stoplists[k].lang);
        d->texts = counts[k];
        clear += counts[k] >= CN_TEXTSTATS_DETECT_TEXTS &&
                 100.0 * counts[k] >= CN_TEXTSTATS_DETECT_PERCENT * (double)p->ntexts;
    }
    if (s->ndetected > 1)
        qsort(s->detected, s->ndetected, sizeof *s->detected, by_texts);
    s->looks_mixed = s->nlanguages < 2 && clear >= 2;
    note_other_language(p, detected, s);
    free(detected);
    return 0;
}

/* A lexicon that holds under half of a language's forms: most of them are their own lemma,
 * active, function words included (a lexicon run uses no embedded stop list). */
static void note_thin_lexicon(const cn_prepared *p, cn_textstats *s)
{
    s->thin_lexicon.lang[0] = '\0';
    for (size_t k = 0; k < p->nlexicon_coverage; k++) {
        const cn_lexicon_coverage *c = &p->lexicon_coverage[k];
        if (c->forms >= CN_TEXTSTATS_LEXICON_FORMS && 2 * (uint64_t)c->known < c->forms) {
            s->thin_lexicon = *c;
            return;
        }
    }
}

/* The languages the texts were read in that have no embedded stop list, unless the user
 * gave a list of their own. */
static void note_unlisted(const cn_pipeline_params *params, cn_textstats *s)
{
    s->nunlisted = 0;
    if (params->stopwords || params->lexicon) /* a lexicon's POS tell its function words */
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

/* The texts without a word: IRAMUTEQ drops them and says so in its log; a researcher
 * reads them as a slip (an entry's text pasted under another header). */
static int note_empty_texts(const cn_prepared *p, cn_textstats *s, cn_error *err)
{
    size_t cap = 0;
    for (uint32_t t = 0; t < p->ntexts; t++)
        if (p->text_words[t] == 0) {
            if (cn_grow((void **)&s->empty_lines, &cap, (size_t)s->empty_texts + 1,
                        sizeof *s->empty_lines) < 0)
                return cn_error_nomem(err);
            s->empty_lines[s->empty_texts++] = p->corpus->texts[p->texts[t]].line;
        }
    return 0;
}

/* The lexicon's forms given on more than one line, and its path to name it by. */
static int note_lexicon_duplicates(const cn_prepared *p, const cn_pipeline_params *params,
                                   cn_textstats *s, cn_error *err)
{
    s->lexicon_duplicates = p->lexicon_duplicates;
    if (!params->lexicon)
        return 0;
    if (!(s->lexicon = strdup(params->lexicon))) {
        cn_textstats_free(s);
        return cn_error_nomem(err);
    }
    return 0;
}

/* The markers' and capitals' pass (marks.h) reads every text once more, a byte at a time
 * near each capital: on the French bench corpus, whose dictionary text has a capital or a
 * bracket every 15 bytes, 44 ms of a 530 ms stats, all of it on one thread after the
 * parallel pass. It only reads p, as the checks beside it do, so it runs on a thread of
 * its own while they do, when the run may use two. */
typedef struct marks_job {
    const cn_prepared *p;
    cn_marks *out;
    cn_error err;
    int rc;
} marks_job;

static void *marks_work(void *arg)
{
    marks_job *job = arg;
    job->rc = cn_marks_find(job->p, job->out, &job->err);
    return NULL;
}

int cn_textstats_compute(const cn_prepared *p, const cn_pipeline_params *params, cn_textstats *s,
                         cn_error *err)
{
    memset(s, 0, sizeof *s);
    marks_job job = {.p = p, .out = &s->marks};
    pthread_t beside;
    bool started = params->threads > 1 && pthread_create(&beside, NULL, marks_work, &job) == 0;
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
    if (params->lang_given && params->lang)
        snprintf(s->lang_given, sizeof s->lang_given, "%s", params->lang);
    const char **code = malloc(((size_t)p->ntexts + 1) * sizeof *code);
    int rc = code ? 0 : cn_error_nomem(err);
    if (rc == 0 && (copy_ignored_pos(p, s, err) < 0 || tally_languages(p, s, err) < 0 ||
                    detect_languages(p, s, code, err) < 0 ||
                    (!s->accents_folded && cn_variants_find(p, code, s, err) < 0) ||
                    note_empty_texts(p, s, err) < 0))
        rc = -1;
    free(code);
    if (rc == 0) {
        note_scripts(p, s);
        note_unlisted(params, s);
        note_thin_lexicon(p, s);
    }
    if (started)
        pthread_join(beside, NULL);
    else if (rc == 0)
        marks_work(&job);
    if (rc == 0 && job.rc < 0) {
        *err = job.err;
        rc = -1;
    }
    if (rc == 0)
        rc = note_lexicon_duplicates(p, params, s, err);
    if (rc < 0)
        cn_textstats_free(s);
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
    free(s->lexicon);
    s->lexicon = NULL;
    s->lexicon_duplicates.forms = s->lexicon_duplicates.nshown = 0;
    free(s->empty_lines);
    s->empty_lines = NULL;
    s->empty_texts = 0;
    free(s->detected);
    s->detected = NULL;
    s->ndetected = 0;
    s->undetected = 0;
    s->looks_mixed = false;
    s->other_lang[0] = s->other_read[0] = '\0';
    s->other_texts = s->other_of = 0;
    s->nunlisted = 0;
    s->thin_lexicon.lang[0] = '\0';
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
    cJSON_AddNumberToObject(o, "texts_in_another_script", s->script_texts);
    cJSON_AddNumberToObject(o, "texts_without_spaces", s->unspaced_texts);
    cJSON_AddNumberToObject(o, "bracketed_markers_active", s->marks.marker_kinds);
    cJSON_AddNumberToObject(o, "words_in_capitals_without_accents", s->marks.capital_kinds);
    cJSON_AddBoolToObject(o, "languages_look_mixed", s->looks_mixed);
    if (!s->other_lang[0])
        return;
    cJSON *other = cJSON_AddObjectToObject(o, "texts_read_in_another_language");
    cJSON_AddStringToObject(other, "read_as", s->other_read);
    cJSON_AddStringToObject(other, "look_like", s->other_lang);
    cJSON_AddNumberToObject(other, "texts", s->other_texts);
    cJSON_AddNumberToObject(other, "of", s->other_of);
    cJSON *lines = cJSON_AddArrayToObject(other, "first_header_lines");
    for (size_t i = 0; i < s->nother_lines; i++)
        cJSON_AddItemToArray(lines, cJSON_CreateNumber((double)s->other_lines[i]));
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
    cJSON_AddNumberToObject(o, "empty_texts", s->empty_texts);
    cJSON *lines = cJSON_AddArrayToObject(o, "empty_text_lines");
    for (uint32_t i = 0; i < s->empty_texts; i++)
        cJSON_AddItemToArray(lines, cJSON_CreateNumber((double)s->empty_lines[i]));
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
