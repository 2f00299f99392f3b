/* import.h — bulk import of participants and entries from CSV or JSON, all or nothing:
 * the whole file goes in one transaction, and the first bad row rolls it back.
 * Errors are -1 with "FILE:LINE: field: what was wrong" (JSON: "FILE: entries[3].date: ...")
 * in the cn_error; duplicates are not errors: they are counted and reported via `notice`. */
#ifndef CARNET_IMPORT_H
#define CARNET_IMPORT_H

#include <stddef.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/store.h"

typedef enum cn_import_format {
    CN_FORMAT_AUTO, /* from the file name: .csv or .json */
    CN_FORMAT_CSV,
    CN_FORMAT_JSON,
} cn_import_format;

/* A JSON file is read whole: refuse anything larger than this before reading it. */
#define CN_IMPORT_JSON_MAX ((size_t)1 << 30)

typedef struct cn_import_result {
    size_t participants_added;
    size_t participants_same; /* already in the study with identical data: skipped */
    size_t entries_added;
    size_t entries_duplicate; /* identical participant, date and text: skipped */
} cn_import_result;

typedef struct cn_import_options {
    cn_import_format format;
    cn_date today;
    /* Called with one line for each skipped duplicate ("FILE:LINE: ..."); may be NULL. */
    void (*notice)(const char *message, void *ctx);
    void *notice_ctx;
} cn_import_options;

/* "csv", "json" -> *out; -1 otherwise. */
int cn_import_format_parse(const char *text, cn_import_format *out, cn_error *err);

/* Imports path into the store inside one transaction. A CSV file holds participants
 * (header code,gender,birth_year,care_start,consent_date,site,language,status,replaces,
 * handed_back: columns in any order, the first five required) or entries (participant,date,
 * text). A JSON file is {"participants": [...], "entries": [...]} with the same names.
 * Names and values are those of fields.h, read as `participant add|set` reads them. */
int cn_import_file(cn_store *store, const char *path, const cn_import_options *options,
                   cn_import_result *result, cn_error *err);

#endif
