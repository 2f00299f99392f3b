/* recode.h — a participant's code corrected: a slip at enrolment, or a code that may identify
 * its person (participant.h's warning), replaced by another everywhere the study holds it.
 * Results go into a caller-owned struct; returns 0, or a negative cn_code with a message. */
#ifndef CARNET_RECODE_H
#define CARNET_RECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/participant.h"
#include "carnet/store.h"

typedef struct cn_recode_result {
    int64_t replacing;      /* participants whose `replaces` named the old code */
    int64_t records;        /* audit records the old codes were taken out of (forget) */
    int64_t left_in_trail;  /* audit records that still hold one as a word of a text (forget) */
    int64_t left_in_texts;  /* entries, drafts and copies whose text holds one (forget) */
    int64_t rewritten_from; /* the first audit record rewritten (forget), 0: none */
    bool nothing; /* forget with the same code, none earlier: only the file was rewritten */
    char head_after[CN_AUDIT_HEX]; /* the chain's head after */
} cn_recode_result;

/* Gives participant code the code new_code, in one transaction: its row, the `replaces` of
 * those who replace it, and a "recode" record in the audit trail with the reason (required).
 * The entries, drafts and copies follow by the participant's id. new_code must be a valid
 * code that no other participant has, in any case (CN_EDUPLICATE).
 * Without forget, the trail keeps the old code (the change's record names both), as for a
 * slip. With forget, for a code that identifies: each value of the trail that names the
 * participant by a code they had (their records' code, a replacement's `replaces`, an
 * entry's participant, an earlier recode's) becomes new_code, their records' fingerprints
 * are made again from the rows as they now read, the chain is sealed again from the first
 * record changed (the recode record says from which, and not the head it replaced: trying
 * codes against that hash would give the old one back), and
 * the file is rewritten without freed pages (VACUUM). new_code may then be the current
 * code: only the earlier ones go. Texts that hold an old code as a word (a reason, a
 * diary's text) are counted, not changed. Refused (CN_EINVALID) when another participant
 * had one of those codes, or when the reason may hold one; with none to forget (the same
 * code), the file alone is rewritten, as after a VACUUM that failed (out->nothing). */
int cn_recode_participant(cn_store *store, const char *code, const char *new_code,
                          const char *reason, bool forget, cn_recode_result *out, cn_error *err);

/* Whether a participant other than the one of id except (0: none) had code before a recode
 * (the audit trail keeps a slip's earlier codes): 1 with its code now in owner, 0, or -1.
 * Such a code is not given again: the trail names participants by code. */
int cn_recode_earlier_owner(cn_store *store, const char *code, int64_t except,
                            char owner[CN_CODE_MAX], cn_error *err);

/* Every code participant pid has had, the one it has included (from the audit trail:
 * records of a recode without --forget keep the earlier ones): the desk's audit page shows
 * a participant's whole history under any of them. out->codes is malloc'd; free() it. */
/* The codes participant pid had before each recode made without --forget, oldest first,
 * separated by spaces, into out (size bytes, "" for none): what an export writes beside the
 * participant, so that a study the export is imported into, which knows them by an earlier
 * code, gives them the one they have now (trial 74). A code forgotten since is not there.
 * CN_ERR when they do not fit (a participant recoded dozens of times). */
int cn_recode_earlier_codes(cn_store *store, int64_t pid, char *out, size_t size, cn_error *err);

typedef struct cn_recode_codes {
    char (*codes)[CN_CODE_MAX];
    size_t n;
} cn_recode_codes;
int cn_recode_codes_of(cn_store *store, int64_t pid, cn_recode_codes *out, cn_error *err);

#endif
