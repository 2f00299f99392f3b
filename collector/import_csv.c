/* import_csv.c — a CSV file of participants or entries read into rows (import_internal.h):
 * its header, separator and encoding found, each record given to the importer with its line. */
#include "import_internal.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/fields.h"
#include "carnet/grow.h"
#include "carnet/utf8.h"

/* ---- CSV ---------------------------------------------------------------------- */

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
    cn_import_row_kind kind;
    int column[CN_IMPORT_PCOLUMNS];
    size_t ncolumns; /* the named ones: a spreadsheet may save empty columns after them */
} csv_state;

/* Column names are matched without regard to case: "Participant" is how a spreadsheet
 * user heads a column. */
static bool same_name(const char *name, const char *text, size_t len)
{
    return strlen(name) == len && strncasecmp(name, text, len) == 0;
}

/* The name of field i of the current record, for messages: its column once the header
 * is read, else "header". */
static const char *field_name(const csv_state *s, size_t i)
{
    if (s->nrecords == 0)
        return "header";
    for (size_t j = 0; j < cn_import_column_count(s->kind); j++)
        if (s->column[j] == (int)i)
            return cn_import_column_name(s->kind, j);
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

#define CSV_FIELDS_MAX 16384

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
    /* a spreadsheet has at most 16,384 columns (Excel's); every field kept costs a buffer,
     * and a line of ten million separators took 700 MB (trial 94) */
    if (s->nfields == CSV_FIELDS_MAX)
        return csv_fail(s, CN_EINVALID,
                        "%s:%zu: more than %d fields on one line: not a table a spreadsheet"
                        " writes (a separator repeated?)",
                        s->im->path, s->field_line, CSV_FIELDS_MAX);
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
static bool column_required(cn_import_row_kind kind, size_t j)
{
    return kind == KIND_ENTRIES || (j < CN_PF_COUNT && cn_participant_fields[j].required);
}

/* Whether one of the first named header fields is a column of a participants file. */
static bool any_participant_column(const csv_state *s, size_t named)
{
    for (size_t i = 0; i < named; i++)
        for (size_t j = 0; j < cn_import_column_count(KIND_PARTICIPANTS); j++)
            if (same_name(cn_import_column_name(KIND_PARTICIPANTS, j), s->fields[i].text,
                          s->fields[i].len))
                return true;
    return false;
}

/* Header field i is no column of the file's kind. A header of which no name is known (an
 * entries file headed in the team's language, "partecipante;data;testo": trial 66) is
 * told both kinds, not only the participants' its kind defaulted to. */
static int unknown_column(const csv_state *s, size_t i, size_t named, cn_error *err)
{
    char header[256], other[256];
    if (s->kind == KIND_PARTICIPANTS && !any_participant_column(s, named))
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: unknown column '%s': an entries file has %s, a participants "
                             "file %s (the names in English, whatever the study's language)",
                             s->im->path, s->record_line, s->fields[i].text,
                             cn_field_header(true, header, sizeof header),
                             cn_field_header(false, other, sizeof other));
    return cn_error_code(err, CN_EINVALID, "%s:%zu: unknown column '%s' (%s file has %s)",
                         s->im->path, s->record_line, s->fields[i].text,
                         s->kind == KIND_ENTRIES ? "an entries" : "a participants",
                         cn_field_header(s->kind == KIND_ENTRIES, header, sizeof header));
}

static int read_header(csv_state *s, cn_error *err)
{
    const char *path = s->im->path;
    s->kind = KIND_PARTICIPANTS;
    for (size_t i = 0; i < s->nfields; i++)
        if (same_name(cn_entry_fields[CN_EF_PARTICIPANT], s->fields[i].text, s->fields[i].len) ||
            same_name(cn_entry_fields[CN_EF_TEXT], s->fields[i].text, s->fields[i].len))
            s->kind = KIND_ENTRIES;
    size_t nnames = cn_import_column_count(s->kind);
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
               !same_name(cn_import_column_name(s->kind, j), s->fields[i].text, s->fields[i].len))
            j++;
        if (j == nnames)
            return unknown_column(s, i, named, err);
        if (s->column[j] >= 0)
            return cn_error_code(err, CN_EINVALID, "%s:%zu: column '%s' appears twice", path,
                                 s->record_line, cn_import_column_name(s->kind, j));
        s->column[j] = (int)i;
    }
    for (size_t j = 0; j < nnames; j++)
        if (column_required(s->kind, j) && s->column[j] < 0)
            return cn_error_code(err, CN_EINVALID, "%s:%zu: missing column '%s'", path,
                                 s->record_line, cn_import_column_name(s->kind, j));
    s->ncolumns = named;
    return 0;
}

