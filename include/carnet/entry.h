/* entry.h — dated diary entries: validation of a transcribed text, storage without
 * duplicates, reading back. Functions return 0 on success, -1 with a message in the
 * cn_error; adding returns 1 for a duplicate (same participant, date and text). */
#ifndef CARNET_ENTRY_H
#define CARNET_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/participant.h"
#include "carnet/store.h"

/* A diary entry is a transcribed page or a few: 1 MiB is far above any real one and
 * stops a broken file (a missing closing quote) from swallowing the rest as one text. */
#define CN_ENTRY_TEXT_MAX (1024 * 1024)
#define CN_SOURCE_MAX 64

typedef struct cn_entry {
    int64_t id;
    char code[CN_CODE_MAX];
    cn_date date;
    const char *text; /* owned by whoever produced the record, see each function */
    char source[CN_SOURCE_MAX];
    char created[32];
    char updated[32];
    int64_t version; /* 1 when added, raised by every change of the text */
} cn_entry;

/* The text as an entry stores it, checked as adding checks it: trimmed, CR LF and a CR
 * alone as LF, into
 * *out (malloc'd, NUL-terminated, the caller frees it); CN_EINVALID "text: ..." when refused. */
int cn_entry_normalise(const char *text, size_t len, char **out, size_t *out_len, cn_error *err);

/* Whether stored, an entry's text as the store holds it, is text (normalised as
 * cn_entry_normalise does): entries stored before a CR alone became LF may hold CRs
 * (trial 85: the desk and double entry took such a page for another text). */
bool cn_entry_same_stored(const char *stored, const char *text);

/* Adds entries one after another with its statements prepared once (imports add
 * thousands). Owned by the caller; cn_entry_writer_close frees it. `source` says where
 * entries came from ("typed", "import:FILE"). */
typedef struct cn_entry_writer cn_entry_writer;

int cn_entry_writer_open(cn_store *store, cn_date today, const char *source, cn_entry_writer **out,
                         cn_error *err);
/* Writes what the writer still holds for the audit: the fingerprints of an import's entries,
 * in one record (see store.c). Call it before committing; close alone discards them. */
int cn_entry_writer_finish(cn_entry_writer *writer, cn_error *err);
void cn_entry_writer_close(cn_entry_writer *writer);
/* How many entries the writer added on a day their participant already had entries of
 * other texts (before it began), and the first ("P03 2025-04-12", owned by the writer):
 * two pages of one day, or a corrected version of a page stored already, as a re-export
 * after corrections brings (trial 74: the merged study kept both, in silence). */
size_t cn_entry_writer_beside(const cn_entry_writer *writer, const char **first);
/* Entries added whose text may identify someone (cn_entry_text_identifies), and the first
 * ("P03 2025-04-12"): an import says how many, and check names each. */
size_t cn_entry_writer_identifying(const cn_entry_writer *writer, const char **first);

/* Validates and stores one entry. Leading and trailing white space is trimmed and CRLF
 * becomes LF before storing and comparing. Refused: unknown participant, impossible date,
 * a date before consent or after today, empty text, text that is not UTF-8 or holds NUL
 * bytes, text over CN_ENTRY_TEXT_MAX. Returns 0 when stored (*id set if id is not NULL),
 * 1 when an identical entry exists (nothing stored; *id set to that entry's), -1 on error. */
int cn_entry_writer_add(cn_entry_writer *writer, const char *code, const char *date,
                        const char *text, size_t len, int64_t *id, cn_error *err);

/* One entry typed by hand: opens a writer, adds, and commits in a transaction of its own
 * (a savepoint inside the caller's). Returns as cn_entry_writer_add. Bulk adds (imports)
 * use a writer inside their own transaction instead. */
int cn_entry_add(cn_store *store, cn_date today, const char *source, const char *code,
                 const char *date, const char *text, size_t len, int64_t *id, cn_error *err);

/* Replaces the text of entry id with the same checks as adding, in a transaction of its own
 * (a savepoint inside the caller's); -1 if it would become identical to another entry of the
 * same participant and date. Under double entry, -1 (err->code CN_EINVALID) for an entry not
 * final yet (cn_dde_require_final): its text is decided by reconciling its copies. */
int cn_entry_set_text(cn_store *store, int64_t id, const char *text, size_t len, cn_error *err);
/* cn_entry_set_text for a text edited from version base_version of the entry (the command
 * line's $EDITOR): CN_ECONFLICT, nothing stored, when the entry was changed meanwhile, as
 * cn_entry_edit says it; a negative base_version takes the entry as it is. */
int cn_entry_set_text_from(cn_store *store, int64_t id, int64_t base_version, const char *text,
                           size_t len, cn_error *err);

