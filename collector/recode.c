/* recode.c — a participant's code corrected (see recode.h). The entries, drafts and
 * double-entry copies point at the participant's id, so only the code's own places change:
 * its row, the `replaces` of the participants who replace it, and, to forget a code that
 * identifies, the audit trail, whose records name a participant by the code of their time. */
#include "carnet/recode.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "store_internal.h"

/* Runs sql with ?1 and ?2 bound to a and b (and ?3 to n) to its end: cn_store_run. */
static int run2(cn_store *store, const char *sql, const char *a, const char *b, int64_t n,
                int64_t *out, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, n);
    return cn_store_run(store, s, out, err);
}

int cn_recode_earlier_owner(cn_store *store, const char *code, int64_t except,
                            char owner[CN_CODE_MAX], cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         /* only a recode changes a code, and its record keeps the one before
                          * (--forget: none); by the index of recodes (schema 7) */
                         "SELECT p.code FROM audit AS a JOIN participant AS p ON p.id = a.row_id"
                         " WHERE a.action = 'recode' AND a.tbl = 'participant' AND a.row_id != ?2"
                         " AND p.code != ?1 AND json_extract(a.after, '$.previous') = ?1 LIMIT 1",
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, except);
    int step = sqlite3_step(stmt), rc = 0;
    if (step == SQLITE_ROW) {
        snprintf(owner, CN_CODE_MAX, "%s", (const char *)sqlite3_column_text(stmt, 0));
        rc = 1;
    } else if (step != SQLITE_DONE) {
        rc = cn_store_failure(store, err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* The new code: valid, not the old one, and no other participant's in any case (P01 and p01
 * would be two people in every table). */
static int check_new_code(cn_store *store, const cn_participant *p, const char *new_code,
                          cn_error *err)
{
    if (cn_participant_check_code(new_code, err) < 0)
        return -1;
    if (strcmp(new_code, p->code) == 0)
        return cn_error_code(err, CN_EINVALID, "participant %s already has the code %s", p->code,
                             new_code);
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT code FROM participant WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, new_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, p->id);
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW) {
        const char *other = (const char *)sqlite3_column_text(s, 0);
        rc = strcmp(other, new_code) == 0
                 ? cn_error_code(err, CN_EDUPLICATE, "code %s is another participant's", new_code)
                 : cn_error_code(err, CN_EDUPLICATE,
                                 "code %s differs from the existing participant %s only by case",
                                 new_code, other);
    } else if (step != SQLITE_DONE) {
        rc = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    if (rc < 0)
        return rc;
    char owner[CN_CODE_MAX];
    int had = cn_recode_earlier_owner(store, new_code, p->id, owner, err);
    if (had > 0) /* trial 58: given again, the trail named two people by it */
        return cn_error_code(err, CN_EDUPLICATE,
                             "code %s was %s's before a recode, and the audit trail names"
                             " participants by code: a code is not given twice; choose another",
                             new_code, owner);
    return had;
}

/* The codes the participant ?1 has had, and has: its row's, its records' (an earlier recode
 * without --forget kept them), in a temporary table; the code it keeps (?2) left out. */
#define CODES_OF                                                                                   \
    "SELECT c FROM (SELECT code AS c FROM participant WHERE id = ?1 UNION SELECT"                  \
    " json_extract(before, '$.code') FROM audit WHERE tbl = 'participant' AND row_id = ?1 AND"     \
    " action != 'recode' UNION SELECT json_extract(after, '$.code') FROM audit WHERE tbl ="        \
    " 'participant' AND row_id = ?1 AND action != 'recode' UNION SELECT json_extract(after,"       \
    " '$.previous') FROM audit WHERE tbl = 'participant' AND row_id = ?1 AND action = 'recode')"   \
    " WHERE c IS NOT NULL AND c != '[forgotten]'"
static const char *const gather_sql[] = {"DROP TABLE IF EXISTS temp.recode_codes",
                                         "CREATE TEMP TABLE recode_codes (code TEXT PRIMARY KEY)",
                                         "INSERT OR IGNORE INTO temp.recode_codes " CODES_OF,
                                         "DELETE FROM temp.recode_codes WHERE code = ?2", NULL};

