/* text.c — tokenising corpus text (see text.h and reinert-spec.md A.2).
 *
 * IRAMUTEQ lowercases, spaces out punctuation, replaces every character outside a Latin
 * whitelist by a space, replaces its expressions as substrings, then splits elisions and
 * hyphens. By default we scan the original text once, code point by code point, deciding
 * for each whether it continues a word, is a punctuation token or separates: the same
 * tokens, any script, and byte spans back into the text as written. --charset iramuteq
 * runs IRAMUTEQ's steps themselves on a copy of the text that remembers, for each of its
 * bytes, the span of the text it stands for: substring replacement can glue pieces of
 * words, which no scan of the original could do. */
#include "carnet/text.h"

#include "carnet/grow.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The accented letters IRAMUTEQ keeps (corpus.cfg keep_caract), lower and upper case. */
static const char iramuteq_letters[] = "àÀâÂäÄáÁåÅãéÉèÈêÊëËìÌîÎïÏíÍóÓòÒôÔöÖõÕøØùÙûÛüÜúÚçÇßœŒñÑ";

static bool in_whitelist(utf8proc_int32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
        return true;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)iramuteq_letters;
    utf8proc_int32_t c;
    utf8proc_ssize_t n;
    while (*p && (n = utf8proc_iterate(p, -1, &c)) > 0) {
        if (c == cp)
            return true;
        p += n;
    }
    return false;
}

typedef enum { C_WORD, C_DIGIT, C_PUNCT, C_SEP, C_IGNORED } char_class;

/* How the default (Unicode) mode sees a character. */
static char_class classify(utf8proc_int32_t cp, double *weight)
{
    switch (cp) {
    /* Other scripts' marks weigh as the Latin ones they stand for: a Hindi danda, an
     * Arabic question mark or an Armenian full stop were separators only, and segments
     * were cut at commas in mid-sentence (trial 80). */
    case '.':
    case '?':
    case '!':
    case 0x2026: /* … */
    case 0x037E: /* Greek question mark */
    case 0x0589: /* Armenian full stop */
    case 0x055E: /* Armenian question mark */
    case 0x061F: /* Arabic question mark */
    case 0x06D4: /* Urdu full stop */
    case 0x0964: /* Devanagari danda */
    case 0x0965: /* double danda */
    case 0x3002: /* ideographic full stop */
    case 0xFF01: /* fullwidth ! */
    case 0xFF0E: /* fullwidth . */
    case 0xFF1F: /* fullwidth ? */
        *weight = 6;
        return C_PUNCT;
    case ':':
    case 0xFF1A: /* fullwidth : */
        *weight = 5;
        return C_PUNCT;
    case ';':
    case 0x061B: /* Arabic semicolon */
    case 0xFF1B: /* fullwidth ; */
        *weight = 4;
        return C_PUNCT;
    case ',':
    case 0x055D: /* Armenian comma */
    case 0x060C: /* Arabic comma */
    case 0x3001: /* ideographic comma */
    case 0xFF0C: /* fullwidth , */
        *weight = 1;
        return C_PUNCT;
    case '_':
        return C_WORD;
    default:
        break;
    }
    /* The ordinal indicators of 1.º, 2ª, nº, n.º (Portuguese, Spanish, Italian) are letters
     * to Unicode, and made words "º" and "nº" (trials 52, 53): they separate, as in
     * IRAMUTEQ's charset, leaving the number, and the "n" of "número" to the stop lists */
    if (cp == 0xAA || cp == 0xBA)
        return C_SEP;
    if (cp < 0x80) /* ASCII, most of any corpus: no table lookup */
        return (cp >= '0' && cp <= '9')                                 ? C_DIGIT
               : ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) ? C_WORD
                                                                        : C_SEP;
    /* Invisible characters that text pasted from a word processor or a PDF carries inside
     * words: a soft hyphen (mé<U+00AD>thadone), zero-width spaces and joiners, a word
     * joiner, a variation selector. Neither a letter nor a separator: a word goes on
     * across them, and its form drops them (normalise), so it is one word, as read. */
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    if (prop->ignorable)
        return C_IGNORED;
    utf8proc_category_t cat = (utf8proc_category_t)prop->category;
    if (cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO)
        return C_DIGIT;
    if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
        (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME))
        return C_WORD;
    return C_SEP;
}

