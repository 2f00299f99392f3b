/* test_manifest.c — manifest.json written and read back field for field, and the reader
 * refusing what the writer could not have written (a run folder may come from anyone). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/dhc.h"
#include "carnet/manifest.h"
#include "helpers.h"

static char *args[] = {"corpus.txt", "-o", "out", "--where", "care=lt1,1to3"};
static char *mods_care[] = {"lt1", "1to3"};
static char *mods_sex[] = {"f"};
static cn_manifest_library libs[] = {
    {"SQLite", "3.40.1", "headers", "3.45.0"},
    {"libstemmer", "2.2.0-2", "Debian package libstemmer-dev at build time", ""}};

/* A manifest with no field at its default. */
static cn_manifest sample(void)
{
    static cn_manifest_where where[2] = {{"care", mods_care, 2}, {"sex", mods_sex, 1}};
    cn_manifest m = {
        .program = "carnet-analyse",
        .version = "9.8.7",
        .arguments = args,
        .narguments = 5,
        .libraries = libs,
        .nlibraries = 2,
        .input_path = "/data/my corpus.txt",
        .input_bytes = 274385,
        .input_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        .unit_texts = true,
        .fold_accents = true,
        .segment_size = 55,
        .charset = CN_CHARSET_IRAMUTEQ,
        .lang = "en",
        .stopwords = "stop.txt",
        .lexicon = "lex.txt",
        .expressions = "",
        .stopwords_sha256 = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
        .lexicon_sha256 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        .min_freq = 4,
        .max_actives = 3000,
        .double_method = true,
        .rst1 = 10,
        .rst2 = 16,
        .sign_draws = 200,
        .pair_order = CN_PAIR_ORDER_SPLIT,
        .classes = 8,
        .min_class = 12,
        .min_split = 9,
        .reassignment = false,
        .stability = 25,
        .stability_seed = 123456789,
        .where = where,
        .nwhere = 2,
        .timings_ms = {12.5, 300.1, 4, 1000.7}};
    return m;
}

static void same_strings(char **a, size_t na, char **b, size_t nb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++)
        assert_string_equal(a[i], b[i]);
}

static void same(const cn_manifest *a, const cn_manifest *b)
{
    assert_string_equal(a->program, b->program);
    assert_string_equal(a->version, b->version);
    same_strings(a->arguments, a->narguments, b->arguments, b->narguments);
    assert_int_equal(a->nlibraries, b->nlibraries);
    for (size_t i = 0; i < a->nlibraries; i++) {
        assert_string_equal(a->libraries[i].name, b->libraries[i].name);
        assert_string_equal(a->libraries[i].built, b->libraries[i].built);
        assert_string_equal(a->libraries[i].built_from, b->libraries[i].built_from);
        assert_string_equal(a->libraries[i].running, b->libraries[i].running);
    }
    assert_string_equal(a->input_path, b->input_path);
    assert_int_equal(a->input_bytes, b->input_bytes);
    assert_string_equal(a->input_sha256, b->input_sha256);
    assert_int_equal(a->unit_texts, b->unit_texts);
    assert_int_equal(a->fold_accents, b->fold_accents);
    assert_int_equal(a->segment_size, b->segment_size);
    assert_int_equal(a->charset, b->charset);
    assert_string_equal(a->lang, b->lang);
    assert_string_equal(a->stopwords, b->stopwords);
    assert_string_equal(a->lexicon, b->lexicon);
    assert_string_equal(a->expressions, b->expressions);
    assert_string_equal(a->stopwords_sha256, b->stopwords_sha256);
    assert_string_equal(a->lexicon_sha256, b->lexicon_sha256);
    assert_string_equal(a->expressions_sha256, b->expressions_sha256);
    assert_int_equal(a->min_freq, b->min_freq);
    assert_int_equal(a->max_actives, b->max_actives);
    assert_int_equal(a->double_method, b->double_method);
    assert_int_equal(a->rst1, b->rst1);
    assert_int_equal(a->rst2, b->rst2);
    assert_int_equal(a->sign_draws, b->sign_draws);
    assert_int_equal(a->pair_order, b->pair_order);
    assert_int_equal(a->classes, b->classes);
    assert_int_equal(a->min_class, b->min_class);
    assert_int_equal(a->min_split, b->min_split);
    assert_int_equal(a->reassignment, b->reassignment);
    assert_int_equal(a->stability, b->stability);
    assert_int_equal(a->stability_seed, b->stability_seed);
    assert_int_equal(a->nwhere, b->nwhere);
    for (size_t i = 0; i < a->nwhere; i++) {
        assert_string_equal(a->where[i].variable, b->where[i].variable);
        same_strings(a->where[i].modalities, a->where[i].nmodalities, b->where[i].modalities,
                     b->where[i].nmodalities);
    }
    for (int i = 0; i < CN_MANIFEST_STAGES; i++)
        assert_float_equal(a->timings_ms[i], b->timings_ms[i], 1e-9);
}

