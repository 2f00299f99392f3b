/* test_corpus.c — the IRAMUTEQ format: modality names, escaping that round-trips, and the
 * reader's refusals with file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "carnet/corpus.h"
#include "carnet/utf8.h"
#include "carnet/where.h"
#include "helpers.h"

static void modalities_are_safe_tokens(void **state)
{
    (void)state;
    char out[64];
    cn_corpus_modality("Paris Nord", out, sizeof out);
    assert_string_equal(out, "paris_nord");
    cn_corpus_modality("Montréal (Hôpital Saint-Luc)", out, sizeof out);
    assert_string_equal(out, "montreal_hopital_saint_luc");
    cn_corpus_modality("", out, sizeof out);
    assert_string_equal(out, "na");
    cn_corpus_modality("  --  ", out, sizeof out);
    assert_string_equal(out, "na");
    /* Latin letters that lose a stroke or a ligature, not the letter: Łódź is Lodz's
     * cohort, not odz's */
    const char *plain[][2] = {{"Łódź", "lodz"},          {"Østfold", "ostfold"},
                              {"Ærø", "aero"},           {"Đakovo", "dakovo"},
                              {"Þórshöfn", "thorshofn"}, {"Œuvre Saint-Luc", "oeuvre_saint_luc"},
                              {"Straße", "strasse"},     {"Ł", "l"},
                              {"Москва Ł", "l"},         {"Ħamrun", "hamrun"}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        assert_true(cn_corpus_modality(plain[i][0], out, sizeof out));
        assert_string_equal(out, plain[i][1]);
    }
    assert_false(cn_corpus_modality("Москва", out, sizeof out));
    assert_string_equal(out, "na");
    char small[4]; /* cut at the room, never past it */
    cn_corpus_modality("Łódź Œuvre", small, sizeof small);
    assert_string_equal(small, "lod");
    assert_true(cn_corpus_star_valid("*site_paris_nord"));
    assert_false(cn_corpus_star_valid("*site_paris-nord"));
    assert_false(cn_corpus_star_valid("*"));
    assert_false(cn_corpus_star_valid("site"));
}

static void utf8_validation_is_strict(void **state)
{
    (void)state;
    size_t bad;
    assert_true(cn_utf8_valid("é日本", strlen("é日本"), NULL));
    assert_false(cn_utf8_valid("ab\xC0\x80", 4, &bad)); /* overlong NUL */
    assert_int_equal(bad, 2);
    assert_false(cn_utf8_valid("\xED\xA0\x80", 3, &bad));     /* surrogate */
    assert_false(cn_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* above U+10FFFF */
    assert_false(cn_utf8_valid("x\xC3", 2, &bad));            /* truncated */
    assert_int_equal(bad, 1);
}

static cn_corpus *read_text(const char *dir, const char *data, cn_error *err)
{
    char *path = test_write_file(dir, "c.txt", data, strlen(data));
    cn_corpus *c = NULL;
    int rc = cn_corpus_read(path, &c, err);
    free(path);
    return rc == 0 ? c : NULL;
}

static void escaped_lines_round_trip(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    const char *texts[] = {
        "ordinary line\n**** looks like a header\n-* looks like a thematic\n\\**** already "
        "escaped?\n\\\\-* two backslashes\n\\ a plain backslash line\n"
        "\xEF\xBB\xBF**** a header after a BOM\n\xEF\xBB\xBF\\-* a BOM, then escaped\n"
        "\xEF\xBB\xBF\xEF\xBB\xBFtwo BOMs before a word\n\\\xEF\xBB\xBF a backslash, a BOM\n"
        " **** *part_A02 *sexe_h\n*** *part_A02\n\\\t*** *a_1\n*** fin ***\n"
        "a quote: **** *part_P02 *sex_m\n*part_P03 *sex_f\nun **** *cache pas",
        "second text\n\nwith a blank line inside",
    };
    char path[4200];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *f = fopen(path, "w");
    const char *stars[] = {"*part_P01", "*month_01"};
    for (int i = 0; i < 2; i++)
        assert_int_equal(cn_corpus_write_text(f, stars, 2, texts[i], NULL), 0);
    fclose(f);
    cn_corpus *c;
    cn_error err = {0};
    assert_int_equal(cn_corpus_read(path, &c, &err), 0);
    assert_int_equal(c->ntexts, 2);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(c->texts[i].nstars, 2);
        assert_string_equal(c->texts[i].stars[1], "*month_01");
        assert_int_equal(c->texts[i].nblocks, 1);
        assert_string_equal(c->texts[i].blocks[0].body, texts[i]);
    }
    assert_int_equal(c->texts[0].line, 1);
    cn_corpus_free(c);
    free(dir);
}

