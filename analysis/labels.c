/* labels.c — the --labels file: read, its cohorts checked, and its names checked against
 * the classes they were given (see labels.h). */
#include "carnet/labels.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/utf8.h"

static void set_free(char **labels)
{
    if (!labels)
        return;
    for (int k = 0; k <= CN_LABELS_MAX; k++)
        free(labels[k]);
    free(labels);
}

void cn_labels_free(cn_labels *labels)
{
    if (!labels)
        return;
    set_free(labels->whole);
    set_free(labels->whole_forms);
    for (size_t i = 0; i < labels->ncohorts; i++) {
        free(labels->cohorts[i].cohort);
        set_free(labels->cohorts[i].names);
        set_free(labels->cohorts[i].forms);
    }
    free(labels->cohorts);
    *labels = (cn_labels){0};
}

char *const *cn_labels_of(const cn_labels *labels, const char *cohort)
{
    for (size_t i = 0; labels && i < labels->ncohorts; i++)
        if (strcmp(labels->cohorts[i].cohort, cohort) == 0)
            return labels->cohorts[i].names;
    return NULL;
}

char *const *cn_labels_forms_of(const cn_labels *labels, const char *cohort)
{
    for (size_t i = 0; labels && i < labels->ncohorts; i++)
        if (strcmp(labels->cohorts[i].cohort, cohort) == 0)
            return labels->cohorts[i].forms;
    return NULL;
}

/* A field in place: a quoted one ("Drogue, dettes") loses its quotes and its doubled
 * quotes, and what follows it on the line is left in *rest; NULL when the quotes do not
 * close. An unquoted field is the rest of the line (*rest ""). */
static char *unquote_field(char *field, char **rest)
{
    *rest = field + strlen(field);
    if (*field != '"')
        return field;
    char *w = field;
    for (char *r = field + 1; *r; r++) {
        if (*r == '"' && r[1] == '"') {
            *w++ = *r++;
        } else if (*r == '"') {
            *rest = r + 1;
            *w = '\0';
            return field;
        } else {
            *w++ = *r;
        }
    }
    return NULL;
}

static char *unquote(char *field)
{
    char *rest;
    char *s = unquote_field(field, &rest);
    return s && !*rest ? s : NULL;
}

/* Whether s holds only blanks and separators: an empty cell, or a row a sheet left empty. */
static bool empty_cells(const char *s)
{
    return s[strspn(s, " \t,;")] == '\0';
}

/* The class number in field [start, sep), quoted or not ("2" as a sheet quotes every cell):
 * true and *k when the field is a number and nothing else. */
static bool class_number(const char *start, const char *sep, long *k)
{
    bool quoted = *start == '"';
    const char *digits = start + quoted;
    char *end;
    *k = strtol(digits, &end, 10);
    if (end == digits)
        return false;
    if (quoted && *end++ != '"')
        return false;
    return end == sep;
}

/* A line's fields, in place: "class,label", or "cohort,class,label" (*cohort then set);
 * false when it is neither. The label may be NULL (unclosed quotes) or empty. */
static bool split_label_line(char *line, char **cohort, long *k, char **label, char *separator)
{
    char *sep = line + strcspn(line, ",;"); /* ';' as French spreadsheets write */
    if (!*sep)
        return false;
    *separator = *sep;
    *cohort = NULL;
    if (!class_number(line, sep, k)) { /* no number: the name of a cohort */
        *cohort = line;
        *sep = '\0';
        line = sep + 1;
        sep = line + strcspn(line, ",;");
        if (!*sep || !class_number(line, sep, k) || !(*cohort = unquote(*cohort)) || !**cohort)
            return false; /* a cohort quoted as a sheet quotes text cells: "care_lt1" */
    }
    *label = sep + 1;
    return true;
}

/* The label field of a line, in place, its fields separated by sep (the line's first ','
 * or ';': in a ';' file a comma is text): quoted, what a sheet's further columns hold after
 * it is not read; unquoted, the cells a sheet left empty after it are dropped ("Theme 1,"),
 * a column the header named after the label (notes) is not read, and another separator
 * left inside is refused (trial 85: "Theme 2,check with AB" named a class): NULL with
 * *why. */
static char *label_field(char *field, char sep, bool notes, const char **why)
{
    char *rest;
    field += strspn(field, " \t"); /* "1, \"Médecin, bilan\"" typed by hand (trial 87) */
    bool quoted = field[0] == '"';
    char *label = unquote_field(field, &rest);
    if (!label) {
        *why = "its quotes do not close";
        return NULL;
    }
    if (quoted || !*label) /* quoted: the columns after it are notes */
        return label;
    if (notes)
        label[strcspn(label, sep == ',' ? "," : ";")] = '\0';
    size_t n = strlen(label);
    while (n > 0 && (label[n - 1] == ' ' || label[n - 1] == '\t' || label[n - 1] == sep))
        n--;
    label[n] = '\0';
    if (strchr(label, sep)) {
        *why = sep == ',' ? "a column after the label, which no header names: quote a label "
                            "holding a comma (\"family, home\"), or name the column in a "
                            "header (class,label,notes)"
                          : "a column after the label, which no header names: name it in a "
                            "header (class;label;notes)";
        return NULL;
    }
    return label;
}

