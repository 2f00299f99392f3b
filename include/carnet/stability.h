/* stability.h — how often each class of a classification comes back when the same
 * classification (simple or double, same parameters) is run again on seeded subsamples of
 * 90 % of its units: per class, the best-match Jaccard index over the draws (mean, minimum)
 * and the draws that found it (Jaccard >= 0.5). The draws run on threads; each has its own
 * generator seeded from (seed, draw), so the result does not depend on the thread count.
 * A cn_stability is the caller's (cn_stability_free); functions return 0 or a negative
 * cn_code with a message. */
#ifndef CARNET_STABILITY_H
#define CARNET_STABILITY_H

#include <stdint.h>

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/sparse.h"

/* Draws allowed by --stability, and the share of the units each one keeps. */
#define CN_STABILITY_MAX_DRAWS 1000
#define CN_STABILITY_SHARE 0.9
/* A class is "found" by a draw when its best-match Jaccard reaches this. */
#define CN_STABILITY_FOUND 0.5

/* How a class's mean Jaccard reads, by Hennig's guidelines for clusterwise stability (fpc's
 * clusterboot: 0.5 or less dissolved, under 0.6 not to be trusted, 0.6 to 0.75 a pattern
 * whose members are doubtful, 0.75 stable, 0.85 highly stable). They were set for the
 * bootstrap; subsamples of 90 % keep more of the corpus, so indices run higher and these
 * bars are the least a class should reach. Stable is not valid: a theme cut in two the
 * same way each time is stable. A static string. */
#define CN_STABILITY_STABLE 0.75
const char *cn_stability_reading(double mean);

typedef struct cn_stability_params {
    int draws;      /* 1 .. CN_STABILITY_MAX_DRAWS */
    uint64_t seed;  /* draw d's generator starts from (seed, d) */
    int threads;    /* draws run at once (at least 1) */
    int pair_order; /* a double's cn_pair_order; its draws redo no sign draws of their own */
    /* Called after each draw with the share done ("stability" stage); may be NULL; called
     * from several threads at once when threads > 1. */
    void (*progress)(void *ctx, const char *stage, double done);
    void *progress_ctx;
} cn_stability_params;

typedef struct cn_stability_class {
    double mean, min; /* best-match Jaccard over the draws */
    int found;        /* draws where it reached CN_STABILITY_FOUND */
} cn_stability_class;

typedef struct cn_stability {
    int draws;
    uint64_t seed;
    uint32_t units; /* units of the classification assessed */
    uint32_t drawn; /* units in each subsample: round(0.9 units) */
    /* the minimum class size of the draws: a --min-class given scaled to the subsample
     * (round(min_class x drawn / units)), as the automatic one is; 0 when automatic */
    int mincl_drawn;
    int nclasses;                /* its final classes */
    cn_stability_class *classes; /* classes[k - 1] */
    double *jaccard;             /* draws x nclasses: jaccard[d * nclasses + k - 1] */
} cn_stability;

/* The stability of d, a simple classification of the rows of m with params dp. A draw that
 * fails fails the whole (its message says which draw). */
int cn_stability_simple(const cn_sparse *m, const cn_dhc_params *dp, const cn_dhc *d,
                        const cn_stability_params *sp, cn_stability **out, cn_error *err);

/* The stability of d, a double classification of the rows (segments) of seg: seg_uc1 and
 * seg_uc2 give each segment's UC of the two UC tables (cn_prepare_ucs). A draw keeps the
 * UCs of the whole corpus, less the segments it left out: a UC's row is the union of its
 * drawn segments' rows of seg, and a UC with no drawn segment is not in the draw. */
int cn_stability_double(const cn_sparse *seg, const uint32_t *seg_uc1, const uint32_t *seg_uc2,
                        const cn_dhc_params *dp, const cn_dhc *d, const cn_stability_params *sp,
                        cn_stability **out, cn_error *err);

void cn_stability_free(cn_stability *s);

/* Adds the stability to a classes.json being built: root's "stability" object (whether it
 * was assessed, the draws, seed and units per draw) and each class object's "stability"
 * (classes: the "classes" array, in class order). s NULL: "assessed": false. */
struct cJSON;
void cn_stability_json(const cn_stability *s, struct cJSON *root, struct cJSON *classes);

/* Exposed for tests: the draw's units, n of units 0 .. units-1 in increasing order. */
int cn_stability_sample(uint64_t seed, int draw, uint32_t units, uint32_t n, uint32_t *out,
                        cn_error *err);

/* Exposed for tests: best-match Jaccard of each class of full (classes 1 .. nclasses; 0 =
 * unclassified) with the classes of sub (1 .. nsub), over the n units rows[i] (full's
 * indices) classified sub[i] by the draw, into jac[0 .. nclasses). */
int cn_stability_match(const uint32_t *full, int nclasses, const uint32_t *rows,
                       const uint32_t *sub, int nsub, uint32_t n, double *jac, cn_error *err);

#endif