static int push(cn_tokens *out, cn_token tok, cn_error *err)
{
    if (cn_grow((void **)&out->t, &out->cap, out->n + 1, sizeof *out->t) < 0)
        return cn_error_nomem(err);
    out->t[out->n++] = tok;
    return 0;
}

static int reserve_forms(cn_tokens *out, size_t more, cn_error *err)
{
    if (out->forms_len + more <= out->forms_cap)
        return 0;
    size_t cap = out->forms_cap ? out->forms_cap : 4096;
    while (cap < out->forms_len + more)
        cap *= 2;
    char *grown = realloc(out->forms, cap);
    if (!grown)
        return cn_error_nomem(err);
    out->forms = grown;
    out->forms_cap = cap;
    return 0;
}

/* A letter in lower case, as IRAMUTEQ's Python lower() writes it. Full case folding had
 * made "strasse" of "straße" and "μεθαδόνησ" of "μεθαδόνης", misspelling every table and
 * figure (trial 63); the stems are the same either way (Snowball folds ß and ς itself). */
static utf8proc_int32_t lower_letter(utf8proc_int32_t cp, void *data)
{
    const cn_tokens *out = data;
    if (cp == 'I' && out->turkic)
        return 0x131; /* Turkish: I is the capital of ı */
    if (cp == 0x130)
        return 'i'; /* İ: as the IRAMUTEQ charset does */
    utf8proc_int32_t lower = utf8proc_tolower(cp);
    if (out->romanian && (lower == 0x15F || lower == 0x163))
        return lower == 0x15F ? 0x219 : 0x21B; /* ş ţ: ș ț */
    return lower;
}

bool cn_text_turkic(const char *code)
{
    return code && (strcmp(code, "tr") == 0 || strcmp(code, "az") == 0);
}

bool cn_text_romanian(const char *code)
{
    return code && strcmp(code, "ro") == 0;
}

void cn_tokens_set_language(cn_tokens *t, const char *lang, cn_charset charset)
{
    t->turkic = cn_text_turkic(lang);
    t->romanian = charset != CN_CHARSET_IRAMUTEQ && cn_text_romanian(lang);
}

/* The Latin ligatures U+FB00 to U+FB06 (text copied from a PDF: "ﬁn") spelled out in
 * s[0..*n), as case folding did, so that "ﬁn" is "fin"; none spells longer than itself. */
static void spell_ligatures(char *s, size_t *n)
{
    static const char *const spelled[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t r = 0; r < *n;) {
        if (!(r + 2 < *n && u[r] == 0xEF && u[r + 1] == 0xAC && u[r + 2] >= 0x80 &&
              u[r + 2] <= 0x86)) {
            s[w++] = s[r++];
            continue;
        }
        const char *out = spelled[u[r + 2] - 0x80];
        size_t len = strlen(out);
        memmove(s + w, out, len);
        w += len;
        r += 3;
    }
    s[w] = '\0';
    *n = w;
}

/* Turkish: I and a combining dot above (U+0307) is İ, lowered to i; lowered as it comes,
 * before composing, the I became ı and kept the dot ("ı̇stanbul", trial 76). A malloc'd copy
 * of word[0..*len) with each such pair made 'i', *len its length; NULL when there is none
 * (or, *nomem set, when memory ran out). */
static char *undot_capital_i(const char *word, size_t *len, bool *nomem)
{
    char *out = NULL;
    size_t w = 0;
    for (size_t i = 0; i < *len; i++) {
        bool dot = word[i] == 'I' && i + 2 < *len && memcmp(word + i + 1, "\xCC\x87", 2) == 0;
        if (dot && !out) {
            if (!(out = malloc(*len))) {
                *nomem = true;
                return NULL;
            }
            memcpy(out, word, i);
            w = i;
        }
        if (out) {
            out[w++] = dot ? 'i' : word[i];
            i += dot ? 2 : 0;
        }
    }
    if (out)
        *len = w;
    return out;
}

/* Appends the lower-case NFC form of text[start..end) to out->forms; "œ" becomes "oe" as
 * in IRAMUTEQ, and a capital sigma ending a word of several letters the final "ς", as
 * Python's lower() makes it. ASCII words, most of any corpus, are lowered without utf8proc. */
