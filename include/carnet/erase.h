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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/participant.h"
#include "carnet/store.h"

typedef struct cn_erase_result {
    int64_t entries, copies, drafts; /* rows deleted */
    int64_t records;                 /* audit records whose texts were taken out */
    char head_before[CN_AUDIT_HEX];  /* the chain head before the erasure */
    char head_after[CN_AUDIT_HEX];   /* and after it, its own record included */
    bool already; /* erased before, nothing of theirs since: no record added, the file
                     rewritten only (the command run again after a stop in the rewrite) */
} cn_erase_result;

/* Called once the erasure is committed, before the file is rewritten (which takes most of
 * the time on a large study): what was erased, said then, is not lost to a stop during the
 * rewrite (trial 79: Ctrl+C then ended the command with no word of the chain heads). */
typedef void cn_erase_committed(const cn_erase_result *r, void *ctx);

/* Erases the diaries of participant code (see above), in one transaction, then rewrites the
 * file without the freed pages (VACUUM) so that no deleted text stays in it; committed
 * (NULL: none) is called between the two. The participant must be withdrawn first
 * (CN_EINVALID otherwise: an erasure follows a withdrawal, never a slip of the code);
 * reason is required (the audit trail keeps it). */
int cn_erase_participant(cn_store *store, const char *code, const char *reason,
                         cn_erase_committed *committed, void *ctx, cn_erase_result *out,
                         cn_error *err);

/* Records, in the transaction of an import, that participant pid (added by it, with no
 * entry) had their diaries erased in the study the file path was exported from: the erase
 * record stats and every writer read (trial 72: the participant came back counted lost). */
int cn_erase_record_import(cn_store *store, int64_t pid, const char *path, cn_error *err);

/* Whether participant p's diaries were erased (an erase record names them): 1 or 0, or -1.
 * No entry or draft is stored for them again: a routine re-import of a batch file brought
 * the erased diaries back without a word (trial 53). Only a withdrawn participant can have
 * been erased: for the others the trail is not read (a draft asks every 2 s of typing). */
int cn_erase_done(cn_store *store, const cn_participant *p, cn_error *err);
/* The ids of every participant erased, ascending, into *ids (malloc'd, the caller frees;
 * NULL when none) and *n: what a writer of many entries looks them up in. */
int cn_erase_ids(cn_store *store, int64_t **ids, size_t *n, cn_error *err);
/* Whether id is among ids[0..n), ascending as cn_erase_ids gives them. */
bool cn_erase_listed(const int64_t *ids, size_t n, int64_t id);
/* Every code the participants erased at or after since (UTC "YYYY-MM-DDTHH:MM:SS", as the
 * audit trail writes its times) have had, a recode's old one too, sorted, into *codes
 * (malloc'd, cn_erase_codes_free; NULL when none) and *n: what a copy made at since may
 * still hold (trial 90: the desk served an analysis quoting a participant erased after
 * it ran; trial 91: recoded before the erasure, under the old code). 0 or a negative
 * cn_code. */
int cn_erase_codes_since(cn_store *store, const char *since, char ***codes, size_t *n,
                         cn_error *err);
void cn_erase_codes_free(char **codes, size_t n);
/* The ids of the pages erasures took away after the audit trail's first `records` records
 * (the count cn_audit_state gave when a copy was made): each erased participant's pages
 * deleted since, whatever codes they had or the pages moved, ascending, into *ids
 * (malloc'd; NULL when none) and *n. What a copy made then may hold, known without codes or
 * clocks (trial 92). 0 or a negative cn_code. */
int cn_erase_entries_after(cn_store *store, int64_t records, int64_t **ids, size_t *n,
                           cn_error *err);
/* The refusal of an entry or draft for participant code, erased: CN_EINVALID. */
int cn_erase_refuse(const char *code, cn_error *err);

#endif
