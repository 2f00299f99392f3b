/* test_text.c — tokenising and segmenting by IRAMUTEQ's rules, on hand-made cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/segment.h"
#include "carnet/stopwords.h"
#include "carnet/text.h"

/* The tokens of text after the replacements rep[0..nrep), as "W:form", "N:form", "P:text". */
static void expect_replaced(const char *text, cn_charset charset, const cn_text_replace *rep,
                            size_t nrep, const char *expected)
{
    cn_tokens t = {0};
    cn_error err = {0};
    assert_int_equal(cn_text_tokenise_replacing(text, strlen(text), charset, rep, nrep, &t, &err),
                     0);
    char got[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < t.n; i++) {
        const cn_token *k = &t.t[i];
        const char *shown = k->kind == CN_TOKEN_PUNCT ? "" : t.forms + k->form;
        char mark = k->kind == CN_TOKEN_PUNCT ? 'P' : k->kind == CN_TOKEN_NUMBER ? 'N' : 'W';
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%c:%s%.*s", i ? " " : "", mark,
                                 shown, k->kind == CN_TOKEN_PUNCT ? (int)(k->end - k->start) : 0,
                                 text + k->start);
    }
    if (strcmp(got, expected) != 0)
        fail_msg("tokens of '%s':\n got      %s\n expected %s", text, got, expected);
    cn_tokens_free(&t);
}

static void expect_tokens(const char *text, cn_charset charset, const char *expected)
{
    expect_replaced(text, charset, NULL, 0, expected);
}

static void tokens_follow_iramuteq_cleaning(void **state)
{
    (void)state;
    /* elision and hyphen split words; punctuation is its own token; '...' is one token */
    expect_tokens("L'Homme est-il là... Oui: «trois», 3.5!", CN_CHARSET_UNICODE,
                  "W:l W:homme W:est W:il W:là P:... W:oui P:: W:trois P:, N:3 N:5 P:!");
    /* a dot between letters or digits ends no sentence, nor does the "[...]" of a cut; a
     * dot before a blank does (trial 83: segments ended at "I took 2.") */
    expect_tokens("took 2.5 mg. see www.nhs.uk [...] then p. 12", CN_CHARSET_UNICODE,
                  "W:took N:2 N:5 W:mg P:. W:see W:www W:nhs W:uk W:then W:p P:. N:12");
    /* nor a typographic cut, the last dot of e.g., or a dot before or after an accented
     * letter typed without a space (trial 85) */
    expect_tokens("[…] e.g. 40 fin.École café.Demain fin.", CN_CHARSET_UNICODE,
                  "W:e W:g N:40 W:fin W:école W:café W:demain W:fin P:.");
    /* but an abbreviation before a capital ends its sentence (trial 86) */
    expect_tokens("at 7 a.m. Then", CN_CHARSET_UNICODE, "W:at N:7 W:a W:m P:. W:then");
    expect_tokens("things, e.g. Football, z.B. Fragen", CN_CHARSET_UNICODE,
                  "W:things P:, W:e W:g W:football P:, W:z W:b W:fragen");
    expect_tokens("3.5 x", CN_CHARSET_IRAMUTEQ, "N:3 P:. N:5 W:x"); /* as IRAMUTEQ */
    /* case folding with NFC; œ becomes oe; _pseudo_ variables stay one word */
    expect_tokens("ŒUVRE Cœur _rire_ e\xCC\x81te\xCC\x81", CN_CHARSET_UNICODE,
                  "W:oeuvre W:coeur W:_rire_ W:été");
    /* lower case as Python's lower() writes it, not full case folding (trial 63): ß and the
     * final ς stay, a capital Σ ending a word becomes ς (alone, σ), ligatures are spelled out */
    expect_tokens("Straße STRASSE μεθαδόνης ΜΕΘΑΔΌΝΗΣ Σ \xEF\xAC\x81n \xEF\xAC\x83x",
                  CN_CHARSET_UNICODE,
                  "W:straße W:strasse W:μεθαδόνης W:μεθαδόνης W:σ W:fin W:ffix");
    /* any script is letters by default; IRAMUTEQ's whitelist makes them separators */
    expect_tokens("Москва и Київ…", CN_CHARSET_UNICODE, "W:москва W:и W:київ P:…");
    expect_tokens("Москва и Київ…", CN_CHARSET_IRAMUTEQ, "");
    expect_tokens("naïve façade", CN_CHARSET_IRAMUTEQ, "W:naïve W:façade");
    /* an ordinal's indicator is no word, nor part of one: "º", "nº" (trials 52, 53) */
    expect_tokens("o 1.º dia, a 2ª vez, n.º 5, nº 7", CN_CHARSET_UNICODE,
                  "W:o N:1 P:. W:dia P:, W:a N:2 W:vez P:, W:n P:. N:5 P:, W:n N:7");
}

