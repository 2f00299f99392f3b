/* test_profile.c — class profiles (reinert-spec.md E.1-E.3) on a tiny corpus whose classes
 * are given by hand: every 2 x 2 table, chi2, sign, p-value, the |chi2| > 2 threshold, the
 * minimum row total, modalities and thematics as rows, and the typical segments' order.
 * Each expected number is worked out by hand in the comments next to it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "helpers.h"

static cn_prepared *prepare(const char *corpus, const cn_pipeline_params *params)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "corpus.txt", corpus, strlen(corpus));
    cn_prepared *p = NULL;
    cn_error err = {0};
    int rc = cn_prepare(path, params, &p, &err);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    if (rc < 0)
        fail_msg("cn_prepare: %s", err.msg);
    return p;
}

static uint32_t lemma_of(const cn_prepared *p, const char *form)
{
    uint32_t f = cn_intern_find(p->forms, form, strlen(form));
    if (f == CN_INTERN_NONE)
        fail_msg("no form '%s'", form);
    return p->form_lemma[f];
}

static uint32_t modality_of(const cn_profiles *pr, const char *star)
{
    uint32_t m = cn_intern_find(pr->modalities, star, strlen(star));
    if (m == CN_INTERN_NONE)
        fail_msg("no modality '%s'", star);
    return m;
}

/* The upper tail of chi2 with one degree of freedom: P(Z^2 > x) = erfc(sqrt(x / 2)). */
static double chi2_1_upper(double x)
{
    return erfc(sqrt(x / 2));
}

/* Nine texts of one segment each (all under 55 tokens). Classes by hand: texts 0-3 are
 * class 1, texts 4-7 class 2, text 8 is unclassified (0). "le" is a French stop word
 * (supplementary); the others are ordinary words. */
static const char *const corpus = "**** *g_a *sex_f\nchat le chien riz\n"
                                  "**** *g_a *sex_f\nchat lac le chien riz\n"
                                  "**** *g_a *sex_f\nchat lac le jardin\n"
                                  "**** *g_b *sex_f\nchat lac\n"
                                  "**** *g_b *sex_m\njardin maison\n"
                                  "**** *g_b *sex_m\njardin maison\n"
                                  "**** *g_b *sex_m\n-*theme\njardin maison chien\n"
                                  "**** *g_a *sex_m\nmaison\n"
                                  "**** *g_c *sex_m\nsoleil chat\n";
static const uint32_t class_of[9] = {1, 1, 1, 1, 2, 2, 2, 2, 0};

/* Units counted for each row (classified segments holding it), N_cl = 8, n_1 = n_2 = 4:
 *   chat    class 1: 0 1 2 3   class 2: -        total 4
 *   lac     class 1: 1 2 3     class 2: -        total 3
 *   le      class 1: 0 1 2     class 2: -        total 3 (supplementary)
 *   chien   class 1: 0 1       class 2: 6        total 3
 *   jardin  class 1: 2         class 2: 4 5 6    total 4
 *   maison  class 1: -         class 2: 4 5 6 7  total 4
 *   riz     class 1: 0 1                         total 2: under 3, no row (E.1)
 *   soleil  only in the unclassified segment 8:  total 0, no row
 * For row f and class k: a = count, b = total - a, c = n_k - a, d = N_cl - a - b - c;
 * chi2 = N (ad - bc)^2 / ((a+b)(c+d)(a+c)(b+d)), no Yates, + when a > (a+b)(a+c)/N:
 *   chat, class 1: [[4,0],[0,4]]: 8 * 16^2 / (4*4*4*4) = 8, a = 4 > 2: +8
 *   chat, class 2: [[0,4],[4,0]]: 8, a = 0 < 2: -8 (maison is the mirror image)
 *   lac, class 1:  [[3,0],[1,4]]: ad - bc = 12: 8 * 144 / (3*5*4*4) = 4.8, a = 3 > 1.5: +4.8
 *   lac, class 2:  [[0,3],[4,1]]: -12: 4.8, a = 0 < 1.5: -4.8 (le: the same tables)
 *   chien, class 1: [[2,1],[2,3]]: 4: 8 * 16 / (3*5*4*4) = 0.533: under 2, no row
 *   jardin, class 1: [[1,3],[3,1]]: -8: 8 * 64 / (4*4*4*4) = 2, a = 1 < 2: -2; class 2: +2;
 *   |chi2| = 2 is not above the threshold (E.1: "> 2"): no row either. */
