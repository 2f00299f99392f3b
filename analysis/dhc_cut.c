/* dhc_cut.c — one node of the descending classification cut in two (dhc.c): the best cut
 * of its rows along their CA coordinate, IRAMUTEQ's reassignment, a column's 2 x 2 chi2. */
#include "dhc_cut.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every step that IRAMUTEQ does with an O(p) loop per candidate is incremental here: the
 * chi2 of a bipartition is N (A/R1 + B/R2 - 1) with A = sum t1_j^2/s_j and B = sum
 * t2_j^2/s_j, and moving one unit changes only the terms of its own columns. A cut scan
 * and a reassignment pass therefore cost O(non-zeros of the node), not O(rows x columns). */

double cn_dhc_sums_chi2(const cn_dhc_sums *z)
{
    if (z->r1 <= 0 || z->r2 <= 0)
        return 0;
    return z->total * (z->a / z->r1 + z->b / z->r2 - 1);
}

void cn_dhc_sums_recompute(cn_dhc_sums *z, const cn_sparse *m, const uint8_t *group)
{
    memset(z->t1, 0, m->ncols * sizeof *z->t1);
    memset(z->t2, 0, m->ncols * sizeof *z->t2);
    z->r1 = z->r2 = z->a = z->b = 0;
    for (uint32_t i = 0; i < m->nrows; i++) {
        uint32_t *t = group[i] == 1 ? z->t1 : z->t2;
        for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
            t[m->colidx[k]]++;
        double len = (double)(m->rowptr[i + 1] - m->rowptr[i]);
        if (group[i] == 1)
            z->r1 += len;
        else
            z->r2 += len;
    }
    for (uint32_t j = 0; j < m->ncols; j++) {
        z->a += (double)z->t1[j] * z->t1[j] / z->s[j];
        z->b += (double)z->t2[j] * z->t2[j] / z->s[j];
    }
}

/* Changes of A and B if row i moved out of group `from`. */
static void move_delta(const cn_dhc_sums *z, const cn_sparse *m, uint32_t i, int from, double *da,
                       double *db)
{
    double x = 0, y = 0;
    for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++) {
        uint32_t j = m->colidx[k];
        double s = z->s[j];
        if (from == 1) {
            x += (1.0 - 2.0 * z->t1[j]) / s; /* t1 - 1 */
            y += (2.0 * z->t2[j] + 1.0) / s; /* t2 + 1 */
        } else {
            x += (2.0 * z->t1[j] + 1.0) / s;
            y += (1.0 - 2.0 * z->t2[j]) / s;
        }
    }
    *da = x;
    *db = y;
}

static void apply_move(cn_dhc_sums *z, const cn_sparse *m, uint32_t i, int from, double da,
                       double db)
{
    double len = (double)(m->rowptr[i + 1] - m->rowptr[i]);
    for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++) {
        uint32_t j = m->colidx[k];
        if (from == 1) {
            z->t1[j]--;
            z->t2[j]++;
        } else {
            z->t1[j]++;
            z->t2[j]--;
        }
    }
    z->a += da;
    z->b += db;
    z->r1 += from == 1 ? -len : len;
    z->r2 += from == 1 ? len : -len;
}

/* The terms move_delta adds for column j, kept per column for the reassignment: there most
 * rows are weighed and few move, so the divisions (the cost of a pass) are made once per
 * column and again only for the columns of a row that moved. The same expressions of the
 * same counts: the same bits as move_delta's. q[4j], q[4j + 1]: leaving group 1; q[4j + 2],
 * q[4j + 3]: leaving group 2. */
static void column_terms(const cn_dhc_sums *z, uint32_t j, double *q)
{
    double s = z->s[j];
    q[4 * (size_t)j] = (1.0 - 2.0 * z->t1[j]) / s;
    q[4 * (size_t)j + 1] = (2.0 * z->t2[j] + 1.0) / s;
    q[4 * (size_t)j + 2] = (2.0 * z->t1[j] + 1.0) / s;
    q[4 * (size_t)j + 3] = (1.0 - 2.0 * z->t2[j]) / s;
}

