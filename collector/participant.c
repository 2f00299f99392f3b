/* participant.c — validation and storage of participants (see participant.h). */
#include "carnet/participant.h"

#include <stdio.h>
#include <string.h>

#include "carnet/corpus.h"
#include "carnet/entry.h"
#include "carnet/erase.h"
#include "carnet/fields.h"
#include "carnet/langcode.h"
#include "carnet/recode.h"
#include "carnet/utf8.h"
#include "store_internal.h"

/* A refusal's field (cn_error.field), by its column in cn_participant_fields; returns rc. */
static int about(int field, int rc, cn_error *err)
{
    return cn_error_about(err, cn_participant_fields[field].name, rc);
}

static const char *const status_names[] = {"active", "handed_back", "lost", "withdrawn"};

const char *cn_status_name(cn_status status)
{
    return status_names[status];
}

int cn_status_parse(const char *text, cn_status *out, cn_error *err)
{
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++)
        if (strcmp(text, status_names[i]) == 0) {
            *out = (cn_status)i;
            return 0;
        }
    return cn_error_code(err, CN_EINVALID,
                         "status '%s' is not one of active, handed_back, lost, withdrawn", text);
}

int cn_participant_check_code(const char *code, cn_error *err)
{
    size_t n = strlen(code);
    if (n == 0)
        return cn_error_code(err, CN_EINVALID, "participant code is empty");
    if (n >= CN_CODE_MAX)
        return cn_error_code(err, CN_EINVALID,
                             "participant code '%.40s...' is longer than %d characters", code,
                             CN_CODE_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return cn_error_code(
                err, CN_EINVALID,
                "participant code '%s' may hold only unaccented letters (A-Z, a-z), digits and '_'",
                code);
    }
    return 0;
}

int cn_participant_identifies(const cn_participant *p, char *out, size_t size)
{
    int lines = 0;
    size_t used = 0;
    out[0] = '\0';
    cn_identifying why = cn_identifying_value(p->code);
    if (why != CN_IDENT_NONE) {
        int n = snprintf(out, size,
                         "participant code %s %s: codes must not identify (participant recode %s"
                         " NEW --forget corrects it)",
                         p->code, cn_identifying_reason(why), p->code);
        used = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
        lines++;
    }
    why = cn_identifying_value(p->site);
    if (why != CN_IDENT_NONE && used + 1 < size) {
        snprintf(out + used, size - used,
                 "%ssite '%s' of participant %s %s: a site names a place "
                 "of care, not a person",
                 lines ? "\n" : "", p->site, p->code, cn_identifying_reason(why));
        lines++;
    }
    return lines;
}

/* A language langcode.h reads for a study; it is stored as that reads it (bind_fields). */
static int check_lang(const char *lang, cn_error *err)
{
    char stored[CN_LANGCODE_MAX];
    return cn_langcode_for_study(lang, stored, err) < 0 ? -1 : 0;
}

/* The half of the status rule that every stored record obeys: a returned diary and an active
 * participant contradict each other. Refused loudly rather than resolved silently, because
 * either value may be the typing error. */
static int check_status(const cn_participant *p, cn_error *err)
{
    /* Without its day, a returned diary cannot be counted late, nor its alert kept: the
     * status alone would drop an overdue notebook from both. */
    if (p->status == CN_STATUS_HANDED_BACK && !p->has_handed_back)
        return cn_error_code(err, CN_EINVALID,
                             "status: handed_back needs the day the diary came back"
                             " (handed_back; --handed-back DATE)");
    if (!p->has_handed_back || p->status != CN_STATUS_ACTIVE)
        return 0;
    char back[CN_DATE_TEXT];
    cn_date_format(p->handed_back, back);
    return cn_error_code(err, CN_EINVALID,
                         "status: active contradicts handed_back %s (a returned diary makes the"
                         " status handed_back, lost or withdrawn); to undo a hand-back, clear"
                         " handed_back too (--handed-back \"\")",
                         back);
}

int cn_participant_status_rule(cn_participant *p, bool status_stated, bool back_cleared,
                               cn_error *err)
{
    if (p->has_handed_back && p->status == CN_STATUS_ACTIVE && !status_stated)
        p->status = CN_STATUS_HANDED_BACK;
    /* trial 32: clearing the day alone was refused, as was the status alone */
    if (back_cleared && !p->has_handed_back && p->status == CN_STATUS_HANDED_BACK && !status_stated)
        p->status = CN_STATUS_ACTIVE;
    return check_status(p, err);
}

