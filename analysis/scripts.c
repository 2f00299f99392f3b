/* scripts.c — the script of a text's letters from a sample of it (see scripts.h). */
#include "carnet/scripts.h"

#include <string.h>
#include <utf8proc.h>

/* Unicode blocks, in order: the script of the letters in [lo, hi]. */
static const struct {
    uint32_t lo, hi;
    cn_script script;
} blocks[] = {
    {0x0041, 0x024F, CN_SCRIPT_LATIN},    {0x0370, 0x03FF, CN_SCRIPT_GREEK},
    {0x0400, 0x052F, CN_SCRIPT_CYRILLIC}, {0x0530, 0x058F, CN_SCRIPT_ARMENIAN},
    {0x0590, 0x05FF, CN_SCRIPT_HEBREW},   {0x0600, 0x06FF, CN_SCRIPT_ARABIC},
    {0x0750, 0x077F, CN_SCRIPT_ARABIC},   {0x0900, 0x097F, CN_SCRIPT_DEVANAGARI},
    {0x0E00, 0x0E7F, CN_SCRIPT_THAI},     {0x0E80, 0x0EFF, CN_SCRIPT_LAO},
    {0x1000, 0x109F, CN_SCRIPT_MYANMAR},  {0x1100, 0x11FF, CN_SCRIPT_HANGUL},
    {0x1780, 0x17FF, CN_SCRIPT_KHMER},    {0x1E00, 0x1EFF, CN_SCRIPT_LATIN},
    {0x1F00, 0x1FFF, CN_SCRIPT_GREEK},    {0x3040, 0x30FF, CN_SCRIPT_KANA},
    {0x3130, 0x318F, CN_SCRIPT_HANGUL},   {0x31F0, 0x31FF, CN_SCRIPT_KANA},
    {0x3400, 0x4DBF, CN_SCRIPT_HAN},      {0x4E00, 0x9FFF, CN_SCRIPT_HAN},
    {0xAC00, 0xD7AF, CN_SCRIPT_HANGUL},   {0xF900, 0xFAFF, CN_SCRIPT_HAN},
    {0xFB1D, 0xFB4F, CN_SCRIPT_HEBREW},   {0xFB50, 0xFDFF, CN_SCRIPT_ARABIC},
    {0xFE70, 0xFEFF, CN_SCRIPT_ARABIC},   {0xFF21, 0xFF5A, CN_SCRIPT_LATIN},
    {0xFF66, 0xFF9F, CN_SCRIPT_KANA},     {0x20000, 0x3134F, CN_SCRIPT_HAN},
};

cn_script cn_script_of(uint32_t cp)
{
    size_t lo = 0, hi = sizeof blocks / sizeof *blocks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < blocks[mid].lo)
            hi = mid;
        else if (cp > blocks[mid].hi)
            lo = mid + 1;
        else
            return blocks[mid].script;
    }
    return CN_SCRIPT_NONE;
}

const char *cn_script_name(cn_script s)
{
    static const char *const names[CN_SCRIPT_COUNT] = {
        "another", "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew",   "Arabic", "Devanagari",
        "Thai",    "Lao",   "Khmer", "Myanmar",  "Hangul",   "Japanese", "Han"};
    return s < CN_SCRIPT_COUNT ? names[s] : names[0];
}

bool cn_script_unspaced(cn_script s)
{
    return s == CN_SCRIPT_THAI || s == CN_SCRIPT_LAO || s == CN_SCRIPT_KHMER ||
           s == CN_SCRIPT_MYANMAR || s == CN_SCRIPT_KANA || s == CN_SCRIPT_HAN;
}

/* The languages known here by the script they are written in; any other is said nothing
 * of. Serbian and a few others are written in two: both listed. */
static const struct {
    const char *langs; /* space-separated ISO 639-1 codes */
    cn_script script;
} written[] = {
    {"el", CN_SCRIPT_GREEK},
    {"ru uk be bg mk sr kk ky tg mn", CN_SCRIPT_CYRILLIC},
    {"hy", CN_SCRIPT_ARMENIAN},
    {"he yi", CN_SCRIPT_HEBREW},
    {"ar fa ur ps ug", CN_SCRIPT_ARABIC},
    {"hi mr ne sa", CN_SCRIPT_DEVANAGARI},
    {"th", CN_SCRIPT_THAI},
    {"lo", CN_SCRIPT_LAO},
    {"km", CN_SCRIPT_KHMER},
    {"my", CN_SCRIPT_MYANMAR},
    {"ko", CN_SCRIPT_HANGUL},
    {"ja", CN_SCRIPT_KANA},
    {"ja zh", CN_SCRIPT_HAN},
    {"af ca cs cy da de en eo es et eu fi fr ga gl hr hu id is it lt lv ms mt nl no nb nn pl"
     " pt ro sk sl sq sv sw tl tr vi az uz sr",
     CN_SCRIPT_LATIN},
};