/* Invisible characters pasted with a text (a soft hyphen, zero-width space, joiner, word
 * joiner, a variation selector) neither split a word nor stay in its form; alone, between
 * words, they are nothing. The span still covers the word as written. */
static void invisible_characters_do_not_split_words(void **state)
{
    (void)state;
    expect_tokens("mé\xC2\xADthadone fa\xE2\x80\x8Bmille enf\xE2\x80\x8D"
                  "ants tra\xE2\x81\xA0vail",
                  CN_CHARSET_UNICODE, "W:méthadone W:famille W:enfants W:travail");
    expect_tokens("a \xE2\x9D\xA4\xEF\xB8\x8F \xEF\xB8\x8F b\xC2\xAD.", CN_CHARSET_UNICODE,
                  "W:a W:b P:.");
    /* a BOM (U+FEFF, a zero-width no-break space to Unicode) pasted before a word or into
     * one is no part of it (the corpus reader skips one that begins a line); IRAMUTEQ's
     * set makes it a space */
    expect_tokens("\xEF\xBB\xBFLe m\xC3\xA9"
                  "decin, fa\xEF\xBB\xBFmille \xEF\xBB\xBF",
                  CN_CHARSET_UNICODE, "W:le W:médecin P:, W:famille");
    expect_tokens("\xEF\xBB\xBFLe m\xC3\xA9"
                  "decin, fa\xEF\xBB\xBFmille \xEF\xBB\xBF",
                  CN_CHARSET_IRAMUTEQ, "W:le W:médecin P:, W:fa W:mille");
    const char *text = "la mai\xC2\xADson";
    cn_tokens t = {0};
    cn_error err = {0};
    assert_int_equal(cn_text_tokenise(text, strlen(text), CN_CHARSET_UNICODE, &t, &err), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.t[1].end - t.t[1].start, 8); /* "mai", the soft hyphen's 2 bytes, "son" */
    size_t form, len;
    cn_tokens_reset(&t); /* the pipeline folds each raw spelling once, as here */
    assert_int_equal(cn_text_fold(text + 3, 8, &t, &form, &len, &err), 0);
    assert_string_equal(t.forms + form, "maison");
    cn_tokens_free(&t);
}

/* Catalan's l·l is inside a word (trial 80: "col·legues" was "col" and "legues"); a middle
 * dot elsewhere still separates. */
static void catalan_l_dot_l_is_one_word(void **state)
{
    (void)state;
    expect_tokens("Els col\xC2\xB7legues, INTEL\xC2\xB7LIG\xC3\x88NCIA a\xC2\xB7"
                  "b l\xC2\xB7",
                  CN_CHARSET_UNICODE,
                  "W:els W:col\xC2\xB7legues P:, W:intel\xC2\xB7lig\xC3\xa8ncia W:a W:b W:l");
}

/* Romanian's ş and ţ with a cedilla are its ș and ț with a comma below (trial 80: each
 * word written both ways was two lemmas); other languages keep them as written. */
static void romanian_cedillas_are_commas(void **state)
{
    (void)state;
    const char *text = "\xC5\x9E"
                       "coal\xC4\x83 \xC5\xA3in\xC3\xA2nd"; /* Şcoală ţinând */
    for (int ro = 0; ro < 2; ro++) {
        cn_tokens t = {0};
        t.romanian = ro;
        cn_error err = {0};
        size_t form, len;
        assert_int_equal(cn_text_fold(text, 8, &t, &form, &len, &err), 0);
        assert_string_equal(t.forms + form, ro ? "\xC8\x99"
                                                 "coal\xC4\x83"
                                               : "\xC5\x9F"
                                                 "coal\xC4\x83");
        assert_int_equal(cn_text_fold(text + 9, 8, &t, &form, &len, &err), 0);
        assert_string_equal(t.forms + form, ro ? "\xC8\x9Bin\xC3\xA2nd" : "\xC5\xA3in\xC3\xA2nd");
        cn_tokens_free(&t);
    }
    assert_true(cn_text_romanian("ro"));
    assert_false(cn_text_romanian("tr"));
}