/* One rule broken: its message to the caller, under the field it is about. */
typedef struct rule_report {
    void (*each)(int field, const char *message, void *ctx);
    void *ctx;
    size_t n;
} rule_report;

static void broken(rule_report *r, int field, const cn_error *e)
{
    r->each(field, e->msg, r->ctx);
    r->n++;
}

/* "consent_date 2026-11-29 is in the future (today is ...)": the day said, as a clock behind
 * or a time zone behind the one that wrote the date is the usual cause. */
static void in_future(cn_error *e, const char *field, cn_date date, cn_date today)
{
    char a[CN_DATE_TEXT], b[CN_DATE_TEXT];
    cn_date_format(date, a);
    cn_date_format(today, b);
    cn_error_set(e, "%s %s is in the future (today is %s on this computer)", field, a, b);
}

/* A site holding a control character (ESC, BEL, C1) is refused as a diary text is: printed,
 * it would retitle or blank the terminal that shows it (trial 64). */
static int check_site_controls(const char *site, cn_error *err)
{
    unsigned cp;
    size_t at = cn_entry_find_control(site, strlen(site), &cp);
    if (at == strlen(site))
        return 0;
    size_t column = 1; /* in characters: what a reader can find */
    for (size_t i = 0; i < at; i++)
        column += ((unsigned char)site[i] & 0xC0) != 0x80;
    return cn_error_code(err, CN_EINVALID,
                         "site: control character U+%04X at its column %zu (no place of care is "
                         "named with one: remove it)",
                         cp, column);
}

size_t cn_participant_validate_all(const cn_participant *p, const cn_participant *was,
                                   cn_date today,
                                   void (*each)(int field, const char *message, void *ctx),
                                   void *ctx)
{
    rule_report r = {each, ctx, 0};
    char a[CN_DATE_TEXT], b[CN_DATE_TEXT];
    cn_error e = {0};
    if (cn_participant_check_code(p->code, &e) < 0) {
        cn_error_prefix(&e, "code");
        broken(&r, CN_PF_CODE, &e);
    }
    if (p->gender != 'f' && p->gender != 'm' && p->gender != 'x') {
        cn_error_set(&e, "gender must be f, m or x");
        broken(&r, CN_PF_GENDER, &e);
    }
    /* a date already stored is not checked against today again: a colleague's clock ahead
     * of this one (a time zone, a laptop behind) refused every change of the participant,
     * a withdrawal included (trial 62) */
    if (p->consent > today && (!was || was->consent != p->consent)) {
        in_future(&e, "consent_date", p->consent, today);
        broken(&r, CN_PF_CONSENT, &e);
    }
    if (p->care_start > p->consent) {
        cn_date_format(p->care_start, a);
        cn_date_format(p->consent, b);
        cn_error_set(&e, "care_start %s is after consent_date %s", a, b);
        broken(&r, CN_PF_CARE_START, &e);
    }
    int cy, cm, cd;
    cn_date_to_ymd(p->consent, &cy, &cm, &cd);
    int age = cy - p->birth_year;
    if (age < 12 || age > 110) {
        cn_error_set(&e,
                     "birth_year %d gives an age of %d in the consent year (expected 12 to 110)",
                     p->birth_year, age);
        broken(&r, CN_PF_BIRTH_YEAR, &e);
    }
    if (p->has_handed_back && p->handed_back < p->consent) {
        cn_date_format(p->handed_back, a);
        cn_date_format(p->consent, b);
        cn_error_set(&e, "handed_back %s is before consent_date %s", a, b);
        broken(&r, CN_PF_HANDED_BACK, &e);
    }
    bool back_stored = was && was->has_handed_back && was->handed_back == p->handed_back;
    if (p->has_handed_back && p->handed_back > today && !back_stored) {
        in_future(&e, "handed_back", p->handed_back, today);
        broken(&r, CN_PF_HANDED_BACK, &e);
    }
    if (check_status(p, &e) < 0)
        broken(&r, CN_PF_STATUS, &e);
    if (!cn_utf8_valid(p->site, strlen(p->site), NULL)) {
        cn_error_set(&e, "site is not valid UTF-8");
        broken(&r, CN_PF_SITE, &e);
    } else if (check_site_controls(p->site, &e) < 0)
        broken(&r, CN_PF_SITE, &e);
    if (check_lang(p->lang, &e) < 0)
        broken(&r, CN_PF_LANG, &e);
    if (strcmp(p->replaces, p->code) == 0) {
        cn_error_set(&e, "participant %s cannot replace itself", p->code);
        broken(&r, CN_PF_REPLACES, &e);
    }
    if (p->replaces[0] && cn_participant_check_code(p->replaces, &e) < 0) {
        cn_error_prefix(&e, "replaces");
        broken(&r, CN_PF_REPLACES, &e);
    }
    return r.n;
}