static void reader_keeps_thematics_and_skips_bom(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_error err = {0};
    cn_corpus *c = read_text(dir,
                             "\xEF\xBB\xBF**** *a_1\nfirst\n-*theme1 \t\r\nsecond\n\n"
                             "**** *a_2\nthird\n-*theme2\xc2\xa0\xe3\x80\x80\nfourth\n",
                             &err);
    assert_non_null(c);
    assert_int_equal(c->ntexts, 2);
    assert_int_equal(c->texts[0].nblocks, 2);
    assert_null(c->texts[0].blocks[0].thematic);
    assert_string_equal(c->texts[0].blocks[0].body, "first");
    assert_string_equal(c->texts[0].blocks[1].thematic, "-*theme1");
    assert_string_equal(c->texts[0].blocks[1].body, "second");
    assert_int_equal(c->texts[0].blocks[1].line, 4);
    assert_int_equal(c->texts[1].line, 6);
    assert_string_equal(c->texts[1].blocks[1].thematic, "-*theme2"); /* no-break spaces after */
    cn_corpus_free(c);
    free(dir);
}

/* Trial 59: Notepad saves each participant's file with a BOM, and cat or copy /b joins
 * them: the BOM of every file after the first comes at the head of its header, which read
 * as text merged the two texts, the second's stars made words. A BOM begins any line
 * unseen: before a header, a thematic, a text line, or twice (an empty file's first). */
static void reader_skips_a_bom_at_the_head_of_any_line(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_error err = {0};
    cn_corpus *c = read_text(dir,
                             "\xEF\xBB\xBF**** *part_A01 *sexe_f\r\n"
                             "Le m\xC3\xA9"
                             "decin a chang\xC3\xA9 le traitement.\r\n"
                             "\xEF\xBB\xBF**** *part_A02 *sexe_h\r\n"
                             "Ma m\xC3\xA8re est venue dimanche.\r\n"
                             "\xEF\xBB\xBF-*repas\r\n\xEF\xBB\xBF"
                             "En famille.\r\n"
                             "\xEF\xBB\xBF\xEF\xBB\xBF**** *part_A03\r\n\xEF\xBB\xBF\r\nSeul.\r\n",
                             &err);
    if (!c)
        fail_msg("%s", err.msg);
    assert_int_equal(c->ntexts, 3);
    assert_int_equal(c->texts[1].line, 3);
    assert_int_equal(c->texts[1].nstars, 2);
    assert_string_equal(c->texts[1].stars[0], "*part_A02");
    assert_string_equal(c->texts[1].stars[1], "*sexe_h");
    assert_string_equal(c->texts[0].blocks[0].body, "Le m\xC3\xA9"
                                                    "decin a chang\xC3\xA9 le traitement.");
    assert_string_equal(c->texts[1].blocks[0].body, "Ma m\xC3\xA8re est venue dimanche.");
    assert_int_equal(c->texts[1].nblocks, 2);
    assert_string_equal(c->texts[1].blocks[1].thematic, "-*repas");
    assert_string_equal(c->texts[1].blocks[1].body, "En famille.");
    assert_int_equal(c->texts[2].line, 7);
    assert_string_equal(c->texts[2].stars[0], "*part_A03");
    assert_string_equal(c->texts[2].blocks[0].body, "Seul."); /* a line of a BOM is blank */
    assert_int_equal(c->texts[2].blocks[0].line, 9);
    cn_corpus_free(c);
    free(dir);
}

static void expect_error(const char *data, const char *fragment);

/* Every line break Python's reader (and so IRAMUTEQ's) knows ends a line: a form feed of
 * pdftotext's before a header starts a text, a file of lone CRs (an old Mac's) is read, and
 * an export writes a text's separators as '\n', so that a "****" after one stays text. */
