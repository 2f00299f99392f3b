/* textstats_say.c — what the corpus statistics say: the summary `stats` prints and the
 * warnings `stats` and `run` give (see textstats_say.h). */
#include "carnet/textstats_say.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "carnet/stopwords.h"

/* "fr 600 texts, en 215 texts": at most max modalities, then "...". */
static void print_languages(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->nlangs; i++) {
        const cn_textstats_lang *l = &s->langs[i];
        if (i == 8) {
            fputs(", ...", out);
            break;
        }
        if (l->modality[0])
            fprintf(out, "%s*lang_%s: %u text%s", i ? ", " : "", l->modality, l->texts,
                    l->texts == 1 ? "" : "s");
        else
            fprintf(out, "%sno *lang_ (%s): %u text%s", i ? ", " : "", l->lang, l->texts,
                    l->texts == 1 ? "" : "s");
    }
}

/* "être 40 / etre 30, même 20 / meme 18": the first max words. */
static void print_variants(FILE *out, const cn_textstats *s, uint32_t max)
{
    for (size_t i = 0; i < s->nvariants; i++) {
        const cn_textstats_variant *v = &s->variants[i];
        bool first = i == 0 || v->group != s->variants[i - 1].group;
        if (first && v->group == max) {
            fputs(", ...", out);
            break;
        }
        fprintf(out, "%s%s %llu", first ? (i ? ", " : "") : " / ", v->form,
                (unsigned long long)v->count);
    }
}

/* Whether some texts have no *lang_ star (read in --lang's language). */
static bool unstarred(const cn_textstats *s)
{
    for (size_t i = 0; i < s->nlangs; i++)
        if (!s->langs[i].modality[0])
            return true;
    return false;
}

/* "'NOUN' (expressions: 1 lemma, 60 occurrences), ...": the first 8. */
static void print_ignored_pos(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->nignored_pos && i < 8; i++) {
        const cn_ignored_pos *ip = &s->ignored_pos[i];
        fprintf(out, "%s'%s' (%s: %u lemma%s, %llu occurrence%s)", i ? ", " : "", ip->pos,
                ip->expressions ? "expressions" : "lexicon", ip->lemmas, ip->lemmas == 1 ? "" : "s",
                (unsigned long long)ip->occurrences, ip->occurrences == 1 ? "" : "s");
    }
    if (s->nignored_pos > 8)
        fputs(", ...", out);
}

/* Whether a POS was ignored only for its case (under --charset iramuteq). */
static bool case_only(const cn_textstats *s)
{
    for (size_t i = 0; i < s->nignored_pos; i++)
        if (s->ignored_pos[i].other_case)
            return true;
    return false;
}

/* "fr: 200 texts, en: 140 texts, unclear: 2 texts". */
static void print_detected(FILE *out, const cn_textstats *s)
{
    for (size_t i = 0; i < s->ndetected; i++)
        fprintf(out, "%s%s: %u text%s", i ? ", " : "", s->detected[i].lang, s->detected[i].texts,
                s->detected[i].texts == 1 ? "" : "s");
    if (s->undetected)
        fprintf(out, ", unclear: %u text%s", s->undetected, s->undetected == 1 ? "" : "s");
}

/* Several languages by the stop words, one (or none) by the stars. */
static void warn_looks_mixed(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out, "%s: warning: %s: by their stop words the texts look like %zu languages (", prog,
            where, s->ndetected);
    print_detected(out, s);
    fputs(") though ", out);
    uint32_t bare;
    const char *star = cn_textstats_one_star(s, &bare);
    if (star && bare)
        fprintf(out, "their stars say *lang_%s (%u without one, read as '%s')", star, bare,
                s->langs[0].lang);
    else if (star)
        fprintf(out, "their stars say *lang_%s", star);
    else
        fprintf(out, "they have no *lang_ star (all read as '%s')",
                s->nlangs ? s->langs[0].lang : "?");
    fputs(": the classes will split the languages before any theme; give each text its "
          "*lang_ star (",
          out);
    for (size_t i = 0; i < s->ndetected && i < 4; i++)
        fprintf(out, "%s*lang_%s", i ? ", " : "", s->detected[i].lang);
    fputs(") and analyse each language on its own with --by lang or --where lang=...\n", out);
}

static void warn_ignored_pos(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out,
            "%s: warning: %s: lemmas ignored (neither classified nor described) for a POS "
            "not in IRAMUTEQ's table: ",
            prog, where);
    print_ignored_pos(out, s);
    fprintf(out, "; the table's POS are %s", CN_TEXTSTATS_POS_TABLE);
    if (s->iramuteq && case_only(s))
        fputs("; --charset iramuteq compares a POS as written, as IRAMUTEQ does: write it in "
              "lower case",
              out);
    fputc('\n', out);
}

