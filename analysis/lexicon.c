/* lexicon.c — IRAMUTEQ lexicons (see lexicon.h). Forms are interned after folding; the
 * lemma and POS of form id i are interned strings too, found through two id arrays. */
#include "carnet/lexicon.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "carnet/intern.h"
#include "carnet/text.h"
#include "carnet/utf8.h"

struct cn_lexicon {
    cn_intern *forms, *strings;
    uint32_t *lemma, *pos; /* form id -> string id */
    size_t cap;
};

static const char *const active_pos[] = {"adj", "adv", "nom", "ver", "nr"};
static const char *const supplementary_pos[] = {
    "art_def", "art_ind", "pre",     "con",     "adj_dem", "adj_ind", "adj_int", "adj_num",
    "adj_pos", "adj_sup", "adv_sup", "nom_sup", "ver_sup", "aux",     "ono",     "pro_per",
    "pro_ind", "pro_dem", "pro_pos", "pro_rel", "pro",     "num",     "sw"};

int cn_lexicon_pos_status(const char *pos)
{
    for (size_t i = 0; i < sizeof active_pos / sizeof *active_pos; i++)
        if (strcmp(pos, active_pos[i]) == 0)
            return CN_POS_ACTIVE;
    for (size_t i = 0; i < sizeof supplementary_pos / sizeof *supplementary_pos; i++)
        if (strcmp(pos, supplementary_pos[i]) == 0)
            return CN_POS_SUPPLEMENTARY;
    return CN_POS_IGNORED;
}

void cn_lexicon_free(cn_lexicon *x)
{
    if (!x)
        return;
    cn_intern_free(x->forms);
    cn_intern_free(x->strings);
    free(x->lemma);
    free(x->pos);
    free(x);
}

static int add_entry(cn_lexicon *x, const char *form, size_t flen, const char *lemma,
                     const char *pos, cn_tokens *fold, cn_error *err)
{
    size_t off, len;
    cn_tokens_reset(fold);
    if (cn_text_fold(form, flen, fold, &off, &len, err) < 0)
        return -1;
    bool added;
    uint32_t id = cn_intern_add(x->forms, fold->forms + off, len, &added);
    if (id == CN_INTERN_NONE)
        return cn_error_nomem(err);
    if (!added)
        return 0; /* the first line of a form wins */
    if (id >= x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 4096;
        uint32_t *l = realloc(x->lemma, cap * sizeof *l);
        if (!l)
            return cn_error_nomem(err);
        x->lemma = l;
        uint32_t *p = realloc(x->pos, cap * sizeof *p);
        if (!p)
            return cn_error_nomem(err);
        x->pos = p;
        x->cap = cap;
    }
    /* NFC, as the forms are: a Mac's decomposed "mère" would be a second lemma shown as
     * the first (trial 38); the case stays as the lexicon writes it */
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)lemma);
    if (!nfc)
        return cn_error_nomem(err);
    x->lemma[id] = cn_intern_add(x->strings, nfc, strlen(nfc), NULL);
    free(nfc);
    x->pos[id] = cn_intern_add(x->strings, pos, strlen(pos), NULL);
    if (x->lemma[id] == CN_INTERN_NONE || x->pos[id] == CN_INTERN_NONE)
        return cn_error_nomem(err);
    return 0;
}

int cn_lexicon_read(const char *path, cn_lexicon **out, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    cn_lexicon *x = calloc(1, sizeof *x);
    cn_tokens fold = {0};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = -1;
    if (!x || !(x->forms = cn_intern_new()) || !(x->strings = cn_intern_new())) {
        rc = cn_error_nomem(err);
        goto done;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        const char *wide = lineno == 1 ? cn_utf8_wide(line, (size_t)n) : NULL;
        if (wide) {
            rc = cn_utf8_refuse_wide(err, path, wide);
            goto done;
        }
        if (memchr(line, '\0', (size_t)n)) {
            rc = cn_error_code(err, CN_EINVALID, "%s:%zu: NUL byte", path, lineno);
            goto done;
        }
        size_t bom = lineno == 1 ? cn_utf8_bom(line, (size_t)n) : 0;
        if (bom) {
            memmove(line, line + bom, (size_t)n - bom + 1);
            n -= (ssize_t)bom;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        size_t bad;
        if (!cn_utf8_valid(line, (size_t)n, &bad)) {
            rc = cn_utf8_refuse(err, path, lineno, bad + 1);
            goto done;
        }
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab1 || !tab2 || tab1 == line || tab2 == tab1 + 1) {
            rc = cn_error_code(err, CN_EINVALID, "%s:%zu: expected form<TAB>lemma<TAB>POS", path,
                               lineno);
            goto done;
        }
        *tab1 = *tab2 = '\0';
        char *pos = tab2 + 1, *end = strchr(pos, '\t');
        if (end)
            *end = '\0';
        if (!*pos) {
            rc = cn_error_code(err, CN_EINVALID, "%s:%zu: the POS is missing", path, lineno);
            goto done;
        }
        if (add_entry(x, line, (size_t)(tab1 - line), tab1 + 1, pos, &fold, err) < 0) {
            rc = cn_error_prefix(err, "%s:%zu", path, lineno);
            goto done;
        }
    }
    if (ferror(f)) {
        rc = cn_error_code(err, CN_EIO, "%s: read error", path);
        goto done;
    }
    if (cn_intern_count(x->forms) == 0) {
        rc = cn_error_code(err, CN_EEMPTY, "%s: no entry", path);
        goto done;
    }
    rc = 0;
done:
    free(line);
    fclose(f);
    cn_tokens_free(&fold);
    if (rc < 0) {
        cn_lexicon_free(x);
        return rc;
    }
    *out = x;
    return 0;
}

int cn_lexicon_find(const cn_lexicon *x, const char *form, size_t len, const char **lemma,
                    const char **pos)
{
    uint32_t id = cn_intern_find(x->forms, form, len);
    if (id == CN_INTERN_NONE)
        return 0;
    *lemma = cn_intern_str(x->strings, x->lemma[id]);
    *pos = cn_intern_str(x->strings, x->pos[id]);
    return 1;
}