static void every_line_break_ends_a_line(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_error err = {0};
    cn_corpus *c = read_text(dir,
                             "**** *a_1\nun deux\x0c**** *a_2\rtrois\r\x0b-*t1\x1equatre\n"
                             "cinq\xc2\x85six\xe2\x80\xa8**** *a_3\xe2\x80\xa9sept\r\n"
                             "**** *a_4\x1c**** *a_5\x1dhuit\n",
                             &err);
    assert_non_null(c);
    assert_int_equal(c->ntexts, 5);
    assert_string_equal(c->texts[0].blocks[0].body, "un deux");
    assert_string_equal(c->texts[1].stars[0], "*a_2");
    assert_int_equal(c->texts[1].nblocks, 2);
    assert_string_equal(c->texts[1].blocks[0].body, "trois");
    assert_string_equal(c->texts[1].blocks[1].thematic, "-*t1");
    assert_string_equal(c->texts[1].blocks[1].body, "quatre\ncinq\nsix");
    assert_string_equal(c->texts[2].blocks[0].body, "sept");
    assert_int_equal(c->texts[2].line, 10); /* every break counts, as Python counts them */
    assert_string_equal(c->texts[4].blocks[0].body, "huit");
    cn_corpus_free(c);
    /* an old Mac's file: a message names the line its editor shows */
    expect_error("**** *a_1\rle chat\r**** *a_\xc3\xa9\rle chien\r",
                 "c.txt:3: star variable '*a_\xc3\xa9'");
    /* stars apart by a no-break space are two stars, as IRAMUTEQ's split() reads them */
    c = read_text(dir, "**** *a_1\xc2\xa0*b_2\nle chat\n", &err);
    assert_non_null(c);
    assert_int_equal(c->texts[0].nstars, 2);
    assert_string_equal(c->texts[0].stars[1], "*b_2");
    cn_corpus_free(c);

    char path[4200];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *f = fopen(path, "w");
    const char *stars[] = {"*part_P01"};
    assert_int_equal(cn_corpus_write_text(f, stars, 1, "a\xe2\x80\xa8**** *x_y\x0c-*z b", NULL), 0);
    fclose(f);
    assert_int_equal(cn_corpus_read(path, &c, &err), 0);
    assert_int_equal(c->ntexts, 1);
    assert_int_equal(c->texts[0].nblocks, 1);
    assert_string_equal(c->texts[0].blocks[0].body, "a\n**** *x_y\n-*z b");
    cn_corpus_free(c);
    free(dir);
}

/* A language written several ways is one modality of lang, as the analysis stems it: one
 * cohort of --by lang, one of --where lang= (which reads its modalities the same way). */
static void lang_modalities_are_iso_639_1_codes(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    cn_error err = {0};
    cn_corpus *c = read_text(dir,
                             "**** *lang_por *a_1\nx\n**** *lang_PT\nx\n**** *lang_pt_br\nx\n"
                             "**** *lang_portuguese\nx\n**** *lang_pt\nx\n**** *lang_xx\nx\n"
                             "**** *language_por *langue_fre\nx\n**** *lang_iw\nx\n",
                             &err);
    assert_non_null(c);
    for (size_t i = 0; i < 5; i++) /* a region stays, glued (trial 89) */
        assert_string_equal(c->texts[i].stars[0], i == 2 ? "*lang_ptbr" : "*lang_pt");
    assert_string_equal(c->texts[0].stars[1], "*a_1");
    assert_string_equal(c->texts[5].stars[0], "*lang_xx"); /* the analysis refuses it */
    assert_string_equal(c->texts[6].stars[0], "*language_por");
    assert_string_equal(c->texts[6].stars[1], "*langue_fre");
    assert_string_equal(c->texts[7].stars[0], "*lang_he"); /* a withdrawn code, as stored */
    cn_corpus_free(c);
    free(dir);
    cn_where w = {0};
    assert_int_equal(cn_where_add(&w, "lang=Portuguese,FR", &err), 0);
    assert_string_equal(w.conds[0].values[0], "pt");
    assert_string_equal(w.conds[0].values[1], "fr");
    assert_int_equal(cn_where_add(&w, "site=por", &err), 0);
    assert_string_equal(w.conds[1].values[0], "por");
    cn_where w2 = {0};
    assert_int_equal(cn_where_add(&w2, "lang=pt,por", &err), CN_EDUPLICATE);
    assert_int_equal(cn_where_add(&w2, "lang=pt-BR,PT", &err), 0);
    assert_string_equal(w2.conds[0].values[0], "ptbr");
    assert_string_equal(w2.conds[0].values[1], "pt");
}

/* The texts live in the corpus's slabs (corpus.c): many thematic blocks in one text, a
 * body larger than a slab's quarter between small ones, and many texts, read back whole. */
