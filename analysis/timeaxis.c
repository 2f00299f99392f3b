/* timeaxis.c — the time variable's modalities in time order, and what that order cannot
 * show (see timeaxis.h). */
#include "carnet/timeaxis.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohorts.h"
#include "carnet/corpus.h"

/* A modality's numbers ("*date_12_03_2025": 12, 3, 2025), and whether only separators
 * stand between them after the variable's name (no letter: a date, not "w9" or "1to3"). */
typedef struct numbers {
    unsigned long n[4];
    size_t len[4], runs;
    bool bare;
} numbers;

static numbers numbers_of(const char *mod)
{
    numbers x = {.bare = true};
    const char *c = strchr(mod, '_');
    c = c ? c + 1 : mod;
    for (; *c;) {
        if (!isdigit((unsigned char)*c)) {
            x.bare = x.bare && !isalpha((unsigned char)*c) && (unsigned char)*c < 0x80;
            c++;
            continue;
        }
        if (x.runs == 4) {
            x.runs++; /* more numbers than a date has */
            break;
        }
        unsigned long v = 0;
        size_t len = 0;
        for (; isdigit((unsigned char)*c); c++, len++)
            v = len < 9 ? v * 10 + (unsigned long)(*c - '0') : v;
        x.n[x.runs] = v;
        x.len[x.runs++] = len;
    }
    return x;
}

/* A date whose year is last ("12_03_2025", a month "03_2025"), read day first (or month
 * first) into ymd; false when its numbers are not of that shape or not a date so read. */
static bool year_last(const numbers *x, bool month_first, unsigned long ymd[3])
{
    size_t r = x->runs;
    if (!x->bare || r < 2 || r > 3 || x->len[r - 1] != 4 || x->len[0] > 2 ||
        (r == 3 && x->len[1] > 2))
        return false;
    ymd[0] = x->n[r - 1];
    ymd[1] = r == 3 && month_first ? x->n[0] : x->n[r - 2];
    ymd[2] = r == 3 ? (month_first ? x->n[1] : x->n[0]) : 0;
    return ymd[1] >= 1 && ymd[1] <= 12 && (r == 2 || (ymd[2] >= 1 && ymd[2] <= 31));
}

/* Numbers by their value, whatever their zeros ("month_2" before "month_10", "1" beside
 * "01"), the rest as bytes: 0 for two modalities that differ by zeros alone. */
static int by_numbers(const char *p, const char *q)
{
    while (*p && *q) {
        if (isdigit((unsigned char)*p) && isdigit((unsigned char)*q)) {
            while (*p == '0' && isdigit((unsigned char)p[1]))
                p++;
            while (*q == '0' && isdigit((unsigned char)q[1]))
                q++;
            size_t m = 0, n = 0;
            while (isdigit((unsigned char)p[m]))
                m++;
            while (isdigit((unsigned char)q[n]))
                n++;
            if (m != n) /* no leading zero left: the longer number is the larger */
                return m < n ? -1 : 1;
            int c = strncmp(p, q, m);
            if (c)
                return c;
            p += m;
            q += n;
        } else if (*p != *q) {
            return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
        } else {
            p++;
            q++;
        }
    }
    return *p || *q ? (*p ? 1 : -1) : 0;
}

/* A modality and its date read as the axis reads them (year_last), to sort by. */
typedef struct timed {
    const char *mod;
    unsigned long ymd[3];
    bool dated;
} timed;

static int by_time(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    if (x->dated && y->dated)
        for (int i = 0; i < 3; i++)
            if (x->ymd[i] != y->ymd[i])
                return x->ymd[i] < y->ymd[i] ? -1 : 1;
    int c = by_numbers(x->mod, y->mod);
    return c ? c : strcmp(x->mod, y->mod);
}

/* How the modalities read as dates: with their year last, day first unless no such
 * reading makes them all dates and a month-first one does; year first; no year of four
 * digits; or not dates. The kind's example into *example. */
