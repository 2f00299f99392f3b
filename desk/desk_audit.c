/* desk_audit.c — the audit trail as a page: every record (the same as `carnet-collect audit`),
 * newest first, filtered by participant, action and dates. Records of an entry that do not
 * name its participant (a reason, a double-entry copy) are matched through the entry, and
 * an import's records (its summaries, its entries' fingerprints) through the ids they name. */
#include "desk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/entry.h"
#include "carnet/grow.h"
#include "carnet/recode.h"

#define AUDIT_SHOWN 500 /* the newest matching records; the count goes on */

typedef struct audit_filter {
    desk_ctx *c;
    const char *code, *action, *until; /* NULL or "": any */
    char *rows[AUDIT_SHOWN];           /* a ring of the newest matches, as markup */
    size_t n;                          /* matches */
    bool failed;
    /* the participant's entry ids, ascending, read at the first import record met */
    int64_t *ids;
    size_t nids, ids_cap;
    bool ids_read;
    int64_t participant_id; /* the participant's own, read at the first summary met; 0: none */
    bool participant_read;
    cn_recode_codes codes; /* every code it has had (a recode), read with its id */
} audit_filter;

static int note_id(const cn_entry *e, void *ctx)
{
    audit_filter *f = ctx;
    if (cn_grow((void **)&f->ids, &f->ids_cap, f->nids + 1, sizeof *f->ids) < 0)
        return -1;
    f->ids[f->nids++] = e->id;
    return 0;
}

static int by_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Where key's value begins in json, at its last place (an import's record names its ids
 * after the file, whose name could hold anything); NULL when absent. */
static const char *last_value(const char *json, const char *key)
{
    const char *at = NULL;
    for (const char *p = json; p && (p = strstr(p, key)) != NULL; p++)
        at = p + strlen(key);
    return at;
}

/* Whether an import's record of entries first_id..last_id (its summary, with the file, or
 * the fingerprints of its entries: one record for thousands of rows, naming no
 * participant) is of one of the participant's entries. */
/* The ids first..last an import's record names under the keys first_key and last_key. */
static bool id_range(const cn_audit_row *row, const char *first_key, const char *last_key,
                     long long *first, long long *last)
{
    const char *a = row->after ? last_value(row->after, first_key) : NULL;
    const char *b = row->after ? last_value(row->after, last_key) : NULL;
    return a && b && sscanf(a, "%lld", first) == 1 && sscanf(b, "%lld", last) == 1;
}