static void texts_of_every_size_are_kept_whole(void **state)
{
    (void)state;
    size_t big = 600000, cap = big + 400000, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    len += (size_t)snprintf(data + len, cap - len, "**** *a_1\nfirst\n");
    for (int b = 0; b < 9; b++)
        len += (size_t)snprintf(data + len, cap - len, "-*t%d\nblock %d\n", b, b);
    len += (size_t)snprintf(data + len, cap - len, "**** *a_2\n");
    memset(data + len, 'x', big);
    len += big;
    for (int t = 3; t < 3000; t++)
        len += (size_t)snprintf(data + len, cap - len, "\n**** *a_%d *b_%d\ntext %d", t, t % 7, t);
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "big.txt", data, len);
    cn_corpus *c = NULL;
    cn_error err = {0};
    assert_int_equal(cn_corpus_read(path, &c, &err), 0);
    assert_int_equal(c->ntexts, 2999);
    assert_int_equal(c->texts[0].nblocks, 10);
    assert_string_equal(c->texts[0].blocks[0].body, "first");
    for (int b = 0; b < 9; b++) {
        char want[32];
        snprintf(want, sizeof want, "-*t%d", b);
        assert_string_equal(c->texts[0].blocks[b + 1].thematic, want);
        snprintf(want, sizeof want, "block %d", b);
        assert_string_equal(c->texts[0].blocks[b + 1].body, want);
    }
    assert_int_equal(strlen(c->texts[1].blocks[0].body), big);
    assert_int_equal(strspn(c->texts[1].blocks[0].body, "x"), big);
    assert_string_equal(c->texts[2998].blocks[0].body, "text 2999");
    assert_string_equal(c->texts[2998].stars[1], "*b_3");
    cn_corpus_free(c);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    free(data);
}

/* A corpus of more than CN_CORPUS_SPLIT_BYTES, with what the reader has to carry across
 * a cut: a BOM, thematics, escaped lines, CRLF endings, blank lines between a text's lines
 * and after it, a text of many lines, and a last line without its newline. *len: its size. */
static char *varied_corpus(size_t *len)
{
    size_t cap = CN_CORPUS_SPLIT_BYTES + (2u << 20), n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    n += (size_t)snprintf(data, cap, "\xEF\xBB\xBF\n");
    for (int t = 0; n < CN_CORPUS_SPLIT_BYTES + (1u << 20); t++) {
        const char *end = t % 5 == 0 ? "\r\n" : "\n";
        n += (size_t)snprintf(data + n, cap - n, "**** *t_%d *g_%d%s", t, t % 3, end);
        n += (size_t)snprintf(data + n, cap - n, "line one of text %d, été%s", t, end);
        if (t % 4 == 0)
            n += (size_t)snprintf(data + n, cap - n, "\n\\****not a header%s", end);
        if (t % 7 == 0)
            n += (size_t)snprintf(data + n, cap - n, "-*theme_%d\nin a theme\n", t % 3);
        for (int k = 0; k < t % 11; k++)
            n += (size_t)snprintf(data + n, cap - n, "more words %d %d%s", t, k, end);
        n += (size_t)snprintf(data + n, cap - n, "%s", t % 2 ? "\n\n" : "\n");
    }
    n += (size_t)snprintf(data + n, cap - n, "**** *t_last\nno newline at the end");
    *len = n;
    return data;
}

static void expect_same_corpus(const cn_corpus *a, const cn_corpus *b)
{
    assert_int_equal(a->ntexts, b->ntexts);
    for (size_t i = 0; i < a->ntexts; i++) {
        const cn_corpus_text *x = &a->texts[i], *y = &b->texts[i];
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->nstars, y->nstars);
        for (size_t k = 0; k < x->nstars; k++)
            assert_string_equal(x->stars[k], y->stars[k]);
        assert_int_equal(x->nblocks, y->nblocks);
        for (size_t k = 0; k < x->nblocks; k++) {
            assert_int_equal(x->blocks[k].line, y->blocks[k].line);
            assert_string_equal(x->blocks[k].body, y->blocks[k].body);
            assert_true((x->blocks[k].thematic == NULL) == (y->blocks[k].thematic == NULL));
            if (x->blocks[k].thematic)
                assert_string_equal(x->blocks[k].thematic, y->blocks[k].thematic);
        }
    }
}

/* A large file is read in two parts at once (cn_corpus_read_threads): the same texts,
 * stars, blocks and line numbers as one reader gives; a bad line in the second part is
 * named by its line in the file; with a bad line in each part, the first is named. */