static cn_time_dates dates_of(const timed *m, size_t n, const char **example)
{
    size_t year_last_shape = 0, day_ok = 0, month_ok = 0, year_first = 0, short_year = 0;
    const char *bad_day = NULL, *short_one = NULL;
    for (size_t i = 0; i < n; i++) {
        numbers x = numbers_of(m[i].mod);
        unsigned long ymd[3];
        bool shape =
            x.bare && x.runs >= 2 && x.runs <= 3 && x.len[x.runs - 1] == 4 && x.len[0] <= 2;
        year_last_shape += shape;
        if (shape && year_last(&x, false, ymd))
            day_ok++;
        else if (shape && !bad_day)
            bad_day = m[i].mod;
        month_ok += shape && year_last(&x, true, ymd);
        year_first += x.runs >= 1 && x.len[0] == 4;
        bool all_short = x.bare && x.runs >= 2 && x.runs <= 3;
        for (size_t k = 0; all_short && k < x.runs; k++)
            all_short = x.len[k] <= 2;
        if (all_short && short_year++ == 0)
            short_one = m[i].mod;
    }
    *example = NULL;
    if (n > 0 && year_first == n)
        return CN_TIME_YEAR_FIRST;
    if (n > 0 && year_last_shape == n) {
        if (day_ok == n)
            return CN_TIME_DAY_FIRST;
        *example = bad_day;
        return month_ok == n ? CN_TIME_MONTH_FIRST : CN_TIME_BAD_DATES;
    }
    if (n > 0 && short_year == n) {
        *example = short_one;
        return CN_TIME_NO_YEAR;
    }
    return CN_TIME_NOT_DATES;
}

/* The classified units of the modality: its bar on the axis. */
static uint32_t classified_with(const cn_profiles *pr, const char *mod)
{
    uint32_t id = cn_intern_find(pr->modalities, mod, strlen(mod)), total = 0;
    for (uint32_t k = 0; id != CN_INTERN_NONE && k < pr->nclasses; k++)
        total += pr->mcount[(size_t)id * pr->nclasses + k];
    return total;
}

/* The numbers missing between numbered modalities, in time order (by_time): each one's
 * value is a bare number. */
static void note_gaps(const timed *m, size_t n, cn_timeaxis *out)
{
    for (size_t i = 0; i < n; i++) {
        numbers x = numbers_of(m[i].mod);
        if (!x.bare || x.runs != 1)
            return;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned long a = numbers_of(m[i].mod).n[0], b = numbers_of(m[i + 1].mod).n[0];
        for (unsigned long v = a + 1; v < b; v++)
            if (out->ngaps++ < 3)
                out->gap[out->ngaps - 1] = v;
    }
}

int cn_timeaxis_make(const cn_profiles *pr, const char *time_var, cn_timeaxis *out, cn_error *err)
{
    *out = (cn_timeaxis){.dates = CN_TIME_NOT_DATES};
    if (!time_var)
        return 0;
    char prefix[CN_CORPUS_VAR_MAX + 2];
    int plen = snprintf(prefix, sizeof prefix, "*%s_", time_var);
    if (plen < 0 || (size_t)plen >= sizeof prefix)
        return 0; /* cn_run checked the name's length */
    uint32_t count = cn_intern_count(pr->modalities);
    timed *m = malloc(((size_t)count + 1) * sizeof *m);
    out->mods = malloc(((size_t)count + 1) * sizeof *out->mods);
    if (!m || !out->mods) {
        free(m);
        cn_timeaxis_free(out);
        return cn_error_nomem(err);
    }
    size_t n = 0;
    uint32_t placed = 0;
    for (uint32_t i = 0; i < count; i++) { /* every one: a daily date has hundreds */
        const char *tok = cn_intern_str(pr->modalities, i);
        if (strncmp(tok, prefix, (size_t)plen) == 0) {
            m[n++] = (timed){.mod = tok};
            placed += classified_with(pr, tok);
        }
    }
    out->unplaced = pr->classified > placed ? pr->classified - placed : 0;
    out->dates = dates_of(m, n, &out->example);
    bool month_first = out->dates == CN_TIME_MONTH_FIRST;
    for (size_t i = 0; i < n; i++) {
        numbers x = numbers_of(m[i].mod);
        m[i].dated = (out->dates == CN_TIME_DAY_FIRST || month_first) &&
                     year_last(&x, month_first, m[i].ymd);
    }
    qsort(m, n, sizeof *m, by_time);
    for (size_t i = 0; i + 1 < n; i++) /* sorted, twins by zeros are neighbours */
        if (by_numbers(m[i].mod, m[i + 1].mod) == 0 && out->ntwins++ == 0) {
            out->twin[0] = m[i].mod;
            out->twin[1] = m[i + 1].mod;
        }
    for (size_t i = 0; i < n; i++)
        out->mods[i] = m[i].mod;
    out->n = n;
    note_gaps(m, n, out);
    free(m);
    /* Modalities with no year (months, bands of years) in the order --by gives its cohorts,
     * lt1 before 1to3 before gt3 (trial 75); dates as read above. */
    if (out->dates == CN_TIME_NOT_DATES || out->dates == CN_TIME_NO_YEAR)
        return cn_cohorts_natural_order((char **)out->mods, n, err);
    return 0;
}

