/* report_run.c — the "Run" table at the top of report.html: the corpus, the texts kept
 * (the cohort of a --by run), the languages read and how, the units and the active forms,
 * and the method with its thresholds; so that a printed or mailed report says what it is
 * the analysis of. manifest.json records the same run whole. */
#include <string.h>

#include "carnet/markup.h"
#include "carnet/stopwords.h"
#include "figures.h"

static void html(FILE *f, const char *s)
{
    cn_markup_text(f, s);
}

static void row_start(FILE *f, const char *what)
{
    fprintf(f, "<tr><th>%s</th><td>", what);
}

/* "care = lt1 or gt3; lang = fr", or that every text was kept. */
static void texts_kept(FILE *f, const cn_where *w)
{
    if (w->n == 0) {
        fputs("all the corpus's texts", f);
        return;
    }
    fputs("those with ", f);
    for (int i = 0; i < w->n; i++) {
        const cn_where_cond *c = &w->conds[i];
        fputs(i ? " and " : "", f);
        for (int v = 0; v < c->nvalues; v++) {
            fputs(v ? " or " : "", f);
            fputs("<code>*", f);
            html(f, c->var);
            fputc('_', f);
            html(f, c->values[v]);
            fputs("</code>", f);
        }
    }
}

/* Each language the texts were read in, with its texts: "fr 60 texts, de 30". Codes may
 * repeat among the stars' spellings (por, pt): summed. */
static void languages_read(FILE *f, const cn_textstats *st, const char *lang)
{
    bool any = false;
    for (size_t i = 0; i < st->nlangs; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(st->langs[j].lang, st->langs[i].lang) == 0;
        if (seen)
            continue;
        uint32_t texts = 0;
        for (size_t j = i; j < st->nlangs; j++)
            if (strcmp(st->langs[j].lang, st->langs[i].lang) == 0)
                texts += st->langs[j].texts;
        fprintf(f, "%s<code>", any ? ", " : "");
        html(f, st->langs[i].lang);
        fprintf(f, "</code> %u text%s", texts, texts == 1 ? "" : "s");
        any = true;
    }
    fputs(any ? " (a text's <code>*lang_</code> star, else <code>--lang " : "(<code>--lang ", f);
    html(f, lang);
    fputs("</code>)", f);
}

static bool has_stop_list(const char *lang)
{
    for (const cn_stoplist *l = cn_stoplists; l->lang; l++)
        if (strcmp(l->lang, lang) == 0)
            return true;
    return false;
}

/* The languages read without an embedded stop list, each once, as "<code>el</code>, ...";
 * how many, and whether any language read has one. */
static size_t unlisted_languages(FILE *f, const cn_textstats *st, bool *any_listed)
{
    size_t n = 0;
    *any_listed = false;
    for (size_t i = 0; i < st->nlangs; i++) {
        const char *lang = st->langs[i].lang;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(st->langs[j].lang, lang) == 0;
        if (seen)
            continue;
        if (has_stop_list(lang)) {
            *any_listed = true;
            continue;
        }
        if (f) {
            fputs(n ? ", <code>" : "<code>", f);
            html(f, lang);
            fputs("</code>", f);
        }
        n++;
    }
    return n;
}

/* The stop lists a run without a lexicon applied: the report is where a methods section is
 * written from, so a language read without an embedded list is named (trial 63: "the
 * embedded lists" was printed for Greek, which has none, its function words active). */
static void stop_lists(FILE *f, const cn_textstats *st, const char *stopwords)
{
    bool any_listed;
    size_t missing = unlisted_languages(NULL, st, &any_listed);
    fputs("; stop words: ", f);
    if (any_listed || !stopwords)
        fputs(any_listed ? "the embedded lists" : "none", f);
    if (stopwords) {
        fputs(any_listed ? " and <code>" : "<code>", f);
        html(f, stopwords);
        fputs("</code>", f);
    }
    if (missing == 0)
        return;
    fputs(" (no embedded list for ", f);
    unlisted_languages(f, st, &any_listed);
    if (!stopwords)
        fputs(missing == 1 ? ": its function words stay active"
                           : ": their function words stay "
                             "active",
              f);
    fputc(')', f);
}

