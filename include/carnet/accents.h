/* accents.h — one spelling for words that differ only by accents or case ("Être", "être",
 * "etre"): what --fold-accents merges and what the corpus statistics look for. The
 * folded copy is the caller's (free); 0 or CN_EINVALID / CN_ENOMEM with a message. */
#ifndef CARNET_ACCENTS_H
#define CARNET_ACCENTS_H

#include <stddef.h>

#include "carnet/error.h"

/* s[0..len) (valid UTF-8) case-folded, without the combining marks over Latin, Greek and
 * Cyrillic letters, in NFC: "Ça" -> "ca", "même" -> "meme", "Ёлка" -> "елка". Marks of
 * other scripts stay: in Devanagari or Tamil a mark is a vowel, not an accent. *out is
 * NUL-terminated, *out_len bytes. */
int cn_accents_fold(const char *s, size_t len, char **out, size_t *out_len, cn_error *err);

/* cn_accents_fold through utf8proc whatever the characters: what the faster paths for
 * ASCII and Latin letters must give (the tests compare them). */
int cn_accents_fold_unicode(const char *s, size_t len, char **out, size_t *out_len, cn_error *err);

#endif
