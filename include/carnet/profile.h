/* profile.h — what characterises each class: the chi2 of every lemma and every star
 * modality in every class (IRAMUTEQ's profiles and anti-profiles, counted in units:
 * segments, or texts), and the class's typical segments.
 * A cn_profiles is owned by the caller (cn_profiles_free); 0 or -1 with a message. */
#ifndef CARNET_PROFILE_H
#define CARNET_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/intern.h"
#include "carnet/pipeline.h"

enum { CN_ROW_ACTIVE, CN_ROW_SUPPLEMENTARY, CN_ROW_MODALITY };

typedef struct cn_profile_row {
    uint8_t kind;   /* CN_ROW_* */
    uint32_t id;    /* lemma id, or modality id in cn_profiles.modalities */
    uint32_t cls;   /* 1-based class */
    uint32_t a;     /* units of the class holding the row */
    uint32_t total; /* classified units holding the row */
    double chi2;    /* signed: negative when under-represented */
    double p;       /* upper tail of chi2(1) at |chi2| */
} cn_profile_row;

typedef struct cn_typical {
    uint32_t cls;
    uint32_t rank;
    double score;
    uint32_t segment; /* index into prepared->segs */
} cn_typical;

typedef struct cn_profiles {
    uint32_t nclasses;
    uint32_t *class_units; /* units in each class (index k - 1) */
    uint32_t classified;
    cn_intern *modalities; /* star tokens, "*sex_f" */
    cn_profile_row *rows;  /* |chi2| > 2, lemmas and modalities, by class then chi2 desc */
    size_t nrows;
    cn_profile_row *modality_rows; /* every modality x class */
    size_t nmodality_rows;
    cn_typical *typical; /* by class, then rank */
    size_t ntypical;
    /* What a lemma adds to a segment's typical score in class k: its chi2 when it is one of
     * the class's positive active profile forms, else 0 (weight[l * nclasses + k - 1]).
     * The forms a typical segment shows marked are exactly those. */
    double *weight;
    /* The tables the chi2 came from, for the CA: units of each class holding lemma l
     * (count[l * nclasses + k - 1]) and modality m (mcount[...]). */
    uint32_t *count, *mcount;
} cn_profiles;

#define CN_PROFILE_THRESHOLD 2.0 /* IRAMUTEQ lists rows whose |chi2| exceeds 2 */
#define CN_TYPICAL_MAX 50        /* typical segments kept per class */
#define CN_PROFILE_MIN_TOTAL 3   /* lemma and modality rows need this many classified units */
/* A class of fewer units than this is said to be no theme (stderr and the report): on a
 * small corpus the automatic --min-class (a tenth of the units) lets one segment be a class
 * (trial 100: 12 segments, a class of 1 shown as a theme with p = 0.0005, where Fisher's
 * exact test gives 0.08). The sentence says why, in both places. */
#define CN_PROFILE_SMALL_CLASS 5
/* Whether a class of units, one of nclasses, is said to be no theme. */
static inline bool cn_profile_too_small(uint32_t nclasses, uint32_t units)
{
    return nclasses > 1 && units < CN_PROFILE_SMALL_CLASS;
}
#define CN_PROFILE_SMALL_CLASS_WHY                                                                 \
    "the words of so few make no theme that several share, and the p-values of its profile"        \
    " do not hold: the chi2 test needs an expected count of 5 in each cell of a form's table,"     \
    " which a class this small cannot give"

/* unit_class[u] is the class (0 = unclassified) of unit u of prepared->matrix. */
int cn_profiles_compute(const cn_prepared *p, bool unit_texts, const uint32_t *unit_class,
                        uint32_t nclasses, cn_profiles **out, cn_error *err);

/* The texts' modalities (stars and thematic labels) read once for several profiles of one
 * prepared corpus, which must outlive it: reading them is most of a profile's time, and the
 * themes compute one profile per left-out leaf. The caller's (cn_profile_mods_free). */
typedef struct cn_profile_mods cn_profile_mods;
int cn_profile_mods_new(const cn_prepared *p, cn_profile_mods **out, cn_error *err);
void cn_profile_mods_free(cn_profile_mods *m);

/* cn_profiles_compute with the modalities of p read beforehand: the same result. */
int cn_profiles_compute_with(const cn_prepared *p, const cn_profile_mods *mods, bool unit_texts,
                             const uint32_t *unit_class, uint32_t nclasses, cn_profiles **out,
                             cn_error *err);
void cn_profiles_free(cn_profiles *profiles);

/* Each lemma's and each modality's count over all the units of p, which must outlive it:
 * what the profile of one set of units against all the others needs besides the set. The
 * caller's (cn_profile_totals_free). */
typedef struct cn_profile_totals cn_profile_totals;
int cn_profile_totals_new(const cn_prepared *p, const cn_profile_mods *mods, bool unit_texts,
                          cn_profile_totals **out, cn_error *err);
void cn_profile_totals_free(cn_profile_totals *t);

/* The profile of the units labelled 1 in unit_class against all the others, every unit
 * being labelled 1 or 2 (CN_EINVALID otherwise): class 1's rows above +CN_PROFILE_THRESHOLD
 * and its typical segments, exactly as cn_profiles_compute_with gives them for that
 * labelling, but in the time of reading class 1's units: class 2's counts are the totals
 * less class 1's. What a theme (themes.h) shows of a left-out leaf. The cn_profiles holds
 * class 1's alone: no row under the threshold, no row or typical segment of class 2 (whose
 * weights are 0), and modality_rows, count and mcount are NULL. */
int cn_profile_set(const cn_prepared *p, const cn_profile_mods *mods, const cn_profile_totals *t,
                   const uint32_t *unit_class, cn_profiles **out, cn_error *err);

/* Pearson chi2 of [[a, b], [c, d]] without continuity correction, signed + when a is above
 * its expected count; 0 when a margin is empty. */
double cn_chi2_signed(double a, double b, double c, double d);

#endif