static bool imported_for(audit_filter *f, const cn_audit_row *row)
{
    long long first, last;
    if (!id_range(row, "\"first_id\":", "\"last_id\":", &first, &last))
        return false;
    if (!f->ids_read) {
        cn_error err = {0};
        f->ids_read = true;
        if (cn_entry_each(f->c->desk->store, f->code, note_id, f, &err) < 0)
            f->nids = 0; /* then no import record is shown for it: the others still are */
        if (f->nids)     /* ids stays NULL without any */
            qsort(f->ids, f->nids, sizeof *f->ids, by_id);
    }
    size_t lo = 0, hi = f->nids; /* the first id at least first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->ids[mid] < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nids && f->ids[lo] <= last;
}

/* The participant's id (0: no such participant now) and the codes it has had, read once,
 * not at each record of the trail. */
static int64_t participant_id(audit_filter *f)
{
    if (!f->participant_read) {
        cn_participant p;
        cn_error ignored = {0};
        f->participant_read = true;
        if (cn_participant_get(f->c->desk->store, f->code, &p, &ignored) == 1) {
            f->participant_id = p.id;
            cn_recode_codes_of(f->c->desk->store, p.id, &f->codes, &ignored); /* else: none */
        }
    }
    return f->participant_id;
}

/* Whether an import's summary of the participants it added, first..last by id (naming no
 * code: a file may add hundreds), is of the participant. */
static bool imported_participant(audit_filter *f, const cn_audit_row *row)
{
    long long first, last;
    if (!id_range(row, "\"first_participant_id\":", "\"last_participant_id\":", &first, &last))
        return false;
    int64_t id = participant_id(f);
    return id && id >= first && id <= last;
}

static bool names(const char *json, const char *key, const char *code)
{
    char pattern[CN_CODE_MAX + 32];
    snprintf(pattern, sizeof pattern, "\"%s\":\"%s\"", key, code);
    return json && strstr(json, pattern) != NULL;
}

/* Whether a record names the participant by code (its own record, or an entry's), under
 * one code or another: a recode without --forget leaves the earlier ones in the trail, and
 * the history under the new code lacked everything before (trial 56). */
static bool names_participant(const cn_audit_row *row, const char *code)
{
    return names(row->before, "code", code) || names(row->after, "code", code) ||
           names(row->before, "participant", code) || names(row->after, "participant", code);
}

static bool of_participant(audit_filter *f, const cn_audit_row *row)
{
    const char *code = f->code;
    int64_t id = participant_id(f);
    /* its own records, under whatever code (a recode's and an erasure's name none) */
    if (id && strcmp(row->table, "participant") == 0 && row->row_id == id &&
        strcmp(row->action, "import") != 0)
        return true;
    if (names_participant(row, code))
        return true;
    for (size_t i = 0; i < f->codes.n; i++)
        if (strcmp(f->codes.codes[i], code) != 0 && names_participant(row, f->codes.codes[i]))
            return true;
    if (strcmp(row->action, "import") == 0 && strcmp(row->table, "participant") == 0)
        return imported_participant(f, row);
    if (strcmp(row->action, "fingerprints") == 0 || strcmp(row->action, "import") == 0)
        return imported_for(f, row);
    bool about_entry = strcmp(row->table, "entry") == 0 || strcmp(row->table, "dde") == 0;
    if (!about_entry || (row->after && strstr(row->after, "\"participant\":")))
        return false; /* it names another participant */
    cn_entry e;
    cn_error ignored = {0};
    char owner[CN_CODE_MAX];
    if (cn_entry_get(f->c->desk->store, row->row_id, &e, &ignored) == 1) {
        snprintf(owner, sizeof owner, "%s", e.code);
        cn_entry_clear(&e);
    } else if (cn_entry_deleted_owner(f->c->desk->store, row->row_id, owner, &ignored) != 1) {
        return false;
    } /* a deleted entry's reason is its owner's, whom its delete record names (trial 61) */
    if (strcmp(owner, code) == 0)
        return true;
    for (size_t i = 0; i < f->codes.n; i++)
        if (strcmp(f->codes.codes[i], owner) == 0)
            return true;
    return false;
}

static int keep_row(const cn_audit_row *row, void *arg)
{
    audit_filter *f = arg;
    if (f->action && *f->action && strcmp(row->action, f->action) != 0)
        return 0;
    if (f->until && *f->until && strncmp(row->at, f->until, 10) > 0)
        return 0;
    if (f->code && *f->code && !of_participant(f, row))
        return 0;
    cn_html h = {0};
    cn_html_rawf(&h, "<tr><td>%lld</td><td>", (long long)row->id);
    cn_html_text(&h, row->at);
    cn_html_raw(&h, "</td><td>");
    cn_html_text(&h, row->table);
    cn_html_rawf(&h, " %lld</td><td>", (long long)row->row_id);
    cn_html_text(&h, row->action);
    cn_html_raw(&h, "</td><td class=\"json\">");
    cn_html_text(&h, row->before ? row->before : "");
    cn_html_raw(&h, "</td><td class=\"json\">");
    cn_html_text(&h, row->after ? row->after : "");
    cn_html_raw(&h, "</td></tr>");
    if (cn_html_failed(&h)) {
        cn_html_free(&h);
        f->failed = true;
        return 1;
    }
    size_t slot = f->n++ % AUDIT_SHOWN;
    free(f->rows[slot]);
    f->rows[slot] = h.data;
    return 0;
}

static void filter_form(cn_html *h, const char *code, const char *action, const char *since,
                        const char *until)
{
    static const char *const actions[] = {
        "insert", "update",     "delete",  "reason", "import", "first copy", "second copy",
        "agreed", "reconciled", "upgrade", "recode", "erase",  NULL};
    cn_html_raw(h, "<form class=\"card filters\" id=\"audit-form\" method=\"get\""
                   " action=\"/audit\"><label>Participant <input name=\"participant\" size=\"8\""
                   " value=\"");
    cn_html_text(h, code);
    cn_html_raw(h, "\"></label> <label>Action <select name=\"action\"><option value=\"\">any"
                   "</option>");
    for (const char *const *a = actions; *a; a++) {
        cn_html_raw(h, "<option");
        if (strcmp(*a, action) == 0)
            cn_html_raw(h, " selected");
        cn_html_raw(h, ">");
        cn_html_text(h, *a);
        cn_html_raw(h, "</option>");
    }
    cn_html_raw(h, "</select></label> <label>From <input name=\"since\" size=\"10\""
                   " placeholder=\"YYYY-MM-DD\" value=\"");
    cn_html_text(h, since);
    cn_html_raw(h, "\"></label> <label>To <input name=\"until\" size=\"10\""
                   " placeholder=\"YYYY-MM-DD\" value=\"");
    cn_html_text(h, until);
    cn_html_raw(h, "\"></label> <button type=\"submit\" id=\"filter\">Show</button></form>");
}

int desk_audit(desk_ctx *c)
{
    const char *code = desk_query(c, "participant"), *action = desk_query(c, "action");
    const char *since = desk_query(c, "since"), *until = desk_query(c, "until");
    code = code ? code : "";
    action = action ? action : "";
    since = since ? since : "";
    until = until ? until : "";
    cn_error err = {0};
    cn_date ignored_date;
    const char *bad = NULL;
    if (*code && cn_participant_check_code(code, &err) < 0)
        bad = "participant";
    else if (*since && cn_date_parse(since, &ignored_date, &err) < 0)
        bad = "since";
    else if (*until && cn_date_parse(until, &ignored_date, &err) < 0)
        bad = "until";
    desk_page_begin(c, "Audit trail");
    cn_html *h = &c->h;
    filter_form(h, code, action, since, until);
    if (bad) {
        cn_html_rawf(h, "<p class=\"error\" id=\"err-%s\">%s: ", bad, bad);
        cn_html_text(h, err.msg);
        cn_html_raw(h, "</p>");
        desk_page_end(c);
        return desk_send_page(c, 422);
    }
    audit_filter f = {.c = c, .code = code, .action = action, .until = until};
    int rc = cn_store_audit_each(c->desk->store, *since ? since : NULL, keep_row, &f, &err);
    free(f.ids);
    free(f.codes.codes);
    if (rc < 0 || f.failed) {
        for (size_t i = 0; i < AUDIT_SHOWN; i++)
            free(f.rows[i]);
        if (f.failed)
            return CN_ENOMEM;
        cn_html_raw(h, "<p class=\"error\">");
        cn_html_text(h, err.msg);
        cn_html_raw(h, "</p>");
        desk_page_end(c);
        return desk_send_page(c, 500);
    }
    size_t shown = f.n < AUDIT_SHOWN ? f.n : AUDIT_SHOWN;
    cn_html_rawf(h,
                 "<p class=\"lead\"><span id=\"n-records\">%zu</span> records%s, newest first"
                 "%s.</p>",
                 f.n, *code || *action || *since || *until ? " match" : "",
                 f.n > shown ? " (the newest 500 shown)" : "");
    if (shown) {
        cn_html_raw(h, "<div class=\"card wide\"><table class=\"audit\"><tr><th>#</th><th>At (UTC)"
                       "</th><th>Row</th><th>Action</th><th>Before</th><th>After</th></tr>");
        for (size_t k = 0; k < shown; k++) {
            size_t slot = (f.n - 1 - k) % AUDIT_SHOWN;
            cn_html_raw(h, f.rows[slot]);
        }
        cn_html_raw(h, "</table></div>");
    }
    for (size_t i = 0; i < AUDIT_SHOWN; i++)
        free(f.rows[i]);
    desk_page_end(c);
    return desk_send_page(c, 200);
}
