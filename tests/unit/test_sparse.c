/* test_sparse.c — the Matrix Market reader on crafted files: the header's counts are
 * claims it checks (issue 8, defect 1: a huge NONZEROS overflowed the heap), and every
 * malformed entry is refused with file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/sparse.h"
#include "helpers.h"

/* Reads text as m.mtx; the code, the matrix (or NULL) and the message come back. */
static int read_text(const char *text, size_t len, cn_sparse **m, cn_error *err)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "m.mtx", text, len);
    *m = NULL;
    int rc = cn_sparse_read_mtx(path, m, err);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
    return rc;
}

/* Expects text refused as invalid with a message holding "m.mtx:" + where_what. */
static void expect_refused(const char *text, const char *where_what)
{
    cn_sparse *m = NULL;
    cn_error err = {0};
    int rc = read_text(text, strlen(text), &m, &err);
    if (rc != CN_EINVALID || !strstr(err.msg, where_what))
        fail_msg("%s\nexpected CN_EINVALID and '%s', got %d '%s'", text, where_what, rc, err.msg);
    assert_null(m);
}

static void test_reads_pattern_integer_real(void **state)
{
    (void)state;
    const char *files[] = {
        "%%MatrixMarket matrix coordinate pattern general\n% comment\n2 3 3\n1 1\n2 3\n1 2\n",
        "%%MatrixMarket matrix coordinate integer general\n2 3 4\n1 1 1\n2 3 1\n1 2 1\n2 2 0\n",
        "%%MatrixMarket Matrix Coordinate Real General\r\n2 3 3\r\n1 1 1.0\r\n2 3 1e0\r\n1 2 1",
    };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        cn_sparse *m = NULL;
        cn_error err = {0};
        if (read_text(files[f], strlen(files[f]), &m, &err) != 0)
            fail_msg("file %zu: %s", f, err.msg);
        assert_int_equal(m->nrows, 2);
        assert_int_equal(m->ncols, 3);
        assert_int_equal(m->nnz, 3); /* the explicit zero is not a presence */
        assert_int_equal(m->rowptr[1], 2);
        assert_int_equal(m->colidx[0], 0);
        assert_int_equal(m->colidx[1], 1);
        assert_int_equal(m->colidx[2], 2);
        cn_sparse_free(m);
    }
}

/* The input: 2^62 entries announced in a 2 x 2 matrix, then five entries. */
static void test_huge_nonzeros_refused(void **state)
{
    (void)state;
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n2 2 4611686018427387904\n"
                   "1 1\n1 2\n2 1\n2 2\n1 1\n",
                   "m.mtx:2: 4611686018427387904 entries announced, more than the 2 x 2 cells");
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n2 2 5\n1 1\n",
                   "m.mtx:2: 5 entries announced");
    /* 2^64 does not fit: a malformed size line, not a wrapped number */
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n2 2 18446744073709551616\n",
                   "m.mtx:2: expected 'ROWS COLUMNS NONZEROS'");
}

/* A tiny header must not make the reader allocate for what it announces. */
static void test_large_sizes_refused(void **state)
{
    (void)state;
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n4294967295 4294967295 1\n",
                   "m.mtx:2: a 4294967295 x 4294967295 matrix: at most 67108864 rows");
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n10 99999999999 1\n1 1\n",
                   "m.mtx:2: a 10 x 99999999999 matrix");
    /* announced entries within the cells, but far more than the file holds */
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n"
                   "60000000 60000000 1000000000000\n1 1\n",
                   "m.mtx:3: the file ends after 1 of the 1000000000000 entries announced");
}

