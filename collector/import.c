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
#include "carnet/participant.h"
#include "carnet/utf8.h"

/* ---- rows as named fields ------------------------------------------------------- */

enum {
    P_CODE,
    P_GENDER,
    P_BIRTH_YEAR,
    P_CARE_START,
    P_CONSENT,
    P_SITE,
    P_LANG,
    P_STATUS,
    P_REPLACES,
    P_HANDED_BACK,
    P_NFIELDS
};
static const char *const participant_fields[P_NFIELDS] = {
    "code", "gender",   "birth_year", "care_start", "consent_date",
    "site", "language", "status",     "replaces",   "handed_back"};
enum { P_NREQUIRED = 5 };

enum { E_PARTICIPANT, E_DATE, E_TEXT, E_NFIELDS };
static const char *const entry_fields[E_NFIELDS] = {"participant", "date", "text"};

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

static int parse_int(const char *text, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < -1000000 || v > 1000000)
        return -1;
    *out = (int)v;
    return 0;
}

static int field_date(const char *name, const char *text, cn_date *out, cn_error *err)
{
    if (cn_date_parse(text, out, err) < 0)
        return cn_error_prefix(err, "%s", name);
    return 0;
}

static int copy_field(const char *name, const char *text, char *out, size_t size, cn_error *err)
{
    if (strlen(text) >= size)
        return cn_error_set(err, "%s: longer than %zu bytes", name, size - 1);
    memcpy(out, text, strlen(text) + 1);
    return 0;
}

static int participant_from_fields(const char *const *v, cn_participant *p, cn_error *err)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < P_NREQUIRED; i++)
        if (!v[i] || !*v[i])
            return cn_error_set(err, "%s: missing", participant_fields[i]);
    if (copy_field("code", v[P_CODE], p->code, sizeof p->code, err) < 0 ||
        cn_participant_check_code(p->code, err) < 0)
        return cn_error_prefix(err, "code");
    const char *g = v[P_GENDER];
    if (strlen(g) != 1 || !strchr("fmxFMX", g[0]))
        return cn_error_set(err, "gender: '%s' is not f, m or x", g);
    p->gender = (char)(g[0] | 0x20);
    if (parse_int(v[P_BIRTH_YEAR], &p->birth_year) < 0)
        return cn_error_set(err, "birth_year: '%s' is not a year", v[P_BIRTH_YEAR]);
    if (field_date("care_start", v[P_CARE_START], &p->care_start, err) < 0 ||
        field_date("consent_date", v[P_CONSENT], &p->consent, err) < 0)
        return -1;
    if (v[P_SITE] && copy_field("site", v[P_SITE], p->site, sizeof p->site, err) < 0)
        return -1;
    if (v[P_LANG] && copy_field("language", v[P_LANG], p->lang, sizeof p->lang, err) < 0)
        return -1;
    if (v[P_STATUS] && *v[P_STATUS] && cn_status_parse(v[P_STATUS], &p->status, err) < 0)
        return cn_error_prefix(err, "status");
    if (v[P_REPLACES] &&
        copy_field("replaces", v[P_REPLACES], p->replaces, sizeof p->replaces, err) < 0)
        return -1;
    if (v[P_HANDED_BACK] && *v[P_HANDED_BACK]) {
        if (field_date("handed_back", v[P_HANDED_BACK], &p->handed_back, err) < 0)
            return -1;
        p->has_handed_back = true;
    }
    return 0;
}

