/* corpus_stars.c — what the stars of a text read from an IRAMUTEQ corpus say (corpus.h):
 * a variable's modality, a second one, the --where conditions they meet, and the variables
 * of a set of texts, for the messages that name them. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "carnet/corpus.h"
#include "carnet/where.h"

/* Whether star ("*var_mod") gives variable var (len bytes) a modality. */
static bool is_star_of(const char *star, const char *var, size_t len)
{
    return star[0] == '*' && strncmp(star + 1, var, len) == 0 && star[1 + len] == '_';
}

const char *cn_corpus_value(const cn_corpus_text *t, const char *var)
{
    size_t len = strlen(var);
    for (size_t s = 0; s < t->nstars; s++) {
        const char *star = t->stars[s];
        if (is_star_of(star, var, len))
            return star + len + 2;
    }
    return NULL;
}

/* The star of t that gives var its modality (its first), or NULL. */
static const char *first_star(const cn_corpus_text *t, const char *var, size_t len, size_t *at)
{
    for (size_t s = 0; s < t->nstars; s++) {
        const char *star = t->stars[s];
        if (is_star_of(star, var, len)) {
            *at = s;
            return star;
        }
    }
    return NULL;
}

const char *cn_corpus_second_star(const cn_corpus_text *t, const char *var)
{
    size_t len = strlen(var), at = 0;
    const char *first = first_star(t, var, len, &at);
    if (!first)
        return NULL;
    for (size_t s = at + 1; s < t->nstars; s++) {
        const char *star = t->stars[s];
        /* the same star twice is one modality, said twice */
        if (is_star_of(star, var, len) && strcmp(star, first) != 0)
            return star;
    }
    return NULL;
}

/* How many distinct modalities of var (len bytes) the text holds. */
static size_t count_values(const cn_corpus_text *t, const char *var, size_t len)
{
    size_t n = 0;
    for (size_t s = 0; s < t->nstars; s++) {
        const char *star = t->stars[s];
        if (!is_star_of(star, var, len))
            continue;
        bool again = false;
        for (size_t k = 0; k < s && !again; k++)
            again = strcmp(t->stars[k], star) == 0;
        n += !again;
    }
    return n;
}

int cn_corpus_check_one_value(const cn_corpus_text *t, const char *var, const char *path,
                              const char *need, cn_error *err)
{
    const char *second = cn_corpus_second_star(t, var);
    if (!second)
        return 0;
    size_t at = 0, len = strlen(var), n = count_values(t, var, len);
    const char *first = first_star(t, var, len, &at);
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: the text has several modalities of %s (%s, %s%s): %s; give "
                         "each text one",
                         path, t->line, var, first, second, n > 2 ? ", ..." : "", need);
}

/* Whether condition c keeps text t, over every modality it has of c's variable: 1 when
 * each is listed, 0 when none is (or it has none), -1 when some are and some are not
 * (*listed and *unlisted then name one of each). */
static int condition_holds(const cn_corpus_text *t, const cn_where_cond *c, const char **listed,
                           const char **unlisted)
{
    size_t len = strlen(c->var);
    *listed = *unlisted = NULL;
    for (size_t s = 0; s < t->nstars; s++) {
        const char *star = t->stars[s];
        if (!is_star_of(star, c->var, len))
            continue;
        bool in = false;
        for (int v = 0; v < c->nvalues && !in; v++)
            in = strcmp(star + len + 2, c->values[v]) == 0;
        if (in && !*listed)
            *listed = star;
        else if (!in && !*unlisted)
            *unlisted = star;
    }
    return !*listed ? 0 : *unlisted ? -1 : 1;
}

/* A text is refused only when the conditions cannot say whether to keep it: one holds for
 * some of its modalities and not for others, and no other condition drops it (a text that
 * --where drops anyway is no question, whatever its stars). */
int cn_corpus_check_where(const cn_corpus_text *t, const struct cn_where *w, const char *path,
                          cn_error *err)
{
    int unsure = -1;
    const char *listed = NULL, *unlisted = NULL;
    for (int i = 0; i < w->n; i++) {
        const char *l, *u;
        int holds = condition_holds(t, &w->conds[i], &l, &u);
        if (holds == 0)
            return 0;
        if (holds < 0 && unsure < 0) {
            unsure = i;
            listed = l;
            unlisted = u;
        }
    }
    if (unsure < 0)
        return 0;
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: the text has several modalities of %s (%s, %s): --where keeps "
                         "texts by their modality, and it keeps one of these and not the other; "
                         "give each text one",
                         path, t->line, w->conds[unsure].var, listed, unlisted);
}

const char *cn_corpus_where_value(void *text, const char *var)
{
    return cn_corpus_value(text, var);
}

bool cn_corpus_has_variable(const cn_corpus *c, const uint32_t *texts, uint32_t n, const char *var)
{
    for (uint32_t t = 0; t < n; t++)
        if (cn_corpus_value(&c->texts[texts[t]], var))
            return true;
    return false;
}

/* Whether name[0 .. len) is among names[0 .. n). */
static bool listed(char (*names)[CN_CORPUS_VAR_MAX], size_t n, const char *name, size_t len)
{
    for (size_t k = 0; k < n; k++)
        if (strncmp(names[k], name, len) == 0 && !names[k][len])
            return true;
    return false;
}

void cn_corpus_variables(const cn_corpus *c, const uint32_t *texts, uint32_t n, char *buf,
                         size_t size)
{
    char names[CN_CORPUS_VARS_LISTED][CN_CORPUS_VAR_MAX];
    size_t count = 0, used = 0;
    bool more = false;
    for (uint32_t t = 0; t < n; t++) {
        const cn_corpus_text *text = &c->texts[texts[t]];
        for (size_t s = 0; s < text->nstars; s++) {
            const char *name = text->stars[s] + 1; /* after the '*' */
            size_t len = strcspn(name, "_");
            if (listed(names, count, name, len))
                continue;
            if (count == CN_CORPUS_VARS_LISTED || len >= CN_CORPUS_VAR_MAX)
                more = true;
            else
                snprintf(names[count++], CN_CORPUS_VAR_MAX, "%.*s", (int)len, name);
        }
    }
    buf[0] = '\0';
    for (size_t k = 0; k < count && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", k ? ", " : "", names[k]);
    if (more && used < size)
        snprintf(buf + used, size - used, ", ...");
    if (count == 0)
        snprintf(buf, size, "none");
}

void cn_corpus_where_note(struct cn_where_tally *tally, const cn_corpus_text *t)
{
    for (size_t s = 0; s < t->nstars; s++)
        cn_where_note_variable(tally, t->stars[s] + 1, strcspn(t->stars[s] + 1, "_"));
}
