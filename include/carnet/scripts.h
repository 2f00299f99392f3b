/* scripts.h — the writing system of a text's letters, told from a sample of it: a text read
 * in a language written in another script (Chinese or Russian read as French, the default)
 * or written without spaces between words (Chinese, Japanese, Thai) would be stemmed with
 * the wrong rules, or counted as one "word" per clause, without a word said (trial 80).
 * Pure functions on the caller's text; nothing allocated, nothing fails. */
#ifndef CARNET_SCRIPTS_H
#define CARNET_SCRIPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cn_script {
    CN_SCRIPT_NONE, /* not a letter, or a script not told apart here */
    CN_SCRIPT_LATIN,
    CN_SCRIPT_GREEK,
    CN_SCRIPT_CYRILLIC,
    CN_SCRIPT_ARMENIAN,
    CN_SCRIPT_HEBREW,
    CN_SCRIPT_ARABIC,
    CN_SCRIPT_DEVANAGARI,
    CN_SCRIPT_THAI,
    CN_SCRIPT_LAO,
    CN_SCRIPT_KHMER,
    CN_SCRIPT_MYANMAR,
    CN_SCRIPT_HANGUL,
    CN_SCRIPT_KANA,
    CN_SCRIPT_HAN,
    CN_SCRIPT_COUNT
} cn_script;

/* The script of code point cp (its Unicode block), CN_SCRIPT_NONE for others. */
cn_script cn_script_of(uint32_t cp);
/* "Latin", "Han", ... */
const char *cn_script_name(cn_script s);
/* Whether the script is written without spaces between words. */
bool cn_script_unspaced(cn_script s);
/* Whether language code lang (ISO 639-1) is written in script s; true for a language not
 * known here (nothing is said of it). */
bool cn_script_writes(const char *lang, cn_script s);

/* What a sample of a text shows: its letters by script (all: of every script told apart),
 * and the runs of letters and marks of the scripts written without spaces (their words, as
 * the tokeniser cuts them at spaces and punctuation); left: the bytes it still reads. */
typedef struct cn_script_sample {
    uint32_t letters[CN_SCRIPT_COUNT];
    uint32_t all;
    uint32_t unspaced_runs;
    size_t left;
} cn_script_sample;

/* A sample of max bytes at most, empty; then each part of a text (its blocks) added in
 * order, text[0..len) in UTF-8 (an invalid sequence, or one the sample's end cuts, is
 * skipped), until the max bytes are read. */
void cn_script_sample_start(cn_script_sample *s, size_t max);
void cn_script_sample_add(cn_script_sample *s, const char *text, size_t len);

#endif