/* Whether the two-letter code lang is a word of the space-separated list. */
static bool listed(const char *list, const char *lang)
{
    size_t n = strlen(lang);
    for (const char *w = list; *w;) {
        size_t len = strcspn(w, " ");
        if (len == n && memcmp(w, lang, n) == 0)
            return true;
        w += len + (w[len] == ' ');
    }
    return false;
}

bool cn_script_writes(const char *lang, cn_script s)
{
    bool known = false;
    for (size_t i = 0; i < sizeof written / sizeof *written; i++)
        if (listed(written[i].langs, lang)) {
            if (written[i].script == s)
                return true;
            known = true;
        }
    return !known;
}

/* A letter's script (NONE when cp is no letter), and whether cp continues a run of letters
 * (a letter, or a mark: Thai vowels and Arabic vowel signs sit inside words). */
static cn_script letter(uint32_t cp, bool *in_word)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    bool is_letter = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
    *in_word = is_letter || (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
    return is_letter ? cn_script_of(cp) : CN_SCRIPT_NONE;
}

void cn_script_sample_start(cn_script_sample *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->left = max;
}

/* The end of the run of ASCII bytes at `at`, eight bytes at a time. */
static utf8proc_ssize_t ascii_end(const utf8proc_uint8_t *u, utf8proc_ssize_t at,
                                  utf8proc_ssize_t n)
{
    for (uint64_t w; at + 8 <= n; at += 8) {
        memcpy(&w, u + at, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (at < n && u[at] < 0x80)
        at++;
    return at;
}

/* One pass: the letters by script, and the runs of letters of the scripts written without
 * spaces (a run goes on across marks, ends at anything else). */
void cn_script_sample_add(cn_script_sample *s, const char *text, size_t len)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t n = (utf8proc_ssize_t)(len < s->left ? len : s->left);
    s->left -= (size_t)n;
    bool in_run = false; /* a block's end ends a run */
    for (utf8proc_ssize_t at = 0; at < n;) {
        if (u[at] < 0x80) { /* most diaries' bytes: a run of ASCII, counted without decoding */
            utf8proc_ssize_t from = at;
            at = ascii_end(u, at, n);
            uint32_t latin = 0;
            for (utf8proc_ssize_t i = from; i < at; i++) /* a loop the compiler vectorises */
                latin += (unsigned)((u[i] | 0x20) - 'a') < 26;
            uint32_t all = (uint32_t)(at - from);
            s->letters[CN_SCRIPT_LATIN] += latin;
            s->letters[CN_SCRIPT_NONE] += all - latin;
            s->all += latin;
            in_run = in_run && latin == all; /* a Latin letter goes on with a run, nothing else */
            continue;
        }
        if (u[at] == 0xC3 && at + 1 < n && (u[at + 1] & 0xC0) == 0x80) {
            /* U+00C0-U+00FF, the accented letters of French, Italian, Portuguese..., all
             * letters but the signs x and / */
            uint32_t cp = 0xC0u + (u[at + 1] & 0x3Fu);
            bool is_letter = cp != 0xD7 && cp != 0xF7;
            s->letters[is_letter ? CN_SCRIPT_LATIN : CN_SCRIPT_NONE]++;
            s->all += is_letter;
            in_run = in_run && is_letter;
            at += 2;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(u + at, n - at, &cp);
        if (step <= 0) { /* invalid, or cut by the sample's end */
            at++;
            in_run = false;
            continue;
        }
        at += step;
        bool in_word;
        cn_script sc = letter((uint32_t)cp, &in_word);
        s->letters[sc]++;
        s->all += sc != CN_SCRIPT_NONE;
        bool unspaced = cn_script_unspaced(sc);
        if (unspaced && !in_run)
            s->unspaced_runs++;
        in_run = in_word && (in_run || unspaced);
    }
}
