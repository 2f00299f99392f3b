/* jsonraw.c — what a JSON text holds that cJSON's decoding hides (see jsonraw.h). */
#include "carnet/jsonraw.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON decodes "\u0000" into a NUL byte inside valuestring and keeps no length, so the
 * text would silently end there. Once the file is known to hold no raw NUL byte and to
 * parse, the escape \u0000 is the only way a decoded string can hold a NUL (the other
 * escapes decode to other bytes, a surrogate pair to a code point above U+FFFF). So the
 * raw text is walked for that escape, outside any decoding, keeping the path of
 * objects and arrays so that the message names the record and the field. */

#define JSON_PATH_DEPTH 8

typedef struct json_frame {
    bool is_array;
    size_t index;    /* arrays: the current element */
    const char *key; /* objects: the current member's raw name */
    size_t key_len;
    bool expecting_key;
} json_frame;

/* Scans the string starting at text[i] == '"'; returns the index after its closing quote
 * and sets *has_nul when it holds the escape \u0000. */
static size_t json_skip_string(const char *text, size_t n, size_t i, bool *has_nul)
{
    *has_nul = false;
    for (i++; i < n && text[i] != '"'; i++)
        if (text[i] == '\\' && i + 1 < n) {
            i++; /* the escaped character: \" and \\ end nothing */
            if (text[i] == 'u' && i + 4 < n && memcmp(text + i + 1, "0000", 4) == 0)
                *has_nul = true;
        }
    return i + 1;
}

/* Whether text[k] ends a line: LF, or a CR alone (a file saved with old Mac line ends),
 * as the CSV reader counts them. */
static bool line_end(const char *text, size_t n, size_t k)
{
    return text[k] == '\n' || (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n'));
}

size_t cn_jsonraw_line(const char *text, size_t n, size_t offset)
{
    size_t line = 1;
    for (size_t k = 0; k < offset && k < n; k++)
        line += line_end(text, n, k);
    return line;
}

static void json_path(const json_frame *stack, size_t depth, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t d = 0; d < depth && d < JSON_PATH_DEPTH && len < size; d++) {
        const json_frame *f = &stack[d];
        if (!f->is_array && f->key_len == 0)
            continue;
        int w = f->is_array ? snprintf(out + len, size - len, "[%zu]", f->index)
                            : snprintf(out + len, size - len, "%s%.*s", d ? "." : "",
                                       (int)(f->key_len > 64 ? 64 : f->key_len), f->key);
        len += w > 0 ? (size_t)w : 0;
    }
}

int cn_jsonraw_refuse_nul(const char *path, const char *text, size_t n, cn_error *err)
{
    json_frame stack[JSON_PATH_DEPTH] = {0};
    size_t depth = 0, line = 1;
    for (size_t i = 0; i < n;) {
        char c = text[i];
        json_frame *top = depth && depth <= JSON_PATH_DEPTH ? &stack[depth - 1] : NULL;
        if (c == '"') {
            bool has_nul;
            size_t end = json_skip_string(text, n, i, &has_nul);
            bool is_key = top && !top->is_array && top->expecting_key;
            if (is_key) {
                top->key = text + i + 1;
                top->key_len = end - i - 2;
            }
            if (has_nul) {
                char where[600];
                if (is_key)
                    top->key_len = 0; /* the path of the object, without the name */
                json_path(stack, depth, where, sizeof where);
                return cn_error_code(err, CN_EINVALID,
                                     "%s:%zu: %s: %s \\u0000 (a NUL character): refused, as "
                                     "it would cut the text short",
                                     path, line, where[0] ? where : "(top)",
                                     is_key ? "a field name holds" : "holds");
            }
            for (size_t k = i; k < end && k < n; k++)
                line += line_end(text, n, k);
            i = end;
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth < JSON_PATH_DEPTH)
                stack[depth] = (json_frame){.is_array = c == '[', .expecting_key = c == '{'};
            depth++;
        } else if ((c == '}' || c == ']') && depth) {
            depth--;
        } else if (c == ',' && top) {
            top->index++;
            top->expecting_key = !top->is_array;
        } else if (c == ':' && top) {
            top->expecting_key = false;
        } else if (line_end(text, n, i)) {
            line++;
        }
        i++;
    }
    return 0;
}

int cn_jsonraw_element_lines(const char *text, size_t n, const char *key, size_t **lines,
                             size_t *count, cn_error *err)
{
    size_t depth = 0, line = 1, cap = 0, klen = strlen(key);
    const char *member = NULL; /* the top-level object's current member name, raw */
    size_t member_len = 0;
    bool in_key = false, in_array = false, want = false;
    *lines = NULL;
    *count = 0;
    for (size_t i = 0; i < n;) {
        char c = text[i];
        if (in_array && depth == 2 && want && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
            c != ']') { /* an element begins */
            if (*count == cap) {
                size_t *more = realloc(*lines, (cap ? 2 * cap : 64) * sizeof *more);
                if (!more) {
                    free(*lines);
                    *lines = NULL;
                    *count = 0;
                    return cn_error_nomem(err);
                }
                *lines = more;
                cap = cap ? 2 * cap : 64;
            }
            (*lines)[(*count)++] = line;
            want = false;
        }
        if (c == '"') {
            bool has_nul;
            size_t end = json_skip_string(text, n, i, &has_nul);
            if (depth == 1 && in_key) {
                member = text + i + 1;
                member_len = end - i - 2;
            }
            for (size_t k = i; k < end && k < n; k++)
                line += line_end(text, n, k);
            i = end;
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == 1 && c == '[' && member && member_len == klen &&
                memcmp(member, key, klen) == 0) {
                in_array = true;
                want = true;
            }
            in_key = depth == 0 && c == '{';
            depth++;
        } else if ((c == '}' || c == ']') && depth) {
            depth--;
            if (depth == 1)
                in_array = false;
        } else if (c == ',' && depth == 1) {
            in_key = true;
        } else if (c == ',' && depth == 2 && in_array) {
            want = true;
        } else if (c == ':' && depth == 1) {
            in_key = false;
        } else if (line_end(text, n, i)) {
            line++;
        }
        i++;
    }
    return 0;
}

