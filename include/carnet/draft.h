/* draft.h — the entry form's draft of each participant, kept in the study database as it is
 * typed so that a closed tab or a crash loses nothing. One draft per participant (and typist,
 * under double data entry); a draft is
 * not study data (neither audited nor exported). Records are caller-owned values (text
 * malloc'd: cn_draft_clear frees it); functions return 0, or a negative cn_code with a
 * message (cn_draft_get: 1 found, 0 none). */
#ifndef CARNET_DRAFT_H
#define CARNET_DRAFT_H

#include <stddef.h>

#include "carnet/date.h"
#include "carnet/error.h"
#include "carnet/store.h"

typedef struct cn_draft {
    char date[CN_DATE_TEXT]; /* as typed: may not be a valid date yet */
    char *text;
    char updated[32];
} cn_draft;

/* Stores (or replaces) the draft of participant `code`: CN_ENOTFOUND for an unknown code,
 * CN_EINVALID for text that is not UTF-8 or over CN_ENTRY_TEXT_MAX. A date that is not
 * YYYY-MM-DD is kept as "". An empty text removes the draft. */
int cn_draft_save(cn_store *store, const char *code, const char *date, const char *text, size_t len,
                  cn_error *err);
int cn_draft_get(cn_store *store, const char *code, cn_draft *out, cn_error *err);
/* Removes the draft of `code`, if any (after its entry was saved). */
int cn_draft_remove(cn_store *store, const char *code, cn_error *err);
void cn_draft_clear(cn_draft *draft);

/* The same, for one typist's draft of the participant (double data entry, dde.h): each typist
 * has their own, so that none is given another's copy. The functions above are typist "". */
int cn_draft_save_by(cn_store *store, const char *code, const char *typist, const char *date,
                     const char *text, size_t len, cn_error *err);
int cn_draft_get_by(cn_store *store, const char *code, const char *typist, cn_draft *out,
                    cn_error *err);
int cn_draft_remove_by(cn_store *store, const char *code, const char *typist, cn_error *err);

#endif
