/* test_wbuf.c — the buffered writer gives printf's characters: fixed decimals on values
 * of every size, exact halves, negative zeros; integers; CSV text cells as cn_csv_text;
 * a failed write is reported, with its reason when the file is closed. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/csvout.h"
#include "carnet/outfile.h"
#include "carnet/wbuf.h"

/* One value at one precision, against snprintf. */
static void same_as_printf(double x, int decimals)
{
    char want[512], got[512];
    snprintf(want, sizeof want, "%.*f", decimals, x);
    size_t n = cn_wbuf_format_fixed(got, sizeof got, x, decimals);
    if (strcmp(want, got) != 0 || n != strlen(want))
        fail_msg("%.17g at %d decimals: printf %s, wbuf %s", x, decimals, want, got);
}

/* A reproducible 64-bit generator (xorshift), so a failure can be replayed. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void fixed_matches_printf(void **state)
{
    (void)state;
    const double special[] = {0.0,      -0.0,      0.5,         1.5,       2.5,     -2.5,
                              0.125,    0.375,     -0.00001,    0.00005,   1e-300,  -1e-300,
                              1e15,     1e16,      123456789.5, 4503599.5, 1e300,   -1e300,
                              INFINITY, -INFINITY, NAN,         0.1,       0.2,     0.3,
                              2.675,    1.005,     16.06905,    -1.02855,  9.99995, 99.99995};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        for (int d = 0; d <= 10; d++)
            same_as_printf(special[i], d);
    uint64_t s = 88172645463325252ULL;
    for (int i = 0; i < 300000; i++) {
        uint64_t r = next(&s);
        int d = (int)(r % 10);
        double scale = pow(10, (double)((r >> 8) % 24) - 12), u = (double)(next(&s) >> 11) / 0x1p53;
        double x = (r >> 40 & 1 ? -1 : 1) * u * scale;
        same_as_printf(x, d);
        same_as_printf(round(1e4 * x) / 1e4, 4); /* the specificities, rounded then written */
        /* exact halves at the last decimal: printf rounds them to even */
        double half = (double)(next(&s) % 100000) + 0.5;
        same_as_printf(half / 8, 2);
        same_as_printf(half, 0);
    }
}

/* Everything written through a cn_wbuf, read back from a temporary file. */
static char *written(void (*write)(cn_wbuf *, FILE *), FILE *plain, char **expected)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    cn_wbuf *b = malloc(sizeof *b);
    assert_non_null(b);
    cn_wbuf_init(b, f);
    write(b, plain);
    assert_int_equal(cn_wbuf_flush(b), 0);
    free(b);
    char *texts[2] = {NULL, NULL};
    FILE *files[2] = {f, plain};
    for (int i = 0; i < 2; i++) {
        long n = ftell(files[i]);
        assert_true(n >= 0);
        rewind(files[i]);
        texts[i] = calloc((size_t)n + 1, 1);
        assert_non_null(texts[i]);
        assert_int_equal(fread(texts[i], 1, (size_t)n, files[i]), (size_t)n);
        fclose(files[i]);
    }
    *expected = texts[1];
    return texts[0];
}

/* A table of many rows, far beyond the buffer, written both ways. */
static void write_table(cn_wbuf *b, FILE *plain)
{
    const char *cells[] = {"plain",   "a, comma", "\"quoted\" twice \"",
                           "-dash",   "=sum",     " space",
                           "tab\tin", "",         "é accent",
                           "\"",      "x\"y",     "'quoted'"};
    uint64_t s = 42;
    for (int i = 0; i < 40000; i++) {
        const char *c = cells[i % (sizeof cells / sizeof *cells)];
        uint64_t v = next(&s) >> (i % 64);
        double x = (double)(int64_t)next(&s) / 0x1p40;
        cn_csv_text_wbuf(b, c);
        cn_wbuf_char(b, ',');
        cn_wbuf_u64(b, v);
        cn_wbuf_char(b, ',');
        cn_wbuf_fixed(b, x, 4);
        cn_wbuf_str(b, "\n");
        cn_csv_text(plain, c);
        fprintf(plain, ",%llu,%.4f\n", (unsigned long long)v, x);
    }
    char big[CN_WBUF_SIZE + 100]; /* larger than the buffer: goes straight through */
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cn_wbuf_str(b, big);
    fputs(big, plain);
}

