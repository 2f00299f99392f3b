/* date.c — civil-calendar arithmetic on day numbers (see date.h).
 * Day numbers make every protocol interval a subtraction; the conversions use the
 * era-based civil calendar algorithm (400-year cycles), valid for all our years. */
#include "carnet/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

cn_date cn_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (cn_date)(era * 146097 + doe - 719468);
}

void cn_date_to_ymd(cn_date date, int *year, int *month, int *day)
{
    const int z = date + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

void cn_date_format(cn_date date, char out[CN_DATE_TEXT])
{
    int y, m, d;
    cn_date_to_ymd(date, &y, &m, &d);
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    memcpy(out, text, CN_DATE_TEXT - 1);
    out[CN_DATE_TEXT - 1] = '\0';
}

static bool all_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Whether text reads as a spreadsheet's day and month before the year: 2/7/2025, 02.07.25,
 * 2-7-2025. Which comes first, day or month, depends on the sheet's language: the message
 * can only ask for the unambiguous form. */
static bool day_month_year(const char *text)
{
    int fields = 0, digits = 0;
    char sep = 0;
    for (const char *s = text; fields < 3; s++) {
        if (*s >= '0' && *s <= '9') {
            digits++;
            continue;
        }
        if (digits < 1 || digits > (fields == 2 ? 4 : 2))
            return false;
        fields++, digits = 0;
        if (fields == 3)
            return *s == '\0';
        if ((*s != '/' && *s != '.' && *s != '-') || (sep && *s != sep))
            return false;
        sep = *s;
    }
    return false;
}

/* What a spreadsheet may have saved instead of YYYY-MM-DD, and what to do, or "". */
static const char *spreadsheet_hint(const char *text)
{
    if (!text)
        return "";
    size_t len = strlen(text);
    /* typed on a command line or in the desk as often as saved by a spreadsheet: both said */
    size_t lead = strspn(text, " \t");
    if (len > 0 && (lead > 0 || text[len - 1] == ' ' || text[len - 1] == '\t'))
        return " (spaces around it: give the date alone)";
    if (day_month_year(text))
        return " (day and month in the order of a language: give the year first, YYYY-MM-DD;"
               " in a spreadsheet, format the column as YYYY-MM-DD before saving)";
    if (len > 10 && text[4] == '-' && text[7] == '-' && (text[10] == ' ' || text[10] == 'T'))
        return " (a date with a time: give the date alone; in a spreadsheet, format the column"
               " as YYYY-MM-DD before saving)";
    if (len >= 4 && len <= 5 && all_digits(text, (int)len))
        return " (a spreadsheet's day number: format the column as YYYY-MM-DD before saving)";
    return "";
}

const char *cn_date_trim(const char *text, char buf[CN_DATE_TEXT])
{
    if (!text)
        return text;
    size_t lead = strspn(text, " \t"), len = strlen(text + lead);
    while (len > 0 && (text[lead + len - 1] == ' ' || text[lead + len - 1] == '\t'))
        len--;
    if (len != CN_DATE_TEXT - 1 || (lead == 0 && text[len] == '\0'))
        return text;
    memcpy(buf, text + lead, len);
    buf[len] = '\0';
    return buf;
}

int cn_date_parse(const char *text, cn_date *out, cn_error *err)
{
    /* Exactly ten characters: a date accepted is the text stored, audited and compared
     * (trial 81: " 2025-01-03" taken, then stored cut to " 2025-01-0", broke the study).
     * The writers that read dates from fields take spaces off first (cn_date_trim). */
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text, 4) ||
        !all_digits(text + 5, 2) || !all_digits(text + 8, 2))
        return cn_error_code(err, CN_EINVALID, "'%s' is not a date in the form YYYY-MM-DD%s",
                             text ? text : "", spreadsheet_hint(text));
    const int y =
        (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    const int m = (text[5] - '0') * 10 + (text[6] - '0');
    const int d = (text[8] - '0') * 10 + (text[9] - '0');
    if (y < 1900 || y > 2199)
        return cn_error_code(err, CN_EINVALID, "'%s': year %d is outside 1900-2199", text, y);
    if (m < 1 || m > 12)
        return cn_error_code(err, CN_EINVALID, "'%s': there is no month %d", text, m);
    if (d < 1 || d > days_in_month(y, m))
        return cn_error_code(err, CN_EINVALID, "'%s': impossible date, month %d of %d has %d days",
                             text, m, y, days_in_month(y, m));
    *out = cn_date_from_ymd(y, m, d);
    return 0;
}

cn_date cn_date_add_months(cn_date date, int months)
{
    int y, m, d;
    cn_date_to_ymd(date, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return cn_date_from_ymd(y, m, d);
}

int cn_date_diary_month(cn_date start, cn_date date)
{
    if (date < start)
        return 0;
    int sy, sm, sd, y, m, d;
    cn_date_to_ymd(start, &sy, &sm, &sd);
    cn_date_to_ymd(date, &y, &m, &d);
    int months = (y - sy) * 12 + (m - sm);
    if (cn_date_add_months(start, months) > date)
        months--;
    return months + 1;
}

int cn_date_today(const char *override, cn_date *out, cn_error *err)
{
    if (override && *override) {
        if (cn_date_parse(override, out, err) < 0)
            return cn_error_prefix(err, "CARNET_TODAY");
        return 0;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    *out = cn_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}
