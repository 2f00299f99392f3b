/* test_quote.c — what a typical segment is quoted with: its participant, its date or
 * diary time, its cohort modalities, and which of its words are marked (only its class's
 * active profile forms: never a stop word, never a form of another class). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/quote.h"
#include "helpers.h"

static cn_prepared *prepare_with(const char *corpus, const char *expressions)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "corpus.txt", corpus, strlen(corpus));
    cn_pipeline_params params = cn_pipeline_defaults();
    params.expressions = expressions;
    cn_prepared *p = NULL;
    cn_error err = {0};
    int rc = cn_prepare(path, &params, &p, &err);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    if (rc < 0)
        fail_msg("cn_prepare: %s", err.msg);
    return p;
}

static cn_prepared *prepare(const char *corpus)
{
    return prepare_with(corpus, NULL);
}

static cn_corpus_text text_of(char **stars, size_t n)
{
    cn_corpus_text t = {.line = 1, .stars = stars, .nstars = n};
    return t;
}

/* An entry date and the diary month are both given (a Carnet export with --vars
 * part,date,month): neither hides the other. */
static void source_gives_date_and_time(void **state)
{
    (void)state;
    char *stars[] = {"*part_P07", "*sex_f", "*month_03", "*date_2024_03_01"};
    cn_corpus_text t = text_of(stars, 4);
    cn_quote_source q = cn_quote_source_of(&t, NULL, "month");
    assert_string_equal(q.participant, "P07");
    assert_string_equal(q.date, "2024_03_01");
    assert_string_equal(q.time_var, "month");
    assert_string_equal(q.time, "03");
    /* --time date: the date once */
    q = cn_quote_source_of(&t, NULL, "date");
    assert_string_equal(q.date, "2024_03_01");
    assert_null(q.time_var);
    /* no date: the run's time variable */
    t.nstars = 3;
    q = cn_quote_source_of(&t, NULL, "month");
    assert_null(q.date);
    assert_string_equal(q.time_var, "month");
    assert_string_equal(q.time, "03");
    /* another time variable, which the text lacks; and none at all */
    q = cn_quote_source_of(&t, NULL, "week");
    assert_null(q.time_var);
    assert_null(q.time);
    q = cn_quote_source_of(&t, NULL, NULL);
    assert_null(q.time_var);
    /* no participant */
    char *anonymous[] = {"*sex_f"};
    t = text_of(anonymous, 1);
    assert_null(cn_quote_source_of(&t, NULL, "month").participant);
}

static void cohort_modalities_are_the_other_stars(void **state)
{
    (void)state;
    assert_true(cn_quote_is_cohort("*sex_f", NULL, "month"));
    assert_true(cn_quote_is_cohort("*care_lt1", NULL, "month"));
    assert_false(cn_quote_is_cohort("*part_P07", NULL, "month"));
    assert_false(cn_quote_is_cohort("*date_2024_03_01", NULL, "month"));
    assert_false(cn_quote_is_cohort("*month_03", NULL, "month"));
    assert_true(cn_quote_is_cohort("*month_03", NULL, "week")); /* not the run's time: a cohort */
    assert_true(cn_quote_is_cohort("*month_03", NULL, NULL));
    assert_true(cn_quote_is_cohort("*partner_yes", NULL, "month")); /* a longer name, not part */
    /* --speaker suj: the participant is *suj_, and *part_ a cohort like any (trial 75) */
    assert_false(cn_quote_is_cohort("*suj_S1", "suj", "month"));
    assert_true(cn_quote_is_cohort("*part_P07", "suj", "month"));
    char *stars[] = {"*part_P07", "*suj_S1"};
    cn_corpus_text t = text_of(stars, 2);
    assert_string_equal(cn_quote_source_of(&t, "suj", "month").participant, "S1");
    assert_string_equal(cn_quote_source_of(&t, NULL, "month").participant, "P07");
}

/* test_profile.c's corpus: class 1 = texts 0-3, class 2 = texts 4-7. In class 1 the
 * positive profile rows are chat (+8), lac (+4.8) and the stop word le (+4.8,
 * supplementary); chien and riz have no row; maison is class 2's (+8). */