static int normalise(const char *text, size_t start, size_t end, cn_tokens *out, size_t *len,
                     cn_error *err)
{
    bool ascii = true;
    for (size_t i = start; i < end && ascii; i++) /* Turkish lowers I beyond ASCII */
        ascii = (unsigned char)text[i] < 0x80 && !(out->turkic && text[i] == 'I');
    if (ascii) {
        if (reserve_forms(out, end - start + 1, err) < 0)
            return -1;
        char *dst = out->forms + out->forms_len;
        for (size_t i = start; i < end; i++) {
            char c = text[i];
            dst[i - start] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        dst[end - start] = '\0';
        *len = end - start;
        return 0;
    }
    const char *word = text + start;
    size_t wlen = end - start;
    bool nomem = false;
    char *dotted = out->turkic ? undot_capital_i(word, &wlen, &nomem) : NULL;
    if (nomem)
        return cn_error_nomem(err);
    if (dotted)
        word = dotted;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)wlen, &folded,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE, lower_letter, out);
    free(dotted);
    if (n < 0)
        return cn_error_set(err, "cannot normalise the text at byte %zu", start);
    char *s = (char *)folded;
    size_t used = (size_t)n;
    spell_ligatures(s, &used);
    n = (utf8proc_ssize_t)used;
    if (end - start >= 3 && memcmp(text + end - 2, "\xCE\xA3", 2) == 0 && n >= 3 &&
        memcmp(s + n - 2, "\xCF\x83", 2) == 0)
        s[n - 1] = (char)0x82; /* Σ at the end of a word: ς */
    char *hit;
    while ((hit = strstr(s, "\xC5\x93"))) { /* œ: two bytes become "oe" */
        hit[0] = 'o';
        hit[1] = 'e';
    }
    int rc = reserve_forms(out, (size_t)n + 1, err);
    if (rc == 0) {
        memcpy(out->forms + out->forms_len, s, (size_t)n + 1);
        *len = (size_t)n;
    }
    free(folded);
    return rc;
}

static int end_word(const char *text, size_t start, size_t end, bool digits_only, cn_tokens *out,
                    cn_error *err)
{
    size_t len = 0;
    if (out->raw) { /* the caller folds each distinct spelling once, itself */
        cn_token tok = {digits_only ? CN_TOKEN_NUMBER : CN_TOKEN_WORD, 0.01, start, end, 0, 0};
        return push(out, tok, err);
    }
    if (normalise(text, start, end, out, &len, err) < 0)
        return -1;
    cn_token tok = {
        digits_only ? CN_TOKEN_NUMBER : CN_TOKEN_WORD, 0.01, start, end, out->forms_len, len};
    out->forms_len += len + 1;
    return push(out, tok, err);
}

/* The kind of each byte inside an ASCII word: a letter or '_' (ASCII_LETTER), a digit
 * (ASCII_DIGIT), or 0 for any byte that ends the ASCII run (other ASCII, and every byte
 * from 0x80, which classify() then reads as part of a character). */
