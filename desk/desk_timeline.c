/* desk_timeline.c — a participant's diary as a line of days, drawn by the server as inline
 * SVG (no script): the diary period from consent to its planned end, a mark on each day
 * with an entry, the gaps of a week or more without one, the hand-back and today. Colours
 * come from desk.css through classes; every mark has a <title> for the pointer. */
#include "desk_internal.h"

#include <stdio.h>

#include "carnet/stats.h"

#define TL_WIDTH 800.0
#define TL_LEFT 10.0
#define TL_RIGHT 790.0
#define TL_GAP_DAYS 7 /* a gap this long or longer is shown */

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
                 "<rect class=\"gap\" x=\"%.1f\" y=\"22\" width=\"%.1f\" height=\"8\"><title>%d"
                 " days without an entry (%s to %s)</title></rect>",
                 x_of(s, from), (to - from) * s->per_day, to - from, a, b);
}

static void marker(cn_html *h, const scale *s, cn_date d, const char *cls, const char *label,
                   double y)
{
    char date[CN_DATE_TEXT];
    cn_date_format(d, date);
    double x = x_of(s, d);
    cn_html_rawf(h,
                 "<line class=\"%s\" x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"52\"><title>%s %s"
                 "</title></line><text class=\"%s\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">%s"
                 " %s</text>",
                 cls, x, x, label, date, cls, x, y, x > TL_WIDTH / 2 ? "end" : "start", label,
                 date);
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
    cn_html_rawf(h,
                 "<svg class=\"timeline\" id=\"timeline\" viewBox=\"0 0 %.0f 86\" role=\"img\""
                 " aria-label=\"diary from %s to %s, %zu %s with entries\">"
                 "<rect class=\"period\" x=\"%.1f\" y=\"18\" width=\"%.1f\" height=\"16\">"
                 "<title>diary period %s to %s</title></rect>",
                 TL_WIDTH, a, b, days, desk_plural((long long)days, "day", "days"), TL_LEFT,
                 (end - start + 1) * s.per_day, a, b);
    /* Gaps: from consent to the first entry, between entries, and after the last one up to
     * the hand-back, today or the end of the period, whichever comes first. */
    cn_date stop = end < c->today ? end : c->today;
    if (p->has_handed_back && p->handed_back < stop)
        stop = p->handed_back;
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
                     "<rect class=\"day\" x=\"%.1f\" y=\"14\" width=\"%.1f\" height=\"24\">"
                     "<title>%s</title></rect>",
                     x_of(&s, dates[i]), w, d);
    }
    cn_html_rawf(h, "<text class=\"label\" x=\"%.1f\" y=\"80\">consent %s</text>", TL_LEFT, a);
    cn_html_rawf(h,
                 "<text class=\"label\" x=\"%.1f\" y=\"80\" text-anchor=\"end\">end of diary"
                 " %s</text>",
                 x_of(&s, end + 1), b);
    if (p->has_handed_back)
        marker(h, &s, p->handed_back, "handback", "handed back", 64);
    if (c->today >= start && c->today <= last)
        marker(h, &s, c->today, "today", "today", 8);
    cn_html_raw(h, "</svg><p class=\"legend\"><span class=\"key day\" aria-hidden=\"true\">"
                   "</span> day with an entry <span class=\"key gap\" aria-hidden=\"true\">"
                   "</span> a week or more without one <span class=\"key period\""
                   " aria-hidden=\"true\"></span> diary period</p>");
}
