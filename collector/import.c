/* import.c — all-or-nothing import of CSV and JSON files (see import.h).
 *
 * Both formats reduce a row to the same array of named text fields, which one function
 * per kind of row (participant, entry) validates and stores: the two formats cannot
 * drift apart in what they accept. */
#include "carnet/import.h"

#include <csv.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/participant.h"
#include "carnet/utf8.h"

/* ---- rows as named fields ------------------------------------------------------- */

typedef struct importer {
    cn_store *store;
    const cn_import_options *opt;
    cn_import_result *result;
    cn_entry_writer *writer;
    const char *path;
    int64_t first_id, last_id; /* entries added by this import */
} importer;

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

/* `where` names the row for messages: "FILE:LINE" or "FILE: participants[3]". */
static int import_participant(importer *im, const char *const *v, const char *where, cn_error *err)
{
    cn_participant p, existing;
    if (cn_field_read_participant(v, true, &p, err) < 0)
        return cn_error_prefix(err, "%s", where);
    int found = cn_participant_get(im->store, p.code, &existing, err);
    if (found < 0)
        return -1;
    if (found) {
        if (!cn_participant_same(&p, &existing))
            return cn_error_set(err, "%s: code: participant %s already exists with other data",
                                where, p.code);
        im->result->participants_same++;
        return 0;
    }
    if (cn_participant_add(im->store, &p, im->opt->today, err) < 0)
        return cn_error_prefix(err, "%s", where);
    im->result->participants_added++;
    return 0;
}

static int import_entry(importer *im, const char *const *v, const size_t *len, const char *where,
                        cn_error *err)
{
    for (int i = 0; i < CN_EF_COUNT; i++)
        if (!v[i] || !*v[i])
            return cn_error_set(err, "%s: %s: missing", where, cn_entry_fields[i]);
    int64_t id = 0;
    int rc = cn_entry_writer_add(im->writer, v[CN_EF_PARTICIPANT], v[CN_EF_DATE], v[CN_EF_TEXT],
                                 len[CN_EF_TEXT], &id, err);
    if (rc < 0)
        return cn_error_prefix(err, "%s", where);
    if (rc == 1) {
        im->result->entries_duplicate++;
        if (im->opt->notice) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "%s: duplicate of an entry of %s on %s already stored: skipped", where,
                     v[CN_EF_PARTICIPANT], v[CN_EF_DATE]);
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
    int failed;
    size_t record_line; /* line where the record being parsed began */
    size_t nrecords;
    int record_done; /* set by the end-of-record callback */
    /* fields of the current record */
    field *fields;
    size_t nfields, cap;
    /* header: column index of each known field, or -1 */
    row_kind kind;
    int column[CN_PF_COUNT];
    size_t ncolumns;
} csv_state;

/* Fields are copied into buffers kept from row to row: no allocation per field. */
static void on_field(void *data, size_t len, void *arg)
{
    csv_state *s = arg;
    if (s->failed)
        return;
    if (s->nfields == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        field *grown = realloc(s->fields, cap * sizeof *grown);
        if (!grown) {
            s->failed = cn_error_set(s->err, "out of memory");
            return;
        }
        memset(grown + s->cap, 0, (cap - s->cap) * sizeof *grown);
        s->fields = grown;
        s->cap = cap;
    }
    field *f = &s->fields[s->nfields];
    if (f->size < len + 1) {
        char *text = realloc(f->text, len + 1);
        if (!text) {
            s->failed = cn_error_set(s->err, "out of memory");
            return;
        }
        f->text = text;
        f->size = len + 1;
    }
    if (len)
        memcpy(f->text, data, len);
    f->text[len] = '\0';
    f->len = len;
    s->nfields++;
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
        if (strcmp(s->fields[i].text, cn_entry_fields[CN_EF_PARTICIPANT]) == 0 ||
            strcmp(s->fields[i].text, cn_entry_fields[CN_EF_TEXT]) == 0)
            s->kind = KIND_ENTRIES;
    size_t nnames = column_count(s->kind);
    for (size_t j = 0; j < nnames; j++)
        s->column[j] = -1;
    for (size_t i = 0; i < s->nfields; i++) {
        size_t j = 0;
        while (j < nnames && strcmp(s->fields[i].text, column_name(s->kind, j)) != 0)
            j++;
        if (j == nnames) {
            char header[256];
            return cn_error_set(err, "%s:%zu: unknown column '%s' (a %s file has %s)", path,
                                s->record_line, s->fields[i].text,
                                s->kind == KIND_ENTRIES ? "entries" : "participants",
                                cn_field_header(s->kind == KIND_ENTRIES, header, sizeof header));
        }
        if (s->column[j] >= 0)
            return cn_error_set(err, "%s:%zu: column '%s' appears twice", path, s->record_line,
                                column_name(s->kind, j));
        s->column[j] = (int)i;
    }
    for (size_t j = 0; j < nnames; j++)
        if (column_required(s->kind, j) && s->column[j] < 0)
            return cn_error_set(err, "%s:%zu: missing column '%s'", path, s->record_line,
                                column_name(s->kind, j));
    s->ncolumns = s->nfields;
    return 0;
}