static void two_readers_read_as_one(void **state)
{
    (void)state;
    size_t len;
    char *data = varied_corpus(&len);
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "large.txt", data, len);
    cn_corpus *one = NULL, *two = NULL;
    cn_error err = {0};
    /* the file is read in two parts, cut before a "****" line past its middle */
    long long cut = cn_corpus_split_offset(path);
    assert_true(cut > (long long)(len / 2) && cut < (long long)len);
    assert_int_equal(data[cut - 1], '\n');
    assert_memory_equal(data + cut, "****", 4);
    assert_int_equal(cn_corpus_read_threads(path, 1, &one, &err), 0);
    assert_int_equal(cn_corpus_read_threads(path, 2, &two, &err), 0);
    expect_same_corpus(one, two);
    assert_string_equal(two->texts[two->ntexts - 1].blocks[0].body, "no newline at the end");
    assert_string_equal(two->texts[0].stars[0], "*t_0");
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    assert_int_equal(two->texts[two->ntexts - 1].line, lines - 1);
    cn_corpus_free(one);
    cn_corpus_free(two);

    /* a bad byte three quarters in, then one in the first quarter as well */
    size_t late = len / 4 * 3, early = len / 4;
    while (data[late] != '\n')
        late++;
    while (data[early] != '\n')
        early++;
    data[late + 1] = '\xFF';
    size_t late_line = 1;
    for (size_t i = 0; i <= late; i++)
        late_line += data[i] == '\n';
    char want[64];
    snprintf(want, sizeof want, "large.txt:%zu: invalid UTF-8 at column 1", late_line);
    unlink(path);
    free(path);
    path = test_write_file(dir, "large.txt", data, len);
    cn_error serial = {0};
    assert_true(cn_corpus_read_threads(path, 1, &one, &serial) < 0);
    assert_true(cn_corpus_read_threads(path, 2, &two, &err) < 0);
    assert_string_equal(err.msg, serial.msg);
    if (!strstr(err.msg, want))
        fail_msg("expected '%s' in '%s'", want, err.msg);
    data[early + 1] = '\xFF';
    size_t early_line = 1;
    for (size_t i = 0; i <= early; i++)
        early_line += data[i] == '\n';
    snprintf(want, sizeof want, "large.txt:%zu: invalid UTF-8 at column 1", early_line);
    unlink(path);
    free(path);
    path = test_write_file(dir, "large.txt", data, len);
    assert_true(cn_corpus_read_threads(path, 2, &two, &err) < 0);
    if (!strstr(err.msg, want))
        fail_msg("expected '%s' in '%s'", want, err.msg);
    unlink(path);
    free(path);

    /* one long text: no "****" line past the middle, so one reader */
    memset(data, 'w', len);
    memcpy(data, "**** *a_1\n", 10);
    for (size_t i = 100; i < len; i += 100)
        data[i] = i % 300 ? ' ' : '\n';
    path = test_write_file(dir, "long.txt", data, len);
    assert_int_equal(cn_corpus_split_offset(path), 0);
    assert_int_equal(cn_corpus_read_threads(path, 1, &one, &err), 0);
    assert_int_equal(cn_corpus_read_threads(path, 2, &two, &err), 0);
    expect_same_corpus(one, two);
    assert_int_equal(two->ntexts, 1);
    cn_corpus_free(one);
    cn_corpus_free(two);
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
    free(data);
}

static void expect_error(const char *data, const char *fragment)
{
    char *dir = test_tempdir();
    cn_error err = {0};
    cn_corpus *c = read_text(dir, data, &err);
    assert_null(c);
    size_t n = strlen(fragment), m = strlen(err.msg);
    bool at_end = n > 0 && fragment[n - 1] == '$'; /* "...$": the message ends so */
    if (at_end ? m < n - 1 || strncmp(err.msg + m - (n - 1), fragment, n - 1) != 0
               : !strstr(err.msg, fragment))
        fail_msg("expected '%s' in '%s'", fragment, err.msg);
    assert_non_null(strstr(err.msg, "c.txt"));
    free(dir);
}

