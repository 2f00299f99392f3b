/* stopwords.c — stop lists (see stopwords.h). Keys are "lang\x1fform" in one interned
 * table; user lists use the language "*". */
#include "carnet/stopwords.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/accents.h"
#include "carnet/grow.h"
#include "carnet/intern.h"
#include "carnet/text.h"
#include "carnet/utf8.h"

struct cn_stopwords {
    cn_intern *keys;
    /* each form of an embedded list's language, and those languages as bits (bit k:
     * cn_stoplists[k]): cn_stopwords_langs looks a form up once, not once per list */
    cn_intern *forms;
    uint8_t *langs;
    size_t langs_cap;
    bool fold;      /* forms are added folded (cn_stopwords_fold_accents) */
    bool any_users; /* a user list added a form: "*" keys are worth looking up */
};

cn_stopwords *cn_stopwords_new(void)
{
    cn_stopwords *s = calloc(1, sizeof *s);
    if (s && (!(s->keys = cn_intern_new()) || !(s->forms = cn_intern_new()))) {
        cn_stopwords_free(s);
        return NULL;
    }
    return s;
}

void cn_stopwords_free(cn_stopwords *s)
{
    if (!s)
        return;
    cn_intern_free(s->keys);
    cn_intern_free(s->forms);
    free(s->langs);
    free(s);
}

void cn_stopwords_fold_accents(cn_stopwords *s)
{
    s->fold = true;
}

static int add_key(cn_stopwords *s, const char *lang, const char *form, size_t len, cn_error *err)
{
    char key[256];
    size_t n = cn_intern_join(key, sizeof key, lang, form, len);
    if (n >= sizeof key)
        return 0; /* longer than any word: cannot match a token anyway */
    if (cn_intern_add(s->keys, key, n, NULL) == CN_INTERN_NONE)
        return cn_error_nomem(err);
    s->any_users |= strcmp(lang, "*") == 0;
    for (unsigned k = 0; k < 8 && cn_stoplists[k].lang; k++)
        if (strcmp(lang, cn_stoplists[k].lang) == 0) {
            uint32_t id = cn_intern_add(s->forms, form, len, NULL);
            if (id == CN_INTERN_NONE ||
                cn_grow((void **)&s->langs, &s->langs_cap, (size_t)id + 1, sizeof *s->langs) < 0)
                return cn_error_nomem(err);
            s->langs[id] |= (uint8_t)(1u << k);
        }
    return 0;
}

static int add(cn_stopwords *s, const char *lang, const char *form, size_t len, cn_error *err)
{
    if (!s->fold)
        return add_key(s, lang, form, len, err);
    char *plain;
    size_t plen;
    if (cn_accents_fold(form, len, &plain, &plen, err) < 0)
        return -1;
    int rc = add_key(s, lang, plain, plen, err);
    free(plain);
    return rc;
}

/* A user's word as the corpus's forms are: lower case, NFC (cn_text_fold). "Patron" or a
 * Mac's decomposed "mère" would otherwise stop nothing, without a word (trial 38); the
 * embedded lists are written so. */
static int add_folded(cn_stopwords *s, const char *lang, const char *word, size_t len,
                      cn_error *err)
{
    cn_tokens buf = {0};
    size_t at, n;
    int rc = cn_text_fold(word, len, &buf, &at, &n, err);
    if (rc == 0)
        rc = add(s, lang, buf.forms + at, n, err);
    cn_tokens_free(&buf);
    return rc;
}

/* Adds each line of text (trimmed; blank and '#' lines skipped), folded when fold. */
static int add_lines(cn_stopwords *s, const char *lang, const char *text, bool fold, cn_error *err)
{
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        size_t a = 0, b = len;
        while (a < b && (line[a] == ' ' || line[a] == '\t' || line[a] == '\r'))
            a++;
        while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r'))
            b--;
        if (b > a && line[a] != '#' &&
            (fold ? add_folded(s, lang, line + a, b - a, err)
                  : add(s, lang, line + a, b - a, err)) < 0)
            return -1;
        line += len + (line[len] == '\n');
    }
    return 0;
}

int cn_stopwords_add_lang(cn_stopwords *s, const char *lang, cn_error *err)
{
    for (const cn_stoplist *l = cn_stoplists; l->lang; l++)
        if (strcmp(l->lang, lang) == 0)
            return add_lines(s, lang, l->text, false, err);
    return 1;
}

int cn_stopwords_add_file(cn_stopwords *s, const char *path, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        const char *start = line;
        if (lineno == 1 && (rc = cn_utf8_check_first_line(err, path, line, (size_t)n)) < 0)
            break;
        if (lineno == 1 && cn_utf8_bom(line, (size_t)n)) {
            start += 3; /* a BOM, as Notepad writes it */
            n -= 3;
        }
        size_t bad;
        /* add_lines stops at a NUL: the rest of the line would be lost without a word */
        if (memchr(start, '\0', (size_t)n))
            rc = cn_error_code(err, CN_EINVALID, "%s:%zu: NUL byte", path, lineno);
        else if (!cn_utf8_valid(start, (size_t)n, &bad))
            rc = cn_utf8_refuse(err, path, lineno, bad + 1);
        else
            rc = add_lines(s, "*", start, true, err);
    }
    free(line);
    if (rc == 0 && ferror(f))
        rc = cn_error_code(err, CN_EIO, "%s: read error", path);
    fclose(f);
    return rc;
}

bool cn_stopwords_has(const cn_stopwords *s, const char *lang, const char *form, size_t len)
{
    /* called for every new spelling and every embedded list: no snprintf here */
    char key[256];
    size_t n = cn_intern_join(key, sizeof key, lang, form, len);
    if (n < sizeof key && cn_intern_find(s->keys, key, n) != CN_INTERN_NONE)
        return true;
    if (!s->any_users)
        return false;
    n = cn_intern_join(key, sizeof key, "*", form, len);
    return n < sizeof key && cn_intern_find(s->keys, key, n) != CN_INTERN_NONE;
}

unsigned cn_stopwords_langs(const cn_stopwords *s, size_t n, const char *form, size_t len)
{
    /* cn_stopwords_has for each list: the form under its language, or in a user list */
    unsigned all = (1u << n) - 1, bits = 0;
    uint32_t id = cn_intern_find(s->forms, form, len);
    if (id != CN_INTERN_NONE)
        bits = s->langs[id];
    char key[256];
    size_t k;
    if (s->any_users && (k = cn_intern_join(key, sizeof key, "*", form, len)) < sizeof key &&
        cn_intern_find(s->keys, key, k) != CN_INTERN_NONE)
        bits = all;
    return bits & all;
}
