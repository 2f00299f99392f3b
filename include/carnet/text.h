/* text.h — from a block of corpus text to tokens, by IRAMUTEQ's cleaning rules with
 * letters judged by Unicode: words (lower case, NFC), numbers, and the punctuation
 * tokens that segmentation weighs. Each token keeps its byte span in the original text,
 * so a segment can be shown as written. The token array is owned by the caller. */
#ifndef CARNET_TEXT_H
#define CARNET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"

typedef enum cn_token_kind {
    CN_TOKEN_WORD,
    CN_TOKEN_NUMBER, /* only digits: a supplementary form, never active */
    CN_TOKEN_PUNCT,  /* . ? ! : ; , and by default ... (never a form) */
} cn_token_kind;

typedef enum cn_charset {
    CN_CHARSET_UNICODE,  /* any letter or digit of any script (utf8proc categories) */
    CN_CHARSET_IRAMUTEQ, /* IRAMUTEQ's whitelist: ASCII and its accented Latin letters */
} cn_charset;

typedef struct cn_token {
    cn_token_kind kind;
    double weight; /* segmentation weight: sentence end 6, ':' 5, ';' 4, ',' 1, else 0.01 */
    size_t start;  /* byte span in the original text */
    size_t end;
    size_t form; /* normalised form: offset into cn_tokens.forms (NUL-terminated) */
    size_t form_len;
} cn_token;

/* Tokens and their normalised forms; reused from block to block (clear with n = 0 and
 * forms_len = 0), freed with cn_tokens_free. */
typedef struct cn_tokens {
    cn_token *t;
    size_t n, cap;
    char *forms;
    size_t forms_len, forms_cap;
    /* Set by the caller: words are not folded. A word keeps only its span (form_len 0),
     * or under CN_CHARSET_IRAMUTEQ its cleaned spelling (lowered, expressions replaced). */
    bool raw;
    /* Set by the caller for a text in Turkish or Azerbaijani (cn_text_turkic): words are
     * lowered as those languages write them, I to ı and İ to i, where every other lowers I
     * to i (the IRAMUTEQ charset too, as IRAMUTEQ does). */
    bool turkic;
    /* Set by the caller for a text in Romanian (cn_text_romanian): ş and ţ, with a cedilla
     * (the letters older keyboards and fonts give), are lowered to ș and ț, with the comma
     * below the language writes, so that one word is not two lemmas (trial 80). */
    bool romanian;
} cn_tokens;

/* Appends the tokens of text[0..len) (valid UTF-8) to out. Apostrophes and hyphens
 * separate words (l'homme -> l, homme), any other character that is not a letter, a
 * digit or '_' separates words. '…' and '...' are one sentence-end token by default;
 * under CN_CHARSET_IRAMUTEQ they leave no token, as in IRAMUTEQ (reinert-spec.md A.2). */
int cn_text_tokenise(const char *text, size_t len, cn_charset charset, cn_tokens *out,
                     cn_error *err);

/* One of IRAMUTEQ's expression replacements (A.2 step 4): key becomes value. */
typedef struct cn_text_replace {
    const char *key, *value; /* NUL-terminated UTF-8 */
} cn_text_replace;

/* cn_text_tokenise; under CN_CHARSET_IRAMUTEQ the replacements rep[0..nrep) are applied in
 * that order to the cleaned text (after A.2 steps 1-3, before ' and - separate), each as a
 * plain substring, inside words too, on the text the previous ones left. A word made or
 * changed by a replacement spans the whole text its key matched. The default mode ignores
 * them: the pipeline glues whole words there. */
int cn_text_tokenise_replacing(const char *text, size_t len, cn_charset charset,
                               const cn_text_replace *rep, size_t nrep, cn_tokens *out,
                               cn_error *err);

/* Appends the lower-case NFC form of text[0..len) to buf->forms (at *form, *form_len
 * bytes): what cn_text_tokenise does to each word, for callers that tokenise raw. */
int cn_text_fold(const char *text, size_t len, cn_tokens *buf, size_t *form, size_t *form_len,
                 cn_error *err);

/* Whether texts in language code lower I to ı (Turkish "tr", Azerbaijani "az"): "Işık" at
 * a sentence's start and "ışık" are one word there, not two forms (trial 71). */
bool cn_text_turkic(const char *code);
/* Whether texts in language code write s and t with a comma below ("ro"). */
bool cn_text_romanian(const char *code);
/* Sets t's letters for words of language lang (NULL: none): turkic for Turkish and
 * Azerbaijani; romanian for Romanian, except under --charset iramuteq, which reads letters
 * as IRAMUTEQ does. The one place the pipeline, its chunks and kwic's query set them. */
void cn_tokens_set_language(cn_tokens *t, const char *lang, cn_charset charset);

/* Forgets the tokens, keeps the memory for the next block. */
void cn_tokens_reset(cn_tokens *tokens);
void cn_tokens_free(cn_tokens *tokens);

#endif