static void reader_refuses_bad_input_naming_the_line(void **state)
{
    (void)state;
    expect_error("**** *a_1\nok\nbad \xFF byte\n", "c.txt:3: invalid UTF-8 at column 5");
    /* a document or an archive by its signature, not its first odd byte (trial 94) */
    expect_error("PK\x03\x04\x14\x06word/document.xml",
                 "c.txt: the file is a zip archive (a Word, Excel or OpenDocument file is one), not"
                 " text: save it as plain text, UTF-8");
    expect_error("\x1f\x8b\x08\x08", "c.txt: the file is a gzip-compressed file, not text:"
                                     " decompress it first (gunzip)");
    /* the whole command, with the file: without it, iconv waits for the keyboard; its copy
     * the owner's alone */
    expect_error("**** *a_1\ncaf\xE9\n", "convert it: (umask 077 && iconv -f cp1252 -t utf-8 ");
    expect_error("**** *a_1\ncaf\xE9\n", "c.txt > ");
    expect_error("**** *a_1\ncaf\xE9\n", "-utf8.txt)");
    /* a file that is UTF-8 elsewhere, before the byte or after it, or by its BOM: one
     * wrong character, no conversion, which would garble the rest (trials 91, 92); its
     * column counted in characters, and the words before it to search for */
    expect_error("**** *a_1\nm\xc3\xa9"
                 "decin\n**** *a_2\ncaf\xE9\n",
                 "c.txt:4: invalid UTF-8 at column 4 (after \"caf\"), in a file that is UTF-8");
    expect_error("**** *a_1\nd\xc3\xa9j\xe0\n", "column 4 (after \"d\xc3\xa9j\")");
    expect_error("**** *a_1\ncaf\xE9\n**** *a_2\nm\xc3\xa9"
                 "decin\n",
                 "convert nothing");
    expect_error("\xEF\xBB\xBF**** *a_1\ncaf\xE9\n", "convert nothing");
    /* Windows-1252 whose "É" before a no-break space pairs into a valid sequence, C9 A0:
     * more bytes that are none, so converting it is the way out (trial 93) */
    expect_error("**** *a_1\nARR\xCAT\xC9\xA0!\nle m\xE9"
                 "decin \xAB\xA0"
                 "bien\xA0\xBB\n",
                 "saved as Windows-1252 or Latin-1? convert it: (umask 077 && iconv");
    expect_error("**** *a_1\nok\n**** *a-2\n", "c.txt:3: star variable '*a-2'");
    /* the spelling the format takes, as IRAMUTEQ's own corpora write stars (trial 89) */
    expect_error("**** *langue_fran\xc3\xa7"
                 "ais\nx\n",
                 "; write '*langue_francais'");
    expect_error("**** *id=001 *gender=F\nx\n", "is not one of them; write '*id_001'");
    expect_error("**** *part_P01*\nx\n", "; write '*part_P01'"); /* its case kept */
    expect_error("**** *ville_\xc5\x81\xc3\xb3\x64\xc5\xba\nx\n",
                 "; write '*ville_Lodz'"); /* Łódź */
    expect_error("**** *x_Stra\xc3\x9f"
                 "e\nx\n",
                 "; write '*x_Strasse'");
    expect_error("**** *x_STRA\xe1\xba\x9e"
                 "E\nx\n",
                 "; write '*x_STRASSE'"); /* a capital sharp s: both letters capitals */
    /* a ligature's capital in a word of capitals, or before small letters (trial 95) */
    expect_error("**** *site_\xc5\x92UVRE\nx\n", "; write '*site_OEUVRE'");
    expect_error("**** *site_\xc3\x86"
                 "BLE\nx\n",
                 "; write '*site_AEBLE'");
    expect_error("**** *site_\xe1\xba\x9etr\nx\n", "; write '*site_Sstr'");
    expect_error("**** *site_GRO\xe1\xba\x9e\nx\n", "; write '*site_GROSS'");
    expect_error("**** *\xc5\x92uvre_x\nx\n", "; write '*Oeuvre_x'");
    expect_error("**** *part_P1\xc2\xb2\nx\n", "(U+00B2), is not one of them$"); /* P1² */
    /* a letter of another script left out would make another code: none offered */
    expect_error("**** *part_\xd0\xa0"
                 "01\nx\n",
                 "(U+0420), is not one of them$");
    expect_error("**** *Lecture_t\xc3\xa9l\xc3\xa9\nx\n", "; write '*Lecture_tele'");
    expect_error("**** *a_1\nok\n\n**** *b_ *a_2\n", "c.txt:4: star '*b_' has no modality");
    expect_error("\n-*theme\n**** *a_1\nx\n", "c.txt:2: thematic");
    /* What IRAMUTEQ drops without a word: words after a thematic's label on its line, a
     * word glued to a header's '****' (a label is IRAMUTEQ's first token, any bytes) */
    /* a header joined to the end of a text line, the stars of a bare '****' on the line
     * under it: two texts read as one, stars as words (trial 94) */
    expect_error("**** *a_1\nLa rue, les dettes.**** *a_2 *b_x\n",
                 "c.txt:2: a header after text on one line ('La rue, les dettes.' then '**** *a_2"
                 " *b_x'): two files joined");
    expect_error("****\n*part_P01 *sex_f\nLe centre.\n",
                 "c.txt:2: '*part_P01 *sex_f' under a '****' without stars: a text's stars go on"
                 " its header's line ('**** *part_P01 *sex_f')");
    expect_error("**** *a_1\nx\n-*theme_a suite du texte\ny\n",
                 "c.txt:3: words after the thematic '-*theme_a' on its line ('suite'...)");
    /* a no-break space ends a label as IRAMUTEQ's split() ends it: no modality "-*t1 suite" */
    expect_error("**** *a_1\nx\n-*t1\xc2\xa0suite\ny\n",
                 "c.txt:3: words after the thematic '-*t1' on its line ('suite'...)");
    expect_error("**** *a_1\nLa famille.\n****bravo\n", "c.txt:3: '****bravo': a header is");
    expect_error("**** *a_1\nx\n*****\n", "c.txt:3: '*****': a header is");
    /* trial 59: a header that lost its place at the head of the line, read as text, gave
     * its stars and its text to the text before */
    expect_error("**** *part_A01\r\nx\r\n **** *part_A02 *sexe_h\r\ny\r\n",
                 "c.txt:3: ' **** *part_A02 *sexe_h' looks like a header but is not one (white "
                 "space before its '****'): a header is '****' at the head of its line");
    expect_error("**** *part_A01\nx\n*** *part_A02\ny\n",
                 "c.txt:3: '*** *part_A02' looks like a header but is not one (3 stars, not 4)");
    expect_error("**** *a_1\nx\n\t***** *site_montr\xC3\xA9"
                 "al *lang_pt-BR \t\n",
                 "c.txt:3: '\t***** *site_montr\xC3\xA9"
                 "al *lang_pt-BR' looks like a header "
                 "but is not one (white space, then 5 stars, not 4)");
    expect_error(" **** *a_1\nx\n", "c.txt:1: ' **** *a_1' looks like a header");
    expect_error("**** *a_1\nx\n\xEF\xBB\xBF*** *b_2\n", "c.txt:3: '*** *b_2' looks like");
    expect_error("", "no text");
    expect_error("\n\n", "no text");
    expect_error("stray words\n**** *a_1\nx\n", "c.txt:1: text before the first");
    char *dir = test_tempdir(); /* a folder given as the corpus: it opens, but reads not */
    cn_corpus *c = NULL;
    cn_error err = {0};
    assert_true(cn_corpus_read(dir, &c, &err) < 0);
    assert_null(c);
    assert_non_null(strstr(err.msg, ": is a folder, not a corpus file"));
    assert_non_null(strstr(err.msg, dir));
    rmdir(dir);
    free(dir);
}

