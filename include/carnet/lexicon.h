/* lexicon.h — an IRAMUTEQ-format lexicon (form<TAB>lemma<TAB>POS per line): lemmas and
 * parts of speech instead of stems, and IRAMUTEQ's table of which POS are active.
 * A cn_lexicon is owned by the caller (cn_lexicon_free); 0 or a negative cn_code with
 * "FILE:LINE: ..." (CN_EINVALID for a malformed line, CN_EEMPTY for a file with no entry). */
#ifndef CARNET_LEXICON_H
#define CARNET_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/text.h"

typedef struct cn_lexicon cn_lexicon;

/* Forms given on more than one line: IRAMUTEQ reads a lexicon into a Python dict, so the
 * last line of a form wins there, and its own dictionaries repeat forms: they are read,
 * the last line winning too, and counted so that the caller can say so. */
#define CN_LEXICON_DUPLICATES_SHOWN 5
typedef struct cn_lexicon_duplicate {
    char form[64];      /* the form as looked up (its key), cut whole */
    size_t first, last; /* its first and last line (last: the one used) */
    uint32_t lines;     /* the lines that give it */
} cn_lexicon_duplicate;
typedef struct cn_lexicon_duplicates {
    size_t forms;                                            /* forms given on more than one line */
    cn_lexicon_duplicate shown[CN_LEXICON_DUPLICATES_SHOWN]; /* the first of them, by the
                                                                line that repeats them */
    size_t nshown;
} cn_lexicon_duplicates;

/* How a form is matched with the corpus's forms (the cleaned words, cn_text_fold) depends on
 * charset. CN_CHARSET_UNICODE: it is lower-cased as tokens are, so it matches whatever the
 * text's case, and "Enfant" and "enfant" are one form given twice. CN_CHARSET_IRAMUTEQ: as
 * in IRAMUTEQ (functions.py ReadDicoAsDico, corpus.py add_word) it is a key as written,
 * its '"' removed, compared with the lowered corpus word: "Enfant" matches nothing and is
 * another form than "enfant". When a form is given twice, its last line wins, as in
 * IRAMUTEQ. UTF-8 (a BOM is skipped), LF or CRLF, the last line with or without its
 * newline; blank lines are skipped; a NUL byte, invalid UTF-8 or a line without form,
 * lemma and POS is refused. */
int cn_lexicon_read(const char *path, cn_charset charset, cn_lexicon **out, cn_error *err);
void cn_lexicon_free(cn_lexicon *lexicon);

/* The forms the file gave on more than one line (owned by the lexicon). */
const cn_lexicon_duplicates *cn_lexicon_duplicates_of(const cn_lexicon *lexicon);

/* 1 and the lemma and POS (owned by the lexicon) when form is listed, 0 when it is not. */
int cn_lexicon_find(const cn_lexicon *lexicon, const char *form, size_t len, const char **lemma,
                    const char **pos);

enum { CN_POS_IGNORED = 0, CN_POS_ACTIVE = 1, CN_POS_SUPPLEMENTARY = 2 };

/* IRAMUTEQ's key.cfg (reinert-spec.md B.1): adj, adv, nom, ver, nr are active; articles,
 * prepositions, conjunctions, pronouns, auxiliaries, numbers, sw ... supplementary; any
 * other POS is ignored. */
int cn_lexicon_pos_status(const char *pos);

#endif
