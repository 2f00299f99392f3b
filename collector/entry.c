/* entry.c — validation and storage of diary entries (see entry.h).
 *
 * Duplicates are found through the (participant, date) index with an exact comparison of
 * the stored text: there are rarely more than one or two rows per participant and day,
 * and an exact comparison cannot collide the way a content hash could. */
#include "carnet/entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "carnet/dde.h"
#include "carnet/erase.h"
#include "carnet/fields.h"
#include "carnet/hashids.h"
#include "carnet/utf8.h"
#include "store_internal.h"

/* The days an entry of a participant may be dated: from consent to today, and not after
 * the day its diary came back. */
typedef struct bounds {
    char code[CN_CODE_MAX];
    cn_date consent, today;
    cn_date back; /* has_back false: not back */
    bool has_back;
} bounds;

/* A participant's id and bounds by code: see participant_bounds. */
#define FIND_PARTICIPANT "SELECT id, consent_date, handed_back FROM participant WHERE code = ?"

/* What a writer knows of the entries of one transaction: an identical entry (same
 * participant, date and text) is a duplicate. Looking for one in SQL scanned every entry of
 * the participant on that date, for each row: an import of 40,000 entries on one day took
 * three minutes (trial 64). The writer reads the texts a (participant, date) has once, and
 * keeps a hash of each with its entry's id; a mark (id -1, under the day's own hash) says
 * the (participant, date) was read. A hash found is checked in SQL by the entry's id:
 * equal hashes of two texts only cost the former scan. Valid for the writer's transaction. */
struct cn_entry_writer {
    cn_store *store;
    cn_date today;
    char source[CN_SOURCE_MAX];
    sqlite3_stmt *find_participant;
    sqlite3_stmt *insert_new; /* inserts unless an identical entry exists */
    sqlite3_stmt *insert;     /* inserts: no identical entry is known (seen) */
    sqlite3_stmt *same_day;   /* the entries of a participant on a date */
    sqlite3_stmt *is_same;    /* whether an entry has a participant, date and text */
    cn_hashids seen;          /* the texts of the (participant, date)s read or added */
    /* Entries come grouped by participant: remember the last one looked up. */
    int64_t last_id;
    bounds last;   /* its code and the days an entry of it may have */
    char *scratch; /* normalised text */
    size_t scratch_size;
    char stamp[32]; /* created/updated of every entry this writer adds: one moment, one import */
    cn_audit_appender *audit; /* the audit record of each entry added (see store.c) */
    int64_t *erased;          /* the participants whose diaries were erased (erase.h) */
    size_t nerased;
    /* entries added on a day their participant had entries of other texts before the
     * writer began (cn_entry_writer_beside), and the first such: "P03 2025-04-12" */
    size_t beside;
    char beside_first[CN_CODE_MAX + CN_DATE_TEXT + 1];
    /* entries added whose text may identify someone (cn_identifying_in_text), the first */
    size_t identifying;
    char identifying_first[CN_CODE_MAX + CN_DATE_TEXT + 1];
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The first control character of text[0 .. len) (valid UTF-8) that no transcription holds:
 * C0 but the spaces above, DEL, and C1 (U+0080 to U+009F, which a Windows-1252 file read as
 * Latin-1 is full of: its curly quotes and dashes); its code point into *cp, and its byte
 * offset, or len when there is none. An escape sequence (ESC [31m) would colour a
 * terminal that shows the entry, and C1 characters are invisible in every export. */
size_t cn_entry_find_control(const char *text, size_t len, unsigned *cp)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && !is_space((char)c)) || c == 0x7f) {
            *cp = c;
            return i;
        }
        if (c == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] < 0xa0) {
            *cp = (unsigned char)text[i + 1]; /* C2 80 .. C2 9F: U+0080 .. U+009F */
            return i;
        }
    }
    return len;
}

/* A stored text as it is stored now: entries added before a CR alone became LF (trial 83)
 * may hold one, and are the same page as the text normalised today. */
#define CN_ENTRY_STORED_TEXT "replace(text, char(13), char(10))"

/* Checks the raw text, then writes its normalised form (trimmed, CR LF and CR -> LF) into
 * *buf. */
