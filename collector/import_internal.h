/* import_internal.h — what the import's three files share (not installed): the importer that
 * validates and stores rows (import.c), the CSV reader (import_csv.c) and the JSON reader
 * (import_json.c) that turn a file into rows. Errors come back as in import.h. */
#ifndef CARNET_IMPORT_INTERNAL_H
#define CARNET_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/entry.h"
#include "carnet/error.h"
#include "carnet/import.h"
#include "carnet/participant.h"
#include "carnet/textin.h"

/* A participant of the file who replaces one the study does not hold yet: set once the
 * whole file is read, so that a file may list a replacement before the one it replaces
 * (export participants sorts by code: LY01 replacing PA03 comes first). */
typedef struct later_replacement {
    char code[CN_CODE_MAX], replaces[CN_CODE_MAX];
    char *where;
} later_replacement;

/* Participant codes, each once, UNKNOWN_KEPT at most (then a wrong file, most often). */
typedef struct code_list {
    char (*codes)[CN_CODE_MAX];
    size_t n, cap;
} code_list;

typedef struct importer {
    cn_store *store;
    const cn_import_options *opt;
    cn_import_result *result;
    cn_entry_writer *writer;
    const char *path;
    int64_t first_id, last_id;                   /* entries added by this import */
    int64_t first_participant, last_participant; /* participants added by it */
    later_replacement *later;
    size_t nlater, later_cap;
    /* rows of stored participants that differ from them by `replaces` alone, compared again
     * once the file is read: a row later in it may recode the one replaced (trial 95) */
    struct later_check {
        cn_participant row;
        char *where;
    } * checks;
    size_t nchecks, checks_cap;
    /* the participants the file's rows are, and those added alike to one stored before
     * (import_recoded.c) */
    struct listed {
        int64_t id;
        bool stored; /* before this import */
        char code[CN_CODE_MAX];
        char site[CN_SITE_MAX];
        char was[CN_CODE_MAX]; /* their code here before this import recoded them, or "" */
    } * listed;
    size_t nlisted, listed_cap;
    bool is_export; /* its rows have the earlier_codes column: a site's whole list */
    /* entries of participants the study does not have: all said at the end, not the first
     * alone, so that one correction of the file fixes them all (UNKNOWN_SHOWN named) */
    char unknown[512], first_unknown[512];
    size_t unknown_len, nunknown;
    code_list unknown_codes;      /* each unknown code once, UNKNOWN_KEPT at most */
    code_list refused_codes;      /* participants whose own row was refused */
    code_list erased_codes;       /* participants added erased by this import: no entry for them */
    char study_lang[CN_LANG_MAX]; /* the study's language, "" until read (study_language) */
    /* rows refused by a rule of their own (a bad date, a missing field): the file is read
     * on, so that one correction fixes them all; the first is kept whole */
    size_t nrefused;
    cn_error first_refusal;
} importer;

#define UNKNOWN_SHOWN 8
#define UNKNOWN_KEPT 10000 /* then counted as "more than" (a wrong file, most often) */

typedef enum { KIND_UNKNOWN, KIND_PARTICIPANTS, KIND_ENTRIES } cn_import_row_kind;

/* A row's participant whom the study holds under one of the codes its earlier_codes column
 * names (codes, "" or NULL: none), a participant of the row's site: given the row's code
 * here, the recode's reason naming the row (where), and the code they had here written into
 * was (CN_CODE_MAX); the row is then compared with them as with any stored participant.
 * 1 when recoded, 0 when nothing was to do, or a refusal naming the row: such a participant
 * under the row's own code too (a copy an import of before made), an earlier code recoded
 * here to another, or one held by a participant of another site (unless
 * opt->allow_alike). */
int cn_import_follow_earlier(importer *im, const cn_participant *p, const char *codes,
                             const char *where, char *was, cn_error *err);
/* Notes a participant a row of the file is: stored before the import (the row matched
 * them, recoded or not: was, their code before, or ""), or added by it. */
int cn_import_note_listed(importer *im, const cn_participant *p, bool stored, const char *was,
                          cn_error *err);
/* The code the study had, before this import recoded them, for the participant a row of
 * the file calls code; NULL when the import did not recode them. */
const char *cn_import_code_before(const importer *im, const char *code);
/* After a file that is an export (its rows have the earlier_codes column): refuses when
 * the study holds participants of a site the file lists, stored before the import, that
 * the file does not list (unless opt->partial). A participant is never deleted: one missing
 * from their site's export has another code there, from a recode with --forget, and would
 * otherwise come back as someone new with their diary a second time (trials 96 to 98). */
int cn_import_settle_unlisted(importer *im, cn_error *err);
void cn_import_recoded_free(importer *im);

/* A participants file's columns: the fields, then "erased" and "earlier_codes" (fields.h). */
#define CN_IMPORT_PCOLUMNS (CN_PF_COUNT + 2)
#define CN_IMPORT_PC_ERASED CN_PF_COUNT
#define CN_IMPORT_PC_EARLIER (CN_PF_COUNT + 1)

/* Column j of a file of this kind, and how many there are: the names come from the one
 * field table (fields.h). */
const char *cn_import_column_name(cn_import_row_kind kind, size_t j);
size_t cn_import_column_count(cn_import_row_kind kind);

/* One row, its fields named as the columns (NULL: absent), checked and stored; `where`
 * names it in messages ("FILE:LINE", "FILE: entries[3]"). A negative cn_code on failure. */
int cn_import_participant(importer *im, const char *const *v, const char *where, cn_error *err);
int cn_import_entry(importer *im, const char *const *v, const size_t *len, const char *where,
                    cn_error *err);

/* rc, the outcome of one row: a refusal of that row alone is noted (and told to
 * opt->refused) and the reading goes on with 0; anything else is returned as it is. */
int cn_import_note_row(importer *im, int rc, cn_error *err);

/* The readers: every row of in (a CSV file) or of f (a JSON file, read whole from in) through
 * the functions above. */
int cn_import_csv(importer *im, cn_textin *in, cn_error *err);
int cn_import_json(importer *im, FILE *f, cn_textin *in, cn_error *err);

#endif
