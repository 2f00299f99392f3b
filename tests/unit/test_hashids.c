/* test_hashids.c — ids by hash: the two signs are kept apart, a put replaces the id of its
 * hash and sign, growth keeps every id (hashes that share their low bits included), and
 * FNV-1a gives its published values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "carnet/hashids.h"

static void empty_set_finds_nothing(void **state)
{
    (void)state;
    cn_hashids set = {0};
    assert_int_equal(cn_hashids_get(&set, 42, 0), 0);
    assert_int_equal(cn_hashids_get(&set, 42, 1), 0);
    cn_hashids_clear(&set);
}

static void signs_kept_apart_and_replaced(void **state)
{
    (void)state;
    cn_hashids set = {0};
    assert_int_equal(cn_hashids_put(&set, 7, 100), 0);
    assert_int_equal(cn_hashids_put(&set, 7, -1), 0);
    assert_int_equal(cn_hashids_get(&set, 7, 0), 100);
    assert_int_equal(cn_hashids_get(&set, 7, 1), -1);
    assert_int_equal(cn_hashids_put(&set, 7, 200), 0); /* same hash and sign: replaced */
    assert_int_equal(cn_hashids_get(&set, 7, 0), 200);
    assert_int_equal(cn_hashids_get(&set, 7, 1), -1);
    assert_int_equal(set.used, 2);
    cn_hashids_clear(&set);
    assert_null(set.slots);
    assert_int_equal(cn_hashids_get(&set, 7, 0), 0);
}

static void growth_keeps_every_id(void **state)
{
    (void)state;
    cn_hashids set = {0};
    enum { N = 20000 };
    for (int64_t i = 1; i <= N; i++) /* every hash the same modulo 2^20: long probes */
        assert_int_equal(cn_hashids_put(&set, (uint64_t)i << 20, i), 0);
    for (int64_t i = 1; i <= N; i++) {
        assert_int_equal(cn_hashids_get(&set, (uint64_t)i << 20, 0), i);
        assert_int_equal(cn_hashids_get(&set, (uint64_t)i << 20, 1), 0);
    }
    assert_int_equal(set.used, N);
    assert_true(2 * set.used <= set.cap);
    cn_hashids_clear(&set);
}

static void fnv_published_values(void **state)
{
    (void)state;
    const uint64_t basis = 0xcbf29ce484222325u;
    assert_true(cn_hashids_fnv(basis, "", 0) == basis);
    assert_true(cn_hashids_fnv(basis, "a", 1) == 0xaf63dc4c8601ec8cu);
    assert_true(cn_hashids_fnv(basis, "foobar", 6) == 0x85944171f73967e8u);
    /* chained: hashing in two parts is hashing the whole */
    assert_true(cn_hashids_fnv(cn_hashids_fnv(basis, "foo", 3), "bar", 3) ==
                cn_hashids_fnv(basis, "foobar", 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_set_finds_nothing),
        cmocka_unit_test(signs_kept_apart_and_replaced),
        cmocka_unit_test(growth_keeps_every_id),
        cmocka_unit_test(fnv_published_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
