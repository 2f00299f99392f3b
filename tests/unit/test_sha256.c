/* test_sha256.c — the SHA-256 of a file and a digest as hex, against FIPS 180-2's
 * examples; a file that is not there is CN_ENOTFOUND. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/sha256.h"
#include "helpers.h"

static void digest_as_hex(void **state)
{
    (void)state;
    uint8_t digest[CN_SHA256_SIZE];
    for (int i = 0; i < CN_SHA256_SIZE; i++)
        digest[i] = (uint8_t)(i * 9 + 1);
    char hex[CN_SHA256_HEX];
    memset(hex, 'x', sizeof hex);
    cn_sha256_hex(digest, hex);
    assert_string_equal(hex, "010a131c252e374049525b646d767f88919aa3acb5bec7d0d9e2ebf4fd060f18");
}

static void files(void **state)
{
    (void)state;
    char *dir = test_tempdir();
    char *abc = test_write_file(dir, "abc.txt", "abc", 3);
    char *empty = test_write_file(dir, "empty.txt", "", 0);
    char hex[CN_SHA256_HEX];
    long long bytes = -1;
    cn_error err = {0};
    assert_int_equal(cn_sha256_file(abc, hex, &bytes, &err), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(bytes, 3);
    assert_int_equal(cn_sha256_file(empty, hex, &bytes, &err), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(bytes, 0);
    unlink(abc);
    assert_int_equal(cn_sha256_file(abc, hex, &bytes, &err), CN_ENOTFOUND);
    assert_non_null(strstr(err.msg, "abc.txt: cannot open"));
    unlink(empty);
    rmdir(dir);
    free(abc);
    free(empty);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digest_as_hex),
        cmocka_unit_test(files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
