/* The scripts of texts' letters (scripts.h): what tells Chinese or Russian read as French,
 * and texts written without spaces between words (trial 80). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "carnet/scripts.h"

static void letters_have_their_scripts(void **state)
{
    (void)state;
    assert_int_equal(cn_script_of('e'), CN_SCRIPT_LATIN);
    assert_int_equal(cn_script_of(0x00E9), CN_SCRIPT_LATIN);    /* é */
    assert_int_equal(cn_script_of(0x03C2), CN_SCRIPT_GREEK);    /* ς */
    assert_int_equal(cn_script_of(0x0451), CN_SCRIPT_CYRILLIC); /* ё */
    assert_int_equal(cn_script_of(0x05D0), CN_SCRIPT_HEBREW);
    assert_int_equal(cn_script_of(0x0627), CN_SCRIPT_ARABIC);
    assert_int_equal(cn_script_of(0x0E01), CN_SCRIPT_THAI);
    assert_int_equal(cn_script_of(0x3042), CN_SCRIPT_KANA);
    assert_int_equal(cn_script_of(0x4ECA), CN_SCRIPT_HAN);
    assert_int_equal(cn_script_of(0xAC00), CN_SCRIPT_HANGUL);
    assert_int_equal(cn_script_of(0x2014), CN_SCRIPT_NONE); /* a dash */
    assert_true(cn_script_writes("fr", CN_SCRIPT_LATIN));
    assert_false(cn_script_writes("fr", CN_SCRIPT_HAN));
    assert_true(cn_script_writes("ru", CN_SCRIPT_CYRILLIC));
    assert_false(cn_script_writes("ru", CN_SCRIPT_LATIN));
    assert_true(cn_script_writes("ja", CN_SCRIPT_HAN) && cn_script_writes("ja", CN_SCRIPT_KANA));
    assert_true(cn_script_writes("sr", CN_SCRIPT_LATIN) &&
                cn_script_writes("sr", CN_SCRIPT_CYRILLIC));
    assert_true(cn_script_writes("xx", CN_SCRIPT_HAN)); /* unknown here: nothing said */
    assert_true(cn_script_unspaced(CN_SCRIPT_HAN) && cn_script_unspaced(CN_SCRIPT_THAI));
    assert_false(cn_script_unspaced(CN_SCRIPT_HANGUL) || cn_script_unspaced(CN_SCRIPT_ARABIC));
}

static cn_script_sample sample_of(const char *text, size_t max)
{
    cn_script_sample s;
    cn_script_sample_start(&s, max);
    cn_script_sample_add(&s, text, strlen(text));
    return s;
}

static void samples_count_letters_and_clauses(void **state)
{
    (void)state;
    cn_script_sample s = sample_of("Le médecin, 3 fois.", 4096);
    assert_int_equal(s.letters[CN_SCRIPT_LATIN], 13);
    assert_int_equal(s.all, 13);
    assert_int_equal(s.unspaced_runs, 0);
    /* a Chinese clause is one run: 10 characters */
    s = sample_of("今天我又去了戒毒中心。医生减少", 4096);
    assert_int_equal(s.letters[CN_SCRIPT_HAN], 14);
    assert_int_equal(s.unspaced_runs, 2);
    /* the same words with spaces between them (a segmenter's output): short runs */
    s = sample_of("今天 我 又 去 了 戒毒 中心 。", 4096);
    assert_int_equal(s.unspaced_runs, 7);
    /* Thai vowel marks stay inside their word */
    s = sample_of("\xE0\xB8\x81\xE0\xB8\xB4\xE0\xB8\x99 \xE0\xB8\x81\xE0\xB8\xB4\xE0\xB8\x99",
                  4096);
    assert_int_equal(s.unspaced_runs, 2);
    /* Latin letters, ASCII or accented, go on with a run; x, / and spaces end it */
    s = sample_of("中é文 中a文 中×文 à÷ü", 4096);
    assert_int_equal(s.letters[CN_SCRIPT_HAN], 6);
    assert_int_equal(s.letters[CN_SCRIPT_LATIN], 4);
    assert_int_equal(s.letters[CN_SCRIPT_NONE], 5);
    assert_int_equal(s.unspaced_runs, 4);
    /* only the first max bytes are read, a sequence cut there skipped */
    s = sample_of("ab\xC3\xA9", 3);
    assert_int_equal(s.all, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letters_have_their_scripts),
        cmocka_unit_test(samples_count_letters_and_clauses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
