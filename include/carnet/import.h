/* import.h — bulk import of participants and entries from CSV or JSON, all or nothing:
 * the whole file goes in one transaction, and any bad row rolls it back.
 * Errors are a negative cn_code (CN_EINVALID for bad input) with "FILE:LINE: field: what
 * was wrong" (JSON: "FILE: entries[3].date: ...") in the cn_error. A row refused for its
 * own values does not stop the reading: every such row is told to `refused`, and the error
 * counts them. Duplicates are not errors: they are counted and reported via `notice`. */
#ifndef CARNET_IMPORT_H
#define CARNET_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "carnet/date.h"
#include "carnet/entry.h"
#include "carnet/error.h"
#include "carnet/store.h"
#include "carnet/textin.h"

typedef enum cn_import_format {
    CN_FORMAT_AUTO, /* from the file name: .csv or .json */
    CN_FORMAT_CSV,
    CN_FORMAT_JSON,
} cn_import_format;

/* A JSON file is read whole: refuse anything larger than this before reading it. */
#define CN_IMPORT_JSON_MAX ((size_t)1 << 30)

/* No CSV field may hold more bytes than an entry's text: a field still open past this
 * (a quote left unclosed) is refused there, so memory stays bounded whatever the file. */
#define CN_IMPORT_FIELD_MAX CN_ENTRY_TEXT_MAX

/* The CSV separator: found from the header line (the one of , ; tab that splits it into
 * known column names), or forced. In the order of CN_SEPARATOR_CHOICES. */
typedef enum cn_separator {
    CN_SEP_AUTO,
    CN_SEP_COMMA,
    CN_SEP_SEMICOLON,
    CN_SEP_TAB,
} cn_separator;
#define CN_SEPARATOR_CHOICES "auto|,|;|tab"

typedef struct cn_import_result {
    size_t participants_added;
    size_t participants_same; /* already in the study with identical data: skipped */
    /* held here under a code they had before a recode where the file was exported from
     * (its earlier_codes column): given the file's code here too, then read as the rest */
    size_t participants_recoded;
    char recoded_first[2 * CN_CODE_MAX + 8]; /* "P24 is P28" */
    size_t entries_added;
    size_t entries_duplicate; /* identical participant, date and text: skipped */
    /* added on a day their participant had other entries before (cn_entry_writer_beside),
     * and the first: "P03 2025-04-12" */
    size_t entries_beside;
    char beside_first[48];
    size_t entries_identifying; /* cn_entry_writer_identifying */
    char identifying_first[48];
    /* What refused the file, kept when the import fails (the counts above are then 0): the
     * rows refused for their own values, and the unknown participants entries named. */
    size_t rows_refused;
    size_t unknown_participants;
    /* The error is the message of the file's one refused row (its other failures, and more
     * refused rows, give another: the rows told to `refused` are then its detail). */
    bool error_is_the_row;
} cn_import_result;

typedef struct cn_import_options {
    cn_import_format format;
    cn_separator separator; /* CSV only */
    cn_encoding encoding;   /* the file's; converted to UTF-8 before it is parsed */
    cn_date today;
    /* Called with one line for each skipped duplicate ("FILE:LINE: ..."); may be NULL. */
    void (*notice)(const char *message, void *ctx);
    void *notice_ctx;
    /* Called with the message of each row refused ("FILE:LINE: field: ..."), in the file's
     * order, the rows of unknown participants apart (the error names those); may be NULL.
     * The error is the row's own message when it is the file's one refusal; else it counts
     * the rows, and quotes the first when `refused` is NULL. */
    void (*refused)(const char *message, void *ctx);
    void *refused_ctx;
    /* Called with one line for each participant added whose code or site may identify its
     * person ("FILE:LINE: participant code ... looks like ...": participant.h's
     * cn_participant_identifies), a warning: the row is imported; may be NULL. */
    void (*identifying)(const char *message, void *ctx);
    void *identifying_ctx;
    /* A preview: every row is checked, stored and counted as in an import, then the
     * transaction is rolled back, so the result says what the import would do. */
    bool dry_run;
    /* How messages and the entries' source name the file (an upload kept in a temporary
     * file under its own name): NULL for path itself. */
    const char *name;
    /* Set to 1 once the import is committed, for a signal handler to tell a stop before
     * the commit (nothing was imported) from one after it; may be NULL. SIGINT, SIGTERM and
     * SIGHUP are held during the commit and until this is set, so that none lands between
     * (cmd_import). */
    volatile sig_atomic_t *stored;
    /* Add as another person a participant the study may hold already: alike to one
     * recoded with --forget here, or under an earlier code another site's participant has
     * here (import_internal.h); refused otherwise. */
    bool allow_alike;
    /* A participants export that is not a site's whole list: participants of its sites
     * that it does not list are not refused (cn_import_settle_unlisted). */
    bool partial;
} cn_import_options;

/* "csv", "json" -> *out; -1 otherwise. */
int cn_import_format_parse(const char *text, cn_import_format *out, cn_error *err);

/* Imports path into the store inside one transaction. A CSV file holds participants
 * (header code,gender,birth_year,care_start,consent_date,site,language,status,replaces,
 * handed_back: columns in any order, the first five required) or entries (participant,date,
 * text). A JSON file is {"participants": [...], "entries": [...]} with the same names.
 * Names and values are those of fields.h, read as `participant add|set` reads them.
 * Line ends may be LF, CR LF or CR alone; a UTF-8 byte order mark is skipped. */
int cn_import_file(cn_store *store, const char *path, const cn_import_options *options,
                   cn_import_result *result, cn_error *err);

#endif
