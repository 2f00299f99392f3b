/* text.c — tokenising corpus text (see text.h and reinert-spec.md A.2).
 *
 * IRAMUTEQ lowercases, spaces out punctuation, replaces every character outside a Latin
 * whitelist by a space, then splits elisions and hyphens. We scan the original text once,
 * code point by code point, deciding for each whether it continues a word, is a
 * punctuation token or separates: the same tokens, any script, and byte spans back into
 * the text as written. */
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

typedef enum { C_WORD, C_DIGIT, C_PUNCT, C_SEP } char_class;

static char_class classify(utf8proc_int32_t cp, cn_charset charset, double *weight)
{
    switch (cp) {
    case '.':
    case '?':
    case '!':
    case 0x2026: /* … */
        *weight = 6;
        return C_PUNCT;
    case ':':
        *weight = 5;
        return C_PUNCT;
    case ';':
        *weight = 4;
        return C_PUNCT;
    case ',':
        *weight = 1;
        return C_PUNCT;
    case '_':
        return C_WORD;
    default:
        break;
    }
    if (cp < 0x80) /* ASCII, most of any corpus: no table lookup */
        return (cp >= '0' && cp <= '9')                                 ? C_DIGIT
               : ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) ? C_WORD
                                                                        : C_SEP;
    if (charset == CN_CHARSET_IRAMUTEQ) {
        if (!in_whitelist(cp))
            return C_SEP;
        return cp >= '0' && cp <= '9' ? C_DIGIT : C_WORD;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
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

/* Appends the case-folded NFC form of text[start..end) to out->forms; "œ" becomes "oe" as
 * in IRAMUTEQ. ASCII words, most of any corpus, are lowered without utf8proc. */
static int normalise(const char *text, size_t start, size_t end, cn_tokens *out, size_t *len,
                     cn_error *err)
{
    bool ascii = true;
    for (size_t i = start; i < end && ascii; i++)
        ascii = (unsigned char)text[i] < 0x80;
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
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)text + start, (utf8proc_ssize_t)(end - start),
                     &folded, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0)
        return cn_error_set(err, "cannot normalise the text at byte %zu", start);
    char *s = (char *)folded;
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

int cn_text_tokenise(const char *text, size_t len, cn_charset charset, cn_tokens *out,
                     cn_error *err)
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
        char_class c = classify(cp, charset, &weight);
        if (c == C_WORD || c == C_DIGIT) {
            if (!in_word) {
                in_word = true;
                word_start = i;
                digits_only = true;
            }
            digits_only = digits_only && c == C_DIGIT;
            i += (size_t)n;
            continue;
        }
        if (in_word) {
            in_word = false;
            if (end_word(text, word_start, i, digits_only, out, err) < 0)
                return -1;
        }
        if (c == C_PUNCT) {
            size_t end = i + (size_t)n;
            /* "..." is one sentence-end token, like "…" */
            if (cp == '.' && i + 3 <= len && memcmp(text + i, "...", 3) == 0)
                end = i + 3;
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
