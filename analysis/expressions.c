/* expressions.c — IRAMUTEQ's expressions file read into a table sorted for matching (see
 * expressions.h). */
#include "carnet/expressions.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"
#include "carnet/lexicon.h"
#include "carnet/pipeline.h"
#include "carnet/text.h"
#include "carnet/utf8.h"

static int by_first_longest(const void *x, const void *y)
{
    const cn_expression *a = x, *b = y;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* One line of an expressions file, its line ending removed: splits it at its tabs into
 * form, lemma and POS ("" when absent), or refuses it with file and line. */
static int split_line(const char *path, size_t lineno, char *line, size_t n, char **lemma,
                      const char **pos, cn_error *err)
{
    size_t bad;
    if (memchr(line, '\0', n))
        return cn_error_code(err, CN_EINVALID, "%s:%zu: NUL byte", path, lineno);
    if (!cn_utf8_valid(line, n, &bad))
        return cn_utf8_refuse(err, path, lineno, bad + 1);
    char *tab1 = strchr(line, '\t');
    if (!tab1 || tab1 == line || !tab1[1] || tab1[1] == '\t')
        return cn_error_code(err, CN_EINVALID, "%s:%zu: expected form<TAB>lemma", path, lineno);
    char *tab2 = strchr(tab1 + 1, '\t');
    *tab1 = '\0';
    if (tab2) {
        *tab2 = '\0';
        char *posend = strchr(tab2 + 1, '\t');
        if (posend)
            *posend = '\0';
    }
    *lemma = tab1 + 1;
    *pos = tab2 ? tab2 + 1 : "";
    if (strspn(*lemma, " \r") == strlen(*lemma))
        return cn_error_code(err, CN_EINVALID, "%s:%zu: the lemma is blank", path, lineno);
    if (strlen(*lemma) > CN_EXPRESSION_LEMMA_MAX)
        return cn_error_code(err, CN_EINVALID, "%s:%zu: lemma longer than %d bytes", path, lineno,
                             CN_EXPRESSION_LEMMA_MAX);
    return 0;
}

/* Adds the expression of one line: the form's words (punctuation dropped) in expr_seq. */
static int add_expression(cn_expressions *x, const char *path, size_t lineno, const char *form,
                          const char *lemma, const char *pos, cn_tokens *toks, cn_error *err)
{
    cn_tokens_reset(toks);
    if (cn_text_tokenise(form, strlen(form), CN_CHARSET_UNICODE, toks, err) < 0)
        return cn_error_prefix(err, "%s:%zu", path, lineno);
    size_t words = 0;
    for (size_t k = 0; k < toks->n; k++)
        words += toks->t[k].kind != CN_TOKEN_PUNCT;
    if (words == 0)
        return cn_error_code(err, CN_EINVALID, "%s:%zu: the form '%.40s' holds no word", path,
                             lineno, form);
    if (words > UINT32_MAX || x->seq_len + words > UINT32_MAX ||
        cn_grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0 ||
        cn_grow((void **)&x->seq, &x->seq_cap, x->seq_len + words, sizeof *x->seq) < 0)
        return cn_error_nomem(err);
    cn_expression e = {0, 0, (uint32_t)x->seq_len, NULL, NULL, CN_LEMMA_ACTIVE, lineno, NULL};
    if (*pos) {
        int ps = cn_lexicon_pos_status(pos);
        e.status = ps == CN_POS_ACTIVE          ? CN_LEMMA_ACTIVE
                   : ps == CN_POS_SUPPLEMENTARY ? CN_LEMMA_SUPPLEMENTARY
                                                : CN_LEMMA_IGNORED;
    }
    for (size_t k = 0; k < toks->n; k++) {
        if (toks->t[k].kind == CN_TOKEN_PUNCT)
            continue;
        uint32_t w =
            cn_intern_add(x->words, toks->forms + toks->t[k].form, toks->t[k].form_len, NULL);
        if (w == CN_INTERN_NONE)
            return cn_error_nomem(err);
        x->seq[x->seq_len + e.n++] = w;
    }
    if (!(e.lemma = strdup(lemma)) || !(e.form = strdup(form)) ||
        (*pos && !(e.pos = strdup(pos)))) {
        free(e.lemma);
        free(e.form);
        return cn_error_nomem(err);
    }
    e.first = x->seq[x->seq_len];
    x->seq_len += e.n;
    x->v[x->n++] = e;
    return 0;
}

/* Reverse code-point order of the forms (strcmp compares bytes as unsigned char, and
 * UTF-8's byte order is its code points' order); of one form, the last line first. */
static int by_form_reversed(const void *x, const void *y)
{
    const cn_expression *a = *(const cn_expression *const *)x,
                        *b = *(const cn_expression *const *)y;
    int c = strcmp(b->form, a->form);
    if (c)
        return c;
    return (a->line < b->line) - (a->line > b->line);
}

/* The replacements of IRAMUTEQ's step 4, and each lemma's first line. */
static int index_for_iramuteq(cn_expressions *x)
{
    const cn_expression **by = malloc((x->n + 1) * sizeof *by);
    x->replace = malloc((x->n + 1) * sizeof *x->replace);
    x->lemmas = cn_intern_new();
    x->lemma_expr = malloc((x->n + 1) * sizeof *x->lemma_expr);
    if (!by || !x->replace || !x->lemmas || !x->lemma_expr) {
        free(by);
        return -1;
    }
    for (size_t i = 0; i < x->n; i++) {
        by[i] = &x->v[i];
        bool added;
        uint32_t l = cn_intern_add(x->lemmas, x->v[i].lemma, strlen(x->v[i].lemma), &added);
        if (l == CN_INTERN_NONE) {
            free(by);
            return -1;
        }
        if (added || x->v[i].line < x->v[x->lemma_expr[l]].line)
            x->lemma_expr[l] = (uint32_t)i;
    }
    if (x->n > 1)
        qsort(by, x->n, sizeof *by, by_form_reversed);
    for (size_t i = 0; i < x->n; i++)
        if (i == 0 || strcmp(by[i]->form, by[i - 1]->form) != 0)
            x->replace[x->nreplace++] = (cn_text_replace){by[i]->form, by[i]->lemma};
    free(by);
    return 0;
}

/* IRAMUTEQ's expression files: form<TAB>lemma[<TAB>POS...]; the form's words, folded as
 * tokens are, become one occurrence of the lemma wherever they follow each other. UTF-8
 * (a BOM is skipped), LF or CRLF, blank lines skipped; an empty file adds nothing. */
int cn_expressions_read(const char *path, cn_expressions **out, cn_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    cn_expressions *x = calloc(1, sizeof *x);
    if (!x || !(x->words = cn_intern_new())) {
        free(x);
        fclose(f);
        return cn_error_nomem(err);
    }
    cn_tokens toks = {0};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *start = line;
        if (lineno == 1 && (rc = cn_utf8_check_first_line(err, path, line, (size_t)n)) < 0)
            break;
        if (lineno == 1 && cn_utf8_bom(line, (size_t)n)) {
            start += 3; /* a BOM, as Notepad writes it */
            n -= 3;
        }
        while (n > 0 && (start[n - 1] == '\n' || start[n - 1] == '\r'))
            start[--n] = '\0';
        if (n == 0)
            continue;
        char *lemma = NULL;
        const char *pos = "";
        rc = split_line(path, lineno, start, (size_t)n, &lemma, &pos, err);
        if (rc == 0)
            rc = add_expression(x, path, lineno, start, lemma, pos, &toks, err);
    }
    free(line);
    if (rc == 0 && ferror(f))
        rc = cn_error_code(err, CN_EIO, "%s: read error", path);
    fclose(f);
    cn_tokens_free(&toks);
    if (rc < 0) {
        cn_expressions_free(x);
        return rc;
    }
    if (x->n > 1) /* qsort wants an array, even of nothing */
        qsort(x->v, x->n, sizeof *x->v, by_first_longest);
    if (index_for_iramuteq(x) < 0) {
        cn_expressions_free(x);
        return cn_error_nomem(err);
    }
    *out = x;
    return 0;
}

void cn_expressions_free(cn_expressions *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        free(x->v[i].form);
        free(x->v[i].lemma);
        free(x->v[i].pos);
    }
    free(x->v);
    free(x->replace);
    cn_intern_free(x->lemmas);
    free(x->lemma_expr);
    free(x->seq);
    cn_intern_free(x->words);
    free(x);
}

size_t cn_expressions_first(const cn_expressions *x, uint32_t word)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->v[mid].first < word)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t cn_expressions_by_lemma(const cn_expressions *x, const char *s, size_t len)
{
    uint32_t l = cn_intern_find(x->lemmas, s, len);
    return l == CN_INTERN_NONE ? x->n : x->lemma_expr[l];
}
