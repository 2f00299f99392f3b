/* report_participants.c — report.html's "Participants per class": how many participants
 * give each class and whether one of them gives more than half of it, said in words. */
#include <stdbool.h>
#include <stdio.h>

#include "carnet/markup.h"
#include "figures.h"

/* Units of classified texts that name no participant, over all classes. */
static uint32_t unattributed(const cn_concentration *c)
{
    uint32_t n = 0;
    for (uint32_t k = 1; k <= c->nclasses; k++)
        n += c->classes[k - 1].unattributed;
    return n;
}

/* One sentence per class that one participant dominates, so nobody misses it. */
static void flagged_sentences(FILE *f, const report *r, const cn_concentration *c)
{
    for (uint32_t k = 1; k <= c->nclasses; k++) {
        const cn_concentration_class *cl = &c->classes[k - 1];
        if (!cl->over_half)
            continue;
        char name[128];
        fputs("<p style=\"border-left:6px solid #d55e00;padding-left:.6em\"><strong>", f);
        cn_markup_text(f, report_class_name(r, k, name, sizeof name));
        fputs(" comes mostly from one participant</strong>: ", f);
        cn_markup_text(f, cn_concentration_largest(c, k));
        fprintf(f, " gives %u of its %u %s (%.1f %%", cl->largest_units, cl->units, r->in->units,
                100 * cl->largest_share);
        if (cl->unattributed > 0)
            fprintf(f, "; %u of those %u name no participant", cl->unattributed, cl->units);
        fputs("). It may be one person's diary rather than a theme shared by several: read its "
              "typical segments with that in mind.</p>\n",
              f);
    }
}

/* The modalities that are one participant's: their rows read as a cohort's themes
 * (trial 84: *sex_x, one person, "wrote about work"). */
static void alone_sentence(FILE *f, const cn_concentration *c)
{
    if (c->nalone == 0)
        return;
    fprintf(f,
            "<p style=\"border-left:6px solid #d55e00;padding-left:.6em\"><strong>%u "
            "modalit%s one participant's</strong>: ",
            c->nalone, c->nalone == 1 ? "y is" : "ies are");
    for (uint32_t i = 0; i < c->nalone && i < CN_CONCENTRATION_ALONE_SHOWN; i++) {
        fputs(i ? ", <code>" : "<code>", f);
        cn_markup_text(f, c->alone[i].modality);
        fputs("</code> (", f);
        cn_markup_text(f, cn_intern_str(c->codes, c->alone[i].code));
        fputc(')', f);
    }
    fprintf(f,
            "%s. %s rows in the profiles and the specificities describe one diary, not a "
            "group.</p>\n",
            c->nalone > CN_CONCENTRATION_ALONE_SHOWN ? ", ..." : "",
            c->nalone == 1 ? "Its" : "Their");
}

static void table(FILE *f, const report *r, const cn_concentration *c)
{
    bool some = unattributed(c) > 0; /* the column only when there is something to count */
    fprintf(f,
            "<div class=\"wide\"><table><thead><tr><th>class</th><th>%s</th><th>participants</th>%s"
            "<th>largest participant</th><th>its share of the class</th>"
            "<th>one participant over half?</th></tr></thead>\n",
            r->in->units, some ? "<th>no participant</th>" : "");
    for (uint32_t k = 1; k <= c->nclasses; k++) {
        const cn_concentration_class *cl = &c->classes[k - 1];
        char name[128];
        fputs("<tr><td>", f);
        cn_markup_text(f, report_class_name(r, k, name, sizeof name));
        fprintf(f, "</td><td class=n>%u</td><td class=n>%u</td>", cl->units, cl->participants);
        if (some)
            fprintf(f, "<td class=n>%u</td>", cl->unattributed);
        fputs("<td>", f);
        cn_markup_text(f, cn_concentration_largest(c, k));
        fprintf(f, "</td><td class=n>%.1f %%</td><td>%s</td></tr>\n", 100 * cl->largest_share,
                cl->over_half ? "<strong>YES: one participant gives more than half</strong>"
                              : "no");
    }
    fputs("</table></div>\n", f);
}

void report_participants(FILE *f, const report *r)
{
    const cn_concentration *c = r->in->conc;
    if (!c)
        return;
    fputs("<h2 id=\"participants\">Participants per class</h2>\n", f);
    if (r->in->d->nclasses == 0) { /* an empty table would look like missing data */
        fputs("<p>No class: this run classified nothing, so no participant is counted.</p>\n", f);
        return;
    }
    if (!c->available) {
        fputs("<p>The texts name no participant (no <code>*", f);
        cn_markup_text(f, c->var);
        fputs("_</code> variable): how many participants give each class was not counted. "
              "<code>--speaker VAR</code> names the variable that does.</p>\n",
              f);
        return;
    }
    fputs("<p class=\"muted\">How many participants (<code>*", f);
    cn_markup_text(f, c->var);
    fprintf(f,
            "_</code>) give each class's %s, and the share of the one who gives most, of all "
            "the class's %s. A class where one participant gives more than half is "
            "flagged.</p>\n",
            r->in->units, r->in->units);
    uint32_t none = unattributed(c);
    if (none > 0) {
        fprintf(f,
                "<p style=\"border-left:6px solid #d55e00;padding-left:.6em\"><strong>%u "
                "classified %s come from texts that name no participant</strong> (no <code>*",
                none, r->in->units);
        cn_markup_text(f, c->var);
        fprintf(f,
                "_</code>): they count for no participant (column \"no participant\"), but a "
                "share is still of all the class's %s, those included.</p>\n",
                r->in->units);
    }
    flagged_sentences(f, r, c);
    alone_sentence(f, c);
    table(f, r, c);
}