static char *path_in(const char *dir)
{
    char *path = malloc(strlen(dir) + 32);
    assert_non_null(path);
    sprintf(path, "%s/manifest.json", dir);
    return path;
}

static void round_trip(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    same(&m, &back);
    assert_int_equal(back.pair_order, CN_PAIR_ORDER_SPLIT);
    cn_manifest_free(&back);
    /* the chi2 order; then the double's defaults: IRAMUTEQ's order, 64 draws */
    m.pair_order = CN_PAIR_ORDER_CHI2;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    same(&m, &back);
    cn_manifest_free(&back);
    m.sign_draws = 64;
    m.pair_order = CN_PAIR_ORDER_IRAMUTEQ;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    same(&m, &back);
    cn_manifest_free(&back);
    /* the simple method writes no rst, pair order or draws, and reads none back */
    m.double_method = false;
    m.rst1 = m.rst2 = 0;
    m.sign_draws = 0;
    m.unit_texts = false;
    m.charset = CN_CHARSET_UNICODE;
    m.reassignment = true;
    m.stability = 0; /* not assessed: no seed written, none read back */
    m.stability_seed = 0;
    m.fold_accents = false;
    m.nwhere = 0;
    /* no file hashes: none written, and a manifest without them (an older run's) reads */
    m.stopwords_sha256[0] = m.lexicon_sha256[0] = '\0';
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    same(&m, &back);
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

static void pipeline_params(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    cn_pipeline_params pp;
    assert_int_equal(cn_manifest_pipeline_params(&back, &pp, &err), 0);
    assert_int_equal(pp.segment_size, 55);
    assert_true(pp.unit_texts);
    assert_true(pp.fold_accents); /* kwic prepares the corpus as the run did */
    assert_string_equal(pp.lang, "en");
    assert_string_equal(pp.lexicon, "lex.txt");
    assert_null(pp.expressions); /* "" is "not given" */
    assert_int_equal(pp.where.n, 2);
    assert_string_equal(pp.where.conds[0].var, "care");
    assert_int_equal(pp.where.conds[0].nvalues, 2);
    assert_string_equal(pp.where.conds[0].values[1], "1to3");
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

/* The sample written, then `from` replaced by `to` in its text: the reader must refuse
 * it with a message holding `why`. */
static void refused(const char *from, const char *to, const char *why)
{
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, from);
    assert_non_null(at);
    char edited[8192];
    snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(test_write_file(dir, "manifest.json", edited, strlen(edited)));
    assert_int_equal(cn_manifest_read(path, &back, &err), -1);
    if (!strstr(err.msg, why))
        fail_msg("'%s' refused with '%s', expected '%s'", to, err.msg, why);
    assert_null(back.input_path); /* nothing left to free */
    free(path);
    free(dir);
}

/* A double run written before the pair order and the sign draws were recorded walked
 * IRAMUTEQ's order and drew nothing: that is what its manifest reads as. */
static void reads_a_double_without_sign_draws(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192], kept[8192] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (!strstr(line, "\"pair_order\"") && !strstr(line, "\"sign_draws\"")) {
            strcat(kept, line);
            strcat(kept, "\n");
        }
    assert_null(strstr(kept, "sign_draws"));
    free(test_write_file(dir, "manifest.json", kept, strlen(kept)));
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    assert_int_equal(back.sign_draws, 0);
    assert_int_equal(back.pair_order, CN_PAIR_ORDER_IRAMUTEQ);
    assert_int_equal(back.rst2, 16);
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

static void refuses_bad_values(void **state)
{
    (void)state;
    refused("\"segment_size\":\t55", "\"segment_size\":\t0", "parameters.segment_size");
    refused("\"segment_size\":\t55", "\"segment_size\":\t-40", "parameters.segment_size");
    refused("\"segment_size\":\t55", "\"segment_size\":\t40.5", "parameters.segment_size");
    refused("\"segment_size\":\t55", "\"segment_size\":\t\"40\"", "parameters.segment_size");
    refused("\"segment_size\":\t55", "\"segment_size\":\t1e300", "parameters.segment_size");
    refused("\"lang\":\t\"en\"", "\"lang\":\t7", "parameters.lang: expected a string");
    refused("\"lang\":\t\"en\"", "\"lang\":\t\"../../etc\"", "not a language code");
    refused("\"unit\":\t\"texts\"", "\"unit\":\t\"words\"", "parameters.unit");
    refused("\"path\":\t\"/data/my corpus.txt\"", "\"path\":\t[]", "input.path");
    refused("\"path\":\t\"/data/my corpus.txt\",", "", "input.path is missing");
    refused("\"sha256\":\t\"0123", "\"sha256\":\t\"x123", "input.sha256");
    refused("\"lexicon_sha256\":\t\"0011", "\"lexicon_sha256\":\t\"0X11",
            "parameters.lexicon_sha256: expected 64 hex digits");
    refused("\"stopwords_sha256\":"
            "\t\"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\"",
            "\"stopwords_sha256\":\t12", "parameters.stopwords_sha256: expected a string");
    refused("\"corpus.txt\"", "12", "arguments: expected a string");
    refused("\"variable\":\t\"care\"", "\"variable\":\t{}", "parameters.where.variable");
    refused("\"rst\":\t[10, 16]", "\"rst\":\t[10]", "parameters.rst");
    refused("\"pair_order\":\t\"split\"", "\"pair_order\":\t\"random\"",
            "parameters.pair_order: 'random' is none of iramuteq, chi2, split");
    refused("\"pair_order\":\t\"split\"", "\"pair_order\":\t2",
            "parameters.pair_order: expected a string");
    refused("\"sign_draws\":\t200", "\"sign_draws\":\t-1", "parameters.sign_draws");
    refused("\"sign_draws\":\t200", "\"sign_draws\":\t1e9", "parameters.sign_draws");
    refused("\"reassignment\":\tfalse", "\"reassignment\":\t\"no\"", "parameters.reassignment");
    refused("\"min_freq\":\t4", "\"min_freq\":\t-1", "parameters.min_freq");
    refused("\"fold_accents\":\ttrue", "\"fold_accents\":\t\"yes\"", "parameters.fold_accents");
    refused("\"program\"", "program\"", "not valid JSON");
    refused("\"stability\":\t25", "\"stability\":\t-1", "parameters.stability");
    refused("\"stability\":\t25", "\"stability\":\t1001", "parameters.stability");
    refused("\"stability\":\t25", "\"stability\":\ttrue", "parameters.stability");
    refused("\"stability_seed\":\t123456789", "\"stability_seed\":\t1.5",
            "parameters.stability_seed");
    refused("\"stability_seed\":\t123456789,", "", "parameters.stability_seed is missing");
    refused("\"built\":\t\"3.40.1\"", "\"built\":\t3", "libraries.built: expected a string");
    refused("\"built_from\":\t\"headers\",", "", "libraries.built_from is missing");
    refused("\"running\":\t\"3.45.0\"", "\"running\":\tnull", "libraries.running");
    refused("\"libraries\":\t[", "\"libraries\":\t7, \"x\":\t[", "libraries: expected an array");
}

/* A run folder written before --stability existed has no stability field: its run did
 * not assess it, and kwic must still read it. */
static void reads_manifests_without_stability(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192], edited[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *from = "\"stability\":\t25,\n\t\t\"stability_seed\":\t123456789,\n\t\t";
    char *at = strstr(text, from);
    assert_non_null(at);
    snprintf(edited, sizeof edited, "%.*s%s", (int)(at - text), text, at + strlen(from));
    free(test_write_file(dir, "manifest.json", edited, strlen(edited)));
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    assert_int_equal(back.stability, 0);
    assert_int_equal(back.stability_seed, 0);
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

/* A run folder made before the libraries' versions were recorded has none, and reads. */
static void reads_a_manifest_without_libraries(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    m.libraries = NULL;
    m.nlibraries = 0;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *from = "\"libraries\":\t[],\n\t";
    char *at = strstr(text, from);
    assert_non_null(at);
    memmove(at, at + strlen(from), strlen(at + strlen(from)) + 1);
    assert_null(strstr(text, "libraries"));
    free(test_write_file(dir, "manifest.json", text, strlen(text)));
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    assert_int_equal(back.nlibraries, 0);
    assert_null(back.libraries);
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

/* A run folder made before --fold-accents existed has no fold_accents: it was off. */
static void reads_a_manifest_without_fold_accents(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *path = path_in(dir);
    cn_error err = {0};
    cn_manifest m = sample(), back;
    assert_int_equal(cn_manifest_write(dir, &m, &err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, "\"fold_accents\":\ttrue,");
    assert_non_null(at);
    memmove(at, at + strlen("\"fold_accents\":\ttrue,"),
            strlen(at + strlen("\"fold_accents\":\ttrue,")) + 1);
    free(test_write_file(dir, "manifest.json", text, strlen(text)));
    assert_int_equal(cn_manifest_read(path, &back, &err), 0);
    assert_false(back.fold_accents);
    cn_manifest_free(&back);
    free(path);
    free(dir);
}

static void refuses_huge_files(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    size_t n = CN_MANIFEST_MAX_BYTES + 10;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    char *path = test_write_file(dir, "manifest.json", big, n);
    cn_error err = {0};
    cn_manifest back;
    assert_int_equal(cn_manifest_read(path, &back, &err), -1);
    assert_non_null(strstr(err.msg, "larger than"));
    /* a string longer than any path */
    char *str = malloc(8000);
    assert_non_null(str);
    int at = sprintf(str, "{\"program\": \"");
    memset(str + at, 'a', 6000);
    strcpy(str + at + 6000, "\"}");
    free(test_write_file(dir, "manifest.json", str, strlen(str)));
    assert_int_equal(cn_manifest_read(path, &back, &err), -1);
    assert_non_null(strstr(err.msg, "program: longer than"));
    /* valid JSON, but not an object */
    free(test_write_file(dir, "manifest.json", "[1, 2]", 6));
    assert_int_equal(cn_manifest_read(path, &back, &err), -1);
    assert_non_null(strstr(err.msg, "not a carnet-analyse manifest"));
    free(str);
    free(big);
    free(path);
    free(dir);
}

/* The paths a run records are absolute, whatever folder the run was started from. */
static void absolute_paths(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *file = test_write_file(dir, "corpus.txt", "x", 1);
    char here[4096];
    assert_non_null(getcwd(here, sizeof here));
    assert_int_equal(chdir(dir), 0);
    char *abs = cn_manifest_absolute("corpus.txt");
    char *dotted = cn_manifest_absolute("./../" /* and back */);
    assert_int_equal(chdir(here), 0);
    assert_non_null(abs);
    assert_true(abs[0] == '/');
    char *want = realpath(file, NULL);
    assert_string_equal(abs, want);
    assert_non_null(dotted);
    assert_null(strstr(dotted, "..")); /* resolved, not pasted */
    assert_null(cn_manifest_absolute(NULL));
    assert_null(cn_manifest_absolute(""));
    char *gone = malloc(strlen(dir) + 16);
    assert_non_null(gone);
    sprintf(gone, "%s/nothing.txt", dir);
    assert_null(cn_manifest_absolute(gone));
    free(gone);
    free(want);
    free(abs);
    free(dotted);
    unlink(file);
    rmdir(dir);
    free(file);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(reads_a_manifest_without_libraries),
        cmocka_unit_test(pipeline_params),
        cmocka_unit_test(reads_a_double_without_sign_draws),
        cmocka_unit_test(refuses_bad_values),
        cmocka_unit_test(reads_manifests_without_stability),
        cmocka_unit_test(reads_a_manifest_without_fold_accents),
        cmocka_unit_test(refuses_huge_files),
        cmocka_unit_test(absolute_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
