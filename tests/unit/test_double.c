/* test_double.c — IRAMUTEQ's double classification (reinert-spec.md D.1, cn_dhc_double):
 * a small case worked by hand (two trees whose nodes are known, every crossed pair's 2 x 2
 * chi2, the greedy choice from the deepest second-tree nodes, the minimum size), then the
 * crossing rule checked against the two trees on a larger matrix, and the same result on
 * one thread and on two. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "carnet/dhc.h"

/* ---- the hand-worked case ------------------------------------------------------------ */

/* Columns: a0 a1 a2 (0-2), b (3), c (4), bc0 bc1 (5, 6). A row of group A holds a0 a1 a2,
 * of group B b bc0 bc1, of group C c bc0 bc1: three ones in every row. */
static cn_sparse *groups_matrix(uint32_t na, uint32_t nb, uint32_t nc)
{
    uint32_t n = na + nb + nc;
    uint32_t *rows = malloc(3 * n * sizeof *rows), *cols = malloc(3 * n * sizeof *cols);
    size_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t set[3] = {0, 1, 2};
        if (i >= na) {
            set[0] = i < na + nb ? 3 : 4;
            set[1] = 5;
            set[2] = 6;
        }
        for (int j = 0; j < 3; j++, k++) {
            rows[k] = i;
            cols[k] = set[j];
        }
    }
    cn_sparse *m;
    cn_error err = {0};
    if (cn_sparse_from_pairs(n, 7, rows, cols, k, &m, &err) < 0)
        fail_msg("%s", err.msg);
    free(rows);
    free(cols);
    return m;
}

/* 40 segments. First UC table: 20 UCs of two segments (uc1[s] = s / 2), groups A 8, B 5,
 * C 7 UCs, i.e. segments 0-15, 16-25, 26-39. Second UC table: one UC per segment
 * (uc2[s] = s), groups A 16, B 11, C 13 rows, i.e. segments 0-15, 16-26, 27-39. */
typedef struct hand_case {
    cn_sparse *m1, *m2;
    uint32_t uc1[40], uc2[40];
} hand_case;

static void hand_case_init(hand_case *h)
{
    h->m1 = groups_matrix(8, 5, 7);
    h->m2 = groups_matrix(16, 11, 13);
    for (uint32_t s = 0; s < 40; s++) {
        h->uc1[s] = s / 2;
        h->uc2[s] = s;
    }
}

static void hand_case_free(hand_case *h)
{
    cn_sparse_free(h->m1);
    cn_sparse_free(h->m2);
}

/* The trees, by hand (nbcl_p1 = 3: two splits each; spec C.2, C.3 and ca.h's sign rule):
 * - Split 1: A shares no column with B and C, so the first CA axis is the contrast of the
 *   two blocks, constant inside each. Row coordinates average to 0 weighted by row sums
 *   (3 per row): the smaller block has the larger |f|, made positive, so A (8 UCs
 *   against 12; 16 rows against 24) is on the high side: child 2i + 1 = node 3, and B + C
 *   is node 2. The cut at the block boundary separates perfectly (chi2/N = 1, the
 *   maximum), so reassignment moves nothing.
 * - Split 2: node 2 is the largest leaf. Its columns b, c, bc0, bc1 all hold >= 4 rows;
 *   bc0 and bc1 are in every row, so the axis is B against C; B is smaller (5 < 7 UCs,
 *   11 < 13 rows) hence positive: B is node 5, C node 4.
 * In segments: tree 1: 3 = 0-15, 2 = 16-39, 5 = 16-25, 4 = 26-39;
 *              tree 2: 3 = 0-15, 2 = 16-39, 5 = 16-26, 4 = 27-39. */