enum { ASCII_LETTER = 1, ASCII_DIGIT = 2 };
#define L ASCII_LETTER
#define D ASCII_DIGIT
static const unsigned char ascii_kind[256] = {
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D, ['6'] = D, ['7'] = D,
    ['8'] = D, ['9'] = D, ['_'] = L, ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L,
    ['f'] = L, ['g'] = L, ['h'] = L, ['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L,
    ['n'] = L, ['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L,
    ['v'] = L, ['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L, ['A'] = L, ['B'] = L, ['C'] = L,
    ['D'] = L, ['E'] = L, ['F'] = L, ['G'] = L, ['H'] = L, ['I'] = L, ['J'] = L, ['K'] = L,
    ['L'] = L, ['M'] = L, ['N'] = L, ['O'] = L, ['P'] = L, ['Q'] = L, ['R'] = L, ['S'] = L,
    ['T'] = L, ['U'] = L, ['V'] = L, ['W'] = L, ['X'] = L, ['Y'] = L, ['Z'] = L};
#undef L
#undef D

/* Whether the character at i is a letter or a digit (a word's, not a separator). */
static bool word_char_at(const utf8proc_uint8_t *p, size_t i, size_t len)
{
    if (p[i] < 0x80)
        return ascii_kind[p[i]] != 0;
    utf8proc_int32_t cp;
    double weight;
    char_class c;
    return utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp) > 0 &&
           ((c = classify(cp, &weight)) == C_WORD || c == C_DIGIT);
}

/* Whether the '.' at i, a word's character before it (after_word), ends no sentence: a
 * letter or a digit right after it (a number, an address, "flacon.Demain" or "fin.École"
 * typed without a space alike), or the last dot of "e.g." and "i.e.". It was a sentence
 * end wherever it stood, the strongest cut, so segments ended at "I took 2." and began at
 * "5 mg" (trials 83, 85). */
static bool inside_token(const utf8proc_uint8_t *p, size_t i, size_t len, bool after_word)
{
    if (!after_word)
        return false;
    if (i + 1 < len && word_char_at(p, i + 1, len))
        return true;
    if (!(i >= 3 && p[i - 2] == '.' && ascii_kind[p[i - 1]] == ASCII_LETTER &&
          ascii_kind[p[i - 3]] == ASCII_LETTER && (i < 4 || !ascii_kind[p[i - 4]])))
        return false;
    /* an abbreviation before a capital ends its sentence ("at 7 a.m. Then", "chez
     * E.D.F. Il": trial 86), but not one that opens an example or a gloss ("e.g.
     * Football", "z.B. Fragen": trial 87) */
    size_t next = i + 1;
    while (next < len && p[next] == ' ')
        next++;
    if (!(next < len && p[next] >= 'A' && p[next] <= 'Z'))
        return true;
    char pair[3] = {(char)(p[i - 3] | 0x20), (char)(p[i - 1] | 0x20), '\0'};
    return strstr("eg ie zb dh ua", pair) != NULL;
}

/* Whether body[from, to) sits between brackets: "[...]", "(…)", a cut in a quotation. */
static bool between_brackets(const char *text, size_t from, size_t to, size_t len)
{
    return from > 0 && (text[from - 1] == '[' || text[from - 1] == '(') && to < len &&
           (text[to] == ']' || text[to] == ')');
}

/* The default mode: one scan of the text as written. */
static int tokenise_unicode(const char *text, size_t len, cn_tokens *out, cn_error *err)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t i = 0, word_start = 0;
    bool in_word = false, digits_only = true;
    while (i < len) {
        utf8proc_int32_t cp = p[i];
        utf8proc_ssize_t n = 1;
        if (cp >= 0x80 && (n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp)) < 0)
            return cn_error_set(err, "invalid UTF-8 at byte %zu", i);
        double weight = 0.01;
        char_class c = classify(cp, &weight);
        /* Catalan's l·l (col·legues, intel·ligència) is one word: the middle dot between two
         * l's was a separator, and "col" the corpus's most frequent lemma (trial 80) */
        if (cp == 0xB7 && in_word && i > 0 && (p[i - 1] | 0x20) == 'l' && i + 2 < len &&
            (p[i + 2] | 0x20) == 'l')
            c = C_WORD;
        if (c == C_WORD || c == C_DIGIT) {
            if (!in_word) {
                in_word = true;
                word_start = i;
                digits_only = true;
            }
            digits_only = digits_only && c == C_DIGIT;
            i += (size_t)n;
            /* the rest of an ASCII word without classify(): most bytes of most corpora;
             * a byte's kind from a table, one load and one test a byte */
            unsigned kinds = 0;
            for (unsigned k; i < len && (k = ascii_kind[p[i]]) != 0; i++)
                kinds |= k;
            digits_only = digits_only && !(kinds & ASCII_LETTER);
            continue;
        }
        if (c == C_IGNORED) { /* inside a word, part of its span; else nothing */
            i += (size_t)n;
            continue;
        }
        bool after_word = in_word;
        if (in_word) {
            in_word = false;
            if (end_word(text, word_start, i, digits_only, out, err) < 0)
                return -1;
        }
        if (c == C_PUNCT && cp == '.' && inside_token(p, i, len, after_word)) {
            i++; /* 2.5 mg, £2.50, www.nhs.uk, jo.smith@yahoo.co.uk: no sentence's end */
            continue;
        }
        if (c == C_PUNCT) {
            size_t end = i + (size_t)n;
            /* "..." is one sentence-end token, like "…", but not the "[...]" of a cut */
            if (cp == '.' && i + 3 <= len && memcmp(text + i, "...", 3) == 0)
                end = i + 3;
            if ((cp == '.' || cp == 0x2026) && end - i == 3 &&
                between_brackets(text, i, end, len)) {
                i = end;
                continue;
            }
            cn_token tok = {CN_TOKEN_PUNCT, weight, i, end, 0, 0};
            if (push(out, tok, err) < 0)
                return -1;
            i = end;
            continue;
        }
        i += (size_t)n;
    }
    if (in_word && end_word(text, word_start, len, digits_only, out, err) < 0)
        return -1;
    return 0;
}