void cn_timeaxis_free(cn_timeaxis *t)
{
    free(t->mods);
    t->mods = NULL;
    t->n = 0;
}

/* Appends a sentence to buf, a line of its own. */
static void say(char *buf, size_t size, size_t *used, int *count, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void say(char *buf, size_t size, size_t *used, int *count, const char *fmt, ...)
{
    if (*used >= size)
        return;
    if (*count > 0 && *used + 1 < size)
        buf[(*used)++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    *used = n < 0 ? *used : *used + (size_t)n < size ? *used + (size_t)n : size - 1;
    buf[*used] = '\0';
    ++*count;
}

int cn_timeaxis_notes(const cn_timeaxis *t, const char *time_var, const char *units, char *buf,
                      size_t size)
{
    size_t used = 0;
    int count = 0;
    if (size > 0)
        buf[0] = '\0';
    if (t->n < 2) /* no axis drawn */
        return 0;
    if (t->unplaced > 0)
        say(buf, size, &used, &count,
            "%u classified %s come from texts with no *%s_ star: they are in no bar of the time"
            " figure and no row of its table",
            t->unplaced, units, time_var);
    if (t->ntwins > 0)
        say(buf, size, &used, &count,
            "%s and %s differ only by the zeros before a number (%zu such pair%s): each is a bar"
            " of its own, the time they name split between them; write them alike in the corpus",
            t->twin[0], t->twin[1], t->ntwins, t->ntwins == 1 ? "" : "s");
    if (t->ngaps > 0) {
        char shown[80] = "";
        for (size_t i = 0, at = 0; i < t->ngaps && i < 3 && at < sizeof shown; i++)
            at +=
                (size_t)snprintf(shown + at, sizeof shown - at, "%s%lu", i ? ", " : "", t->gap[i]);
        say(buf, size, &used, &count,
            "no text of the analysis is at *%s_ %s%s (%zu value%s between the first and the"
            " last): the figure's bars go on past %s, as if the time between were one step",
            time_var, shown, t->ngaps > 3 ? ", ..." : "", t->ngaps, t->ngaps == 1 ? "" : "s",
            t->ngaps == 1 ? "it" : "them");
    }
    if (t->dates == CN_TIME_MONTH_FIRST)
        say(buf, size, &used, &count,
            "the dates of *%s_ are read month first (%s is no date day first): check that the"
            " corpus writes them so; 2025_03_31, year first, leaves no doubt",
            time_var, t->example);
    else if (t->dates == CN_TIME_BAD_DATES)
        say(buf, size, &used, &count,
            "some dates of *%s_ are no dates day first nor month first (%s): they are in the"
            " order of their numbers, not of time; write them year first, 2025_03_31",
            time_var, t->example);
    else if (t->dates == CN_TIME_NO_YEAR)
        say(buf, size, &used, &count,
            "the modalities of *%s_ look like dates without a four-digit year (%s): they are in"
            " the order of their numbers, which is not time's when the day or the month comes"
            " first; write the year in full, first, 2025_03_31",
            time_var, t->example);
    return count;
}
