/* date.h — calendar dates as day numbers, for a protocol measured in days and months.
 * A date is an int32 count of days since 1970-01-01 (proleptic Gregorian); pure functions,
 * nothing allocated; parsing returns 0 or -1 with a message in the cn_error. */
#ifndef CARNET_DATE_H
#define CARNET_DATE_H

#include <stdint.h>

#include "carnet/error.h"

typedef int32_t cn_date;

#define CN_DATE_TEXT 11 /* "YYYY-MM-DD" and its NUL */

/* Parses exactly "YYYY-MM-DD" (years 1900-2199) into *out, so that a date accepted is its
 * own stored text; refuses impossible dates such as 2025-02-30, and spaces around one,
 * with a message that says why. */
/* text without the spaces and tabs around it, copied into buf, when what they surround is
 * ten characters long; else text itself. What every writer of a date read from a field
 * (a quoted CSV cell, a JSON string, a form, an argument) passes on, so that the text
 * stored, audited and compared is the date alone (trial 81: " 2025-01-03" was stored cut
 * to " 2025-01-0"; trial 82: R's quoted cells were refused). */
const char *cn_date_trim(const char *text, char buf[CN_DATE_TEXT]);
int cn_date_parse(const char *text, cn_date *out, cn_error *err);

cn_date cn_date_from_ymd(int year, int month, int day);
void cn_date_to_ymd(cn_date date, int *year, int *month, int *day);
void cn_date_format(cn_date date, char out[CN_DATE_TEXT]);

/* Adds calendar months; a day past the end of a shorter month falls on its last day
 * (2025-01-31 + 1 month = 2025-02-28). */
cn_date cn_date_add_months(cn_date date, int months);

/* Month of a diary in which `date` falls, counting from 1 at `start`: month n covers
 * [start + (n-1) months, start + n months). Dates before start give 0. */
int cn_date_diary_month(cn_date start, cn_date date);

/* Today's local date, or `override` (a "YYYY-MM-DD" text, e.g. from CARNET_TODAY) when it
 * is not NULL; returns -1 if the override does not parse. */
int cn_date_today(const char *override, cn_date *out, cn_error *err);

#endif