/* Replaces the text of entry id as cn_entry_set_text does, for an edit made on version
 * base_version of the entry: CN_ECONFLICT (nothing stored) when the entry has changed since,
 * so that of two people editing one entry the second is told rather than overwriting the
 * first. reason (required, CN_EINVALID when empty) goes to the audit trail as a "reason"
 * record (JSON: reason, version) in the same transaction. An entry not final is not refused
 * here: the reconciliation writes its decision through this, and the desk sends an entry not
 * final to its reconciliation instead of its edit form. */
int cn_entry_edit(cn_store *store, int64_t id, int64_t base_version, const char *text, size_t len,
                  const char *reason, cn_error *err);

/* Moves entry id to date (YYYY-MM-DD), to correct a date mistyped: within the bounds an
 * added entry has (from the participant's consent to today, not after the day its diary
 * came back), in a transaction of its own (a savepoint inside the caller's). reason (may be
 * NULL) goes to the audit trail as cn_entry_edit's does. base_version as cn_entry_edit's
 * (negative: whatever the entry's version now). 0 when moved, 1 when the entry has that
 * date already; negative: CN_ENOTFOUND, CN_ECONFLICT, CN_EINVALID (a date refused),
 * CN_EDUPLICATE (the participant has this text on that date already). Under double entry
 * an entry not final moves too: a first copy typed with the wrong date is moved to the
 * page's, where the second copy pairs with it. */
int cn_entry_set_date(cn_store *store, cn_date today, int64_t id, int64_t base_version,
                      const char *date, const char *reason, cn_error *err);

/* Deletes entry id, a transcription mistake (a page typed twice, one not of this study),
 * with its double-entry copies (cn_dde_delete), in a transaction of its own (a savepoint
 * inside the caller's). reason is required (CN_EINVALID): it goes to the audit trail as
 * cn_entry_edit's does, before the deletion's record, which keeps the entry's text as an
 * edit's record keeps the text it replaced (a participant's erasure, erase.h, is what takes
 * texts out). CN_ENOTFOUND when there is no such entry. *out (caller's) says what went. An
 * entry not final may be deleted: a page typed twice by one typist is two entries. */
typedef struct cn_entry_deleted {
    char code[CN_CODE_MAX]; /* its participant */
    char date[CN_DATE_TEXT];
    bool copies; /* it had double-entry copies, deleted with it */
} cn_entry_deleted;
int cn_entry_delete(cn_store *store, int64_t id, const char *reason, cn_entry_deleted *out,
                    cn_error *err);

/* Gives entry id to participant code, to correct a page typed under the wrong one: within
 * the bounds an entry added for code has (cn_entry_writer_add's: a known code whose diaries
 * were not erased, its date from code's consent to today, not after the day code's diary
 * came back), and not when code has the same text on that date already (CN_EDUPLICATE). In
 * a transaction of its own; reason is required, and recorded as cn_entry_edit's. 0 when
 * moved, 1 when the entry is code's already; negative: CN_ENOTFOUND (the entry, the
 * participant), CN_EINVALID, CN_EDUPLICATE. An entry not final moves too, as with
 * cn_entry_set_date: its copies are texts, which the reconciliation decides, not whose. */
int cn_entry_move(cn_store *store, cn_date today, int64_t id, const char *code, const char *reason,
                  cn_error *err);

/* Returns 1 and fills *out (out->text malloc'd: free it with cn_entry_clear), 0 if there is
 * no such entry, -1 on error. */
int cn_entry_get(cn_store *store, int64_t id, cn_entry *out, cn_error *err);
/* The code entry id belonged to when it was deleted (entry delete), from its delete record
 * in the trail, into code: 1, 0 when no such record, -1 on error. */
int cn_entry_deleted_owner(cn_store *store, int64_t id, char code[CN_CODE_MAX], cn_error *err);
void cn_entry_clear(cn_entry *entry);

/* The byte offset of the first control character of text[0 .. len) (valid UTF-8) that no
 * transcription holds (C0 but the spaces, DEL, C1), with its code point into *cp; len when
 * there is none. Entries holding one are refused; a study recorded before may keep some. */
size_t cn_entry_find_control(const char *text, size_t len, unsigned *cp);

/* Calls fn on every entry of `code` (NULL: of everyone), by participant code, then date,
 * then id. The record's text belongs to the store and lives until fn returns. */
int cn_entry_each(cn_store *store, const char *code, int (*fn)(const cn_entry *e, void *ctx),
                  void *ctx, cn_error *err);

/* What the protocol statistics need of one participant's diary. */
typedef struct cn_entry_span {
    int64_t count;
    cn_date first;
    cn_date last;
} cn_entry_span;

int cn_entry_span_of(cn_store *store, int64_t participant_id, cn_entry_span *out, cn_error *err);

#endif
