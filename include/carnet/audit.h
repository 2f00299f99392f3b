/* audit.h — the tamper-evident audit trail: walks the hash chain of audit records and compares
 * every study, participant and entry row as it is now with its last record.
 * Results go into caller-owned structs; functions return 0, or a negative cn_error code with a
 * message when the database cannot be read (a chain that does not hold is a result, not an
 * error: see cn_audit_verdict.holds). */
#ifndef CARNET_AUDIT_H
#define CARNET_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/store.h"

#define CN_AUDIT_PROBLEM_MAX 256

typedef struct cn_audit_verdict {
    bool holds;              /* every record links to the one before and matches its hash,
                                every row matches its last record */
    int64_t records;         /* audit records checked (all of them when the chain holds) */
    int64_t rows;            /* rows compared with their last record */
    char head[CN_AUDIT_HEX]; /* the last record's hash in hex ("" for an empty trail) */
    char problem[CN_AUDIT_PROBLEM_MAX]; /* when !holds: the first record or row that does not
                                           match, named ("audit record 7: ...", "entry 12: ...") */
} cn_audit_verdict;

/* Verifies the whole trail inside one read transaction, so that a concurrent writer cannot
 * make an honest database look tampered with. */
int cn_audit_verify(cn_store *store, cn_audit_verdict *out, cn_error *err);

/* The chain head: the last record's hash in hex ("" when there is none) and the number of
 * records; what a researcher writes down to pin the history up to now. */
int cn_audit_head(cn_store *store, char head[CN_AUDIT_HEX], int64_t *records, cn_error *err);

/* The state of the study a reader saw, as what it wrote says it (export corpus, stats,
 * backup): the chain head and record count when the study has a chain (schema 2 on; a
 * study older than the chain, read as it is, has none). Read it in the read transaction
 * of what it describes. */
typedef struct cn_audit_state {
    bool audited;            /* the study has a chain: head and records say it */
    char head[CN_AUDIT_HEX]; /* its last record's hash ("" for an empty chain) */
    int64_t records;
} cn_audit_state;
int cn_audit_state_read(cn_store *store, cn_audit_state *out, cn_error *err);

#endif
