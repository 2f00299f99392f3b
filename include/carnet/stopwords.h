/* stopwords.h — stop lists that mark forms as supplementary: the project's own lists for
 * fr, en, it, pt, es, de (embedded in the binary at build time) and user files.
 * A cn_stopwords set is owned by the caller (cn_stopwords_free); 0 or a negative cn_code
 * with a message. */
#ifndef CARNET_STOPWORDS_H
#define CARNET_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"

/* An embedded list: one form per line, '#' comments. Table ends with {NULL, NULL}. */
typedef struct cn_stoplist {
    const char *lang;
    const char *text;
} cn_stoplist;
extern const cn_stoplist cn_stoplists[];

typedef struct cn_stopwords cn_stopwords;

cn_stopwords *cn_stopwords_new(void);
void cn_stopwords_free(cn_stopwords *set);

/* From now on, forms are added without their accents (accents.h), for a pipeline that
 * folds its forms (--fold-accents): "même" then matches "meme" as well. Call it before
 * adding any list. */
void cn_stopwords_fold_accents(cn_stopwords *set);

/* Adds the embedded list of lang; returns 1 when there is none for that language. */
int cn_stopwords_add_lang(cn_stopwords *set, const char *lang, cn_error *err);
/* Adds a user file (UTF-8, one form per line, '#' comments) for every language, each form
 * folded as the corpus's are ("Patron" stops "patron"). A BOM is skipped, blank lines too;
 * a NUL byte or invalid UTF-8 is CN_EINVALID with "FILE:LINE"; an empty file adds
 * nothing; forms over 250 bytes can match no token. */
int cn_stopwords_add_file(cn_stopwords *set, const char *path, cn_error *err);

/* True when form (normalised) is a stop word in lang or in a user list. */
bool cn_stopwords_has(const cn_stopwords *set, const char *lang, const char *form, size_t len);

/* The lists among the first n of cn_stoplists (n <= 8, all added to set) that hold form,
 * as bits: bit k for cn_stoplists[k]. Reads set only: threads may share it. */
unsigned cn_stopwords_langs(const cn_stopwords *set, size_t n, const char *form, size_t len);

#endif