/* One language by the stop words, another by the stars or --lang. */
static void warn_other_language(FILE *out, const char *prog, const char *where,
                                const cn_textstats *s)
{
    fprintf(out,
            "%s: warning: %s: by their stop words %u of %u texts look like '%s', but they "
            "were read as '%s' (%s): their stems and stop words are the wrong language's, "
            "and its function words will make the classes; ",
            prog, where, s->other_texts, s->other_of, s->other_lang, s->other_read,
            s->other_by_star ? "their *lang_ star" : "--lang; French when it is not given");
    if (s->other_by_star) /* --lang is no help: a star wins over it */
        fprintf(out, "correct their star to *lang_%s (", s->other_lang);
    else
        fprintf(out, "give --lang %s, or each text its *lang_ star (", s->other_lang);
    cn_textstats_print_other_lines(out, s);
    fputs(")\n", out);
}

static void warn_thin_lexicon(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    const cn_lexicon_coverage *c = &s->thin_lexicon;
    fprintf(out,
            "%s: warning: %s: the lexicon holds %u of the %u forms of the texts read as '%s' "
            "(%.0f %%): the others are each their own lemma, active, function words "
            "included, since a run with --lexicon uses no embedded stop list; is it a "
            "lexicon of '%s'? (--stopwords FILE adds a list)\n",
            prog, where, c->known, c->forms, c->lang, 100.0 * c->known / c->forms, c->lang);
}

/* "enfant (lines 3 and 9), aller (3 lines, 4 to 12)": where the first forms given on more
 * than one line are given. */
static void print_lexicon_duplicates(FILE *out, const cn_lexicon_duplicates *d)
{
    for (size_t i = 0; i < d->nshown; i++) {
        const cn_lexicon_duplicate *x = &d->shown[i];
        if (x->lines == 2)
            fprintf(out, "%s%s (lines %zu and %zu)", i ? ", " : "", x->form, x->first, x->last);
        else
            fprintf(out, "%s%s (%u lines, %zu to %zu)", i ? ", " : "", x->form, x->lines, x->first,
                    x->last);
    }
    if (d->forms > d->nshown)
        fprintf(out, " and %zu more", d->forms - d->nshown);
}

/* A form given twice is no error (IRAMUTEQ's own dictionaries repeat some), but the line
 * that counts must not be a guess: a correction appended to the file is the one used. */
static void warn_lexicon_duplicates(FILE *out, const char *prog, const char *where,
                                    const cn_textstats *s)
{
    const cn_lexicon_duplicates *d = &s->lexicon_duplicates;
    fprintf(out, "%s: warning: %s: the lexicon %s gives %zu form%s on more than one line: ", prog,
            where, s->lexicon, d->forms, d->forms == 1 ? "" : "s");
    print_lexicon_duplicates(out, d);
    fputs("; the last line of each is used, as in IRAMUTEQ\n", out);
}

/* Languages read without a stop list. */
static void warn_unlisted(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out, "%s: warning: %s: no stop list for ", prog, where);
    for (size_t i = 0; i < s->nunlisted; i++)
        fprintf(out, "%s'%s'", i ? ", " : "", s->unlisted[i]);
    fputs(" (carnet has lists for ", out);
    for (const cn_stoplist *l = cn_stoplists; l->lang; l++)
        fprintf(out, "%s%s", l == cn_stoplists ? "" : ", ", l->lang);
    fputs("): function words (articles, pronouns, prepositions) stay active and will make "
          "the classes; give --stopwords FILE, a word a line\n",
          out);
}

void cn_textstats_print_other_lines(FILE *out, const cn_textstats *s)
{
    fputs(s->nother_lines == 1 ? "header at line " : "headers at lines ", out);
    for (size_t i = 0; i < s->nother_lines; i++)
        fprintf(out, "%s%zu", i ? ", " : "", s->other_lines[i]);
    if (s->other_texts > s->nother_lines)
        fprintf(out, " and %zu more", (size_t)s->other_texts - s->nother_lines);
}

void cn_textstats_print_empty_lines(FILE *out, const cn_textstats *s)
{
    uint32_t shown =
        s->empty_texts < CN_TEXTSTATS_EMPTY_SHOWN ? s->empty_texts : CN_TEXTSTATS_EMPTY_SHOWN;
    fputs(shown == 1 ? "line " : "lines ", out);
    for (uint32_t i = 0; i < shown; i++)
        fprintf(out, "%s%zu", i ? ", " : "", s->empty_lines[i]);
    if (s->empty_texts > shown)
        fprintf(out, " and %u more", s->empty_texts - shown);
}

