/* where.c — --where conditions: parsing, matching, and the check that none is empty
 * (see where.h). */
#include "carnet/where.h"

#include "carnet/corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

void cn_where_trim(const char **start, size_t *len)
{
    while (*len > 0 && is_blank(**start))
        (*start)++, (*len)--;
    while (*len > 0 && is_blank((*start)[*len - 1]))
        (*len)--;
}

/* Blanks around the '=' and the commas are the user's typing, as in "site = lisboa, porto":
 * a star is cut at blanks, so no variable or modality can hold one, and each piece is
 * taken without them. A blank inside a piece cannot be meant and is refused. */
int cn_where_add(cn_where *w, const char *expr, cn_error *err)
{
    const char *eq = strchr(expr, '='), *name = expr, *rest = eq ? eq + 1 : NULL;
    size_t vlen = eq ? (size_t)(eq - expr) : 0, rlen = eq ? strlen(rest) : 0;
    cn_where_trim(&name, &vlen);
    if (eq)
        cn_where_trim(&rest, &rlen);
    if (!eq || vlen == 0 || rlen == 0 || vlen >= CN_WHERE_TEXT)
        return cn_error_code(err, CN_EINVALID, "--where '%s': expected VAR=MOD[,MOD...]", expr);
    char var[CN_WHERE_TEXT];
    snprintf(var, sizeof var, "%.*s", (int)vlen, name);
    if (!cn_corpus_var_valid(var))
        return cn_error_code(err, CN_EINVALID,
                             "--where '%s': a variable name is letters and digits only", expr);
    for (int i = 0; i < w->n; i++)
        if (strcmp(w->conds[i].var, var) == 0)
            return cn_error_code(err, CN_EDUPLICATE,
                                 "--where '%s': %s is already constrained; several modalities "
                                 "of one variable go in one condition (%s=A,B)",
                                 expr, var, var);
    if (w->n == CN_WHERE_MAX)
        return cn_error_code(err, CN_EINVALID, "at most %d --where conditions", CN_WHERE_MAX);
    cn_where_cond *c = &w->conds[w->n];
    memset(c, 0, sizeof *c);
    memcpy(c->var, var, vlen);
    for (const char *p = rest, *end = rest + rlen;; p++) { /* p: after a comma */
        size_t cut = strcspn(p, ","), len = cut < (size_t)(end - p) ? cut : (size_t)(end - p);
        const char *value = p;
        p += len;
        cn_where_trim(&value, &len);
        if (len == 0) /* ",a", "a,,b" and "a," alike: a comma too many, or a modality lost */
            return cn_error_code(err, CN_EINVALID,
                                 "--where '%s': an empty modality (a comma too many?)", expr);
        if (c->nvalues == CN_WHERE_VALUES || len >= CN_WHERE_TEXT)
            return cn_error_code(err, CN_EINVALID,
                                 "--where '%s': expected up to %d modalities of at most %d bytes, "
                                 "separated by commas",
                                 expr, CN_WHERE_VALUES, CN_WHERE_TEXT - 1);
        for (size_t k = 0; k < len; k++)
            if (is_blank(value[k]))
                return cn_error_code(err, CN_EINVALID,
                                     "--where '%s': '%.*s' holds a blank, which no modality can "
                                     "(a star ends at a blank)",
                                     expr, (int)len, value);
        memcpy(c->values[c->nvalues], value, len);
        cn_corpus_lang_modality(c->var, c->values[c->nvalues]);
        /* each modality once: the check that every one keeps a text counts it once */
        for (int v = 0; v < c->nvalues; v++)
            if (strcmp(c->values[v], c->values[c->nvalues]) == 0)
                return cn_error_code(err, CN_EDUPLICATE, "--where '%s': %s is given twice", expr,
                                     c->values[v]);
        c->nvalues++;
        if (p >= end)
            break;
    }
    w->n++;
    return CN_OK;
}

/* Remembers value among the modalities seen for condition i (the first few, for a
 * message; the count goes on). */