static int check_and_normalise(const char *text, size_t len, char **buf, size_t *size,
                               size_t *out_len, cn_error *err)
{
    if (len > CN_ENTRY_TEXT_MAX)
        return cn_error_code(err, CN_EINVALID,
                             "text: %zu bytes is more than the %d allowed for one entry", len,
                             CN_ENTRY_TEXT_MAX);
    if (memchr(text, '\0', len))
        return cn_error_code(err, CN_EINVALID, "text: contains a NUL byte");
    size_t bad;
    if (!cn_utf8_valid(text, len, &bad))
        return cn_error_code(err, CN_EINVALID, "text: invalid UTF-8 at byte %zu", bad + 1);
    unsigned cp;
    if ((bad = cn_entry_find_control(text, len, &cp)) < len) {
        size_t line = 1, column = 1; /* in the text, in characters: what a reader can find */
        for (size_t i = 0; i < bad; i++) {
            if (text[i] == '\n')
                line++, column = 1;
            else if (((unsigned char)text[i] & 0xC0) != 0x80)
                column++;
        }
        return cn_error_code(err, CN_EINVALID,
                             "text: control character U+%04X at its line %zu, column %zu%s", cp,
                             line, column,
                             cp >= 0x80 ? " (a Windows-1252 or Mac Roman text read as Latin-1 "
                                          "holds these where its quotes, dashes or accents were; "
                                          "if it came from a file, import the original with "
                                          "--encoding cp1252, or macroman for a Mac's)"
                                        : " (no transcription holds one: remove it)");
    }
    size_t start = 0, end = len;
    while (start < end && is_space(text[start]))
        start++;
    while (end > start && is_space(text[end - 1]))
        end--;
    uint32_t first;
    if (start == end)
        return cn_error_code(err, CN_EINVALID, "text: empty");
    if (cn_utf8_blank(text + start, end - start, &first)) /* a pasted empty paragraph */
        return cn_error_code(err, CN_EINVALID,
                             "text: empty (only blank or invisible characters, the first "
                             "U+%04X)",
                             (unsigned)first);
    if (*size < end - start + 1) {
        char *grown = realloc(*buf, end - start + 1);
        if (!grown)
            return cn_error_nomem(err);
        *buf = grown;
        *size = end - start + 1;
    }
    size_t n = 0;
    if (!memchr(text + start, '\r', end - start)) { /* the usual case: copy in one go */
        memcpy(*buf, text + start, end - start);
        n = end - start;
    } else { /* CR LF and a CR alone (an old Mac's line end: trial 83) are both LF */
        for (size_t i = start; i < end; i++)
            if (text[i] != '\r')
                (*buf)[n++] = text[i];
            else if (!(i + 1 < end && text[i + 1] == '\n'))
                (*buf)[n++] = '\n';
    }
    (*buf)[n] = '\0';
    *out_len = n;
    return 0;
}

/* check_and_normalise, its refusals said to be about the entry's text (cn_error.field). */
static int normalise_text(const char *text, size_t len, char **buf, size_t *size, size_t *out_len,
                          cn_error *err)
{
    int rc = check_and_normalise(text, len, buf, size, out_len, err);
    return rc < 0 ? cn_error_about(err, cn_entry_fields[CN_EF_TEXT], rc) : rc;
}

bool cn_entry_same_stored(const char *stored, const char *text)
{
    for (; *stored && *text; stored++, text++)
        if (*stored != *text && !(*stored == '\r' && *text == '\n'))
            return false;
    return *stored == *text;
}

int cn_entry_normalise(const char *text, size_t len, char **out, size_t *out_len, cn_error *err)
{
    size_t size = 0;
    *out = NULL;
    if (normalise_text(text, len, out, &size, out_len, err) < 0) {
        free(*out);
        *out = NULL;
        return CN_EINVALID;
    }
    return 0;
}

