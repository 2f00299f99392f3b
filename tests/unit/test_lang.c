/* test_lang.c — language codes as researchers write them (lang.h), and the pipeline
 * reading them from --lang and *lang_ stars alike (issue 9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/accents.h"
#include "carnet/lang.h"
#include "carnet/pipeline.h"
#include "carnet/textstats.h"
#include "carnet/textstats_say.h"
#include "helpers.h"

static void expect_code(const char *given, const char *code)
{
    char out[CN_LANG_CODE_MAX] = "";
    cn_error err = {0};
    if (cn_lang_normalise(given, out, &err) < 0)
        fail_msg("'%s': %s", given, err.msg);
    if (strcmp(out, code) != 0)
        fail_msg("'%s' gave '%s', expected '%s'", given, out, code);
}

static void usual_forms_are_one_code(void **state)
{
    (void)state;
    const char *portuguese[] = {"pt",    "PT",  "ptbr",       "pt_br",     "pt-BR",
                                "PT_BR", "por", "portuguese", "Portuguese"};
    for (size_t i = 0; i < sizeof portuguese / sizeof *portuguese; i++)
        expect_code(portuguese[i], "pt");
    expect_code("en_GB", "en");
    expect_code("en-US", "en");
    expect_code("engb", "en");
    expect_code("english", "en");
    expect_code("fr-CA", "fr");
    expect_code("frca", "fr");
    expect_code("french", "fr");
    expect_code("fre", "fr");
    expect_code("de", "de");
    expect_code("ger", "de");
    expect_code("it", "it");
    expect_code("spanish", "es");
    expect_code("es-419", "es");
    expect_code("sr_Latn_RS", "sr");
    expect_code("en-UK", "en");
}

static void unknown_codes_list_the_known(void **state)
{
    (void)state;
    const char *bad[] = {
        "xx",   "",      "-",     "_br",   "p",          "klingon",
        "fr ",  "fr!",   "pt br", "été",   "fr_XX_bad!", "abcdefghijklmnopqrstuvwxyz",
        "xxbr", "fr_en", "fren",  "pt_xx", "fr-en-CA"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[CN_LANG_CODE_MAX] = "unchanged";
        cn_error err = {0};
        if (cn_lang_normalise(bad[i], out, &err) != CN_EINVALID)
            fail_msg("'%s' was accepted as '%s'", bad[i], out);
        assert_int_equal(err.code, CN_EINVALID);
        assert_string_equal(out, "unchanged");
        assert_non_null(strstr(err.msg, "unknown language"));
        assert_non_null(strstr(err.msg, "known: "));
        assert_non_null(strstr(err.msg, "en, "));
        assert_non_null(strstr(err.msg, "fr, "));
        assert_non_null(strstr(err.msg, "pt, "));
        /* trial 80: fr_en and fren were read as French; refused, the second language said */
        bool two = strcmp(bad[i], "fr_en") == 0 || strcmp(bad[i], "fren") == 0 ||
                   strcmp(bad[i], "fr-en-CA") == 0;
        if (two != (strstr(err.msg, "a text in two languages?") != NULL) ||
            (strcmp(bad[i], "pt_xx") == 0) != (strstr(err.msg, "no region of ISO") != NULL))
            fail_msg("'%s': %s", bad[i], err.msg);
    }
    char known[256];
    cn_lang_known(known, sizeof known);
    assert_non_null(strstr(known, "de, el, en, es"));
    char small[8];
    cn_lang_known(small, sizeof small); /* cut, still terminated */
    assert_true(strlen(small) < sizeof small);
}

/* The collector's reading (langcode.h): a named language as its 639-1 code whether the
 * analysis stems it or not, another 2-letter code as written, in lower case. */