/* ---- --charset iramuteq: IRAMUTEQ's own steps, on a cleaned copy of the text ----------- */

/* Where a byte of the cleaned copy comes from: a span of the text as written. */
typedef struct origin {
    size_t from, to;
} origin;

typedef struct cleaned {
    char *s;
    origin *o;
    size_t len, cap_s, cap_o;
} cleaned;

static int put(cleaned *c, const char *bytes, size_t n, origin o)
{
    if (n == 0) /* an empty replacement: memcpy wants real pointers even for nothing */
        return 0;
    if (cn_grow((void **)&c->s, &c->cap_s, c->len + n, 1) < 0 ||
        cn_grow((void **)&c->o, &c->cap_o, c->len + n, sizeof *c->o) < 0)
        return -1;
    memcpy(c->s + c->len, bytes, n);
    for (size_t i = 0; i < n; i++)
        c->o[c->len + i] = o;
    c->len += n;
    return 0;
}

/* Appends bytes [a, b) of src with their origins. */
static int put_from(cleaned *c, const cleaned *src, size_t a, size_t b)
{
    size_t n = b - a;
    if (n == 0) /* memcpy wants real pointers even for nothing */
        return 0;
    if (cn_grow((void **)&c->s, &c->cap_s, c->len + n, 1) < 0 ||
        cn_grow((void **)&c->o, &c->cap_o, c->len + n, sizeof *c->o) < 0)
        return -1;
    memcpy(c->s + c->len, src->s + a, n);
    memcpy(c->o + c->len, src->o + a, n * sizeof *c->o);
    c->len += n;
    return 0;
}

/* Step 3 makes every run of characters outside IRAMUTEQ's set one space, the spaces step
 * 2 puts around punctuation included: the copy never holds two spaces in a row. */
static int put_space(cleaned *c, origin o)
{
    if (c->len > 0 && c->s[c->len - 1] == ' ')
        return 0;
    return put(c, " ", 1, o);
}

/* Step 3's set, seen after step 1 lowered the text: "Ã" is kept as "ã". The apostrophe
 * and the hyphen survive it; steps 5 and 6 make them separators after the expressions. */
static bool iramuteq_keeps(utf8proc_int32_t cp)
{
    return cp == '_' || cp == '\'' || cp == '-' || in_whitelist(cp);
}

/* A.2 steps 1 to 3 on text[0..len): lower case (Python's, so "İ" is "i" and a combining dot);
 * ’ -> ' and œ -> oe; "..." and "…" become IRAMUTEQ's marker, which step 3 erases, so an
 * ellipsis leaves only a space; . ? ! , ; : spaced; the rest of step 3. */
static int iramuteq_clean(const char *text, size_t len, cleaned *c, cn_error *err)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp = p[i];
        utf8proc_ssize_t n = 1;
        if (cp >= 0x80 && (n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp)) < 0)
            return cn_error_set(err, "invalid UTF-8 at byte %zu", i);
        origin o = {i, i + (size_t)n};
        int rc;
        if (cp == '.' && len - i >= 3 && memcmp(text + i, "...", 3) == 0) {
            o.to = i + 3; /* replaced before single dots, left to right, as str.replace does */
            rc = put_space(c, o);
        } else if (cp == 0x2026) {
            rc = put_space(c, o);
        } else if (cp != 0 && cp < 0x80 && strchr(".?!,;:", (int)cp)) {
            rc = put_space(c, o) < 0 || put(c, text + i, 1, o) < 0 ? -1 : put_space(c, o);
        } else {
            utf8proc_int32_t lower = cp == 0x130 ? 'i' : utf8proc_tolower(cp);
            utf8proc_uint8_t buf[4];
            if (lower == 0x2019)
                lower = '\'';
            if (lower == 0x153)
                rc = put(c, "oe", 2, o);
            else if (iramuteq_keeps(lower))
                rc = put(c, (const char *)buf, (size_t)utf8proc_encode_char(lower, buf), o);
            else
                rc = put_space(c, o);
            if (rc == 0 && cp == 0x130) /* its combining dot is outside the set */
                rc = put_space(c, o);
        }
        if (rc < 0)
            return cn_error_nomem(err);
        i = o.to;
    }
    return 0;
}

