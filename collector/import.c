/* import.c — all-or-nothing import of CSV and JSON files (see import.h).
 *
 * Both formats reduce a row to the same array of named text fields, which one function
 * per kind of row (participant, entry) validates and stores: the two formats cannot
 * drift apart in what they accept. */
#include "carnet/import.h"

#include <csv.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/jsonraw.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "carnet/utf8.h"

/* ---- rows as named fields ------------------------------------------------------- */

/* A participant of the file who replaces one the study does not hold yet: set once the
 * whole file is read, so that a file may list a replacement before the one it replaces
 * (export participants sorts by code: LY01 replacing PA03 comes first). */
typedef struct later_replacement {
    char code[CN_CODE_MAX], replaces[CN_CODE_MAX];
    char *where;
} later_replacement;

/* Participant codes, each once, UNKNOWN_KEPT at most (then a wrong file, most often). */
typedef struct code_list {
    char (*codes)[CN_CODE_MAX];
    size_t n, cap;
} code_list;

typedef struct importer {
    cn_store *store;
    const cn_import_options *opt;
    cn_import_result *result;
    cn_entry_writer *writer;
    const char *path;
    int64_t first_id, last_id; /* entries added by this import */
    later_replacement *later;
    size_t nlater, later_cap;
    /* entries of participants the study does not have: all said at the end, not the first
     * alone, so that one correction of the file fixes them all (UNKNOWN_SHOWN named) */
    char unknown[512], first_unknown[256];
    size_t unknown_len, nunknown;
    code_list unknown_codes; /* each unknown code once, UNKNOWN_KEPT at most */
    code_list refused_codes; /* participants whose own row was refused */
    /* rows refused by a rule of their own (a bad date, a missing field): the file is read
     * on, so that one correction fixes them all; the first is kept whole */
    size_t nrefused;
    cn_error first_refusal;
} importer;

#define UNKNOWN_SHOWN 8
#define UNKNOWN_KEPT 10000 /* then counted as "more than" (a wrong file, most often) */

/* Whether list holds code; from the last, since a participant's rows come together. */
static bool code_listed(const code_list *list, const char *code)
{
    for (size_t k = list->n; k-- > 0;)
        if (strcmp(list->codes[k], code) == 0)
            return true;
    return false;
}

/* Adds code to list unless it is full: 0, or CN_ENOMEM. */
static int code_list_add(code_list *list, const char *code, cn_error *err)
{
    if (list->n >= UNKNOWN_KEPT)
        return 0;
    if (cn_grow((void **)&list->codes, &list->cap, list->n + 1, sizeof *list->codes) < 0)
        return cn_error_nomem(err);
    snprintf(list->codes[list->n++], CN_CODE_MAX, "%s", code);
    return 0;
}

int cn_import_format_parse(const char *text, cn_import_format *out, cn_error *err)
{
    if (strcmp(text, "csv") == 0)
        *out = CN_FORMAT_CSV;
    else if (strcmp(text, "json") == 0)
        *out = CN_FORMAT_JSON;
    else
        return cn_error_set(err, "format '%s' is not csv or json", text);
    return 0;
}

/* Notes that p replaces a participant not stored yet, and stores p without it for now. */
static int replace_later(importer *im, cn_participant *p, const char *where, cn_error *err)
{
    if (cn_grow((void **)&im->later, &im->later_cap, im->nlater + 1, sizeof *im->later) < 0)
        return cn_error_nomem(err);
    later_replacement *r = &im->later[im->nlater];
    if (!(r->where = strdup(where)))
        return cn_error_nomem(err);
    im->nlater++;
    snprintf(r->code, sizeof r->code, "%s", p->code);
    snprintf(r->replaces, sizeof r->replaces, "%s", p->replaces);
    p->replaces[0] = '\0';
    return 0;
}

/* " (gender: f stored, m here; site: ...)": what a row changes in a stored participant, up to
 * three fields; "" when no field shows it. */
