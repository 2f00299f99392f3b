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
    int threads;      /* threads for each CA's sparse products (1: the caller's); the result
                         is the same bits whatever the number */
    /* Called after each split with the share of splits done; may be NULL. Must be safe to
     * call from two threads at once (a double classification runs two trees). */
    void (*progress)(void *ctx, const char *stage, double done);
    void *progress_ctx;
} cn_dhc_params;

/* Defaults: nbcl_p1 10, mincl 0 (auto), min_split 10, reassignment on, 1 thread. */
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

/* A phase-1 leaf that no final class took: it is below the minimum class size and could
 * not climb to its parent, so IRAMUTEQ leaves its units unclassified. The tree does not
 * depend on mincl: --min-class size makes the same leaf a class of its own. */
typedef struct cn_dhc_leaf {
    int node;
    uint32_t size;
} cn_dhc_leaf;

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
    /* leaves whose best cut left a side empty: units their active forms cannot tell apart
     * (identical texts), left unsplit; a double classification's when neither tree split */
    int uncut;
    /* Simple classification only: the leaves left out (the root aside), largest first. */
    int ndiscarded;
    cn_dhc_leaf *discarded;
    /* Double classification only: the crossed pairs that made the classes. */
    int npairs;
    struct cn_dhc_pair *pairs;
    int pair_order; /* the cn_pair_order the pairs were walked in */
    /* leaf[t][s]: the phase-1 leaf of tree t (0, 1) that segment s lies in, 0 for none, so
     * that the leaves the crossing left unclassified can be shown. */
    int32_t *leaf[2];
    struct cn_dhc_signs *signs; /* the sign draws (NULL when none were asked for) */
} cn_dhc;

/* A class of a double classification: node c1 of the first tree crossed with node c2 of
 * the second, the segments in both, and the association chi2. */
typedef struct cn_dhc_pair {
    int c1, c2;
    uint32_t size;
    double chi2;
} cn_dhc_pair;

int cn_dhc_run(const cn_sparse *m, const cn_dhc_params *params, cn_dhc **out, cn_error *err);

/* The order in which a double classification walks its candidate pairs. The sign of each
 * split's CA axis is arbitrary and only decides which child is numbered 2i and which
 * 2i + 1; IRAMUTEQ's order goes by those numbers, so its classes depend on the signs. */
typedef enum cn_pair_order {
    CN_PAIR_ORDER_IRAMUTEQ = 0, /* second-tree node number, decreasing; then chi2 */
    CN_PAIR_ORDER_CHI2 = 1,     /* Carnet's: chi2, decreasing; ties by the segments in both,
                                   then by node sizes, then by each node's first segment:
                                   no renumbering changes it */
    CN_PAIR_ORDER_SPLIT = 2,    /* Carnet's: the split that made the second-tree node (c2 / 2),
                                   latest first, then as CN_PAIR_ORDER_CHI2; a sibling swap
                                   never changes c2 / 2, so no renumbering changes it either */
} cn_pair_order;

/* A pair order's name as --pair-order, classes.json and the manifest spell it ("iramuteq",
 * "chi2", "split"; NULL for no order), and back (-1 for no order's name). */
const char *cn_pair_order_name(int order);
int cn_pair_order_parse(const char *name);

/* What the double classification does besides IRAMUTEQ's crossing. */
typedef struct cn_dhc_double_params {
    int pair_order; /* a cn_pair_order */
    int sign_draws; /* random sibling orderings to redo the crossing under; 0 = none */
    uint64_t seed;  /* of those orderings */
} cn_dhc_double_params;

/* Defaults: IRAMUTEQ's order, 64 draws, seed CN_DHC_SIGN_SEED. */
#define CN_DHC_SIGN_SEED 20261125u
#define CN_DHC_SIGN_DRAWS 64
#define CN_DHC_SIGN_DRAWS_MAX 10000
cn_dhc_double_params cn_dhc_double_defaults(void);

/* A class of a double classification redone under other sibling orderings "comes back"
 * when one class of that outcome has a Jaccard index >= this with it. */
#define CN_DHC_SIGN_JACCARD 0.8

/* One classification of the segments met among the draws (a partition: classes are sets
 * of segments, whatever their numbers). */
typedef struct cn_dhc_outcome {
    int draws; /* draws that gave it */
    int nclasses;
    uint32_t classified;  /* segments in a class */
    uint32_t *class_size; /* nclasses sizes, largest first */
} cn_dhc_outcome;

/* The sign draws of a double classification: the crossing and the pair walk redone under
 * `draws` random sibling orderings of both trees (each split's children swapped or not). */
typedef struct cn_dhc_signs {
    int draws;
    uint64_t seed;
    int noutcomes;
    cn_dhc_outcome *outcomes; /* most frequent first; equal counts in the order met */
    int shown;                /* the outcome that is the classes shown, or -1 if none is */
    int shown_draws;          /* draws that gave the classes shown */
    double *class_back;       /* class_back[k - 1]: share of draws in which class k comes back */
} cn_dhc_signs;

/* IRAMUTEQ's double classification (reinert-spec.md D.1): one CHD on each of two UC
 * matrices (m1, m2: rows = UCs), segments inheriting their UC's labels (uc1[s], uc2[s];
 * CN_NO_UC when a segment has no UC), every node of one tree crossed with every node of the
 * other, pairs with chi2 > 3.84 taken greedily (deepest second-tree nodes first; or by
 * chi2 with CN_PAIR_ORDER_CHI2; or by second-tree split, then chi2, with
 * CN_PAIR_ORDER_SPLIT), a segment classified when it lies in both nodes of a pair. Then, with
 * dp->sign_draws > 0, the sign draws (d->signs). dp NULL = IRAMUTEQ's order, no draws. The two
 * classifications run in parallel when threads > 1; the result is the same, draws included. Rows of
 * the result = segments. */
#define CN_NO_UC UINT32_MAX
int cn_dhc_double(const cn_sparse *m1, const uint32_t *uc1, const cn_sparse *m2,
                  const uint32_t *uc2, uint32_t nsegs, const cn_dhc_params *params,
                  const cn_dhc_double_params *dp, int threads, cn_dhc **out, cn_error *err);
/* The classes a simple classification d would have with minimum class size mincl (its
 * tree does not depend on it): out->nclasses, out->class_size in class order (the
 * caller's: free it), out->classified. Only the terminal-class selection is run. */
int cn_dhc_classes_with(const cn_dhc *d, int mincl, cn_dhc_outcome *out, cn_error *err);
void cn_dhc_free(cn_dhc *d);
/* Frees what d->signs holds (cn_dhc_free calls it). */
void cn_dhc_signs_free(cn_dhc_signs *s);

/* The leaf label of row after split s (0-based), or its final leaf when s = nsplits - 1. */
int32_t cn_dhc_label(const cn_dhc *d, int split, uint32_t row);

/* IRAMUTEQ's automatic minimum class size: round(nrows / nbcl_p1) with R's rounding, half
 * to even (7525 / 10 gives 752, 7535 / 10 gives 754). nbcl_p1 must be positive. */
int cn_dhc_auto_mincl(uint32_t nrows, int nbcl_p1);

/* Pearson chi2 (no continuity correction) of the 2 x p table of column sums of two groups:
 * chi2 = N (sum t1_j^2 / (R1 s_j) + sum t2_j^2 / (R2 s_j) - 1). Exposed for tests. */
double cn_dhc_chi2(const double *t1, const double *t2, uint32_t p);

#endif
