/* import_json.c — a JSON file of participants and entries read into rows (import_internal.h):
 * read whole, checked, then each member of its two arrays given to the importer with its path. */
#include "import_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/fields.h"
#include "carnet/grow.h"
#include "carnet/jsonraw.h"
#include "carnet/utf8.h"

/* ---- JSON --------------------------------------------------------------------- */

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
static int json_row(importer *im, const cJSON *row, cn_import_row_kind kind, const char *where,
                    cn_error *err)
{
    size_t nnames = cn_import_column_count(kind);
    const char *names[CN_IMPORT_PCOLUMNS];
    for (size_t j = 0; j < nnames; j++)
        names[j] = cn_import_column_name(kind, j);
    int rc = check_members(row, names, nnames, where, err);
    if (rc < 0)
        return rc;
    const char *v[CN_IMPORT_PCOLUMNS] = {0};
    size_t len[CN_IMPORT_PCOLUMNS] = {0};
    char numbuf[CN_IMPORT_PCOLUMNS][32];
    for (size_t j = 0; j < nnames; j++) {
        bool numeric =
            kind == KIND_PARTICIPANTS && j < CN_PF_COUNT && cn_participant_fields[j].number;
        rc = json_field(row, names[j], numeric, numbuf[j], sizeof numbuf[j], &v[j], where, err);
        if (rc < 0)
            return rc;
        /* strlen is the decoded length: json_refuse_nul_escapes ruled out \u0000 */
        len[j] = v[j] ? strlen(v[j]) : 0;
    }
    return kind == KIND_ENTRIES ? cn_import_entry(im, v, len, where, err)
                                : cn_import_participant(im, v, where, err);
}

/* The rows of array key, each named by its line and path ("FILE:12: entries[3]"): cJSON
 * keeps no positions, so the lines come from the text itself (jsonraw.h). */
static int json_rows(importer *im, const cJSON *root, const char *text, size_t size,
                     const char *key, cn_error *err)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!array)
        return 0;
    if (!cJSON_IsArray(array))
        return cn_error_code(err, CN_EINVALID, "%s: %s: expected an array", im->path, key);
    cn_import_row_kind kind = strcmp(key, "entries") == 0 ? KIND_ENTRIES : KIND_PARTICIPANTS;
    size_t *lines, nlines, index = 0;
    int rc = cn_jsonraw_element_lines(text, size, key, &lines, &nlines, err);
    for (const cJSON *row = array->child; rc == 0 && row; row = row->next, index++) {
        char where[4200];
        if (index < nlines)
            snprintf(where, sizeof where, "%s:%zu: %s[%zu]", im->path, lines[index], key, index);
        else /* a key given twice was refused before: the lines are this array's */
            snprintf(where, sizeof where, "%s: %s[%zu]", im->path, key, index);
        rc = cn_import_note_row(im, json_row(im, row, kind, where, err), err);
    }
    free(lines);
    return rc < 0 ? rc : 0;
}

/* The first characters of s[0..n) up to a line's end, at most 20 bytes, each control
 * written '?': a raw ESC or Ctrl-Z reached the terminal (trial 97). */
static const char *shown_fragment(const char *s, size_t n, char *buf, size_t size)
{
    size_t len = cn_utf8_cut(s, strcspn(s, "\r\n") < n ? strcspn(s, "\r\n") : n, 20);
    if (len >= size)
        len = size - 1;
    for (size_t i = 0; i < len; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
    buf[len] = '\0';
    return buf;
}

/* ", U+0001 first" for a first character a message cannot show (a control, a blank), into
 * buf; "" for one it can. */
static const char *unseen_first(uint32_t c, char *buf, size_t size)
{
    buf[0] = '\0';
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0))
        snprintf(buf, size, ", U+%04X first", (unsigned)c);
    return buf;
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

/* Whether text[0 .. n) opens more arrays and objects than cJSON parses (its nesting limit),
 * strings aside. */
static bool too_deep(const char *text, size_t n)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"')
            in_string = true;
        else if ((c == '{' || c == '[') && ++depth > CJSON_NESTING_LIMIT)
            return true;
        else if (c == '}' || c == ']')
            depth--;
    }
    return false;
}

