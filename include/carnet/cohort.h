/* cohort.h — the cohort a participant belongs to (years in care, age band, sex, site) and
 * the diary month of an entry, as the modalities written into the corpus and the columns
 * of the protocol statistics. Pure functions on caller-owned values. */
#ifndef CARNET_COHORT_H
#define CARNET_COHORT_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"
#include "carnet/participant.h"

typedef enum cn_cohort_by {
    CN_BY_CARE,
    CN_BY_AGE,
    CN_BY_SEX,
    CN_BY_SITE,
} cn_cohort_by;

/* "care", "age", "sex", "site" -> *out; -1 with a message otherwise. */
int cn_cohort_by_parse(const char *text, cn_cohort_by *out, cn_error *err);
const char *cn_cohort_by_name(cn_cohort_by by);

/* Years in care at consent, by anniversaries of the care start (exactly 1.0 on the first,
 * whatever the leap days), and between two the share of that year's days elapsed. */
double cn_cohort_years_in_care(const cn_participant *p);
/* Age at consent: consent year - birth year. */
int cn_cohort_age(const cn_participant *p);

/* "lt1" (< 1 year), "1to3" (1 to 3 inclusive), "gt3" (> 3). */
const char *cn_cohort_care_band(double years);
/* "lt18", "18_24", "25_34", "35_44", "45_54", "55p". */
const char *cn_cohort_age_band(int age);

/* The participant's modality value for `by` ("lt1", "25_34", "f", "paris"): written into
 * out (size bytes). Site names pass through cn_corpus_modality. */
void cn_cohort_modality(const cn_participant *p, cn_cohort_by by, char *out, size_t size);

/* Whether site is the site wanted as the cohorts read sites: the same *site_ modality
 * ("Besançon", "BESANÇON" and "besancon" are one cohort), or, for names with no Latin
 * letter to keep (whose modality is "na" for all), the same name in any case. */
bool cn_cohort_same_site(const char *site, const char *wanted);

/* Order of a modality among those of `by`, for tables that read left to right
 * (care and age bands in increasing order; sex and site alphabetical, rank 0). */
int cn_cohort_rank(cn_cohort_by by, const char *modality);

#endif