static void warn_empty_texts(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    fprintf(out, "%s: warning: %s: %u text%s no word (header at ", prog, where, s->empty_texts,
            s->empty_texts == 1 ? " has" : "s have");
    cn_textstats_print_empty_lines(out, s);
    fprintf(out,
            "): %s in no segment and no class; an empty entry is most often a slip, its "
            "text typed under another header\n",
            s->empty_texts == 1 ? "it is" : "they are");
}

/* "[illisible] 220, [rature] 91" or "HOPITAL 9 (hôpital), ETE 15 (été)" */
static void print_marks(FILE *out, const cn_mark *m, size_t n, size_t kinds, bool others)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s%s %u", i ? ", " : "", m[i].text, m[i].uses);
        if (others)
            fprintf(out, " (%s)", m[i].other);
    }
    if (kinds > n)
        fputs(", ...", out);
}

static void warn_marks(FILE *out, const char *prog, const char *where, const cn_marks *m)
{
    if (m->marker_kinds > 0) {
        fprintf(out, "%s: warning: %s: %u transcription marker%s between brackets, used %u times (",
                prog, where, m->marker_kinds, m->marker_kinds == 1 ? "" : "s", m->marker_uses);
        print_marks(out, m->markers, m->nmarkers, m->marker_kinds, false);
        fprintf(out,
                "), %s active words of the analysis, which can make or join a class: type a "
                "marker as a pseudo-word (_illisible_), which stays aside, or list its words "
                "with --stopwords\n",
                m->marker_kinds == 1 ? "its words are" : "their words are");
    }
    if (m->capital_kinds > 0) {
        fprintf(out,
                "%s: warning: %s: %u word%s typed in capitals without the accents of %s "
                "spelling elsewhere, %u times (",
                prog, where, m->capital_kinds, m->capital_kinds == 1 ? "" : "s",
                m->capital_kinds == 1 ? "its" : "their", m->capital_uses);
        print_marks(out, m->capitals, m->ncapitals, m->capital_kinds, true);
        fputs("): each counts as another word than its accented spelling (a stop word's is "
              "active); if they are those words, type the accents, or merge every such pair "
              "of the corpus with --fold-accents\n",
              out);
    }
}