static void keep_first(int field, const char *message, void *ctx)
{
    cn_error *err = ctx;
    if (err->code == CN_OK) /* the first fault only: its field is the one marked */
        about(field, cn_error_set(err, "%s", message), err);
}

int cn_participant_validate(const cn_participant *p, const cn_participant *was, cn_date today,
                            cn_error *err)
{
    cn_error first = {0};
    if (cn_participant_validate_all(p, was, today, keep_first, &first) == 0)
        return 0;
    return cn_error_about(err, first.field, cn_error_code(err, CN_EINVALID, "%s", first.msg));
}

static void bind_fields(sqlite3_stmt *stmt, const cn_participant *p)
{
    char care[CN_DATE_TEXT], consent[CN_DATE_TEXT], back[CN_DATE_TEXT];
    char gender[2] = {p->gender, '\0'}, lang[CN_LANGCODE_MAX] = "";
    cn_langcode_for_study(p->lang, lang, NULL); /* checked: cn_participant_validate */
    cn_date_format(p->care_start, care);
    cn_date_format(p->consent, consent);
    sqlite3_bind_text(stmt, 1, p->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, gender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 3, p->birth_year);
    sqlite3_bind_text(stmt, 4, care, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 5, consent, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, p->site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 7, lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 8, cn_status_name(p->status), -1, SQLITE_STATIC);
    cn_store_bind_text_or_null(stmt, 9, p->replaces);
    if (p->has_handed_back) {
        cn_date_format(p->handed_back, back);
        sqlite3_bind_text(stmt, 10, back, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(stmt, 10);
    }
}

/* One diary at a time for a place: a participant who left is replaced again only once the
 * replacement has left in turn (a study may replace one participant more than once). */
static int check_place_free(cn_store *store, const cn_participant *p, bool by_status, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "SELECT code FROM participant WHERE replaces = ?1 AND code <> ?2"
                         " AND status = ?3 ORDER BY code",
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, p->replaces, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, p->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, cn_status_name(CN_STATUS_ACTIVE), -1, SQLITE_STATIC);
    int rc = 0;
    const char *other =
        sqlite3_step(stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
    if (other && by_status) /* the field the user changed names the message */
        rc = about(CN_PF_STATUS,
                   cn_error_code(err, CN_EINVALID,
                                 "status: %s cannot be active: %s, whom it replaces, is replaced "
                                 "by %s, still active; one diary at a time takes a place",
                                 p->code, p->replaces, other),
                   err);
    else if (other)
        rc = about(CN_PF_REPLACES,
                   cn_error_code(err, CN_EINVALID,
                                 "replaces: %s is already replaced by %s, still active: one diary "
                                 "at a time takes a place; set %s's status first if they left",
                                 p->replaces, other, other),
                   err);
    sqlite3_finalize(stmt);
    return rc;
}

/* A replacement takes the place of a participant who left: the one it replaces exists and
 * is no longer active. A replacement of an active participant is most often a code typed
 * wrong, and would count two diaries for one place in the protocol's tables. */
static int check_replaced(cn_store *store, const cn_participant *p, const cn_participant *was,
                          cn_error *err)
{
    if (!p->replaces[0])
        return 0;
    /* Checked when replaces is given or changed only, as the site: a study recorded before
     * the rule can still record a hand-back or a new site. */
    bool unchanged = was && strcmp(was->replaces, p->replaces) == 0;
    /* becoming active again takes the place too: one active replacement at a time */
    bool activated = p->status == CN_STATUS_ACTIVE && (!was || was->status != CN_STATUS_ACTIVE);
    cn_participant other;
    int found = cn_participant_get(store, p->replaces, &other, err);
    if (found < 0)
        return -1;
    if (!found)
        return about(CN_PF_REPLACES, cn_participant_unknown(store, p->replaces, "replaces: ", err),
                     err);
    if (!unchanged && other.status == CN_STATUS_ACTIVE)
        return about(CN_PF_REPLACES,
                     cn_error_code(err, CN_EINVALID,
                                   "replaces: %s is still active; a replacement takes the place "
                                   "of a participant who left: set %s's status to lost or "
                                   "withdrawn first",
                                   p->replaces, p->replaces),
                     err);
    return (!unchanged || activated) && p->status == CN_STATUS_ACTIVE
               ? check_place_free(store, p, unchanged, err)
               : 0;
}

/* The same rule from the other side: a participant someone replaces does not become active
 * again while the replacement stands. */
static int check_not_replaced(cn_store *store, const cn_participant *p, const cn_participant *was,
                              cn_error *err)
{
    /* checked when the status becomes active only, as above */
    if (p->status != CN_STATUS_ACTIVE || (was && was->status == CN_STATUS_ACTIVE))
        return 0;
    char by[CN_REPLACED_BY_MAX];
    if (cn_participant_replaced_by(store, p->code, by, sizeof by, err) < 0)
        return -1;
    if (by[0])
        return about(CN_PF_STATUS,
                     cn_error_code(err, CN_EINVALID,
                                   "status: %s was replaced by %s and cannot be active again; "
                                   "remove the replacement first (its replaces field)",
                                   p->code, by),
                     err);
    return 0;
}

/* Rules that need the rest of the study, on top of the record's own (validate). */
int cn_participant_case_twin(cn_store *store, const char *code, char twin[CN_CODE_MAX],
                             cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "SELECT code FROM participant WHERE code = ?1 COLLATE NOCASE"
                         " AND code <> ?1",
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_TRANSIENT);
    int found = sqlite3_step(stmt) == SQLITE_ROW;
    if (found)
        snprintf(twin, CN_CODE_MAX, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return found;
}

static int check_code_case(cn_store *store, const cn_participant *p, cn_error *err)
{
    /* P01 and p01 would be read as two people in every table: a typo, never a choice. */
    char twin[CN_CODE_MAX];
    int found = cn_participant_case_twin(store, p->code, twin, err);
    if (found <= 0)
        return found;
    return about(CN_PF_CODE,
                 cn_error_code(err, CN_EDUPLICATE,
                               "code: %s differs from the existing participant %s only by case",
                               p->code, twin),
                 err);
}

int cn_participant_unknown(cn_store *store, const char *code, const char *prefix, cn_error *err)
{
    char twin[CN_CODE_MAX];
    cn_error ignored = {0}; /* the hint is a help: a failure to look leaves it out */
    if (cn_participant_case_twin(store, code, twin, &ignored) == 1)
        return cn_error_code(err, CN_ENOTFOUND,
                             "%sunknown participant '%s' (the study has %s: codes differ by case)",
                             prefix, code, twin);
    return cn_error_code(err, CN_ENOTFOUND, "%sunknown participant '%s'", prefix, code);
}

/* Whether p has the gender, birth year, dates and site of another participant, recoded with
 * --forget: 1 with that participant's code in other, 0 for none, or -1 (err). */
static int forgotten_alike(cn_store *store, const cn_participant *p, char other[CN_CODE_MAX],
                           cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "SELECT p.code FROM audit AS a JOIN participant AS p ON p.id = a.row_id"
                         " WHERE a.action = 'recode' AND a.tbl = 'participant' AND"
                         " json_extract(a.after, '$.records_rewritten') IS NOT NULL AND"
                         " p.code != ?1 AND p.gender = ?2 AND p.birth_year = ?3 AND"
                         " p.care_start = ?4 AND p.consent_date = ?5 AND p.site IS ?6 LIMIT 1",
                         &stmt, err) < 0)
        return -1;
    bind_fields(stmt, p); /* as the insert binds them: the fields after ?6 are not asked for */
    int step = sqlite3_step(stmt), rc = 0;
    if (step == SQLITE_ROW) {
        snprintf(other, CN_CODE_MAX, "%s", (const char *)sqlite3_column_text(stmt, 0));
        rc = 1;
    } else if (step != SQLITE_DONE)
        rc = cn_store_failure(store, err);
    sqlite3_finalize(stmt);
    return rc;
}

