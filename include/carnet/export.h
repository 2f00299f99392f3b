/* export.h — what leaves the study database: the IRAMUTEQ corpus with cohort variables
 * (one text per entry), and entries or participants as CSV or JSON in the import format.
 * Writes to a caller-owned FILE; returns 0, or -1 with a message in the cn_error. */
#ifndef CARNET_EXPORT_H
#define CARNET_EXPORT_H

#include <stdio.h>

#include "carnet/audit.h"
#include "carnet/error.h"
#include "carnet/store.h"
#include "carnet/where.h"

typedef enum cn_var {
    CN_VAR_PART,  /* *part_CODE */
    CN_VAR_SEX,   /* *sex_f|m|x */
    CN_VAR_AGE,   /* *age_25_34: age at consent, in bands */
    CN_VAR_CARE,  /* *care_lt1|1to3|gt3: years in care at consent */
    CN_VAR_SITE,  /* *site_NAME */
    CN_VAR_MONTH, /* *month_NN: month of the diary since consent, from 01 */
    CN_VAR_LANG,  /* *lang_xx: the participant's language, else the study's */
    CN_VAR_DATE,  /* *date_2025_03_23: the entry's date; never a default (one modality a
                     day: specificities by date would be hundreds of tiny columns) */
    CN_VAR_ENTRY, /* *entry_514: the entry's id (entry show 514), to find a quote's page
                     whatever the day holds (trial 90); never a default, as date */
    CN_VAR_COUNT
} cn_var;

typedef struct cn_corpus_options {
    cn_var vars[CN_VAR_COUNT]; /* star variables, in header order */
    int nvars;
    cn_where where; /* --where: the texts kept (where.h); variables among var_names */
    /* NULL, or where each text's entry id goes, a line each in the corpus's order: what the
     * desk keeps beside an analysis to know, whatever codes changed since, whether it holds
     * pages erased after it ran (trial 92) */
    FILE *entry_ids;
} cn_corpus_options;

/* Default variables: part, sex, age, care, site, month, and lang when the study's
 * participants write in more than one language, or in one that is not the analysis's
 * default (CN_CORPUS_DEFAULT_LANG): an English study read as French would be stemmed and
 * classified as French. */
int cn_export_default_vars(cn_store *store, cn_corpus_options *opt, cn_error *err);

/* How many languages the participants write in, each as its *lang_ star says it (its own,
 * else the study's): 0 (no participant), 1 (into lang) or 2 (several: lang holds the
 * first); -1 on error. */
int cn_export_languages(cn_store *store, char lang[CN_LANG_MAX], cn_error *err);
/* Whether texts in those languages (cn_export_languages's count and first) need *lang_
 * stars: several, or one other than the analysis's default (CN_CORPUS_DEFAULT_LANG). */
bool cn_export_lang_needed(int languages, const char *lang);

/* The variable's name in the corpus ("care" for *care_lt1); a static string. */
const char *cn_export_var_name(cn_var var);
/* "care,age,sex" -> opt->vars; -1 naming the unknown variable. */
int cn_export_parse_vars(const char *list, cn_corpus_options *opt, cn_error *err);
/* "care=lt1,1to3" added to opt->where (cn_where_add), its variable checked against the
 * corpus variables. */
int cn_export_parse_where(const char *expr, cn_corpus_options *opt, cn_error *err);

/* What an export of the corpus wrote: its texts, and their languages as cn_export_languages
 * counts the study's (of the texts kept by --where, not of every participant); and the
 * state of the study they were read in: its audit chain's head and records, read in the
 * same read transaction as the texts, as backup says its copy's (trial 67). */
typedef struct cn_export_written {
    size_t texts;
    int languages;          /* 0, 1 or 2 (two or more) */
    char lang[CN_LANG_MAX]; /* the first text's */
    cn_audit_state state;
} cn_export_written;

/* Writes the corpus: one text per entry, participants in code order, each one's entries
 * oldest first; *written (if not NULL) says what. A --where modality that no entry has,
 * or conditions no entry meets together, fail with CN_EEMPTY after the pass: the caller
 * discards what was written (cmd_export writes to a temporary file and renames it only on
 * success). */
int cn_export_corpus(cn_store *store, const cn_corpus_options *opt, FILE *out,
                     cn_export_written *written, cn_error *err);

typedef enum cn_table_format { CN_TABLE_CSV, CN_TABLE_JSON } cn_table_format;

/* The entries whose text begins with =, +, - or @: a spreadsheet that opens the CSV export
 * as is reads those cells as formulas (#NAME?, or a formula a participant's words could
 * make). The export keeps them verbatim, as it must to import back, and says how many,
 * and the first ("P01 2025-03-02"). */
#define CN_EXPORT_FIRST 64
typedef struct cn_export_formulas {
    size_t n;
    char first[CN_EXPORT_FIRST];
} cn_export_formulas;

/* In the import formats, so an export imports back unchanged. formulas (if not NULL)
 * counts, in the same pass, the entries a spreadsheet would read as formulas. */
int cn_export_participants(cn_store *store, cn_table_format format, FILE *out, cn_error *err);
/* As cn_export_participants; formulas (if not NULL) counts, in a CSV, the participants
 * whose site a spreadsheet would read as a formula, first naming the first one's code. */
int cn_export_participants_counted(cn_store *store, cn_table_format format, FILE *out,
                                   cn_export_formulas *formulas, cn_error *err);
int cn_export_entries(cn_store *store, cn_table_format format, FILE *out,
                      cn_export_formulas *formulas, cn_error *err);

#endif