/* A header, on any line (files joined, a team's comment above it): a line that names no
 * class and begins "class" or "cohort", any case. A column after "label" (notes) is
 * noted: it is not read. */
static bool header_line(const char *line, bool *notes)
{
    const char *p = line + (*line == '"');
    bool cohort = strncasecmp(p, "cohort", 6) == 0;
    if (!cohort && strncasecmp(p, "class", 5) != 0)
        return false;
    size_t fields = 1;
    for (const char *c = p; *c; c++)
        fields += *c == ',' || *c == ';';
    *notes = fields > (cohort ? 3u : 2u);
    return true;
}

/* The first line in other words ("N°;Thème;Remarques"), when it names no class: a
 * header, whose columns after the second are notes. */
static bool header_columns(const char *line)
{
    size_t fields = 1;
    for (const char *c = line; *c; c++)
        fields += *c == ',' || *c == ';';
    return fields > 2;
}

/* The names (forms: the forms) a line gives, the whole's or its cohort's, made at their
 * first line. */
static char **labels_named(cn_labels *l, const char *cohort, bool forms, size_t lineno,
                           cn_error *err)
{
    char ***set = forms ? &l->whole_forms : &l->whole;
    if (cohort && strcmp(cohort, "all") != 0) {
        size_t i = 0;
        while (i < l->ncohorts && strcmp(l->cohorts[i].cohort, cohort) != 0)
            i++;
        if (i == l->ncohorts) {
            cn_labels_cohort *grown = realloc(l->cohorts, (i + 1) * sizeof *grown);
            if (!grown)
                return cn_error_nomem(err), NULL;
            l->cohorts = grown;
            grown[i] = (cn_labels_cohort){.cohort = strdup(cohort), .line = lineno};
            l->ncohorts++;
            if (!grown[i].cohort)
                return cn_error_nomem(err), NULL;
        }
        set = forms ? &l->cohorts[i].forms : &l->cohorts[i].names;
    }
    if (!*set && !(*set = calloc(CN_LABELS_MAX + 1, sizeof **set)))
        cn_error_nomem(err);
    return *set;
}

/* "# class 2 (212 segments): famille enfants" or "# care_lt1 class 2 ...: ...", the forms
 * a labels.csv says class 2 had: into *cohort (NULL: the whole), *k and *forms, in place;
 * false for any other comment. */
static bool split_forms_line(char *line, char **cohort, long *k, char **forms)
{
    char *p = line + 1 + strspn(line + 1, " ");
    *cohort = NULL;
    if (strncmp(p, "class ", 6) != 0) {
        size_t n = strcspn(p, " ");
        if (n == 0 || strncmp(p + n, " class ", 7) != 0)
            return false;
        *cohort = p;
        p[n] = '\0';
        p += n + 1;
    }
    char *end;
    *k = strtol(p + 6, &end, 10);
    /* as a run writes it, "(12 segments): ": a team's "# class 1: to check" is a comment
     * (trial 86: read as forms, it refused the file) */
    char *colon = strstr(end, "): ");
    if (end == p + 6 || strncmp(end, " (", 2) != 0 || !colon)
        return false;
    *forms = colon + 3;
    return true;
}

/* One line of a --labels file (line 1 may be a header, which names no class). */
static int read_label_line(cn_labels *l, char *line, size_t lineno, cn_error *err)
{
    const char *path = l->path;
    size_t bad;
    char *cohort, *label;
    long k;
    if (!cn_utf8_valid(line, strlen(line), &bad))
        return cn_utf8_refuse(err, path, lineno, bad + 1);
    char *rest;
    if (line[0] == '"' && line[1] == '#') /* a comment in a cell a sheet quoted */
        line = unquote_field(line, &rest) ? line : line + 1;
    bool forms = line[0] == '#';
    if (forms && !split_forms_line(line, &cohort, &k, &label))
        return 0; /* a comment of the team's */
    if (!forms && empty_cells(line))
        return 0;
    char sep = ',';
    bool notes = false, header = !forms && header_line(line, &notes);
    if (!forms && !header && lineno == 1) { /* before the split, which cuts the line */
        header = true;
        notes = header_columns(line);
    }
    if (!forms && !split_label_line(line, &cohort, &k, &label, &sep))
        return header ? (l->notes = notes, 0)
                      : cn_error_code(err, CN_EINVALID,
                                      "%s:%zu: expected class,label (or cohort,class,label, for "
                                      "a cohort of --by)",
                                      path, lineno);
    const char *why = NULL;
    if (!forms && !(label = label_field(label, sep, l->notes, &why)))
        return cn_error_code(err, CN_EINVALID, "%s:%zu: %s", path, lineno, why);
    if (k == 0) /* not a theme: a name would present it as one */
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: class 0 is the unclassified units, not a theme: it cannot "
                             "be named (classes are numbered from 1)",
                             path, lineno);
    if (k < 1 || k > CN_LABELS_MAX || !label)
        return cn_error_code(err, CN_EINVALID, "%s:%zu: expected class,label", path, lineno);
    if (!*label) /* a class of labels.csv left unnamed */
        return 0;
    char **set = labels_named(l, cohort, forms, lineno, err);
    if (!set)
        return -1;
    if (set[k])
        return cn_error_code(err, CN_EDUPLICATE, "%s:%zu: class %ld%s%s is %s twice", path, lineno,
                             k, cohort ? " of " : "", cohort ? cohort : "",
                             forms ? "described" : "named");
    return (set[k] = strdup(label)) ? 0 : cn_error_nomem(err);
}