static void note_seen(cn_where_tally *t, int i, const char *value)
{
    size_t kept = t->nseen[i] < CN_WHERE_SEEN ? t->nseen[i] : CN_WHERE_SEEN;
    for (size_t k = 0; k < kept; k++)
        if (strncmp(t->seen[i][k], value, CN_WHERE_TEXT - 1) == 0)
            return;
    if (t->nseen[i] < CN_WHERE_SEEN)
        snprintf(t->seen[i][t->nseen[i]], CN_WHERE_TEXT, "%s", value);
    t->nseen[i]++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

void cn_where_note_variable(cn_where_tally *t, const char *var, size_t len)
{
    if (len == 0 || len >= CN_WHERE_TEXT)
        return;
    size_t kept = t->nvars < CN_WHERE_SEEN ? t->nvars : CN_WHERE_SEEN;
    for (size_t k = 0; k < kept; k++)
        if (strncmp(t->vars[k], var, len) == 0 && t->vars[k][len] == '\0')
            return;
    if (t->nvars < CN_WHERE_SEEN)
        snprintf(t->vars[t->nvars], CN_WHERE_TEXT, "%.*s", (int)len, var);
    t->nvars++;
}

bool cn_where_noted(const cn_where_tally *t, const char *var)
{
    size_t kept = t->nvars < CN_WHERE_SEEN ? t->nvars : CN_WHERE_SEEN;
    for (size_t k = 0; k < kept; k++)
        if (strcmp(t->vars[k], var) == 0)
            return true;
    return false;
}

/* "care, lang, month": the variables noted, sorted. */
void cn_where_vars_list(const cn_where_tally *t, char *buf, size_t size)
{
    char sorted[CN_WHERE_SEEN][CN_WHERE_TEXT];
    size_t n = t->nvars < CN_WHERE_SEEN ? t->nvars : CN_WHERE_SEEN, at = 0;
    memcpy(sorted, t->vars, n * sizeof sorted[0]);
    qsort(sorted, n, sizeof sorted[0], by_name);
    buf[0] = '\0';
    for (size_t k = 0; k < n && at < size; k++) {
        int len = snprintf(buf + at, size - at, "%s%s", k ? ", " : "", sorted[k]);
        at += len > 0 ? (size_t)len : 0;
    }
    if (t->nvars > n && at < size)
        snprintf(buf + at, size - at, ", ...");
}

/* "1to3, gt3, lt1": the modalities seen for condition i, sorted. */
static void seen_list(const cn_where_tally *t, int i, char *buf, size_t size)
{
    char sorted[CN_WHERE_SEEN][CN_WHERE_TEXT];
    size_t n = t->nseen[i] < CN_WHERE_SEEN ? t->nseen[i] : CN_WHERE_SEEN, at = 0;
    memcpy(sorted, t->seen[i], n * sizeof sorted[0]);
    qsort(sorted, n, sizeof sorted[0], by_name);
    buf[0] = '\0';
    for (size_t k = 0; k < n && at < size; k++) {
        int len = snprintf(buf + at, size - at, "%s%s", k ? ", " : "", sorted[k]);
        at += len > 0 ? (size_t)len : 0;
    }
    if (t->nseen[i] > n && at < size)
        snprintf(buf + at, size - at, ", ... (%zu in all)", t->nseen[i]);
}

/* Notes value, which condition i did not keep, when it is one of c's values in another
 * case (modalities are ASCII: a star's letters are [A-Za-z0-9_]). */
static void note_twin(cn_where_tally *t, int i, const cn_where_cond *c, const char *value)
{
    for (int v = 0; v < c->nvalues; v++) {
        if (strcasecmp(value, c->values[v]) != 0)
            continue;
        if (t->twin_texts[i] == 0) {
            snprintf(t->twin[i], CN_WHERE_TEXT, "%s", value);
            t->twin_of[i] = v;
        }
        if (strcmp(t->twin[i], value) == 0)
            t->twin_texts[i]++;
        return;
    }
}

int cn_where_add_cohort(cn_where *w, const char *var, const char *value, cn_error *err)
{
    char expr[2 * CN_WHERE_TEXT + 1];
    if (strlen(value) >= CN_WHERE_TEXT) /* said as the cohort's, not a --where never typed */
        return cn_error_code(err, CN_EINVALID,
                             "the modality '%.40s...' is %zu bytes: a cohort of --by, as a"
                             " modality of --where, is at most %d",
                             value, strlen(value), CN_WHERE_TEXT - 1);
    snprintf(expr, sizeof expr, "%s=%s", var, value);
    if (cn_where_add(w, expr, err) < 0)
        return -1;
    w->conds[w->n - 1].exact = true;
    return 0;
}

/* Whether a text's modality is condition c's v-th: the same, or for --where lang= a
 * language named without a region, any region of it (the reader glues a region to its
 * language, pt_BR as ptbr: --where lang=pt keeps ptbr and ptpt too, lang=ptbr Brazil's
 * alone: trial 89). A cohort's condition is exact: --by lang's lang_pt is pt alone. */
static bool matches(const cn_where_cond *c, int v, const char *value)
{
    const char *want = c->values[v];
    if (strcmp(value, want) == 0)
        return true;
    return !c->exact && strcmp(c->var, "lang") == 0 && strlen(want) == 2 && strlen(value) == 4 &&
           strncmp(value, want, 2) == 0;
}

bool cn_where_keep(const cn_where *w, cn_where_value_fn value_of, void *ctx, cn_where_tally *t)
{
    bool keep = true;
    for (int i = 0; i < w->n; i++) {
        const cn_where_cond *c = &w->conds[i];
        const char *value = value_of(ctx, c->var);
        bool found = false;
        if (value) {
            /* every value that keeps it is counted: lang=pt,ptbr keeps a ptbr text by both,
             * and the check that each keeps a text must not call ptbr empty (trial 91) */
            for (int v = 0; v < c->nvalues && (t || !found); v++)
                if (matches(c, v, value)) {
                    found = true;
                    if (t)
                        t->hits[i][v]++;
                }
            if (t) {
                note_seen(t, i, value);
                if (!found)
                    note_twin(t, i, c, value);
            }
        }
        keep = keep && found;
        if (!keep && !t)
            break;
    }
    if (t) {
        t->texts++;
        t->kept += keep;
    }
    return keep;
}

int cn_where_check(const cn_where *w, const cn_where_tally *t, const char *source, cn_error *err)
{
    for (int i = 0; i < w->n; i++) {
        const cn_where_cond *c = &w->conds[i];
        for (int v = 0; v < c->nvalues; v++) {
            if (t->hits[i][v])
                continue;
            char list[CN_ERROR_MAX / 2];
            if (t->nseen[i] == 0 && cn_where_noted(t, c->var)) /* trial 70 */
                return cn_error_code(err, CN_EEMPTY,
                                     "%s: --where %s=%s: the texts' *%s stars have no modality"
                                     " (no '_'), so none can be selected: a star to select by"
                                     " is *%s_MOD (*%s_oui, *%s_non)",
                                     source, c->var, c->values[v], c->var, c->var, c->var, c->var);
            if (t->nseen[i] == 0 && t->nvars > 0) {
                cn_where_vars_list(t, list, sizeof list);
                return cn_error_code(err, CN_EEMPTY,
                                     "%s: --where %s=%s: no text has a %s variable; the variables "
                                     "of the texts are: %s",
                                     source, c->var, c->values[v], c->var, list);
            }
            if (t->nseen[i] == 0)
                return cn_error_code(err, CN_EEMPTY, "%s: --where %s=%s: no text has a %s variable",
                                     source, c->var, c->values[v], c->var);
            seen_list(t, i, list, sizeof list);
            return cn_error_code(err, CN_EEMPTY,
                                 "%s: --where %s=%s: no text has this modality; the modalities "
                                 "of %s are: %s",
                                 source, c->var, c->values[v], c->var, list);
        }
    }
    for (int i = 0; i < w->n; i++) {
        const cn_where_cond *c = &w->conds[i];
        if (t->twin_texts[i] == 0 || c->exact)
            continue;
        const char *value = c->values[t->twin_of[i]];
        char values[CN_ERROR_MAX / 2] = "";
        size_t at = 0; /* the condition's values, then the twin: the whole fix, not half */
        for (int v = 0; v < c->nvalues && at < sizeof values; v++) {
            int n = snprintf(values + at, sizeof values - at, "%s,", c->values[v]);
            at += n > 0 ? (size_t)n : 0;
        }
        return cn_error_code(err, CN_EINVALID,
                             "%s: --where %s=%s leaves out %zu text%s of *%s_%s, a modality of "
                             "its own that differs only by case; to keep both, write --where "
                             "%s=%s%s (or write the stars alike)",
                             source, c->var, value, t->twin_texts[i],
                             t->twin_texts[i] == 1 ? "" : "s", c->var, t->twin[i], c->var, values,
                             t->twin[i]);
    }
    if (w->n > 0 && t->kept == 0) {
        char what[CN_ERROR_MAX / 2];
        cn_where_describe(w, what, sizeof what);
        return cn_error_code(err, CN_EEMPTY, "%s: no text satisfies all of --where %s together",
                             source, what);
    }
    return CN_OK;
}

void cn_where_describe(const cn_where *w, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < w->n && at < size; i++) {
        const cn_where_cond *c = &w->conds[i];
        int n = snprintf(buf + at, size - at, "%s%s=", i ? " " : "", c->var);
        at += n > 0 ? (size_t)n : 0;
        for (int v = 0; v < c->nvalues && at < size; v++) {
            n = snprintf(buf + at, size - at, "%s%s", v ? "," : "", c->values[v]);
            at += n > 0 ? (size_t)n : 0;
        }
    }
}