static void hand_case_trees(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    cn_error err = {0};
    cn_dhc *t1, *t2;
    assert_int_equal(cn_dhc_run(h.m1, &p, &t1, &err), 0);
    assert_int_equal(cn_dhc_run(h.m2, &p, &t2, &err), 0);
    assert_int_equal(t1->nsplits, 2);
    assert_int_equal(t2->nsplits, 2);
    for (uint32_t u = 0; u < 20; u++) {
        assert_int_equal(cn_dhc_label(t1, 0, u), u < 8 ? 3 : 2);
        assert_int_equal(cn_dhc_label(t1, 1, u), u < 8 ? 3 : u < 13 ? 5 : 4);
    }
    for (uint32_t s = 0; s < 40; s++) {
        assert_int_equal(cn_dhc_label(t2, 0, s), s < 16 ? 3 : 2);
        assert_int_equal(cn_dhc_label(t2, 1, s), s < 16 ? 3 : s < 27 ? 5 : 4);
    }
    assert_int_equal(t1->splits[1].node, 2);
    assert_int_equal(t2->splits[1].node, 2);
    cn_dhc_free(t1);
    cn_dhc_free(t2);
    hand_case_free(&h);
}

/* Every crossed pair (c1, c2) with n12 >= mincl, N = 40 segments, 2 x 2 table
 * [[n12, w1 - n12], [w2 - n12, N - w1 - w2 + n12]] (w = node sizes in segments),
 * chi2 = N (ad - bc)^2 / ((a+b)(c+d)(a+c)(b+d)), no Yates, negative when n12 is under
 * its expected count w1 w2 / N. Node sizes: tree 1: 2:24 3:16 4:14 5:10;
 * tree 2: 2:24 3:16 4:13 5:11.
 *   (2,2) n 24: [[24,0],[0,16]]  ad-bc 384: 40*384^2/(24*16*24*16)    = 40
 *   (3,3) n 16: the same table                                         = 40
 *   (4,4) n 13: [[13,1],[0,26]]  338: 40*338^2/(14*26*13*27)          = 35.767
 *   (5,5) n 10: [[10,0],[1,29]]  290: 40*290^2/(10*30*11*29)          = 35.152
 *   (4,2) n 14: [[14,0],[10,16]] 224: 40*224^2/(14*26*24*16)          = 14.359
 *   (2,4) n 13: [[13,11],[0,16]] 208: 40*208^2/(24*16*13*27)          = 12.839
 *   (2,5) n 11: [[11,13],[0,16]] 176: 40*176^2/(24*16*11*29)          = 10.115
 *   (5,2) n 10: [[10,0],[14,16]] 160: 40*160^2/(10*30*24*16)          =  8.889
 *   (4,5) n 1, (2,3), (3,2), (3,4), (3,5), (4,3), (5,3), (5,4) n 0: below mincl. */
static double pair_chi2(double n12, double w1, double w2)
{
    double a = n12, b = w1 - n12, c = w2 - n12, d = 40 - w1 - w2 + n12;
    return 40 * (a * d - b * c) * (a * d - b * c) / ((a + b) * (c + d) * (a + c) * (b + d));
}

static void check_classes(const cn_dhc *d, const uint32_t *expected)
{
    for (uint32_t s = 0; s < 40; s++)
        if (d->class_of[s] != expected[s])
            fail_msg("segment %u: class %u, expected %u", s, d->class_of[s], expected[s]);
}

static void hand_case_pairs(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    /* mincl: round(UC1 rows / nbcl_p1) = round(20 / 3) = 7 (D.1 step 5) */
    assert_int_equal(d->mincl, 7);
    /* D.1 steps 6-7: candidates (chi2 > 3.84) by chi2: (2,2) (3,3) (4,4) (5,5) (4,2)
     * (2,4) (2,5) (5,2); re-ordered by tree-2 node, deepest first, stable:
     * (5,5) (2,5) | (4,4) (2,4) | (3,3) | (2,2) (4,2) (5,2).
     * (5,5) taken: marks 5 and its ancestor 2 in both trees. (2,5): 2 used. (4,4) taken
     * (4 is 5's sibling, not related). (2,4): used. (3,3) taken. (2,2), (4,2), (5,2): used.
     * Three classes; by chi2 alone (2,2) would come first and leave only (3,3): two. */
    assert_int_equal(d->nclasses, 3);
    assert_int_equal(d->npairs, 3);
    const struct {
        int c1, c2;
        uint32_t size;
    } pairs[] = {{5, 5, 10}, {4, 4, 13}, {3, 3, 16}};
    const double w[3][2] = {{10, 11}, {14, 13}, {16, 16}};              /* node sizes */
    const double chi2[3] = {3364000.0 / 95700, 4569760.0 / 127764, 40}; /* 35.152 35.767 40 */
    for (int k = 0; k < 3; k++) {
        assert_int_equal(d->pairs[k].c1, pairs[k].c1);
        assert_int_equal(d->pairs[k].c2, pairs[k].c2);
        assert_int_equal(d->pairs[k].size, pairs[k].size);
        assert_float_equal(d->pairs[k].chi2, chi2[k], 1e-9);
        assert_float_equal(pair_chi2(pairs[k].size, w[k][0], w[k][1]), chi2[k], 1e-9);
        assert_int_equal(d->class_size[k], pairs[k].size);
    }
    /* D.1 step 8: class k = segments in both nodes of pair k. Segment 26 is in tree 1's
     * node 4 but tree 2's node 5: no pair holds both, class 0. Both segments of each
     * first-tree UC carry its labels (26 and 27 share UC 13 yet differ by tree 2). */
    uint32_t expected[40];
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 16 ? 3 : s < 26 ? 1 : s == 26 ? 0 : 2;
    check_classes(d, expected);
    assert_int_equal(d->nrows, 40);
    cn_dhc_free(d);
    hand_case_free(&h);
}