int cn_import_json(importer *im, FILE *f, cn_textin *in, cn_error *err)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > CN_IMPORT_JSON_MAX)
        return cn_error_code(err, CN_EINVALID,
                             "%s: %lld bytes is more than the %zu a JSON import may hold; "
                             "import the entries as CSV, which has no such limit",
                             im->path, (long long)st.st_size, CN_IMPORT_JSON_MAX);
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
                      cn_jsonraw_line(text, got, (size_t)(nul - text)));
    } else if (!cn_utf8_valid(text, got, &bad)) {
        char advice[160];
        if (cn_encoding_is_utf8(im->opt->encoding))
            cn_error_code(err, rc, "%s:%zu: invalid UTF-8: %s", im->path,
                          cn_jsonraw_line(text, got, bad),
                          cn_encoding_advice(text, got, advice, sizeof advice));
        else
            cn_error_code(err, rc, "%s:%zu: invalid UTF-8", im->path,
                          cn_jsonraw_line(text, got, bad));
    } else {
        const char *end = NULL;
        root = cJSON_ParseWithLengthOpts(text, got, &end, 0);
        size_t lead = 0;
        while (lead < got && strchr(" \t\r\n", text[lead]))
            lead++;
        size_t bad = 0;
        bool whole = cn_jsonraw_well_formed(text, got, CJSON_NESTING_LIMIT, &bad);
        uint32_t first = 0;
        char hint[32], shown[32];
        /* after the object, nothing visible: a no-break space, or an old tool's end-of-file
         * mark (Ctrl-Z), as cJSON took them before (trial 96) */
        if (!whole && root && bad < got && (size_t)(end - text) <= bad &&
            cn_utf8_blank(text + bad, got - bad, &first))
            whole = true;
        if (lead == got) /* trial 94: said "malformed JSON" where a CSV says "empty file" */
            cn_error_code(err, rc,
                          "%s: empty file: expected a JSON object with \"participants\""
                          " and \"entries\"",
                          im->path);
        else if (!root && lead < got && text[lead] != '{' && text[lead] != '[')
            /* a CSV named .json (an export written with -o x.json before its format
             * followed the name): say what it is, not where the JSON broke */
            cn_error_code(err, rc,
                          "%s:%zu: not JSON (JSON begins with '{'); if the file is CSV, read it "
                          "with --format csv",
                          im->path, cn_jsonraw_line(text, got, lead));
        else if (!root && too_deep(text, end ? (size_t)(end - text) + 1 : got))
            /* cJSON's limit: valid JSON, not a broken file (trial 64) */
            cn_error_code(err, rc, "%s:%zu: nested deeper than %d levels", im->path,
                          cn_jsonraw_line(text, got, end ? (size_t)(end - text) : 0),
                          CJSON_NESTING_LIMIT);
        else if (!root && whole) /* cJSON's NULL for memory gone: not the file's fault */
            cn_error_code(err, CN_ENOMEM,
                          "%s: out of memory reading it: a JSON import holds the whole file"
                          " parsed, several times its size; import its entries as CSV",
                          im->path);
        else if (!root)
            cn_error_code(err, rc, "%s:%zu: malformed JSON", im->path,
                          cn_jsonraw_line(text, got, bad < got ? bad : got));
        else if (!whole && bad < got && (size_t)(end - text) <= bad)
            /* trial 94: two exports joined, the second dropped without a word */
            cn_error_code(err, rc,
                          "%s:%zu: text after the end of the JSON object ('%s'...%s): two"
                          " files joined? import each on its own",
                          im->path, cn_jsonraw_line(text, got, bad),
                          shown_fragment(text + bad, got - bad, shown, sizeof shown),
                          unseen_first(first, hint, sizeof hint));
        else if (!cJSON_IsObject(root))
            cn_error_code(err, rc, "%s: expected an object with \"participants\" and \"entries\"",
                          im->path);
        else if (cn_jsonraw_refuse_nul(im->path, text, got, err) == 0 &&
                 check_members(root, (const char *const[]){"participants", "entries"}, 2, im->path,
                               err) == 0 &&
                 (rc = json_rows(im, root, text, got, "participants", err)) == 0)
            rc = json_rows(im, root, text, got, "entries", err);
    }
    cJSON_Delete(root);
    free(text);
    return rc;
}