static void fields_that_differ(const cn_participant *here, const cn_participant *stored, char *out,
                               size_t size)
{
    char a[CN_PF_COUNT][CN_FIELD_TEXT_MAX], b[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
    cn_field_write_participant(here, a);
    cn_field_write_participant(stored, b);
    size_t at = 0, n = 0;
    out[0] = '\0';
    for (int i = 0; i < CN_PF_COUNT && n < 3 && at < size; i++)
        if (strcmp(a[i], b[i]) != 0)
            at += (size_t)snprintf(out + at, size - at, "%s%s: '%.60s' stored, '%.60s' here",
                                   n++ ? "; " : " (", cn_participant_fields[i].name, b[i], a[i]);
    if (n && at < size)
        snprintf(out + at, size - at, ")");
}

/* Notes the code of a participant row refused, so that its entries in the same file are
 * not called unknown without a word. */
static int note_refused_code(importer *im, const char *code, cn_error *err)
{
    if (!code || !*code || strlen(code) >= CN_CODE_MAX)
        return 0;
    return code_list_add(&im->refused_codes, code, err);
}

static int import_participant_row(importer *im, const char *const *v, const char *where,
                                  cn_error *err);

/* `where` names the row for messages: "FILE:LINE" or "FILE: participants[3]". A row refused
 * leaves its code noted (note_refused_code). */
static int import_participant(importer *im, const char *const *v, const char *where, cn_error *err)
{
    int rc = import_participant_row(im, v, where, err);
    if (rc < 0 && rc != CN_ENOMEM) {
        cn_error keep = *err;
        if (note_refused_code(im, v[CN_PF_CODE], err) < 0)
            return -1;
        *err = keep;
    }
    return rc;
}

static int import_participant_row(importer *im, const char *const *v, const char *where,
                                  cn_error *err)
{
    cn_participant p, existing;
    if (cn_field_read_participant(v, true, &p, err) < 0)
        return cn_error_prefix(err, "%s", where);
    int found = cn_participant_get(im->store, p.code, &existing, err);
    if (found < 0)
        return -1;
    if (found) {
        if (!cn_participant_same(&p, &existing)) {
            char differ[600];
            fields_that_differ(&p, &existing, differ, sizeof differ);
            return cn_error_code(err, CN_EDUPLICATE,
                                 "%s: code: participant %s already exists with other data%s", where,
                                 p.code, differ);
        }
        im->result->participants_same++;
        return 0;
    }
    if (p.replaces[0]) {
        cn_participant replaced;
        if ((found = cn_participant_get(im->store, p.replaces, &replaced, err)) < 0)
            return -1;
        if (!found && replace_later(im, &p, where, err) < 0)
            return -1;
    }
    if (cn_participant_add(im->store, &p, im->opt->today, err) < 0)
        return cn_error_prefix(err, "%s", where);
    im->result->participants_added++;
    return 0;
}

static void later_free(importer *im)
{
    for (size_t i = 0; i < im->nlater; i++)
        free(im->later[i].where);
    free(im->later);
}

/* Notes an entry of an unknown participant (where: the file and line); each code once. */
static int note_unknown(importer *im, const char *code, const char *where, cn_error *err)
{
    if (im->nunknown > UNKNOWN_KEPT || code_listed(&im->unknown_codes, code))
        return 0;
    if (code_list_add(&im->unknown_codes, code, err) < 0)
        return -1;
    char quoted[CN_CODE_MAX + 4];
    snprintf(quoted, sizeof quoted, "'%s'", code);
    if (im->nunknown++ == 0)
        snprintf(im->first_unknown, sizeof im->first_unknown,
                 "%s: participant: unknown participant %s%s", where, quoted,
                 code_listed(&im->refused_codes, code) ? " (its own row in this file is refused)"
                                                       : "");
    /* the place within the file, the message naming the file once: "line 7", "entries[3]" */
    size_t plen = strlen(im->path);
    const char *at =
        strncmp(where, im->path, plen) == 0 ? where + plen + strspn(where + plen, ": ") : where;
    bool line = *at && strspn(at, "0123456789") == strlen(at);
    const char *refused = code_listed(&im->refused_codes, code) ? ", whose own row is refused" : "";
    if (im->nunknown <= UNKNOWN_SHOWN && im->unknown_len < sizeof im->unknown) {
        int n = snprintf(im->unknown + im->unknown_len, sizeof im->unknown - im->unknown_len,
                         "%s%s (%s%s%s)", im->nunknown > 1 ? ", " : "", quoted, line ? "line " : "",
                         at, refused);
        im->unknown_len += n > 0 ? (size_t)n : 0;
    }
    return 0;
}

/* "[more than ]N unknown participant[s]: 'P09' (line 5), ...; add them first (a participants
 * file), or correct the codes": the entries of unknown participants, as a refusal names them. */
static void unknown_participants(const importer *im, char *out, size_t size)
{
    snprintf(out, size,
             "%s%zu unknown participant%s: %s%s; add them first (a participants file), or correct "
             "the codes",
             im->nunknown > UNKNOWN_KEPT ? "more than " : "",
             im->nunknown > UNKNOWN_KEPT ? (size_t)UNKNOWN_KEPT : im->nunknown,
             im->nunknown == 1 ? "" : "s", im->unknown,
             im->nunknown > UNKNOWN_SHOWN ? ", ..." : "");
}

/* After the file: its entries of unknown participants refuse it, naming them all (one as a
 * refusal on its line always read). */
static int refuse_unknown(const importer *im, cn_error *err)
{
    if (im->nunknown == 0)
        return 0;
    if (im->nunknown == 1)
        return cn_error_code(err, CN_ENOTFOUND, "%s", im->first_unknown);
    char unknown[700];
    unknown_participants(im, unknown, sizeof unknown);
    return cn_error_code(err, CN_ENOTFOUND, "%s: participant: %s", im->path, unknown);
}

/* A failure that concerns one row only, or that row's value: the file is read on to find
 * the others. Anything else (the database, memory, the file's own structure) stops the
 * import where it happened. */
static bool row_refusal(int code)
{
    return code == CN_EINVALID || code == CN_EDUPLICATE || code == CN_ENOTFOUND;
}

/* rc, the outcome of one row: a row refusal is noted (and told to opt->refused) and the
 * reading goes on with 0; anything else is returned as it is. */
static int note_row(importer *im, int rc, cn_error *err)
{
    if (rc >= 0 || !row_refusal(rc))
        return rc;
    if (im->nrefused++ == 0)
        im->first_refusal = *err;
    if (im->opt->refused)
        im->opt->refused(err->msg, im->opt->refused_ctx);
    cn_error_clear(err);
    return 0;
}

/* The replacements replace_later put off, now that every participant of the file is
 * stored: each checked as when it is given at once (the participant exists; no chain
 * comes back to itself), its message naming its row; a refusal is one of the file's
 * refused rows. A participant whose own row was refused is not there: said already. */
static int replace_now(importer *im, cn_error *err)
{
    for (size_t i = 0; i < im->nlater; i++) {
        const later_replacement *r = &im->later[i];
        cn_participant p;
        int found = cn_participant_get(im->store, r->code, &p, err);
        if (found <= 0) {
            if (found < 0)
                return -1;
            continue;
        }
        snprintf(p.replaces, sizeof p.replaces, "%s", r->replaces);
        int rc = cn_participant_update(im->store, &p, im->opt->today, err);
        if (rc < 0 && note_row(im, cn_error_prefix(err, "%s", r->where), err) < 0)
            return -1;
    }
    return 0;
}

/* After the file: its refused rows refuse it. One row alone gives its own message; more
 * are counted, the first quoted unless opt->refused took them one by one. */
static int refuse_rows(const importer *im, cn_error *err)
{
    if (im->nrefused == 0)
        return refuse_unknown(im, err);
    if (im->nrefused == 1 && im->nunknown == 0) {
        im->result->error_is_the_row = true;
        *err = im->first_refusal;
        return err->code;
    }
    char unknown[720] = "";
    if (im->nunknown > 0) {
        size_t n = (size_t)snprintf(unknown, sizeof unknown, ", and the entries of ");
        unknown_participants(im, unknown + n, sizeof unknown - n);
    }
    if (im->opt->refused)
        return cn_error_code(err, CN_EINVALID, "%s: %zu row%s refused%s", im->path, im->nrefused,
                             im->nrefused == 1 ? "" : "s", unknown);
    return cn_error_code(err, CN_EINVALID, "%s: %zu row%s refused%s; the first: %s", im->path,
                         im->nrefused, im->nrefused == 1 ? "" : "s", unknown,
                         im->first_refusal.msg);
}

/* For a row refused for another field: notes its participant when the study does not have
 * it, so that the unknown code is said now, not once the field is corrected. 0, or -1 when
 * memory runs out. */
static int note_if_unknown(importer *im, const char *code, const char *where)
{
    cn_participant p;
    cn_error e = {0};
    int found = cn_participant_get(im->store, code, &p, &e);
    if (found != 0) /* there, or a failure the row's own refusal already stops at */
        return 0;
    return note_unknown(im, code, where, &e) < 0 ? -1 : 0;
}

static int import_entry(importer *im, const char *const *v, const size_t *len, const char *where,
                        cn_error *err)
{
    for (int i = 0; i < CN_EF_COUNT; i++)
        if (!v[i] || !*v[i]) {
            if (i != CN_EF_PARTICIPANT && note_if_unknown(im, v[CN_EF_PARTICIPANT], where) < 0)
                return cn_error_nomem(err);
            return cn_error_code(err, CN_EINVALID, "%s: %s: missing", where, cn_entry_fields[i]);
        }
    int64_t id = 0;
    int rc = cn_entry_writer_add(im->writer, v[CN_EF_PARTICIPANT], v[CN_EF_DATE], v[CN_EF_TEXT],
                                 len[CN_EF_TEXT], &id, err);
    if (rc < 0 && err->code == CN_ENOTFOUND) { /* the participant: the file may name others */
        if (note_unknown(im, v[CN_EF_PARTICIPANT], where, err) < 0)
            return -1;
        /* the writer looks for the participant first: a date the row gets wrong too is
         * said now, not once the participant is added */
        cn_date date;
        if (cn_date_parse(v[CN_EF_DATE], &date, err) < 0)
            return cn_error_prefix(err, "%s: date", where);
        cn_error_clear(err);
        return 0;
    }
    if (rc < 0)
        return cn_error_prefix(err, "%s", where);
    if (rc == 1) {
        im->result->entries_duplicate++;
        if (im->opt->notice) {
            char msg[512];
            bool this_file = im->first_id && id >= im->first_id; /* ids only grow */
            snprintf(msg, sizeof msg, "%s: duplicate of an entry of %s on %s %s: skipped", where,
                     v[CN_EF_PARTICIPANT], v[CN_EF_DATE],
                     this_file ? "that an earlier line of this file adds" : "already stored");
            im->opt->notice(msg, im->opt->notice_ctx);
        }
    } else {
        im->result->entries_added++;
        if (!im->first_id)
            im->first_id = id;
        im->last_id = id;
    }
    return 0;
}

/* ---- CSV ---------------------------------------------------------------------- */

typedef enum { KIND_UNKNOWN, KIND_PARTICIPANTS, KIND_ENTRIES } row_kind;

typedef struct field {
    char *text;
    size_t len, size;
} field;

typedef struct csv_state {
    importer *im;
    cn_error *err;
    int failed; /* the cn_code of the first failure, 0 while all is well */
    /* where the reader is: the lines are those of the file (LF, CR LF or CR) */
    size_t line;        /* line of the bytes being parsed */
    size_t record_line; /* line where the record being parsed began */
    size_t field_line;  /* line where the field being parsed began */
    bool at_line_start, in_record, pending_cr;
    char separator;
    int record_done; /* set by the end-of-record callback */
    size_t nrecords;
    /* fields of the current record */
    field *fields;
    size_t nfields, cap;
    /* header: column index of each known field, or -1 */
    row_kind kind;
    int column[CN_PF_COUNT];
    size_t ncolumns; /* the named ones: a spreadsheet may save empty columns after them */
} csv_state;

/* Column names are matched without regard to case: "Participant" is how a spreadsheet
 * user heads a column. */
static bool same_name(const char *name, const char *text, size_t len)
{
    return strlen(name) == len && strncasecmp(name, text, len) == 0;
}

/* Column j of a file of this kind: the names come from the one field table. */
static const char *column_name(row_kind kind, size_t j)
{
    return kind == KIND_ENTRIES ? cn_entry_fields[j] : cn_participant_fields[j].name;
}

static size_t column_count(row_kind kind)
{
    return kind == KIND_ENTRIES ? CN_EF_COUNT : CN_PF_COUNT;
}

/* The name of field i of the current record, for messages: its column once the header
 * is read, else "header". */
static const char *field_name(const csv_state *s, size_t i)
{
    if (s->nrecords == 0)
        return "header";
    for (size_t j = 0; j < column_count(s->kind); j++)
        if (s->column[j] == (int)i)
            return column_name(s->kind, j);
    return "extra field";
}

static int csv_fail(csv_state *s, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Records the first failure in s and returns its code. */
static int csv_fail(csv_state *s, int code, const char *fmt, ...)
{
    char msg[CN_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->failed = cn_error_code(s->err, code, "%s", msg);
    return s->failed;
}

/* Fields are copied into buffers kept from row to row: no allocation per field. A field
 * over the limit or holding a NUL byte is refused here, whatever its column. */
static int take_field(csv_state *s, const char *data, size_t len)
{
    if (len > CN_IMPORT_FIELD_MAX)
        return csv_fail(s, CN_EINVALID,
                        "%s:%zu: %s: %zu bytes is more than the %zu a field may hold", s->im->path,
                        s->field_line, field_name(s, s->nfields), len, (size_t)CN_IMPORT_FIELD_MAX);
    if (len && memchr(data, '\0', len))
        return csv_fail(s, CN_EINVALID, "%s:%zu: %s: contains a NUL byte", s->im->path,
                        s->field_line, field_name(s, s->nfields));
    if (cn_grow((void **)&s->fields, &s->cap, s->nfields + 1, sizeof *s->fields) < 0)
        return csv_fail(s, CN_ENOMEM, "out of memory");
    field *f = &s->fields[s->nfields];
    if (f->size < len + 1) {
        char *text = realloc(f->text, len + 1);
        if (!text)
            return csv_fail(s, CN_ENOMEM, "out of memory");
        f->text = text;
        f->size = len + 1;
    }
    if (len)
        memcpy(f->text, data, len);
    f->text[len] = '\0';
    f->len = len;
    s->nfields++;
    s->field_line = s->line; /* the next field begins after the separator, on this line */
    return 0;
}

static void on_field(void *data, size_t len, void *arg)
{
    csv_state *s = arg;
    if (!s->failed)
        take_field(s, data, len);
}

/* An entries file has all its columns required; a participants file those the table says. */
static bool column_required(row_kind kind, size_t j)
{
    return kind == KIND_ENTRIES || cn_participant_fields[j].required;
}

static int read_header(csv_state *s, cn_error *err)
{
    const char *path = s->im->path;
    s->kind = KIND_PARTICIPANTS;
    for (size_t i = 0; i < s->nfields; i++)
        if (same_name(cn_entry_fields[CN_EF_PARTICIPANT], s->fields[i].text, s->fields[i].len) ||
            same_name(cn_entry_fields[CN_EF_TEXT], s->fields[i].text, s->fields[i].len))
            s->kind = KIND_ENTRIES;
    size_t nnames = column_count(s->kind);
    for (size_t j = 0; j < nnames; j++)
        s->column[j] = -1;
    /* "participant;date;text;;;": Excel saves the empty columns a sheet once used; they
     * are no column, as long as no row puts a value in them (csv_record) */
    size_t named = s->nfields;
    while (named > 0 && s->fields[named - 1].len == 0)
        named--;
    for (size_t i = 0; i < named; i++) {
        size_t j = 0;
        while (j < nnames &&
               !same_name(column_name(s->kind, j), s->fields[i].text, s->fields[i].len))
            j++;
        if (j == nnames) {
            char header[256];
            return cn_error_code(err, CN_EINVALID, "%s:%zu: unknown column '%s' (%s file has %s)",
                                 path, s->record_line, s->fields[i].text,
                                 s->kind == KIND_ENTRIES ? "an entries" : "a participants",
                                 cn_field_header(s->kind == KIND_ENTRIES, header, sizeof header));
        }
        if (s->column[j] >= 0)
            return cn_error_code(err, CN_EINVALID, "%s:%zu: column '%s' appears twice", path,
                                 s->record_line, column_name(s->kind, j));
        s->column[j] = (int)i;
    }
    for (size_t j = 0; j < nnames; j++)
        if (column_required(s->kind, j) && s->column[j] < 0)
            return cn_error_code(err, CN_EINVALID, "%s:%zu: missing column '%s'", path,
                                 s->record_line, column_name(s->kind, j));
    s->ncolumns = named;
    return 0;
}

/* Invalid UTF-8 in a file read as UTF-8 most often means a spreadsheet saved it in its
 * Windows code page: bytes 0x80-0x9F are printable there only (Latin-1 has controls). */
static int refuse_utf8(csv_state *s, const char *where, const char *name, const char *text,
                       size_t bad, cn_error *err)
{
    if (s->im->opt->encoding != CN_ENC_UTF8)
        return cn_error_code(err, CN_EINVALID, "%s: %s: invalid UTF-8 at byte %zu", where, name,
                             bad + 1);
    unsigned char c = (unsigned char)text[bad];
    return cn_error_code(err, CN_EINVALID,
                         "%s: %s: invalid UTF-8 at byte %zu: the file looks like %s; "
                         "import it with --encoding cp1252",
                         where, name, bad + 1,
                         c >= 0x80 && c <= 0x9F ? "Windows-1252" : "Windows-1252 or Latin-1");
}

static int csv_record(csv_state *s, cn_error *err)
{
    if (s->nrecords++ == 0)
        return read_header(s, err);
    bool empty = true; /* ";;" : a row a spreadsheet saved blank, not a record */
    for (size_t i = 0; i < s->nfields && empty; i++)
        empty = s->fields[i].len == 0;
    if (empty)
        return 0;
    char where[4200];
    snprintf(where, sizeof where, "%s:%zu", s->im->path, s->record_line);
    if (s->nfields < s->ncolumns)
        return cn_error_code(err, CN_EINVALID, "%s: expected %zu fields, found %zu", where,
                             s->ncolumns, s->nfields);
    for (size_t i = s->ncolumns; i < s->nfields; i++)
        if (s->fields[i].len > 0)
            return cn_error_code(err, CN_EINVALID,
                                 "%s: a value in field %zu, after the %zu columns the header "
                                 "names ('%.40s')",
                                 where, i + 1, s->ncolumns, s->fields[i].text);
    const char *v[CN_PF_COUNT] = {0};
    size_t len[CN_PF_COUNT] = {0};
    size_t nnames = column_count(s->kind);
    for (size_t j = 0; j < nnames; j++)
        if (s->column[j] >= 0) {
            v[j] = s->fields[s->column[j]].text;
            len[j] = s->fields[s->column[j]].len;
        }
    /* An entry's text is validated by the entry writer: it is looked at again here only
     * when the row is refused, to say what a text in the wrong encoding is. */
    size_t bad;
    for (size_t j = 0; j < nnames; j++)
        if (v[j] && !(s->kind == KIND_ENTRIES && j == CN_EF_TEXT) &&
            !cn_utf8_valid(v[j], len[j], &bad))
            return refuse_utf8(s, where, column_name(s->kind, j), v[j], bad, err);
    if (s->kind == KIND_PARTICIPANTS)
        return import_participant(s->im, v, where, err);
    int rc = import_entry(s->im, v, len, where, err);
    const char *text = v[CN_EF_TEXT];
    if (rc < 0 && text && !cn_utf8_valid(text, len[CN_EF_TEXT], &bad))
        return refuse_utf8(s, where, column_name(s->kind, CN_EF_TEXT), text, bad, err);
    return rc;
}

static void on_record(int c, void *arg)
{
    (void)c;
    csv_state *s = arg;
    s->record_done = 1;
    if (!s->failed) {
        bool header = s->nrecords == 0; /* a header refused leaves no row to read */
        int rc = csv_record(s, s->err);
        if (!header)
            rc = note_row(s->im, rc, s->err);
        if (rc < 0)
            s->failed = rc;
    }
    s->nfields = 0;
}

/* ---- the separator, from the header line ---- */

static bool is_column_name(const char *text, size_t len)
{
    for (size_t j = 0; j < CN_EF_COUNT; j++)
        if (same_name(cn_entry_fields[j], text, len))
            return true;
    for (size_t j = 0; j < CN_PF_COUNT; j++)
        if (same_name(cn_participant_fields[j].name, text, len))
            return true;
    return false;
}

typedef struct header_probe {
    size_t nfields, known;
} header_probe;

static void probe_field(void *data, size_t len, void *arg)
{
    header_probe *p = arg;
    p->nfields++;
    p->known += is_column_name(data, len);
}

/* The separator among , ; tab that splits the header line into two or more known column
 * names; else the likeliest; a comma when none splits the line. */
static char detect_separator(const char *head, size_t n)
{
    size_t end = 0;
    while (end < n && head[end] != '\n' && head[end] != '\r')
        end++;
    static const char candidates[] = {',', ';', '\t'};
    header_probe best = {0, 0};
    char chosen = ',';
    for (size_t k = 0; k < sizeof candidates; k++) {
        struct csv_parser parser;
        if (csv_init(&parser, 0) != 0)
            break;
        csv_set_delim(&parser, (unsigned char)candidates[k]);
        header_probe probe = {0, 0};
        size_t parsed = csv_parse(&parser, head, end, probe_field, NULL, &probe);
        if (parsed == end)
            csv_fini(&parser, probe_field, NULL, &probe);
        csv_free(&parser);
        if (parsed != end || probe.nfields < 2)
            continue;
        if (probe.known == probe.nfields)
            return candidates[k];
        /* Else the one that splits most known names, then most fields: with one column
         * misspelt the header's own error then names that column, not the whole line. */
        if (probe.known > best.known ||
            (probe.known == best.known && probe.nfields > best.nfields)) {
            best = probe;
            chosen = candidates[k];
        }
    }
    return chosen;
}

static char separator_char(cn_separator sep, const char *head, size_t n)
{
    switch (sep) {
    case CN_SEP_COMMA:
        return ',';
    case CN_SEP_SEMICOLON:
        return ';';
    case CN_SEP_TAB:
        return '\t';
    default:
        return detect_separator(head, n);
    }
}

/* ---- feeding the parser line by line ---- */

/* libcsv grows its field buffer by its block size (128 bytes) only when the field being
 * built needs it, and every completed field over the limit is refused by on_field: so a
 * buffer beyond the limit and this margin means the field still open is over the limit. */
#define FIELD_BUFFER_MARGIN 1024

static void parse_piece(csv_state *s, struct csv_parser *parser, const char *data, size_t n)
{
    if (csv_parse(parser, data, n, on_field, on_record, s) != n) {
        if (!s->failed && csv_error(parser) == CSV_EPARSE) /* strict: a stray quote */
            csv_fail(s, CN_EINVALID,
                     "%s:%zu: malformed CSV: a stray quote; a field holding a quote is "
                     "written in quotes, each quote inside it doubled "
                     "(\"il a dit \"\"non\"\"\")",
                     s->im->path, s->line);
        else if (!s->failed)
            csv_fail(s, CN_EINVALID, "%s:%zu: malformed CSV: %s", s->im->path, s->line,
                     csv_strerror(csv_error(parser)));
        return;
    }
    if (!s->failed && csv_get_buffer_size(parser) > CN_IMPORT_FIELD_MAX + FIELD_BUFFER_MARGIN)
        csv_fail(s, CN_EINVALID,
                 "%s:%zu: %s: more than %zu bytes in one field: an entry longer than that, "
                 "or a quote left open on this line",
                 s->im->path, s->field_line, field_name(s, s->nfields),
                 (size_t)CN_IMPORT_FIELD_MAX);
}

/* A line libcsv passes over between records: nothing, or spaces and tabs (unless tab
 * separates fields, when a tab is an empty field). Skipped here so that the next record's
 * line is its own, not that of the blank line. */
static bool blank(const char *p, size_t n, char separator)
{
    for (size_t k = 0; k < n; k++)
        if (p[k] != ' ' && (p[k] != '\t' || separator == '\t'))
            return false;
    return true;
}

static size_t next_byte(const char *data, size_t from, size_t n, char c)
{
    const char *p = from < n ? memchr(data + from, c, n - from) : NULL;
    return p ? (size_t)(p - data) : n;
}

/* Splits a chunk at line ends (LF, CR LF, CR) so that every record knows the line where
 * it began: libcsv's callbacks say nothing of positions. A line longer than the chunk
 * comes in several pieces; a CR LF may be cut between two chunks. */
static void feed(csv_state *s, struct csv_parser *parser, const char *data, size_t n)
{
    size_t i = 0;
    if (s->pending_cr && n > 0 && data[0] == '\n') {
        parse_piece(s, parser, data, 1); /* the end of a line already counted */
        i = 1;
    }
    s->pending_cr = false;
    /* Offsets of the next LF and CR at or after i (n: none left), each found by memchr
     * and kept until passed: one scan of the chunk for each, whatever the line ends. */
    size_t lf = next_byte(data, i, n, '\n'), cr = next_byte(data, i, n, '\r');
    while (i < n && !s->failed) {
        if (lf < i)
            lf = next_byte(data, i, n, '\n');
        if (cr < i)
            cr = next_byte(data, i, n, '\r');
        size_t j = lf < cr ? lf : cr;
        bool ends = j < n;
        size_t end = ends ? j + 1 : n;
        if (ends && data[j] == '\r') {
            if (end < n && data[end] == '\n')
                end++;
            else if (end == n)
                s->pending_cr = true;
        }
        if (s->at_line_start) {
            s->record_done = 0;
            if (!s->in_record) {
                if (ends && blank(data + i, j - i, s->separator)) { /* between records */
                    s->line++;
                    i = end;
                    continue;
                }
                s->record_line = s->field_line = s->line;
            }
        }
        parse_piece(s, parser, data + i, end - i);
        s->at_line_start = ends;
        if (ends) {
            s->line++;
            /* A record still open at the end of a line is a quoted field spanning lines. */
            s->in_record = !s->record_done;
        }
        i = end;
    }
}

static int import_csv(importer *im, cn_textin *in, cn_error *err)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cn_error_nomem(err);
    csv_state s = {.im = im, .err = err, .line = 1, .at_line_start = true};
    const char *data;
    size_t n;
    int rc = cn_textin_read(in, &data, &n, err);
    if (rc == 0) {
        s.separator = separator_char(im->opt->separator, data, n);
        csv_set_delim(&parser, (unsigned char)s.separator);
    }
    while (rc == 0 && n > 0 && !s.failed) {
        feed(&s, &parser, data, n);
        if (!s.failed)
            rc = cn_textin_read(in, &data, &n, err);
    }
    if (rc < 0)
        s.failed = rc;
    if (!s.failed && csv_fini(&parser, on_field, on_record, &s) != 0 && !s.failed)
        csv_fail(&s, CN_EINVALID, "%s:%zu: malformed CSV: %s (a quoted field is not closed)",
                 im->path, s.field_line, csv_strerror(csv_error(&parser)));
    if (!s.failed && s.nrecords == 0)
        csv_fail(&s, CN_EINVALID, "%s: empty file: expected a header line", im->path);
    csv_free(&parser);
    for (size_t i = 0; i < s.cap; i++)
        free(s.fields[i].text);
    free(s.fields);
    return s.failed ? s.failed : 0;
}

/* ---- JSON --------------------------------------------------------------------- */

static size_t line_of_offset(const char *text, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

/* A JSON number stands for a whole-number field (birth_year) only when it is one and fits:
 * the test comes before any cast, since casting 1e300 or an infinity to an integer is
 * undefined. No year or code needs more than nine digits. */
#define JSON_WHOLE_MAX 999999999.0

/* Text value of a member: strings as they are, whole numbers written out for a numeric
 * field (birth_year: the field table says which); NULL if absent. A number anywhere else
 * is refused: {"text": 1e3} would otherwise become the diary text "1000". */
static int json_field(const cJSON *obj, const char *name, bool numeric, char *numbuf,
                      size_t numsize, const char **out, const char *where, cn_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!item || cJSON_IsNull(item))
        return 0;
    if (cJSON_IsString(item)) {
        *out = item->valuestring;
        return 0;
    }
    if (cJSON_IsNumber(item) && numeric) {
        double d = item->valuedouble;
        if (!(d >= -JSON_WHOLE_MAX && d <= JSON_WHOLE_MAX) || d != floor(d))
            return cn_error_code(err, CN_EINVALID,
                                 "%s.%s: %g is not a whole number of at most 9 digits", where, name,
                                 d);
        snprintf(numbuf, numsize, "%ld", (long)d);
        *out = numbuf;
        return 0;
    }
    return cn_error_code(err, CN_EINVALID, "%s.%s: expected a string", where, name);
}

static int check_members(const cJSON *obj, const char *const *names, size_t n, const char *where,
                         cn_error *err)
{
    if (!cJSON_IsObject(obj))
        return cn_error_code(err, CN_EINVALID, "%s: expected an object", where);
    for (const cJSON *m = obj->child; m; m = m->next) {
        for (const cJSON *e = obj->child; e != m; e = e->next)
            if (strcmp(e->string, m->string) == 0) /* cJSON would read the first alone */
                return cn_error_code(err, CN_EINVALID, "%s: field \"%s\" given twice", where,
                                     m->string);
        size_t j = 0;
        while (j < n && strcmp(m->string, names[j]) != 0)
            j++;
        if (j == n) { /* "FILE.entrys" read as the program's typo: the field named apart */
            char known[256];
            size_t at = 0;
            for (size_t k = 0; k < n && at < sizeof known; k++)
                at += (size_t)snprintf(known + at, sizeof known - at, "%s%s", k ? ", " : "",
                                       names[k]);
            return cn_error_code(err, CN_EINVALID, "%s: unknown field \"%s\" (known: %s)", where,
                                 m->string, known);
        }
    }
    return 0;
}

/* One member of "participants" or "entries", checked and stored; `where` names it. */
static int json_row(importer *im, const cJSON *row, row_kind kind, const char *where, cn_error *err)
{
    size_t nnames = column_count(kind);
    const char *names[CN_PF_COUNT];
    for (size_t j = 0; j < nnames; j++)
        names[j] = column_name(kind, j);
    int rc = check_members(row, names, nnames, where, err);
    if (rc < 0)
        return rc;
    const char *v[CN_PF_COUNT] = {0};
    size_t len[CN_PF_COUNT] = {0};
    char numbuf[CN_PF_COUNT][32];
    for (size_t j = 0; j < nnames; j++) {
        bool numeric = kind == KIND_PARTICIPANTS && cn_participant_fields[j].number;
        rc = json_field(row, names[j], numeric, numbuf[j], sizeof numbuf[j], &v[j], where, err);
        if (rc < 0)
            return rc;
        /* strlen is the decoded length: json_refuse_nul_escapes ruled out \u0000 */
        len[j] = v[j] ? strlen(v[j]) : 0;
    }
    return kind == KIND_ENTRIES ? import_entry(im, v, len, where, err)
                                : import_participant(im, v, where, err);
}

static int json_rows(importer *im, const cJSON *root, const char *key, cn_error *err)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!array)
        return 0;
    if (!cJSON_IsArray(array))
        return cn_error_code(err, CN_EINVALID, "%s: %s: expected an array", im->path, key);
    row_kind kind = strcmp(key, "entries") == 0 ? KIND_ENTRIES : KIND_PARTICIPANTS;
    size_t index = 0;
    for (const cJSON *row = array->child; row; row = row->next, index++) {
        char where[4200];
        snprintf(where, sizeof where, "%s: %s[%zu]", im->path, key, index);
        int rc = note_row(im, json_row(im, row, kind, where, err), err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The whole file as UTF-8 (converted if need be), NUL-terminated, in *text. */
static int json_read(importer *im, cn_textin *in, char **text, size_t *size, cn_error *err)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    const char *data;
    size_t n;
    int rc;
    while ((rc = cn_textin_read(in, &data, &n, err)) == 0 && n > 0) {
        if (len + n > CN_IMPORT_JSON_MAX) {
            rc = cn_error_code(err, CN_EINVALID,
                               "%s: more than the %zu bytes a JSON import may hold", im->path,
                               CN_IMPORT_JSON_MAX);
            break;
        }
        if (cn_grow((void **)&buf, &cap, len + n + 1, 1) < 0) {
            rc = cn_error_nomem(err);
            break;
        }
        memcpy(buf + len, data, n);
        len += n;
    }
    if (rc == 0 && !buf && cn_grow((void **)&buf, &cap, 1, 1) < 0)
        rc = cn_error_nomem(err);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    *text = buf;
    *size = len;
    return 0;
}

static int import_json(importer *im, FILE *f, cn_textin *in, cn_error *err)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > CN_IMPORT_JSON_MAX)
        return cn_error_code(err, CN_EINVALID,
                             "%s: %lld bytes is more than the %zu a JSON import may hold", im->path,
                             (long long)st.st_size, CN_IMPORT_JSON_MAX);
    char *text;
    size_t got;
    int rc = json_read(im, in, &text, &got, err);
    if (rc < 0)
        return rc;
    rc = CN_EINVALID;
    size_t bad;
    cJSON *root = NULL;
    const char *nul = memchr(text, '\0', got);
    if (nul) {
        cn_error_code(err, rc, "%s:%zu: NUL byte", im->path,
                      line_of_offset(text, (size_t)(nul - text)));
    } else if (!cn_utf8_valid(text, got, &bad)) {
        unsigned char c = (unsigned char)text[bad];
        if (im->opt->encoding == CN_ENC_UTF8)
            cn_error_code(err, rc,
                          "%s:%zu: invalid UTF-8: the file looks like %s; import it with "
                          "--encoding cp1252",
                          im->path, line_of_offset(text, bad),
                          c >= 0x80 && c <= 0x9F ? "Windows-1252" : "Windows-1252 or Latin-1");
        else
            cn_error_code(err, rc, "%s:%zu: invalid UTF-8", im->path, line_of_offset(text, bad));
    } else {
        const char *end = NULL;
        root = cJSON_ParseWithLengthOpts(text, got, &end, 0);
        if (!root)
            cn_error_code(err, rc, "%s:%zu: malformed JSON", im->path,
                          line_of_offset(text, end ? (size_t)(end - text) : 0));
        else if (!cJSON_IsObject(root))
            cn_error_code(err, rc, "%s: expected an object with \"participants\" and \"entries\"",
                          im->path);
        else if (cn_jsonraw_refuse_nul(im->path, text, got, err) == 0 &&
                 check_members(root, (const char *const[]){"participants", "entries"}, 2, im->path,
                               err) == 0 &&
                 (rc = json_rows(im, root, "participants", err)) == 0)
            rc = json_rows(im, root, "entries", err);
    }
    cJSON_Delete(root);
    free(text);
    return rc;
}