int cn_entry_writer_open(cn_store *store, cn_date today, const char *source, cn_entry_writer **out,
                         cn_error *err)
{
    cn_entry_writer *w = calloc(1, sizeof *w);
    if (!w)
        return cn_error_nomem(err);
    w->store = store;
    w->today = today;
    snprintf(w->source, sizeof w->source, "%s", source);
    struct timespec now;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    size_t len = strftime(w->stamp, sizeof w->stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(w->stamp + len, sizeof w->stamp - len, ".%03dZ", (int)(now.tv_nsec / 1000000));
    if (cn_store_prepare(store, FIND_PARTICIPANT, &w->find_participant, err) < 0 ||
        cn_store_prepare(store,
                         /* an id no entry ever had (schema v8): a deleted one given again
                          * would take the place of the entry a form still shows */
                         "INSERT INTO entry (id, participant_id, date, text, source, created,"
                         " updated) SELECT max(coalesce((SELECT max(id) FROM entry), 0),"
                         " coalesce((SELECT max(row_id) FROM audit WHERE tbl = 'entry' AND"
                         " action = 'delete'), 0)) + 1, ?1, ?2, ?3, ?4, ?5, ?5"
                         " WHERE NOT EXISTS (SELECT 1 FROM entry WHERE participant_id = ?1"
                         " AND date = ?2 AND " CN_ENTRY_STORED_TEXT " = ?3)",
                         &w->insert_new, err) < 0 ||
        cn_store_prepare(store,
                         "INSERT INTO entry (id, participant_id, date, text, source, created,"
                         " updated) SELECT max(coalesce((SELECT max(id) FROM entry), 0),"
                         " coalesce((SELECT max(row_id) FROM audit WHERE tbl = 'entry' AND"
                         " action = 'delete'), 0)) + 1, ?1, ?2, ?3, ?4, ?5, ?5",
                         &w->insert, err) < 0 ||
        cn_store_prepare(store,
                         "SELECT id, " CN_ENTRY_STORED_TEXT
                         " FROM entry WHERE participant_id = ?1 AND date = ?2",
                         &w->same_day, err) < 0 ||
        cn_store_prepare(store,
                         "SELECT 1 FROM entry WHERE id = ?1 AND participant_id = ?2 AND date = ?3"
                         " AND " CN_ENTRY_STORED_TEXT " = ?4",
                         &w->is_same, err) < 0 ||
        cn_audit_appender_open(store, strncmp(w->source, "import:", 7) != 0, &w->audit, err) < 0 ||
        cn_erase_ids(store, &w->erased, &w->nerased, err) < 0) {
        cn_entry_writer_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

int cn_entry_writer_finish(cn_entry_writer *w, cn_error *err)
{
    return cn_audit_appender_flush(w->audit, err);
}

size_t cn_entry_writer_beside(const cn_entry_writer *w, const char **first)
{
    *first = w->beside_first;
    return w->beside;
}

size_t cn_entry_writer_identifying(const cn_entry_writer *w, const char **first)
{
    *first = w->identifying_first;
    return w->identifying;
}

void cn_entry_writer_close(cn_entry_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->find_participant);
    sqlite3_finalize(w->insert_new);
    sqlite3_finalize(w->insert);
    sqlite3_finalize(w->same_day);
    sqlite3_finalize(w->is_same);
    cn_hashids_clear(&w->seen);
    cn_audit_appender_close(w->audit);
    free(w->erased);
    free(w->scratch);
    free(w);
}

/* The bounds of participant code from a row of (consent_date, handed_back) at column col. */
static int read_bounds(sqlite3_stmt *s, int col, const char *code, cn_date today, bounds *b,
                       cn_error *err)
{
    snprintf(b->code, sizeof b->code, "%s", code);
    b->today = today;
    if (cn_date_parse((const char *)sqlite3_column_text(s, col), &b->consent, err) < 0)
        return cn_error_prefix(err, "participant %s: consent_date", code);
    b->has_back = sqlite3_column_type(s, col + 1) != SQLITE_NULL;
    if (b->has_back &&
        cn_date_parse((const char *)sqlite3_column_text(s, col + 1), &b->back, err) < 0)
        return cn_error_prefix(err, "participant %s: handed_back", code);
    return 0;
}

/* The participant an entry is written for: its id into *pid and the days an entry of it may
 * have into *b, through find (FIND_PARTICIPANT, prepared); refused when the code is unknown or its
 * diaries were erased (among erased[0 .. nerased)). What adding and moving an entry check. */
static int participant_bounds(cn_store *store, sqlite3_stmt *find, const int64_t *erased,
                              size_t nerased, const char *code, cn_date today, int64_t *pid,
                              bounds *b, cn_error *err)
{
    if (cn_participant_check_code(code, err) < 0)
        return cn_error_prefix(err, "participant");
    sqlite3_reset(find);
    sqlite3_bind_text(find, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(find);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            return cn_participant_unknown(store, code, "participant: ", err);
        return cn_store_failure(store, err);
    }
    *pid = sqlite3_column_int64(find, 0);
    if (cn_erase_listed(erased, nerased, *pid))
        return cn_erase_refuse(code, err);
    return read_bounds(find, 1, code, today, b, err);
}

static int lookup_participant(cn_entry_writer *w, const char *code, cn_error *err)
{
    if (w->last.code[0] && strcmp(code, w->last.code) == 0)
        return 0;
    int rc = participant_bounds(w->store, w->find_participant, w->erased, w->nerased, code,
                                w->today, &w->last_id, &w->last, err);
    if (rc < 0)
        w->last.code[0] = '\0';
    return rc;
}

/* The date text of an entry within its participant's bounds, into *date. */
static int date_within(const bounds *b, const char *text, cn_date *date, cn_error *err)
{
    if (cn_date_parse(text, date, err) < 0)
        return cn_error_prefix(err, "date");
    char bound[CN_DATE_TEXT];
    if (*date < b->consent) {
        cn_date_format(b->consent, bound);
        return cn_error_code(err, CN_EINVALID, "date: %s is before %s's consent on %s", text,
                             b->code, bound);
    }
    if (*date > b->today) {
        cn_date_format(b->today, bound);
        return cn_error_code(err, CN_EINVALID,
                             "date: %s is in the future (today is %s on this computer)", text,
                             bound);
    }
    /* A page dated after its notebook came back cannot have been written in it: the date
     * or the day it came back is mistyped, and either would move the days of diary. */
    if (b->has_back && *date > b->back) {
        cn_date_format(b->back, bound);
        return cn_error_code(err, CN_EINVALID,
                             "date: %s is after %s's diary came back on %s (handed_back)", text,
                             b->code, bound);
    }
    return 0;
}

/* date_within, a refusal naming its field: a form shows it under the date (trial 48: the
 * desk showed "date: ... is before P01's consent" above the form, the date field not marked
 * wrong for a screen reader). */
static int check_date(const bounds *b, const char *text, cn_date *date, cn_error *err)
{
    int rc = date_within(b, text, date, err);
    return rc < 0 ? cn_error_about(err, cn_entry_fields[CN_EF_DATE], rc) : rc;
}

static int step_done(cn_store *store, sqlite3_stmt *s, cn_error *err)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return cn_store_failure(store, err);
    return rc;
}

static uint64_t day_hash(int64_t pid, const char *date_text)
{
    return cn_hashids_fnv(cn_hashids_fnv(0xcbf29ce484222325u, &pid, sizeof pid), date_text, 10);
}

static int seen_put(cn_entry_writer *w, uint64_t hash, int64_t id, cn_error *err)
{
    return cn_hashids_put(&w->seen, hash, id) < 0 ? cn_error_nomem(err) : 0;
}

/* Reads the texts the participant w->last_id has on date_text, once a transaction. */
static int seen_read_day(cn_entry_writer *w, const char *date_text, cn_error *err)
{
    uint64_t day = day_hash(w->last_id, date_text);
    if (cn_hashids_get(&w->seen, day, 1) != 0)
        return 0;
    sqlite3_stmt *s = w->same_day;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, w->last_id);
    sqlite3_bind_text(s, 2, date_text, 10, SQLITE_STATIC);
    int rc;
    int64_t stored = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const void *text = sqlite3_column_text(s, 1);
        size_t n = (size_t)sqlite3_column_bytes(s, 1);
        if (seen_put(w, cn_hashids_fnv(day, text, n), sqlite3_column_int64(s, 0), err) < 0)
            return -1;
        stored++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return cn_store_failure(w->store, err);
    return seen_put(w, day, -1 - stored, err); /* the day read, and what it held then */
}