/* ---- a grammar check that allocates nothing -------------------------------------------- */

static size_t skip_blanks(const char *t, size_t n, size_t i)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
        i++;
    return i;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The end of the string at t[i] == '"', or SIZE_MAX where it breaks (*at). */
static size_t string_end(const char *t, size_t n, size_t i, size_t *at)
{
    for (i++; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            break;
        if (c != '\\')
            continue;
        if (++i >= n)
            break;
        if (t[i] == 'u') {
            for (int k = 1; k <= 4; k++)
                if (i + (size_t)k >= n || !is_hex(t[i + (size_t)k])) {
                    *at = i;
                    return SIZE_MAX;
                }
            i += 4;
        } else if (!strchr("\"\\/bfnrt", t[i]) || t[i] == '\0') {
            break;
        }
    }
    *at = i < n ? i : n;
    return SIZE_MAX;
}

/* The end of the number at t[i], or SIZE_MAX where it breaks (*at). */
static size_t number_end(const char *t, size_t n, size_t i, size_t *at)
{
    size_t start = i;
    i += i < n && t[i] == '-';
    if (i < n && t[i] == '0')
        i++;
    else if (i < n && is_digit(t[i]))
        while (i < n && is_digit(t[i]))
            i++;
    else
        goto broken;
    if (i < n && t[i] == '.') {
        if (++i >= n || !is_digit(t[i]))
            goto broken;
        while (i < n && is_digit(t[i]))
            i++;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        i += i < n && (t[i] == '+' || t[i] == '-');
        if (i >= n || !is_digit(t[i]))
            goto broken;
        while (i < n && is_digit(t[i]))
            i++;
    }
    return i;
broken:
    *at = i > start ? i : start;
    return SIZE_MAX;
}

/* The end of the scalar (string, number, true, false, null) at t[i], or SIZE_MAX (*at). */
static size_t scalar_end(const char *t, size_t n, size_t i, size_t *at)
{
    static const char *const words[] = {"true", "false", "null"};
    if (t[i] == '"')
        return string_end(t, n, i, at);
    if (t[i] == '-' || is_digit(t[i]))
        return number_end(t, n, i, at);
    for (size_t w = 0; w < 3; w++) {
        size_t len = strlen(words[w]);
        if (n - i >= len && memcmp(t + i, words[w], len) == 0)
            return i + len;
    }
    *at = i;
    return SIZE_MAX;
}

typedef enum { WANT_VALUE, WANT_NAME, AFTER_VALUE } json_want;

/* Whether the bracket open at depth d is an array's ('['), as open[] keeps them: a bit each. */
static bool open_is_array(const unsigned char *open, size_t d)
{
    return open[d / 8] & (1u << d % 8);
}

static void set_open(unsigned char *open, size_t d, bool array)
{
    unsigned char bit = (unsigned char)(1u << d % 8);
    open[d / 8] = (unsigned char)(array ? open[d / 8] | bit : open[d / 8] & ~bit);
}

bool cn_jsonraw_well_formed(const char *t, size_t n, size_t depth_limit, size_t *bad)
{
    unsigned char open[512] = {0};
    size_t depth = 0, at = n, i = 0;
    json_want want = WANT_VALUE;
    if (depth_limit > sizeof open * 8)
        depth_limit = sizeof open * 8;
    for (;;) {
        i = skip_blanks(t, n, i);
        if (i >= n && (want != AFTER_VALUE || depth > 0)) {
            *bad = n; /* cut short, or empty */
            return false;
        }
        if (want == WANT_VALUE && (t[i] == '{' || t[i] == '[')) {
            bool array = t[i] == '[';
            if (depth == depth_limit) {
                *bad = i;
                return false;
            }
            set_open(open, depth++, array);
            size_t j = skip_blanks(t, n, i + 1);
            bool empty = j < n && t[j] == (array ? ']' : '}');
            depth -= empty;
            i = empty ? j + 1 : i + 1;
            want = empty ? AFTER_VALUE : array ? WANT_VALUE : WANT_NAME;
        } else if (want == WANT_VALUE) {
            if ((i = scalar_end(t, n, i, &at)) == SIZE_MAX)
                break;
            want = AFTER_VALUE;
        } else if (want == WANT_NAME) {
            if (t[i] != '"') {
                at = i;
                break;
            }
            if ((i = string_end(t, n, i, &at)) == SIZE_MAX)
                break;
            i = skip_blanks(t, n, i);
            if (i >= n || t[i] != ':') {
                at = i;
                break;
            }
            i++;
            want = WANT_VALUE;
        } else if (depth == 0) { /* after the whole value: blanks alone may follow */
            *bad = i;
            return i >= n;
        } else if (t[i] == (open_is_array(open, depth - 1) ? ']' : '}')) {
            depth--;
            i++;
        } else if (t[i] == ',') {
            want = open_is_array(open, depth - 1) ? WANT_VALUE : WANT_NAME;
            i++;
        } else {
            at = i;
            break;
        }
    }
    *bad = at;
    return false;
}