int cn_recode_codes_of(cn_store *store, int64_t pid, cn_recode_codes *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (cn_store_prepare(store, CODES_OF, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, pid);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (cn_grow((void **)&out->codes, &cap, out->n + 1, sizeof *out->codes) < 0) {
            step = SQLITE_NOMEM;
            break;
        }
        snprintf(out->codes[out->n++], CN_CODE_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    if (step == SQLITE_DONE)
        return 0;
    free(out->codes);
    memset(out, 0, sizeof *out);
    return step == SQLITE_NOMEM ? cn_error_nomem(err) : cn_store_failure(store, err);
}

int cn_recode_earlier_codes(cn_store *store, int64_t pid, char *out, size_t size, cn_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *s; /* the recode records alone: the index audit_recodes has them */
    if (cn_store_prepare(store,
                         "SELECT json_extract(after, '$.previous') FROM audit WHERE action ="
                         " 'recode' AND tbl = 'participant' AND row_id = ?1 ORDER BY id",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, pid);
    size_t used = 0;
    int step, rc = 0;
    while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        if (!code || strcmp(code, "[forgotten]") == 0) /* a --forget recode's, or forgotten */
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? " " : "", code);
        if (n < 0 || (size_t)n >= size - used)
            rc = cn_error_code(err, CN_ERR, "participant %lld: earlier codes past %zu bytes",
                               (long long)pid, size);
        else
            used += (size_t)n;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(s);
    if (rc < 0)
        out[0] = '\0';
    return rc;
}

/* An earlier code of theirs that another participant has had too: their records could not be
 * told apart by the code. */
static const char *const shared_code_sql =
    "SELECT code FROM temp.recode_codes WHERE code IN (SELECT code FROM participant WHERE id !="
    " ?1) OR code IN (SELECT json_extract(before, '$.code') FROM audit WHERE tbl ="
    " 'participant' AND row_id != ?1 UNION SELECT json_extract(after, '$.code') FROM audit"
    " WHERE tbl = 'participant' AND row_id != ?1) LIMIT 1";

/* The values of the trail that name a participant by one of their codes: a participant
 * record's code and `replaces` (a replacement's names them), a recode record's codes, an
 * entry record's participant. Only those: a typist's initials, a site or a reason that
 * happens to equal a code are another thing, and stay (trial 56: a typist "MD" became the
 * participant recoded from MD). */
#define OLD_VALUES(COL)                                                                            \
    "SELECT audit.id AS id, '" COL "' AS col, t.fullkey AS path FROM audit, json_each(audit." COL  \
    ") AS t WHERE audit." COL " IS NOT NULL AND json_valid(audit." COL ") AND t.type = 'text'"     \
    " AND t.atom IN (SELECT code FROM temp.recode_codes) AND ((audit.tbl = 'participant' AND"      \
    " t.key IN ('code', 'replaces', 'previous')) OR (audit.tbl = 'entry' AND audit.action IN"      \
    " ('insert', 'update', 'delete') AND t.key = 'participant'))"

/* A participant's fingerprint (CN_FP_PARTICIPANT) from a row written as JSON J, as a record
 * shows it. */
#define FP_OF_JSON(J)                                                                              \
    "cn_sha256('participant', audit.row_id, json_extract(" J ", '$.code'), json_extract(" J        \
    ", '$.gender'), json_extract(" J ", '$.birth_year'), json_extract(" J ", '$.care_start'),"     \
    " json_extract(" J ", '$.consent_date'), json_extract(" J ", '$.site'), json_extract(" J       \
    ", '$.language'), json_extract(" J ", '$.status'), json_extract(" J ", '$.replaces'),"         \
    " json_extract(" J ", '$.handed_back'))"
/* The row a record without JSON (a migration's baseline) fingerprinted: as the next record
 * of the row shows it before its change, else as the row is now. */
#define NEXT_BEFORE                                                                                \
    "(SELECT n.before FROM audit AS n WHERE n.tbl = 'participant' AND n.row_id = audit.row_id"     \
    " AND n.id > audit.id AND n.before IS NOT NULL ORDER BY n.id LIMIT 1)"
#define ROW_NOW                                                                                    \
    "(SELECT cn_sha256('participant', p.id, p.code, p.gender, p.birth_year, p.care_start,"         \
    " p.consent_date, p.site, p.language, p.status, p.replaces, p.handed_back) FROM"               \
    " participant AS p WHERE p.id = audit.row_id)"

/* The fingerprints of every record of the rows that held one of their codes (the
 * participant, and who replaces them), made again from the rows as the records now show
 * them: a fingerprint over a row that held a date of birth, beside its other fields in
 * clear, gave the code back to whoever tried the dates (trial 56), a migration's baseline
 * record's too (trial 57). */
static const char *const refingerprint_sql[] = {
    "DROP TABLE IF EXISTS temp.recode_rows",
    "CREATE TEMP TABLE recode_rows (id INTEGER PRIMARY KEY)",
    "INSERT OR IGNORE INTO temp.recode_rows VALUES (?1)",
    "INSERT OR IGNORE INTO temp.recode_rows SELECT id FROM participant WHERE replaces = ?2",
    "INSERT OR IGNORE INTO temp.recode_rows SELECT row_id FROM audit WHERE tbl = 'participant'"
    " AND (json_extract(before, '$.replaces') = ?2 OR json_extract(after, '$.replaces') = ?2)",
    "UPDATE audit SET fp = CASE WHEN after IS NOT NULL THEN " FP_OF_JSON(
        "after") " WHEN " NEXT_BEFORE
                 " IS NOT NULL THEN " FP_OF_JSON(
                     NEXT_BEFORE) " ELSE " ROW_NOW " END WHERE tbl = 'participant' AND fp IS NOT "
                                  "NULL AND row_id IN (SELECT id FROM"
                                  " temp.recode_rows)",
    NULL};

/* Runs each of the statements of a NULL-ended list, ?1 the participant and ?2 the code kept. */
static int run_list(cn_store *store, const char *const *list, int64_t pid, const char *keep,
                    cn_error *err)
{
    for (const char *const *sql = list; *sql; sql++) {
        sqlite3_stmt *s;
        if (cn_store_prepare(store, *sql, &s, err) < 0)
            return -1;
        int params = sqlite3_bind_parameter_count(s);
        if (params >= 1)
            sqlite3_bind_int64(s, 1, pid);
        if (params >= 2)
            sqlite3_bind_text(s, 2, keep, -1, SQLITE_STATIC);
        int step = sqlite3_step(s);
        sqlite3_finalize(s);
        if (step != SQLITE_DONE)
            return cn_store_failure(store, err);
    }
    return 0;
}

typedef struct forgetting {
    int64_t pid;
    const char *new_code;
    cn_recode_result *out;
} forgetting;

/* A value of the trail to change: the record, its column, the value's JSON path. */
typedef struct place {
    int64_t id;
    bool after;
    char *path;
} place;

static void free_places(place *places, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(places[i].path);
    free(places);
}

/* The places of their codes, all read before any is changed: json_each reads the records
 * being changed. */
static int find_places(cn_store *store, place **out, size_t *n, cn_error *err)
{
    sqlite3_stmt *s;
    *out = NULL;
    *n = 0;
    if (cn_store_prepare(store,
                         "SELECT id, col, path FROM (" OLD_VALUES(
                             "before") " UNION ALL " OLD_VALUES("after") ") ORDER BY id",
                         &s, err) < 0)
        return -1;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        char *path = strdup((const char *)sqlite3_column_text(s, 2));
        if (!path || cn_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
            free(path);
            step = SQLITE_NOMEM;
            break;
        }
        (*out)[(*n)++] =
            (place){sqlite3_column_int64(s, 0),
                    strcmp((const char *)sqlite3_column_text(s, 1), "after") == 0, path};
    }
    sqlite3_finalize(s);
    if (step == SQLITE_DONE)
        return 0;
    free_places(*out, *n);
    *out = NULL;
    *n = 0;
    return step == SQLITE_NOMEM ? cn_error_nomem(err) : cn_store_failure(store, err);
}

/* Writes the new code over each place of an old one (found by find_places), then makes the
 * fingerprints of the participant records changed again from their rows as they now read. */
static int replace_values(cn_store *store, void *arg, cn_error *err)
{
    forgetting *f = arg;
    place *places;
    size_t n;
    if (find_places(store, &places, &n, err) < 0)
        return -1;
    sqlite3_stmt *set[2] = {NULL, NULL};
    int rc =
        cn_store_prepare(store, "UPDATE audit SET before = json_set(before, ?2, ?3) WHERE id = ?1",
                         &set[0], err) < 0 ||
                cn_store_prepare(store,
                                 "UPDATE audit SET after = json_set(after, ?2, ?3) WHERE id ="
                                 " ?1",
                                 &set[1], err) < 0
            ? -1
            : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sqlite3_stmt *u = set[places[i].after];
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, places[i].id);
        sqlite3_bind_text(u, 2, places[i].path, -1, SQLITE_STATIC);
        /* an earlier recode's previous code: no code ("P44, previous P44" read as nonsense) */
        bool previous = strcmp(places[i].path, "$.previous") == 0;
        sqlite3_bind_text(u, 3, previous ? "[forgotten]" : f->new_code, -1, SQLITE_STATIC);
        if (sqlite3_step(u) != SQLITE_DONE)
            rc = cn_store_failure(store, err);
        f->out->records += i + 1 == n || places[i + 1].id != places[i].id;
    }
    sqlite3_finalize(set[0]);
    sqlite3_finalize(set[1]);
    if (rc == 0)
        rc = run_list(store, refingerprint_sql, f->pid, f->new_code, err);
    /* an erasure's record names the head of the chain before it, a hash over records that
     * held the old code when it came after the first of them: it would confirm a guess as
     * the recode's own once did, and no longer names any record of the resealed chain */
    if (rc == 0)
        rc = run2(store,
                  "UPDATE audit SET after = json_set(after, '$.chain_head_before', '[rewritten]')"
                  " WHERE tbl = 'participant' AND action IN ('erase', 'recode') AND id > ?3 AND"
                  " json_type(after, '$.chain_head_before') = 'text'",
                  NULL, NULL, f->out->rewritten_from, NULL, err);
    free_places(places, n);
    return rc;
}

