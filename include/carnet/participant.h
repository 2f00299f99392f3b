/* participant.h — the people of a study, known only by pseudonymous codes: their
 * validation, storage and status. Records are plain values the caller owns; functions
 * return 0 on success and -1 with a message in the cn_error (lookups: 1 found, 0 not). */
#ifndef CARNET_PARTICIPANT_H
#define CARNET_PARTICIPANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/identifying.h"
#include "carnet/store.h"

#define CN_CODE_MAX 33 /* 32 characters of [A-Za-z0-9_] and the NUL */
#define CN_SITE_MAX 128

typedef enum cn_status {
    CN_STATUS_ACTIVE,
    CN_STATUS_HANDED_BACK,
    CN_STATUS_LOST,
    CN_STATUS_WITHDRAWN,
} cn_status;

typedef struct cn_participant {
    int64_t id; /* assigned by the store */
    char code[CN_CODE_MAX];
    char gender; /* 'f', 'm' or 'x' */
    int birth_year;
    cn_date care_start;
    cn_date consent;
    char site[CN_SITE_MAX];
    char lang[CN_LANG_MAX];
    cn_status status;
    char replaces[CN_CODE_MAX]; /* "" when this participant replaces nobody */
    bool has_handed_back;
    cn_date handed_back;
} cn_participant;

const char *cn_status_name(cn_status status);
/* Returns 0 and sets *out for "active", "handed_back", "lost", "withdrawn"; else -1. */
int cn_status_parse(const char *text, cn_status *out, cn_error *err);

/* A code is 1 to 32 characters of [A-Za-z0-9_], so it is a valid corpus modality as is. */
int cn_participant_check_code(const char *code, cn_error *err);

/* The warning for p's code and site, one line for each that may identify ("participant
 * code 0612345678 looks like a phone or identity number: codes must not identify"), into
 * out (size bytes, cut there); returns how many lines (0: nothing, out ""). */
#define CN_IDENTIFYING_TEXT_MAX (2 * CN_SITE_MAX + 256)
int cn_participant_identifies(const cn_participant *p, char *out, size_t size);

/* The status rule, the one place it is written: a hand-back date makes the participant
 * handed_back unless the status says lost or withdrawn (a diary may come back after the
 * participant left), and a date cleared (back_cleared) makes a handed_back one active
 * again, the hand-back undone. status_stated: the status was given along with the date;
 * stated as active it contradicts a date, and -1 says so rather than picking one of the
 * two; stated as handed_back it needs one. */
int cn_participant_status_rule(cn_participant *p, bool status_stated, bool back_cleared,
                               cn_error *err);

/* Checks one record against the protocol: care start <= consent <= today, an adult-life
 * birth year, hand-back on or after consent, no active status with a hand-back date.
 * Messages name the field. was: the record as stored, for a change (NULL: a new record,
 * an import's): a consent or hand-back date it holds already is not refused for being
 * after today, as another computer's today may be ahead of this one's. */
int cn_participant_validate(const cn_participant *p, const cn_participant *was, cn_date today,
                            cn_error *err);
/* The same rules, every one of them: calls each(field, message, ctx) for every rule p breaks,
 * field being the cn_pfield (fields.h) the message is about, so that a form can show all its
 * refusals at once, each by its field. Returns how many; cn_participant_validate refuses with
 * the first. */
size_t cn_participant_validate_all(const cn_participant *p, const cn_participant *was,
                                   cn_date today,
                                   void (*each)(int field, const char *message, void *ctx),
                                   void *ctx);

/* Writes own their transaction: a transaction of their own, or a savepoint when the caller
 * has one open (an import), so a refused record leaves nothing behind either way. */

/* Validates, then inserts. A code already in the study is refused; so is a replaced code
 * that is not. */
int cn_participant_add(cn_store *store, cn_participant *p, cn_date today, cn_error *err);
/* cn_participant_add, and with alike_ok a participant who has the gender, birth year, dates
 * and site of one recoded with --forget is not refused as that person (--allow-alike:
 * two people enrolled alike). */
int cn_participant_add_alike(cn_store *store, cn_participant *p, cn_date today, bool alike_ok,
                             cn_error *err);

/* Validates, then stores every field of p (found by p->code). */
int cn_participant_update(cn_store *store, const cn_participant *p, cn_date today, cn_error *err);

/* Changes the stored participant `code` by text values indexed by cn_pfield (NULL: not
 * given), read with cn_field_read_participant (so the status rule applies), validated and
 * stored; *out receives the record as stored. -1 "unknown participant 'X'" if absent. */
int cn_participant_set_text(cn_store *store, const char *code, const char *const values[],
                            cn_date today, cn_participant *out, cn_error *err);

/* 1 and the code into twin when another participant's code differs from code only by
 * case (p14 for P14), 0 when none does, -1 on error. */
int cn_participant_case_twin(cn_store *store, const char *code, char twin[CN_CODE_MAX],
                             cn_error *err);
/* CN_ENOTFOUND with "<prefix>unknown participant 'p14'", and " (the study has P14: codes
 * differ by case)" when one does. */
int cn_participant_unknown(cn_store *store, const char *code, const char *prefix, cn_error *err);

/* The fields a change based on a record read earlier would overwrite unseen, as bits
 * (1u << cn_pfield): those the change writes (values, NULL: not written) or rests on (base,
 * the record as it was read, written as cn_field_write_participant writes it; NULL: not read)
 * whose base is missing or is no longer their text in stored. 0: the change rests on stored. */
unsigned cn_participant_stale(const cn_participant *stored, const char *const base[],
                              const char *const values[]);

/* cn_participant_set_text for a change made from the record as read earlier (a form opened a
 * while ago): when cn_participant_stale finds fields, CN_ECONFLICT ("participant P18 was
 * changed meanwhile (status, handed_back: ...): nothing stored"), nothing written and *out the
 * record as stored now, to show. base NULL: no check (a change made at once, the CLI's). */
int cn_participant_set_based(cn_store *store, const char *code, const char *const base[],
                             const char *const values[], cn_date today, cn_participant *out,
                             cn_error *err);

/* Returns 1 and fills *out when code exists, 0 when it does not, -1 on error. */
int cn_participant_get(cn_store *store, const char *code, cn_participant *out, cn_error *err);
/* cn_participant_get for a participant that must exist: 0, or CN_ENOTFOUND ("unknown
 * participant 'X'") or another negative cn_code, with the message in err. */
int cn_participant_find(cn_store *store, const char *code, cn_participant *out, cn_error *err);

/* The codes of the participants who replace `code`, in code order and joined by ", "
 * ("" if none), into out (size bytes; cut there); a study may replace one participant
 * more than once (a replacement lost in turn). */
#define CN_REPLACED_BY_MAX 512
int cn_participant_replaced_by(cn_store *store, const char *code, char *out, size_t size,
                               cn_error *err);

/* Calls fn on every participant in code order; a non-zero return stops and is returned. */
int cn_participant_each(cn_store *store, int (*fn)(const cn_participant *p, void *ctx), void *ctx,
                        cn_error *err);

/* True when both records hold the same data (ids are not compared). */
bool cn_participant_same(const cn_participant *a, const cn_participant *b);

#endif
