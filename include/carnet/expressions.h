/* expressions.h — IRAMUTEQ's expressions file (form<TAB>lemma[<TAB>POS]): multi-word units
 * that stand for one occurrence of their lemma. Read here; by default the pipeline matches
 * their words, folded as tokens are, against each text's tokens; under --charset iramuteq
 * the tokeniser replaces their forms as IRAMUTEQ does (the replacements below).
 * cn_expressions_read's table is owned by the caller (cn_expressions_free); errors come
 * back as CN_EINVALID (file and line), CN_ENOTFOUND, CN_EIO or CN_ENOMEM. */
#ifndef CARNET_EXPRESSIONS_H
#define CARNET_EXPRESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/intern.h"
#include "carnet/text.h"

/* The longest lemma an expression may have: the pipeline keys it with the language in a
 * fixed buffer. */
#define CN_EXPRESSION_LEMMA_MAX 500

typedef struct cn_expression {
    uint32_t first, n, words; /* first word id, word count, offset in seq */
    char *form;               /* the form as written in the file */
    char *lemma;
    uint8_t status; /* CN_LEMMA_ACTIVE, _SUPPLEMENTARY or _IGNORED: its POS as IRAMUTEQ reads it */
    size_t line;    /* file order, for a stable sort */
    char *pos;      /* the POS as written, or NULL: the pipeline weighs its case */
} cn_expression;

typedef struct cn_expressions {
    cn_intern *words; /* every word of every form, folded */
    uint32_t *seq;    /* the forms' words, as ids in words, one run per expression */
    cn_expression *v; /* by first word, longest first, then file order */
    size_t n, cap, seq_len, seq_cap;
    /* IRAMUTEQ's step 4: form -> lemma, in reverse code-point order of the form (Python's
     * sort of str, reversed); a form given twice keeps its last line, as a dict does. The
     * strings are those of v. */
    cn_text_replace *replace;
    size_t nreplace;
    cn_intern *lemmas;    /* every lemma, as written */
    uint32_t *lemma_expr; /* lemma id -> index in v of its first line */
} cn_expressions;

/* UTF-8 (a BOM is skipped), LF or CRLF, blank lines skipped; an empty file gives an empty
 * table. A line with no tab, a blank or over-long lemma, a form with no word, a NUL byte
 * or invalid UTF-8 is refused with file and line. */
int cn_expressions_read(const char *path, cn_expressions **out, cn_error *err);
void cn_expressions_free(cn_expressions *x);

/* The index of the first expression whose first word is word, or x->n. */
size_t cn_expressions_first(const cn_expressions *x, uint32_t word);

/* The index of the expression (its first line) whose lemma is s[0..len), or x->n: under
 * --charset iramuteq, a token that reads as a lemma is that expression, as in IRAMUTEQ,
 * where the replaced text is all there is. */
size_t cn_expressions_by_lemma(const cn_expressions *x, const char *s, size_t len);

#endif
