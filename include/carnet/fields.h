/* fields.h — the one description of a participant's and an entry's fields: CSV column and
 * JSON key, CLI option, whether a new record needs it, parser from text, formatter to text.
 * The imports, the exports and the participant commands all read these tables, so no path
 * accepts a value that another refuses. The tables are constant; parsers return 0, or -1 with
 * "NAME: what was wrong" in the cn_error. */
#ifndef CARNET_FIELDS_H
#define CARNET_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"
#include "carnet/participant.h"

/* Participant fields, in the order of the CSV header and of the JSON export. */
typedef enum cn_pfield {
    CN_PF_CODE,
    CN_PF_GENDER,
    CN_PF_BIRTH_YEAR,
    CN_PF_CARE_START,
    CN_PF_CONSENT,
    CN_PF_SITE,
    CN_PF_LANG,
    CN_PF_STATUS,
    CN_PF_REPLACES,
    CN_PF_HANDED_BACK,
    CN_PF_COUNT
} cn_pfield;

/* After the fields, a participants file's column "erased": "yes" for a participant whose
 * diaries were erased (participant erase), "" otherwise. It is no field of the record (the
 * erasure is the audit trail's) and no option: an export writes it, an import recreates
 * the erasure from it, so that a study moved through its export still counts the
 * participant erased, not lost (trial 72). */
#define CN_PF_ERASED_COLUMN "erased"
/* After "erased", the column "earlier_codes": the codes the participant had before each
 * recode made without --forget, oldest first, separated by spaces ("P24 P26"), as the
 * study's audit trail keeps them (cn_recode_earlier_codes). An import into a study that
 * holds the participant under one of them gives them there the code they have now, rather
 * than adding them a second time with a second copy of their diary (trial 74: a merge
 * re-run after a recode at a site). Optional: an export of before has no such column. */
#define CN_PF_EARLIER_COLUMN "earlier_codes"
/* Room for a participant's earlier codes as that column writes them. */
#define CN_PF_EARLIER_MAX 1024

/* "yes" (any case) into true, "" or "no" into false; -1 naming the value otherwise. */
int cn_field_parse_erased(const char *text, bool *erased, cn_error *err);

/* Room for any participant field written as text, and its NUL. */
#define CN_FIELD_TEXT_MAX CN_SITE_MAX

typedef struct cn_field {
    const char *name;   /* CSV column and JSON key */
    const char *option; /* option of `participant add|set`; NULL: the CODE argument */
    const char *arg;    /* the option's value in its help: "DATE" */
    const char *help;   /* the option's help line */
    bool required;      /* a new participant must have it, not empty */
    bool number;        /* a JSON number rather than a string */
    /* Stores text into its field of p. Text "" clears an optional field. */
    int (*parse)(const char *text, cn_participant *p, cn_error *err);
    /* Writes the field of p as text ("" when it is empty or absent). */
    void (*format)(const cn_participant *p, char out[CN_FIELD_TEXT_MAX]);
} cn_field;

extern const cn_field cn_participant_fields[CN_PF_COUNT];

/* Entry fields: the CSV columns and JSON keys of imported and exported entries. */
typedef enum cn_efield { CN_EF_PARTICIPANT, CN_EF_DATE, CN_EF_TEXT, CN_EF_COUNT } cn_efield;

extern const char *const cn_entry_fields[CN_EF_COUNT];

/* Fills p from text values indexed by cn_pfield; NULL means not given (p keeps what it
 * holds: the stored record for an update, zeros for a new one). new_record: every required
 * field must be given and not empty. Then applies the status rule (cn_participant_status_rule),
 * with the status counted as stated when its value is given and not empty. */
int cn_field_read_participant(const char *const values[CN_PF_COUNT], bool new_record,
                              cn_participant *p, cn_error *err);

/* Writes every field of p as text, indexed by cn_pfield. */
void cn_field_write_participant(const cn_participant *p, char out[CN_PF_COUNT][CN_FIELD_TEXT_MAX]);

/* The column names of a participants (entries == false) or entries file, comma-separated:
 * "code,gender,...". Returns out. */
const char *cn_field_header(bool entries, char *out, size_t size);

/* The site text as every path stores it, into out (size bytes): without the spaces around
 * it, each run of spaces inside it one plain space (any Unicode space, tabs, line breaks),
 * and without the invisible format characters (zero-width spaces, byte order marks); false
 * when text is not UTF-8 or does not fit. */
bool cn_field_site_trimmed(const char *text, char *out, size_t size);

#endif