static void hand_case_minimum_size(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    p.mincl = 11;
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->mincl, 11);
    /* mincl 11 drops (5,5) and (5,2) (10 segments each). By tree-2 node: (2,5) |
     * (4,4) (2,4) | (3,3) | (2,2) (4,2). (2,5) taken: marks 2 and its descendants 4, 5 in
     * tree 1, 5 and 2 in tree 2. (4,4), (2,4): used. (3,3) taken. Two classes: segments
     * 16-26 (tree 1's node 2 and tree 2's node 5) and 0-15; 27-39 unclassified. */
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 2);
    assert_int_equal(d->pairs[0].c2, 5);
    assert_int_equal(d->pairs[0].size, 11);
    assert_float_equal(d->pairs[0].chi2, 1239040.0 / 122496, 1e-9); /* 10.115 */
    assert_float_equal(pair_chi2(11, 24, 11), 1239040.0 / 122496, 1e-9);
    assert_int_equal(d->pairs[1].c1, 3);
    assert_int_equal(d->pairs[1].c2, 3);
    uint32_t expected[40];
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 16 ? 2 : s < 27 ? 1 : 0;
    check_classes(d, expected);
    /* a minimum above every crossing leaves nothing classified */
    p.mincl = 17;
    cn_dhc_free(d);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    /* (2,2) n 24 is the only pair >= 17 and is positive: one class, 16-39 */
    assert_int_equal(d->nclasses, 1);
    assert_int_equal(d->pairs[0].c1, 2);
    assert_int_equal(d->pairs[0].c2, 2);
    assert_int_equal(d->class_size[0], 24);
    p.mincl = 25;
    cn_dhc_free(d);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->nclasses, 0);
    for (uint32_t s = 0; s < 40; s++)
        assert_int_equal(d->class_of[s], 0);
    cn_dhc_free(d);
    hand_case_free(&h);
}

/* One split per tree (nbcl_p1 = 2): node 3 = group A, node 2 = the rest, as above. The
 * second UC table's rows are the first's groups again (A = rows 0-15), but segments reach
 * them through a permutation that puts x of tree 1's node 3 (segments 0-15) into tree 2's
 * node 3: segments 0..x-1 and 16..31-x go to rows 0-15, all others to rows 16-39. */
static void permuted_ucs(uint32_t x, uint32_t *uc2)
{
    uint32_t low = 0, high = 16;
    for (uint32_t s = 0; s < 40; s++)
        uc2[s] = s < x || (s >= 16 && s < 32 - x) ? low++ : high++;
}