/* What looks like a header is refused narrowly: lines of stars and words a diary may hold,
 * or the words after a header's stars, stay text. */
static void text_with_stars_stays_text(void **state)
{
    (void)state;
    const char *lines[] = {
        "*** fin ***",
        "Note: ***important***",
        "*** *très* bien",
        "*** *a_1 et la suite",
        "** *a_1",
        "***",
        "*** ",
        "***\t*-*",
        "\t*** fin *a_1",
        "***x *a_1",
        "*** *",
        "*** *a_1*",
        "Jour 3 *** *repos",
        "\\*** *a_1", /* escaped: the reader takes the '\\' off */
        "\\ **** *a_1",
    };
    char *dir = test_tempdir();
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char data[128];
        snprintf(data, sizeof data, "**** *a_1\nx\n%s\n", lines[i]);
        cn_error err = {0};
        cn_corpus *c = read_text(dir, data, &err);
        if (!c)
            fail_msg("'%s' refused: %s", lines[i], err.msg);
        assert_int_equal(c->ntexts, 1);
        const char *body = c->texts[0].blocks[0].body;
        if (strcmp(body + 2, lines[i][0] == '\\' ? lines[i] + 1 : lines[i]) != 0)
            fail_msg("'%s' read as '%s'", lines[i], body + 2);
        cn_corpus_free(c);
    }
    free(dir);
}

/* The file is read a block of 1 MB at a time: a line longer than that (a 3 MB text on one
 * line), lines across blocks' edges, CRLF endings, blank lines and a last line without its
 * newline read as getline read them; a bad byte far into the file is told at its line. */
