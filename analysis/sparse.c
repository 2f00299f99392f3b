/* sparse.c — binary CSR matrices and Matrix Market I/O (see sparse.h).
 *
 * CSR with uint32 column indices: a classification only ever walks a row's columns
 * (moving a unit between groups touches exactly those), and 4-byte indices halve the
 * memory of the largest structure of a run. */
#include "carnet/sparse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/grow.h"

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int cn_sparse_from_pairs(uint32_t nrows, uint32_t ncols, const uint32_t *rows, const uint32_t *cols,
                         size_t npairs, cn_sparse **out, cn_error *err)
{
    for (size_t k = 0; k < npairs; k++)
        if (rows[k] >= nrows || cols[k] >= ncols)
            return cn_error_code(err, CN_EINVALID,
                                 "pair %zu: (%" PRIu32 ", %" PRIu32 ") outside the %" PRIu32
                                 " x %" PRIu32 " matrix",
                                 k, rows[k], cols[k], nrows, ncols);
    if ((size_t)nrows + 1 > SIZE_MAX / sizeof(size_t) || npairs > SIZE_MAX / sizeof(uint32_t))
        return cn_error_nomem(err);
    cn_sparse *m = calloc(1, sizeof *m);
    if (!m)
        return cn_error_nomem(err);
    m->nrows = nrows;
    m->ncols = ncols;
    m->rowptr = calloc((size_t)nrows + 1, sizeof *m->rowptr);
    m->colidx = malloc((npairs ? npairs : 1) * sizeof *m->colidx);
    if (!m->rowptr || !m->colidx) {
        cn_sparse_free(m);
        return cn_error_nomem(err);
    }
    /* Counting sort by row, then sort and deduplicate each row's columns. */
    for (size_t k = 0; k < npairs; k++)
        m->rowptr[rows[k] + 1]++;
    for (uint32_t i = 0; i < nrows; i++)
        m->rowptr[i + 1] += m->rowptr[i];
    size_t *fill = malloc(((size_t)nrows + 1) * sizeof *fill);
    if (!fill) {
        cn_sparse_free(m);
        return cn_error_nomem(err);
    }
    memcpy(fill, m->rowptr, ((size_t)nrows + 1) * sizeof *fill);
    for (size_t k = 0; k < npairs; k++)
        m->colidx[fill[rows[k]]++] = cols[k];
    free(fill);
    size_t w = 0;
    for (uint32_t i = 0; i < nrows; i++) {
        size_t start = m->rowptr[i], end = m->rowptr[i + 1];
        qsort(m->colidx + start, end - start, sizeof *m->colidx, compare_u32);
        m->rowptr[i] = w;
        for (size_t k = start; k < end; k++)
            if (k == start || m->colidx[k] != m->colidx[k - 1])
                m->colidx[w++] = m->colidx[k];
    }
    m->rowptr[nrows] = w;
    m->nnz = w;
    *out = m;
    return 0;
}

void cn_sparse_free(cn_sparse *m)
{
    if (!m)
        return;
    free(m->rowptr);
    free(m->colidx);
    free(m->colsum);
    free(m);
}

/* ---- Matrix Market reader ------------------------------------------------------------ */

/* What is being read: the header's promises and the entries so far, each with its line
 * (a repeated entry is named by both of its lines). Arrays grow as entries arrive: the
 * header's NONZEROS is a claim to check, never a size to allocate. */
typedef struct mtx_reader {
    const char *path;
    size_t lineno;
    int field; /* MTX_PATTERN, MTX_INTEGER or MTX_REAL */
    uint64_t nrows, ncols, announced, stored;
    uint32_t *rows, *cols;
    size_t *lines;
    size_t n, rows_cap, cols_cap, lines_cap;
    cn_error *err;
} mtx_reader;

enum { MTX_PATTERN, MTX_INTEGER, MTX_REAL };