/* A participant added under a code another participant had before a recode: the same
 * person from a batch file or a note written before the recode (trial 56: the demo's file
 * imported again added P62 beside P26, each with the same diary), or a code given twice,
 * which would make two people one in the trail (trial 58). After a recode --forget the
 * study no longer knows the old code: the gender, birth year, dates and site of a
 * participant so recoded are refused under any code (trial 57: the identifying code came
 * back with the batch file). */
static int check_not_recoded(cn_store *store, const cn_participant *p, bool alike_ok, cn_error *err)
{
    char owner[CN_CODE_MAX];
    int had = cn_recode_earlier_owner(store, p->code, 0, owner, err);
    if (had < 0)
        return -1;
    if (had) /* trial 58: a code given again made two people one in the audit trail */
        return about(CN_PF_CODE,
                     cn_error_code(err, CN_EDUPLICATE,
                                   "code: %s was %s's before a recode (participant recode), and"
                                   " the audit trail names participants by code: a code is not"
                                   " given twice; if this is %s, it is there already",
                                   p->code, owner, owner),
                     err);
    char other[CN_CODE_MAX];
    if (alike_ok) /* two people enrolled alike, said so (--allow-alike) */
        return 0;
    had = forgotten_alike(store, p, other, err);
    if (had <= 0)
        return had;
    return about(CN_PF_CODE,
                 cn_error_code(err, CN_EDUPLICATE,
                               "code: %s has the gender, birth year, dates and site of %s, whose"
                               " code was corrected (participant recode --forget): the same"
                               " person, whose code is %s; if they are two people enrolled"
                               " alike, --allow-alike adds them (on the desk, the box below"
                               " the form)",
                               p->code, other, other),
                 err);
}

