/* report_segments.c — each class's typical segments in report.html, as a researcher quotes
 * them: who wrote the segment (participant), when (date or diary time), the text's cohort
 * modalities, and the segment with its class's active profile forms marked. */
#include <stdlib.h>
#include <string.h>

#include "carnet/markup.h"
#include "carnet/quote.h"
#include "figures.h"

#define SHOWN_PER_CLASS 10

static void html_span(FILE *f, const char *s, size_t n)
{
    char *copy = strndup(s, n);
    if (copy)
        cn_markup_text(f, copy);
    free(copy);
}

void report_segment_source(FILE *f, const report *r, uint32_t segment)
{
    const cn_prepared *p = r->in->p;
    uint32_t text = p->segs[segment].text;
    const cn_corpus_text *ct = &p->corpus->texts[p->texts[text]];
    cn_quote_source src = cn_quote_source_of(ct, r->in->speaker, r->in->time_var);
    if (src.participant) {
        fputs("<strong>", f);
        cn_markup_text(f, src.participant);
        fputs("</strong> · ", f);
    }
    if (src.date) {
        fputs("date ", f);
        cn_markup_text(f, src.date);
        fputs(" · ", f);
    }
    if (src.time_var) {
        cn_markup_text(f, src.time_var);
        fputc(' ', f);
        cn_markup_text(f, src.time);
        fputs(" · ", f);
    }
    bool any = false;
    for (size_t v = 0; v < ct->nstars; v++) {
        const char *star = ct->stars[v];
        if (!cn_quote_is_cohort(star, r->in->speaker, r->in->time_var))
            continue;
        const char *us = strchr(star + 1, '_');
        fputs(any ? ", " : "", f);
        if (us) { /* "*sex_f" as "sex f" */
            html_span(f, star + 1, (size_t)(us - star - 1));
            fputc(' ', f);
            cn_markup_text(f, us + 1);
        } else {
            cn_markup_text(f, star + 1);
        }
        any = true;
    }
    fprintf(f, "%stext %u", any ? " · " : "", cn_prepared_text_number(p, text));
}

/* "P22 · date 2025_03_23 · month 02 · sex m, care lt1 · text 685, score 3424.7:" */
static void source_line(FILE *f, const report *r, const cn_typical *t)
{
    fputs("<span class=\"muted\">", f);
    report_segment_source(f, r, t->segment);
    fprintf(f, ", score %.1f:</span> ", t->score);
}

/* The segment as written, the words in marks[0..n) in <mark>. */
static void marked_segment(FILE *f, const report *r, const cn_typical *t,
                           const cn_quote_occurrence *marks, size_t n)
{
    const cn_prepared *p = r->in->p;
    const cn_seg *seg = &p->segs[t->segment];
    const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
    size_t at = seg->start;
    for (size_t i = 0; i < n; i++) {
        html_span(f, body + at, marks[i].start - at);
        fputs("<mark>", f);
        html_span(f, body + marks[i].start, marks[i].end - marks[i].start);
        fputs("</mark>", f);
        at = marks[i].end;
    }
    html_span(f, body + at, seg->end - at);
}

int report_typical_segments(FILE *f, report *r, uint32_t k, cn_error *err)
{
    const cn_profiles *pr = r->in->pr;
    cn_quote_occurrence *marks = NULL;
    size_t n = 0, cap = 0, listed = 0;
    int shown = 0, rc = 0;
    for (size_t i = 0; i < pr->ntypical; i++)
        listed += pr->typical[i].cls == k;
    fputs("<h4>Typical segments</h4>\n<p class=\"muted\">Marked: the class's active profile "
          "forms, whose χ² make the score.",
          f);
    if (listed > SHOWN_PER_CLASS) /* trial 88: the CSV's 50 read as another list */
        fprintf(f, " The first %d of the %zu typical_segments.csv lists for this class.",
                SHOWN_PER_CLASS, listed);
    fputs("</p>\n<ol>\n", f);
    for (size_t i = 0; i < pr->ntypical && shown < SHOWN_PER_CLASS; i++) {
        const cn_typical *t = &pr->typical[i];
        if (t->cls != k)
            continue;
        if (cn_quote_marks(r->in->p, pr, t->segment, k, &marks, &n, &cap, err) < 0) {
            rc = -1; /* the segment is still shown, unmarked */
            n = 0;
        }
        fputs("<li>", f);
        source_line(f, r, t);
        marked_segment(f, r, t, marks, n);
        fputs("</li>\n", f);
        shown++;
    }
    fputs("</ol>\n", f);
    free(marks);
    return rc;
}