static void a_study_stores_one_code_per_language(void **state)
{
    (void)state;
    char out[CN_LANGCODE_MAX];
    cn_error err = {0};
    assert_int_equal(cn_langcode_for_study("Portuguese", out, &err), 0);
    assert_string_equal(out, "pt");
    assert_int_equal(cn_langcode_for_study("Pl", out, &err), 0);
    assert_string_equal(out, "pl");
    assert_int_equal(cn_langcode_for_study("", out, &err), 0);
    assert_string_equal(out, "");
    assert_int_equal(cn_langcode_for_study("pol", out, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "'pol'"));
    assert_string_equal(cn_langcode_exported("por"), "pt");
    assert_string_equal(cn_langcode_exported("pl"), "pl");
    assert_string_equal(cn_langcode_exported("iw"), "he"); /* stored before it was read */
    expect_code("nb", "no");                               /* the analysis reads it too */
    expect_code("in", "id");
    assert_string_equal(cn_langcode_exported(""), "");
    size_t n;
    const cn_langcode *table = cn_langcode_table(&n);
    for (size_t i = 0; i < n; i++) { /* every name of a language finds it */
        assert_ptr_equal(cn_langcode_find(table[i].code), &table[i]);
        assert_ptr_equal(cn_langcode_find(table[i].iso3), &table[i]);
        assert_ptr_equal(cn_langcode_find(table[i].name), &table[i]);
        if (table[i].iso3b)
            assert_ptr_equal(cn_langcode_find(table[i].iso3b), &table[i]);
    }
}

static cn_prepared *prepare_rc(const char *corpus, const cn_pipeline_params *params, cn_error *err)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "corpus.txt", corpus, strlen(corpus));
    cn_prepared *p = NULL;
    int rc = cn_prepare(path, params, &p, err);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return rc == 0 ? p : NULL;
}

static void stars_and_option_use_the_same_codes(void **state)
{
    (void)state;
    /* multi_udhr's corpora write *lang_ptbr; a star overrides --lang per text, and the
     * texts' languages are the normalised codes the stemmers and stop lists are keyed by:
     * "não" is a Portuguese stop word in each Portuguese text however it is written. */
    const char *corpus = "**** *lang_ptbr\nnão casa casa\n"
                         "**** *lang_pt_BR\nnão casa\n"
                         "**** *lang_PT\nnão\n"
                         "**** *lang_en_GB\nthe house\n"
                         "****\nla maison\n";
    cn_pipeline_params params = cn_pipeline_defaults();
    params.lang = "French";
    cn_error err = {0};
    cn_prepared *p = prepare_rc(corpus, &params, &err);
    if (!p)
        fail_msg("%s", err.msg);
    const char *want[] = {"pt", "pt", "pt", "en", "fr"};
    for (uint32_t t = 0; t < 5; t++)
        assert_string_equal(p->text_lang[t], want[t]);
    uint32_t f = cn_intern_find(p->forms, "não", strlen("não"));
    assert_int_not_equal(f, CN_INTERN_NONE);
    assert_int_equal(p->lemmas[p->form_lemma[f]].status, CN_LEMMA_SUPPLEMENTARY);
    assert_int_equal(p->form_freq[f], 3);
    /* ...while each star keeps its region: Brazil and Portugal are two modalities, as
     * IRAMUTEQ reads them (trial 89: --where lang=pt_br kept the pt_PT texts) */
    const char *modality[] = {"ptbr", "ptbr", "pt", "engb", NULL};
    for (uint32_t t = 0; t < 5; t++) {
        const char *v = cn_corpus_value(&p->corpus->texts[p->texts[t]], "lang");
        if (modality[t])
            assert_string_equal(v, modality[t]);
        else
            assert_null(v);
    }
    cn_prepared_free(p);
    struct {
        const char *written, *modality;
    } stars[] = {{"pt_BR", "ptbr"},  {"PT-br", "ptbr"},    {"por_BR", "ptbr"},
                 {"ptPT", "ptpt"},   {"portuguese", "pt"}, {"sr_Latn_RS", "srrs"},
                 {"es-419", "es"},   {"fr_CA", "frca"},    {"iw", "he"},
                 {"xx_BR", "xx_BR"}, {"fr_en", "fr_en"}};
    for (size_t i = 0; i < sizeof stars / sizeof *stars; i++) {
        char v[32];
        snprintf(v, sizeof v, "%s", stars[i].written);
        cn_corpus_lang_modality("lang", v);
        assert_string_equal(v, stars[i].modality);
        snprintf(v, sizeof v, "%s", stars[i].written);
        cn_corpus_lang_modality("site", v); /* another variable's is as written */
        assert_string_equal(v, stars[i].written);
    }

    /* an unknown star names its file, line and star; an unknown --lang names the option */
    p = prepare_rc("**** *lang_fr\nun\n**** *lang_zz\ndeux\n", &params, &err);
    assert_null(p);
    assert_int_equal(err.code, CN_ELANGUAGE); /* with --by lang, its cohort alone fails */
    assert_non_null(strstr(err.msg, "corpus.txt:3: *lang_zz: unknown language 'zz' (known: "));
    params.lang = "fr_XX_bad!";
    p = prepare_rc("**** *lang_fr\nun\n", &params, &err);
    assert_null(p);
    assert_int_equal(err.code, CN_EINVALID);
    assert_non_null(strstr(err.msg, "--lang: unknown language 'fr_XX_bad!' (known: "));
}