static int check_site_cohort(cn_store *store, const cn_participant *p, const cn_participant *was,
                             cn_error *err)
{
    /* A site names a cohort (*site_MOD): one with no Latin letter or digit would be
     * *site_na, with the participants of no site; "Lyon (69)" and "Lyon 69" would be one
     * cohort, *site_lyon_69. Checked when the site is given or changed only, so that a
     * study made before the rule can still record a status or a hand-back. */
    if (!p->site[0] || (was && strcmp(was->site, p->site) == 0))
        return 0;
    /* A spelling other participants have already adds none: the way out of a study whose
     * site has three spellings is to write them, one participant at a time, as the most
     * common one. */
    sqlite3_stmt *same;
    if (cn_store_prepare(store, "SELECT 1 FROM participant WHERE site = ?1 AND code <> ?2", &same,
                         err) < 0)
        return -1;
    sqlite3_bind_text(same, 1, p->site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(same, 2, p->code, -1, SQLITE_TRANSIENT);
    bool known = sqlite3_step(same) == SQLITE_ROW;
    sqlite3_finalize(same);
    if (known)
        return 0;
    char ours[CN_SITE_MAX], theirs[CN_SITE_MAX];
    if (!cn_corpus_modality(p->site, ours, sizeof ours))
        return about(CN_PF_SITE,
                     cn_error_code(err, CN_EINVALID,
                                   "site '%s' has no Latin letter or digit to name its cohort "
                                   "(*site_...): write it in Latin letters",
                                   p->site),
                     err);
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store,
                         "SELECT DISTINCT site FROM participant WHERE site <> ?1 AND site <> ''"
                         " AND code <> ?2 ORDER BY site",
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, p->site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, p->code, -1, SQLITE_TRANSIENT);
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *site = (const char *)sqlite3_column_text(stmt, 0);
        /* a spelling with spaces around it, stored before sites were trimmed, cannot be
         * typed again: the trimmed one is the way out (check names the others) */
        if (cn_field_site_trimmed(site, theirs, sizeof theirs) && strcmp(theirs, p->site) == 0)
            continue;
        cn_corpus_modality(site, theirs, sizeof theirs);
        if (strcmp(ours, theirs) == 0)
            rc = about(CN_PF_SITE,
                       cn_error_code(err, CN_EDUPLICATE,
                                     "site: '%s' and the study's '%s' would be one cohort "
                                     "(*site_%s): write one site as the other participants' are",
                                     p->site, site, ours),
                       err);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc =
            cn_store_failure(store, err) < 0 ? cn_error_prefix(err, "participant %s", p->code) : -1;
    sqlite3_finalize(stmt);
    return rc;
}

static int check_consent_before_entries(cn_store *store, const cn_participant *p, cn_error *err)
{
    /* Entries are refused before consent; a consent moved after them afterwards would
     * give negative days to first entry and a diary month 00. */
    if (p->id <= 0)
        return 0;
    cn_entry_span span;
    if (cn_entry_span_of(store, p->id, &span, err) < 0)
        return -1;
    if (span.count > 0 && p->consent > span.first) {
        char consent[CN_DATE_TEXT], first[CN_DATE_TEXT];
        cn_date_format(p->consent, consent);
        cn_date_format(span.first, first);
        return about(CN_PF_CONSENT,
                     cn_error_code(err, CN_EINVALID,
                                   "consent_date: %s is after %s's first entry (%s)", consent,
                                   p->code, first),
                     err);
    }
    return 0;
}