/* move_delta from the kept terms: the same additions in the same order. */
static void move_delta_kept(const double *q, const cn_sparse *m, uint32_t i, int from, double *da,
                            double *db)
{
    double x = 0, y = 0;
    size_t side = from == 1 ? 0 : 2;
    for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++) {
        const double *t = q + 4 * (size_t)m->colidx[k] + side;
        x += t[0];
        y += t[1];
    }
    *da = x;
    *db = y;
}

/* A row and its coordinate as an unsigned key whose order is the coordinates' order
 * (-0 and +0 one key, as they compare equal). */
typedef struct ranked {
    uint64_t key;
    uint32_t row;
} ranked;

static uint64_t order_key(double coord)
{
    uint64_t bits;
    if (coord == 0)
        coord = 0; /* -0 as +0 */
    memcpy(&bits, &coord, sizeof bits);
    return bits >> 63 ? ~bits : bits | (UINT64_C(1) << 63);
}

/* The rows by increasing coordinate, ties in row order: a stable LSD radix sort (one byte
 * a pass, passes where every key has the same byte skipped) of rows given in row order.
 * The order is total, so it is exactly the one the comparison sort it replaces gave, at
 * a fraction of its cost on a 300,000-row node. tmp: room for n. */
static void sort_ranked(ranked *order, ranked *tmp, uint32_t n)
{
    for (int shift = 0; n > 1 && shift < 64; shift += 8) {
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++)
            count[((order[i].key >> shift) & 0xff) + 1]++;
        if (count[((order[0].key >> shift) & 0xff) + 1] == n)
            continue;
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (uint32_t i = 0; i < n; i++)
            tmp[count[(order[i].key >> shift) & 0xff]++] = order[i];
        memcpy(order, tmp, n * sizeof *order);
    }
}

#define SCAN_AHEAD 8 /* rows */

/* Best cut along the axis: group 1 = rows whose coordinate is <= that of the m-th row. */
int cn_dhc_cut_scan(const cn_sparse *m, const double *coord, cn_dhc_sums *z, uint8_t *group,
                    cn_dhc_split *rec, cn_error *err)
{
    uint32_t n = m->nrows;
    ranked *order = malloc(2 * (size_t)n * sizeof *order);
    if (!order)
        return cn_error_nomem(err);
    for (uint32_t i = 0; i < n; i++)
        order[i] = (ranked){order_key(coord[i]), i};
    sort_ranked(order, order + n, n);
    memset(group, 2, n);
    cn_dhc_sums_recompute(z, m, group);
    double best = -1;
    uint32_t best_m = 1;
    for (uint32_t k = 0; k + 1 < n; k++) {
        uint32_t i = order[k].row;
        double da, db;
        /* the rows come in coordinate order, from all over the table: fetching a row ahead
         * hides the wait for its columns, which was most of the scan's time */
        if (k + SCAN_AHEAD < n)
            __builtin_prefetch(m->colidx + m->rowptr[order[k + SCAN_AHEAD].row]);
        move_delta(z, m, i, 2, &da, &db);
        apply_move(z, m, i, 2, da, db);
        group[i] = 1;
        double chi2 = cn_dhc_sums_chi2(z);
        if (chi2 > best) { /* strictly: the first maximum wins */
            best = chi2;
            best_m = k + 1;
        }
    }
    double threshold = coord[order[best_m - 1].row];
    uint32_t size1 = 0;
    for (uint32_t i = 0; i < n; i++) {
        group[i] = coord[i] <= threshold ? 1 : 2; /* ties at the threshold go to group 1 */
        size1 += group[i] == 1;
    }
    rec->chi2_cut = best;
    rec->cut_size = size1;
    free(order);
    cn_dhc_sums_recompute(z, m, group);
    return 0;
}

/* IRAMUTEQ's reassignment: sequential passes in corpus order, each move kept at once if it
 * strictly raises chi2; stops when a pass moves nothing or repeats the previous pass's
 * moves, or when a group had fewer than 5 rows at the start of the preceding pass. */