/* The digits of a run in text from at: digits joined across single spaces, dots, dashes
 * and slashes ("06 12 34 56 78", "1985-03-12"), as cn_participant_identifying counts them,
 * into out (size bytes); the run's end in *end. */
static void digit_run(const char *at, char *out, size_t size, const char **end)
{
    size_t n = 0;
    while (isdigit((unsigned char)*at) ||
           (strchr(" .-/", *at) && *at && isdigit((unsigned char)at[1]) && n > 0)) {
        if (isdigit((unsigned char)*at) && n + 1 < size)
            out[n++] = *at;
        at++;
    }
    out[n] = '\0';
    *end = at;
}

/* Whether text begins with code[0..n), in any case (codes are ASCII). */
static bool starts_nocase(const char *text, const char *code, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)text[i]) != tolower((unsigned char)code[i]))
            return false; /* a text shorter than n differs at its NUL */
    return true;
}

/* Whether text mentions code: in any case, and, for a code of 6 digits or more (a date, a
 * phone number), its digits within a run written with separators. whole: only as a word of
 * its own, not inside a longer code ("MD" in "MD01"); else anywhere ("tel0612345678"). */
static bool mentions(const char *text, const char *code, bool whole)
{
    size_t n = strlen(code);
    for (const char *at = text; *at; at++) {
        if (!starts_nocase(at, code, n))
            continue;
        bool left = at == text || !(isalnum((unsigned char)at[-1]) || at[-1] == '_');
        bool right = !(isalnum((unsigned char)at[n]) || at[n] == '_');
        if (!whole || (left && right))
            return true;
    }
    char digits[CN_CODE_MAX] = "", run[256];
    for (size_t k = 0, d = 0; code[k]; k++)
        if (isdigit((unsigned char)code[k]))
            digits[d++] = code[k], digits[d] = '\0';
    if (strlen(digits) < 6)
        return false;
    for (const char *at = text, *end; *at; at = *end ? end + 1 : end) {
        if (!isdigit((unsigned char)*at)) {
            end = at;
            continue;
        }
        digit_run(at, run, sizeof run, &end);
        if (strstr(run, digits))
            return true;
    }
    return false;
}

