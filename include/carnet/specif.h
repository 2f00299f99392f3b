/* specif.h — Lafon's specificities: how much more (or less) often a form occurs in one
 * part of the corpus than chance would give, on the hypergeometric law (reinert-spec.md
 * E.8). Pure functions. */
#ifndef CARNET_SPECIF_H
#define CARNET_SPECIF_H

#include <stdint.h>

/* Specificity of a form occurring f times in a part of t occurrences, F times in a corpus
 * of T: -log10 P(X >= f) when f is at or above its expected count F t / T (positive:
 * over-represented), log10 P(X <= f) below it (negative); X hypergeometric. A probability
 * too small for a double gives +-INFINITY. */
double cn_specificity(uint64_t f, uint64_t F, uint64_t t, uint64_t T);

#endif
