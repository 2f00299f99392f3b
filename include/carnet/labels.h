/* labels.h — the names a researcher gives a run's classes (--labels FILE), and their check
 * against the run they name: a file that carries each class's forms (the labels.csv every
 * run writes, filled in) is refused on a run whose classes those forms are no longer, where
 * another corpus or other options renumbered the themes (trial 84: "family" named the class
 * of the nights after a re-export, without a word).
 *
 * cn_labels is the caller's (cn_labels_free); its strings are its own. Functions return 0
 * or a negative cn_code with its message in the cn_error. */
#ifndef CARNET_LABELS_H
#define CARNET_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"

#define CN_LABELS_MAX 256 /* classes a file can name */
#define CN_LABELS_FORMS 8 /* a class's forms a labels.csv line carries, as the summary shows */

/* One cohort's names of its classes ("care_lt1,2,closed centre"). names and forms have
 * CN_LABELS_MAX + 1 entries: names[k] names class k (or NULL), forms[k] the class's forms
 * when it was named ("famille enfants dimanche"), or NULL when the file does not say. */
typedef struct cn_labels_cohort {
    char *cohort; /* its folder's name, as cn_run_by names it: "care_lt1" */
    char **names;
    char **forms;
    size_t line; /* the file's line that first named it */
} cn_labels_cohort;

/* A --labels file: "class,label" lines name the classes of the run, or under --by those of
 * the whole corpus (all/, also "all,class,label"); "cohort,class,label" lines a cohort's,
 * whose classes are numbered on their own; "# class K (...): forms" lines ("# COHORT class
 * K ...") say what class K was when named; an empty label names nothing. */
typedef struct cn_labels {
    char **whole; /* NULL when no line names the whole's classes */
    char **whole_forms;
    cn_labels_cohort *cohorts;
    size_t ncohorts;
    const char *path; /* borrowed */
    bool notes;       /* the header names a column after the label: it is not read */
} cn_labels;

/* Reads path (a header line allowed; ',' or ';' between fields; a label may be quoted) into
 * *out. -1 with FILE:LINE in err. */
int cn_labels_read(const char *path, cn_labels *out, cn_error *err);
/* Whether each cohort the file names is one of the run's, the folders var_VALUE of
 * values[0..n); var NULL (a run without --by) refuses any cohort. -1 with FILE:LINE. */
int cn_labels_check_cohorts(const cn_labels *labels, const char *var, char *const *values, int n,
                            cn_error *err);
/* The names (or the forms) of cohort ("care_lt1")'s classes in a --by run, or NULL. */
char *const *cn_labels_of(const cn_labels *labels, const char *cohort);
char *const *cn_labels_forms_of(const cn_labels *labels, const char *cohort);
void cn_labels_free(cn_labels *labels);

/* Whether names still name the classes they were given: each class k named with its forms
 * must hold at least half of them among its own, classes[k] ("f1 f2 ...", the run's
 * CN_LABELS_FORMS first forms of class k, k = 1..nclasses). CN_EINVALID when one does
 * not, naming the class, its name, its forms then and now, and the class that holds them;
 * *checked: whether any named class had forms to check. path names the file. */
int cn_labels_verify(char *const *names, char *const *forms, const char *const *classes,
                     int nclasses, const char *path, bool *checked, cn_error *err);

#endif