static int csv_record(csv_state *s, cn_error *err)
{
    if (s->nrecords++ == 0)
        return read_header(s, err);
    char where[4200];
    snprintf(where, sizeof where, "%s:%zu", s->im->path, s->record_line);
    if (s->nfields != s->ncolumns)
        return cn_error_set(err, "%s: expected %zu fields, found %zu", where, s->ncolumns,
                            s->nfields);
    const char *v[CN_PF_COUNT] = {0};
    size_t len[CN_PF_COUNT] = {0};
    size_t nnames = column_count(s->kind);
    for (size_t j = 0; j < nnames; j++)
        if (s->column[j] >= 0) {
            v[j] = s->fields[s->column[j]].text;
            len[j] = s->fields[s->column[j]].len;
        }
    /* Every field except an entry's text (checked with its byte offset) must be UTF-8. */
    for (size_t j = 0; j < nnames; j++)
        if (v[j] && !(s->kind == KIND_ENTRIES && j == CN_EF_TEXT) &&
            !cn_utf8_valid(v[j], len[j], NULL))
            return cn_error_set(err, "%s: %s: invalid UTF-8", where, column_name(s->kind, j));
    if (s->kind == KIND_ENTRIES)
        return import_entry(s->im, v, len, where, err);
    return import_participant(s->im, v, where, err);
}

static void on_record(int c, void *arg)
{
    (void)c;
    csv_state *s = arg;
    s->record_done = 1;
    if (!s->failed && csv_record(s, s->err) < 0)
        s->failed = 1;
    s->nfields = 0;
}

static int import_csv(importer *im, FILE *f, cn_error *err)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cn_error_set(err, "out of memory");
    csv_state s = {.im = im, .err = err};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int in_record = 0;
    while (!s.failed && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (!in_record) {
            if (n == 1 || (n == 2 && line[0] == '\r')) /* blank line between records */
                continue;
            s.record_line = lineno;
        }
        s.record_done = 0;
        if (csv_parse(&parser, line, (size_t)n, on_field, on_record, &s) != (size_t)n) {
            if (!s.failed)
                s.failed = cn_error_set(err, "%s:%zu: malformed CSV: %s", im->path, lineno,
                                        csv_strerror(csv_error(&parser)));
            break;
        }
        /* A record still open at the end of a line is a quoted field spanning lines. */
        in_record = !s.record_done;
    }
    if (!s.failed && ferror(f))
        s.failed = cn_error_set(err, "%s: read error: %s", im->path, strerror(errno));
    if (!s.failed && csv_fini(&parser, on_field, on_record, &s) != 0 && !s.failed)
        s.failed = cn_error_set(err, "%s:%zu: malformed CSV: %s (a quoted field is not closed)",
                                im->path, s.record_line, csv_strerror(csv_error(&parser)));
    if (!s.failed && s.nrecords == 0)
        s.failed = cn_error_set(err, "%s: empty file: expected a header line", im->path);
    csv_free(&parser);
    free(line);
    for (size_t i = 0; i < s.cap; i++)
        free(s.fields[i].text);
    free(s.fields);
    return s.failed ? -1 : 0;
}

/* ---- JSON --------------------------------------------------------------------- */

static size_t line_of_offset(const char *text, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

/* Text value of a member: strings as they are, integers written out; NULL if absent. */
static int json_field(const cJSON *obj, const char *name, char *numbuf, size_t numsize,
                      const char **out, const char *where, cn_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!item || cJSON_IsNull(item))
        return 0;
    if (cJSON_IsString(item)) {
        *out = item->valuestring;
        return 0;
    }
    if (cJSON_IsNumber(item) && item->valuedouble == (double)(long)item->valuedouble) {
        snprintf(numbuf, numsize, "%ld", (long)item->valuedouble);
        *out = numbuf;
        return 0;
    }
    return cn_error_set(err, "%s.%s: expected a string", where, name);
}

static int check_members(const cJSON *obj, const char *const *names, size_t n, const char *where,
                         cn_error *err)
{
    if (!cJSON_IsObject(obj))
        return cn_error_set(err, "%s: expected an object", where);
    for (const cJSON *m = obj->child; m; m = m->next) {
        size_t j = 0;
        while (j < n && strcmp(m->string, names[j]) != 0)
            j++;
        if (j == n)
            return cn_error_set(err, "%s.%s: unknown field", where, m->string);
    }
    return 0;
}