static int check_back_after_entries(cn_store *store, const cn_participant *p,
                                    const cn_participant *was, cn_error *err)
{
    /* Entries after the day the diary came back are refused; a day set before them
     * afterwards would do the same, and shorten the days of diary without a word. Only a
     * day that changes is checked: a study recorded before the rule may hold such a
     * participant (check's 'returned'), whose other fields must stay correctable. */
    if (p->id <= 0 || !p->has_handed_back ||
        (was && was->has_handed_back && was->handed_back == p->handed_back))
        return 0;
    cn_entry_span span;
    if (cn_entry_span_of(store, p->id, &span, err) < 0)
        return -1;
    if (span.count > 0 && p->handed_back < span.last) {
        char back[CN_DATE_TEXT], last[CN_DATE_TEXT];
        cn_date_format(p->handed_back, back);
        cn_date_format(span.last, last);
        return about(CN_PF_HANDED_BACK,
                     cn_error_code(err, CN_EINVALID,
                                   "handed_back: %s is before %s's last entry (%s)", back, p->code,
                                   last),
                     err);
    }
    return 0;
}

static int check_replacement_chain(cn_store *store, const cn_participant *p, cn_error *err)
{
    /* A replaces B replaces ... must end: a loop would make "replaced by" meaningless. */
    char code[CN_CODE_MAX];
    snprintf(code, sizeof code, "%s", p->replaces);
    for (int steps = 0; code[0]; steps++) {
        if (strcmp(code, p->code) == 0 || steps > 10000)
            return about(CN_PF_REPLACES,
                         cn_error_code(err, CN_EINVALID,
                                       "replaces: %s would replace itself through %s", p->code,
                                       p->replaces),
                         err);
        cn_participant other;
        int found = cn_participant_get(store, code, &other, err);
        if (found <= 0)
            return found;
        snprintf(code, sizeof code, "%s", other.replaces);
    }
    return 0;
}

static int run_write(cn_store *store, const char *sql, const cn_participant *p, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, sql, &stmt, err) < 0)
        return -1;
    bind_fields(stmt, p);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return cn_error_code(err, CN_EDUPLICATE, "participant %s already exists", p->code);
    if (rc != SQLITE_DONE)
        return cn_store_failure(store, err) < 0 ? cn_error_prefix(err, "participant %s", p->code)
                                                : -1;
    if (sqlite3_changes(store->db) == 0) /* an update of a code not in the study */
        return cn_error_code(err, CN_ENOTFOUND, "unknown participant '%s'", p->code);
    return 0;
}

/* Each write is one transaction of its own, or a savepoint inside the caller's (an
 * import): a refused record leaves nothing behind either way. */
/* Whether writing p over stored would change nothing: the fields, and the language as it
 * would be stored (bind_fields). */
static bool unchanged(const cn_participant *stored, const cn_participant *p)
{
    char lang[CN_LANGCODE_MAX];
    return cn_participant_same(stored, p) && cn_langcode_for_study(p->lang, lang, NULL) == 0 &&
           strcmp(lang, stored->lang) == 0;
}

/* The rules, then sql. An update (is_update) to the record as stored writes nothing: the
 * audit trail records changes, and the table's update trigger fires on any UPDATE, so a set
 * to the same values wrote a record whose before and after were equal. */
/* An erasure followed a withdrawal of consent: the status that made it stays (trial 54 set
 * one active again, a list then contradicting the trail). Only a withdrawn participant can
 * have been erased, so the trail is looked at for those alone. */
static int check_erased_status(cn_store *store, const cn_participant *p, const cn_participant *was,
                               cn_error *err)
{
    if (!was || was->status != CN_STATUS_WITHDRAWN || p->status == CN_STATUS_WITHDRAWN)
        return 0;
    int erased = cn_erase_done(store, was, err);
    if (erased <= 0)
        return erased;
    return cn_error_code(err, CN_EINVALID,
                         "status: participant %s's diaries were erased after their withdrawal:"
                         " the status stays withdrawn",
                         p->code);
}

