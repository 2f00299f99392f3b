/* expressions.h — IRAMUTEQ's expressions file (form<TAB>lemma[<TAB>POS]): multi-word units
 * whose words, folded as tokens are, stand for one occurrence of their lemma. Read here,
 * matched by the pipeline against each text's tokens.
 * cn_expressions_read's table is owned by the caller (cn_expressions_free); errors come
 * back as CN_EINVALID (file and line), CN_ENOTFOUND, CN_EIO or CN_ENOMEM. */
#ifndef CARNET_EXPRESSIONS_H
#define CARNET_EXPRESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/intern.h"

/* The longest lemma an expression may have: the pipeline keys it with the language in a
 * fixed buffer. */
#define CN_EXPRESSION_LEMMA_MAX 500

typedef struct cn_expression {
    uint32_t first, n, words; /* first word id, word count, offset in seq */
    char *lemma;
    uint8_t status; /* CN_LEMMA_ACTIVE, _SUPPLEMENTARY or _IGNORED (its POS, if given) */
    size_t line;    /* file order, for a stable sort */
} cn_expression;

typedef struct cn_expressions {
    cn_intern *words; /* every word of every form, folded */
    uint32_t *seq;    /* the forms' words, as ids in words, one run per expression */
    cn_expression *v; /* by first word, longest first, then file order */
    size_t n, cap, seq_len, seq_cap;
} cn_expressions;

/* UTF-8 (a BOM is skipped), LF or CRLF, blank lines skipped; an empty file gives an empty
 * table. A line with no tab, a blank or over-long lemma, a form with no word, a NUL byte
 * or invalid UTF-8 is refused with file and line. */
int cn_expressions_read(const char *path, cn_expressions **out, cn_error *err);
void cn_expressions_free(cn_expressions *x);

/* The index of the first expression whose first word is word, or x->n. */
size_t cn_expressions_first(const cn_expressions *x, uint32_t word);

#endif
