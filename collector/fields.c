/* fields.c — the participant and entry field tables (see fields.h).
 *
 * Each parser only turns text into a value; the checks that need several fields or today's
 * date (consent before today, age at consent, hand-back after consent) stay in
 * cn_participant_validate, which every write goes through. */
#include "carnet/fields.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "carnet/langcode.h"

static int copy_text(const char *text, char *out, size_t size, cn_error *err)
{
    size_t n = strlen(text);
    if (n >= size)
        return cn_error_code(err, CN_EINVALID, "longer than %zu bytes", size - 1);
    memcpy(out, text, n + 1);
    return 0;
}

/* Which characters a code may hold is checked by cn_participant_validate, with the code in
 * the message. */
static int parse_code(const char *text, cn_participant *p, cn_error *err)
{
    return copy_text(text, p->code, sizeof p->code, err);
}

/* One rule for every path: a single letter f, m or x, in either case, stored lower case. */
static int parse_gender(const char *text, cn_participant *p, cn_error *err)
{
    char c = (char)(text[0] | 0x20);
    if (strlen(text) != 1 || !strchr("fmx", c))
        return cn_error_code(err, CN_EINVALID, "'%s' is not f, m or x", text);
    p->gender = c;
    return 0;
}

/* Any integer is taken here; whether it is a plausible year of birth depends on the consent
 * date, so cn_participant_validate decides. */
static int parse_birth_year(const char *text, cn_participant *p, cn_error *err)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10); /* spaces before it skipped: those after it too */
    end += strspn(end, " \t");
    if (!*text || *end || end == text + strspn(text, " \t") || errno || v < -1000000 || v > 1000000)
        return cn_error_code(err, CN_EINVALID, "'%s' is not a year", text);
    p->birth_year = (int)v;
    return 0;
}

static int parse_care_start(const char *text, cn_participant *p, cn_error *err)
{
    char date[CN_DATE_TEXT];
    return cn_date_parse(cn_date_trim(text, date), &p->care_start, err);
}

static int parse_consent(const char *text, cn_participant *p, cn_error *err)
{
    char date[CN_DATE_TEXT];
    return cn_date_parse(cn_date_trim(text, date), &p->consent, err);
}

bool cn_field_site_trimmed(const char *text, char *out, size_t size)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    size_t n = strlen(text), w = 0;
    bool space = false; /* a space is due before the next character written */
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS ||
            cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP)
            space = w > 0;
        else if (cat != UTF8PROC_CATEGORY_CF) { /* zero-width spaces, marks of order: none */
            if (w + space + (size_t)len >= size)
                return false;
            if (space)
                out[w++] = ' ';
            memcpy(out + w, text + i, (size_t)len);
            w += (size_t)len;
            space = false;
        }
        i += (size_t)len;
    }
    if (size == 0)
        return false;
    out[w] = '\0';
    return true;
}

/* As cn_field_site_trimmed writes it: "Marseille " typed or quoted in a CSV is the site
 * "Marseille", as libcsv already makes it of an unquoted field (trial 31 found the two
 * paths apart), and so is one with a no-break space (trial 32) or a zero-width space or
 * byte order mark (trial 33) pasted around it, which no one could type back, or a thin
 * space inside it. Text that is not UTF-8, or too long, is kept as it is, for the rules
 * to name. */
static int parse_site(const char *text, cn_participant *p, cn_error *err)
{
    char site[CN_SITE_MAX];
    return copy_text(cn_field_site_trimmed(text, site, sizeof site) ? site : text, p->site,
                     sizeof p->site, err);
}

/* As the study stores it: `por`, `PT` and `pt-BR` are one language, one cohort. */
static int parse_lang(const char *text, cn_participant *p, cn_error *err)
{
    _Static_assert(sizeof p->lang >= CN_LANGCODE_MAX, "room for a stored language");
    return cn_langcode_for_study(text, p->lang, err);
}

/* An empty status is no statement: the record keeps its status (see read_participant). */
static int parse_status(const char *text, cn_participant *p, cn_error *err)
{
    return *text ? cn_status_parse(text, &p->status, err) : 0;
}

static int parse_replaces(const char *text, cn_participant *p, cn_error *err)
{
    return copy_text(text, p->replaces, sizeof p->replaces, err);
}

static int parse_handed_back(const char *text, cn_participant *p, cn_error *err)
{
    p->has_handed_back = *text != '\0';
    if (!p->has_handed_back)
        return 0;
    char date[CN_DATE_TEXT];
    return cn_date_parse(cn_date_trim(text, date), &p->handed_back, err);
}

static void format_code(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%s", p->code);
}

static void format_gender(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%c", p->gender);
}

static void format_birth_year(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%d", p->birth_year);
}

static void format_care_start(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    cn_date_format(p->care_start, out);
}

static void format_consent(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    cn_date_format(p->consent, out);
}

static void format_site(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%s", p->site);
}

static void format_lang(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%s", p->lang);
}