static void writes_what_printf_writes(void **state)
{
    (void)state;
    FILE *plain = tmpfile();
    assert_non_null(plain);
    char *want, *got = written(write_table, plain, &want);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

/* A stream that refuses writes: the failure is reported, not lost. */
static void reports_a_failed_write(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    cn_wbuf *b = malloc(sizeof *b);
    assert_non_null(b);
    cn_wbuf_init(b, f);
    cn_wbuf_str(b, "some text");
    assert_int_equal(cn_wbuf_flush(b), -1);
    cn_wbuf_str(b, "more"); /* still failed: a row lost in the middle is not forgotten */
    assert_int_equal(cn_wbuf_flush(b), -1);
    free(b);
    /* closing says so with the system's reason: a full disk is not a mystery "write error" */
    cn_error err = {0};
    assert_int_equal(cn_out_close_failed(f, "out/table.csv", true, &err), CN_EIO);
    assert_non_null(strstr(err.msg, "out/table.csv: write error: No space left on device"));
}

/* A plain FILE whose writes failed on a full disk is closed with the reason too. */
static void a_full_disk_is_named(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    for (int i = 0; i < 10000; i++)
        fputs("a row of a table that does not fit\n", f);
    cn_error err = {0};
    assert_int_equal(cn_out_close(f, "out/report.html", &err), CN_EIO);
    assert_non_null(strstr(err.msg, "out/report.html: write error: No space left on device"));
}

/* A line built in place: cn_wbuf_room gives room at the buffer's end, flushing what was
 * there when the line would not fit (never more than the buffer), and the numbers are
 * printf's. */
static void lines_built_in_place(void **state)
{
    (void)state;
    FILE *f = tmpfile(), *plain = tmpfile();
    assert_non_null(f);
    assert_non_null(plain);
    cn_wbuf *b = malloc(sizeof *b);
    assert_non_null(b);
    cn_wbuf_init(b, f);
    assert_null(cn_wbuf_room(b, CN_WBUF_SIZE + 1));
    uint64_t s = 77, values[] = {0, 9, 10, 4294967295u, UINT64_MAX};
    for (int i = 0; i < 20000; i++) { /* some 400 KB: many flushes, at every offset */
        uint64_t v = i < 5 ? values[i] : next(&s) >> (next(&s) % 64);
        char *line = cn_wbuf_room(b, 48), *o = line;
        assert_non_null(line);
        memcpy(o, "row,", 4);
        o += 4;
        o += cn_wbuf_format_u64(o, v);
        *o++ = '\n';
        cn_wbuf_commit(b, (size_t)(o - line));
        fprintf(plain, "row,%llu\n", (unsigned long long)v);
    }
    assert_int_equal(cn_wbuf_flush(b), 0);
    long n = ftell(f);
    assert_int_equal(n, ftell(plain));
    rewind(f);
    rewind(plain);
    char *x = malloc((size_t)n), *y = malloc((size_t)n);
    assert_int_equal(fread(x, 1, (size_t)n, f), (size_t)n);
    assert_int_equal(fread(y, 1, (size_t)n, plain), (size_t)n);
    assert_memory_equal(x, y, (size_t)n);
    free(x);
    free(y);
    free(b);
    fclose(f);
    fclose(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_matches_printf),   cmocka_unit_test(writes_what_printf_writes),
        cmocka_unit_test(reports_a_failed_write), cmocka_unit_test(a_full_disk_is_named),
        cmocka_unit_test(lines_built_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