/* text's letters and digits alone, lower case, into out (size bytes). */
static void squash(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (; *text && n + 1 < size; text++)
        if (isalnum((unsigned char)*text))
            out[n++] = (char)tolower((unsigned char)*text);
    out[n] = '\0';
}

/* Whether a reason may hold code written one way or another, for --forget, whose recode
 * record keeps the reason as typed: mentions() misses a date in another order or with a
 * two-digit year, a phone number with its country prefix, initials with dots (trial 58).
 * So: the code mentioned; the code's letters and digits among the reason's, whatever lies
 * between (for a code of 4 characters or more); and, for a code of 6 digits or more, any
 * number of 6 digits or more, which a reason for forgetting needs no more than the code. */
static bool reason_may_hold(const char *reason, const char *code)
{
    if (mentions(reason, code, false))
        return true;
    char r[512], c[CN_CODE_MAX], run[256];
    squash(reason, r, sizeof r);
    squash(code, c, sizeof c);
    if (strlen(c) >= 4 && strstr(r, c))
        return true;
    size_t digits = 0;
    for (const char *k = code; *k; k++)
        digits += isdigit((unsigned char)*k) != 0;
    if (digits < 6)
        return false;
    for (const char *at = reason, *end; *at; at = *end ? end + 1 : end) {
        if (!isdigit((unsigned char)*at)) {
            end = at;
            continue;
        }
        digit_run(at, run, sizeof run, &end);
        if (strlen(run) >= 6)
            return true;
    }
    return false;
}