/* ---- accents ----------------------------------------------------------------------- */

static void expect_fold(const char *given, const char *folded)
{
    char *out = NULL;
    size_t len = 0;
    cn_error err = {0};
    if (cn_accents_fold(given, strlen(given), &out, &len, &err) < 0)
        fail_msg("'%s': %s", given, err.msg);
    if (strcmp(out, folded) != 0 || len != strlen(folded))
        fail_msg("'%s' folded to '%s', expected '%s'", given, out, folded);
    free(out);
}

static void accents_and_case_fold_away(void **state)
{
    (void)state;
    expect_fold("être", "etre");
    expect_fold("ÊTRE", "etre");
    expect_fold("Ça", "ca");
    expect_fold("même", "meme");
    expect_fold("e\xCC\x81te\xCC\x81", "ete"); /* decomposed été */
    expect_fold("Ёлка", "елка");
    expect_fold("não", "nao");
    expect_fold("etre", "etre");
    expect_fold("", "");
    /* a Devanagari mark is a vowel sign: हिंदी keeps its anusvara (U+0902, a nonspacing mark) */
    expect_fold("हिंदी", "हिंदी");
    char *out = NULL;
    size_t len;
    cn_error err = {0};
    assert_int_equal(cn_accents_fold("\xC3", 1, &out, &len, &err), CN_EINVALID);
    assert_null(out);
}

/* Part of the corpus transcribed without accents: with --fold-accents "etre" and "être"
 * are one form, and a stop word like "même" is one in either spelling. */