/* Where key[0..klen) first occurs in s[0..len), or NULL. */
static const char *find(const char *s, size_t len, const char *key, size_t klen)
{
    const char *end = s + len;
    while ((size_t)(end - s) >= klen && (s = memchr(s, key[0], (size_t)(end - s) - klen + 1))) {
        if (memcmp(s, key, klen) == 0)
            return s;
        s++;
    }
    return NULL;
}

/* Which 3-byte sequences the cleaned copy holds, hashed to 2^16 bits: a key with a
 * sequence that is absent cannot occur, so most keys of a long expression file are
 * dismissed without a scan of the text. Bits are only ever added: after a replacement the
 * filter still holds every sequence of the new text, and a few stale ones. */
typedef struct trigrams {
    uint64_t bits[(1u << 16) / 64];
} trigrams;

static uint32_t trigram(const char *s)
{
    uint32_t v = (uint32_t)(unsigned char)s[0] << 16 | (uint32_t)(unsigned char)s[1] << 8 |
                 (uint32_t)(unsigned char)s[2];
    return (v * 2654435761u) >> 16;
}

static void trigrams_add(trigrams *t, const char *s, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++) {
        uint32_t h = trigram(s + i);
        t->bits[h >> 6] |= (uint64_t)1 << (h & 63);
    }
}

static bool trigrams_may_hold(const trigrams *t, const char *key)
{
    if (!key[0] || !key[1] || !key[2])
        return true; /* too short to tell */
    for (const char *k = key; k[2]; k++) {
        uint32_t h = trigram(k);
        if (!(t->bits[h >> 6] >> (h & 63) & 1))
            return false;
    }
    return true;
}

/* Step 4, one expression: every occurrence of key, left to right and not overlapping (as
 * Python's str.replace), becomes value, which stands for the whole span of the key. The
 * result goes to tmp and the two copies are swapped. 1: replaced; 0: the key does not occur;
 * -1: no memory; -2: the copy would pass max bytes. */
static int replace(cleaned *c, cleaned *tmp, const cn_text_replace *r, size_t max)
{
    size_t klen = strlen(r->key), vlen = strlen(r->value), at = 0;
    const char *hit = klen ? find(c->s, c->len, r->key, klen) : NULL;
    if (!hit)
        return 0;
    tmp->len = 0;
    while (hit) {
        size_t h = (size_t)(hit - c->s);
        if (tmp->len + (h - at) + vlen > max)
            return -2;
        if (put_from(tmp, c, at, h) < 0 ||
            put(tmp, r->value, vlen, (origin){c->o[h].from, c->o[h + klen - 1].to}) < 0)
            return -1;
        at = h + klen;
        hit = find(c->s + at, c->len - at, r->key, klen);
    }
    if (put_from(tmp, c, at, c->len) < 0)
        return -1;
    cleaned swap = *c;
    *c = *tmp;
    *tmp = swap;
    return 1;
}

/* Steps 5 and 6 make ' and - separators; tokens are what whitespace splits. */
static bool iramuteq_separator(char ch)
{
    return ch == ' ' || ch == '\'' || ch == '-' || ch == '\t' || ch == '\n' || ch == '\r' ||
           ch == '\v' || ch == '\f';
}

static double iramuteq_weight(const char *tok, size_t n)
{
    if (n != 1)
        return 0;
    switch (tok[0]) {
    case '.':
    case '?':
    case '!':
        return 6;
    case ':':
        return 5;
    case ';':
        return 4;
    case ',':
        return 1;
    default:
        return 0;
    }
}