/* Invalid UTF-8 in a file read as UTF-8 most often means a spreadsheet saved it in its
 * Windows code page, or on a Mac in Mac Roman: the field's bytes tell which, when they do
 * (textin.h). */
static int refuse_utf8(csv_state *s, const char *where, const char *name, const char *text,
                       size_t bad, cn_error *err)
{
    if (!cn_encoding_is_utf8(s->im->opt->encoding))
        return cn_error_code(err, CN_EINVALID, "%s: %s: invalid UTF-8 at byte %zu", where, name,
                             bad + 1);
    char advice[160];
    return cn_error_code(err, CN_EINVALID, "%s: %s: invalid UTF-8 at byte %zu: %s", where, name,
                         bad + 1, cn_encoding_advice(text, strlen(text), advice, sizeof advice));
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
    const char *v[CN_IMPORT_PCOLUMNS] = {0};
    size_t len[CN_IMPORT_PCOLUMNS] = {0};
    size_t nnames = cn_import_column_count(s->kind);
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
            return refuse_utf8(s, where, cn_import_column_name(s->kind, j), v[j], bad, err);
    if (s->kind == KIND_PARTICIPANTS)
        return cn_import_participant(s->im, v, where, err);
    int rc = cn_import_entry(s->im, v, len, where, err);
    const char *text = v[CN_EF_TEXT];
    if (rc < 0 && text && !cn_utf8_valid(text, len[CN_EF_TEXT], &bad))
        return refuse_utf8(s, where, cn_import_column_name(s->kind, CN_EF_TEXT), text, bad, err);
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
            rc = cn_import_note_row(s->im, rc, s->err);
        if (rc < 0)
            s->failed = rc;
    }
    s->nfields = 0;
}

/* ---- the separator, from the header line ---- */

static bool is_cn_import_column_name(const char *text, size_t len)
{
    for (size_t j = 0; j < CN_EF_COUNT; j++)
        if (same_name(cn_entry_fields[j], text, len))
            return true;
    for (size_t j = 0; j < CN_IMPORT_PCOLUMNS; j++)
        if (same_name(cn_import_column_name(KIND_PARTICIPANTS, j), text, len))
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
    p->known += is_cn_import_column_name(data, len);
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

/* The line ends in data[0..n), as the reader counts them (LF, a CR alone, CR LF once). */
static size_t count_line_ends(const char *data, size_t n)
{
    size_t ends = 0;
    for (size_t i = 0; i < n; i++)
        ends += data[i] == '\n' || (data[i] == '\r' && (i + 1 >= n || data[i + 1] != '\n'));
    return ends;
}

int cn_import_csv(importer *im, cn_textin *in, cn_error *err)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cn_error_nomem(err);
    csv_state s = {.im = im, .err = err, .line = 1, .at_line_start = true};
    const char *data;
    size_t n;
    int rc = cn_textin_read(in, &data, &n, err);
    size_t lead = 0;
    while (rc == 0 && lead < n && strchr(" \t\r\n", data[lead]))
        lead++;
    if (rc == 0 && lead < n && (data[lead] == '{' || data[lead] == '['))
        /* trial 94: a JSON export named .csv was refused for "a stray quote" */
        rc = cn_error_code(err, CN_EINVALID,
                           "%s:%zu: not CSV (it begins with '%c', as JSON does); if the file is"
                           " JSON, import it with --format json",
                           im->path, (size_t)1 + (size_t)count_line_ends(data, lead), data[lead]);
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