static void test_malformed_entries_refused(void **state)
{
    (void)state;
    const char *p = "%%MatrixMarket matrix coordinate pattern general\n3 3 3\n";
    char text[256];
    struct {
        const char *body, *what;
    } cases[] = {
        {"1 1\n4 1\n1 2\n", "m.mtx:4: entry (4, 1) outside the 3 x 3 matrix"},
        {"1 1\n0 1\n1 2\n", "m.mtx:4: entry (0, 1) outside"},
        {"1 1\n-1 1\n1 2\n", "m.mtx:4: expected 'ROW COLUMN'"},
        {"1 1\n2 2\n1 1\n", "m.mtx:5: entry (1, 1) repeated (first at line 3)"},
        {"1 1\n2 2\n", "m.mtx:4: the file ends after 2 of the 3 entries announced"},
        {"1 1\n2 2\n3\n", "m.mtx:5: expected 'ROW COLUMN'"},
        {"1 1\n2 2\n3 3\n1 3\n", "m.mtx:6: more entries than the 3 announced"},
        {"1 1\n2 2 1\n3 3\n", "m.mtx:4: expected 'ROW COLUMN' (a pattern matrix)"},
        {"1 1\n2 x\n3 3\n", "m.mtx:4: expected 'ROW COLUMN'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(text, sizeof text, "%s%s", p, cases[k].body);
        expect_refused(text, cases[k].what);
    }
    expect_refused("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 1\n2 2 2\n",
                   "m.mtx:4: value '2' in a binary matrix (0 or 1 only)");
    expect_refused("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 0.5\n2 2 1\n",
                   "m.mtx:3: value '0.5' in a binary matrix");
    expect_refused("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 nan\n2 2 1\n",
                   "m.mtx:3: value 'nan'");
    expect_refused("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1\n2 2 1\n",
                   "m.mtx:3: expected 'ROW COLUMN VALUE'");
    expect_refused("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n",
                   "m.mtx:3: expected an integer value");
}

static void test_malformed_headers_refused(void **state)
{
    (void)state;
    expect_refused("1 1 1\n", "m.mtx:1: not a Matrix Market file");
    expect_refused("%%MatrixMarket matrix array real general\n2 2\n",
                   "m.mtx:1: only the 'coordinate'");
    expect_refused("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n",
                   "m.mtx:1: field 'complex'");
    expect_refused("%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n",
                   "m.mtx:1: symmetry 'symmetric'");
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n2 2\n",
                   "m.mtx:2: expected 'ROWS COLUMNS NONZEROS'");
    expect_refused("%%MatrixMarket matrix coordinate pattern general\n% only a comment\n",
                   "m.mtx: no size line");
    expect_refused("", "m.mtx: empty file");
    cn_sparse *m = NULL;
    cn_error err = {0};
    static const char nul[] = "%%MatrixMarket matrix coordinate pattern general\n1 1 1\n1\0 1\n";
    assert_int_equal(read_text(nul, sizeof nul - 1, &m, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "m.mtx:3: NUL byte"));
    assert_null(m);
}

/* An empty matrix is a matrix: rows and columns, no entry. */
static void test_empty_matrix(void **state)
{
    (void)state;
    cn_sparse *m = NULL;
    cn_error err = {0};
    const char *text = "%%MatrixMarket matrix coordinate pattern general\n3 2 0\n";
    assert_int_equal(read_text(text, strlen(text), &m, &err), 0);
    assert_int_equal(m->nrows, 3);
    assert_int_equal(m->nnz, 0);
    assert_int_equal(m->rowptr[3], 0);
    cn_sparse_free(m);
}

static void test_from_pairs_checks_indices(void **state)
{
    (void)state;
    uint32_t rows[] = {0, 2}, cols[] = {1, 0};
    cn_sparse *m = NULL;
    cn_error err = {0};
    assert_int_equal(cn_sparse_from_pairs(2, 2, rows, cols, 2, &m, &err), CN_EINVALID);
    assert_null(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_pattern_integer_real),
        cmocka_unit_test(test_huge_nonzeros_refused),
        cmocka_unit_test(test_large_sizes_refused),
        cmocka_unit_test(test_malformed_entries_refused),
        cmocka_unit_test(test_malformed_headers_refused),
        cmocka_unit_test(test_empty_matrix),
        cmocka_unit_test(test_from_pairs_checks_indices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
