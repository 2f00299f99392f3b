/* dhc_cut.h — the cut of one node in two (dhc_cut.c), as the descending classification
 * (dhc.c) calls it. Not public. */
#ifndef CARNET_DHC_CUT_H
#define CARNET_DHC_CUT_H

#include <stdint.h>

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/sparse.h"

#define CN_DHC_REASSIGN_MIN 5 /* IRAMUTEQ skips reassignment when a group has fewer rows */

typedef struct cn_dhc_sums {
    uint32_t *t1, *t2, *s; /* column counts in group 1, group 2, both */
    double a, b;           /* sum t1^2/s, sum t2^2/s */
    double r1, r2;         /* row-sum totals of each group */
    double total;
} cn_dhc_sums;

/* Chi2 of the bipartition z holds (0 when a group is empty). */
double cn_dhc_sums_chi2(const cn_dhc_sums *z);
/* z's counts and totals for m's rows in groups 1 and 2 (z->s and z->total are given). */
void cn_dhc_sums_recompute(cn_dhc_sums *z, const cn_sparse *m, const uint8_t *group);
/* Best cut along the axis coord into group (1 or 2 per row); rec's chi2_cut and cut_size. */
int cn_dhc_cut_scan(const cn_sparse *m, const double *coord, cn_dhc_sums *z, uint8_t *group,
                    cn_dhc_split *rec, cn_error *err);
/* IRAMUTEQ's reassignment of the rows between the groups; rec's passes and moved. */
int cn_dhc_cut_reassign(const cn_sparse *m, cn_dhc_sums *z, uint8_t *group, cn_dhc_split *rec,
                        cn_error *err);
/* Chi2 of one column's 2 x 2 table, with IRAMUTEQ's forced values and Yates correction. */
double cn_dhc_cut_column_chi2(uint32_t a, uint32_t b, uint32_t n1, uint32_t n2, double threshold);

#endif