/* Other scripts' sentence ends and commas weigh as . and , do (trial 80: a Hindi danda was
 * a separator only, and segments were cut at commas in mid-sentence). */
static void other_scripts_end_sentences(void **state)
{
    (void)state;
    const char *marks[][2] = {{"\xE0\xA5\xA4", "6"}, /* danda */
                              {"\xD8\x9F", "6"},     /* Arabic ? */
                              {"\xD6\x89", "6"},     /* Armenian full stop */
                              {"\xE3\x80\x82", "6"}, /* ideographic full stop */
                              {"\xD8\x8C", "1"},     /* Arabic comma */
                              {"\xD8\x9B", "4"}};    /* Arabic semicolon */
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        char text[32];
        snprintf(text, sizeof text, "ab%scd", marks[i][0]);
        cn_tokens t = {0};
        cn_error err = {0};
        assert_int_equal(cn_text_tokenise(text, strlen(text), CN_CHARSET_UNICODE, &t, &err), 0);
        assert_int_equal(t.n, 3);
        assert_int_equal(t.t[1].kind, CN_TOKEN_PUNCT);
        assert_float_equal(t.t[1].weight, atof(marks[i][1]), 1e-9);
        cn_tokens_free(&t);
    }
}

static void iramuteq_charset_cleans_as_iramuteq_does(void **state)
{
    (void)state;
    /* A.2 as IRAMUTEQ runs it: lower case first, so "Ã" (not in its set, "ã" is) stays in
     * the word; ’ -> ' and œ -> oe; "..." and "…" become a marker that step 3 erases, so
     * they leave no token; of four dots, the first three are the ellipsis; "İ" lowers to
     * "i" and a combining dot, which is outside the set. */
    expect_tokens("SÃO Œuvre l’été... Non… a....b İzmir", CN_CHARSET_IRAMUTEQ,
                  "W:são W:oeuvre W:l W:été W:non W:a P:. W:b W:i W:zmir");
    /* the default mode keeps an ellipsis as a sentence end */
    expect_tokens("non… a...b", CN_CHARSET_UNICODE, "W:non P:… W:a P:... W:b");
}

static void iramuteq_replacements_are_substrings_in_order(void **state)
{
    (void)state;
    /* A.2 step 4, character for character ("peut-être" is not "peut être"), inside words
     * ("près de" in "auprès de"), on the cleaned text: case folded, spaces collapsed,
     * before ' and - separate */
    const cn_text_replace rep[] = {{"près de", "près_de"}, {"peut-être", "peut_être"}};
    expect_replaced("Auprès  de lui, peut être, PEUT-ÊTRE.", CN_CHARSET_IRAMUTEQ, rep, 2,
                    "W:auprès_de W:lui P:, W:peut W:être P:, W:peut_être P:.");
    /* each replacement sees the text the previous ones left: the first breaks the second */
    const cn_text_replace order[] = {{"é-z", "ez"}, {"a-é", "ae"}};
    expect_replaced("ba-é-z", CN_CHARSET_IRAMUTEQ, order, 2, "W:ba W:ez");
    const cn_text_replace reversed[] = {{"a-é", "ae"}, {"é-z", "ez"}};
    expect_replaced("ba-é-z", CN_CHARSET_IRAMUTEQ, reversed, 2, "W:bae W:z");
    /* an empty replacement removes the key (the expressions reader refuses blank lemmas,
     * callers of the tokeniser may not) */
    const cn_text_replace erase[] = {{"de ", ""}};
    expect_replaced("de près de lui", CN_CHARSET_IRAMUTEQ, erase, 1, "W:près W:lui");
    /* the default mode leaves expressions to the pipeline */
    expect_replaced("auprès de", CN_CHARSET_UNICODE, rep, 2, "W:auprès W:de");

    /* a replaced word spans the whole text its key matched, as written */
    const char *text = "Auprès  de lui";
    cn_tokens t = {.raw = true};
    cn_error err = {0};
    assert_int_equal(
        cn_text_tokenise_replacing(text, strlen(text), CN_CHARSET_IRAMUTEQ, rep, 2, &t, &err), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.t[0].start, 0);
    assert_int_equal(t.t[0].end, strlen("Auprès  de"));
    assert_string_equal(t.forms + t.t[0].form, "auprès_de"); /* raw: the cleaned spelling */
    assert_int_equal(t.t[1].start, strlen("Auprès  de "));
    cn_tokens_free(&t);

    /* lemmas far longer than their forms are refused before a text grows without bound:
     * 200 "a" replaced by 500 bytes each would be 100,000 bytes from 400 */
    char text2[401], lemma[501];
    for (int i = 0; i < 200; i++)
        memcpy(text2 + 2 * i, "a ", 2);
    text2[400] = '\0';
    memset(lemma, 'x', 500);
    lemma[500] = '\0';
    const cn_text_replace grow[] = {{"a", lemma}};
    cn_tokens t2 = {0};
    assert_int_equal(
        cn_text_tokenise_replacing(text2, 400, CN_CHARSET_IRAMUTEQ, grow, 1, &t2, &err),
        CN_EINVALID);
    cn_tokens_free(&t2);
}