static void setup(cn_prepared **p, cn_profiles **pr)
{
    cn_pipeline_params params = cn_pipeline_defaults();
    *p = prepare(corpus, &params);
    assert_int_equal((*p)->nsegs, 9);
    cn_error err = {0};
    if (cn_profiles_compute(*p, false, class_of, 2, pr, &err) < 0)
        fail_msg("%s", err.msg);
}

static void class_sizes(void **state)
{
    (void)state;
    cn_prepared *p;
    cn_profiles *pr;
    setup(&p, &pr);
    assert_int_equal(pr->nclasses, 2);
    assert_int_equal(pr->class_units[0], 4);
    assert_int_equal(pr->class_units[1], 4);
    assert_int_equal(pr->classified, 8); /* segment 8 is not counted anywhere */
    uint32_t chat = lemma_of(p, "chat");
    assert_int_equal(pr->count[chat * 2 + 0], 4);
    assert_int_equal(pr->count[chat * 2 + 1], 0);
    uint32_t jardin = lemma_of(p, "jardin");
    assert_int_equal(pr->count[jardin * 2 + 0], 1);
    assert_int_equal(pr->count[jardin * 2 + 1], 3);
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

typedef struct expected_row {
    uint32_t cls;
    uint8_t kind;
    const char *name; /* a form of the lemma, or a star token */
    uint32_t a, total;
    double chi2;
} expected_row;

static void profile_rows_by_hand(void **state)
{
    (void)state;
    cn_prepared *p;
    cn_profiles *pr;
    setup(&p, &pr);
    /* Modalities (segments of the texts carrying them), same formula:
     *   *sex_f: segments 0-3, all class 1: +8 in class 1, -8 in class 2
     *   *sex_m: segments 4-8, classified 4-7, all class 2: -8, +8
     *   *g_a: 0 1 2 | 7 -> [[3,1],[1,3]]: +2 and -2, not above 2; *g_b likewise
     *   *g_c: only segment 8: no classified unit, chi2 0
     * Rows with |chi2| > 2, by class, chi2 descending, then active, supplementary,
     * modality (equal chi2 come from equal tables): */
    const expected_row rows[] = {
        {1, CN_ROW_ACTIVE, "chat", 4, 4, 8.0},    {1, CN_ROW_MODALITY, "*sex_f", 4, 4, 8.0},
        {1, CN_ROW_ACTIVE, "lac", 3, 3, 4.8},     {1, CN_ROW_SUPPLEMENTARY, "le", 3, 3, 4.8},
        {1, CN_ROW_ACTIVE, "maison", 0, 4, -8.0}, {1, CN_ROW_MODALITY, "*sex_m", 0, 4, -8.0},
        {2, CN_ROW_ACTIVE, "maison", 4, 4, 8.0},  {2, CN_ROW_MODALITY, "*sex_m", 4, 4, 8.0},
        {2, CN_ROW_ACTIVE, "lac", 0, 3, -4.8},    {2, CN_ROW_SUPPLEMENTARY, "le", 0, 3, -4.8},
        {2, CN_ROW_ACTIVE, "chat", 0, 4, -8.0},   {2, CN_ROW_MODALITY, "*sex_f", 0, 4, -8.0},
    };
    size_t n = sizeof rows / sizeof *rows;
    assert_int_equal(pr->nrows, n);
    for (size_t i = 0; i < n; i++) {
        const cn_profile_row *r = &pr->rows[i];
        const expected_row *e = &rows[i];
        uint32_t id = e->kind == CN_ROW_MODALITY ? modality_of(pr, e->name) : lemma_of(p, e->name);
        if (r->cls != e->cls || r->kind != e->kind || r->id != id)
            fail_msg("row %zu: class %u kind %u id %u, expected %s in class %u", i, r->cls, r->kind,
                     r->id, e->name, e->cls);
        assert_int_equal(r->a, e->a);
        assert_int_equal(r->total, e->total);
        assert_float_equal(r->chi2, e->chi2, 1e-12);
        /* p: upper tail of chi2(1) at |chi2|; for 8 that is erfc(2) = 0.004678 */
        assert_float_equal(r->p, chi2_1_upper(fabs(e->chi2)), 1e-12);
        /* the profile's percentage (E.1) is 100 a / (a + b): 100 % or 0 % here */
        assert_float_equal(100.0 * r->a / r->total, e->a ? 100.0 : 0.0, 1e-12);
    }
    assert_float_equal(pr->rows[0].p, 0.004677734981047266, 1e-15);
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

static void modality_rows_include_every_modality(void **state)
{
    (void)state;
    cn_prepared *p;
    cn_profiles *pr;
    setup(&p, &pr);
    /* every star modality and the thematic label, in every class: 6 x 2 */
    assert_int_equal(cn_intern_count(pr->modalities), 6);
    assert_int_equal(pr->nmodality_rows, 12);
    /* -*theme labels segment 6 (class 2): [[1,0],[3,4]]: ad - bc = 4:
     * 8 * 16 / (1*7*4*4) = 8/7, a = 1 > 0.5: +8/7 in class 2, -8/7 in class 1 */
    uint32_t theme = modality_of(pr, "-*theme"), g_a = modality_of(pr, "*g_a"),
             g_c = modality_of(pr, "*g_c");
    int seen = 0;
    for (size_t i = 0; i < pr->nmodality_rows; i++) {
        const cn_profile_row *r = &pr->modality_rows[i];
        assert_int_equal(r->kind, CN_ROW_MODALITY);
        if (r->id == theme) {
            assert_int_equal(r->a, r->cls == 2 ? 1 : 0);
            assert_int_equal(r->total, 1);
            assert_float_equal(r->chi2, r->cls == 2 ? 8.0 / 7 : -8.0 / 7, 1e-12);
            seen++;
        } else if (r->id == g_a) {
            /* [[3,1],[1,3]] in class 1: +2 exactly; in class 2 -2 */
            assert_int_equal(r->total, 4);
            assert_float_equal(r->chi2, r->cls == 1 ? 2.0 : -2.0, 1e-12);
            seen++;
        } else if (r->id == g_c) {
            /* no classified segment: an empty margin gives chi2 0, p 1 */
            assert_int_equal(r->total, 0);
            assert_float_equal(r->chi2, 0.0, 0);
            assert_float_equal(r->p, 1.0, 1e-15);
            seen++;
        }
    }
    assert_int_equal(seen, 6);
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

/* A modality needs as many classified units as a word to be in the profiles (trial 84: a
 * text of its own month, one segment, read as over-represented at p = 0.03); its rows stay
 * in the full table. *m_x: texts 0-1, the whole of class 1 (2 units): [[2,0],[0,6]], chi2
 * 8 * 12^2 / (2*6*2*6) = 8, but total 2 < 3: no profile row. *m_y: [[6,0],[0,2]] in class
 * 2, chi2 8, total 6: a row. */
static void rare_modalities_have_no_profile_row(void **state)
{
    (void)state;
    static const char *const two = "**** *m_x\nchat chien\n**** *m_x\nchat chien\n"
                                   "**** *m_y\nmaison jardin\n**** *m_y\nmaison jardin\n"
                                   "**** *m_y\nmaison jardin\n**** *m_y\nmaison jardin\n"
                                   "**** *m_y\nmaison jardin\n**** *m_y\nmaison jardin\n";
    static const uint32_t classes[8] = {1, 1, 2, 2, 2, 2, 2, 2};
    cn_pipeline_params params = cn_pipeline_defaults();
    cn_prepared *p = prepare(two, &params);
    cn_profiles *pr;
    cn_error err = {0};
    if (cn_profiles_compute(p, false, classes, 2, &pr, &err) < 0)
        fail_msg("%s", err.msg);
    uint32_t m_x = modality_of(pr, "*m_x"), m_y = modality_of(pr, "*m_y");
    int x_rows = 0, y_profile = 0;
    for (size_t i = 0; i < pr->nmodality_rows; i++)
        if (pr->modality_rows[i].id == m_x) {
            assert_float_equal(fabs(pr->modality_rows[i].chi2), 8.0, 1e-12);
            x_rows++;
        }
    assert_int_equal(x_rows, 2);
    for (size_t i = 0; i < pr->nrows; i++) {
        if (pr->rows[i].kind != CN_ROW_MODALITY)
            continue;
        assert_int_not_equal(pr->rows[i].id, m_x);
        y_profile += pr->rows[i].id == m_y;
    }
    assert_int_equal(y_profile, 2);
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

static void typical_segments_by_score(void **state)
{
    (void)state;
    cn_prepared *p;
    cn_profiles *pr;
    setup(&p, &pr);
    /* E.3: score = sum of the chi2 of the class's positive active profile forms the
     * segment holds. Class 1: chat 8, lac 4.8 (le is supplementary, not counted):
     * segments 1, 2, 3 hold both: 12.8; segment 0 only chat: 8. Equal scores keep corpus
     * order. Class 2: maison 8 in segments 4-7. (Had "le" counted, segment 0 would score
     * 12.8 and segments 1-2 17.6.) */
    const struct {
        uint32_t cls, rank, segment;
        double score;
    } expected[] = {
        {1, 1, 1, 12.8}, {1, 2, 2, 12.8}, {1, 3, 3, 12.8}, {1, 4, 0, 8.0},
        {2, 1, 4, 8.0},  {2, 2, 5, 8.0},  {2, 3, 6, 8.0},  {2, 4, 7, 8.0},
    };
    assert_int_equal(pr->ntypical, 8);
    for (size_t i = 0; i < 8; i++) {
        const cn_typical *t = &pr->typical[i];
        if (t->cls != expected[i].cls || t->rank != expected[i].rank ||
            t->segment != expected[i].segment)
            fail_msg("typical %zu: class %u rank %u segment %u", i, t->cls, t->rank, t->segment);
        assert_float_equal(t->score, expected[i].score, 1e-12);
    }
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

static int by_class_score_segment(const void *x, const void *y)
{
    const cn_typical *a = x, *b = y;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return (a->segment > b->segment) - (a->segment < b->segment);
}

/* More scored segments than CN_TYPICAL_MAX in each class, with many equal scores: the
 * typical segments are the head of each class in the whole list sorted by class, score
 * (descending), segment, ranked 1, 2, ... as the comparison sort of everything gives. */
static void typical_segments_keep_the_best_of_each_class(void **state)
{
    (void)state;
    const char *const words[] = {"chat", "lac", "riz", "mer", "sol", "pin", "vent"};
    size_t size = 300 * 64, len = 0;
    char *text = malloc(size);
    uint32_t *cls = malloc(300 * sizeof *cls);
    for (int i = 0; i < 300; i++) {
        len += (size_t)snprintf(text + len, size - len, "**** *n_%d\n", i % 5);
        for (int w = 0; w < 7; w++) /* class 1 leans to the first words, class 2 to the last */
            if ((i * 7 + w * 3) % (i % 2 ? 7 - w + 1 : w + 2) == 0 || w == (i % 2 ? 6 : 0))
                len += (size_t)snprintf(text + len, size - len, "%s ", words[w]);
        len += (size_t)snprintf(text + len, size - len, "\n");
        cls[i] = i % 11 == 10 ? 0 : (uint32_t)(i % 2) + 1;
    }
    cn_pipeline_params params = cn_pipeline_defaults();
    params.min_freq = 1;
    cn_prepared *p = prepare(text, &params);
    assert_int_equal(p->nsegs, 300);
    cn_profiles *pr = NULL;
    cn_error err = {0};
    assert_int_equal(cn_profiles_compute(p, false, cls, 2, &pr, &err), 0);
    /* the reference: every scored segment, sorted whole */
    cn_typical *all = malloc(300 * sizeof *all);
    size_t n = 0;
    for (uint32_t s = 0; s < p->nsegs; s++) {
        if (!cls[s])
            continue;
        double score = 0;
        for (size_t q = p->seg_ptr[s]; q < p->seg_ptr[s + 1]; q++)
            score += pr->weight[(size_t)p->seg_lemmas[q] * 2 + cls[s] - 1];
        if (score > 0)
            all[n++] = (cn_typical){cls[s], 0, score, s};
    }
    qsort(all, n, sizeof *all, by_class_score_segment);
    size_t w = 0, per_class[3] = {0, 0, 0}, ties = 0;
    for (size_t i = 0; i < n; i++) {
        ties += i > 0 && all[i].cls == all[i - 1].cls && all[i].score == all[i - 1].score;
        if (++per_class[all[i].cls] > CN_TYPICAL_MAX)
            continue;
        all[w] = all[i];
        all[w].rank = (uint32_t)per_class[all[i].cls];
        w++;
    }
    assert_true(per_class[1] > CN_TYPICAL_MAX && per_class[2] > CN_TYPICAL_MAX);
    assert_true(ties > 10);
    assert_int_equal(pr->ntypical, w);
    for (size_t i = 0; i < w; i++) {
        const cn_typical *t = &pr->typical[i];
        if (t->cls != all[i].cls || t->rank != all[i].rank || t->segment != all[i].segment ||
            t->score != all[i].score)
            fail_msg("typical %zu: class %u rank %u segment %u, expected class %u rank %u "
                     "segment %u",
                     i, t->cls, t->rank, t->segment, all[i].cls, all[i].rank, all[i].segment);
    }
    free(all);
    cn_profiles_free(pr);
    cn_prepared_free(p);
    free(cls);
    free(text);
}

/* The modalities read once serve several profiles (the themes' way): each result is the one
 * cn_profiles_compute gives, modality numbers and names included, thematic labels too. */
static void modalities_read_once_give_the_same_profiles(void **state)
{
    (void)state;
    cn_pipeline_params params = cn_pipeline_defaults();
    cn_prepared *p = prepare(corpus, &params);
    cn_profile_mods *mods = NULL;
    cn_error err = {0};
    assert_int_equal(cn_profile_mods_new(p, &mods, &err), 0);
    static const uint32_t other[9] = {2, 1, 0, 1, 2, 1, 1, 2, 1};
    const uint32_t *labellings[] = {class_of, other};
    for (int l = 0; l < 2; l++) {
        cn_profiles *a = NULL, *b = NULL;
        assert_int_equal(cn_profiles_compute(p, false, labellings[l], 2, &a, &err), 0);
        assert_int_equal(cn_profiles_compute_with(p, mods, false, labellings[l], 2, &b, &err), 0);
        assert_int_equal(cn_intern_count(b->modalities), cn_intern_count(a->modalities));
        for (uint32_t m = 0; m < cn_intern_count(a->modalities); m++)
            assert_string_equal(cn_intern_str(b->modalities, m), cn_intern_str(a->modalities, m));
        assert_true(cn_intern_find(b->modalities, "-*theme", 7) != CN_INTERN_NONE);
        assert_int_equal(b->nrows, a->nrows);
        for (size_t i = 0; i < a->nrows; i++) {
            assert_int_equal(b->rows[i].id, a->rows[i].id);
            assert_int_equal(b->rows[i].kind, a->rows[i].kind);
            assert_int_equal(b->rows[i].cls, a->rows[i].cls);
            assert_int_equal(b->rows[i].a, a->rows[i].a);
            assert_memory_equal(&b->rows[i].chi2, &a->rows[i].chi2, sizeof a->rows[i].chi2);
        }
        assert_int_equal(b->nmodality_rows, a->nmodality_rows);
        for (size_t i = 0; i < a->nmodality_rows; i++) {
            assert_int_equal(b->modality_rows[i].id, a->modality_rows[i].id);
            assert_int_equal(b->modality_rows[i].a, a->modality_rows[i].a);
        }
        assert_int_equal(b->ntypical, a->ntypical);
        for (size_t i = 0; i < a->ntypical; i++)
            assert_int_equal(b->typical[i].segment, a->typical[i].segment);
        cn_profiles_free(a);
        cn_profiles_free(b);
    }
    cn_profile_mods_free(mods);
    cn_prepared_free(p);
}

static void texts_as_units_count_each_text_once(void **state)
{
    (void)state;
    /* --unit texts: a unit is a text; a lemma in two segments of one text counts once.
     * Text 0 is two segments (a full stop at token 38 of 70, reinert-spec.md A.3), each
     * with "chat"; texts 1-5 are one segment each. Classes by text: 1, 1, 1, 2, 2, 2.
     *   chat:   texts 0 1 2 | -     : [[3,0],[0,3]]: 6 * 9^2 / (3*3*3*3) = 6: +6, -6
     *   maison: texts - | 3 4 5     : the mirror image: -6, +6
     * (in segments chat would be 4 units, not 3). */
    char body[1024] = "";
    for (int i = 0; i < 70; i++)
        strcat(body, i == 0 || i == 69 ? "chat " : i == 38 ? ". " : "mot ");
    char text[2048];
    snprintf(text, sizeof text,
             "**** *t_0\n%s\n**** *t_1\nchat\n**** *t_2\nchat\n"
             "**** *t_3\nmaison\n**** *t_4\nmaison\n**** *t_5\nmaison\n",
             body);
    cn_pipeline_params params = cn_pipeline_defaults();
    params.unit_texts = true;
    cn_prepared *p = prepare(text, &params);
    assert_int_equal(p->nsegs, 7);
    const uint32_t classes[6] = {1, 1, 1, 2, 2, 2};
    cn_profiles *pr;
    cn_error err = {0};
    assert_int_equal(cn_profiles_compute(p, true, classes, 2, &pr, &err), 0);
    assert_int_equal(pr->classified, 6);
    uint32_t chat = lemma_of(p, "chat");
    assert_int_equal(pr->count[chat * 2 + 0], 3);
    bool found = false;
    for (size_t i = 0; i < pr->nrows; i++)
        if (pr->rows[i].kind == CN_ROW_ACTIVE && pr->rows[i].id == chat && pr->rows[i].cls == 1) {
            assert_int_equal(pr->rows[i].a, 3);
            assert_int_equal(pr->rows[i].total, 3);
            assert_float_equal(pr->rows[i].chi2, 6.0, 1e-12);
            found = true;
        }
    assert_true(found);
    /* the typical segments are still segments, classed by their text: both of text 0 and
     * those of texts 1 and 2 hold chat (class 1, score 6), those of texts 3-5 hold maison
     * (class 2, +6 by the mirror table); equal scores in corpus order */
    assert_int_equal(pr->ntypical, 7);
    for (uint32_t i = 0; i < 7; i++) {
        assert_int_equal(pr->typical[i].cls, i < 4 ? 1 : 2);
        assert_int_equal(pr->typical[i].segment, i);
        assert_float_equal(pr->typical[i].score, 6.0, 1e-12);
    }
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

static void at_most_fifty_typical_segments_per_class(void **state)
{
    (void)state;
    /* E.3: the first `limite` = 50 segments of each class. 60 segments "chat" (class 1)
     * and 60 "maison" (class 2): each a perfect +chi2 for its class, so every segment
     * scores the same and the first 50 of each class, in corpus order, are kept. */
    char *text = malloc(120 * 32);
    size_t used = 0;
    uint32_t classes[120];
    for (uint32_t t = 0; t < 120; t++) {
        used += (size_t)snprintf(text + used, 120 * 32 - used, "**** *n_%u\n%s\n", t,
                                 t < 60 ? "chat" : "maison");
        classes[t] = t < 60 ? 1 : 2;
    }
    cn_pipeline_params params = cn_pipeline_defaults();
    cn_prepared *p = prepare(text, &params);
    free(text);
    cn_profiles *pr;
    cn_error err = {0};
    assert_int_equal(cn_profiles_compute(p, false, classes, 2, &pr, &err), 0);
    assert_int_equal(pr->ntypical, 2 * CN_TYPICAL_MAX);
    assert_int_equal(CN_TYPICAL_MAX, 50);
    for (uint32_t i = 0; i < 100; i++) {
        assert_int_equal(pr->typical[i].cls, i < 50 ? 1 : 2);
        assert_int_equal(pr->typical[i].rank, i % 50 + 1);
        assert_int_equal(pr->typical[i].segment, i < 50 ? i : 60 + i - 50);
    }
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

static void signed_chi2_of_a_two_by_two(void **state)
{
    (void)state;
    /* reinert-spec.md F.2: [[30, 70], [20, 380]] gives 55.5556 without Yates; a = 30 is
     * above its expected count 100 * 50 / 500 = 10, so +. Swapping the rows puts a = 20
     * below 400 * 50 / 500 = 40: -55.5556. An empty margin gives 0. */
    assert_float_equal(cn_chi2_signed(30, 70, 20, 380), 55.5556, 1e-4);
    assert_float_equal(cn_chi2_signed(20, 380, 30, 70), -55.5556, 1e-4);
    assert_float_equal(cn_chi2_signed(0, 0, 5, 7), 0.0, 0);
    /* a at its expected count: [[2,2],[2,2]]: 0 */
    assert_float_equal(cn_chi2_signed(2, 2, 2, 2), 0.0, 0);
}

static void a_repeated_star_counts_once(void **state)
{
    (void)state;
    /* E.1: a modality row counts the segments of the texts carrying it (IRAMUTEQ takes
     * the set of segments of a modality). A header that repeats a star ("*g_a *g_a") is
     * read with both tokens; profile.c counted each token, so the segment was counted
     * twice: a = 2 in a class of 1 segment. Expected, by hand, with classes 1, 2:
     * *g_a: [[1,0],[0,1]] (N 2): a = 1, total 1, chi2 2 * 1 / 1 = +2.
     * Fix: in profile.c cn_profiles_compute(), skip a star already listed for the same
     * text when filling text_mods (or have cn_corpus_read refuse or drop the repeat). */
    cn_pipeline_params params = cn_pipeline_defaults();
    cn_prepared *p = prepare("**** *g_a *g_a\nchat\n**** *g_b\nmaison\n", &params);
    const uint32_t classes[2] = {1, 2};
    cn_profiles *pr;
    cn_error err = {0};
    assert_int_equal(cn_profiles_compute(p, false, classes, 2, &pr, &err), 0);
    uint32_t g_a = modality_of(pr, "*g_a");
    for (size_t i = 0; i < pr->nmodality_rows; i++)
        if (pr->modality_rows[i].id == g_a && pr->modality_rows[i].cls == 1) {
            assert_int_equal(pr->modality_rows[i].a, 1);
            assert_int_equal(pr->modality_rows[i].total, 1);
            assert_float_equal(pr->modality_rows[i].chi2, 2.0, 1e-12);
        }
    cn_profiles_free(pr);
    cn_prepared_free(p);
}

/* A set against the rest (cn_profile_set) gives class 1 of the full two-class profile:
 * its rows above the threshold and its typical segments, in order, to the bit. */
static void same_as_class_one(const cn_prepared *p, const cn_profile_mods *mods,
                              const cn_profile_totals *t, bool unit_texts, const uint32_t *labels)
{
    cn_profiles *full = NULL, *set = NULL;
    cn_error err = {0};
    assert_int_equal(cn_profiles_compute_with(p, mods, unit_texts, labels, 2, &full, &err), 0);
    assert_int_equal(cn_profile_set(p, mods, t, labels, &set, &err), 0);
    assert_int_equal(set->class_units[0], full->class_units[0]);
    assert_int_equal(set->class_units[1], full->class_units[1]);
    assert_int_equal(set->classified, full->classified);
    size_t j = 0, rows = 0;
    for (size_t i = 0; i < full->nrows; i++) {
        const cn_profile_row *r = &full->rows[i];
        if (r->cls != 1 || r->chi2 <= CN_PROFILE_THRESHOLD)
            continue;
        rows++;
        assert_true(j < set->nrows);
        const cn_profile_row *q = &set->rows[j++];
        assert_int_equal(q->kind, r->kind);
        assert_int_equal(q->id, r->id);
        assert_int_equal(q->cls, 1);
        assert_int_equal(q->a, r->a);
        assert_int_equal(q->total, r->total);
        assert_memory_equal(&q->chi2, &r->chi2, sizeof q->chi2);
        assert_memory_equal(&q->p, &r->p, sizeof q->p);
    }
    assert_int_equal(set->nrows, j);
    j = 0;
    for (size_t i = 0; i < full->ntypical; i++) {
        const cn_typical *r = &full->typical[i];
        if (r->cls != 1)
            continue;
        assert_true(j < set->ntypical);
        const cn_typical *q = &set->typical[j++];
        assert_int_equal(q->segment, r->segment);
        assert_int_equal(q->rank, r->rank);
        assert_memory_equal(&q->score, &r->score, sizeof q->score);
    }
    assert_int_equal(set->ntypical, j);
    if (rows == 0)
        fail_msg("a labelling without any row of class 1 tests nothing");
    cn_profiles_free(full);
    cn_profiles_free(set);
}

/* The themes' profiles (one set of units against all the others, read from the set and the
 * corpus totals) are class 1 of the full profile of that labelling: small and large sets,
 * segments and texts as units, stars and thematic labels; a unit left unlabelled is refused. */
static void a_set_against_the_rest_is_class_one(void **state)
{
    (void)state;
    const char *const words[] = {"chat", "lac", "riz", "mer", "sol", "pin", "vent", "jardin"};
    size_t size = 400 * 96, len = 0;
    char *text = malloc(size);
    for (int i = 0; i < 400; i++) {
        len += (size_t)snprintf(text + len, size - len, "**** *n_%d *g_%d\n%s", i % 5, i % 3,
                                i % 7 == 0 ? "-*theme\n" : "");
        for (int w = 0; w < 8; w++)
            if ((i * 7 + w * 3) % (w + 2) == 0 || (i % 9 == 0 && w < 3))
                len += (size_t)snprintf(text + len, size - len, "%s ", words[w]);
        /* words of the sets below: each set's units hold its word */
        len += (size_t)snprintf(text + len, size - len, "%s%s%smot\n", i % 50 == 0 ? "orage " : "",
                                i % 9 == 0 ? "neige " : "", i % 2 == 0 ? "pluie " : "");
    }
    for (int texts = 0; texts < 2; texts++) {
        cn_pipeline_params params = cn_pipeline_defaults();
        params.min_freq = 1;
        params.unit_texts = texts;
        cn_prepared *p = prepare(text, &params);
        cn_profile_mods *mods = NULL;
        cn_profile_totals *t = NULL;
        cn_error err = {0};
        assert_int_equal(cn_profile_mods_new(p, &mods, &err), 0);
        assert_int_equal(cn_profile_totals_new(p, mods, texts, &t, &err), 0);
        uint32_t n = texts ? p->ntexts : p->nsegs;
        uint32_t *labels = malloc(n * sizeof *labels);
        assert_int_equal(n, 400);                   /* a text is a segment */
        static const uint32_t every[] = {50, 9, 2}; /* a set of 8, 45 and 200 in 400 */
        for (int k = 0; k < 3; k++) {
            for (uint32_t u = 0; u < n; u++)
                labels[u] = u % every[k] == 0 ? 1 : 2;
            same_as_class_one(p, mods, t, texts, labels);
        }
        labels[n / 2] = 0; /* unclassified: not a set against the rest */
        cn_profiles *pr = NULL;
        assert_int_equal(cn_profile_set(p, mods, t, labels, &pr, &err), CN_EINVALID);
        assert_null(pr);
        free(labels);
        cn_profile_totals_free(t);
        cn_profile_mods_free(mods);
        cn_prepared_free(p);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(class_sizes),
        cmocka_unit_test(profile_rows_by_hand),
        cmocka_unit_test(modality_rows_include_every_modality),
        cmocka_unit_test(rare_modalities_have_no_profile_row),
        cmocka_unit_test(typical_segments_by_score),
        cmocka_unit_test(typical_segments_keep_the_best_of_each_class),
        cmocka_unit_test(modalities_read_once_give_the_same_profiles),
        cmocka_unit_test(texts_as_units_count_each_text_once),
        cmocka_unit_test(at_most_fifty_typical_segments_per_class),
        cmocka_unit_test(signed_chi2_of_a_two_by_two),
        cmocka_unit_test(a_repeated_star_counts_once),
        cmocka_unit_test(a_set_against_the_rest_is_class_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