int cn_labels_read(const char *path, cn_labels *out, cn_error *err)
{
    *out = (cn_labels){.path = path};
    FILE *f = fopen(path, "r");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int rc = 0;
    ssize_t n;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (lineno == 1 && (rc = cn_utf8_check_first_line(err, path, line, (size_t)n)) < 0)
            break;
        line[strcspn(line, "\r\n")] = '\0';
        /* Notepad's and Excel's "CSV UTF-8" begin with a byte-order mark: read into the first
         * field, it dropped the first label or named a cohort no run has (trial 61); files
         * joined by cat bring one to each header after the first (trial 85) */
        size_t bom = cn_utf8_bom(line, strlen(line));
        rc = read_label_line(out, line + bom, lineno, err);
    }
    free(line);
    fclose(f);
    if (rc < 0)
        cn_labels_free(out);
    out->path = path;
    return rc;
}

int cn_labels_check_cohorts(const cn_labels *labels, const char *var, char *const *values, int n,
                            cn_error *err)
{
    for (size_t i = 0; labels && i < labels->ncohorts; i++) {
        const cn_labels_cohort *c = &labels->cohorts[i];
        size_t vlen = var ? strlen(var) : 0;
        bool found = false;
        for (int j = 0; var && j < n && !found; j++)
            found = strncmp(c->cohort, var, vlen) == 0 && c->cohort[vlen] == '_' &&
                    strcmp(c->cohort + vlen + 1, values[j]) == 0;
        if (found)
            continue;
        if (!var)
            return cn_error_code(err, CN_EINVALID,
                                 "%s:%zu: names the classes of cohort '%.80s', for a run with "
                                 "--by: without --by, lines are class,label",
                                 labels->path, c->line, c->cohort);
        char list[400] = "";
        size_t used = 0;
        for (int j = 0; j < n && used < sizeof list; j++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s_%s", j ? ", " : "", var,
                                     values[j]);
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: names the classes of cohort '%.80s', which this run "
                             "(--by %s) does not have; its cohorts: %s",
                             labels->path, c->line, c->cohort, var, list);
    }
    return 0;
}

/* How many of the words of a ("f1 f2 ...") are among those of b; *na: how many a has. */
static int shared_forms(const char *a, const char *b, int *na)
{
    int shared = 0;
    *na = 0;
    for (const char *w = a + strspn(a, " "); *w; w += strspn(w, " ")) {
        size_t n = strcspn(w, " ");
        (*na)++;
        for (const char *v = b + strspn(b, " "); *v; v += strspn(v, " ")) {
            size_t m = strcspn(v, " ");
            if (m == n && memcmp(v, w, n) == 0) {
                shared++;
                break;
            }
            v += m;
        }
        w += n;
    }
    return shared;
}

int cn_labels_verify(char *const *names, char *const *forms, const char *const *classes,
                     int nclasses, const char *path, bool *checked, cn_error *err)
{
    *checked = false;
    for (int k = 1; names && forms && k <= nclasses && k <= CN_LABELS_MAX; k++) {
        if (!names[k] || !forms[k])
            continue;
        int na, shared = shared_forms(forms[k], classes[k], &na);
        if (na == 0)
            continue;
        *checked = true;
        if (2 * shared >= na)
            continue;
        int best = 0, best_shared = 0;
        for (int j = 1; j <= nclasses; j++) {
            int n, s = shared_forms(forms[k], classes[j], &n);
            if (s > best_shared)
                best = j, best_shared = s;
        }
        char where[64] = "";
        if (best && 2 * best_shared >= na)
            snprintf(where, sizeof where, "; they are class %d's now", best);
        return cn_error_code(err, CN_EINVALID,
                             "%s names class %d \"%.60s\", whose forms were \"%.120s\"; in this "
                             "run class %d is \"%.120s\"%s: the classes are not the ones named "
                             "(another corpus or other options?); name this run's from the "
                             "labels.csv in its folder",
                             path, k, names[k], forms[k], k, classes[k], where);
    }
    return 0;
}
