/* report_warnings.c — the top of report.html: what a researcher must read before the
 * classes (issue 9), from the corpus statistics: texts in several languages (by their
 * stars, or by their stop words when the stars say one), words written both with and
 * without accents, a note when --fold-accents merged them, and the lemmas a lexicon or
 * expressions POS made ignored. */
#include <stdio.h>

#include "carnet/markup.h"
#include "carnet/textstats_say.h"
#include "figures.h"

/* Words shown in the report's list of accent variants; corpus_stats.json has them all. */
#define SHOWN_WORDS 30

static const char *box = "<div class=\"warning\" style=\"border-left:8px solid #d9822b;"
                         "background:#fff4e5;padding:.5em 1em;margin:1em 0\">";

static void languages(FILE *f, const cn_textstats *s)
{
    fprintf(f, "%s<p><strong>The texts are in %u languages.</strong> ", box, s->nlanguages);
    fputs(CN_TEXTSTATS_MIXED_SENTENCE
          " Analyse each language on its own, with <code>--by lang</code> (one analysis per "
          "modality) or <code>--where lang=…</code>:</p>\n<div "
          "class=\"wide\"><table><thead><tr><th>modality</th>"
          "<th>language</th><th>texts</th><th>to keep it</th></tr></thead>\n",
          f);
    for (size_t i = 0; i < s->nlangs; i++) {
        const cn_textstats_lang *l = &s->langs[i];
        fputs("<tr><td>", f);
        if (l->modality[0]) {
            fputs("*lang_", f);
            cn_markup_text(f, l->modality);
        } else {
            fputs("no *lang_ star (--lang)", f);
        }
        fprintf(f, "</td><td>%s</td><td class=n>%u</td><td>", l->lang, l->texts);
        if (l->modality[0]) {
            fputs("<code>--where lang=", f);
            cn_markup_text(f, l->modality);
            fputs("</code>", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table></div>", f);
    for (size_t i = 0; i < s->nlangs; i++)
        if (!s->langs[i].modality[0]) {
            fputs("<p>Texts without a <code>*lang_</code> star are left out of both: give "
                  "them one.</p>",
                  f);
            break;
        }
    fputs("</div>\n", f);
}

static void variants(FILE *f, const cn_textstats *s)
{
    fprintf(f,
            "%s<p><strong>%u word%s written both with and without accents.</strong> Each "
            "spelling is frequent, and segments with one seldom hold the other: part of the "
            "corpus looks transcribed without accents, and that part can come out as a class "
            "of its own. %s (corpus_stats.json lists them all).</p>\n<div "
            "class=\"wide\"><table><thead><tr><th>spellings (occurrences)</th></tr></thead>\n",
            box, s->nwords, s->nwords == 1 ? " is" : "s are",
            s->lexicon ? "If a plain spelling is a word of its own, the lexicon lacks it (a "
                         "form it lists is not counted here); if it is the accented word, "
                         "correct the transcription or give the plain spelling the accented "
                         "one's lemma in the lexicon"
                       : "If these are the same words, run again with "
                         "<code>--fold-accents</code> to merge them");
    for (size_t i = 0; i < s->nvariants && s->variants[i].group < SHOWN_WORDS; i++) {
        const cn_textstats_variant *v = &s->variants[i];
        bool first = i == 0 || v->group != s->variants[i - 1].group;
        bool last = i + 1 == s->nvariants || s->variants[i + 1].group != v->group;
        fputs(first ? "<tr><td>" : " / ", f);
        cn_markup_text(f, v->form);
        fprintf(f, " (%llu)", (unsigned long long)v->count);
        if (last)
            fputs("</td></tr>\n", f);
    }
    if (s->nwords > SHOWN_WORDS)
        fprintf(f, "<tr><td class=muted>and %u more</td></tr>\n", s->nwords - SHOWN_WORDS);
    fputs("</table></div></div>\n", f);
}

/* Several languages by the texts' stop words, though the stars say one (or none). */
static void looks_mixed(FILE *f, const cn_textstats *s)
{
    fprintf(f,
            "%s<p><strong>By their stop words, the texts look like %zu languages</strong>, "
            "though ",
            box, s->ndetected);
    uint32_t bare;
    const char *star = cn_textstats_one_star(s, &bare);
    if (star) {
        fputs("their stars say <code>*lang_", f);
        cn_markup_text(f, star);
        fputs("</code>", f);
        if (bare)
            fprintf(f, " (%u without one, read as %s)", bare, s->langs[0].lang);
    } else {
        fprintf(f, "they have no <code>*lang_</code> star (all read as %s)",
                s->nlangs ? s->langs[0].lang : "?");
    }
    fputs(". " CN_TEXTSTATS_MIXED_SENTENCE " Give each text its <code>*lang_</code> star and "
          "analyse each language on its own, with <code>--by lang</code> or "
          "<code>--where lang=…</code>.</p>\n<div class=\"wide\"><table><thead><tr><th>language "
          "(stop words)</th>"
          "<th>texts</th></tr></thead>\n",
          f);
    for (size_t i = 0; i < s->ndetected; i++)
        fprintf(f, "<tr><td>%s</td><td class=n>%u</td></tr>\n", s->detected[i].lang,
                s->detected[i].texts);
    if (s->undetected)
        fprintf(f, "<tr><td class=muted>unclear</td><td class=n>%u</td></tr>\n", s->undetected);
    fputs("</table></div></div>\n", f);
}

/* One language by the stop words, another by the stars or --lang. */
static void other_language(FILE *f, const cn_textstats *s)
{
    fprintf(f,
            "%s<p><strong>By their stop words, %u of %u texts look like <code>%s</code>, but "
            "they were read as <code>%s</code></strong> (%s): their stems and stop words are "
            "the wrong language's, and its function words make the classes. ",
            box, s->other_texts, s->other_of, s->other_lang, s->other_read,
            s->other_by_star ? "their <code>*lang_</code> star"
                             : "<code>--lang</code>; French when it is not given");
    if (s->other_by_star) /* --lang is no help: a star wins over it */
        fprintf(f, "Correct their star to <code>*lang_%s</code> (", s->other_lang);
    else
        fprintf(f,
                "Run again with <code>--lang %s</code>, or give each text its "
                "<code>*lang_</code> star (",
                s->other_lang);
    cn_textstats_print_other_lines(f, s);
    fputs(").</p></div>\n", f);
}

/* Languages read without a stop list. */
static void unlisted(FILE *f, const cn_textstats *s)
{
    fprintf(f, "%s<p><strong>No stop list for ", box);
    for (size_t i = 0; i < s->nunlisted; i++)
        fprintf(f, "%s<code>%s</code>", i ? ", " : "", s->unlisted[i]);
    fputs("</strong>: function words (articles, pronouns, prepositions) stay active and make "
          "the classes. Give a list of them, a word a line, with <code>--stopwords</code>.</p>"
          "</div>\n",
          f);
}

/* The lexicon or expressions POS that made lemmas ignored, each with what it cost. */
static void ignored_pos(FILE *f, const cn_textstats *s)
{
    fprintf(f,
            "%s<p><strong>Lemmas ignored for their part of speech.</strong> These POS of "
            "the lexicon or expressions file are not in IRAMUTEQ's table (%s): their lemmas "
            "are neither classified nor described.",
            box, CN_TEXTSTATS_POS_TABLE);
    bool case_only = false;
    for (size_t i = 0; i < s->nignored_pos; i++)
        case_only |= s->ignored_pos[i].other_case;
    if (s->iramuteq && case_only)
        fputs(" <code>--charset iramuteq</code> compares a POS as written, as IRAMUTEQ does: "
              "write it in lower case.",
              f);
    fputs("</p>\n<div "
          "class=\"wide\"><table><thead><tr><th>POS</th><th>file</th><th>lemmas</"
          "th><th>occurrences</th></tr></thead>\n",
          f);
    for (size_t i = 0; i < s->nignored_pos; i++) {
        const cn_ignored_pos *ip = &s->ignored_pos[i];
        fputs("<tr><td>", f);
        cn_markup_text(f, ip->pos);
        fprintf(f, "</td><td>%s</td><td class=n>%u</td><td class=n>%llu</td></tr>\n",
                ip->expressions ? "expressions" : "lexicon", ip->lemmas,
                (unsigned long long)ip->occurrences);
    }
    fputs("</table></div></div>\n", f);
}

/* Variables whose specificities were left out: their texts' modalities overlap; and
 * variables whose files are one on a disk that ignores case. */
static void left_out(FILE *f, const report *r)
{
    char why[CN_ERROR_MAX];
    if (r->in->specif && cn_varspec_case_twins(r->in->specif, why, sizeof why)) {
        fprintf(f, "%s<p>", box);
        cn_markup_text(f, why);
        fputs(".</p></div>\n", f);
    }
    for (size_t i = 0; r->in->specif && i < r->in->specif->nvars; i++)
        if (cn_varspec_why_left_out(&r->in->specif->vars[i], r->in->p, r->in->corpus, why,
                                    sizeof why)) {
            fprintf(f, "%s<p>", box);
            cn_markup_text(f, why);
            fputs(".</p></div>\n", f);
        }
}

/* A lexicon that holds under half of a language's forms. */
static void thin_lexicon(FILE *f, const cn_textstats *s)
{
    const cn_lexicon_coverage *c = &s->thin_lexicon;
    fprintf(f,
            "%s<p><strong>The lexicon holds %u of the %u forms of the texts read as "
            "<code>",
            box, c->known, c->forms);
    cn_markup_text(f, c->lang);
    fprintf(f,
            "</code> (%.0f %%)</strong>: the others are each their own lemma, active, function "
            "words included, since a run with <code>--lexicon</code> uses no embedded stop "
            "list. Is it a lexicon of that language?</p></div>\n",
            100.0 * c->known / c->forms);
}

/* Texts without a word, by their header lines. */
static void empty_texts(FILE *f, const cn_textstats *s)
{
    fprintf(f, "%s<p><strong>%u text%s no word</strong> (header at ", box, s->empty_texts,
            s->empty_texts == 1 ? " has" : "s have");
    cn_textstats_print_empty_lines(f, s);
    fputs("): in no segment and no class. An empty entry is most often a slip, its text "
          "typed under another header.</p></div>\n",
          f);
}

void report_warnings(FILE *f, const report *r)
{
    const cn_textstats *s = r->in->st;
    left_out(f, r);
    if (s->empty_texts > 0)
        empty_texts(f, s);
    if (s->nignored_pos > 0)
        ignored_pos(f, s);
    if (s->nlanguages >= 2)
        languages(f, s);
    if (s->looks_mixed)
        looks_mixed(f, s);
    if (s->other_lang[0])
        other_language(f, s);
    if (s->nunlisted > 0)
        unlisted(f, s);
    if (s->thin_lexicon.lang[0])
        thin_lexicon(f, s);
    if (s->nwords > 0)
        variants(f, s);
    if (s->accents_folded)
        fputs("<p class=\"muted\">Accents folded (<code>--fold-accents</code>): spellings "
              "that differ only by accents or case are one form, shown without its "
              "accents.</p>\n",
              f);
}
