/* lexicon.c — IRAMUTEQ lexicons (see lexicon.h). Forms are interned as keys (folded, or
 * under --charset iramuteq as IRAMUTEQ keys them); the lemma and POS of form id i are
 * interned strings too, found through two id arrays, which a later line of the form
 * overwrites. */
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
    size_t *first_line;    /* form id -> the line that first gave it */
    uint32_t *lines;       /* form id -> how many lines gave it */
    size_t cap;
    cn_lexicon_duplicates dups;
    uint32_t dup_id[CN_LEXICON_DUPLICATES_SHOWN]; /* the form id of each dups.shown */
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
    free(x->first_line);
    free(x->lines);
    free(x);
}

/* Room for form id `id` in the per-form arrays. */
static int reserve(cn_lexicon *x, uint32_t id, cn_error *err)
{
    if (id < x->cap)
        return 0;
    size_t cap = x->cap ? 2 * x->cap : 4096;
    uint32_t *l = realloc(x->lemma, cap * sizeof *l);
    if (l)
        x->lemma = l;
    uint32_t *p = l ? realloc(x->pos, cap * sizeof *p) : NULL;
    if (p)
        x->pos = p;
    size_t *f = p ? realloc(x->first_line, cap * sizeof *f) : NULL;
    if (f)
        x->first_line = f;
    uint32_t *n = f ? realloc(x->lines, cap * sizeof *n) : NULL;
    if (!n)
        return cn_error_nomem(err);
    x->lines = n;
    x->cap = cap;
    return 0;
}

/* The form cut to fit out[size], never inside a UTF-8 character. */
static void copy_whole(char *out, size_t size, const char *form)
{
    size_t n = strlen(form);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)form[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, form, n);
    out[n] = '\0';
}

/* Form id `id` given again at line `lineno`: counted, and the first few kept for the
 * caller's message (the first time each is repeated). */
static void note_duplicate(cn_lexicon *x, uint32_t id, size_t lineno)
{
    cn_lexicon_duplicates *d = &x->dups;
    if (x->lines[id]++ == 1)
        d->forms++;
    for (size_t i = 0; i < d->nshown; i++)
        if (x->dup_id[i] == id) {
            d->shown[i].last = lineno;
            d->shown[i].lines = x->lines[id];
            return;
        }
    if (d->nshown == CN_LEXICON_DUPLICATES_SHOWN)
        return;
    cn_lexicon_duplicate *s = &d->shown[d->nshown];
    copy_whole(s->form, sizeof s->form, cn_intern_str(x->forms, id));
    s->first = x->first_line[id];
    s->last = lineno;
    s->lines = x->lines[id];
    x->dup_id[d->nshown++] = id;
}

/* The lemma and POS of form id `id`, replacing any earlier line's. */
static int set_entry(cn_lexicon *x, uint32_t id, const char *lemma, const char *pos, cn_error *err)
{
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

/* What reading a lexicon needs besides the lexicon: the charset that says how forms are
 * keyed, and scratch token buffers reused from line to line. */
typedef struct reader {
    cn_charset charset;
    cn_tokens fold;  /* cn_text_fold's */
    cn_tokens clean; /* IRAMUTEQ's cleaning of a form, raw */
} reader;

/* form[0..len) without its '"', in place: ReadDicoAsDico removes them from every line. */
static size_t drop_quotes(char *form, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        if (form[i] != '"')
            form[w++] = form[i];
    return w;
}

/* Whether IRAMUTEQ's cleaning of a text (lowered, its letters only, cut at apostrophes and
 * hyphens) could leave form[0..len) as one word: only such a key can equal a corpus word
 * in IRAMUTEQ's dict. */
static int cleaned_word(reader *r, const char *form, size_t len, bool *word, cn_error *err)
{
    cn_tokens_reset(&r->clean);
    if (cn_text_tokenise(form, len, CN_CHARSET_IRAMUTEQ, &r->clean, err) < 0)
        return -1;
    const cn_token *t = r->clean.t;
    *word = r->clean.n == 1 && t->kind != CN_TOKEN_PUNCT && t->form_len == len &&
            memcmp(r->clean.forms + t->form, form, len) == 0;
    return 0;
}

/* The key form[0..len) is looked up by, into *key and *klen (in r's buffers or form). By
 * default lower-cased as the corpus's forms are. Under --charset iramuteq, as IRAMUTEQ
 * keys it: as written, '"' removed. A key the cleaning could give is then folded as the
 * corpus's words are (which changes none of its letters);
 * any other ("Enfant", "aujourd'hui") stays as written, like no corpus form: it matches
 * nothing, as in IRAMUTEQ, and is no repeat of "enfant". */
static int form_key(reader *r, char *form, size_t len, const char **key, size_t *klen,
                    cn_error *err)
{
    bool fold = true;
    if (r->charset == CN_CHARSET_IRAMUTEQ) {
        len = drop_quotes(form, len);
        if (cleaned_word(r, form, len, &fold, err) < 0)
            return -1;
    }
    if (!fold) {
        *key = form;
        *klen = len;
        return 0;
    }
    size_t off;
    cn_tokens_reset(&r->fold);
    if (cn_text_fold(form, len, &r->fold, &off, klen, err) < 0)
        return -1;
    *key = r->fold.forms + off;
    return 0;
}

/* One line's entry. A form given again takes its new line's lemma and POS: IRAMUTEQ reads
 * the file into a dict, where the last line wins, and a team that corrects an entry by
 * adding a line means the correction. */
static int add_entry(cn_lexicon *x, reader *r, char *form, size_t flen, const char *lemma,
                     const char *pos, size_t lineno, cn_error *err)
{
    const char *key;
    size_t len;
    if (form_key(r, form, flen, &key, &len, err) < 0)
        return -1;
    bool added;
    uint32_t id = cn_intern_add(x->forms, key, len, &added);
    if (id == CN_INTERN_NONE)
        return cn_error_nomem(err);
    if (reserve(x, id, err) < 0)
        return -1;
    if (added) {
        x->first_line[id] = lineno;
        x->lines[id] = 1;
    } else {
        note_duplicate(x, id, lineno);
    }
    return set_entry(x, id, lemma, pos, err);
}

int cn_lexicon_read(const char *path, cn_charset charset, cn_lexicon **out, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    cn_lexicon *x = calloc(1, sizeof *x);
    reader r = {.charset = charset, .clean = {.raw = true}};
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
        if (lineno == 1 && (rc = cn_utf8_check_first_line(err, path, line, (size_t)n)) < 0)
            goto done;
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
        if (add_entry(x, &r, line, (size_t)(tab1 - line), tab1 + 1, pos, lineno, err) < 0) {
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
    cn_tokens_free(&r.fold);
    cn_tokens_free(&r.clean);
    if (rc < 0) {
        cn_lexicon_free(x);
        return rc;
    }
    *out = x;
    return 0;
}

const cn_lexicon_duplicates *cn_lexicon_duplicates_of(const cn_lexicon *x)
{
    return &x->dups;
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