/* How forms became lemmas, and the lists that made some supplementary. */
static void lemmas_from(FILE *f, const cn_report *in, const cn_pipeline_params *pp)
{
    if (pp->lexicon) {
        fputs("the lexicon <code>", f);
        html(f, pp->lexicon);
        fputs("</code>, its parts of speech making words active or supplementary (a form it "
              "lacks is its own lemma, active)",
              f);
    } else {
        fputs("Snowball stems (libstemmer", f);
        if (in->stemmer_version) {
            fputc(' ', f);
            html(f, in->stemmer_version);
        }
        fputc(')', f);
    }
    fputs(pp->charset == CN_CHARSET_IRAMUTEQ ? "; IRAMUTEQ's letters (--charset iramuteq)"
                                             : "; letters of any script",
          f);
    if (pp->fold_accents)
        fputs("; accents folded (--fold-accents)", f);
    if (pp->expressions) {
        fputs("; expressions <code>", f);
        html(f, pp->expressions);
        fputs("</code>", f);
    }
    /* a lexicon run loads no embedded list: its parts of speech tell the function words */
    if (!pp->lexicon) {
        stop_lists(f, in->st, pp->stopwords);
        return;
    }
    fputs("; stop words: no embedded list", f);
    if (pp->stopwords) {
        fputs(", <code>", f);
        html(f, pp->stopwords);
        fputs("</code>", f);
    }
}

const char *report_units_for(const char *units, long n)
{
    if (n != 1)
        return units;
    return strcmp(units, "texts") == 0 ? "text" : "segment";
}

static void method(FILE *f, const cn_report *in)
{
    const cn_dhc_params *dp = in->dhc;
    if (in->double_method) {
        fprintf(f,
                "double classification (--method double) on units of a text's segments "
                "grouped until they hold more than %u, then %u, distinct active lemmas (--rst;"
                " a text's last unit may hold fewer), ",
                in->rst1, in->rst2);
        if (in->dhc_double)
            fprintf(f, "pairs in %s order (--pair-order), %d sign draw%s (--sign-draws), ",
                    cn_pair_order_name(in->dhc_double->pair_order), in->dhc_double->sign_draws,
                    in->dhc_double->sign_draws == 1 ? "" : "s");
    } else
        fputs("simple classification (Reinert's method), ", f);
    fprintf(f,
            "%d class%s in phase 1 (--classes), a final class of %d %s at least "
            "(--min-class%s)",
            dp->nbcl_p1, dp->nbcl_p1 == 1 ? "" : "es", in->d->mincl,
            report_units_for(in->units, in->d->mincl), dp->mincl > 0 ? "" : ", automatic");
    if (dp->no_reassign)
        fputs(", no reassignment (--no-reassign)", f);
    fprintf(f, "; the profiles list the forms and modalities of |χ²| above %g (IRAMUTEQ's rule)",
            CN_PROFILE_THRESHOLD);
}

void report_run_table(FILE *f, const report *r)
{
    const cn_report *in = r->in;
    const cn_pipeline_params *pp = in->pipeline;
    if (!pp || !in->dhc) /* a report made by a program that did not say */
        return;
    fputs("<table class=\"run\">\n", f);
    row_start(f, "corpus");
    fputs("<code>", f);
    html(f, in->corpus);
    fputs("</code></td></tr>\n", f);
    row_start(f, "texts");
    if (in->cohort) {
        fputs("the cohort <code>", f);
        html(f, in->cohort);
        fputs("</code> of a --by run (<code>../by_", f);
        html(f, in->by);
        fputs(".html</code> sets it beside the others): ", f);
    }
    texts_kept(f, &pp->where);
    fputs("</td></tr>\n", f);
    row_start(f, "languages");
    languages_read(f, in->st, pp->lang);
    fputs("</td></tr>\n", f);
    row_start(f, "lemmas");
    lemmas_from(f, in, pp);
    fputs("</td></tr>\n", f);
    row_start(f, "units");
    if (pp->unit_texts)
        fputs("whole texts (--unit texts)", f);
    else
        fprintf(f, "segments of about %zu tokens (--segment-size)", pp->segment_size);
    fprintf(f,
            "; active forms: %d occurrences at least (--min-freq), %d at most "
            "(--max-actives)</td></tr>\n",
            pp->min_freq, pp->max_actives);
    row_start(f, "method");
    method(f, in);
    fputs("</td></tr>\n</table>\n<p class=\"muted\">manifest.json records the whole run: its "
          "command line, every parameter, the SHA-256 of each file read and the libraries' "
          "versions.</p>\n",
          f);
}