static void hand_case_association_threshold(void **state)
{
    (void)state;
    /* w1 = w2 = 16 for node 3, 24 for node 2, N = 40; (3,3) = x, (2,2) = 8 + x,
     * (2,3) = (3,2) = 16 - x. (3,3): [[x, 16-x], [16-x, 8+x]]: ad - bc = 40x - 256,
     * chi2 = 40 (40x - 256)^2 / (16*24*16*24); (2,2) is the mirror table, the same chi2.
     *   x = 9:  40 * 104^2 / 147456 = 2.934: not above 3.84, and (3,3) n 9 < mincl 10:
     *           no class at all
     *   x = 10: 40 * 144^2 / 147456 = 5.625 > 3.84: (3,3) n 10 then (2,2) n 18 (deepest
     *           second-tree node first), two classes; the other 12 segments are 0 */
    hand_case h;
    hand_case_init(&h);
    for (uint32_t s = 0; s < 40; s++)
        h.uc1[s] = s / 2;
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 2;
    cn_error err = {0};
    cn_dhc *d;
    permuted_ucs(9, h.uc2);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->mincl, 10); /* round(20 / 2) */
    assert_int_equal(d->nclasses, 0);
    cn_dhc_free(d);
    permuted_ucs(10, h.uc2);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 3);
    assert_int_equal(d->pairs[0].c2, 3);
    assert_int_equal(d->pairs[0].size, 10);
    assert_float_equal(d->pairs[0].chi2, 5.625, 1e-9);
    assert_int_equal(d->pairs[1].c1, 2);
    assert_int_equal(d->pairs[1].c2, 2);
    assert_int_equal(d->pairs[1].size, 18);
    assert_float_equal(d->pairs[1].chi2, 5.625, 1e-9);
    uint32_t expected[40];
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 10 ? 1 : s < 22 ? 0 : 2;
    check_classes(d, expected);
    cn_dhc_free(d);
    /* mincl 6 lets (2,3) and (3,2) in (n 16 - 10 = 6): [[6,18],[10,6]] is (3,3)'s table
     * with its rows swapped, chi2 5.625 too, but 6 is under its expected count
     * 24 * 16 / 40 = 9.6: -5.625, never a candidate. The same two classes. */
    p.mincl = 6;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 3);
    assert_int_equal(d->pairs[1].c1, 2);
    check_classes(d, expected);
    cn_dhc_free(d);
    hand_case_free(&h);
}

/* ---- a larger case: the crossing rule against the two trees, and threads ------------- */

/* reinert-spec.md F.3's Park-Miller matrix (300 x 60), and the same rows OR-ed two by two
 * (150 x 60) as a second, coarser UC table. */
