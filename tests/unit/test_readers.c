/* test_readers.c — the analysis's small input files on the edge cases a careless editor
 * or a fuzzer writes (issue 8, defect 5 and "keep it holding"): the lexicon, the
 * expressions and the stop-word readers accept an empty file, a missing last newline,
 * CRLF and a BOM, and refuse a NUL byte, invalid UTF-8 or an unusable line with file and
 * line; a huge line is read whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/intern.h"
#include "carnet/lexicon.h"
#include "carnet/pipeline.h"
#include "carnet/stopwords.h"
#include "carnet/utf8.h"
#include "helpers.h"

/* A file written in its own temporary folder, removed by drop(). */
typedef struct tmpfile_ {
    char *dir, *path;
} tmpfile_;

static tmpfile_ put(const char *name, const char *data, size_t len)
{
    tmpfile_ t;
    t.dir = test_tempdir();
    t.path = test_write_file(t.dir, name, data, len);
    return t;
}

static void drop(tmpfile_ *t)
{
    unlink(t->path);
    rmdir(t->dir);
    free(t->path);
    free(t->dir);
}

/* Fails the test unless rc is code and the message holds want. */
static void expect_error(int rc, int code, const cn_error *err, const char *want)
{
    if (rc != code || !strstr(err->msg, want))
        fail_msg("expected %d '%s', got %d '%s'", code, want, rc, err->msg);
}

/* ---- lexicon ------------------------------------------------------------------------ */

static int read_lexicon_as(const char *data, size_t len, cn_charset charset, cn_lexicon **x,
                           cn_error *err)
{
    tmpfile_ t = put("lex.txt", data, len);
    *x = NULL;
    int rc = cn_lexicon_read(t.path, charset, x, err);
    drop(&t);
    return rc;
}

static int read_lexicon(const char *data, size_t len, cn_lexicon **x, cn_error *err)
{
    return read_lexicon_as(data, len, CN_CHARSET_UNICODE, x, err);
}

