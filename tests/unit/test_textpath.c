/* test_textpath.c — the pieces issue 12 added to the text path for speed: the interned
 * table's ids whatever its hash, keys joined without snprintf, accents folded on the ASCII
 * fast path. Each is checked against what the slower code gave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/accents.h"
#include "carnet/intern.h"

/* Ids in order of first sight across many table growths, every key found again, no
 * stranger found: the hash only places keys, it never numbers them. */
static void test_intern_ids_first_sight(void **state)
{
    (void)state;
    cn_intern *t = cn_intern_new();
    assert_non_null(t);
    char key[32];
    for (uint32_t i = 0; i < 50000; i++) {
        int n = snprintf(key, sizeof key, "w%u", i * 7919u % 50000u);
        bool added = false;
        assert_int_equal(cn_intern_add(t, key, (size_t)n, &added), i);
        assert_true(added);
    }
    for (uint32_t i = 0; i < 50000; i++) {
        int n = snprintf(key, sizeof key, "w%u", i * 7919u % 50000u);
        bool added = true;
        assert_int_equal(cn_intern_add(t, key, (size_t)n, &added), i);
        assert_false(added);
        assert_int_equal(cn_intern_find(t, key, (size_t)n), i);
        assert_string_equal(cn_intern_str(t, i), key);
    }
    assert_int_equal(cn_intern_find(t, "w50000", 6), CN_INTERN_NONE);
    assert_int_equal(cn_intern_find(t, "w1", 1), CN_INTERN_NONE); /* a prefix is no key */
    assert_int_equal(cn_intern_count(t), 50000);
    cn_intern_free(t);
}

/* Keys of every length around the hash's 8-byte words, and keys one byte apart. */
static void test_intern_lengths(void **state)
{
    (void)state;
    cn_intern *t = cn_intern_new();
    char key[40];
    memset(key, 'a', sizeof key);
    for (size_t len = 0; len < sizeof key; len++)
        assert_int_equal(cn_intern_add(t, key, len, NULL), (uint32_t)len);
    key[17] = 'b';
    assert_int_equal(cn_intern_find(t, key, 18), CN_INTERN_NONE);
    assert_int_equal(cn_intern_add(t, key, 18, NULL), 40);
    assert_int_equal(cn_intern_find(t, key, 17), 17);
    cn_intern_free(t);
}

/* cn_intern_join writes what snprintf("%s\x1f%.*s") wrote, cut the same way, and returns
 * the same length. */
static void test_join_is_snprintf(void **state)
{
    (void)state;
    const char *heads[] = {"", "afr", "*", "lpt_br"};
    const char *tail = "abcdefghijklmnopqrstuvwxyz";
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
        for (size_t size = 1; size < 40; size++)
            for (size_t tl = 0; tl <= 26; tl += 5) {
                char a[64], b[64];
                memset(a, '#', sizeof a);
                memset(b, '#', sizeof b);
                int n = snprintf(a, size, "%s\x1f%.*s", heads[h], (int)tl, tail);
                size_t m = cn_intern_join(b, size, heads[h], tail, tl);
                assert_int_equal((size_t)n, m);
                assert_memory_equal(a, b, sizeof a);
            }
}

/* The ASCII fast path folds as utf8proc does: lower case, nothing else touched. */
static void test_fold_ascii(void **state)
{
    (void)state;
    const char *in[] = {"Hello", "ETRE", "a_b-c'd 42", "", "~`!@#$%^&*()[]{}"};
    const char *want[] = {"hello", "etre", "a_b-c'd 42", "", "~`!@#$%^&*()[]{}"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        char *out = NULL;
        size_t len = 99;
        cn_error err = {0};
        assert_int_equal(cn_accents_fold(in[i], strlen(in[i]), &out, &len, &err), 0);
        assert_string_equal(out, want[i]);
        assert_int_equal(len, strlen(want[i]));
        free(out);
    }
    char *out = NULL; /* one non-ASCII byte takes the whole string through utf8proc */
    size_t len;
    cn_error err = {0};
    assert_int_equal(cn_accents_fold("ABC\xC3\x89T\xC3\x89", 9, &out, &len, &err), 0);
    assert_string_equal(out, "abcete");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_ids_first_sight),
        cmocka_unit_test(test_intern_lengths),
        cmocka_unit_test(test_join_is_snprintf),
        cmocka_unit_test(test_fold_ascii),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