static void f3_tables(cn_sparse **m1, cn_sparse **m2)
{
    uint32_t *r1 = malloc(300 * 60 * sizeof *r1), *c1 = malloc(300 * 60 * sizeof *c1);
    uint32_t *r2 = malloc(300 * 60 * sizeof *r2);
    size_t n = 0;
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 300; i++)
        for (uint32_t j = 0; j < 60; j++) {
            x = (16807 * x) % 2147483647;
            if ((double)x / 2147483647.0 < (j % 3 == i % 3 ? 0.30 : 0.05)) {
                r1[n] = i;
                r2[n] = i / 2;
                c1[n] = j;
                n++;
            }
        }
    cn_error err = {0};
    if (cn_sparse_from_pairs(300, 60, r1, c1, n, m1, &err) < 0 ||
        cn_sparse_from_pairs(150, 60, r2, c1, n, m2, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal((*m1)->nnz, 2387);
    free(r1);
    free(c1);
    free(r2);
}

/* Segment s is in node c of tree t: its UC's label after split c / 2 (D.1 step 3). */
static bool in_node(const cn_dhc *t, const uint32_t *uc, uint32_t s, int c)
{
    return uc[s] != CN_NO_UC && c / 2 >= 1 && c / 2 <= t->nsplits &&
           cn_dhc_label(t, c / 2 - 1, uc[s]) == c;
}

static bool related(const cn_dhc *t, int a, int b)
{
    for (int x = a; x > 0; x = t->parent[x])
        if (x == b)
            return true;
    for (int x = b; x > 0; x = t->parent[x])
        if (x == a)
            return true;
    return false;
}

static void crossing_follows_both_trees(void **state)
{
    (void)state;
    cn_sparse *m1, *m2;
    f3_tables(&m1, &m2);
    uint32_t uc1[300], uc2[300];
    for (uint32_t s = 0; s < 300; s++) {
        uc1[s] = s;
        uc2[s] = s / 2;
    }
    uc1[7] = CN_NO_UC; /* a segment without a UC in one table is never classified */
    uc2[150] = CN_NO_UC;
    cn_dhc_params p = cn_dhc_defaults();
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, NULL, 1, &d, &err), 0);
    assert_int_equal(d->mincl, 30); /* round(300 / 10) */
    /* the two trees, run alone with the same parameters (the double classification gives
     * both trees the mincl it computed) */
    p.mincl = d->mincl;
    cn_dhc *t1, *t2;
    assert_int_equal(cn_dhc_run(m1, &p, &t1, &err), 0);
    assert_int_equal(cn_dhc_run(m2, &p, &t2, &err), 0);
    assert_true(d->npairs >= 2);
    assert_int_equal(d->nclasses, d->npairs);
    for (int k = 0; k < d->npairs; k++) {
        const cn_dhc_pair *a = &d->pairs[k];
        /* step 5-6: a kept pair is large enough and positively associated */
        assert_true(a->size >= (uint32_t)d->mincl);
        assert_true(a->chi2 > 3.84);
        /* step 7: no two pairs share a node, an ancestor or a descendant in either tree */
        for (int q = 0; q < k; q++) {
            assert_false(related(t1, a->c1, d->pairs[q].c1));
            assert_false(related(t2, a->c2, d->pairs[q].c2));
        }
        /* steps 3-5: the pair's size is the crossing count, its chi2 that of the 2 x 2 */
        double n12 = 0, w1 = 0, w2 = 0;
        for (uint32_t s = 0; s < 300; s++) {
            bool x = in_node(t1, uc1, s, a->c1), y = in_node(t2, uc2, s, a->c2);
            n12 += x && y;
            w1 += x;
            w2 += y;
        }
        assert_int_equal(a->size, (uint32_t)n12);
        double A = n12, B = w1 - n12, C = w2 - n12, D = 300 - w1 - w2 + n12;
        double chi2 =
            300 * (A * D - B * C) * (A * D - B * C) / ((A + B) * (C + D) * (A + C) * (B + D));
        assert_float_equal(a->chi2, chi2, 1e-9 * chi2);
        assert_int_equal(d->class_size[k], a->size);
    }
    /* step 8: a segment is in class k iff it is in both nodes of pair k */
    for (uint32_t s = 0; s < 300; s++) {
        uint32_t want = 0;
        for (int k = 0; k < d->npairs && !want; k++)
            if (in_node(t1, uc1, s, d->pairs[k].c1) && in_node(t2, uc2, s, d->pairs[k].c2))
                want = (uint32_t)k + 1;
        assert_int_equal(d->class_of[s], want);
    }
    assert_int_equal(d->class_of[7], 0);
    assert_int_equal(d->class_of[150], 0);
    cn_dhc_free(t1);
    cn_dhc_free(t2);
    cn_dhc_free(d);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
}

static void same_result_on_one_and_two_threads(void **state)
{
    (void)state;
    cn_sparse *m1, *m2;
    f3_tables(&m1, &m2);
    uint32_t uc1[300], uc2[300];
    for (uint32_t s = 0; s < 300; s++) {
        uc1[s] = s;
        uc2[s] = s / 2;
    }
    cn_dhc_params p = cn_dhc_defaults();
    cn_error err = {0};
    cn_dhc *one, *two;
    assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, NULL, 1, &one, &err), 0);
    assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, NULL, 2, &two, &err), 0);
    assert_true(one->npairs >= 2);
    assert_int_equal(one->npairs, two->npairs);
    assert_int_equal(one->nclasses, two->nclasses);
    assert_int_equal(one->mincl, two->mincl);
    assert_memory_equal(one->class_of, two->class_of, 300 * sizeof *one->class_of);
    assert_memory_equal(one->class_size, two->class_size,
                        (size_t)one->nclasses * sizeof *one->class_size);
    for (int k = 0; k < one->npairs; k++) {
        assert_int_equal(one->pairs[k].c1, two->pairs[k].c1);
        assert_int_equal(one->pairs[k].c2, two->pairs[k].c2);
        assert_int_equal(one->pairs[k].size, two->pairs[k].size);
        assert_true(one->pairs[k].chi2 == two->pairs[k].chi2); /* bit for bit */
    }
    /* and on the hand case */
    hand_case h;
    hand_case_init(&h);
    p.nbcl_p1 = 3;
    cn_dhc_free(one);
    cn_dhc_free(two);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 1, &one, &err), 0);
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, NULL, 2, &two, &err), 0);
    assert_int_equal(one->npairs, 3);
    assert_int_equal(two->npairs, 3);
    assert_memory_equal(one->class_of, two->class_of, 40 * sizeof *one->class_of);
    hand_case_free(&h);
    cn_dhc_free(one);
    cn_dhc_free(two);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
}