static void fold_accents_merges_forms_before_stemming(void **state)
{
    (void)state;
    const char *corpus = "**** *part_a\nêtre même ça maison\n"
                         "**** *part_b\netre meme ca maison\n"
                         "**** *part_c\nÊtre Meme ÇA Maison\n";
    cn_pipeline_params params = cn_pipeline_defaults();
    cn_error err = {0};
    cn_prepared *p = prepare_rc(corpus, &params, &err);
    if (!p)
        fail_msg("%s", err.msg);
    uint32_t etre = cn_intern_find(p->forms, "etre", 4);
    assert_int_not_equal(cn_intern_find(p->forms, "être", strlen("être")), CN_INTERN_NONE);
    assert_int_not_equal(etre, CN_INTERN_NONE);
    /* without the option, "etre" is not the stop word "être": an active lemma */
    assert_int_equal(p->lemmas[p->form_lemma[etre]].status, CN_LEMMA_ACTIVE);
    cn_prepared_free(p);

    params.fold_accents = true;
    p = prepare_rc(corpus, &params, &err);
    if (!p)
        fail_msg("%s", err.msg);
    const char *gone[] = {"être", "même", "ça"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(cn_intern_find(p->forms, gone[i], strlen(gone[i])), CN_INTERN_NONE);
    const char *merged[] = {"etre", "meme", "ca"};
    for (size_t i = 0; i < 3; i++) {
        uint32_t f = cn_intern_find(p->forms, merged[i], strlen(merged[i]));
        assert_int_not_equal(f, CN_INTERN_NONE);
        assert_int_equal(p->form_freq[f], 3);
        assert_int_equal(p->lemmas[p->form_lemma[f]].status, CN_LEMMA_SUPPLEMENTARY);
    }
    uint32_t maison = cn_intern_find(p->forms, "maison", 6);
    assert_int_equal(p->form_freq[maison], 3);
    assert_int_equal(p->ncols, 1); /* maison alone is active */
    cn_prepared_free(p);

    /* an expression with accents still matches the folded forms, in either spelling */
    char *xdir = test_tempdir();
    const char xs[] = "même ça\tmeme_ca\tnom\n";
    char *exprs = test_write_file(xdir, "exprs.txt", xs, sizeof xs - 1);
    params.expressions = exprs;
    p = prepare_rc(corpus, &params, &err);
    if (!p)
        fail_msg("%s", err.msg);
    uint32_t glued = cn_intern_find(p->forms, "meme_ca", 7);
    assert_int_not_equal(glued, CN_INTERN_NONE);
    assert_int_equal(p->form_freq[glued], 3);
    assert_int_equal(p->form_freq[cn_intern_find(p->forms, "meme", 4)], 0);
    cn_prepared_free(p);
    params.expressions = NULL;
    unlink(exprs);
    rmdir(xdir);
    free(exprs);
    free(xdir);

    /* a lexicon's forms keep their accents: the two cannot be combined */
    char *dir = test_tempdir();
    char *lex = test_write_file(dir, "lex.txt", "être\têtre\tver\n", strlen("être\têtre\tver\n"));
    params.lexicon = lex;
    p = prepare_rc(corpus, &params, &err);
    assert_null(p);
    assert_int_equal(err.code, CN_EINVALID);
    assert_non_null(strstr(err.msg, "--fold-accents cannot be used with --lexicon"));
    unlink(lex);
    rmdir(dir);
    free(lex);
    free(dir);
}

/* ---- what the corpus statistics warn about ---------------------------------------- */

/* n texts "**** STARS\nBODY\n" appended to buf (of size cap). */
static void texts(char *buf, size_t cap, int n, const char *stars, const char *body)
{
    for (int i = 0; i < n; i++) {
        size_t at = strlen(buf);
        snprintf(buf + at, cap - at, "**** %s\n%s\n", stars, body);
    }
}

static void stats_of(const char *corpus, bool fold, cn_textstats *st)
{
    cn_pipeline_params params = cn_pipeline_defaults();
    params.fold_accents = fold;
    cn_error err = {0};
    cn_prepared *p = prepare_rc(corpus, &params, &err);
    if (!p)
        fail_msg("%s", err.msg);
    if (cn_textstats_compute(p, &params, st, &err) < 0)
        fail_msg("%s", err.msg);
    cn_prepared_free(p);
}

static void accent_variants_are_listed(void **state)
{
    (void)state;
    static char corpus[16384];
    cn_textstats st;
    /* one part written with accents, another without: the spellings never meet */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 10, "*tr_a", "être à la maison avec le jardin");
    texts(corpus, sizeof corpus, 8, "*tr_b", "etre a la maison avec le jardin");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 1);
    assert_int_equal(st.nvariants, 2);
    assert_string_equal(st.variants[0].form, "être");
    assert_int_equal(st.variants[0].count, 10);
    assert_string_equal(st.variants[1].form, "etre");
    assert_int_equal(st.variants[1].count, 8);
    assert_int_equal(st.variants[1].group, 0);
    assert_false(st.accents_folded);
    /* "a" / "à" are both stop words: not classified, not listed */
    cn_textstats_free(&st);
    assert_null(st.variants);

    /* --fold-accents: nothing left to list */
    stats_of(corpus, true, &st);
    assert_int_equal(st.nwords, 0);
    assert_true(st.accents_folded);
    cn_textstats_free(&st);

    /* two words that only look alike are written side by side: no variant */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 10, "*x_1", "il a dû partir du centre");
    texts(corpus, sizeof corpus, 10, "*x_2", "la sortie du centre");
    texts(corpus, sizeof corpus, 10, "*x_3", "il a dû rester");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);

    /* nor when they never meet in a short corpus, where chance would keep them apart
     * (in 20 and 10 of 250 segments: 43 % of the time) */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 20, "*x_1", "la sortie du centre");
    texts(corpus, sizeof corpus, 10, "*x_2", "il a dû rester");
    texts(corpus, sizeof corpus, 220, "*x_3", "une journée calme");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);

    /* nor when they avoid each other beyond chance (texts made from a few sentences): a
     * part that writes "dû" as "du" makes a stop word of it, no class of its own */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 40, "*x_1", "la sortie du centre");
    texts(corpus, sizeof corpus, 40, "*x_2", "il a dû rester");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);

    /* a spelling in English texts, the other in French ones: no variant either */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 10, "*lang_en", "the methadone clinic");
    texts(corpus, sizeof corpus, 10, "*lang_fr", "la méthadone au centre");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);

    /* a rare spelling is a typo: under 5 occurrences, or under 10 % of the word */
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 10, "*tr_a", "être à la maison");
    texts(corpus, sizeof corpus, 4, "*tr_b", "etre a la maison");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 60, "*tr_a", "être à la maison");
    texts(corpus, sizeof corpus, 6, "*tr_b", "etre a la maison");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 0);
    cn_textstats_free(&st);
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 54, "*tr_a", "être à la maison");
    texts(corpus, sizeof corpus, 6, "*tr_b", "etre a la maison"); /* 10 %: listed */
    stats_of(corpus, false, &st);
    assert_int_equal(st.nwords, 1);
    cn_textstats_free(&st);
}