static void spans_point_into_the_text(void **state)
{
    (void)state;
    const char *text = "Une Journée.";
    cn_tokens t = {0};
    cn_error err = {0};
    assert_int_equal(cn_text_tokenise(text, strlen(text), CN_CHARSET_UNICODE, &t, &err), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.t[1].start, 4);
    assert_int_equal(t.t[1].end, 12); /* "Journée" is 8 bytes */
    assert_string_equal(t.forms + t.t[1].form, "journée");
    cn_tokens_free(&t);
}

/* Tokens from a pattern: 'w' a word, '.' ',' ';' ':' punctuation. */
static size_t make(const char *pattern, cn_token *out)
{
    size_t n = strlen(pattern);
    for (size_t i = 0; i < n; i++) {
        double w = pattern[i] == '.'   ? 6
                   : pattern[i] == ':' ? 5
                   : pattern[i] == ';' ? 4
                   : pattern[i] == ',' ? 1
                                       : 0.01;
        out[i] = (cn_token){pattern[i] == 'w' ? CN_TOKEN_WORD : CN_TOKEN_PUNCT, w, i, i + 1, 0, 0};
    }
    return n;
}

static void segments_cut_like_iramuteq(void **state)
{
    (void)state;
    cn_token t[400];
    cn_span s[400];
    char p[400];
    /* no punctuation: cut after 41 tokens (k = 40), the rest (<= 55) is the last segment */
    memset(p, 'w', 100);
    p[100] = '\0';
    size_t n = cn_segment(t, make(p, t), 40, s);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].first, 0);
    assert_int_equal(s[0].last, 40);
    assert_int_equal(s[1].last, 81);
    assert_int_equal(s[2].last, 99);
    /* two sentence ends at the same distance from 40 (38 and 42): the rightmost wins */
    memset(p, 'w', 120);
    p[120] = '\0';
    p[38] = '.';
    p[42] = '.';
    n = cn_segment(t, make(p, t), 40, s);
    assert_int_equal(s[0].last, 42);
    /* a comma on the target (1/1) ties a full stop five tokens before it (6/6): rightmost */
    memset(p, 'w', 120);
    p[120] = '\0';
    p[35] = '.';
    p[40] = ',';
    n = cn_segment(t, make(p, t), 40, s);
    assert_int_equal(s[0].last, 40);
    p[40] = 'w';
    p[34] = '.';
    p[35] = 'w';
    p[41] = ',';
    n = cn_segment(t, make(p, t), 40, s);
    assert_int_equal(s[0].last, 34); /* a full stop at 34 (6/7) beats a comma at 41 (1/2) */
    /* a text of 55 tokens or fewer is one segment */
    memset(p, 'w', 55);
    p[55] = '\0';
    assert_int_equal(cn_segment(t, make(p, t), 40, s), 1);
    /* a segment of punctuation alone is dropped */
    assert_int_equal(cn_segment(t, make("...", t), 40, s), 0);
}

/* The segments of text, one a sentence (cut after each '.', '!' or '?' token; as
 * cn_segment, a span of punctuation alone is no segment), each as its text between '|'. */