/* ---- the sign draws and the chi2 order ------------------------------------------------- */

/* The hand case with mincl 11 depends on the sign of tree 2's second split: numbered as
 * the trees came out (node 5 = B, 16-26; node 4 = C, 27-39) the walk takes (2,5) then
 * (3,3) (hand_case_minimum_size); with nodes 4 and 5 swapped, (4,4) comes first (the
 * deepest tree-2 number is now 4's), blocks 2 in both trees, and (3,3) follows: classes
 * of 13 (27-39) and 16 segments. Swapping the children of either tree's first split, or
 * of tree 1's second, changes nothing. So the draws meet exactly two outcomes. */
static void hand_case_sign_draws(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    p.mincl = 11;
    cn_dhc_double_params dp = cn_dhc_double_defaults();
    assert_int_equal(dp.sign_draws, 64);
    assert_int_equal(dp.pair_order, CN_PAIR_ORDER_IRAMUTEQ);
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    /* the classes shown are IRAMUTEQ's, as without draws */
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 2);
    assert_int_equal(d->pairs[0].c2, 5);
    assert_int_equal(d->pair_order, CN_PAIR_ORDER_IRAMUTEQ);
    const cn_dhc_signs *s = d->signs;
    assert_non_null(s);
    assert_int_equal(s->draws, 64);
    assert_int_equal(s->noutcomes, 2);
    assert_true(s->shown == 0 || s->shown == 1);
    assert_int_equal(s->outcomes[0].draws + s->outcomes[1].draws, 64);
    assert_true(s->outcomes[0].draws >= s->outcomes[1].draws); /* most frequent first */
    assert_true(s->shown_draws > 0 && s->shown_draws < 64);
    assert_int_equal(s->shown_draws, s->outcomes[s->shown].draws);
    const cn_dhc_outcome *shown = &s->outcomes[s->shown], *other = &s->outcomes[1 - s->shown];
    assert_int_equal(shown->nclasses, 2);
    assert_int_equal(shown->class_size[0], 16); /* largest first */
    assert_int_equal(shown->class_size[1], 11);
    assert_int_equal(shown->classified, 27);
    assert_int_equal(other->nclasses, 2);
    assert_int_equal(other->class_size[0], 16);
    assert_int_equal(other->class_size[1], 13);
    assert_int_equal(other->classified, 29);
    /* class 1 (16-26) has no match in the other outcome (27-39: Jaccard 0); class 2
     * (0-15) is in both */
    assert_float_equal(s->class_back[0], s->shown_draws / 64.0, 1e-12);
    assert_float_equal(s->class_back[1], 1.0, 1e-12);
    cn_dhc_free(d);

    /* seeded: the same draws again, on two threads or one */
    cn_dhc *again;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 2, &again, &err), 0);
    cn_dhc *one;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &one, &err), 0);
    assert_int_equal(again->signs->shown_draws, one->signs->shown_draws);
    assert_int_equal(again->signs->noutcomes, 2);
    cn_dhc_free(again);
    cn_dhc_free(one);

    /* one draw is enough to see one outcome; none gives no signs at all */
    dp.sign_draws = 1;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    assert_int_equal(d->signs->noutcomes, 1);
    assert_int_equal(d->signs->outcomes[0].draws, 1);
    cn_dhc_free(d);
    dp.sign_draws = 0;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    assert_null(d->signs);
    cn_dhc_free(d);
    dp.sign_draws = -1;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err),
                     CN_EINVALID);
    dp.sign_draws = CN_DHC_SIGN_DRAWS_MAX + 1;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err),
                     CN_EINVALID);
    hand_case_free(&h);
}

/* With the pairs walked by chi2 the hand case has one outcome whatever the numbering.
 * Candidates (mincl 11) by chi2: (2,2) 40 and (3,3) 40 tie, broken by the segments in
 * both (24 > 16); then (4,4) 35.767, (4,2), (2,4), (2,5). (2,2) taken blocks every node
 * but 3 in both trees; (3,3) taken. Two classes, every segment classified. */