/* How many rows of sql (a code, then the texts to look in) mention the code as a word. */
static int count_holding(cn_store *store, const char *sql, int64_t *count, cn_error *err)
{
    sqlite3_stmt *s;
    *count = 0;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        bool held = false;
        for (int c = 1; c < sqlite3_column_count(s) && !held; c++) {
            const char *text = (const char *)sqlite3_column_text(s, c);
            held = text && mentions(text, code, true);
        }
        *count += held;
    }
    sqlite3_finalize(s);
    return step == SQLITE_DONE ? 0 : cn_store_failure(store, err);
}

/* Where a code of theirs is left within a text, said rather than changed: the trail's
 * reasons and the like, and the diaries' texts (which an export writes out). A row holding
 * two codes is counted once per code. */
static int count_left(cn_store *store, cn_recode_result *out, cn_error *err)
{
    return count_holding(store,
                         "SELECT c.code, a.before, a.after FROM audit AS a, temp.recode_codes AS c"
                         " WHERE a.before IS NOT NULL OR a.after IS NOT NULL",
                         &out->left_in_trail, err) < 0 ||
                   count_holding(store,
                                 "SELECT c.code, t.text FROM (SELECT text FROM entry UNION ALL"
                                 " SELECT text FROM draft UNION ALL SELECT first FROM dde UNION"
                                 " ALL SELECT second FROM dde WHERE second IS NOT NULL) AS t,"
                                 " temp.recode_codes AS c",
                                 &out->left_in_texts, err) < 0
               ? -1
               : 0;
}

/* The first of their codes that stops --forget, in *code (empty: none): one another
 * participant had too, or one the reason names (the recode's own record would keep it). */
