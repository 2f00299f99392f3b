/* lang.h — a language as researchers write it (`pt-BR`, `ptbr`, `PT`, `en_GB`, `english`)
 * made into the one code the stemmers and stop lists are keyed by (`pt`, `en`), for
 * --lang and *lang_ stars alike. Nothing is allocated; 0 or CN_EINVALID with a message. */
#ifndef CARNET_LANG_H
#define CARNET_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/langcode.h"

/* Room for any code cn_lang_normalise writes, its NUL included. */
#define CN_LANG_CODE_MAX CN_LANGCODE_MAX

/* The ISO 639-1 code of the language that code names, into out: the code itself in any
 * case (`FR`), a region after '-' or '_' (`fr-CA`, `en_GB`) or glued on (`ptbr`), a
 * 3-letter code (`por`) or the English name (`portuguese`): cn_langcode_find. Only
 * languages the linked Snowball library can stem are known; any other is CN_EINVALID, "unknown
 * language 'xx' (known: ar, ca, ...)", for the caller to prefix with where the code came from. */
int cn_lang_normalise(const char *code, char out[CN_LANG_CODE_MAX], cn_error *err);

/* cn_lang_normalise, or for a run whose lemmas come from a lexicon (--lexicon), which needs
 * no stemmer, the same with any other ISO 639-1 code (`pl`, `PL`) known too, as itself. */
int cn_lang_normalise_for(const char *code, bool lexicon, char out[CN_LANG_CODE_MAX],
                          cn_error *err);

/* The known codes, ", "-separated, into buf (cut to size): what an error lists. */
void cn_lang_known(char *buf, size_t size);

/* The codes of the *lang_ values that cn_lang_normalise reads among the n texts of c
 * numbered in texts (a run's kept texts), each once in corpus order, ","-separated into buf
 * (cut to size, whole codes only): the --where lang= that keeps every text a run can read
 * when another's language cannot be ("" when none is read). False, buf "", when a text has
 * no *lang_ star: --where cannot keep it by its language. */
bool cn_lang_readable(const cn_corpus *c, const uint32_t *texts, size_t n, char *buf, size_t size);

#endif
