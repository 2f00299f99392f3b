/* marks.c — transcription markers and words in capitals without their accents, found in
 * the kept texts (see marks.h). */
#include "carnet/marks.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/accents.h"
#include "carnet/grow.h"
#include "carnet/intern.h"
#include "carnet/pipeline.h"

#define MARKER_MAX 40 /* bytes between the brackets of a marker */

/* What one pass counts: each marker as written (lower case), each word in capitals that
 * an accented form spells (lower case), and how often; for a marker, the bracket it was
 * first seen in, which the warning writes it with (trial 88: "(rires)" was said "[rires]",
 * which a search of the corpus does not find). */
typedef struct tally {
    cn_intern *keys;
    uint32_t *uses;
    char *open; /* '[', '(', '<'; 0 for a word in capitals */
    size_t cap, open_cap;
} tally;

static int tally_add(tally *t, const char *key, size_t len, char open)
{
    bool added;
    uint32_t id = cn_intern_add(t->keys, key, len, &added);
    if (id == CN_INTERN_NONE ||
        cn_grow((void **)&t->uses, &t->cap, (size_t)id + 1, sizeof *t->uses) < 0 ||
        cn_grow((void **)&t->open, &t->open_cap, (size_t)id + 1, 1) < 0)
        return -1;
    if (added) {
        t->uses[id] = 0;
        t->open[id] = open;
    }
    t->uses[id]++;
    return 0;
}

/* The corpus's spellings with accents, by their folded form: "hopital" -> "hôpital", the
 * most frequent when several fold alike. */
typedef struct accented {
    cn_intern *folded;
    uint32_t *form; /* per folded key, a form of p->forms */
    size_t cap;
} accented;

static int index_accented(const cn_prepared *p, accented *a, cn_error *err)
{
    for (uint32_t f = 0; f < cn_intern_count(p->forms); f++) {
        const char *form = cn_intern_str(p->forms, f);
        size_t len = strlen(form);
        bool ascii = true;
        for (size_t i = 0; i < len && ascii; i++)
            ascii = (unsigned char)form[i] < 0x80;
        if (ascii || p->form_freq[f] == 0)
            continue;
        char *fold;
        size_t flen;
        if (cn_accents_fold(form, len, &fold, &flen, err) < 0)
            return -1;
        bool added;
        uint32_t id = cn_intern_add(a->folded, fold, flen, &added);
        free(fold);
        if (id == CN_INTERN_NONE ||
            cn_grow((void **)&a->form, &a->cap, (size_t)id + 1, sizeof *a->form) < 0)
            return cn_error_nomem(err);
        if (added || p->form_freq[f] > p->form_freq[a->form[id]])
            a->form[id] = f;
    }
    return 0;
}

