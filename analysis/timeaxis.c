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

/* A modality's numbers ("12_03_2025": 12, 3, 2025), and whether only separators stand
 * between them (no letter: a date, not "w9" or "1to3"). */
typedef struct numbers {
    unsigned long n[3];
    size_t len[3], runs; /* runs > 3: more numbers than a date has */
    bool bare;
} numbers;

static numbers numbers_of(const char *value)
{
    numbers x = {.bare = true};
    for (const char *c = value; *c;) {
        if (!isdigit((unsigned char)*c)) {
            x.bare = x.bare && !isalpha((unsigned char)*c) && (unsigned char)*c < 0x80;
            c++;
            continue;
        }
        unsigned long v = 0;
        size_t len = 0;
        for (; isdigit((unsigned char)*c); c++, len++)
            v = len < 9 ? v * 10 + (unsigned long)(*c - '0') : v;
        if (x.runs < 3) {
            x.n[x.runs] = v;
            x.len[x.runs] = len;
        }
        x.runs++;
    }
    return x;
}

typedef enum { NO_DATE, YEAR_FIRST, YEAR_LAST } shape;

/* 2025, 2025_03, 2025_03_12 (year first); 03_2025, 12_03_2025 (year last): bare numbers,
 * one of four digits at an end, the others of one or two. */
static shape shape_of(const numbers *x)
{
    if (!x->bare || x->runs < 1 || x->runs > 3)
        return NO_DATE;
    size_t last = x->runs - 1;
    bool short_rest = true;
    for (size_t k = 1; k < last; k++)
        short_rest = short_rest && x->len[k] <= 2;
    if (x->len[0] == 4 && short_rest && (last == 0 || x->len[last] <= 2))
        return YEAR_FIRST;
    if (last > 0 && x->len[last] == 4 && x->len[0] <= 2 && short_rest)
        return YEAR_LAST;
    return NO_DATE;
}

