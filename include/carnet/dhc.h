/* dhc.h — Reinert's descending hierarchical classification (CHD) of a binary units x forms
 * table, as IRAMUTEQ computes it: CA first axis, best chi2 cut, sequential reassignment,
 * per-branch feature elimination, largest leaf split next, then terminal classes.
 * A cn_dhc result is owned by the caller (cn_dhc_free); returns 0 or -1 with a message. */
#ifndef CARNET_DHC_H
#define CARNET_DHC_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/sparse.h"

typedef struct cn_dhc_params {
    int nbcl_p1;      /* terminal classes of phase 1: nbcl_p1 - 1 splits (IRAMUTEQ: 10) */
    int mincl;        /* minimum units of a final class; 0 = cn_dhc_auto_mincl(rows, nbcl_p1) */
    int min_split;    /* a leaf smaller than this is never split (guard; default 10) */
    bool no_reassign; /* IRAMUTEQ's mode.patate: skip the reassignment passes */
    /* Called after each split with the share of splits done; may be NULL. Must be safe to
     * call from two threads at once (a double classification runs two trees). */
    void (*progress)(void *ctx, const char *stage, double done);
    void *progress_ctx;
} cn_dhc_params;

/* Defaults: nbcl_p1 10, mincl 0 (auto), min_split 10, reassignment on. */
cn_dhc_params cn_dhc_defaults(void);

typedef struct cn_dhc_split {
    int node;   /* the node split (1 = root) */
    int child1; /* 2i: the side with the lower CA coordinates */
    int child2; /* 2i + 1 */
    uint32_t size1, size2;
    double chi2_cut;   /* chi2 of the best cut along the axis, before reassignment */
    uint32_t cut_size; /* rows on the low side of that cut */
    double chi2;       /* chi2 of the final bipartition */
    int passes;        /* reassignment passes run */
    uint32_t moved;    /* rows moved by the reassignment, all passes */
    double threshold;  /* feature-elimination threshold 1.9 max/min + 1.9 */
    uint32_t removed;  /* rows left with no column in the node's table: class 0 from here */
} cn_dhc_split;

typedef struct cn_dhc {
    uint32_t nrows;
    int nsplits;
    cn_dhc_split *splits;
    int32_t *labels; /* nrows x nsplits, split-major: the leaf of each row after split s
                        (labels[s * nrows + row]); 0 = unclassified */
    int max_node;    /* node ids run 1 .. max_node */
    int *parent;     /* parent[node] (0 for the root) */
    int mincl;       /* the value used */
    int nclasses;
    int *terminal;        /* terminal[k - 1] = node id of final class k */
    uint32_t *class_of;   /* final class of each row, 0 = unclassified */
    uint32_t *class_size; /* class_size[k - 1] */
    /* Double classification only: the crossed pairs that made the classes. */
    int npairs;
    struct cn_dhc_pair *pairs;
} cn_dhc;

/* A class of a double classification: node c1 of the first tree crossed with node c2 of
 * the second, the segments in both, and the association chi2. */
typedef struct cn_dhc_pair {
    int c1, c2;
    uint32_t size;
    double chi2;
} cn_dhc_pair;

int cn_dhc_run(const cn_sparse *m, const cn_dhc_params *params, cn_dhc **out, cn_error *err);

/* IRAMUTEQ's double classification (reinert-spec.md D.1): one CHD on each of two UC
 * matrices (m1, m2: rows = UCs), segments inheriting their UC's labels (uc1[s], uc2[s];
 * CN_NO_UC when a segment has no UC), every node of one tree crossed with every node of the
 * other, pairs with chi2 > 3.84 taken greedily (deepest second-tree nodes first), a
 * segment classified when it lies in both nodes of a pair. The two classifications run
 * in parallel when threads > 1; the result is the same. Rows of the result = segments. */
#define CN_NO_UC UINT32_MAX
int cn_dhc_double(const cn_sparse *m1, const uint32_t *uc1, const cn_sparse *m2,
                  const uint32_t *uc2, uint32_t nsegs, const cn_dhc_params *params, int threads,
                  cn_dhc **out, cn_error *err);
void cn_dhc_free(cn_dhc *d);

/* The leaf label of row after split s (0-based), or its final leaf when s = nsplits - 1. */
int32_t cn_dhc_label(const cn_dhc *d, int split, uint32_t row);

/* IRAMUTEQ's automatic minimum class size: round(nrows / nbcl_p1) with R's rounding, half
 * to even (7525 / 10 gives 752, 7535 / 10 gives 754). nbcl_p1 must be positive. */
int cn_dhc_auto_mincl(uint32_t nrows, int nbcl_p1);

/* Pearson chi2 (no continuity correction) of the 2 x p table of column sums of two groups:
 * chi2 = N (sum t1_j^2 / (R1 s_j) + sum t2_j^2 / (R2 s_j) - 1). Exposed for tests. */
double cn_dhc_chi2(const double *t1, const double *t2, uint32_t p);

#endif