static void lines_longer_and_across_blocks(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    size_t long_len = 3u << 20, size = long_len + (4u << 20), len = 0;
    char *data = malloc(size);
    len += (size_t)snprintf(data + len, size - len, "**** *n_0\r\n");
    for (size_t i = 0; i < long_len; i++)
        data[len++] = "mot "[i % 4];
    len += (size_t)snprintf(data + len, size - len, "\r\n\r\nsuite\r\n");
    int texts = 1;
    for (; len < (5u << 20); texts++) /* short texts across the next block edges */
        len +=
            (size_t)snprintf(data + len, size - len, "**** *n_%d\nligne %d\n\nfin\n", texts, texts);
    len += (size_t)snprintf(data + len, size - len, "**** *n_last\nsans fin de ligne");
    data[len] = '\0';
    cn_error err = {0};
    cn_corpus *c = read_text(dir, data, &err);
    if (!c)
        fail_msg("%s", err.msg);
    assert_int_equal(c->ntexts, (size_t)texts + 1);
    const char *body = c->texts[0].blocks[0].body;
    assert_int_equal(strlen(body), long_len + strlen("\n\nsuite")); /* the CRs dropped */
    assert_int_equal(strncmp(body + long_len - 4, "mot \n\nsuite", 12), 0);
    char middle[64];
    snprintf(middle, sizeof middle, "ligne %d\n\nfin", texts / 2);
    assert_string_equal(c->texts[texts / 2].blocks[0].body, middle);
    assert_string_equal(c->texts[texts].blocks[0].body, "sans fin de ligne");
    assert_string_equal(c->texts[texts].stars[0], "*n_last");
    cn_corpus_free(c);
    memcpy(data + len - 5, "\xe9", 1); /* Latin-1 on the last line */
    assert_null(read_text(dir, data, &err));
    char want[64];
    /* 4 lines for the first text and each short one, then the header and the last line */
    snprintf(want, sizeof want, ":%d: invalid UTF-8 at column 13", 4 + 4 * (texts - 1) + 2);
    if (!strstr(err.msg, want))
        fail_msg("'%s' does not say '%s'", err.msg, want);
    free(data);
    free(dir);
}

/* utf8proc's decoder, a character at a time: what cn_utf8_valid must accept. */
static bool valid_for_utf8proc(const unsigned char *s, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            *bad = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

/* seq[0..n) after `ascii` ASCII bytes (0 to 10: the validator reads eight at a time) and
 * before three: cn_utf8_valid and utf8proc agree, on the offset of a bad sequence too. */
static void agree(const unsigned char *seq, size_t n, size_t ascii)
{
    unsigned char buf[24];
    memset(buf, 'a', ascii);
    memcpy(buf + ascii, seq, n);
    memcpy(buf + ascii + n, "xyz", 3);
    size_t len = ascii + n + 3, bad1 = SIZE_MAX, bad2 = SIZE_MAX;
    bool ours = cn_utf8_valid((const char *)buf, len, &bad1);
    bool theirs = valid_for_utf8proc(buf, len, &bad2);
    if (ours != theirs || (!ours && bad1 != bad2))
        fail_msg("%02x %02x %02x %02x (%zu bytes) after %zu: ours %d at %zu, utf8proc %d at %zu",
                 seq[0], n > 1 ? seq[1] : 0, n > 2 ? seq[2] : 0, n > 3 ? seq[3] : 0, n, ascii, ours,
                 bad1, theirs, bad2);
}

/* The validator is written out (common/utf8.c); it accepts what utf8proc's decoder does:
 * every sequence of 1 and 2 bytes, every one of 3 and 4 bytes whose lead starts a 3- or
 * 4-byte character with every second byte, and the others on the bytes where the table
 * of well-formed UTF-8 changes, cut short or not, at every offset of an 8-byte word. */
static void validator_agrees_with_utf8proc(void **state)
{
    (void)state;
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                         0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                         0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    size_t ne = sizeof edge, k = 0;
    unsigned char s[4];
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++) {
            s[0] = (unsigned char)a, s[1] = (unsigned char)b;
            agree(s, 1, k++ % 11);
            agree(s, 2, k++ % 11);
            for (size_t c = 0; c < ne; c++) {
                s[2] = edge[c];
                if (a >= 0xE0 || c == 0 || b % 37 == 0) /* a 3-byte lead: every second byte */
                    agree(s, 3, k++ % 11);
                for (size_t d = 0; a >= 0xF0 && d < ne; d++) {
                    s[3] = edge[d];
                    agree(s, 4, k++ % 11);
                }
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(modalities_are_safe_tokens),
        cmocka_unit_test(utf8_validation_is_strict),
        cmocka_unit_test(escaped_lines_round_trip),
        cmocka_unit_test(reader_keeps_thematics_and_skips_bom),
        cmocka_unit_test(reader_skips_a_bom_at_the_head_of_any_line),
        cmocka_unit_test(every_line_break_ends_a_line),
        cmocka_unit_test(lang_modalities_are_iso_639_1_codes),
        cmocka_unit_test(texts_of_every_size_are_kept_whole),
        cmocka_unit_test(two_readers_read_as_one),
        cmocka_unit_test(reader_refuses_bad_input_naming_the_line),
        cmocka_unit_test(text_with_stars_stays_text),
        cmocka_unit_test(lines_longer_and_across_blocks),
        cmocka_unit_test(validator_agrees_with_utf8proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