static void expect_quotes(const char *text, const char *expected)
{
    cn_tokens t = {0};
    cn_error err = {0};
    assert_int_equal(cn_text_tokenise(text, strlen(text), CN_CHARSET_UNICODE, &t, &err), 0);
    cn_span spans[64];
    size_t n = 0, from = 0;
    bool word = false;
    for (size_t i = 0; i < t.n; i++) {
        word = word || t.t[i].kind != CN_TOKEN_PUNCT;
        if (i + 1 == t.n || (t.t[i].kind == CN_TOKEN_PUNCT && strchr(".!?", text[t.t[i].start]))) {
            if (word)
                spans[n++] = (cn_span){from, i};
            from = i + 1;
            word = false;
        }
    }
    char got[512] = "";
    size_t used = 0, previous_end = 0;
    for (size_t k = 0; k < n; k++) {
        size_t start, end;
        cn_segment_edges(text, t.t, spans, n, k, &start, &end);
        assert_true(start <= t.t[spans[k].first].start && end >= t.t[spans[k].last].end);
        assert_true(k == 0 || start >= previous_end); /* never overlapping */
        previous_end = end;
        used += (size_t)snprintf(got + used, sizeof got - used, "|%.*s", (int)(end - start),
                                 text + start);
    }
    snprintf(got + used, sizeof got - used, "|");
    assert_string_equal(got, expected);
    cn_tokens_free(&t);
}

/* A segment's text keeps what no token holds at its edges: quote marks, brackets, signs,
 * a bullet's dash; what lies between two segments goes to the earlier one unless it
 * opens the later. */
static void segments_are_quoted_whole(void **state)
{
    (void)state;
    expect_quotes("« Tu vas bien », dit-elle. (Elle a raison.) « Courage ! »",
                  "|« Tu vas bien », dit-elle.|(Elle a raison.)|« Courage ! »|");
    expect_quotes("-3 kilos ce mois. +2 le suivant. =)", "|-3 kilos ce mois.|+2 le suivant. =)|");
    expect_quotes("  - une ligne.\n- une autre.  ", "|- une ligne.|- une autre.|");
    /* French spacing: no-break spaces inside the marks */
    expect_quotes("Il dit.\xC2\xA0« Oui\xC2\xA0! »\xC2\xA0Puis rien.",
                  "|Il dit.|« Oui\xC2\xA0! »|Puis rien.|");
    /* a closing mark after a space goes with the segment it closes */
    expect_quotes("Il a dit « non ! » puis il est parti.",
                  "|Il a dit « non ! »|puis il est parti.|");
}

static void embedded_stop_lists(void **state)
{
    (void)state;
    cn_stopwords *sw = cn_stopwords_new();
    cn_error err = {0};
    const char *langs[] = {"fr", "en", "it", "pt", "es", "de"};
    for (int i = 0; i < 6; i++)
        assert_int_equal(cn_stopwords_add_lang(sw, langs[i], &err), 0);
    assert_int_equal(cn_stopwords_add_lang(sw, "xx", &err), 1);
    assert_true(cn_stopwords_has(sw, "fr", "le", 2));
    assert_true(cn_stopwords_has(sw, "fr", "été", strlen("été")));
    assert_false(cn_stopwords_has(sw, "fr", "famille", 7));
    assert_true(cn_stopwords_has(sw, "en", "the", 3));
    assert_false(cn_stopwords_has(sw, "en", "le", 2));
    assert_true(cn_stopwords_has(sw, "de", "über", strlen("über")));
    cn_stopwords_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens_follow_iramuteq_cleaning),
        cmocka_unit_test(invisible_characters_do_not_split_words),
        cmocka_unit_test(iramuteq_charset_cleans_as_iramuteq_does),
        cmocka_unit_test(other_scripts_end_sentences),
        cmocka_unit_test(catalan_l_dot_l_is_one_word),
        cmocka_unit_test(romanian_cedillas_are_commas),
        cmocka_unit_test(iramuteq_replacements_are_substrings_in_order),
        cmocka_unit_test(spans_point_into_the_text),
        cmocka_unit_test(segments_cut_like_iramuteq),
        cmocka_unit_test(segments_are_quoted_whole),
        cmocka_unit_test(embedded_stop_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
