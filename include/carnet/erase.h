/* erase.h — a participant's diaries erased from the study, for a withdrawal of consent that
 * asks for it: their entries, double-entry copies and drafts deleted, and their texts (and
 * the reasons given for their corrections) taken out of the audit trail, whose chain is
 * sealed again from the first record changed and ends with an "erase" record saying what was
 * done, why, and the chain head before. The participant's row stays (a pseudonymous code,
 * the cohort fields, status withdrawn): the protocol tables still count the participant.
 * Copies made before (backups, exports, analyses) are the team's to delete: the study
 * cannot reach them.
 * Results go into a caller-owned struct; returns 0, or a negative cn_code with a message. */
#ifndef CARNET_ERASE_H
#define CARNET_ERASE_H

#include <stdint.h>

#include "carnet/error.h"
#include "carnet/store.h"

typedef struct cn_erase_result {
    int64_t entries, copies, drafts; /* rows deleted */
    int64_t records;                 /* audit records whose texts were taken out */
    char head_before[CN_AUDIT_HEX];  /* the chain head before the erasure */
    char head_after[CN_AUDIT_HEX];   /* and after it, its own record included */
} cn_erase_result;

/* Erases the diaries of participant code (see above), in one transaction, then rewrites the
 * file without the freed pages (VACUUM) so that no deleted text stays in it. The
 * participant must be withdrawn first (CN_EINVALID otherwise: an erasure follows a
 * withdrawal, never a slip of the code); reason is required (the audit trail keeps it). */
int cn_erase_participant(cn_store *store, const char *code, const char *reason,
                         cn_erase_result *out, cn_error *err);

#endif