/* ---- the transaction ------------------------------------------------------------ */

static cn_import_format format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && strcmp(dot, ".json") == 0)
        return CN_FORMAT_JSON;
    if (dot && strcmp(dot, ".csv") == 0)
        return CN_FORMAT_CSV;
    return CN_FORMAT_AUTO;
}

/* One audit row for the entries of a whole import (see the schema in store.c). */
static int audit_import(importer *im, const char *source, cn_error *err)
{
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "file", im->path);
    cJSON_AddStringToObject(after, "source", source);
    cJSON_AddNumberToObject(after, "entries_added", (double)im->result->entries_added);
    cJSON_AddNumberToObject(after, "entries_duplicate", (double)im->result->entries_duplicate);
    cJSON_AddNumberToObject(after, "first_id", (double)im->first_id);
    cJSON_AddNumberToObject(after, "last_id", (double)im->last_id);
    char *text = cJSON_PrintUnformatted(after);
    cJSON_Delete(after);
    if (!text)
        return cn_error_nomem(err);
    int rc = cn_store_audit_add(im->store, "entry", im->first_id, "import", NULL, text, err);
    free(text);
    return rc;
}

int cn_import_file(cn_store *store, const char *path, const cn_import_options *opt,
                   cn_import_result *result, cn_error *err)
{
    memset(result, 0, sizeof *result);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) /* before its name's extension is read */
        return cn_error_code(err, CN_EINVALID,
                             "%s: a folder, not a file: import its files one at a time", path);
    cn_import_format format = opt->format != CN_FORMAT_AUTO ? opt->format : format_of(path);
    if (format == CN_FORMAT_AUTO)
        return cn_error_set(err, "%s: cannot tell the format from the name: use --format csv|json",
                            path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    const char *shown = opt->name ? opt->name : path;
    importer im = {.store = store, .opt = opt, .result = result, .path = shown};
    char source[CN_SOURCE_MAX];
    const char *base = strrchr(shown, '/');
    snprintf(source, sizeof source, "import:%s", base ? base + 1 : shown);
    cn_textin *in = NULL;
    int rc = cn_textin_open(f, path, opt->encoding, &in, err);
    if (rc < 0) {
        fclose(f);
        return rc;
    }
    rc = cn_store_begin(store, err);
    if (rc == 0)
        rc = cn_entry_writer_open(store, opt->today, source, &im.writer, err);
    if (rc == 0)
        rc = format == CN_FORMAT_CSV ? import_csv(&im, in, err) : import_json(&im, f, in, err);
    if (rc == 0)
        rc = replace_now(&im, err);
    if (rc == 0)
        rc = refuse_rows(&im, err);
    later_free(&im);
    free(im.unknown_codes.codes);
    free(im.refused_codes.codes);
    if (rc == 0)
        rc = cn_entry_writer_finish(im.writer, err); /* the entries' audit record */
    cn_entry_writer_close(im.writer);
    cn_textin_close(in);
    fclose(f);
    if (rc == 0 && result->entries_added > 0)
        rc = audit_import(&im, source, err);
    if (rc == 0 && opt->dry_run) {
        cn_store_rollback(store); /* the counts stay: they are the preview */
        return 0;
    }
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0) {
        cn_store_rollback(store);
        *result = (cn_import_result){.rows_refused = im.nrefused,
                                     .unknown_participants = im.nunknown,
                                     .error_is_the_row = result->error_is_the_row};
    }
    return rc;
}
