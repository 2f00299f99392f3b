/* specif.c — Lafon specificities with GSL's hypergeometric distribution (see specif.h). */
#include "carnet/specif.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double cn_specificity(uint64_t f, uint64_t F, uint64_t t, uint64_t T)
{
    double expected = (double)F * (double)t / (double)T;
    unsigned n1 = (unsigned)F, n2 = (unsigned)(T - F), draws = (unsigned)t;
    if ((double)f >= expected) {
        /* P(X >= f) = P(X > f - 1) */
        double p = f == 0 ? 1.0 : gsl_cdf_hypergeometric_Q((unsigned)f - 1, n1, n2, draws);
        return p > 0 ? -log10(p) : INFINITY;
    }
    double p = gsl_cdf_hypergeometric_P((unsigned)f, n1, n2, draws);
    return p > 0 ? log10(p) : -INFINITY;
}