/* `where` names the row for messages: "FILE:LINE" or "FILE: participants[3]". */
static int import_participant(importer *im, const char *const *v, const char *where, cn_error *err)
{
    cn_participant p, existing;
    if (participant_from_fields(v, &p, err) < 0)
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
    for (int i = 0; i < E_NFIELDS; i++)
        if (!v[i] || !*v[i])
            return cn_error_set(err, "%s: %s: missing", where, entry_fields[i]);
    int64_t id = 0;
    int rc = cn_entry_writer_add(im->writer, v[E_PARTICIPANT], v[E_DATE], v[E_TEXT], len[E_TEXT],
                                 &id, err);
    if (rc < 0)
        return cn_error_prefix(err, "%s", where);
    if (rc == 1) {
        im->result->entries_duplicate++;
        if (im->opt->notice) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "%s: duplicate of an entry of %s on %s already stored: skipped", where,
                     v[E_PARTICIPANT], v[E_DATE]);
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
    int column[P_NFIELDS];
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

static int read_header(csv_state *s, cn_error *err)
{
    const char *path = s->im->path;
    const char *const *names = participant_fields;
    size_t nnames = P_NFIELDS, nrequired = P_NREQUIRED;
    s->kind = KIND_PARTICIPANTS;
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].text, "participant") == 0 ||
            strcmp(s->fields[i].text, "text") == 0) {
            names = entry_fields;
            nnames = nrequired = E_NFIELDS;
            s->kind = KIND_ENTRIES;
        }
    for (size_t j = 0; j < nnames; j++)
        s->column[j] = -1;
    for (size_t i = 0; i < s->nfields; i++) {
        size_t j = 0;
        while (j < nnames && strcmp(s->fields[i].text, names[j]) != 0)
            j++;
        if (j == nnames)
            return cn_error_set(
                err, "%s:%zu: unknown column '%s' (a %s file has %s)", path, s->record_line,
                s->fields[i].text, s->kind == KIND_ENTRIES ? "entries" : "participants",
                s->kind == KIND_ENTRIES ? "participant,date,text"
                                        : "code,gender,birth_year,care_start,consent_date,site,"
                                          "language,status,replaces,handed_back");
        if (s->column[j] >= 0)
            return cn_error_set(err, "%s:%zu: column '%s' appears twice", path, s->record_line,
                                names[j]);
        s->column[j] = (int)i;
    }
    for (size_t j = 0; j < nrequired; j++)
        if (s->column[j] < 0)
            return cn_error_set(err, "%s:%zu: missing column '%s'", path, s->record_line, names[j]);
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
    const char *v[P_NFIELDS] = {0};
    size_t len[P_NFIELDS] = {0};
    size_t nnames = s->kind == KIND_ENTRIES ? E_NFIELDS : P_NFIELDS;
    for (size_t j = 0; j < nnames; j++)
        if (s->column[j] >= 0) {
            v[j] = s->fields[s->column[j]].text;
            len[j] = s->fields[s->column[j]].len;
        }
    /* Every field except an entry's text (checked with its byte offset) must be UTF-8. */
    for (size_t j = 0; j < nnames; j++)
        if (v[j] && !(s->kind == KIND_ENTRIES && j == E_TEXT) && !cn_utf8_valid(v[j], len[j], NULL))
            return cn_error_set(err, "%s: %s: invalid UTF-8", where,
                                s->kind == KIND_ENTRIES ? entry_fields[j] : participant_fields[j]);
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
    int is_entries = strcmp(key, "entries") == 0;
    const char *const *names = is_entries ? entry_fields : participant_fields;
    size_t nnames = is_entries ? E_NFIELDS : P_NFIELDS;
    size_t index = 0;
    for (const cJSON *row = array->child; row; row = row->next, index++) {
        char where[4200];
        snprintf(where, sizeof where, "%s: %s[%zu]", im->path, key, index);
        if (check_members(row, names, nnames, where, err) < 0)
            return -1;
        const char *v[P_NFIELDS] = {0};
        size_t len[P_NFIELDS] = {0};
        char numbuf[P_NFIELDS][32];
        for (size_t j = 0; j < nnames; j++) {
            if (json_field(row, names[j], numbuf[j], sizeof numbuf[j], &v[j], where, err) < 0)
                return -1;
            len[j] = v[j] ? strlen(v[j]) : 0;
        }
        int rc = is_entries ? import_entry(im, v, len, where, err)
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