static int json_rows(importer *im, const cJSON *root, const char *key, cn_error *err)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!array)
        return 0;
    if (!cJSON_IsArray(array))
        return cn_error_set(err, "%s: %s: expected an array", im->path, key);
    row_kind kind = strcmp(key, "entries") == 0 ? KIND_ENTRIES : KIND_PARTICIPANTS;
    size_t nnames = column_count(kind);
    const char *names[CN_PF_COUNT];
    for (size_t j = 0; j < nnames; j++)
        names[j] = column_name(kind, j);
    size_t index = 0;
    for (const cJSON *row = array->child; row; row = row->next, index++) {
        char where[4200];
        snprintf(where, sizeof where, "%s: %s[%zu]", im->path, key, index);
        if (check_members(row, names, nnames, where, err) < 0)
            return -1;
        const char *v[CN_PF_COUNT] = {0};
        size_t len[CN_PF_COUNT] = {0};
        char numbuf[CN_PF_COUNT][32];
        for (size_t j = 0; j < nnames; j++) {
            if (json_field(row, names[j], numbuf[j], sizeof numbuf[j], &v[j], where, err) < 0)
                return -1;
            len[j] = v[j] ? strlen(v[j]) : 0;
        }
        int rc = kind == KIND_ENTRIES ? import_entry(im, v, len, where, err)
                                      : import_participant(im, v, where, err);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int import_json(importer *im, FILE *f, cn_error *err)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > CN_IMPORT_JSON_MAX)
        return cn_error_set(err, "%s: %lld bytes is more than the %zu a JSON import may hold",
                            im->path, (long long)st.st_size, CN_IMPORT_JSON_MAX);
    size_t size = st.st_size > 0 ? (size_t)st.st_size : 0;
    char *text = malloc(size + 1);
    if (!text)
        return cn_error_set(err, "out of memory");
    size_t got = fread(text, 1, size, f);
    text[got] = '\0';
    int rc = -1;
    size_t bad;
    cJSON *root = NULL;
    if (memchr(text, '\0', got)) {
        cn_error_set(err, "%s:%zu: NUL byte", im->path,
                     line_of_offset(text, (size_t)((char *)memchr(text, '\0', got) - text)));
    } else if (!cn_utf8_valid(text, got, &bad)) {
        cn_error_set(err, "%s:%zu: invalid UTF-8", im->path, line_of_offset(text, bad));
    } else {
        const char *end = NULL;
        root = cJSON_ParseWithLengthOpts(text, got, &end, 0);
        if (!root)
            cn_error_set(err, "%s:%zu: malformed JSON", im->path,
                         line_of_offset(text, end ? (size_t)(end - text) : 0));
        else if (!cJSON_IsObject(root))
            cn_error_set(err, "%s: expected an object with \"participants\" and \"entries\"",
                         im->path);
        else if (check_members(root, (const char *const[]){"participants", "entries"}, 2, im->path,
                               err) == 0 &&
                 json_rows(im, root, "participants", err) == 0 &&
                 json_rows(im, root, "entries", err) == 0)
            rc = 0;
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
        return cn_error_set(err, "out of memory");
    int rc = cn_store_audit_add(im->store, "entry", im->first_id, "import", NULL, text, err);
    free(text);
    return rc;
}

int cn_import_file(cn_store *store, const char *path, const cn_import_options *opt,
                   cn_import_result *result, cn_error *err)
{
    memset(result, 0, sizeof *result);
    cn_import_format format = opt->format != CN_FORMAT_AUTO ? opt->format : format_of(path);
    if (format == CN_FORMAT_AUTO)
        return cn_error_set(err, "%s: cannot tell the format from the name: use --format csv|json",
                            path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    importer im = {.store = store, .opt = opt, .result = result, .path = path};
    char source[CN_SOURCE_MAX];
    const char *base = strrchr(path, '/');
    snprintf(source, sizeof source, "import:%s", base ? base + 1 : path);
    int rc = cn_store_begin(store, err);
    if (rc == 0)
        rc = cn_entry_writer_open(store, opt->today, source, &im.writer, err);
    if (rc == 0)
        rc = format == CN_FORMAT_CSV ? import_csv(&im, f, err) : import_json(&im, f, err);
    if (rc == 0)
        rc = cn_entry_writer_finish(im.writer, err); /* the entries' audit record */
    cn_entry_writer_close(im.writer);
    fclose(f);
    if (rc == 0 && result->entries_added > 0)
        rc = audit_import(&im, source, err);
    if (rc == 0)
        rc = cn_store_commit(store, err);
    if (rc < 0) {
        cn_store_rollback(store);
        memset(result, 0, sizeof *result);
    }
    return rc;
}
