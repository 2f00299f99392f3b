/* import.c — all-or-nothing import of CSV and JSON files (see import.h): the transaction, and
 * the rows the readers (import_csv.c, import_json.c) give it.
 *
 * Both formats reduce a row to the same array of named text fields, which one function
 * per kind of row (participant, entry) validates and stores: the two formats cannot
 * drift apart in what they accept. */
#include "carnet/import.h"

#include "carnet/erase.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "carnet/recode.h"
#include "import_internal.h"

/* ---- rows as named fields ------------------------------------------------------- */

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

/* " (gender: f stored, m here; site: ...)": what a row changes in a stored participant,
 * every field that differs (trial 74: the first three hid the site and status that showed
 * another site's person, not a typo); "" when no field shows it. */
static void fields_that_differ(const cn_participant *here, const cn_participant *stored, char *out,
                               size_t size)
{
    char a[CN_PF_COUNT][CN_FIELD_TEXT_MAX], b[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
    cn_field_write_participant(here, a);
    cn_field_write_participant(stored, b);
    size_t at = 0, n = 0;
    out[0] = '\0';
    for (int i = 0; i < CN_PF_COUNT && at < size; i++)
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

static bool row_refusal(int code)
{
    return code == CN_EINVALID || code == CN_EDUPLICATE || code == CN_ENOTFOUND;
}

/* A failure of a row's write, named by its row when the row is what was refused; a study
 * that cannot be written (read-only, locked) or memory gone is said as it is: "imp.csv:2:"
 * before it blamed a good row (trial 50). */
static int row_failed(cn_error *err, const char *where)
{
    bool study = err->code == CN_EIO || err->code == CN_EBUSY || err->code == CN_ENOMEM;
    return study ? err->code : cn_error_prefix(err, "%s", where);
}

/* `where` names the row for messages: "FILE:LINE" or "FILE: participants[3]". A row refused
 * leaves its code noted (note_refused_code). */
int cn_import_participant(importer *im, const char *const *v, const char *where, cn_error *err)
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

/* A row's "erased" column for participant p, read: 0, or a refusal naming the row. An
 * erasure follows a withdrawal, as participant erase requires. */
static int read_erased(const char *text, const cn_participant *p, bool *erased, const char *where,
                       cn_error *err)
{
    if (cn_field_parse_erased(text ? text : "", erased, err) < 0)
        return cn_error_prefix(err, "%s", where);
    if (*erased && p->status != CN_STATUS_WITHDRAWN)
        return cn_error_code(err, CN_EINVALID,
                             "%s: " CN_PF_ERASED_COLUMN ": participant %s is %s, not withdrawn:"
                             " only a withdrawn participant's diaries are erased",
                             where, p->code, cn_status_name(p->status));
    return 0;
}

/* The study's language, read once: what an empty language stands for. */
static const char *study_language(importer *im, cn_error *err)
{
    cn_study study;
    if (!im->study_lang[0]) {
        if (cn_store_study(im->store, &study, err) < 0)
            return NULL;
        snprintf(im->study_lang, sizeof im->study_lang, "%s", study.lang);
    }
    return im->study_lang;
}

/* Whether row p is the stored participant: each with its language, an empty one standing
 * for its study's (an export of before names none: trial 74's "en stored, '' here" was one
 * language); a and b receive the two as compared, for the message. -1 on error. */
static int same_as_stored(importer *im, const cn_participant *p, const cn_participant *stored,
                          cn_participant *a, cn_participant *b, cn_error *err)
{
    const char *lang = study_language(im, err);
    if (!lang)
        return -1;
    *a = *p;
    *b = *stored;
    if (!a->lang[0])
        snprintf(a->lang, sizeof a->lang, "%s", lang);
    if (!b->lang[0])
        snprintf(b->lang, sizeof b->lang, "%s", lang);
    return cn_participant_same(a, b);
}

/* The refusal of a row whose code is a stored participant's with other data, naming every
 * field that differs. */
static int refuse_other_data(const cn_participant *row, const cn_participant *stored,
                             const char *code, const char *where, cn_error *err)
{
    char differ[1200];
    fields_that_differ(row, stored, differ, sizeof differ);
    return cn_error_code(err, CN_EDUPLICATE,
                         "%s: code: participant %s already exists with other data%s", where, code,
                         differ);
}

/* Whether row and stored differ by `replaces` alone. */
static bool differ_by_replaces(const cn_participant *row, const cn_participant *stored)
{
    cn_participant a = *row;
    snprintf(a.replaces, sizeof a.replaces, "%s", stored->replaces);
    return strcmp(row->replaces, stored->replaces) != 0 && cn_participant_same(&a, stored);
}

/* Keeps row, whose stored participant differs from it by `replaces` alone, to compare again
 * once the file is read: a row later in it may recode the participant replaced (trial 95:
 * P26 replaces PN07 in the file, P07 here until PN07's row, after it, recodes P07). */
static int check_later(importer *im, const cn_participant *row, const char *where, cn_error *err)
{
    if (cn_grow((void **)&im->checks, &im->checks_cap, im->nchecks + 1, sizeof *im->checks) < 0)
        return cn_error_nomem(err);
    if (!(im->checks[im->nchecks].where = strdup(where)))
        return cn_error_nomem(err);
    im->checks[im->nchecks++].row = *row;
    return 0;
}

/* After the file: the rows check_later kept, compared again with what is stored now. */
static int check_now(importer *im, cn_error *err)
{
    for (size_t i = 0; i < im->nchecks; i++) {
        const struct later_check *c = &im->checks[i];
        cn_participant stored, a, b;
        int found = cn_participant_get(im->store, c->row.code, &stored, err);
        int same = found > 0 ? same_as_stored(im, &c->row, &stored, &a, &b, err) : found;
        if (same < 0)
            return -1;
        if (!same &&
            cn_import_note_row(im, refuse_other_data(&a, &b, a.code, c->where, err), err) < 0)
            return -1;
    }
    return 0;
}

/* err's refusal of a row whose participant this import recoded first (was: their code here,
 * "" when it did not): the study still has them as was, the recode undone with the import
 * (trial 95: the message named a code the study did not have). */
static int name_code_here(const char *was, cn_error *err)
{
    size_t len = strlen(err->msg);
    if (was[0] && len < sizeof err->msg)
        snprintf(err->msg + len, sizeof err->msg - len,
                 " (%s here: the file's code is theirs since a recode where it was exported;"
                 " this import changed nothing)",
                 was);
    return err->code;
}

/* err's refusal of a row's `replaces` naming a participant this import recoded first:
 * trials 97 and 98, "A70 is still active" of a participant the study still calls A07, the
 * recode undone with the refused file. Returns err. */
static cn_error *name_replaced_here(const importer *im, const char *replaces, cn_error *err)
{
    const char *before = err->field && strcmp(err->field, "replaces") == 0
                             ? cn_import_code_before(im, replaces)
                             : NULL;
    size_t len = strlen(err->msg);
    if (before && len < sizeof err->msg)
        snprintf(err->msg + len, sizeof err->msg - len,
                 " (%s is %s here: the file's code is theirs since a recode where it was"
                 " exported; this import changed nothing)",
                 replaces, before);
    return err;
}

static int import_participant_row(importer *im, const char *const *v, const char *where,
                                  cn_error *err)
{
    cn_participant p, existing;
    bool erased;
    if (cn_field_read_participant(v, true, &p, err) < 0)
        return cn_error_prefix(err, "%s", where);
    if (read_erased(v[CN_IMPORT_PC_ERASED], &p, &erased, where, err) < 0)
        return err->code;
    /* an export: the column, even empty (or "erased", which exports wrote before it) */
    im->is_export = im->is_export || v[CN_IMPORT_PC_EARLIER] || v[CN_IMPORT_PC_ERASED];
    char was[CN_CODE_MAX]; /* their code here before a recode that follows the file's */
    if (cn_import_follow_earlier(im, &p, v[CN_IMPORT_PC_EARLIER], where, was, err) < 0)
        return err->code ? err->code : -1;
    int found = cn_participant_get(im->store, p.code, &existing, err);
    if (found < 0)
        return -1;
    int done = found && erased ? cn_erase_done(im->store, &existing, err) : 0;
    if (done < 0)
        return -1;
    cn_participant row, stored;
    int same = found ? same_as_stored(im, &p, &existing, &row, &stored, err) : 0;
    if (same < 0)
        return -1;
    if (found && erased && !done && same) {
        cn_error_code(err, CN_EDUPLICATE,
                      "%s: participant %s is erased in this file, not in the study: erase their"
                      " diaries there first (participant erase %s --reason ...)",
                      where, p.code, was[0] ? was : p.code);
        return name_code_here(was, err);
    }
    /* listed, even when refused below: the file names them (trial 99) */
    if (found && cn_import_note_listed(im, &existing, true, was, err) < 0)
        return -1;
    if (found) { /* a file of before the erasure says nothing of it: the study's stands */
        if (!same && !was[0] && differ_by_replaces(&row, &stored)) {
            if (check_later(im, &p, where, err) < 0)
                return -1;
        } else if (!same) {
            refuse_other_data(&row, &stored, p.code, where, err);
            return name_code_here(was, err);
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
    /* an export's missing participants are judged once it is read (settle_unlisted), which
     * names the right one where the rule for one alike to a recoded person would not */
    if (cn_participant_add_alike(im->store, &p, im->opt->today,
                                 im->opt->allow_alike || im->is_export, err) < 0)
        return row_failed(name_replaced_here(im, p.replaces, err), where);
    if (cn_import_note_listed(im, &p, false, "", err) < 0)
        return -1;
    if (erased && (cn_erase_record_import(im->store, p.id, im->path, err) < 0 ||
                   code_list_add(&im->erased_codes, p.code, err) < 0))
        return -1;
    char identifying[CN_IDENTIFYING_TEXT_MAX], line[CN_IDENTIFYING_TEXT_MAX + 600];
    if (im->opt->identifying && cn_participant_identifies(&p, identifying, sizeof identifying)) {
        for (char *said = identifying, *next; said; said = next) {
            next = strchr(said, '\n');
            if (next)
                *next++ = '\0';
            snprintf(line, sizeof line, "%s: %s", where, said);
            im->opt->identifying(line, im->opt->identifying_ctx);
        }
    }
    if (!im->first_participant)
        im->first_participant = p.id;
    im->last_participant = p.id;
    im->result->participants_added++;
    return 0;
}

static void later_free(importer *im)
{
    for (size_t i = 0; i < im->nlater; i++)
        free(im->later[i].where);
    free(im->later);
    for (size_t i = 0; i < im->nchecks; i++)
        free(im->checks[i].where);
    free(im->checks);
}

/* Notes an entry of an unknown participant (where: the file and line); each code once. */
static int note_unknown(importer *im, const char *code, const char *where, cn_error *err)
{
    if (im->nunknown > UNKNOWN_KEPT || code_listed(&im->unknown_codes, code))
        return 0;
    if (code_list_add(&im->unknown_codes, code, err) < 0)
        return -1;
    /* p14 for P14: said, so that the code is corrected rather than added as a new one */
    char quoted[2 * CN_CODE_MAX + 48], twin[CN_CODE_MAX];
    cn_error ignored = {0};
    if (cn_participant_case_twin(im->store, code, twin, &ignored) == 1)
        snprintf(quoted, sizeof quoted, "'%s' (the study has %s: codes differ by case)", code,
                 twin);
    else
        snprintf(quoted, sizeof quoted, "'%s'", code);
    if (im->nunknown++ == 0)
        snprintf(im->first_unknown, sizeof im->first_unknown,
                 "%s: participant: unknown participant %s%s", where, quoted,
                 code_listed(&im->refused_codes, code) ? " (its own row in this file is refused)"
                                                       : "");
    /* the place within the file, the message naming the file once: "line 7" (CSV), "line
     * 12, entries[3]" (JSON) */
    size_t plen = strlen(im->path);
    const char *at = strncmp(where, im->path, plen) == 0 ? where + plen : where;
    at += *at == ':';
    size_t digits = strspn(at, "0123456789");
    const char *rest = at + digits + strspn(at + digits, ": ");
    const char *refused = code_listed(&im->refused_codes, code) ? ", whose own row is refused" : "";
    if (im->nunknown <= UNKNOWN_SHOWN && im->unknown_len < sizeof im->unknown) {
        int n = snprintf(im->unknown + im->unknown_len, sizeof im->unknown - im->unknown_len,
                         "%s%s (%s%.*s%s%s%s)", im->nunknown > 1 ? ", " : "", quoted,
                         digits ? "line " : "", (int)digits, at, digits && *rest ? ", " : "", rest,
                         refused);
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
/* rc, the outcome of one row: a row refusal is noted (and told to opt->refused) and the
 * reading goes on with 0; anything else is returned as it is. */
int cn_import_note_row(importer *im, int rc, cn_error *err)
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
        if (rc < 0 &&
            cn_import_note_row(im, row_failed(name_replaced_here(im, r->replaces, err), r->where),
                               err) < 0)
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

int cn_import_entry(importer *im, const char *const *v, const size_t *len, const char *where,
                    cn_error *err)
{
    /* A row with a field missing names each missing one, and a date it gets wrong too: it
     * is corrected once, not once for each fault */
    char faults[CN_ERROR_MAX / 2] = "";
    size_t used = 0;
    for (int i = 0; i < CN_EF_COUNT; i++)
        if ((!v[i] || !*v[i]) && used < sizeof faults) {
            int w = snprintf(faults + used, sizeof faults - used, "%s%s: missing", used ? "; " : "",
                             cn_entry_fields[i]);
            used += w > 0 ? (size_t)w : 0;
        }
    if (used) {
        cn_date date;
        cn_error bad = {0};
        if (v[CN_EF_DATE] && *v[CN_EF_DATE] && cn_date_parse(v[CN_EF_DATE], &date, &bad) < 0 &&
            used < sizeof faults)
            snprintf(faults + used, sizeof faults - used, "; date: %.200s", bad.msg);
        if (v[CN_EF_PARTICIPANT] && *v[CN_EF_PARTICIPANT] &&
            note_if_unknown(im, v[CN_EF_PARTICIPANT], where) < 0)
            return cn_error_nomem(err);
        return cn_error_code(err, CN_EINVALID, "%s: %s", where, faults);
    }
    if (code_listed(&im->erased_codes, v[CN_EF_PARTICIPANT])) { /* the writer's list predates */
        cn_erase_refuse(v[CN_EF_PARTICIPANT], err);
        return cn_error_prefix(err, "%s", where);
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
        char trimmed[CN_DATE_TEXT];
        if (cn_date_parse(cn_date_trim(v[CN_EF_DATE], trimmed), &date, err) < 0)
            return cn_error_prefix(err, "%s: date", where);
        cn_error_clear(err);
        return 0;
    }
    if (rc < 0)
        return row_failed(err, where);
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

/* Column j of a file of this kind: the names come from the one field table. */
const char *cn_import_column_name(cn_import_row_kind kind, size_t j)
{
    if (kind == KIND_ENTRIES)
        return cn_entry_fields[j];
    return j < CN_PF_COUNT            ? cn_participant_fields[j].name
           : j == CN_IMPORT_PC_ERASED ? CN_PF_ERASED_COLUMN
                                      : CN_PF_EARLIER_COLUMN;
}

size_t cn_import_column_count(cn_import_row_kind kind)
{
    return kind == KIND_ENTRIES ? CN_EF_COUNT : CN_IMPORT_PCOLUMNS;
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

/* One audit row for the participants or the entries a whole import added (see the schema
 * in store.c): its file, its counts and the ids it added, the first of them its row. The
 * participants' ids are named apart from the entries' first_id and last_id, which the
 * desk's audit filter reads as entry ids. */
static int audit_import(importer *im, const char *source, bool entries, cn_error *err)
{
    const cn_import_result *r = im->result;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "file", im->path);
    cJSON_AddStringToObject(after, "source", source);
    if (entries) {
        cJSON_AddNumberToObject(after, "entries_added", (double)r->entries_added);
        cJSON_AddNumberToObject(after, "entries_duplicate", (double)r->entries_duplicate);
        cJSON_AddNumberToObject(after, "first_id", (double)im->first_id);
        cJSON_AddNumberToObject(after, "last_id", (double)im->last_id);
    } else {
        cJSON_AddNumberToObject(after, "participants_added", (double)r->participants_added);
        cJSON_AddNumberToObject(after, "participants_same", (double)r->participants_same);
        if (r->participants_recoded > 0)
            cJSON_AddNumberToObject(after, "participants_recoded", (double)r->participants_recoded);
        cJSON_AddNumberToObject(after, "first_participant_id", (double)im->first_participant);
        cJSON_AddNumberToObject(after, "last_participant_id", (double)im->last_participant);
    }
    char *text = cJSON_PrintUnformatted(after);
    cJSON_Delete(after);
    if (!text)
        return cn_error_nomem(err);
    int rc = cn_store_audit_add(im->store, entries ? "entry" : "participant",
                                entries ? im->first_id : im->first_participant, "import", NULL,
                                text, err);
    free(text);
    return rc;
}

/* The import's commit. With a stored flag to set (import.h), the stopping signals are held
 * during it and until the flag is set: a stop then lands before the commit, when nothing
 * was imported, or after the flag, never between (trial 67). */
static int commit_import(cn_store *store, volatile sig_atomic_t *stored, cn_error *err)
{
    if (!stored)
        return cn_store_commit(store, err);
    sigset_t stops, was;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stops, &was);
    int rc = cn_store_commit(store, err);
    if (rc == 0)
        *stored = 1;
    pthread_sigmask(SIG_SETMASK, &was, NULL);
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
    int rc = cn_textin_open(f, shown, opt->encoding, &in, err); /* named as the caller shows it */
    if (rc < 0) {
        fclose(f);
        return rc;
    }
    rc = cn_store_begin(store, err);
    if (rc == 0)
        rc = cn_entry_writer_open(store, opt->today, source, &im.writer, err);
    if (rc == 0)
        rc =
            format == CN_FORMAT_CSV ? cn_import_csv(&im, in, err) : cn_import_json(&im, f, in, err);
    if (rc == 0)
        rc = replace_now(&im, err);
    if (rc == 0)
        rc = check_now(&im, err);
    if (rc == 0)
        rc = cn_import_settle_unlisted(&im, err);
    if (rc == 0)
        rc = refuse_rows(&im, err);
    later_free(&im);
    cn_import_recoded_free(&im);
    free(im.unknown_codes.codes);
    free(im.refused_codes.codes);
    free(im.erased_codes.codes);
    if (rc == 0)
        rc = cn_entry_writer_finish(im.writer, err); /* the entries' audit record */
    if (rc == 0 && im.writer) {
        const char *first;
        result->entries_beside = cn_entry_writer_beside(im.writer, &first);
        snprintf(result->beside_first, sizeof result->beside_first, "%s", first);
        result->entries_identifying = cn_entry_writer_identifying(im.writer, &first);
        snprintf(result->identifying_first, sizeof result->identifying_first, "%s", first);
    }
    cn_entry_writer_close(im.writer);
    cn_textin_close(in);
    fclose(f);
    /* in the import's transaction: a refused or previewed import records nothing */
    if (rc == 0 && result->participants_added > 0)
        rc = audit_import(&im, source, false, err);
    if (rc == 0 && result->entries_added > 0)
        rc = audit_import(&im, source, true, err);
    if (rc == 0 && opt->dry_run) {
        cn_store_rollback(store); /* the counts stay: they are the preview */
        return 0;
    }
    if (rc == 0)
        rc = commit_import(store, opt->stored, err);
    if (rc < 0) {
        cn_store_rollback(store);
        *result = (cn_import_result){.rows_refused = im.nrefused,
                                     .unknown_participants = im.nunknown,
                                     .error_is_the_row = result->error_is_the_row};
    }
    return rc;
}
