/* langcode.h — the languages Carnet names (those Snowball stems), each by its ISO 639-1
 * code, its ISO 639-2 codes and its English name, and a language as researchers write it
 * (`pt-BR`, `ptbr`, `PT`, `por`, `portuguese`) read as one of them: for the collector, which
 * stores a study's languages, and the analysis (lang.h), which needs a stemmer for each.
 * The table is static: nothing is allocated; errors are CN_EINVALID with a message. */
#ifndef CARNET_LANGCODE_H
#define CARNET_LANGCODE_H

#include <stddef.h>

#include "carnet/error.h"

/* Room for any code written out here, its NUL included. */
#define CN_LANGCODE_MAX 16

typedef struct cn_langcode {
    const char *code;  /* ISO 639-1: what a study stores, and the analysis's key */
    const char *iso3;  /* ISO 639-2/T */
    const char *iso3b; /* ISO 639-2/B when it differs, else NULL */
    const char *name;  /* English, and libstemmer's algorithm name */
} cn_langcode;

/* The languages, *n of them (static). */
const cn_langcode *cn_langcode_table(size_t *n);

/* The language that written names, or NULL: its 639-1 or 639-2 code or English name, in
 * any case, with a region after '-' or '_' (`fr-CA`, `en_GB`) or glued on (`ptbr`); two
 * letters there that are no region (ISO 3166) name no language (`fr_en`, `fren`).
 * Whether a stemmer is linked for it is the analysis's question (lang.h). */
const cn_langcode *cn_langcode_find(const char *written);
/* " ('en' after 'fr' is no region: ...)", the words a refusal of written adds when two
 * letters after its language are no region, else "" (static). */
const char *cn_langcode_region_hint(const char *written);

/* The region written's language is written with, lower-cased into out ("br" of pt-BR,
 * pt_br, ptbr, por_BR), else "": a *lang_ modality keeps it (trial 89: a study of Brazil
 * and Portugal compares pt_BR with pt_PT, as IRAMUTEQ reads them). */
void cn_langcode_region(const char *written, char out[3]);

/* The language as a study stores it, into out: a named language's ISO 639-1 code (`por`,
 * `PT` and `pt-BR` are all `pt`, so one language is one cohort of the export); another
 * 2-letter code lower-cased, since a study may collect diaries in a language that no
 * stemmer knows; "" stays "" (the study's language). Anything else is CN_EINVALID: an
 * unknown 3-letter code too, which could be the same language as a 2-letter one. */
int cn_langcode_for_study(const char *written, char out[CN_LANGCODE_MAX], cn_error *err);

/* What a stored language is exported as: its ISO 639-1 code when it names a language,
 * else itself. A study written before the collector read codes stored `por` and `pt` as
 * two; the export writes both as one. */
const char *cn_langcode_exported(const char *stored);

#endif