static bool letterish(unsigned char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

/* A marker opened at body[i]: its length, or 0 (no closing bracket near, a line end or
 * another bracket inside, no letter first, or a word of several in parentheses, which
 * is text: "(à suivre)"). */
static size_t marker_at(const char *body, size_t i, size_t len)
{
    char open = body[i], close = open == '[' ? ']' : open == '<' ? '>' : ')';
    size_t j = i + 1;
    while (j < len && j - i <= MARKER_MAX && body[j] != close && body[j] != '\n' &&
           body[j] != open && !(open == '(' && body[j] == ' '))
        j++;
    size_t first = i + 1; /* "[ inaudible ]": blanks inside the brackets (trial 87) */
    while (first < j && body[first] == ' ')
        first++;
    if (j >= len || body[j] != close || first == j || !letterish((unsigned char)body[first]))
        return 0;
    return j - i + 1;
}

/* The bytes a scan stops at: an opening bracket (1), a capital (2); one load a byte. */
enum { OPENS = 1, CAPITAL = 2 };
static const unsigned char stops[256] = {
    ['['] = OPENS,   ['<'] = OPENS,   ['('] = OPENS,   ['A'] = CAPITAL, ['B'] = CAPITAL,
    ['C'] = CAPITAL, ['D'] = CAPITAL, ['E'] = CAPITAL, ['F'] = CAPITAL, ['G'] = CAPITAL,
    ['H'] = CAPITAL, ['I'] = CAPITAL, ['J'] = CAPITAL, ['K'] = CAPITAL, ['L'] = CAPITAL,
    ['M'] = CAPITAL, ['N'] = CAPITAL, ['O'] = CAPITAL, ['P'] = CAPITAL, ['Q'] = CAPITAL,
    ['R'] = CAPITAL, ['S'] = CAPITAL, ['T'] = CAPITAL, ['U'] = CAPITAL, ['V'] = CAPITAL,
    ['W'] = CAPITAL, ['X'] = CAPITAL, ['Y'] = CAPITAL, ['Z'] = CAPITAL};

/* Whether the two letters next to body[i] (before it when step is -1, after it when +1,
 * blanks and punctuation skipped) are capitals: a word of a run of capitals ("J'AI ETE A
 * L'HOPITAL"), not a name or an acronym in lower-case text ("le dossier d'AME", "(CSAPA)":
 * trial 86), nor a sentence's first word after it. */
static bool capitals_beside(const char *body, size_t i, size_t len, int step)
{
    int found = 0;
    for (size_t j = i, seen = 0; found < 2 && seen < 8; seen++) {
        if (step < 0 ? j == 0 : j + 1 >= len)
            return false;
        j = step < 0 ? j - 1 : j + 1;
        unsigned char c = (unsigned char)body[j];
        if (c >= 'A' && c <= 'Z') /* across an elision: "A L'HOPITAL" (trial 87) */
            found++;
        else if (letterish(c))
            return false;
    }
    return found >= 2;
}

/* The next word of a marker's text (body[*from, to)) that is an active word of p, lower
 * case, into word, *from moved past it; 0 when none is left ("[...]", "[3]", "[un]"). */
static size_t marker_word(const cn_prepared *p, const char *body, size_t *from, size_t to,
                          char *word, size_t size)
{
    for (size_t i = *from; i < to; *from = i) {
        while (i < to && !letterish((unsigned char)body[i]))
            i++;
        size_t n = 0;
        while (i < to && letterish((unsigned char)body[i]) && n + 1 < size)
            word[n++] = lower(body[i++]);
        while (i < to && letterish((unsigned char)body[i])) /* past what word holds */
            i++;
        uint32_t f = n ? cn_intern_find(p->forms, word, n) : CN_INTERN_NONE;
        if (f != CN_INTERN_NONE && p->lemmas[p->form_lemma[f]].status == CN_LEMMA_ACTIVE) {
            *from = i;
            return n;
        }
    }
    *from = to;
    return 0;
}

/* Whether a parenthesis opening on a capital is a transcription convention ("(Rires)",
 * "(SILENCE)": trial 87), not the diarist's gloss ("(Subutex)", "(CSAPA)": trial 86). */
static bool convention(const char *word, size_t n)
{
    static const char *const known[] = {"rires",
                                        "rire",
                                        "silence",
                                        "pause",
                                        "pleurs",
                                        "soupir",
                                        "soupirs",
                                        "inaudible",
                                        "illisible",
                                        "hesitation",
                                        "h\xc3\xa9sitation",
                                        "laughs",
                                        "laughter",
                                        "laughing",
                                        "sighs",
                                        "crying",
                                        "unclear",
                                        "crosstalk",
                                        "risate",
                                        "pausa",
                                        "silenzio",
                                        "risas",
                                        "lachen",
                                        "lacht"};
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (strlen(known[k]) == n && memcmp(known[k], word, n) == 0)
            return true;
    return false;
}

static int scan_block(const cn_prepared *p, const char *body, const accented *a, tally *markers,
                      tally *capitals)
{
    size_t len = strlen(body);
    char buf[MARKER_MAX + 2];
    for (size_t i = 0; i < len; i++) {
        unsigned char stop = stops[(unsigned char)body[i]];
        if (!stop)
            continue;
        if (stop == OPENS) {
            size_t n = marker_at(body, i, len);
            if (n == 0)
                continue;
            /* each active word of it: "[inaudible 00:12:05]", "[un mot illisible]" (trial
             * 87); a parenthesis opening on a capital is a gloss, unless a convention */
            bool capital = body[i] == '(' && !(body[i + 1] >= 'a' && body[i + 1] <= 'z');
            for (size_t from = i + 1, w;
                 (w = marker_word(p, body, &from, i + n - 1, buf, sizeof buf)) > 0;)
                if ((!capital || convention(buf, w)) && tally_add(markers, buf, w, body[i]) < 0)
                    return -1;
            i += n - 1;
            continue;
        }
        if (i > 0 && letterish((unsigned char)body[i - 1])) /* inside a word */
            continue;
        size_t end = i;
        while (end < len && body[end] >= 'A' && body[end] <= 'Z')
            end++;
        size_t n = end - i;
        if (n >= 3 && n < sizeof buf && (end == len || !letterish((unsigned char)body[end])) &&
            (capitals_beside(body, i, len, -1) || capitals_beside(body, end - 1, len, +1))) {
            for (size_t k = 0; k < n; k++)
                buf[k] = lower(body[i + k]);
            if (cn_intern_find(a->folded, buf, n) != CN_INTERN_NONE &&
                tally_add(capitals, buf, n, 0) < 0)
                return -1;
        }
        i = end > i ? end - 1 : i;
    }
    return 0;
}

/* Whether a marker's word occurs mostly in markers: a word the text also uses ("[dieu]" in
 * an edition's notes, "dieu" everywhere else) is the text's, not the transcription's. */
static bool marker_mostly(const cn_prepared *p, const char *word, uint32_t uses)
{
    uint32_t f = cn_intern_find(p->forms, word, strlen(word));
    return f != CN_INTERN_NONE && 2 * (uint64_t)uses >= p->form_freq[f];
}

/* Whether a word in capitals (key, lower case) is its accented spelling typed without
 * accents: written in capitals at least half of its occurrences. "REMARQUE" heading an
 * edition's notes beside "remarque" all through its text is the word remarque. Which
 * spelling is the more frequent says nothing: two participants of three typing in
 * capitals write the most (trial 86). */
static bool accents_dropped(const cn_prepared *p, const char *key, uint32_t uses)
{
    uint32_t f = cn_intern_find(p->forms, key, strlen(key));
    return f == CN_INTERN_NONE || 2 * (uint64_t)uses >= p->form_freq[f];
}

/* Keeps m among the CN_MARKS_SHOWN most used of shown[0..*n), the most used first. */
static void keep_shown(cn_mark *shown, size_t *n, const cn_mark *m)
{
    size_t at = *n;
    while (at > 0 && shown[at - 1].uses < m->uses)
        at--;
    if (at >= CN_MARKS_SHOWN)
        return;
    size_t last = *n < CN_MARKS_SHOWN ? *n : CN_MARKS_SHOWN - 1;
    memmove(shown + at + 1, shown + at, (last - at) * sizeof *shown);
    shown[at] = *m;
    if (*n < CN_MARKS_SHOWN)
        (*n)++;
}

static void summarise(const cn_prepared *p, const accented *a, const tally *markers,
                      const tally *capitals, cn_marks *out)
{
    for (uint32_t id = 0; id < cn_intern_count(markers->keys); id++) {
        const char *key = cn_intern_str(markers->keys, id);
        if (markers->uses[id] < CN_MARKS_MARKER_MIN || !marker_mostly(p, key, markers->uses[id]))
            continue;
        cn_mark m = {.uses = markers->uses[id]};
        char open = markers->open[id], close = open == '(' ? ')' : open == '<' ? '>' : ']';
        snprintf(m.text, sizeof m.text, "%c%s%c", open, key, close);
        keep_shown(out->markers, &out->nmarkers, &m);
        out->marker_kinds++;
        out->marker_uses += m.uses;
    }
    for (uint32_t id = 0; id < cn_intern_count(capitals->keys); id++) {
        const char *key = cn_intern_str(capitals->keys, id);
        uint32_t accented_form = a->form[cn_intern_find(a->folded, key, strlen(key))];
        if (!accents_dropped(p, key, capitals->uses[id]))
            continue;
        cn_mark m = {.uses = capitals->uses[id]};
        for (size_t k = 0; key[k] && k + 1 < sizeof m.text; k++)
            m.text[k] = (char)(key[k] & ~0x20); /* as typed: capitals */
        snprintf(m.other, sizeof m.other, "%s", cn_intern_str(p->forms, accented_form));
        keep_shown(out->capitals, &out->ncapitals, &m);
        out->capital_kinds++;
        out->capital_uses += m.uses;
    }
    if (out->capital_uses < CN_MARKS_CAPITALS_MIN) { /* a heading or two: nothing to say */
        out->ncapitals = 0;
        out->capital_kinds = out->capital_uses = 0;
    }
}

int cn_marks_find(const cn_prepared *p, cn_marks *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    accented a = {.folded = cn_intern_new()};
    tally markers = {.keys = cn_intern_new()}, capitals = {.keys = cn_intern_new()};
    int rc = a.folded && markers.keys && capitals.keys ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = index_accented(p, &a, err);
    for (uint32_t t = 0; rc == 0 && t < p->ntexts; t++) {
        const cn_corpus_text *text = &p->corpus->texts[p->texts[t]];
        for (size_t b = 0; rc == 0 && b < text->nblocks; b++)
            if (scan_block(p, text->blocks[b].body, &a, &markers, &capitals) < 0)
                rc = cn_error_nomem(err);
    }
    if (rc == 0)
        summarise(p, &a, &markers, &capitals, out);
    cn_intern_free(a.folded);
    free(a.form);
    cn_intern_free(markers.keys);
    free(markers.uses);
    free(markers.open);
    cn_intern_free(capitals.keys);
    free(capitals.uses);
    free(capitals.open);
    return rc;
}
