/* report_signs.c — the top of a double classification's report: whether its classes
 * depend on the arbitrary signs of the CA axes (the sign draws of dhc.h), said before
 * anything is read into them. Nothing for a simple classification. */
#include "carnet/markup.h"
#include "figures.h"

static double percent(int part, int whole)
{
    return whole ? 100.0 * part / whole : 0;
}

static void outcome_sizes(FILE *f, const cn_dhc_outcome *o)
{
    for (int k = 0; k < o->nclasses; k++)
        fprintf(f, "%s%u", k ? ", " : "", o->class_size[k]);
}

/* Each class shown, its size and the share of draws in which it comes back. */
static void classes_table(FILE *f, const report *r, const cn_dhc_signs *s)
{
    const cn_dhc *d = r->in->d;
    char name[128];
    fprintf(f,
            "<div class=\"wide\"><table><thead><tr><th>class</th><th>%s</th><th>comes back in "
            "(Jaccard ≥ %.1f)</th></tr></thead>\n",
            r->in->units, CN_DHC_SIGN_JACCARD);
    for (int k = 0; k < d->nclasses; k++) {
        fputs("<tr><td>", f);
        cn_markup_text(f, report_class_name(r, (uint32_t)k + 1, name, sizeof name));
        fprintf(f, "</td><td class=n>%u</td><td class=n>%.0f %% of the draws</td></tr>\n",
                d->class_size[k], 100 * s->class_back[k]);
    }
    fputs("</table></div>\n", f);
}

/* Every outcome met, most frequent first. */
static void outcomes_table(FILE *f, const report *r, const cn_dhc_signs *s)
{
    fprintf(f,
            "<div "
            "class=\"wide\"><table><thead><tr><th>result</th><th>draws</th><th>share</"
            "th><th>classes</th>"
            "<th>%s classified</th><th>class sizes</th></tr></thead>\n",
            r->in->units);
    for (int i = 0; i < s->noutcomes; i++) {
        const cn_dhc_outcome *o = &s->outcomes[i];
        fprintf(f,
                "<tr><td>%d%s</td><td class=n>%d</td><td class=n>%.1f %%</td><td class=n>%d</td>"
                "<td class=n>%u</td><td>",
                i + 1, i == s->shown ? " (shown)" : "", o->draws, percent(o->draws, s->draws),
                o->nclasses, o->classified);
        outcome_sizes(f, o);
        fputs("</td></tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

static void pair_order(FILE *f, const cn_dhc *d)
{
    if (d->pair_order == CN_PAIR_ORDER_CHI2)
        fputs("<p>The crossed pairs were taken by decreasing χ² (<code>--pair-order chi2</code>, "
              "Carnet's variant, not IRAMUTEQ's): no sign of an axis changes these classes.</p>\n",
              f);
    else if (d->pair_order == CN_PAIR_ORDER_SPLIT)
        fputs("<p>The crossed pairs were taken by the split that made the second tree's node, "
              "latest first, then by decreasing χ² (<code>--pair-order split</code>, Carnet's "
              "variant, not IRAMUTEQ's): no sign of an axis changes these classes. On every "
              "corpus measured it gave one of IRAMUTEQ's results, and IRAMUTEQ's own classes "
              "wherever those do not depend on the signs (see the README).</p>\n",
              f);
    else
        fputs("<p>The crossed pairs were taken as IRAMUTEQ takes them, from the highest node "
              "numbers of the second tree; which of two sibling nodes has the higher number "
              "depends on the arbitrary sign of their split's axis.</p>\n",
              f);
}

void report_signs(FILE *f, const report *r)
{
    const cn_dhc *d = r->in->d;
    const cn_dhc_signs *s = d->signs;
    if (!d->pairs)
        return;
    bool sign_free = d->pair_order != CN_PAIR_ORDER_IRAMUTEQ;
    bool stable = sign_free || (s && s->noutcomes == 1 && s->shown_draws == s->draws);
    fprintf(f, /* Okabe-Ito: bluish green when nothing depends on the signs, orange if not */
            "<section id=\"signs\" style=\"border-left:8px solid %s;padding-left:1em\">\n"
            "<h3>Double classification and the signs of the axes</h3>\n",
            stable ? "#009E73" : "#E69F00");
    pair_order(f, d);
    if (!s && sign_free) {
        fputs("</section>\n", f);
        return;
    }
    if (!s) {
        fputs("<p><strong>Not checked</strong> (<code>--sign-draws 0</code>): these classes may "
              "change with the signs of the axes.</p>\n</section>\n",
              f);
        return;
    }
    if (s->noutcomes == 1 && s->shown_draws == s->draws) {
        fprintf(f,
                "<p>The crossing redone under %d random signs of the axes gave these classes "
                "every time.</p>\n</section>\n",
                s->draws);
        return;
    }
    fprintf(f,
            "<p><strong>These classes depend on the arbitrary signs of the axes.</strong> The "
            "crossing redone under %d random signs gave %d different results; these classes came "
            "out in %d draws (%.1f %%).</p>\n",
            s->draws, s->noutcomes, s->shown_draws, percent(s->shown_draws, s->draws));
    const cn_dhc_outcome *top = &s->outcomes[0];
    if (s->shown_draws < top->draws) {
        fprintf(f,
                "<p><strong>The most frequent result is not the one shown</strong>: %d draws "
                "(%.1f %%) gave %d classes of ",
                top->draws, percent(top->draws, s->draws), top->nclasses);
        outcome_sizes(f, top);
        fprintf(f, " %s.</p>\n", r->in->units);
    }
    classes_table(f, r, s);
    outcomes_table(f, r, s);
    fprintf(f,
            "<p class=\"muted\">A class comes back in a draw when one class of that draw shares "
            "at least %.0f %% of their union with it (Jaccard index).%s</p>\n</section>\n",
            100 * CN_DHC_SIGN_JACCARD,
            sign_free ? ""
                      : " <code>--pair-order split</code> gives classes that no sign changes, "
                        "one of IRAMUTEQ's results in every case measured (see the README).");
}