/* Whether an entry identical to w->scratch (n bytes, its hash *hash) exists: 1 and its id
 * in *id; 0 when none does; 2 when a hash is found whose entry is not it (then only SQL
 * can tell); -1. */
static int seen_find(cn_entry_writer *w, const char *date_text, size_t n, uint64_t *hash,
                     int64_t *id, cn_error *err)
{
    if (seen_read_day(w, date_text, err) < 0)
        return -1;
    *hash = cn_hashids_fnv(day_hash(w->last_id, date_text), w->scratch, n);
    int64_t found = cn_hashids_get(&w->seen, *hash, 0);
    if (found == 0)
        return 0;
    sqlite3_stmt *s = w->is_same;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, found);
    sqlite3_bind_int64(s, 2, w->last_id);
    sqlite3_bind_text(s, 3, date_text, 10, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, w->scratch, (int)n, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return cn_store_failure(w->store, err);
    *id = found;
    return rc == SQLITE_ROW ? 1 : 2;
}

/* The id of the entry identical to the one in w->scratch (n bytes), into *id; 1 (the
 * duplicate's return), or -1. Duplicates are the rare case: prepared on each. */
static int duplicate_of(cn_entry_writer *w, const char *date_text, size_t n, int64_t *id,
                        cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(w->store,
                         "SELECT id FROM entry WHERE participant_id = ?1 AND date = ?2"
                         " AND " CN_ENTRY_STORED_TEXT " = ?3 ORDER BY id LIMIT 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, w->last_id);
    sqlite3_bind_text(s, 2, date_text, 10, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, w->scratch, (int)n, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : cn_store_failure(w->store, err);
}

int cn_entry_writer_add(cn_entry_writer *w, const char *code, const char *date_text,
                        const char *text, size_t len, int64_t *id, cn_error *err)
{
    cn_date date;
    size_t n;
    char trimmed[CN_DATE_TEXT]; /* stored, audited and compared: the date alone */
    date_text = cn_date_trim(date_text, trimmed);
    if (lookup_participant(w, code, err) < 0 || check_date(&w->last, date_text, &date, err) < 0 ||
        normalise_text(text, len, &w->scratch, &w->scratch_size, &n, err) < 0)
        return -1;

    uint64_t hash;
    int64_t same = 0;
    int known = seen_find(w, date_text, n, &hash, &same, err);
    if (known < 0)
        return -1;
    if (known == 1) { /* a duplicate */
        if (id)
            *id = same;
        return 1;
    }
    /* known == 2: one statement checks for a duplicate in SQL and inserts */
    sqlite3_stmt *s = known == 2 ? w->insert_new : w->insert;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, w->last_id);
    sqlite3_bind_text(s, 2, date_text, 10, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, w->scratch, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, w->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, w->stamp, -1, SQLITE_STATIC);
    int rc = step_done(w->store, s, err);
    sqlite3_reset(s);
    if (rc < 0)
        return -1;
    if (sqlite3_changes(w->store->db) == 0)
        return id ? duplicate_of(w, date_text, n, id, err) : 1;
    int64_t new_id = sqlite3_last_insert_rowid(w->store->db);
    if (seen_put(w, hash, new_id, err) < 0)
        return -1;
    if (cn_hashids_get(&w->seen, day_hash(w->last_id, date_text), 1) < -1 && w->beside++ == 0)
        snprintf(w->beside_first, sizeof w->beside_first, "%s %.10s", w->last.code, date_text);
    size_t at;
    if (cn_identifying_in_text(w->scratch, &at) != CN_IDENT_NONE && w->identifying++ == 0)
        snprintf(w->identifying_first, sizeof w->identifying_first, "%s %.10s", w->last.code,
                 date_text);
    cn_audit_entry e = {.id = new_id,
                        .participant_id = w->last_id,
                        .date = date_text,
                        .date_len = 10,
                        .text = w->scratch,
                        .text_len = n,
                        .source = w->source,
                        .created = w->stamp,
                        .updated = w->stamp};
    if (cn_audit_append_entry(w->audit, &e, err) < 0)
        return -1;
    if (id)
        *id = new_id;
    return 0;
}

int cn_entry_add(cn_store *store, cn_date today, const char *source, const char *code,
                 const char *date, const char *text, size_t len, int64_t *id, cn_error *err)
{
    if (cn_store_begin(store, err) < 0)
        return -1;
    cn_entry_writer *w = NULL;
    int rc = cn_entry_writer_open(store, today, source, &w, err);
    if (rc == 0)
        rc = cn_entry_writer_add(w, code, date, text, len, id, err);
    cn_entry_writer_close(w);
    /* A duplicate (1) stores nothing: nothing to commit either. */
    if (rc == 0 && cn_store_commit(store, err) == 0)
        return 0;
    cn_store_rollback(store);
    return rc == 0 ? -1 : rc;
}

static int set_text(cn_store *store, int64_t id, const char *text, size_t len, cn_error *err)
{
    char *buf = NULL;
    size_t size = 0, n;
    if (normalise_text(text, len, &buf, &size, &n, err) < 0)
        return -1;
    sqlite3_stmt *s = NULL;
    int result = -1;
    if (cn_store_prepare(store,
                         "SELECT count(*) FROM entry AS e JOIN entry AS o"
                         " ON o.participant_id = e.participant_id AND o.date = e.date"
                         " WHERE e.id = ?1 AND o.id <> ?1 AND o.text = ?2",
                         &s, err) < 0)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, buf, (int)n, SQLITE_STATIC);
    if (step_done(store, s, err) < 0)
        goto done;
    if (sqlite3_column_int(s, 0) > 0) {
        cn_error_set(err,
                     "entry %lld: another entry of the same participant and date already"
                     " has this text",
                     (long long)id);
        goto done;
    }
    sqlite3_finalize(s);
    if (cn_store_prepare(store,
                         "UPDATE entry SET text = ?2, version = version + 1,"
                         " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                         &s, err) < 0)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, buf, (int)n, SQLITE_STATIC);
    if (step_done(store, s, err) < 0)
        goto done;
    if (sqlite3_changes(store->db) != 1) {
        cn_error_code(err, CN_ENOTFOUND, "no entry %lld", (long long)id);
        goto done;
    }
    result = 0;
done:
    sqlite3_finalize(s);
    free(buf);
    return result;
}

/* The version stored now of entry id: 1 and *version, 0 when there is no such entry. */
static int current_version(cn_store *store, int64_t id, int64_t *version, cn_error *err);

/* 0 and its version in *now when entry id is still at base_version (any, when negative),
 * else why not. */
static int still_at(cn_store *store, int64_t id, int64_t base_version, int64_t *now, cn_error *err)
{
    int rc = current_version(store, id, now, err);
    if (rc == 0)
        return cn_error_code(err, CN_ENOTFOUND, "no entry %lld", (long long)id);
    if (rc == 1 && base_version >= 0 && *now != base_version)
        return cn_error_code(err, CN_ECONFLICT,
                             "entry %lld was changed meanwhile (version %lld, this edit is based "
                             "on version %lld): nothing stored",
                             (long long)id, (long long)*now, (long long)base_version);
    return rc < 0 ? rc : 0;
}

int cn_entry_set_text_from(cn_store *store, int64_t id, int64_t base_version, const char *text,
                           size_t len, cn_error *err)
{
    if (cn_store_begin(store, err) < 0)
        return -1;
    int64_t now;
    if (still_at(store, id, base_version, &now, err) == 0 &&
        cn_dde_require_final(store, id, "edited", err) == 0 &&
        cn_dde_settle_corrected(store, id, err) == 0 && set_text(store, id, text, len, err) == 0 &&
        cn_store_commit(store, err) == 0)
        return 0;
    cn_store_rollback(store);
    return -1;
}

int cn_entry_set_text(cn_store *store, int64_t id, const char *text, size_t len, cn_error *err)
{
    return cn_entry_set_text_from(store, id, -1, text, len, err);
}

static int current_version(cn_store *store, int64_t id, int64_t *version, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, "SELECT version FROM entry WHERE id = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s), result = 0;
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int64(s, 0);
        result = 1;
    } else if (rc != SQLITE_DONE) {
        result = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return result;
}

/* The reason is written first, inside the edit's transaction: the update's own record (from
 * the trigger) stays the entry's last, which the verification compares with the row. */
static int record_reason(cn_store *store, int64_t id, int64_t version, const char *reason,
                         cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, "SELECT json_object('reason', ?1, 'version', ?2)", &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, version);
    int rc = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        rc = cn_store_audit_add(store, "entry", id, "reason", NULL,
                                (const char *)sqlite3_column_text(s, 0), err);
    else
        cn_store_failure(store, err);
    sqlite3_finalize(s);
    return rc;
}

int cn_entry_edit(cn_store *store, int64_t id, int64_t base_version, const char *text, size_t len,
                  const char *reason, cn_error *err)
{
    size_t rlen = reason ? strlen(reason) : 0;
    while (rlen && is_space(reason[rlen - 1]))
        rlen--;
    if (rlen == 0)
        return cn_error_code(err, CN_EINVALID, "reason: say why the entry is changed");
    if (!cn_utf8_valid(reason, strlen(reason), NULL))
        return cn_error_code(err, CN_EINVALID, "reason: not valid UTF-8");
    if (cn_store_begin(store, err) < 0)
        return -1;
    int64_t now = 0;
    int rc = still_at(store, id, base_version, &now, err);
    if (rc == 0 && (rc = record_reason(store, id, now + 1, reason, err)) == 0 &&
        (rc = cn_dde_settle_corrected(store, id, err)) == 0 &&
        (rc = set_text(store, id, text, len, err)) == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0)
        cn_store_rollback(store);
    return rc < 0 ? rc : 0;
}

/* What entry id is now: its participant's id and code, date and version; 1, or
 * CN_ENOTFOUND. */
typedef struct held {
    int64_t pid, version;
    char code[CN_CODE_MAX];
    char date[CN_DATE_TEXT];
} held;

static int entry_held(cn_store *store, int64_t id, held *h, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT e.participant_id, p.code, e.date, e.version"
                         " FROM main.entry AS e JOIN participant AS p ON p.id = e.participant_id"
                         " WHERE e.id = ?1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s), result = 0;
    if (rc == SQLITE_ROW) {
        h->pid = sqlite3_column_int64(s, 0);
        cn_store_column_copy(s, 1, h->code, sizeof h->code);
        cn_store_column_copy(s, 2, h->date, sizeof h->date);
        h->version = sqlite3_column_int64(s, 3);
        result = 1;
    } else if (rc != SQLITE_DONE) {
        result = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    if (result == 0)
        result = cn_error_code(err, CN_ENOTFOUND, "no entry %lld", (long long)id);
    return result;
}

/* The bounds of participant code for its entries, and its id: what adding checks, for an
 * entry redated or moved to it. */
static int code_bounds(cn_store *store, cn_date today, const char *code, int64_t *pid, bounds *b,
                       cn_error *err)
{
    sqlite3_stmt *find = NULL;
    int64_t *erased = NULL;
    size_t nerased = 0;
    int rc = cn_store_prepare(store, FIND_PARTICIPANT, &find, err);
    if (rc == 0)
        rc = cn_erase_ids(store, &erased, &nerased, err);
    if (rc == 0)
        rc = participant_bounds(store, find, erased, nerased, code, today, pid, b, err);
    sqlite3_finalize(find);
    free(erased);
    return rc;
}

/* Another entry of participant pid (0: entry id's own) on date with the text of entry id:
 * its id into *other, 1; 0 when none. What redating and moving an entry must not make. */
static int same_for(cn_store *store, int64_t id, int64_t pid, const char *date, int64_t *other,
                    cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT o.id FROM main.entry AS e JOIN main.entry AS o ON o.text = e.text"
                         " WHERE e.id = ?1 AND o.participant_id = CASE WHEN ?2 > 0 THEN ?2"
                         " ELSE e.participant_id END AND o.date = ?3 AND o.id <> ?1 LIMIT 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_text(s, 3, date, -1, SQLITE_STATIC);
    int rc = step_done(store, s, err);
    if (rc == SQLITE_ROW)
        *other = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? -1 : rc == SQLITE_ROW;
}

static int move_entry(cn_store *store, int64_t id, const char *date, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "UPDATE entry SET date = ?2, version = version + 1,"
                         " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
    int rc = step_done(store, s, err);
    sqlite3_finalize(s);
    return rc < 0 ? -1 : 0;
}

int cn_entry_set_date(cn_store *store, cn_date today, int64_t id, int64_t base_version,
                      const char *date, const char *reason, cn_error *err)
{
    if (reason && !cn_utf8_valid(reason, strlen(reason), NULL))
        return cn_error_code(err, CN_EINVALID, "reason: not valid UTF-8");
    if (cn_store_begin(store, err) < 0)
        return -1;
    bounds b;
    held h = {0};
    int64_t pid = 0, other = 0;
    char text[CN_DATE_TEXT];
    cn_date when;
    int rc = entry_held(store, id, &h, err);
    if (rc == 1 && (rc = code_bounds(store, today, h.code, &pid, &b, err)) == 0)
        rc = 1;
    int64_t version = h.version;
    const char *old = h.date;
    if (rc == 1 && base_version >= 0 && version != base_version)
        rc = cn_error_code(err, CN_ECONFLICT,
                           "entry %lld was changed meanwhile (version %lld, this change is based"
                           " on version %lld): nothing stored",
                           (long long)id, (long long)version, (long long)base_version);
    else if (rc == 1 && (rc = check_date(&b, date, &when, err)) == 0) {
        cn_date_format(when, text);
        if (strcmp(text, old) == 0)
            rc = 1;
        else if ((rc = cn_dde_refuse_two_halves(store, id, 0, text, err)) == 0 &&
                 (rc = same_for(store, id, 0, text, &other, err)) == 1)
            rc = cn_error_code(err, CN_EDUPLICATE,
                               "entry %lld: %s's entry %lld of %s has the same text already",
                               (long long)id, b.code, (long long)other, text);
        else if (rc == 0 && reason && *reason)
            rc = record_reason(store, id, version + 1, reason, err);
        if (rc == 0)
            rc = move_entry(store, id, text, err);
    }
    if (rc == 0 && cn_store_commit(store, err) < 0)
        rc = -1;
    if (rc != 0)
        cn_store_rollback(store);
    return rc;
}

/* Runs sql, whose ?1 is entry id, to its end (cn_store_run). */
static int run_for(cn_store *store, const char *sql, int64_t id, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return cn_store_run(store, s, NULL, err);
}

int cn_entry_delete(cn_store *store, int64_t id, const char *reason, cn_entry_deleted *out,
                    cn_error *err)
{
    memset(out, 0, sizeof *out);
    if (cn_audit_require_reason(reason, "\"typed twice, see entry 12\"", err) < 0)
        return err->code;
    if (cn_store_begin(store, err) < 0)
        return -1;
    held h;
    int rc = entry_held(store, id, &h, err);
    if (rc == 1)
        rc = record_reason(store, id, h.version, reason, err); /* the version that goes */
    /* its copies first, which reference it; the entry's delete is recorded by its trigger,
     * with its text, as an edit's old text is: a mistake corrected, not an erasure */
    if (rc == 0 && (rc = cn_dde_delete(store, id, err)) >= 0) {
        out->copies = rc == 1;
        rc = run_for(store, "DELETE FROM main.entry WHERE id = ?1", id, err);
    }
    if (cn_store_finish(store, rc, err) < 0)
        return err->code ? err->code : -1;
    snprintf(out->code, sizeof out->code, "%s", h.code);
    snprintf(out->date, sizeof out->date, "%s", h.date);
    return 0;
}

static int give_entry(cn_store *store, int64_t id, int64_t pid, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "UPDATE main.entry SET participant_id = ?2, version = version + 1,"
                         " updated = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, pid);
    return cn_store_run(store, s, NULL, err);
}

/* The checks of a move of entry h (id) to participant code, whose id goes into *pid: 0, 1
 * when it is code's already, or negative. */
static int check_move(cn_store *store, cn_date today, int64_t id, const held *h, const char *code,
                      int64_t *pid, cn_error *err)
{
    bounds b;
    cn_date when;
    int64_t other = 0;
    int rc = code_bounds(store, today, code, pid, &b, err);
    if (rc < 0)
        return rc;
    if (*pid == h->pid)
        return 1;
    /* The date is the entry's, stored already, not one typed now: it is checked against the
     * new participant's consent and hand-back, not against this computer's today (trial 71:
     * an entry typed "today" in Nouméa was "in the future" to a colleague in Montréal, who
     * could edit or delete it but not move it). */
    if (cn_date_parse(h->date, &when, err) == 0 && when > b.today)
        b.today = when;
    if ((rc = check_date(&b, h->date, &when, err)) < 0)
        return cn_error_prefix(err, "entry %lld", (long long)id);
    if ((rc = cn_dde_refuse_two_halves(store, id, *pid, h->date, err)) < 0)
        return rc;
    if ((rc = same_for(store, id, *pid, h->date, &other, err)) == 1)
        return cn_error_code(err, CN_EDUPLICATE,
                             "entry %lld: %s's entry %lld of %s has the same text already",
                             (long long)id, b.code, (long long)other, h->date);
    return rc;
}

int cn_entry_move(cn_store *store, cn_date today, int64_t id, const char *code, const char *reason,
                  cn_error *err)
{
    if (cn_audit_require_reason(reason, "\"P12's notebook, typed as P13\"", err) < 0)
        return err->code;
    if (cn_store_begin(store, err) < 0)
        return -1;
    held h;
    int64_t pid = 0;
    int rc = entry_held(store, id, &h, err);
    if (rc == 1)
        rc = check_move(store, today, id, &h, code, &pid, err);
    if (rc == 0)
        rc = record_reason(store, id, h.version + 1, reason, err);
    if (rc == 0)
        rc = give_entry(store, id, pid, err);
    if (rc == 1) { /* nothing to change */
        cn_store_rollback(store);
        return 1;
    }
    if (cn_store_finish(store, rc, err) < 0)
        return err->code ? err->code : -1;
    return 0;
}

#define SELECT_ENTRY                                                                               \
    "SELECT e.id, p.code, e.date, e.text, e.source, e.created, e.updated, e.version"               \
    " FROM entry AS e JOIN participant AS p ON p.id = e.participant_id"

static int read_row(cn_store *store, sqlite3_stmt *s, cn_entry *e, cn_error *err)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(s, 0);
    cn_store_column_copy(s, 1, e->code, sizeof e->code);
    if (cn_date_parse((const char *)sqlite3_column_text(s, 2), &e->date, err) < 0)
        return cn_error_prefix(err, "%s: entry %lld", store->path, (long long)e->id);
    e->text = (const char *)sqlite3_column_text(s, 3);
    cn_store_column_copy(s, 4, e->source, sizeof e->source);
    cn_store_column_copy(s, 5, e->created, sizeof e->created);
    cn_store_column_copy(s, 6, e->updated, sizeof e->updated);
    e->version = sqlite3_column_int64(s, 7);
    return 0;
}

int cn_entry_deleted_owner(cn_store *store, int64_t id, char code[CN_CODE_MAX], cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         "SELECT json_extract(before, '$.participant') FROM audit"
                         " WHERE tbl = 'entry' AND action = 'delete' AND row_id = ?1"
                         " ORDER BY id DESC LIMIT 1",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = step_done(store, s, err), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT) {
        cn_store_column_copy(s, 0, code, CN_CODE_MAX);
        found = 1;
    }
    sqlite3_finalize(s);
    return rc < 0 ? -1 : found;
}

