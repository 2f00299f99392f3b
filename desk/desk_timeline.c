/* desk_timeline.c — a participant's diary as a line of days, drawn by the server as inline
 * SVG (no script): the diary period from consent to its planned end, a mark on each day
 * with an entry, the gaps of a week or more without one, the hand-back and today. Colours
 * come from desk.css through classes; every mark has a <title> for the pointer. */
#include "desk_internal.h"

#include <stdio.h>

#include "carnet/stats.h"

/* The drawing is laid out on a line TL_WIDTH long and TL_HEIGHT high, then written in
 * units of the page: across, in % of the SVG's width (it takes the column's); down, in em
 * of its font (desk.css: a size of the page's font). Its text grows with the browser's
 * zoom as the page's does: a viewBox scaled the drawing to the column, whose width in CSS
 * pixels halves at 200 %, and its labels kept their size on the screen (trial 68). */
#define TL_WIDTH 800.0
#define TL_LEFT 10.0
#define TL_RIGHT 790.0
#define TL_EM 11.0    /* the size of the labels' font, in the units of y */
#define TL_GAP_DAYS 7 /* a gap this long or longer is shown */

/* x as an SVG length: a percentage of the width. */
#define TL_X "%.2f%%"
static double pct(double x)
{
    return x * 100.0 / TL_WIDTH;
}

/* y as an SVG length: em of the font. */
#define TL_Y "%.3fem"
static double em(double y)
{
    return y / TL_EM;
}

typedef struct scale {
    cn_date start;
    double per_day;
} scale;

static double x_of(const scale *s, cn_date d)
{
    return TL_LEFT + (d - s->start) * s->per_day;
}

static void gap(cn_html *h, const scale *s, cn_date from, cn_date to)
{
    if (to - from < TL_GAP_DAYS)
        return;
    char a[CN_DATE_TEXT], b[CN_DATE_TEXT];
    cn_date_format(from, a);
    cn_date_format(to - 1, b); /* to is the next entry's day, or the day the gap stops */
    cn_html_rawf(h,
                 "<rect class=\"gap\" x=\"" TL_X "\" y=\"" TL_Y "\" width=\"" TL_X
                 "\" height=\"" TL_Y "\"><title>%d days without an entry (%s to %s)</title></rect>",
                 pct(x_of(s, from)), em(22), pct((to - from) * s->per_day), em(8), to - from, a, b);
}

static void marker(cn_html *h, const scale *s, cn_date d, const char *cls, const char *label,
                   double y)
{
    char date[CN_DATE_TEXT];
    cn_date_format(d, date);
    double x = x_of(s, d);
    cn_html_rawf(h,
                 "<line class=\"%s\" x1=\"" TL_X "\" y1=\"" TL_Y "\" x2=\"" TL_X "\" y2=\"" TL_Y
                 "\"><title>%s %s</title></line><text class=\"%s\" x=\"" TL_X "\" y=\"" TL_Y
                 "\" text-anchor=\"%s\">%s %s</text>",
                 cls, pct(x), em(10), pct(x), em(52), label, date, cls, pct(x), em(y),
                 x > TL_WIDTH / 2 ? "end" : "start", label, date);
}

void desk_timeline(desk_ctx *c, const cn_participant *p, int diary_months, const cn_date *dates,
                   size_t n)
{
    cn_html *h = &c->h;
    cn_date start = p->consent, end = cn_stats_diary_end(p, diary_months), last = end;
    if (n && dates[n - 1] > last)
        last = dates[n - 1];
    if (p->has_handed_back && p->handed_back > last)
        last = p->handed_back;
    if (c->today > last && c->today - last < 60)
        last = c->today;
    scale s = {start, (TL_RIGHT - TL_LEFT) / (double)(last - start + 1)};
    char a[CN_DATE_TEXT], b[CN_DATE_TEXT];
    cn_date_format(start, a);
    cn_date_format(end, b);
    size_t days = 0; /* dates are in order: two entries of one day are one day */
    for (size_t i = 0; i < n; i++)
        days += i == 0 || dates[i] != dates[i - 1];
    /* (its height, in em, is desk.css's) */
    cn_html_rawf(h,
                 "<svg class=\"timeline\" id=\"timeline\" role=\"img\""
                 " aria-label=\"diary from %s to %s, %zu %s with entries\">"
                 "<rect class=\"period\" x=\"" TL_X "\" y=\"" TL_Y "\" width=\"" TL_X
                 "\" height=\"" TL_Y "\"><title>diary period %s to %s</title></rect>",
                 a, b, days, desk_plural((long long)days, "day", "days"), pct(TL_LEFT), em(18),
                 pct((end - start + 1) * s.per_day), em(16), a, b);
    /* Gaps: from consent to the first entry, between entries, and after the last one up to
     * the hand-back or the period's last day, both days an entry may be dated and so counted
     * (the gap stopped a day short: trial 77), or up to today, not over yet, whichever comes
     * first. stop is the first day after the gap. */
    cn_date stop = end + 1 < c->today ? end + 1 : c->today;
    if (p->has_handed_back && p->handed_back + 1 < stop)
        stop = p->handed_back + 1;
    cn_date prev = start;
    for (size_t i = 0; i < n; i++) {
        gap(h, &s, prev, dates[i]);
        if (dates[i] + 1 > prev)
            prev = dates[i] + 1;
    }
    gap(h, &s, prev, stop);
    double w = s.per_day > 1.5 ? s.per_day : 1.5;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && dates[i] == dates[i - 1])
            continue;
        char d[CN_DATE_TEXT];
        cn_date_format(dates[i], d);
        cn_html_rawf(h,
                     "<rect class=\"day\" x=\"" TL_X "\" y=\"" TL_Y "\" width=\"" TL_X
                     "\" height=\"" TL_Y "\"><title>%s</title></rect>",
                     pct(x_of(&s, dates[i])), em(14), pct(w), em(24), d);
    }
    cn_html_rawf(h, "<text class=\"label\" x=\"" TL_X "\" y=\"" TL_Y "\">consent %s</text>",
                 pct(TL_LEFT), em(80), a);
    /* a row of its own, towards the middle: a label no longer shrinks with the drawing,
     * and on a narrow or zoomed page met the consent's */
    double x_end = x_of(&s, end + 1);
    cn_html_rawf(h,
                 "<text class=\"label\" x=\"" TL_X "\" y=\"" TL_Y
                 "\" text-anchor=\"%s\">end of diary %s</text>",
                 pct(x_end), em(94), x_end > TL_WIDTH / 2 ? "end" : "start", b);
    if (p->has_handed_back)
        marker(h, &s, p->handed_back, "handback", "handed back", 64);
    if (c->today >= start && c->today <= last)
        marker(h, &s, c->today, "today", "today", 8);
    cn_html_raw(h, "</svg><p class=\"legend\"><span class=\"key day\" aria-hidden=\"true\">"
                   "</span> day with an entry <span class=\"key gap\" aria-hidden=\"true\">"
                   "</span> a week or more without one <span class=\"key period\""
                   " aria-hidden=\"true\"></span> diary period</p>");
}