static void hand_case_chi2_order(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    p.mincl = 11;
    cn_dhc_double_params dp = cn_dhc_double_defaults();
    dp.pair_order = CN_PAIR_ORDER_CHI2;
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    assert_int_equal(d->pair_order, CN_PAIR_ORDER_CHI2);
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 2);
    assert_int_equal(d->pairs[0].c2, 2);
    assert_int_equal(d->pairs[0].size, 24);
    assert_int_equal(d->pairs[1].c1, 3);
    assert_int_equal(d->pairs[1].c2, 3);
    uint32_t expected[40];
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 16 ? 2 : 1;
    check_classes(d, expected);
    const cn_dhc_signs *s = d->signs;
    assert_int_equal(s->noutcomes, 1);
    assert_int_equal(s->shown, 0);
    assert_int_equal(s->shown_draws, 64);
    assert_float_equal(s->class_back[0], 1.0, 1e-12);
    assert_float_equal(s->class_back[1], 1.0, 1e-12);
    cn_dhc_free(d);
    hand_case_free(&h);
}

/* Two classifications of n segments are the same partition: the same segments
 * unclassified and the same classes, whatever their numbers. */
static bool same_partition(const cn_dhc *a, const cn_dhc *b, uint32_t n)
{
    if (a->nclasses != b->nclasses)
        return false;
    uint32_t map[64] = {0}; /* a's class -> b's class */
    assert_true(a->nclasses < 64);
    for (uint32_t s = 0; s < n; s++) {
        uint32_t x = a->class_of[s], y = b->class_of[s];
        if ((x == 0) != (y == 0))
            return false;
        if (x && !map[x])
            map[x] = y;
        if (x && map[x] != y)
            return false;
    }
    return true; /* as many classes, each mapped to one: the map is a bijection */
}

/* The split order on the hand case. With mincl 11 (which depends on the signs under
 * IRAMUTEQ's order): candidates of tree 2's split 2 first, by chi2: (4,4) 35.767, (2,4),
 * (2,5); then split 1's: (2,2) 40 and (3,3) 40 (tie: 24 segments before 16), (4,2).
 * (4,4) taken blocks 4 and 2 in both trees; (3,3) taken: classes 27-39 and 0-15, one of
 * IRAMUTEQ's two outcomes, in every draw. With mincl 7 (which does not depend on them):
 * (4,4) (5,5) (2,4) (2,5) | (2,2) (3,3) (4,2) (5,2); (4,4), (5,5), (3,3) taken:
 * IRAMUTEQ's three classes exactly, numbered in the split order's walk. */
static void hand_case_split_order(void **state)
{
    (void)state;
    hand_case h;
    hand_case_init(&h);
    cn_dhc_params p = cn_dhc_defaults();
    p.nbcl_p1 = 3;
    p.mincl = 11;
    cn_dhc_double_params dp = cn_dhc_double_defaults();
    dp.pair_order = CN_PAIR_ORDER_SPLIT;
    dp.sign_draws = 200;
    cn_error err = {0};
    cn_dhc *d;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    assert_int_equal(d->pair_order, CN_PAIR_ORDER_SPLIT);
    assert_int_equal(d->nclasses, 2);
    assert_int_equal(d->pairs[0].c1, 4);
    assert_int_equal(d->pairs[0].c2, 4);
    assert_int_equal(d->pairs[1].c1, 3);
    assert_int_equal(d->pairs[1].c2, 3);
    uint32_t expected[40];
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 16 ? 2 : s < 27 ? 0 : 1;
    check_classes(d, expected);
    assert_int_equal(d->signs->noutcomes, 1);
    assert_int_equal(d->signs->shown, 0);
    assert_int_equal(d->signs->shown_draws, 200);
    cn_dhc_free(d);

    p.mincl = 7;
    cn_dhc *iramuteq;
    dp.pair_order = CN_PAIR_ORDER_IRAMUTEQ;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &iramuteq, &err), 0);
    assert_int_equal(iramuteq->signs->noutcomes, 1); /* IRAMUTEQ's does not depend on them */
    dp.pair_order = CN_PAIR_ORDER_SPLIT;
    assert_int_equal(cn_dhc_double(h.m1, h.uc1, h.m2, h.uc2, 40, &p, &dp, 1, &d, &err), 0);
    assert_int_equal(d->nclasses, 3);
    assert_true(same_partition(d, iramuteq, 40));
    for (uint32_t s = 0; s < 40; s++)
        expected[s] = s < 16 ? 3 : s < 26 ? 2 : s == 26 ? 0 : 1;
    check_classes(d, expected);
    assert_int_equal(d->signs->noutcomes, 1);
    cn_dhc_free(d);
    cn_dhc_free(iramuteq);
    hand_case_free(&h);
}