int cn_entry_get(cn_store *store, int64_t id, cn_entry *out, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store, SELECT_ENTRY " WHERE e.id = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int result = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        result = read_row(store, s, out, err) < 0 ? -1 : 1;
        if (result == 1) {
            out->text = strdup(out->text ? out->text : "");
            if (!out->text)
                result = cn_error_nomem(err);
        }
    } else if (rc != SQLITE_DONE) {
        result = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return result;
}

void cn_entry_clear(cn_entry *entry)
{
    free((char *)entry->text);
    entry->text = NULL;
}

int cn_entry_each(cn_store *store, const char *code, int (*fn)(const cn_entry *e, void *ctx),
                  void *ctx, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(store,
                         SELECT_ENTRY " WHERE ?1 IS NULL OR p.code = ?1"
                                      " ORDER BY p.code, e.date, e.id",
                         &s, err) < 0)
        return -1;
    cn_store_bind_text_or_null(s, 1, code);
    int rc, result = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        cn_entry e;
        if ((result = read_row(store, s, &e, err)) != 0)
            break;
        if ((result = fn(&e, ctx)) != 0)
            break;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = cn_store_failure(store, err);
    sqlite3_finalize(s);
    return result;
}

int cn_entry_span_of(cn_store *store, int64_t participant_id, cn_entry_span *out, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(
            store, "SELECT count(*), min(date), max(date) FROM entry WHERE participant_id = ?", &s,
            err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, participant_id);
    int result = 0;
    memset(out, 0, sizeof *out);
    if (sqlite3_step(s) == SQLITE_ROW) {
        out->count = sqlite3_column_int64(s, 0);
        if (out->count > 0 &&
            (cn_date_parse((const char *)sqlite3_column_text(s, 1), &out->first, err) < 0 ||
             cn_date_parse((const char *)sqlite3_column_text(s, 2), &out->last, err) < 0))
            result = cn_error_prefix(err, "%s: entry date", store->path);
    } else {
        result = cn_store_failure(store, err);
    }
    sqlite3_finalize(s);
    return result;
}
