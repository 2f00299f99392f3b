/* dde.h — double data entry: a study setting under which each notebook entry is typed twice,
 * by two typists blind to each other, and reconciled by a third; only reconciled entries are
 * final. Also the word-by-word difference of the two copies. Records are caller-owned values
 * (texts malloc'd: cn_dde_clear frees them); functions return 0 (or what each says), or a
 * negative cn_code with a message ("field: what") in the cn_error. */
#ifndef CARNET_DDE_H
#define CARNET_DDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/store.h"

#define CN_TYPIST_MAX 64 /* a name or initials, with its NUL */

/* The study's setting, and changing it (recorded in the audit trail). */
int cn_dde_enabled(cn_store *store, bool *on, cn_error *err);
int cn_dde_set(cn_store *store, bool on, cn_error *err);

/* Checks a typist's name: 1 to CN_TYPIST_MAX - 1 bytes of UTF-8 with no control character,
 * leading or trailing space; CN_EINVALID "typist: ..." otherwise. */
int cn_dde_check_typist(const char *typist, cn_error *err);

/* How cn_dde_type stored a copy. */
typedef enum cn_dde_stored {
    CN_DDE_FIRST,   /* the first copy: a new entry, not final, awaiting the second */
    CN_DDE_SECOND,  /* the second copy, different from the first: to be reconciled */
    CN_DDE_AGREED,  /* the second copy, the same text as the first: the entry is final */
    CN_DDE_EXISTING /* an identical entry already exists (cn_entry_add's duplicate) */
} cn_dde_stored;

/* One typist's copy of participant `code`'s entry of `date`, with the entry library's rules.
 * It is the second copy of the oldest entry of that participant and date whose first copy
 * was typed by someone else and that has no second yet; otherwise the first copy of a new
 * entry, whose source is `source` ("typed", "desk"). *entry_id is the entry's id. In one
 * transaction (a savepoint in the caller's). */
int cn_dde_type(cn_store *store, cn_date today, const char *source, const char *typist,
                const char *code, const char *date, const char *text, size_t len, int64_t *entry_id,
                cn_dde_stored *how, cn_error *err);

/* The two copies of an entry typed twice. */
typedef struct cn_dde_pair {
    int64_t entry_id;
    char first_typist[CN_TYPIST_MAX], second_typist[CN_TYPIST_MAX]; /* second: "" if none */
    char *first, *second;                                           /* second NULL if none */
    char reconciler[CN_TYPIST_MAX]; /* "" while not final; "(agreed)" for equal copies */
} cn_dde_pair;

/* 1 and *out when entry_id was typed under double entry, 0 when not, negative on error. */
int cn_dde_get(cn_store *store, int64_t entry_id, cn_dde_pair *out, cn_error *err);
void cn_dde_clear(cn_dde_pair *pair);

/* 0 when entry_id is final (or was not typed twice), or when double entry is off (an entry
 * left unreconciled is then read with its first copy's text, as data); CN_EINVALID, saying
 * what the entry waits for and where to reconcile it, when it is not: its text is then
 * decided by the reconciliation, which shows the two copies only and would drop a
 * correction made beside them (trial 60). `doing` names the refused change ("edited"). */
int cn_dde_require_final(cn_store *store, int64_t entry_id, const char *doing, cn_error *err);
/* CN_EINVALID when entry_id, a copy typed once, would be moved (to participant pid, 0: its
 * own) to date, where that participant has another copy typed once: two first copies never
 * pair, so one would wait for a second copy for ever (trial 61); the message says what to
 * do. 0 otherwise. */
int cn_dde_refuse_two_halves(cn_store *store, int64_t entry_id, int64_t pid, const char *date,
                             cn_error *err);
/* When double entry is off, marks the copies of entry_id, if still unreconciled, as settled
 * by the correction being made, so that turning it on again does not offer them for a
 * reconciliation that would drop the correction; nothing when it is on. Inside the
 * correction's transaction. */
int cn_dde_settle_corrected(cn_store *store, int64_t entry_id, cn_error *err);

/* Deletes the copies of entry_id, for the deletion of the entry (cn_entry_delete): inside
 * the caller's transaction, with a "delete" record under dde naming the typists and the
 * reconciler, not the texts (the entry's own delete record keeps its text; an erasure takes
 * texts out of the entry's records only). 1 when it had copies, 0 when not, or negative. */
int cn_dde_delete(cn_store *store, int64_t entry_id, cn_error *err);

/* The third person's decision: text (one of the copies, or their own merge) becomes the
 * entry's, made on version base_version of it (CN_ECONFLICT if it changed since), and the
 * entry becomes final. CN_EINVALID when the entry has only one copy, is already final, or
 * reconciler typed one of its copies. Audited: the reason record names the three people. */
int cn_dde_reconcile(cn_store *store, int64_t entry_id, int64_t base_version,
                     const char *reconciler, const char *text, size_t len, cn_error *err);

/* Entries not final, oldest first: fn gets each id, participant code, date and whether its
 * second copy is in. A non-zero return from fn stops the walk and is returned. */
int cn_dde_each_pending(cn_store *store,
                        int (*fn)(int64_t id, const char *code, const char *date, bool second,
                                  void *ctx),
                        void *ctx, cn_error *err);

/* Restricts (on) or no longer restricts (off) what this connection reads as `entry` to the
 * final entries, for stats, check and export: a temporary view named entry that hides the
 * main table from unqualified names. Writes to entries fail while it is on. */
int cn_dde_final_only(cn_store *store, bool on, cn_error *err);

/* The word-by-word difference of a and b: tokens are runs of non-space bytes, matched by a
 * longest common subsequence (after the common head and tail; a middle too large for the
 * table is one change). Ops are malloc'd (free them); each covers whole tokens, as byte
 * ranges that include the blanks after each word. */
typedef enum cn_diff_kind { CN_DIFF_SAME, CN_DIFF_DEL, CN_DIFF_ADD } cn_diff_kind;
typedef struct cn_diff_op {
    cn_diff_kind kind;
    size_t a_start, a_len; /* the words in a: SAME and DEL (a_len 0 for ADD) */
    size_t b_start, b_len; /* the words in b: SAME and ADD (b_len 0 for DEL) */
} cn_diff_op;
int cn_dde_diff(const char *a, const char *b, cn_diff_op **ops, size_t *n, cn_error *err);

#endif