/* On F.3's matrices, for several minimum sizes and numbers of classes: the chi2 and split
 * orders give one outcome in every draw (it is the classes shown), the split order
 * IRAMUTEQ's classes wherever they do not depend on the signs, and the draws count the
 * same on one thread and on two. */
static void chi2_order_never_depends_on_signs(void **state)
{
    (void)state;
    cn_sparse *m1, *m2;
    f3_tables(&m1, &m2);
    uint32_t uc1[300], uc2[300];
    for (uint32_t s = 0; s < 300; s++) {
        uc1[s] = s;
        uc2[s] = s / 2;
    }
    cn_error err = {0};
    int sensitive = 0, kept = 0;
    for (int classes = 4; classes <= 10; classes += 2)
        for (int mincl = 0; mincl <= 20; mincl += 10) {
            cn_dhc_params p = cn_dhc_defaults();
            p.nbcl_p1 = classes;
            p.mincl = mincl;
            cn_dhc_double_params dp = cn_dhc_double_defaults();
            cn_dhc *iramuteq, *two, *chi2;
            assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, &dp, 1, &iramuteq, &err), 0);
            assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, &dp, 2, &two, &err), 0);
            assert_int_equal(iramuteq->signs->noutcomes, two->signs->noutcomes);
            for (int i = 0; i < iramuteq->signs->noutcomes; i++)
                assert_int_equal(iramuteq->signs->outcomes[i].draws, two->signs->outcomes[i].draws);
            sensitive += iramuteq->signs->noutcomes > 1;
            dp.pair_order = CN_PAIR_ORDER_CHI2;
            assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, &dp, 1, &chi2, &err), 0);
            assert_true(chi2->nclasses >= 1);
            assert_int_equal(chi2->signs->noutcomes, 1);
            assert_int_equal(chi2->signs->shown_draws, 64);
            for (int k = 0; k < chi2->nclasses; k++)
                assert_float_equal(chi2->signs->class_back[k], 1.0, 1e-12);
            /* the split order: one outcome too, and where IRAMUTEQ's has one, its classes */
            cn_dhc *split;
            dp.pair_order = CN_PAIR_ORDER_SPLIT;
            assert_int_equal(cn_dhc_double(m1, uc1, m2, uc2, 300, &p, &dp, 1, &split, &err), 0);
            assert_int_equal(split->signs->noutcomes, 1);
            assert_int_equal(split->signs->shown_draws, 64);
            for (int k = 0; k < split->nclasses; k++)
                assert_float_equal(split->signs->class_back[k], 1.0, 1e-12);
            if (iramuteq->signs->noutcomes == 1) {
                kept++;
                if (!same_partition(split, iramuteq, 300))
                    fail_msg("classes %d, mincl %d: split order lost IRAMUTEQ's classes", classes,
                             mincl);
            }
            cn_dhc_free(iramuteq);
            cn_dhc_free(two);
            cn_dhc_free(chi2);
            cn_dhc_free(split);
        }
    print_message("F.3: %d of 12 settings depend on the signs with IRAMUTEQ's order; the split "
                  "order keeps IRAMUTEQ's classes in the %d others\n",
                  sensitive, kept);
    cn_sparse_free(m1);
    cn_sparse_free(m2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_case_trees),
        cmocka_unit_test(hand_case_pairs),
        cmocka_unit_test(hand_case_minimum_size),
        cmocka_unit_test(hand_case_association_threshold),
        cmocka_unit_test(crossing_follows_both_trees),
        cmocka_unit_test(same_result_on_one_and_two_threads),
        cmocka_unit_test(hand_case_sign_draws),
        cmocka_unit_test(hand_case_chi2_order),
        cmocka_unit_test(hand_case_split_order),
        cmocka_unit_test(chi2_order_never_depends_on_signs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