int cn_dhc_cut_reassign(const cn_sparse *m, cn_dhc_sums *z, uint8_t *group, cn_dhc_split *rec,
                        cn_error *err)
{
    uint32_t n = m->nrows;
    uint32_t *moved = malloc(n * sizeof *moved), *prev = malloc(n * sizeof *prev);
    double *q = malloc(4 * (size_t)m->ncols * sizeof *q);
    if (!moved || !prev || !q) {
        free(moved);
        free(prev);
        free(q);
        return cn_error_nomem(err);
    }
    uint32_t n1 = 0;
    for (uint32_t i = 0; i < n; i++)
        n1 += group[i] == 1;
    uint32_t check1 = n1, check2 = n - n1, nprev = 0;
    bool any = true, first = true;
    while (any && check1 >= CN_DHC_REASSIGN_MIN && check2 >= CN_DHC_REASSIGN_MIN) {
        uint32_t start1 = n1, start2 = n - n1, nmoved = 0;
        cn_dhc_sums_recompute(z, m, group); /* exact sums at each pass: no drift */
        for (uint32_t j = 0; j < m->ncols; j++)
            column_terms(z, j, q);
        double current = cn_dhc_sums_chi2(z);
        for (uint32_t i = 0; i < n; i++) {
            int from = group[i];
            if ((from == 1 && n1 == 1) || (from == 2 && n - n1 == 1))
                continue;
            double da, db, len = (double)(m->rowptr[i + 1] - m->rowptr[i]);
            move_delta_kept(q, m, i, from, &da, &db);
            double r1 = z->r1 + (from == 1 ? -len : len), r2 = z->r2 + (from == 1 ? len : -len);
            double chi2 = z->total * ((z->a + da) / r1 + (z->b + db) / r2 - 1);
            if (chi2 > current) {
                apply_move(z, m, i, from, da, db);
                for (size_t k = m->rowptr[i]; k < m->rowptr[i + 1]; k++)
                    column_terms(z, m->colidx[k], q);
                group[i] = (uint8_t)(3 - from);
                n1 += from == 1 ? -1u : 1u;
                current = chi2;
                moved[nmoved++] = i;
            }
        }
        rec->passes++;
        rec->moved += nmoved;
        any = nmoved > 0;
        if (!first && nmoved == nprev && memcmp(moved, prev, nmoved * sizeof *moved) == 0)
            break; /* the same moves again: an oscillation */
        memcpy(prev, moved, nmoved * sizeof *moved);
        nprev = nmoved;
        check1 = start1;
        check2 = start2;
        first = false;
    }
    free(moved);
    free(prev);
    free(q);
    return 0;
}

/* Chi2 of one column's 2 x 2 table (rows without / with the column, children 1 / 2), with
 * IRAMUTEQ's forced values and its Yates correction when a cell is under 10. */
double cn_dhc_cut_column_chi2(uint32_t a, uint32_t b, uint32_t n1, uint32_t n2, double threshold)
{
    uint32_t w1 = n1 - a, w2 = n2 - b;
    if ((a == 0 || b == 0) && w1 > 0 && w2 > 0)
        return threshold + 1;
    if ((a == n1 || b == n2) && a > 0 && b > 0)
        return threshold - 1;
    double obs[4] = {w1, w2, a, b};
    double rows[2] = {(double)w1 + w2, (double)a + b}, cols[2] = {n1, n2};
    double total = (double)n1 + n2;
    bool small = w1 < 10 || w2 < 10 || a < 10 || b < 10;
    double exp[4] = {rows[0] * cols[0] / total, rows[0] * cols[1] / total,
                     rows[1] * cols[0] / total, rows[1] * cols[1] / total};
    double corr = 0;
    if (small) { /* as R's chisq.test: the correction never exceeds |O - E| */
        corr = 0.5;
        for (int k = 0; k < 4; k++)
            if (fabs(obs[k] - exp[k]) < corr)
                corr = fabs(obs[k] - exp[k]);
    }
    double chi2 = 0;
    for (int k = 0; k < 4; k++) {
        if (exp[k] <= 0)
            return 0;
        double d = fabs(obs[k] - exp[k]) - corr;
        chi2 += d * d / exp[k];
    }
    return isnan(chi2) ? 0 : chi2;
}