static int mtx_refuse(mtx_reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int mtx_refuse(mtx_reader *r, const char *fmt, ...)
{
    char what[CN_ERROR_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return cn_error_code(r->err, CN_EINVALID, "%s:%zu: %s", r->path, r->lineno, what);
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* True at the end of a line: only blanks and a line ending remain. */
static bool at_end(const char *p)
{
    p = skip_blanks(p);
    if (*p == '\r')
        p++;
    return *p == '\0' || (*p == '\n' && p[1] == '\0');
}

/* An unsigned decimal number (digits only: no sign, no space inside) that fits 64 bits. */
static bool parse_u64(const char **p, uint64_t *out)
{
    const char *s = skip_blanks(*p);
    if (*s < '0' || *s > '9')
        return false;
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    *p = s;
    return true;
}

/* The next blank-separated word of the banner, lower-cased into out. */
static const char *banner_word(const char *p, char *out, size_t size)
{
    p = skip_blanks(p);
    size_t n = 0;
    for (; *p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n'; p++)
        if (n + 1 < size)
            out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    out[n] = '\0';
    return p;
}

/* "%%MatrixMarket matrix coordinate FIELD SYMMETRY": a binary units x forms matrix is
 * sparse and general; its values are a pattern, or integers or reals that are 0 or 1. */
static int read_banner(mtx_reader *r, const char *line)
{
    if (strncmp(line, "%%MatrixMarket", 14) != 0)
        return mtx_refuse(r, "not a Matrix Market file (no %%%%MatrixMarket line)");
    char object[16], format[16], field[16], symmetry[16];
    const char *p = banner_word(line + 14, object, sizeof object);
    p = banner_word(p, format, sizeof format);
    p = banner_word(p, field, sizeof field);
    p = banner_word(p, symmetry, sizeof symmetry);
    if (strcmp(object, "matrix") != 0 || !at_end(p))
        return mtx_refuse(r, "expected '%%%%MatrixMarket matrix coordinate FIELD SYMMETRY'");
    if (strcmp(format, "coordinate") != 0)
        return mtx_refuse(r, "only the 'coordinate' (sparse) format is read");
    if (strcmp(field, "pattern") == 0)
        r->field = MTX_PATTERN;
    else if (strcmp(field, "integer") == 0)
        r->field = MTX_INTEGER;
    else if (strcmp(field, "real") == 0)
        r->field = MTX_REAL;
    else
        return mtx_refuse(r, "field '%s': a binary matrix is 'pattern', 'integer' or 'real'",
                          field);
    if (strcmp(symmetry, "general") != 0)
        return mtx_refuse(r, "symmetry '%s': only 'general' matrices are read", symmetry);
    return 0;
}

/* "ROWS COLUMNS NONZEROS", each size bounded so that every array built from it fits. */
static int read_size(mtx_reader *r, const char *line)
{
    const char *p = line;
    if (!parse_u64(&p, &r->nrows) || !parse_u64(&p, &r->ncols) || !parse_u64(&p, &r->announced) ||
        !at_end(p))
        return mtx_refuse(r, "expected 'ROWS COLUMNS NONZEROS'");
    if (r->nrows > CN_SPARSE_MAX_DIM || r->ncols > CN_SPARSE_MAX_DIM)
        return mtx_refuse(r, "a %" PRIu64 " x %" PRIu64 " matrix: at most %u rows and columns",
                          r->nrows, r->ncols, (unsigned)CN_SPARSE_MAX_DIM);
    /* Both are below 2^32, so the product cannot overflow 64 bits. */
    if (r->announced > r->nrows * r->ncols)
        return mtx_refuse(r,
                          "%" PRIu64 " entries announced, more than the %" PRIu64 " x %" PRIu64
                          " cells of the matrix",
                          r->announced, r->nrows, r->ncols);
    return 0;
}

/* The value of an entry; a binary matrix holds 0 (an explicit absence) or 1. */
static int read_value(mtx_reader *r, const char *p, bool *present)
{
    *present = true;
    if (r->field == MTX_PATTERN)
        return at_end(p) ? 0 : mtx_refuse(r, "expected 'ROW COLUMN' (a pattern matrix)");
    p = skip_blanks(p);
    if (at_end(p))
        return mtx_refuse(r, "expected 'ROW COLUMN VALUE'");
    const char *text = p;
    double v;
    if (r->field == MTX_INTEGER) {
        uint64_t u;
        if (*p == '-' || *p == '+')
            p++;
        if (*p < '0' || *p > '9' || !parse_u64(&p, &u) || !at_end(p))
            return mtx_refuse(r, "expected an integer value");
        v = *text == '-' ? -(double)u : (double)u;
    } else {
        char *end;
        v = strtod(p, &end);
        if (end == p || !at_end(end))
            return mtx_refuse(r, "expected a real value");
    }
    if (v != 0 && v != 1)
        return mtx_refuse(r, "value '%.*s' in a binary matrix (0 or 1 only)",
                          (int)strcspn(text, " \t\r\n"), text);
    *present = v == 1;
    return 0;
}

static int read_entry(mtx_reader *r, const char *line)
{
    const char *p = line;
    uint64_t i, j;
    if (!parse_u64(&p, &i) || !parse_u64(&p, &j))
        return mtx_refuse(r, "expected 'ROW COLUMN%s'", r->field == MTX_PATTERN ? "" : " VALUE");
    bool present;
    int rc = read_value(r, p, &present);
    if (rc < 0)
        return rc;
    if (i < 1 || i > r->nrows || j < 1 || j > r->ncols)
        return mtx_refuse(
            r, "entry (%" PRIu64 ", %" PRIu64 ") outside the %" PRIu64 " x %" PRIu64 " matrix", i,
            j, r->nrows, r->ncols);
    if (r->stored == r->announced)
        return mtx_refuse(r, "more entries than the %" PRIu64 " announced", r->announced);
    r->stored++;
    if (!present)
        return 0; /* an explicit zero: stored in the file, not a presence */
    if (cn_grow((void **)&r->rows, &r->rows_cap, r->n + 1, sizeof *r->rows) < 0 ||
        cn_grow((void **)&r->cols, &r->cols_cap, r->n + 1, sizeof *r->cols) < 0 ||
        cn_grow((void **)&r->lines, &r->lines_cap, r->n + 1, sizeof *r->lines) < 0)
        return cn_error_nomem(r->err);
    r->rows[r->n] = (uint32_t)(i - 1);
    r->cols[r->n] = (uint32_t)(j - 1);
    r->lines[r->n] = r->lineno;
    r->n++;
    return 0;
}

typedef struct mtx_cell {
    uint32_t row, col;
    size_t line;
} mtx_cell;

static int compare_cells(const void *a, const void *b)
{
    const mtx_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Called when building the matrix collapsed some entries: names the first repeated one
 * (in file order of its second occurrence) with both of its lines. */
static int refuse_duplicate(mtx_reader *r)
{
    mtx_cell *cells = malloc(r->n * sizeof *cells);
    if (!cells)
        return cn_error_nomem(r->err);
    for (size_t k = 0; k < r->n; k++)
        cells[k] = (mtx_cell){r->rows[k], r->cols[k], r->lines[k]};
    qsort(cells, r->n, sizeof *cells, compare_cells);
    mtx_cell first = {0, 0, 0}, second = {0, 0, SIZE_MAX};
    for (size_t k = 1; k < r->n; k++)
        if (cells[k].row == cells[k - 1].row && cells[k].col == cells[k - 1].col &&
            cells[k].line < second.line) {
            first = cells[k - 1];
            second = cells[k];
        }
    free(cells);
    r->lineno = second.line;
    return mtx_refuse(r, "entry (%" PRIu32 ", %" PRIu32 ") repeated (first at line %zu)",
                      second.row + 1, second.col + 1, first.line);
}

static int read_lines(mtx_reader *r, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bool sized = false;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        r->lineno++;
        if (memchr(line, '\0', (size_t)len))
            rc = mtx_refuse(r, "NUL byte");
        else if (r->lineno == 1)
            rc = read_banner(r, line);
        else if (line[0] == '%' || at_end(line))
            continue; /* comments, blank lines */
        else if (!sized) {
            rc = read_size(r, line);
            sized = true;
        } else
            rc = read_entry(r, line);
    }
    free(line);
    if (rc < 0)
        return rc;
    if (ferror(f))
        return cn_error_code(r->err, CN_EIO, "%s: read error", r->path);
    if (r->lineno == 0)
        return cn_error_code(r->err, CN_EINVALID, "%s: empty file, not a Matrix Market file",
                             r->path);
    if (!sized)
        return cn_error_code(r->err, CN_EINVALID, "%s: no size line", r->path);
    if (r->stored < r->announced)
        return mtx_refuse(r, "the file ends after %" PRIu64 " of the %" PRIu64 " entries announced",
                          r->stored, r->announced);
    return 0;
}

int cn_sparse_read_mtx(const char *path, cn_sparse **out, cn_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cn_error_code(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "%s: cannot open: %s",
                             path, strerror(errno));
    mtx_reader r = {.path = path, .err = err};
    int rc = read_lines(&r, f);
    fclose(f);
    cn_sparse *m = NULL;
    if (rc == 0)
        rc = cn_sparse_from_pairs((uint32_t)r.nrows, (uint32_t)r.ncols, r.rows, r.cols, r.n, &m,
                                  err);
    if (rc == 0 && m->nnz < r.n) {
        rc = refuse_duplicate(&r);
        cn_sparse_free(m);
        m = NULL;
    }
    free(r.rows);
    free(r.cols);
    free(r.lines);
    if (rc < 0)
        return rc;
    *out = m;
    return 0;
}

int cn_sparse_write_mtx(const cn_sparse *m, FILE *out)
{
    fprintf(out, "%%%%MatrixMarket matrix coordinate pattern general\n%u %u %zu\n", m->nrows,
            m->ncols, m->nnz);
    for (uint32_t i = 0; i < m->nrows; i++)
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            fprintf(out, "%u %u\n", i + 1, m->colidx[k] + 1);
    return ferror(out) ? -1 : 0;
}