static void format_status(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%s", cn_status_name(p->status));
}

static void format_replaces(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    snprintf(out, CN_FIELD_TEXT_MAX, "%s", p->replaces);
}

static void format_handed_back(const cn_participant *p, char out[CN_FIELD_TEXT_MAX])
{
    out[0] = '\0';
    if (p->has_handed_back)
        cn_date_format(p->handed_back, out);
}

const cn_field cn_participant_fields[CN_PF_COUNT] = {
    [CN_PF_CODE] = {"code", NULL, "CODE", "pseudonymous code", true, false, parse_code,
                    format_code},
    [CN_PF_GENDER] = {"gender", "--gender", "f|m|x", "gender", true, false, parse_gender,
                      format_gender},
    [CN_PF_BIRTH_YEAR] = {"birth_year", "--birth-year", "YYYY", "year of birth", true, true,
                          parse_birth_year, format_birth_year},
    [CN_PF_CARE_START] = {"care_start", "--care-start", "DATE", "date care began", true, false,
                          parse_care_start, format_care_start},
    [CN_PF_CONSENT] = {"consent_date", "--consent", "DATE", "date of consent", true, false,
                       parse_consent, format_consent},
    [CN_PF_SITE] = {"site", "--site", "S", "site of care", false, false, parse_site, format_site},
    [CN_PF_LANG] = {"language", "--lang", "L", "language of the diary (default: the study's)",
                    false, false, parse_lang, format_lang},
    [CN_PF_STATUS] = {"status", "--status", "S", "active, handed_back, lost or withdrawn", false,
                      false, parse_status, format_status},
    [CN_PF_REPLACES] = {"replaces", "--replaces", "CODE", "the participant this one replaces",
                        false, false, parse_replaces, format_replaces},
    [CN_PF_HANDED_BACK] =
        {"handed_back", "--handed-back", "DATE",
         "date the diary was handed back (status handed_back unless lost or withdrawn; \"\" "
         "undoes the hand-back)",
         false, false, parse_handed_back, format_handed_back},
};

const char *const cn_entry_fields[CN_EF_COUNT] = {
    [CN_EF_PARTICIPANT] = "participant", [CN_EF_DATE] = "date", [CN_EF_TEXT] = "text"};

int cn_field_read_participant(const char *const values[CN_PF_COUNT], bool new_record,
                              cn_participant *p, cn_error *err)
{
    if (new_record)
        *p = (cn_participant){.status = CN_STATUS_ACTIVE};
    /* Every field is read and each fault named, the first one's code and field kept: a row
     * with three faults was refused three times, an import each (trial 35). The fields'
     * readers are independent of one another, so a fault never makes another. */
    cn_error first = {0};
    char all[CN_ERROR_MAX] = "";
    size_t used = 0;
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const cn_field *f = &cn_participant_fields[i];
        cn_error one = {0};
        int rc = 0;
        if (new_record && f->required && (!values[i] || !*values[i]))
            rc = cn_error_code(&one, CN_EINVALID, "%s: missing", f->name);
        else if (values[i] && f->parse(values[i], p, &one) < 0)
            rc = cn_error_prefix(&one, "%s", f->name);
        if (rc == CN_ENOMEM)
            return *err = one, rc;
        if (rc < 0 && used < sizeof all) {
            if (!first.code)
                first = one;
            int w = snprintf(all + used, sizeof all - used, "%s%s", used ? "; " : "", one.msg);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    if (first.code) {
        *err = first;
        snprintf(err->msg, sizeof err->msg, "%s", all);
        return first.code;
    }
    bool status_stated = values[CN_PF_STATUS] && *values[CN_PF_STATUS];
    bool back_cleared = values[CN_PF_HANDED_BACK] && !*values[CN_PF_HANDED_BACK];
    return cn_participant_status_rule(p, status_stated, back_cleared, err);
}

void cn_field_write_participant(const cn_participant *p, char out[CN_PF_COUNT][CN_FIELD_TEXT_MAX])
{
    for (int i = 0; i < CN_PF_COUNT; i++)
        cn_participant_fields[i].format(p, out[i]);
}

int cn_field_parse_erased(const char *text, bool *erased, cn_error *err)
{
    if (!*text || strcasecmp(text, "no") == 0 || strcasecmp(text, "yes") == 0) {
        *erased = strcasecmp(text, "yes") == 0;
        return 0;
    }
    return cn_error_code(err, CN_EINVALID,
                         CN_PF_ERASED_COLUMN ": '%s' is not yes, no or empty (yes: the"
                                             " participant's diaries were erased)",
                         text);
}

const char *cn_field_header(bool entries, char *out, size_t size)
{
    size_t n = entries ? CN_EF_COUNT : CN_PF_COUNT, used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *name = entries ? cn_entry_fields[i] : cn_participant_fields[i].name;
        int w = snprintf(out + used, size - used, "%s%s", i ? "," : "", name);
        used += w > 0 ? (size_t)w : 0;
    }
    return out;
}
