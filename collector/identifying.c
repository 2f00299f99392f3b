/* identifying.c — phone and identity numbers, e-mail addresses in codes, sites and diary
 * texts (see identifying.h). */
#include "carnet/identifying.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether the '@' at `at` of value is inside someone@domain.tld: a character before it, a
 * dot after it with a character on each side, and no blank in between. */
static bool email_at(const char *value, const char *at)
{
    const char *start = at;
    while (start > value && !strchr(" \t\n<(,;", start[-1]))
        start--;
    const char *end = at + 1;
    while (*end && !strchr(" \t\n>),;", *end))
        end++;
    while (end > at + 1 && strchr(".!?:'\"", end[-1])) /* the sentence's, not the address's */
        end--;
    const char *dot = NULL;
    for (const char *c = at + 2; c < end; c++)
        if (*c == '.')
            dot = c;
    return start < at && dot && dot + 1 < end;
}

/* Digits c[0..n) all digits. */
static bool digits(const char *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(c[i]))
            return false;
    return true;
}

/* The length of a date written at c (2025-04-20, 20.04.2025, 20-4-2025, and with
 * short_year 12.03.25, which inside a number is a part of it: "+33 6.12.34.56.78"), or 0:
 * a diary's date beside a time or a number ("2025-04-20 10h") is no phone number. */
static size_t date_len(const char *c, bool short_year)
{
    if (digits(c, 4) && c[4] == '-' && digits(c + 5, 2) && c[7] == '-' && digits(c + 8, 2))
        return 10;
    size_t d = digits(c, 2) ? 2 : 1, m;
    if (!digits(c, d) || (c[d] != '.' && c[d] != '-' && c[d] != '/'))
        return 0;
    /* a month of a year: "03.2019 - 11.2020" (trial 87) */
    if (digits(c + d + 1, 4) && !is_digit(c[d + 5]) &&
        !((c[d + 5] == '.' || c[d + 5] == '-' || c[d + 5] == '/') && is_digit(c[d + 6])))
        return d + 5;
    m = digits(c + d + 1, 2) ? 2 : 1;
    if (!digits(c + d + 1, m) || c[d + 1 + m] != c[d])
        return 0;
    const char *y = c + d + 2 + m; /* a year of 4 digits, or of 2: "12.03.25" (trial 86) */
    size_t year = digits(y, 4) ? 4
                  : short_year && digits(y, 2) && !is_digit(y[2]) &&
                          !(y[2] == c[d] && is_digit(y[3])) /* 06.12.34.56.78 */
                      ? 2
                      : 0;
    return year ? d + m + 2 + year : 0;
}

/* The separator between two groups of digits of a phone number at c: up to three of a
 * space, a dot, a dash, a bracket round an area code, a no-break or narrow no-break space
 * (a number copied from a web page); its bytes, 0 when none or when no digit follows. */
static size_t group_separator(const char *c)
{
    size_t n = 0;
    for (int items = 0; items < 3; items++) {
        const unsigned char *u = (const unsigned char *)c + n;
        if (strchr(" .-()/", *u) && *u) /* "0151/23456789" (trial 87) */
            n++;
        else if (u[0] == 0xC2 && u[1] == 0xA0)
            n += 2;
        else if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
            n += 3;
        else
            break;
    }
    return n && is_digit(c[n]) ? n : 0;
}

/* A group of 4 digits that reads as a year (1900-2099): "2019 2020 2021" is no number. */
static bool year_group(const char *c, size_t n)
{
    return n == 4 && ((c[0] == '1' && c[1] == '9') || (c[0] == '2' && c[1] == '0'));
}

/* Whether a unit of measure or money follows c (blanks first): "60-55-50-45-40 mg", a
 * taper of doses, is no phone number. */
static bool unit_follows(const char *c)
{
    static const char *const units[] = {"mg", "ml", "mcg",          "\xC2\xB5g", "g", "kg",
                                        "%",  "cp", "\xE2\x82\xAC", "euro",      "$", "\xC2\xA3"};
    while (*c == ' ' || ((unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xA0))
        c += *c == ' ' ? 1 : 2;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t n = strlen(units[i]);
        if (strncmp(c, units[i], n) == 0 &&
            !((c[n] | 0x20) >= 'a' && (c[n] | 0x20) <= 'z' && units[i][0] != 'e'))
            return true;
    }
    return false;
}