static int forget_refusal(cn_store *store, int64_t pid, const char *reason, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, shared_code_sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, pid);
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW)
        rc = cn_error_code(err, CN_EINVALID,
                           "--forget: the code %s was another participant's too (a code given"
                           " again after a recode), and the audit trail names participants by"
                           " code: its records of the two cannot be told apart, so nothing was"
                           " changed (a code is forgotten before it is given to someone else)",
                           (const char *)sqlite3_column_text(s, 0));
    else if (step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(s);
    if (rc < 0 || cn_store_prepare(store, "SELECT code FROM temp.recode_codes", &s, err) < 0)
        return rc < 0 ? rc : -1;
    while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW)
        if (reason_may_hold(reason, (const char *)sqlite3_column_text(s, 0)))
            rc = cn_error_code(err, CN_EINVALID,
                               "--reason may hold the code %s, which --forget takes out of the"
                               " trail (as written, its letters with other characters between,"
                               " or a number of 6 digits or more for a code of digits): the"
                               " recode's record would keep it; say why without it (\"a date of"
                               " birth\")",
                               (const char *)sqlite3_column_text(s, 0));
    if (rc == 0 && step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

/* The trail without any code the participant had but new_code: each value that names them
 * by one becomes new_code, the chain sealed again from the first record changed; the texts
 * that hold one among other words counted. Refused when another participant had one of
 * those codes too, when the reason names one, or when there is none to forget. */
static int forget_old_codes(cn_store *store, int64_t pid, const char *new_code, const char *reason,
                            cn_recode_result *out, cn_error *err)
{
    int64_t codes;
    if (run_list(store, gather_sql, pid, new_code, err) < 0 ||
        run2(store, "SELECT count(*) FROM temp.recode_codes", NULL, NULL, 0, &codes, err) < 0)
        return -1;
    if (codes == 0) { /* the same code, forgotten already: the file is rewritten again */
        out->nothing = true;
        return 0;
    }
    if (forget_refusal(store, pid, reason, err) < 0)
        return err->code ? err->code : -1;
    int64_t first;
    if (run2(store,
             "SELECT min(id) FROM (" OLD_VALUES("before") " UNION ALL " OLD_VALUES("after") ")",
             NULL, NULL, 0, &first, err) < 0)
        return -1;
    out->rewritten_from = first;
    if (first > 0 &&
        cn_audit_rewrite(store, first, replace_values, &(forgetting){pid, new_code, out}, err) < 0)
        return -1;
    return count_left(store, out, err);
}

/* The recode's own record: the reason, the new code, and either the old code (kept) or how
 * many records were rewritten from which one (forgotten). Not the chain's head before: it
 * hashes the records as they were, and trying codes against it gave the old one back
 * (trial 57). */
static int record_recode(cn_store *store, int64_t pid, const char *old_code, const char *new_code,
                         const char *reason, bool forget, const cn_recode_result *r, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         forget
                             ? "SELECT json_object('reason', ?1, 'code', ?2, 'records_rewritten',"
                               " ?3, 'rewritten_from', ?5)"
                             : "SELECT json_object('reason', ?1, 'code', ?2, 'previous', ?4)",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, new_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, r->records);
    if (!forget)
        sqlite3_bind_text(s, 4, old_code, -1, SQLITE_STATIC);
    else if (r->rewritten_from > 0)
        sqlite3_bind_int64(s, 5, r->rewritten_from);
    int rc = sqlite3_step(s) == SQLITE_ROW
                 ? cn_store_audit_add(store, "participant", pid, "recode", NULL,
                                      (const char *)sqlite3_column_text(s, 0), err)
                 : cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

/* The row and the replacements' `replaces`, in one step for the foreign key, which is
 * checked at the commit (defer_foreign_keys ends with the transaction). */
static int change_code(cn_store *store, int64_t pid, const char *old_code, const char *new_code,
                       cn_recode_result *out, cn_error *err)
{
    if (cn_store_exec(store, "PRAGMA defer_foreign_keys = ON", err) < 0 ||
        run2(store, "UPDATE participant SET code = ?2 WHERE id = ?3", old_code, new_code, pid, NULL,
             err) < 0 ||
        run2(store, "UPDATE participant SET replaces = ?2 WHERE replaces = ?1", old_code, new_code,
             0, &out->replacing, err) < 0)
        return -1;
    return 0;
}

int cn_recode_participant(cn_store *store, const char *code, const char *new_code,
                          const char *reason, bool forget, cn_recode_result *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    if (cn_audit_require_reason(
            reason, "\"a slip at enrolment\", \"the code held a date of birth\"", err) < 0)
        return err->code;
    cn_participant p;
    if (cn_participant_find(store, code, &p, err) < 0)
        return err->code ? err->code : -1;
    /* the same code with --forget: only the earlier codes go (a slip's recode kept them) */
    bool same = forget && strcmp(new_code, p.code) == 0;
    if (!same && check_new_code(store, &p, new_code, err) < 0)
        return err->code;
    if ((forget && cn_store_exec(store, "PRAGMA secure_delete = ON", err) < 0) ||
        cn_store_begin(store, err) < 0)
        return err->code ? err->code : -1;
    int64_t records;
    int rc = same ? 0 : change_code(store, p.id, p.code, new_code, out, err);
    if (rc == 0 && forget)
        rc = forget_old_codes(store, p.id, new_code, reason, out, err);
    if (rc == 0 && !out->nothing)
        rc = record_recode(store, p.id, p.code, new_code, reason, forget, out, err);
    if (rc == 0)
        rc = cn_audit_head(store, out->head_after, &records, err);
    if (cn_store_finish(store, rc, err) < 0)
        return err->code ? err->code : -1;
    if (!forget)
        return 0;
    /* the file rewritten whole: no freed page keeps the old code */
    cn_error why = {0};
    if (cn_store_exec(store, "VACUUM", &why) < 0)
        return cn_error_code(err, why.code ? why.code : CN_ERR,
                             "participant %s is now %s, but the study's file still holds the old"
                             " code in freed pages until it is rewritten, which failed (%s): when"
                             " no other program uses the study, run `carnet-collect participant"
                             " recode %s %s --forget --reason \"the file rewritten\"`, which"
                             " rewrites it (the code is already changed)",
                             code, new_code, why.msg, new_code, new_code);
    return 0;
}