/* The tokens of the cleaned copy, each with the span of the text it came from. A raw word
 * keeps its cleaned spelling (the caller folds it); otherwise it is normalised. */
static int iramuteq_tokens(const cleaned *c, cn_tokens *out, cn_error *err)
{
    size_t i = 0;
    while (i < c->len) {
        if (iramuteq_separator(c->s[i])) {
            i++;
            continue;
        }
        size_t a = i;
        bool digits = true;
        for (; i < c->len && !iramuteq_separator(c->s[i]); i++)
            digits = digits && c->s[i] >= '0' && c->s[i] <= '9';
        cn_token tok = {
            digits ? CN_TOKEN_NUMBER : CN_TOKEN_WORD, 0.01, c->o[a].from, c->o[i - 1].to, 0, 0};
        double w = iramuteq_weight(c->s + a, i - a);
        if (w > 0) {
            tok.kind = CN_TOKEN_PUNCT;
            tok.weight = w;
        } else if (out->raw) {
            if (reserve_forms(out, i - a + 1, err) < 0)
                return -1;
            memcpy(out->forms + out->forms_len, c->s + a, i - a);
            out->forms[out->forms_len + i - a] = '\0';
            tok.form = out->forms_len;
            tok.form_len = i - a;
        } else {
            if (normalise(c->s, a, i, out, &tok.form_len, err) < 0)
                return -1;
            tok.form = out->forms_len;
        }
        out->forms_len += tok.form_len + (tok.kind != CN_TOKEN_PUNCT);
        if (push(out, tok, err) < 0)
            return -1;
    }
    return 0;
}

static int tokenise_iramuteq(const char *text, size_t len, const cn_text_replace *rep, size_t nrep,
                             cn_tokens *out, cn_error *err)
{
    cleaned c = {0}, tmp = {0};
    /* Lemmas far longer than their forms could make a text grow without bound (each
     * replacement multiplies it); real expression files keep it about the same length. */
    size_t max = 16 * len + 65536;
    trigrams *seen = nrep ? calloc(1, sizeof *seen) : NULL;
    int rc = nrep && !seen ? cn_error_nomem(err) : iramuteq_clean(text, len, &c, err);
    if (rc == 0 && seen)
        trigrams_add(seen, c.s, c.len);
    for (size_t r = 0; rc == 0 && r < nrep; r++) {
        if (!trigrams_may_hold(seen, rep[r].key))
            continue;
        int got = replace(&c, &tmp, &rep[r], max);
        if (got == 1)
            trigrams_add(seen, c.s, c.len);
        else if (got == -1)
            rc = cn_error_nomem(err);
        else if (got == -2)
            rc = cn_error_code(err, CN_EINVALID,
                               "the expressions make the text more than 16 times longer "
                               "(replacing '%.40s')",
                               rep[r].key);
    }
    if (rc == 0)
        rc = iramuteq_tokens(&c, out, err);
    free(seen);
    free(c.s);
    free(c.o);
    free(tmp.s);
    free(tmp.o);
    return rc;
}

int cn_text_tokenise_replacing(const char *text, size_t len, cn_charset charset,
                               const cn_text_replace *rep, size_t nrep, cn_tokens *out,
                               cn_error *err)
{
    if (charset == CN_CHARSET_IRAMUTEQ)
        return tokenise_iramuteq(text, len, rep, nrep, out, err);
    return tokenise_unicode(text, len, out, err);
}

int cn_text_tokenise(const char *text, size_t len, cn_charset charset, cn_tokens *out,
                     cn_error *err)
{
    return cn_text_tokenise_replacing(text, len, charset, NULL, 0, out, err);
}

int cn_text_fold(const char *text, size_t len, cn_tokens *buf, size_t *form, size_t *form_len,
                 cn_error *err)
{
    if (normalise(text, 0, len, buf, form_len, err) < 0)
        return -1;
    *form = buf->forms_len;
    buf->forms_len += *form_len + 1;
    return 0;
}

void cn_tokens_reset(cn_tokens *tokens)
{
    tokens->n = 0;
    tokens->forms_len = 0;
}

void cn_tokens_free(cn_tokens *tokens)
{
    free(tokens->t);
    free(tokens->forms);
    memset(tokens, 0, sizeof *tokens);
}