/* The digits of the number that starts at c (a digit after no digit), its groups joined
 * by separators, a date or a year ending it; *end: where it ends. */
static size_t number_digits(const char *c, const char **end, bool *small_groups, bool *pairs)
{
    size_t total = 0, longest = 0, groups = 0;
    *pairs = true;
    for (bool first = true;; first = false) {
        size_t n = 0;
        while (is_digit(c[n]))
            n++;
        /* a date ends a number; so does a year that begins one ("2019 2020 2021"), but not
         * a group of four inside it ("(555) 201-2019": trial 86) */
        if (date_len(c, false) || (first && year_group(c, n)))
            break;
        total += n;
        longest = n > longest ? n : longest;
        groups++;
        *pairs = *pairs && n == 2;
        c += n;
        size_t sep = group_separator(c);
        if (!sep)
            break;
        c += sep;
    }
    *end = c;
    *small_groups = longest <= 2;
    *pairs = *pairs && groups == 5;
    return total;
}

cn_identifying cn_identifying_in_text(const char *text, size_t *offset)
{
    for (const char *c = text; *c; c++) {
        if (!is_digit(*c) || (c > text && is_digit(c[-1])))
            continue;
        size_t date = date_len(c, true);
        if (date) {
            c += date - 1;
            continue;
        }
        const char *end;
        bool small, pairs;
        size_t n = number_digits(c, &end, &small, &pairs);
        /* groups of one or two digits are a phone number after a '+', or in five pairs
         * opening with the national 0 ("06 12 34 56 78"); else a list: scores, pages, a
         * taper of doses, times ("7 8 6 5 7 8 9", "60-55-50-45-40", "08.00 14.00 20.00":
         * trials 86, 87) */
        bool list = small && !(c > text && c[-1] == '+') && !(*c == '0' && pairs);
        if (n >= CN_IDENT_TEXT_DIGITS && !list && !unit_follows(end)) {
            *offset = (size_t)(c - text);
            return CN_IDENT_NUMBER;
        }
        if (end > c)
            c = end - 1;
    }
    for (const char *at = strchr(text, '@'); at; at = strchr(at + 1, '@'))
        if (email_at(text, at)) {
            const char *start = at;
            while (start > text && !strchr(" \t\n<(,;", start[-1]))
                start--;
            *offset = (size_t)(start - text);
            return CN_IDENT_EMAIL;
        }
    return CN_IDENT_NONE;
}

cn_identifying cn_identifying_value(const char *value)
{
    size_t run = 0;
    for (const char *c = value; *c; c++) {
        if (is_digit(*c))
            run++;
        else if (!(run && strchr(" .-/", *c) && is_digit(c[1]))) /* "01 45", "01.45" */
            run = 0;
        if (run >= CN_IDENT_DIGITS)
            return CN_IDENT_NUMBER;
    }
    const char *at = strchr(value, '@');
    if (!at)
        return CN_IDENT_NONE;
    return email_at(value, at) ? CN_IDENT_EMAIL : CN_IDENT_AT;
}

const char *cn_identifying_reason(cn_identifying why)
{
    switch (why) {
    case CN_IDENT_NONE:
        break;
    case CN_IDENT_NUMBER:
        return "looks like a phone or identity number";
    case CN_IDENT_EMAIL:
        return "looks like an e-mail address";
    case CN_IDENT_AT:
        return "holds an '@', as an e-mail address or a handle does";
    }
    return "";
}

bool cn_identifying_said(const char *text, char *out, size_t size)
{
    size_t at;
    cn_identifying why = cn_identifying_in_text(text, &at);
    if (why == CN_IDENT_NONE)
        return false;
    size_t character = 1; /* what a reader counts, not bytes */
    for (size_t i = 0; i < at; i++)
        character += ((unsigned char)text[i] & 0xC0) != 0x80;
    snprintf(out, size, "holds, at its character %zu, what looks like %s", character,
             why == CN_IDENT_EMAIL ? "an e-mail address" : "a phone or identity number");
    return true;
}