static void languages_are_tallied(void **state)
{
    (void)state;
    static char corpus[4096];
    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 3, "*lang_ptbr", "casa");
    texts(corpus, sizeof corpus, 2, "*lang_pt", "casa");
    texts(corpus, sizeof corpus, 1, "*x_1", "maison");
    texts(corpus, sizeof corpus, 2, "*lang_en", "house");
    cn_textstats st;
    stats_of(corpus, false, &st);
    assert_int_equal(st.nlangs, 4);
    assert_int_equal(st.nlanguages, 3); /* ptbr and pt: one language, two modalities */
    assert_string_equal(st.langs[0].modality, "ptbr");
    assert_string_equal(st.langs[0].lang, "pt");
    assert_int_equal(st.langs[0].texts, 3);
    assert_string_equal(st.langs[1].modality, "pt");
    assert_string_equal(st.langs[1].lang, "pt");
    assert_int_equal(st.langs[1].texts, 2);
    assert_string_equal(st.langs[2].modality, ""); /* no star: --lang's fr */
    assert_string_equal(st.langs[2].lang, "fr");
    assert_string_equal(st.langs[3].lang, "en");
    assert_int_equal(st.langs[3].texts, 2);

    /* the warning names each modality, what to do, and the texts --by lang leaves out */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    cn_textstats_warn(out, "prog", "dir", &st);
    fclose(out);
    assert_non_null(strstr(text, "prog: warning: dir: the texts are in 3 languages (*lang_ptbr: "
                                 "3 texts, *lang_pt: 2 texts, no *lang_ (fr): 1 text, *lang_en: 2 "
                                 "texts)"));
    /* the example keeps the largest language whole, each region of it */
    assert_non_null(strstr(text, "--by lang, or --where lang=ptbr,pt (both leave out the texts "
                                 "without a *lang_ star"));
    assert_null(strstr(text, "accents"));
    free(text);
    cn_textstats_free(&st);

    corpus[0] = '\0';
    texts(corpus, sizeof corpus, 2, "*lang_pt", "casa");
    texts(corpus, sizeof corpus, 2, "*lang_PT_BR", "casa");
    stats_of(corpus, false, &st);
    assert_int_equal(st.nlanguages, 1); /* one language: nothing to warn about */
    out = open_memstream(&text, &len);
    assert_non_null(out);
    cn_textstats_warn(out, "prog", "dir", &st);
    fclose(out);
    assert_int_equal(len, 0);
    free(text);
    cn_textstats_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usual_forms_are_one_code),
        cmocka_unit_test(unknown_codes_list_the_known),
        cmocka_unit_test(a_study_stores_one_code_per_language),
        cmocka_unit_test(stars_and_option_use_the_same_codes),
        cmocka_unit_test(accents_and_case_fold_away),
        cmocka_unit_test(fold_accents_merges_forms_before_stemming),
        cmocka_unit_test(accent_variants_are_listed),
        cmocka_unit_test(languages_are_tallied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
