/* report_stability.c — the report's stability section (--stability): per class, how often
 * it came back in the classifications of subsamples, and what that means; or that it was
 * not assessed. */
#include <stdio.h>

#include "carnet/markup.h"
#include "figures.h"

/* One row: the class, its size, the mean and minimum best-match Jaccard, the draws that
 * found it. */
static void stability_row(FILE *f, const report *r, uint32_t k)
{
    const cn_stability *s = r->in->stability;
    const cn_stability_class *c = &s->classes[k - 1];
    char name[128];
    fprintf(f, "<tr><td><a href=\"#class-%u\">", k);
    cn_markup_text(f, report_class_name(r, k, name, sizeof name));
    fprintf(f,
            "</a></td><td class=n>%u</td><td class=n>%.2f</td><td class=n>%.2f</td>"
            "<td class=n>%d / %d</td><td>%s</td></tr>\n",
            r->in->d->class_size[k - 1], c->mean, c->min, c->found, s->draws,
            cn_stability_reading(c->mean));
}

void report_stability(FILE *f, const report *r)
{
    const cn_stability *s = r->in->stability;
    const char *units = r->in->units;
    fputs("<h3 id=\"stability\">Stability of the classes</h3>\n", f);
    if (!s) {
        fputs("<p class=\"muted\">The stability of the classes was not assessed (--stability N "
              "classifies N subsamples of 90 % of the units again and says how often each "
              "class comes back).</p>\n",
              f);
        return;
    }
    if (s->nclasses == 0) {
        fputs("<p>The stability of the classes was not assessed: there was no class to look "
              "for.</p>\n",
              f);
        return;
    }
    fprintf(f,
            "<p>The same classification, with the same parameters, was run again on %d "
            "subsamples of %u of the %u %s (90 %%, drawn without replacement, seed %llu",
            s->draws, s->drawn, s->units, units, (unsigned long long)s->seed);
    if (s->mincl_drawn > 0)
        fprintf(f, "; the minimum class size scaled to them: %d %s", s->mincl_drawn, units);
    fprintf(f,
            "). In each subsample, a class (restricted to the drawn %s) is matched with the "
            "most similar class found there, by the Jaccard index: %s in both over %s in "
            "either. The reading follows Hennig's guidelines for the mean (fpc's clusterboot): "
            "0.85 and more highly stable, 0.75 stable, 0.6 to 0.75 a pattern whose members are "
            "doubtful, under 0.6 not to be trusted, 0.5 or less dissolved. Subsamples of 90 %% "
            "keep most of the corpus, so the indices run high: a class should reach %.2f. "
            "Stable is not the same as a theme of its own: a theme cut in two the same way "
            "each time is stable, which its profile and typical segments show.</p>\n",
            units, units, units, CN_STABILITY_STABLE);
    fprintf(f,
            "<div class=\"wide\"><table><thead><tr><th>class</th><th>%s</th><th>mean "
            "Jaccard</th><th>minimum</th>"
            "<th>found (&ge; %.1f)</th><th>reading</th></tr></thead>\n",
            units, CN_STABILITY_FOUND);
    for (uint32_t k = 1; k <= (uint32_t)s->nclasses; k++)
        stability_row(f, r, k);
    fputs("</table></div>\n", f);
}