static void lexicon_edges_accepted(void **state)
{
    (void)state;
    /* a BOM, CRLF, a blank line, no newline at the end */
    static const char text[] = "\xEF\xBB\xBF"
                               "Chats\tchat\tnom\r\n\r\nmangent\tmanger\tver";
    cn_lexicon *x;
    cn_error err = {0};
    if (read_lexicon(text, sizeof text - 1, &x, &err) != 0)
        fail_msg("%s", err.msg);
    const char *lemma, *pos;
    assert_int_equal(cn_lexicon_find(x, "chats", 5, &lemma, &pos), 1);
    assert_string_equal(lemma, "chat");
    assert_int_equal(cn_lexicon_find(x, "mangent", 7, &lemma, &pos), 1);
    assert_string_equal(pos, "ver");
    cn_lexicon_free(x);
    /* a lemma typed on a Mac, its accent a combining mark: one lemma with the composed one */
    static const char nfd[] = "m\xc3\xa8re\tm\xc3\xa8re\tnom\nme\xcc\x80res\tme\xcc\x80re\tnom\n";
    if (read_lexicon(nfd, sizeof nfd - 1, &x, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(cn_lexicon_find(x, "m\xc3\xa8res", 6, &lemma, &pos), 1);
    assert_string_equal(lemma, "m\xc3\xa8re");
    cn_lexicon_free(x);
}

/* A form given on several lines takes its last line, as IRAMUTEQ's dict does (a team
 * corrects an entry by appending one), and the repeats are counted for the warning; by
 * default "Chats" is "chats" folded, so it is one of them. */
static void lexicon_last_line_wins(void **state)
{
    (void)state;
    static const char text[] = "chats\tchat\tnom\n"
                               "mange\tmanger\tver\n"
                               "Chats\tchatte\tnom\n"
                               "mange\tmangeoire\tnom\n"
                               "chats\tchaton\tnom\n"
                               "chien\tchien\tnom\n";
    cn_lexicon *x;
    cn_error err = {0};
    if (read_lexicon(text, sizeof text - 1, &x, &err) != 0)
        fail_msg("%s", err.msg);
    const char *lemma, *pos;
    assert_int_equal(cn_lexicon_find(x, "chats", 5, &lemma, &pos), 1);
    assert_string_equal(lemma, "chaton");
    assert_int_equal(cn_lexicon_find(x, "mange", 5, &lemma, &pos), 1);
    assert_string_equal(lemma, "mangeoire");
    assert_string_equal(pos, "nom");
    const cn_lexicon_duplicates *d = cn_lexicon_duplicates_of(x);
    assert_int_equal(d->forms, 2);
    assert_int_equal(d->nshown, 2);
    assert_string_equal(d->shown[0].form, "chats");
    assert_int_equal(d->shown[0].first, 1);
    assert_int_equal(d->shown[0].last, 5);
    assert_int_equal(d->shown[0].lines, 3);
    assert_string_equal(d->shown[1].form, "mange");
    assert_int_equal(d->shown[1].first, 2);
    assert_int_equal(d->shown[1].last, 4);
    assert_int_equal(d->shown[1].lines, 2);
    cn_lexicon_free(x);
    /* seven forms given twice: all counted, the first five shown */
    char many[512] = "";
    for (int round = 0; round < 2; round++)
        for (char c = 'a'; c <= 'g'; c++) {
            char line[32];
            snprintf(line, sizeof line, "%c%c\t%c\tnom\n", c, c, c);
            strcat(many, line);
        }
    if (read_lexicon(many, strlen(many), &x, &err) != 0)
        fail_msg("%s", err.msg);
    d = cn_lexicon_duplicates_of(x);
    assert_int_equal(d->forms, 7);
    assert_int_equal(d->nshown, CN_LEXICON_DUPLICATES_SHOWN);
    assert_string_equal(d->shown[4].form, "ee");
    assert_int_equal(d->shown[4].first, 5);
    assert_int_equal(d->shown[4].last, 12);
    cn_lexicon_free(x);
}

/* The lemma form has in x, or NULL when x does not list it. */
static const char *lemma_in(const cn_lexicon *x, const char *form)
{
    const char *lemma, *pos;
    return cn_lexicon_find(x, form, strlen(form), &lemma, &pos) ? lemma : NULL;
}

/* Under --charset iramuteq a form is a key as IRAMUTEQ's dict has it: as written, '"'
 * removed, so "Enfant" never meets the lowered corpus word "enfant" (nor is it a repeat of
 * the form "enfant"); by default it is folded and captures every "enfant". */
static void lexicon_keys_by_charset(void **state)
{
    (void)state;
    static const char text[] = "Enfant\tENFANT_CAP\tnom\n"
                               "\"maison\"\tmaison\tnom\n"
                               "aujourd'hui\taujourd_hui\tadv\n"
                               "fille\tfille\tnom\n";
    cn_lexicon *x;
    cn_error err = {0};
    if (read_lexicon_as(text, sizeof text - 1, CN_CHARSET_IRAMUTEQ, &x, &err) != 0)
        fail_msg("%s", err.msg);
    assert_null(lemma_in(x, "enfant"));
    assert_string_equal(lemma_in(x, "maison"), "maison");
    assert_string_equal(lemma_in(x, "fille"), "fille");
    cn_lexicon_free(x);
    if (read_lexicon(text, sizeof text - 1, &x, &err) != 0)
        fail_msg("%s", err.msg);
    assert_string_equal(lemma_in(x, "enfant"), "ENFANT_CAP");
    cn_lexicon_free(x);
    /* "Enfant" and "enfant": two keys under iramuteq, one form given twice by default */
    static const char both[] = "Enfant\tENFANT_CAP\tnom\n"
                               "enfant\tenfant\tnom\n"
                               "Enfant\tENFANT_BIS\tnom\n";
    if (read_lexicon_as(both, sizeof both - 1, CN_CHARSET_IRAMUTEQ, &x, &err) != 0)
        fail_msg("%s", err.msg);
    assert_string_equal(lemma_in(x, "enfant"), "enfant");
    const cn_lexicon_duplicates *d = cn_lexicon_duplicates_of(x);
    assert_int_equal(d->forms, 1); /* "Enfant" twice, as written: the dict's repeat too */
    assert_string_equal(d->shown[0].form, "Enfant");
    assert_int_equal(d->shown[0].first, 1);
    assert_int_equal(d->shown[0].last, 3);
    cn_lexicon_free(x);
    if (read_lexicon(both, sizeof both - 1, &x, &err) != 0)
        fail_msg("%s", err.msg);
    assert_string_equal(lemma_in(x, "enfant"), "ENFANT_BIS");
    d = cn_lexicon_duplicates_of(x);
    assert_int_equal(d->forms, 1);
    assert_string_equal(d->shown[0].form, "enfant");
    assert_int_equal(d->shown[0].lines, 3);
    cn_lexicon_free(x);
}

static void lexicon_edges_refused(void **state)
{
    (void)state;
    cn_lexicon *x;
    cn_error err = {0};
    expect_error(read_lexicon("", 0, &x, &err), CN_EEMPTY, &err, "lex.txt: no entry");
    expect_error(read_lexicon("\n\r\n", 3, &x, &err), CN_EEMPTY, &err, "lex.txt: no entry");
    static const char nul[] = "chat\tchat\tnom\nchien\tchi\0en\tnom\n";
    expect_error(read_lexicon(nul, sizeof nul - 1, &x, &err), CN_EINVALID, &err,
                 "lex.txt:2: NUL byte");
    static const char latin1[] = "chat\tchat\tnom\ncaf\xe9\tcaf\xe9\tnom\n";
    expect_error(read_lexicon(latin1, sizeof latin1 - 1, &x, &err), CN_EINVALID, &err,
                 "lex.txt:2: invalid UTF-8 at byte 4: saved as Windows-1252 or Latin-1? convert "
                 "it: (umask 077 && iconv -f cp1252 -t utf-8 ");
    assert_non_null(strstr(err.msg, "lex.txt > ")); /* a copy beside it, the file whole */
    assert_non_null(strstr(err.msg, "lex-utf8.txt)"));
    /* UTF-8 elsewhere: one wrong character, nothing to convert (trial 92: the converted
     * lexicon stopped lemmatising every accented form, without a word) */
    static const char stray[] = "caf\xe9\tcafe\tnom\nm\xc3\xa8re\tm\xc3\xa8re\tnom\n";
    expect_error(read_lexicon(stray, sizeof stray - 1, &x, &err), CN_EINVALID, &err,
                 "lex.txt:1: invalid UTF-8 at byte 4, in a file that is UTF-8 elsewhere");
    assert_null(strstr(err.msg, "iconv"));
    /* Notepad's "Unicode": UTF-16 with its mark, or UTF-32, is named, not a NUL byte */
    static const char utf16[] = "\xff\xfe"
                                "c\0h\0a\0t\0\t\0c\0h\0a\0t\0\t\0n\0o\0m\0\n\0";
    expect_error(
        read_lexicon(utf16, sizeof utf16 - 1, &x, &err), CN_EINVALID, &err,
        "lex.txt: the file is UTF-16, not UTF-8: save it as UTF-8: (umask 077 && iconv -f utf-16");
    assert_non_null(strstr(err.msg, "-t utf-8 ") && strstr(err.msg, "-utf8.txt)"));
    char hint[200]; /* a path a shell would split is quoted; one without a dot gets -utf8 */
    cn_utf8_iconv_hint(hint, sizeof hint, "my diaries/lex", "cp1252");
    assert_string_equal(
        hint, "(umask 077 && iconv -f cp1252 -t utf-8 'my diaries/lex' > 'my diaries/lex-utf8')");
    cn_utf8_iconv_hint(hint, sizeof hint, "d'avril.txt", "cp1252"); /* a quote inside */
    assert_string_equal(hint, "(umask 077 && iconv -f cp1252 -t utf-8 'd'\\''avril.txt' > "
                              "'d'\\''avril-utf8.txt')");
    char longpath[300]; /* a command that would not fit whole is not offered cut */
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    cn_utf8_iconv_hint(hint, sizeof hint, longpath, "cp1252");
    assert_string_equal(hint, "iconv -f cp1252 -t utf-8, the file as its input");
    char *dir = test_tempdir(), fifo[4200]; /* a pipe is not read twice: cannot tell */
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(cn_utf8_file_verdict(fifo), -1);
    unlink(fifo);
    free(dir);
    cn_utf8_iconv_hint(hint, sizeof hint, "-lex.txt", "cp1252"); /* not an option */
    assert_string_equal(hint,
                        "(umask 077 && iconv -f cp1252 -t utf-8 ./-lex.txt > ./-lex-utf8.txt)");
    cn_utf8_iconv_hint(hint, sizeof hint, "a.b/lex.txt", "utf-16");
    assert_string_equal(hint,
                        "(umask 077 && iconv -f utf-16 -t utf-8 a.b/lex.txt > a.b/lex-utf8.txt)");
    cn_utf8_iconv_hint(hint, sizeof hint, "a.b/lex", "utf-16");
    assert_string_equal(hint, "(umask 077 && iconv -f utf-16 -t utf-8 a.b/lex > a.b/lex-utf8)");
    static const char utf32[] = "\xff\xfe\0\0c\0\0\0h\0\0\0\n\0\0\0";
    expect_error(read_lexicon(utf32, sizeof utf32 - 1, &x, &err), CN_EINVALID, &err,
                 "lex.txt: the file is UTF-32");
    expect_error(read_lexicon("\t\t\t\n", 4, &x, &err), CN_EINVALID, &err,
                 "lex.txt:1: expected form<TAB>lemma<TAB>POS");
    expect_error(read_lexicon("chat\tchat\t\n", 11, &x, &err), CN_EINVALID, &err,
                 "lex.txt:1: the POS is missing");
    assert_null(x);
}

/* ---- stop words ---------------------------------------------------------------------- */

static int read_stopwords(const char *data, size_t len, cn_stopwords **s, cn_error *err)
{
    tmpfile_ t = put("stop.txt", data, len);
    *s = cn_stopwords_new();
    assert_non_null(*s);
    int rc = cn_stopwords_add_file(*s, t.path, err);
    drop(&t);
    return rc;
}

static void stopwords_edges(void **state)
{
    (void)state;
    cn_stopwords *s;
    cn_error err = {0};
    assert_int_equal(read_stopwords("", 0, &s, &err), 0);
    assert_false(cn_stopwords_has(s, "fr", "", 0));
    cn_stopwords_free(s);

    static const char text[] = "\xEF\xBB\xBF"
                               "chose\r\n \t \n# comment\nmachin";
    assert_int_equal(read_stopwords(text, sizeof text - 1, &s, &err), 0);
    assert_true(cn_stopwords_has(s, "fr", "chose", 5)); /* the BOM is not part of it */
    assert_true(cn_stopwords_has(s, "en", "machin", 6));
    assert_false(cn_stopwords_has(s, "fr", "# comment", 9));
    cn_stopwords_free(s);

    /* a word as a team writes it, capitalised, or typed on a Mac (a combining accent), stops
     * the form the corpus has: lower case, NFC (ß kept, as the corpus keeps it) */
    static const char written[] = "Patron\nme\xcc\x80re\nSTRA\xc3\x9f"
                                  "E\n";
    assert_int_equal(read_stopwords(written, sizeof written - 1, &s, &err), 0);
    assert_true(cn_stopwords_has(s, "fr", "patron", 6));
    assert_true(cn_stopwords_has(s, "fr", "m\xc3\xa8re", 5));
    assert_true(cn_stopwords_has(s, "de",
                                 "stra\xc3\x9f"
                                 "e",
                                 7));
    cn_stopwords_free(s);

    /* "truc\0bidule" would have added "truc" and lost the rest without a word */
    static const char nul[] = "chose\ntruc\0bidule\n";
    expect_error(read_stopwords(nul, sizeof nul - 1, &s, &err), CN_EINVALID, &err,
                 "stop.txt:2: NUL byte");
    assert_false(cn_stopwords_has(s, "fr", "truc", 4));
    cn_stopwords_free(s);
    static const char bad[] = "chose\n\xff\xfe\n";
    expect_error(read_stopwords(bad, sizeof bad - 1, &s, &err), CN_EINVALID, &err,
                 "stop.txt:2: invalid UTF-8 at byte 1");
    cn_stopwords_free(s);
    static const char utf16[] = "c\0h\0o\0s\0e\0\r\0\n\0"; /* no mark: a letter beside a NUL */
    expect_error(read_stopwords(utf16, sizeof utf16 - 1, &s, &err), CN_EINVALID, &err,
                 "stop.txt: the file is UTF-16");
    cn_stopwords_free(s);

    /* a 100,000-byte line is read whole (and, longer than any word, matches nothing) */
    size_t big = 100000;
    char *huge = malloc(big + 8);
    assert_non_null(huge);
    memset(huge, 'a', big);
    memcpy(huge + big, "\nchose\n", 7);
    assert_int_equal(read_stopwords(huge, big + 7, &s, &err), 0);
    assert_true(cn_stopwords_has(s, "fr", "chose", 5));
    cn_stopwords_free(s);
    free(huge);
}

/* ---- expressions (through cn_prepare) ---------------------------------------------------- */

static const char corpus[] = "**** *g_a\nle groupe de parole se réunit, le groupe de parole "
                             "parle du groupe\n";

/* cn_prepare of the corpus above with the expressions file given. */
static int prepare_with(const char *expr, size_t len, cn_prepared **p, cn_error *err)
{
    tmpfile_ c = put("corpus.txt", corpus, sizeof corpus - 1);
    tmpfile_ e = put("expr.txt", expr, len);
    cn_pipeline_params params = cn_pipeline_defaults();
    params.expressions = e.path;
    params.min_freq = 1;
    *p = NULL;
    int rc = cn_prepare(c.path, &params, p, err);
    drop(&c);
    drop(&e);
    return rc;
}

static uint64_t freq(const cn_prepared *p, const char *form)
{
    uint32_t id = cn_intern_find(p->forms, form, strlen(form));
    return id == CN_INTERN_NONE ? 0 : p->form_freq[id];
}

/* The crash: an empty file reached qsort(NULL, 0, ...), which the sanitizer build
 * aborts on. An empty file, or one of blank lines, adds no expression. */
static void expressions_empty_file(void **state)
{
    (void)state;
    const char *files[] = {"", "\n", "\r\n\n"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        cn_prepared *p;
        cn_error err = {0};
        if (prepare_with(files[k], strlen(files[k]), &p, &err) != 0)
            fail_msg("file %zu: %s", k, err.msg);
        assert_int_equal(freq(p, "groupe"), 3);
        cn_prepared_free(p);
    }
}

static void expressions_edges_accepted(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF"
                               "groupe de parole\tgroupe_de_parole\tnom";
    cn_prepared *p;
    cn_error err = {0};
    if (prepare_with(text, sizeof text - 1, &p, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(freq(p, "groupe_de_parole"), 2); /* the BOM did not stick to "groupe" */
    assert_int_equal(freq(p, "groupe"), 1);
    cn_prepared_free(p);
}

static void expressions_edges_refused(void **state)
{
    (void)state;
    cn_prepared *p;
    cn_error err = {0};
    static const char nul[] = "groupe de\tgroupe_de\ngroupe de parole\tgroupe_de\0parole\n";
    prepare_with(nul, sizeof nul - 1, &p, &err);
    expect_error(err.code, CN_EINVALID, &err, "expr.txt:2: NUL byte");
    static const char latin1[] = "caf\xe9 noir\tcaf\xe9_noir\n";
    prepare_with(latin1, sizeof latin1 - 1, &p, &err);
    expect_error(err.code, CN_EINVALID, &err, "expr.txt:1: invalid UTF-8 at byte 4");
    static const char utf16[] = "\xfe\xff\0g\0r\0o\0u\0p\0e\0\n";
    prepare_with(utf16, sizeof utf16 - 1, &p, &err);
    expect_error(err.code, CN_EINVALID, &err, "expr.txt: the file is UTF-16");
    /* a line of separators, a form without a word, a blank lemma */
    static const char *lines[][2] = {
        {"\t\t\n", "expr.txt:1: expected form<TAB>lemma"},
        {"groupe de\tgroupe_de\n, ;\tvirgule\n", "expr.txt:2: the form ', ;' holds no word"},
        {"groupe de\t  \n", "expr.txt:1: the lemma is blank"},
    };
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        assert_true(prepare_with(lines[k][0], strlen(lines[k][0]), &p, &err) < 0);
        expect_error(err.code, CN_EINVALID, &err, lines[k][1]);
    }
    /* a lemma too long to be keyed: refused with its line, not later without one */
    size_t big = 600;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memcpy(text, "groupe de\t", 10);
    memset(text + 10, 'x', big);
    memcpy(text + 10 + big, "\n", 2);
    assert_true(prepare_with(text, strlen(text), &p, &err) < 0);
    expect_error(err.code, CN_EINVALID, &err, "expr.txt:1: lemma longer than 500 bytes");
    free(text);
    assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicon_edges_accepted),
        cmocka_unit_test(lexicon_last_line_wins),
        cmocka_unit_test(lexicon_keys_by_charset),
        cmocka_unit_test(lexicon_edges_refused),
        cmocka_unit_test(stopwords_edges),
        cmocka_unit_test(expressions_empty_file),
        cmocka_unit_test(expressions_edges_accepted),
        cmocka_unit_test(expressions_edges_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