void cn_textstats_warn(FILE *out, const char *prog, const char *where, const cn_textstats *s)
{
    if (s->empty_texts > 0)
        warn_empty_texts(out, prog, where, s);
    bool all_starred = s->nlangs > 0;
    for (size_t i = 0; i < s->nlangs && all_starred; i++)
        all_starred = s->langs[i].modality && s->langs[i].modality[0];
    if (s->lang_given[0] && all_starred) /* trial 75: --lang en changed nothing, unsaid */
        fprintf(out,
                "%s: note: %s: --lang %s applies to no text: each names its language with a"
                " *lang_ star, which overrides it\n",
                prog, where, s->lang_given);
    if (s->nignored_pos > 0)
        warn_ignored_pos(out, prog, where, s);
    if (s->script_texts > 0)
        fprintf(out,
                "%s: warning: %s: %u text%s read as '%s' %s written mostly in %s script, which"
                " '%s' is not: %s stemmed and counted by the wrong language's rules; give each"
                " text the *lang_ star of its language (or --lang; a language Carnet has no"
                " stemmer for, such as zh, ja, th or he, is read with --lexicon FILE), or"
                " leave %s out with --where\n",
                prog, where, s->script_texts, s->script_texts == 1 ? "" : "s", s->script_lang,
                s->script_texts == 1 ? "is" : "are", s->script_name, s->script_lang,
                s->script_texts == 1 ? "it is" : "they are", s->script_texts == 1 ? "it" : "them");
    if (s->unspaced_texts > 0)
        fprintf(out,
                "%s: warning: %s: %u text%s %s written in %s script without spaces between"
                " words: Carnet cuts words at spaces and punctuation only, so each of %s"
                " \"words\" is a clause (%u characters on average in the first); put a space"
                " between words first (a word segmenter for the language), or leave %s out"
                " with --where\n",
                prog, where, s->unspaced_texts, s->unspaced_texts == 1 ? "" : "s",
                s->unspaced_texts == 1 ? "is" : "are", s->unspaced_script,
                s->unspaced_texts == 1 ? "its" : "their", s->unspaced_letters,
                s->unspaced_texts == 1 ? "it" : "them");
    warn_marks(out, prog, where, &s->marks);
    if (s->looks_mixed)
        warn_looks_mixed(out, prog, where, s);
    if (s->other_lang[0])
        warn_other_language(out, prog, where, s);
    if (s->nunlisted > 0)
        warn_unlisted(out, prog, where, s);
    if (s->thin_lexicon.lang[0])
        warn_thin_lexicon(out, prog, where, s);
    if (s->lexicon && s->lexicon_duplicates.forms > 0)
        warn_lexicon_duplicates(out, prog, where, s);
    if (s->nlanguages >= 2) {
        const char *mod = NULL; /* the largest starred modality, for the example */
        uint32_t most = 0;
        for (size_t i = 0; i < s->nlangs; i++)
            if (s->langs[i].modality[0] && s->langs[i].texts > most) {
                most = s->langs[i].texts;
                mod = s->langs[i].modality;
            }
        fprintf(out, "%s: warning: %s: the texts are in %u languages (", prog, where,
                s->nlanguages);
        print_languages(out, s);
        fputs("): the classes will split the languages before any theme; analyse each language "
              "on its own with --by lang",
              out);
        if (mod) { /* every modality of that language: a region is one of its own (ptbr, pt) */
            const char *lang = NULL;
            for (size_t i = 0; i < s->nlangs && !lang; i++)
                if (s->langs[i].modality == mod)
                    lang = s->langs[i].lang;
            fputs(", or --where lang=", out);
            for (size_t i = 0, n = 0; i < s->nlangs; i++)
                if (s->langs[i].modality[0] && strcmp(s->langs[i].lang, lang) == 0)
                    fprintf(out, "%s%s", n++ ? "," : "", s->langs[i].modality);
        }
        if (unstarred(s))
            fputs(" (both leave out the texts without a *lang_ star: give them one)", out);
        fputc('\n', out);
    }
    if (s->nwords > 0) {
        fprintf(out,
                "%s: warning: %s: %u word%s written both with and without accents, each "
                "spelling frequent (",
                prog, where, s->nwords, s->nwords == 1 ? " is" : "s are");
        print_variants(out, s, 5);
        /* --fold-accents cannot join a lexicon (its forms have accents): the lexicon can
         * (trial 72 was told to use it, then refused it) */
        fputs(s->lexicon ? "): a transcription without accents can make a class of its own;"
                           " see corpus_stats.json: if a plain spelling is a word of its own,"
                           " the lexicon lacks it (a form it lists is not counted here); if it"
                           " is the accented word, correct the transcription or give the plain"
                           " spelling the accented one's lemma in the lexicon\n"
                         : "): a transcription without accents can make a class of its own; see "
                           "corpus_stats.json, and merge them with --fold-accents\n",
              out);
    }
}

void cn_textstats_print(FILE *out, const cn_textstats *s)
{
    fprintf(out, "texts: %u\nsegments: %u\noccurrences: %llu\nforms: %u\n", s->texts, s->segments,
            (unsigned long long)s->occurrences, s->forms);
    fprintf(out, "hapax: %u (%.2f %% of forms, %.2f %% of occurrences)\n", s->hapax,
            s->forms ? 100.0 * s->hapax / s->forms : 0,
            s->occurrences ? 100.0 * s->hapax / (double)s->occurrences : 0);
    fprintf(out, "lemmas: %u (active %u, supplementary %u)\n", s->lemmas, s->active,
            s->supplementary);
    fprintf(out, "active lemmas with a frequency >= %d: %u\n", s->min_freq, s->active_min_freq);
    if (s->in_matrix < s->active_min_freq) /* --max-actives: said, or stats ignored it (trial 75) */
        fprintf(out, "active lemmas classified: %u, the most frequent (--max-actives)\n",
                s->in_matrix);
    fprintf(out, "mean occurrences per text: %.2f\nmean occurrences per segment: %.2f\n",
            s->texts ? (double)s->occurrences / s->texts : 0,
            s->segments ? (double)s->occurrences / s->segments : 0);
    if (s->empty_texts > 0) {
        fprintf(out, "texts without a word: %u (header at ", s->empty_texts);
        cn_textstats_print_empty_lines(out, s);
        fputs(")\n", out);
    }
    if (s->nlangs > 1 || (s->nlangs == 1 && s->langs[0].modality[0])) {
        fputs("languages: ", out);
        print_languages(out, s);
        fputc('\n', out);
    }
    if (s->nwords > 0) {
        fprintf(out, "accent variants: %u word%s (", s->nwords, s->nwords == 1 ? "" : "s");
        print_variants(out, s, 20);
        fputs(")\n", out);
    }
}