static const char *const corpus = "**** *g_a\nchat le chien riz\n"
                                  "**** *g_a\nchat lac le chien riz\n"
                                  "**** *g_a\nchat lac le jardin\n"
                                  "**** *g_b\nchat lac\n"
                                  "**** *g_b\njardin maison\n"
                                  "**** *g_b\njardin maison\n"
                                  "**** *g_b\njardin maison chien\n"
                                  "**** *g_a\nmaison\n";
static const uint32_t class_of[8] = {1, 1, 1, 1, 2, 2, 2, 2};

/* The marked words of segment s for class k, space-separated, into buf. */
static const char *marked(const cn_prepared *p, const cn_profiles *pr, uint32_t s, uint32_t k,
                          char *buf, size_t size)
{
    cn_quote_occurrence *marks = NULL;
    size_t n = 99, cap = 0, at = 0;
    cn_error err = {0};
    if (cn_quote_marks(p, pr, s, k, &marks, &n, &cap, &err) < 0)
        fail_msg("%s", err.msg);
    const cn_seg *seg = &p->segs[s];
    const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%.*s", i ? " " : "",
                               (int)(marks[i].end - marks[i].start), body + marks[i].start);
    free(marks);
    return buf;
}

static void only_active_profile_forms_are_marked(void **state)
{
    (void)state;
    cn_prepared *p = prepare(corpus);
    cn_profiles *pr = NULL;
    cn_error err = {0};
    if (cn_profiles_compute(p, false, class_of, 2, &pr, &err) < 0)
        fail_msg("%s", err.msg);
    char buf[256];
    /* "chat lac le chien riz": le is in class 1's profile but a stop word: not marked */
    assert_string_equal(marked(p, pr, 1, 1, buf, sizeof buf), "chat lac");
    assert_string_equal(marked(p, pr, 0, 1, buf, sizeof buf), "chat");
    /* jardin is no profile form of class 1 (|chi2| = 2 is not above the threshold) */
    assert_string_equal(marked(p, pr, 2, 1, buf, sizeof buf), "chat lac");
    /* class 2's forms in its own segment; class 1's forms are not class 2's */
    assert_string_equal(marked(p, pr, 6, 2, buf, sizeof buf), "maison");
    assert_string_equal(marked(p, pr, 1, 2, buf, sizeof buf), "");
    /* no such class: nothing */
    assert_string_equal(marked(p, pr, 1, 3, buf, sizeof buf), "");
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

/* "dose" is French and English: its first language's lemma is the one form_lemma keeps,
 * yet in an English segment it is the English lemma's, and marked as such. */
static void a_spelling_of_two_languages(void **state)
{
    (void)state;
    cn_prepared *p = prepare("**** *lang_fr\ndose matin\n**** *lang_fr\ndose matin\n"
                             "**** *lang_fr\ndose matin\n**** *lang_en\ndose morning\n"
                             "**** *lang_en\ndose morning\n**** *lang_en\ndose morning\n");
    static const uint32_t by_language[6] = {2, 2, 2, 1, 1, 1};
    cn_profiles *pr = NULL;
    cn_error err = {0};
    if (cn_profiles_compute(p, false, by_language, 2, &pr, &err) < 0)
        fail_msg("%s", err.msg);
    char buf[256];
    assert_string_equal(marked(p, pr, 3, 1, buf, sizeof buf), "dose morning");
    assert_string_equal(marked(p, pr, 0, 2, buf, sizeof buf), "dose matin");
    assert_string_equal(marked(p, pr, 3, 2, buf, sizeof buf), ""); /* the French dose's class */
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

/* The occurrences of segment s, "form=span" each, space-separated, into buf. */
static const char *occurrences(const cn_prepared *p, uint32_t s, char *buf, size_t size)
{
    cn_quote_occurrence *occ = NULL;
    size_t n = 99, cap = 0, at = 0;
    cn_error err = {0};
    if (cn_quote_occurrences(p, s, &occ, &n, &cap, &err) < 0)
        fail_msg("%s", err.msg);
    const cn_seg *seg = &p->segs[s];
    const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%.*s=%.*s", i ? " " : "", (int)occ[i].len,
                               occ[i].form, (int)(occ[i].end - occ[i].start), body + occ[i].start);
    free(occ);
    return buf;
}

/* A glued expression is one occurrence, of its lemma, spanning its words as written: the
 * longest that starts at a word, on whole words, as the pipeline glues them. */
static void expressions_are_one_occurrence(void **state)
{
    (void)state;
    const char *corpus = "**** *g_a\nChat, Rendez-vous au groupe de parole; groupe de "
                         "travail. Parole.\n";
    cn_prepared *p = prepare(corpus);
    char *dir = test_tempdir();
    const char *lines = "rendez-vous\trendez_vous\ngroupe de parole\tgroupe_de_parole\n"
                        "groupe de\tgroupe_de\nau groupe de travail\tagt\n";
    char *path = test_write_file(dir, "expr.txt", lines, strlen(lines));
    cn_expressions *x = NULL;
    cn_error err = {0};
    if (cn_expressions_read(path, &x, &err) < 0)
        fail_msg("%s", err.msg);
    char buf[512];
    assert_string_equal(occurrences(p, 0, buf, sizeof buf),
                        "chat=Chat rendez=Rendez vous=vous au=au groupe=groupe de=de parole=parole "
                        "groupe=groupe de=de travail=travail parole=Parole");
    /* "groupe de parole" wins over its prefix "groupe de"; a punctuation mark breaks one */
    cn_prepared *glued = prepare_with(corpus, path);
    assert_string_equal(occurrences(glued, 0, buf, sizeof buf),
                        "chat=Chat rendez_vous=Rendez-vous au=au groupe_de_parole=groupe de parole "
                        "groupe_de=groupe de travail=travail parole=Parole");
    /* a query typed as written is the expression */
    cn_tokens toks = {0};
    cn_quote_occurrence *occ = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(cn_quote_text_occurrences("Groupe de parole", 16, CN_CHARSET_UNICODE, x, &toks,
                                               &occ, &n, &cap, &err),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(occ[0].len, strlen("groupe_de_parole"));
    assert_memory_equal(occ[0].form, "groupe_de_parole", occ[0].len);
    assert_int_equal(occ[0].start, 0);
    assert_int_equal(occ[0].end, 16);
    free(occ);
    cn_tokens_free(&toks);
    /* its forms hold the lemmas it counted, and no other */
    const char *counted[] = {"rendez_vous", "groupe_de_parole", "groupe_de"};
    for (size_t i = 0; i < 3; i++) {
        uint32_t f = cn_intern_find(glued->forms, counted[i], strlen(counted[i]));
        if (f == CN_INTERN_NONE || glued->form_freq[f] != 1)
            fail_msg("the pipeline did not count '%s' once", counted[i]);
    }
    uint32_t agt = cn_intern_find(glued->forms, "agt", 3);
    assert_true(agt == CN_INTERN_NONE || glued->form_freq[agt] == 0);
    uint32_t parole = cn_intern_find(glued->forms, "parole", 6);
    assert_int_equal(glued->form_freq[parole], 1); /* the last word, alone */
    cn_prepared_free(glued);
    cn_expressions_free(x);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    cn_prepared_free(p);
}

/* The occurrences are stored 8 bytes each, their length their spelling's: one whose span
 * is longer or shorter (an expression's words spaced otherwise) is read back with its own
 * length, in whichever segment it is, and only those are kept aside. */
static void an_occurrence_keeps_its_own_length(void **state)
{
    (void)state;
    const char *corpus = "**** *g_a\nLe groupe de parole, le groupe de parole.\n"
                         "**** *g_b\nChat: groupe  de\tparole; le groupe de parole.\n"
                         "**** *g_c\nLe  groupe de   parole, chat.\n";
    char *dir = test_tempdir();
    const char *lines = "groupe de parole\tgroupe_de_parole\n";
    char *path = test_write_file(dir, "expr.txt", lines, strlen(lines));
    cn_prepared *p = prepare_with(corpus, path);
    char buf[512];
    assert_int_equal(p->nsegs, 3);
    assert_string_equal(occurrences(p, 0, buf, sizeof buf),
                        "le=Le groupe_de_parole=groupe de parole le=le "
                        "groupe_de_parole=groupe de parole");
    assert_string_equal(occurrences(p, 1, buf, sizeof buf),
                        "chat=Chat groupe_de_parole=groupe  de\tparole le=le "
                        "groupe_de_parole=groupe de parole");
    assert_string_equal(occurrences(p, 2, buf, sizeof buf),
                        "le=Le groupe_de_parole=groupe de   parole chat=chat");
    assert_int_equal(p->nocc_lens, 2); /* the two spaced otherwise */
    assert_int_equal(p->occ_lens[0].occ, p->occ_ptr[1] + 1);
    assert_int_equal(p->occ_lens[1].occ, p->occ_ptr[2] + 1);
    cn_prepared_free(p);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

/* The tester's text (issue 9 fixes): under --charset iramuteq an expression is replaced as
 * a substring ("près de" in "auprès de") and "peut-être" does not match "peut être"; by
 * default whole words are glued, punctuation and hyphens apart. */
static const char *const tester_corpus =
    "**** *part_P01\nJe suis allé auprès de ma mère... Peut-être demain, peut être pas. "
    "Rendez-vous au centre près de la gare… Le groupe de parole était bien.\n"
    "**** *part_P02\nPeut-être que le rendez vous sera annulé. Auprès de la famille, près de "
    "chez moi. Le groupe de parole, le groupe de parole et rendez-vous.\n"
    "**** *part_P03\nRendez-vous auprès de l'infirmière, peut-être demain... groupe de "
    "parole.\n";

/* How many of the occurrences of every segment are of form, and whether each form's total
 * over the corpus is the pipeline's count (form_freq: frequencies.csv). */
static uint64_t seen_as_counted(const cn_prepared *p, const char *form, const char *spelling)
{
    uint32_t nf = cn_intern_count(p->forms);
    uint64_t *seen = calloc((size_t)nf + 1, sizeof *seen), hits = 0;
    cn_quote_occurrence *occ = NULL;
    size_t n, cap = 0;
    cn_error err = {0};
    for (uint32_t s = 0; s < p->nsegs; s++) {
        if (cn_quote_occurrences(p, s, &occ, &n, &cap, &err) < 0)
            fail_msg("%s", err.msg);
        const cn_seg *seg = &p->segs[s];
        const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
        for (size_t i = 0; i < n; i++) {
            seen[cn_intern_find(p->forms, occ[i].form, occ[i].len)]++;
            if (strlen(form) == occ[i].len && memcmp(form, occ[i].form, occ[i].len) == 0) {
                hits++;
                if (spelling && (occ[i].end - occ[i].start != strlen(spelling) ||
                                 strncasecmp(body + occ[i].start, spelling, strlen(spelling))))
                    fail_msg("%s spans '%.*s'", form, (int)(occ[i].end - occ[i].start),
                             body + occ[i].start);
            }
        }
    }
    for (uint32_t f = 0; f < nf; f++)
        if (seen[f] != p->form_freq[f])
            fail_msg("'%s': %llu occurrences seen, %llu counted", cn_intern_str(p->forms, f),
                     (unsigned long long)seen[f], (unsigned long long)p->form_freq[f]);
    free(seen);
    free(occ);
    return hits;
}

static cn_prepared *prepare_charset(const char *expressions, cn_charset charset)
{
    char *dir = test_tempdir();
    char *corpus = test_write_file(dir, "corpus.txt", tester_corpus, strlen(tester_corpus));
    char *expr = test_write_file(dir, "expr.txt", expressions, strlen(expressions));
    cn_pipeline_params params = cn_pipeline_defaults();
    params.expressions = expr;
    params.charset = charset;
    cn_prepared *p = NULL;
    cn_error err = {0};
    if (cn_prepare(corpus, &params, &p, &err) < 0)
        fail_msg("cn_prepare: %s", err.msg);
    unlink(corpus);
    unlink(expr);
    rmdir(dir);
    free(corpus);
    free(expr);
    free(dir);
    return p;
}

/* The query's words as the run's tokeniser makes them: its one form, or 0 for several. */
static const char *query(const char *text, cn_charset charset, const cn_expressions *x, char *buf)
{
    cn_tokens toks = {0};
    cn_quote_occurrence *occ = NULL;
    size_t n = 0, cap = 0;
    cn_error err = {0};
    if (cn_quote_text_occurrences(text, strlen(text), charset, x, &toks, &occ, &n, &cap, &err) < 0)
        fail_msg("%s", err.msg);
    snprintf(buf, 64, "%zu:%.*s", n, n ? (int)occ[0].len : 0, n ? occ[0].form : "");
    free(occ);
    cn_tokens_free(&toks);
    return buf;
}

static void occurrences_are_the_runs_counts(void **state)
{
    (void)state;
    const char *lines = "près de\tprès_de\tpre\npeut-être\tpeut_être\tadv\n";
    cn_prepared *ira = prepare_charset(lines, CN_CHARSET_IRAMUTEQ);
    /* "auprès de" became "auprès_de" (3), "près de" alone "près_de" (2) */
    assert_int_equal(seen_as_counted(ira, "auprès_de", "auprès de"), 3);
    assert_int_equal(seen_as_counted(ira, "près_de", "près de"), 2);
    /* "peut être" (a space) is not the expression: two words */
    assert_int_equal(seen_as_counted(ira, "peut_être", "peut-être"), 3);
    assert_int_equal(seen_as_counted(ira, "peut", "peut"), 1);
    cn_prepared *uni = prepare_charset(lines, CN_CHARSET_UNICODE);
    assert_int_equal(seen_as_counted(uni, "auprès_de", NULL), 0);
    assert_int_equal(seen_as_counted(uni, "près_de", "près de"), 2);
    assert_int_equal(seen_as_counted(uni, "peut_être", NULL), 4); /* whole words, glued */
    assert_int_equal(seen_as_counted(uni, "peut", NULL), 0);
    /* kwic's query: as each run's tokeniser reads it */
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "expr.txt", lines, strlen(lines));
    cn_expressions *x = NULL;
    cn_error err = {0};
    if (cn_expressions_read(path, &x, &err) < 0)
        fail_msg("%s", err.msg);
    char buf[64];
    assert_string_equal(query("auprès de", CN_CHARSET_IRAMUTEQ, x, buf), "1:auprès_de");
    assert_string_equal(query("Peut-être", CN_CHARSET_IRAMUTEQ, x, buf), "1:peut_être");
    assert_string_equal(query("peut_être", CN_CHARSET_IRAMUTEQ, x, buf), "1:peut_être");
    assert_string_equal(query("peut être", CN_CHARSET_IRAMUTEQ, x, buf), "2:peut");
    assert_string_equal(query("peut être", CN_CHARSET_UNICODE, x, buf), "1:peut_être");
    assert_string_equal(query("auprès de", CN_CHARSET_UNICODE, x, buf), "2:auprès");
    cn_expressions_free(x);
    unlink(path);
    free(path);
    /* a lemma with capitals: the run reads the replaced text's spelling as the lemma */
    const char *capitals = "près de\tPrès_De\tpre\n";
    path = test_write_file(dir, "expr.txt", capitals, strlen(capitals));
    if (cn_expressions_read(path, &x, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(query("près de", CN_CHARSET_IRAMUTEQ, x, buf), "1:Près_De");
    cn_expressions_free(x);
    cn_prepared *cap = prepare_charset(capitals, CN_CHARSET_IRAMUTEQ);
    assert_int_equal(seen_as_counted(cap, "Près_De", "près de"), 2);
    cn_prepared_free(cap);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    cn_prepared_free(ira);
    cn_prepared_free(uni);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(source_gives_date_and_time),
        cmocka_unit_test(cohort_modalities_are_the_other_stars),
        cmocka_unit_test(only_active_profile_forms_are_marked),
        cmocka_unit_test(expressions_are_one_occurrence),
        cmocka_unit_test(a_spelling_of_two_languages),
        cmocka_unit_test(occurrences_are_the_runs_counts),
        cmocka_unit_test(an_occurrence_keeps_its_own_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