static int checked_write(cn_store *store, const char *sql, const cn_participant *p, cn_date today,
                         bool is_update, bool alike_ok, cn_error *err)
{
    if (cn_store_begin(store, err) < 0)
        return -1;
    /* the record as stored, for the rules checked only when a field changes */
    cn_participant stored;
    int found = cn_participant_get(store, p->code, &stored, err);
    const cn_participant *was = found == 1 ? &stored : NULL;
    if (is_update && was && unchanged(was, p))
        return cn_store_finish(store, 0, err);
    int rc = found < 0 || cn_participant_validate(p, was, today, err) < 0 ||
                     check_erased_status(store, p, was, err) < 0 ||
                     check_replaced(store, p, was, err) < 0 ||
                     check_not_replaced(store, p, was, err) < 0 ||
                     check_code_case(store, p, err) < 0 ||
                     (!was && check_not_recoded(store, p, alike_ok, err) < 0) ||
                     check_site_cohort(store, p, was, err) < 0 ||
                     check_consent_before_entries(store, p, err) < 0 ||
                     check_back_after_entries(store, p, was, err) < 0 ||
                     check_replacement_chain(store, p, err) < 0
                 ? -1
                 : run_write(store, sql, p, err);
    return cn_store_finish(store, rc, err);
}

int cn_participant_add_alike(cn_store *store, cn_participant *p, cn_date today, bool alike_ok,
                             cn_error *err)
{
    if (checked_write(store,
                      "INSERT INTO participant (code, gender, birth_year, care_start, consent_date,"
                      " site, language, status, replaces, handed_back)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      p, today, false, alike_ok, err) < 0)
        return -1;
    p->id = sqlite3_last_insert_rowid(store->db);
    return 0;
}

int cn_participant_add(cn_store *store, cn_participant *p, cn_date today, cn_error *err)
{
    return cn_participant_add_alike(store, p, today, false, err);
}

int cn_participant_update(cn_store *store, const cn_participant *p, cn_date today, cn_error *err)
{
    return checked_write(store,
                         "UPDATE participant SET gender = ?2, birth_year = ?3, care_start = ?4,"
                         " consent_date = ?5, site = ?6, language = ?7, status = ?8, replaces = ?9,"
                         " handed_back = ?10 WHERE code = ?1",
                         p, today, true, false, err);
}

int cn_participant_find(cn_store *store, const char *code, cn_participant *out, cn_error *err)
{
    int found = cn_participant_get(store, code, out, err);
    if (found < 0)
        return err->code ? err->code : -1;
    return found ? 0 : cn_participant_unknown(store, code, "", err);
}

unsigned cn_participant_stale(const cn_participant *stored, const char *const base[],
                              const char *const values[])
{
    char now[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
    cn_field_write_participant(stored, now);
    unsigned stale = 0;
    for (int i = 0; i < CN_PF_COUNT; i++)
        if ((base[i] || values[i]) && (!base[i] || strcmp(base[i], now[i]) != 0))
            stale |= 1u << i;
    return stale;
}

/* CN_ECONFLICT naming the stale fields, in the words of entry edits' conflicts. */
static int stale_error(const char *code, unsigned stale, cn_error *err)
{
    char names[CN_PF_COUNT * 16] = "";
    size_t k = 0;
    for (int i = 0; i < CN_PF_COUNT; i++)
        if (stale & (1u << i))
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "",
                                  cn_participant_fields[i].name);
    return cn_error_code(err, CN_ECONFLICT,
                         "participant %s was changed meanwhile (%s: not the values this change"
                         " was based on): nothing stored",
                         code, names);
}

int cn_participant_set_based(cn_store *store, const char *code, const char *const base[],
                             const char *const values[], cn_date today, cn_participant *out,
                             cn_error *err)
{
    if (cn_store_begin(store, err) < 0)
        return -1;
    int rc = cn_participant_find(store, code, out, err) < 0 ? -1 : 0;
    unsigned stale = rc == 0 && base ? cn_participant_stale(out, base, values) : 0;
    if (stale)
        rc = stale_error(code, stale, err);
    else if (rc == 0 && (cn_field_read_participant(values, false, out, err) < 0 ||
                         cn_participant_update(store, out, today, err) < 0))
        rc = -1;
    if (cn_store_finish(store, rc, err) == 0)
        return 0;
    return stale ? CN_ECONFLICT : -1;
}

int cn_participant_set_text(cn_store *store, const char *code, const char *const values[],
                            cn_date today, cn_participant *out, cn_error *err)
{
    return cn_participant_set_based(store, code, NULL, values, today, out, err);
}

#define SELECT_PARTICIPANT                                                                         \
    "SELECT id, code, gender, birth_year, care_start, consent_date, site, language, status,"       \
    " replaces, handed_back FROM participant"

/* Rows were validated on the way in, so parse failures here mean a hand-edited database. */
static int read_row(cn_store *store, sqlite3_stmt *stmt, cn_participant *p, cn_error *err)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(stmt, 0);
    cn_store_column_copy(stmt, 1, p->code, sizeof p->code);
    const unsigned char *gender = sqlite3_column_text(stmt, 2);
    p->gender = gender ? (char)gender[0] : '?';
    p->birth_year = sqlite3_column_int(stmt, 3);
    char buf[64];
    cn_store_column_copy(stmt, 4, buf, sizeof buf);
    if (cn_date_parse(buf, &p->care_start, err) < 0)
        return cn_error_prefix(err, "%s: participant %s: care_start", store->path, p->code);
    cn_store_column_copy(stmt, 5, buf, sizeof buf);
    if (cn_date_parse(buf, &p->consent, err) < 0)
        return cn_error_prefix(err, "%s: participant %s: consent_date", store->path, p->code);
    cn_store_column_copy(stmt, 6, p->site, sizeof p->site);
    cn_store_column_copy(stmt, 7, p->lang, sizeof p->lang);
    cn_store_column_copy(stmt, 8, buf, sizeof buf);
    if (cn_status_parse(buf, &p->status, err) < 0)
        return cn_error_prefix(err, "%s: participant %s", store->path, p->code);
    cn_store_column_copy(stmt, 9, p->replaces, sizeof p->replaces);
    if (sqlite3_column_type(stmt, 10) != SQLITE_NULL) {
        cn_store_column_copy(stmt, 10, buf, sizeof buf);
        if (cn_date_parse(buf, &p->handed_back, err) < 0)
            return cn_error_prefix(err, "%s: participant %s: handed_back", store->path, p->code);
        p->has_handed_back = true;
    }
    return 0;
}

int cn_participant_get(cn_store *store, const char *code, cn_participant *out, cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, SELECT_PARTICIPANT " WHERE code = ?", &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    int result = 0;
    if (rc == SQLITE_ROW)
        result = read_row(store, stmt, out, err) < 0 ? -1 : 1;
    else if (rc != SQLITE_DONE)
        result = cn_store_failure(store, err);
    sqlite3_finalize(stmt);
    return result;
}

int cn_participant_replaced_by(cn_store *store, const char *code, char *out, size_t size,
                               cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, "SELECT code FROM participant WHERE replaces = ? ORDER BY code",
                         &stmt, err) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_TRANSIENT);
    size_t at = 0;
    out[0] = '\0';
    int rc;
    while (at < size && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *by = (const char *)sqlite3_column_text(stmt, 0);
        at += (size_t)snprintf(out + at, size - at, "%s%s", at ? ", " : "", by ? by : "");
    }
    /* a failed read is said: an empty list would drop check's "replaced" alert (trial 78) */
    int result = at < size && rc != SQLITE_DONE ? cn_store_failure(store, err) : 0;
    sqlite3_finalize(stmt);
    return result;
}

int cn_participant_each(cn_store *store, int (*fn)(const cn_participant *p, void *ctx), void *ctx,
                        cn_error *err)
{
    sqlite3_stmt *stmt;
    if (cn_store_prepare(store, SELECT_PARTICIPANT " ORDER BY code", &stmt, err) < 0)
        return -1;
    int rc, result = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        cn_participant p;
        if ((result = read_row(store, stmt, &p, err)) != 0)
            break;
        if ((result = fn(&p, ctx)) != 0)
            break;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = cn_store_failure(store, err);
    sqlite3_finalize(stmt);
    return result;
}

bool cn_participant_same(const cn_participant *a, const cn_participant *b)
{
    return strcmp(a->code, b->code) == 0 && a->gender == b->gender &&
           a->birth_year == b->birth_year && a->care_start == b->care_start &&
           a->consent == b->consent && strcmp(a->site, b->site) == 0 &&
           strcmp(cn_langcode_exported(a->lang), cn_langcode_exported(b->lang)) == 0 &&
           a->status == b->status && strcmp(a->replaces, b->replaces) == 0 &&
           a->has_handed_back == b->has_handed_back &&
           (!a->has_handed_back || a->handed_back == b->handed_back);
}