static unsigned long days_in(unsigned long year, unsigned long month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* The date x reads as (year, month, day; 0 for a part not written), year-last ones month
 * first or day first; false when it is no date so read (month 13, 30 February). */
static bool read_date(const numbers *x, shape s, bool month_first, unsigned long ymd[3])
{
    size_t r = x->runs;
    ymd[1] = ymd[2] = 0;
    if (s == YEAR_FIRST) {
        ymd[0] = x->n[0];
        ymd[1] = r >= 2 ? x->n[1] : 0;
        ymd[2] = r == 3 ? x->n[2] : 0;
    } else {
        ymd[0] = x->n[r - 1];
        ymd[1] = r == 3 && month_first ? x->n[0] : x->n[r - 2];
        ymd[2] = r == 3 ? (month_first ? x->n[1] : x->n[0]) : 0;
    }
    if (r >= 2 && (ymd[1] < 1 || ymd[1] > 12))
        return false;
    return r < 3 || (ymd[2] >= 1 && ymd[2] <= days_in(ymd[0], ymd[1]));
}

/* Numbers by their value, whatever their zeros ("2" before "10", "1" beside "01"), the
 * rest as bytes: 0 for two that differ by zeros alone. */
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

/* A modality as the axis reads it. */
typedef struct timed {
    const char *mod, *value; /* value: mod from the byte after "*VAR_" */
    numbers x;               /* the value's, read once */
    unsigned long ymd[3];
    bool dated;
    size_t seen; /* its place in the order the modalities came */
} timed;

/* Dates first, by year, month and day; then the rest in the order they came (README: never
 * alphabetical; trial 105). */
static int by_time(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    if (x->dated != y->dated)
        return x->dated ? -1 : 1;
    for (int i = 0; x->dated && i < 3; i++)
        if (x->ymd[i] != y->ymd[i])
            return x->ymd[i] < y->ymd[i] ? -1 : 1;
    int c = x->dated ? by_numbers(x->value, y->value) : 0;
    return c ? c : (x->seen > y->seen) - (x->seen < y->seen);
}

static int by_value(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    int c = by_numbers(x->value, y->value);
    return c ? c : strcmp(x->mod, y->mod);
}

/* A year and a number that is no month: a week (2025_15), a season (2022_23). */
static bool year_and_more(const numbers *x)
{
    return x->runs == 2 && x->len[0] == 4 && x->n[1] > 12;
}

/* How the modalities read as dates, into t's date fields, and each one's date. They are
 * dates when one of them names a month (a year alone, 1975, is as likely a code: trial
 * 104), unless a year comes with a number no month has, which makes every year-and-number
 * a week or a season (2025_15, 2022_23: trial 105). Year-last dates are read day first, as
 * French teams write them, unless more are dates only month first (03_31_2025). */
static void read_all(timed *m, size_t n, cn_timeaxis *t)
{
    size_t with_month = 0, day_only = 0, month_only = 0, short_ones = 0, digits = 0;
    bool weeks = false;
    const char *month_proof = NULL, *both = NULL, *short_one = NULL;
    for (size_t i = 0; i < n; i++)
        weeks = weeks || year_and_more(&m[i].x);
    for (size_t i = 0; i < n; i++) {
        const numbers x = m[i].x;
        shape s = weeks && x.runs == 2 && x.len[0] == 4 ? NO_DATE : shape_of(&x);
        unsigned long ymd[3];
        with_month += s != NO_DATE && x.runs >= 2;
        digits += x.runs > 0;
        if (s == YEAR_LAST) {
            bool day = read_date(&x, s, false, ymd), month = read_date(&x, s, true, ymd);
            day_only += day && !month;
            month_only += month && !day;
            if (month && !day && !month_proof)
                month_proof = m[i].mod;
            if (day && month && x.runs == 3 && x.n[0] != x.n[1] && !both)
                both = m[i].mod; /* 01_02_2025: 1 February or 2 January */
        }
        /* 31_01_25: three numbers of two digits, the middle one a month (not 18_24, 1_2) */
        if (x.bare && x.runs == 3 && x.len[0] <= 2 && x.len[1] <= 2 && x.len[2] <= 2 &&
            x.n[1] >= 1 && x.n[1] <= 12 && short_ones++ == 0)
            short_one = m[i].mod;
    }
    if (with_month == 0) { /* no dates: *month_3, codes, bands, weeks */
        if (short_ones > 0 && short_ones == digits)
            t->no_year = short_one;
        return;
    }
    t->month_first = month_only > day_only;
    t->ambiguous = day_only == 0 && month_only == 0 && both;
    t->example = t->month_first ? month_proof : t->ambiguous ? both : NULL;
    size_t nondates = 0;
    const char *nondate = NULL;
    for (size_t i = 0; i < n; i++) {
        const numbers x = m[i].x;
        shape s = weeks && x.runs == 2 && x.len[0] == 4 ? NO_DATE : shape_of(&x);
        m[i].dated = s != NO_DATE && read_date(&x, s, t->month_first, m[i].ymd);
        t->ndated += m[i].dated;
        if (s != NO_DATE && !m[i].dated && t->nbad++ == 0)
            t->bad = m[i].mod;
        if (s == NO_DATE && nondates++ == 0)
            nondate = m[i].mod;
    }
    t->nundated = nondates; /* "inconnue" beside dates: said, after them */
    t->undated = nondate;
}

/* The numbers missing between modalities that are each a number alone, small enough to
 * count steps (a month, a week, a day of the diary; 20250108 is a date, not a count). */
static void note_gaps(timed *m, size_t n, cn_timeaxis *t)
{
    for (size_t i = 0; i < n; i++)
        if (!m[i].x.bare || m[i].x.runs != 1 || m[i].x.n[0] > 999)
            return;
    qsort(m, n, sizeof *m, by_value);
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned long a = m[i].x.n[0], b = m[i + 1].x.n[0];
        for (unsigned long v = a + 1; v < b; v++)
            if (t->ngaps++ < 3)
                t->gap[t->ngaps - 1] = v;
    }
}

/* Modalities that differ by zeros alone, and dates written two ways (2025_03_12 beside
 * 12_03_2025: trial 104): each a bar of its own. m is in time order (by_time). */
static void note_twins(timed *m, size_t n, cn_timeaxis *t)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (m[i].dated && m[i + 1].dated && memcmp(m[i].ymd, m[i + 1].ymd, sizeof m[i].ymd) == 0 &&
            by_numbers(m[i].value, m[i + 1].value) != 0 && t->ndate_twins++ == 0) {
            t->date_twin[0] = m[i].mod;
            t->date_twin[1] = m[i + 1].mod;
        }
    qsort(m, n, sizeof *m, by_value); /* twins by zeros are neighbours */
    for (size_t i = 0; i + 1 < n; i++)
        if (by_numbers(m[i].value, m[i + 1].value) == 0 && t->ntwins++ == 0) {
            t->twin[0] = m[i].mod;
            t->twin[1] = m[i + 1].mod;
        }
}

static bool has_digit(const char *s)
{
    return s[strcspn(s, "0123456789")] != '\0';
}

/* --by's natural order (lt1 before 1to3 before gt3, numbers by value, the rest in the
 * order they came) of the modalities' values alone: a digit in the variable's name
 * (*s2_, *q1_) is no modality's number (trial 104). It weighs a modality's first number;
 * those with a number are handed to it by all their numbers, so that 2025_15 comes before
 * 2025_28, whose first numbers tie (trial 105); those without keep the order they came. */
