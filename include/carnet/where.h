/* where.h — the --where conditions both programs apply to texts: "care=lt1,1to3" keeps a
 * text whose care modality is lt1 or 1to3 (OR within a condition); several conditions
 * must all hold (AND); blanks around the pieces are ignored. One parser, one matcher, one
 * check that refuses a condition that matches nothing, naming the modalities the variable
 * does have.
 *
 * cn_where and its tally are plain structs the caller owns (copyable, nothing to free).
 * Functions return CN_OK or a negative cn_code with a message. */
#ifndef CARNET_WHERE_H
#define CARNET_WHERE_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"

#define CN_WHERE_MAX 16    /* conditions */
#define CN_WHERE_VALUES 32 /* modalities in one condition */
/* bytes of a variable name or a modality, with the NUL: more than a site's name
 * (CN_SITE_MAX) makes, whose modality is a cohort (trial 94: a real French site's name made
 * a *site_ modality of 81 bytes, which --where and --by refused at 63) */
#define CN_WHERE_TEXT 128

typedef struct cn_where_cond {
    char var[CN_WHERE_TEXT];
    char values[CN_WHERE_VALUES][CN_WHERE_TEXT];
    int nvalues;
    /* a cohort of --by: its modality alone, the ones that differ by case other cohorts,
     * not texts it leaves out (cn_where_check does not refuse them) */
    bool exact;
} cn_where_cond;

typedef struct cn_where {
    cn_where_cond conds[CN_WHERE_MAX];
    int n;
} cn_where;

/* [*start, *start + *len) without the blanks (spaces, tabs) at either end: the typing
 * around a piece of a condition, or of a list of variables ("part, sex"). */
void cn_where_trim(const char **start, size_t *len);

/* Adds the condition "VAR=MOD[,MOD...]". A variable already constrained is refused
 * (CN_EDUPLICATE): "care=lt1" then "care=gt3" can only mean no text, or the OR the user
 * should write as "care=lt1,gt3" — the message says so. Bad syntax: CN_EINVALID. */
int cn_where_add(cn_where *w, const char *expr, cn_error *err);

/* Adds the condition of --by's cohort var_value (cn_where_cond.exact); refused as by
 * cn_where_add. */
int cn_where_add_cohort(cn_where *w, const char *var, const char *value, cn_error *err);

/* The text's modality of var (after "var_"), or NULL when it has none. */
typedef const char *(*cn_where_value_fn)(void *ctx, const char *var);

#define CN_WHERE_SEEN 24 /* modalities of a variable named in a message, at most */

/* What one pass over the texts saw: hits per condition value, the modalities each
 * constrained variable took (the first CN_WHERE_SEEN, and how many in all), and how many
 * texts were kept. A plain struct: zero it before the pass. */
typedef struct cn_where_tally {
    size_t hits[CN_WHERE_MAX][CN_WHERE_VALUES];
    char seen[CN_WHERE_MAX][CN_WHERE_SEEN][CN_WHERE_TEXT];
    size_t nseen[CN_WHERE_MAX]; /* distinct modalities seen, may exceed CN_WHERE_SEEN */
    size_t texts, kept;
    /* the variables of the texts (cn_where_note_variable), the first CN_WHERE_SEEN */
    char vars[CN_WHERE_SEEN][CN_WHERE_TEXT];
    size_t nvars;
    /* per condition, the first modality that differs from one of its values by case only
     * ("Lisboa" beside "lisboa"), the value's index, and how many texts it left out */
    char twin[CN_WHERE_MAX][CN_WHERE_TEXT];
    int twin_of[CN_WHERE_MAX];
    size_t twin_texts[CN_WHERE_MAX];
} cn_where_tally;

/* Notes a variable of a text (var[0..len), no '*' nor '_'), so that a --where naming an
 * unknown variable is refused with the list of those the texts have. */
void cn_where_note_variable(cn_where_tally *t, const char *var, size_t len);
/* The variables noted, sorted, in buf ("age, care, sex", ", ..." after CN_WHERE_SEEN):
 * what a message naming an unknown variable lists. */
void cn_where_vars_list(const cn_where_tally *t, char *buf, size_t size);
/* Whether var was noted (among the first CN_WHERE_SEEN): a variable noted but with no
 * modality seen is a star without '_' ("*urgent"), which names no modality to select. */
bool cn_where_noted(const cn_where_tally *t, const char *var);

/* True when the text satisfies every condition. Every condition is looked at even after
 * one fails, so the tally (if not NULL) can later say which modality matched nothing. */
bool cn_where_keep(const cn_where *w, cn_where_value_fn value_of, void *ctx, cn_where_tally *t);

/* After the pass: refuses (CN_EEMPTY) a modality that no text had, listing the variable's
 * modalities, and an empty intersection of conditions that each matched; refuses
 * (CN_EINVALID) a condition whose value leaves out texts of a modality that differs from
 * it by case only, naming how to keep both: "site=lisboa" dropping *site_Lisboa is a
 * silent loss (trial 52). source names the input in the message. */
int cn_where_check(const cn_where *w, const cn_where_tally *t, const char *source, cn_error *err);

/* "care=lt1,1to3 sex=f": the conditions as the user wrote them, for messages and manifests. */
void cn_where_describe(const cn_where *w, char *buf, size_t size);

#endif