static int natural_order(const char **mods, size_t n, size_t skip, cn_error *err)
{
    const char **values = malloc((n ? n : 1) * sizeof *values);
    timed *numbered = malloc((n ? n : 1) * sizeof *numbered);
    if (!values || !numbered) {
        free(values);
        free(numbered);
        return cn_error_nomem(err);
    }
    size_t k = 0, j = 0;
    for (size_t i = 0; i < n; i++)
        if (has_digit(mods[i] + skip))
            numbered[k++] = (timed){.mod = mods[i], .value = mods[i] + skip};
    qsort(numbered, k, sizeof *numbered, by_value);
    for (size_t i = 0; i < k; i++)
        values[i] = numbered[i].value;
    for (size_t i = 0; i < n; i++)
        if (!has_digit(mods[i] + skip))
            values[k + j++] = mods[i] + skip;
    free(numbered);
    int rc = cn_cohorts_natural_order((char **)values, n, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        mods[i] = values[i] - skip; /* every token has the same prefix */
    free(values);
    return rc;
}

/* mods in time order, and what t says of them (NULL: not asked). */
static int order(const char **mods, size_t n, size_t skip, cn_timeaxis *t, cn_error *err)
{
    timed *m = malloc((n ? n : 1) * sizeof *m);
    if (!m)
        return cn_error_nomem(err);
    cn_timeaxis scratch = {0};
    cn_timeaxis *said = t ? t : &scratch;
    for (size_t i = 0; i < n; i++)
        m[i] = (timed){
            .mod = mods[i], .value = mods[i] + skip, .x = numbers_of(mods[i] + skip), .seen = i};
    read_all(m, n, said);
    int rc = 0;
    if (said->ndated > 0) {
        qsort(m, n, sizeof *m, by_time);
        for (size_t i = 0; i < n; i++)
            mods[i] = m[i].mod;
    } else { /* months, weeks, bands of years, numbers of no year (31_01_25) */
        rc = natural_order(mods, n, skip, err);
        for (size_t i = 0; rc == 0 && t && i < n; i++) /* for the notes, in time order */
            m[i] = (timed){.mod = mods[i],
                           .value = mods[i] + skip,
                           .x = numbers_of(mods[i] + skip),
                           .seen = i};
    }
    if (rc == 0 && t) {
        note_twins(m, n, t);
        if (t->ndated == 0)
            note_gaps(m, n, t);
    }
    free(m);
    return rc;
}

int cn_timeaxis_order(const char **mods, size_t n, size_t skip, cn_error *err)
{
    return order(mods, n, skip, NULL, err);
}

/* The classified units of the modality: its bar on the axis. */
static uint32_t classified_with(const cn_profiles *pr, const char *mod)
{
    uint32_t id = cn_intern_find(pr->modalities, mod, strlen(mod)), total = 0;
    for (uint32_t k = 0; id != CN_INTERN_NONE && k < pr->nclasses; k++)
        total += pr->mcount[(size_t)id * pr->nclasses + k];
    return total;
}

int cn_timeaxis_make(const cn_profiles *pr, const cn_prepared *p, const char *time_var,
                     cn_timeaxis *out, cn_error *err)
{
    *out = (cn_timeaxis){.n = 0};
    if (!time_var)
        return 0;
    char prefix[CN_CORPUS_VAR_MAX + 2];
    int plen = snprintf(prefix, sizeof prefix, "*%s_", time_var);
    if (plen < 0 || (size_t)plen >= sizeof prefix)
        return 0; /* cn_run checked the name's length */
    uint32_t count = cn_intern_count(pr->modalities);
    out->mods = malloc(((size_t)count + 1) * sizeof *out->mods);
    out->units = malloc(((size_t)count + 1) * sizeof *out->units);
    if (!out->mods || !out->units) {
        cn_timeaxis_free(out);
        return cn_error_nomem(err);
    }
    for (uint32_t i = 0; i < count; i++) { /* every one: a daily date has hundreds */
        const char *tok = cn_intern_str(pr->modalities, i);
        if (strncmp(tok, prefix, (size_t)plen) == 0)
            out->mods[out->n++] = tok;
    }
    for (uint32_t t = 0; p && t < p->ntexts; t++) { /* a text's units then count twice */
        const cn_corpus_text *text = &p->corpus->texts[p->texts[t]];
        out->doubled += cn_corpus_second_star(text, time_var) != NULL;
        out->nostar += cn_corpus_value(text, time_var) == NULL;
    }
    if (order(out->mods, out->n, (size_t)plen, out, err) < 0) {
        cn_timeaxis_free(out);
        return -1;
    }
    uint32_t placed = 0;
    for (size_t i = 0; i < out->n; i++) {
        out->units[i] = classified_with(pr, out->mods[i]);
        placed += out->units[i];
    }
    out->unplaced = pr->classified > placed ? pr->classified - placed : 0;
    return 0;
}

void cn_timeaxis_free(cn_timeaxis *t)
{
    free(t->mods);
    free(t->units);
    t->mods = NULL;
    t->units = NULL;
    t->n = 0;
}

/* Formats a sentence and hands it to say. */
static void note(cn_timeaxis_say *say, void *ctx, int *count, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void note(cn_timeaxis_say *say, void *ctx, int *count, const char *fmt, ...)
{
    char line[1024]; /* the longest sentence quotes two modalities of a variable's length */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say(ctx, line);
    ++*count;
}

/* "1 modality is" / "3 modalities are" */
static const char *modalities(size_t n)
{
    return n == 1 ? "modality is" : "modalities are";
}

int cn_timeaxis_notes(const cn_timeaxis *t, const char *time_var, const char *units,
                      cn_timeaxis_say *say, void *ctx)
{
    int count = 0;
    if (t->n < 2) /* no axis drawn */
        return 0;
    bool texts = strcmp(units, "texts") == 0;
    if (t->doubled > 0)
        note(say, ctx, &count,
             "%u text%s two *%s_ stars: %s %s are in two bars, and the figure counts them"
             " twice; give each text one",
             t->doubled, t->doubled == 1 ? " has" : "s have", time_var,
             t->doubled == 1 ? "its" : "their", units);
    if (t->doubled > 0 && t->nostar > 0) /* their units then unknown: the texts (trial 104) */
        note(say, ctx, &count,
             "%u text%s no *%s_ star: %s %s are in no bar of the time figure and no row of its"
             " table",
             t->nostar, t->nostar == 1 ? " has" : "s have", time_var,
             t->nostar == 1 ? "its" : "their", units);
    else if (t->doubled == 0 && t->unplaced > 0)
        note(say, ctx, &count,
             texts ? "%u classified texts have no *%s_ star: they are in no bar of the time"
                     " figure and no row of its table"
                   : "%u classified segments come from texts with no *%s_ star: they are in no"
                     " bar of the time figure and no row of its table",
             t->unplaced, time_var);
    if (t->ntwins > 0)
        note(say, ctx, &count,
             "%s and %s differ only by the zeros before a number (%zu such pair%s): each is a bar"
             " of its own, the time they name split between them; write them alike in the corpus",
             t->twin[0], t->twin[1], t->ntwins, t->ntwins == 1 ? "" : "s");
    if (t->ndate_twins > 0)
        note(say, ctx, &count,
             "%s and %s are one date written two ways (%zu such pair%s): each is a bar of its"
             " own; write them alike in the corpus",
             t->date_twin[0], t->date_twin[1], t->ndate_twins, t->ndate_twins == 1 ? "" : "s");
    if (t->ngaps > 0) {
        char shown[80] = "";
        for (size_t i = 0, at = 0; i < t->ngaps && i < 3 && at < sizeof shown; i++)
            at +=
                (size_t)snprintf(shown + at, sizeof shown - at, "%s%lu", i ? ", " : "", t->gap[i]);
        note(say, ctx, &count,
             "no text of the analysis is at *%s_ %s%s (%zu value%s between the first and the"
             " last): the figure's bars go on past %s, as if the time between were one step",
             time_var, shown, t->ngaps > 3 ? ", ..." : "", t->ngaps, t->ngaps == 1 ? "" : "s",
             t->ngaps == 1 ? "it" : "them");
    }
    if (t->month_first)
        note(say, ctx, &count,
             "the dates of *%s_ are read month first (%s is no date day first): check that the"
             " corpus writes them so; 2025_03_31, year first, leaves no doubt",
             time_var, t->example);
    else if (t->ambiguous)
        note(say, ctx, &count,
             "the dates of *%s_ are dates whether read day first or month first (%s): they are"
             " read day first; write them year first, 2025_03_31, to leave no doubt",
             time_var, t->example);
    if (t->nbad > 0)
        note(say, ctx, &count,
             "%zu %s written as a date but no date (%s): after the dates, out of time's order;"
             " correct them in the corpus",
             t->nbad, modalities(t->nbad), t->bad);
    if (t->nundated > 0)
        note(say, ctx, &count, "%zu %s no date among the dates (%s): after them", t->nundated,
             modalities(t->nundated), t->undated);
    if (t->no_year)
        note(say, ctx, &count,
             "the modalities of *%s_ look like dates without a four-digit year (%s): they are in"
             " the order of their numbers, which is not time's when the day or the month comes"
             " first; write the year in full, first, 2025_03_31",
             time_var, t->no_year);
    return count;
}
